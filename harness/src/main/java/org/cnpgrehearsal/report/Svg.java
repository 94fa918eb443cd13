package org.cnpgrehearsal.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.Sizes;

/**
 * The report's charts as inline SVG: the production night (a Gantt chart of the estimate), the rehearsal's own
 * timeline (a Gantt chart of its phases) and the scaling chart (log-log).
 */
final class Svg {

    static final String[] PALETTE = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };

    private static final String IMPORT = "#1565c0";
    private static final String AROUND = "#90a4ae";
    private static final String FAILED = "#c62828";
    private static final String PROBLEMS = "#ef6c00";
    private static final String SKIPPED = "#bdbdbd";
    private static final String REPLICA = "#2e7d32";

    /** One bar of a Gantt chart: its row label, where it starts and ends, an optional range whisker, its data. */
    private record Bar(
            String label,
            long startMs,
            long durationMs,
            Long highEndMs,
            String color,
            String cssClass,
            String dataName,
            String tooltip) {}

    private Svg() {}

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The rehearsal's phases on its own time axis; import phases dark, the rest light, problems orange, failures red. */
    static String gantt(List<PhaseRecord> phases) {
        if (phases == null || phases.isEmpty()) {
            return "";
        }
        Instant t0 = phases.stream()
                .map(PhaseRecord::startedAt)
                .min(Instant::compareTo)
                .orElseThrow();
        List<Bar> bars = new ArrayList<>();
        for (PhaseRecord p : phases) {
            String color = switch (p.status()) {
                case FAILED -> FAILED;
                case FOUND_PROBLEMS -> PROBLEMS;
                case SKIPPED -> SKIPPED;
                case SUCCEEDED -> Phases.IMPORT.contains(p.name()) ? IMPORT : AROUND;
            };
            bars.add(new Bar(
                    p.name(),
                    p.startedAt().toEpochMilli() - t0.toEpochMilli(),
                    p.durationMs(),
                    null,
                    color,
                    "phase",
                    p.name(),
                    p.name() + ": " + Format.duration(p.durationMs()) + ", "
                            + p.status().text() + (p.bytes() == null ? "" : ", " + Sizes.human(p.bytes()))));
        }
        return chart("gantt", "This rehearsal's phases", bars);
    }

    /** The production night: cutover steps, import phases and replica clones, each bar with its range. */
    static String night(Estimate e) {
        List<Bar> bars = new ArrayList<>();
        for (Estimate.Bar b : e.night().bars()) {
            String color = switch (b.lane()) {
                case "import" -> IMPORT;
                case "replicas" -> REPLICA;
                default -> AROUND;
            };
            bars.add(new Bar(
                    b.name(),
                    b.startMs(),
                    b.duration().centralMs(),
                    b.duration().highMs() > b.duration().centralMs()
                            ? b.startMs() + b.duration().highMs()
                            : null,
                    color,
                    "night-bar",
                    b.name(),
                    b.name() + ": " + Format.duration(b.duration().centralMs()) + " (" + Format.range(b.duration())
                            + ")"));
        }
        return chart("night", "Production night, estimated", bars);
    }

    /**
     * The axis spans the bars at their central length, with a quarter more for the ranges: a range that reaches further
     * is cut at the edge and ends in an arrow (its end is in the bar's tooltip and the table).
     */
    private static String chart(String id, String title, List<Bar> bars) {
        long end = 1;
        boolean ranges = false;
        for (Bar b : bars) {
            end = Math.max(end, b.startMs() + b.durationMs());
            ranges |= b.highEndMs() != null;
        }
        double span = ranges ? end * 1.25 : end;
        int left = 250;
        int width = 560;
        int right = 110;
        int rowH = 22;
        int top = 10;
        int axisH = 30;
        int h = top + rowH * bars.size() + axisH;
        int w = left + width + right;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"")
                .append(id)
                .append("\" role=\"img\" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(h)
                .append("\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(h)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">");
        s.append("<title>").append(Html.esc(title)).append("</title>");
        int ticks = 5;
        for (int i = 0; i <= ticks; i++) {
            double x = left + width * i / (double) ticks;
            s.append("<line x1=\"")
                    .append(num(x))
                    .append("\" y1=\"")
                    .append(top)
                    .append("\" x2=\"")
                    .append(num(x))
                    .append("\" y2=\"")
                    .append(top + rowH * bars.size())
                    .append("\" stroke=\"#ddd\"/>");
            s.append("<text x=\"")
                    .append(num(x))
                    .append("\" y=\"")
                    .append(top + rowH * bars.size() + 16)
                    .append("\" text-anchor=\"middle\" fill=\"#555\">")
                    .append(Html.esc(Format.duration(Math.round(span * i / ticks))))
                    .append("</text>");
        }
        int i = 0;
        for (Bar b : bars) {
            double y = top + rowH * i;
            double x = left + width * b.startMs() / span;
            double bw = Math.max(1.5, width * b.durationMs() / span);
            s.append("<g class=\"")
                    .append(b.cssClass())
                    .append("\" data-phase=\"")
                    .append(Html.esc(b.dataName()))
                    .append("\" data-duration-ms=\"")
                    .append(b.durationMs())
                    .append("\">");
            s.append("<title>").append(Html.esc(b.tooltip())).append("</title>");
            s.append("<text x=\"")
                    .append(left - 6)
                    .append("\" y=\"")
                    .append(num(y + 15))
                    .append("\" text-anchor=\"end\">")
                    .append(Html.esc(shorten(b.label(), 38)))
                    .append("</text>");
            s.append("<rect x=\"")
                    .append(num(x))
                    .append("\" y=\"")
                    .append(num(y + 3))
                    .append("\" width=\"")
                    .append(num(bw))
                    .append("\" height=\"")
                    .append(rowH - 6)
                    .append("\" fill=\"")
                    .append(b.color())
                    .append("\"/>");
            double labelX = x + bw + 4;
            if (b.highEndMs() != null) {
                boolean cut = b.highEndMs() > span;
                double hx = left + width * Math.min(b.highEndMs(), span) / span;
                s.append("<line x1=\"")
                        .append(num(x + bw))
                        .append("\" y1=\"")
                        .append(num(y + rowH / 2.0))
                        .append("\" x2=\"")
                        .append(num(hx))
                        .append("\" y2=\"")
                        .append(num(y + rowH / 2.0))
                        .append("\" stroke=\"")
                        .append(b.color())
                        .append("\" stroke-width=\"1.5\" stroke-dasharray=\"3,2\"/>");
                if (cut) {
                    double cy = y + rowH / 2.0;
                    s.append("<polygon points=\"")
                            .append(num(hx))
                            .append(',')
                            .append(num(cy - 4))
                            .append(' ')
                            .append(num(hx + 6))
                            .append(',')
                            .append(num(cy))
                            .append(' ')
                            .append(num(hx))
                            .append(',')
                            .append(num(cy + 4))
                            .append("\" fill=\"")
                            .append(b.color())
                            .append("\"/>");
                    labelX = hx + 10;
                } else {
                    labelX = hx + 4;
                }
            }
            s.append("<text x=\"")
                    .append(num(Math.min(labelX, left + width + 10)))
                    .append("\" y=\"")
                    .append(num(y + 15))
                    .append("\" fill=\"#333\">")
                    .append(Html.esc(Format.duration(b.durationMs())))
                    .append("</text>");
            s.append("</g>");
            i++;
        }
        s.append("</svg>");
        return s.toString();
    }

    private static String shorten(String s, int max) {
        int cut = s.indexOf(" (");
        String t = cut > 0 ? s.substring(0, cut) : s;
        return t.length() <= max ? t : t.substring(0, max - 1) + "\u2026";
    }

    /**
     * Each phase that grows with its work: measured rehearsals (dots) and the production point (square) with its range
     * (bar), against the work relative to the largest rehearsal's, so that bytes and cost units share one axis; both
     * axes logarithmic. The fitted line runs from the smallest rehearsal to production.
     */
    static String scaling(Estimate e) {
        List<Estimate.PhaseEstimate> phases = new ArrayList<>(
                e.phases().stream().filter(p -> !"nothing".equals(p.unit())).toList());
        if (e.replicas() != null && e.replicas().perReplica() != null) {
            phases.add(e.replicas().perReplica());
        }
        double xmin = Double.MAX_VALUE;
        double xmax = 0;
        double ymin = Double.MAX_VALUE;
        double ymax = 0;
        for (Estimate.PhaseEstimate p : phases) {
            double ref = reference(p);
            for (Estimate.MeasuredPoint pt : p.points()) {
                xmin = Math.min(xmin, pt.work() / ref);
                xmax = Math.max(xmax, pt.work() / ref);
                ymin = Math.min(ymin, Math.max(1, pt.durationMs()));
                ymax = Math.max(ymax, pt.durationMs());
            }
            xmax = Math.max(xmax, p.productionWork() / ref);
            ymin = Math.min(ymin, Math.max(1, p.range().lowMs()));
            ymax = Math.max(ymax, p.range().highMs());
        }
        if (phases.isEmpty()) {
            return "";
        }
        double lx0 = Math.floor(Math.log10(Math.max(xmin, 1e-6)));
        double lx1 = Math.max(lx0 + 1, Math.ceil(Math.log10(Math.max(xmax, 1e-6))));
        double ly0 = Math.floor(Math.log10(ymin));
        double ly1 = Math.max(ly0 + 1, Math.ceil(Math.log10(Math.max(ymax, 1))));
        int left = 80;
        int top = 12;
        int pw = 560;
        int ph = 320;
        int legendW = 200;
        int w = left + pw + legendW;
        int h = top + ph + 46;
        double fx0 = lx0, fx1 = lx1, fy0 = ly0, fy1 = ly1;
        DoubleUnaryOperator X = v -> left + pw * (Math.log10(Math.max(v, 1e-6)) - fx0) / (fx1 - fx0);
        DoubleUnaryOperator Y = v -> top + ph - ph * (Math.log10(Math.max(v, 1)) - fy0) / (fy1 - fy0);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"scaling\" role=\"img\" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(h)
                .append("\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(h)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">");
        s.append("<title>Scaling: phase duration against its work, relative to the largest rehearsal, log-log</title>");
        s.append("<rect x=\"")
                .append(left)
                .append("\" y=\"")
                .append(top)
                .append("\" width=\"")
                .append(pw)
                .append("\" height=\"")
                .append(ph)
                .append("\" fill=\"none\" stroke=\"#999\"/>");
        for (int k = (int) lx0; k <= (int) lx1; k++) {
            double x = X.applyAsDouble(Math.pow(10, k));
            s.append("<line x1=\"")
                    .append(num(x))
                    .append("\" y1=\"")
                    .append(top)
                    .append("\" x2=\"")
                    .append(num(x))
                    .append("\" y2=\"")
                    .append(top + ph)
                    .append("\" stroke=\"#e5e5e5\"/>");
            s.append("<text x=\"")
                    .append(num(x))
                    .append("\" y=\"")
                    .append(top + ph + 14)
                    .append("\" text-anchor=\"middle\" fill=\"#555\">")
                    .append(Html.esc(k >= 0 ? "x" + (long) Math.pow(10, k) : "1/" + (long) Math.pow(10, -k)))
                    .append("</text>");
        }
        for (int k = (int) ly0; k <= (int) ly1; k++) {
            double y = Y.applyAsDouble(Math.pow(10, k));
            s.append("<line x1=\"")
                    .append(left)
                    .append("\" y1=\"")
                    .append(num(y))
                    .append("\" x2=\"")
                    .append(left + pw)
                    .append("\" y2=\"")
                    .append(num(y))
                    .append("\" stroke=\"#e5e5e5\"/>");
            s.append("<text x=\"")
                    .append(left - 6)
                    .append("\" y=\"")
                    .append(num(y + 4))
                    .append("\" text-anchor=\"end\" fill=\"#555\">")
                    .append(Html.esc(Format.duration((long) Math.pow(10, k))))
                    .append("</text>");
        }
        s.append("<text x=\"")
                .append(left + pw / 2)
                .append("\" y=\"")
                .append(top + ph + 34)
                .append("\" text-anchor=\"middle\">work, relative to the largest rehearsal (log)</text>");
        s.append("<text x=\"14\" y=\"")
                .append(top + ph / 2)
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
                .append(top + ph / 2)
                .append(")\">duration (log)</text>");
        int i = 0;
        for (Estimate.PhaseEstimate p : phases) {
            String color = PALETTE[i % PALETTE.length];
            double ref = reference(p);
            s.append("<g class=\"series\" data-phase=\"")
                    .append(Html.esc(p.phase()))
                    .append("\" data-central-ms=\"")
                    .append(p.range().centralMs())
                    .append("\">");
            double from = p.points().stream()
                    .mapToDouble(Estimate.MeasuredPoint::work)
                    .min()
                    .orElse(p.productionWork());
            double to = Math.max(from, p.productionWork());
            List<String> pts = new ArrayList<>();
            int samples = 40;
            for (int k = 0; k <= samples; k++) {
                double lx = Math.log10(Math.max(from, 1e-9))
                        + (Math.log10(Math.max(to, 1e-9)) - Math.log10(Math.max(from, 1e-9))) * k / samples;
                double wx = Math.pow(10, lx);
                // the rehearsal machine's line; a throughput factor moves only the production point off it
                double y = Math.max(1, p.fixedMs() + p.perUnitMs() * wx);
                pts.add(num(X.applyAsDouble(wx / ref)) + "," + num(Y.applyAsDouble(y)));
            }
            s.append("<polyline fill=\"none\" stroke=\"")
                    .append(color)
                    .append("\" stroke-width=\"1.5\" points=\"")
                    .append(String.join(" ", pts))
                    .append("\"/>");
            for (Estimate.MeasuredPoint pt : p.points()) {
                s.append("<circle cx=\"")
                        .append(num(X.applyAsDouble(pt.work() / ref)))
                        .append("\" cy=\"")
                        .append(num(Y.applyAsDouble(pt.durationMs())))
                        .append("\" r=\"3.5\" fill=\"")
                        .append(color)
                        .append("\"><title>")
                        .append(Html.esc(p.phase() + " measured, " + pt.rehearsal() + ": "
                                + Format.work(pt.work(), p.unit()) + ", " + Format.duration(pt.durationMs())))
                        .append("</title></circle>");
            }
            double px = X.applyAsDouble(p.productionWork() / ref);
            s.append("<line x1=\"")
                    .append(num(px))
                    .append("\" y1=\"")
                    .append(num(Y.applyAsDouble(Math.max(1, p.range().lowMs()))))
                    .append("\" x2=\"")
                    .append(num(px))
                    .append("\" y2=\"")
                    .append(num(Y.applyAsDouble(p.range().highMs())))
                    .append("\" stroke=\"")
                    .append(color)
                    .append("\" stroke-width=\"2\"/>");
            double pyc = Y.applyAsDouble(p.range().centralMs());
            s.append("<rect x=\"")
                    .append(num(px - 5))
                    .append("\" y=\"")
                    .append(num(pyc - 5))
                    .append("\" width=\"10\" height=\"10\" fill=\"white\" stroke=\"")
                    .append(color)
                    .append("\" stroke-width=\"2\"><title>")
                    .append(Html.esc(p.phase() + " in production: " + Format.work(p.productionWork(), p.unit()) + ", "
                            + Format.duration(p.range().centralMs()) + " (" + Format.range(p.range()) + ")"))
                    .append("</title></rect>");
            double ly = top + 8 + 16 * i;
            s.append("<rect x=\"")
                    .append(left + pw + 14)
                    .append("\" y=\"")
                    .append(num(ly - 8))
                    .append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(color)
                    .append("\"/>");
            s.append("<text x=\"")
                    .append(left + pw + 30)
                    .append("\" y=\"")
                    .append(num(ly + 1))
                    .append("\">")
                    .append(Html.esc(p.phase() + " (" + p.unit() + ")"))
                    .append("</text>");
            s.append("</g>");
            i++;
        }
        double ly = top + 8 + 16 * (i + 1);
        s.append("<circle cx=\"")
                .append(left + pw + 19)
                .append("\" cy=\"")
                .append(num(ly - 3))
                .append("\" r=\"3.5\" fill=\"#555\"/><text x=\"")
                .append(left + pw + 30)
                .append("\" y=\"")
                .append(num(ly + 1))
                .append("\">measured</text>");
        ly += 16;
        s.append("<rect x=\"")
                .append(left + pw + 14)
                .append("\" y=\"")
                .append(num(ly - 8))
                .append("\" width=\"10\" height=\"10\" fill=\"white\" stroke=\"#555\" stroke-width=\"2\"/><text x=\"")
                .append(left + pw + 30)
                .append("\" y=\"")
                .append(num(ly + 1))
                .append("\">production (bar: range)</text>");
        s.append("</svg>");
        return s.toString();
    }

    /** The work of the largest rehearsal of a phase: the unit of the chart's x axis. */
    private static double reference(Estimate.PhaseEstimate p) {
        return Math.max(
                1e-9,
                p.points().stream()
                        .mapToDouble(Estimate.MeasuredPoint::work)
                        .max()
                        .orElse(1));
    }
}
