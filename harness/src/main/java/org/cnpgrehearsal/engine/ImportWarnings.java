package org.cnpgrehearsal.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.source.SpiloTemplate;
import org.cnpgrehearsal.util.PgConnection;

/**
 * What a DBA must act on although the import passed: with {@code type: microservice} the application's password
 * changes (CNPG generates it), and Spilo's schemas that came over with the data, owned by the application and with
 * their functions' grants lost, as the target shows them.
 */
final class ImportWarnings {

    private static final String SPILO_SCHEMAS =
            "'" + SpiloTemplate.USER_MANAGEMENT + "', '" + SpiloTemplate.METRIC_HELPERS + "'";

    static List<String> of(RehearsalPlan plan, PgConnection targetDatabase) {
        List<String> warnings = new ArrayList<>();
        if (plan.manifest().importSpec().type() == ImportType.MICROSERVICE) {
            warnings.add(password(plan));
        }
        warnings.addAll(spiloSchemas(plan, targetDatabase));
        return warnings;
    }

    /** CNPG imports no role in microservice: the initdb owner gets the password CNPG generates, in its own secret. */
    private static String password(RehearsalPlan plan) {
        String owner = plan.manifest().initdbOwner();
        String secret = initdbSecret(plan.manifest().raw());
        String cluster = plan.manifest().name();
        if (secret != null) {
            return "type: microservice imports no role: " + owner + " gets the password of the secret " + secret
                    + " (bootstrap.initdb.secret); make sure it holds the application's current password, or change "
                    + "the application's secret at cutover";
        }
        return "type: microservice imports no role: " + owner + " gets a password CNPG generates, in the secret "
                + cluster + "-app (keys username, password, uri): the application's database secret changes at "
                + "cutover. Point the application at " + cluster + "-app, or keep today's password by giving "
                + "bootstrap.initdb.secret a basic-auth secret that holds it";
    }

    /**
     * Spilo's schemas on the target: their owner and the SECURITY DEFINER functions every role may run (the source
     * grants EXECUTE to admin only; --no-privileges drops that, and PostgreSQL's default gives it to PUBLIC).
     */
    private static List<String> spiloSchemas(RehearsalPlan plan, PgConnection db) {
        List<String> warnings = new ArrayList<>();
        String sql = "SELECT n.nspname, pg_get_userbyid(n.nspowner), count(p.oid), "
                + "count(p.oid) FILTER (WHERE p.prosecdef AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM "
                + "aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'))) "
                + "FROM pg_namespace n LEFT JOIN pg_proc p ON p.pronamespace = n.oid WHERE n.nspname IN ("
                + SPILO_SCHEMAS + ") GROUP BY 1, 2 ORDER BY 1";
        try (Connection c = db.open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> found = new ArrayList<>();
            long open = 0;
            while (rs.next()) {
                found.add(rs.getString(1) + " (owner " + rs.getString(2) + ", " + rs.getLong(3) + " functions)");
                open += rs.getLong(4);
            }
            if (!found.isEmpty()) {
                warnings.add("Spilo's schemas came over into the target: " + String.join(", ", found)
                        + (open > 0
                                ? "; " + open + " of their SECURITY DEFINER functions lost their grants and run for "
                                        + "every role (PUBLIC) with their owner's rights"
                                : "")
                        + ". They are the Zalando operator's, not the application's: exclude them with "
                        + "--exclude-schema=" + SpiloTemplate.USER_MANAGEMENT + " --exclude-schema="
                        + SpiloTemplate.METRIC_HELPERS + " in pgDumpExtraOptions");
            }
        } catch (SQLException e) {
            warnings.add("could not look for Spilo's schemas on the target ("
                    + e.getMessage().lines().findFirst().orElse("") + "): check by hand that " + SPILO_SCHEMAS
                    + " did not come over");
        }
        return warnings;
    }

    @SuppressWarnings("unchecked")
    private static String initdbSecret(Map<String, Object> raw) {
        Object node = raw;
        for (String key : new String[] {"spec", "bootstrap", "initdb", "secret", "name"}) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = ((Map<String, Object>) m).get(key);
        }
        return node == null ? null : node.toString();
    }

    private ImportWarnings() {}
}
