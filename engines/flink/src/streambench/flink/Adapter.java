package streambench.flink;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/**
 * The `flink` engine's process: speaks docs/protocol.md to streambench and runs the workload as
 * a Flink job. It says hello at once (before any Flink class loads), then on `start` deploys
 * the job (see {@link Deploy}) and relays: the harness's events, watermarks and finish go
 * unchanged to the job's one source subtask, each sink subtask's outputs frames go unchanged
 * to the harness. It answers `start` with `done` once the source and every sink are connected,
 * so the schedule starts on a running job, and `finish` with `done` once the source has
 * reported its late count and every sink its end of input.
 *
 * <p>Snapshots are Flink's own savepoints: on `snapshot` (in band, after every earlier frame)
 * the source is told, reports that it has emitted every earlier frame, and the adapter then
 * triggers a canonical savepoint, waits for it to complete and for every sink to have sent
 * the results it held before the barrier, and answers `state` with the savepoint's files
 * ({@link Savepoints}). On `restore` (after `start`, before any input) it cancels the job it
 * deployed at `start` and submits it again from those files, on the same cluster.
 *
 * <p>One process serves run after run (hello flag 32): when a run's connection ends, the
 * adapter cancels the job if it still runs, waits for it to end, and connects again to say
 * hello for the next run, keeping its MiniCluster (a fresh one when the next run asks for
 * other slots). Each run is a new job graph submitted to it, with state of its own, so
 * nothing of one run's state reaches the next; only the JVM's start, the MiniCluster's and
 * the JIT's warm-up are saved. streambench refuses the connection when it has no run for
 * the process, which then exits.
 *
 * <p>On a standalone cluster given a checkpoint interval (`--processes N` with crashes: the
 * settings `checkpoint_interval_ms` and `checkpoint_dir`), checkpoints are Flink's own,
 * periodic, and a crash is streambench's `kill`: the adapter kills a TaskManager with
 * `SIGKILL`, Flink restarts the job from its latest completed checkpoint, the relay
 * ({@link Rewind}) replays the input after it, and results are committed per checkpoint
 * ({@link CommitSink}); `recovered` answers once the restarted job's source reads again.
 */
public final class Adapter {
    private final OutputStream harness;
    private final Object harnessLock = new Object();
    volatile long late = 0;
    private CountDownLatch ended;

    /** The cluster, closed (its processes killed) however the run ends. */
    private volatile Deploy deploy;
    /**
     * Whether this process offers to serve further runs: unless `STREAMBENCH_FLINK_REUSE=0`,
     * which gives every run a JVM of its own (to measure what reuse saves, or to rule it out).
     */
    private static final boolean REUSABLE = !"0".equals(System.getenv("STREAMBENCH_FLINK_REUSE"));
    /** The MiniCluster kept from the previous run of this process, or null. */
    private static Deploy kept;
    /** Savepoints restored in this process: each restore's folder is its own. */
    private static int restores = 0;
    /** The job now deployed (null while a restore replaces it) and its workload's settings. */
    private volatile JobClient job;
    private String workload;
    private Map<String, String> params;
    private int parallelism;
    private ServerSocket relay;
    /** Under Flink's own checkpoints (`--processes N` with crashes): the relay that rewinds. */
    private Rewind rewind;
    /** Each deployment's number: the relay's connections of a cancelled job are ignored. */
    private volatile int generation = 0;
    /** Completed when the source has reached a `snapshot` frame (every earlier one emitted). */
    private volatile CompletableFuture<Void> cut = new CompletableFuture<>();
    /** A permit per sink subtask that has flushed before a savepoint's barrier. */
    private final Semaphore flushed = new Semaphore(0);

    private Adapter(OutputStream harness) {
        this.harness = harness;
    }

    public static void main(String[] args) throws Exception {
        Scratch.removeStale();
        Files.createDirectories(Scratch.DIR);
        System.setProperty("java.io.tmpdir", Scratch.DIR.toString());
        String addr = System.getenv("STREAMBENCH_ADDR");
        if (addr == null || !addr.contains(":")) {
            System.err.println("flink adapter: STREAMBENCH_ADDR is not host:port (streambench starts this)");
            System.exit(2);
        }
        int colon = addr.lastIndexOf(':');
        String host = addr.substring(0, colon);
        int port = Integer.parseInt(addr.substring(colon + 1));
        Socket socket = new Socket(host, port);
        while (socket != null) {
            Adapter a = serve(socket);
            socket = null;
            try {
                a.retire();
                System.gc(); // the next run starts on a heap without this one's garbage
                socket = new Socket(host, port);
            } catch (IOException refused) {
                // streambench has no further run for this process
            } catch (Exception e) {
                a.fail(e);
            }
        }
        Scratch.remove();
        Runtime.getRuntime().halt(0); // the cluster's threads (a kept MiniCluster's) need no orderly end
    }

    /** Says hello on `socket` and runs the run it is given, until streambench closes it. */
    private static Adapter serve(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        Adapter a = new Adapter(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        java.util.List<String> workloads = Jobs.declared();
        Wire.Body hello = new Wire.Body().u64(Wire.VERSION).str("flink").u64(workloads.size());
        for (String w : workloads) hello.str(w);
        long flags = Wire.FLAG_WORKERS | Wire.FLAG_SNAPSHOTS | Wire.FLAG_READY | Wire.FLAG_OWN_CLUSTER
                | Wire.FLAG_OWN_RECOVERY | (REUSABLE ? Wire.FLAG_REUSABLE : 0);
        a.send(Wire.HELLO, hello.u64(flags).array());
        try {
            a.run(in);
        } catch (Exception e) {
            a.fail(e);
        }
        socket.close();
        return a;
    }

    /**
     * Ends what the run left: its job, cancelled if it still runs (its end is awaited, so no
     * task of it runs into the next run), its relay, the restore folders, and a standalone
     * cluster, whose processes are the run's own. A MiniCluster is kept for the next run.
     */
    private void retire() throws Exception {
        JobClient j = job;
        job = null; // its cancellation is not a failure
        if (j != null && !j.getJobExecutionResult().isDone()) {
            await(j.cancel(), "the job's cancellation at the end of the run");
        }
        if (j != null) {
            try {
                j.getJobExecutionResult().get(STEP_S, TimeUnit.SECONDS);
            } catch (ExecutionException cancelled) {
                // as asked
            }
        }
        if (relay != null) relay.close();
        try (Stream<Path> dirs = Files.list(Scratch.DIR)) {
            dirs.filter(d -> d.getFileName().toString().matches("restore-[0-9]+|checkpoints"))
                    .forEach(Savepoints::remove);
        }
        if (deploy instanceof Deploy.Mini) {
            kept = deploy;
        } else if (deploy != null) {
            deploy.close();
        }
    }

    /** Sends `length` bytes of `frame` from `offset`: a type byte, then a body. */
    void sendFrame(byte[] frame, int offset, int length) throws IOException {
        synchronized (harnessLock) {
            harness.write(new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)});
            harness.write(frame, offset, length);
            harness.flush();
        }
    }

    void send(int type, byte[] body) throws IOException {
        synchronized (harnessLock) {
            Wire.write(harness, type, body, body.length);
            harness.flush();
        }
    }

    void fail(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        String why = root == e ? e.toString() : e + "; caused by " + root;
        e.printStackTrace();
        System.err.println("flink adapter: " + why);
        try {
            send(Wire.ERROR, new Wire.Body().str(why.replace('\n', ' ')).array());
        } catch (IOException ignored) {
            // the harness is gone
        }
        if (deploy instanceof Standalone) deploy.close(); // its processes; a MiniCluster goes with the halt
        Scratch.remove();
        Runtime.getRuntime().halt(1);
    }

    private void run(DataInputStream in) throws Exception {
        byte[] frame = Wire.read(in);
        if (frame == null) return; // a probe: streambench read the hello and closed
        if (frame[0] != Wire.START) throw new IOException("expected start, got frame type " + frame[0]);
        ByteBuffer b = Wire.body(frame);
        workload = Wire.string(b);
        params = pairs(b);
        Map<String, String> settings = pairs(b);
        int workers = (int) Math.max(1, b.getLong());
        relay = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        deploy = kept != null && kept.serves(settings, workers) ? kept : null;
        if (deploy == null) {
            if (kept != null) kept.close();
            kept = null;
            deploy = Deploy.of(settings, workers);
        }
        parallelism = deploy.parallelism();
        OutputStream source = deployJob(null);
        send(Wire.DONE, new byte[0]); // ready: the schedule may start
        boolean fed = false;
        while (true) {
            frame = next(in);
            if (frame == null) break; // the run is over
            switch (frame[0]) {
                case Wire.SNAPSHOT -> {
                    if (rewind != null) throw new IOException("snapshot: this run's checkpoints are Flink's own");
                    // The job has ended its input: its tasks are gone, no savepoint can be taken.
                    if (ended.getCount() == 0) throw new IOException("snapshot after finish: the job has ended");
                    byte[] state = snapshot(source);
                    if (state.length > Wire.MAX_FRAME - 9) {
                        throw new IOException("the savepoint is " + state.length + " bytes, more than one frame may carry (64 MiB)");
                    }
                    send(Wire.STATE, new Wire.Body().bytes(state).array());
                }
                case Wire.RESTORE -> {
                    if (fed) throw new IOException("restore after input: the protocol sends it only before any");
                    ByteBuffer r = Wire.body(frame);
                    long n = r.getLong();
                    if (n != r.remaining()) throw new IOException("malformed restore frame: " + n + " bytes announced, " + r.remaining() + " sent");
                    byte[] state = new byte[(int) n];
                    r.get(state);
                    source = restore(state);
                    send(Wire.DONE, new byte[0]);
                }
                case Wire.KILL -> {
                    if (rewind == null) {
                        throw new IOException("kill: Flink recovers a TaskManager's kill only with --processes N and a checkpoint interval");
                    }
                    send(Wire.RECOVERED, rewind.kill((Standalone) deploy));
                }
                case Wire.EVENTS, Wire.WATERMARK, Wire.FINISH -> {
                    fed = true;
                    if (rewind != null) {
                        rewind.forward(frame);
                        if (frame[0] == Wire.FINISH) {
                            rewind.finish(job, deploy.replyTimeoutSeconds());
                            job = null; // finished: nothing to cancel
                            send(Wire.DONE, new byte[0]);
                        }
                        continue;
                    }
                    Wire.forward(source, frame);
                    source.flush();
                    if (frame[0] == Wire.FINISH) {
                        if (!ended.await(deploy.replyTimeoutSeconds(), TimeUnit.SECONDS)) {
                            throw new IOException("the job did not end its input in time");
                        }
                        send(Wire.DONE, new byte[0]);
                    }
                }
                case Wire.STATS_REQ -> send(Wire.STATS, new Wire.Body().u64(0).u64(late).array());
                default -> throw new IOException("unexpected frame type " + frame[0]);
            }
        }
    }

    /**
     * The harness's next frame, or null when the run is over: at the end of the stream, and
     * when streambench reset the connection, having ended the run without waiting for the
     * engine's last results (after a snapshot, or a run it failed).
     */
    private static byte[] next(DataInputStream in) throws IOException {
        try {
            return Wire.read(in);
        } catch (SocketException reset) {
            return null;
        }
    }

    private static Map<String, String> pairs(ByteBuffer b) {
        Map<String, String> m = new HashMap<>();
        for (long n = b.getLong(); n > 0; n--) m.put(Wire.string(b), Wire.string(b));
        return m;
    }

    /**
     * Submits the job (from the savepoint folder `restore`, or fresh) and waits until its
     * source and sinks are connected. Returns the source's input.
     */
    private OutputStream deployJob(String restore) throws Exception {
        int gen = ++generation;
        JobClient j = deploy.submit(workload, parallelism, params, "127.0.0.1", relay.getLocalPort(), restore);
        job = j;
        j.getJobExecutionResult().whenComplete((r, e) -> {
            if (e != null && job == j) fail(e); // not the job a restore cancelled
        });
        if (deploy.recovers()) {
            // Flink restarts the job itself: its tasks connect again, to the rewinding relay.
            rewind = new Rewind(this, relay, Path.of(deploy.checkpointDir));
            rewind.ready(j);
            return null;
        }
        return connect(parallelism, j, gen);
    }

    /** Seconds a savepoint step may take before the adapter gives up and says which. */
    private static final long STEP_S = 120;

    /**
     * A savepoint at the cut between the frames received and the next: the source reaches
     * the `snapshot` frame, the savepoint completes, every sink has flushed; its files packed.
     */
    private byte[] snapshot(OutputStream source) throws Exception {
        long t0 = System.nanoTime();
        CompletableFuture<Void> at = new CompletableFuture<>();
        cut = at;
        flushed.drainPermits();
        Wire.write(source, Wire.SNAPSHOT, new byte[0], 0);
        source.flush();
        await(at, "the source to reach the snapshot");
        long t1 = System.nanoTime();
        Path target = Files.createDirectories(Scratch.DIR.resolve("savepoints"));
        String path = Savepoints.trigger(job, target.toUri().toString(), STEP_S);
        if (!flushed.tryAcquire(parallelism, STEP_S, TimeUnit.SECONDS)) {
            throw new IOException("the sinks did not flush before the savepoint's barrier within " + STEP_S + " s");
        }
        long t2 = System.nanoTime();
        Path dir = path.contains(":") ? Path.of(URI.create(path)) : Path.of(path);
        byte[] state = Savepoints.pack(dir);
        Savepoints.remove(dir);
        System.err.printf("flink adapter: savepoint of %d bytes: cut %.1f ms, savepoint %.1f ms, pack %.1f ms%n",
                state.length, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (System.nanoTime() - t2) / 1e6);
        return state;
    }

    /** Cancels the job deployed at `start` and deploys it again from the savepoint in `state`. */
    private OutputStream restore(byte[] state) throws Exception {
        long t0 = System.nanoTime();
        Path dir = Scratch.DIR.resolve("restore-" + ++restores);
        Savepoints.unpack(state, dir);
        JobClient old = job;
        job = null; // its cancellation is not a failure
        await(old.cancel(), "the fresh job's cancellation");
        try {
            old.getJobExecutionResult().get(STEP_S, TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // as asked
        }
        OutputStream source = deployJob(dir.toUri().toString());
        System.err.printf("flink adapter: restored from a savepoint of %d bytes in %.1f ms%n",
                state.length, (System.nanoTime() - t0) / 1e6);
        return source;
    }

    static <T> T await(CompletableFuture<T> f, String what) throws Exception {
        try {
            return f.get(STEP_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("waited " + STEP_S + " s for " + what);
        }
    }

    /**
     * Accepts the source's and every sink's connection (or fails if the job does); starts a
     * thread per connection forwarding what it sends. Returns the source's input.
     */
    private OutputStream connect(int sinks, JobClient job, int gen) throws Exception {
        CountDownLatch end = new CountDownLatch(1 + sinks);
        ended = end;
        relay.setSoTimeout(200);
        OutputStream source = null;
        int connected = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (source == null || connected < 1 + sinks) {
            Socket s;
            try {
                s = relay.accept();
            } catch (SocketTimeoutException e) {
                if (job.getJobExecutionResult().isCompletedExceptionally()) job.getJobExecutionResult().get();
                if (System.nanoTime() > deadline) throw new IOException("the job's tasks did not start within 120 s");
                continue;
            }
            s.setTcpNoDelay(true);
            DataInputStream from = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            int role = from.read();
            connected++;
            if (role == 'S') source = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
            Thread t = new Thread(() -> forward(from, role == 'S', gen, end), role == 'S' ? "relay-source" : "relay-sink");
            t.setDaemon(true);
            t.start();
        }
        return source;
    }

    /**
     * Forwards a sink's outputs to the harness, or takes the source's late count; counts ends,
     * the source's arrival at a cut and the sinks' flushes before a savepoint. A cancelled
     * job's connections (an earlier generation) are drained and ignored.
     */
    private void forward(DataInputStream from, boolean isSource, int gen, CountDownLatch end) {
        try {
            while (true) {
                byte[] frame = Wire.read(from);
                if (frame == null) return;
                if (gen != generation) continue;
                if (frame[0] == Wire.STATE) {
                    if (isSource) cut.complete(null);
                    else flushed.release();
                } else if (frame[0] == Wire.OUTPUTS) {
                    synchronized (harnessLock) {
                        Wire.forward(harness, frame);
                        harness.flush();
                    }
                } else if (frame[0] == Wire.STATS && isSource) {
                    late = Wire.body(frame).getLong(8);
                    end.countDown();
                } else if (frame[0] == Wire.DONE) {
                    end.countDown();
                }
            }
        } catch (IOException e) {
            // the job's task ended or failed: the job's result says why
        }
    }
}
