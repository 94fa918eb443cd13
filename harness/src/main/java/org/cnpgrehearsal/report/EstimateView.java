package org.cnpgrehearsal.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.estimate.Estimate;

/** The estimate's rows and sentences, built once for every renderer (report, estimate.md/html, console). */
final class EstimateView {

    /** One line of the breakdown: a phase, a step or the replicas, with its central estimate and range. */
    record Line(String name, String kind, String model, String work, String fit, String points, Estimate.Range range) {}

    record Point(String phase, String rehearsal, String work, long durationMs) {}

    final Estimate estimate;
    final String window;
    final String headline;
    final String breakdown;
    final String statement;
    final String method;
    final String production;
    final String hardware;
    final String jobs;
    final String volume;
    final String volumeHow;
    final Boolean volumeSufficient;
    final String replicas;
    final List<Line> lines;
    final List<Point> points;
    final List<Estimate.LeftOut> leftOut;
    final List<String> notes;

    EstimateView(Estimate e) {
        estimate = e;
        window = Format.duration(e.window().centralMs());
        headline = Verdict.window(e);
        Estimate.Range steps = e.steps().stream()
                .map(s -> Estimate.Range.exactly(s.durationMs()))
                .reduce(Estimate.Range.ZERO, Estimate.Range::plus);
        breakdown = "import " + Format.duration(e.importTime().centralMs()) + " (" + Format.range(e.importTime())
                + "), cutover steps " + Format.duration(steps.centralMs())
                + (e.replicas().total() == null || e.replicas().count() == 0
                        ? ""
                        : ", replicas " + Format.duration(e.replicas().total().centralMs()) + " ("
                                + Format.range(e.replicas().total()) + ") alongside the steps after the import");
        statement = e.statement();
        method = e.method();
        var p = e.production();
        production = "Production: " + p.source() + ", " + Format.bytes(p.databaseBytes()) + ", data "
                + Format.bytes(p.dataBytes())
                + (p.indexBytes() == null ? "" : ", indexes " + Format.bytes(p.indexBytes()))
                + (p.largestTable() == null
                        ? ""
                        : ", largest table " + p.largestTable().name() + " "
                                + Format.bytes(p.largestTable().bytes()))
                + (p.postgresVersion() == null ? "" : ", PostgreSQL " + p.postgresVersion()) + "; its shape: "
                + p.shapeFrom() + ". Rehearsals used: " + String.join(", ", e.rehearsals()) + ".";
        hardware = e.hardware().measured()
                ? String.format(
                        Locale.ROOT,
                        "Production measured %.2f times as fast as the rehearsal machine (--throughput-factor); "
                                + "range factor %.2f.",
                        e.hardware().factor(),
                        e.hardware().uncertainty())
                : String.format(
                        Locale.ROOT,
                        "Production's speed against the rehearsal machine was not measured: the central figure "
                                + "assumes the same speed, the range allows %.0f times faster or slower.",
                        e.hardware().uncertainty());
        var j = e.restoreJobs();
        jobs = "pg_restore --jobs: rehearsed with " + j.rehearsed() + " on " + j.rehearsalProcessors()
                + " processors; production " + j.production() + " on "
                + (j.productionProcessors() == null
                        ? "as many processors (the manifest sets no CPU limit)"
                        : j.productionProcessors() + " processors (the manifest's CPU limit)")
                + ": " + j.productionWorkers() + " at once. Rule: " + j.rule() + ".";
        var v = e.volume();
        volume = "Needed at the peak of the import: " + v.need().quantity() + " ("
                + Format.bytes(v.need().neededBytes())
                + "). "
                + (v.manifestStorageBytes() == null
                        ? "The manifest's storage size is not known."
                        : "The manifest asks for " + Format.quantity(v.manifestStorageBytes()) + ": "
                                + (Boolean.TRUE.equals(v.sufficient()) ? "enough." : "NOT enough."));
        volumeHow = v.need().how();
        volumeSufficient = v.sufficient();
        replicas = e.replicas().note();
        lines = lines(e);
        points = points(e);
        leftOut = e.leftOut();
        notes = e.notes();
    }

    private static List<Line> lines(Estimate e) {
        List<Line> lines = new ArrayList<>();
        for (Estimate.Step s : e.steps()) {
            if ("before".equals(s.when())) {
                lines.add(step(s));
            }
        }
        for (Estimate.PhaseEstimate p : e.phases()) {
            lines.add(phase(p, "import"));
        }
        for (Estimate.Step s : e.steps()) {
            if (!"before".equals(s.when())) {
                lines.add(step(s));
            }
        }
        if (e.replicas().perReplica() != null && e.replicas().count() > 0) {
            Estimate.PhaseEstimate c = e.replicas().perReplica();
            lines.add(new Line(
                    e.replicas().count() + " x " + c.phase(),
                    "replicas",
                    c.model(),
                    Format.work(c.productionWork(), c.unit()) + " each",
                    fit(c),
                    Integer.toString(c.points().size()),
                    e.replicas().total()));
        }
        return List.copyOf(lines);
    }

    private static Line step(Estimate.Step s) {
        return new Line(
                s.name(), "step " + s.when() + " the import", "", "", "", "", Estimate.Range.exactly(s.durationMs()));
    }

    private static Line phase(Estimate.PhaseEstimate p, String kind) {
        return new Line(
                p.phase(),
                kind,
                p.model(),
                Format.work(p.productionWork(), p.unit()),
                fit(p),
                Integer.toString(p.points().size()),
                p.range());
    }

    static String fit(Estimate.PhaseEstimate p) {
        if ("nothing".equals(p.unit())) {
            return Format.duration(Math.round(p.fixedMs())) + " (" + p.fit() + ")";
        }
        return Format.duration(Math.round(p.fixedMs())) + " + " + Format.rate(p.perUnitMs(), p.unit())
                + (p.rSquared() == null ? "" : String.format(Locale.ROOT, ", R\u00b2 %.3f", p.rSquared())) + " ("
                + p.fit() + ")";
    }

    private static List<Point> points(Estimate e) {
        List<Point> points = new ArrayList<>();
        List<Estimate.PhaseEstimate> all = new ArrayList<>(e.phases());
        if (e.replicas().perReplica() != null) {
            all.add(e.replicas().perReplica());
        }
        for (Estimate.PhaseEstimate p : all) {
            for (Estimate.MeasuredPoint pt : p.points()) {
                points.add(new Point(p.phase(), pt.rehearsal(), Format.work(pt.work(), p.unit()), pt.durationMs()));
            }
        }
        return List.copyOf(points);
    }
}
