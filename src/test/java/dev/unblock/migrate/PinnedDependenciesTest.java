package dev.unblock.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedDependenciesTest {
    @TempDir
    Path root;

    private Map<String, String> read(String file, String text) throws IOException {
        Files.writeString(root.resolve(file), text);
        return PinnedDependencies.read(new DirectorySnapshot(root));
    }

    @Test
    void requirementsGiveThePinOrTheLowerBound() throws IOException {
        Map<String, String> pins = read("requirements.txt", "Django==3.2.19\nrequests>=2.28 ; python_version>'3'\n"
                + "redis~=4.3\n# httpx==0.1\nFlask\n");
        assertThat(pins).containsEntry("django", "3.2.19").containsEntry("requests", "2.28")
                .containsEntry("redis", "4.3").doesNotContainKeys("httpx", "flask");
    }

    @Test
    void poetryTablesGiveTheLowerBoundAndSkipPythonAndOtherTables() throws IOException {
        Map<String, String> pins = read("pyproject.toml", """
                [tool.poetry]
                name = "site"
                version = "1.0.0"

                [tool.poetry.dependencies]
                python = "^3.10"
                Django = "^5.2.0"
                django_user_agents = "~0.4"
                celery = {version = ">=5.3", extras = ["redis"]}
                "requests" = "2.32.3"
                anything = "*"

                [tool.poetry.group.dev.dependencies]
                pytest-django = "^4.5"

                [tool.black]
                target-version = "3.11"
                """);
        assertThat(pins).containsEntry("django", "5.2.0").containsEntry("django-user-agents", "0.4")
                .containsEntry("celery", "5.3").containsEntry("requests", "2.32.3")
                .containsEntry("pytest-django", "4.5")
                .doesNotContainKeys("python", "name", "version", "anything", "target-version");
    }

    @Test
    void setupPyInstallRequiresGiveTheLowerBound() throws IOException {
        Map<String, String> pins = read("setup.py", """
                from setuptools import setup
                setup(
                    name="lib",
                    install_requires=[
                        "Django >= 2.0",
                        "requests",
                    ],
                )
                """);
        assertThat(pins).containsEntry("django", "2.0").doesNotContainKey("requests");
    }
}
