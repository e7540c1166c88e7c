package dev.unblock.migrate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Counting only on the lines that hold the name finds what a scan of the whole text finds. */
class LiteralSpellingsTest {
    private static Pattern literal(String name) {
        return Pattern.compile("(?<![\\w\\[])[rRuU]?([\"'])(?:[^\"'\\n]*[.:])?" + Pattern.quote(name)
                + "\\1(?!\\s*[\\]:])");
    }

    @Test
    void countsAsTheWholeTextScanDoes() {
        List<String> texts = List.of(
                "",
                "fetch = 1\n",
                "patch(\"app.client.fetch\")\npatch('fetch')\nx = d[\"fetch\"]\ny = {\"fetch\": 1}\n",
                "a = 'fetch'; b = \"pkg:fetch\"; c = r'fetch'; d = fr'fetch'\n",
                "getattr(obj, \"fetch\"\n)\nitems = [\"fetch\"\n]\nkeys = {'fetch'\n: 2}\n",
                "s = 'x.fetch' + 'fetch'\nt = \"fetch' + 'fetch\"\n\n\n  'fetch'",
                "fetchall('fetch_more')\nu'fetch'\nU\"a.b.fetch\"\r\nq = 'fetch'\r\n",
                "'''fetch'''\n\"\"\"a.fetch\"\"\"\n'a\nfetch'\n");
        for (String text : texts) {
            for (String name : List.of("fetch", "a", "f", "fetch_more")) {
                Pattern p = literal(name);
                assertThat(LiteralSpellings.count(p, name, text)).as("%s in %s", name, text)
                        .isEqualTo((int) p.matcher(text).results().count());
            }
        }
        assertThat(LiteralSpellings.count(literal("fetch"), "fetch", texts.get(2))).isEqualTo(2);
    }
}
