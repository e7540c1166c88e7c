package dev.unblock.rules.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.migrate.catalog.ArgumentTranslator;
import dev.unblock.migrate.catalog.CallRewriter;
import dev.unblock.migrate.catalog.CallRewriter.CallSite;
import dev.unblock.rules.http.ArgumentValues.Kind;
import dev.unblock.rules.http.ArgumentValues.Shape;

/**
 * The arguments of one requests call ({@code requests.post}, {@code session.get}, ...) translated to httpx or
 * aiohttp, decided per call from what the file shows of each value:
 * <ul>
 *   <li>positional arguments after the URL become keywords (httpx and aiohttp take them keyword-only);</li>
 *   <li>httpx: {@code allow_redirects=} → {@code follow_redirects=}; a str or bytes {@code data=} →
 *       {@code content=}; {@code timeout=(connect, read)} → {@code httpx.Timeout(connect, read=read)};
 *       {@code HTTPBasicAuth}/{@code HTTPDigestAuth} → {@code httpx.BasicAuth}/{@code DigestAuth}; {@code head()}
 *       keeps not following redirects;</li>
 *   <li>aiohttp: {@code auth=(user, password)} and {@code HTTPBasicAuth} → {@code aiohttp.BasicAuth}; a timeout
 *       → {@code aiohttp.ClientTimeout(sock_connect=…, sock_read=…)} (requests' timeouts are per connect and per
 *       read, not for the whole exchange).</li>
 * </ul>
 * Anything it cannot tell (a body or auth object whose type the file does not show, {@code **kwargs}) is refused:
 * the call stays synchronous with the reason.
 */
final class RequestsArguments implements ArgumentTranslator {
    enum Library { HTTPX, AIOHTTP }

    /** requests' parameters that can be passed by position after the URL, per function. */
    private static final List<String> SESSION_REQUEST = List.of("params", "data", "headers", "cookies", "files",
            "auth", "timeout", "allow_redirects", "proxies", "hooks", "stream", "verify", "cert", "json");

    private final Library library;
    /** The module the async library is imported as (httpx, httpx2, aiohttp). */
    private final String module;
    private final String verb;
    /** Leading positional arguments the async method takes by position too: the URL, or method and URL. */
    private final int kept;
    /** Names of requests' positional parameters after those. */
    private final List<String> positional;

    private RequestsArguments(Library library, String module, String verb, boolean session) {
        this.library = library;
        this.module = module;
        this.verb = verb;
        this.kept = verb.equals("request") ? 2 : 1;
        this.positional = switch (verb) {
            case "get" -> session ? List.of() : List.of("params");
            case "post" -> List.of("data", "json");
            case "put", "patch" -> List.of("data");
            case "request" -> session ? SESSION_REQUEST : List.of();
            default -> List.of();
        };
    }

    /** The translation of {@code requests.<verb>(...)} (session false) or {@code session.<verb>(...)}. */
    static RequestsArguments of(Library library, String module, String verb, boolean session) {
        return new RequestsArguments(library, module, verb, session);
    }

    /**
     * A session method's rewrite: the arguments, then {@code await}. Its refusal is a whole sentence, because the
     * engine prints a rewriter's refusal as it is.
     */
    CallRewriter awaited(String why) {
        RequestsArguments self = this;
        return new CallRewriter() {
            @Override
            public void rewrite(CallSite site) {
                self.translate(site);
                site.await(why);
            }

            @Override
            public String refusal(CallFact call, String text, IntFunction<String> argumentType) {
                String reason = self.refusal(call, text, argumentType);
                return reason == null ? null : "blocking call " + call.callee() + " left synchronous: it " + reason;
            }
        };
    }

    /** An argument with the keyword requests reads it as (positional ones named by their position). */
    private record Arg(Argument argument, String keyword, boolean positional) {
    }

    /** The call's arguments named, or null when some cannot be (star arguments, too many positional ones). */
    private List<Arg> named(CallFact call) {
        List<Arg> out = new ArrayList<>();
        int position = 0;
        for (Argument a : call.arguments()) {
            if (a.star()) {
                return null;
            }
            if (a.keyword() != null) {
                out.add(new Arg(a, a.keyword(), false));
                continue;
            }
            if (position < kept) {
                out.add(new Arg(a, null, true));
            } else if (position - kept < positional.size()) {
                out.add(new Arg(a, positional.get(position - kept), true));
            } else {
                return null;
            }
            position++;
        }
        return out;
    }

    @Override
    public String refusal(CallFact call, String text, IntFunction<String> argumentType) {
        List<Arg> args = named(call);
        if (args == null) {
            return "passes *args, **kwargs or more positional arguments than requests takes: which requests "
                    + "keywords they hold (allow_redirects, data, proxies, ...) cannot be told";
        }
        ArgumentValues values = null;
        for (Arg arg : args) {
            if (arg.keyword() == null) {
                continue;
            }
            if (values == null) {
                values = ArgumentValues.of(text);
            }
            Shape value = values.shape(arg.argument().start(), arg.argument().end());
            String reason = library == Library.HTTPX ? httpxRefusal(arg.keyword(), value)
                    : aiohttpRefusal(arg.keyword(), value, text);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private String httpxRefusal(String keyword, Shape value) {
        boolean body = keyword.equals("data") || keyword.equals("json") || keyword.equals("files");
        if (body && List.of("get", "head", "options", "delete").contains(verb) && !value.is(Kind.NONE)) {
            return "passes " + keyword + "= to " + verb + "(): " + module + "'s " + verb + "() sends no body (`client"
                    + ".request(\"" + verb.toUpperCase() + "\", url, ...)` does)";
        }
        switch (keyword) {
            case "data":
                if (value.is(Kind.LIST) || value.is(Kind.TUPLE)) {
                    return "passes data= as a list or tuple of pairs: " + module + " takes form fields as a dict";
                }
                if (!(value.is(Kind.STR) || value.is(Kind.BYTES) || value.is(Kind.MAPPING) || value.is(Kind.NONE))) {
                    return "passes data= whose type this file does not show: " + module + " takes a str or bytes "
                            + "body as content= and form fields (a dict) as data=";
                }
                return null;
            case "auth":
                return authRefusal(value);
            default:
                return null;
        }
    }

    private String aiohttpRefusal(String keyword, Shape value, String text) {
        switch (keyword) {
            case "auth":
                return authRefusal(value);
            case "timeout":
                if (value.is(Kind.NUMBER) || value.is(Kind.NONE) || value.is(Kind.TUPLE) && value.parts().size() == 2) {
                    return null;
                }
                return "passes timeout= that this file does not show to be a number or a (connect, read) tuple: "
                        + "aiohttp needs an aiohttp.ClientTimeout(...) built from it";
            case "params":
                if (value.is(Kind.MAPPING) && !value.viaName()) {
                    for (ArgumentValues.Part p : value.parts()) {
                        String v = text.substring(p.start(), p.end()).strip();
                        if (p.keyword() == null && List.of("None", "True", "False").contains(v)) {
                            return "passes params= with a None or True/False value, which aiohttp rejects (requests "
                                    + "leaves None out and sends True as \"True\")";
                        }
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /** auth= must be something the target takes, or something this translation rewrites into it. */
    private String authRefusal(Shape value) {
        if (value.is(Kind.NONE) || value.is(Kind.TUPLE) && value.parts().size() == 2) {
            return null;
        }
        if (value.is(Kind.CALL) && !value.viaName()) {
            String callee = value.name();
            if (callee.equals("requests.auth.HTTPBasicAuth")) {
                return null;
            }
            if (callee.equals("requests.auth.HTTPDigestAuth")) {
                return library == Library.HTTPX ? null
                        : "passes auth=HTTPDigestAuth(...): aiohttp has no digest authentication";
            }
            if (callee.startsWith("requests.")) {
                return "passes auth=" + callee + "(...), which " + module + " has no equivalent for";
            }
        }
        String takes = library == Library.HTTPX ? "httpx.BasicAuth, httpx.DigestAuth or a (user, password) tuple"
                : "aiohttp.BasicAuth";
        return "passes auth= that is not a (user, password) tuple or HTTPBasicAuth(...)"
                + (library == Library.HTTPX ? "/HTTPDigestAuth(...)" : "") + " written in the call (a custom "
                + "requests AuthBase does not work with " + module + "): it needs " + takes;
    }

    @Override
    public void translate(CallSite site) {
        List<Arg> args = named(site.fact());
        if (args == null) {
            return;
        }
        ArgumentValues values = ArgumentValues.of(site.text());
        boolean redirectsGiven = false;
        for (Arg arg : args) {
            Argument a = arg.argument();
            String keyword = arg.keyword();
            if (keyword == null) {
                continue;
            }
            redirectsGiven |= keyword.equals("allow_redirects");
            Shape value = values.shape(a.start(), a.end());
            String text = site.text().substring(a.start(), a.end());
            String name = library == Library.HTTPX ? httpxKeyword(keyword, value) : keyword;
            if (arg.positional()) {
                site.insert(a.start(), name + "=", module + " takes " + name + "= as a keyword only");
            } else if (!name.equals(keyword)) {
                site.replace(a.keywordStart(), a.keywordEnd(), name, keyword + "= is called " + name + "= in "
                        + module + (keyword.equals("data") ? " for a str or bytes body" : ""));
            }
            if (keyword.equals("timeout")) {
                timeout(site, a, value, text);
            } else if (keyword.equals("auth")) {
                auth(site, a, value);
            }
        }
        if (library == Library.HTTPX && verb.equals("head") && !redirectsGiven && args.size() > 0) {
            // requests.head() does not follow redirects; the client made for it does
            site.insert(args.get(0).argument().end(), ", follow_redirects=False",
                    "requests' head() does not follow redirects");
        }
    }

    private static String httpxKeyword(String keyword, Shape value) {
        if (keyword.equals("allow_redirects")) {
            return "follow_redirects";
        }
        if (keyword.equals("data") && (value.is(Kind.STR) || value.is(Kind.BYTES))) {
            return "content";
        }
        return keyword;
    }

    private void timeout(CallSite site, Argument a, Shape value, String text) {
        String why = "requests' timeout is per connect and per read";
        if (value.is(Kind.TUPLE) && value.parts().size() == 2) {
            String connect = value.viaName() ? text + "[0]" : partText(site, value.parts().get(0));
            String read = value.viaName() ? text + "[1]" : partText(site, value.parts().get(1));
            String built = library == Library.HTTPX
                    ? module + ".Timeout(" + connect + ", read=" + read + ")"
                    : "aiohttp.ClientTimeout(sock_connect=" + connect + ", sock_read=" + read + ")";
            site.replace(a.start(), a.end(), built, "a (connect, read) timeout tuple → " + built.substring(0,
                    built.indexOf('(')));
            site.imports("import " + module);
        } else if (library == Library.AIOHTTP && value.is(Kind.NUMBER)) {
            String simple = text.strip();
            site.replace(a.start(), a.end(), "aiohttp.ClientTimeout(sock_connect=" + simple + ", sock_read=" + simple
                    + ")", why);
            site.imports("import aiohttp");
        }
    }

    private void auth(CallSite site, Argument a, Shape value) {
        if (value.is(Kind.CALL) && !value.viaName()) {
            String replacement = switch (value.name()) {
                case "requests.auth.HTTPBasicAuth" -> module + ".BasicAuth";
                case "requests.auth.HTTPDigestAuth" -> module + ".DigestAuth";
                default -> null;
            };
            if (replacement == null) {
                return;
            }
            site.replace(value.calleeStart(), value.calleeEnd(), replacement, "the auth class of " + module);
            if (library == Library.AIOHTTP) {
                for (ArgumentValues.Part p : value.parts()) {
                    if ("username".equals(p.keyword())) {
                        site.replace(p.keywordStart(), p.keywordStart() + "username".length(), "login",
                                "aiohttp.BasicAuth calls the user name login");
                    }
                }
            }
            site.imports("import " + module);
        } else if (library == Library.AIOHTTP && value.is(Kind.TUPLE)) {
            String pair = value.viaName() ? "*" + site.text().substring(a.start(), a.end()).strip()
                    : partText(site, value.parts().get(0)) + ", " + partText(site, value.parts().get(1));
            site.replace(a.start(), a.end(), "aiohttp.BasicAuth(" + pair + ")",
                    "aiohttp takes basic auth as aiohttp.BasicAuth, not a tuple");
            site.imports("import aiohttp");
        }
    }

    private static String partText(CallSite site, ArgumentValues.Part p) {
        return site.text().substring(p.start(), p.end());
    }
}
