package org.cnpgrehearsal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.cnpgrehearsal.estimate.Candidate;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.estimate.EstimateSettings;
import org.cnpgrehearsal.estimate.Estimator;
import org.cnpgrehearsal.estimate.ProductionProfile;
import org.cnpgrehearsal.estimate.TargetCluster;
import org.cnpgrehearsal.results.SourcePrep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

class ReportWriterTest {

    @TempDir
    Path tmp;

    private static final long MB = 1_000_000L;

    /** The largest of a three-size sweep, with the sweep's estimate for a production of 250 GB on {@code storage}. */
    private static RehearsalReport withEstimate(long storageBytes) {
        List<RehearsalReport> sweep = List.of(
                Samples.success("happy-path", 100 * MB, Samples.linear(100 * MB, 10.5, 1000), 2),
                Samples.success("happy-path", 200 * MB, Samples.linear(200 * MB, 9.4, 1000), 2),
                Samples.success("happy-path", 400 * MB, Samples.linear(400 * MB, 10.1, 1000), 2));
        Estimate e = Estimator.estimate(
                sweep.stream()
                        .map(r -> new Candidate(
                                r.facts().sizes().sourceDatabaseBytes() / MB + "MB", r.reportVersion(), r.facts()))
                        .toList(),
                ProductionProfile.ofTotalSize(250_000 * MB),
                EstimateSettings.defaults()
                        .withTarget(new TargetCluster(
                                storageBytes, true, Samples.MAINTENANCE_WORK_MEM, 1L << 30, null, 3, 270_000)));
        return sweep.get(2).withEstimate(e);
    }

    private static Document parse(Path html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new DefaultHandler() {
            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return b.parse(new ByteArrayInputStream(Files.readAllBytes(html)));
    }

    private static Element byId(Document d, String id) throws Exception {
        return (Element)
                XPathFactory.newInstance().newXPath().evaluate("//*[@id='" + id + "']", d, XPathConstants.NODE);
    }

    private static NodeList all(Document d, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.NODESET);
    }

    @Test
    void everyReportOpensOnTheVerdictAndWritesTheSourcePreparationItAssumed() throws Exception {
        Path dir = ReportWriter.write(withEstimate(1L << 40), tmp.resolve("out"));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(
                md.startsWith("# Rehearsal report: happy-path\n\n## Verdict\n\n**Production will work with this "
                        + "manifest, as rehearsed.**"),
                md);
        int verdict = md.indexOf("## Verdict");
        int window = md.indexOf("**Production window:**");
        int prep = md.indexOf("**Source preparation it relies on**");
        int details = md.indexOf("## Rehearsal\n");
        assertTrue(verdict < window && window < prep && prep < details, "verdict, window, preparation, then details");
        assertTrue(md.contains("- `GRANT pg_read_all_data TO standby;`"), md);
        assertTrue(md.contains("- `lo_compat_privileges = on (postgresql resource)`"), md);
        assertTrue(md.contains("Happy path &lt;with&gt; &amp; \"quotes\""), "no raw HTML in Markdown");
        assertTrue(md.contains("pg_restore --jobs=2 -U postgres"), "commands as run");

        String sql = Files.readString(dir.resolve(SourcePrep.PREP_FILE));
        assertTrue(sql.contains("GRANT pg_read_all_data TO standby;"), sql);
        assertTrue(
                sql.contains("--            lo_compat_privileges: \"on\""),
                "a parameter goes through the postgresql resource");
        assertFalse(sql.lines().anyMatch(l -> l.startsWith("ALTER SYSTEM")), "never ALTER SYSTEM on a Patroni primary");
        String revert = Files.readString(dir.resolve(SourcePrep.REVERT_FILE));
        assertTrue(revert.contains("REVOKE pg_read_all_data FROM standby;"), revert);
        assertTrue(revert.contains("--      lo_compat_privileges"), revert);
    }

    @Test
    void aProductionVolumeTooSmallMakesTheVerdictNoWithTheOneFigure() throws Exception {
        RehearsalReport r = withEstimate(20L << 30);
        String figure = r.estimate().volume().need().quantity();
        Path dir = ReportWriter.write(r, tmp.resolve("small"));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("**Production will NOT work with this manifest: 1 blocking reason.**"), md);
        assertTrue(
                md.contains("- **Blocking:** volume: production needs " + figure + ", the manifest asks for 20Gi"), md);
        Document doc = parse(dir.resolve("report.html"));
        assertEquals("false", byId(doc, "answer").getAttribute("data-works"));
        assertTrue(byId(doc, "blocking").getTextContent().contains("production needs " + figure));
    }

    @Test
    void eachFigureReadsTheSameEverywhereWithHowItWasComputed() throws Exception {
        RehearsalReport r = withEstimate(20L << 30);
        Path dir = ReportWriter.write(r, tmp.resolve("figures"));
        String md = Files.readString(dir.resolve("report.md"));
        String html = Files.readString(dir.resolve("report.html"));
        String rehearsed = r.facts().sizes().volume().need().quantity();
        String production = r.estimate().volume().need().quantity();
        assertEquals(
                List.of(rehearsed),
                figures(md, "volume needed for the rehearsed database"),
                "one figure for the rehearsal's volume");
        assertEquals(List.of(production), figures(md, "volume needed in production"));
        for (String page : List.of(md, html)) {
            assertTrue(page.contains(production), "the production figure in every page");
            assertTrue(page.contains(r.estimate().volume().need().how().substring(0, 40)), "with how it is computed");
            assertTrue(page.contains("pg_table_size: heap and TOAST, without indexes"), "the largest table, with how");
        }
        Document doc = parse(dir.resolve("report.html"));
        Element needed = (Element)
                all(doc, "//tr[@data-size='volume needed in production']/td[1]").item(0);
        assertEquals(Long.toString(r.estimate().volume().need().neededBytes()), needed.getAttribute("data-bytes"));
        assertEquals(
                Long.toString(r.estimate().volume().need().neededBytes()),
                byId(doc, "volume")
                        .getElementsByTagName("p")
                        .item(0)
                        .getAttributes()
                        .getNamedItem("data-bytes")
                        .getNodeValue());
    }

    private static List<String> figures(String md, String label) {
        Matcher m = Pattern.compile("\\| " + Pattern.quote(label) + " \\| (\\d+(?:Mi|Gi)) ")
                .matcher(md);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void htmlIsWellFormedOpensOnTheVerdictAndHoldsTheFiguresOfTheJson() throws Exception {
        Path dir = ReportWriter.write(withEstimate(1L << 40), tmp.resolve("out"));
        Document doc = parse(dir.resolve("report.html"));
        JsonNode json = ReportJson.mapper().readTree(dir.resolve("report.json").toFile());

        Element firstSection = (Element) all(doc, "//body/section").item(0);
        assertEquals("verdict", firstSection.getAttribute("id"), "the verdict comes first");
        assertEquals(json.get("outcome").asText(), byId(doc, "outcome").getTextContent());
        assertEquals("yes", byId(doc, "reproduced").getTextContent());

        Map<String, String> rows = new HashMap<>();
        NodeList trs = all(doc, "//tr[@class='phase']");
        for (int i = 0; i < trs.getLength(); i++) {
            Element tr = (Element) trs.item(i);
            rows.put(tr.getAttribute("data-phase"), tr.getAttribute("data-duration-ms"));
        }
        Map<String, String> bars = new HashMap<>();
        NodeList gs = all(doc, "//*[local-name()='g' and @class='phase']");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            bars.put(g.getAttribute("data-phase"), g.getAttribute("data-duration-ms"));
        }
        assertEquals(json.get("phases").size(), rows.size());
        for (JsonNode p : json.get("phases")) {
            String name = p.get("name").asText();
            assertEquals(p.get("durationMs").asText(), rows.get(name), name);
            assertEquals(p.get("durationMs").asText(), bars.get(name), name);
        }

        JsonNode est = json.get("estimate");
        assertEquals(
                est.get("window").get("centralMs").asText(),
                byId(doc, "window-central").getAttribute("data-ms"));
        assertEquals(
                est.get("window").get("lowMs").asText(), byId(doc, "window-low").getAttribute("data-ms"));
        assertEquals(
                est.get("window").get("highMs").asText(),
                byId(doc, "window-high").getAttribute("data-ms"));
        assertEquals(
                Format.duration(est.get("window").get("centralMs").asLong()),
                byId(doc, "window-central").getTextContent());
        assertEquals(
                est.get("phases").size(),
                all(doc, "//tr[@class='estimate-phase']").getLength());
        assertTrue(byId(doc, "statement").getTextContent().contains("rehearsal machine"));
        assertTrue(byId(doc, "method").getTextContent().contains("hardware factor"));

        assertNotNull(byId(doc, "night"), "the production night's Gantt chart");
        assertNotNull(byId(doc, "gantt"), "the rehearsal's own timeline");
        assertNotNull(byId(doc, "scaling"));
        assertEquals(
                est.get("night").get("bars").size(),
                all(doc, "//*[local-name()='g' and @class='night-bar']").getLength());
        assertTrue(html(dir).indexOf("id=\"night\"") < html(dir).indexOf("id=\"gantt\""), "production first");

        String html = html(dir);
        assertFalse(html.contains("<script"));
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"));
        assertFalse(html.contains("<link"));
        assertFalse(html.contains("@import"));
        assertTrue(html.contains("@media print"));
        assertTrue(html.contains("Happy path &lt;with&gt; &amp; &quot;quotes&quot;"));
    }

    private static String html(Path dir) throws Exception {
        return Files.readString(dir.resolve("report.html"));
    }

    @Test
    void aFailureNamesEveryBlockingReasonAndNeverShowsAPhaseWithProblemsAsOk() throws Exception {
        Path dir = ReportWriter.write(Samples.failure(), tmp.resolve("fail"));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("**Production will NOT work with this manifest: 2 blocking reasons.**"), md);
        assertTrue(md.contains("- **Blocking:** the import failed in roles: ROLE_CATALOG_DENIED"), md);
        assertTrue(
                md.contains(
                        "- **Blocking:** preflight no-go, privileges.role-catalog: GRANT pg_read_all_data TO standby"),
                md);
        int verdict = md.indexOf("## Verdict");
        int chain = md.indexOf("## Fix chain");
        int diagnosis = md.indexOf("## Diagnosis");
        int phases = md.indexOf("## Phases");
        assertTrue(
                verdict < chain && chain < diagnosis && diagnosis < phases, "verdict, fix chain, diagnosis, details");
        assertTrue(md.contains("| preflight | 300 ms | **found problems** |"), md);
        assertTrue(md.contains("| roles | 120 ms | **failed** |"), md);
        assertTrue(md.contains("**no-go: 1 check fail**"), md);

        Document doc = parse(dir.resolve("report.html"));
        assertEquals("ROLE_CATALOG_DENIED", byId(doc, "cause").getTextContent());
        assertEquals(3, all(doc, "//tr[@class='round']").getLength());
        Element preflight = (Element) all(doc, "//tr[@data-phase='preflight']").item(0);
        assertEquals("found-problems", preflight.getAttribute("data-status"));
        assertEquals("bad", ((Element) preflight.getElementsByTagName("td").item(2)).getAttribute("class"));
        assertNull(byId(
                parse(ReportWriter.write(Samples.failure().withFixChain(null), tmp.resolve("f2"))
                        .resolve("report.html")),
                "fix-chain"));
    }

    @Test
    void jsonRoundTripKeepsTheContractFields() throws Exception {
        RehearsalReport original = withEstimate(1L << 40);
        Path dir = ReportWriter.write(original, tmp.resolve("rt"));
        JsonNode json = ReportJson.mapper().readTree(dir.resolve("report.json").toFile());
        for (String field : List.of(
                "reportVersion",
                "scenario",
                "manifest",
                "manifestDigest",
                "fixture",
                "platform",
                "processors",
                "postgresVersions",
                "outcome",
                "expectation",
                "reproduced",
                "phases",
                "commands",
                "verification",
                "sizes",
                "shape",
                "preflight",
                "sourcePrep",
                "estimate")) {
            assertTrue(json.has(field), field);
        }
        assertEquals(2, json.get("reportVersion").asInt());
        assertEquals("go", json.get("preflight").get("go").asBoolean() ? "go" : "no-go");
        assertTrue(json.get("sizes").get("volume").get("need").has("how"));
        JsonNode phase = json.get("phases").get(0);
        for (String field : List.of("name", "startedAt", "endedAt", "durationMs", "status")) {
            assertTrue(phase.has(field), field);
        }
        assertEquals("2026-11-25T13:00:00Z", phase.get("startedAt").asText(), "ISO-8601 instants");

        RehearsalReport back = ReportJson.read(dir);
        assertEquals(original.facts(), back.facts());
        assertEquals(original.judgement(), back.judgement());
        assertEquals(original.preflight(), back.preflight());
        assertEquals(original.sourcePrep(), back.sourcePrep());
        assertEquals(original.estimate(), back.estimate());

        RehearsalReport f = ReportJson.read(ReportWriter.write(Samples.failure(), tmp.resolve("rtf")));
        assertEquals(Samples.failure().facts().diagnosis(), f.facts().diagnosis());
        assertEquals(Samples.failure().judgement(), f.judgement());
        assertEquals(Samples.failure().fixChain(), f.fixChain());
        assertEquals(Samples.failure().preflight(), f.preflight());
    }
}
