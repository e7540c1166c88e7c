package dev.unblock.cli;

import java.util.ArrayList;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import dev.unblock.migrate.FileChange;

/**
 * A git-style unified diff of one file, as {@code git apply} and {@code patch -p1} accept it: {@code diff --git}
 * header, {@code a/}/{@code b/} paths, {@code /dev/null} for a new file, and {@code \ No newline at end of file}
 * after a last line without one. Lines are compared with their line ends, so a changed line end is a change and
 * no phantom empty line is counted after the last line break.
 */
final class UnifiedDiff {
    private static final int CONTEXT = 3;
    private static final String NO_NEWLINE = "\\ No newline at end of file\n";

    private UnifiedDiff() {
    }

    /** The diff of one change, or "" when the text did not change. */
    static String of(FileChange change) {
        String body = body(change.before(), change.after());
        return body.isEmpty() && !change.isNewFile() ? "" : header(change.path(), change.isNewFile()) + body;
    }

    /**
     * The diff as bytes: the header's paths in UTF-8 (as the file system names them), the lines in the file's own
     * encoding, so that the patch matches the bytes on disk.
     */
    static byte[] bytes(FileChange change) {
        String body = body(change.before(), change.after());
        if (body.isEmpty() && !change.isNewFile()) {
            return new byte[0];
        }
        byte[] head = header(change.path(), change.isNewFile()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] lines = body.getBytes(java.nio.charset.Charset.forName(change.encoding()));
        byte[] out = java.util.Arrays.copyOf(head, head.length + lines.length);
        System.arraycopy(lines, 0, out, head.length, lines.length);
        return out;
    }

    private static String header(String path, boolean newFile) {
        StringBuilder out = new StringBuilder();
        out.append("diff --git a/").append(path).append(" b/").append(path).append('\n');
        if (newFile) {
            out.append("new file mode 100644\n");
        }
        out.append("--- ").append(newFile ? "/dev/null" : "a/" + path).append('\n');
        out.append("+++ b/").append(path).append('\n');
        return out.toString();
    }

    /** The hunks; {@code before} null means a new file. */
    private static String body(String before, String after) {
        List<String> a = before == null ? List.of() : lines(before);
        List<String> b = lines(after);
        StringBuilder out = new StringBuilder();
        for (List<AbstractDelta<String>> hunk : hunks(DiffUtils.diff(a, b).getDeltas())) {
            appendHunk(out, a, b, hunk);
        }
        return out.toString();
    }

    /** Deltas whose context would touch or overlap go into one hunk. */
    private static List<List<AbstractDelta<String>>> hunks(List<AbstractDelta<String>> deltas) {
        List<List<AbstractDelta<String>>> out = new ArrayList<>();
        List<AbstractDelta<String>> current = new ArrayList<>();
        for (AbstractDelta<String> d : deltas) {
            if (!current.isEmpty()) {
                AbstractDelta<String> last = current.get(current.size() - 1);
                int gap = d.getSource().getPosition() - (last.getSource().getPosition() + last.getSource().size());
                if (gap > 2 * CONTEXT) {
                    out.add(current);
                    current = new ArrayList<>();
                }
            }
            current.add(d);
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private static void appendHunk(StringBuilder out, List<String> a, List<String> b, List<AbstractDelta<String>> hunk) {
        AbstractDelta<String> first = hunk.get(0);
        AbstractDelta<String> last = hunk.get(hunk.size() - 1);
        int aStart = Math.max(0, first.getSource().getPosition() - CONTEXT);
        int aEnd = Math.min(a.size(), last.getSource().getPosition() + last.getSource().size() + CONTEXT);
        int bStart = first.getTarget().getPosition() - (first.getSource().getPosition() - aStart);
        int bEnd = last.getTarget().getPosition() + last.getTarget().size() + (aEnd - last.getSource().getPosition()
                - last.getSource().size());
        out.append("@@ -").append(range(aStart, aEnd - aStart)).append(" +").append(range(bStart, bEnd - bStart))
                .append(" @@\n");
        int i = aStart;
        for (AbstractDelta<String> d : hunk) {
            for (; i < d.getSource().getPosition(); i++) {
                line(out, ' ', a.get(i));
            }
            for (String removed : d.getSource().getLines()) {
                line(out, '-', removed);
            }
            for (String added : d.getTarget().getLines()) {
                line(out, '+', added);
            }
            i = d.getSource().getPosition() + d.getSource().size();
        }
        for (; i < aEnd; i++) {
            line(out, ' ', a.get(i));
        }
    }

    /** git's range: "start,count", with start the line before when count is 0, and ",1" left out. */
    private static String range(int start, int count) {
        if (count == 0) {
            return start + ",0";
        }
        return count == 1 ? String.valueOf(start + 1) : (start + 1) + "," + count;
    }

    private static void line(StringBuilder out, char prefix, String line) {
        out.append(prefix);
        out.append(line);
        if (!line.endsWith("\n")) {
            // The last line of a file without a final line break (a lone CR stays part of the line, as in git).
            out.append('\n').append(NO_NEWLINE);
        }
    }

    /**
     * The lines of a text, each with its line end ({@code \n} or {@code \r\n}); the last one has none when the
     * text does not end with a line break. A lone {@code \r} stays inside its line, as git reads it.
     */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
