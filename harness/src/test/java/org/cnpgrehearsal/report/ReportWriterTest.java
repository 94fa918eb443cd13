package org.cnpgrehearsal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.estimate.EstimateSettings;
import org.cnpgrehearsal.estimate.Estimator;
import org.cnpgrehearsal.estimate.ProductionProfile;
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

    private static RehearsalReport successWithEstimate() {
        List<RehearsalReport> sweep = List.of(
                Samples.success("happy-path", 100 * MB, Samples.linear(100 * MB, 10.5, 1000), 2),
                Samples.success("happy-path", 200 * MB, Samples.linear(200 * MB, 9.4, 1000), 2),
                Samples.success("happy-path", 400 * MB, Samples.linear(400 * MB, 10.1, 1000), 2));
        Estimate e = Estimator.estimate(
                sweep,
                ProductionProfile.ofTotalSize(250_000 * MB),
                EstimateSettings.defaults().withManifestStorage(600_000 * MB, true));
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
    void writesTheThreeFiles() throws Exception {
        Path dir = ReportWriter.write(successWithEstimate(), null, tmp.resolve("out"));
        for (String f : List.of("report.json", "report.md", "report.html")) {
            assertTrue(Files.size(dir.resolve(f)) > 100, f);
        }
        String md = Files.readString(dir.resolve("report.md"));
        RehearsalReport r = ReportJson.read(dir);
        assertTrue(md.startsWith("# Rehearsal report: happy-path"));
        assertTrue(md.contains("| Reproduced | **yes** |"));
        assertTrue(md.contains("Happy path &lt;with&gt; &amp; \"quotes\""), "no raw HTML in Markdown");
        assertTrue(md.contains(
                "| **window** | | | | **" + Format.duration(r.estimate().windowCentralMs()) + "** | **"
                        + Format.duration(r.estimate().windowConservativeMs()) + "** |"));
        assertTrue(md.contains("pg_restore --jobs=2 -U postgres"), "commands as run");
        assertTrue(md.contains("| restore-data | " + Format.duration(9080) + " | succeeded |"));
    }

    @Test
    void htmlIsWellFormedAndHoldsTheFiguresOfTheJson() throws Exception {
        Path dir = ReportWriter.write(successWithEstimate(), null, tmp.resolve("out"));
        Document doc = parse(dir.resolve("report.html"));
        JsonNode json = ReportJson.mapper().readTree(dir.resolve("report.json").toFile());

        assertEquals(json.get("outcome").asText(), byId(doc, "outcome").getTextContent());
        assertEquals("yes", byId(doc, "reproduced").getTextContent());

        // every phase of report.json is a table row and a Gantt bar with its duration
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
            assertTrue(doc.getDocumentElement()
                    .getTextContent()
                    .contains(Format.duration(p.get("durationMs").asLong())));
        }

        // the estimate totals
        JsonNode est = json.get("estimate");
        assertEquals(
                est.get("windowCentralMs").asText(), byId(doc, "window-central").getAttribute("data-ms"));
        assertEquals(
                est.get("windowConservativeMs").asText(),
                byId(doc, "window-conservative").getAttribute("data-ms"));
        assertEquals(
                est.get("importCentralMs").asText(), byId(doc, "import-central").getAttribute("data-ms"));
        assertEquals(
                Format.duration(est.get("windowCentralMs").asLong()),
                byId(doc, "window-central").getTextContent());
        NodeList estRows = all(doc, "//tr[@class='estimate-phase']");
        assertEquals(est.get("phases").size(), estRows.getLength());
        assertTrue(byId(doc, "statement").getTextContent().contains("rehearsal machine"));

        // both charts, inline
        assertNotNull(byId(doc, "gantt"));
        assertNotNull(byId(doc, "scaling"));
        assertEquals(
                est.get("phases").size(),
                all(doc, "//*[local-name()='g' and @class='series']").getLength());

        // self-contained: no external reference of any kind
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(html.contains("<script"));
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"));
        assertFalse(html.contains("<link"));
        assertFalse(html.contains("@import"));
        assertTrue(html.contains("@media print"));
        // text is escaped
        assertTrue(html.contains("Happy path &lt;with&gt; &amp; &quot;quotes&quot;"));
    }

    @Test
    void failureReportStartsWithTheDiagnosis() throws Exception {
        Path dir = ReportWriter.write(Samples.failure(), null, tmp.resolve("fail"));
        String md = Files.readString(dir.resolve("report.md"));
        int diagnosis = md.indexOf("## Diagnosis");
        int chain = md.indexOf("## Fix chain");
        int phases = md.indexOf("## Phases");
        assertTrue(diagnosis > 0 && chain > 0);
        assertTrue(chain < diagnosis && diagnosis < phases, "fix chain, then diagnosis, then details");
        String head = md.substring(0, phases);
        assertTrue(head.contains("role-catalog-denied"));
        assertTrue(head.contains("| Reproduced | **yes** |"));
        assertTrue(head.contains("ROLE_CATALOG_DENIED"));
        assertTrue(head.contains("permission denied for table pg_authid"));
        assertTrue(head.contains("**Remediation:** GRANT pg_read_all_data TO standby"));
        assertTrue(md.contains("## Preflight"));
        assertTrue(md.contains("| import user privileges | fail |"));

        Document doc = parse(dir.resolve("report.html"));
        assertEquals("ROLE_CATALOG_DENIED", byId(doc, "cause").getTextContent());
        assertEquals(3, all(doc, "//tr[@class='round']").getLength());
        assertNotNull(byId(doc, "preflight"));
        assertEquals("failure", byId(doc, "outcome").getTextContent());
        Document noChain = parse(ReportWriter.write(Samples.failure().withFixChain(null), null, tmp.resolve("f2"))
                .resolve("report.html"));
        assertEquals(null, byId(noChain, "fix-chain"));
        assertNotNull(byId(noChain, "diagnosis"));
    }

    @Test
    void jsonRoundTripKeepsTheContractFields() throws Exception {
        RehearsalReport original = successWithEstimate();
        Path dir = ReportWriter.write(original, null, tmp.resolve("rt"));
        JsonNode json = ReportJson.mapper().readTree(dir.resolve("report.json").toFile());
        for (String field : List.of(
                "scenario",
                "platform",
                "postgresVersions",
                "outcome",
                "expectation",
                "reproduced",
                "phases",
                "commands",
                "verification",
                "sizes",
                "estimate")) {
            assertTrue(json.has(field), field);
        }
        JsonNode phase = json.get("phases").get(0);
        for (String field : List.of("name", "startedAt", "endedAt", "durationMs", "status")) {
            assertTrue(phase.has(field), field);
        }
        assertEquals("2026-11-25T13:00:00Z", phase.get("startedAt").asText(), "ISO-8601 instants");
        assertEquals("succeeded", phase.get("status").asText());
        assertTrue(json.get("verification").get("passed").asBoolean());
        assertTrue(json.get("commands").get(0).get("argv").isArray());

        RehearsalReport back = ReportJson.read(dir);
        assertEquals(original.scenario(), back.scenario());
        assertEquals(original.phases(), back.phases());
        assertEquals(original.commands(), back.commands());
        assertEquals(original.verification(), back.verification());
        assertEquals(original.sizes(), back.sizes());
        assertEquals(original.expectation(), back.expectation());
        assertEquals(original.estimate(), back.estimate());

        Path fdir = ReportWriter.write(Samples.failure(), null, tmp.resolve("rtf"));
        RehearsalReport f = ReportJson.read(fdir);
        assertEquals(Samples.failure().diagnosis(), f.diagnosis());
        assertEquals(Samples.failure().failure(), f.failure());
        assertEquals(Samples.failure().fixChain(), f.fixChain());
        assertEquals(Samples.failure().preflight(), f.preflight());
    }
}
