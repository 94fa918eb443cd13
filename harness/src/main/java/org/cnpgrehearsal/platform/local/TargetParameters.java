package org.cnpgrehearsal.platform.local;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.cnpgrehearsal.manifest.ClusterManifest;

/**
 * Which of the manifest's {@code postgresql.parameters} the local target applies. CNPG writes them all into the
 * instance's configuration, where they hold during the import (under the import-only settings, which win). The local
 * target applies those that shape how fast the import runs and what it needs, and that every major rehearsed here
 * knows: a value sized for the production node ({@code shared_buffers}) or a parameter of a newer major would stop the
 * embedded server from starting, so the others are listed, not applied.
 */
public final class TargetParameters {

    /** To apply one more, add it here: it must exist in PostgreSQL 14 to 17 and fit on a developer's machine. */
    public static final Set<String> APPLIED = Set.of(
            "maintenance_work_mem",
            "max_parallel_maintenance_workers",
            "max_parallel_workers",
            "max_worker_processes",
            "max_wal_size",
            "min_wal_size",
            "checkpoint_timeout",
            "checkpoint_completion_target",
            "wal_buffers",
            "work_mem",
            "synchronous_commit",
            "autovacuum",
            "effective_io_concurrency",
            "maintenance_io_concurrency");

    /** The settings lines for the target's postgresql.conf (values quoted). */
    public static String lines(ClusterManifest m) {
        return applied(m).entrySet().stream()
                .map(e -> e.getKey() + " = '" + e.getValue().replace("'", "''") + "'")
                .collect(Collectors.joining("\n"));
    }

    /** The manifest's parameters that the local target does not apply, by name. */
    public static List<String> notApplied(ClusterManifest m) {
        return m.parameters().keySet().stream()
                .filter(k -> !APPLIED.contains(k))
                .sorted()
                .toList();
    }

    private static Map<String, String> applied(ClusterManifest m) {
        return m.parameters().entrySet().stream()
                .filter(e -> APPLIED.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, TreeMap::new));
    }

    private TargetParameters() {}
}
