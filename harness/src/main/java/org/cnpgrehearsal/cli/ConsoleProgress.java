package org.cnpgrehearsal.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.Sizes;

/**
 * The console view of the timeline: the phase running, a live progress line (rewritten in place on a terminal),
 * and one line per finished phase. Never silent for long: off a terminal a running phase prints a line after
 * {@link #SILENCE_MS} without one (every second with --verbose), even when the phase reports no progress of its own.
 */
public final class ConsoleProgress implements Timeline.Listener, AutoCloseable {

    /** The longest a running phase stays silent off a terminal. */
    static final long SILENCE_MS = 5_000;

    private final PrintStream out;
    private final Console console;
    private final boolean terminal;
    private final long silenceMs;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private String phase;
    private String lastText;
    private long phaseStarted;
    private long lastPrinted;
    private boolean inPlace;

    public ConsoleProgress(Console console) {
        this(console, System.console() != null, SILENCE_MS);
    }

    ConsoleProgress(Console console, boolean terminal, long silenceMs) {
        this.out = console.detail();
        this.console = console;
        this.terminal = terminal;
        this.silenceMs = silenceMs;
        long tick = Math.min(1_000, silenceMs);
        heartbeat.scheduleAtFixedRate(this::beat, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void started(String name) {
        phase = name;
        lastText = null;
        phaseStarted = lastPrinted = System.currentTimeMillis();
        if (terminal) {
            inPlace("  .. " + name);
        } else if (console.verbose()) {
            out.println("  .. " + name + " started");
        }
    }

    @Override
    public synchronized void progress(String name, String text) {
        lastText = text;
        if (terminal) {
            inPlace("  .. " + name + ": " + text);
        } else if (System.currentTimeMillis() - lastPrinted >= interval()) {
            line(name + ": " + text);
        }
    }

    @Override
    public synchronized void ended(PhaseRecord p) {
        phase = null;
        if (inPlace) {
            out.print("\r\033[K");
            inPlace = false;
        }
        // a phase that found problems (a preflight no-go, failed checks) is never shown as ok
        String mark = switch (p.status()) {
            case SUCCEEDED -> console.green("ok  ");
            case FOUND_PROBLEMS, FAILED -> console.red("FAIL");
            case SKIPPED -> console.yellow("skip");
        };
        out.printf(
                Locale.ROOT,
                "  %s %-18s %8.1f s%s%n",
                mark,
                p.name(),
                p.durationMs() / 1000.0,
                (p.bytes() == null ? "" : "  " + Sizes.human(p.bytes()))
                        + (p.detail() == null ? "" : "  " + p.detail()));
    }

    /** Once a second: a phase that has said nothing for too long says how long it has been running. */
    private synchronized void beat() {
        if (phase == null) {
            return;
        }
        long now = System.currentTimeMillis();
        String running = String.format(Locale.ROOT, "running for %d s", (now - phaseStarted) / 1000);
        String text = phase + ": " + (lastText == null ? running : lastText + ", " + running);
        if (terminal) {
            inPlace("  .. " + text);
        } else if (now - lastPrinted >= interval()) {
            line(text);
        }
    }

    private long interval() {
        return console.verbose() ? Math.min(1_000, silenceMs) : silenceMs;
    }

    private void line(String text) {
        out.println("  .. " + text);
        lastPrinted = System.currentTimeMillis();
    }

    private void inPlace(String text) {
        out.print("\r\033[K" + text);
        inPlace = true;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
