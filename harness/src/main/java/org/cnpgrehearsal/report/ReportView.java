package org.cnpgrehearsal.report;

import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.results.Environment;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.results.SizeFacts;
import org.cnpgrehearsal.results.TableSize;
import org.cnpgrehearsal.results.VolumeNeed;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.strategy.StrategyFacts;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.verify.Check;

/**
 * One view of a rehearsal report, built once: the verdict, every row and every sentence. {@link MarkdownReport},
 * {@link HtmlReport} and the console only format it, so that each fact reads the same in all three.
 */
final class ReportView {

    /** A labelled value of the summary table; {@code tone} is ok, bad or null. */
    record Row(String label, String value, String id, String tone) {}

    record PhaseRow(PhaseRecord phase, String duration, String status, String bytes, String detail) {
        boolean bad() {
            return !phase.status().ok() && phase.status() != PhaseStatus.SKIPPED;
        }
    }

    /** A size with how it was measured or computed (empty when it is a plain measurement). */
    record SizeRow(String label, String value, Long bytes, String how) {}

    final String title;
    final String description;
    final Verdict verdict;
    final List<Row> summary;
    final List<FixRound> fixChain;
    final Diagnosis diagnosis;
    final RehearsalReport.Failure failure;
    final List<PhaseRow> phases;
    final String phasesTotal;
    final String verificationHeadline;
    final Boolean verificationPassed;
    final List<Check> checks;
    final String preflightHeadline;
    final boolean preflightGo;
    final List<PreflightView.Row> preflight;
    final List<String> commands;
    final List<String> notes;
    final List<SizeRow> sizes;
    final List<String> sourcePrep;
    final EstimateView estimate;
    /** The migration path rehearsed (offline, online, physical), null in a report without one. */
    final String strategy;
    /** Its figures, and what the source needed first that a Zalando cluster lacks. */
    final List<Row> strategyFigures;

    final List<String> strategyNeeds;

    ReportView(RehearsalReport r) {
        RehearsalFacts f = r.facts();
        title = "Rehearsal report: " + r.scenario();
        description = f.subject().description();
        verdict = Verdict.of(r);
        summary = summary(r);
        fixChain = r.fixChain() == null ? List.of() : r.fixChain();
        diagnosis = f.diagnosis();
        failure = r.judgement().failure();
        phases = f.phases().stream().map(ReportView::phaseRow).toList();
        phasesTotal = "Import phases (" + String.join(", ", Phases.IMPORT) + ") took " + Format.duration(f.importMs())
                + " in all on the rehearsal machine.";
        var v = r.judgement().verification();
        verificationPassed = v == null ? null : v.passed();
        verificationHeadline = v == null
                ? "Not run: the import did not finish."
                : v.passed()
                        ? "All checks passed."
                        : "Verification failed: "
                                + v.checks().stream()
                                        .filter(c -> !c.passed())
                                        .map(Check::name)
                                        .toList()
                                + ".";
        checks = v == null ? List.of() : v.checks();
        preflightHeadline = r.preflight() == null ? null : PreflightView.headline(r.preflight());
        preflightGo = r.preflight() == null || r.preflight().go();
        preflight = r.preflight() == null ? List.of() : PreflightView.rows(r.preflight());
        commands = commands(f.commands());
        notes = r.notes();
        sizes = sizes(f.sizes(), r);
        sourcePrep = r.sourcePrep().prepScript();
        estimate = r.estimate() == null ? null : new EstimateView(r.estimate());
        StrategyFacts measured = f.strategy();
        strategy = measured == null ? null : measured.strategy();
        strategyFigures = measured == null ? List.of() : StrategyView.figures(measured);
        strategyNeeds = measured == null ? List.of() : StrategyView.needed(measured);
    }

    static String expectationText(Scenario.Expectation e) {
        if (e == null) {
            return "success";
        }
        StringBuilder b = new StringBuilder(e.outcome());
        if (e.cause() != null) {
            b.append(", cause ").append(e.cause());
        }
        if (e.phase() != null) {
            b.append(" in phase ").append(e.phase());
        }
        return b.toString();
    }

    private static List<Row> summary(RehearsalReport r) {
        RehearsalFacts f = r.facts();
        Environment env = f.environment();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("Scenario", r.scenario(), "scenario", null));
        rows.add(new Row("Outcome", f.outcome(), "outcome", r.succeeded() ? "ok" : "bad"));
        rows.add(new Row("Expected", expectationText(r.judgement().expectation()), "expectation", null));
        rows.add(new Row("Reproduced", r.reproduced() ? "yes" : "no", "reproduced", r.reproduced() ? "ok" : "bad"));
        if (env.platform() != null) {
            rows.add(new Row(
                    "Platform",
                    env.platform() + (env.processors() == null ? "" : ", " + env.processors() + " processors"),
                    "platform",
                    null));
        }
        if (env.postgresVersions() != null) {
            var v = env.postgresVersions();
            rows.add(new Row(
                    "PostgreSQL",
                    "source " + v.sourceMajor() + ", target " + v.targetMajor()
                            + (v.clientVersion() == null ? "" : ", pg_dump/pg_restore " + v.clientVersion())
                            + (v.manifestMajor() == null ? "" : ", manifest image " + v.manifestMajor()),
                    "postgres",
                    null));
        }
        if (env.startedAt() != null) {
            rows.add(new Row("Started", env.startedAt().toString(), "started", null));
        }
        rows.add(new Row("Import time (this rehearsal)", Format.duration(f.importMs()), "import-ms", null));
        if (f.subject().manifest() != null) {
            rows.add(new Row("Manifest", f.subject().manifest(), "manifest", null));
        }
        if (f.subject().fixture() != null) {
            rows.add(new Row("Fixture", f.subject().fixture(), "fixture", null));
        }
        if (env.tool() != null) {
            rows.add(new Row(
                    "Tool", env.tool() + (env.toolVersion() == null ? "" : " " + env.toolVersion()), "tool", null));
        }
        return List.copyOf(rows);
    }

    private static PhaseRow phaseRow(PhaseRecord p) {
        return new PhaseRow(p, Format.duration(p.durationMs()), p.status().text(), Format.bytes(p.bytes()), p.detail());
    }

    private static List<String> commands(List<CommandRecord> commands) {
        List<String> lines = new ArrayList<>();
        for (CommandRecord c : commands) {
            lines.add("# " + c.phase() + ": exit " + c.exitCode() + ", " + Format.duration(c.durationMs()));
            lines.add(Format.commandLine(c.argv()));
        }
        return List.copyOf(lines);
    }

    /** The sizes, each figure once: the volume needed and the largest table with how they are computed. */
    private static List<SizeRow> sizes(SizeFacts s, RehearsalReport r) {
        List<SizeRow> rows = new ArrayList<>();
        if (s == null) {
            return rows;
        }
        SizeFacts.Source src = s.source();
        if (src != null) {
            rows.add(bytes("source database", src.databaseBytes(), "pg_database_size"));
            rows.add(bytes("source tables (heap and TOAST)", src.tableBytes(), "sum of pg_table_size"));
            rows.add(bytes("of which TOAST", src.toastBytes(), ""));
            rows.add(bytes("source indexes", src.indexBytes(), "sum of pg_indexes_size"));
            rows.add(bytes("source large objects", src.largeObjectBytes(), "pg_largeobject"));
            TableSize largest = src.largestTable();
            if (largest != null) {
                rows.add(new SizeRow(
                        "largest table",
                        largest.name() + " " + Format.bytes(largest.bytes()),
                        largest.bytes(),
                        TableSize.HOW));
            }
            if (src.rows() != null) {
                rows.add(new SizeRow("rows", String.valueOf(src.rows()), null, "sum of reltuples"));
            }
        }
        rows.add(bytes("dump", s.dumpBytes(), "as written by pg_dump"));
        rows.add(bytes("target database", s.targetDatabaseBytes(), "pg_database_size after the import"));
        SizeFacts.Volume v = s.volume();
        if (v != null) {
            rows.add(new SizeRow(
                    "target volume",
                    v.sizeBytes() == null
                            ? ""
                            : Format.quantity(v.sizeBytes()) + " (" + Format.bytes(v.sizeBytes()) + ")",
                    v.sizeBytes(),
                    "as provisioned for this rehearsal"));
            VolumeNeed need = v.need();
            if (need != null) {
                rows.add(volumeNeeded("volume needed for the rehearsed database", need));
                rows.add(new SizeRow(
                        "of which WAL headroom",
                        Format.bytes(need.walHeadroomBytes()),
                        need.walHeadroomBytes(),
                        "see the rule above"));
            }
            if (v.measuredPeakBytes() != null) {
                rows.add(new SizeRow(
                        "peak use, measured",
                        Format.bytes(v.measuredPeakBytes()),
                        v.measuredPeakBytes(),
                        "the same import again on an unlimited volume, sampled every 50 ms"
                                + (need == null
                                        ? ""
                                        : v.measuredPeakBytes() <= need.neededBytes()
                                                ? ": within the " + need.quantity() + " needed"
                                                : ": MORE than the rule's figure")));
            }
        }
        if (r.estimate() != null) {
            rows.add(volumeNeeded(
                    "volume needed in production", r.estimate().volume().need()));
        }
        return rows.stream().filter(x -> !x.value().isEmpty()).toList();
    }

    static SizeRow volumeNeeded(String label, VolumeNeed need) {
        return new SizeRow(
                label, need.quantity() + " (" + Format.bytes(need.neededBytes()) + ")", need.neededBytes(), need.how());
    }

    private static SizeRow bytes(String label, Long v, String how) {
        return new SizeRow(label, v == null ? "" : Format.bytes(v), v, how);
    }
}
