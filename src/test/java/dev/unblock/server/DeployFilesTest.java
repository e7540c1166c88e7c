package dev.unblock.server;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No container engine runs here, so deploy/ is checked by reading it: every YAML file parses, the Dockerfile's
 * instructions say what the README promises, and every UNBLOCK_* name the files set is one the server reads.
 */
class DeployFilesTest {
    static final Path DEPLOY = Path.of("deploy");

    /** The names Settings, SetupSettings and LogSettings read, each also as NAME_FILE. */
    static Set<String> namesTheServerReads() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : List.of(Settings.class, SetupSettings.class, LogSettings.class)) {
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && Modifier.isPublic(f.getModifiers())) {
                    String name = (String) f.get(null);
                    if (name.startsWith("UNBLOCK_")) {
                        names.add(name);
                        names.add(name + "_FILE");
                    }
                }
            }
        }
        return names;
    }

    static List<Map<String, Object>> documents(Path file) throws Exception {
        List<Map<String, Object>> docs = new ArrayList<>();
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).build();
        for (Object doc : new Load(settings).loadAllFromString(Files.readString(file))) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) doc;
                docs.add(map);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(key);
            } else if (current instanceof List<?> list) {
                current = list.get(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return (T) current;
    }

    @Test
    void everyYamlFileUnderDeployParses() throws Exception {
        List<Path> yaml;
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            yaml = files.filter(p -> p.toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        assertThat(yaml).extracting(Path::toString).containsExactly("deploy/docker-compose.yml",
                "deploy/kubernetes/deployment.yaml", "deploy/kubernetes/poddisruptionbudget.yaml",
                "deploy/kubernetes/secret.example.yaml", "deploy/kubernetes/service.yaml");
        for (Path file : yaml) {
            assertThat(documents(file)).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void theDockerfileBuildsInOneStageAndRunsTheJarAsANonRootUserWithAHealthCheckAndADataVolume() throws Exception {
        Map<String, List<String>> instructions = new LinkedHashMap<>();
        String text = Files.readString(DEPLOY.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
        for (String line : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            String[] parts = line.split("\\s+", 2);
            instructions.computeIfAbsent(parts[0].toUpperCase(), k -> new ArrayList<>()).add(parts.length > 1 ? parts[1] : "");
        }
        assertThat(instructions.get("FROM")).containsExactly("maven:3.9-eclipse-temurin-17 AS build", "eclipse-temurin:17-jre");
        assertThat(instructions.get("RUN")).anyMatch(r -> r.contains("mvn -B -q package -DskipTests"));
        assertThat(instructions.get("COPY")).contains("--from=build /src/target/unblock.jar /app/unblock.jar");
        // Everything the build needs is copied: the manifest is packaged from the repository root.
        assertThat(instructions.get("COPY")).contains("pom.xml ./", "app-manifest.yml ./", "src ./src");
        assertThat(instructions.get("USER")).containsExactly("10001:10001");
        assertThat(instructions.get("RUN")).anyMatch(r -> r.contains("useradd --system --uid 10001"));
        assertThat(instructions.get("HEALTHCHECK")).singleElement().asString()
                .contains("CMD curl -fsS http://127.0.0.1:3000/healthz");
        assertThat(instructions.get("VOLUME")).containsExactly("[\"/data\"]");
        assertThat(instructions.get("EXPOSE")).containsExactly("3000");
        assertThat(instructions.get("ENV")).singleElement().asString().contains("UNBLOCK_PORT=3000").contains("UNBLOCK_DATA_DIR=/data");
        assertThat(instructions.get("ENTRYPOINT")).containsExactly("[\"java\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"/app/unblock.jar\"]");
        assertThat(instructions.get("CMD")).containsExactly("[\"serve\"]");
        Matcher env = Pattern.compile("(UNBLOCK_[A-Z_]+)=").matcher(text);
        while (env.find()) {
            assertThat(namesTheServerReads()).contains(env.group(1));
        }
    }

    @Test
    void composeRunsUnblockOnPostgresWithSecretsFromFiles() throws Exception {
        Map<String, Object> compose = documents(DEPLOY.resolve("docker-compose.yml")).get(0);
        Map<String, Object> unblock = at(compose, "services", "unblock");
        assertThat((String) at(unblock, "build", "dockerfile")).isEqualTo("deploy/Dockerfile");
        assertThat((String) at(unblock, "build", "context")).isEqualTo("..");
        assertThat((List<Object>) at(unblock, "ports")).containsExactly("3000:3000");
        Map<String, Object> env = at(unblock, "environment");
        assertThat(namesTheServerReads()).containsAll(env.keySet());
        assertThat(env).containsKeys("UNBLOCK_APP_ID_FILE", "UNBLOCK_PRIVATE_KEY_FILE", "UNBLOCK_WEBHOOK_SECRET_FILE",
                "UNBLOCK_DATABASE_URL_FILE");
        Map<String, Object> secrets = at(compose, "secrets");
        for (Map.Entry<String, Object> e : env.entrySet()) {
            if (e.getKey().endsWith("_FILE")) {
                String file = e.getValue().toString();
                assertThat(file).startsWith("/run/secrets/");
                String name = file.substring("/run/secrets/".length());
                assertThat((List<Object>) at(unblock, "secrets")).as(e.getKey()).contains(name);
                assertThat((String) at(secrets, name, "file")).isEqualTo("./secrets/" + name);
            }
        }
        assertThat(env.values()).noneMatch(v -> v.toString().contains("BEGIN") || v.toString().contains("password="));
        assertThat((String) at(unblock, "depends_on", "postgres", "condition")).isEqualTo("service_healthy");
        assertThat((String) at(compose, "services", "postgres", "image")).startsWith("postgres:");
        assertThat((String) at(compose, "services", "postgres", "environment", "POSTGRES_PASSWORD_FILE"))
                .isEqualTo("/run/secrets/postgres-password");
        assertThat((List<Object>) at(unblock, "volumes")).containsExactly("unblock-data:/data");
    }

    @Test
    void kubernetesRunsTwoProbedReplicasOnPostgresBehindAServiceWithADisruptionBudget() throws Exception {
        Map<String, Object> deployment = documents(DEPLOY.resolve("kubernetes/deployment.yaml")).get(0);
        assertThat((String) at(deployment, "kind")).isEqualTo("Deployment");
        assertThat((Integer) at(deployment, "spec", "replicas")).isEqualTo(2);
        Map<String, Object> pod = at(deployment, "spec", "template", "spec");
        Map<String, Object> container = at(pod, "containers", "0");
        assertThat((String) at(container, "image")).matches("[\\w.-]+/unblock:\\d+\\.\\d+\\.\\d+");
        assertThat((List<Object>) at(container, "args")).containsExactly("serve");
        assertThat((Integer) at(container, "ports", "0", "containerPort")).isEqualTo(3000);
        assertThat((String) at(container, "ports", "0", "name")).isEqualTo("http");
        assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
        assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/healthz");
        assertThat((String) at(container, "livenessProbe", "httpGet", "port")).isEqualTo("http");
        assertThat((String) at(container, "resources", "requests", "cpu")).isNotBlank();
        assertThat((String) at(container, "resources", "requests", "memory")).isNotBlank();
        assertThat((Boolean) at(pod, "securityContext", "runAsNonRoot")).isTrue();
        assertThat((Integer) at(pod, "securityContext", "runAsUser")).isEqualTo(10001);

        List<Map<String, Object>> env = at(container, "env");
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach(e -> values.put(e.get("name").toString(), String.valueOf(e.get("value"))));
        assertThat(namesTheServerReads()).containsAll(values.keySet());
        assertThat(values).containsKey("UNBLOCK_DATABASE_URL_FILE"); // replicas share one PostgreSQL queue
        assertThat(values).containsEntry("UNBLOCK_LOG_FORMAT", "json"); // for the cluster's log collector
        String mount = at(container, "volumeMounts", "0", "mountPath");
        assertThat((String) at(pod, "volumes", "0", "secret", "secretName")).isEqualTo("unblock");
        Map<String, Object> secret = documents(DEPLOY.resolve("kubernetes/secret.example.yaml")).get(0);
        Map<String, Object> keys = at(secret, "stringData");
        assertThat((String) at(secret, "metadata", "name")).isEqualTo("unblock");
        values.forEach((name, value) -> {
            if (name.endsWith("_FILE")) {
                assertThat(value).startsWith(mount + "/");
                assertThat(keys).containsKey(value.substring(mount.length() + 1));
            }
        });

        Map<String, Object> service = documents(DEPLOY.resolve("kubernetes/service.yaml")).get(0);
        assertThat((String) at(service, "kind")).isEqualTo("Service");
        assertThat((String) at(service, "spec", "ports", "0", "targetPort")).isEqualTo("http");
        Map<String, Object> labels = at(deployment, "spec", "template", "metadata", "labels");
        assertThat((Map<String, Object>) at(service, "spec", "selector")).isEqualTo(labels);
        Map<String, Object> pdb = documents(DEPLOY.resolve("kubernetes/poddisruptionbudget.yaml")).get(0);
        assertThat((String) at(pdb, "kind")).isEqualTo("PodDisruptionBudget");
        assertThat((Integer) at(pdb, "spec", "minAvailable")).isEqualTo(1);
        assertThat((Map<String, Object>) at(pdb, "spec", "selector", "matchLabels")).isEqualTo(labels);
    }

    @Test
    void theReadmesSettingsTableNamesEverySettingTheServerReads() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (String name : namesTheServerReads()) {
            if (!name.endsWith("_FILE")) {
                assertThat(readme).as(name).contains("\n| `" + name + "` |");
            }
        }
    }
}
