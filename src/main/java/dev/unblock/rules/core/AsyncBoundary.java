package dev.unblock.rules.core;

import java.util.List;

import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.HandOffs;
import dev.unblock.migrate.catalog.Knowledge;

/**
 * Where async cannot spread safely (callbacks, lambdas, properties, import-time calls, callers the engine
 * cannot see) the code stays sync and a finding names the bridge to use. The planner carries it out; this rule
 * contributes what Python and its standard library call synchronously.
 */
@RuleInfo(id = CoreRules.ASYNC_BOUNDARY, name = "async-boundary",
        summary = "Where async cannot spread safely, the code stays sync and a finding names the bridge to use.")
public final class AsyncBoundary implements Rule {
    public static final String ID = CoreRules.ASYNC_BOUNDARY;

    /** Built-in exception classes: they never call a subclass's own methods (their dunders stay sync anyway). */
    private static final List<String> EXCEPTIONS = List.of("BaseException", "Exception", "ArithmeticError",
            "AssertionError", "AttributeError", "EnvironmentError", "IOError", "OSError", "KeyError", "IndexError",
            "LookupError", "NameError", "NotImplementedError", "RuntimeError", "TypeError", "ValueError",
            "ConnectionError", "TimeoutError", "PermissionError", "FileNotFoundError", "UnicodeError", "Warning",
            "UserWarning", "DeprecationWarning", "StopIteration");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        Knowledge k = catalog.knowledge();
        k.syncCaller("builtins.object");
        EXCEPTIONS.forEach(e -> k.syncCaller("builtins." + e));
        for (String b : List.of("abc.ABC", "typing.Generic", "typing.Protocol", "typing.NamedTuple",
                "typing.TypedDict", "typing_extensions.Protocol", "typing_extensions.TypedDict")) {
            k.syncCaller(b);
        }
        for (String e : List.of("enum.Enum", "enum.IntEnum", "enum.Flag", "enum.IntFlag", "enum.StrEnum")) {
            k.syncCaller(e, "_missing_", "_generate_next_value_");
        }
        k.syncCaller("threading.Thread", "run");
        k.syncCaller("multiprocessing.Process", "run");
        for (String h : List.of("socketserver.BaseRequestHandler", "socketserver.StreamRequestHandler",
                "socketserver.DatagramRequestHandler")) {
            k.syncCaller(h, "handle", "setup", "finish");
        }
        for (String h : List.of("http.server.BaseHTTPRequestHandler", "http.server.SimpleHTTPRequestHandler")) {
            k.syncCaller(h, "do_*", "handle*", "log_*", "send_*", "parse_request", "version_string", "date_time_string");
        }
        for (String h : List.of("logging.Handler", "logging.StreamHandler", "logging.FileHandler", "logging.Filter",
                "logging.Formatter")) {
            k.syncCaller(h, "*");
        }
        k.syncCaller("json.JSONEncoder", "*");
        k.syncCaller("json.JSONDecoder", "*");
        k.syncCaller("argparse.Action", "*");
        k.syncCaller("cmd.Cmd", "*");
        for (String io : List.of("io.IOBase", "io.RawIOBase", "io.BufferedIOBase", "io.TextIOBase",
                "io.TextIOWrapper", "io.StringIO", "io.BytesIO")) {
            k.syncCaller(io, "*");
        }
        // Test runners (pytest, unittest) call test code synchronously; unless the test rules describe what they call
        // and how they can await it, every function of a test file stays sync, and so does what it calls.
        String tests = "it is test code, which its test runner calls synchronously";
        k.testFiles("(.*/)?(tests?|testing)/.*\\.py", tests);
        k.testFiles("(.*/)?(test_[^/]*|[^/]*_tests?|conftest|tests)\\.py", tests);
        // Decorators that hand back the function itself, or a descriptor that works for coroutine functions too.
        for (String d : List.of("builtins.staticmethod", "builtins.classmethod", "abc.abstractmethod",
                "typing.overload", "typing.override", "typing_extensions.override", "typing.final",
                "typing_extensions.final")) {
            k.asyncSafeDecorator(d);
        }
        // Timeouts by signal: the handler raises into the code the alarm interrupts, which asyncio moves to the loop.
        String alarm = "arms a signal alarm, whose handler raises into the code running when it fires: in async code "
                + "that is the event loop";
        k.syncCallerChain("signal.alarm", alarm);
        k.syncCallerChain("signal.setitimer", alarm);
        // Code that runs an event loop of its own cannot run inside one (RuntimeError).
        String loop = "runs an event loop of its own, which cannot start while one runs in the thread";
        k.syncCallerChain("asyncio.run", loop);
        k.syncCallerChain(".run_until_complete", loop);
        k.syncCallerChain(".run_forever", loop);
        k.eventLoopRunner("asyncio.run");
        k.eventLoopRunner(".run_until_complete");
        // What web applications are made with: a package that makes one is an app, and publishes no API.
        for (String app : List.of("flask.Flask", "flask.app.Flask", "quart.Quart", "fastapi.FastAPI",
                "fastapi.applications.FastAPI", "starlette.applications.Starlette", "aiohttp.web.Application",
                "falcon.App", "falcon.API", "bottle.Bottle", "tornado.web.Application", "sanic.Sanic",
                "django.core.wsgi.get_wsgi_application", "django.core.asgi.get_asgi_application")) {
            k.applicationObject(app);
        }
        // Frameworks that await coroutine handlers.
        for (String d : List.of("fastapi.FastAPI.*", "fastapi.APIRouter.*", "fastapi.routing.APIRouter.*",
                "starlette.applications.Starlette.*", "starlette.routing.Router.*", "aiohttp.web.RouteTableDef.*",
                "quart.Quart.*", "quart.Blueprint.*")) {
            k.asyncSafeDecorator(d);
        }
        handOffs(k.handOffs());
    }

    /** What Python's builtins and standard library do with a project object they are given. */
    private static void handOffs(HandOffs h) {
        // they read, copy or format an object, never calling its public methods (dunders stay sync anyway)
        for (String b : List.of("isinstance", "issubclass", "len", "str", "repr", "id", "hash", "type", "bool", "int",
                "float", "list", "tuple", "set", "frozenset", "dict", "sorted", "reversed", "enumerate", "zip", "iter",
                "next", "min", "max", "sum", "any", "all", "getattr", "hasattr", "delattr", "vars", "dir", "super",
                "callable", "format", "object")) {
            h.inert("builtins." + b);
        }
        for (String f : List.of("typing.cast", "copy.copy", "copy.deepcopy", "dataclasses.asdict",
                "dataclasses.astuple", "dataclasses.replace", "dataclasses.fields", "dataclasses.is_dataclass")) {
            h.inert(f);
        }
        // modules and methods that only format or record what they are given
        for (String m : List.of("logging.*", "typing.*", "warnings.*", "weakref.*", "unittest.mock.*", "mock.*",
                "unittest.TestCase.assert*", "builtins.object.*")) {
            h.inert(m);
        }
        h.inert("builtins.print", "file"); // print(x, file=w) calls w.write
        h.attributeStore("builtins.setattr");
        for (String c : List.of("builtins.dict", "builtins.list", "builtins.set", "builtins.tuple", "builtins.str",
                "builtins.frozenset", "collections.deque", "collections.OrderedDict", "collections.defaultdict",
                "queue.Queue")) {
            h.container(c);
        }
        h.keepingMethods("append", "appendleft", "extend", "insert", "add", "put", "put_nowait", "setdefault", "remove",
                "discard", "index", "count", "update", "format", "__new__", "get", "pop");
    }
}
