package org.cnpgrehearsal.importer;

import java.util.List;

/**
 * Activity on the source while pg_dump runs: what the production night may bring (a migration asking for a lock, a
 * vacuum a replica must replay), placed by the rehearsal at a point of the dump.
 */
public interface DumpHook {

    /** No activity. */
    DumpHook NONE = new DumpHook() {
        @Override
        public void onDumpLine(String line, long pid) {}

        @Override
        public List<String> finish() {
            return List.of();
        }
    };

    /** Each line pg_dump prints, with pg_dump's process id; the hook may hold pg_dump while it acts. */
    void onDumpLine(String line, long pid);

    /** After pg_dump ended: ends what the hook started, and says what it did (for the import log). */
    List<String> finish();
}
