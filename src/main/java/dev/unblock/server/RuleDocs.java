package dev.unblock.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.javalin.http.Context;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * {@code GET /rules/<ID>}: a rule's doc as an HTML page, the page review comments link to (the Markdown is at
 * {@code /rules/<ID>.md}). Rendered with commonmark; raw HTML in a doc is escaped, not passed through.
 */
final class RuleDocs {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).build();
    private static final String STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
            + "color:#1f2328}pre{background:#f6f8fa;padding:.8rem;overflow:auto}code{font-family:ui-monospace,monospace}"
            + "h1{font-size:1.6rem}";

    private RuleDocs() {
    }

    static void serve(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        boolean markdown = id.endsWith(".md");
        String rule = markdown ? id.substring(0, id.length() - 3) : id;
        String doc = rule.matches("UB[0-9]{3}") ? read(rule) : null;
        if (doc == null) {
            ctx.status(404).result("no such rule\n");
            return;
        }
        if (markdown) {
            ctx.contentType("text/markdown; charset=utf-8").result(doc);
            return;
        }
        ctx.contentType("text/html; charset=utf-8").result(page(doc));
    }

    static String read(String rule) throws IOException {
        try (InputStream in = RuleDocs.class.getResourceAsStream("/dev/unblock/rules/" + rule + ".md")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The doc as a page; its first line ("# UB101 requests-to-httpx") is the title. */
    static String page(String doc) {
        String title = doc.lines().findFirst().orElse("").replaceFirst("^#\\s*", "");
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + " · Unblock</title><style>" + STYLE + "</style></head>\n<body><main>\n"
                + RENDERER.render(PARSER.parse(doc)) + "</main></body></html>\n";
    }
}
