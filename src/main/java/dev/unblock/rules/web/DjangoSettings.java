package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.SourceFile;

/**
 * What a Django settings module says that changes how requests are answered: the root URLconf, the middleware
 * (trailing slashes, CSRF, security headers), the allowed hosts. Settings this port does not reproduce are problems.
 */
final class DjangoSettings {
    /** Middleware whose effect the port reproduces, or that does nothing for the views it ports. */
    static final String SECURITY = "django.middleware.security.SecurityMiddleware";
    static final String COMMON = "django.middleware.common.CommonMiddleware";
    static final String CSRF = "django.middleware.csrf.CsrfViewMiddleware";
    static final String XFRAME = "django.middleware.clickjacking.XFrameOptionsMiddleware";
    /** Middleware that only serves what the port refuses in views (request.session, request.user, messages). */
    static final List<String> UNUSED_BY_PORTED_VIEWS = List.of(
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware");
    /** Settings that change what the reproduced middleware does (or add behaviour the port does not reproduce). */
    static final List<String> NOT_REPRODUCED = List.of("SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
            "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS",
            "PREPEND_WWW", "DISALLOWED_USER_AGENTS", "FORCE_SCRIPT_NAME", "DEFAULT_CHARSET", "USE_X_FORWARDED_HOST",
            "USE_X_FORWARDED_PORT", "SECURE_PROXY_SSL_HEADER", "DATA_UPLOAD_MAX_MEMORY_SIZE");

    /**
     * Middleware that answers some paths itself, before any URL pattern, and passes every other request on unchanged:
     * it keeps working for the patterns left to Django, behind the mount, as long as no ported route takes its paths.
     */
    static final String WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware";

    final SourceFile src;
    /** With WhiteNoise: the literal start of the paths it serves ("" when unknown), else null. */
    String staticPrefix;
    int staticLine = 1;
    final String module;
    String rootUrlconf;
    final List<String> middleware = new ArrayList<>();
    boolean appendSlash = true;
    Boolean debug;
    List<String> allowedHosts;
    final List<NotPortable> problems = new ArrayList<>();

    DjangoSettings(SourceFile src, String module) {
        this.src = src;
        this.module = module;
        read();
    }

    private NotPortable refuse(int line, String message) {
        return new NotPortable(src.path(), line, DjangoToFastapi.ID, "not ported to FastAPI: " + message);
    }

    private void read() {
        Map<String, Expr_stmtContext> assigned = new LinkedHashMap<>();
        for (StmtContext s : src.tree().stmt()) {
            for (Expr_stmtContext e : Py.descendants(s, Expr_stmtContext.class)) {
                String name = Py.nameOf(e.star_expressions());
                if (name == null || !name.equals(name.toUpperCase(java.util.Locale.ROOT))) {
                    continue;
                }
                if (e.augassign() != null || e.assigned_value().size() != 1) {
                    problems.add(refuse(Py.line(e), "the setting " + name + " is changed after it is set; the port "
                            + "reads settings written once as literals"));
                    continue;
                }
                assigned.put(name, e);
            }
        }
        for (String name : NOT_REPRODUCED) {
            if (assigned.containsKey(name) || src.text().contains(name)) {
                int line = assigned.containsKey(name) ? Py.line(assigned.get(name)) : 1;
                problems.add(refuse(line, "the setting " + name + " changes how Django answers; the port reproduces "
                        + "only Django's defaults for it"));
            }
        }
        java.util.regex.Matcher atomic = java.util.regex.Pattern.compile("ATOMIC_REQUESTS['\"]?\\s*:\\s*True")
                .matcher(src.text());
        if (atomic.find()) {
            problems.add(refuse(src.line(atomic.start()), "ATOMIC_REQUESTS wraps each Django view in a transaction; "
                    + "FastAPI has no such wrapper (use transaction.atomic() inside the view)"));
        }
        Expr_stmtContext urlconf = assigned.get("ROOT_URLCONF");
        rootUrlconf = urlconf == null ? null : Py.string(urlconf.assigned_value(0).star_expressions());
        if (rootUrlconf == null) {
            problems.add(refuse(urlconf == null ? 1 : Py.line(urlconf), "ROOT_URLCONF is not a string literal"));
        }
        Expr_stmtContext mw = assigned.get("MIDDLEWARE");
        List<String> listed = mw == null ? List.of() : strings(mw);
        if (mw != null && listed == null) {
            problems.add(refuse(Py.line(mw), "MIDDLEWARE is not a list of string literals"));
        } else {
            middleware.addAll(listed);
        }
        for (String m : middleware) {
            if (m.equals(WHITENOISE)) {
                Expr_stmtContext url = assigned.get("STATIC_URL");
                String prefix = url == null ? "static/" : Py.string(url.assigned_value(0).star_expressions());
                staticPrefix = prefix == null || src.text().contains("WHITENOISE_ROOT") || prefix.contains("://") ? ""
                        : prefix.replaceFirst("^/", "");
                staticLine = Py.line(mw);
                continue;
            }
            if (!m.equals(SECURITY) && !m.equals(COMMON) && !m.equals(CSRF) && !m.equals(XFRAME)
                    && !UNUSED_BY_PORTED_VIEWS.contains(m)) {
                problems.add(refuse(Py.line(mw), "the middleware " + m + " runs around every Django view; write it "
                        + "as a FastAPI middleware (app.middleware(\"http\")) or keep the app on Django"));
            }
        }
        Expr_stmtContext slash = assigned.get("APPEND_SLASH");
        if (slash != null) {
            String v = slash.assigned_value(0).getText();
            if (!v.equals("True") && !v.equals("False")) {
                problems.add(refuse(Py.line(slash), "APPEND_SLASH is not True or False"));
            }
            appendSlash = v.equals("True");
        }
        Expr_stmtContext dbg = assigned.get("DEBUG");
        debug = dbg == null ? Boolean.FALSE : dbg.assigned_value(0).getText().equals("True") ? Boolean.TRUE
                : dbg.assigned_value(0).getText().equals("False") ? Boolean.FALSE : null;
        Expr_stmtContext hosts = assigned.get("ALLOWED_HOSTS");
        allowedHosts = hosts == null ? List.of() : strings(hosts);
        if (allowedHosts == null || allowedHosts.isEmpty() && debug == null) {
            allowedHosts = null; // read at start-up, as Django reads them (keep_django_hosts)
        } else if (allowedHosts.isEmpty() && !Boolean.TRUE.equals(debug)) {
            problems.add(refuse(hosts == null ? 1 : Py.line(hosts), "ALLOWED_HOSTS is empty and DEBUG is not True "
                    + "(Django answers every request with 400)"));
        }
    }

    /** The string literals of a list or tuple display, or null when it holds anything else. */
    private static List<String> strings(Expr_stmtContext e) {
        return Py.stringList(e.assigned_value(0).star_expressions());
    }

    boolean has(String middlewareName) {
        return middleware.contains(middlewareName);
    }

    /**
     * The hosts Starlette's TrustedHostMiddleware must accept to answer as Django's host check does; null when the
     * settings compute them (the support module then checks hosts with Django's own settings and function).
     */
    List<String> trustedHosts() {
        if (allowedHosts == null) {
            return null;
        }
        List<String> hosts = allowedHosts.isEmpty() ? List.of(".localhost", "127.0.0.1", "[::1]") : allowedHosts;
        List<String> out = new ArrayList<>();
        for (String h : hosts) {
            if (h.equals("*")) {
                return List.of("*");
            }
            if (h.startsWith(".")) {
                out.add(h.substring(1));
                out.add("*" + h);
            } else {
                out.add(h);
            }
        }
        return out;
    }
}
