package streambench.flink;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
 */
public final class Adapter {
    private final OutputStream harness;
    private final Object harnessLock = new Object();
    private volatile long late = 0;
    private CountDownLatch ended;

    /** The cluster, closed (its processes killed) however the run ends. */
    private volatile Deploy deploy;

    private Adapter(OutputStream harness) {
        this.harness = harness;
    }

    /**
     * This process's scratch folder (Flink's io.tmp.dirs and java.io.tmpdir: its RPC jar of
     * 24 MB, shuffle and blob folders), removed when the process ends, which Flink's own
     * clean-up, skipped by the halt below, would not do.
     */
    static final Path SCRATCH = Path.of(System.getProperty("java.io.tmpdir"),
            "streambench-flink-" + ProcessHandle.current().pid());

    static void removeScratch() {
        try (Stream<Path> files = Files.walk(SCRATCH)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }

    /** Removes the scratch folders of adapters that were killed before they could. */
    static void removeStaleScratch() {
        try (Stream<Path> dirs = Files.list(SCRATCH.getParent())) {
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

    public static void main(String[] args) throws Exception {
        removeStaleScratch();
        Files.createDirectories(SCRATCH);
        System.setProperty("java.io.tmpdir", SCRATCH.toString());
        String addr = System.getenv("STREAMBENCH_ADDR");
        if (addr == null || !addr.contains(":")) {
            System.err.println("flink adapter: STREAMBENCH_ADDR is not host:port (streambench starts this)");
            System.exit(2);
        }
        int colon = addr.lastIndexOf(':');
        Socket socket = new Socket(addr.substring(0, colon), Integer.parseInt(addr.substring(colon + 1)));
        socket.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        Adapter a = new Adapter(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        java.util.List<String> workloads = Jobs.declared();
        Wire.Body hello = new Wire.Body().u64(Wire.VERSION).str("flink").u64(workloads.size());
        for (String w : workloads) hello.str(w);
        a.send(Wire.HELLO, hello.u64(Wire.FLAG_WORKERS | Wire.FLAG_READY | Wire.FLAG_OWN_CLUSTER).array());
        try {
            a.run(in);
        } catch (Exception e) {
            a.fail(e);
        }
        removeScratch();
        Runtime.getRuntime().halt(0); // the cluster's threads need no orderly end
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
        if (deploy != null) deploy.close();
        removeScratch();
        Runtime.getRuntime().halt(1);
    }

    private void run(DataInputStream in) throws Exception {
        byte[] frame = Wire.read(in);
        if (frame == null) return; // a probe: streambench read the hello and closed
        if (frame[0] != Wire.START) throw new IOException("expected start, got frame type " + frame[0]);
        ByteBuffer b = Wire.body(frame);
        String workload = Wire.string(b);
        Map<String, String> params = pairs(b), settings = pairs(b);
        int workers = (int) Math.max(1, b.getLong());
        ServerSocket relay = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        deploy = Deploy.of(settings, workers);
        int parallelism = deploy.parallelism();
        JobClient job = deploy.submit(workload, parallelism, params, "127.0.0.1", relay.getLocalPort());
        job.getJobExecutionResult().whenComplete((r, e) -> {
            if (e != null) fail(e);
        });
        OutputStream source = connect(relay, parallelism, job);
        send(Wire.DONE, new byte[0]); // ready: the schedule may start
        while (true) {
            frame = Wire.read(in);
            if (frame == null) break; // the run is over
            switch (frame[0]) {
                case Wire.EVENTS, Wire.WATERMARK, Wire.FINISH -> {
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
        deploy.close();
    }

    private static Map<String, String> pairs(ByteBuffer b) {
        Map<String, String> m = new HashMap<>();
        for (long n = b.getLong(); n > 0; n--) m.put(Wire.string(b), Wire.string(b));
        return m;
    }

    /**
     * Accepts the source's and every sink's connection (or fails if the job does); starts a
     * thread per connection forwarding what it sends. Returns the source's input.
     */
    private OutputStream connect(ServerSocket relay, int sinks, JobClient job) throws Exception {
        ended = new CountDownLatch(1 + sinks);
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
            Thread t = new Thread(() -> forward(from, role == 'S'), role == 'S' ? "relay-source" : "relay-sink");
            t.setDaemon(true);
            t.start();
        }
        return source;
    }

    /** Forwards a sink's outputs to the harness, or takes the source's late count; counts ends. */
    private void forward(DataInputStream from, boolean isSource) {
        try {
            while (true) {
                byte[] frame = Wire.read(from);
                if (frame == null) return;
                if (frame[0] == Wire.OUTPUTS) {
                    synchronized (harnessLock) {
                        Wire.forward(harness, frame);
                        harness.flush();
                    }
                } else if (frame[0] == Wire.STATS && isSource) {
                    late = Wire.body(frame).getLong(8);
                    ended.countDown();
                } else if (frame[0] == Wire.DONE) {
                    ended.countDown();
                }
            }
        } catch (IOException e) {
            // the job's task ended or failed: the job's result says why
        }
    }
}
