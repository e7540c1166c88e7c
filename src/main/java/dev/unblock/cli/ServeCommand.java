package dev.unblock.cli;

import dev.unblock.jobs.Tuning;
import dev.unblock.migrate.Engine;
import dev.unblock.migrate.MigrationEngine;
import dev.unblock.server.LogSettings;
import dev.unblock.server.Logging;
import dev.unblock.server.Service;
import dev.unblock.server.Settings;
import dev.unblock.server.SettingsException;
import picocli.CommandLine.Command;

import java.time.Clock;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code unblock serve}: the GitHub App's webhook server and workers. Settings come from the environment. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the GitHub App (webhook server and workers). Settings come from UNBLOCK_* environment variables.")
public final class ServeCommand implements Callable<Integer> {

    /** The migration engine the App runs: one instance, so parsed files are cached across jobs. */
    static MigrationEngine engine() {
        // Fill the parser's prediction caches before the first delivery (DESIGN.md §7).
        dev.unblock.python.PythonSource.warmUp();
        return new Engine();
    }

    @Override
    public Integer call() throws Exception {
        return serve(System.getenv(), System.err);
    }

    /** Starts and blocks until shutdown; returns 2 at once, after one line on {@code err}, when settings are bad. */
    public int serve(Map<String, String> env, PrintStream err) throws Exception {
        Service service;
        try {
            Logging.apply(LogSettings.fromEnvironment(env));
            service = Service.start(env, ServeCommand::engine, Settings.tuning(env, Tuning.defaults()), Clock.systemUTC());
        } catch (SettingsException e) {
            err.println("unblock serve: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "unblock-shutdown"));
        stopped.await();
        return 0;
    }
}
