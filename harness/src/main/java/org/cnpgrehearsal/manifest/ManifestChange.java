package org.cnpgrehearsal.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.util.CommandResult;
import org.cnpgrehearsal.util.OsUser;
import org.cnpgrehearsal.util.Processes;

/**
 * A changed manifest handed back to the user ({@code --fix}'s fixed one, {@code --tune}'s tuned one): written into the
 * report folder under a comment line, with its unified diff against the user's manifest, whose file is never written.
 * Both sides of the diff are rendered the same way, so that it shows the change and nothing of the formatting.
 */
public final class ManifestChange {

    /**
     * Writes {@code changed} as {@code dir/fileName} (with {@code comment} as its first line) and {@code diff -u} of
     * {@code original} against it as {@code dir/diffName}.
     */
    public static void write(
            ClusterManifest original,
            ClusterManifest changed,
            Path dir,
            String fileName,
            String diffName,
            String comment)
            throws IOException, InterruptedException {
        Files.writeString(dir.resolve(fileName), "# " + comment + "\n" + ManifestEditor.toYaml(changed));
        Path before = Files.writeString(dir.resolve(".original.yaml"), ManifestEditor.toYaml(original));
        Path after = Files.writeString(dir.resolve(".changed.yaml"), ManifestEditor.toYaml(changed));
        try {
            CommandResult diff = Processes.run(
                    OsUser.SELF,
                    List.of(
                            "diff",
                            "-u",
                            "--label",
                            String.valueOf(original.file()),
                            "--label",
                            fileName,
                            before.toString(),
                            after.toString()),
                    Map.of(),
                    null,
                    l -> {},
                    true);
            Files.write(dir.resolve(diffName), diff.stdout());
        } finally {
            Files.deleteIfExists(before);
            Files.deleteIfExists(after);
        }
    }

    private ManifestChange() {}
}
