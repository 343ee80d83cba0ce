// A streambench engine in Java (17, no dependencies), speaking the wire protocol of
// docs/protocol.md. It runs `stateless`, `window-count`, `nexmark-q1` and `nexmark-q7`, in
// one thread (it declares no `workers`), with snapshots.
//
//   javac -d /tmp/engine examples/external/java/Engine.java
//   streambench conform --external 'java-example=java -cp /tmp/engine Engine'

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

public final class Engine {
    static final long VERSION = 1;
    static final String[] WORKLOADS = {"stateless", "window-count", "nexmark-q1", "nexmark-q7"};
    static final long FLAG_SNAPSHOTS = 2;
    // Frame types (docs/protocol.md, "Frames").
    static final int HELLO = 1, OUTPUTS = 2, DONE = 3, STATS = 4, STATE = 5, ERROR = 6;
    static final int START = 16, EVENTS = 17, WATERMARK = 18, FINISH = 19;
    static final int STATS_REQ = 20, SNAPSHOT = 21, RESTORE = 22;
    static final long SECOND = 1_000_000_000L; // event times are nanoseconds

    /** A result: time, key, value and the payload's encoded bytes. */
    record Out(long time, long key, long value, byte[] payload) {}

    /** Little-endian writer for frame bodies. */
    static final class Body {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final ByteBuffer eight = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Body u64(long v) {
            eight.clear();
            bytes.write(eight.putLong(v).array(), 0, 8);
            return this;
        }

        Body str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes.write(b, 0, b.length);
            return this;
        }

        Body raw(byte[] b) {
            bytes.write(b, 0, b.length);
            return this;
        }
    }

    /** Returns the offset just past the payload starting at `off`. */
    static int skipPayload(ByteBuffer b, int off) {
        long tag = b.getLong(off);
        off += 8;
        if (tag == 0) return off;
        if (tag == 1) return off + 8 + (int) b.getLong(off);
        if (tag == 2) {
            // "i" an 8-byte integer, "s" a byte string: person, auction, bid.
            String[] layouts = {"isssssis", "issiiiiiis", "iiiis"};
            String layout = layouts[(int) b.getLong(off)];
            off += 8;
            for (char f : layout.toCharArray()) off = f == 'i' ? off + 8 : off + 8 + (int) b.getLong(off);
            return off;
        }
        if (tag == 3) {
            long n = b.getLong(off);
            off += 8;
            for (long i = 0; i < n; i++) {
                long f = b.getLong(off);
                off += 8;
                off = f == 0 ? off + 8 : off + 8 + (int) b.getLong(off);
            }
            return off;
        }
        throw new IllegalArgumentException("unknown payload tag " + tag);
    }

    /** Whether the payload is a Nexmark bid (tag 2, kind 2). */
    static boolean isBid(byte[] p) {
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
        return p.length >= 16 && b.getLong(0) == 2 && b.getLong(8) == 2;
    }

    final String workload;
    long window = SECOND; // the tumbling window of window-count and q7
    long watermark = 0, late = 0;
    final Map<Long, Map<Long, Long>> counts = new HashMap<>(); // window-count: end -> key -> count
    final Map<Long, Long> best = new HashMap<>(); // nexmark-q7: end -> highest price
    final Map<Long, List<Out>> tops = new HashMap<>(); // nexmark-q7: end -> bids at it

    Engine(String workload) {
        this.workload = workload;
    }

    void onEvent(long time, long key, long value, byte[] payload, List<Out> out) {
        if (Long.compareUnsigned(time, watermark) < 0) {
            late++; // behind the watermark: dropped and counted
            return;
        }
        long end = time - Long.remainderUnsigned(time, window) + window;
        switch (workload) {
            case "stateless" -> {
                if (value % 2 == 0) out.add(new Out(time, key, value * 3 + 1, payload));
            }
            case "window-count" -> counts.computeIfAbsent(end, e -> new HashMap<>()).merge(key, 1L, Long::sum);
            case "nexmark-q1" -> {
                if (isBid(payload)) {
                    ByteBuffer b = ByteBuffer.wrap(payload.clone()).order(ByteOrder.LITTLE_ENDIAN);
                    long euros = b.getLong(32) * 89 / 100; // the price field
                    b.putLong(32, euros);
                    out.add(new Out(time, key, euros, b.array()));
                }
            }
            case "nexmark-q7" -> {
                if (isBid(payload)) {
                    Long top = best.get(end);
                    if (top == null || value > top) {
                        best.put(end, value);
                        tops.put(end, new ArrayList<>());
                    }
                    if (value == best.get(end)) {
                        long auction = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getLong(16);
                        tops.get(end).add(new Out(0, auction, value, payload));
                    }
                }
            }
            default -> throw new IllegalStateException("workload " + workload);
        }
    }

    void onWatermark(long w, List<Out> out) {
        watermark = w;
        for (Iterator<Map.Entry<Long, Map<Long, Long>>> it = counts.entrySet().iterator(); it.hasNext(); ) {
            var window = it.next();
            if (Long.compareUnsigned(window.getKey(), w) > 0) continue;
            window.getValue().forEach((key, n) -> out.add(new Out(window.getKey() - 1, key, n, new byte[8])));
            it.remove();
        }
        for (Iterator<Map.Entry<Long, List<Out>>> it = tops.entrySet().iterator(); it.hasNext(); ) {
            var window = it.next();
            if (Long.compareUnsigned(window.getKey(), w) > 0) continue;
            for (Out o : window.getValue()) out.add(new Out(window.getKey() - 1, o.key(), o.value(), o.payload()));
            best.remove(window.getKey());
            it.remove();
        }
    }

    long stateBytes() {
        long n = 0;
        for (var m : counts.values()) n += 24L * m.size();
        for (var l : tops.values()) n += 32L * l.size();
        return n;
    }

    /** The state as a frame body: watermark, late, counts, then the q7 windows' bids. */
    byte[] snapshot() {
        Body s = new Body().u64(watermark).u64(late);
        long windows = 0;
        for (var m : counts.values()) windows += m.size();
        s.u64(windows);
        counts.forEach((end, m) -> m.forEach((key, n) -> s.u64(end).u64(key).u64(n)));
        s.u64(tops.size());
        tops.forEach((end, bids) -> {
            s.u64(end).u64(best.get(end)).u64(bids.size());
            for (Out o : bids) s.u64(o.key()).u64(o.value()).u64(o.payload().length).raw(o.payload());
        });
        return s.bytes.toByteArray();
    }

    void restore(ByteBuffer b) {
        watermark = b.getLong();
        late = b.getLong();
        for (long i = b.getLong(); i > 0; i--) {
            long end = b.getLong(), key = b.getLong(), n = b.getLong();
            counts.computeIfAbsent(end, e -> new HashMap<>()).put(key, n);
        }
        for (long i = b.getLong(); i > 0; i--) {
            long end = b.getLong();
            best.put(end, b.getLong());
            List<Out> bids = new ArrayList<>();
            for (long j = b.getLong(); j > 0; j--) {
                long key = b.getLong(), value = b.getLong();
                byte[] p = new byte[(int) b.getLong()];
                b.get(p);
                bids.add(new Out(0, key, value, p));
            }
            tops.put(end, bids);
        }
    }

    static void send(OutputStream o, int type, byte[] body) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(body.length + 1).put((byte) type);
        o.write(head.array());
        o.write(body);
        o.flush();
    }

    static String string(ByteBuffer b) {
        byte[] s = new byte[(int) b.getLong()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        String[] addr = System.getenv("STREAMBENCH_ADDR").split(":");
        Socket socket = new Socket(addr[0], Integer.parseInt(addr[1]));
        socket.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        Body hello = new Body().u64(VERSION).str("java-example").u64(WORKLOADS.length);
        for (String w : WORKLOADS) hello.str(w);
        send(out, HELLO, hello.u64(FLAG_SNAPSHOTS).bytes.toByteArray());
        Engine engine = null;
        while (true) {
            int length;
            try {
                length = Integer.reverseBytes(in.readInt());
            } catch (EOFException e) {
                return; // the harness closed the connection: the run is over
            }
            int type = in.readUnsignedByte();
            byte[] frame = new byte[length - 1];
            in.readFully(frame);
            ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
            List<Out> results = new ArrayList<>();
            switch (type) {
                case START -> {
                    engine = new Engine(string(b));
                    // Parameters: only `window` (ns, when the suite resized windows) is used.
                    long n = b.getLong();
                    for (long i = 0; i < n; i++) {
                        String key = string(b), value = string(b);
                        if (key.equals("window")) engine.window = Long.parseUnsignedLong(value);
                    }
                }
                case EVENTS -> {
                    long n = b.getLong();
                    int off = 8;
                    for (long i = 0; i < n; i++) {
                        long time = b.getLong(off + 8), key = b.getLong(off + 16), value = b.getLong(off + 24);
                        int end = skipPayload(b, off + 32);
                        byte[] payload = java.util.Arrays.copyOfRange(frame, off + 32, end);
                        engine.onEvent(time, key, value, payload, results);
                        off = end;
                    }
                }
                case WATERMARK -> engine.onWatermark(b.getLong(), results);
                case FINISH -> engine.onWatermark(-1L, results); // 2^64 - 1: every window closes
                case STATS_REQ -> send(out, STATS, new Body().u64(engine.stateBytes()).u64(engine.late).bytes.toByteArray());
                case SNAPSHOT -> {
                    byte[] state = engine.snapshot();
                    send(out, STATE, new Body().u64(state.length).raw(state).bytes.toByteArray());
                }
                case RESTORE -> {
                    b.getLong(); // the state's length: the rest of the frame
                    engine.restore(b);
                    send(out, DONE, new byte[0]);
                }
                default -> {
                    send(out, ERROR, new Body().str("unexpected frame type " + type).bytes.toByteArray());
                    return;
                }
            }
            if (!results.isEmpty()) {
                Body o = new Body().u64(results.size());
                for (Out r : results) o.u64(r.time()).u64(r.key()).u64(r.value()).raw(r.payload());
                send(out, OUTPUTS, o.bytes.toByteArray());
            }
            if (type == FINISH) send(out, DONE, new byte[0]);
        }
    }
}
