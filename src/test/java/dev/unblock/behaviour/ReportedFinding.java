package dev.unblock.behaviour;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One finding as the migrate command prints it on stderr: {@code path:line: RULE message}. */
record ReportedFinding(String path, int line, String rule, String message) {
    // a column after the line is tolerated; the rule is an ID such as UB012
    private static final Pattern LINE = Pattern.compile("^(.+?):(\\d+)(?::\\d+)?: ([A-Z]{1,4}\\d{2,4})\\b:? ?(.*)$");

    /** The findings in a command's stderr, paths made relative to the project and '/'-separated. */
    static List<ReportedFinding> parse(String stderr, Path projectDir) {
        List<ReportedFinding> findings = new ArrayList<>();
        for (String line : stderr.split("\\R")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                findings.add(new ReportedFinding(relative(m.group(1), projectDir), Integer.parseInt(m.group(2)),
                        m.group(3), m.group(4)));
            }
        }
        return findings;
    }

    private static String relative(String path, Path projectDir) {
        Path p = Path.of(path);
        if (p.isAbsolute()) {
            p = projectDir.toAbsolutePath().relativize(p);
        }
        return p.normalize().toString().replace('\\', '/');
    }

    /**
     * True if this finding owns up to the blocking call: it points at its line, or at the def line of
     * the function it is in, or names that function (a callback is reported where it is passed, e.g.
     * at {@code sorted(key=fn)}).
     */
    boolean names(SourceInspection.BlockingCall call, SourceInspection inspection) {
        if (call.file().equals(path) && call.line() == line) {
            return true;
        }
        var enclosing = inspection.function(call.file(), call.enclosing());
        if (enclosing.isEmpty()) {
            return false;
        }
        boolean atDef = call.file().equals(path) && enclosing.get().firstLine() == line;
        boolean namesFunction = Pattern.compile("\\b" + Pattern.quote(enclosing.get().simpleName()) + "\\b")
                .matcher(message).find();
        return atDef || namesFunction;
    }
}
