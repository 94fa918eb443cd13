package org.cnpgrehearsal.estimate;

import java.util.List;

/**
 * An ordinary least-squares fit {@code durationMs = fixedMs + perByteMs * bytes} over measured points, and the
 * prediction with its conservative bound.
 *
 * <p>Rules, in order:
 * <ul>
 *   <li>Two or more distinct sizes: least squares. A negative slope (a phase that does not grow with size, only noise)
 *   becomes a constant model (the mean); predictions are never negative.</li>
 *   <li>One size only: a proportional model through the origin ({@code fixedMs = 0}) over the mean of its points.</li>
 *   <li>Conservative bound: the one-sided 95 % prediction bound,
 *   {@code central + t(0.95, n-2) * s * sqrt(1 + 1/n + (x - mean)^2 / Sxx)} with {@code s} the residual standard
 *   error. With fewer than three points there is no spread to measure: the bound is central plus
 *   {@value #NO_SPREAD_MARGIN_PERCENT} %.</li>
 * </ul>
 */
public record LinearFit(
        double fixedMs,
        double perByteMs,
        int n,
        double meanBytes,
        double sxx,
        double residualStdErrMs,
        double rSquared,
        String method) {

    public static final int NO_SPREAD_MARGIN_PERCENT = 25;

    /** One measured point: bytes handled and the duration. */
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
        for (Point p : points) {
            sxx += (p.bytes() - mx) * (p.bytes() - mx);
            sxy += (p.bytes() - mx) * (p.durationMs() - my);
            syy += (p.durationMs() - my) * (p.durationMs() - my);
        }
        boolean distinct = sxx > 1e-9 * Math.max(1, mx * mx);
        if (!distinct) {
            double slope = mx > 0 ? my / mx : 0;
            double fixed = mx > 0 ? 0 : my;
            return new LinearFit(
                    fixed,
                    slope,
                    n,
                    mx,
                    0,
                    spread(points, fixed, slope, n - 1),
                    Double.NaN,
                    mx > 0 ? "proportional (one size measured)" : "constant (duration does not grow with size)");
        }
        double slope = sxy / sxx;
        double fixed = my - slope * mx;
        String method = "least squares";
        if (slope < 0) {
            slope = 0;
            fixed = my;
            method = "constant (duration does not grow with size)";
        }
        double s = spread(points, fixed, slope, n - 2);
        double ssr = 0;
        for (Point p : points) {
            double r = p.durationMs() - (fixed + slope * p.bytes());
            ssr += r * r;
        }
        double r2 = syy > 0 ? 1 - ssr / syy : 1;
        return new LinearFit(fixed, slope, n, mx, sxx, s, r2, method);
    }

    private static double spread(List<Point> points, double fixed, double slope, int dof) {
        if (dof <= 0) {
            return Double.NaN;
        }
        double ssr = 0;
        for (Point p : points) {
            double r = p.durationMs() - (fixed + slope * p.bytes());
            ssr += r * r;
        }
        return Math.sqrt(ssr / dof);
    }

    /** The central prediction at {@code bytes}, never negative. */
    public double predict(double bytes) {
        return Math.max(0, fixedMs + perByteMs * bytes);
    }

    /** Whether the fit has measured spread (three or more points, two or more sizes). */
    public boolean hasSpread() {
        return !Double.isNaN(residualStdErrMs) && sxx > 0;
    }

    /** The margin above {@link #predict} of the conservative bound at {@code bytes}. */
    public double margin(double bytes) {
        double central = predict(bytes);
        if (!hasSpread()) {
            return central * NO_SPREAD_MARGIN_PERCENT / 100.0;
        }
        double se = residualStdErrMs * Math.sqrt(1 + 1.0 / n + (bytes - meanBytes) * (bytes - meanBytes) / sxx);
        return tQuantile95(n - 2) * se;
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
