package org.cnpgrehearsal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.cnpgrehearsal.fixture.MastodonFixture;
import org.cnpgrehearsal.importer.CommandRecord;
import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.importer.LocalImport;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.model.Credentials;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.platform.local.LocalPlatform;
import org.cnpgrehearsal.platform.local.LocalServer;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import org.cnpgrehearsal.source.ZalandoSource;
import org.cnpgrehearsal.timeline.Phases;
import org.cnpgrehearsal.timeline.Timeline;
import org.cnpgrehearsal.util.ClientTools;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.ProjectPaths;
import org.cnpgrehearsal.util.Sizes;

/**
 * The harness's import against a plain shell script running the same pg_dump, pg_restore and ANALYZE commands on the
 * same data, on the same servers, alternating, and the ratio of their import times (dump through ANALYZE). Usage:
 * {@code java -cp harness/target/cnpg-rehearsal.jar:harness/target/cnpg-rehearsal-tests.jar org.cnpgrehearsal.bench.ImportOverheadBenchmark [SIZE] [ROUNDS]}.
 */
public final class ImportOverheadBenchmark {

    private static final List<String> TIMED = List.of(
            Phases.DUMP, Phases.RESTORE_PRE_DATA, Phases.RESTORE_DATA, Phases.RESTORE_POST_DATA, Phases.ANALYZE);

    public static void main(String[] args) throws Exception {
        long bytes = Sizes.parse(args.length > 0 ? args[0] : "500MB");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ClientTools tools = ClientTools.find(null, null);
        ClusterManifest manifest = ManifestReader.read(ProjectPaths.defaultManifest());
        RehearsalPlan plan = new RehearsalPlan(
                ScenarioCatalog.builtIn().find(ScenarioCatalog.DEFAULT),
                manifest,
                bytes,
                tools.major(),
                tools.major(),
                new Credentials(),
                false);
        OsUser user = OsUser.forServers();
        try (LocalPlatform platform = new LocalPlatform(tools, user)) {
            Timeline setup = new Timeline();
            platform.provision(plan, setup);
            long seeded = setup.phase(
                    Phases.SEED,
                    h -> new MastodonFixture(ProjectPaths.fixtures())
                            .seed(
                                    platform.sourceSuperuser().withDatabase(plan.appDatabase()),
                                    plan.appOwner(),
                                    bytes,
                                    true,
                                    h));
            ZalandoSource.prepare(platform.sourceSuperuser(), plan);
            System.out.printf(
                    Locale.ROOT,
                    "fixture: %s seeded; %d rounds, harness and script alternating%n",
                    Sizes.human(seeded),
                    rounds);
            List<Double> harness = new ArrayList<>();
            List<Double> script = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Timeline t = new Timeline();
                ImportResult r = platform.runImport(plan, t);
                if (!r.succeeded()) {
                    throw new IllegalStateException("the harness's import failed: " + r.errorLines());
                }
                double h = t.durationMs(TIMED) / 1000.0;
                harness.add(h);
                resetTarget(platform, plan);
                double s = runScript(platform, plan, r.commands(), user);
                script.add(s);
                resetTarget(platform, plan);
                System.out.printf(Locale.ROOT, "round %d: harness %.2f s, script %.2f s%n", round, h, s);
            }
            double hm = median(harness);
            double sm = median(script);
            System.out.printf(
                    Locale.ROOT, "median import time (dump .. analyze): harness %.2f s, plain script %.2f s%n", hm, sm);
            System.out.printf(Locale.ROOT, "overhead ratio harness/script: %.3f (target: at most 1.10)%n", hm / sm);
        }
    }

    /** The same commands as the harness ran, as a plain bash script, timed as one. */
    private static double runScript(
            LocalPlatform platform, RehearsalPlan plan, List<CommandRecord> commands, OsUser user) throws Exception {
        StringBuilder sh = new StringBuilder("set -e\n");
        for (CommandRecord c : commands) {
            if (TIMED.contains(c.phase()) || c.phase().startsWith("restore-")) {
                sh.append(String.join(
                                " ",
                                c.argv().stream()
                                        .map(ImportOverheadBenchmark::quote)
                                        .toList()))
                        .append('\n');
            }
        }
        LocalServer target = platform.target();
        String dumps = target.dataDir().resolve("dumps").toString();
        String psql = ClientTools.find(null, null).bin().resolve("psql").toString();
        sh.insert("set -e\n".length(), "mkdir -p " + quote(dumps) + "\n");
        sh.append("rm -rf ").append(quote(dumps)).append('\n');
        sh.append(quote(psql))
                .append(" -q -h ")
                .append(quote(target.socketDir().toString()))
                .append(" -p ")
                .append(target.port())
                .append(" -U postgres -d ")
                .append(plan.appDatabase())
                .append(" -c 'ANALYZE VERBOSE' 2>/dev/null\n");
        Path file = Files.createTempFile("import-baseline-", ".sh");
        Files.writeString(file, sh);
        file.toFile().setReadable(true, false);
        ProcessBuilder pb = new ProcessBuilder(user.wrap(List.of("bash", file.toString())));
        pb.environment().put("PGPASSWORD", plan.credentials().password(plan.importUser()));
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        int code = pb.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(file);
        if (code != 0) {
            throw new IllegalStateException("the baseline script failed with exit code " + code);
        }
        return seconds;
    }

    /** Drops what the import created so that the next import starts from the same empty target, with import settings. */
    private static void resetTarget(LocalPlatform platform, RehearsalPlan plan) throws Exception {
        try (Connection c = platform.targetSuperuser().withDatabase("postgres").open();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + plan.appDatabase() + " WITH (FORCE)");
        }
        LocalImport.applyImportSettings(platform.target());
        platform.target().restart();
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private ImportOverheadBenchmark() {}
}
