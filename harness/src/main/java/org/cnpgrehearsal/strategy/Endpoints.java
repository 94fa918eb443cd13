package org.cnpgrehearsal.strategy;

import org.cnpgrehearsal.util.PgConnection;

/**
 * The connections a streaming migration uses, each to the application's database: the source as its superuser (the
 * DBA's session: the publication, the watch, reading positions), the source as the externalClusters user (what the
 * target's side reads with: sequences, large objects), the source as the application role (the write load; null for
 * none), and the target as its superuser.
 */
public record Endpoints(
        PgConnection sourceSuperuser,
        PgConnection sourceAsMigrationUser,
        PgConnection sourceAsApp,
        PgConnection targetSuperuser) {

    public Endpoints withTarget(PgConnection target) {
        return new Endpoints(sourceSuperuser, sourceAsMigrationUser, sourceAsApp, target);
    }
}
