package org.cnpgrehearsal.estimate;

import static org.cnpgrehearsal.estimate.Sweeps.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestTest {

    @Test
    void predictsEachPhaseOfARehearsal25TimesLargerSideBySide() {
        List<Candidate> training = List.of(
                Sweeps.candidate("20MB", Sweeps.rehearsal(20 * MB, 4, 1.03)),
                Sweeps.candidate("40MB", Sweeps.rehearsal(40 * MB, 4, 0.98)),
                Sweeps.candidate("80MB", Sweeps.rehearsal(80 * MB, 4, 1.01)));
        Candidate actual = Sweeps.candidate("2GB", Sweeps.rehearsal(2000 * MB, 4, 1.0));
        Backtest.Result r = Backtest.run(training, actual);
        assertEquals(PhaseModel.values().length + 1, r.phases().size(), "every import phase and the replica clone");
        for (Backtest.Row row : r.phases()) {
            assertTrue(row.inside(), row.toString());
            assertTrue(Math.abs(row.relativeError()) < 0.10, row.toString());
        }
        assertTrue(r.total().inside(), r.table());
        assertEquals(0, r.estimate().steps().size(), "a backtest compares the import alone");
        assertTrue(r.table().contains("restore-post-data"), r.table());
    }
}
