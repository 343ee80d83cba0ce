package streambench.flink;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;

/**
 * The relay of a run on a standalone cluster under Flink's own checkpoints, where a crash is
 * the `SIGKILL` of a TaskManager and Flink restarts the job from its latest completed
 * checkpoint. The harness's frames go to the job's source as they come, and are also kept
 * here, each with the source's position before it, until a checkpoint past them completes
 * (the source says where each checkpoint cut its input, and when it completed). When the job
 * restarts, its new source connects at the position it was restored to, and the frames kept
 * from there are replayed to it before any new one: the source rewinds through the protocol,
 * and streambench's schedule goes on. Results reach the harness only through the committers
 * of {@link CommitSink}, each committable once.
 */
final class Rewind {
    private final Adapter adapter;
    private final ServerSocket relay;
    private final Path checkpoints;

    /** A frame of the harness's and the source's position (events, watermarks) before it. */
    private record Kept(long events, long watermarks, byte[] frame) {}

    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    /** The position after every frame kept. */
    private long events = 0, watermarks = 0;
    /** The source's connection, or null while the job restarts. */
    private OutputStream source;
    /** Checkpoints taken by the source: id to {events, watermarks, when (nanoTime)}. */
    private final Map<Long, long[]> taken = new ConcurrentHashMap<>();
    /** Completed with the position of the source's next connection. */
    private volatile CompletableFuture<long[]> connected = new CompletableFuture<>();
    private final Set<ByteBuffer> committed = ConcurrentHashMap.newKeySet();
    private int committers = 0;

    Rewind(Adapter adapter, ServerSocket relay, Path checkpoints) {
        this.adapter = adapter;
        this.relay = relay;
        this.checkpoints = checkpoints;
        Thread t = new Thread(this::accept, "relay-accept");
        t.setDaemon(true);
        t.start();
    }

    /** Waits for the job's first source to connect. */
    void ready(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                connected.get(200, TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                if (job.getJobExecutionResult().isCompletedExceptionally()) job.getJobExecutionResult().get();
                if (System.nanoTime() > deadline) throw new IOException("the job's source did not start within 120 s");
            }
        }
    }

    private void accept() {
        while (!relay.isClosed()) {
            try {
                Socket s = relay.accept();
                s.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
                int role = in.read();
                Thread t = new Thread(() -> {
                    try {
                        if (role == 'S') source(s, in);
                        else if (role == 'C') committer(in);
                    } catch (IOException ended) {
                        // the task ended or its TaskManager was killed: Flink restarts the job
                    }
                }, role == 'S' ? "relay-source" : "relay-commit");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return; // the run is over
            }
        }
    }

    /** The harness's frame to the source, kept until a completed checkpoint is past it. */
    synchronized void forward(byte[] frame) {
        kept.add(new Kept(events, watermarks, frame));
        if (frame[0] == Wire.EVENTS) events += Wire.body(frame).getLong(0);
        if (frame[0] == Wire.WATERMARK) watermarks++;
        if (source == null) return; // replayed when the restarted source connects
        try {
            Wire.forward(source, frame);
            source.flush();
        } catch (IOException dead) {
            source = null;
        }
    }

    /** A source connected at the position it starts from: what is kept from there is replayed. */
    private void source(Socket s, DataInputStream in) throws IOException {
        byte[] at = Wire.read(in);
        if (at == null || at[0] != Wire.AT) throw new IOException("the source did not say its position");
        ByteBuffer b = Wire.body(at);
        long[] from = {b.getLong(0), b.getLong(8)};
        synchronized (this) {
            Kept first = kept.peekFirst();
            if (first != null && (first.events > from[0] || first.watermarks > from[1])) {
                adapter.fail(new IOException("the source restarted at " + from[0] + " events, before the frames kept (from "
                        + first.events + "): a checkpoint completed that Flink did not restore"));
            }
            source = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
            for (Kept k : kept) {
                if (k.events >= from[0] && k.watermarks >= from[1]) Wire.forward(source, k.frame);
            }
            source.flush();
        }
        System.err.println("flink adapter: source connected at " + from[0] + " events, " + from[1] + " watermarks");
        connected.complete(from);
        while (true) {
            byte[] frame = Wire.read(in);
            if (frame == null) return;
            ByteBuffer f = Wire.body(frame);
            switch (frame[0]) {
                case Wire.CHECKPOINTED -> {
                    synchronized (this) {
                        taken.put(f.getLong(0), new long[] {f.getLong(8), f.getLong(16), System.nanoTime()});
                    }
                }
                case Wire.COMPLETED -> completed(f.getLong(0));
                case Wire.STATS -> adapter.late = f.getLong(8);
                default -> {}
            }
        }
    }

    /** Checkpoint `id` is complete: the frames before its position are dropped. */
    private synchronized void completed(long id) {
        long[] at = taken.get(id);
        if (at == null) return;
        taken.keySet().removeIf(k -> k < id);
        while (!kept.isEmpty() && (kept.peekFirst().events < at[0] || kept.peekFirst().watermarks < at[1])) {
            kept.pollFirst();
        }
    }

    /** A committer: each committable's results go to the harness once. */
    private void committer(DataInputStream in) throws IOException {
        synchronized (this) {
            committers++;
        }
        try {
            while (true) {
                byte[] frame = Wire.read(in);
                if (frame == null) return;
                if (frame[0] != Wire.COMMIT) continue;
                if (!committed.add(ByteBuffer.wrap(java.util.Arrays.copyOfRange(frame, 1, 25)))) continue;
                frame[24] = (byte) Wire.OUTPUTS; // the committable's count and results follow its id
                adapter.sendFrame(frame, 24, frame.length - 24);
            }
        } finally {
            synchronized (this) {
                committers--;
                notifyAll();
            }
        }
    }

    /**
     * The input has ended: waits for the job to finish (after its final checkpoint, whose
     * completion commits the last results) and for every committer to have sent its results.
     */
    void finish(JobClient job, long seconds) throws Exception {
        job.getJobExecutionResult().get(seconds, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 10_000;
        synchronized (this) {
            while (committers > 0 && System.currentTimeMillis() < deadline) wait(100);
        }
    }

    /**
     * The injected crash: kills a TaskManager (and starts its replacement), then waits for
     * the restarted job's source. Returns the `recovered` body: the position it restarted
     * from, how long before the kill that checkpoint was taken (2^64 - 1 for none: the
     * beginning of the stream) and its files' bytes.
     */
    byte[] kill(Standalone cluster) throws Exception {
        long t0 = System.nanoTime();
        synchronized (this) {
            source = null;
            connected = new CompletableFuture<>();
        }
        cluster.killTaskManager();
        long[] from = connected.get(120, TimeUnit.SECONDS);
        System.err.printf("flink adapter: the job runs again %.1f ms after the TaskManager's kill%n",
                (System.nanoTime() - t0) / 1e6);
        // The checkpoint it restarted from: the latest the source knows complete, or a later
        // one whose completion the kill came before the source heard of.
        long id = -1;
        for (Map.Entry<Long, long[]> t : taken.entrySet()) {
            long[] p = t.getValue();
            if (p[0] == from[0] && p[1] == from[1] && t.getKey() > id) id = t.getKey();
        }
        if (id < 0 && (from[0] > 0 || from[1] > 0)) {
            throw new IOException("the job restarted at " + from[0] + " events, where no checkpoint was taken");
        }
        long age = id < 0 ? -1 : t0 - taken.get(id)[2];
        long bytes = id < 0 ? 0 : size(id);
        return new Wire.Body().u64(from[0]).u64(from[1]).u64(age).u64(bytes).array();
    }

    /** The bytes of checkpoint `id`'s files (`<job>/chk-<id>` under the run's folder). */
    private long size(long id) throws IOException {
        try (Stream<Path> all = Files.walk(checkpoints)) {
            return all.filter(p -> p.toString().contains("/chk-" + id + "/") && Files.isRegularFile(p))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
