package org.cnpgrehearsal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.cnpgrehearsal.estimate.Candidate;
import org.cnpgrehearsal.estimate.EstimateSettings;
import org.cnpgrehearsal.estimate.Estimator;
import org.cnpgrehearsal.estimate.ProductionProfile;
import org.cnpgrehearsal.results.Environment;
import org.cnpgrehearsal.timeline.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The tune's report.md, report.html (well-formed, with its chart) and tune.json, from findings as measured. */
class TuneReportWriterTest {

    @TempDir
    Path dir;

    private static TuneReport.VariantResult variant(
            int rank, String name, long median, boolean passed, String notAdopted, boolean faster) {
        List<TuneReport.PhaseStat> phases = Phases.IMPORT.stream()
                .map(p -> new TuneReport.PhaseStat(p, median / Phases.IMPORT.size(), 0, median))
                .toList();
        return new TuneReport.VariantResult(
                rank,
                name,
                List.of(name),
                name.contains("compress") ? List.of("the dump is stored uncompressed <on> the volume") : List.of(),
                passed ? List.of(median - 100, median, median + 200) : List.of(),
                passed ? median : 0,
                passed ? median - 100 : 0,
                passed ? median + 200 : 0,
                passed ? phases : List.of(),
                1_070_000_000L,
                9_000_000_000L,
                286_000_000L,
                passed,
                passed ? "passed" : "MISSING_ROLE at restore-data: a role is missing",
                true,
                name.equals("as written") ? null : -21.2,
                faster,
                notAdopted,
                null,
                null,
                "variants/01-x");
    }

    private static TuneReport report(boolean withEstimate) {
        var est = Estimator.estimate(
                List.of(new Candidate(
                        "500MB",
                        RehearsalReport.VERSION,
                        Samples.success("happy-path", 500_000_000L, Samples.linear(500_000_000L, 20, 300), 4)
                                .facts())),
                ProductionProfile.ofTotalSize(250_000_000_000L),
                EstimateSettings.defaults());
        return new TuneReport(
                "cnpg-rehearsal",
                "0.1.0",
                "happy-path",
                "local",
                Samples.T0,
                510_000,
                new Environment.PostgresVersions(15, 15, "15.18", 17),
                "fixtures/manifests/database-cnpg.yaml",
                "20Gi",
                21_474_836_480L,
                497_000_000L,
                new TuneReport.Machine(2, "0.70 0.72 1.70", "2.71 3.07 2.79", null),
                3,
                "a variant counts as faster when ...",
                List.of(
                        variant(1, "pg_dump --compress=0", 10_100, true, null, true),
                        variant(2, "as written", 12_900, true, "slower than pg_dump --compress=0", false),
                        variant(3, "type: microservice", 0, false, "it did not pass", false)),
                List.of(new TuneReport.Skipped("max_wal_size", "the import wrote 286 MB of WAL")),
                new TuneReport.Tuned(
                        "pg_dump --compress=0",
                        "database-cnpg.tuned.yaml",
                        "database-cnpg.tuned.diff",
                        "--- a\n+++ b\n@@ -1 +1,2 @@\n+        - --compress=0\n",
                        withEstimate ? est : null,
                        withEstimate ? est : null),
                List.of("This machine has 2 cores & more <notes>."));
    }

    @Test
    void theReportShowsTheRankingTheTunedManifestAndWhyTheOthersAreNot() throws Exception {
        TuneReportWriter.write(report(true), dir);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("# Tuning report: happy-path"), md);
        assertTrue(md.contains("| 1 | pg_dump --compress=0 | 10.1 s |"), md);
        assertTrue(md.contains("**tuned**"), md);
        assertTrue(md.contains("-21.2 % (faster)"), md);
        assertTrue(md.contains("**MISSING_ROLE at restore-data: a role is missing**"), md);
        assertTrue(md.contains("```diff\n--- a"), md);
        assertTrue(md.contains("## Production window"), md);
        assertTrue(md.contains("**max_wal_size**: the import wrote 286 MB of WAL"), md);
        assertFalse(md.contains("<on>") || md.contains("<notes>"), "no raw markup in markdown");

        Document html = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("report.html"))));
        NodeList bars = (NodeList) XPathFactory.newInstance()
                .newXPath()
                .evaluate("//*[@id='tune-chart']/*[local-name()='g']", html, XPathConstants.NODESET);
        assertEquals(3, bars.getLength(), "one row of the chart per variant");
        NodeList rows = (NodeList)
                XPathFactory.newInstance().newXPath().evaluate("//tr[@data-median-ms]", html, XPathConstants.NODESET);
        assertEquals(2, rows.getLength(), "a median for the variants that were timed");

        JsonNode json =
                ReportJson.mapper().readTree(dir.resolve(TuneReportWriter.JSON).toFile());
        assertEquals("pg_dump --compress=0", json.get("tuned").get("variant").asText());
        assertEquals(3, json.get("variants").size());
        assertTrue(json.get("tuned").has("asWrittenEstimate"));
    }

    @Test
    void withoutAProductionSizeThereIsNoWindowSection() throws Exception {
        TuneReportWriter.write(report(false), dir);
        assertFalse(Files.readString(dir.resolve("report.md")).contains("## Production window"));
        assertFalse(Files.readString(dir.resolve("report.html")).contains("id=\"production\""));
    }
}
