package org.cnpgrehearsal.cli;

import org.cnpgrehearsal.engine.Version;
import org.cnpgrehearsal.util.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code cnpg-rehearsal <command>}. Exit codes: 0 met, 1 not met, 2 bad input, 130 interrupted. */
@Command(
        name = "cnpg-rehearsal",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description =
                "Rehearses a Zalando -> CloudNativePG migration (bootstrap.initdb.import) on throwaway infrastructure.",
        subcommands = {
            RehearseCommand.class,
            PreflightCommand.class,
            ProfileCommand.class,
            EstimateCommand.class,
            ScenariosCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static final int BAD_INPUT = 2;
    public static final int INTERRUPTED = 130;
    /** Set when the JVM shuts down under the command (Ctrl-C): what fails then is the interruption, not an error. */
    private static volatile boolean shuttingDown;

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shuttingDown = true));
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        giveVersion(cl);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BadInputException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            if (shuttingDown) {
                commandLine.getErr().println("interrupted: the servers were stopped and the work folders removed");
                return INTERRUPTED;
            }
            throw e;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see --help)");
            return BAD_INPUT;
        });
        return cl;
    }

    /** Every command and subcommand answers --version. */
    private static void giveVersion(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new VersionProvider());
        cl.getSubcommands().values().forEach(Main::giveVersion);
    }

    /** The version from the build. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cnpg-rehearsal " + Version.text()};
        }
    }
}
