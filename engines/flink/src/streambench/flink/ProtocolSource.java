package streambench.flink;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The job's source: one reader (parallelism 1) that connects to the adapter's relay and turns
 * the harness's frames into Flink's stream. Events become records stamped with their time
 * (nanoseconds); a harness watermark w (no event below w may come) becomes Flink watermark
 * w - 1 (no record at or below it), so a window [s, e) fires, as streambench's, when w reaches
 * e; an event below the latest watermark is dropped and counted here, as the protocol says,
 * before any operator sees it. `finish` ends the input: Flink then fires every window.
 * Being the only source subtask, no idle subtask can hold a watermark back.
 *
 * <p>Its checkpointed state (the one split's) is its position in the harness's stream: events
 * and watermarks consumed, the latest watermark and the late count. A `snapshot` frame reaches
 * it in band, after every earlier frame: on it the reader tells the adapter it is at the cut
 * (a `state` frame with that position), and the adapter then triggers the savepoint, whose
 * barrier therefore follows every record of the earlier frames. Restored, the reader resumes
 * from that position; the harness replays what follows it.
 *
 * <p>Under Flink's own checkpoints (a standalone cluster that recovers a killed TaskManager)
 * the reader tells the adapter its position on connecting and at every checkpoint, and each
 * checkpoint's completion: the adapter ({@link Rewind}) keeps the frames after the latest
 * completed checkpoint and, when Flink restarts the job from it, replays them to the new
 * reader, which connects at the position it was restored to.
 */
public final class ProtocolSource implements Source<Ev, ProtocolSource.Split, Void> {
    private final String host;
    private final int port;

    public ProtocolSource(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<Ev, Split> createReader(SourceReaderContext context) {
        return new Reader(host, port);
    }

    @Override
    public SplitEnumerator<Split, Void> createEnumerator(SplitEnumeratorContext<Split> context) {
        return new NoSplits();
    }

    @Override
    public SplitEnumerator<Split, Void> restoreEnumerator(SplitEnumeratorContext<Split> context, Void checkpoint) {
        return new NoSplits();
    }

    @Override
    public SimpleVersionedSerializer<Split> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
        return new Serializer<>(null);
    }

    /**
     * The reader's input is the relay's one connection, so its one split is only the carrier
     * of its checkpointed position: never assigned, returned by snapshotState, handed back by
     * Flink at a restore.
     */
    public static final class Split implements SourceSplit {
        final long events, watermarks, watermark, late;

        Split(long events, long watermarks, long watermark, long late) {
            this.events = events;
            this.watermarks = watermarks;
            this.watermark = watermark;
            this.late = late;
        }

        @Override
        public String splitId() {
            return "protocol";
        }
    }

    static final class SplitSerializer implements SimpleVersionedSerializer<Split> {
        public int getVersion() {
            return 1;
        }

        public byte[] serialize(Split s) {
            return ByteBuffer.allocate(32).putLong(s.events).putLong(s.watermarks).putLong(s.watermark)
                    .putLong(s.late).array();
        }

        public Split deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1 || bytes.length != 32) {
                throw new IOException("source state of version " + version + ", " + bytes.length + " bytes: not this adapter's");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            return new Split(b.getLong(), b.getLong(), b.getLong(), b.getLong());
        }
    }

    static final class NoSplits implements SplitEnumerator<Split, Void> {
        public void start() {}

        public void handleSplitRequest(int subtask, String host) {}

        public void addSplitsBack(List<Split> splits, int subtask) {}

        public void addReader(int subtask) {}

        public Void snapshotState(long checkpoint) {
            return null;
        }

        public void close() {}
    }

    static final class Serializer<T> implements SimpleVersionedSerializer<T> {
        private final T only;

        Serializer(T only) {
            this.only = only;
        }

        public int getVersion() {
            return 1;
        }

        public byte[] serialize(T t) {
            return new byte[0];
        }

        public T deserialize(int version, byte[] bytes) {
            return only;
        }
    }

    /**
     * Reads frames on its own thread into a small bounded queue (so a slow job pushes back on
     * the harness through TCP) and emits them from `pollNext`, on the task's mailbox thread.
     */
    static final class Reader implements SourceReader<Ev, Split> {
        private final String host;
        private final int port;
        private final ArrayBlockingQueue<byte[]> frames = new ArrayBlockingQueue<>(64);
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private Socket socket;
        private volatile String failure;
        /** The harness's latest watermark (an unsigned time); nothing is late before the first. */
        private long watermark = 0;
        private long late = 0;
        /** Events (late ones included) and watermarks consumed: the position a savepoint keeps. */
        private long events = 0, watermarks = 0;

        Reader(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        public void start() {}

        /**
         * Connects on the task's first poll, not in start(): a restored position (addSplits)
         * is known by then, and is the first thing the adapter is told, so that after Flink
         * restarted the job from a checkpoint the adapter replays what follows it.
         */
        private void connect() {
            if (socket != null) return;
            try {
                socket = new Socket(host, port);
                socket.setTcpNoDelay(true);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.write('S');
                byte[] at = new Wire.Body().u64(events).u64(watermarks).array();
                Wire.write(out, Wire.AT, at, at.length);
                out.flush();
            } catch (IOException e) {
                throw new RuntimeException("source cannot reach the adapter at " + host + ":" + port, e);
            }
            Thread t = new Thread(this::receive, "streambench-source-reader");
            t.setDaemon(true);
            t.start();
        }

        /** A frame to the adapter (from the task's thread, as every other). */
        private void tell(int type, byte[] body) {
            try {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                Wire.write(out, type, body, body.length);
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("source connection", e);
            }
        }

        private void receive() {
            try {
                // Not closed here: closing it would close the socket the late count goes back on.
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
                while (true) {
                    byte[] frame = Wire.read(in);
                    if (frame == null) {
                        failure = "the adapter closed the source's connection";
                        signal();
                        return;
                    }
                    frames.put(frame);
                    signal();
                    if (frame[0] == Wire.FINISH) return;
                }
            } catch (IOException | InterruptedException e) {
                failure = "source connection: " + e;
                signal();
            }
        }

        private synchronized void signal() {
            available.complete(null);
        }

        @Override
        public synchronized CompletableFuture<Void> isAvailable() {
            connect();
            if (!frames.isEmpty() || failure != null) return CompletableFuture.completedFuture(null);
            if (available.isDone()) available = new CompletableFuture<>();
            return available;
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Ev> output) throws Exception {
            connect();
            byte[] frame = frames.poll();
            if (frame == null) {
                if (failure != null) throw new IOException(failure);
                return InputStatus.NOTHING_AVAILABLE;
            }
            ByteBuffer b = Wire.body(frame);
            switch (frame[0]) {
                case Wire.EVENTS -> events(b, output);
                case Wire.WATERMARK -> {
                    watermarks++;
                    watermark = b.getLong(0);
                    // Harness watermark w: times below w are done; Flink's: times at or below it.
                    output.emitWatermark(new Watermark(watermark - 1));
                }
                case Wire.FINISH -> {
                    // Every window fires now, as the reference's do at finish (a watermark of
                    // 2^64 - 1), rather than when the job tears its tasks down.
                    output.emitWatermark(new Watermark(Long.MAX_VALUE));
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    byte[] body = new Wire.Body().u64(0).u64(late).array();
                    Wire.write(out, Wire.STATS, body, body.length);
                    out.flush();
                    return InputStatus.END_OF_INPUT; // Flink then fires every window
                }
                case Wire.SNAPSHOT -> {
                    // Every earlier frame is emitted: the adapter may trigger the savepoint.
                    byte[] at = new Wire.Body().u64(events).u64(watermarks).array();
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    Wire.write(out, Wire.STATE, at, at.length);
                    out.flush();
                }
                default -> throw new IOException("source got frame type " + frame[0]);
            }
            return frames.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
        }

        private void events(ByteBuffer b, ReaderOutput<Ev> output) {
            long n = b.getLong(0);
            events += n;
            int off = 8;
            for (long i = 0; i < n; i++) {
                long time = b.getLong(off + 8), key = b.getLong(off + 16), value = b.getLong(off + 24);
                int end = Wire.skipPayload(b, off + 32);
                if (Long.compareUnsigned(time, watermark) < 0) {
                    late++; // behind the watermark: dropped and counted, never processed
                } else {
                    byte[] payload;
                    if (end - off - 32 == 8 && b.getLong(off + 32) == 0) {
                        payload = Ev.NO_PAYLOAD;
                    } else {
                        payload = new byte[end - off - 32];
                        b.get(off + 32, payload);
                    }
                    output.collect(new Ev(time, key, value, payload), time);
                }
                off = end;
            }
        }

        @Override
        public List<Split> snapshotState(long checkpoint) {
            // The adapter keeps the frames from here until this checkpoint completes.
            if (socket != null) tell(Wire.CHECKPOINTED, new Wire.Body().u64(checkpoint).u64(events).u64(watermarks).array());
            return List.of(new Split(events, watermarks, watermark, late));
        }

        /** The frames before this checkpoint's position will never be replayed again. */
        @Override
        public void notifyCheckpointComplete(long checkpoint) {
            if (socket != null) tell(Wire.COMPLETED, new Wire.Body().u64(checkpoint).array());
        }

        /** Only at a restore: the position the savepoint kept. */
        @Override
        public void addSplits(List<Split> splits) {
            for (Split s : splits) {
                events = s.events;
                watermarks = s.watermarks;
                watermark = s.watermark;
                late = s.late;
                System.err.println("flink adapter: source restored at " + events + " events, " + watermarks + " watermarks");
            }
        }

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void close() throws IOException {
            if (socket != null) socket.close();
        }
    }
}
