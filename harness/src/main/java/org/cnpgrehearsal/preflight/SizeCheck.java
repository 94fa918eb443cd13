package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.estimate.WalHeadroom;
import org.cnpgrehearsal.util.Sizes;

/**
 * Size and disk: CNPG writes the dump of each database on the data volume ({@code $PGDATA/dumps}) and restores next
 * to it, so the data volume must hold the dump and the restored data at once, plus WAL when there is no walStorage.
 * The dump is estimated from the tables' heap and TOAST (indexes are not dumped) plus large objects.
 */
final class SizeCheck {

    static final String ID = "size.disk";
    /** Margin on dump plus restored data: filesystem overhead, bloat differences, the ANALYZE afterwards. */
    static final double MARGIN = 1.2;

    private static final String SIZES = """
            SELECT pg_database_size(current_database()),
                   (SELECT coalesce(sum(pg_table_size(c.oid)), 0) FROM pg_class c WHERE c.relkind IN ('r', 'p', 'm')
                      AND c.relnamespace NOT IN (SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'information_schema'))),
                   pg_table_size('pg_catalog.pg_largeobject'),
                   (SELECT n.nspname || '.' || c.relname || ' ' || pg_total_relation_size(c.oid)
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                    ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 1)""";

    static Check check(SourceAccess src) throws SQLException {
        long restored = 0;
        long dump = 0;
        long largest = 0;
        String largestName = null;
        List<String> perDb = new ArrayList<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            String db = session.getKey();
            Connection c = session.getValue();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(SIZES)) {
                rs.next();
                restored += rs.getLong(1);
                dump += rs.getLong(2) + rs.getLong(3);
                perDb.add(db + " " + Sizes.human(rs.getLong(1)));
                String big = rs.getString(4);
                if (big != null) {
                    int sp = big.lastIndexOf(' ');
                    long bytes = Long.parseLong(big.substring(sp + 1));
                    if (bytes > largest) {
                        largest = bytes;
                        largestName = db + ": " + big.substring(0, sp);
                    }
                }
            }
        }
        String wal = src.manifest.walStorageSize();
        long walHeadroom = WalHeadroom.bytes(restored, wal == null);
        long safe = (long) Math.ceil((dump + restored) * MARGIN) + walHeadroom;
        String measured = "databases " + perDb + ", largest table "
                + (largestName == null ? "none" : largestName + " " + Sizes.human(largest))
                + "; dump about " + Sizes.human(dump) + " + restored " + Sizes.human(restored) + " on the data volume"
                + (wal == null ? " + WAL headroom " + Sizes.human(walHeadroom) + " (no walStorage)" : "")
                + ": smallest safe storage.size " + Sizes.kubernetesQuantity(safe);
        String size = src.manifest.storageSize();
        if (size == null) {
            return Check.fail(
                    ID,
                    measured + "; the manifest has no storage.size",
                    "set spec.storage.size to at least " + Sizes.kubernetesQuantity(safe));
        }
        long have = Sizes.parse(size);
        List<String> walNotes = new ArrayList<>();
        if (wal != null && Sizes.parse(wal) < WalHeadroom.MAX_WAL_SIZE) {
            walNotes.add("walStorage " + wal + " is below the import instance's max_wal_size (1 GB)");
        }
        if (have < safe) {
            return Check.fail(
                    ID,
                    measured + "; storage.size " + size
                            + " is too small (the import fails with 'No space left on device', SQLSTATE 53100)",
                    "set spec.storage.size to at least " + Sizes.kubernetesQuantity(safe)
                            + " (the dump sits next to the restored data until the import ends)");
        }
        if (!walNotes.isEmpty()) {
            return Check.warn(
                    ID,
                    measured + "; storage.size " + size + " suffices; " + String.join("; ", walNotes),
                    "set spec.walStorage.size to at least 1Gi");
        }
        return Check.pass(
                ID, measured + "; storage.size " + size + (wal == null ? "" : ", walStorage " + wal) + " suffices");
    }

    private SizeCheck() {}
}
