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

    /** The figure as a Kubernetes quantity, as it goes into {@code spec.storage.size}. */
    public String quantity() {
        return Sizes.kubernetesQuantity(neededBytes);
    }
}
