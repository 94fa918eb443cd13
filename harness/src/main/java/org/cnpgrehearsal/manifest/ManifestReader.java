package org.cnpgrehearsal.manifest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.util.BadInputException;

/**
 * Reads a CNPG Cluster manifest and checks the rules CNPG itself enforces on {@code bootstrap.initdb.import}. Every
 * problem is bad input: one line naming the file, the field and what is allowed.
 */
public final class ManifestReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static ClusterManifest read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(
                    "manifest " + file + " does not exist: pass your CNPG Cluster manifest with --manifest FILE");
        } catch (IOException e) {
            throw new BadInputException("manifest " + file + " cannot be read: " + e.getMessage());
        }
        return parse(file, text);
    }

    @SuppressWarnings("unchecked")
    public static ClusterManifest parse(Path file, String text) {
        Map<String, Object> raw;
        try {
            Object doc = YAML.readValue(text, Object.class);
            if (!(doc instanceof Map)) {
                throw new BadInputException(
                        "manifest " + file + " is not a YAML mapping: it must be one CNPG Cluster resource");
            }
            raw = (Map<String, Object>) doc;
        } catch (JacksonException e) {
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new BadInputException("manifest " + file + " is not valid YAML" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        return new ManifestReader(file, raw).manifest();
    }

    private final Path file;
    private final Map<String, Object> raw;

    private ManifestReader(Path file, Map<String, Object> raw) {
        this.file = file;
        this.raw = raw;
    }

    private ClusterManifest manifest() {
        String kind = string(raw, "kind", null);
        String apiVersion = string(raw, "apiVersion", null);
        if (!"Cluster".equals(kind) || apiVersion == null || !apiVersion.startsWith("postgresql.cnpg.io/")) {
            throw bad(
                    "kind/apiVersion",
                    "must be kind: Cluster with apiVersion: postgresql.cnpg.io/v1 (found " + kind + ", " + apiVersion
                            + ")");
        }
        Map<String, Object> metadata = map(raw, "metadata", true);
        String name = string(metadata, "name", "metadata.name");
        String namespace = string(metadata, "namespace", null);
        Map<String, Object> spec = map(raw, "spec", true);
        Map<String, Object> bootstrap = map(spec, "bootstrap", false);
        Map<String, Object> initdb = bootstrap == null ? null : map(bootstrap, "initdb", false);
        Map<String, Object> imp = initdb == null ? null : map(initdb, "import", false);
        if (imp == null) {
            throw bad(
                    "spec.bootstrap.initdb.import",
                    "is missing: the rehearsal needs a Cluster that bootstraps with initdb.import");
        }
        String database = string(initdb, "database", null);
        String owner = string(initdb, "owner", null);
        if (database == null) {
            database = ClusterManifest.DEFAULT_APP_DATABASE;
        }
        if (owner == null) {
            owner = database;
        }
        ImportSpec importSpec = importSpec(imp);
        List<ExternalCluster> externals = externalClusters(spec);
        if (externals.stream().noneMatch(e -> e.name().equals(importSpec.sourceExternalCluster()))) {
            throw bad(
                    "spec.bootstrap.initdb.import.source.externalCluster",
                    "names '" + importSpec.sourceExternalCluster()
                            + "', which is not in spec.externalClusters (add an entry with that name)");
        }
        Map<String, Object> storage = map(spec, "storage", false);
        Map<String, Object> walStorage = map(spec, "walStorage", false);
        return new ClusterManifest(
                file,
                name,
                namespace,
                string(spec, "imageName", null),
                storage == null ? null : scalar(storage, "size"),
                walStorage == null ? null : scalar(walStorage, "size"),
                database,
                owner,
                importSpec,
                externals,
                raw);
    }

    private ImportSpec importSpec(Map<String, Object> imp) {
        String prefix = "spec.bootstrap.initdb.import.";
        String typeText = string(imp, "type", prefix + "type");
        ImportType type;
        try {
            type = ImportType.valueOf(typeText.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw bad(prefix + "type", "must be monolith or microservice (found '" + typeText + "')");
        }
        List<String> databases = strings(imp, "databases", prefix);
        List<String> roles = strings(imp, "roles", prefix);
        if (databases.isEmpty()) {
            throw bad(prefix + "databases", "must list at least one database");
        }
        if (type == ImportType.MICROSERVICE) {
            if (databases.size() != 1 || databases.contains(ImportSpec.WILDCARD)) {
                throw bad(
                        prefix + "databases",
                        "must name exactly one database for type microservice (found " + databases + ")");
            }
            if (!roles.isEmpty()) {
                throw bad(prefix + "roles", "must be empty for type microservice: roles are imported by monolith only");
            }
        }
        wildcardAlone(databases, prefix + "databases");
        wildcardAlone(roles, prefix + "roles");
        Map<String, Object> source = map(imp, "source", true, prefix + "source");
        String external = string(source, "externalCluster", prefix + "source.externalCluster");
        Object schemaOnly = imp.getOrDefault("schemaOnly", false);
        if (!(schemaOnly instanceof Boolean)) {
            throw bad(prefix + "schemaOnly", "must be true or false (found '" + schemaOnly + "')");
        }
        return new ImportSpec(
                type,
                databases,
                roles,
                external,
                (Boolean) schemaOnly,
                strings(imp, "pgDumpExtraOptions", prefix),
                strings(imp, "pgRestoreExtraOptions", prefix),
                strings(imp, "pgRestorePredataOptions", prefix),
                strings(imp, "pgRestoreDataOptions", prefix),
                strings(imp, "pgRestorePostdataOptions", prefix),
                strings(imp, "postImportApplicationSQL", prefix));
    }

    private void wildcardAlone(List<String> values, String field) {
        if (values.contains(ImportSpec.WILDCARD) && values.size() > 1) {
            throw bad(field, "uses '*' next to other names: '*' must stand alone (found " + values + ")");
        }
    }

    private List<ExternalCluster> externalClusters(Map<String, Object> spec) {
        Object list = spec.get("externalClusters");
        if (list == null) {
            return List.of();
        }
        if (!(list instanceof List<?> items)) {
            throw bad("spec.externalClusters", "must be a list of entries with name and connectionParameters");
        }
        List<ExternalCluster> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = "spec.externalClusters[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?>)) {
                throw bad(field, "must be a mapping with name and connectionParameters");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) items.get(i);
            String name = string(entry, "name", field + ".name");
            Map<String, Object> params = map(entry, "connectionParameters", false, field + ".connectionParameters");
            Map<String, String> connection = new LinkedHashMap<>();
            if (params != null) {
                params.forEach((k, v) -> connection.put(k, String.valueOf(v)));
            }
            result.add(new ExternalCluster(
                    name,
                    Map.copyOf(connection),
                    secret(entry, "password", field),
                    secret(entry, "sslCert", field),
                    secret(entry, "sslKey", field),
                    secret(entry, "sslRootCert", field)));
        }
        return result;
    }

    private SecretRef secret(Map<String, Object> entry, String key, String field) {
        Map<String, Object> ref = map(entry, key, false, field + "." + key);
        if (ref == null) {
            return null;
        }
        return new SecretRef(
                string(ref, "name", field + "." + key + ".name"), string(ref, "key", field + "." + key + ".key"));
    }

    private Map<String, Object> map(Map<String, Object> parent, String key, boolean required) {
        return map(parent, key, required, key);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Map<String, Object> parent, String key, boolean required, String field) {
        Object value = parent.get(key);
        if (value == null) {
            if (required) {
                throw bad(field, "is missing");
            }
            return null;
        }
        if (!(value instanceof Map)) {
            throw bad(field, "must be a mapping (found '" + value + "')");
        }
        return (Map<String, Object>) value;
    }

    private String string(Map<String, Object> parent, String key, String requiredField) {
        Object value = parent.get(key);
        if (value == null) {
            if (requiredField != null) {
                throw bad(requiredField, "is missing");
            }
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw bad(requiredField == null ? key : requiredField, "must be a single value (found '" + value + "')");
        }
        return String.valueOf(value);
    }

    private String scalar(Map<String, Object> parent, String key) {
        return string(parent, key, null);
    }

    private List<String> strings(Map<String, Object> parent, String key, String prefix) {
        Object value = parent.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)
                || items.stream().anyMatch(i -> i instanceof Map || i instanceof List || i == null)) {
            throw bad(prefix + key, "must be a list of strings (found '" + value + "')");
        }
        return items.stream().map(String::valueOf).toList();
    }

    private BadInputException bad(String field, String problem) {
        return new BadInputException("manifest " + file + ": " + field + " " + problem);
    }
}
