package org.cnpgrehearsal.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Durations;
import org.cnpgrehearsal.util.ProjectPaths;
import org.cnpgrehearsal.util.Sizes;

/** The scenarios in {@code scenarios/}, loaded strictly: unknown keys and wrong types are bad input. */
public final class ScenarioCatalog {

    public static final String DEFAULT = "happy-path";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Set<String> GRANTS =
            Set.of("pg_read_all_data", "superuser", "large-objects", "lo_compat_privileges", "bypassrls");
    private static final Set<String> ENCRYPTIONS = Set.of("scram-sha-256", "md5");
    private static final Set<String> TLS = Set.of("matching-ca", "wrong-ca");
    private static final Set<String> OUTCOMES = Set.of("success", "failure");
    private static final Set<String> STRATEGIES = Set.of("offline", "online", "physical");
    private static final Set<String> LARGE_OBJECTS = Set.of("copy", "leave");
    private static final Set<String> IMPORT_KEYS = Stream.concat(
                    Stream.of(
                            "type",
                            "databases",
                            "roles",
                            "schemaOnly",
                            "postImportApplicationSQL",
                            "initdbDatabase",
                            "initdbOwner"),
                    ImportSpec.OPTION_FIELDS.stream())
            .collect(Collectors.toUnmodifiableSet());

    private final Path folder;

    public ScenarioCatalog(Path folder) {
        this.folder = folder;
    }

    public static ScenarioCatalog builtIn() {
        return new ScenarioCatalog(ProjectPaths.scenarios());
    }

    /** Every scenario of the folder, by name. */
    public List<Scenario> all() {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> yamls = files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
            List<Scenario> result = new ArrayList<>();
            for (Path p : yamls) {
                result.add(load(p));
            }
            return result;
        } catch (IOException e) {
            throw new BadInputException("scenario folder " + folder
                    + " cannot be read: run from the project folder or pass --scenario FILE");
        }
    }

    /** A scenario by name from the folder, or from a YAML file path. */
    public Scenario find(String nameOrFile) {
        Path asFile = Path.of(nameOrFile);
        if (nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml")) {
            if (!Files.isRegularFile(asFile)) {
                throw new BadInputException("scenario file " + nameOrFile + " does not exist");
            }
            return load(asFile);
        }
        Path named = folder.resolve(nameOrFile + ".yaml");
        if (!Files.isRegularFile(named)) {
            throw new BadInputException("unknown scenario '" + nameOrFile + "': choose one of " + names()
                    + " (see: scenarios list) or pass a YAML file");
        }
        return load(named);
    }

    public List<String> names() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static Scenario load(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Scenario s;
        try {
            s = YAML.readValue(file.toFile(), Scenario.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException("scenario " + file + ": unknown key '" + path(e) + "' (allowed here: "
                    + e.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", ")) + ")");
        } catch (MismatchedInputException e) {
            throw new BadInputException("scenario " + file + ": key '" + path(e) + "' has the wrong type (expected "
                    + e.getTargetType()
                            .getSimpleName()
                            .replace("List", "a list")
                            .replace("Integer", "a whole number")
                            .replace("String", "text")
                            .replace("Boolean", "true or false")
                    + ")");
        } catch (IOException e) {
            throw new BadInputException("scenario " + file + " is not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (s == null) {
            throw new BadInputException("scenario " + file + " is empty");
        }
        s = s.withName(name);
        validate(file, s);
        return s;
    }

    private static void validate(Path file, Scenario s) {
        allowed(file, "source.grants", s.source().grants(), GRANTS);
        allowed(file, "source.passwordEncryption", List.of(s.source().passwordEncryption()), ENCRYPTIONS);
        allowed(file, "source.tls", List.of(s.source().tls()), TLS);
        allowed(file, "expect.outcome", List.of(s.expect().outcome()), OUTCOMES);
        allowed(file, "target.import", s.target().importOverrides().keySet(), IMPORT_KEYS);
        if (s.migration().strategy() != null) {
            allowed(file, "migration.strategy", List.of(s.migration().strategy()), STRATEGIES);
        }
        allowed(file, "migration.largeObjects", List.of(s.migration().largeObjects()), LARGE_OBJECTS);
        if (s.migration().writeRate() != null && s.migration().writeRate() < 0) {
            throw new BadInputException("scenario " + file + ": migration.writeRate is negative: give statements a "
                    + "second, 0 for no write load");
        }
        if (s.expect().cause() != null) {
            allowed(file, "expect.cause", List.of(s.expect().cause()), Cause.codes());
        }
        if (s.expect().phase() != null) {
            allowed(file, "expect.phase", List.of(s.expect().phase()), Set.copyOf(Phases.ALL));
        }
        Scenario.DuringDump hook = s.source().duringDump();
        if (hook != null
                && (hook.after() == null || hook.after().isBlank() || hook.sql().isEmpty())) {
            throw new BadInputException(
                    "scenario " + file
                            + ": source.duringDump needs 'after' (text of a pg_dump --verbose line) and 'sql' (statements to run then)");
        }
        if (s.source().locale() != null && !s.source().locale().matches("[A-Za-z]{2,3}_[A-Z]{2}\\.(UTF-8|utf8)")) {
            throw new BadInputException("scenario " + file + ": key 'source.locale' does not allow '"
                    + s.source().locale() + "' (a glibc locale such as en_US.UTF-8, as Spilo's initdb uses)");
        }
        if (!s.expect().success() && s.expect().cause() == null) {
            throw new BadInputException("scenario " + file
                    + ": expect.cause is required when expect.outcome is failure (one of " + Cause.codes() + ")");
        }
        try {
            if (s.fixture().size() != null) {
                Sizes.parse(s.fixture().size());
            }
            if (s.target().storageSize() != null) {
                RelativeSize.parse(s.target().storageSize());
            }
            if (s.migration().writeDuration() != null) {
                Durations.parse("migration.writeDuration", s.migration().writeDuration(), "s");
            }
        } catch (BadInputException e) {
            throw new BadInputException("scenario " + file + ": " + e.getMessage());
        }
    }

    private static void allowed(Path file, String key, Collection<String> values, Set<String> allowed) {
        for (String v : values) {
            if (!allowed.contains(v)) {
                throw new BadInputException("scenario " + file + ": key '" + key + "' does not allow '" + v
                        + "' (allowed: " + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
