package org.cnpgrehearsal.platform;

import java.util.Map;
import java.util.OptionalLong;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.strategy.StandbyTarget;
import org.cnpgrehearsal.strategy.Subscriber;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.PgConnection;

/**
 * Where a rehearsal runs. Everything but provisioning and "run the import" is shared between platforms: the engine
 * seeds, verifies and reports through the connections a platform hands out.
 */
public interface Platform extends AutoCloseable {

    String name();

    /** Starts the source (set up Zalando-style, per {@link org.cnpgrehearsal.source.ZalandoSource}) and the target side. */
    void provision(RehearsalPlan plan, Timeline timeline) throws Exception;

    /** A superuser connection to the source's application database, for seeding and verification. */
    PgConnection sourceSuperuser();

    /** The source as the import reaches it: the manifest's import user, password, sslmode and CA. */
    default PgConnection sourceAsImportUser(RehearsalPlan plan) {
        String user = plan.importUser();
        return sourceSuperuser().withUser(user, plan.credentials().password(user));
    }

    /** Runs CNPG's import of {@code plan.manifest()}; every import phase lands on the timeline. */
    ImportResult runImport(RehearsalPlan plan, Timeline timeline) throws Exception;

    /** A superuser connection to the target (after the import), for verification. */
    PgConnection targetSuperuser();

    /** A connection to the target as an application role, through the target's own pg_hba rules. */
    PgConnection targetAs(String role, String password);

    /** Free and total bytes of the target's data volume, when the platform can tell. */
    default VolumeUsage targetVolume() {
        return null;
    }

    /**
     * After the target's volume filled up: the same import again on an unlimited volume, sampling how much of it the
     * import uses; the peak is the smallest volume that passes on this machine. Empty when the platform cannot.
     */
    default OptionalLong measurePeakVolume(RehearsalPlan plan) throws Exception {
        return OptionalLong.empty();
    }

    /**
     * After the import: what CNPG's join does for each replica of {@code instances}, a base backup of the target
     * streamed to a new data directory (then removed); returns the bytes copied. Empty when the platform cannot.
     */
    default OptionalLong cloneReplica() throws Exception {
        return OptionalLong.empty();
    }

    /**
     * Restarts the source with these server parameters, as a change of the Zalando manifest's
     * {@code spec.postgresql.parameters} and a restart do; false when this platform cannot.
     */
    default boolean restartSourceWith(Map<String, String> parameters) throws Exception {
        return false;
    }

    /** The target's side of the online strategy (CNPG's Subscription); null where this platform cannot rehearse it. */
    default Subscriber subscriber(RehearsalPlan plan) throws Exception {
        return null;
    }

    /**
     * The target's side of the physical strategy (bootstrap.pg_basebackup into a replica cluster); null where this
     * platform cannot rehearse it. Once asked for, {@link #targetSuperuser} reaches the copy.
     */
    default StandbyTarget standby(RehearsalPlan plan) throws Exception {
        return null;
    }

    /**
     * Empties the target as a new CNPG instance finds its volume, so that the import can be rehearsed again on the same
     * seeded source with {@code plan}'s manifest: a fresh initdb with its initdb database and owner, its
     * postgresql.parameters and the import-only settings.
     */
    default void resetTarget(RehearsalPlan plan) throws Exception {
        throw new UnsupportedOperationException("rehearsing the import again on one seeded source (rehearse --tune) is "
                + "not supported on the " + name() + " platform yet: rehearse with --platform local");
    }

    /**
     * The bytes the target's data volume holds now: the data folder with the dumps, and WAL unless the manifest gives it
     * a volume of its own. Empty when the platform cannot tell.
     */
    default OptionalLong targetBytesInUse() {
        return OptionalLong.empty();
    }

    /** How to reach the servers when the user asked to keep them (--keep). */
    String connectionHelp();

    /** Stops and removes everything the platform created, unless it was asked to keep it. */
    @Override
    void close();
}
