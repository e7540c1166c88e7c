package dev.unblock.migrate.deps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Rewriter;

/**
 * Applies a migration's dependency changes to the files that declare the project's dependencies: pip
 * requirements files, {@code pyproject.toml} (PEP 621 {@code [project] dependencies} and Poetry), setup.cfg's
 * {@code install_requires} and a literal {@code install_requires=[…]} in setup.py. A replaced package's entry
 * becomes its replacement in place (marker and comment kept); an upgrade keeps the pin's style; an extra joins
 * the entry; a new package goes after the last entry of the main declarations (not dev or test requirement
 * files). What cannot be edited safely is left as it is, with a note saying what to do by hand.
 */
public final class DependencyFiles {
    private static final Pattern MAIN_REQUIREMENTS = Pattern.compile(
            "requirements\\.(txt|in)|requirements/(base|common|main|prod|production|requirements)\\.(txt|in)");
    private static final Pattern SETUP_PY = Pattern.compile("install_requires\\s*=\\s*");
    private static final Pattern PEP621 = Pattern.compile("(?m)^dependencies\\s*=\\s*(?=\\[)");

    /** Reads a project file; null when it does not exist. */
    public interface Reader {
        String read(String path) throws IOException;
    }

    /** The edited files and what the user must do by hand. */
    public record Result(List<FileChange> changes, List<String> notes) {
    }

    /**
     * A list of the project's dependencies; {@code test}: it lists what the tests need (requirements-dev.txt);
     * {@code additionsOnly}: only test dependencies are added to it, nothing in it is replaced (pyproject's extras).
     */
    private record Listed(String path, Declared list, boolean main, boolean test, boolean additionsOnly) {
        Listed(String path, Declared list, boolean main) {
            this(path, list, main, false, false);
        }
    }

    /** Requirement files of tests and development ({@code requirements-dev.txt}, {@code test-requirements.txt}). */
    private static final Pattern TEST_REQUIREMENTS = Pattern.compile(
            "(requirements[-_](dev|devel|development|test|tests|testing)|(dev|test|tests)[-_]requirements"
                    + "|requirements/(dev|devel|development|test|tests|testing))\\.(txt|in)");
    /** PEP 621 extras and Poetry groups that hold test dependencies, in the order one is chosen. */
    private static final List<String> TEST_EXTRAS = List.of("test", "tests", "testing", "dev");

    private DependencyFiles() {
    }

    /** The file names among a project's top-level files (and requirements/) that declare dependencies. */
    public static boolean isDependencyFile(String path) {
        return path.equals("pyproject.toml") || path.equals("setup.cfg") || path.equals("setup.py")
                || path.matches("requirements[^/]*\\.(txt|in)") || path.matches("requirements/[^/]+\\.(txt|in)")
                || TEST_REQUIREMENTS.matcher(path).matches();
    }

    public static Result edit(List<String> paths, Reader reader, List<DependencyChange> changes) throws IOException {
        List<String> notes = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        List<Listed> lists = new ArrayList<>();
        if (changes.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        for (String path : paths.stream().filter(DependencyFiles::isDependencyFile).sorted().toList()) {
            String text = reader.read(path);
            if (text == null) {
                continue;
            }
            texts.put(path, text);
            lists.addAll(declared(path, text, paths, notes));
        }
        Map<String, List<Edit>> edits = new LinkedHashMap<>();
        Map<Listed, List<Requirement>> additions = new LinkedHashMap<>();
        for (DependencyChange change : changes) {
            Requirement add = Requirement.parse(change.add());
            if (add == null) {
                continue;
            }
            Requirement replaced = change.replaces() == null ? null : Requirement.parse(change.replaces());
            boolean swap = replaced != null && !replaced.key().equals(add.key());
            String target = swap ? replaced.key() : add.key();
            boolean declared = lists.stream().anyMatch(l -> find(l.list(), target) != null);
            if (change.test()) {
                Listed tests = lists.stream().filter(Listed::test).findFirst().orElse(null);
                if (!declared && tests != null) {
                    additions.computeIfAbsent(tests, k -> new ArrayList<>()).add(add);
                } else if (!declared) {
                    notes.add("add " + add.text() + " to the project's test dependencies (" + change.reason() + ")");
                }
                continue;
            }
            for (Listed l : lists) {
                if (l.additionsOnly()) {
                    continue;
                }
                Declared.Entry entry = find(l.list(), target);
                Requirement now = null;
                if (entry != null && swap) {
                    if (find(l.list(), add.key()) == null) {
                        now = entry.requirement().replacedBy(add);
                    }
                } else if (entry != null) {
                    now = entry.requirement().withExtras(add.extras());
                    Matcher min = Pattern.compile(">=\\s*([0-9][0-9.]*)").matcher(add.spec());
                    if (min.matches()) {
                        now = now.atLeast(min.group(1));
                    }
                } else if (!declared && l.main() && find(l.list(), add.key()) == null) {
                    additions.computeIfAbsent(l, k -> new ArrayList<>()).add(add);
                }
                if (now != null && !now.equals(entry.requirement())) {
                    String text = l.list().render(entry, now);
                    if (text == null) {
                        notes.add(l.path() + ": change " + entry.requirement().text() + " to " + now.text() + " by hand ("
                                + change.reason() + ")");
                    } else {
                        edits.computeIfAbsent(l.path(), k -> new ArrayList<>())
                                .add(Edit.replace(entry.start(), entry.end(), text, "", "dependency"));
                    }
                }
            }
            if (!declared && lists.stream().noneMatch(Listed::main)) {
                notes.add("add " + add.text() + " to the project's dependencies (" + change.reason() + ")");
            }
        }
        for (Map.Entry<Listed, List<Requirement>> a : additions.entrySet()) {
            Edit edit = a.getKey().list().append(a.getValue());
            if (edit == null) {
                notes.add(a.getKey().path() + ": add " + String.join(", ", a.getValue().stream().map(Requirement::text)
                        .toList()) + " by hand (its list cannot be edited safely)");
            } else {
                edits.computeIfAbsent(a.getKey().path(), k -> new ArrayList<>()).add(edit);
            }
        }
        List<FileChange> out = new ArrayList<>();
        for (Map.Entry<String, List<Edit>> e : edits.entrySet()) {
            String before = texts.get(e.getKey());
            String after = Rewriter.apply(before, e.getValue()).text();
            if (!after.equals(before)) {
                out.add(new FileChange(e.getKey(), before, after, List.of()));
            }
        }
        return new Result(out, notes);
    }

    /** pyproject.toml's lists of test dependencies: PEP 621 extras and Poetry groups named for tests. */
    private static List<Listed> testLists(String path, String text) {
        List<Listed> out = new ArrayList<>();
        int extras = text.indexOf("[project.optional-dependencies]");
        if (extras >= 0) {
            int end = text.indexOf("\n[", extras + 1);
            for (String name : TEST_EXTRAS) {
                Matcher m = Pattern.compile("(?m)^" + name + "\\s*=\\s*(?=\\[)").matcher(text)
                        .region(extras, end < 0 ? text.length() : end);
                StringList list = m.find() ? StringList.at(text, m.end()) : null;
                if (list != null) {
                    out.add(new Listed(path, list, false, true, true));
                }
            }
        }
        for (String name : TEST_EXTRAS) {
            PoetryTable group = PoetryTable.of(text, "[tool.poetry.group." + name + ".dependencies]");
            if (group != null) {
                out.add(new Listed(path, group, false, true, true));
            }
        }
        PoetryTable legacy = PoetryTable.of(text, "[tool.poetry.dev-dependencies]");
        if (legacy != null) {
            out.add(new Listed(path, legacy, false, true, true));
        }
        return out;
    }

    private static Declared.Entry find(Declared list, String key) {
        for (Declared.Entry e : list.entries()) {
            if (e.requirement().key().equals(key)) {
                return e;
            }
        }
        return null;
    }

    private static List<Listed> declared(String path, String text, List<String> paths, List<String> notes) {
        List<Listed> out = new ArrayList<>();
        switch (path) {
            case "pyproject.toml" -> {
                int project = text.indexOf("[project]");
                if (project >= 0) {
                    int end = text.indexOf("\n[", project + 1);
                    Matcher m = PEP621.matcher(text).region(project, end < 0 ? text.length() : end);
                    if (m.find()) {
                        StringList list = StringList.at(text, m.end());
                        if (list == null) {
                            notes.add(path + ": [project] dependencies is not a plain list of strings; edit it by hand");
                        } else {
                            out.add(new Listed(path, list, true));
                        }
                    }
                }
                PoetryTable poetry = PoetryTable.of(text);
                if (poetry != null) {
                    out.add(new Listed(path, poetry, true));
                }
                out.addAll(testLists(path, text));
            }
            case "setup.cfg" -> {
                SetupCfg cfg = SetupCfg.of(text);
                if (cfg != null) {
                    out.add(new Listed(path, cfg, true));
                }
            }
            case "setup.py" -> {
                Matcher m = SETUP_PY.matcher(text);
                if (m.find()) {
                    StringList list = StringList.at(text, m.end());
                    if (list == null || m.find()) {
                        notes.add(path + ": install_requires is not one list of plain strings; edit it by hand");
                    } else {
                        out.add(new Listed(path, list, true));
                    }
                }
            }
            default -> {
                RequirementsTxt txt = new RequirementsTxt(text);
                if (txt.generated()) {
                    String in = path.replaceAll("\\.txt$", ".in");
                    notes.add(path + " is generated (pip-compile, hashes): " + (paths.contains(in)
                            ? "run pip-compile again after " + in + " changes" : "regenerate it after the change"));
                } else {
                    boolean main = MAIN_REQUIREMENTS.matcher(path).matches();
                    out.add(new Listed(path, txt, main, !main && TEST_REQUIREMENTS.matcher(path).matches(), false));
                }
            }
        }
        return out;
    }
}
