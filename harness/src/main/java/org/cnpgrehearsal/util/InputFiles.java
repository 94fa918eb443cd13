package org.cnpgrehearsal.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The checks every file or folder named on the command line passes before anything starts: one line of bad input
 * saying what is wrong with it, never a stack trace later. {@code option} names the option in the message.
 */
public final class InputFiles {

    /** A file to read: it exists, is a file (not a folder), can be read and is not empty. */
    public static Path readableFile(String option, Path file) {
        requireExists(option, file);
        if (Files.isDirectory(file)) {
            throw new BadInputException(option + " " + file + " is a folder: pass a file");
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException(option + " " + file + " cannot be read (permission denied)");
        }
        try {
            if (Files.isRegularFile(file) && Files.size(file) == 0) {
                throw new BadInputException(option + " " + file + " is empty");
            }
        } catch (IOException e) {
            throw new BadInputException(option + " " + file + " cannot be read: " + reason(e));
        }
        return file;
    }

    /** A folder to read: it exists, is a folder and can be listed. */
    public static Path readableFolder(String option, Path folder) {
        requireExists(option, folder);
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(option + " " + folder + " is not a folder");
        }
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            throw new BadInputException(option + " " + folder + " cannot be read (permission denied)");
        }
        return folder;
    }

    /**
     * A folder this run will write into: created when missing, then proven writable by writing a file into it (which
     * catches read-only mounts and {@code /proc}, where permission bits lie to root).
     */
    public static Path writableFolder(String option, Path folder) {
        requireNamed(option, folder);
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new BadInputException(option + " " + folder + " is a file, not a folder: pass a folder");
        }
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".cnpg-rehearsal-write-test", "");
            Files.delete(probe);
            return folder;
        } catch (IOException e) {
            throw new BadInputException(
                    option + " " + folder + " cannot be written: " + reason(e) + ": pass a folder you can write to");
        }
    }

    /** A file this run will write: not a folder, and its folder writable (an existing file is kept until written). */
    public static Path writableFile(String option, Path file) {
        requireNamed(option, file);
        if (Files.isDirectory(file)) {
            throw new BadInputException(option + " " + file + " is a folder: pass a file name");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            if (Files.exists(parent) && !Files.isDirectory(parent)) {
                throw new BadInputException(option + " " + file + " cannot be written: " + parent + " is not a folder");
            }
            writableFolder(option, parent);
        }
        if (Files.exists(file)) {
            try (OutputStream ignored = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                // opened for writing without changing it
            } catch (IOException e) {
                throw new BadInputException(option + " " + file + " cannot be written: " + reason(e));
            }
        }
        return file;
    }

    /** Free bytes where {@code path} is (or would be created: its nearest existing folder). */
    /** A password kept in a file (never on the command line): its first line, without the line end; null for no file. */
    public static String password(String option, Path file) {
        if (file == null) {
            return null;
        }
        readableFile(option, file);
        try {
            String text = Files.readString(file);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1).replaceAll("\r$", "") : text;
        } catch (IOException e) {
            throw new BadInputException(option + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    public static long freeBytes(Path path) throws IOException {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return Files.getFileStore(p == null ? Path.of("/") : p).getUsableSpace();
    }

    private static void requireExists(String option, Path path) {
        requireNamed(option, path);
        if (!Files.exists(path)) {
            throw new BadInputException(option + " " + path + " does not exist");
        }
    }

    /** An empty name (which Java reads as the current folder) or a URL (which it reads as a relative path). */
    private static void requireNamed(String option, Path path) {
        String text = path.toString();
        if (text.isBlank()) {
            throw new BadInputException(option + " is empty: name a file or folder");
        }
        if (text.matches("[A-Za-z][A-Za-z0-9+.-]*:/.*")) {
            throw new BadInputException(option + " " + text + " is a URL: download it and pass the local file");
        }
    }

    /** The operating system's reason in a few words ("Not a directory", "Read-only file system"). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT);
        }
        return String.valueOf(e.getMessage());
    }

    private InputFiles() {}
}
