package org.cnpgrehearsal.estimate;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnpgrehearsal.importer.CommandRecord;
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

    private static final Pattern JOBS = Pattern.compile("^(?:--jobs=|-j)(\\d+)$");

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
        int jobs = 1;
        for (CommandRecord c : commands == null ? List.<CommandRecord>of() : commands) {
            if (!phase.equals(c.phase()) || c.argv() == null) {
                continue;
            }
            List<String> a = c.argv();
            for (int i = 0; i < a.size(); i++) {
                Matcher m = JOBS.matcher(a.get(i));
                if (m.matches()) {
                    jobs = Math.max(jobs, Integer.parseInt(m.group(1)));
                } else if ((a.get(i).equals("--jobs") || a.get(i).equals("-j"))
                        && i + 1 < a.size()
                        && a.get(i + 1).matches("\\d+")) {
                    jobs = Math.max(jobs, Integer.parseInt(a.get(i + 1)));
                }
            }
        }
        return jobs;
    }
}
