package streambench.flink;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The job's sink under Flink's own checkpoints (a standalone cluster that recovers a killed
 * TaskManager): exactly-once by two-phase commit. Each writer holds its results; at each
 * checkpoint's barrier it hands them over as one committable, which Flink keeps in the
 * checkpoint and gives to the committer once the checkpoint is complete. The committer sends
 * it to the adapter, which passes its results to streambench. After a restart from that
 * checkpoint, a committable whose commit the crash may have interrupted is committed again:
 * it carries an id (subtask, attempt, sequence) by which the adapter sends each only once.
 * Results of a checkpoint that did not complete are never sent: the job computes them again
 * from the replayed input. Results therefore reach streambench about one checkpoint interval
 * after their input, which is the price of this guarantee on Flink.
 */
public final class CommitSink implements Sink<Ev>, SupportsCommitter<byte[]> {
    private final String host;
    private final int port;

    public CommitSink(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public CommittingSinkWriter<Ev, byte[]> createWriter(WriterInitContext context) {
        return new Writer(context.getTaskInfo().getIndexOfThisSubtask(), context.getTaskInfo().getAttemptNumber());
    }

    @Override
    public Committer<byte[]> createCommitter(CommitterInitContext context) throws IOException {
        return new Commits(new Socket(host, port));
    }

    @Override
    public SimpleVersionedSerializer<byte[]> getCommittableSerializer() {
        return new SimpleVersionedSerializer<>() {
            public int getVersion() {
                return 1;
            }

            public byte[] serialize(byte[] b) {
                return b;
            }

            public byte[] deserialize(int version, byte[] b) {
                return b;
            }
        };
    }

    /** Holds results as an `outputs` body after a 24-byte id, until the next barrier. */
    static final class Writer implements CommittingSinkWriter<Ev, byte[]> {
        private final long subtask, attempt;
        private long sequence = 0;
        private ByteBuffer held = fresh(1 << 16);
        private long count = 0;

        Writer(long subtask, long attempt) {
            this.subtask = subtask;
            this.attempt = attempt;
        }

        private static ByteBuffer fresh(int bytes) {
            ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            b.position(32); // id (24 bytes) and count, written when handed over
            return b;
        }

        @Override
        public void write(Ev r, Context context) {
            int need = 24 + r.payload.length;
            if (held.remaining() < need) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(held.capacity() * 2, held.position() + need))
                        .order(ByteOrder.LITTLE_ENDIAN);
                held.flip();
                bigger.put(held);
                held = bigger;
            }
            held.putLong(r.time).putLong(r.key).putLong(r.value).put(r.payload);
            count++;
        }

        @Override
        public Collection<byte[]> prepareCommit() {
            if (count == 0) return List.of();
            held.putLong(0, subtask).putLong(8, attempt).putLong(16, sequence++).putLong(24, count);
            byte[] committable = java.util.Arrays.copyOf(held.array(), held.position());
            held = fresh(held.capacity());
            count = 0;
            return List.of(committable);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void writeWatermark(org.apache.flink.api.common.eventtime.Watermark watermark) {}

        @Override
        public void close() {}
    }

    /** Sends each committable to the adapter as a `commit` frame, once its checkpoint is complete. */
    static final class Commits implements Committer<byte[]> {
        private final Socket socket;
        private final OutputStream out;

        Commits(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            out.write('C');
            out.flush();
        }

        @Override
        public void commit(Collection<CommitRequest<byte[]>> requests) throws IOException {
            for (CommitRequest<byte[]> r : requests) {
                byte[] c = r.getCommittable();
                Wire.write(out, Wire.COMMIT, c, c.length);
            }
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
