package org.cnpgrehearsal.estimate;

import java.util.List;

/**
 * A fit {@code durationMs = fixedMs + perUnitMs * work} over measured points, and the width of its prediction interval.
 *
 * <p>Rules, in order:
 * <ul>
 *   <li>No work grows (every point at 0): a constant, the mean.</li>
 *   <li>One work size only: proportional, through the origin.</li>
 *   <li>Least squares, when its per-unit rate shows above the noise (at least twice its standard error).</li>
 *   <li>Otherwise the rate is hidden in the noise at these sizes: proportional through the origin, which counts all
 *   of each rehearsal's time as work, an upper bound for a phase whose work grows.</li>
 * </ul>
 * The noise is taken as relative (a loaded machine slows every phase by a share): {@link #residualSquares},
 * {@link #fittedSquares} and {@link #dof} let the estimate pool it over all phases, the long ones weighing most, and
 * {@link #halfWidth} turns it into an interval.
 */
public record LinearFit(
        double fixedMs,
        double perByteMs,
        Mode mode,
        int n,
        double meanWork,
        double sxx,
        double sumX2,
        double rmsFittedMs,
        double residualSquares,
        double fittedSquares,
        double rSquared,
        String method) {

    public static final int NO_SPREAD_MARGIN_PERCENT = 25;

    /** How the line was drawn. */
    public enum Mode {
        CONSTANT,
        PROPORTIONAL,
        LEAST_SQUARES
    }

    /** One measured point: the work done and the duration. */
    public record Point(double bytes, double durationMs) {}

    public static LinearFit of(List<Point> points) {
        int n = points.size();
        if (n == 0) {
            throw new IllegalArgumentException("no points to fit");
        }
        double mx = points.stream().mapToDouble(Point::bytes).average().orElse(0);
        double my = points.stream().mapToDouble(Point::durationMs).average().orElse(0);
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        double sumX2 = 0;
        double sumXY = 0;
        for (Point p : points) {
            sxx += (p.bytes() - mx) * (p.bytes() - mx);
            sxy += (p.bytes() - mx) * (p.durationMs() - my);
            syy += (p.durationMs() - my) * (p.durationMs() - my);
            sumX2 += p.bytes() * p.bytes();
            sumXY += p.bytes() * p.durationMs();
        }
        if (sumX2 <= 0) {
            return finish(points, my, 0, Mode.CONSTANT, mx, sxx, sumX2, syy, "constant (nothing that grows)");
        }
        boolean distinct = sxx > 1e-9 * Math.max(1, mx * mx);
        if (!distinct) {
            return finish(
                    points,
                    0,
                    sumXY / sumX2,
                    Mode.PROPORTIONAL,
                    mx,
                    sxx,
                    sumX2,
                    syy,
                    "proportional (one size measured)");
        }
        double slope = sxy / sxx;
        double fixed = my - slope * mx;
        double ssr = 0;
        for (Point p : points) {
            double r = p.durationMs() - (fixed + slope * p.bytes());
            ssr += r * r;
        }
        double slopeStdErr = n > 2 ? Math.sqrt(ssr / (n - 2) / sxx) : 0;
        if (slope > 0 && slope >= 2 * slopeStdErr) {
            return finish(points, fixed, slope, Mode.LEAST_SQUARES, mx, sxx, sumX2, syy, "least squares");
        }
        return finish(
                points,
                0,
                sumXY / sumX2,
                Mode.PROPORTIONAL,
                mx,
                sxx,
                sumX2,
                syy,
                "proportional upper bound: the per-unit rate did not show above the noise at these sizes, so all of "
                        + "each rehearsal's time is counted as work");
    }

    private static LinearFit finish(
            List<Point> points,
            double fixed,
            double slope,
            Mode mode,
            double mx,
            double sxx,
            double sumX2,
            double syy,
            String method) {
        double ssr = 0;
        double fitted2 = 0;
        for (Point p : points) {
            double f = Math.max(1, fixed + slope * p.bytes());
            double r = p.durationMs() - f;
            ssr += r * r;
            fitted2 += f * f;
        }
        double r2 = mode == Mode.LEAST_SQUARES && syy > 0 ? 1 - ssr / syy : Double.NaN;
        return new LinearFit(
                fixed,
                slope,
                mode,
                points.size(),
                mx,
                sxx,
                sumX2,
                Math.sqrt(fitted2 / points.size()),
                ssr,
                fitted2,
                r2,
                method);
    }

    /** The central prediction at {@code work}, never negative. */
    public double predict(double work) {
        return Math.max(0, fixedMs + perByteMs * work);
    }

    /** Whether the line is an upper bound: several sizes, but the per-unit rate hidden in their noise. */
    public boolean upperBound() {
        return mode == Mode.PROPORTIONAL && sxx > 0;
    }

    /** The degrees of freedom the residuals leave to measure the noise. */
    public int dof() {
        return Math.max(0, n - (mode == Mode.LEAST_SQUARES ? 2 : 1));
    }

    /** How far from the fitted points {@code work} lies, for the line's own uncertainty (1/n at the mean). */
    double leverage(double work) {
        return switch (mode) {
            case CONSTANT -> 1.0 / n;
            case PROPORTIONAL -> work * work / sumX2;
            case LEAST_SQUARES -> 1.0 / n + (work - meanWork) * (work - meanWork) / sxx;
        };
    }

    /**
     * Half the width of the prediction interval at {@code work}, for a relative noise {@code sigma} and the quantile
     * {@code t}: a new rehearsal's own noise there, and the line's uncertainty, which grows with the distance from the
     * rehearsed work (the extrapolation).
     */
    public double halfWidth(double work, double sigma, double t) {
        double c = predict(work);
        return t * sigma * Math.sqrt(c * c + rmsFittedMs * rmsFittedMs * leverage(work));
    }

    /**
     * For a constant (nothing to extrapolate, only noise), half the width of the prediction interval from its own
     * spread, absolute: a short phase's jitter is not a share of it. 0 without spread to measure.
     */
    public double ownHalfWidth() {
        if (mode != Mode.CONSTANT || dof() == 0) {
            return 0;
        }
        return tQuantile95(dof()) * Math.sqrt(residualSquares / dof()) * Math.sqrt(1 + 1.0 / n);
    }

    /** The one-sided 95 % quantile of Student's t with {@code dof} degrees of freedom. */
    static double tQuantile95(int dof) {
        double[] table = {
            Double.NaN,
            6.314,
            2.920,
            2.353,
            2.132,
            2.015,
            1.943,
            1.895,
            1.860,
            1.833,
            1.812,
            1.796,
            1.782,
            1.771,
            1.761,
            1.753,
            1.746,
            1.740,
            1.734,
            1.729,
            1.725
        };
        if (dof < 1) {
            return Double.NaN;
        }
        if (dof < table.length) {
            return table[dof];
        }
        return dof <= 30 ? 1.70 : dof <= 60 ? 1.671 : 1.645;
    }
}
