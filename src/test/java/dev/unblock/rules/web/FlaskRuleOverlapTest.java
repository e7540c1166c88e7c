package dev.unblock.rules.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A moved route must not take a path a route left on Flask matches: when two rules may meet (UB810). */
class FlaskRuleOverlapTest {
    /** Rule, rule, whether some path matches both. */
    private static final String[][] CASES = {
        {"/api/items/", "/api/items/", "yes"},
        {"/api/items", "/api/items/", "yes"}, // Flask redirects between them
        {"/api/items/", "/api/users/", "no"},
        {"/a/b", "/a", "no"},
        {"/items/<name>", "/items/new", "yes"},
        {"/items/<int:id>", "/items/new", "no"},
        {"/items/<int:id>", "/items/42", "yes"},
        {"/v<int:n>/x", "/vx/x", "no"},
        {"/<name>", "/visits", "yes"},
        {"/items/<a>", "/items/<int:b>", "yes"},
        {"/static/<path:filename>", "/static/css/site.css", "yes"},
        {"/files/<path:p>", "/files/a/b/<int:c>", "yes"},
        {"/static/<path:filename>", "/api/items/", "no"},
    };

    @Test
    void rulesMeetWhereSomePathMatchesBoth() {
        for (String[] c : CASES) {
            assertEquals(c[2].equals("yes"), FlaskRuleOverlap.overlap(c[0], c[1]), c[0] + " ~ " + c[1]);
            assertEquals(c[2].equals("yes"), FlaskRuleOverlap.overlap(c[1], c[0]), c[1] + " ~ " + c[0]);
        }
    }
}
