package org.cnpgrehearsal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearFitTest {

    @Test
    void exactLinearDataRecoversFixedAndPerUnit() {
        // 2 s fixed + 5 s per GB
        List<LinearFit.Point> points = List.of(pt(100e6, 2000 + 500), pt(200e6, 2000 + 1000), pt(400e6, 2000 + 2000));
        LinearFit fit = LinearFit.of(points);
        assertEquals(LinearFit.Mode.LEAST_SQUARES, fit.mode());
        assertEquals(2000, fit.fixedMs(), 1e-6);
        assertEquals(5e-6, fit.perByteMs(), 1e-15);
        assertEquals(1.0, fit.rSquared(), 1e-12);
        assertEquals(2000 + 5e-6 * 3.2e9, fit.predict(3.2e9), 1e-3);
        assertEquals(0, fit.residualSquares(), 1e-6, "no residual: no noise");
        assertEquals(1, fit.dof());
    }

    @Test
    void theIntervalWidensWithTheExtrapolation() {
        List<LinearFit.Point> points = List.of(pt(100e6, 2600), pt(200e6, 2900), pt(400e6, 4100), pt(800e6, 5800));
        LinearFit fit = LinearFit.of(points);
        assertTrue(fit.residualSquares() > 0);
        double near = fit.halfWidth(8e9, 0.05, 2.0) / fit.predict(8e9);
        double far = fit.halfWidth(80e9, 0.05, 2.0) / fit.predict(80e9);
        assertTrue(far > near, "relatively wider the further it goes: " + near + " -> " + far);
        assertTrue(fit.halfWidth(8e9, 0.05, 2.0) >= 2.0 * 0.05 * fit.predict(8e9), "at least a new rehearsal's noise");
    }

    @Test
    void oneSizeIsProportional() {
        LinearFit fit = LinearFit.of(List.of(pt(100e6, 1000)));
        assertEquals(LinearFit.Mode.PROPORTIONAL, fit.mode());
        assertEquals(0, fit.fixedMs());
        assertEquals(10_000, fit.predict(1e9), 1e-6);
        assertEquals(0, fit.dof());
    }

    @Test
    void aRateHiddenInTheNoiseIsAProportionalUpperBoundNotAConstant() {
        LinearFit fit = LinearFit.of(List.of(pt(100e6, 210), pt(200e6, 190), pt(400e6, 180)));
        assertEquals(LinearFit.Mode.PROPORTIONAL, fit.mode());
        assertTrue(fit.method().startsWith("proportional upper bound"), fit.method());
        assertTrue(fit.predict(1e12) > 180 * 1e12 / 400e6 * 0.5, "it grows with the work");
    }

    @Test
    void nothingThatGrowsIsAConstant() {
        LinearFit fit = LinearFit.of(List.of(pt(0, 210), pt(0, 190), pt(0, 180)));
        assertEquals(LinearFit.Mode.CONSTANT, fit.mode());
        assertEquals(193.33, fit.predict(0), 0.01);
        assertEquals(2, fit.dof());
    }

    @Test
    void tQuantilesShrinkWithMoreDegreesOfFreedom() {
        assertEquals(6.314, LinearFit.tQuantile95(1));
        assertTrue(LinearFit.tQuantile95(2) > LinearFit.tQuantile95(10));
        assertEquals(1.645, LinearFit.tQuantile95(1000));
    }

    private static LinearFit.Point pt(double work, double ms) {
        return new LinearFit.Point(work, ms);
    }
}
