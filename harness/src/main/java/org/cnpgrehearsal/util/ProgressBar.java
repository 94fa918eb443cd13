package org.cnpgrehearsal.util;

/** A text progress bar for live progress lines: {@code [#########-----------]  45 %}. */
public final class ProgressBar {

    private static final int WIDTH = 20;

    /** The bar for {@code done} of {@code total} (an estimate: past it, the bar stays full). */
    public static String of(long done, long total) {
        int percent = total <= 0 ? 100 : (int) Math.min(100, Math.max(0, done * 100 / total));
        int filled = percent * WIDTH / 100;
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + String.format("%3d %%", percent);
    }

    private ProgressBar() {}
}
