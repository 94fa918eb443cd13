package org.cnpgrehearsal.platform.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cnpgrehearsal.util.BadInputException;

/** The image tarballs of {@code --images-dir}, preloaded into a k3s node for air-gapped machines. */
public final class ImageTarballs {

    /** The tarballs k3s imports at boot ({@code .tar}, {@code .tar.gz}, {@code .tar.zst}), sorted; none without a directory. */
    public static List<Path> in(Path dir) throws IOException {
        if (dir == null) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("--images-dir " + dir
                    + " is not a directory: point it at a folder of image tarballs (docker save -o NAME.tar IMAGE)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> tarballs = files.filter(f -> f.getFileName().toString().matches(".*\\.tar(\\.gz|\\.zst)?"))
                    .sorted()
                    .toList();
            if (tarballs.isEmpty()) {
                throw new BadInputException(
                        "--images-dir " + dir + " holds no image tarballs (*.tar, *.tar.gz, *.tar.zst)");
            }
            return tarballs;
        }
    }

    private ImageTarballs() {}
}
