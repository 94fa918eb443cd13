package org.cnpgrehearsal.strategy;

import java.time.Duration;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.util.Durations;

/**
 * How one rehearsal migrates: the strategy, the application's write load against the source while the data is
 * copied (statements a second, and how long it runs at least before the cutover; rate 0 for none), and whether the
 * online cutover copies the large objects that logical replication leaves behind.
 */
public record StrategyOptions(Strategy strategy, int writeRate, Duration writeDuration, boolean copyLargeObjects) {

    /** A small Mastodon instance's write rate; the load runs at least this long before the cutover. */
    public static final int DEFAULT_WRITE_RATE = 50;

    public static final Duration DEFAULT_WRITE_DURATION = Duration.ofSeconds(10);

    public static StrategyOptions offline() {
        return new StrategyOptions(Strategy.OFFLINE, DEFAULT_WRITE_RATE, DEFAULT_WRITE_DURATION, true);
    }

    /**
     * The scenario's migration section, with the command line's choices: its {@code --strategy} for a scenario that
     * names none, its write rate and duration over the scenario's (null when not given).
     */
    public static StrategyOptions of(
            Scenario.Migration migration, Strategy chosen, Integer writeRate, Duration writeDuration) {
        Strategy strategy = migration.strategy() != null
                ? Strategy.of(migration.strategy())
                : chosen != null ? chosen : Strategy.OFFLINE;
        int rate = writeRate != null
                ? writeRate
                : migration.writeRate() != null ? migration.writeRate() : DEFAULT_WRITE_RATE;
        Duration duration = writeDuration != null
                ? writeDuration
                : migration.writeDuration() != null
                        ? Durations.parse("migration.writeDuration", migration.writeDuration(), "s")
                        : DEFAULT_WRITE_DURATION;
        return new StrategyOptions(strategy, rate, duration, !"leave".equals(migration.largeObjects()));
    }

    /** The application writes during the copy only where the strategy keeps it running (not offline). */
    public boolean writes() {
        return strategy.streams() && writeRate > 0;
    }

    public StrategyOptions withStrategy(Strategy other) {
        return new StrategyOptions(other, writeRate, writeDuration, copyLargeObjects);
    }
}
