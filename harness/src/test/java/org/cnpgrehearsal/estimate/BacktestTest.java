package org.cnpgrehearsal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.Samples;
import org.junit.jupiter.api.Test;

class BacktestTest {

    @Test
    void predictsAnEightTimesLargerRehearsal() {
        long mb = 1_000_000L;
        List<RehearsalReport> training = List.of(
                Samples.success("s", 100 * mb, Samples.linear(100 * mb, 10.3, 1000), 2),
                Samples.success("s", 200 * mb, Samples.linear(200 * mb, 9.8, 1000), 2),
                Samples.success("s", 400 * mb, Samples.linear(400 * mb, 10.1, 1000), 2));
        RehearsalReport actual = Samples.success("s", 3200 * mb, Samples.linear(3200 * mb, 10, 1000), 2);
        Backtest.Result r = Backtest.run(training, actual);
        assertTrue(Math.abs(r.relativeError()) < 0.15, r.summary());
        assertEquals(r.estimate().importCentralMs(), r.predictedImportMs());
        assertTrue(r.summary().contains("error"));
        assertEquals(0, r.estimate().stepsMs(), "a backtest compares the import alone");
    }
}
