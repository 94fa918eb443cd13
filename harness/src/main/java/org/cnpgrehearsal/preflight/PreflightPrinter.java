package org.cnpgrehearsal.preflight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.model.Credentials;

/** The preflight as a table for people or as JSON for pipelines; known secrets are redacted from both. */
public final class PreflightPrinter {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String table(PreflightReport r, Collection<String> secrets) {
        StringBuilder b = new StringBuilder();
        b.append("preflight of ")
                .append(r.manifest())
                .append(" against ")
                .append(r.source())
                .append('\n');
        b.append(
                "read-only: every session ran with default_transaction_read_only=on; nothing was written to the source\n\n");
        int width = r.checks().stream().mapToInt(c -> c.id().length()).max().orElse(10);
        for (Check c : r.checks()) {
            b.append(String.format(
                    Locale.ROOT, "%-4s  %-" + width + "s  %s%n", c.status().json(), c.id(), c.measured()));
            if (c.status() != Status.PASS && !c.fix().isEmpty()) {
                b.append(" ".repeat(width + 8)).append("fix: ").append(c.fix()).append('\n');
            }
        }
        b.append('\n')
                .append(r.go() ? "GO" : "NO-GO")
                .append(": ")
                .append(r.count(Status.FAIL))
                .append(" failed, ")
                .append(r.count(Status.WARN))
                .append(" warnings, ")
                .append(r.count(Status.PASS))
                .append(" passed")
                .append(r.go() ? "" : " (fix the failed checks, then run preflight again)")
                .append('\n');
        return redact(b.toString(), secrets);
    }

    public static String json(PreflightReport r, Collection<String> secrets) {
        try {
            return redact(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r), secrets) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String redact(String text, Collection<String> secrets) {
        List<String> nonEmpty =
                secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
        return Credentials.redactSecrets(text, nonEmpty);
    }

    private PreflightPrinter() {}
}
