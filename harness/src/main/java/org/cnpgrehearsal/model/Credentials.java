package org.cnpgrehearsal.model;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The passwords of one rehearsal, generated fresh. They are never printed: {@link #redact(String)} removes them from
 * any text that leaves the harness.
 */
public final class Credentials {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, String> passwords = new LinkedHashMap<>();

    /** The password of a role (created on first use). */
    public synchronized String password(String role) {
        return passwords.computeIfAbsent(role, r -> HexFormat.of().formatHex(RANDOM.generateSeed(12)));
    }

    /**
     * The password of a role that the target makes itself rather than imports (its superuser, CNPG's initdb owner):
     * another role than the source's role of the same name, with a password of its own.
     */
    public String onTarget(String role) {
        return password(role + "@target");
    }

    /** Replaces every known password, and every PASSWORD literal or stored hash, with a placeholder. */
    public synchronized String redact(String text) {
        return redactSecrets(text, passwords.values());
    }

    public static String redactSecrets(String text, Iterable<String> secrets) {
        String out = text;
        for (String p : secrets) {
            out = out.replace(p, "<redacted>");
        }
        return out.replaceAll("(?i)PASSWORD\\s+'[^']*'", "PASSWORD '<redacted>'")
                .replaceAll("(SCRAM-SHA-256\\$[^\\s'\"]+|md5[0-9a-f]{32})", "<redacted-hash>");
    }
}
