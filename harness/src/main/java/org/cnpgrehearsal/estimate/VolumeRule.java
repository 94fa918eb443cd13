package org.cnpgrehearsal.estimate;

import org.cnpgrehearsal.results.VolumeNeed;
import org.cnpgrehearsal.util.Sizes;

/**
 * The one rule for the data volume an import needs at its peak: CNPG writes the dump under PGDATA and restores next to
 * it, so the volume holds the empty cluster, the dump and the restored data at once, plus WAL when there is no
 * walStorage. The preflight, the rehearsal's sizes and the production estimate all call {@link #need}.
 */
public final class VolumeRule {

    /** Margin on dump plus restored data: filesystem overhead, bloat differences, the ANALYZE afterwards. */
    static final double MARGIN = 1.2;
    /** An empty CNPG cluster after initdb (catalogs and the first WAL segments; 47 MB measured here), rounded up. */
    static final long EMPTY_CLUSTER_BYTES = 64L * 1024 * 1024;

    /**
     * @param dumpBytes     what the dump holds at most: the tables' heap and TOAST plus the large objects
     *                      (pg_dump's directory format compresses, so the real dump is usually smaller)
     * @param restoredBytes the restored databases (the source's pg_database_size)
     */
    public static VolumeNeed need(long dumpBytes, long restoredBytes, boolean walOnDataVolume, long maxWalSize) {
        long wal = WalHeadroom.bytes(restoredBytes, walOnDataVolume, maxWalSize);
        long needed = EMPTY_CLUSTER_BYTES + (long) Math.ceil((dumpBytes + restoredBytes) * MARGIN) + wal;
        String how = "an empty cluster " + Sizes.human(EMPTY_CLUSTER_BYTES) + " + " + MARGIN + " x (the dump, at most "
                + Sizes.human(dumpBytes) + " of tables with TOAST and large objects, + the restored data "
                + Sizes.human(restoredBytes) + ")"
                + (walOnDataVolume
                        ? " + WAL headroom " + Sizes.human(wal) + " (" + WalHeadroom.rule(maxWalSize) + ")"
                        : " (WAL on its own volume: walStorage)");
        return new VolumeNeed(needed, EMPTY_CLUSTER_BYTES, dumpBytes, restoredBytes, wal, how);
    }

    private VolumeRule() {}
}
