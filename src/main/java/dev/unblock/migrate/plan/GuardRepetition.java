package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.List;

import dev.unblock.analysis.FileFacts.CallFact;

/**
 * Whether a call under {@code if __name__ == "__main__":} may run more than once: it sits in a {@code for} or
 * {@code while} loop of the guard, or in a comprehension. Read from the text by indentation, erring towards
 * "repeats" (a line with less indentation that starts with {@code for} counts even when it continues a bracket).
 */
final class GuardRepetition {
    private GuardRepetition() {
    }

    static boolean repeats(String text, CallFact call) {
        if (call.stmtStart() < 0) {
            // in a compound statement's header (`while poll():`, `if check():`, `for u in pending():`)
            String header = lineAt(text, text.lastIndexOf('\n', call.primaryStart() - 1) + 1);
            String rest = header.startsWith("for ") ? header.substring(4) : header;
            if (header.startsWith("while") || rest.matches(".*\\bfor\\b.*")) {
                return true;
            }
        } else {
            String after = text.substring(Math.min(call.callEnd(), call.stmtEnd()), Math.min(text.length(), call.stmtEnd()));
            if (after.matches("(?s).*\\bfor\\b.*")) {
                return true; // the element of a comprehension
            }
            String before = text.substring(call.stmtStart(), call.primaryStart()).stripLeading();
            if (before.startsWith("for ") || before.startsWith("while ")) {
                return true; // a one-line loop: `for u in urls: fetch(u)`
            }
        }
        for (int[] header : enclosingHeaders(text, call)) {
            String line = lineAt(text, header[0]);
            if (line.startsWith("for ") || line.startsWith("while ") || line.startsWith("async for ")
                    || line.startsWith("while(")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether two guard calls can never both run: they sit in different branches of one {@code if}/{@code elif}/
     * {@code else} chain of the guard ({@code if args.serve: serve() else: report()}). Read from the text by
     * indentation like {@link #repeats}, erring towards "both may run": only headers that are plainly {@code if},
     * {@code elif} or {@code else:} lines, with nothing but other branches of the chain between them, count.
     */
    static boolean exclusive(String text, CallFact first, CallFact second) {
        List<int[]> a = enclosingHeaders(text, first);
        List<int[]> b = enclosingHeaders(text, second);
        for (int[] ha : a) {
            for (int[] hb : b) {
                if (ha[1] != hb[1]) {
                    continue;
                }
                if (ha[0] == hb[0]) {
                    break; // the same block at this level: look further in
                }
                return ha[0] < hb[0] ? branchesOfOneChain(text, ha, hb) : branchesOfOneChain(text, hb, ha);
            }
        }
        return false;
    }

    /** The compound statement headers around a guard call, outermost first: {line start, indentation}. */
    private static List<int[]> enclosingHeaders(String text, CallFact call) {
        List<int[]> out = new ArrayList<>();
        int at = call.stmtStart() >= 0 ? call.stmtStart() : call.primaryStart();
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        int indent = indentation(text, lineStart);
        for (int end = lineStart - 1; end > 0 && indent > 0; ) {
            int start = text.lastIndexOf('\n', end - 1) + 1;
            String line = text.substring(start, end).strip();
            int own = indentation(text, start);
            end = start - 1;
            if (line.isEmpty() || line.startsWith("#") || own >= indent) {
                continue;
            }
            if (line.startsWith("if __name__") || line.startsWith("if '__main__'") || line.startsWith("if \"__main__\"")) {
                break;
            }
            out.add(0, new int[] {start, own});
            indent = own;
        }
        return out;
    }

    /** Whether the earlier header opens an if or elif branch and the later one an elif or else of the same chain. */
    private static boolean branchesOfOneChain(String text, int[] earlier, int[] later) {
        if (!opensBranch(lineAt(text, earlier[0]), true) || !opensBranch(lineAt(text, later[0]), false)) {
            return false;
        }
        for (int start = text.indexOf('\n', earlier[0]) + 1; start > 0 && start < later[0];
             start = text.indexOf('\n', start) + 1) {
            String line = lineAt(text, start);
            if (!line.isEmpty() && !line.startsWith("#") && indentation(text, start) <= earlier[1]
                    && (indentation(text, start) < earlier[1] || !opensBranch(line, false))) {
                return false; // another statement at the chain's level ends it
            }
        }
        return true;
    }

    private static boolean opensBranch(String line, boolean first) {
        return line.endsWith(":") && (first ? line.startsWith("if ") || line.startsWith("elif ")
                : line.startsWith("elif ") || line.equals("else:"));
    }

    private static String lineAt(String text, int start) {
        int end = text.indexOf('\n', start);
        return text.substring(start, end < 0 ? text.length() : end).strip();
    }

    private static int indentation(String text, int lineStart) {
        int i = lineStart;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i - lineStart;
    }
}
