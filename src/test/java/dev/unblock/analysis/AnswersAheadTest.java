package dev.unblock.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.Resolver.Value;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Answers worked out ahead on several threads are the ones one thread gives: a project of modules that import each
 * other in a ring, with recursion across files, parameters typed by callers and a return value that a caller's
 * receiver depends on (cycles the resolver must answer the same way whoever meets them first).
 */
class AnswersAheadTest {
    private static final int MODULES = 150;

    private static String module(int i) {
        int j = (i + 1) % MODULES;
        return """
                import requests
                from m%2$d import helper_%2$d, Box%2$d


                class Box%1$d:
                    def __init__(self, session):
                        self.session = session

                    def put(self, item):
                        item.get("https://example.org/%1$d")
                        return item

                    def fetch(self, url):
                        return self.session.get(url)


                def helper_%1$d(box, n):
                    if n:
                        return helper_%2$d(box, n - 1)
                    return box.fetch("https://example.org")


                def make_%1$d():
                    b = Box%1$d(requests.Session())
                    s = b.put(b)
                    s.put(requests.Session())
                    other = Box%2$d(requests.Session())
                    other.fetch("https://example.org")
                    return helper_%1$d(b, 3)
                """.formatted(i, j);
    }

    private static Resolver resolver() {
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        for (int i = 0; i < MODULES; i++) {
            sources.put("m" + i + ".py", module(i));
        }
        return ProjectResolvers.of(sources);
    }

    /** Every call's callee and receiver and every reference's value, as text, asked of {@code resolver} in order. */
    private static Map<String, String> answers(Resolver resolver) {
        Map<String, String> out = new TreeMap<>();
        for (FileFacts file : resolver.index().files()) {
            for (CallFact c : file.calls()) {
                out.put(file.path() + ":" + c.index() + " callee", text(resolver.callee(file, c)));
                out.put(file.path() + ":" + c.index() + " receiver", text(resolver.receiver(file, c)));
            }
            for (ReferenceFact r : file.references()) {
                out.put(file.path() + ":" + r.index() + " reference", text(resolver.reference(file, r)));
            }
        }
        return out;
    }

    private static String text(Value v) {
        if (v instanceof Resolver.Function f) {
            return "function " + f.ref().fact().qualifiedName() + (f.bound() ? " bound" : "");
        }
        return v instanceof Resolver.ClassValue c ? "class " + c.ref().fact().qualifiedName() : String.valueOf(v);
    }

    @RepeatedTest(3)
    void answersWorkedOutOnFourThreadsAreTheOnesOneThreadGives() {
        Map<String, String> alone = answers(resolver());
        Resolver ahead = resolver();
        AnswersAhead.answer(ahead, 4);
        assertThat(answers(ahead)).isEqualTo(alone);
        // the project does type some of it (so equal answers are not all unknown)
        assertThat(alone).containsValue("CatalogMethod[type=requests.Session, method=get]");
        assertThat(alone).containsValue("function m7.Box7.fetch bound");
    }
}
