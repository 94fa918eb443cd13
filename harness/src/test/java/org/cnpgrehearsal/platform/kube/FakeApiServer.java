package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server (CRUD mode) with the two parts of a real API server the harness depends on and the mock
 * lacks: the kubelet's container log endpoint ({@code sinceTime} at second precision, inclusive, {@code timestamps},
 * only the current log file after a rotation) and admission (a Cluster create answered with the API server's own
 * rejections, from {@link UpstreamData}).
 */
final class FakeApiServer implements AutoCloseable {

    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(?:\\?(.*))?");
    private static final Pattern CLUSTERS_PATH =
            Pattern.compile("/apis/postgresql\\.cnpg\\.io/v1/namespaces/([^/]+)/clusters(?:\\?.*)?");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The mock logs every request at INFO from its event loop: with the harness polling every 20 ms that is
     * thousands of console lines, and a slow console stalls the event loop past the client's request timeout.
     */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    /** One line a container wrote, at the time the runtime received it. */
    record LogLine(Instant at, String text) {}

    private final Map<String, List<LogLine>> logs = new ConcurrentHashMap<>();
    private final Map<String, Instant> rotatedAt = new ConcurrentHashMap<>();
    private final Deque<JsonNode> admissionAnswers = new ArrayDeque<>();
    private final List<String> logQueries = Collections.synchronizedList(new ArrayList<>());
    private final KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(new HashMap<>());
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    FakeApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Router(), false);
        server.init();
        client = server.createClient();
        // the first request pays for the client's and the server's warm-up: not inside a test's timed wait
        client.namespaces().list();
    }

    KubernetesClient client() {
        return client;
    }

    /** A container starts writing its log (the log endpoint answers from now on). */
    void startLog(String namespace, String pod, String container) {
        logs.putIfAbsent(key(namespace, pod, container), Collections.synchronizedList(new ArrayList<>()));
    }

    void appendLog(String namespace, String pod, String container, String line) {
        logs.computeIfAbsent(key(namespace, pod, container), k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new LogLine(Instant.now(), line));
    }

    /**
     * The kubelet rotated the container's log (containerLogMaxSize): the logs API serves only the new file, so what
     * was written before now is gone for every later read.
     */
    void rotateLog(String namespace, String pod, String container) {
        rotatedAt.put(key(namespace, pod, container), Instant.now());
    }

    /** The next Cluster creates are answered with these admission results (entries of {@code kubernetes.admission}). */
    synchronized void answerClusterCreates(JsonNode... answers) {
        admissionAnswers.addAll(List.of(answers));
    }

    /** The query strings of the log reads, as the client sent them. */
    List<String> logQueries() {
        return List.copyOf(logQueries);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    private static String key(String namespace, String pod, String container) {
        return namespace + "/" + pod + "/" + container;
    }

    private final class Router extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            Matcher log = LOG_PATH.matcher(path);
            if ("GET".equals(request.getMethod()) && log.matches()) {
                return log(log.group(1), log.group(2), query(log.group(3)));
            }
            if ("POST".equals(request.getMethod())
                    && CLUSTERS_PATH.matcher(path).matches()) {
                JsonNode answer = nextAdmissionAnswer();
                if (answer != null) {
                    return status(answer, clusterName(request));
                }
            }
            return crud.dispatch(request);
        }
    }

    private synchronized JsonNode nextAdmissionAnswer() {
        return admissionAnswers.pollFirst();
    }

    private MockResponse log(String namespace, String pod, Map<String, String> query) {
        logQueries.add(query.toString());
        String container = query.getOrDefault("container", "");
        List<LogLine> lines = logs.get(key(namespace, pod, container));
        if (lines == null) {
            return new MockResponse()
                    .setResponseCode(400)
                    .setBody(statusJson(
                            400,
                            "BadRequest",
                            "container \"" + container + "\" in pod \"" + pod
                                    + "\" is waiting to start: PodInitializing"));
        }
        // the API server passes sinceTime on to the kubelet formatted as RFC3339, whole seconds; the kubelet keeps
        // the lines at or after it
        Instant since = query.containsKey("sinceTime")
                ? OffsetDateTime.parse(query.get("sinceTime")).toInstant().truncatedTo(ChronoUnit.SECONDS)
                : Instant.EPOCH;
        Instant rotated = rotatedAt.getOrDefault(key(namespace, pod, container), Instant.EPOCH);
        boolean timestamps = "true".equals(query.get("timestamps"));
        StringBuilder body = new StringBuilder();
        List<LogLine> copy;
        synchronized (lines) {
            copy = List.copyOf(lines);
        }
        for (LogLine line : copy) {
            if (line.at().isBefore(since) || line.at().isBefore(rotated)) {
                continue;
            }
            if (timestamps) {
                body.append(line.at()).append(' ');
            }
            body.append(line.text()).append('\n');
        }
        return new MockResponse().setResponseCode(200).setBody(body.toString());
    }

    private static Map<String, String> query(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String clusterName(RecordedRequest request) {
        try {
            return JSON.readTree(request.getUtf8Body())
                    .path("metadata")
                    .path("name")
                    .asText();
        } catch (Exception e) {
            return "";
        }
    }

    private static MockResponse status(JsonNode answer, String cluster) {
        String message = UpstreamData.fill(answer.get("message").asText(), Map.of("cluster", cluster));
        int code = answer.get("code").asInt();
        return new MockResponse()
                .setResponseCode(code)
                .setBody(statusJson(code, answer.get("reason").asText(), message));
    }

    private static String statusJson(int code, String reason, String message) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("apiVersion", "v1");
        status.put("kind", "Status");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        try {
            return JSON.writeValueAsString(status);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
