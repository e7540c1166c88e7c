"""Flask's behaviour where FastAPI's differs, for an app ported from Flask by Unblock (`unblock explain UB801`).

Importing this module registers the path convertors `flask_float` and `flask_uuid`.
"""
import asyncio
import contextvars
import datetime
import functools
import json
import uuid
from urllib.parse import unquote_plus

from fastapi import HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.datastructures import DefaultPlaceholder
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.convertors import Convertor, register_url_convertor
from starlette.middleware.wsgi import WSGIMiddleware
from starlette.routing import Match, Mount


class FlaskFloat(Convertor):
    """Flask's <float:x>: digits, a dot, digits (Starlette's float also takes 3)."""

    regex = r"\d+\.\d+"

    def convert(self, value):
        return float(value)

    def to_string(self, value):
        return str(float(value))


class FlaskUUID(Convertor):
    """Flask's <uuid:x>, which also takes upper-case hex digits."""

    regex = r"[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}"

    def convert(self, value):
        return uuid.UUID(value)

    def to_string(self, value):
        return str(value)


register_url_convertor("flask_float", FlaskFloat())
register_url_convertor("flask_uuid", FlaskUUID())


class FlaskSlashes:
    """Flask redirects /a to /a/ (308) when only /a/ is a route, and answers 404 for /b/ when only /b is one.
    A mounted Flask app (FlaskMount) redirects for its own routes."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and not scope["path"].endswith("/"):
            routes = scope["app"].router.routes
            with_slash = dict(scope, path=scope["path"] + "/")
            if not any(r.matches(scope)[0] == Match.FULL for r in routes) and any(
                r.matches(with_slash)[0] == Match.FULL for r in routes if not isinstance(r, FlaskMount)
            ):
                host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
                query = scope["query_string"].decode("latin-1")
                location = scope["scheme"] + "://" + host + scope.get("root_path", "") + with_slash["path"]
                response = Response(status_code=308, headers={"Location": location + ("?" + query if query else "")})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class FlaskAllow:
    """A 405 lists in Allow every method the path's rules take, as Werkzeug's does: HEAD where GET is, and OPTIONS,
    which Flask adds to each rule. Starlette lists only the methods of the first route matching the path, so a path
    served by several handlers (@app.get and @app.post, or a view split per method) lost the others."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        allowed = self._allowed(scope) if scope["type"] == "http" else None
        if not allowed:
            await self.app(scope, receive, send)
            return

        async def send_allow(message):
            if message["type"] == "http.response.start" and message["status"] == 405:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                if len(headers) < len(message.get("headers", [])):  # the router's 405, not a page the app made
                    headers.append((b"allow", ", ".join(sorted(allowed)).encode("latin-1")))
                    message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, send_allow)

    @staticmethod
    def _allowed(scope):
        """The methods of the routes whose path matches when none takes the request's method; else None."""
        methods = set()
        for route in scope["app"].router.routes:
            match, _ = route.matches(scope)
            if match == Match.FULL:
                return None
            if match == Match.PARTIAL and getattr(route, "methods", None):
                methods.update(route.methods)
        if not methods:
            return None
        if "GET" in methods:
            methods.add("HEAD")
        return methods | {"OPTIONS"}


class FlaskMount(Mount):
    """The Flask app mounted at / behind the routes moved to FastAPI (UB810): it takes every request no moved route
    matches, but not one whose path a moved route matches with another method (that route answers 405, as Flask did).
    HEAD and OPTIONS that no moved route takes go to Flask, which still has every route and answers them as before
    (FastAPI answers neither by itself)."""

    def __init__(self, flask_app, routes):
        super().__init__("/", app=WSGIMiddleware(flask_app))
        self.moved = list(routes)

    def matches(self, scope):
        if scope.get("method") not in ("HEAD", "OPTIONS") and any(route.matches(scope)[0] != Match.NONE for route in self.moved):
            return Match.NONE, {}
        return super().matches(scope)


def mount_flask(app, flask_app):
    """Serves the routes left on Flask: the Flask app, mounted last (see FlaskMount)."""
    app.router.routes.append(FlaskMount(flask_app, app.router.routes))


_TEARDOWN_DONE = contextvars.ContextVar("flask_teardown_done", default=None)


def flask_teardown(app):
    """@app.teardown_appcontext / @app.teardown_request: the hook runs after every request, as in Flask (see
    FlaskTeardown). Use as a decorator in place of Flask's."""

    def register(hook):
        app.user_middleware.insert(0, Middleware(FlaskTeardown, fastapi_app=app, hook=hook))  # outermost
        return hook

    return register


class FlaskTeardown:
    """Flask runs a teardown hook after every request, on the request's own thread, once the view and its response
    are made. Each route's endpoint is wrapped so that the hook runs right after it on the same thread (its value
    turned into the response first, as jsonify did in the view); a request no view answers (404, 405) runs the hook
    before its answer starts."""

    def __init__(self, app, fastapi_app, hook):
        self.app = app
        self.fastapi_app = fastapi_app
        self.hook = hook

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self._wrap_routes()
        done = {"hook": False}
        token = _TEARDOWN_DONE.set(done)

        async def send_after_hook(message):
            if message["type"] == "http.response.start" and not done["hook"]:
                done["hook"] = True
                await run_in_threadpool(self.hook, None)
            await send(message)

        try:
            await self.app(scope, receive, send_after_hook)
        except BaseException:
            if not done["hook"]:
                done["hook"] = True
                await run_in_threadpool(self.hook, None)
            raise
        finally:
            _TEARDOWN_DONE.reset(token)

    def _wrap_routes(self):
        for route in self.fastapi_app.router.routes:
            if isinstance(route, APIRoute) and not getattr(route.dependant.call, "flask_teardown", False):
                route.dependant.call = self._wrapped(route, route.dependant.call)

    def _wrapped(self, route, call):
        hook = self.hook
        # FastAPI would encode the value after the endpoint returns: do it before the hook, as Flask's view did
        encode = (route.response_model is None and route.status_code is None and route.dependant.response_param_name
                  is None and isinstance(route.response_class, DefaultPlaceholder))

        def respond(value):
            return value if isinstance(value, Response) or not encode else JSONResponse(jsonable_encoder(value))

        def after():
            done = _TEARDOWN_DONE.get()
            if done is not None:
                done["hook"] = True
            hook(None)

        if asyncio.iscoroutinefunction(call):
            @functools.wraps(call)
            async def view(*args, **kwargs):
                try:
                    return respond(await call(*args, **kwargs))
                finally:
                    after()
        else:
            @functools.wraps(call)
            def view(*args, **kwargs):
                try:
                    return respond(call(*args, **kwargs))
                finally:
                    after()
        view.flask_teardown = True
        return view


def flask_cors_headers(app, **options):
    """CORS(app, ...) of Flask-CORS, with the same options (see FlaskCORS)."""
    from flask_cors import core

    class Settings:
        config = getattr(app.state, "config", {})

    merged = core.get_cors_options(Settings, options)
    resources = [(pattern, core.get_cors_options(Settings, merged, own))
                 for pattern, own in core.parse_resources(merged.get("resources"))]
    # inside the teardown hook's middleware (Flask runs the hook after every answer, OPTIONS too), outside the others
    at = next((i + 1 for i, m in enumerate(app.user_middleware) if m.cls is FlaskTeardown), 0)
    app.user_middleware.insert(at, Middleware(FlaskCORS, fastapi_app=app, resources=resources,
                                              on_errors=merged.get("intercept_exceptions", True)))


class FlaskCORS:
    """Flask-CORS's answers: its own functions (flask_cors.core) choose the headers of each response, for the first
    resource pattern the path matches, unless the response already has Access-Control-Allow-Origin; and an OPTIONS
    request to a path routes serve is answered as Flask's automatic OPTIONS did (200, empty, Allow), so that
    preflight requests pass."""

    def __init__(self, app, fastapi_app, resources, on_errors=True):
        self.app = app
        self.fastapi_app = fastapi_app
        self.resources = resources
        self.on_errors = on_errors

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from urllib.parse import unquote

        from flask_cors import core
        from werkzeug.datastructures import Headers

        request_headers = Headers([(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]])
        path = unquote(scope["path"])
        options = next((o for pattern, o in self.resources if core.try_match_pattern(path, pattern, caseSensitive=True)),
                       None)

        started = False

        async def send_with_cors(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            if message["type"] == "http.response.start" and options is not None:
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"access-control-allow-origin" for k, _ in headers):
                    for k, v in core.get_cors_headers(options, request_headers, scope["method"]).items(multi=True):
                        headers.append((k.encode("latin-1"), str(v).encode("latin-1")))
                message = dict(message, headers=headers)
            await send(message)

        allowed = self._automatic_options(scope) if scope["method"] == "OPTIONS" else None
        if allowed is None:
            try:
                await self.app(scope, receive, send_with_cors)
            except Exception:
                if not started and self.on_errors:
                    # Flask-CORS also sets the headers of the 500 answering an unhandled error; Starlette's body
                    await PlainTextResponse("Internal Server Error", status_code=500)(scope, receive, send_with_cors)
                raise
            return
        response = Response(status_code=200, media_type="text/html",
                            headers={"Allow": ", ".join(sorted(allowed))})
        await response(scope, receive, send_with_cors)

    def _automatic_options(self, scope):
        """The methods of the routes serving the path, when Flask would answer OPTIONS itself; else None."""
        methods = set()
        for route in self.fastapi_app.router.routes:
            route_methods = getattr(route, "methods", None)
            if isinstance(route, Mount) and route.name == "static" and scope["path"].startswith(route.path + "/") \
                    and len(scope["path"]) > len(route.path) + 1:
                methods.update({"GET", "HEAD"})  # Flask's static route
            if route_methods is None:
                continue
            match, _ = route.matches(dict(scope, method="GET"))
            if match != Match.NONE:
                if "OPTIONS" in route_methods:
                    return None  # a view of the project's own answers it
                methods.update(route_methods)
        if "GET" in methods:
            methods.add("HEAD")  # Flask's rules answer HEAD for GET
        return methods | {"OPTIONS"} if methods else None


def keep_flask_routing(app):
    """Flask's routing answers where Starlette's differ: trailing slashes (see FlaskSlashes), in place of Starlette's
    redirects both ways, and the Allow header of a 405 (see FlaskAllow)."""
    app.router.redirect_slashes = False
    app.add_middleware(FlaskSlashes)
    app.add_middleware(FlaskAllow)


def convert(value, type, default=None):
    """request.args.get(key, default, type=type): the default when the value is missing or type rejects it."""
    if value is None:
        return default
    try:
        return type(value)
    except ValueError:
        return default


def query_arg(key, default=None):
    """request.args.get(key): the key's first value, as Werkzeug gives it (FastAPI's Query takes the last)."""
    async def first_value(request: Request):
        values = request.query_params.getlist(key)
        return values[0] if values else default
    return first_value


class MissingArgument(HTTPException, KeyError):
    """request.args[key] or request.form[key] of a key the query or form lacks: Flask answers 400, and code catching
    KeyError catches it (Werkzeug's BadRequestKeyError is both)."""

    def __init__(self, key):
        HTTPException.__init__(self, status_code=400)
        self.args = (key,)


class FlaskArgs:
    """request.args or request.form used whole, read as Werkzeug's MultiDict reads it (Starlette's QueryParams and
    FormData give a repeated key's last value): [key] and get give a key's first value ([key] answers 400 when it is missing, get(key, default,
    type) the default, also on a value type rejects), getlist(key, type) every value, `in` and iteration the keys,
    keys/values/items and to_dict(flat) the first values (all of them with items(multi=True), to_dict(flat=False))."""

    def __init__(self, pairs):
        self._lists = {}
        for key, value in pairs:
            self._lists.setdefault(key, []).append(value)

    def __getitem__(self, key):
        if key not in self._lists:
            raise MissingArgument(key)
        return self._lists[key][0]

    def get(self, key, default=None, type=None):
        if key not in self._lists:
            return default
        return self[key] if type is None else convert(self[key], type, default)

    def getlist(self, key, type=None):
        values = list(self._lists.get(key, ()))
        if type is None:
            return values
        converted = []
        for value in values:
            try:
                converted.append(type(value))
            except ValueError:
                pass  # Werkzeug leaves out a value type rejects
        return converted

    def __contains__(self, key):
        return key in self._lists

    def __iter__(self):
        return iter(self._lists)

    def __len__(self):
        return len(self._lists)

    def keys(self):
        return self._lists.keys()

    def values(self):
        return (values[0] for values in self._lists.values())

    def items(self, multi=False):
        for key, values in self._lists.items():
            if multi:
                yield from ((key, value) for value in values)
            else:
                yield key, values[0]

    def to_dict(self, flat=True):
        return {key: values[0] if flat else list(values) for key, values in self._lists.items()}

    def __repr__(self):
        return f"FlaskArgs({list(self.items(multi=True))!r})"


async def request_args(request: Request):
    """request.args used whole (see FlaskArgs)."""
    return FlaskArgs(request.query_params.multi_items())


async def request_form(request: Request):
    """request.form used whole (see FlaskArgs and form_pairs)."""
    return FlaskArgs(await form_pairs(request))


def query_list(key):
    """request.args.getlist(key)."""
    async def values(request: Request):
        return request.query_params.getlist(key)
    return values


def form_field(key, default=None):
    """request.form.get(key): the key's first text value. FastAPI's Form takes an empty field for a missing one
    and a file for a value (422); Flask keeps "" and leaves files to request.files."""
    async def first_value(request: Request):
        values = await form_list(key)(request)
        return values[0] if values else default
    return first_value


def form_list(key):
    """request.form.getlist(key): the key's text values, empty ones included."""
    async def values(request: Request):
        return [v for k, v in await form_pairs(request) if k == key]
    return values


async def form_pairs(request):
    """The fields of request.form, in order, as Werkzeug reads them: the text fields of a multipart body (files are
    request.files), or a form-encoded body split as Werkzeug's url_decode splits it, which Starlette's parser does
    not quite (it drops a last field without "=", also splits on ";", and reads raw bytes as Latin-1)."""
    mimetype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if mimetype != "application/x-www-form-urlencoded":
        form = await request.form()
        return [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    # raw bytes above ASCII %-escaped, so that they are read as UTF-8 like the escaped ones
    text = "".join(chr(b) if b < 0x80 else "%%%02X" % b for b in await request.body())
    pairs = []
    for pair in text.split("&"):
        if pair:
            key, _, value = pair.partition("=")
            pairs.append((unquote_plus(key, errors="replace"), unquote_plus(value, errors="replace")))
    return pairs


def require(value):
    """request.args[key], request.form[key], request.headers[key]: Flask answers 400 when the key is missing."""
    if value is None:
        raise HTTPException(status_code=400)
    return value


def is_json(request):
    """request.is_json: application/json, or application/...+json."""
    mimetype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))


async def json_body(request: Request):
    """request.get_json() / request.json: 400 unless the body is JSON sent as JSON."""
    if not is_json(request):
        raise HTTPException(status_code=400)
    try:
        return json.loads(await request.body())
    except ValueError:
        raise HTTPException(status_code=400) from None


async def json_body_or_none(request: Request):
    """request.get_json(silent=True): None unless the body is JSON sent as JSON."""
    if not is_json(request):
        return None
    try:
        return json.loads(await request.body())
    except ValueError:
        return None


async def json_body_forced(request: Request):
    """request.get_json(force=True): the body parsed as JSON whatever its content type, else 400."""
    try:
        return json.loads(await request.body())
    except ValueError:
        raise HTTPException(status_code=400) from None


async def raw_body(request: Request):
    """request.data / request.get_data(): the body's bytes."""
    return await request.body()


def flask_response(*args):
    """make_response(*args), or a view's return value whose kind is known only at run time, as Flask answers it."""
    rv = args[0] if len(args) == 1 else args
    status = headers = None
    if isinstance(rv, tuple):
        rv, *rest = rv
        if len(rest) == 2:
            status, headers = rest
        elif len(rest) == 1 and isinstance(rest[0], (dict, list, tuple)):
            headers = rest[0]
        elif len(rest) == 1:
            status = rest[0]
        elif rest:
            raise TypeError("The view function did not return a valid response tuple.")
    if isinstance(rv, Response):
        response = rv
        if status is not None:
            response.status_code = int(status)
    elif isinstance(rv, (str, bytes)):
        response = HTMLResponse(rv, status_code=int(status or 200))
    elif isinstance(rv, (dict, list)):
        response = JSONResponse(jsonable_encoder(rv), status_code=int(status or 200))
    elif rv is None:
        raise TypeError("The view function did not return a valid response.")
    else:
        raise TypeError(f"The view function did not return a valid response: {type(rv).__name__}")
    for name, value in headers.items() if isinstance(headers, dict) else headers or ():
        response.headers[name] = str(value)
    return response


def flask_config(**settings):
    """app.config of the ported app: Flask's default settings (an app may read them unset), then its own."""
    config = {
        "DEBUG": None,
        "TESTING": False,
        "PROPAGATE_EXCEPTIONS": None,
        "SECRET_KEY": None,
        "PERMANENT_SESSION_LIFETIME": datetime.timedelta(days=31),
        "SERVER_NAME": None,
        "APPLICATION_ROOT": "/",
        "MAX_CONTENT_LENGTH": None,
        "PREFERRED_URL_SCHEME": "http",
    }
    config.update(settings)
    return config


def flask_config_object(obj):
    """The settings app.config.from_object(obj) took: obj's upper-case attributes; a string names the object."""
    if isinstance(obj, str):
        import importlib

        module, _, attr = obj.replace(":", ".").rpartition(".")
        try:
            obj = importlib.import_module(obj)
        except ImportError:
            obj = getattr(importlib.import_module(module), attr)
    return {key: getattr(obj, key) for key in dir(obj) if key.isupper()}


def flask_app_errorhandler(router, code_or_exception):
    """@bp.app_errorhandler(...): the router keeps the handler for the app that includes it (routers have none)."""

    def keep(handler):
        router.__dict__.setdefault("flask_app_errorhandlers", []).append((code_or_exception, handler))
        return handler

    return keep


def add_flask_app_errorhandlers(app, router):
    """Installs on the app the error handlers a blueprint declared for the whole app, where it includes the router."""
    for code_or_exception, handler in router.__dict__.get("flask_app_errorhandlers", []):
        app.add_exception_handler(code_or_exception, handler)


def flask_test_client(app):
    """app.test_client(): a TestClient that, like Flask's, does not follow redirects and serves http://localhost."""
    from fastapi.testclient import TestClient

    client = TestClient(app, base_url="http://localhost")
    client.follow_redirects = False
    return client


# Werkzeug's reason phrases where they differ from http.HTTPStatus's (which httpx gives)
_WERKZEUG_PHRASES = {203: "Non Authoritative Information", 207: "Multi Status", 306: "Switch Proxy",
                     414: "Request URI Too Long", 449: "Retry With", 511: "Network Authentication Failed"}


def flask_status(response):
    """response.status of Flask's test client: the status line Werkzeug gives, e.g. "404 NOT FOUND"."""
    code = response.status_code
    phrase = _WERKZEUG_PHRASES.get(code) or response.reason_phrase or "Unknown"
    return f"{code} {phrase.upper()}"


def flask_templates(directory):
    """The templates render_template used: Flask's autoescaping, and a url_for giving paths (static files by filename)."""
    from fastapi.templating import Jinja2Templates
    from jinja2 import pass_context

    def autoescape(name):
        return name is None or name.endswith((".html", ".htm", ".xml", ".xhtml", ".svg"))

    templates = Jinja2Templates(directory=directory, autoescape=autoescape)

    @pass_context
    def url_for(context, endpoint, **values):
        if endpoint == "static" and "filename" in values:
            values["path"] = values.pop("filename")
        return context["request"].app.url_path_for(endpoint, **values)

    templates.env.globals["url_for"] = url_for
    return templates
