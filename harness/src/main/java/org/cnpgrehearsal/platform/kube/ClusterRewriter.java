package org.cnpgrehearsal.platform.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ExternalCluster;

/**
 * The user's Cluster manifest as the rehearsal applies it. Everything CNPG imports with stays as the user wrote it
 * (import options, roles, databases, initdb settings, PostgreSQL parameters); what is changed points it at the
 * rehearsal: its namespace, one instance, the import source (host, password secret, CA), the volume size and
 * class, the image. What would reach outside the rehearsal is removed: backups and plugins (they would write to the
 * production object store), monitoring (needs the Prometheus operator), scheduling constraints, synchronous replicas.
 */
public final class ClusterRewriter {

    /**
     * Where and how the rewritten Cluster runs. {@code storageSize}, the storage classes of the data and WAL volumes,
     * and {@code image} may be null: the manifest's are kept.
     */
    public record Target(
            String namespace,
            SourceEndpoint source,
            String storageSize,
            String storageClass,
            String walStorageClass,
            String image,
            boolean dropResources) {}

    private static final List<String> REMOVED_FROM_SPEC = List.of(
            "backup",
            "plugins",
            "monitoring",
            "affinity",
            "topologySpreadConstraints",
            "minSyncReplicas",
            "maxSyncReplicas",
            "replica",
            "replicationSlots",
            "nodeMaintenanceWindow");

    public static Map<String, Object> rewrite(ClusterManifest manifest, String importUser, Target target) {
        Map<String, Object> doc = copy(manifest.raw());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", manifest.name());
        metadata.put("namespace", target.namespace());
        Object userLabels =
                manifest.raw().get("metadata") instanceof Map<?, ?> original ? original.get("labels") : null;
        if (userLabels instanceof Map<?, ?> m && !m.isEmpty()) {
            metadata.put("labels", copy(userLabels));
        }
        doc.put("metadata", metadata);
        doc.remove("status");

        Map<String, Object> spec = child(doc, "spec");
        REMOVED_FROM_SPEC.forEach(spec::remove);
        spec.put("instances", 1);
        spec.put("enableSuperuserAccess", true);
        if (target.image() != null) {
            spec.put("imageName", target.image());
        }
        if (target.dropResources()) {
            spec.remove("resources");
        }
        Map<String, Object> postgresql = childIfPresent(spec, "postgresql");
        if (postgresql != null) {
            postgresql.remove("synchronous");
        }
        Map<String, Object> storage = child(spec, "storage");
        if (target.storageSize() != null) {
            storage.put("size", target.storageSize());
        }
        if (target.storageClass() != null) {
            storage.put("storageClass", target.storageClass());
            storage.remove("pvcTemplate");
        }
        Map<String, Object> walStorage = childIfPresent(spec, "walStorage");
        if (walStorage != null && target.walStorageClass() != null) {
            walStorage.put("storageClass", target.walStorageClass());
            walStorage.remove("pvcTemplate");
        }
        spec.put("externalClusters", externalClusters(spec, manifest, importUser, target.source()));
        return doc;
    }

    private static List<Object> externalClusters(
            Map<String, Object> spec, ClusterManifest manifest, String importUser, SourceEndpoint source) {
        String importFrom = manifest.importSpec().sourceExternalCluster();
        List<Object> out = new ArrayList<>();
        for (Object item : (List<?>) spec.get("externalClusters")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) item;
            if (!importFrom.equals(entry.get("name"))) {
                continue;
            }
            ExternalCluster original = manifest.importSource();
            Map<String, Object> params = child(entry, "connectionParameters");
            params.put("host", source.host());
            params.put("port", String.valueOf(SourceEndpoint.PORT));
            params.put("user", importUser);
            entry.put("password", secretRef(source.credentialsSecret(importUser), "password"));
            entry.remove("sslCert");
            entry.remove("sslKey");
            if (original.sslRootCert() != null || original.sslMode().startsWith("verify")) {
                entry.put("sslRootCert", secretRef(source.caSecret(), SourceEndpoint.CA_KEY));
            }
            out.add(entry);
        }
        return out;
    }

    private static Map<String, Object> secretRef(String name, String key) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("name", name);
        ref.put("key", key);
        return ref;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> childIfPresent(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return value;
    }

    private ClusterRewriter() {}
}
