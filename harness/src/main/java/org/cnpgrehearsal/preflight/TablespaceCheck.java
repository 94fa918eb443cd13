package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cnpgrehearsal.importer.CnpgImportCommands;

/**
 * Tablespaces other than the default that the imported databases use: pg_restore sets {@code default_tablespace} to
 * each, and a target without them fails the restore, unless {@code --no-tablespaces} puts everything in the default.
 */
final class TablespaceCheck {

    static final String ID = "tablespaces";

    private static final String USED = """
            SELECT DISTINCT t.spcname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_tablespace t ON t.oid = c.reltablespace WHERE c.reltablespace <> 0 AND %s
            UNION
            SELECT t.spcname FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace
            WHERE d.datname = current_database() AND t.spcname <> 'pg_default'""".formatted(SourceAccess.SCHEMA_FILTER);

    static Check check(SourceAccess src) throws SQLException {
        Set<String> used = new TreeSet<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            try (ResultSet rs = src.query(session.getValue(), USED)) {
                while (rs.next()) {
                    used.add(rs.getString(1));
                }
            }
        }
        if (used.isEmpty()) {
            return Check.pass(ID, "everything is in the default tablespace");
        }
        boolean dropped = src.spec.dumpOptions().has("--no-tablespaces")
                || CnpgImportCommands.SECTIONS.stream()
                        .allMatch(s -> src.spec.restoreOptions(s).has("--no-tablespaces"));
        if (dropped) {
            return Check.pass(ID, "tablespaces " + used + " used; --no-tablespaces puts everything in the default one");
        }
        return Check.fail(
                ID,
                "objects in tablespaces " + used + ", which a CNPG target does not have: the restore fails with "
                        + "'invalid value for parameter \"default_tablespace\"'",
                "in the manifest: --no-tablespaces in pgRestoreExtraOptions (everything lands in the default "
                        + "tablespace), or declare " + used + " in the Cluster (spec.tablespaces)");
    }

    private TablespaceCheck() {}
}
