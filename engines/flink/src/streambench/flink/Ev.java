package streambench.flink;

/**
 * One record of the protocol inside the Flink job: an input event or a result (time, key and value as
 * the protocol's 8-byte integers, times in nanoseconds) and its payload's encoded bytes, tag included,
 * so results are written back byte for byte. A POJO, so Flink serializes it without Kryo.
 */
public final class Ev {
    /** The payload of an event without one: tag 0. */
    public static final byte[] NO_PAYLOAD = new byte[8];

    public long time;
    public long key;
    public long value;
    public byte[] payload;

    public Ev() {}

    public Ev(long time, long key, long value, byte[] payload) {
        this.time = time;
        this.key = key;
        this.value = value;
        this.payload = payload;
    }
}
