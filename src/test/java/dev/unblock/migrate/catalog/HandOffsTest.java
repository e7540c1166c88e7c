package dev.unblock.migrate.catalog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.unblock.migrate.Targets;
import dev.unblock.rules.core.AsyncBoundary;

/** What the core rule says outside code does with a project object it is given. */
class HandOffsTest {
    private static HandOffs contributed() {
        Catalog catalog = new Catalog();
        new AsyncBoundary().contribute(catalog, new Targets(Map.of(), Map.of(), List.of()));
        return catalog.knowledge().handOffs();
    }

    @Test
    void readersAndRecordersAreInertWhateverTheirArguments() {
        HandOffs h = contributed();
        assertTrue(h.isInert("builtins.isinstance", Set.of(), false));
        assertTrue(h.isInert("builtins.sorted", Set.of("key"), true));
        assertTrue(h.isInert("logging.Logger.info", Set.of(), true), "a prefix pattern covers the module's names");
        assertTrue(h.isInert("unittest.TestCase.assertEqual", Set.of(), false));
        assertFalse(h.isInert("unittest.TestCase.addCleanup", Set.of(), false));
        assertFalse(h.isInert("json.dumps", Set.of(), false), "json.dumps(x, cls=Encoder) calls the encoder");
        assertFalse(h.isInert("loggingx.handler", Set.of(), false), "a prefix is a module, not a spelling");
    }

    @Test
    void printHandsItsFileArgumentOn() {
        HandOffs h = contributed();
        assertTrue(h.isInert("builtins.print", Set.of("end", "sep"), false));
        assertFalse(h.isInert("builtins.print", Set.of("file"), false), "print(x, file=w) calls w.write");
        assertFalse(h.isInert("builtins.print", Set.of(), true), "print(*args, **kwargs) may pass file=");
    }

    @Test
    void containersKeepWhatTheyAreGiven() {
        HandOffs h = contributed();
        assertTrue(h.isContainer("collections.deque"));
        assertFalse(h.isContainer("falcon.App"));
        assertTrue(h.isKeepingMethod("append"));
        assertFalse(h.isKeepingMethod("add_route"));
        assertTrue(h.isAttributeStore("builtins.setattr"));
        assertFalse(h.isAttributeStore("builtins.getattr"));
    }
}
