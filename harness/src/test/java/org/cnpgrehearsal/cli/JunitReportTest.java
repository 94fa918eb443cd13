package org.cnpgrehearsal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.report.RehearsalReport;
import org.cnpgrehearsal.report.ReportJson;
import org.cnpgrehearsal.report.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JUnit file of --junit: one test case per rehearsal, a failure says expected, observed, cause and evidence. */
class JunitReportTest {

    @TempDir
    Path tmp;

    static RehearsalReport notReproduced(RehearsalReport r) throws Exception {
        ObjectNode json = ReportJson.mapper().valueToTree(r);
        json.put("reproduced", false);
        json.putObject("expectation").put("outcome", "success");
        return ReportJson.mapper().treeToValue(json, RehearsalReport.class);
    }

    @Test
    void everyRehearsalIsATestCaseAndOneNotReproducedIsAFailureWithItsCauseAndEvidence() throws Exception {
        RehearsalReport passed = Samples.success("happy-path", 100_000_000L, Samples.linear(100_000_000L, 10, 1000), 2);
        RehearsalReport failed = notReproduced(Samples.failure());
        Path file = tmp.resolve("rehearsal.xml");
        JunitReport.write(
                file,
                "cnpg-rehearsal rehearse --all",
                List.of(
                        new RehearsalRun.Outcome(passed, tmp.resolve("a")),
                        new RehearsalRun.Outcome(failed, tmp.resolve("b"))));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(2, cases.getLength());
        assertEquals("happy-path", ((Element) cases.item(0)).getAttribute("name"));
        assertEquals(
                0, ((Element) cases.item(0)).getElementsByTagName("failure").getLength());
        Element failure = (Element)
                ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        String message = failure.getAttribute("message");
        assertTrue(message.contains("expected success, observed failure ROLE_CATALOG_DENIED"), message);
        assertTrue(message.contains("at roles"), message);
        assertTrue(
                failure.getTextContent().contains("permission denied for table pg_authid"), failure.getTextContent());
        assertTrue(failure.getTextContent().contains("fix: GRANT pg_read_all_data"), failure.getTextContent());
        String out = ((Element) cases.item(1))
                .getElementsByTagName("system-out")
                .item(0)
                .getTextContent();
        assertTrue(out.contains("preflight saw it: yes"), out);
        assertTrue(out.contains(tmp.resolve("b/report.md").toString()), out);
    }
}
