package org.cnpgrehearsal.preflight;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.manifest.ImportSpec;

/**
 * Connections the dump needs against what the source allows: pg_dump opens one, or with {@code --jobs} one per worker
 * plus its leader, each counted against {@code max_connections} (less the reserved slots, unless the import user is a
 * superuser), the import user's {@code CONNECTION LIMIT} and each database's. In use now: every client session,
 * this preflight's own included.
 */
final class ConnectionCheck {

    static final String ID = "connections";

    private static final String SERVER = """
            SELECT current_setting('max_connections')::int,
                   current_setting('superuser_reserved_connections')::int
                     + coalesce(current_setting('reserved_connections', true)::int, 0),
                   (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
                   r.rolconnlimit, r.rolsuper,
                   (SELECT count(*) FROM pg_stat_activity WHERE usename = current_user)
            FROM pg_roles r WHERE r.rolname = current_user""";
    private static final String DATABASE = """
            SELECT d.datconnlimit, (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = d.datname)
            FROM pg_database d WHERE d.datname = ?""";

    static Check check(SourceAccess src) throws SQLException {
        int jobs = dumpJobs(src.spec);
        int needed = jobs > 1 ? jobs + 1 : 1;
        List<String> short_ = new ArrayList<>();
        String measured;
        try (ResultSet rs = src.first().createStatement().executeQuery(SERVER)) {
            rs.next();
            int max = rs.getInt(1);
            int reserved = rs.getInt(2);
            long inUse = rs.getLong(3);
            int roleLimit = rs.getInt(4);
            boolean superuser = rs.getBoolean(5);
            long mine = rs.getLong(6);
            long free = max - inUse - (superuser ? 0 : reserved);
            measured = "pg_dump needs " + needed + " connections (--jobs=" + (needed - 1)
                    + " plus its leader); the source "
                    + "allows " + max + " (" + reserved + " reserved), " + inUse + " in use: " + free + " free for "
                    + src.user()
                    + (roleLimit < 0 ? "" : "; its CONNECTION LIMIT " + roleLimit + ", " + mine + " in use");
            if (free < needed) {
                short_.add("max_connections: " + free + " free");
            }
            if (roleLimit >= 0 && roleLimit - mine < needed) {
                short_.add(src.user() + "'s CONNECTION LIMIT " + roleLimit + " (" + mine + " in use)");
            }
        }
        for (String db : src.databases()) {
            try (PreparedStatement ps = src.first().prepareStatement(DATABASE)) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getInt(1) >= 0 && rs.getInt(1) - rs.getLong(2) < needed) {
                        short_.add("database " + db + "'s CONNECTION LIMIT " + rs.getInt(1) + " (" + rs.getLong(2)
                                + " in use)");
                    }
                }
            }
        }
        if (!short_.isEmpty()) {
            return Check.fail(
                    ID,
                    measured + "; not enough: " + String.join("; ", short_)
                            + ": pg_dump fails with 'too many clients' or 'too many connections'",
                    "on the source: raise max_connections (Zalando: spec.postgresql.parameters) or the CONNECTION LIMIT "
                            + "for the window, or free connections (stop what does not need to run); or in the manifest: "
                            + "fewer --jobs in pgDumpExtraOptions");
        }
        return Check.pass(ID, measured);
    }

    /** pg_dump's {@code --jobs} in pgDumpExtraOptions, 1 without it. */
    static int dumpJobs(ImportSpec spec) {
        return spec.dumpOptions().options().stream()
                .filter(o -> o.name().equals("--jobs")
                        && o.value() != null
                        && o.value().matches("\\d+"))
                .mapToInt(o -> Integer.parseInt(o.value()))
                .reduce((a, b) -> b)
                .orElse(1);
    }

    private ConnectionCheck() {}
}
