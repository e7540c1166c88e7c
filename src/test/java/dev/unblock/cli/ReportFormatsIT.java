package dev.unblock.cli;

import static dev.unblock.cli.CliJar.unblock;
import static dev.unblock.cli.CliJar.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON, SARIF 2.1.0 and GitHub workflow commands from the packaged jar, on a project with a change and a finding. */
class ReportFormatsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void project() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        write(dir, "svc/pyproject.toml", "[project]\nname = \"svc\"\n");
        write(dir, "svc/api.py", "import requests\n\n\ndef fetch(url):\n    return requests.get(url).json()\n\n\n"
                + "def fetch_all(urls):\n    return list(map(fetch, urls))\n\n\n"
                + "def status(url):\n    return requests.head(url).status_code\n");
    }

    @Test
    void jsonHasTheVersionAndEachHunksRules() throws Exception {
        CliJar.Run run = unblock(dir.resolve("svc"), "migrate", "--format", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode root = JSON.readTree(run.out());
        assertThat(root.get("version").asText()).isEqualTo(unblock(dir, "--version").out().strip().substring(8));
        assertThat(root.get("schema").asInt()).isEqualTo(JsonReport.SCHEMA);
        JsonNode hunks = root.at("/files/0/hunks");
        List<String> rules = new ArrayList<>();
        hunks.forEach(h -> h.get("rules").forEach(r -> rules.add(r.asText())));
        assertThat(rules).contains("UB101", "UB001");
        assertThat(root.at("/findings/0/rule").asText()).isEqualTo("UB007");
    }

    @Test
    void sarifHasOneResultPerChangeAndPerFindingWithRuleMetadata() throws Exception {
        CliJar.Run run = unblock(dir.resolve("svc"), "migrate", "--format", "sarif", "--rule-docs",
                "https://unblock.acme.test/rules/{id}");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode log = JSON.readTree(run.out());
        assertThat(log.get("version").asText()).isEqualTo("2.1.0");
        assertThat(log.get("$schema").asText()).contains("sarif-2.1.0");
        JsonNode driver = log.at("/runs/0/tool/driver");
        assertThat(driver.get("name").asText()).isEqualTo("unblock");
        JsonNode rules = driver.get("rules");
        assertThat(rules.size()).isEqualTo(dev.unblock.migrate.Rules.all().size());
        JsonNode results = log.at("/runs/0/results");
        JsonNode json = JSON.readTree(unblock(dir.resolve("svc"), "migrate", "--format", "json").out());
        assertThat(results.size()).as("one per hunk and per finding")
                .isEqualTo(json.at("/files/0/hunks").size() + json.get("findings").size());
        for (JsonNode r : results) {
            String id = r.get("ruleId").asText();
            JsonNode rule = rules.get(r.get("ruleIndex").asInt());
            assertThat(rule.get("id").asText()).isEqualTo(id);
            assertThat(rule.get("helpUri").asText()).isEqualTo("https://unblock.acme.test/rules/" + id);
            assertThat(rule.at("/shortDescription/text").asText()).endsWith(".");
            assertThat(rule.at("/help/markdown").asText()).startsWith("# " + id);
            assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                    .as("relative to the repository's top").isEqualTo("svc/api.py");
            assertThat(r.at("/locations/0/physicalLocation/region/startLine").asInt()).isPositive();
            assertThat(r.get("partialFingerprints")).isNotEmpty();
        }
        assertThat(results.findValuesAsText("ruleId")).contains("UB101", "UB007");
        JsonNode fix = results.get(0).at("/fixes/0/artifactChanges/0/replacements/0");
        assertThat(fix.at("/deletedRegion/charLength").isInt()).isTrue();
        assertThat(fix.at("/insertedContent/text").asText()).isNotEmpty();
    }

    @Test
    void sarifWithoutADocsAddressCarriesTheDocsInline() throws Exception {
        JsonNode log = JSON.readTree(unblock(dir.resolve("svc"), "migrate", "--format", "sarif").out());
        JsonNode rule = log.at("/runs/0/tool/driver/rules/0");
        assertThat(rule.has("helpUri")).isFalse();
        assertThat(rule.at("/help/text").asText()).contains("## What it does");
    }

    @Test
    void githubFormatPrintsWorkflowCommands() throws Exception {
        CliJar.Run run = unblock(dir.resolve("svc"), "migrate", "--format", "github");
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).allMatch(l -> l.matches("::(warning|error) file=svc/api\\.py,line=\\d+,endLine=\\d+,title=[^:]+::.+"));
        assertThat(lines).anyMatch(l -> l.contains("title=unblock UB007::") && l.contains("line=5,"));
        assertThat(lines).anyMatch(l -> l.contains("UB101") && l.contains("would change: "));
    }
}
