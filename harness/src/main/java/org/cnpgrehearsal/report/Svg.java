package org.cnpgrehearsal.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.Sizes;

/** The report's charts as inline SVG: the phase timeline (Gantt) and the scaling chart (log-log). */
final class Svg {

    static final String[] PALETTE = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };

    private Svg() {}

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** One bar per phase on a shared time axis; import phases dark, others light, failures red, skipped grey. */
    static String gantt(List<PhaseRecord> phases) {
        if (phases == null || phases.isEmpty()) {
            return "";
        }
        Instant t0 = phases.stream()
                .map(PhaseRecord::startedAt)
                .min(Instant::compareTo)
                .orElseThrow();
        Instant t1 = phases.stream()
                .map(PhaseRecord::endedAt)
                .max(Instant::compareTo)
                .orElseThrow();
        double span = Math.max(1, t1.toEpochMilli() - t0.toEpochMilli());
        int left = 150;
        int width = 620;
        int right = 110;
        int rowH = 22;
        int top = 10;
        int axisH = 30;
        int h = top + rowH * phases.size() + axisH;
        int w = left + width + right;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"gantt\" role=\"img\" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(h)
                .append("\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(h)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">");
        s.append("<title>Phase timeline: ")
                .append(Html.esc(Format.duration(Math.round(span))))
                .append(" in all</title>");
        // grid and axis
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
                    .append(top + rowH * phases.size())
                    .append("\" stroke=\"#ddd\"/>");
            s.append("<text x=\"")
                    .append(num(x))
                    .append("\" y=\"")
                    .append(top + rowH * phases.size() + 16)
                    .append("\" text-anchor=\"middle\" fill=\"#555\">")
                    .append(Html.esc(Format.duration(Math.round(span * i / ticks))))
                    .append("</text>");
        }
        int i = 0;
        for (PhaseRecord p : phases) {
            double y = top + rowH * i;
            double x = left + width * (p.startedAt().toEpochMilli() - t0.toEpochMilli()) / span;
            double bw = Math.max(1.5, width * p.durationMs() / span);
            String color = p.status() == PhaseStatus.FAILED
                    ? "#c62828"
                    : p.status() == PhaseStatus.SKIPPED
                            ? "#bdbdbd"
                            : Phases.IMPORT.contains(p.name()) ? "#1565c0" : "#90a4ae";
            s.append("<g class=\"phase\" data-phase=\"")
                    .append(Html.esc(p.name()))
                    .append("\" data-duration-ms=\"")
                    .append(p.durationMs())
                    .append("\">");
            s.append("<title>")
                    .append(Html.esc(p.name() + ": " + Format.duration(p.durationMs())
                            + (p.status() == null ? "" : ", " + p.status().json())
                            + (p.bytes() == null ? "" : ", " + Sizes.human(p.bytes()))))
                    .append("</title>");
            s.append("<text x=\"")
                    .append(left - 6)
                    .append("\" y=\"")
                    .append(num(y + 15))
                    .append("\" text-anchor=\"end\">")
                    .append(Html.esc(p.name()))
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
                    .append(color)
                    .append("\"/>");
            s.append("<text x=\"")
                    .append(num(Math.min(x + bw + 4, left + width + 4)))
                    .append("\" y=\"")
                    .append(num(y + 15))
                    .append("\" fill=\"#333\">")
                    .append(Html.esc(Format.duration(p.durationMs())))
                    .append("</text>");
            s.append("</g>");
            i++;
        }
        s.append("</svg>");
        return s.toString();
    }

    /**
     * Measured points per phase, the fitted line from the smallest rehearsal to the production size, and the
     * production point with its conservative bound; both axes logarithmic.
     */
    static String scaling(Estimate e) {
        List<Estimate.PhaseEstimate> phases = e.phases();
        double xmin = Double.MAX_VALUE;
        double xmax = 0;
        double ymin = Double.MAX_VALUE;
        double ymax = 0;
        for (Estimate.PhaseEstimate p : phases) {
            for (Estimate.MeasuredPoint pt : p.points()) {
                xmin = Math.min(xmin, Math.max(1, pt.bytes()));
                xmax = Math.max(xmax, pt.bytes());
                ymin = Math.min(ymin, Math.max(1, pt.durationMs()));
                ymax = Math.max(ymax, pt.durationMs());
            }
            xmin = Math.min(xmin, Math.max(1, p.productionBytes()));
            xmax = Math.max(xmax, p.productionBytes());
            ymin = Math.min(ymin, Math.max(1, p.centralMs()));
            ymax = Math.max(ymax, p.conservativeMs());
        }
        double lx0 = Math.floor(Math.log10(xmin));
        double lx1 = Math.max(lx0 + 1, Math.ceil(Math.log10(Math.max(xmax, 1))));
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
        DoubleUnaryOperator X = v -> left + pw * (Math.log10(Math.max(v, 1)) - fx0) / (fx1 - fx0);
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
        s.append("<title>Scaling: phase duration against bytes handled, log-log</title>");
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
                    .append(Html.esc(Sizes.human((long) Math.pow(10, k))))
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
                .append("\" text-anchor=\"middle\">bytes handled by the phase (log)</text>");
        s.append("<text x=\"14\" y=\"")
                .append(top + ph / 2)
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
                .append(top + ph / 2)
                .append(")\">duration (log)</text>");
        int i = 0;
        for (Estimate.PhaseEstimate p : phases) {
            String color = PALETTE[i % PALETTE.length];
            s.append("<g class=\"series\" data-phase=\"")
                    .append(Html.esc(p.phase()))
                    .append("\" data-central-ms=\"")
                    .append(p.centralMs())
                    .append("\">");
            // fitted line, sampled in log space from the smallest measured size to production
            double from = p.points().stream()
                    .mapToDouble(Estimate.MeasuredPoint::bytes)
                    .min()
                    .orElse(p.productionBytes());
            double to = Math.max(from, p.productionBytes());
            List<String> pts = new ArrayList<>();
            int samples = 40;
            for (int k = 0; k <= samples; k++) {
                double lx = Math.log10(Math.max(from, 1))
                        + (Math.log10(Math.max(to, 1)) - Math.log10(Math.max(from, 1))) * k / samples;
                double bx = Math.pow(10, lx);
                // the rehearsal machine's line; a throughput factor moves only the production point off it
                double y = Math.max(1, p.fixedMs() + p.perByteMs() * bx);
                pts.add(num(X.applyAsDouble(bx)) + "," + num(Y.applyAsDouble(y)));
            }
            s.append("<polyline fill=\"none\" stroke=\"")
                    .append(color)
                    .append("\" stroke-width=\"1.5\" points=\"")
                    .append(String.join(" ", pts))
                    .append("\"/>");
            for (Estimate.MeasuredPoint pt : p.points()) {
                s.append("<circle cx=\"")
                        .append(num(X.applyAsDouble(pt.bytes())))
                        .append("\" cy=\"")
                        .append(num(Y.applyAsDouble(pt.durationMs())))
                        .append("\" r=\"3.5\" fill=\"")
                        .append(color)
                        .append("\"><title>")
                        .append(Html.esc(p.phase() + " measured, " + pt.rehearsal() + ": " + Format.bytes(pt.bytes())
                                + ", " + Format.duration(pt.durationMs())))
                        .append("</title></circle>");
            }
            double px = X.applyAsDouble(p.productionBytes());
            double pyc = Y.applyAsDouble(p.centralMs());
            double pyh = Y.applyAsDouble(p.conservativeMs());
            s.append("<line x1=\"")
                    .append(num(px))
                    .append("\" y1=\"")
                    .append(num(pyc))
                    .append("\" x2=\"")
                    .append(num(px))
                    .append("\" y2=\"")
                    .append(num(pyh))
                    .append("\" stroke=\"")
                    .append(color)
                    .append("\" stroke-width=\"2\"/>");
            s.append("<rect x=\"")
                    .append(num(px - 5))
                    .append("\" y=\"")
                    .append(num(pyc - 5))
                    .append("\" width=\"10\" height=\"10\" fill=\"white\" stroke=\"")
                    .append(color)
                    .append("\" stroke-width=\"2\"><title>")
                    .append(Html.esc(p.phase() + " production estimate: "
                            + Format.bytes(p.productionBytes()) + ", " + Format.duration(p.centralMs())
                            + " (conservative "
                            + Format.duration(p.conservativeMs()) + ")"))
                    .append("</title></rect>");
            // legend
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
                    .append(Html.esc(p.phase() + " (" + p.quantity() + ")"))
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
                .append("\">production (bar: bound)</text>");
        s.append("</svg>");
        return s.toString();
    }
}
