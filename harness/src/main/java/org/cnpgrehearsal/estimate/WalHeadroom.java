package org.cnpgrehearsal.estimate;

/**
 * Room for WAL on the data volume during the import, when there is no walStorage: WAL accumulates between
 * checkpoints up to max_wal_size (1 GB by default), a soft limit that a heavy restore overshoots. One rule for the
 * preflight's and the estimate's volume sizes.
 */
public final class WalHeadroom {

    public static final String RULE =
            "WAL headroom when WAL shares the data volume: max(2 GiB, 10 % of the restored data), "
                    + "since max_wal_size (1 GB by default) is a soft limit during the import";
    private static final long GIB = 1024L * 1024 * 1024;
    /** PostgreSQL's default max_wal_size, which CNPG keeps unless the manifest sets it. */
    public static final long MAX_WAL_SIZE = GIB;

    /** The headroom for {@code restoredBytes} of data; 0 when the WAL has a volume of its own. */
    public static long bytes(long restoredBytes, boolean walOnDataVolume) {
        return walOnDataVolume ? Math.max(2 * GIB, Math.round(restoredBytes * 0.10)) : 0;
    }

    private WalHeadroom() {}
}
