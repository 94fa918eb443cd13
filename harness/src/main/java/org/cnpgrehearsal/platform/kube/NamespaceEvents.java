package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The Kubernetes events of the rehearsal namespace, as lines for a report. */
public final class NamespaceEvents {

    public static List<String> lines(KubernetesClient client, String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(NamespaceEvents::when, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(e -> "event " + Objects.toString(e.getType(), "Normal") + " " + e.getReason() + " "
                        + e.getInvolvedObject().getKind() + "/"
                        + e.getInvolvedObject().getName() + ": " + e.getMessage())
                .toList();
    }

    private static String when(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        return e.getEventTime() == null ? null : e.getEventTime().getTime();
    }

    private NamespaceEvents() {}
}
