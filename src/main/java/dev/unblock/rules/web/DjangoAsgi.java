package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ASGI entry point a Django port writes beside manage.py (uvicorn asgi:app). */
final class DjangoAsgi {
    private DjangoAsgi() {
    }

    /**
     * {@code asgi.py}: sets the settings module, runs {@code django.setup()}, builds the app with Django's answers
     * kept (errors, trailing slashes, hosts, security headers), includes the root router and, in a partial port,
     * mounts Django's WSGI app behind it.
     */
    static String text(DjangoSettings settings, String settingsModule, String compatModule, boolean partial) {
        List<String> compat = new ArrayList<>(List.of("django_errors"));
        List<String> setup = new ArrayList<>(List.of("django_errors(app)"));
        boolean common = settings.has(DjangoSettings.COMMON);
        if (common && settings.appendSlash && !partial) { // partial: Django's CommonMiddleware redirects
            compat.add("keep_django_slashes");
            setup.add("keep_django_slashes(app)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (settings.has(DjangoSettings.SECURITY)) {
            headers.put("X-Content-Type-Options", "nosniff");
            headers.put("Referrer-Policy", "same-origin");
        }
        if (settings.has(DjangoSettings.XFRAME)) {
            headers.put("X-Frame-Options", "DENY");
        }
        if (!headers.isEmpty()) {
            compat.add("keep_django_headers");
            List<String> items = new ArrayList<>();
            headers.forEach((k, v) -> items.add(PyString.literal(k) + ": " + PyString.literal(v)));
            setup.add("keep_django_headers(app, {" + String.join(", ", items) + "})");
        }
        StringBuilder imports = new StringBuilder(partial
                ? "from django.core.wsgi import get_wsgi_application  # noqa: E402\n" : "");
        imports.append("from fastapi import FastAPI  # noqa: E402\n");
        if (partial) {
            compat.add("mount_django");
        }
        if (common && settings.trustedHosts() == null) {
            compat.add("keep_django_hosts");
            setup.add("keep_django_hosts(app)");
        } else if (common) {
            imports.append("from starlette.middleware.trustedhost import TrustedHostMiddleware  # noqa: E402\n");
            List<String> hosts = settings.trustedHosts().stream().map(PyString::literal).toList();
            setup.add("app.add_middleware(TrustedHostMiddleware, allowed_hosts=[" + String.join(", ", hosts)
                    + "], www_redirect=False)");
        }
        imports.append("\nfrom ").append(compatModule).append(" import ").append(String.join(", ", new java.util.TreeSet<>(compat)))
                .append("  # noqa: E402\n");
        imports.append("from ").append(settings.rootUrlconf).append(" import router  # noqa: E402\n");
        String doc = partial ? "\"\"\"The ASGI entry point of the app ported from Django: serve it with `uvicorn asgi:app`.\n\n"
                + "The routes ported to FastAPI answer first; every other request goes to the Django app, mounted last "
                + "with\nWSGIMiddleware, where the URL patterns left to Django keep running.\n\"\"\"\n"
                : "\"\"\"The ASGI entry point of the app ported from Django: serve it with `uvicorn asgi:app`.\"\"\"\n";
        return doc + "import os\n\nimport django\n\n"
                + "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", " + PyString.literal(settingsModule) + ")\n"
                + "django.setup()\n\n" + imports
                + (partial ? "\napp = FastAPI(openapi_url=None)  # no /docs: those paths stay Django's\n" : "\napp = FastAPI()\n")
                + String.join("\n", setup) + "\n"
                + "app.include_router(router)\n"
                + (partial ? "mount_django(app, get_wsgi_application())\n" : "") + "\n"
                + "if __name__ == \"__main__\":\n    import uvicorn\n\n"
                + "    uvicorn.run(app, host=\"127.0.0.1\", port=8000)\n";
    }
}
