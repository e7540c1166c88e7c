package dev.unblock.behaviour;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code inspect_sources.py} saw in a program: its functions and the blocking calls left in it. */
record SourceInspection(List<Function> functions, List<BlockingCall> blockingCalls, List<ClassDef> classes) {

    /** A class and the last names of its bases. */
    record ClassDef(String file, String qualname, List<String> bases) {
        String simpleName() {
            return qualname.substring(qualname.lastIndexOf('.') + 1);
        }
    }

    /** A def or async def; {@code qualname} is {@code Class.method} or {@code outer.inner}. */
    record Function(String file, String qualname, boolean isAsync, int firstLine, int lastLine, boolean awaits) {
        String id() {
            return file + ":" + qualname;
        }

        String simpleName() {
            return qualname.substring(qualname.lastIndexOf('.') + 1);
        }
    }

    /** A use of a blocking API; {@code enclosing} is the qualname of the function it is in, or "-". */
    record BlockingCall(String file, int line, String what, String enclosing) {
        @Override
        public String toString() {
            return file + ":" + line + " " + what + " (in " + enclosing + ")";
        }
    }

    static SourceInspection of(Path projectDir, Path script) {
        PythonProcess.Result result = PythonProcess.run(projectDir, Map.of(), script.toString(), ".");
        if (result.exitCode() != 0) {
            throw new AssertionError("inspecting " + projectDir + " failed:\n" + result.describe());
        }
        List<Function> functions = new ArrayList<>();
        List<BlockingCall> calls = new ArrayList<>();
        List<ClassDef> classes = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            String[] f = line.split("\t");
            if (f[0].equals("def")) {
                functions.add(new Function(f[1], f[2], f[3].equals("async"), Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), f[6].equals("awaits")));
            } else if (f[0].equals("block")) {
                calls.add(new BlockingCall(f[1], Integer.parseInt(f[2]), f[3], f[4]));
            } else if (f[0].equals("class")) {
                classes.add(new ClassDef(f[1], f[2], f[3].equals("-") ? List.of() : List.of(f[3].split(","))));
            }
        }
        return new SourceInspection(functions, calls, classes);
    }

    /**
     * Whether an async method with nothing to await is async for its family's sake: a method of the same name in
     * an ancestor, a descendant or a sibling under a common ancestor defining it is async and awaits. (Classes are
     * matched by simple name, which is enough for the small programs the behaviour cases are.)
     */
    boolean asyncForItsFamily(Function method) {
        int dot = method.qualname().lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String cls = simpleClass(method.qualname().substring(0, dot));
        String name = method.simpleName();
        Map<String, Function> defining = new java.util.HashMap<>();
        for (Function f : functions) {
            int d = f.qualname().lastIndexOf('.');
            if (d > 0 && f.simpleName().equals(name) && classNamed(simpleClass(f.qualname().substring(0, d)))) {
                defining.put(simpleClass(f.qualname().substring(0, d)), f);
            }
        }
        java.util.Set<String> family = new java.util.HashSet<>(ancestors(cls));
        family.add(cls);
        family.retainAll(defining.keySet());
        for (String root : java.util.List.copyOf(family)) {
            for (String c : defining.keySet()) {
                if (ancestors(c).contains(root)) {
                    family.add(c);
                }
            }
        }
        return family.stream().map(defining::get).anyMatch(f -> f != method && f.isAsync() && f.awaits());
    }

    private boolean classNamed(String simpleName) {
        return classes.stream().anyMatch(c -> c.simpleName().equals(simpleName));
    }

    private static String simpleClass(String qualname) {
        return qualname.substring(qualname.lastIndexOf('.') + 1);
    }

    /** Every ancestor of a class, by simple name, through the classes the program defines. */
    private java.util.Set<String> ancestors(String simpleName) {
        java.util.Set<String> out = new java.util.HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(simpleName));
        while (!todo.isEmpty()) {
            String c = todo.pop();
            for (ClassDef k : classes) {
                if (k.simpleName().equals(c)) {
                    for (String b : k.bases()) {
                        if (out.add(b)) {
                            todo.push(b);
                        }
                    }
                }
            }
        }
        return out;
    }

    Optional<Function> function(String id) {
        return functions.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    Optional<Function> function(String file, String qualname) {
        return function(file + ":" + qualname);
    }
}
