package org.cnpgrehearsal.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cnpgrehearsal.platform.local.ServerBinaries;
import org.cnpgrehearsal.util.Folders;
import org.cnpgrehearsal.util.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cache}: where the embedded server binaries are unpacked, what is there, and {@code cache clean}. */
@Command(
        name = "cache",
        mixinStandardHelpOptions = true,
        description = {
            "Shows the cache of embedded PostgreSQL server binaries (unpacked from the jar on first use, verified "
                    + "before every use).",
            "Folder: $" + ServerBinaries.CACHE_ENV + ", else /var/cache/cnpg-rehearsal as root, else "
                    + "$XDG_CACHE_HOME/cnpg-rehearsal or ~/.cache/cnpg-rehearsal."
        },
        subcommands = {CacheCommand.CleanCommand.class})
public final class CacheCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        Console console = output.console();
        Path folder = ServerBinaries.cacheFolder();
        console.human().println("cache: " + folder);
        for (Path entry : ServerBinaries.entries()) {
            console.human().println("  " + entry.getFileName() + "  " + Sizes.human(Folders.size(entry)));
        }
        return 0;
    }

    /** Removes the cache folder. */
    @Command(name = "clean", mixinStandardHelpOptions = true, description = "Removes the cache folder and all in it.")
    public static final class CleanCommand implements Callable<Integer> {

        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        public Integer call() throws Exception {
            Console console = output.console();
            Path folder = ServerBinaries.cacheFolder();
            long bytes = Folders.size(folder);
            ServerBinaries.clean();
            console.human().println("removed " + folder + " (" + Sizes.human(bytes) + ")");
            return 0;
        }
    }
}
