package org.cnpgrehearsal.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources the online and physical strategies apply to CNPG, written from the user's Cluster manifest: the
 * Cluster with its import made schema-only plus a {@code Subscription} (postgresql.cnpg.io/v1) through the same
 * externalClusters entry; or the Cluster bootstrapped with {@code pg_basebackup} from that entry and kept as a replica
 * cluster of it until promoted. Everything else in the user's manifest stays as written.
 */
public final class StrategyManifests {

    public static final String API_VERSION = "postgresql.cnpg.io/v1";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** The user's Cluster with {@code schemaOnly: true} in its import (roles and databases as written). */
    public static ClusterManifest schemaOnly(ClusterManifest m) {
        return ManifestEditor.withImport(m, Map.of("schemaOnly", true));
    }

    /**
     * CNPG's Subscription in the Cluster's {@code database}, reading {@code publication} through the import's
     * externalClusters entry; {@code subscriptionReclaimPolicy: delete} drops it in PostgreSQL when the resource goes,
     * after the cutover.
     */
    public static Map<String, Object> subscription(
            ClusterManifest m, String database, String name, String publication) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", m.name() + "-" + name.replace('_', '-'));
        if (m.namespace() != null) {
            metadata.put("namespace", m.namespace());
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("cluster", Map.of("name", m.name()));
        spec.put("dbname", database);
        spec.put("name", name);
        spec.put("externalClusterName", m.importSource().name());
        spec.put("publicationName", publication);
        spec.put("subscriptionReclaimPolicy", "delete");
        return resource("Subscription", metadata, spec);
    }

    /**
     * The user's Cluster bootstrapped with {@code pg_basebackup} from the import's externalClusters entry and kept as
     * a replica cluster streaming from it ({@code replica.enabled: true}); {@code initdb} goes, since the data folder is
     * the source's. Promotion at the cutover sets {@code replica.enabled: false} ({@link #promoted}).
     */
    public static Map<String, Object> replicaCluster(ClusterManifest m) {
        return replicaCluster(m.raw(), m.importSource().name());
    }

    /** A Cluster document (the user's, or as a platform rewrote it) as a replica cluster of the entry {@code source}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> replicaCluster(Map<String, Object> cluster, String source) {
        Map<String, Object> raw = ManifestEditor.deepCopy(cluster);
        Map<String, Object> spec = (Map<String, Object>) raw.computeIfAbsent("spec", k -> new LinkedHashMap<>());
        spec.put("bootstrap", Map.of("pg_basebackup", Map.of("source", source)));
        Map<String, Object> replica = new LinkedHashMap<>();
        replica.put("enabled", true);
        replica.put("source", source);
        spec.put("replica", replica);
        return raw;
    }

    /** The replica cluster promoted: {@code replica.enabled: false}, which makes its designated primary a primary. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> promoted(Map<String, Object> replicaCluster) {
        Map<String, Object> raw = ManifestEditor.deepCopy(replicaCluster);
        Map<String, Object> spec = (Map<String, Object>) raw.get("spec");
        Map<String, Object> replica = new LinkedHashMap<>((Map<String, Object>) spec.get("replica"));
        replica.put("enabled", false);
        spec.put("replica", replica);
        return raw;
    }

    /** Several resources as one YAML stream. */
    public static String toYaml(List<Map<String, Object>> resources) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> r : resources) {
            if (b.length() > 0) {
                b.append("---\n");
            }
            try {
                b.append(YAML.writeValueAsString(r));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.toString();
    }

    private static Map<String, Object> resource(String kind, Map<String, Object> metadata, Map<String, Object> spec) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("apiVersion", API_VERSION);
        r.put("kind", kind);
        r.put("metadata", metadata);
        r.put("spec", spec);
        return r;
    }

    private StrategyManifests() {}
}
