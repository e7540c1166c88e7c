package dev.unblock.rules.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.unblock.rules.http.ArgumentValues.Kind;
import dev.unblock.rules.http.ArgumentValues.Shape;

/** What the file's tokens tell about a call argument: literals, displays, calls, and names through assignments. */
class ArgumentValuesTest {
    /** The shape of the argument of the last {@code send(...)} call in the source. */
    private static Shape argument(String source) {
        int open = source.lastIndexOf("send(") + "send(".length();
        int close = source.indexOf(')', source.lastIndexOf("send("));
        // the argument runs to the send call's own closing parenthesis
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    close = i;
                    break;
                }
                depth--;
            }
        }
        return ArgumentValues.of(source).shape(open, close);
    }

    @Test
    void literalsAreToldApart() {
        assertThat(argument("send('text')\n").kind()).isEqualTo(Kind.STR);
        assertThat(argument("send('a' 'b' f'{c}')\n").kind()).isEqualTo(Kind.STR);
        assertThat(argument("send(b'\\x00')\n").kind()).isEqualTo(Kind.BYTES);
        assertThat(argument("send(rb'x')\n").kind()).isEqualTo(Kind.BYTES);
        assertThat(argument("send({'a': 1, 'b': None})\n").kind()).isEqualTo(Kind.MAPPING);
        assertThat(argument("send({})\n").kind()).isEqualTo(Kind.MAPPING);
        assertThat(argument("send({a, b})\n").kind()).isEqualTo(Kind.OTHER);
        assertThat(argument("send({x for x in y})\n").kind()).isEqualTo(Kind.OTHER);
        assertThat(argument("send({k: 1 for k in y})\n").kind()).isEqualTo(Kind.MAPPING);
        assertThat(argument("send([('a', 1)])\n").kind()).isEqualTo(Kind.LIST);
        assertThat(argument("send(None)\n").kind()).isEqualTo(Kind.NONE);
        assertThat(argument("send(-2.5)\n").kind()).isEqualTo(Kind.NUMBER);
        assertThat(argument("send((3.05, 27))\n").parts()).hasSize(2);
        assertThat(argument("send(((3)))\n").kind()).isEqualTo(Kind.NUMBER);
    }

    @Test
    void strExpressionsAndTheirBytes() {
        assertThat(argument("send('%s=%d' % (k, v))\n").kind()).isEqualTo(Kind.STR);
        assertThat(argument("send('a' + b.c[0])\n").kind()).isEqualTo(Kind.STR);
        assertThat(argument("send('{}'.format(x))\n").kind()).isEqualTo(Kind.STR);
        assertThat(argument("send('x'.encode())\n").kind()).isEqualTo(Kind.BYTES);
        assertThat(argument("send('a' if x else {})\n").kind()).isEqualTo(Kind.OTHER);
        assertThat(argument("send('a' == b)\n").kind()).isEqualTo(Kind.OTHER);
        assertThat(argument("import json\nsend(json.dumps(doc))\n").kind()).isEqualTo(Kind.STR);
        assertThat(argument("import json\nsend(json.dumps(doc).encode('utf-8'))\n").kind()).isEqualTo(Kind.BYTES);
        assertThat(argument("from json import dumps\nsend(dumps(doc))\n").kind()).isEqualTo(Kind.STR);
        // an encode() of something not known to be a str (jwt.encode returns a str)
        assertThat(argument("import jwt\nsend(jwt.encode(doc, key))\n").kind()).isEqualTo(Kind.CALL);
    }

    @Test
    void callsAreQualifiedThroughImports() {
        Shape s = argument("from requests.auth import HTTPBasicAuth as B\nsend(B('u', password='p'))\n");
        assertThat(s.kind()).isEqualTo(Kind.CALL);
        assertThat(s.name()).isEqualTo("requests.auth.HTTPBasicAuth");
        assertThat(s.parts()).extracting(ArgumentValues.Part::keyword).containsExactly(null, "password");
        assertThat(argument("import requests\nsend(requests.auth.HTTPDigestAuth(u, p))\n").name())
                .isEqualTo("requests.auth.HTTPDigestAuth");
        assertThat(argument("from requests import auth\nsend(auth.HTTPProxyAuth(u, p))\n").name())
                .isEqualTo("requests.auth.HTTPProxyAuth");
    }

    @Test
    void aNameHasTheShapeOfEverythingTheFileAssignsIt() {
        Shape body = argument("import json\nBODY = json.dumps({})\n\ndef f():\n    send(BODY)\n");
        assertThat(body.kind()).isEqualTo(Kind.STR);
        assertThat(body.viaName()).isTrue();
        assertThat(argument("def f():\n    t = (3, 10)\n    send(t)\n").kind()).isEqualTo(Kind.TUPLE);
        assertThat(argument("def f():\n    x: str = 'a'\n    send(x)\n").kind()).isEqualTo(Kind.STR);
        assertThat(argument("def f(c):\n    if c:\n        x = 'a'\n    else:\n        x = 'b'\n    send(x)\n").kind())
                .isEqualTo(Kind.STR);
        assertThat(argument("def f():\n    x = {}\n    x['k'] = 1\n    send(x)\n").kind()).isEqualTo(Kind.MAPPING);
    }

    @Test
    void aNameBoundAnyOtherWayHasNoShape() {
        assertThat(argument("def f(c):\n    x = 'a' if c else {}\n    send(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("def f(c):\n    x = 'a'\n    if c:\n        x = {}\n    send(x)\n").kind())
                .isEqualTo(Kind.NAME);
        assertThat(argument("def f(x):\n    send(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("x = 'a'\ndef g(x=None):\n    pass\ndef f():\n    send(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("x = 'a'\nfor x in y:\n    send(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("x = 'a'\nx += 'b'\nsend(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("x = 'a'\nx, y = z\nsend(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("x = 'a'\nwith open(p) as x:\n    send(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("x = 'a'\ndef f():\n    global x\n    x = {}\nsend(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("x = 'a'\nitems = [x for x in y]\nsend(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("x = 'a'\nif (x := get()):\n    send(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("from config import x\nsend(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("from config import *\nx = 'a'\nsend(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("send(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("x = y\nsend(x)\n").kind()).isEqualTo(Kind.NAME);
    }

    @Test
    void keywordArgumentsAndInlineSuitesAreNotAssignments() {
        assertThat(argument("x = 'a'\nf(x={})\nsend(x)\n").kind()).isEqualTo(Kind.STR);
        assertThat(argument("if c: x = 'a'\nelse: x = 'b'\nsend(x)\n").kind()).isEqualTo(Kind.STR);
        assertThat(argument("if c: x = 'a'\nelse: x = {}\nsend(x)\n").kind()).isEqualTo(Kind.NAME);
        assertThat(argument("x = 'a'; y = {}\nsend(x)\n").kind()).isEqualTo(Kind.STR);
    }
}
