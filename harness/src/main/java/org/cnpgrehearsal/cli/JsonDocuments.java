package org.cnpgrehearsal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.cnpgrehearsal.engine.RehearsalRun;
import org.cnpgrehearsal.engine.Version;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.report.ReportJson;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.tune.TuneRun;

/**
 * The one JSON document each command prints with {@code --output json} (README, "JSON and JUnit output"). Every
 * document names the tool, its version and the command; field names are stable, new ones may be added.
 */
final class JsonDocuments {

    private static final ObjectMapper JSON = ReportJson.mapper();

    /** {@code rehearse}: whether every rehearsal met its expectation, the matrix rows with each report, the estimate. */
    static ObjectNode rehearse(List<RehearsalRun.Outcome> outcomes, Estimate estimate, boolean passed) {
        ObjectNode doc = head("rehearse");
        doc.put("passed", passed);
        doc.put("preflightRule", Matrix.PREFLIGHT_RULE);
        ArrayNode rehearsals = doc.putArray("rehearsals");
        for (RehearsalRun.Outcome o : outcomes) {
            ObjectNode row = JSON.valueToTree(Matrix.Row.of(o.report()));
            row.put("reportDir", o.dir().toString());
            row.set("report", JSON.valueToTree(o.report()));
            rehearsals.add(row);
        }
        if (estimate != null) {
            doc.set("estimate", JSON.valueToTree(estimate));
        }
        return doc;
    }

    /** {@code rehearse --tune}: whether the manifest as written and the tuned one passed, the folder, the findings. */
    static ObjectNode tune(TuneRun.Outcome outcome) {
        ObjectNode doc = head("rehearse --tune");
        doc.put("passed", outcome.passed());
        doc.put("reportDir", outcome.dir().toString());
        doc.set("tune", JSON.valueToTree(outcome.report()));
        return doc;
    }

    /** {@code scenarios list}: each scenario with its expectation and description. */
    static ObjectNode scenarios(List<Scenario> scenarios) {
        ObjectNode doc = head("scenarios list");
        ArrayNode list = doc.putArray("scenarios");
        for (Scenario s : scenarios) {
            ObjectNode n = list.addObject();
            n.put("name", s.name());
            n.set("expect", JSON.valueToTree(s.expect()));
            n.put("description", s.description());
        }
        return doc;
    }

    /** {@code estimate}: the estimate as report.json carries it. */
    static ObjectNode estimate(Estimate estimate) {
        ObjectNode doc = head("estimate");
        doc.set("estimate", JSON.valueToTree(estimate));
        return doc;
    }

    private static ObjectNode head(String command) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("tool", "cnpg-rehearsal");
        doc.put("version", Version.text());
        doc.put("command", command);
        return doc;
    }

    private JsonDocuments() {}
}
