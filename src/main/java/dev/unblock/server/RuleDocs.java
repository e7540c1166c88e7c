package dev.unblock.server;

import java.io.IOException;
import java.io.InputStream;

import io.javalin.http.Context;

/** {@code GET /rules/<ID>}: a rule's doc (Markdown), the page review comments link to. */
final class RuleDocs {
    private RuleDocs() {
    }

    static void serve(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        if (!id.matches("UB[0-9]{3}")) {
            ctx.status(404).result("no such rule\n");
            return;
        }
        try (InputStream in = RuleDocs.class.getResourceAsStream("/dev/unblock/rules/" + id + ".md")) {
            if (in == null) {
                ctx.status(404).result("no such rule\n");
                return;
            }
            ctx.contentType("text/markdown; charset=utf-8").result(in.readAllBytes());
        }
    }
}
