package org.cnpgrehearsal.importer;

import java.io.IOException;
import java.nio.file.Path;
import org.cnpgrehearsal.util.OsUser;

/**
 * The target instance as CNPG's instance manager sees it inside its pod: a data folder (which also holds the dumps),
 * a local socket, the server's own binaries, its configuration files, and stop/start.
 */
public interface TargetServer {

    Path dataDir();

    Path socketDir();

    int port();

    /** The OS user the server and its tools run as. */
    OsUser user();

    /** The path of one of the server's own programs (initdb, pg_ctl). */
    String bin(String program);

    /** Appends settings to postgresql.conf. */
    void configure(String lines) throws IOException;

    /** Writes a file into the data folder, private to the server's user. */
    void writeFile(String relative, String content) throws IOException;

    void deleteFile(String relative) throws IOException;

    void start() throws IOException, InterruptedException;

    void stop() throws IOException, InterruptedException;
}
