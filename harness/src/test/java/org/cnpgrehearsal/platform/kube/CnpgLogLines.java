package org.cnpgrehearsal.platform.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Instance manager log lines in CNPG's JSON format, written for the tests (one entry a line). */
final class CnpgLogLines {
    private final List<String> lines = new ArrayList<>();
    private Instant now;

    CnpgLogLines(Instant start) {
        now = start;
    }

    CnpgLogLines after(long millis) {
        now = now.plusMillis(millis);
        return this;
    }

    CnpgLogLines info(String msg, String extraJson) {
        return entry("info", "instance-manager", msg, extraJson);
    }

    CnpgLogLines tool(String logger, String msg) {
        return entry("info", logger, msg, "\"pipe\":\"stderr\"");
    }

    CnpgLogLines error(String msg, String error) {
        return entry("error", "instance-manager", msg, "\"error\":\"" + error + "\"");
    }

    CnpgLogLines raw(String line) {
        lines.add(line);
        return this;
    }

    private CnpgLogLines entry(String level, String logger, String msg, String extraJson) {
        lines.add("{\"level\":\"" + level + "\",\"ts\":\"" + now + "\",\"logger\":\"" + logger + "\",\"msg\":\"" + msg
                + "\",\"logging_pod\":\"target-1-import-x7k2p\"" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}");
        return this;
    }

    /** The markers of a monolith import of one database up to (not including) the finalize step. */
    CnpgLogLines monolithUntilAnalyze(String db) {
        info("starting monolith clone process", "");
        after(100)
                .info(
                        "executing import role query",
                        "\"query\":\"CREATE ROLE mastodon WITH LOGIN PASSWORD 'SCRAM-SHA-256$4096:abc$def:ghi'\"");
        after(50).info("importing role inheritances", "");
        after(1000).info("exporting database", "\"databaseName\":\"" + db + "\"");
        info(
                "Running pg_dump",
                "\"options\":[\"-Fd\",\"-f\",\"/var/lib/postgresql/data/pgdata/dumps/" + db
                        + ".dump\",\"-d\",\"host=src user=standby\",\"-v\"]");
        after(10).tool("pg_dump", "pg_dump: dumping contents of table \\\"public.accounts\\\"");
        for (String section : List.of("pre-data", "data", "post-data")) {
            after(section.equals("data") ? 5000 : 1000)
                    .info(
                            "executing database importing section",
                            "\"databaseName\":\"" + db + "\",\"section\":\"" + section + "\"");
            info("Running pg_restore", "\"options\":[\"--section\",\"" + section + "\"]");
        }
        after(2000).info("running analyze for database: " + db, "");
        return this;
    }

    CnpgLogLines finalizeSteps() {
        after(3000).info("Attempting checkpoint before shutdown", "");
        after(500).info("Shutting down instance", "");
        after(500).info("Running initdb --sync-only", "");
        return this;
    }

    Instant now() {
        return now;
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }
}
