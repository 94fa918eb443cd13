package org.cnpgrehearsal.platform.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ExternalCluster;
import org.cnpgrehearsal.util.BadInputException;

/**
 * The user's Cluster manifest as the rehearsal applies it. Everything CNPG imports with stays as the user wrote it
 * (import options, roles, databases, initdb settings, PostgreSQL parameters); what is changed points it at the
 * rehearsal: its namespace, one instance, the import source (host, password secret, CA), the volume size and
 * class, the image. What would reach outside the rehearsal is removed: backups and plugins (they would write to the
 * production object store), monitoring (needs the Prometheus operator), scheduling constraints, synchronous replicas,
 * and references to what the rehearsal namespace does not have (the user's certificates, superuser and application
 * secrets, projected volumes, an image catalog once an image is set).
 */
public final class ClusterRewriter {

    /**
     * Where and how the rewritten Cluster runs. {@code storageSize}, the storage classes of the data and WAL volumes,
     * and {@code image} may be null: the manifest's are kept. {@code dropResources}: a throwaway single node, where
     * production's resource requests and a custom scheduler cannot be honoured. {@code keepPriorityClass}: the
     * cluster has the manifest's PriorityClass (the Job's pod inherits it, jobs.go:458-459; a missing one is refused
     * by the Priority admission plugin).
     */
    public record Target(
            String namespace,
            SourceEndpoint source,
            String storageSize,
            String storageClass,
            String walStorageClass,
            String image,
            boolean dropResources,
            boolean keepPriorityClass) {}

    /** The Cluster to apply, and what was removed from the user's manifest to get there (for the report). */
    public record Rewrite(Map<String, Object> document, List<String> notes) {}

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

    /**
     * Fields that name objects of the user's namespace: removed, and said so. CNPG makes its own CA and server
     * certificates without {@code certificates} (else cluster_pki.go:44 stops it in "Unable to create required
     * cluster objects"), and its own {@code <name>-superuser} and {@code <name>-app} secrets without the others
     * (cluster_create.go:181-182, :221).
     */
    private static final Map<String, String> DANGLING = Map.of(
            "certificates", "the certificates' secrets are not in the rehearsal namespace: CNPG makes its own CA",
            "superuserSecret", "CNPG makes <name>-superuser, which the harness reads for verification",
            "projectedVolumeTemplate", "its secrets and config maps are not in the rehearsal namespace");

    /** SQL the Job mounts from the user's config maps and secrets: the rehearsal cannot read it, so cannot rehearse it. */
    private static final List<String> SQL_REFS =
            List.of("postInitSQLRefs", "postInitApplicationSQLRefs", "postInitTemplateSQLRefs");

    public static Rewrite rewrite(ClusterManifest manifest, String importUser, Target target) {
        List<String> notes = new ArrayList<>();
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
        DANGLING.forEach((field, why) -> {
            if (spec.remove(field) != null) {
                notes.add("removed spec." + field + ": " + why);
            }
        });
        requireNoSqlRefs(manifest, spec);
        dropApplicationSecret(spec, notes);
        spec.put("instances", 1);
        spec.put("enableSuperuserAccess", true);
        if (target.image() != null) {
            spec.put("imageName", target.image());
            if (spec.remove("imageCatalogRef") != null) {
                notes.add("removed spec.imageCatalogRef: replaced by imageName " + target.image()
                        + " (the two are mutually exclusive, cluster_types.go:208)");
            }
        }
        if (target.dropResources()) {
            spec.remove("resources");
            if (spec.remove("schedulerName") != null) {
                notes.add("removed spec.schedulerName: the k3s node runs the default scheduler only");
            }
        }
        if (!target.keepPriorityClass() && spec.remove("priorityClassName") != null) {
            notes.add("removed spec.priorityClassName: this cluster has no such PriorityClass");
        }
        Map<String, Object> postgresql = childIfPresent(spec, "postgresql");
        if (postgresql != null) {
            postgresql.remove("synchronous");
        }
        Map<String, Object> storage = child(spec, "storage");
        if (target.storageSize() != null) {
            storage.put("size", target.storageSize());
        }
        placeOn(storage, target.storageClass());
        Map<String, Object> walStorage = childIfPresent(spec, "walStorage");
        if (walStorage != null) {
            placeOn(walStorage, target.walStorageClass());
        }
        if (spec.get("tablespaces") instanceof List<?> tablespaces) {
            for (Object t : tablespaces) {
                if (t instanceof Map<?, ?> tablespace && tablespace.get("storage") instanceof Map<?, ?> s) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> tablespaceStorage = (Map<String, Object>) s;
                    placeOn(tablespaceStorage, target.walStorageClass());
                }
            }
        }
        spec.put("externalClusters", externalClusters(spec, manifest, importUser, target.source()));
        return new Rewrite(doc, List.copyOf(notes));
    }

    /**
     * Puts a volume on {@code storageClass} (null keeps the manifest's). A size given only as the pvcTemplate's
     * storage request moves to {@code size} first, since the template goes (the webhook wants one of the two,
     * cluster_webhook.go:1728-1735).
     */
    private static void placeOn(Map<String, Object> storage, String storageClass) {
        if (storageClass == null) {
            return;
        }
        if (!storage.containsKey("size") && templateRequest(storage) != null) {
            storage.put("size", templateRequest(storage));
        }
        storage.put("storageClass", storageClass);
        storage.remove("pvcTemplate");
    }

    private static Object templateRequest(Map<String, Object> storage) {
        if (storage.get("pvcTemplate") instanceof Map<?, ?> template
                && template.get("resources") instanceof Map<?, ?> resources
                && resources.get("requests") instanceof Map<?, ?> requests) {
            return requests.get("storage");
        }
        return null;
    }

    private static void requireNoSqlRefs(ClusterManifest manifest, Map<String, Object> spec) {
        Map<String, Object> initdb = childIfPresent(childIfPresent(spec, "bootstrap"), "initdb");
        for (String field : SQL_REFS) {
            if (initdb != null && initdb.containsKey(field)) {
                throw new BadInputException("manifest " + manifest.file() + ": spec.bootstrap.initdb." + field
                        + " names config maps or secrets of your namespace, which the rehearsal cannot read: put the"
                        + " SQL in " + field.replace("Refs", "") + " for the rehearsal");
            }
        }
    }

    private static void dropApplicationSecret(Map<String, Object> spec, List<String> notes) {
        Map<String, Object> initdb = childIfPresent(childIfPresent(spec, "bootstrap"), "initdb");
        if (initdb != null && initdb.remove("secret") != null) {
            notes.add("removed spec.bootstrap.initdb.secret: the secret is not in the rehearsal namespace; CNPG makes"
                    + " <name>-app (the import does not read it)");
        }
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
        return parent != null && parent.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
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
