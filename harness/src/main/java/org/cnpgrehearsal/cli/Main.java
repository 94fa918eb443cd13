package org.cnpgrehearsal.cli;

import java.nio.file.Path;
import org.cnpgrehearsal.engine.Version;
import org.cnpgrehearsal.platform.local.ServerBinaries;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Shutdown;
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
            VerifyCommand.class,
            ProfileCommand.class,
            EstimateCommand.class,
            ScenariosCommand.class,
            CacheCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static final int BAD_INPUT = 2;
    public static final int INTERRUPTED = 130;
    public static final int NOT_MET = 1;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line as the shell does: the config file read first, then the command. */
    public static int execute(String... args) {
        return execute(commandLine(), args);
    }

    /** {@link #execute(String...)} on a prepared command line (tests give it their own output and error writers). */
    public static int execute(CommandLine cl, String... args) {
        // until the command reads its own output options: errors in the config file and in parsing
        Console.current(Console.of(false, Console.Level.NORMAL, false, null, cl.getOut(), cl.getErr()));
        try {
            ConfigFile config =
                    ConfigFile.find(args, System.getenv(), Path.of("").toAbsolutePath());
            if (config != null) {
                config.validate(cl);
                cl.setDefaultValueProvider(config);
            }
        } catch (BadInputException e) {
            cl.getErr().println("error: " + e.getMessage());
            return BAD_INPUT;
        }
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        giveVersion(cl);
        HelpSections.install(cl);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Console console = Console.current();
            if (Shutdown.started()) {
                console.human().println("interrupted: the servers were stopped and the work folders removed");
                return INTERRUPTED;
            }
            if (e instanceof BadInputException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            if (console.verbose()) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine
                        .getErr()
                        .println("internal error: " + e + " (run again with --verbose for the stack trace, "
                                + "and report it with that trace)");
            }
            return NOT_MET;
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

    /** The version, the build and the embedded server majors. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "cnpg-rehearsal " + Version.text() + " (built " + Version.built() + ")",
                "embedded PostgreSQL server binaries: majors " + ServerBinaries.SHIPPED + " ("
                        + Version.postgresBinaries() + ")",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
