package dev.unblock.cli;

import static dev.unblock.cli.CliJar.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The GitHub Action ({@code action.yml}) and the pre-commit hooks ({@code .pre-commit-hooks.yaml}) as shipped:
 * the action's run step is executed with bash the way the runner does (GITHUB_ACTION_PATH = this repository,
 * inputs as its env), and each hook's entry is run with file names as pre-commit passes them.
 */
class ActionAndHooksIT {
    private static final Path REPO = CliJar.LAUNCHER.getParent();

    @TempDir
    Path dir;
    private Path project;

    @BeforeEach
    void project() throws IOException {
        project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve(".git"));
        write(project, "jobs.py", "import time\n\n\ndef nap():\n    time.sleep(1)\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(REPO.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> step(String name) throws IOException {
        Map<String, Object> runs = (Map<String, Object>) yaml("action.yml").get("runs");
        assertThat(runs.get("using")).isEqualTo("composite");
        for (Map<String, Object> s : (List<Map<String, Object>>) runs.get("steps")) {
            if (name.equals(s.get("name")) || name.equals(s.get("uses"))) {
                return s;
            }
        }
        throw new AssertionError("no step " + name);
    }

    @SuppressWarnings("unchecked")
    private CliJar.Run runStep(String mode) throws Exception {
        Map<String, Object> step = step("Run unblock migrate");
        Path output = dir.resolve("github-output");
        Files.writeString(output, "");
        List<String> command = List.of("bash", "-e", "-c", (String) step.get("run"));
        Map<String, Object> env = (Map<String, Object>) step.get("env");
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile());
        pb.environment().put("GITHUB_ACTION_PATH", REPO.toString());
        pb.environment().put("GITHUB_OUTPUT", output.toString());
        pb.environment().put("UNBLOCK_PATHS", ".");
        pb.environment().put("UNBLOCK_ROOT", "");
        pb.environment().put("UNBLOCK_CONFIG", "");
        pb.environment().put("UNBLOCK_MODE", mode);
        pb.environment().put("UNBLOCK_SARIF", "unblock.sarif");
        pb.environment().put("UNBLOCK_RULE_DOCS", "https://github.com/acme/unblock/blob/v1/src/main/resources/dev/unblock/rules/{id}.md");
        assertThat(env).containsKeys("UNBLOCK_PATHS", "UNBLOCK_ROOT", "UNBLOCK_MODE", "UNBLOCK_CONFIG", "UNBLOCK_SARIF",
                "UNBLOCK_RULE_DOCS");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.waitFor();
        return new CliJar.Run(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }

    @Test
    void theActionSetsUpAJdkAndUploadsSarif() throws Exception {
        assertThat(step("actions/setup-java@v4")).isNotNull();
        Map<String, Object> upload = step("Upload SARIF to code scanning");
        assertThat(upload.get("uses")).isEqualTo("github/codeql-action/upload-sarif@v3");
        assertThat((String) upload.get("if")).contains("inputs.mode == 'sarif'");

        CliJar.Run sarif = runStep("sarif");
        assertThat(sarif.exit()).as(sarif.err()).isZero();
        JsonNode log = new ObjectMapper().readTree(project.resolve("unblock.sarif").toFile());
        assertThat(log.get("version").asText()).isEqualTo("2.1.0");
        assertThat(log.at("/runs/0/results").size()).isPositive();
        assertThat(log.at("/runs/0/tool/driver/rules/0/helpUri").asText())
                .isEqualTo("https://github.com/acme/unblock/blob/v1/src/main/resources/dev/unblock/rules/UB001.md");
        assertThat(Files.readString(dir.resolve("github-output"))).isEqualTo("sarif-file=unblock.sarif\n");
    }

    @Test
    void theActionInCheckModeFailsWithAnnotations() throws Exception {
        CliJar.Run check = runStep("check");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("::warning file=jobs.py,line=");
        assertThat(runStep("sometimes").exit()).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void preCommitHooksRunTheLauncherOnTheStagedFiles() throws Exception {
        List<Map<String, Object>> hooks = (List<Map<String, Object>>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(REPO.resolve(".pre-commit-hooks.yaml")));
        assertThat(hooks).extracting(h -> h.get("id")).containsExactly("unblock-check", "unblock-migrate");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("unblock"), CliJar.LAUNCHER);
        for (Map<String, Object> hook : hooks) {
            assertThat(hook.get("language")).isEqualTo("system");
            assertThat((List<String>) hook.get("types")).containsExactly("python");
        }
        List<String> check = new ArrayList<>(List.of("bash", "-c", hooks.get(0).get("entry") + " \"$@\"", "hook", "jobs.py"));
        ProcessBuilder pb = new ProcessBuilder(check).directory(project.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isEqualTo(1);
        assertThat(out).contains("+async def nap():");

        List<String> migrate = new ArrayList<>(List.of("bash", "-c", hooks.get(1).get("entry") + " \"$@\"", "hook", "jobs.py"));
        pb = new ProcessBuilder(migrate).directory(project.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        p = pb.redirectErrorStream(true).start();
        out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(Files.readString(project.resolve("jobs.py"))).contains("async def nap():");
    }
}
