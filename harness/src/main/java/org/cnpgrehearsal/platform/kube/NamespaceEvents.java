package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The Kubernetes events of the rehearsal namespace, as lines for a report. */
public final class NamespaceEvents {

    /** The events as lines, oldest first; one line saying why when they cannot be read (they are context only). */
    public static List<String> lines(KubernetesClient client, String namespace) {
        List<Event> events;
        try {
            events = client.v1().events().inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            return List.of("events of namespace " + namespace + " could not be read: " + e.getMessage());
        }
        return events.stream()
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
