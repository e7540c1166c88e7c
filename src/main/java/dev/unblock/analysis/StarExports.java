package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.FileFacts.ImportFact;

/**
 * What {@code from m import *} binds when {@code m} is a project module: the names of its {@code __all__} when that is
 * a literal list, else its public top-level names, with those its own star imports bring (a cycle adds nothing more).
 * A module whose {@code __all__} the engine cannot read may export any name it binds: such a name is undetermined,
 * never guessed. Star imports of modules outside the project are not followed.
 */
final class StarExports {
    /** The names a star import surely binds, and those it may bind (an unreadable {@code __all__} upstream). */
    record Exports(Set<String> names, Set<String> maybe) {
    }

    /** What a star import binds a name to: a qualified name, or (null) a name the engine cannot determine. */
    record Binding(String qualifiedName) {
        boolean determined() {
            return qualifiedName != null;
        }
    }

    private static final Exports NONE = new Exports(Set.of(), Set.of());

    private final ProjectIndex index;
    private final Map<String, Exports> byModule = new HashMap<>();

    StarExports(ProjectIndex index) {
        this.index = index;
    }

    /** The project modules a file star-imports at top level, last first (a later star import wins). */
    List<FileFacts> starImported(FileFacts file) {
        List<FileFacts> out = new ArrayList<>();
        for (ImportFact i : file.imports()) {
            if (i.topLevel() && "*".equals(i.name())) {
                FileFacts m = index.module(index.importedModule(file, i));
                if (m != null) {
                    out.add(0, m);
                }
            }
        }
        return out;
    }

    /** What the file's star imports bind {@code local} to; null when none of them binds it. */
    synchronized Binding binding(FileFacts file, String local) {
        for (FileFacts m : starImported(file)) {
            Exports e = of(m);
            if (e.names().contains(local)) {
                return new Binding(m.module().isEmpty() ? local : m.module() + "." + local);
            }
            if (e.maybe().contains(local)) {
                return new Binding(null);
            }
        }
        return null;
    }

    synchronized Exports of(FileFacts module) {
        Exports known = byModule.get(module.module());
        if (known != null) {
            return known;
        }
        byModule.put(module.module(), NONE); // an import cycle: the module being read exports nothing more
        Set<String> names = new LinkedHashSet<>();
        Set<String> maybe = new HashSet<>();
        boolean declared = module.moduleBindings().contains("__all__");
        if (module.dunderAll() != null) {
            names.addAll(module.dunderAll());
        } else if (declared) {
            // an __all__ built at run time may list any name the module binds, even a private one
            maybe.addAll(module.moduleBindings());
        } else {
            module.moduleBindings().stream().filter(n -> !n.startsWith("_")).forEach(names::add);
        }
        // a literal __all__ is the whole list; else what the module's own star imports bring is exported too
        for (FileFacts m : module.dunderAll() != null ? List.<FileFacts>of() : starImported(module)) {
            Exports e = of(m);
            (declared ? maybe : names).addAll(e.names().stream().filter(n -> declared || !n.startsWith("_")).toList());
            maybe.addAll(e.maybe());
        }
        maybe.removeAll(names);
        Exports out = new Exports(Set.copyOf(names), Set.copyOf(maybe));
        byModule.put(module.module(), out);
        return out;
    }

    /**
     * The project functions a star import may bind to a name the engine cannot resolve, by qualified name, with the
     * path of a file making such a star import: what a module whose {@code __all__} is built at run time may
     * export (directly or through another star import), followed to its definition.
     */
    synchronized Map<String, String> hiddenFunctions() {
        Map<String, String> out = new HashMap<>();
        for (FileFacts file : index.files()) {
            List<FileFacts> work = new ArrayList<>(starImported(file));
            Set<String> seen = new HashSet<>();
            while (!work.isEmpty()) {
                FileFacts m = work.remove(work.size() - 1);
                if (!seen.add(m.module())) {
                    continue;
                }
                for (String name : of(m).maybe()) {
                    String q = index.canonical(m.module().isEmpty() ? name : m.module() + "." + name);
                    if (index.function(q) != null) {
                        out.putIfAbsent(q, file.path());
                    }
                }
                work.addAll(starImported(m));
            }
        }
        return out;
    }
}
