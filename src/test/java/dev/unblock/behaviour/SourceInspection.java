package dev.unblock.behaviour;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code inspect_sources.py} saw in a program: its functions and the blocking calls left in it. */
record SourceInspection(List<Function> functions, List<BlockingCall> blockingCalls) {

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
        for (String line : result.stdout().split("\n")) {
            String[] f = line.split("\t");
            if (f[0].equals("def")) {
                functions.add(new Function(f[1], f[2], f[3].equals("async"), Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), f[6].equals("awaits")));
            } else if (f[0].equals("block")) {
                calls.add(new BlockingCall(f[1], Integer.parseInt(f[2]), f[3], f[4]));
            }
        }
        return new SourceInspection(functions, calls);
    }

    Optional<Function> function(String id) {
        return functions.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    Optional<Function> function(String file, String qualname) {
        return function(file + ":" + qualname);
    }
}
