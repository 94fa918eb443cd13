package org.cnpgrehearsal.tune;

import java.util.Collections;
import java.util.List;

/**
 * When a variant counts as faster than the manifest as written, so that noise is not taken for a gain: every one of
 * its runs was faster than every run of the manifest as written that alternated with it. If the change did nothing,
 * all n + m runs would be alike and each of their orders as likely, so the chance that the variant's n runs all come
 * first is 1 in C(n + m, n): 1 in 20 for 3 and 3, 1 in 6 for 2 and 2.
 */
final class Faster {

    static String rule(int n, int m) {
        return "a variant counts as faster when every one of its runs was faster than every run of the manifest as "
                + "written alternating with it: if the change did nothing, the chance of that is 1 in " + oneIn(n, m)
                + " for " + n + " and " + m + " runs. Among several variants one may well be faster by that chance "
                + "alone, so the changes that were (the fastest of each knob, together) are rehearsed again against "
                + "the manifest as written, and the tuned manifest takes them only when they are faster again";
    }

    static boolean faster(List<Long> variant, List<Long> asWritten) {
        return !variant.isEmpty() && !asWritten.isEmpty() && Collections.max(variant) < Collections.min(asWritten);
    }

    /** C(n + m, n). */
    static long oneIn(int n, int m) {
        long c = 1;
        for (int i = 1; i <= n; i++) {
            c = c * (m + i) / i;
        }
        return c;
    }

    private Faster() {}
}
