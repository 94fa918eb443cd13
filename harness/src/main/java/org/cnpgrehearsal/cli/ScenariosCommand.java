package org.cnpgrehearsal.cli;

import java.util.concurrent.Callable;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import picocli.CommandLine.Command;

/** {@code scenarios list}: the built-in scenarios with their expectations. */
@Command(
        name = "scenarios",
        mixinStandardHelpOptions = true,
        description = "Lists the rehearsal scenarios.",
        subcommands = {ScenariosCommand.ListCommand.class})
public final class ScenariosCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return new ListCommand().call();
    }

    /** One line a scenario: name, expectation, description. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "One line per scenario: name, expectation, description.")
    public static final class ListCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            for (Scenario s : ScenarioCatalog.builtIn().all()) {
                String expect = s.expect().success()
                        ? "success"
                        : "failure " + s.expect().cause()
                                + (s.expect().phase() == null
                                        ? ""
                                        : " at " + s.expect().phase());
                System.out.printf(
                        "%-28s %-42s %s%n",
                        s.name(), expect, s.description().lines().findFirst().orElse(""));
            }
            return 0;
        }
    }
}
