package org.cnpgrehearsal.engine;

import org.cnpgrehearsal.diagnose.Diagnosis;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.scenario.Scenario;

/** Whether a rehearsal met its scenario's expectation: the same outcome, and for a failure the same cause and phase. */
public final class Expectations {

    public static boolean met(Scenario.Expectation expect, String outcome, Diagnosis diagnosis) {
        if (expect.success()) {
            return RehearsalFacts.SUCCESS.equals(outcome);
        }
        if (!RehearsalFacts.FAILURE.equals(outcome) || diagnosis == null) {
            return false;
        }
        boolean cause = expect.cause() == null
                || expect.cause().equals(diagnosis.cause().name());
        boolean phase = expect.phase() == null || expect.phase().equals(diagnosis.phase());
        return cause && phase;
    }

    private Expectations() {}
}
