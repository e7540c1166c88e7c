package dev.unblock.migrate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Counting only on the lines that hold the name finds what a scan of the whole text finds; so does counting only in
 * the texts where the name is a whole word.
 */
class LiteralSpellingsTest {
    private static final List<String> TEXTS = List.of(
            "",
            "fetch = 1\n",
            "patch(\"app.client.fetch\")\npatch('fetch')\nx = d[\"fetch\"]\ny = {\"fetch\": 1}\n",
            "a = 'fetch'; b = \"pkg:fetch\"; c = r'fetch'; d = fr'fetch'\n",
            "getattr(obj, \"fetch\"\n)\nitems = [\"fetch\"\n]\nkeys = {'fetch'\n: 2}\n",
            "s = 'x.fetch' + 'fetch'\nt = \"fetch' + 'fetch\"\n\n\n  'fetch'",
            "fetchall('fetch_more')\nu'fetch'\nU\"a.b.fetch\"\r\nq = 'fetch'\r\n",
            "'''fetch'''\n\"\"\"a.fetch\"\"\"\n'a\nfetch'\n",
            "# é'fetch' and é.fetch\n'prefetch' 'fetches' 'x:fetch_more'\n",
            "prefetch('fetcher')\n");

    private static Pattern literal(String name) {
        return Pattern.compile("(?<![\\w\\[])[rRuU]?([\"'])(?:[^\"'\\n]*[.:])?" + Pattern.quote(name)
                + "\\1(?!\\s*[\\]:])");
    }

    @Test
    void countsAsTheWholeTextScanDoes() {
        for (String text : TEXTS) {
            for (String name : List.of("fetch", "a", "f", "fetch_more")) {
                Pattern p = literal(name);
                assertThat(LiteralSpellings.count(p, name, text)).as("%s in %s", name, text)
                        .isEqualTo((int) p.matcher(text).results().count());
            }
        }
        assertThat(LiteralSpellings.count(literal("fetch"), "fetch", TEXTS.get(2))).isEqualTo(2);
    }

    @Test
    void countsUpToOneAboveTheMostAskedFor() {
        for (String text : TEXTS) {
            for (String name : List.of("fetch", "a", "")) {
                Pattern p = literal(name);
                int all = (int) p.matcher(text).results().count();
                for (int most = 0; most <= all + 1; most++) {
                    assertThat(LiteralSpellings.count(p, name, text, most)).as("%s in %s, most %d", name, text, most)
                            .isEqualTo(Math.min(all, most + 1));
                }
            }
        }
    }

    @Test
    void wordIndexKeepsEveryTextWithASpelling() {
        List<String> names = List.of("fetch", "a", "f", "fetch_more", "x.y", "");
        Map<String, List<String>> candidates = LiteralSpellings.textsWithWords(new LinkedHashSet<>(names), TEXTS);
        for (String name : names) {
            int all = 0;
            for (String text : TEXTS) {
                all += LiteralSpellings.count(literal(name), name, text);
            }
            int amongCandidates = 0;
            for (String text : candidates.get(name)) {
                amongCandidates += LiteralSpellings.count(literal(name), name, text);
            }
            assertThat(amongCandidates).as(name).isEqualTo(all);
        }
        // whole words only: "prefetch('fetcher')" does not hold "fetch"; a name that is no word is in every text
        assertThat(candidates.get("fetch")).hasSize(8).doesNotContain(TEXTS.get(0), TEXTS.get(9));
        assertThat(candidates.get("f")).isEmpty();
        assertThat(candidates.get("x.y")).hasSize(TEXTS.size());
        assertThat(candidates.get("")).hasSize(TEXTS.size());
    }
}
