package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.util.BadInputException;

/**
 * The user's kubeconfig: found the way kubectl finds it, with the chosen context made current and its relative file
 * paths made absolute (Helm receives it as text, helm-java's RESTConfigFromKubeConfig, so a relative path would
 * resolve against the working directory instead of the kubeconfig's folder, as kubectl resolves it).
 */
public record Kubeconfig(Path file, String yaml, String context) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** {@code explicit}, else the first file of {@code $KUBECONFIG}, else {@code ~/.kube/config}. */
    public static Kubeconfig load(Path explicit, String context, String kubeconfigEnv, Path home) {
        Path file = explicit;
        if (file == null && kubeconfigEnv != null && !kubeconfigEnv.isBlank()) {
            file = Path.of(kubeconfigEnv.split(File.pathSeparator)[0]);
        }
        if (file == null) {
            file = home.resolve(".kube").resolve("config");
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException("kubeconfig " + file
                    + " cannot be read: pass --kubeconfig FILE (and --context NAME) for --platform kubernetes");
        }
        String yaml;
        Map<String, Object> doc;
        try {
            yaml = Files.readString(file);
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = YAML.readValue(yaml, Map.class);
            doc = parsed == null ? Map.of() : parsed;
        } catch (IOException e) {
            throw new BadInputException("kubeconfig " + file + " is not a kubeconfig: " + e.getMessage());
        }
        List<String> contexts = contextNames(doc);
        String chosen = context != null ? context : (String) doc.get("current-context");
        if (chosen == null || !contexts.contains(chosen)) {
            throw new BadInputException("kubeconfig " + file + " has no context '" + chosen + "' (contexts: "
                    + String.join(", ", contexts) + "): pass --context NAME");
        }
        return new Kubeconfig(file, withCurrentContext(withAbsolutePaths(doc, file), chosen), chosen);
    }

    private static List<String> contextNames(Map<String, Object> doc) {
        Object contexts = doc.get("contexts");
        if (!(contexts instanceof List<?> list)) {
            return List.of();
        }
        return list.stream()
                .filter(c -> c instanceof Map<?, ?>)
                .map(c -> String.valueOf(((Map<?, ?>) c).get("name")))
                .toList();
    }

    /** client-go's ResolveLocalPaths: the files a cluster or user entry names, and an exec command with a slash. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withAbsolutePaths(Map<String, Object> doc, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Map<String, Object> copy = YAML.convertValue(doc, Map.class);
        for (String[] entry : new String[][] {
            {"clusters", "cluster", "certificate-authority"},
            {"users", "user", "client-certificate"},
            {"users", "user", "client-key"},
            {"users", "user", "tokenFile"}
        }) {
            if (copy.get(entry[0]) instanceof List<?> items) {
                for (Object item : items) {
                    if (item instanceof Map<?, ?> named && named.get(entry[1]) instanceof Map<?, ?> body) {
                        absolute((Map<String, Object>) body, entry[2], dir, false);
                    }
                }
            }
        }
        if (copy.get("users") instanceof List<?> users) {
            for (Object item : users) {
                if (item instanceof Map<?, ?> named
                        && named.get("user") instanceof Map<?, ?> user
                        && user.get("exec") instanceof Map<?, ?> exec) {
                    absolute((Map<String, Object>) exec, "command", dir, true);
                }
            }
        }
        return copy;
    }

    private static void absolute(Map<String, Object> body, String key, Path dir, boolean onlyWithSlash) {
        if (body.get(key) instanceof String value
                && !value.isEmpty()
                && !Path.of(value).isAbsolute()
                && (!onlyWithSlash || value.contains("/"))) {
            body.put(key, dir.resolve(value).normalize().toString());
        }
    }

    private static String withCurrentContext(Map<String, Object> doc, String context) {
        Map<String, Object> copy = new LinkedHashMap<>(doc);
        copy.put("current-context", context);
        try {
            return YAML.writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
