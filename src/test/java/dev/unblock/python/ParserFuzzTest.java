package dev.unblock.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The parser never hangs and never throws anything but {@link PythonSyntaxError}: random bytes, real files cut
 * at random points, and real files with random characters inserted, deleted or swapped. The seed is fixed so a
 * failure can be replayed.
 */
class ParserFuzzTest {
    private static final long SEED = 20261125L;
    private static final String ALPHABET = "()[]{}:;,.=+-*/%@!<>'\"\\#\n\r\t\f fFrRbBtT0123456789_abcxyz"
            + "\u00e9\u4e2d\ud83d\ude00\u0000\ufeff";

    @Test
    void randomInputOnlyEverGivesSyntaxErrors() {
        Random random = new Random(SEED);
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < 3000; i++) {
                int length = random.nextInt(200);
                StringBuilder text = new StringBuilder();
                for (int j = 0; j < length; j++) {
                    text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                parseSafely(text.toString().getBytes(StandardCharsets.UTF_8));
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                parseSafely(bytes);
            }
        });
    }

    @Test
    void truncatedAndMutatedRealFilesOnlyEverGiveSyntaxErrors() throws Exception {
        List<byte[]> corpus = new ArrayList<>();
        for (Path file : SyntaxFixturesTest.fixtures("valid")) {
            corpus.add(Files.readAllBytes(file));
        }
        // Real files too: every 40th module of the standard library on this machine, when python3 is here.
        java.util.Optional<String> python = dev.unblock.testing.Python3.executable();
        if (python.isPresent()) {
            Path stdlib = dev.unblock.testing.Python3.stdlib(python.get());
            List<Path> files = StdlibConformanceTest.stdlibFiles(stdlib);
            for (int i = 0; i < files.size(); i += 40) {
                corpus.add(Files.readAllBytes(files.get(i)));
            }
        }
        Random random = new Random(SEED);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < 4000; i++) {
                String text = new String(corpus.get(random.nextInt(corpus.size())), StandardCharsets.ISO_8859_1);
                StringBuilder mutated = new StringBuilder(text);
                if (i % 2 == 0 && text.length() > 0) {
                    mutated.setLength(random.nextInt(text.length()));
                } else {
                    for (int k = 0; k < 1 + random.nextInt(3) && mutated.length() > 0; k++) {
                        int at = random.nextInt(mutated.length());
                        switch (random.nextInt(3)) {
                            case 0 -> mutated.deleteCharAt(at);
                            case 1 -> mutated.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                            default -> mutated.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                        }
                    }
                }
                outcomes[parseSafely(mutated.toString().getBytes(StandardCharsets.ISO_8859_1)) ? 0 : 1]++;
            }
        });
        // Both outcomes must occur, or the mutations are not exercising the error paths.
        assertThat(outcomes[0]).isPositive();
        assertThat(outcomes[1]).isPositive();
    }

    @Test
    void deepNestingIsASyntaxErrorNotACrash() {
        String deep = "x = " + "(".repeat(100_000) + ")".repeat(100_000) + "\n";
        parseSafely(deep.getBytes(StandardCharsets.UTF_8));
    }

    /** True when the input parsed; false on a syntax error; anything else fails the test. */
    private static boolean parseSafely(byte[] bytes) {
        try {
            SourceFile source = PythonSource.parse("fuzz.py", bytes);
            assertThat(source.joinedTokens()).isEqualTo(source.text());
            return true;
        } catch (PythonSyntaxError e) {
            assertThat(e.getMessage()).startsWith("fuzz.py:");
            return false;
        }
    }
}
