package org.cnpgrehearsal.util;

import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The most a quantity reached while something ran (the bytes on a volume during an import), sampled on a thread of
 * its own every {@code periodMs} from the moment it is opened until it is closed. A sample that cannot be read is
 * skipped; the next one counts.
 */
public final class PeakSampler implements AutoCloseable {

    private final LongSupplier sample;
    private final AtomicLong peak = new AtomicLong(Long.MIN_VALUE);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peak-sampler");
        t.setDaemon(true);
        return t;
    });

    public PeakSampler(LongSupplier sample, long periodMs) {
        this.sample = sample;
        executor.scheduleAtFixedRate(this::sample, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Takes a sample now, besides the periodic ones (at a moment known to matter). */
    public void sample() {
        try {
            peak.accumulateAndGet(sample.getAsLong(), Math::max);
        } catch (RuntimeException ignored) {
            // a file that vanished under the walk, a volume being remounted: the next sample counts
        }
    }

    /** The largest sample so far (one more is taken now, so that a short run has one); empty when none could be read. */
    public OptionalLong peak() {
        sample();
        long p = peak.get();
        return p == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(p);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
