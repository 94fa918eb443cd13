package org.cnpgrehearsal.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.cnpgrehearsal.report.ReportJson;
import org.cnpgrehearsal.util.Shutdown;

/**
 * Where a command's words go. {@code human} is for people (standard output, or standard error when the result is a
 * JSON document), {@code result} the JSON document's stream (standard output). Quiet keeps the result lines and drops
 * the rest ({@link #detail()} writes nowhere); colour only on a terminal, never with NO_COLOR or --no-color.
 */
public final class Console {

    /** How much a command says. */
    public enum Level {
        QUIET,
        NORMAL,
        VERBOSE
    }

    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());
    private static volatile Console current = new Console(System.out, System.out, false, Level.NORMAL, false);

    private final PrintStream human;
    private final PrintStream result;
    private final boolean json;
    private final Level level;
    private final boolean color;

    Console(PrintStream human, PrintStream result, boolean json, Level level, boolean color) {
        this.human = human;
        this.result = result;
        this.json = json;
        this.level = level;
        this.color = color;
    }

    /** Plain text to {@code out} at the normal level, no colour (for programs that drive a rehearsal themselves). */
    public static Console text(PrintStream out) {
        return new Console(out, out, false, Level.NORMAL, false);
    }

    /** The console over the command's standard output and error (picocli's, which tests can replace). */
    static Console of(
            boolean json, Level level, boolean noColorFlag, String noColorEnv, PrintWriter out, PrintWriter err) {
        PrintStream result = stream(out);
        PrintStream human = json ? stream(err) : result;
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new Console(human, result, json, level, colorWanted(terminal, noColorFlag, noColorEnv));
    }

    /** A PrintStream onto a writer: the engine prints to streams, picocli hands out writers. */
    private static PrintStream stream(PrintWriter writer) {
        OutputStream bytes = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                line.write(b);
                if (b == '\n' || b == '\r') {
                    flush();
                }
            }

            @Override
            public synchronized void flush() {
                writer.write(line.toString(StandardCharsets.UTF_8));
                writer.flush();
                line.reset();
            }
        };
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    /** Colour only on a terminal, and never with --no-color or a non-empty NO_COLOR (https://no-color.org). */
    static boolean colorWanted(boolean terminal, boolean noColorFlag, String noColorEnv) {
        return terminal && !noColorFlag && (noColorEnv == null || noColorEnv.isEmpty());
    }

    /** The console of the command running (for the error handler, which has no options of its own). */
    static Console current() {
        return current;
    }

    static void current(Console console) {
        current = console;
        Shutdown.messagesTo(console.human);
    }

    /** The result lines for people: the verdict, the report's path. Always printed (standard error in JSON mode). */
    public PrintStream human() {
        return human;
    }

    /** Progress, notes and tables: nowhere when quiet. */
    public PrintStream detail() {
        return level == Level.QUIET ? NOWHERE : human;
    }

    public boolean json() {
        return json;
    }

    public boolean quiet() {
        return level == Level.QUIET;
    }

    public boolean verbose() {
        return level == Level.VERBOSE;
    }

    /** Standard output, where the JSON document goes. */
    public PrintStream result() {
        return result;
    }

    /** Prints the command's one JSON document on standard output. */
    public void printJson(Object document) {
        result.print(ReportJson.toJson(document));
        result.flush();
    }

    /** {@code text} in green, red or yellow on a colour terminal; as is otherwise. */
    public String green(String text) {
        return paint("32", text);
    }

    public String red(String text) {
        return paint("31", text);
    }

    public String yellow(String text) {
        return paint("33", text);
    }

    private String paint(String code, String text) {
        return color ? "\033[" + code + "m" + text + "\033[0m" : text;
    }
}
