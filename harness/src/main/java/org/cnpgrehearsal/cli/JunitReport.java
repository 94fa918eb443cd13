package org.cnpgrehearsal.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.report.RehearsalReport;

/**
 * {@code --junit FILE}: the rehearsals as a JUnit XML test suite, so that a pipeline shows the matrix as tests. One
 * test case per rehearsal; a rehearsal that did not meet its expectation is a failure whose message is the expected
 * and observed outcome with the cause, and whose text is the evidence and the fix.
 */
public final class JunitReport {

    public static void write(Path file, String suite, List<RehearsalRun.Outcome> outcomes) throws IOException {
        List<Matrix.Row> rows =
                outcomes.stream().map(o -> Matrix.Row.of(o.report())).toList();
        long failures = rows.stream().filter(r -> !r.reproduced()).count();
        double total = rows.stream().mapToDouble(Matrix.Row::seconds).sum();
        try (Writer w = Files.newBufferedWriter(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "cnpg-rehearsal");
            x.writeAttribute("tests", String.valueOf(rows.size()));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("time", seconds(total));
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", suite);
            x.writeAttribute("tests", String.valueOf(rows.size()));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", "0");
            x.writeAttribute("time", seconds(total));
            x.writeAttribute("timestamp", Instant.now().toString());
            for (int i = 0; i < rows.size(); i++) {
                testCase(x, suite, rows.get(i), outcomes.get(i));
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void testCase(XMLStreamWriter x, String suite, Matrix.Row row, RehearsalRun.Outcome outcome)
            throws XMLStreamException {
        RehearsalReport r = outcome.report();
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", suite);
        x.writeAttribute("name", row.scenario());
        x.writeAttribute("time", seconds(row.seconds()));
        if (!row.reproduced()) {
            x.writeCharacters("\n      ");
            x.writeStartElement("failure");
            x.writeAttribute("type", "expectation not met");
            x.writeAttribute("message", failureMessage(row, r));
            x.writeCharacters(evidence(r));
            x.writeEndElement();
        }
        x.writeCharacters("\n      ");
        x.writeStartElement("system-out");
        x.writeCharacters("expected: " + row.expected() + "\nobserved: " + row.observed()
                + (row.phase() == null ? "" : " at " + row.phase())
                + "\npreflight saw it: " + (row.preflightSawIt() ? "yes" : "no")
                + "\nreport: " + outcome.dir().resolve("report.md") + "\n");
        x.writeEndElement();
        x.writeCharacters("\n    ");
        x.writeEndElement();
    }

    /** Expected against observed, with the cause and its summary: what a CI page shows in one line. */
    static String failureMessage(Matrix.Row row, RehearsalReport r) {
        return "expected " + row.expected() + ", observed " + row.observed()
                + (r.facts().diagnosis() == null
                        ? ""
                        : " at " + r.facts().diagnosis().phase() + ": "
                                + r.facts().diagnosis().summary());
    }

    private static String evidence(RehearsalReport r) {
        StringBuilder b = new StringBuilder();
        if (r.facts().diagnosis() != null) {
            b.append("evidence:\n");
            r.facts()
                    .diagnosis()
                    .evidence()
                    .forEach(e -> b.append("  ").append(e).append('\n'));
            b.append("fix: ").append(r.facts().diagnosis().remediation()).append('\n');
        } else if (r.judgement().verification() != null) {
            r.judgement().verification().checks().stream()
                    .filter(c -> !c.passed())
                    .forEach(c -> b.append("FAIL ")
                            .append(c.name())
                            .append(": ")
                            .append(c.detail())
                            .append('\n'));
        }
        return b.toString();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    private JunitReport() {}
}
