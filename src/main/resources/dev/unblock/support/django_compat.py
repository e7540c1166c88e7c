"""Django's behaviour where FastAPI's differs, for an app ported from Django by Unblock (`unblock explain UB808`).

The views keep building their responses the way Django does (the same bodies, statuses and headers), Django's
exceptions get Django's statuses, and trailing slashes and security headers follow the project's middleware.
Importing this module registers the path convertors `django_slug` and `django_path`.
"""
import json
import urllib.parse

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.utils.encoding import iri_to_uri
from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.middleware.wsgi import WSGIMiddleware
from starlette.routing import Match, Mount


class DjangoSlug(Convertor):
    """Django's <slug:x>: ASCII letters, digits, hyphens and underscores."""

    regex = "[-a-zA-Z0-9_]+"

    def convert(self, value):
        return value

    def to_string(self, value):
        return str(value)


class DjangoPath(Convertor):
    """Django's <path:x>: a non-empty string, slashes included (Starlette's path also takes an empty one)."""

    regex = ".+"

    def convert(self, value):
        return value

    def to_string(self, value):
        return str(value)


register_url_convertor("django_slug", DjangoSlug())
register_url_convertor("django_path", DjangoPath())


class DjangoResponse(Response):
    """A Starlette response that also takes Django's ways of reading and setting headers (response["X"] = v)."""

    def __setitem__(self, header, value):
        self.headers[header] = str(value)

    def __getitem__(self, header):
        return self.headers[header]

    def __delitem__(self, header):
        del self.headers[header]

    def __contains__(self, header):
        return header in self.headers

    def has_header(self, header):
        return header in self.headers

    @property
    def content(self):
        return self.body


def _bytes(value, charset):
    if isinstance(value, (bytes, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode(charset)
    if hasattr(value, "__iter__"):
        return b"".join(_bytes(chunk, charset) for chunk in value)
    return str(value).encode(charset)


def django_response(content=b"", content_type=None, status=None, reason=None, charset=None, headers=None):
    """HttpResponse(...): the same body, status, content type and headers as Django's."""
    charset = charset or "utf-8"
    response = DjangoResponse(_bytes(content, charset), status_code=int(status) if status is not None else 200)
    for name, value in (headers or {}).items():
        response[name] = value
    if "content-type" not in response.headers:
        response["Content-Type"] = content_type or "text/html; charset=" + charset
    return response


def _with_status(code):
    def build(content=b"", content_type=None, status=None, reason=None, charset=None, headers=None):
        return django_response(content, content_type, code if status is None else status, reason, charset, headers)

    return build


django_not_found = _with_status(404)
django_bad_request = _with_status(400)
django_forbidden = _with_status(403)
django_gone = _with_status(410)
django_server_error = _with_status(500)


def django_not_allowed(permitted_methods, *args, **kwargs):
    """HttpResponseNotAllowed(methods): 405 with the Allow header."""
    response = _with_status(405)(*args, **kwargs)
    response["Allow"] = ", ".join(permitted_methods)
    return response


def django_redirect(redirect_to, *args, **kwargs):
    """HttpResponseRedirect(url): 302 to the URL as Django encodes it."""
    response = _with_status(302)(*args, **kwargs)
    response["Location"] = iri_to_uri(redirect_to)
    return response


def django_permanent_redirect(redirect_to, *args, **kwargs):
    """HttpResponsePermanentRedirect(url): 301 to the URL as Django encodes it."""
    response = _with_status(301)(*args, **kwargs)
    response["Location"] = iri_to_uri(redirect_to)
    return response


def django_json(data, encoder=DjangoJSONEncoder, safe=True, json_dumps_params=None, **kwargs):
    """JsonResponse(data, ...): Django's JSON encoder (dates, decimals, UUIDs) and its refusal of a non-dict."""
    if safe and not isinstance(data, dict):
        raise TypeError("In order to allow non-dict objects to be serialized set the safe parameter to False.")
    kwargs.setdefault("content_type", "application/json")
    return django_response(json.dumps(data, cls=encoder, **(json_dumps_params or {})), **kwargs)


def django_csrf_failure():
    """CsrfViewMiddleware's answer to an unsafe method without a CSRF token (the port has no tokens): 403, before
    the view is reached."""
    return JSONResponse({"detail": "CSRF verification failed. Request aborted."}, status_code=403)


def served_by_fastapi(request, *args, **kwargs):
    """The Django view of a URL pattern ported to FastAPI. The pattern stays in urlpatterns so that reverse(),
    {% url %} and CommonMiddleware's APPEND_SLASH still know it, but FastAPI's route answers its paths before the
    mounted Django app sees them (see mount_django), so Django never calls this."""
    raise Http404("this path is served by the FastAPI app")


def django_view_options(*allowed):
    """A class-based view's OPTIONS: 200 with the Allow header and no body, as Django's View.options answers."""

    def options():
        return django_response(headers={"Allow": ", ".join(allowed), "Content-Length": "0"})

    return options


class django_method_not_allowed:
    """A view's answer to a method it does not take: 405 with Allow listing the methods it takes, in Django's order
    (View.http_method_not_allowed, @require_http_methods). Routed last for the view's path: Starlette gives an ASGI
    app as endpoint every method, so the router never reaches its own 405, which lists only the first route's."""

    def __init__(self, *allowed):
        self.allowed = allowed

    async def __call__(self, scope, receive, send):
        await django_not_allowed(self.allowed)(scope, receive, send)


async def form_data(request: Request):
    """request.POST: the form fields of a form-encoded or multipart body, else none."""
    return await request.form()


async def raw_body(request: Request):
    """request.body: the body's bytes."""
    return await request.body()


def django_errors(app):
    """Django's statuses for its exceptions (Http404, PermissionDenied, SuspiciousOperation), and its empty 405."""

    def not_found(request, exc):
        return JSONResponse({"detail": "Not Found"}, status_code=404)

    def forbidden(request, exc):
        return JSONResponse({"detail": "Forbidden"}, status_code=403)

    def bad_request(request, exc):
        return JSONResponse({"detail": "Bad Request"}, status_code=400)

    async def http_error(request, exc):
        if exc.status_code == 405:
            return Response(status_code=405, headers=getattr(exc, "headers", None))
        return await http_exception_handler(request, exc)

    app.add_exception_handler(Http404, not_found)
    app.add_exception_handler(PermissionDenied, forbidden)
    app.add_exception_handler(SuspiciousOperation, bad_request)
    app.add_exception_handler(StarletteHTTPException, http_error)


class DjangoSlashes:
    """APPEND_SLASH of Django's CommonMiddleware: a path without its trailing slash that no route takes, when the
    path with the slash is one, is redirected there with 301 (the query kept); Starlette's own redirects are off."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and not scope["path"].endswith("/"):
            routes = scope["app"].router.routes
            with_slash = dict(scope, path=scope["path"] + "/")
            if all(r.matches(scope)[0] == Match.NONE for r in routes) and any(
                r.matches(with_slash)[0] != Match.NONE for r in routes
            ):
                location = urllib.parse.quote(scope.get("root_path", "") + with_slash["path"], safe="/:@&+$,-_.!~*'()")
                query = scope["query_string"].decode("latin-1")
                response = Response(status_code=301, headers={"Location": location + ("?" + query if query else "")})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def keep_django_slashes(app):
    """Trailing slashes as Django's CommonMiddleware treats them (see DjangoSlashes)."""
    app.router.redirect_slashes = False
    app.add_middleware(DjangoSlashes)


class DjangoHeaders:
    """The headers Django's SecurityMiddleware and XFrameOptionsMiddleware add to a response that lacks them."""

    def __init__(self, app, headers):
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = dict(message, headers=list(message.get("headers", [])) + extra)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def keep_django_headers(app, headers):
    """Adds Django's security headers (see DjangoHeaders) to every response."""
    app.add_middleware(DjangoHeaders, headers=headers)


class DjangoMount(Mount):
    """Django's WSGI app mounted at / behind the ported routes: it takes every request no route of the FastAPI app
    matches, but not one whose path a route matches with another method (that route answers 405, as the view did)."""

    def __init__(self, wsgi_app, routes):
        super().__init__("/", app=WSGIMiddleware(wsgi_app))
        self.ported = list(routes)

    def matches(self, scope):
        if any(route.matches(scope)[0] != Match.NONE for route in self.ported):
            return Match.NONE, {}
        return super().matches(scope)


def mount_django(app, wsgi_app):
    """Serves the URL patterns left to Django: its WSGI app, mounted last (see DjangoMount)."""
    app.router.routes.append(DjangoMount(wsgi_app, app.router.routes))


class DjangoHosts:
    """CommonMiddleware's host check with the hosts the project's settings compute (ALLOWED_HOSTS, and Django's
    defaults when DEBUG is on and it is empty): a request for another host is answered 400, as Django does."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            from django.conf import settings
            from django.http.request import split_domain_port, validate_host

            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            domain, _ = split_domain_port(host)
            allowed = settings.ALLOWED_HOSTS
            if settings.DEBUG and not allowed:
                allowed = [".localhost", "127.0.0.1", "[::1]"]
            if not domain or not validate_host(domain, allowed):
                await Response("<h1>Bad Request (400)</h1>", status_code=400, media_type="text/html")(scope, receive, send)
                return
        await self.app(scope, receive, send)


def keep_django_hosts(app):
    """Django's host check (see DjangoHosts) for every request."""
    app.add_middleware(DjangoHosts)
