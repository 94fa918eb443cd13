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
import org.cnpgrehearsal.fixture.profile.SchemaProfile;
import org.cnpgrehearsal.fixture.profile.SchemaProfiler;
import org.cnpgrehearsal.fixture.synth.ProfileFixture;
import org.cnpgrehearsal.fixture.synth.SeedReport;
import org.cnpgrehearsal.platform.local.LocalServer;
import org.cnpgrehearsal.platform.local.ServerBinaries;
import org.cnpgrehearsal.timeline.PhaseHandle;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.PgConnection;
import org.cnpgrehearsal.util.Processes;
import org.cnpgrehearsal.util.ProjectPaths;
import org.cnpgrehearsal.util.Sizes;

/**
 * Seeding speed: the default fixture ({@link MastodonFixture}) against {@code pgbench -i} on one embedded server,
 * to the same on-disk size. Prints both throughputs (bytes of database growth per second) and their ratio.
 * Arguments: [size, default 1GB] [pgbench program, default /usr/lib/postgresql/15/bin/pgbench].
 */
public final class SeedBenchmark {

    /** On-disk bytes of one pgbench scale unit (100,000 accounts with the primary keys), measured on PostgreSQL 15. */
    private static final double PGBENCH_BYTES_PER_SCALE = 15_400_000;

    public static void main(String[] args) throws Exception {
        long target = Sizes.parse(args.length > 0 ? args[0] : "1GB");
        String pgbench = args.length > 1 ? args[1] : "/usr/lib/postgresql/15/bin/pgbench";
        if (!Files.isExecutable(Path.of(pgbench))) {
            System.err.println("pgbench not found at " + pgbench + ": pass its path as the second argument");
            System.exit(2);
        }
        Path home = Files.createTempDirectory("seed-bench-");
        OsUser user = OsUser.forServers();
        String password = "bench-" + System.nanoTime();
        LocalServer server = new LocalServer("bench", ServerBinaries.forMajor(15), home, user);
        boolean slower;
        try {
            server.initdb(password, List.of("--auth-local=trust", "--auth-host=scram-sha-256"));
            server.writeFile("pg_hba.conf", "local all all trust\nhost all all all scram-sha-256\n");
            server.start();
            PgConnection admin = new PgConnection("127.0.0.1", server.port(), "postgres", "postgres", password, null, null);
            try (Connection c = admin.open(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE app LOGIN");
                s.execute("CREATE DATABASE harness OWNER app");
                s.execute("CREATE DATABASE bench");
            }
            PgConnection harnessDb = admin.withDatabase("harness");
            long emptyHarness = size(harnessDb);
            System.out.printf(Locale.ROOT, "seeding the default fixture to %s ...%n", Sizes.human(target));
            long t0 = System.nanoTime();
            long reached = new MastodonFixture(ProjectPaths.fixtures()).seed(harnessDb, "app", target, false, quiet());
            double harnessSeconds = (System.nanoTime() - t0) / 1e9;
            long harnessBytes = reached - emptyHarness;
            checkpoint(admin);

            PgConnection benchDb = admin.withDatabase("bench");
            long emptyBench = size(benchDb);
            int scale = (int) Math.max(1, Math.round(harnessBytes / PGBENCH_BYTES_PER_SCALE));
            System.out.printf(Locale.ROOT, "pgbench -i -s %d ...%n", scale);
            List<String> cmd = new ArrayList<>(List.of(pgbench, "-i", "-s", Integer.toString(scale), "-q",
                    "-h", "127.0.0.1", "-p", Integer.toString(server.port()), "-U", "postgres", "bench"));
            long t1 = System.nanoTime();
            Processes.check(OsUser.SELF, cmd, Map.of("PGPASSWORD", password));
            double pgbenchSeconds = (System.nanoTime() - t1) / 1e9;
            long pgbenchBytes = size(benchDb) - emptyBench;

            checkpoint(admin);
            // like for like: the harness's profile fixture of the very schema pgbench -i built, at scale 1
            try (Connection c = admin.open(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE twin OWNER app");
            }
            SchemaProfile profile = SchemaProfiler.capture(benchDb, false);
            PgConnection twinDb = admin.withDatabase("twin");
            long emptyTwin = size(twinDb);
            System.out.println("profile fixture of the pgbench schema, scale 1 ...");
            long t2 = System.nanoTime();
            SeedReport twin = ProfileFixture.seedWithReport(twinDb, "app", profile, 1.0, ProfileFixture.defaultStreams(), quiet());
            double twinSeconds = (System.nanoTime() - t2) / 1e9;
            long twinBytes = twin.databaseBytes() - emptyTwin;
            double twinRate = twinBytes / twinSeconds;

            double harnessRate = harnessBytes / harnessSeconds;
            double pgbenchRate = pgbenchBytes / pgbenchSeconds;
            System.out.printf(Locale.ROOT, "harness (MastodonFixture): %s in %.1f s = %s/s%n",
                    Sizes.human(harnessBytes), harnessSeconds, Sizes.human((long) harnessRate));
            System.out.printf(Locale.ROOT, "pgbench -i -s %d:          %s in %.1f s = %s/s%n",
                    scale, Sizes.human(pgbenchBytes), pgbenchSeconds, Sizes.human((long) pgbenchRate));
            System.out.printf(Locale.ROOT, "ratio harness/pgbench: %.2f (%s)%n", harnessRate / pgbenchRate,
                    harnessRate >= pgbenchRate ? "harness at least as fast" : "harness SLOWER than pgbench -i");
            System.out.printf(Locale.ROOT, "harness profile fixture of the pgbench schema: %s in %.1f s = %s/s, ratio to pgbench -i %.2f%n",
                    Sizes.human(twinBytes), twinSeconds, Sizes.human((long) twinRate), twinRate / pgbenchRate);
            slower = harnessRate < pgbenchRate;
        } finally {
            server.stopQuietly();
            Processes.check(OsUser.SELF, List.of("rm", "-rf", home.toString()), Map.of());
        }
        // after the finally block: System.exit inside it would leave the server running
        System.exit(slower ? 1 : 0);
    }

    private static long size(PgConnection db) throws Exception {
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void checkpoint(PgConnection admin) throws Exception {
        try (Connection c = admin.open(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    private static PhaseHandle quiet() {
        return new PhaseHandle() {
            private final long start = System.nanoTime();

            @Override
            public void bytes(long bytes) {
            }

            @Override
            public void detail(String detail) {
                System.out.println("  " + detail);
            }

            @Override
            public void progress(String text) {
                System.out.printf(Locale.ROOT, "  %6.1f s  %s%n", (System.nanoTime() - start) / 1e9, text);
            }
        };
    }

    private SeedBenchmark() {
    }
}
