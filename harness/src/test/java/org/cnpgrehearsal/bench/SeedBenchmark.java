package org.cnpgrehearsal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnpgrehearsal.fixture.MastodonFixture;
import org.cnpgrehearsal.fixture.SeedGraph;
import org.cnpgrehearsal.fixture.profile.SchemaProfile;
import org.cnpgrehearsal.fixture.profile.SchemaProfiler;
import org.cnpgrehearsal.fixture.synth.ProfileFixture;
import org.cnpgrehearsal.platform.local.LocalServer;
import org.cnpgrehearsal.platform.local.ServerBinaries;
import org.cnpgrehearsal.timeline.PhaseHandle;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Processes;
import org.cnpgrehearsal.util.ProjectPaths;
import org.cnpgrehearsal.util.Sizes;

/**
 * Seeding speed: the default fixture ({@link MastodonFixture}) against {@code pgbench -i} on one embedded server, to
 * the same on-disk size. After one untimed warm-up of each (it fills the new cluster's WAL segments, which a fresh
 * cluster otherwise creates at the expense of whoever writes first, and compiles the generator), they run in
 * alternating rounds, each into a new database after a CHECKPOINT; prints every round, the median throughputs (bytes
 * of database growth per second) and their ratio, then, like for like, the profile fixture of pgbench's own schema.
 * Arguments: [size, default 1GB] [rounds, default 3] [pgbench program, default /usr/lib/postgresql/15/bin/pgbench].
 */
public final class SeedBenchmark {

    /** On-disk bytes of one pgbench scale unit (100,000 accounts with the primary keys), measured on PostgreSQL 15. */
    private static final double PGBENCH_BYTES_PER_SCALE = 15_400_000;

    public static void main(String[] args) throws Exception {
        long target = Sizes.parse(args.length > 0 ? args[0] : "1GB");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String pgbench = args.length > 2 ? args[2] : "/usr/lib/postgresql/15/bin/pgbench";
        if (!Files.isExecutable(Path.of(pgbench))) {
            System.err.println("pgbench not found at " + pgbench + ": pass its path as the third argument");
            System.exit(2);
        }
        int scale = (int) Math.max(1, Math.round(target / PGBENCH_BYTES_PER_SCALE));
        Path home = Files.createTempDirectory("seed-bench-");
        OsUser user = OsUser.forServers();
        String password = "bench-" + System.nanoTime();
        LocalServer server = new LocalServer("bench", ServerBinaries.forMajor(15), home, user);
        boolean slower;
        try {
            server.initdb(password, List.of("--auth-local=trust", "--auth-host=scram-sha-256"));
            server.writeFile("pg_hba.conf", "local all all trust\nhost all all all scram-sha-256\n");
            server.start();
            PgConnection admin =
                    new PgConnection("127.0.0.1", server.port(), "postgres", "postgres", password, null, null);
            execute(admin, "CREATE ROLE app LOGIN");
            Runner harness = db -> new MastodonFixture(ProjectPaths.fixtures()).seed(db, "app", target, false, quiet());
            Runner bench = db -> {
                Processes.check(
                        OsUser.SELF,
                        List.of(
                                pgbench,
                                "-i",
                                "-s",
                                Integer.toString(scale),
                                "-q",
                                "-h",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(server.port()),
                                "-U",
                                "postgres",
                                db.database()),
                        Map.of("PGPASSWORD", password));
                return size(db);
            };
            System.out.printf(
                    Locale.ROOT,
                    "warm-up (untimed): the default fixture at %s, pgbench -i -s %d%n",
                    Sizes.human(target),
                    scale);
            round(admin, "warmup", harness);
            round(admin, "warmup", bench);
            List<double[]> harnessRuns = new ArrayList<>();
            List<double[]> benchRuns = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                boolean harnessFirst = r % 2 == 1;
                for (int k = 0; k < 2; k++) {
                    boolean isHarness = harnessFirst == (k == 0);
                    double[] run = round(admin, "round" + r, isHarness ? harness : bench);
                    (isHarness ? harnessRuns : benchRuns).add(run);
                    System.out.printf(
                            Locale.ROOT,
                            "round %d  %-28s %s in %.2f s = %s/s%n",
                            r,
                            isHarness ? "default fixture:" : "pgbench -i -s " + scale + ":",
                            Sizes.human((long) run[0]),
                            run[1],
                            Sizes.human((long) (run[0] / run[1])));
                }
            }
            double harnessRate = medianRate(harnessRuns);
            double benchRate = medianRate(benchRuns);
            System.out.printf(
                    Locale.ROOT,
                    "median throughput over %d rounds: default fixture %s/s, pgbench -i %s/s%n",
                    rounds,
                    Sizes.human((long) harnessRate),
                    Sizes.human((long) benchRate));
            System.out.printf(
                    Locale.ROOT,
                    "ratio harness/pgbench: %.2f (%s)%n",
                    harnessRate / benchRate,
                    harnessRate >= benchRate ? "harness at least as fast" : "harness SLOWER than pgbench -i");
            slower = harnessRate < benchRate;
            twin(admin, bench, benchRate);
        } finally {
            server.stopImmediately();
            Processes.check(OsUser.SELF, List.of("rm", "-rf", home.toString()), Map.of());
        }
        // after the finally block: System.exit inside it would leave the server running
        System.exit(slower ? 1 : 0);
    }

    /** Like for like: the harness's profile fixture of the very schema pgbench -i builds, at scale 1. */
    private static void twin(PgConnection admin, Runner pgbench, double benchRate) throws Exception {
        execute(admin, "CREATE DATABASE pgbench_schema");
        PgConnection source = admin.withDatabase("pgbench_schema");
        pgbench.seed(source);
        SchemaProfile profile = SchemaProfiler.capture(source, false);
        double[] run = round(
                admin,
                "twin",
                db -> ProfileFixture.seedWithReport(db, "app", profile, 1.0, SeedGraph.defaultSessions(), quiet())
                        .databaseBytes());
        System.out.printf(
                Locale.ROOT,
                "like for like, the profile fixture of pgbench's schema: %s in %.2f s = %s/s, ratio to pgbench -i %.2f%n",
                Sizes.human((long) run[0]),
                run[1],
                Sizes.human((long) (run[0] / run[1])),
                run[0] / run[1] / benchRate);
    }

    /** Seeds a new database {@code name} owned by app after a CHECKPOINT, drops it; returns {bytes grown, seconds}. */
    private static double[] round(PgConnection admin, String name, Runner runner) throws Exception {
        execute(admin, "CREATE DATABASE " + name + " OWNER app");
        PgConnection db = admin.withDatabase(name);
        long empty = size(db);
        execute(admin, "CHECKPOINT");
        long t0 = System.nanoTime();
        long reached = runner.seed(db);
        double seconds = (System.nanoTime() - t0) / 1e9;
        execute(admin, "DROP DATABASE " + name);
        execute(admin, "CHECKPOINT");
        return new double[] {reached - empty, seconds};
    }

    private static double medianRate(List<double[]> runs) {
        double[] rates = runs.stream().mapToDouble(r -> r[0] / r[1]).sorted().toArray();
        return rates.length % 2 == 1
                ? rates[rates.length / 2]
                : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
    }

    @FunctionalInterface
    private interface Runner {
        long seed(PgConnection db) throws Exception;
    }

    private static void execute(PgConnection db, String sql) throws Exception {
        try (Connection c = db.open();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long size(PgConnection db) throws Exception {
        try (Connection c = db.open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PhaseHandle quiet() {
        return new PhaseHandle() {
            @Override
            public void bytes(long bytes) {}

            @Override
            public void detail(String detail) {}

            @Override
            public void progress(String text) {}
        };
    }

    private SeedBenchmark() {}
}
