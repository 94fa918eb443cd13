package org.cnpgrehearsal.results;

import org.cnpgrehearsal.util.Sizes;

/**
 * The data volume the import needs at its peak, and its parts: an empty cluster, the dump and the restored data side
 * by side (with a margin), and WAL headroom when the WAL shares the volume. {@code how} states the rule with these
 * numbers; every report shows this one figure, as {@link #quantity()}.
 */
public record VolumeNeed(
        long neededBytes,
        long emptyClusterBytes,
        long dumpBytes,
        long restoredBytes,
        long walHeadroomBytes,
        String how) {

    private static final long GI = 1024L * 1024 * 1024;

    /** The figure as a Kubernetes quantity, as it goes into {@code spec.storage.size}. */
    public String quantity() {
        return quantity(neededBytes);
    }

    /** A size as a Kubernetes quantity rounded up: whole Gi from 10 Gi on (readable), whole Mi below. */
    public static String quantity(long bytes) {
        return bytes >= 10 * GI ? (bytes + GI - 1) / GI + "Gi" : Sizes.kubernetesQuantity(bytes);
    }
}
