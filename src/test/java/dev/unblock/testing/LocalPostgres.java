package dev.unblock.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 for tests, made with the machine's initdb/pg_ctl (run as the
 * postgres user when the tests run as root, since PostgreSQL refuses root). {@link #find()} is null where
 * the server binaries are missing.
 */
public final class LocalPostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private LocalPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The directory holding initdb and pg_ctl, or null. */
    public static Path find() {
        for (String candidate : List.of("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin",
                "/usr/local/bin", "/usr/bin")) {
            Path bin = Path.of(candidate);
            if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))) {
                return bin;
            }
        }
        return null;
    }

    /** A started cluster; the calling test is skipped (with the reason) where there are no server binaries. */
    public static LocalPostgres startOrSkip() throws Exception {
        Path bin = find();
        org.junit.jupiter.api.Assumptions.assumeTrue(bin != null, "no PostgreSQL server binaries (initdb, pg_ctl) on this machine");
        return start(bin);
    }

    public static LocalPostgres start(Path bin) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("unblock-pg");
        if (root) {
            run(List.of("chown", "postgres:postgres", dir.toString()), false);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LocalPostgres pg = new LocalPostgres(bin, dir, port, root);
        run(pg.command(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "unblock",
                "--no-sync"), false);
        run(pg.command(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                "-w", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), false);
        return pg;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=unblock";
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(args));
        return command;
    }

    private static void run(List<String> command, boolean quiet) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            if (!quiet) {
                throw new IOException(String.join(" ", command) + " failed:\n" + output);
            }
        }
    }

    @Override
    public void close() throws Exception {
        run(command(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), true);
        run(List.of("rm", "-rf", dir.toString()), true);
    }
}
