package org.cnpgrehearsal.engine;

import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.local.TargetParameters;

/** What the report must say about the plan itself before anything runs: majors that differ, options with side effects. */
public final class PlanNotes {

    public static List<String> of(RehearsalPlan plan, String platform) {
        List<String> notes = new ArrayList<>();
        plan.manifest().imageMajor().ifPresent(major -> {
            if (major != plan.targetMajor() && "local".equals(platform)) {
                notes.add("The manifest's imageName is PostgreSQL " + major + ", but this rehearsal ran PostgreSQL "
                        + plan.targetMajor()
                        + " (the newest pg_dump/pg_restore found here). To rehearse the right major, install "
                        + "PostgreSQL " + major + "'s client tools and pass --pg-bin /usr/lib/postgresql/" + major
                        + "/bin.");
            }
        });
        List<String> notApplied = TargetParameters.notApplied(plan.manifest());
        if (!notApplied.isEmpty() && "local".equals(platform)) {
            notes.add("postgresql.parameters " + notApplied + " are not applied on the local platform, which applies "
                    + "only those that shape the import (such as maintenance_work_mem and max_wal_size); CNPG applies "
                    + "them all (--platform k3s or kubernetes).");
        }
        ImportSpec spec = plan.manifest().importSpec();
        if (spec.dumpOptions().last("--format").filter(f -> f.startsWith("c")).isPresent()) {
            notes.add("pgDumpExtraOptions sets --format=custom, which overrides CNPG's directory format (-Fd): pg_dump "
                    + "writes one file, and a parallel dump (pg_dump --jobs) is no longer possible.");
        }
        ImportSpec.read("pgRestoreExtraOptions", spec.pgRestoreExtraOptions()).options().stream()
                .filter(o -> o.name().equals("--jobs"))
                .findFirst()
                .ifPresent(o -> notes.add("pgRestoreExtraOptions sets " + o.written()
                        + ": CNPG applies it to all three restore sections; only the data "
                        + "and post-data sections gain, and no single table restores faster than one worker."));
        return notes;
    }

    private PlanNotes() {}
}
