package org.cnpgrehearsal.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.scenario.ScenarioCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code scenarios list}: the built-in scenarios with their expectations. */
@Command(
        name = "scenarios",
        mixinStandardHelpOptions = true,
        description = "Lists the rehearsal scenarios.",
        subcommands = {ScenariosCommand.ListCommand.class})
public final class ScenariosCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        ListCommand list = new ListCommand();
        list.output = output;
        return list.call();
    }

    /** One line a scenario: name, expectation, description; or one JSON document. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "One line per scenario: name, expectation, description.")
    public static final class ListCommand implements Callable<Integer> {

        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        public Integer call() {
            Console console = output.console();
            List<Scenario> scenarios = ScenarioCatalog.builtIn().all();
            if (console.json()) {
                console.printJson(JsonDocuments.scenarios(scenarios));
                return 0;
            }
            for (Scenario s : scenarios) {
                String expect = s.expect().success()
                        ? "success"
                        : "failure " + s.expect().cause()
                                + (s.expect().phase() == null
                                        ? ""
                                        : " at " + s.expect().phase());
                console.human()
                        .printf(
                                "%-28s %-42s %s%n",
                                s.name(),
                                expect,
                                s.description().lines().findFirst().orElse(""));
            }
            return 0;
        }
    }
}
