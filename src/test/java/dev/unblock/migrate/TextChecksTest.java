package dev.unblock.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TextChecksTest {
    @Test
    void anAnswerIsKeptWhileTheFileKeepsItsTextObject() {
        TextChecks checks = new TextChecks(10);
        AtomicInteger asked = new AtomicInteger();
        String text = new String("import flask\n");
        assertTrue(checks.test("app.py", text, "q", t -> asked.incrementAndGet() > 0 && t.contains("flask")));
        assertTrue(checks.test("app.py", text, "q", t -> asked.incrementAndGet() > 0 && t.contains("flask")));
        assertEquals(1, asked.get());
        // a new text (the file changed, or was read again without the cache) is asked again, even when equal
        String edited = new String("import os\n");
        assertFalse(checks.test("app.py", edited, "q", t -> asked.incrementAndGet() > 0 && t.contains("flask")));
        assertTrue(checks.test("app.py", new String(text), "q", t -> asked.incrementAndGet() > 0 && t.contains("flask")));
        assertEquals(3, asked.get());
    }

    @Test
    void questionsAndPathsAreKeptApart() {
        TextChecks checks = new TextChecks(10);
        String text = "from django.db import models\n";
        assertTrue(checks.mentions("a.py", text, "django"));
        assertFalse(checks.mentions("a.py", text, "flask"));
        assertFalse(checks.test("b.py", text, "UB808", t -> false));
        assertTrue(checks.test("a.py", text, "UB808", t -> true));
    }

    @Test
    void theLeastRecentlyUsedPathIsDroppedBeyondTheCapacity() {
        TextChecks checks = new TextChecks(2);
        AtomicInteger asked = new AtomicInteger();
        String a = "a", b = "b", c = "c";
        checks.test("a.py", a, "q", t -> asked.incrementAndGet() > 0);
        checks.test("b.py", b, "q", t -> asked.incrementAndGet() > 0);
        checks.test("c.py", c, "q", t -> asked.incrementAndGet() > 0);
        checks.test("c.py", c, "q", t -> asked.incrementAndGet() > 0);
        checks.test("a.py", a, "q", t -> asked.incrementAndGet() > 0);
        assertEquals(4, asked.get());
    }
}
