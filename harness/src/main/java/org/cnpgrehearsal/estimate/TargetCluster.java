package org.cnpgrehearsal.estimate;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.util.Sizes;

/**
 * What the manifest says about the production cluster that the estimate needs: its volume, whether WAL shares it, the
 * settings the import's work depends on (maintenance_work_mem for sorts, max_wal_size for WAL), its processors (the
 * CPU limit of a pod: the most pg_restore workers that can run at once), its instances (the replicas to clone after
 * the import) and how long a replica's base backup waits for its spread checkpoint (checkpoint_timeout x
 * checkpoint_completion_target: CNPG's join does not ask for a fast one).
 *
 * @param processors null when the manifest sets no CPU limit or request
 */
public record TargetCluster(
        Long storageBytes,
        boolean walOnDataVolume,
        long maintenanceWorkMemBytes,
        long maxWalSizeBytes,
        Integer processors,
        int instances,
        long checkpointWaitMs) {

    /** PostgreSQL's default max_wal_size. */
    public static final long DEFAULT_MAX_WAL_SIZE = 1024L * 1024 * 1024;

    /** PostgreSQL's defaults: checkpoint_timeout 5 min x checkpoint_completion_target 0.9. */
    public static final long DEFAULT_CHECKPOINT_WAIT_MS = Math.round(5 * 60_000 * 0.9);

    private static final Pattern TIME = Pattern.compile("(?i)\\s*(\\d+)\\s*(ms|s|min|h|d)?\\s*");
    private static final Pattern MEMORY = Pattern.compile("(?i)\\s*(\\d+)\\s*(b|kb|mb|gb|tb)?\\s*");
    private static final Pattern CPU = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)(m?)\\s*");

    /** Nothing known: a single instance with PostgreSQL's defaults, WAL on the data volume. */
    public static TargetCluster unknown() {
        return new TargetCluster(
                null,
                true,
                Work.DEFAULT_MAINTENANCE_WORK_MEM,
                DEFAULT_MAX_WAL_SIZE,
                null,
                1,
                DEFAULT_CHECKPOINT_WAIT_MS);
    }

    public static TargetCluster of(ClusterManifest m) {
        if (m == null) {
            return unknown();
        }
        Map<String, Object> spec = map(m.raw(), "spec");
        Map<String, Object> parameters = map(map(spec, "postgresql"), "parameters");
        Object instances = spec.get("instances");
        return new TargetCluster(
                m.storageSize() == null ? null : Sizes.parse(m.storageSize()),
                m.walStorageSize() == null,
                memory(parameters.get("maintenance_work_mem"), 1024, Work.DEFAULT_MAINTENANCE_WORK_MEM),
                memory(parameters.get("max_wal_size"), 1024 * 1024, DEFAULT_MAX_WAL_SIZE),
                processors(map(spec, "resources")),
                instances instanceof Number n ? Math.max(1, n.intValue()) : 1,
                checkpointWait(parameters));
    }

    /** checkpoint_timeout (seconds when unitless) x checkpoint_completion_target, from the manifest's parameters. */
    static long checkpointWait(Map<String, Object> parameters) {
        long timeoutMs = 5 * 60_000;
        Object timeout = parameters.get("checkpoint_timeout");
        if (timeout != null) {
            Matcher m = TIME.matcher(String.valueOf(timeout));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
                timeoutMs = switch (unit) {
                    case "ms" -> n;
                    case "min" -> n * 60_000;
                    case "h" -> n * 3_600_000;
                    case "d" -> n * 86_400_000;
                    default -> n * 1000;
                };
            }
        }
        double target = 0.9;
        Object completion = parameters.get("checkpoint_completion_target");
        if (completion != null) {
            try {
                target = Double.parseDouble(String.valueOf(completion).strip());
            } catch (NumberFormatException e) {
                // the default stays
            }
        }
        return Math.round(timeoutMs * target);
    }

    /** The same cluster with the storage size given on the command line instead. */
    public TargetCluster withStorageBytes(Long bytes) {
        return new TargetCluster(
                bytes,
                walOnDataVolume,
                maintenanceWorkMemBytes,
                maxWalSizeBytes,
                processors,
                instances,
                checkpointWaitMs);
    }

    /**
     * A PostgreSQL memory setting: a number in {@code unitBytes} (kB for maintenance_work_mem, MB for max_wal_size)
     * or with a unit; the default when absent or unreadable.
     */
    static long memory(Object value, long unitBytes, long fallback) {
        if (value == null) {
            return fallback;
        }
        Matcher m = MEMORY.matcher(String.valueOf(value));
        if (!m.matches()) {
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "b" -> n;
            case "kb" -> n * 1024;
            case "mb" -> n * 1024 * 1024;
            case "gb" -> n * 1024 * 1024 * 1024;
            case "tb" -> n * 1024L * 1024 * 1024 * 1024;
            default -> n * unitBytes;
        };
    }

    /** Whole processors of {@code resources.limits.cpu}, else {@code requests.cpu} ("2", "1500m"); null when unset. */
    static Integer processors(Map<String, Object> resources) {
        for (String kind : new String[] {"limits", "requests"}) {
            Object cpu = map(resources, kind).get("cpu");
            if (cpu != null) {
                Matcher m = CPU.matcher(String.valueOf(cpu));
                if (m.matches()) {
                    double v = Double.parseDouble(m.group(1)) / (m.group(2).isEmpty() ? 1 : 1000);
                    return Math.max(1, (int) Math.floor(v));
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object v = parent == null ? null : parent.get(key);
        return v instanceof Map<?, ?> ? (Map<String, Object>) v : Map.of();
    }
}
