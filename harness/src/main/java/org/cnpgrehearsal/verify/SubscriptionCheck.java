package org.cnpgrehearsal.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The database's logical-replication subscriptions, source against target. pg_dump writes them only when the dump
 * user is a superuser ("subscriptions not dumped because current user is not a superuser", and exits 0).
 */
final class SubscriptionCheck {

    static final String NAME = "subscriptions";

    private static final String SUBSCRIPTIONS = """
            SELECT s.subname, s.subpublications::text FROM pg_subscription s
            WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 1""";

    static Check run(PgConnection source, PgConnection target, DumpScope scope) throws SQLException {
        if (!scope.subscriptions()) {
            return Check.pass(NAME, "not compared: --no-subscriptions leaves them out on purpose")
                    .comparing("nothing: subscriptions are out of the dump's scope");
        }
        Map<String, String> before;
        Map<String, String> after;
        try (Connection c = source.open(true)) {
            before = PgCatalog.keyed(c, SUBSCRIPTIONS);
        }
        try (Connection c = target.open(true)) {
            after = PgCatalog.keyed(c, SUBSCRIPTIONS);
        }
        List<String> missing = Differences.of(before, after).missing().stream()
                .map(s -> "subscription " + s + " (publications " + before.get(s) + "): missing on the target")
                .toList();
        String compared = "the " + before.size() + " subscriptions of the database, on both sides";
        if (missing.isEmpty()) {
            return Check.pass(
                            NAME,
                            before.isEmpty()
                                    ? "the source has no subscriptions"
                                    : "all " + before.size() + " subscriptions are on the target")
                    .comparing(compared);
        }
        return Check.fail(NAME, missing.size() + " subscriptions did not come over", missing, Cause.SUBSCRIPTIONS_LOST)
                .comparing(compared)
                .withRemedy("pg_dump writes subscriptions only for a superuser dump user: recreate them on the target "
                        + "(CREATE SUBSCRIPTION ... CONNECTION ... PUBLICATION ...), pointed at their publisher, after "
                        + "the cutover");
    }

    private SubscriptionCheck() {}
}
