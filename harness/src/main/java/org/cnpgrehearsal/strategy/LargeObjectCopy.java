package org.cnpgrehearsal.strategy;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Large objects at the online cutover: logical replication does not carry them (CNPG's "Logical Replication"
 * limitations). The schema-only import created each one empty, with its OID and owner (pg_dump puts large objects'
 * metadata in the pre-data section); the DBA fills them while writes are stopped, in chunks, read as the
 * externalClusters user (who needs read access to them, as pg_dump does) and written as the target's superuser. Its
 * time is part of the downtime.
 */
final class LargeObjectCopy {

    private static final int CHUNK = 1 << 20;

    /** The source's large objects, OID and owner. */
    private static final String OBJECTS =
            "SELECT oid::text, pg_get_userbyid(lomowner) FROM pg_largeobject_metadata ORDER BY oid";

    /** How many the source has (read as {@code source} sees them). */
    static int count(PgConnection source) throws SQLException {
        try (Connection c = source.open(true)) {
            return Integer.parseInt(PgCatalog.rows(c, "SELECT count(*) FROM pg_largeobject_metadata")
                    .get(0)
                    .get(0));
        }
    }

    /** Copies every large object of the source into the target (created, or emptied first); returns the bytes copied. */
    static long copy(PgConnection source, PgConnection targetSuperuser) throws SQLException {
        long bytes = 0;
        try (Connection from = source.open(true);
                Connection to = targetSuperuser.open();
                PreparedStatement read = from.prepareStatement("SELECT lo_get(?::oid, ?, ?)");
                PreparedStatement empty = to.prepareStatement("SELECT CASE WHEN EXISTS (SELECT 1 FROM "
                        + "pg_largeobject_metadata WHERE oid = ?::oid) THEN lo_truncate(lo_open(?::oid, 131072), 0) "
                        + "ELSE lo_create(?::oid) END");
                PreparedStatement put = to.prepareStatement("SELECT lo_put(?::oid, ?, ?)")) {
            for (List<String> lo : PgCatalog.rows(from, OBJECTS)) {
                long oid = Long.parseLong(lo.get(0));
                for (int i = 1; i <= 3; i++) {
                    empty.setLong(i, oid);
                }
                empty.execute();
                for (long offset = 0; ; offset += CHUNK) {
                    read.setLong(1, oid);
                    read.setLong(2, offset);
                    read.setInt(3, CHUNK);
                    byte[] chunk;
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                        chunk = rs.getBytes(1);
                    }
                    if (chunk == null || chunk.length == 0) {
                        break;
                    }
                    put.setLong(1, oid);
                    put.setLong(2, offset);
                    put.setBytes(3, chunk);
                    put.execute();
                    bytes += chunk.length;
                }
                try (var s = to.createStatement()) {
                    s.execute("ALTER LARGE OBJECT " + oid + " OWNER TO " + ident(lo.get(1)));
                }
            }
        }
        return bytes;
    }

    private LargeObjectCopy() {}
}
