package org.cnpgrehearsal.estimate;

import java.util.List;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.manifest.ToolOptions;
import org.cnpgrehearsal.manifest.ToolOptions.Tool;
import org.cnpgrehearsal.results.DatabaseShape;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.results.SizeFacts;
import org.cnpgrehearsal.timeline.Phases;

/**
 * One side of the extrapolation, a rehearsal or production, as the phase models read it: its shape and sizes, and how
 * many pg_dump and pg_restore workers run at once there (their --jobs, bounded by the processors).
 */
record Side(
        DatabaseShape shape,
        long databaseBytes,
        long dataBytes,
        long largestTableBytes,
        int dumpWorkers,
        int restoreWorkers,
        long maintenanceWorkMem) {

    /** A rehearsal as measured. */
    static Side of(RehearsalFacts f) {
        SizeFacts.Source s = f.sizes().source();
        long data = s.dataBytes() == null ? s.databaseBytes() : s.dataBytes();
        int processors = f.environment().processors() == null
                ? Integer.MAX_VALUE
                : f.environment().processors();
        return new Side(
                f.shape(),
                s.databaseBytes(),
                data,
                s.largestTable() == null ? data : s.largestTable().bytes(),
                Math.min(jobs(f.commands(), Phases.DUMP), processors),
                Math.min(jobs(f.commands(), Phases.RESTORE_DATA), processors),
                f.environment().maintenanceWorkMemBytes() == null
                        ? Work.DEFAULT_MAINTENANCE_WORK_MEM
                        : f.environment().maintenanceWorkMemBytes());
    }

    /** The {@code --jobs} of the command run in {@code phase} (1 when absent). */
    static int jobs(List<CommandRecord> commands, String phase) {
        Tool tool = phase.equals(Phases.DUMP) ? Tool.PG_DUMP : Tool.PG_RESTORE;
        int jobs = 1;
        for (CommandRecord c : commands == null ? List.<CommandRecord>of() : commands) {
            if (phase.equals(c.phase()) && c.argv() != null && !c.argv().isEmpty()) {
                for (String v : ToolOptions.parse(
                                tool, c.argv().subList(1, c.argv().size()))
                        .values("--jobs")) {
                    if (v.matches("\\d+")) {
                        jobs = Math.max(jobs, Integer.parseInt(v));
                    }
                }
            }
        }
        return jobs;
    }
}
