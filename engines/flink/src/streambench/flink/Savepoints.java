package streambench.flink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;

/**
 * A Flink savepoint folder as the protocol's `state` bytes, and back. The encoding, all
 * integers 8-byte little-endian as the protocol's:
 *
 * <pre>
 *   "SBFLINK1"                      8 bytes, this format's magic and version
 *   u64 count                       files in the savepoint folder (its `_metadata` among them)
 *   count x (string path, bytes)    each file's path relative to the folder ('/'-separated),
 *                                   then its contents (u64 length, then the bytes)
 * </pre>
 *
 * A canonical savepoint is relocatable (its `_metadata` names its state files relative to
 * itself), so unpacked into any fresh folder it restores as Flink wrote it. Unpacking checks
 * every length against what is left, every path (relative, no `..`), that nothing follows
 * the last file and that `_metadata` is there: damaged bytes are refused with the reason,
 * never half-restored.
 */
final class Savepoints {
    private Savepoints() {}

    static final byte[] MAGIC = "SBFLINK1".getBytes(StandardCharsets.US_ASCII);

    /**
     * Triggers a canonical savepoint of `job` into `target`, again while some task is still
     * starting: the source and sinks connect to the relay (which makes the job ready) while
     * their tasks are initialising, and Flink refuses a savepoint until every task runs.
     * Returns the savepoint's path.
     */
    static String trigger(JobClient job, String target, long stepS) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(stepS);
        while (true) {
            try {
                return Adapter.await(job.triggerSavepoint(target, SavepointFormatType.CANONICAL), "the savepoint");
            } catch (ExecutionException e) {
                boolean starting = false;
                for (Throwable c = e; c != null; c = c.getCause()) {
                    starting |= c instanceof CheckpointException ce
                            && ce.getCheckpointFailureReason() == CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING;
                }
                if (!starting || System.nanoTime() > deadline) throw e;
                Thread.sleep(20);
            }
        }
    }

    /** Every file under `dir`, packed. */
    static byte[] pack(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.write(u64(files.size()));
        for (Path f : files) {
            byte[] name = dir.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8);
            byte[] data = Files.readAllBytes(f);
            out.write(u64(name.length));
            out.write(name);
            out.write(u64(data.length));
            out.write(data);
        }
        return out.toByteArray();
    }

    /** Unpacks `state` into the new folder `dir`; throws with the reason if it is damaged. */
    static void unpack(byte[] state, Path dir) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        if (state.length < 16 || !java.util.Arrays.equals(state, 0, 8, MAGIC, 0, 8)) {
            throw new IOException("the state is not a packed Flink savepoint (" + state.length
                    + " bytes, no SBFLINK1 header)");
        }
        b.position(8);
        long count = b.getLong();
        // Each file takes at least its two lengths: a count beyond that is damage.
        if (count < 1 || count > b.remaining() / 16) {
            throw new IOException("damaged savepoint state: " + count + " files in " + state.length + " bytes");
        }
        List<String> names = new ArrayList<>();
        Files.createDirectories(dir);
        for (long i = 0; i < count; i++) {
            String name = new String(take(b, "path of file " + i), StandardCharsets.UTF_8);
            Path target = dir.resolve(name).normalize();
            if (name.isEmpty() || Path.of(name).isAbsolute() || name.contains("..") || !target.startsWith(dir)) {
                throw new IOException("damaged savepoint state: file " + i + " has path `" + name + "`");
            }
            byte[] data = take(b, "`" + name + "`");
            Files.createDirectories(target.getParent());
            Files.write(target, data);
            names.add(name);
        }
        if (b.hasRemaining()) {
            throw new IOException("damaged savepoint state: " + b.remaining() + " bytes after the last file");
        }
        if (!names.contains("_metadata")) {
            throw new IOException("damaged savepoint state: no _metadata among its " + count + " files");
        }
    }

    /** A u64 length then that many bytes, checked against what is left. */
    private static byte[] take(ByteBuffer b, String what) throws IOException {
        if (b.remaining() < 8) throw new IOException("damaged savepoint state: truncated before " + what);
        long n = b.getLong();
        if (n < 0 || n > b.remaining()) {
            throw new IOException("damaged savepoint state: " + what + " is " + Long.toUnsignedString(n)
                    + " bytes, " + b.remaining() + " left");
        }
        byte[] out = new byte[(int) n];
        b.get(out);
        return out;
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    /** Removes `dir` and everything in it (a savepoint once packed, a restore's copy). */
    static void remove(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // already gone; the scratch folder goes at exit anyway
        }
    }
}
