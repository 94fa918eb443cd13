package org.cnpgrehearsal.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes to a manifest that keep everything else in it: the scenario's import overrides, a storage size, a
 * proposed fix. Each change returns a new, re-validated manifest; the user's file is never written.
 */
public final class ManifestEditor {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    /** Keys of a scenario's {@code target.import} that belong to {@code bootstrap.initdb}, not to its import section. */
    private static final Map<String, String> INITDB_KEYS = Map.of("initdbDatabase", "database", "initdbOwner", "owner");

    /** Sets keys of {@code spec.bootstrap.initdb.import} (and initdbDatabase / initdbOwner of initdb). */
    public static ClusterManifest withImport(ClusterManifest m, Map<String, Object> overrides) {
        Map<String, Object> raw = deepCopy(m.raw());
        Map<String, Object> initdb = path(raw, "spec", "bootstrap", "initdb");
        Map<String, Object> imp = path(raw, "spec", "bootstrap", "initdb", "import");
        overrides.forEach((k, v) -> {
            if (INITDB_KEYS.containsKey(k)) {
                initdb.put(INITDB_KEYS.get(k), v);
            } else {
                imp.put(k, v);
            }
        });
        return reparse(m, raw);
    }

    /** Sets entries of {@code spec.postgresql.parameters} (as text, as CNPG wants them), keeping the others. */
    public static ClusterManifest withParameters(ClusterManifest m, Map<String, String> parameters) {
        Map<String, Object> raw = deepCopy(m.raw());
        path(raw, "spec", "postgresql", "parameters").putAll(parameters);
        return reparse(m, raw);
    }

    public static ClusterManifest withStorageSize(ClusterManifest m, String size) {
        Map<String, Object> raw = deepCopy(m.raw());
        path(raw, "spec", "storage").put("size", size);
        return reparse(m, raw);
    }

    /** Sets {@code spec.imageName} (another operand image or flavour). */
    public static ClusterManifest withImageName(ClusterManifest m, String image) {
        Map<String, Object> raw = deepCopy(m.raw());
        path(raw, "spec").put("imageName", image);
        return reparse(m, raw);
    }

    /** Sets {@code bootstrap.initdb.localeCollate} and {@code localeCType}: the locale initdb gives the cluster. */
    public static ClusterManifest withInitdbLocale(ClusterManifest m, String collate, String ctype) {
        Map<String, Object> raw = deepCopy(m.raw());
        Map<String, Object> initdb = path(raw, "spec", "bootstrap", "initdb");
        initdb.put("localeCollate", collate);
        initdb.put("localeCType", ctype);
        return reparse(m, raw);
    }

    /** Sets the host of the externalClusters entry the import reads from (another service of the source). */
    @SuppressWarnings("unchecked")
    public static ClusterManifest withImportSourceHost(ClusterManifest m, String host) {
        Map<String, Object> raw = deepCopy(m.raw());
        List<Object> externals = (List<Object>) path(raw, "spec").get("externalClusters");
        List<Object> changed = new ArrayList<>();
        for (Object e : externals) {
            Map<String, Object> entry = (Map<String, Object>) e;
            if (m.importSpec().sourceExternalCluster().equals(entry.get("name"))) {
                entry = new LinkedHashMap<>(entry);
                Map<String, Object> params =
                        new LinkedHashMap<>((Map<String, Object>) entry.get("connectionParameters"));
                params.put("host", host);
                entry.put("connectionParameters", params);
            }
            changed.add(entry);
        }
        path(raw, "spec").put("externalClusters", changed);
        return reparse(m, raw);
    }

    public static String toYaml(ClusterManifest m) {
        try {
            return YAML.writeValueAsString(m.raw());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClusterManifest reparse(ClusterManifest m, Map<String, Object> raw) {
        return ManifestReader.parse(
                m.file(),
                toYaml(new ClusterManifest(
                        m.file(),
                        m.name(),
                        m.namespace(),
                        m.imageName(),
                        m.storageSize(),
                        m.walStorageSize(),
                        m.initdbDatabase(),
                        m.initdbOwner(),
                        m.importSpec(),
                        m.externalClusters(),
                        raw)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(Map<String, Object> root, String... keys) {
        Map<String, Object> node = root;
        for (String k : keys) {
            node = (Map<String, Object>) node.computeIfAbsent(k, x -> new LinkedHashMap<String, Object>());
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, copyValue(v)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return deepCopy((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ManifestEditor::copyValue).toList();
        }
        return v;
    }

    private ManifestEditor() {}
}
