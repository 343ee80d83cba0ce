package streambench.flink;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The catalog's workloads as Flink DataStream pipelines, in Flink's own idiom: keyed event-time
 * windows with incremental aggregates, a windowed join, two-phase (local then global) top
 * selection. Times are the protocol's nanoseconds, which Flink's window assigners take as
 * their (millisecond) unit: a window of 10^9 units is streambench's second, aligned to 0.
 */
final class Jobs {
    private Jobs() {}

    /** The workloads this adapter implements (its hello's list). */
    static final String[] WORKLOADS = {
        "stateless", "window-count", "sliding-avg", "session-max",
        "nexmark-q0", "nexmark-q1", "nexmark-q2", "nexmark-q5", "nexmark-q7", "nexmark-q8",
        "nexmark-q11", "nexmark-q12",
    };

    /**
     * The workloads declared: all of them, or those of `STREAMBENCH_FLINK_WORKLOADS` (a comma
     * list) that are implemented, to check or run a few without starting a JVM per other case.
     */
    static List<String> declared() {
        String only = System.getenv("STREAMBENCH_FLINK_WORKLOADS");
        List<String> all = List.of(WORKLOADS);
        if (only == null || only.isBlank()) return all;
        return java.util.Arrays.stream(only.split(",")).map(String::trim).filter(all::contains).toList();
    }

    static final TypeInformation<Ev> EV = TypeInformation.of(Ev.class);
    static final TypeInformation<List<Ev>> EVS = Types.LIST(EV);
    static final long SECOND = 1_000_000_000L, MILLI = 1_000_000L;
    /** Keys of the local phase of a global top: enough to spread over any worker count here. */
    static final long BUCKETS = 128;

    /** `units` nanoseconds as the Duration whose milliseconds Flink's assigners read. */
    static Duration ns(long units) {
        return Duration.ofMillis(units);
    }

    /** The result stream of `workload` over the source's events, on `workers` parallel subtasks. */
    static DataStream<Ev> build(String workload, DataStream<Ev> in, int workers, Map<String, String> params) {
        long size = Long.parseLong(params.getOrDefault("window_size", Long.toString(SECOND)));
        long period = Long.parseLong(params.getOrDefault("window_period", Long.toString(500 * MILLI)));
        // The synthetic workloads' window, when a suite resized it (`windows`): 1 s otherwise.
        long window = Long.parseLong(params.getOrDefault("window", Long.toString(SECOND)));
        // The source is one subtask: stateless work is spread round-robin over the workers.
        DataStream<Ev> spread = workers > 1 ? in.rebalance() : in;
        return switch (workload) {
            case "stateless" -> spread.filter(e -> e.value % 2 == 0)
                    .map(e -> new Ev(e.time, e.key, e.value * 3 + 1, e.payload)).returns(EV);
            case "window-count" -> byKey(in).window(TumblingEventTimeWindows.of(ns(window)))
                    .aggregate(new Aggregates.Count(), new Aggregates.Stamp(), Types.LONG, Types.LONG, EV);
            case "sliding-avg" -> byKey(in).window(SlidingEventTimeWindows.of(ns(window), ns(Math.max(1, window / 4))))
                    .aggregate(new Aggregates.Avg(), new Aggregates.Stamp(),
                            TypeInformation.of(long[].class), Types.LONG, EV);
            case "session-max" -> byKey(in).window(EventTimeSessionWindows.withGap(ns(params.containsKey("window") ? Math.max(1, window / 10) : 100 * MILLI)))
                    .aggregate(new Aggregates.Max(), new Aggregates.Stamp(), Types.LONG, Types.LONG, EV);
            case "nexmark-q0" -> spread.map(e -> e).returns(EV);
            case "nexmark-q1" -> bids(spread).map(Jobs::euros).returns(EV);
            case "nexmark-q2" -> bids(spread).filter(e -> Wire.intField(e.payload, 0) % 123 == 0)
                    .map(e -> new Ev(e.time, e.key, e.value,
                            Wire.row(Wire.intField(e.payload, 0), Wire.intField(e.payload, 2))))
                    .returns(EV);
            case "nexmark-q5" -> byKey(bids(in)).window(SlidingEventTimeWindows.of(ns(size), ns(period)))
                    .aggregate(new Aggregates.Count(), new Aggregates.Stamp(), Types.LONG, Types.LONG, EV)
                    .windowAll(TumblingEventTimeWindows.of(ns(period)))
                    .aggregate(new Aggregates.TopAll(), new Aggregates.StampTopAll(true), EVS, EVS, EV);
            case "nexmark-q7" -> bids(in).keyBy((KeySelector<Ev, Long>) e -> Math.floorMod(e.key, BUCKETS), Types.LONG)
                    .window(TumblingEventTimeWindows.of(ns(size)))
                    .aggregate(new Aggregates.TopAll(), new Aggregates.StampTop(), EVS, EVS, EV)
                    .windowAll(TumblingEventTimeWindows.of(ns(size)))
                    .aggregate(new Aggregates.TopAll(), new Aggregates.StampTopAll(false), EVS, EVS, EV);
            case "nexmark-q8" -> q8(in, size);
            case "nexmark-q11" -> byBidder(bids(in)).window(EventTimeSessionWindows.withGap(ns(size)))
                    .aggregate(new Aggregates.Count(), new Aggregates.Stamp(), Types.LONG, Types.LONG, EV);
            case "nexmark-q12" -> byBidder(bids(in)).window(TumblingEventTimeWindows.of(ns(size)))
                    .aggregate(new Aggregates.Count(), new Aggregates.Stamp(), Types.LONG, Types.LONG, EV);
            default -> throw new IllegalArgumentException("flink does not implement workload `" + workload + "`");
        };
    }

    static KeyedStream<Ev, Long> byKey(DataStream<Ev> in) {
        return in.keyBy((KeySelector<Ev, Long>) e -> e.key, Types.LONG);
    }

    static KeyedStream<Ev, Long> byBidder(DataStream<Ev> bids) {
        return bids.keyBy((KeySelector<Ev, Long>) e -> Wire.intField(e.payload, 1), Types.LONG);
    }

    static DataStream<Ev> bids(DataStream<Ev> in) {
        return in.filter(e -> Wire.kind(e.payload) == Wire.BID);
    }

    /** q1: the bid with its price (field 2) in euros, as value and in the record. */
    static Ev euros(Ev e) {
        byte[] p = e.payload.clone();
        int at = Wire.field(p, 2);
        long euros = Wire.le(p).getLong(at) * 89 / 100;
        Wire.le(p).putLong(at, euros);
        return new Ev(e.time, e.key, euros, p);
    }

    /**
     * q8: people joined with the auctions they opened (seller = person id) in the same tumbling
     * window; (person id, reserve, row [id, name, reserve]) at the window's end - 1.
     */
    static DataStream<Ev> q8(DataStream<Ev> in, long size) {
        DataStream<Ev> people = in.filter(e -> Wire.kind(e.payload) == Wire.PERSON);
        DataStream<Ev> auctions = in.filter(e -> Wire.kind(e.payload) == Wire.AUCTION);
        return people.join(auctions)
                .where((KeySelector<Ev, Long>) p -> p.key, Types.LONG)
                .equalTo((KeySelector<Ev, Long>) a -> Wire.intField(a.payload, 7), Types.LONG)
                .window(TumblingEventTimeWindows.of(ns(size)))
                .apply((p, a) -> {
                    long end = p.time - Long.remainderUnsigned(p.time, size) + size;
                    long reserve = Wire.intField(a.payload, 4);
                    return new Ev(end - 1, p.key, reserve, Wire.row(p.key, Wire.stringField(p.payload, 1), reserve));
                }, EV);
    }
}
