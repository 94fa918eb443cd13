package org.cnpgrehearsal.platform.local;

import static org.cnpgrehearsal.util.Sql.ident;
import static org.cnpgrehearsal.util.Sql.literal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.strategy.StepFailed;
import org.cnpgrehearsal.strategy.Subscriber;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The online strategy's subscription on the local target, as CNPG's Subscription controller creates it
 * (internal/management/controller/subscription_controller_sql.go): {@code CREATE SUBSCRIPTION name CONNECTION
 * '<externalClusters>' PUBLICATION pub} as the superuser, in the subscription's database; dropped with
 * {@code DROP SUBSCRIPTION IF EXISTS}. Its workers' errors are read from the target's own log.
 */
final class LocalSubscriber implements Subscriber {

    private final ExternalClusterFiles external;
    private final PgConnection targetSuperuser;
    private final LocalServer target;
    private long logOffset;

    LocalSubscriber(ExternalClusterFiles external, PgConnection targetSuperuser, LocalServer target) {
        this.external = external;
        this.targetSuperuser = targetSuperuser;
        this.target = target;
    }

    @Override
    public void subscribe(String database, String name, String publication) throws Exception {
        logOffset = Files.size(target.logFile());
        try (Connection c = targetSuperuser.withDatabase(database).open();
                Statement s = c.createStatement()) {
            s.execute("CREATE SUBSCRIPTION " + ident(name) + " CONNECTION " + literal(connection(database))
                    + " PUBLICATION " + ident(publication));
        } catch (SQLException e) {
            throw new StepFailed(List.of(String.valueOf(e.getMessage()).split("\n")));
        }
    }

    @Override
    public void unsubscribe(String database, String name) throws SQLException {
        try (Connection c = targetSuperuser.withDatabase(database).open();
                Statement s = c.createStatement()) {
            s.execute("DROP SUBSCRIPTION IF EXISTS " + ident(name));
        }
    }

    /** The ERROR and FATAL lines the target logged since the subscription was created, the last ten. */
    @Override
    public List<String> workerErrors() {
        List<String> errors = new ArrayList<>();
        try {
            byte[] all = Files.readAllBytes(target.logFile());
            int from = (int) Math.min(logOffset, all.length);
            String since = new String(all, from, all.length - from, StandardCharsets.UTF_8);
            since.lines()
                    .filter(l -> l.contains("ERROR:") || l.contains("FATAL:"))
                    .forEach(errors::add);
        } catch (IOException e) {
            errors.add("the target's log could not be read: " + e.getMessage());
        }
        return errors.subList(Math.max(0, errors.size() - 10), errors.size());
    }

    @Override
    public String connection(String database) {
        return external.conninfo(database);
    }
}
