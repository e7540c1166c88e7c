package dev.unblock.bot;

import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Migration;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Blocking call sites are calls, not edited lines: the numbers the check run, pull requests and dashboard show. */
class CallSitesTest {
    static final String MULTI_LINE = """
            import requests


            def fetch(url):
                r = requests.get(
                    url,
                    allow_redirects=False,
                )
                return r
            """;

    /** An edit replacing the first occurrence of {@code old} at or after {@code from}. */
    static AppliedEdit edit(String text, String old, int from, String replacement, String rule) {
        int at = text.indexOf(old, from);
        int line = (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        return new AppliedEdit(at, at + old.length(), line, line, replacement, rule, "why");
    }

    static Migration migration(String path, String before, List<AppliedEdit> edits) {
        return new Migration(List.of(new FileChange(path, before, before + "# changed\n", edits)), List.of(), List.of());
    }

    @Test
    void aCallRewrittenOnTwoLinesIsOneSite() {
        List<AppliedEdit> edits = List.of(
                edit(MULTI_LINE, "def fetch", 0, "async def fetch", "UB001"),
                edit(MULTI_LINE, "requests.get", 0, "await client.get", "UB101"),
                edit(MULTI_LINE, "allow_redirects=False", 0, "follow_redirects=False", "UB101"),
                // the client opened around the statement: an edit outside the call, made for it
                edit(MULTI_LINE, "    r = ", 0, "    async with httpx.AsyncClient() as client:\n        r = ", "UB101"),
                edit(MULTI_LINE, "import requests", 0, "import httpx", "UB002"));
        CallSites sites = CallSites.of(migration("app/fetch.py", MULTI_LINE, edits));
        assertThat(sites.total()).isEqualTo(1);
        assertThat(sites.perPackage()).isEqualTo(Map.of("app/", 1));
        // The core rules' edits (async def, imports) follow from the call: alone they are no site.
        assertThat(sites.count("app/fetch.py", List.of(edits.get(0), edits.get(4)))).isZero();
        assertThat(sites.count("app/fetch.py", List.of(edits.get(2)))).isEqualTo(1);
    }

    @Test
    void twoCallsOnOneLineAreTwoSites() {
        String text = "import time\n\n\ndef nap():\n    time.sleep(1); time.sleep(2)\n";
        List<AppliedEdit> edits = new ArrayList<>();
        edits.add(edit(text, "def nap", 0, "async def nap", "UB001"));
        edits.add(edit(text, "time.sleep(", 0, "await asyncio.sleep(", "UB701"));
        edits.add(edit(text, "time.sleep(", text.indexOf("time.sleep(") + 1, "await asyncio.sleep(", "UB701"));
        assertThat(CallSites.of(migration("nap.py", text, edits)).total()).isEqualTo(2);
        assertThat(CallSites.of(migration("nap.py", text, edits)).perPackage()).isEqualTo(Map.of("", 2));
    }

    @Test
    void aCallInsideAnotherIsItsOwnSite() {
        String text = "import requests\n\n\ndef show(url):\n    print(requests.get(url).text)\n";
        List<AppliedEdit> edits = List.of(edit(text, "requests.get(url)", 0, "(await client.get(url))", "UB101"));
        CallSites sites = CallSites.of(migration("show.py", text, edits));
        assertThat(sites.total()).isEqualTo(1);
    }

    @Test
    void aWebPortRewritesAnAppNotACall() {
        String text = "from flask import Flask\napp = Flask(__name__)\n";
        List<AppliedEdit> edits = List.of(edit(text, "Flask(__name__)", 0, "FastAPI()", "UB801"));
        assertThat(CallSites.of(migration("web/app.py", text, edits)).total()).isZero();
    }

    @Test
    void textThatDoesNotParseFallsBackToOneSitePerRuleAndLine() {
        String text = "def broken(:\n    time.sleep(1); time.sleep(2)\n";
        List<AppliedEdit> edits = List.of(edit(text, "time.sleep(", 0, "await asyncio.sleep(", "UB701"),
                edit(text, "time.sleep(", text.indexOf("time.sleep(") + 1, "await asyncio.sleep(", "UB701"));
        assertThat(CallSites.of(migration("b.py", text, edits)).total()).isEqualTo(1);
    }

    @Test
    void findingsCountPlacesPerPackage() {
        List<Finding> findings = List.of(new Finding("app/a.py", 3, 5, "UB007", "kept", null),
                new Finding("app/a.py", 3, 5, "UB101", "kept too", null),
                new Finding("app/a.py", 3, 20, "UB007", "another call on the line", null),
                new Finding("app/api/b.py", 1, 1, "UB008", "does not parse", null),
                new Finding("top.py", 2, 1, "UB007", "kept", null));
        assertThat(CallSites.leftPerPackage(findings)).isEqualTo(Map.of("app/", 2, "app/api/", 1, "", 1));
    }
}
