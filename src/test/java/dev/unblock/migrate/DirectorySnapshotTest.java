package dev.unblock.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's Python files, as the CLI and the App read them from a folder. */
class DirectorySnapshotTest {
    @TempDir
    Path dir;

    @Test
    void aRootThatIsASymbolicLinkIsReadWhereItPointsAndLinksInsideAreNotFollowed() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real/pkg"));
        Files.writeString(real.resolve("a.py"), "import requests\n");
        Files.writeString(dir.resolve("real/main.py"), "print(1)\n");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.py"), "x = 1\n");
        Files.createSymbolicLink(dir.resolve("real/linked"), outside);
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));

        DirectorySnapshot snapshot = new DirectorySnapshot(link);

        assertThat(snapshot.pythonFiles()).containsExactly("main.py", "pkg/a.py");
        assertThat(new String(snapshot.read("pkg/a.py"))).isEqualTo("import requests\n");
        assertThat(new DirectorySnapshot(dir.resolve("real")).pythonFiles()).containsExactly("main.py", "pkg/a.py");
    }
}
