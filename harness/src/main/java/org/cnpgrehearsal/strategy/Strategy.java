package org.cnpgrehearsal.strategy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.cnpgrehearsal.util.BadInputException;

/**
 * The three ways CNPG can take a database over from a Zalando cluster. {@code offline} is
 * {@code bootstrap.initdb.import} (pg_dump/pg_restore, the application stopped throughout); {@code online} is a
 * schema-only import followed by logical replication (a publication on the source, a {@code Subscription} on the
 * target) and a cutover; {@code physical} is {@code bootstrap.pg_basebackup} into a replica cluster that streams from
 * the source until it is promoted.
 */
public enum Strategy {
    OFFLINE("offline", "CNPG's bootstrap.initdb.import: pg_dump/pg_restore while the application is stopped"),
    ONLINE(
            "online",
            "logical replication: schema-only import, publication on the source, Subscription on the target, cutover"),
    PHYSICAL(
            "physical",
            "bootstrap.pg_basebackup into a replica cluster streaming from the source, promoted at cutover");

    private final String yaml;
    private final String description;

    Strategy(String yaml, String description) {
        this.yaml = yaml;
        this.description = description;
    }

    public String yaml() {
        return yaml;
    }

    public String description() {
        return description;
    }

    /** Whether the application keeps writing to the source while the data is copied. */
    public boolean streams() {
        return this != OFFLINE;
    }

    /** The strategy named {@code text} (any case); bad input naming the choices when there is none. */
    public static Strategy of(String text) {
        for (Strategy s : values()) {
            if (s.yaml.equals(text.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new BadInputException("unknown strategy '" + text + "': choose one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Strategy::yaml).collect(Collectors.joining(", "));
    }
}
