package dev.unblock.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One test per file under fixtures/python: {@code valid/} files (syntax of Python 3.12–3.14 that the 3.11
 * standard library cannot show, and lexing edge cases) parse and rebuild their exact bytes from their
 * tokens; {@code invalid/} files fail with the error named on their first line ({@code # error: L:C: text}).
 */
class SyntaxFixturesTest {

    @TestFactory
    Stream<DynamicTest> validFilesParseAndRoundTrip() throws Exception {
        return fixtures("valid").stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            byte[] bytes = Files.readAllBytes(file);
            SourceFile source = PythonSource.parse(file.getFileName().toString(), bytes);
            assertThat(source.joinedTokens()).isEqualTo(source.text());
            assertThat(source.joinedTokens().getBytes(source.charset())).isEqualTo(bytes);
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidFilesFailWithTheirError() throws Exception {
        return fixtures("invalid").stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            byte[] bytes = Files.readAllBytes(file);
            String header = new String(bytes, 0, indexOf(bytes, (byte) '\n'), StandardCharsets.ISO_8859_1);
            assertThat(header).startsWith("# error: ");
            String[] expected = header.substring("# error: ".length()).split(": ", 2);
            String name = file.getFileName().toString();
            assertThatThrownBy(() -> PythonSource.parse(name, bytes))
                    .isInstanceOf(PythonSyntaxError.class)
                    .hasMessageStartingWith(name + ":" + expected[0] + ": ")
                    .hasMessageContaining(expected[1])
                    .hasNoCause();
        }));
    }

    static List<Path> fixtures(String folder) throws IOException, URISyntaxException {
        Path dir = Path.of(SyntaxFixturesTest.class.getResource("/fixtures/python/" + folder).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return Arrays.asList(bytes).size() == 0 ? 0 : bytes.length;
    }
}
