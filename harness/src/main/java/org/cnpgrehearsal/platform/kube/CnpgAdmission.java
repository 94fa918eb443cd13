package org.cnpgrehearsal.platform.kube;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.cnpgrehearsal.util.BadInputException;

/**
 * The rules CNPG 1.30 checks when a Cluster is created (its CRD's schema and CEL rules, its validating webhook), for
 * the ones a rewritten manifest can break: checked before anything is started, so that a Cluster the API server would
 * refuse stops the rehearsal with one line naming the field, not after a cluster has been set up. Each rule says where
 * it is in CNPG v1.30.0.
 */
public final class CnpgAdmission {

    /** One refusal: the field and CNPG's own message. */
    public record Violation(String field, String message, String source) {}

    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUANTITY = Pattern.compile("\\d+(\\.\\d+)?([KMGTPE]i|[kMGTPE]|m|e\\d+)?");

    private interface Rule extends BiConsumer<Map<String, Object>, List<Violation>> {}

    private static final List<Rule> RULES = List.of(
            CnpgAdmission::name,
            CnpgAdmission::image,
            CnpgAdmission::storage,
            CnpgAdmission::bootstrapMethod,
            CnpgAdmission::importSection,
            CnpgAdmission::externalClusters);

    /** Every rule the document breaks, in CNPG's order. */
    public static List<Violation> check(Map<String, Object> cluster) {
        List<Violation> out = new ArrayList<>();
        RULES.forEach(r -> r.accept(cluster, out));
        return out;
    }

    /** Bad input (one line naming the first field) when CNPG would refuse the Cluster. */
    public static void requireAccepted(Map<String, Object> cluster, Path manifest) {
        List<Violation> violations = check(cluster);
        if (!violations.isEmpty()) {
            Violation v = violations.get(0);
            throw new BadInputException("manifest " + manifest + ": " + v.field() + ": " + v.message()
                    + " (CloudNativePG 1.30 refuses such a Cluster: fix the manifest)");
        }
    }

    /** cluster_webhook.go:1839-1856. */
    private static void name(Map<String, Object> cluster, List<Violation> out) {
        String name = text(map(cluster, "metadata"), "name");
        if (name == null || !DNS_1035_LABEL.matcher(name).matches()) {
            out.add(new Violation(
                    "metadata.name",
                    "cluster name must be a valid DNS label",
                    "internal/webhook/v1/cluster_webhook.go:1846"));
        }
        if (name != null && name.length() > 50) {
            out.add(new Violation(
                    "metadata.name",
                    "the maximum length of a cluster name is 50 characters",
                    "internal/webhook/v1/cluster_webhook.go:1853"));
        }
    }

    /** The CRD's CEL rule (cluster_types.go:208) and cluster_webhook.go:771-808. */
    private static void image(Map<String, Object> cluster, List<Violation> out) {
        Map<String, Object> spec = map(cluster, "spec");
        if (spec.containsKey("imageName") && spec.containsKey("imageCatalogRef")) {
            out.add(new Violation(
                    "spec", "imageName and imageCatalogRef are mutually exclusive", "api/v1/cluster_types.go:208"));
        }
        String image = text(spec, "imageName");
        if (image == null || image.isEmpty()) {
            return;
        }
        String reference = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = reference.lastIndexOf(':');
        String tag = colon > reference.lastIndexOf('/') ? reference.substring(colon + 1) : "";
        if (tag.equals("latest")) {
            out.add(new Violation(
                    "spec.imageName",
                    "Can't use 'latest' as image tag as we can't detect upgrades",
                    "internal/webhook/v1/cluster_webhook.go:788"));
        } else if (tag.isEmpty() && image.contains("@")) {
            out.add(new Violation(
                    "spec.imageName",
                    "Can't use just the image sha as we can't detect upgrades",
                    "internal/webhook/v1/cluster_webhook.go:795"));
        }
    }

    /** cluster_webhook.go:1665-1737: every volume has a valid size, or a storage request in its pvcTemplate. */
    private static void storage(Map<String, Object> cluster, List<Violation> out) {
        Map<String, Object> spec = map(cluster, "spec");
        storageSize("spec.storage", map(spec, "storage"), out);
        if (spec.get("walStorage") instanceof Map<?, ?>) {
            storageSize("spec.walStorage", map(spec, "walStorage"), out);
        }
        if (spec.get("tablespaces") instanceof List<?> tablespaces) {
            for (int i = 0; i < tablespaces.size(); i++) {
                if (tablespaces.get(i) instanceof Map<?, ?> t) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> tablespace = (Map<String, Object>) t;
                    storageSize("spec.tablespaces[" + i + "].storage", map(tablespace, "storage"), out);
                }
            }
        }
    }

    private static void storageSize(String path, Map<String, Object> storage, List<Violation> out) {
        String size = text(storage, "size");
        if (size != null && !size.isEmpty() && !QUANTITY.matcher(size).matches()) {
            out.add(new Violation(
                    path + ".size", "Size value isn't valid", "internal/webhook/v1/cluster_webhook.go:1723"));
        }
        Object request =
                map(map(map(storage, "pvcTemplate"), "resources"), "requests").get("storage");
        if ((size == null || size.isEmpty()) && request == null) {
            out.add(new Violation(
                    path + ".size",
                    "Size not configured. Please add it, or a storage request in the pvcTemplate.",
                    "internal/webhook/v1/cluster_webhook.go:1733"));
        }
    }

    /** cluster_webhook.go:598-627. */
    private static void bootstrapMethod(Map<String, Object> cluster, List<Violation> out) {
        Map<String, Object> bootstrap = map(map(cluster, "spec"), "bootstrap");
        long methods = List.of("initdb", "recovery", "pg_basebackup").stream()
                .filter(bootstrap::containsKey)
                .count();
        if (methods > 1) {
            out.add(new Violation(
                    "spec.bootstrap",
                    "Only one bootstrap method can be specified at a time",
                    "internal/webhook/v1/cluster_webhook.go:622"));
        }
    }

    /** The CRD's enum (cluster_types.go:2001) and cluster_webhook.go:353-464. */
    private static void importSection(Map<String, Object> cluster, List<Violation> out) {
        Map<String, Object> imp = map(map(map(map(cluster, "spec"), "bootstrap"), "initdb"), "import");
        if (imp.isEmpty()) {
            return;
        }
        String prefix = "spec.bootstrap.initdb.import.";
        String type = text(imp, "type");
        List<?> databases = imp.get("databases") instanceof List<?> l ? l : List.of();
        List<?> roles = imp.get("roles") instanceof List<?> l ? l : List.of();
        String webhook = "internal/webhook/v1/cluster_webhook.go:";
        if ("microservice".equals(type)) {
            if (databases.size() != 1) {
                out.add(new Violation(
                        prefix + "databases",
                        "You need to specify a single database for the `microservice` import type",
                        webhook + "392"));
            }
            if (!roles.isEmpty()) {
                out.add(new Violation(
                        prefix + "roles",
                        "You cannot specify roles to import for the `microservice` import type",
                        webhook + "402"));
            }
            if (databases.size() == 1 && String.valueOf(databases.get(0)).contains("*")) {
                out.add(new Violation(
                        prefix + "databases[0]",
                        "You cannot specify any wildcard for the `microservice` import type",
                        webhook + "412"));
            }
        } else if ("monolith".equals(type)) {
            if (databases.isEmpty()) {
                out.add(new Violation(
                        prefix + "databases",
                        "You need to specify at least a database for the `monolith` import type",
                        webhook + "428"));
            }
            if (databases.size() > 1 && databases.contains("*")) {
                out.add(new Violation(
                        prefix + "databases",
                        "Wildcard import cannot be used along other database names",
                        webhook + "438"));
            }
            if (roles.size() > 1 && roles.contains("*")) {
                out.add(new Violation(
                        prefix + "roles", "Wildcard import cannot be used along other role names", webhook + "448"));
            }
            if (imp.get("postImportApplicationSQL") instanceof List<?> sql && !sql.isEmpty()) {
                out.add(new Violation(
                        prefix + "postImportApplicationSQL",
                        "postImportApplicationSQL is not allowed for the `monolith` import type",
                        webhook + "458"));
            }
        } else {
            out.add(new Violation(prefix + "type", "Unrecognized import type", webhook + "378"));
        }
    }

    /** cluster_webhook.go:1925-1990, and the import's source must be one of them (initdb.go:604-607 at run time). */
    private static void externalClusters(Map<String, Object> cluster, List<Violation> out) {
        Map<String, Object> spec = map(cluster, "spec");
        List<?> entries = spec.get("externalClusters") instanceof List<?> l ? l : List.of();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = entries.get(i) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            String path = "spec.externalClusters[" + i + "]";
            names.add(String.valueOf(entry.get("name")));
            if (!entry.containsKey("connectionParameters")
                    && !entry.containsKey("barmanObjectStore")
                    && !entry.containsKey("plugin")) {
                out.add(new Violation(
                        path,
                        "one of connectionParameters, plugin and barmanObjectStore is required",
                        "internal/webhook/v1/cluster_webhook.go:1960"));
            }
        }
        if (names.size() != entries.size()) {
            out.add(new Violation(
                    "spec.externalClusters",
                    "the list of external clusters contains duplicate values",
                    "internal/webhook/v1/cluster_webhook.go:1941"));
        }
        String source = text(map(map(map(map(spec, "bootstrap"), "initdb"), "import"), "source"), "externalCluster");
        if (source != null && !names.contains(source)) {
            out.add(new Violation(
                    "spec.bootstrap.initdb.import.source.externalCluster",
                    "missing external cluster " + source,
                    "pkg/management/postgres/initdb.go:604-607 (the import Job fails on it)"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return parent != null && parent.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Map<String, Object> parent, String key) {
        Object v = parent == null ? null : parent.get(key);
        return v == null || v instanceof Map || v instanceof List ? null : String.valueOf(v);
    }

    private CnpgAdmission() {}
}
