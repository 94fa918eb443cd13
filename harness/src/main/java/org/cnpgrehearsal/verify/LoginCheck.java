package org.cnpgrehearsal.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.cnpgrehearsal.diagnose.Cause;
import org.cnpgrehearsal.util.PgConnection;

/** The application role logs in to the target with its own password, through the target's own pg_hba. */
final class LoginCheck {

    static final String NAME = "app-login";

    /** The check, and the open session as the role when it logged in (the caller closes it). */
    record Result(Check check, Connection session) {}

    /** {@code readOnly}: the session that stays open for the probes may only read (a database to leave as it is). */
    static Result run(PgConnection asRole, PgConnection source, String role, boolean readOnly) throws SQLException {
        String compared = "a real login as " + role + " with its password, through the target's pg_hba";
        try {
            Connection c = asRole.open(readOnly);
            return new Result(
                    Check.pass(NAME, role + " logs in to the target with its password through the target's pg_hba")
                            .comparing(compared),
                    c);
        } catch (SQLException e) {
            if ("md5".equals(storedHashKind(source, role))) {
                return new Result(
                        Check.fail(
                                        NAME,
                                        role + " cannot log in: its password hash is md5 and CNPG's pg_hba "
                                                + "rule is scram-sha-256",
                                        List.of(
                                                e.getMessage(),
                                                "role " + role + " has an md5 password hash on the source"),
                                        Cause.MD5_PASSWORD_LOGIN)
                                .comparing(compared)
                                .withRemedy("re-set the role's password as SCRAM on the source before the window: SET "
                                        + "password_encryption = 'scram-sha-256'; ALTER ROLE " + role
                                        + " PASSWORD '<the "
                                        + "same password>'; (or change it on the target after the import)"),
                        null);
            }
            return new Result(
                    Check.fail(NAME, role + " cannot log in to the target", List.of(e.getMessage()), Cause.AUTH_FAILED)
                            .comparing(compared)
                            .withRemedy("on the target: the application role could not log in: check its password "
                                    + "(the import keeps the source's hash) and the target's pg_hba"),
                    null);
        }
    }

    /** md5 or scram, or null where the source does not tell (the role catalog needs a superuser). */
    private static String storedHashKind(PgConnection source, String role) {
        try (Connection c = source.withDatabase("postgres").open(true);
                PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN rolpassword LIKE 'md5%' THEN 'md5' ELSE "
                        + "'scram' END FROM pg_authid WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    private LoginCheck() {}
}
