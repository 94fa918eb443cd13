package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What CNPG v1.30.0, the Zalando operator and Spilo really produce ({@code upstream/kube-upstream.yaml}, every entry
 * with its upstream file and line), read for the test doubles. The one place the doubles take upstream's words from.
 */
final class UpstreamData {

    static final UpstreamData CNPG_1_30 = load("/upstream/kube-upstream.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    /** One instance manager log entry: a JSON line, or a plain text line ({@code plain}). */
    record Entry(
            String level,
            String logger,
            String pipe,
            String msg,
            JsonNode fields,
            boolean verboseOnly,
            String plain,
            String source) {}

    /** How a failed import ends on upstream: the failing step's lines, the error, the phase it fails in. */
    record Failure(String id, String phase, List<JsonNode> lines, String error, String source) {}

    private final JsonNode root;

    private UpstreamData(JsonNode root) {
        this.root = root;
    }

    private static UpstreamData load(String resource) {
        try (InputStream in = UpstreamData.class.getResourceAsStream(resource)) {
            return new UpstreamData(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of a named segment, segment references resolved. */
    List<Entry> segment(String name) {
        JsonNode segment = root.path("segments").get(name);
        if (segment == null) {
            throw new IllegalArgumentException("no segment " + name + " in kube-upstream.yaml");
        }
        return entries(segment);
    }

    List<Entry> entries(Iterable<JsonNode> nodes) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (node.has("segment")) {
                out.addAll(segment(node.get("segment").asText()));
            } else {
                out.add(new Entry(
                        node.path("level").asText("info"),
                        node.path("logger").asText(""),
                        node.path("pipe").asText(""),
                        node.path("msg").asText(""),
                        node.path("fields"),
                        node.path("verbose").asBoolean(false),
                        node.has("plain") ? node.get("plain").asText() : null,
                        node.path("source").asText("")));
            }
        }
        return out;
    }

    Failure failure(String id) {
        JsonNode f = root.path("failures").get(id);
        if (f == null) {
            throw new IllegalArgumentException("no failure " + id + " in kube-upstream.yaml");
        }
        List<JsonNode> lines = new ArrayList<>();
        f.path("lines").forEach(lines::add);
        return new Failure(
                id,
                f.get("phase").asText(),
                lines,
                f.get("error").asText(),
                f.path("source").asText());
    }

    List<String> failureIds() {
        List<String> ids = new ArrayList<>();
        root.path("failures").fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    JsonNode kubernetes() {
        return root.path("kubernetes");
    }

    JsonNode zalando() {
        return root.path("zalando");
    }

    /** A text with its {@code ${name}} placeholders filled in; an unknown placeholder is a broken double. */
    static String fill(String text, Map<String, ?> params) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = params.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "} in: " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The entry as the instance manager writes it at {@code ts}: zap's JSON (level, ts, logger, msg, then the
     * pipe and the fields), or the plain text line. A field that is exactly one placeholder takes the value as it is
     * (a list stays a JSON array).
     */
    static String render(Entry e, Instant ts, Map<String, ?> params) {
        if (e.plain() != null) {
            return fill(e.plain(), params);
        }
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("level", e.level());
        line.put("ts", ts.toString());
        if (!e.logger().isEmpty()) {
            line.put("logger", e.logger());
        }
        line.put("msg", fill(e.msg(), params));
        if (!e.pipe().isEmpty()) {
            line.put("pipe", e.pipe());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = e.fields().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            line.set(f.getKey(), filled(f.getValue(), params));
        }
        return line.toString();
    }

    private static JsonNode filled(JsonNode value, Map<String, ?> params) {
        if (value.isTextual()) {
            Matcher whole = PLACEHOLDER.matcher(value.asText());
            if (whole.matches() && params.get(whole.group(1)) instanceof List<?> list) {
                return JSON.valueToTree(list);
            }
            return TextNode.valueOf(fill(value.asText(), params));
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(v -> out.add(filled(v, params)));
            return out;
        }
        return value;
    }
}
