package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * The errors in a CNPG instance's log (container {@code postgres}): PostgreSQL's own records arrive as JSON lines with
 * {@code "logger":"postgres"} and the record under {@code record} ({@code error_severity}, {@code message}); the
 * instance manager's own errors have {@code "level":"error"}. What the online strategy quotes when a subscription's
 * workers fail.
 */
final class PrimaryLog {

    static final String CONTAINER = "postgres";

    /** ERROR and FATAL records of the pod's log, as "SEVERITY: message", oldest first; empty when unreadable. */
    static List<String> errors(KubernetesClient client, String namespace, String pod) {
        String text;
        try {
            text = client.pods()
                    .inNamespace(namespace)
                    .withName(pod)
                    .inContainer(CONTAINER)
                    .getLog();
        } catch (KubernetesClientException e) {
            return List.of("the log of " + pod + " could not be read: " + e.getMessage());
        }
        return text == null ? List.of() : errors(text);
    }

    static List<String> errors(String text) {
        List<String> out = new ArrayList<>();
        text.lines().flatMap(l -> InstanceLogLine.parse(l).stream()).forEach(line -> {
            JsonNode record = line.fields().get("record");
            if ("postgres".equals(line.logger()) && record != null) {
                String severity = record.path("error_severity").asText();
                if ("ERROR".equals(severity) || "FATAL".equals(severity)) {
                    out.add(severity + ": " + record.path("message").asText());
                }
            } else if (line.isError()) {
                out.add(line.msg() + (line.field("error").isEmpty() ? "" : ": " + line.field("error")));
            }
        });
        return out;
    }

    private PrimaryLog() {}
}
