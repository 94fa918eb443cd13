package org.cnpgrehearsal.cli;

import java.nio.file.Path;
import org.cnpgrehearsal.util.BadInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How a command talks: text or one JSON document, how much, in colour or not. Shared by every command. */
public final class OutputOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The two forms of a command's result. */
    public enum Format {
        text,
        json
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "text, or json: one JSON document on standard output, the human text on standard error "
                    + "(default: ${DEFAULT-VALUE})",
            defaultValue = "text")
    Format output = Format.text;

    @Option(
            names = {"-q", "--quiet"},
            description = "print only the result (and errors): no progress, notes or phase table")
    boolean quiet;

    @Option(
            names = {"-v", "--verbose"},
            description = "also print when each phase starts, progress every second, and the stack trace of an "
                    + "internal error")
    boolean verbose;

    @Option(names = "--no-color", description = "no colour (also when NO_COLOR is set; colour only ever on a terminal)")
    boolean noColor;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "options a team sets once, in YAML (default: $CNPG_REHEARSAL_CONFIG, else "
                    + "cnpg-rehearsal.yaml in the current folder when there is one); the command line wins")
    Path config;

    /** The console these options describe; --quiet with --verbose is bad input. */
    public Console console() {
        if (quiet && verbose) {
            throw new BadInputException("--quiet and --verbose contradict each other: pass one");
        }
        Console.Level level = quiet ? Console.Level.QUIET : verbose ? Console.Level.VERBOSE : Console.Level.NORMAL;
        Console console = Console.of(
                output == Format.json,
                level,
                noColor,
                System.getenv("NO_COLOR"),
                mixee.commandLine().getOut(),
                mixee.commandLine().getErr());
        Console.current(console);
        return console;
    }
}
