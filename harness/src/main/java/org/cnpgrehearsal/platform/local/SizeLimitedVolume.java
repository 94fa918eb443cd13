package org.cnpgrehearsal.platform.local;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.platform.VolumeUsage;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.Processes;
import org.cnpgrehearsal.util.Sizes;

/**
 * A real size-limited filesystem for the target's data folder (a tmpfs, which needs root), so that a volume too small
 * for the dump plus the restored data fails with {@code No space left on device} exactly as a PVC would.
 */
public final class SizeLimitedVolume implements AutoCloseable {
    private final Path mountPoint;
    private boolean mounted;

    public SizeLimitedVolume(Path mountPoint, long initialBytes, OsUser owner)
            throws IOException, InterruptedException {
        this.mountPoint = Files.createDirectories(mountPoint);
        if (!owner.switchNeeded()) { // servers run as another user only when the harness is root
            throw new BadInputException(
                    "a size-limited target volume needs root (it mounts a tmpfs): run the rehearsal as root, "
                            + "or choose a scenario without target.storageSize");
        }
        Processes.check(
                OsUser.SELF,
                List.of(
                        "mount",
                        "-t",
                        "tmpfs",
                        "-o",
                        "size=" + initialBytes + ",mode=0700",
                        "tmpfs",
                        mountPoint.toString()),
                Map.of());
        mounted = true;
        owner.own(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    /** Sets the volume's size; fails when the folder already holds more. */
    public void resize(long bytes) throws IOException, InterruptedException {
        try {
            Processes.check(
                    OsUser.SELF, List.of("mount", "-o", "remount,size=" + bytes, mountPoint.toString()), Map.of());
        } catch (IOException e) {
            throw new IOException(
                    "cannot size the target volume to " + Sizes.human(bytes) + " (it already holds "
                            + Sizes.human(usage().usedBytes()) + "): " + e.getMessage(),
                    e);
        }
    }

    public VolumeUsage usage() throws IOException {
        FileStore store = Files.getFileStore(mountPoint);
        return new VolumeUsage(store.getTotalSpace(), store.getTotalSpace() - store.getUnallocatedSpace());
    }

    @Override
    public void close() {
        if (mounted) {
            try {
                Processes.check(OsUser.SELF, List.of("umount", "-l", mountPoint.toString()), Map.of());
                mounted = false;
            } catch (IOException | InterruptedException e) {
                // the lazy unmount is best effort; the folder is removed with the work folder
            }
        }
    }
}
