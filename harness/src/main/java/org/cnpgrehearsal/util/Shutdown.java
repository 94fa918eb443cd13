package org.cnpgrehearsal.util;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What happens on Ctrl-C (or SIGTERM), in one order and on one thread: every program the harness started is killed
 * with its children (initdb's postgres included), then the registered cleanups run (newest first: servers stopped,
 * work folders removed). From that moment no new program starts except from a cleanup, so the rehearsal's own thread,
 * which goes on running while the JVM shuts down, cannot recreate what was just removed.
 */
public final class Shutdown {

    private static final List<Cleanup> CLEANUPS = new CopyOnWriteArrayList<>();
    private static final ThreadLocal<Boolean> CLEANING = ThreadLocal.withInitial(() -> false);
    private static volatile boolean started;
    /** Where the hook says what it is doing (the console's human stream). */
    private static volatile PrintStream messages = System.err;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Shutdown::run, "shutdown-cleanup"));
    }

    /**
     * A registered cleanup. It runs once: when closed (the normal path, the rehearsal's own thread) or from the hook,
     * whichever comes first; the other waits for it. It may start programs (pg_ctl stop) in either case.
     */
    public static final class Cleanup implements AutoCloseable {
        private final String what;
        private final Runnable action;
        private boolean done;

        private Cleanup(String what, Runnable action) {
            this.what = what;
            this.action = action;
        }

        /**
         * Runs the cleanup now, unless it ran already, then deregisters it: only then, so that a hook that starts
         * meanwhile finds it and waits for it, rather than letting the JVM halt in the middle of it.
         */
        @Override
        public synchronized void close() {
            if (done) {
                return;
            }
            done = true;
            boolean wasCleaning = CLEANING.get();
            CLEANING.set(true);
            try {
                action.run();
            } finally {
                CLEANING.set(wasCleaning);
                CLEANUPS.remove(this);
            }
        }

        private synchronized boolean pending() {
            return !done;
        }
    }

    /**
     * Registers {@code action}, described by {@code what} ("stopping the servers and removing /tmp/..."); close the
     * result (try-with-resources) to run it on the normal path.
     */
    public static Cleanup onShutdown(String what, Runnable action) {
        Cleanup c = new Cleanup(what, action);
        CLEANUPS.add(c);
        return c;
    }

    /** True once the JVM is shutting down under the command: what fails from then on is the interruption. */
    public static boolean started() {
        return started;
    }

    /** Whether the current thread may start programs: always, except after the shutdown began outside a cleanup. */
    static boolean mayStartPrograms() {
        return !started || CLEANING.get();
    }

    public static void messagesTo(PrintStream stream) {
        messages = stream;
    }

    private static void run() {
        started = true;
        CLEANING.set(true);
        try {
            Processes.killAll();
        } catch (RuntimeException e) {
            messages.println("could not stop every program: " + e.getMessage());
        }
        List<Cleanup> newestFirst = new ArrayList<>(CLEANUPS);
        Collections.reverse(newestFirst);
        for (Cleanup c : newestFirst) {
            if (c.pending()) {
                messages.println("interrupted: " + c.what);
            }
            try {
                c.close();
            } catch (RuntimeException e) {
                messages.println("cleanup failed: " + c.what + ": " + e.getMessage());
            }
        }
    }

    private Shutdown() {}
}
