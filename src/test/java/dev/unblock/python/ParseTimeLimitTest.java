package dev.unblock.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A per-file parse time limit: past it the parse stops with a clear error instead of holding a worker. */
class ParseTimeLimitTest {
    private static final byte[] BIG = "x = [1, 2, 3]\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);

    @Test
    void aParsePastItsLimitIsReportedNotFinished() {
        assertThatThrownBy(() -> PythonSource.parse("big.py", BIG, Duration.ofNanos(1)))
                .isInstanceOf(PythonSyntaxError.class)
                .hasMessageStartingWith("big.py:1:1: not parsed: it took longer than");
    }

    @Test
    void withinItsLimitTheFileParsesAsUsual() throws Exception {
        assertThat(PythonSource.parse("big.py", BIG, Duration.ofSeconds(60)).lineCount()).isEqualTo(20_000);
    }
}
