package org.cnpgrehearsal.preflight;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.cnpgrehearsal.util.PgConnection;

/**
 * DNS, TCP, TLS (with the manifest's sslmode and CA: verify-ca verifies the chain, verify-full also the host name),
 * authentication, and the read-only session: each a row of its own, so that a failure is named where it happens.
 * The TLS row is measured by the harness itself (PostgreSQL's SSLRequest, then a handshake), independent of the driver.
 */
public final class Connectivity {

    public static final String DNS = "connectivity.dns";
    public static final String TCP = "connectivity.tcp";
    public static final String TLS = "connectivity.tls";
    public static final String AUTH = "connectivity.auth";
    public static final String READ_ONLY = "session.read-only";

    private static final int TIMEOUT_MS = 5000;
    private static final int SSL_REQUEST_CODE = 80877103;

    /** The rows, and whether the checks that need a session can run. */
    public record Result(List<Check> checks, boolean connected) {}

    public static Result check(PgConnection source) {
        List<Check> rows = new ArrayList<>();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(source.host());
            rows.add(Check.pass(
                    DNS,
                    source.host() + " resolves to "
                            + Arrays.stream(addresses)
                                    .map(InetAddress::getHostAddress)
                                    .distinct()
                                    .toList()));
        } catch (UnknownHostException e) {
            rows.add(
                    Check.fail(
                            DNS,
                            "host " + source.host() + " does not resolve",
                            "check the host name (in-cluster names such as <svc>.<namespace>.svc.cluster.local resolve only inside Kubernetes: use kubectl port-forward and --source-url postgresql://user@127.0.0.1:PORT/db)"));
            return new Result(rows, false);
        }
        InetAddress reached = null;
        String lastError = null;
        for (InetAddress a : addresses) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a, source.port()), TIMEOUT_MS);
                reached = a;
                break;
            } catch (IOException e) {
                lastError = e.getMessage();
            }
        }
        if (reached == null) {
            rows.add(Check.fail(
                    TCP,
                    "no connection to " + source.host() + ":" + source.port() + " (" + lastError + ")",
                    "check the port, the service and network policies between the CNPG namespace and the source"));
            return new Result(rows, false);
        }
        rows.add(Check.pass(TCP, "connected to " + reached.getHostAddress() + ":" + source.port()));
        Check tls = tls(source, reached);
        rows.add(tls);
        if (tls.failed()) {
            return new Result(rows, false);
        }
        try (Connection c = source.open(true);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT current_user, current_setting('default_transaction_read_only'), (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
            rs.next();
            rows.add(
                    Check.pass(AUTH, "authenticated as " + rs.getString(1) + (rs.getBoolean(3) ? " (superuser)" : "")));
            boolean readOnly = "on".equals(rs.getString(2));
            rows.add(
                    readOnly
                            ? Check.pass(
                                    READ_ONLY,
                                    "every preflight session runs with default_transaction_read_only=on: nothing is written to the source")
                            : Check.fail(
                                    READ_ONLY,
                                    "default_transaction_read_only is " + rs.getString(2) + " in the preflight session",
                                    "the server ignored the session option: do not run preflight through a pooler that drops startup options"));
            return new Result(rows, readOnly);
        } catch (SQLException e) {
            rows.add(authFailure(source, e));
            return new Result(rows, false);
        }
    }

    private static Check authFailure(PgConnection source, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = firstLine(e.getMessage());
        String fix = switch (state) {
            case "28P01" ->
                "the password of " + source.user()
                        + " is wrong: check the secret referenced by externalClusters[].password (or --password-file)";
            case "28000" ->
                "pg_hba.conf of the source has no entry for " + source.user()
                        + " over this connection (Spilo: hostssl with md5; hostnossl is rejected): use sslmode require or stronger, and a user allowed by the hba";
            case "3D000" ->
                "the database does not exist: fix dbname in externalClusters (CNPG removes it anyway) or in --source-url";
            case "08004" -> "the server refused the connection: " + message;
            default -> "check user, password and pg_hba.conf of the source";
        };
        return Check.fail(
                AUTH,
                "authentication as " + source.user() + " failed: " + message
                        + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"),
                fix);
    }

    static Check tls(PgConnection source, InetAddress address) {
        String mode = source.sslMode() == null ? "prefer" : source.sslMode();
        if (mode.equals("disable")) {
            return Check.warn(
                    TLS,
                    "sslmode=disable: no TLS",
                    "use sslmode verify-ca with the source's CA (Spilo rejects connections without TLS: hostnossl ... reject)");
        }
        boolean verify = mode.equals("verify-ca") || mode.equals("verify-full");
        if (verify && source.sslRootCert() == null) {
            return Check.fail(
                    TLS,
                    "sslmode=" + mode + " but no CA certificate given",
                    "pass the CA of the source's certificate (externalClusters[].sslRootCert; with the CLI: --sslrootcert FILE)");
        }
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(address, source.port()), TIMEOUT_MS);
            raw.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            out.writeInt(8);
            out.writeInt(SSL_REQUEST_CODE);
            out.flush();
            int answer = raw.getInputStream().read();
            if (answer != 'S') {
                return mode.equals("prefer") || mode.equals("allow")
                        ? Check.warn(
                                TLS,
                                "the server does not offer TLS; sslmode=" + mode + " falls back to plain text",
                                "enable ssl on the source and use sslmode verify-ca")
                        : Check.fail(
                                TLS,
                                "the server does not offer TLS (sslmode=" + mode + " requires it)",
                                "enable ssl on the source (Spilo always has it: is this the right host and port?)");
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, verify ? trustManagers(source) : new TrustManager[] {new TrustAll()}, null);
            try (SSLSocket ssl =
                    (SSLSocket) ctx.getSocketFactory().createSocket(raw, source.host(), source.port(), true)) {
                if (mode.equals("verify-full")) {
                    SSLParameters p = ssl.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(p);
                }
                ssl.startHandshake();
                X509Certificate peer = (X509Certificate) ssl.getSession().getPeerCertificates()[0];
                String subject = peer.getSubjectX500Principal().getName();
                if (verify) {
                    return Check.pass(
                            TLS,
                            ssl.getSession().getProtocol() + ", certificate " + subject + " verified against the CA "
                                    + source.sslRootCert().getFileName()
                                    + (mode.equals("verify-full")
                                            ? " and host name " + source.host()
                                            : " (sslmode=verify-ca)"));
                }
                return Check.warn(
                        TLS,
                        ssl.getSession().getProtocol() + " with certificate " + subject + ", not verified (sslmode="
                                + mode + ")",
                        "use sslmode verify-ca with the source's CA so that the import cannot be pointed at another server");
            }
        } catch (SSLException e) {
            return Check.fail(
                    TLS,
                    "TLS verification failed (sslmode=" + mode + "): " + firstLine(rootMessage(e)),
                    mode.equals("verify-full") && rootMessage(e).toLowerCase().contains("name")
                            ? "the certificate does not name " + source.host()
                                    + ": use the name it was issued for, or sslmode verify-ca"
                            : "the CA given does not sign the source's certificate: use the CA of the source's spec.tls (Spilo without spec.tls has a self-signed certificate that cannot be verified)");
        } catch (IOException | GeneralSecurityException e) {
            return Check.fail(
                    TLS,
                    "TLS could not be set up (sslmode=" + mode + "): " + firstLine(rootMessage(e)),
                    "check the CA file and the source's TLS settings");
        }
    }

    private static TrustManager[] trustManagers(PgConnection source) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(source.sslRootCert())) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new CertificateException("no certificate in " + source.sslRootCert());
            }
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return f.getTrustManagers();
    }

    /** sslmode require/prefer: TLS without verification, as libpq does. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private Connectivity() {}
}
