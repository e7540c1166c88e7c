package dev.unblock.rules.sqlalchemy;

import java.util.ArrayList;
import java.util.List;

import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.migrate.catalog.CallRewriter.CallSite;

/**
 * A legacy {@code session.query(E)....terminal()} expression on a session that becomes an AsyncSession. Simple
 * chains (one entity, methods a select() has too, a terminal with a select() form) become
 * {@code (await session.execute(select(E)...)).scalars().first()}; anything else runs unchanged on the sync session
 * behind the async one: {@code await session.run_sync(lambda sync_session: sync_session.query(...)...)}.
 * Only the boundaries of the expression are edited, so edits inside its arguments are kept.
 */
final class LegacyQuery {
    private LegacyQuery() {
    }

    /** One {@code .name(args)} link of the chain: offsets of the dot, the open and the close parenthesis. */
    private record Link(String name, int dot, int open, int close) {
    }

    /** {@code session.query(...)}: only when a terminal method runs it in the same statement. */
    static String startRefusal(CallFact call, String text) {
        int end = Math.max(call.stmtEnd(), call.callEnd());
        boolean afterQuery = false;
        for (Link link : links(text, call.primaryStart(), end)) {
            if (afterQuery && SqlalchemyToAsyncio.QUERY_TERMINALS.contains(link.name())) {
                return null;
            }
            afterQuery |= link.open() == call.openParen();
        }
        return "a legacy Query that is not run in the same expression does not work on an AsyncSession: "
                + "build a select() and run it with `await session.execute(...)`";
    }

    /** {@code ….first()} and other terminals: only on a chain that starts with {@code .query(} in this expression. */
    static String terminalRefusal(CallFact call, String text) {
        return queryLink(links(text, call.primaryStart(), call.callEnd())) >= 0 ? null
                : "a legacy Query built elsewhere (or a Query subclass) does not work on an AsyncSession: "
                + "build a select() and run it with `await session.execute(...)`";
    }

    private static int queryLink(List<Link> links) {
        for (int i = 0; i < links.size() - 1; i++) {
            if (links.get(i).name().equals("query")) {
                return i;
            }
        }
        return -1;
    }

    static void rewrite(CallSite site) {
        CallFact call = site.fact();
        String text = site.text();
        List<Link> links = links(text, call.primaryStart(), call.callEnd());
        int q = queryLink(links);
        if (q < 0) {
            return;
        }
        Link query = links.get(q);
        Link terminal = links.get(links.size() - 1);
        String receiver = text.substring(call.primaryStart(), query.dot());
        String entity = text.substring(query.open() + 1, query.close()).strip();
        String args = text.substring(terminal.open() + 1, terminal.close()).strip();
        // One mapped class (a capitalized name, by convention): its rows are objects, as with scalars().
        boolean simpleEntity = entity.matches("_*[A-Z][A-Za-z0-9_]*");
        boolean selectable = true;
        for (int i = q + 1; i < links.size() - 1; i++) {
            selectable &= SqlalchemyToAsyncio.SELECT_METHODS.contains(links.get(i).name());
        }
        String open = call.trailing() ? "(" : "";
        String close = call.trailing() ? ")" : "";
        String why = "AsyncSession has no query(): the query runs as a select()";
        if (simpleEntity && selectable && args.isEmpty()
                && List.of("all", "first", "one", "one_or_none").contains(terminal.name())) {
            site.replace(call.primaryStart(), query.open() + 1, "(await " + receiver + ".execute(select(", why);
            site.replace(terminal.dot(), call.callEnd(), ")).scalars()." + terminal.name() + "()", why);
            site.imports("from sqlalchemy import select");
        } else if (simpleEntity && selectable && args.isEmpty() && terminal.name().equals("count")) {
            site.replace(call.primaryStart(), query.open() + 1,
                    open + "await " + receiver + ".scalar(select(func.count()).select_from(select(", why);
            site.replace(terminal.dot(), call.callEnd(), ".subquery()))" + close, why);
            site.imports("from sqlalchemy import func", "from sqlalchemy import select");
        } else if (simpleEntity && q + 1 == links.size() - 1 && terminal.name().equals("get") && !args.isEmpty()) {
            site.replace(call.primaryStart(), query.open() + 1, open + "await " + receiver + ".get(", why);
            site.replace(query.close(), terminal.open() + 1, ", ", why);
            if (call.trailing()) {
                site.insert(call.callEnd(), ")", why);
            }
        } else {
            String name = text.contains("sync_session") ? "sync_session_" : "sync_session";
            site.replace(call.primaryStart(), query.dot(),
                    open + "await " + receiver + ".run_sync(lambda " + name + ": " + name,
                    "the legacy query runs on the sync session behind the AsyncSession");
            site.insert(call.callEnd(), ")" + close, "");
            site.finding("legacy query kept and run through session.run_sync(): consider rewriting it with select()",
                    null);
        }
    }

    /** The {@code .name(…)} links of a chain between start and end, parentheses and strings skipped. */
    private static List<Link> links(String text, int start, int end) {
        List<Link> out = new ArrayList<>();
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipString(text, i, end);
            } else if (c == '(' || c == '[' || c == '{') {
                i = skipGroup(text, i, end);
            } else if (c == '.') {
                int nameStart = i + 1;
                while (nameStart < end && Character.isWhitespace(text.charAt(nameStart))) {
                    nameStart++;
                }
                int nameEnd = nameStart;
                while (nameEnd < end && (Character.isLetterOrDigit(text.charAt(nameEnd)) || text.charAt(nameEnd) == '_')) {
                    nameEnd++;
                }
                int open = nameEnd;
                while (open < end && Character.isWhitespace(text.charAt(open))) {
                    open++;
                }
                if (open < end && text.charAt(open) == '(') {
                    int after = skipGroup(text, open, end);
                    out.add(new Link(text.substring(nameStart, nameEnd), i, open, after - 1));
                    i = after;
                } else {
                    i = nameEnd;
                }
            } else {
                i++;
            }
        }
        return out;
    }

    private static int skipGroup(String text, int i, int end) {
        int depth = 0;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipString(text, i, end);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return end;
    }

    private static int skipString(String text, int i, int end) {
        char q = text.charAt(i);
        boolean triple = text.startsWith(String.valueOf(q).repeat(3), i);
        int j = i + (triple ? 3 : 1);
        while (j < end) {
            char c = text.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (triple ? text.startsWith(String.valueOf(q).repeat(3), j) : c == q) {
                return j + (triple ? 3 : 1);
            }
            j++;
        }
        return end;
    }
}
