package dev.unblock.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code unblock parse PATH…}: parses files and folders of Python, reports failures and throughput. */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = "Parse Python files (folders are searched for *.py) and report syntax errors and speed.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:every file parsed", "1:some file failed to parse", "2:bad usage"})
public final class ParseCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Python files or folders.")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                err.println("unblock parse: no such file or folder: " + path);
                return 2;
            }
            files.addAll(pythonFiles(path));
        }
        PythonSource.warmUp();
        long started = System.nanoTime();
        long lines = 0;
        int failures = 0;
        for (Path file : files) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                try {
                    lines += PythonSource.parse(file.toString(), bytes).lineCount();
                } catch (PythonSyntaxError e) {
                    failures++;
                    lines += lineBreaks(bytes);
                    out.println(e.getMessage());
                }
            } catch (IOException e) {
                failures++;
                out.println(file + ":1:1: cannot read: " + e.getMessage());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("%d files, %d lines, %d failed, %.2f s, %.0f lines/s%n", files.size(), lines, failures, seconds,
                seconds > 0 ? lines / seconds : 0.0);
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private static int lineBreaks(byte[] bytes) {
        int n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    /** A file as given, or every *.py below a folder, in a stable order. */
    static List<Path> pythonFiles(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".py") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        }
    }
}
