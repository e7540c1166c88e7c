package dev.unblock.migrate.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.unblock.analysis.FactsExtractor;
import dev.unblock.analysis.FileFacts;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.Rewriter;
import dev.unblock.python.PythonSource;
import org.junit.jupiter.api.Test;

/** New imports land where isort / ruff I001 would put them, inside the existing import block. */
class ImportPlacementTest {
    private static final ImportSections SECTIONS = new ImportSections(Set.of("app", "async_mixin"));

    private static String add(String text, String... lines) {
        return add(text, java.util.Map.of(), lines);
    }

    private static String add(String text, java.util.Map<Integer, Edit> removed, String... lines) {
        FileFacts facts;
        try {
            facts = FactsExtractor.extract(PythonSource.parse("m.py", text), "m.py", "m", false);
        } catch (dev.unblock.python.PythonSyntaxError e) {
            throw new AssertionError(e);
        }
        List<Edit> edits = ImportPlacement.edits(text, facts, new LinkedHashSet<>(List.of(lines)), removed, SECTIONS, m -> null);
        return Rewriter.apply(text, edits).text();
    }

    @Test
    void eachImportGoesToItsSectionInSortedPlace() {
        assertThat(add("import os\n\nimport requests\n\nfrom app import models\n\n\ndef f():\n    pass\n",
                "import httpx", "import asyncio"))
                .isEqualTo("import asyncio\nimport os\n\nimport httpx\nimport requests\n\nfrom app import models\n\n\n"
                        + "def f():\n    pass\n");
    }

    @Test
    void straightImportsComeBeforeFromImportsInASection() {
        assertThat(add("import os\nfrom typing import Any\n\nX: Any = os\n", "import asyncio", "from functools import wraps"))
                .isEqualTo("import asyncio\nimport os\nfrom functools import wraps\nfrom typing import Any\n\nX: Any = os\n");
    }

    @Test
    void aNameFromAModuleAlreadyImportedFromJoinsThatStatement() {
        assertThat(add("from sqlalchemy import select\n\nq = select\n", "from sqlalchemy import func",
                "from sqlalchemy.ext.asyncio import AsyncSession", "from sqlalchemy import Table"))
                .isEqualTo("from sqlalchemy import Table, func, select\nfrom sqlalchemy.ext.asyncio import AsyncSession\n\n"
                        + "q = select\n");
    }

    @Test
    void aParenthesizedImportKeepsOneNameALine() {
        assertThat(add("from x import (\n    b,\n    d,\n)\n\nY = b, d\n", "from x import a", "from x import c",
                "from x import e"))
                .isEqualTo("from x import (\n    a,\n    b,\n    c,\n    d,\n    e,\n)\n\nY = b, d\n");
    }

    @Test
    void aMissingSectionIsAddedWithBlankLinesAround() {
        assertThat(add("import app\n\nX = 1\n", "import asyncio")).isEqualTo("import asyncio\n\nimport app\n\nX = 1\n");
        assertThat(add("import os\n\n\ndef f():\n    pass\n", "import httpx"))
                .isEqualTo("import os\n\nimport httpx\n\n\ndef f():\n    pass\n");
        assertThat(add("import os\nimport app\n", "import httpx")).isEqualTo("import os\n\nimport httpx\n\nimport app\n");
    }

    @Test
    void futureImportsAndTheDocstringStayFirst() {
        assertThat(add("\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport os\n", "import asyncio"))
                .isEqualTo("\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport asyncio\nimport os\n");
    }

    @Test
    void aFileWithoutImportsGetsABlockWithSections() {
        assertThat(add("\"\"\"Doc.\"\"\"\n\nX = 1\n", "import httpx", "import asyncio", "from async_mixin import AsyncMixin"))
                .isEqualTo("\"\"\"Doc.\"\"\"\n\nimport asyncio\n\nimport httpx\n\nfrom async_mixin import AsyncMixin\n\nX = 1\n");
    }

    @Test
    void codeBeforeTheFirstImportKeepsNewImportsOnTop() {
        assertThat(add("import sys\nsys.path.insert(0, '.')\nimport os\n", "import asyncio"))
                .startsWith("import asyncio\nimport sys\n");
    }

    @Test
    void aNewImportTakesTheLineOfTheRemovedOneItReplaces() {
        String text = "import time\n\nimport requests\n\n\ndef f():\n    pass\n";
        java.util.Map<Integer, Edit> removed = java.util.Map.of(
                0, Edit.replace(0, 12, "", "UB002", "unused"),
                13, Edit.replace(13, 30, "", "UB002", "unused"));
        assertThat(add(text, removed, "import httpx", "import asyncio"))
                .isEqualTo("import asyncio\n\nimport httpx\n\n\ndef f():\n    pass\n");
        assertThat(add("import os\nimport requests\nimport zlib\n", java.util.Map.of(10, Edit.replace(10, 26, "", "UB002", "unused")),
                "import httpx")).as("out of order: the section goes last").isEqualTo("import os\nimport zlib\n\nimport httpx\n");
    }

    @Test
    void alreadyImportedLinesAreNotRepeated() {
        assertThat(add("import asyncio\n\nX = asyncio\n", "import asyncio")).isEqualTo("import asyncio\n\nX = asyncio\n");
    }
}
