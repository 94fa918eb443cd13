package org.cnpgrehearsal.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.manifest.ManifestEditor;
import org.cnpgrehearsal.manifest.ToolOptions;
import org.cnpgrehearsal.manifest.ToolOptions.Tool;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.Sizes;

/**
 * The import's own knobs that --tune rehearses, each a pure function from what it depends on to the changes worth
 * measuring, or to why none is (with what was measured). To teach --tune a knob, add a function to {@link #ALL}.
 *
 * <p>Every change stays inside what CNPG's manifest allows, and every change that does more than change the speed says
 * what (the volume holds an uncompressed dump, pg_dump opens more sessions on the source, memory stays allotted after
 * the import). Parallel knobs stop at this machine's cores. A change that lowers a parallelism the manifest or
 * PostgreSQL already has, or that changes how the application's role comes over, is measured and shown, never adopted:
 * a machine with fewer cores than production cannot tell.
 */
final class Knobs {

    /** What the knobs' candidates depend on: the manifest as written, this machine, what its first import measured. */
    record Context(
            ClusterManifest manifest, int cores, int clientMajor, String appOwner, long seededBytes, Long walBytes) {}

    /** What one knob proposes: the changes to measure (one variant each), or why none is measured. */
    record Proposal(String knob, List<Change> changes, String skipped) {

        static Proposal of(String knob, Change... changes) {
            return new Proposal(knob, List.of(changes), null);
        }

        static Proposal skip(String knob, String reason) {
            return new Proposal(knob, List.of(), reason);
        }
    }

    @FunctionalInterface
    interface Knob {
        Proposal propose(Context c);
    }

    static final String DUMP_JOBS = "pg_dump --jobs";
    static final String DUMP_COMPRESSION = "dump compression";
    static final String RESTORE_JOBS = "pg_restore --jobs";
    static final String MAINTENANCE_WORK_MEM = "maintenance_work_mem";
    static final String PARALLEL_MAINTENANCE = "max_parallel_maintenance_workers";
    static final String MAX_WAL_SIZE = "max_wal_size";
    static final String IMPORT_TYPE = "monolith or microservice";

    static final List<Knob> ALL = List.of(
            Knobs::dumpJobs,
            Knobs::dumpCompression,
            Knobs::restoreJobs,
            Knobs::maintenanceWorkMem,
            Knobs::parallelMaintenanceWorkers,
            Knobs::maxWalSize,
            Knobs::importType);

    /** PostgreSQL's defaults of the parameters the knobs read (postgresql.conf.sample, 14 to 17). */
    static final long DEFAULT_MAINTENANCE_WORK_MEM = 64 * PgSize.MB;

    static final int DEFAULT_PARALLEL_MAINTENANCE_WORKERS = 2;
    static final long DEFAULT_MAX_WAL_SIZE = PgSize.GB;
    static final double DEFAULT_CHECKPOINT_COMPLETION_TARGET = 0.9;

    /** The memory an index build may take, as a share of the instance's memory per restore worker. */
    static final int MEMORY_SHARE = 4;

    /** What maintenance_work_mem is raised to, unless the instance's memory bounds it lower. */
    static final long MAINTENANCE_WORK_MEM_CANDIDATE = PgSize.GB;

    static List<Proposal> propose(Context c) {
        return ALL.stream().map(k -> k.propose(c)).toList();
    }

    /** pg_dump --jobs: directory format only, as many jobs as this machine has cores. */
    static Proposal dumpJobs(Context c) {
        ToolOptions dump = dumpOptions(c);
        int jobs = dump.last("--jobs").map(Knobs::count).orElse(1);
        if (c.cores() < 2) {
            return Proposal.skip(DUMP_JOBS, "this machine has 1 core: a parallel dump cannot be measured here");
        }
        if (jobs >= c.cores()) {
            return Proposal.skip(
                    DUMP_JOBS,
                    "pgDumpExtraOptions already runs --jobs=" + jobs + ", as many as this machine's " + c.cores()
                            + " cores");
        }
        Optional<String> format = dump.last("--format").filter(f -> !isDirectory(f));
        List<String> options =
                new ArrayList<>(format.isPresent() ? dump.without("--jobs", "--format") : dump.without("--jobs"));
        options.add("--jobs=" + c.cores());
        String sessions = "pg_dump opens " + (c.cores() + 1) + " sessions on the source as "
                + c.manifest().importSource().user()
                + " (its connection limit and the source's max_connections must allow them)";
        return Proposal.of(
                DUMP_JOBS,
                new Change(
                        DUMP_JOBS,
                        format.isPresent()
                                ? "pg_dump --format=directory --jobs=" + c.cores()
                                : "pg_dump --jobs=" + c.cores(),
                        m -> withImport(m, "pgDumpExtraOptions", options),
                        format.isPresent()
                                ? sessions + "; the dump becomes CNPG's directory format instead of --format="
                                        + format.get() + " (a folder, compressed alike; pg_restore reads either)"
                                : sessions,
                        null));
    }

    /** The compression of the dump: none, pg_dump's default, and what this client's major offers. */
    static Proposal dumpCompression(Context c) {
        ToolOptions dump = dumpOptions(c);
        String format = dump.last("--format").orElse("directory");
        if (Set.of("t", "tar", "p", "plain").contains(format)) {
            return Proposal.skip(DUMP_COMPRESSION, "--format=" + format + " is not compressed by pg_dump's archive");
        }
        String current = dump.last("--compress").orElse(DEFAULT_COMPRESSION);
        List<Change> changes = new ArrayList<>();
        for (Compression candidate : compressions(c.clientMajor())) {
            if (candidate.value().equals(current)) {
                continue;
            }
            List<String> options = new ArrayList<>(dump.without("--compress"));
            if (!candidate.value().equals(DEFAULT_COMPRESSION)) {
                options.add("--compress=" + candidate.value());
            }
            changes.add(new Change(
                    DUMP_COMPRESSION,
                    candidate.label(),
                    m -> withImport(m, "pgDumpExtraOptions", options),
                    candidate.consequence(),
                    null));
        }
        return new Proposal(DUMP_COMPRESSION, changes, null);
    }

    /** A value of pg_dump --compress ({@link #DEFAULT_COMPRESSION}: none given), how tables show it, what else it does. */
    record Compression(String value, String label, String consequence) {}

    /** pg_dump without --compress: gzip at zlib's default level for the directory and custom formats. */
    static final String DEFAULT_COMPRESSION = "";

    /** None, pg_dump's default, and what a pg_dump of {@code major} offers besides: gzip's fastest level, or lz4 and zstd. */
    static List<Compression> compressions(int major) {
        List<Compression> out = new ArrayList<>(List.of(
                new Compression(
                        "0",
                        "pg_dump --compress=0",
                        "the dump is stored uncompressed on the data volume, which must hold it next to the restored data"),
                new Compression(DEFAULT_COMPRESSION, "pg_dump's default compression", null)));
        if (major >= 16) {
            out.add(new Compression("lz4", "pg_dump --compress=lz4", "needs pg_restore 16 or newer (CNPG's image is)"));
            out.add(new Compression(
                    "zstd", "pg_dump --compress=zstd", "needs pg_restore 16 or newer (CNPG's image is)"));
        } else {
            out.add(new Compression(
                    "1", "pg_dump --compress=1", "a larger dump on the data volume than the default level (gzip 6)"));
        }
        return out;
    }

    /** pg_restore --jobs for the data and post-data sections, each in its own option list, up to the cores. */
    static Proposal restoreJobs(Context c) {
        ImportSpec spec = c.manifest().importSpec();
        ToolOptions data = ToolOptions.parse(Tool.PG_RESTORE, spec.restoreOptionsFor("data"));
        ToolOptions post = ToolOptions.parse(Tool.PG_RESTORE, spec.restoreOptionsFor("post-data"));
        if (data.has("--single-transaction") || post.has("--single-transaction")) {
            return Proposal.skip(
                    RESTORE_JOBS,
                    "the restore options have --single-transaction, which pg_restore refuses with --jobs");
        }
        if (c.cores() < 2) {
            return Proposal.skip(RESTORE_JOBS, "this machine has 1 core: a parallel restore cannot be measured here");
        }
        int dataJobs = data.last("--jobs").map(Knobs::count).orElse(1);
        int postJobs = post.last("--jobs").map(Knobs::count).orElse(1);
        if (dataJobs == c.cores() && postJobs == c.cores()) {
            return Proposal.skip(
                    RESTORE_JOBS,
                    "data and post-data already restore with --jobs=" + c.cores() + ", this machine's cores");
        }
        List<String> dataOptions = new ArrayList<>(data.without("--jobs"));
        dataOptions.add("--jobs=" + c.cores());
        List<String> postOptions = new ArrayList<>(post.without("--jobs"));
        postOptions.add("--jobs=" + c.cores());
        int asked = Math.max(dataJobs, postJobs);
        return Proposal.of(
                RESTORE_JOBS,
                new Change(
                        RESTORE_JOBS,
                        "pg_restore --jobs=" + c.cores() + " (data, post-data)",
                        m -> withImport(
                                withImport(m, "pgRestoreDataOptions", dataOptions),
                                "pgRestorePostdataOptions",
                                postOptions),
                        "set in pgRestoreDataOptions and pgRestorePostdataOptions, which replace pgRestoreExtraOptions "
                                + "for those sections (CNPG's rule): its other options are copied into both",
                        c.cores() < asked ? fewer("restore workers", asked, c.cores()) : null));
    }

    /** maintenance_work_mem for the index builds of post-data, bounded by the instance's memory when known. */
    static Proposal maintenanceWorkMem(Context c) {
        Long current = parameter(c, "maintenance_work_mem", PgSize.KB, DEFAULT_MAINTENANCE_WORK_MEM);
        if (current == null) {
            return Proposal.skip(MAINTENANCE_WORK_MEM, unreadable(c, "maintenance_work_mem"));
        }
        int postJobs = ToolOptions.parse(
                        Tool.PG_RESTORE, c.manifest().importSpec().restoreOptionsFor("post-data"))
                .last("--jobs")
                .map(Knobs::count)
                .orElse(1);
        long candidate = MAINTENANCE_WORK_MEM_CANDIDATE;
        Optional<Long> memory = c.manifest().resource("memory").flatMap(Knobs::memoryBytes);
        if (memory.isPresent()) {
            candidate = Math.min(candidate, memory.get() / MEMORY_SHARE / postJobs / PgSize.MB * PgSize.MB);
        }
        if (candidate <= current) {
            return Proposal.skip(
                    MAINTENANCE_WORK_MEM,
                    "maintenance_work_mem is " + PgSize.text(current) + " already"
                            + (memory.isPresent()
                                    ? ", as much as the instance's memory allows ("
                                            + c.manifest().resource("memory").get() + " / " + MEMORY_SHARE + " / "
                                            + postJobs + " restore workers)"
                                    : ""));
        }
        String value = PgSize.text(candidate);
        return Proposal.of(
                MAINTENANCE_WORK_MEM,
                new Change(
                        MAINTENANCE_WORK_MEM,
                        "maintenance_work_mem=" + value,
                        m -> ManifestEditor.withParameters(m, Map.of("maintenance_work_mem", value)),
                        "stays after the import: each index build, and each autovacuum worker "
                                + "(autovacuum_work_mem is -1), may take up to " + value
                                + (postJobs > 1
                                        ? "; " + postJobs + " restore workers build " + postJobs + " at once"
                                        : ""),
                        null));
    }

    /** max_parallel_maintenance_workers: up to the cores, or none when the restore's workers already take them. */
    static Proposal parallelMaintenanceWorkers(Context c) {
        String text = c.manifest().parameters().get(PARALLEL_MAINTENANCE);
        int current;
        try {
            current = text == null ? DEFAULT_PARALLEL_MAINTENANCE_WORKERS : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return Proposal.skip(PARALLEL_MAINTENANCE, unreadable(c, PARALLEL_MAINTENANCE));
        }
        int candidate = current < c.cores() ? c.cores() : 0;
        return Proposal.of(
                PARALLEL_MAINTENANCE,
                new Change(
                        PARALLEL_MAINTENANCE,
                        PARALLEL_MAINTENANCE + "=" + candidate,
                        m -> ManifestEditor.withParameters(m, Map.of(PARALLEL_MAINTENANCE, String.valueOf(candidate))),
                        candidate > current
                                ? "stays after the import; its workers come from max_worker_processes and "
                                        + "max_parallel_workers"
                                : null,
                        candidate < current ? fewer("parallel workers per index build", current, candidate) : null));
    }

    /**
     * max_wal_size: it matters only when the import writes more WAL than PostgreSQL lets pass before it forces a
     * checkpoint, max_wal_size / (1 + checkpoint_completion_target). Measured on the first import of the manifest as
     * written; below that, a larger max_wal_size cannot change this rehearsal, and the reason says at what size it would.
     */
    static Proposal maxWalSize(Context c) {
        Long current = parameter(c, MAX_WAL_SIZE, PgSize.MB, DEFAULT_MAX_WAL_SIZE);
        if (current == null) {
            return Proposal.skip(MAX_WAL_SIZE, unreadable(c, MAX_WAL_SIZE));
        }
        if (c.walBytes() == null) {
            return Proposal.skip(MAX_WAL_SIZE, "the WAL the import writes was not measured on this platform");
        }
        double target;
        try {
            String t = c.manifest().parameters().get("checkpoint_completion_target");
            target = t == null ? DEFAULT_CHECKPOINT_COMPLETION_TARGET : Double.parseDouble(t.trim());
        } catch (NumberFormatException e) {
            return Proposal.skip(MAX_WAL_SIZE, unreadable(c, "checkpoint_completion_target"));
        }
        long trigger = Math.round(current / (1 + target));
        if (c.walBytes() <= trigger) {
            long size = c.walBytes() > 0 ? Math.round((double) trigger * c.seededBytes() / c.walBytes()) : 0;
            return Proposal.skip(
                    MAX_WAL_SIZE,
                    String.format(
                            Locale.ROOT,
                            "the import as written wrote %s of WAL, less than the %s after which max_wal_size=%s "
                                    + "forces a checkpoint (max_wal_size / (1 + checkpoint_completion_target %.2f)): "
                                    + "no larger max_wal_size can change this rehearsal. Production writes more: "
                                    + "measure it with a fixture above about %s",
                            Sizes.human(c.walBytes()),
                            Sizes.human(trigger),
                            PgSize.text(current),
                            target,
                            Sizes.human(size)));
        }
        String value = PgSize.text(4 * current);
        return Proposal.of(
                MAX_WAL_SIZE,
                new Change(
                        MAX_WAL_SIZE,
                        "max_wal_size=" + value,
                        m -> ManifestEditor.withParameters(m, Map.of(MAX_WAL_SIZE, value)),
                        "pg_wal may grow to about " + value + " during the import ("
                                + (c.manifest().walStorageSize() == null ? "on the data volume" : "on the WAL volume")
                                + "), and checkpoints further apart make crash recovery longer",
                        null));
    }

    /** Microservice instead of monolith, where the manifest allows it: one database, no role but its owner. */
    static Proposal importType(Context c) {
        ImportSpec spec = c.manifest().importSpec();
        if (spec.type() == ImportType.MICROSERVICE) {
            return Proposal.skip(IMPORT_TYPE, "the manifest is microservice already");
        }
        if (spec.databases().size() != 1 || spec.allDatabases()) {
            return Proposal.skip(
                    IMPORT_TYPE, "microservice imports exactly one database, the manifest imports " + spec.databases());
        }
        List<String> others =
                spec.roles().stream().filter(r -> !r.equals(c.appOwner())).toList();
        if (!others.isEmpty()) {
            return Proposal.skip(IMPORT_TYPE, "microservice imports no role, the manifest imports " + others);
        }
        String db = spec.databases().get(0);
        String owner = c.appOwner();
        return Proposal.of(
                IMPORT_TYPE,
                new Change(
                        IMPORT_TYPE,
                        "type: microservice",
                        m -> ManifestEditor.withImport(
                                m,
                                Map.of(
                                        "type",
                                        ImportType.MICROSERVICE.yaml(),
                                        "roles",
                                        List.of(),
                                        "initdbDatabase",
                                        db,
                                        "initdbOwner",
                                        owner)),
                        "roles are not imported: " + owner + " is created by CNPG's initdb with a password of its own "
                                + "(the application's secret changes); the restore runs with --no-owner "
                                + "--no-privileges --role=" + owner + ", so " + owner
                                + " owns everything and grants to other roles are not restored",
                        "it changes how the application's role and its password come over: your decision, not a "
                                + "tuning"));
    }

    private static ToolOptions dumpOptions(Context c) {
        return ToolOptions.parse(Tool.PG_DUMP, c.manifest().importSpec().pgDumpExtraOptions());
    }

    private static boolean isDirectory(String format) {
        return format.equals("d") || format.equals("directory");
    }

    private static ClusterManifest withImport(ClusterManifest m, String key, List<String> options) {
        return ManifestEditor.withImport(m, Map.of(key, List.copyOf(options)));
    }

    /** A manifest parameter's bytes ({@code unit} for a bare number), its default when unset; null when unreadable. */
    private static Long parameter(Context c, String name, long unit, long fallback) {
        String text = c.manifest().parameters().get(name);
        return text == null ? Long.valueOf(fallback) : PgSize.bytes(text, unit);
    }

    private static String unreadable(Context c, String name) {
        return name + " '" + c.manifest().parameters().get(name) + "' is not a value this rehearsal reads";
    }

    private static String fewer(String what, int asked, int measured) {
        return "fewer " + what + " (" + measured + ") than the " + asked
                + " already asked for: this machine's cores cannot tell what production's would do with them";
    }

    private static int count(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** A Kubernetes memory quantity ("4Gi", "4096Mi", "4G") in bytes; empty when it is written another way. */
    private static Optional<Long> memoryBytes(String quantity) {
        try {
            return Optional.of(Sizes.parse(quantity));
        } catch (BadInputException e) {
            return Optional.empty();
        }
    }

    private Knobs() {}
}
