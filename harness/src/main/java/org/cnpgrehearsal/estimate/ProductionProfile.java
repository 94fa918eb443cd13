package org.cnpgrehearsal.estimate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.cnpgrehearsal.results.DatabaseShape;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.results.SizeFacts;
import org.cnpgrehearsal.util.BadInputException;

/**
 * What the estimate needs to know about the production database: the file {@code profile --out FILE} writes and
 * {@code estimate --profile FILE} reads. JSON, every size in bytes, unknown keys ignored, absent sizes are null:
 *
 * <pre>
 * {
 *   "postgresVersion": "17.4",            // server_version of the source
 *   "collectedAt": "2026-11-25T13:00:00Z",
 *   "databases": [ {
 *     "name": "mastodon",
 *     "databaseBytes": 250000000000,      // pg_database_size
 *     "tableBytes": 160000000000,         // sum of pg_table_size over user tables (heap + TOAST + maps)
 *     "indexBytes": 85000000000,          // sum of pg_indexes_size over user tables
 *     "toastBytes": 20000000000,          // the TOAST part of tableBytes
 *     "rows": 900000000,                  // sum of reltuples (or exact counts)
 *     "largeObjectBytes": 0,              // pg_table_size('pg_largeobject')
 *     "largestTables": [ {"name": "public.statuses", "tableBytes": 60000000000, "indexBytes": 30000000000, "rows": 300000000} ],
 *     "largestIndexes": [ {"name": "public.index_statuses_on_account_id", "bytes": 9000000000} ],
 *     "extensions": ["pg_stat_statements", "pg_stat_kcache", "set_user"],
 *     "shape": { "statisticsTarget": 100, "tables": [...], "indexes": [...], "foreignKeys": [...] }
 *   } ]
 * }
 * </pre>
 *
 * Only {@code databaseBytes} is required. Without a {@code shape} (tables, indexes, foreign keys: what
 * {@code profile} reads from the catalogs), production is taken to be shaped like the rehearsed fixture, scaled. {@code --production-size 250GB} is the profile
 * {@link #ofTotalSize(long)}: one database of that size and nothing else known.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductionProfile(String postgresVersion, Instant collectedAt, List<DatabaseProfile> databases) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatabaseProfile(
            String name,
            Long databaseBytes,
            Long tableBytes,
            Long indexBytes,
            Long toastBytes,
            Long rows,
            Long largeObjectBytes,
            List<TableSize> largestTables,
            List<IndexSize> largestIndexes,
            List<String> extensions,
            DatabaseShape shape) {
        public DatabaseProfile {
            largestTables = largestTables == null ? List.of() : List.copyOf(largestTables);
            largestIndexes = largestIndexes == null ? List.of() : List.copyOf(largestIndexes);
            extensions = extensions == null ? List.of() : List.copyOf(extensions);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TableSize(String name, Long tableBytes, Long indexBytes, Long rows) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IndexSize(String name, Long bytes) {}

    public ProductionProfile {
        databases = databases == null ? List.of() : List.copyOf(databases);
    }

    /** The profile {@code --production-size} stands for: one database of {@code bytes}, nothing else known. */
    public static ProductionProfile ofTotalSize(long bytes) {
        return new ProductionProfile(
                null,
                null,
                List.of(new DatabaseProfile(
                        "production", bytes, null, null, null, null, null, null, null, null, null)));
    }

    /** The profile of a rehearsed source, from its measured sizes and shape (to predict a rehearsed size). */
    public static ProductionProfile ofRehearsal(RehearsalFacts r) {
        SizeFacts.Source s = r.sizes() == null ? null : r.sizes().source();
        if (s == null) {
            throw new BadInputException("the rehearsal has no measured source database size to predict");
        }
        List<TableSize> largest = s.largestTable() == null
                ? null
                : List.of(
                        new TableSize(s.largestTable().name(), s.largestTable().bytes(), null, null));
        Integer major = r.environment().postgresVersions() == null
                ? null
                : r.environment().postgresVersions().sourceMajor();
        return new ProductionProfile(
                major == null ? null : major.toString(),
                null,
                List.of(new DatabaseProfile(
                        r.subject().scenario(),
                        s.databaseBytes(),
                        s.tableBytes(),
                        s.indexBytes(),
                        s.toastBytes(),
                        s.rows(),
                        s.largeObjectBytes(),
                        largest,
                        null,
                        null,
                        r.shape())));
    }

    public static ProductionProfile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("profile " + file
                    + " does not exist: write one with 'profile --out FILE' or pass --production-size SIZE");
        }
        ProductionProfile p;
        try {
            p = mapper().readValue(file.toFile(), ProductionProfile.class);
        } catch (IOException e) {
            throw new BadInputException(
                    "profile " + file + " is not a valid profile JSON: " + firstLine(e.getMessage()));
        }
        if (p == null || p.databases().isEmpty()) {
            throw new BadInputException(
                    "profile " + file + " lists no databases: it needs databases[] with databaseBytes");
        }
        for (DatabaseProfile d : p.databases()) {
            if (d.databaseBytes() == null || d.databaseBytes() < 0) {
                throw new BadInputException("profile " + file + ": database '" + d.name() + "' has no databaseBytes");
            }
        }
        return p;
    }

    public void write(Path file) throws IOException {
        mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    // ---- totals over all databases; null when any database does not know the value ----

    @JsonIgnore
    public long databaseBytes() {
        return databases.stream()
                .mapToLong(d -> d.databaseBytes() == null ? 0 : d.databaseBytes())
                .sum();
    }

    @JsonIgnore
    public Long tableBytes() {
        return sum(DatabaseProfile::tableBytes);
    }

    @JsonIgnore
    public Long indexBytes() {
        return sum(DatabaseProfile::indexBytes);
    }

    @JsonIgnore
    public Long toastBytes() {
        return sum(DatabaseProfile::toastBytes);
    }

    @JsonIgnore
    public Long largeObjectBytes() {
        return sum(DatabaseProfile::largeObjectBytes);
    }

    @JsonIgnore
    public Long rows() {
        return sum(DatabaseProfile::rows);
    }

    /** The shapes of all databases together; null when a database has none. */
    @JsonIgnore
    public DatabaseShape shape() {
        if (databases.isEmpty()
                || databases.stream()
                        .anyMatch(d -> d.shape() == null || d.shape().isEmpty())) {
            return null;
        }
        return new DatabaseShape(
                databases.get(0).shape().statisticsTarget(),
                databases.stream().flatMap(d -> d.shape().tables().stream()).toList(),
                databases.stream().flatMap(d -> d.shape().indexes().stream()).toList(),
                databases.stream()
                        .flatMap(d -> d.shape().foreignKeys().stream())
                        .toList());
    }

    /** The largest table over all databases, by name; null when no database lists its largest tables. */
    @JsonIgnore
    public TableSize largestTable() {
        return databases.stream()
                .flatMap(d -> d.largestTables().stream())
                .filter(t -> t.tableBytes() != null)
                .max((a, b) -> Long.compare(a.tableBytes(), b.tableBytes()))
                .orElse(null);
    }

    @JsonIgnore
    public List<String> extensions() {
        return databases.stream()
                .flatMap(d -> d.extensions().stream())
                .distinct()
                .sorted()
                .toList();
    }

    private Long sum(Function<DatabaseProfile, Long> f) {
        long total = 0;
        for (DatabaseProfile d : databases) {
            Long v = f.apply(d);
            if (v == null) {
                return null;
            }
            total += v;
        }
        return databases.isEmpty() ? null : total;
    }
}
