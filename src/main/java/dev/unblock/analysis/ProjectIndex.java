package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.ClassFact;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ImportFact;

/**
 * The whole project's definitions by qualified name, built from every file's facts: modules, functions,
 * methods and classes, with imports followed through re-exports ({@code from .client import fetch} in a
 * package's {@code __init__.py} makes {@code pkg.fetch} mean {@code pkg.client.fetch}), star imports of project
 * modules ({@link StarExports}) and a script's imports of its sibling modules ({@link #absoluteModule}).
 */
public final class ProjectIndex {
    /** A function and the file it is in. */
    public record FunctionRef(FileFacts file, FunctionFact fact) {
        public String key() {
            return fact.key();
        }
    }

    /** A class and the file it is in. */
    public record ClassRef(FileFacts file, ClassFact fact) {
    }

    /** A call and the file it is in. */
    public record CallSite(FileFacts file, CallFact call) {
    }

    private final Map<String, FileFacts> byPath = new LinkedHashMap<>();
    private final Map<String, FileFacts> byModule = new HashMap<>();
    private final Map<String, FunctionRef> functions = new HashMap<>();
    private final Map<String, ClassRef> classes = new HashMap<>();
    private final Map<String, List<ClassRef>> subclasses = new HashMap<>();
    private final Map<String, List<FunctionRef>> methodsByName = new HashMap<>();
    /** Every module name and every package above one ({@code a.b.c} gives a, a.b and a.b.c). */
    private final java.util.Set<String> moduleNames = new java.util.HashSet<>();
    private final StarExports stars = new StarExports(this);
    /** Calls by the last name of their callee (built when first asked for, once for all resolvers). */
    private Map<String, List<CallSite>> callsByName;

    public ProjectIndex(List<FileFacts> files) {
        for (FileFacts f : files) {
            byPath.put(f.path(), f);
            byModule.putIfAbsent(f.module(), f);
            for (String m = f.module(); !m.isEmpty(); m = m.contains(".") ? m.substring(0, m.lastIndexOf('.')) : "") {
                moduleNames.add(m);
            }
            for (FunctionFact fn : f.functions()) {
                functions.putIfAbsent(fn.qualifiedName(), new FunctionRef(f, fn));
            }
            for (ClassFact c : f.classes()) {
                classes.putIfAbsent(c.qualifiedName(), new ClassRef(f, c));
            }
        }
        for (FileFacts f : byPath.values()) {
            for (FunctionFact fn : f.functions()) {
                if (fn.owner() >= 0) {
                    methodsByName.computeIfAbsent(fn.name(), k -> new ArrayList<>()).add(new FunctionRef(f, fn));
                }
            }
        }
    }

    /** Every method (a def directly in a class body) of this name, file by file in {@link #files()} order. */
    public List<FunctionRef> methodsNamed(String name) {
        return methodsByName.getOrDefault(name, List.of());
    }

    /**
     * Every call whose callee ends in {@code name} ({@code name(...)}, {@code x.name(...)}), file by file in
     * {@link #files()} order: the calls that may reach a function or method of that name.
     */
    public synchronized List<CallSite> callsNamed(String name) {
        if (callsByName == null) {
            callsByName = new HashMap<>();
            for (FileFacts f : byPath.values()) {
                for (CallFact c : f.calls()) {
                    List<Chain.Step> steps = c.callee().steps();
                    String last = steps.isEmpty() ? c.callee().root()
                            : steps.get(steps.size() - 1) instanceof Chain.Attr a ? a.name() : null;
                    if (last != null) {
                        callsByName.computeIfAbsent(last, k -> new ArrayList<>()).add(new CallSite(f, c));
                    }
                }
            }
        }
        return callsByName.getOrDefault(name, List.of());
    }

    public Iterable<FileFacts> files() {
        return byPath.values();
    }

    public FileFacts file(String path) {
        return byPath.get(path);
    }

    public FileFacts module(String name) {
        return byModule.get(name);
    }

    public FunctionRef function(String qualifiedName) {
        return functions.get(qualifiedName);
    }

    public ClassRef cls(String qualifiedName) {
        return classes.get(qualifiedName);
    }

    public FunctionRef function(FileFacts file, int index) {
        return new FunctionRef(file, file.functions().get(index));
    }

    /**
     * Follows a dotted name through project modules and their imports to the definition it means; returns the
     * canonical qualified name (unchanged when it leaves the project, e.g. {@code requests.get}).
     */
    public String canonical(String qualifiedName) {
        String name = qualifiedName;
        for (int hops = 0; hops < 20; hops++) {
            if (functions.containsKey(name) || classes.containsKey(name) || byModule.containsKey(name)) {
                return name;
            }
            String next = reexport(name);
            if (next == null || next.equals(name)) {
                return name;
            }
            name = next;
        }
        return name;
    }

    /** {@code pkg.x.y}: if {@code pkg} is a project module that imports {@code x}, the name {@code x} stands for. */
    private String reexport(String name) {
        String module = name;
        while (true) {
            int dot = module.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            String rest = name.substring(dot + 1);
            module = module.substring(0, dot);
            FileFacts file = byModule.get(module);
            if (file == null) {
                continue;
            }
            String first = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
            String tail = rest.substring(first.length());
            String bound = importedName(file, first);
            if (bound != null) {
                return bound + tail;
            }
            return null;
        }
    }

    /**
     * What a top-level import in {@code file} binds {@code local} to, as a qualified name; null if nothing. A name no
     * import names may come from a star import of a project module ({@code from .common import *}); not when the file
     * binds it itself, nor when the engine cannot tell (see {@link #starUndetermined}).
     */
    public String importedName(FileFacts file, String local) {
        String named = namedImport(file, local);
        if (named != null || file.moduleBindings().contains(local)) {
            return named;
        }
        StarExports.Binding star = stars.binding(file, local);
        return star == null ? null : star.qualifiedName();
    }

    /** What a top-level import that names {@code local} binds it to; null if none does. */
    String namedImport(FileFacts file, String local) {
        for (ImportFact i : file.imports()) {
            if (!i.topLevel() || !local.equals(i.boundName())) {
                continue;
            }
            return qualifiedTarget(file, i);
        }
        return null;
    }

    /**
     * Whether a star import in {@code file} may bind {@code local} but the engine cannot tell (the module's
     * {@code __all__} is built at run time): the name must then not be taken for a builtin or anything else.
     */
    boolean starUndetermined(FileFacts file, String local) {
        if (namedImport(file, local) != null || file.moduleBindings().contains(local)) {
            return false;
        }
        StarExports.Binding star = stars.binding(file, local);
        return star != null && !star.determined();
    }

    /**
     * The project functions a star import may bind to a name the engine cannot tell (a module's {@code __all__} is
     * built at run time), by qualified name, with the path of a file making such a star import: its calls there
     * are invisible.
     */
    public Map<String, String> hiddenByStarImports() {
        return stars.hiddenFunctions();
    }

    /** The qualified name an import binds its local name to. */
    public String qualifiedTarget(FileFacts file, ImportFact i) {
        if (i.name() == null) {
            // `import a.b.c` binds `a`; `import a.b.c as x` binds x to a.b.c.
            String module = importedModule(file, i);
            if (i.alias() != null) {
                return module;
            }
            return module.substring(0, module.length() - (i.module().length() - i.boundName().length()));
        }
        String from = importedModule(file, i);
        return from.isEmpty() ? i.name() : from + "." + i.name();
    }

    /** The absolute name of the module an import statement reads ({@code a.b} of {@code import a.b}, {@code from a.b import c}). */
    public String importedModule(FileFacts file, ImportFact i) {
        if (i.level() > 0) {
            return ModuleNames.resolveRelative(file.module(), file.isPackage(), i.level(), i.module());
        }
        return absoluteModule(file, i.module());
    }

    /**
     * The project's name for a module an absolute import names: itself, unless no project module has that name and
     * a folder above the importing file that is no package holds it: the file's own folder (a script's, or a test's
     * under pytest), whose sibling {@code m.py} or {@code m/} Python finds first on {@code sys.path}
     * ({@code tests/helpers.py} for {@code from helpers import run_cli} in {@code tests/test_cli.py}), or a folder
     * further up that is the import root of the code below it ({@code backend/} holding {@code manage.py}, so that
     * {@code backend/task/tasks.py} imports {@code backend/appsettings/config.py} as {@code appsettings.config}),
     * there only when it holds a module or a package of that name. The nearest such folder wins. Last, a root with
     * its own {@code __init__.py} (modules named under it) that holds the module: its scripts import by that path.
     */
    public String absoluteModule(FileFacts file, String module) {
        int dot = module.indexOf('.');
        String top = dot < 0 ? module : module.substring(0, dot);
        if (module.isEmpty() || moduleNames.contains(top)) {
            return module;
        }
        String folder = parent(file.path(), '/');
        // the module prefix that names `folder`: a package's own name, else its module's package
        String prefix = file.isPackage() ? file.module() : parent(file.module(), '.');
        boolean ownFolder = true;
        while (!folder.isEmpty() && !prefix.isEmpty()) {
            // further up, only a module or a package with __init__.py: a folder without one is a namespace package,
            // which an installed library of that name comes before ("tests/requests/" holding test data)
            if (!byPath.containsKey(folder + "/__init__.py")
                    && (ownFolder ? moduleNames.contains(prefix + "." + top) : byModule.containsKey(prefix + "." + top))) {
                return prefix + "." + module;
            }
            ownFolder = false;
            folder = parent(folder, '/');
            prefix = parent(prefix, '.');
        }
        // a root that is a package itself (its own __init__.py, so every module is named under it) is still the
        // folder its scripts run from: `from lib.dns import cache_dns` in it reads `<root>.lib.dns`
        FileFacts rootPackage = byPath.get("__init__.py");
        if (rootPackage != null && !rootPackage.module().isEmpty()
                && moduleNames.contains(rootPackage.module() + "." + top)) {
            return rootPackage.module() + "." + module;
        }
        return module;
    }

    private static String parent(String name, char separator) {
        int last = name.lastIndexOf(separator);
        return last < 0 ? "" : name.substring(0, last);
    }

    /** Every class that names {@code qualifiedName} among its bases, directly. */
    public List<ClassRef> subclassesOf(String qualifiedName) {
        return subclasses.getOrDefault(qualifiedName, List.of());
    }

    /** Records the resolved bases of each class (the resolver knows how to resolve them). */
    public void recordBases(Map<String, List<String>> basesByClass) {
        subclasses.clear();
        basesByClass.forEach((cls, bases) -> {
            for (String base : bases) {
                subclasses.computeIfAbsent(base, k -> new ArrayList<>()).add(classes.get(cls));
            }
        });
    }
}
