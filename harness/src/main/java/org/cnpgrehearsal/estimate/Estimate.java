package org.cnpgrehearsal.estimate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.cnpgrehearsal.results.TableSize;
import org.cnpgrehearsal.results.VolumeNeed;

/**
 * The estimated production night: the {@code estimate} section of {@code report.json} and the content of
 * {@code estimate.json}. Durations in milliseconds, sizes in bytes. Every duration is a {@link Range}; {@code method}
 * says in a sentence how the range was made, {@code statement} what the estimate is and is not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Estimate(
        String statement,
        String method,
        List<String> rehearsals,
        List<LeftOut> leftOut,
        Production production,
        Hardware hardware,
        Noise noise,
        Jobs restoreJobs,
        List<PhaseEstimate> phases,
        Range importTime,
        Replicas replicas,
        List<Step> steps,
        Night night,
        Range window,
        VolumeCheck volume,
        List<String> notes) {

    /** A duration: the central estimate and the range around it. */
    public record Range(long lowMs, long centralMs, long highMs) {
        public static final Range ZERO = new Range(0, 0, 0);

        public Range plus(Range o) {
            return new Range(lowMs + o.lowMs, centralMs + o.centralMs, highMs + o.highMs);
        }

        public Range times(int n) {
            return new Range(lowMs * n, centralMs * n, highMs * n);
        }

        public static Range exactly(long ms) {
            return new Range(ms, ms, ms);
        }

        /** The later of two lanes that start together. */
        public static Range max(Range a, Range b) {
            return new Range(
                    Math.max(a.lowMs, b.lowMs), Math.max(a.centralMs, b.centralMs), Math.max(a.highMs, b.highMs));
        }
    }

    /** A rehearsal given to the estimate but not used, and why. */
    public record LeftOut(String rehearsal, String reason) {}

    /** The production the estimate extrapolates to, and where its shape comes from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Production(
            String source,
            long databaseBytes,
            long dataBytes,
            Long indexBytes,
            TableSize largestTable,
            String postgresVersion,
            String shapeFrom) {}

    /**
     * The hardware part of the range: production is {@code factor} times as fast as the rehearsal machine (1 when not
     * measured), and may be {@code uncertainty} times faster or slower than that.
     */
    public record Hardware(double factor, boolean measured, double uncertainty) {}

    /**
     * The rehearsals' relative noise, pooled over every phase's fit, its degrees of freedom and the t quantile the
     * intervals use (all 0 when there is no noise to measure).
     */
    public record Noise(double relativeSd, int dof, double t) {}

    /**
     * pg_restore --jobs: as rehearsed and in production, the workers that can run at once (jobs bounded by the
     * processors), and the rule.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Jobs(
            int rehearsed,
            int rehearsalProcessors,
            int production,
            Integer productionProcessors,
            int productionWorkers,
            String rule) {}

    /** One measured point of a phase: which rehearsal, the work its model counts, the duration. */
    public record MeasuredPoint(String rehearsal, double work, long durationMs) {}

    /**
     * One phase's model, fit and prediction: {@code model} states the shape in a sentence, {@code unit} what
     * {@code work} counts (bytes, cost units, nothing); {@code fixedMs + perUnitMs x work} on the rehearsal machine.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PhaseEstimate(
            String phase,
            String model,
            String unit,
            List<MeasuredPoint> points,
            double fixedMs,
            double perUnitMs,
            String fit,
            Double rSquared,
            double productionWork,
            Range range) {}

    /**
     * The replicas of {@code instances}: CNPG clones them from the primary after the import, one after another; each
     * clone is fitted like a phase ({@code perReplica}: the copy alone, null when no rehearsal measured one, with
     * {@code note} saying so); {@code total} adds each clone's checkpoint wait.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Replicas(int instances, int count, PhaseEstimate perReplica, Range total, String note) {}

    /** An operator or cutover step of the night. */
    public record Step(String name, String when, long durationMs) {}

    /** One bar of the production night's Gantt chart: its lane, its start and its duration (central), and its range. */
    public record Bar(String name, String lane, long startMs, Range duration) {}

    /** The production night as a chart: one bar per step, import phase and replica. */
    public record Night(List<Bar> bars) {}

    /** The volume the production import needs, against the manifest's storage size. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VolumeCheck(VolumeNeed need, Long manifestStorageBytes, Boolean sufficient) {}
}
