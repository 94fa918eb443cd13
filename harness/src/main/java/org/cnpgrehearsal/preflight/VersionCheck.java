package org.cnpgrehearsal.preflight;

import java.sql.SQLException;
import java.util.OptionalInt;
import org.cnpgrehearsal.manifest.ClusterManifest;

/**
 * Source major against the target image's major (the manifest's {@code imageName}, else the operator's default
 * image): pg_dump and pg_restore come from the target image, and pg_dump refuses a server of a newer major.
 */
final class VersionCheck {

    static final String ID = "versions";

    /** The image the target will run: the manifest's, else the operator default. */
    static String targetImage(ClusterManifest m, PreflightOptions o) {
        return m.imageName() != null ? m.imageName() : o.operatorDefaultImage();
    }

    static Check check(SourceAccess src, PreflightOptions options) throws SQLException {
        int sourceNum = Integer.parseInt(SourceAccess.scalar(src.first(), "SHOW server_version_num"));
        int source = sourceNum / 10000;
        String version = SourceAccess.scalar(src.first(), "SHOW server_version");
        return compare(source, version, src.manifest, options);
    }

    static Check compare(int source, String version, ClusterManifest m, PreflightOptions options) {
        String image = targetImage(m, options);
        boolean fromDefault = m.imageName() == null;
        OptionalInt target = m.imageMajor().isPresent() ? m.imageMajor() : ClusterManifest.majorOf(image);
        String where = fromDefault ? " (no imageName: the operator default " + image + ")" : " (" + image + ")";
        if (target.isEmpty()) {
            return Check.warn(
                    ID,
                    "source PostgreSQL " + version + "; target major unknown" + where,
                    "use an imageName with a version tag such as ghcr.io/cloudnative-pg/postgresql:" + source
                            + "-standard-trixie");
        }
        int t = target.getAsInt();
        if (source > t) {
            return Check.fail(
                    ID,
                    "source PostgreSQL " + source + " (" + version + ") is newer than the target's " + t + where
                            + ": pg_dump " + t + " refuses a newer server",
                    "use a target image of PostgreSQL " + source + " or newer (imageName)");
        }
        String rel = source == t
                ? "same major: the safest import"
                : "older source: supported (pg_dump " + t + " reads older servers); test the application on " + t;
        if (fromDefault) {
            return Check.warn(
                    ID,
                    "source PostgreSQL " + source + " (" + version + "), target " + t + where + ": " + rel,
                    "pin spec.imageName: the operator's default image changes with operator upgrades");
        }
        return Check.pass(ID, "source PostgreSQL " + source + " (" + version + "), target " + t + where + ": " + rel);
    }

    private VersionCheck() {}
}
