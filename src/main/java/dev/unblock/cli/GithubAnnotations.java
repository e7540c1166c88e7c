package dev.unblock.cli;

import java.util.List;

import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.rules.core.UnparsableFile;

/**
 * {@code --format github}: one GitHub Actions workflow command per change and per finding
 * ({@code ::warning file=…,line=…,endLine=…,title=…::message}), which the job's summary and the pull request's
 * files view show as annotations. A file that does not parse is an error.
 */
final class GithubAnnotations {
    private GithubAnnotations() {
    }

    static String of(Outcome outcome) {
        StringBuilder out = new StringBuilder();
        for (FileChange c : outcome.changes()) {
            for (Hunk h : Hunk.of(c)) {
                List<String> rules = h.rules();
                String title = "unblock " + (rules.isEmpty() ? "dependencies" : String.join(", ", rules));
                String what = h.edits().isEmpty() ? (c.isNewFile() ? "new file" : "dependency change") : h.message();
                int line = Math.max(1, h.startLine());
                int end = Math.max(line, h.endLine());
                out.append(command("warning", outcome.repositoryPath(c.path()), line, end, title,
                        "would change: " + what));
            }
        }
        for (Finding f : outcome.findings()) {
            String level = f.ruleId().equals(UnparsableFile.ID) ? "error" : "warning";
            out.append(command(level, outcome.repositoryPath(f.path()), Math.max(1, f.line()), Math.max(1, f.line()),
                    "unblock " + f.ruleId(), f.message() + (f.bridge() == null ? "" : " (bridge: " + f.bridge() + ")")));
        }
        return out.toString();
    }

    private static String command(String level, String file, int line, int endLine, String title, String message) {
        return "::" + level + " file=" + property(file) + ",line=" + line + ",endLine=" + endLine + ",title="
                + property(title) + "::" + data(message) + "\n";
    }

    private static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
