package org.cnpgrehearsal.manifest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's CNPG {@code Cluster} manifest, read for the import. {@code raw} keeps the whole document so that the
 * manifest can be rewritten (for a rehearsal namespace, or a proposed fix) without losing anything the harness does
 * not model.
 */
public record ClusterManifest(
        Path file,
        String name,
        String namespace,
        String imageName,
        String storageSize,
        String walStorageSize,
        String initdbDatabase,
        String initdbOwner,
        ImportSpec importSpec,
        List<ExternalCluster> externalClusters,
        Map<String, Object> raw) {

    /** CNPG's defaults for {@code bootstrap.initdb.database} and {@code owner}. */
    public static final String DEFAULT_APP_DATABASE = "app";

    private static final Pattern IMAGE_MAJOR = Pattern.compile(":(\\d+)(?:[.\\-]|$)");

    public Optional<ExternalCluster> externalCluster(String name) {
        return externalClusters.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The external cluster the import reads from; present once the manifest has been validated. */
    /**
     * The target database an imported database lands in: a microservice import restores its one database into the
     * initdb database (CNPG's rule), a monolith keeps each database's name.
     */
    public String targetDatabase(String importedDatabase) {
        return importSpec().type() == ImportType.MICROSERVICE ? initdbDatabase : importedDatabase;
    }

    public ExternalCluster importSource() {
        return externalCluster(importSpec.sourceExternalCluster()).orElseThrow();
    }

    /** CNPG 1.30.0's default operand image ({@code POSTGRES_IMAGE_NAME}), used when a Cluster has no imageName. */
    public static final String OPERATOR_DEFAULT_IMAGE = "ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie";

    /**
     * {@code spec.postgresql.parameters}, values as text (CNPG writes them into the instance's configuration, where they
     * apply during the import too, under the import-only settings); empty when there are none.
     */
    public Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>();
        if (child(child(raw, "spec"), "postgresql").get("parameters") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    /**
     * A quantity of {@code spec.resources} for the instance ({@code cpu}, {@code memory}): its limit, else its request;
     * empty when the manifest sets neither.
     */
    public Optional<String> resource(String name) {
        Map<String, Object> resources = child(child(raw, "spec"), "resources");
        for (String kind : List.of("limits", "requests")) {
            Object v = child(resources, kind).get(name);
            if (v != null) {
                return Optional.of(String.valueOf(v));
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> node, String key) {
        return node.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The PostgreSQL major of {@code imageName} ("ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie" gives 17). */
    public OptionalInt imageMajor() {
        return majorOf(imageName);
    }

    /** The PostgreSQL major in an image's tag, when the tag starts with one. */
    public static OptionalInt majorOf(String image) {
        if (image == null) {
            return OptionalInt.empty();
        }
        Matcher m = IMAGE_MAJOR.matcher(image);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
