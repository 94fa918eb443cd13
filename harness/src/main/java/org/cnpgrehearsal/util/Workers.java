package org.cnpgrehearsal.util;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Parallel database sessions: the same work on several threads at once (each typically draining a shared queue). */
public final class Workers {

    /** One worker's work; it opens its own session. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /**
     * Runs {@code work} on {@code count} threads and waits for all of them, so that no session is still at work when
     * this returns; then the first failure (in thread order) is rethrown. Interrupted, it stops waiting at once.
     */
    public static void run(int count, Work work) throws SQLException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, count));
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    work.run();
                    return null;
                }));
            }
            Throwable first = null;
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    first = first == null ? e.getCause() : first;
                }
            }
            if (first instanceof SQLException se) {
                throw se;
            }
            if (first != null) {
                throw new SQLException("seeding failed: " + first, first);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("seeding interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private Workers() {}
}
