package org.cnpgrehearsal.util;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A connection to a user's database read the way psql and every libpq tool read it, so that a DBA's setup works as
 * it is: a URI ({@code postgresql://user@host:5432/db?sslmode=verify-ca}, also with an empty host and
 * {@code ?host=/socket/dir} for a Unix socket) or keyword/value string ({@code host=... dbname=...}); then, for
 * what it leaves out, the service ({@code service=} or {@code PGSERVICE}, from {@code PGSERVICEFILE} or
 * {@code ~/.pg_service.conf}, then {@code PGSYSCONFDIR/pg_service.conf}); then {@code PGHOST}, {@code PGPORT},
 * {@code PGDATABASE}, {@code PGUSER}, {@code PGSSLMODE}, {@code PGSSLROOTCERT}; then libpq's defaults. The password:
 * the password file option, the string's own, {@code PGPASSWORD}, then {@code ~/.pgpass} ({@code PGPASSFILE}),
 * ignored like libpq does when others can read it.
 */
public final class Libpq {

    /** The keywords this reader understands; any other is a typo or a feature it cannot honour: bad input. */
    public static final Set<String> KEYWORDS = Set.of(
            "host",
            "port",
            "dbname",
            "user",
            "password",
            "passfile",
            "service",
            "sslmode",
            "sslrootcert",
            "connect_timeout",
            "application_name");

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "host", "PGHOST",
            "port", "PGPORT",
            "dbname", "PGDATABASE",
            "user", "PGUSER",
            "sslmode", "PGSSLMODE",
            "sslrootcert", "PGSSLROOTCERT",
            "passfile", "PGPASSFILE",
            "service", "PGSERVICE");

    /** libpq's default socket folder on Debian and Ubuntu (DEFAULT_PGSOCKET_DIR), else the upstream /tmp. */
    private static final List<String> SOCKET_DIRS = List.of("/var/run/postgresql", "/tmp");

    /** The machine a connection is read on: environment, home folder, OS user (parameters, so tests can set them). */
    public record Environment(Map<String, String> variables, Path home, String osUser) {
        public static Environment current() {
            return new Environment(
                    System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("user.name"));
        }

        String get(String name) {
            String v = variables.get(name);
            return v == null || v.isEmpty() ? null : v;
        }
    }

    /** A connection and what the user should know about how it was read (a .pgpass that was ignored). */
    public record Resolved(PgConnection connection, List<String> notes) {}

    /**
     * Resolves {@code conninfo} (a URI or keyword/value string; null when not given), else {@code fallback} (keywords
     * from elsewhere, such as the manifest's externalClusters entry), filled in from service, environment and
     * defaults. {@code password} and {@code sslRootCert} are the command line's (null when not given). {@code what}
     * names the input in messages ("--source-url").
     */
    public static Resolved resolve(
            String conninfo,
            Map<String, String> fallback,
            String password,
            Path sslRootCert,
            Environment env,
            String what) {
        Map<String, String> kv = conninfo != null ? parse(conninfo, what) : new LinkedHashMap<>(fallback);
        String service = kv.containsKey("service") ? kv.get("service") : env.get("PGSERVICE");
        if (service != null) {
            serviceEntry(service, env).forEach(kv::putIfAbsent);
        }
        ENVIRONMENT.forEach((keyword, variable) -> {
            if (!kv.containsKey(keyword) && env.get(variable) != null) {
                kv.put(keyword, env.get(variable));
            }
        });
        String host = kv.getOrDefault("host", defaultSocketDir());
        if (host.contains(",")) {
            throw new BadInputException(what + " names several hosts (" + host + "): name one");
        }
        int port = port(kv.getOrDefault("port", "5432"), what);
        String user = kv.getOrDefault("user", env.osUser());
        String db = kv.getOrDefault("dbname", user);
        String sslMode = kv.getOrDefault("sslmode", host.startsWith("/") ? "disable" : "prefer");
        Path rootCert = sslRootCert != null
                ? sslRootCert
                : kv.containsKey("sslrootcert") ? Path.of(kv.get("sslrootcert")) : defaultRootCert(env, sslMode);
        List<String> notes = new ArrayList<>();
        String pw =
                password != null ? password : kv.containsKey("password") ? kv.get("password") : env.get("PGPASSWORD");
        if (pw == null) {
            Path passfile = kv.containsKey("passfile")
                    ? Path.of(kv.get("passfile"))
                    : env.home().resolve(".pgpass");
            pw = fromPassfile(passfile, host, port, db, user, notes);
        }
        return new Resolved(new PgConnection(host, port, db, user, pw, sslMode, rootCert), notes);
    }

    /** A URI or a keyword/value string, as keywords. */
    static Map<String, String> parse(String conninfo, String what) {
        if (conninfo.isBlank()) {
            throw new BadInputException(what + " is empty: write it like postgresql://standby@host:5432/mastodon");
        }
        if (conninfo.contains("://") && !conninfo.startsWith("postgresql://") && !conninfo.startsWith("postgres://")) {
            throw new BadInputException(what + " must start with postgresql:// (found '" + redacted(conninfo) + "')");
        }
        Map<String, String> kv = conninfo.startsWith("postgresql://") || conninfo.startsWith("postgres://")
                ? parseUri(conninfo, what)
                : parseKeywords(conninfo, what);
        for (String k : kv.keySet()) {
            if (!KEYWORDS.contains(k)) {
                throw new BadInputException(what + ": '" + k + "' is not supported (supported: "
                        + String.join(", ", KEYWORDS.stream().sorted().toList()) + ")");
            }
        }
        return kv;
    }

    /** {@code postgresql://[user[:password]@][host][:port][/dbname][?keyword=value&...]}, percent-decoded. */
    private static Map<String, String> parseUri(String uri, String what) {
        Map<String, String> kv = new LinkedHashMap<>();
        String rest = uri.substring(uri.indexOf("://") + 3);
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        rest = q < 0 ? rest : rest.substring(0, q);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        if (slash >= 0 && slash + 1 < rest.length()) {
            kv.put("dbname", decode(rest.substring(slash + 1), what));
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = authority.substring(0, at);
            int colon = userinfo.indexOf(':');
            putIfNotEmpty(kv, "user", decode(colon < 0 ? userinfo : userinfo.substring(0, colon), what));
            if (colon >= 0) {
                kv.put("password", decode(userinfo.substring(colon + 1), what));
            }
            authority = authority.substring(at + 1);
        }
        hostAndPort(authority, kv, what);
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(what + ": parameter '" + pair + "' has no value: write key=value");
            }
            kv.put(decode(pair.substring(0, eq), what), decode(pair.substring(eq + 1), what));
        }
        return kv;
    }

    private static void hostAndPort(String hostspec, Map<String, String> kv, String what) {
        if (hostspec.isEmpty()) {
            return;
        }
        String host = hostspec;
        String port = null;
        if (hostspec.startsWith("[")) {
            int close = hostspec.indexOf(']');
            if (close < 0) {
                throw new BadInputException(
                        what + ": '" + hostspec + "' opens an IPv6 address with [ but never closes it");
            }
            host = hostspec.substring(1, close);
            if (hostspec.length() > close + 1) {
                port = hostspec.substring(close + 1).replaceFirst("^:", "");
            }
        } else if (hostspec.lastIndexOf(':') >= 0 && !hostspec.contains(",")) {
            host = hostspec.substring(0, hostspec.lastIndexOf(':'));
            port = hostspec.substring(hostspec.lastIndexOf(':') + 1);
        }
        putIfNotEmpty(kv, "host", decode(host, what));
        if (port != null && !port.isEmpty()) {
            kv.put("port", port);
        }
    }

    /** {@code keyword=value keyword='quoted value'}, with backslash escapes inside quotes, as libpq reads them. */
    private static Map<String, String> parseKeywords(String text, String what) {
        Map<String, String> kv = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i == text.length()) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new BadInputException(what + " '" + redacted(text) + "' is neither a postgresql:// URI nor "
                        + "keyword=value pairs: write it like postgresql://standby@host:5432/mastodon");
            }
            String key = text.substring(i, eq).trim();
            i = eq + 1;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '\'') {
                i++;
                while (i < text.length() && text.charAt(i) != '\'') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                if (i == text.length()) {
                    throw new BadInputException(what + ": the quoted value of '" + key + "' is never closed");
                }
                i++;
            } else {
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                    value.append(text.charAt(i++));
                }
            }
            kv.put(key, value.toString());
        }
        return kv;
    }

    /** The service's keywords from the user's service file, else the system's; a service in neither is bad input. */
    private static Map<String, String> serviceEntry(String service, Environment env) {
        List<Path> files = new ArrayList<>();
        files.add(
                env.get("PGSERVICEFILE") != null
                        ? Path.of(env.get("PGSERVICEFILE"))
                        : env.home().resolve(".pg_service.conf"));
        String sysconf = env.get("PGSYSCONFDIR");
        files.add(Path.of(sysconf != null ? sysconf : "/etc/postgresql-common").resolve("pg_service.conf"));
        for (Path file : files) {
            Map<String, String> entry = readService(file, service);
            if (entry != null) {
                return entry;
            }
        }
        throw new BadInputException("service '" + service + "' is not defined in " + files + ": add a [" + service
                + "] section, or check PGSERVICE and PGSERVICEFILE");
    }

    private static Map<String, String> readService(Path file, String service) {
        if (!Files.isReadable(file)) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException("service file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> entry = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (entry != null) {
                    return entry;
                }
                if (line.equals("[" + service + "]")) {
                    entry = new LinkedHashMap<>();
                }
            } else if (entry != null) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new BadInputException("service file " + file + ": line '" + line + "' is not keyword=value");
                }
                String key = line.substring(0, eq).strip();
                if (!KEYWORDS.contains(key)) {
                    throw new BadInputException("service file " + file + ", service " + service + ": '" + key
                            + "' is not supported (supported: "
                            + String.join(", ", KEYWORDS.stream().sorted().toList())
                            + ")");
                }
                entry.put(key, line.substring(eq + 1).strip());
            }
        }
        return entry;
    }

    /**
     * The password of the first matching line of a .pgpass file ({@code host:port:database:user:password}, {@code *}
     * matching anything, {@code \:} and {@code \\} escaped). A socket connection matches the host {@code localhost}. A
     * file others can read is ignored, with a note, as libpq ignores it.
     */
    static String fromPassfile(Path file, String host, int port, String db, String user, List<String> notes) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return null;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                notes.add("password file " + file + " was ignored: others can read it (chmod 0600 " + file + ")");
                return null;
            }
            String matchHost = host.startsWith("/") ? "localhost" : host;
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> f = passfileFields(line);
                if (f.size() == 5
                        && matches(f.get(0), matchHost)
                        && matches(f.get(1), String.valueOf(port))
                        && matches(f.get(2), db)
                        && matches(f.get(3), user)) {
                    return f.get(4);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            notes.add("password file " + file + " cannot be read: " + e.getMessage());
        }
        return null;
    }

    private static List<String> passfileFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    private static Path defaultRootCert(Environment env, String sslMode) {
        Path file = env.home().resolve(".postgresql/root.crt");
        return sslMode.startsWith("verify") && Files.isReadable(file) ? file : null;
    }

    private static String defaultSocketDir() {
        return SOCKET_DIRS.stream()
                .filter(d -> Files.isDirectory(Path.of(d)))
                .findFirst()
                .orElse("/tmp");
    }

    static int port(String text, String what) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException ex) {
            throw new BadInputException(what + ": port '" + text + "' is not a port number (1 to 65535)");
        }
    }

    private static void putIfNotEmpty(Map<String, String> kv, String key, String value) {
        if (!value.isEmpty()) {
            kv.put(key, value);
        }
    }

    private static String decode(String s, String what) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(what + " has a bad %-escape in '" + s.replaceAll(".", "*") + "'");
        }
    }

    /** The text with any password in it hidden, for messages. */
    public static String redacted(String text) {
        return text.replaceAll(":[^:@/]*@", ":<redacted>@")
                .replaceAll("(?i)password\\s*=\\s*('[^']*'|\\S+)", "password=<redacted>");
    }

    private Libpq() {}
}
