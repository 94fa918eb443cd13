package org.cnpgrehearsal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearFitTest {

    @Test
    void exactLinearDataRecoversFixedAndPerByte() {
        // 2 s fixed + 5 s per GB
        List<LinearFit.Point> points = List.of(pt(100e6, 2000 + 500), pt(200e6, 2000 + 1000), pt(400e6, 2000 + 2000));
        LinearFit fit = LinearFit.of(points);
        assertEquals(2000, fit.fixedMs(), 1e-6);
        assertEquals(5e-6, fit.perByteMs(), 1e-15);
        assertEquals(1.0, fit.rSquared(), 1e-12);
        assertEquals(2000 + 5e-6 * 3.2e9, fit.predict(3.2e9), 1e-3);
        // no residual: the bound is the central estimate
        assertEquals(0, fit.margin(3.2e9), 1e-6);
    }

    @Test
    void noisyDataGivesAConservativeBoundAboveCentral() {
        List<LinearFit.Point> points = List.of(pt(100e6, 2600), pt(200e6, 2900), pt(400e6, 4100), pt(800e6, 5800));
        LinearFit fit = LinearFit.of(points);
        assertTrue(fit.hasSpread());
        double x = 8e9;
        assertTrue(fit.margin(x) > 0);
        // the bound widens as the extrapolation goes further
        assertTrue(fit.margin(16e9) > fit.margin(x));
        assertTrue(fit.predict(x) + fit.margin(x) > fit.predict(x));
    }

    @Test
    void oneSizeIsProportionalWithAFlatMargin() {
        LinearFit fit = LinearFit.of(List.of(pt(100e6, 1000)));
        assertEquals(0, fit.fixedMs());
        assertEquals(10_000, fit.predict(1e9), 1e-6);
        assertFalse(fit.hasSpread());
        assertEquals(2_500, fit.margin(1e9), 1e-6);
    }

    @Test
    void aPhaseThatDoesNotGrowIsConstant() {
        LinearFit fit = LinearFit.of(List.of(pt(100e6, 210), pt(200e6, 190), pt(400e6, 180)));
        assertEquals(0, fit.perByteMs());
        assertEquals(193.33, fit.predict(1e12), 0.01);
    }

    @Test
    void tQuantilesShrinkWithMoreDegreesOfFreedom() {
        assertEquals(6.314, LinearFit.tQuantile95(1));
        assertTrue(LinearFit.tQuantile95(2) > LinearFit.tQuantile95(10));
        assertEquals(1.645, LinearFit.tQuantile95(1000));
    }

    private static LinearFit.Point pt(double bytes, double ms) {
        return new LinearFit.Point(bytes, ms);
    }
}
