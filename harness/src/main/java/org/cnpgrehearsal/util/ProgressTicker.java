package org.cnpgrehearsal.util;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.cnpgrehearsal.timeline.PhaseHandle;

/** Reports a growing byte count (a dump folder, a database), or any progress text, to a running phase every second, until closed. */
public final class ProgressTicker implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });

    public ProgressTicker(PhaseHandle handle, String label, LongSupplier bytes) {
        this(handle, () -> label + " " + Sizes.human(bytes.getAsLong()));
    }

    public ProgressTicker(PhaseHandle handle, Supplier<String> text) {
        executor.scheduleAtFixedRate(
                () -> {
                    try {
                        handle.progress(text.get());
                    } catch (RuntimeException ignored) {
                        // a size that cannot be read this second is shown the next
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
