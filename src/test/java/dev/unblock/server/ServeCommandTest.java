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
    void isASubcommandOfUnblock() {
        assertThat(Main.run("serve", "--help")).isZero();
    }
}
