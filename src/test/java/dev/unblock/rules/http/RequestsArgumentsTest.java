package dev.unblock.rules.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.unblock.analysis.FactsExtractor;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.Rewriter;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallRewriter.CallSite;
import dev.unblock.python.PythonSource;
import dev.unblock.rules.http.RequestsArguments.Library;

/**
 * requests arguments → httpx/aiohttp ones, call by call, one-off calls ({@code requests.post}) as well as session
 * methods: the argument edits alone (the engine adds the client and the await).
 */
class RequestsArgumentsTest {
    /** The translated text of the call to {@code verb} in the source, or "refused: <reason>". */
    private static String translate(Library library, String verb, boolean session, String source) throws Exception {
        FileFacts facts = FactsExtractor.extract(PythonSource.parse("t.py", source), "t.py", "t", false);
        CallFact call = facts.calls().stream().filter(c -> c.callee().toString().endsWith("." + verb))
                .reduce((a, b) -> b).orElseThrow();
        RequestsArguments args = RequestsArguments.of(library, library == Library.HTTPX ? "httpx" : "aiohttp", verb,
                session);
        String refused = args.refusal(call, source, i -> null);
        if (refused != null) {
            return "refused: " + refused;
        }
        Recording site = new Recording(source, call);
        args.translate(site);
        String out = Rewriter.apply(source, site.edits).text();
        int start = call.primaryStart();
        return out.substring(start, out.indexOf('\n', start)).strip()
                + (site.imports.isEmpty() ? "" : "  # " + String.join("; ", site.imports));
    }

    private static String httpx(String verb, String source) throws Exception {
        return translate(Library.HTTPX, verb, false, source);
    }

    private static String aiohttp(String verb, String source) throws Exception {
        return translate(Library.AIOHTTP, verb, false, source);
    }

    @Test
    void positionalBodiesBecomeKeywords() throws Exception {
        assertThat(httpx("post", "import requests\nrequests.post(url, {'a': 1})\n"))
                .isEqualTo("requests.post(url, data={'a': 1})");
        assertThat(httpx("post", "import requests\nrequests.post(url, None, {'a': 1})\n"))
                .isEqualTo("requests.post(url, data=None, json={'a': 1})");
        assertThat(httpx("get", "import requests\nrequests.get(url, {'q': 'x'})\n"))
                .isEqualTo("requests.get(url, params={'q': 'x'})");
        assertThat(aiohttp("put", "import requests\nrequests.put(url, 'text')\n"))
                .isEqualTo("requests.put(url, data='text')");
        assertThat(translate(Library.HTTPX, "request", true, "s.request('GET', url, {'q': 1}, None, {'X-A': 'b'})\n"))
                .isEqualTo("s.request('GET', url, params={'q': 1}, data=None, headers={'X-A': 'b'})");
        // a session's get() takes only the URL by position in requests too
        assertThat(translate(Library.HTTPX, "get", true, "s.get(url, {'q': 1})\n")).startsWith("refused: passes *args");
    }

    @Test
    void aStrOrBytesBodyIsContentInHttpx() throws Exception {
        assertThat(httpx("post", "import requests\nrequests.post(url, data='a=1')\n"))
                .isEqualTo("requests.post(url, content='a=1')");
        assertThat(httpx("post", "import requests, json\nrequests.post(url, json.dumps(doc))\n"))
                .isEqualTo("requests.post(url, content=json.dumps(doc))");
        assertThat(httpx("patch", "import requests\nBODY = b'\\x00'\ndef f():\n    requests.patch(url, data=BODY)\n"))
                .isEqualTo("requests.patch(url, content=BODY)");
        assertThat(httpx("post", "import requests\nrequests.post(url, data={'a': 1})\n"))
                .isEqualTo("requests.post(url, data={'a': 1})");
        // aiohttp takes every kind of body as data=
        assertThat(aiohttp("post", "import requests\nrequests.post(url, data='a=1')\n"))
                .isEqualTo("requests.post(url, data='a=1')");
    }

    @Test
    void aBodyOfUnknownTypeIsRefused() throws Exception {
        assertThat(httpx("post", "import requests\ndef f(body):\n    requests.post(url, data=body)\n"))
                .startsWith("refused: passes data= whose type this file does not show");
        assertThat(httpx("post", "import requests\nrequests.post(url, data=[('a', 1), ('a', 2)])\n"))
                .startsWith("refused: passes data= as a list or tuple of pairs");
        assertThat(httpx("get", "import requests\nrequests.get(url, data={'a': 1})\n"))
                .startsWith("refused: passes data= to get(): httpx's get() sends no body");
        assertThat(httpx("post", "import requests\nrequests.post(url, **options)\n")).startsWith("refused: passes *args");
    }

    @Test
    void authObjectsBecomeTheTargetsOwn() throws Exception {
        String imports = "import requests\nfrom requests.auth import HTTPBasicAuth, HTTPDigestAuth\n";
        assertThat(httpx("get", imports + "requests.get(url, auth=HTTPBasicAuth(u, p))\n"))
                .isEqualTo("requests.get(url, auth=httpx.BasicAuth(u, p))  # import httpx");
        assertThat(httpx("get", imports + "requests.get(url, auth=requests.auth.HTTPDigestAuth(u, p))\n"))
                .isEqualTo("requests.get(url, auth=httpx.DigestAuth(u, p))  # import httpx");
        assertThat(httpx("get", imports + "requests.get(url, auth=(u, p))\n")).isEqualTo("requests.get(url, auth=(u, p))");
        assertThat(aiohttp("get", imports + "requests.get(url, auth=(u, p))\n"))
                .isEqualTo("requests.get(url, auth=aiohttp.BasicAuth(u, p))  # import aiohttp");
        assertThat(aiohttp("get", imports + "requests.get(url, auth=HTTPBasicAuth(username=u, password=p))\n"))
                .isEqualTo("requests.get(url, auth=aiohttp.BasicAuth(login=u, password=p))  # import aiohttp");
        assertThat(aiohttp("get", imports + "CREDS = ('u', 'p')\ndef f():\n    requests.get(url, auth=CREDS)\n"))
                .isEqualTo("requests.get(url, auth=aiohttp.BasicAuth(*CREDS))  # import aiohttp");
    }

    @Test
    void authTheTargetCannotTakeIsRefused() throws Exception {
        String imports = "import requests\nfrom requests.auth import HTTPDigestAuth, HTTPProxyAuth, AuthBase\n";
        assertThat(aiohttp("get", imports + "requests.get(url, auth=HTTPDigestAuth(u, p))\n"))
                .isEqualTo("refused: passes auth=HTTPDigestAuth(...): aiohttp has no digest authentication");
        assertThat(httpx("get", imports + "requests.get(url, auth=HTTPProxyAuth(u, p))\n"))
                .isEqualTo("refused: passes auth=requests.auth.HTTPProxyAuth(...), which httpx has no equivalent for");
        assertThat(httpx("get", imports + "class Token(AuthBase):\n    pass\nrequests.get(url, auth=Token())\n"))
                .startsWith("refused: passes auth= that is not a (user, password) tuple or HTTPBasicAuth(...)");
        assertThat(httpx("get", imports + "AUTH = HTTPProxyAuth(u, p)\ndef f():\n    requests.get(url, auth=AUTH)\n"))
                .startsWith("refused: passes auth= that is not");
    }

    @Test
    void timeouts() throws Exception {
        assertThat(httpx("get", "import requests\nrequests.get(url, timeout=(3.05, 27))\n"))
                .isEqualTo("requests.get(url, timeout=httpx.Timeout(3.05, read=27))  # import httpx");
        assertThat(httpx("get", "import requests\nT = (3, 10)\ndef f():\n    requests.get(url, timeout=T)\n"))
                .isEqualTo("requests.get(url, timeout=httpx.Timeout(T[0], read=T[1]))  # import httpx");
        // httpx takes a number, None or a tuple as they are
        assertThat(httpx("get", "import requests\ndef f(t):\n    requests.get(url, timeout=t)\n"))
                .isEqualTo("requests.get(url, timeout=t)");
        assertThat(aiohttp("get", "import requests\nrequests.get(url, timeout=5)\n"))
                .isEqualTo("requests.get(url, timeout=aiohttp.ClientTimeout(sock_connect=5, sock_read=5))  # import aiohttp");
        assertThat(aiohttp("get", "import requests\nrequests.get(url, timeout=(3, 10))\n"))
                .isEqualTo("requests.get(url, timeout=aiohttp.ClientTimeout(sock_connect=3, sock_read=10))  # import aiohttp");
        assertThat(aiohttp("get", "import requests\nrequests.get(url, timeout=None)\n")).isEqualTo("requests.get(url, timeout=None)");
        assertThat(aiohttp("get", "import requests\ndef f(t):\n    requests.get(url, timeout=t)\n"))
                .startsWith("refused: passes timeout= that this file does not show to be a number");
    }

    @Test
    void redirects() throws Exception {
        assertThat(httpx("get", "import requests\nrequests.get(url, allow_redirects=False)\n"))
                .isEqualTo("requests.get(url, follow_redirects=False)");
        assertThat(httpx("head", "import requests\nrequests.head(url, timeout=3)\n"))
                .isEqualTo("requests.head(url, follow_redirects=False, timeout=3)");
        assertThat(httpx("head", "import requests\nrequests.head(url, allow_redirects=True)\n"))
                .isEqualTo("requests.head(url, follow_redirects=True)");
        assertThat(aiohttp("get", "import requests\nrequests.get(url, allow_redirects=False)\n"))
                .isEqualTo("requests.get(url, allow_redirects=False)");
    }

    @Test
    void aiohttpRejectsNoneAndBoolQueryValues() throws Exception {
        assertThat(aiohttp("get", "import requests\nrequests.get(url, params={'a': 1, 'b': None})\n"))
                .startsWith("refused: passes params= with a None or True/False value");
        assertThat(aiohttp("get", "import requests\nrequests.get(url, params={'a': 1, 'b': [1, 2]})\n"))
                .isEqualTo("requests.get(url, params={'a': 1, 'b': [1, 2]})");
    }

    /** A call site that records edits. */
    private static final class Recording implements CallSite {
        private final String text;
        private final CallFact call;
        final List<Edit> edits = new ArrayList<>();
        final Set<String> imports = new LinkedHashSet<>();

        Recording(String text, CallFact call) {
            this.text = text;
            this.call = call;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public CallFact fact() {
            return call;
        }

        @Override
        public String argument(int i) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String argumentType(int i) {
            return null;
        }

        @Override
        public Targets targets() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replace(int start, int end, String replacement, String message) {
            edits.add(Edit.replace(start, end, replacement, "UB101", message));
        }

        @Override
        public void insert(int at, String inserted, String message) {
            edits.add(Edit.insert(at, inserted, "UB101", message, 0));
        }

        @Override
        public void replaceCallee(String replacement, String message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void await(String message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void imports(String... lines) {
            imports.addAll(List.of(lines));
        }

        @Override
        public void finding(String message, String bridge) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String statementIndent() {
            return "";
        }

        @Override
        public String indentUnit() {
            return "    ";
        }

        @Override
        public String newline() {
            return "\n";
        }
    }
}
