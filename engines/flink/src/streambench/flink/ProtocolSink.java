package streambench.flink;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The job's sink: each subtask connects to the adapter's relay and sends its results as the
 * protocol's `outputs` frames. Results are batched (one frame per 4,096, per watermark, or after
 * at most one millisecond, on a processing-time timer), so a window's results leave with the
 * watermark that fired them. At the end of input it sends `done`: the relay answers the
 * harness's `finish` once every subtask has.
 *
 * <p>Before each savepoint's barrier passes it (Flink calls flush(false) then), it sends what
 * it holds and then an empty `state` frame: once the savepoint is complete, the adapter waits
 * for that frame from every subtask, so every result of the input before the cut has reached
 * the harness before the adapter answers `snapshot`.
 */
public final class ProtocolSink implements Sink<Ev> {
    private final String host;
    private final int port;

    public ProtocolSink(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public SinkWriter<Ev> createWriter(WriterInitContext context) throws IOException {
        return new Writer(new Socket(host, port), context.getProcessingTimeService());
    }

    static final class Writer implements SinkWriter<Ev> {
        private static final int BATCH = 4096;
        private final Socket socket;
        private final OutputStream out;
        private final ProcessingTimeService time;
        private byte[] body = new byte[1 << 16];
        private int length = 8, count = 0;
        private boolean timerSet = false;

        Writer(Socket socket, ProcessingTimeService time) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            this.time = time;
            out.write('K');
            out.flush();
        }

        private void put(long v) {
            for (int i = 0; i < 8; i++) body[length++] = (byte) (v >>> (8 * i));
        }

        @Override
        public void write(Ev r, Context context) throws IOException {
            int need = 24 + r.payload.length;
            if (length + need > body.length) {
                body = java.util.Arrays.copyOf(body, Math.max(body.length * 2, length + need));
            }
            put(r.time);
            put(r.key);
            put(r.value);
            System.arraycopy(r.payload, 0, body, length, r.payload.length);
            length += r.payload.length;
            if (++count >= BATCH) {
                send();
            } else if (!timerSet) {
                timerSet = true;
                time.registerTimer(time.getCurrentProcessingTime() + 1, t -> {
                    timerSet = false;
                    send();
                });
            }
        }

        /** One `outputs` frame of everything buffered. */
        private void send() throws IOException {
            if (count == 0) return;
            int n = length;
            length = 0;
            put(count);
            Wire.write(out, Wire.OUTPUTS, body, n);
            out.flush();
            length = 8;
            count = 0;
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException {
            send();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            send();
            Wire.write(out, endOfInput ? Wire.DONE : Wire.STATE, new byte[0], 0);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
