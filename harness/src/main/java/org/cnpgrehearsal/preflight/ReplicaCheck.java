package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether the import reads a hot standby (Zalando's {@code <cluster>-repl} service): a standby has no data for
 * unlogged tables, so pg_dump dumps them empty without a word; and replaying the primary's vacuum cancels a dump that
 * outlasts {@code max_standby_streaming_delay}, unless {@code hot_standby_feedback} holds the vacuum back.
 */
final class ReplicaCheck {

    static final String ID = "source.replica";

    private static final String UNLOGGED = """
            SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'u' AND %s ORDER BY 1""".formatted(SourceAccess.SCHEMA_FILTER);

    static Check check(SourceAccess src) throws SQLException {
        try (ResultSet rs = src.first()
                .createStatement()
                .executeQuery("SELECT pg_is_in_recovery(), current_setting('hot_standby_feedback'), "
                        + "current_setting('max_standby_streaming_delay')")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return Check.pass(ID, "the source is a primary");
            }
            String feedback = rs.getString(2);
            String delay = rs.getString(3);
            List<String> unlogged = new ArrayList<>();
            for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
                try (ResultSet u = src.query(session.getValue(), UNLOGGED)) {
                    while (u.next()) {
                        unlogged.add(session.getKey() + ": " + u.getString(1));
                    }
                }
            }
            String settings = "hot_standby_feedback = " + feedback + ", max_standby_streaming_delay = " + delay;
            String primary = "in the manifest: point externalClusters at the primary (Zalando: the service <cluster>, "
                    + "not <cluster>-repl)";
            if (!unlogged.isEmpty()) {
                return Check.fail(
                        ID,
                        "the source is a hot standby (" + settings + "), and unlogged tables have no data there: "
                                + String.join(", ", unlogged) + " would arrive empty, with no error",
                        primary);
            }
            return Check.warn(
                    ID,
                    "the source is a hot standby (" + settings + ")"
                            + ("on".equals(feedback)
                                    ? ": the primary keeps what the dump needs (and bloats meanwhile)"
                                    : ": a dump longer than " + delay
                                            + " is canceled when the primary vacuums rows its "
                                            + "snapshot still sees ('conflict with recovery')"),
                    primary + "; or on the source, for the window: hot_standby_feedback: on or "
                            + "max_standby_streaming_delay: -1 (the Zalando manifest's spec.postgresql.parameters)");
        }
    }

    private ReplicaCheck() {}
}
