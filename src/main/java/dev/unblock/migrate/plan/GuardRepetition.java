package dev.unblock.migrate.plan;

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
        String after = text.substring(Math.min(call.callEnd(), call.stmtEnd()), Math.min(text.length(), call.stmtEnd()));
        if (after.matches("(?s).*\\bfor\\b.*")) {
            return true; // the element of a comprehension
        }
        String before = text.substring(call.stmtStart(), call.primaryStart()).stripLeading();
        if (before.startsWith("for ") || before.startsWith("while ")) {
            return true; // a one-line loop: `for u in urls: fetch(u)`
        }
        int lineStart = text.lastIndexOf('\n', call.stmtStart() - 1) + 1;
        int indent = indentation(text, lineStart);
        for (int end = lineStart - 1; end > 0 && indent > 0; ) {
            int start = text.lastIndexOf('\n', end - 1) + 1;
            String line = text.substring(start, end).strip();
            int own = indentation(text, start);
            end = start - 1;
            if (line.isEmpty() || line.startsWith("#") || own >= indent) {
                continue;
            }
            if (line.startsWith("for ") || line.startsWith("while ") || line.startsWith("async for ")
                    || line.startsWith("while(")) {
                return true;
            }
            if (line.startsWith("if __name__") || line.startsWith("if '__main__'") || line.startsWith("if \"__main__\"")) {
                return false;
            }
            indent = own;
        }
        return false;
    }

    private static int indentation(String text, int lineStart) {
        int i = lineStart;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i - lineStart;
    }
}
