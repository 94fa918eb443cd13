package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A container's log, read a piece at a time: each read asks only for the lines since the last one read
 * ({@code sinceTime}, with the kubelet's timestamps), so a log the kubelet rotates (at 10 MiB by default, after which
 * the logs API serves only the new file) keeps being read from where it was, and a long log is not read again and
 * again. The API server passes {@code sinceTime} on in whole seconds and the kubelet includes that second, so lines
 * of the last second read come back and are skipped.
 */
final class ContainerLogReader {

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final String container;
    private Instant last;
    private final Set<String> seenInLastSecond = new HashSet<>();

    ContainerLogReader(KubernetesClient client, String namespace, String pod, String container) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.container = container;
    }

    /** The lines written since the last read, without the kubelet's timestamps; none when the pod went away. */
    List<String> readNew() {
        String query = "container=" + container + "&timestamps=true"
                + (last == null
                        ? ""
                        : "&sinceTime="
                                + URLEncoder.encode(
                                        last.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8));
        String text;
        try {
            // a plain GET: fabric8's getLog first waits for the pod with an informer (a list and a watch) each time
            text = client.raw("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?" + query);
        } catch (KubernetesClientException e) {
            // not started yet: what was read stays read
            return List.of();
        }
        List<String> fresh = new ArrayList<>();
        if (text == null) {
            // deleted with its Job after a success
            return fresh;
        }
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            Instant at = space < 0 ? null : timestamp(line.substring(0, space));
            if (at == null) {
                continue;
            }
            if ((last != null && at.isBefore(last)) || seenInLastSecond.contains(line)) {
                continue;
            }
            if (last == null || at.isAfter(last)) {
                Instant second = at.truncatedTo(ChronoUnit.SECONDS);
                seenInLastSecond.removeIf(
                        seen -> timestamp(seen.substring(0, seen.indexOf(' '))).isBefore(second));
                last = at;
            }
            seenInLastSecond.add(line);
            fresh.add(line.substring(space + 1));
        }
        return fresh;
    }

    private static Instant timestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
