package org.cnpgrehearsal.strategy;

import java.util.List;

/**
 * The target's side of the online strategy, as a platform runs it: CNPG's {@code Subscription} resource, which
 * connects through the Cluster's {@code externalClusters} entry (its parameters, a passfile for the password, its
 * CA for {@code sslrootcert}).
 */
public interface Subscriber {

    /**
     * Creates the subscription {@code name} in the target's {@code database}, reading {@code publication} on the
     * source; CNPG's operator runs {@code CREATE SUBSCRIPTION name CONNECTION '<externalClusters>' PUBLICATION pub}.
     * The server's refusal (no slot, no replication privilege, wal_level) is a {@link StepFailed}.
     */
    void subscribe(String database, String name, String publication) throws Exception;

    /** Drops it after the cutover ({@code subscriptionReclaimPolicy: delete}), which drops its slot on the source. */
    void unsubscribe(String database, String name) throws Exception;

    /** What the subscription's workers logged as errors since it was created, newest last (for a diagnosis). */
    List<String> workerErrors();

    /** The connection string the subscription uses, as CNPG builds it from externalClusters (no password in it). */
    String connection(String database);
}
