package org.cnpgrehearsal.fix;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestChange;
import org.cnpgrehearsal.report.FixRound;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.ReportWriter;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.timeline.PhaseRecord;

/**
 * {@code rehearse --fix}: rehearse, diagnose, apply the remedy of the diagnosed cause, rehearse again, until the
 * rehearsal passes or a cause has no automatic remedy. At most one round per cause, never the same remedy twice;
 * the user's manifest file is never written. Writes the chain, the fixed manifest, its diff, and the source preparation
 * (source-prep.sql and source-revert.sql, with the report).
 */
public final class FixLoop {

    public static final String FIXED_MANIFEST = "database-cnpg.fixed.yaml";
    public static final String DIFF = "database-cnpg.diff";

    private final RehearsalRun run;
    private final PrintStream out;

    public FixLoop(RehearsalRun run, PrintStream out) {
        this.run = run;
        this.out = out;
    }

    /** Runs the loop from {@code scenario}'s source and manifest; the report folder gets the chain and the fix. */
    public RehearsalRun.Outcome run(Scenario scenario, long fixtureBytes) throws Exception {
        ClusterManifest original = run.manifest(scenario);
        Scenario start = new Scenario(
                scenario.name(),
                scenario.description(),
                scenario.source(),
                scenario.fixture(),
                new Scenario.Target(
                        scenario.target().manifest(),
                        scenario.target().storageSize(),
                        scenario.target().major(),
                        null),
                new Scenario.Expectation("success", null, null));
        FixState state = new FixState(start, original, SourcePrep.none());
        Path dir = run.reportDir(scenario);
        List<FixRound> rounds = new ArrayList<>();
        Set<String> applied = new HashSet<>();
        RehearsalRun.Outcome last = null;
        for (int round = 1; round <= Cause.values().length; round++) {
            out.println("\n== fix round " + round);
            last = run.run(state.scenario(), state.manifest(), fixtureBytes, dir.resolve("round-" + round));
            RehearsalReport report = last.report();
            long ms = report.facts().phases().stream()
                    .mapToLong(PhaseRecord::durationMs)
                    .sum();
            if (report.succeeded()) {
                rounds.add(new FixRound(round, null, List.of(), null, ms));
                break;
            }
            Diagnosis d = report.facts().diagnosis();
            Optional<Remedy> remedy = Remedies.forDiagnosis(d, report, state).filter(r -> !applied.contains(r.key()));
            if (remedy.isEmpty()) {
                rounds.add(new FixRound(round, d.cause().name(), d.evidence(), null, ms));
                out.println("no automatic remedy for " + d.cause() + ": stopping. What to change: " + d.remediation());
                break;
            }
            Remedy r = remedy.get();
            applied.add(r.key());
            rounds.add(new FixRound(
                    round,
                    d.cause().name(),
                    d.evidence(),
                    r.rule()
                            + (r.alternatives().isEmpty()
                                    ? ""
                                    : " (alternatives: " + String.join("; ", r.alternatives()) + ")"),
                    ms));
            out.println("remedy for " + d.cause() + ": " + r.rule());
            state = r.change().apply(state);
        }
        writeFix(dir, original, state);
        RehearsalReport finalReport = last.report()
                .withFixChain(rounds)
                .withSourcePrep(last.report().sourcePrep().with(state.sourcePrep()));
        ReportWriter.write(finalReport, dir);
        printChain(rounds, dir);
        return new RehearsalRun.Outcome(finalReport, dir);
    }

    private void writeFix(Path dir, ClusterManifest original, FixState state) throws IOException, InterruptedException {
        ManifestChange.write(
                original,
                state.manifest(),
                dir,
                FIXED_MANIFEST,
                DIFF,
                original.file().getFileName() + " as fixed by rehearse --fix; run " + SourcePrep.PREP_FILE
                        + " on the source before the window (" + SourcePrep.REVERT_FILE + " undoes it)");
    }

    private void printChain(List<FixRound> rounds, Path dir) {
        out.println("\nfix chain:");
        for (FixRound r : rounds) {
            out.println("  round " + r.round() + ": "
                    + (r.cause() == null
                            ? "passed"
                            : r.cause() + (r.remedy() == null ? " (no automatic remedy)" : " -> " + r.remedy())));
        }
        out.println("fixed manifest: " + dir.resolve(FIXED_MANIFEST) + "\ndiff: " + dir.resolve(DIFF)
                + "\nsource preparation: " + dir.resolve(SourcePrep.PREP_FILE) + " (undone by "
                + SourcePrep.REVERT_FILE + ")");
    }
}
