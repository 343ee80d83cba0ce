package streambench.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The adapter process's scratch folder, and the sweeping of those killed adapters left. */
final class Scratch {
    private Scratch() {}

    /**
     * This process's scratch folder (Flink's io.tmp.dirs and java.io.tmpdir: its RPC jar of
     * 24 MB, shuffle and blob folders), removed when the process ends, which Flink's own
     * clean-up, skipped by the halt below, would not do.
     */
    static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"),
            "streambench-flink-" + ProcessHandle.current().pid());

    static void remove() {
        try (Stream<Path> files = Files.walk(DIR)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }

    /** Removes the scratch folders of adapters that were killed before they could. */
    static void removeStale() {
        try (Stream<Path> dirs = Files.list(DIR.getParent())) {
            dirs.filter(d -> d.getFileName().toString().matches("streambench-flink-[0-9]+"))
                    .filter(d -> {
                        long pid = Long.parseLong(d.getFileName().toString().substring(18));
                        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
                    })
                    .forEach(d -> {
                        try (Stream<Path> files = Files.walk(d)) {
                            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                        } catch (IOException | RuntimeException ignored) {
                            // swept by another adapter at the same time, or gone
                        }
                    });
        } catch (IOException | RuntimeException ignored) {
            // nothing to sweep, or another adapter sweeping too
        }
    }
}
