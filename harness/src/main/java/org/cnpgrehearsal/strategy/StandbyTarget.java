package org.cnpgrehearsal.strategy;

import java.util.List;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.timeline.PhaseHandle;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The target's side of the physical strategy, as a platform runs it: CNPG's {@code bootstrap.pg_basebackup} from the
 * {@code externalClusters} entry, the instance kept as a replica cluster streaming from the source, then promoted.
 */
public interface StandbyTarget {

    /**
     * pg_basebackup from the source as the externalClusters user into the target's data folder (which it replaces),
     * then CNPG's own configuration written over the copied one; returns the bytes copied (null when the platform
     * cannot tell). A failure is a
     * {@link StepFailed} with the tool's error lines. Null when the platform cannot tell the size.
     */
    Long baseBackup(PhaseHandle handle) throws Exception;

    /** Starts the copy as a streaming standby of the source ({@code primary_conninfo}, {@code standby.signal}). */
    void startStandby() throws Exception;

    /** Promotes the standby: it leaves recovery and accepts writes. */
    void promote() throws Exception;

    /** A superuser connection to the target as the copy carries it (the source's roles and passwords). */
    PgConnection superuser();

    /** The commands run (pg_basebackup), as run. */
    List<CommandRecord> commands();

    /** The tools' and the server's own lines, secrets redacted. */
    List<String> log();
}
