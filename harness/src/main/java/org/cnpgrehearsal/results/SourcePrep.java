package org.cnpgrehearsal.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnpgrehearsal.scenario.Scenario;

/**
 * The source preparation a rehearsal assumed, as {@code source-prep.sql} and {@code source-revert.sql} write it: every
 * rehearsal writes both, so that a green run never silently relies on a change nobody wrote down. One table maps the
 * scenario's grants to their steps ({@link #forGrant}); a remedy of {@code --fix} adds its own step.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SourcePrep(List<PrepStep> steps) {

    public static final String PREP_FILE = "source-prep.sql";
    public static final String REVERT_FILE = "source-revert.sql";

    private static final Pattern DROP_EXTENSION =
            Pattern.compile("(?i)\\s*DROP\\s+EXTENSION\\s+(?:IF\\s+EXISTS\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*;?\\s*");

    public SourcePrep {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public static SourcePrep none() {
        return new SourcePrep(List.of());
    }

    /** What a scenario's source setup stands for on a real Zalando source: its grants, then its own SQL. */
    public static SourcePrep assumedBy(Scenario.Source source, String importUser) {
        SourcePrep prep = none();
        for (String grant : source.grants()) {
            prep = prep.with(forGrant(grant, importUser));
        }
        for (String sql : source.prepareSql()) {
            Matcher drop = DROP_EXTENSION.matcher(sql);
            prep = prep.with(
                    drop.matches()
                            ? dropExtension(drop.group(1))
                            : PrepStep.sql(
                                    "sql:" + sql,
                                    "the scenario's own preparation (prepareSql)",
                                    List.of(terminated(sql)),
                                    List.of()));
        }
        return prep;
    }

    /** The step for one of the scenario grants (see scenarios/README.md): one entry per grant. */
    public static PrepStep forGrant(String grant, String user) {
        return switch (grant) {
            case "pg_read_all_data" ->
                PrepStep.sql(
                        "grant:pg_read_all_data",
                        user + " must read the role catalog (CNPG's role query on pg_authid) and every table and "
                                + "sequence (pg_dump): pg_read_all_data allows both without making it a superuser",
                        List.of("GRANT pg_read_all_data TO " + user + ";"),
                        List.of("REVOKE pg_read_all_data FROM " + user + ";"));
            case "lo_compat_privileges" ->
                PrepStep.parameter(
                        "parameter:lo_compat_privileges",
                        "pg_read_all_data does not cover large objects; lo_compat_privileges = on lets " + user
                                + " read them for the window without per-object grants (measured: per-object grants"
                                + " are dumped as grants to " + user + ", which the restore cannot apply)",
                        "lo_compat_privileges",
                        "on");
            case "superuser" ->
                PrepStep.sql(
                        "grant:superuser",
                        user + " dumps as a superuser: it reads everything, large objects included",
                        List.of("ALTER ROLE " + user + " SUPERUSER;"),
                        List.of("ALTER ROLE " + user + " NOSUPERUSER;"));
            case "large-objects" ->
                PrepStep.sql(
                        "grant:large-objects",
                        user + " reads each large object through its own grant (these grants are dumped too: "
                                + "restore with --no-acl, or " + user + " must exist on the target)",
                        List.of("DO $$ DECLARE lo oid; BEGIN FOR lo IN SELECT oid FROM pg_largeobject_metadata LOOP "
                                + "EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO " + user
                                + "', lo); END LOOP; END $$;"),
                        List.of("DO $$ DECLARE lo oid; BEGIN FOR lo IN SELECT oid FROM pg_largeobject_metadata LOOP "
                                + "EXECUTE format('REVOKE SELECT ON LARGE OBJECT %s FROM " + user
                                + "', lo); END LOOP; END $$;"));
            case "bypassrls" ->
                PrepStep.sql(
                        "grant:bypassrls",
                        user + " must read tables with row-level security whole: pg_read_all_data does not bypass "
                                + "the policies, and --enable-row-security would dump only the rows they show",
                        List.of("ALTER ROLE " + user + " BYPASSRLS;"),
                        List.of("ALTER ROLE " + user + " NOBYPASSRLS;"));
            default -> throw new IllegalArgumentException("unknown grant " + grant);
        };
    }

    /** Drops an extension the target's image lacks; the revert creates it again. */
    public static PrepStep dropExtension(String name) {
        return PrepStep.sql(
                "drop-extension:" + name,
                name + " is one of Spilo's extensions and CNPG's images do not ship it: the restore would fail on "
                        + "CREATE EXTENSION " + name + " (the application does not use it)",
                List.of("DROP EXTENSION IF EXISTS " + name + ";"),
                List.of("CREATE EXTENSION IF NOT EXISTS " + name + ";"));
    }

    /**
     * The online path's wal_level: the Subscription reads a logical replication slot on the source. PostgreSQL reads
     * wal_level only when it starts, so this step alone takes a restart, both ways.
     */
    public static PrepStep walLevelLogical() {
        return new PrepStep(
                "parameter:wal_level",
                "the online path's Subscription reads a logical replication slot on the source, which needs "
                        + "wal_level = logical (Spilo's is replica); it takes effect only at a restart: Patroni marks "
                        + "the pods pending restart, then patronictl restart <cluster> (removing it takes a restart too)",
                Map.of("wal_level", "logical"),
                List.of(),
                List.of());
    }

    /**
     * The online path's publication {@code name}, made by {@code create} (a CREATE PUBLICATION), guarded so that it
     * can run twice; its revert drops it and the subscription's replication slot, which would otherwise keep WAL on
     * the source for good.
     */
    public static PrepStep publication(String name, String create) {
        String quoted = "'" + name.replace("'", "''") + "'";
        return PrepStep.sql(
                "publication:" + name,
                "the publication the target's Subscription reads (as a superuser: FOR ALL TABLES needs one)",
                List.of("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = " + quoted + ") THEN "
                        + terminated(create) + " END IF; END $$;"),
                List.of(
                        "DROP PUBLICATION IF EXISTS " + name + ";",
                        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = "
                                + quoted + " AND NOT active;"));
    }

    /** This preparation with {@code step} added, or replacing the step of the same key. */
    public SourcePrep with(PrepStep step) {
        Map<String, PrepStep> byKey = new LinkedHashMap<>();
        steps.forEach(s -> byKey.put(s.key(), s));
        byKey.put(step.key(), step);
        return new SourcePrep(List.copyOf(byKey.values()));
    }

    /** This preparation with every step of {@code other} added. */
    public SourcePrep with(SourcePrep other) {
        SourcePrep all = this;
        for (PrepStep s : other.steps()) {
            all = all.with(s);
        }
        return all;
    }

    @JsonIgnore
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** {@code source-prep.sql}: the parameters for the postgresql resource as comments, then the SQL, each with why. */
    public List<String> prepScript() {
        List<String> out = new ArrayList<>(List.of(
                "-- The source preparation this rehearsal assumed, for the Zalando cluster (Spilo, Patroni), before",
                "-- the maintenance window. Undo it with " + REVERT_FILE + " after the cutover (or if the move is",
                "-- called off). Every statement can run twice."));
        if (steps.isEmpty()) {
            out.add("--");
            out.add("-- Nothing: this rehearsal ran against the source as the Zalando operator leaves it.");
            return out;
        }
        Map<String, String> parameters = parameters();
        if (!parameters.isEmpty()) {
            out.add("");
            out.add("-- 1. Server parameters: through the postgresql resource, never ALTER SYSTEM (Patroni owns");
            out.add("--    postgresql.conf, and ALTER SYSTEM on the primary is lost at the next failover).");
            out.add("--    kubectl edit postgresql <cluster>, then wait until Patroni has reloaded:");
            out.add("--      spec:");
            out.add("--        postgresql:");
            out.add("--          parameters:");
            parameters.forEach((k, v) -> out.add("--            " + k + ": \"" + v + "\""));
            for (PrepStep s : steps) {
                if (!s.parameters().isEmpty()) {
                    out.add("--    Why " + String.join(", ", s.parameters().keySet()) + ": " + s.why());
                }
            }
        }
        List<PrepStep> sql = steps.stream().filter(s -> !s.sql().isEmpty()).toList();
        if (!sql.isEmpty()) {
            out.add("");
            out.add("-- " + (parameters.isEmpty() ? "1" : "2") + ". SQL, as a superuser (postgres) in the application "
                    + "database: psql -d <database> -f " + PREP_FILE);
            for (PrepStep s : sql) {
                out.add("");
                out.add("-- " + s.why());
                out.addAll(s.sql());
            }
        }
        return out;
    }

    /** {@code source-revert.sql}: the same steps undone, in reverse order. */
    public List<String> revertScript() {
        List<String> out = new ArrayList<>(List.of(
                "-- Undoes " + PREP_FILE + " on the Zalando source, after the cutover (or if the move is called off).",
                "-- Every statement can run twice."));
        if (steps.isEmpty()) {
            out.add("--");
            out.add("-- Nothing to undo.");
            return out;
        }
        Map<String, String> parameters = parameters();
        if (!parameters.isEmpty()) {
            out.add("");
            out.add("-- 1. Remove from spec.postgresql.parameters of the postgresql resource (Patroni resets them):");
            parameters.keySet().forEach(k -> out.add("--      " + k));
        }
        List<PrepStep> sql =
                new ArrayList<>(steps.stream().filter(s -> !s.sql().isEmpty()).toList());
        Collections.reverse(sql);
        if (!sql.isEmpty()) {
            out.add("");
            out.add("-- " + (parameters.isEmpty() ? "1" : "2") + ". SQL, as a superuser in the application database: "
                    + "psql -d <database> -f " + REVERT_FILE);
            for (PrepStep s : sql) {
                out.add("");
                out.add("-- undoes: " + String.join(" ", s.sql()));
                if (s.revert().isEmpty()) {
                    out.add("-- (nothing to undo: " + s.why() + ")");
                } else {
                    out.addAll(s.revert());
                }
            }
        }
        return out;
    }

    private Map<String, String> parameters() {
        Map<String, String> all = new LinkedHashMap<>();
        steps.forEach(s -> all.putAll(s.parameters()));
        return all;
    }

    private static String terminated(String sql) {
        String s = sql.strip();
        return s.endsWith(";") ? s : s + ";";
    }
}
