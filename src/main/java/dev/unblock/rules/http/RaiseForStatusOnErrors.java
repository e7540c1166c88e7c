package dev.unblock.rules.http;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.Use;
import dev.unblock.migrate.catalog.CallRewriter;

/**
 * {@code response.raise_for_status()} keeps raising for 4xx and 5xx only: httpx's raises for anything but 2xx, so a
 * 304 Not Modified answering a conditional request (or a 3xx not followed) would raise where requests did not.
 * The statement becomes {@code if response.is_error: response.raise_for_status()}, over two lines. Only a statement
 * of its own on a receiver read twice without effect (a name, {@code self.response}); elsewhere the call stays as
 * it is (UB101.md lists the difference).
 */
final class RaiseForStatusOnErrors implements CallRewriter {
    @Override
    public void rewrite(CallSite site) {
        CallFact call = site.fact();
        Chain callee = call.callee();
        Chain receiver = callee.prefix(callee.steps().size() - 1);
        if (call.use() != Use.STATEMENT || !call.stmtIsSimple() || call.stmtStart() < 0 || call.trailing()
                || receiver.dotted() == null || !call.arguments().isEmpty()) {
            return;
        }
        String text = site.text();
        String response = text.substring(call.primaryStart(), call.lastNameStart() - 1);
        String statement = text.substring(call.stmtStart(), call.callEnd());
        site.replace(call.stmtStart(), call.callEnd(), "if " + response + ".is_error:" + site.newline()
                        + site.statementIndent() + site.indentUnit() + statement,
                "httpx's raise_for_status() also raises for 1xx and 3xx (a 304 Not Modified): only 4xx and 5xx "
                        + "raise, as with requests");
    }
}
