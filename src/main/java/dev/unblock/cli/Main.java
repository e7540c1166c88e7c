package dev.unblock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code unblock} command: one subcommand per job. */
@Command(name = "unblock", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Migrates Python code from blocking I/O to asyncio.",
        subcommands = {ParseCommand.class, MigrateCommand.class, ExplainCommand.class, ServeCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status; bad usage is 2. */
    public static int run(String... args) {
        return configure(new CommandLine(new Main())).execute(args);
    }

    /** Exit statuses: 2 for bad usage and for an unexpected internal error (as ruff: 1 means "found something"). */
    static CommandLine configure(CommandLine cli) {
        return cli
                .setExitCodeExceptionMapper(e -> 2)
                .setParameterExceptionHandler((ex, a) -> {
                    ex.getCommandLine().getErr().println(ex.getMessage());
                    ex.getCommandLine().usage(ex.getCommandLine().getErr());
                    return 2;
                });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
