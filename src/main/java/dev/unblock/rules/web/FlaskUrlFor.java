package dev.unblock.rules.web;

import java.util.List;

import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.TrailerContext;

/**
 * {@code url_for} in a view (UB803): the app's {@code url_path_for} with the endpoint's full name, refused where
 * Flask's answer would differ (values that are not path parameters, endpoints left on Flask).
 */
final class FlaskUrlFor {
    private static final String ID = FlaskResponses.ID;

    private FlaskUrlFor() {
    }

    /** url_for(endpoint, **values) in a handler → request.app.url_path_for(endpoint, **values). */
    static void urlFor(ModulePort port, Handler h, PrimaryContext p) throws NotPortable {
        TrailerContext call = FlaskResponses.call(port, p, "url_for");
        Py.Args args = Py.args(call);
        ExpressionContext endpointArg = args.get(0, "endpoint");
        if (args.starred || endpointArg == null) {
            throw port.refuse(p, ID, "url_for with *args or **kwargs is not mapped");
        }
        boolean external = false;
        for (String k : args.keywords.keySet()) {
            if (k.equals("_external")) {
                var atom = Py.atom(args.keywords.get(k));
                if (atom == null || atom.TRUE() == null && atom.FALSE() == null) {
                    throw port.refuse(p, ID, "url_for(_external=…) with a value that is not True or False");
                }
                external = atom.TRUE() != null;
            } else if (k.startsWith("_")) {
                throw port.refuse(p, ID, "url_for(" + k + "=…) is not mapped");
            }
        }
        FileEdits e = port.edits;
        String endpoint = Py.string(endpointArg);
        if (endpoint != null) {
            String full = port.project.endpoint(port, endpoint, h);
            if (full == null && port.project.unportedEndpoints.contains(endpoint)) {
                throw port.refuse(p, ID, "url_for(\"" + endpoint + "\") names a view this port leaves on Flask (see "
                        + "its finding)");
            }
            if (full == null) {
                throw port.refuse(p, ID, "url_for(\"" + endpoint + "\") names no route this port knows");
            }
            List<String> params = port.project.pathParams(full);
            java.util.Set<String> given = new java.util.TreeSet<>(args.keywords.keySet());
            given.removeIf(k -> k.startsWith("_") || k.equals("endpoint"));
            if (full.equals("static")) {
                if (!given.equals(java.util.Set.of("filename"))) {
                    throw port.refuse(p, ID, "url_for(\"static\") needs exactly filename=");
                }
            } else if (params == null || !given.equals(new java.util.TreeSet<>(params))) {
                throw port.refuse(p, ID, "url_for(\"" + endpoint + "\") with values " + given + " for the path "
                        + "parameters " + params + ": Flask would add the others as a query string, FastAPI cannot");
            }
            if (!full.equals(endpoint)) {
                e.replace(port.start(endpointArg), port.end(endpointArg), PyString.literal(full), ID,
                        "the endpoint's full name");
            }
            if (full.equals("static")) {
                for (var a : args.all) {
                    if (a.EQUAL() != null && a.expression(0).getText().equals("filename")) {
                        e.replace(port.start(a.expression(0)), port.end(a.expression(0)), "path", ID,
                                "StaticFiles names the file path");
                    }
                }
            }
        }
        FlaskRequestToParameters.requestObject(port, h, port.start(p));
        for (var a : args.all) {
            if (a.EQUAL() != null && a.expression(0).getText().equals("_external")) {
                removeArgument(port, call, a);
            }
        }
        if (external) {
            e.replace(port.start(p), port.end(p.atom()), "str(" + h.requestName + ".url_for", ID,
                    "an external URL from the request's URL");
            e.insert(port.end(call), ")", ID, "", 1);
        } else {
            e.replace(port.start(p), port.end(p.atom()), h.requestName + ".app.url_path_for", ID,
                    "url_for is the app's url_path_for (a path, as Flask's url_for gives)");
        }
    }

    private static void removeArgument(ModulePort port, TrailerContext call, dev.unblock.python.PythonParser.ArgumentContext a)
            throws NotPortable {
        var list = call.arguments().argument();
        int i = list.indexOf(a);
        int from = i == 0 ? port.start(a) : port.end(list.get(i - 1));
        int to = i == 0 && list.size() > 1 ? port.start(list.get(1)) : port.end(a);
        port.edits.replace(from, to, "", ID, "");
    }
}
