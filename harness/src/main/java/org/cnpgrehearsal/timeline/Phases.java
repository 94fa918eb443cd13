package org.cnpgrehearsal.timeline;

import java.util.List;

/** The names of the phases of one rehearsal, in the order they run. One place for each name. */
public final class Phases {
    public static final String PROVISION = "provision";
    public static final String SOURCE_SETUP = "source-setup";
    public static final String SEED = "seed";
    public static final String PREFLIGHT = "preflight";
    public static final String ROLES = "roles";
    public static final String DUMP = "dump";
    public static final String RESTORE_PRE_DATA = "restore-pre-data";
    public static final String RESTORE_DATA = "restore-data";
    public static final String RESTORE_POST_DATA = "restore-post-data";
    public static final String ANALYZE = "analyze";
    public static final String FINALIZE = "finalize";
    public static final String VERIFY = "verify";
    /**
     * After a successful import, when the manifest asks for replicas: one replica cloned from the target as CNPG's
     * join does (pg_basebackup), to time what the night still holds after the import.
     */
    public static final String REPLICA_CLONE = "replica-clone";
    /** After a full disk only: the import again on an unlimited volume, to measure what it needs. */
    public static final String MEASURE_VOLUME = "measure-volume";

    public static final List<String> ALL = List.of(
            PROVISION,
            SOURCE_SETUP,
            SEED,
            PREFLIGHT,
            ROLES,
            DUMP,
            RESTORE_PRE_DATA,
            RESTORE_DATA,
            RESTORE_POST_DATA,
            ANALYZE,
            FINALIZE,
            VERIFY,
            REPLICA_CLONE,
            MEASURE_VOLUME);

    /** The phases that make up the import itself (what CNPG's import Job does). */
    public static final List<String> IMPORT =
            List.of(ROLES, DUMP, RESTORE_PRE_DATA, RESTORE_DATA, RESTORE_POST_DATA, ANALYZE, FINALIZE);

    public static String restoreOf(String section) {
        return "restore-" + section;
    }

    private Phases() {}
}
