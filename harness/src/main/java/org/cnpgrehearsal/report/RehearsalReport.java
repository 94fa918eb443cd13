package org.cnpgrehearsal.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.preflight.PreflightReport;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.strategy.StrategyFacts;
import org.cnpgrehearsal.verify.Verification;

/**
 * The content of {@code report.json}: a documented contract (README, "report.json") that other tools read. Field
 * names are stable; new fields may be added. The facts and the judgement sit at the top level of the JSON.
 *
 * @param reportVersion {@value #VERSION} for this layout; the estimate refuses older reports
 * @param facts         what was rehearsed and what it measured (read by the estimate too)
 * @param judgement     what the rehearsal concluded against its scenario's expectation
 * @param preflight     the preflight run against the rehearsal's source, as the import user
 * @param sourcePrep    the changes to the Zalando source this rehearsal assumed ({@code source-prep.sql})
 * @param warnings      what the DBA must act on although the rehearsal passed (for example a changed password)
 * @param notes         what the report must say besides (a major that differs, options with side effects)
 * @param fixChain      the rounds of {@code rehearse --fix}, when it ran
 * @param estimate      the production night, when a production size or profile was given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RehearsalReport(
        int reportVersion,
        @JsonUnwrapped RehearsalFacts facts,
        @JsonUnwrapped Judgement judgement,
        PreflightReport preflight,
        SourcePrep sourcePrep,
        List<String> warnings,
        List<String> notes,
        List<FixRound> fixChain,
        Estimate estimate) {

    public static final int VERSION = 2;

    /**
     * What the rehearsal concluded: the scenario's expectation and whether it was met, the verification (when the
     * import ran through), and where it failed with the error text (when it did).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Judgement(
            Scenario.Expectation expectation, boolean reproduced, Verification verification, Failure failure) {}

    /** Where the rehearsal failed and the error text. */
    public record Failure(String phase, List<String> errorLines) {}

    public RehearsalReport {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        notes = notes == null ? List.of() : List.copyOf(notes);
        sourcePrep = sourcePrep == null ? SourcePrep.none() : sourcePrep;
    }

    public boolean succeeded() {
        return facts.succeeded();
    }

    public String scenario() {
        return facts.subject().scenario();
    }

    public boolean reproduced() {
        return judgement.reproduced();
    }

    public RehearsalReport withEstimate(Estimate e) {
        return new RehearsalReport(
                reportVersion, facts, judgement, preflight, sourcePrep, warnings, notes, fixChain, e);
    }

    public RehearsalReport withFixChain(List<FixRound> chain) {
        return new RehearsalReport(
                reportVersion,
                facts,
                judgement,
                preflight,
                sourcePrep,
                warnings,
                notes,
                chain == null ? null : List.copyOf(chain),
                estimate);
    }

    public RehearsalReport withNote(String note) {
        List<String> all = new ArrayList<>(notes);
        all.add(note);
        return new RehearsalReport(
                reportVersion, facts, judgement, preflight, sourcePrep, warnings, all, fixChain, estimate);
    }

    /** With what a migration strategy measured (null leaves it out). */
    public RehearsalReport withStrategy(StrategyFacts strategy) {
        return new RehearsalReport(
                reportVersion,
                facts.withStrategy(strategy),
                judgement,
                preflight,
                sourcePrep,
                warnings,
                notes,
                fixChain,
                estimate);
    }

    public RehearsalReport withSourcePrep(SourcePrep prep) {
        return new RehearsalReport(
                reportVersion, facts, judgement, preflight, prep, warnings, notes, fixChain, estimate);
    }
}
