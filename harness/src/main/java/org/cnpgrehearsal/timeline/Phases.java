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
    /** Online and physical strategies: what the strategy needs changed on the source first (a restart). */
    public static final String SOURCE_PREP = "source-prep";
    /** Online: CREATE PUBLICATION on the source, as source-prep.sql has the DBA run it. */
    public static final String PUBLICATION = "publication";
    /** Online: from CREATE SUBSCRIPTION until every table's initial copy is done. */
    public static final String INITIAL_COPY = "initial-copy";
    /** Physical: pg_basebackup from the source into the target's data folder, then the standby started. */
    public static final String BASE_BACKUP = "base-backup";
    /** Online and physical: the target streams the application's writes until the cutover. */
    public static final String CATCH_UP = "catch-up";
    /** Online and physical: writes stopped, the target caught up, then switched over (the downtime). */
    public static final String CUTOVER = "cutover";
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
            SOURCE_PREP,
            PUBLICATION,
            INITIAL_COPY,
            BASE_BACKUP,
            CATCH_UP,
            CUTOVER,
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
