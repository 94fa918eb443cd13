package org.cnpgrehearsal.strategy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the write load committed: statements by kind, the rows each touched (by table and id, deleted ones included),
 * and each statement's start and latency. Written by the load's one thread, read once it has stopped.
 */
public final class WriteLedger {

    /** What a statement does to its row. */
    public enum Kind {
        INSERT,
        UPDATE,
        DELETE
    }

    /** One committed statement: when it started (ms since the epoch) and how long it took (µs). */
    record Timing(long startedAtMs, long latencyMicros) {}

    private final Map<Kind, Integer> statements = new EnumMap<>(Kind.class);
    private final Map<String, Set<Long>> touched = new LinkedHashMap<>();
    private final List<Timing> timings = new ArrayList<>();

    synchronized void committed(String table, Kind kind, List<Long> ids, long startedAtMs, long latencyMicros) {
        statements.merge(kind, 1, Integer::sum);
        touched.computeIfAbsent(table, t -> new TreeSet<>()).addAll(ids);
        timings.add(new Timing(startedAtMs, latencyMicros));
    }

    public synchronized int statements() {
        return statements.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized int statements(Kind kind) {
        return statements.getOrDefault(kind, 0);
    }

    /** The ids of the rows the committed statements inserted, updated or deleted, by table. */
    @JsonIgnore
    public synchronized Map<String, Set<Long>> touched() {
        Map<String, Set<Long>> copy = new LinkedHashMap<>();
        touched.forEach((t, ids) -> copy.put(t, Set.copyOf(ids)));
        return copy;
    }

    public synchronized int rowsTouched() {
        return touched.values().stream().mapToInt(Set::size).sum();
    }

    /** The median latency (ms) of the statements that started in [fromMs, toMs), or null when none did. */
    public synchronized Double medianLatencyMs(long fromMs, long toMs) {
        long[] in = timings.stream()
                .filter(t -> t.startedAtMs() >= fromMs && t.startedAtMs() < toMs)
                .mapToLong(Timing::latencyMicros)
                .sorted()
                .toArray();
        if (in.length == 0) {
            return null;
        }
        long mid = in.length % 2 == 1 ? in[in.length / 2] : (in[in.length / 2 - 1] + in[in.length / 2]) / 2;
        return mid / 1000.0;
    }
}
