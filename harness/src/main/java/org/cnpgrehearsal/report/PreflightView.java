package org.cnpgrehearsal.report;

import java.util.List;
import org.cnpgrehearsal.preflight.Check;
import org.cnpgrehearsal.preflight.PreflightReport;
import org.cnpgrehearsal.preflight.Status;

/** The preflight as rows: each check's id, its status, what it measured and, when something is to be done, the fix. */
final class PreflightView {

    record Row(String name, String result, String detail, boolean bad) {}

    static String headline(PreflightReport p) {
        long fails = p.checks().stream().filter(Check::failed).count();
        return p.go()
                ? "go: no check fails (run against the rehearsal's source, as the import user)"
                : "no-go: " + fails + " check" + (fails == 1 ? "" : "s") + " fail";
    }

    static List<Row> rows(PreflightReport p) {
        return p.checks().stream()
                .map(c -> new Row(
                        c.id(),
                        c.status().json(),
                        c.fix() == null || c.fix().isEmpty() ? c.measured() : c.measured() + " Fix: " + c.fix(),
                        c.status() != Status.PASS))
                .toList();
    }

    private PreflightView() {}
}
