package dev.unblock.migrate;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.python.SourceFile;

/**
 * What a {@link FileRule} may read: the parsed files that passed its precondition, the planner's edits per file
 * (read-only), every Python path of the project with the decoded text of those that parse, the project itself (for
 * other files such as requirements), the config and the chosen targets.
 */
public record FileRuleContext(List<SourceFile> files, Map<String, List<Edit>> planned, Set<String> pythonFiles,
                              Map<String, String> pythonTexts, ProjectSnapshot project, MigrationConfig config,
                              Targets targets, Set<String> enabledRules, TextChecks textChecks) {
    public FileRuleContext {
        files = List.copyOf(files);
        planned = Map.copyOf(planned);
        pythonFiles = Set.copyOf(pythonFiles);
        pythonTexts = Map.copyOf(pythonTexts);
        enabledRules = Set.copyOf(enabledRules);
    }

    /** The decoded text of a Python file that parses (as the engine read it, so offsets match), else null. */
    public String pythonText(String path) {
        return pythonTexts.get(path);
    }

    /**
     * Whether a Python file's text contains {@code word} (code, strings or comments), remembered while the file
     * does not change; false for a file that does not parse.
     */
    public boolean mentions(String path, String word) {
        String text = pythonTexts.get(path);
        return text != null && textChecks.mentions(path, text, word);
    }

    /** The planner's edits for one file (empty when it plans none). */
    public List<Edit> planned(String path) {
        return planned.getOrDefault(path, List.of());
    }

    public boolean enabled(String ruleId) {
        return enabledRules.contains(ruleId);
    }

    /** The text of a project file, or null when there is none (or it cannot be read). */
    public String read(String path) {
        try {
            return project.exists(path) ? new String(project.read(path), java.nio.charset.StandardCharsets.UTF_8) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
