package streambench.flink;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The wire protocol of docs/protocol.md: frame types, frames in and out, little-endian bodies,
 * payloads. Also used between the adapter's relay and the job's source and sinks, which speak
 * the same frames.
 */
public final class Wire {
    private Wire() {}

    public static final long VERSION = 1;
    // Engine to harness.
    public static final int HELLO = 1, OUTPUTS = 2, DONE = 3, STATS = 4, STATE = 5, ERROR = 6, RECOVERED = 7;
    // Harness to engine.
    public static final int START = 16, EVENTS = 17, WATERMARK = 18, FINISH = 19, STATS_REQ = 20,
            SNAPSHOT = 21, RESTORE = 22, KILL = 23;
    /**
     * Between the job's tasks and the adapter only: the source's position on connecting, at a
     * checkpoint (id, position) and at its completion (id); a committer's committed results.
     */
    public static final int AT = 100, CHECKPOINTED = 101, COMPLETED = 102, COMMIT = 103;
    /**
     * Hello flags: honours workers; snapshot and restore work (Flink savepoints); answers
     * start with done once ready for events; starts its own processes for --processes N (the
     * setting `processes`); serves run after run; with --processes N, recovers a killed
     * TaskManager itself (`kill`).
     */
    public static final long FLAG_WORKERS = 1, FLAG_SNAPSHOTS = 2, FLAG_READY = 8, FLAG_OWN_CLUSTER = 16,
            FLAG_REUSABLE = 32, FLAG_OWN_RECOVERY = 64;
    /** Bytes of one frame the protocol allows (64 MiB). */
    public static final int MAX_FRAME = 64 << 20;

    /** Reads one frame as type byte then body; null at end of stream before a frame. */
    public static byte[] read(DataInputStream in) throws IOException {
        int length;
        try {
            length = Integer.reverseBytes(in.readInt());
        } catch (EOFException e) {
            return null;
        }
        if (length < 1 || length > MAX_FRAME) throw new IOException("malformed frame: length " + length);
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    /** Writes a frame of `type` with `body` (flushing is the caller's). */
    public static void write(OutputStream out, int type, byte[] body, int length) throws IOException {
        byte[] head = new byte[5];
        ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putInt(length + 1).put((byte) type);
        out.write(head);
        out.write(body, 0, length);
    }

    /** Writes a frame as `read` returned it: its type byte then its body. */
    public static void forward(OutputStream out, byte[] frame) throws IOException {
        int n = frame.length;
        out.write(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        out.write(frame);
    }

    /** A little-endian view of a frame's body (the frame's first byte is its type). */
    public static ByteBuffer body(byte[] frame) {
        return ByteBuffer.wrap(frame, 1, frame.length - 1).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static String string(ByteBuffer b) {
        byte[] s = new byte[(int) b.getLong()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** The offset just past the payload starting at `off`. */
    public static int skipPayload(ByteBuffer b, int off) {
        long tag = b.getLong(off);
        off += 8;
        if (tag == 0) return off;
        if (tag == 1) return off + 8 + (int) b.getLong(off);
        if (tag == 2) {
            // "i" an 8-byte integer, "s" a string: person, auction, bid.
            long kind = b.getLong(off);
            if (kind < 0 || kind > 2) throw new IllegalArgumentException("unknown Nexmark record kind " + kind);
            String layout = NEXMARK_LAYOUTS[(int) kind];
            off += 8;
            for (int i = 0; i < layout.length(); i++) {
                off = layout.charAt(i) == 'i' ? off + 8 : off + 8 + (int) b.getLong(off);
            }
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

    static final String[] NEXMARK_LAYOUTS = {"isssssis", "issiiiiiis", "iiiis"};
    public static final long PERSON = 0, AUCTION = 1, BID = 2;

    /** The Nexmark record kind of a payload, or -1 when it carries none. */
    public static long kind(byte[] p) {
        if (p.length < 16 || le(p).getLong(0) != 2) return -1;
        return le(p).getLong(8);
    }

    public static ByteBuffer le(byte[] p) {
        return ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Field `i` (0-based) of a Nexmark record's payload, at its byte offset. */
    public static int field(byte[] p, int i) {
        ByteBuffer b = le(p);
        String layout = NEXMARK_LAYOUTS[(int) b.getLong(8)];
        int off = 16;
        for (int f = 0; f < i; f++) off = layout.charAt(f) == 'i' ? off + 8 : off + 8 + (int) b.getLong(off);
        return off;
    }

    public static long intField(byte[] p, int i) {
        return le(p).getLong(field(p, i));
    }

    public static String stringField(byte[] p, int i) {
        ByteBuffer b = le(p);
        int off = field(p, i);
        int n = (int) b.getLong(off);
        return new String(p, off + 8, n, StandardCharsets.UTF_8);
    }

    /** Little-endian writer for frame bodies and payloads. */
    public static final class Body {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final byte[] eight = new byte[8];

        public Body u64(long v) {
            for (int i = 0; i < 8; i++) eight[i] = (byte) (v >>> (8 * i));
            bytes.write(eight, 0, 8);
            return this;
        }

        public Body str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes.write(b, 0, b.length);
            return this;
        }

        /** Bytes: a u64 length, then them. */
        public Body bytes(byte[] b) {
            u64(b.length);
            bytes.write(b, 0, b.length);
            return this;
        }

        public byte[] array() {
            return bytes.toByteArray();
        }
    }

    /** A row payload (tag 3): each field an Long (integer) or a String. */
    public static byte[] row(Object... fields) {
        Body b = new Body().u64(3).u64(fields.length);
        for (Object f : fields) {
            if (f instanceof Long l) b.u64(0).u64(l);
            else b.u64(1).str((String) f);
        }
        return b.array();
    }
}
