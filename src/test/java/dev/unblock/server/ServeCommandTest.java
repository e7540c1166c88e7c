package dev.unblock.server;

import dev.unblock.cli.Main;
import dev.unblock.cli.ServeCommand;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {
    @Test
    void refusesToStartWithOneClearLineWhenTheKeyIsMissing() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ServeCommand().serve(Map.of("UNBLOCK_APP_ID", "1", "UNBLOCK_WEBHOOK_SECRET", "s"),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "unblock serve: UNBLOCK_PRIVATE_KEY is not set (set it, or UNBLOCK_PRIVATE_KEY_FILE to a file holding it)"
                        + System.lineSeparator());
    }

    @Test
    void withoutCredentialsOrAPublicUrlSaysHowToSetUpInOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ServeCommand().serve(Map.of("UNBLOCK_DATA_DIR", dir.toString()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("unblock serve: the App is not set up: set UNBLOCK_APP_ID,"
                + " UNBLOCK_PRIVATE_KEY and UNBLOCK_WEBHOOK_SECRET, or set UNBLOCK_PUBLIC_URL and open /setup to create the App"
                + " on GitHub" + System.lineSeparator());
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        assertThat(new ServeCommand().serve(Map.of("UNBLOCK_DATA_DIR", dir.toString(), "UNBLOCK_PUBLIC_URL", "https://x.test",
                "UNBLOCK_WORKERS", "0"), new PrintStream(bad, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(bad.toString(StandardCharsets.UTF_8)).startsWith("unblock serve: UNBLOCK_WORKERS must be a whole number from 1 to 64");
    }

    @Test
    void aBadLogSettingIsRefusedInOneLineBeforeAnythingStarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ServeCommand().serve(Map.of("UNBLOCK_DATA_DIR", dir.toString(), "UNBLOCK_PUBLIC_URL", "https://x.test",
                "UNBLOCK_LOG_FORMAT", "logfmt"), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "unblock serve: UNBLOCK_LOG_FORMAT must be one of text, json (not \"logfmt\")" + System.lineSeparator());
        assertThat(java.nio.file.Files.list(dir)).isEmpty();
    }

    @Test
    void isASubcommandOfUnblock() {
        assertThat(Main.run("serve", "--help")).isZero();
    }
}
