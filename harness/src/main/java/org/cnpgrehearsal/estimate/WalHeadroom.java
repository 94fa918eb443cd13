package org.cnpgrehearsal.estimate;

import org.cnpgrehearsal.util.Sizes;

/**
 * Room for WAL on the data volume during the import, when there is no walStorage. The restore writes at most its data
 * as WAL (CNPG imports with wal_level=minimal: index builds write none), and checkpoints recycle it beyond
 * max_wal_size, a soft limit that a heavy restore overshoots. One rule for the preflight's and the estimate's volume.
 */
public final class WalHeadroom {

    /** The rule, for a given max_wal_size. */
    public static String rule(long maxWalSize) {
        return "WAL headroom when WAL shares the data volume: the WAL the restore writes (at most the restored data), "
                + "capped at max(2 x max_wal_size " + Sizes.human(maxWalSize)
                + ", 10 % of the restored data), since max_wal_size is a soft limit";
    }

    /** The headroom for {@code restoredBytes} of data; 0 when the WAL has a volume of its own. */
    public static long bytes(long restoredBytes, boolean walOnDataVolume, long maxWalSize) {
        if (!walOnDataVolume) {
            return 0;
        }
        long cap = Math.max(2 * maxWalSize, Math.round(restoredBytes * 0.10));
        return Math.min(restoredBytes, cap);
    }

    private WalHeadroom() {}
}
