package org.cnpgrehearsal.report;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.cnpgrehearsal.timeline.PhaseRecord;
import org.cnpgrehearsal.timeline.PhaseStatus;
import org.cnpgrehearsal.timeline.Phases;

/**
 * The comparison's Gantt chart: one lane per strategy, each from its first migration step on a shared time axis,
 * the downtime red (offline: every import phase; online and physical: the cutover), the rest blue.
 */
final class ComparisonChart {

    /** The phases that belong to a migration (not provisioning, seeding, preflight or verification). */
    private static final Set<String> MIGRATION = Set.of(
            Phases.ROLES,
            Phases.DUMP,
            Phases.RESTORE_PRE_DATA,
            Phases.RESTORE_DATA,
            Phases.RESTORE_POST_DATA,
            Phases.ANALYZE,
            Phases.FINALIZE,
            Phases.PUBLICATION,
            Phases.INITIAL_COPY,
            Phases.BASE_BACKUP,
            Phases.CATCH_UP,
            Phases.CUTOVER);

    private static final int LEFT = 90;
    private static final int WIDTH = 640;
    private static final int LANE = 34;

    static String lanes(List<ComparisonReport.Entry> entries) {
        long span = 1;
        for (ComparisonReport.Entry e : entries) {
            List<PhaseRecord> p = migration(e);
            if (!p.isEmpty()) {
                span = Math.max(span, p.get(p.size() - 1).endedAt().toEpochMilli() - start(p).toEpochMilli());
            }
        }
        int height = 10 + LANE * entries.size() + 24;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"comparison-gantt\" viewBox=\"0 0 ")
                .append(LEFT + WIDTH + 20)
                .append(' ')
                .append(height)
                .append("\" width=\"")
                .append(LEFT + WIDTH + 20)
                .append("\" height=\"")
                .append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">");
        for (int t = 0; t <= 5; t++) {
            double x = LEFT + WIDTH * t / 5.0;
            s.append("<line x1=\"")
                    .append(Svg.num(x))
                    .append("\" y1=\"10\" x2=\"")
                    .append(Svg.num(x));
            s.append("\" y2=\"").append(10 + LANE * entries.size()).append("\" stroke=\"#ddd\"/>");
            s.append("<text x=\"").append(Svg.num(x)).append("\" y=\"").append(height - 6);
            s.append("\" text-anchor=\"middle\" fill=\"#555\">")
                    .append(Html.esc(Format.duration(Math.round(span * t / 5.0))))
                    .append("</text>");
        }
        int lane = 0;
        for (ComparisonReport.Entry e : entries) {
            double y = 10 + LANE * lane++;
            s.append("<text x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(Svg.num(y + 21))
                    .append("\" text-anchor=\"end\">")
                    .append(Html.esc(e.strategy()))
                    .append("</text>");
            List<PhaseRecord> phases = migration(e);
            if (phases.isEmpty()) {
                continue;
            }
            long t0 = start(phases).toEpochMilli();
            for (PhaseRecord p : phases) {
                double x = LEFT + WIDTH * (p.startedAt().toEpochMilli() - t0) / (double) span;
                double w = Math.max(1.5, WIDTH * p.durationMs() / (double) span);
                boolean down = Phases.IMPORT.contains(p.name()) && "offline".equals(e.strategy())
                        || Phases.CUTOVER.equals(p.name());
                String color = p.status() == PhaseStatus.FAILED ? "#7f0000" : down ? "#d32f2f" : "#1565c0";
                s.append("<g class=\"phase\" data-strategy=\"")
                        .append(Html.esc(e.strategy()))
                        .append("\" data-phase=\"")
                        .append(Html.esc(p.name()))
                        .append("\"><title>")
                        .append(Html.esc(e.strategy() + " " + p.name() + ": " + Format.duration(p.durationMs())))
                        .append("</title><rect x=\"")
                        .append(Svg.num(x))
                        .append("\" y=\"")
                        .append(Svg.num(y + 6))
                        .append("\" width=\"")
                        .append(Svg.num(w))
                        .append("\" height=\"")
                        .append(LANE - 12)
                        .append("\" fill=\"")
                        .append(color)
                        .append("\" stroke=\"#fff\"/></g>");
            }
        }
        s.append("</svg>");
        return s.toString();
    }

    private static List<PhaseRecord> migration(ComparisonReport.Entry e) {
        return e.report().facts().phases() == null
                ? List.of()
                : e.report().facts().phases().stream()
                        .filter(p -> MIGRATION.contains(p.name()))
                        .toList();
    }

    private static Instant start(List<PhaseRecord> phases) {
        return phases.get(0).startedAt();
    }

    private ComparisonChart() {}
}
