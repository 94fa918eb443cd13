package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions in the imported databases (logical replication into them). pg_dump dumps them only for a superuser,
 * and then with {@code connect = false}: as another user it warns ("subscriptions not dumped") and exits 0.
 */
final class SubscriptionCheck {

    static final String ID = "subscriptions";

    private static final String SUBSCRIPTIONS = """
            SELECT s.subname FROM pg_subscription s
            WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 1""";

    static Check check(SourceAccess src) throws SQLException {
        List<String> subscriptions = new ArrayList<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            for (String name : SourceAccess.strings(session.getValue(), SUBSCRIPTIONS)) {
                subscriptions.add(session.getKey() + ": " + name);
            }
        }
        if (subscriptions.isEmpty()) {
            return Check.pass(ID, "no subscriptions in the imported databases");
        }
        boolean superuser = SourceAccess.scalar(
                        src.first(), "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")
                .equals("true");
        String recreate = "on the target, after the import: CREATE SUBSCRIPTION again for each (with a new slot on the "
                + "publisher), and drop the source's slots once the source is retired";
        if (superuser) {
            return Check.warn(
                    ID,
                    subscriptions + ": dumped disabled and without a slot (connect = false)",
                    recreate.replace(
                            "CREATE SUBSCRIPTION again for each (with a new slot on the publisher)",
                            "ALTER SUBSCRIPTION ... ENABLE and REFRESH PUBLICATION for each (with a slot on the publisher)"));
        }
        return Check.fail(
                ID,
                subscriptions + ": not dumped, because " + src.user()
                        + " is not a superuser (pg_dump warns and exits 0)",
                recreate);
    }

    private SubscriptionCheck() {}
}
