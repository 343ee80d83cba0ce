package streambench.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The catalog's aggregates as Flink's incremental window functions, and the window functions
 * that stamp each result as streambench's reference does: time = window end - 1, the window's
 * key, no payload. Aggregates are integers, computed in integers.
 */
final class Aggregates {
    private Aggregates() {}

    /** The number of records. */
    static final class Count implements AggregateFunction<Ev, Long, Long> {
        public Long createAccumulator() {
            return 0L;
        }

        public Long add(Ev e, Long n) {
            return n + 1;
        }

        public Long getResult(Long n) {
            return n;
        }

        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** The largest value. */
    static final class Max implements AggregateFunction<Ev, Long, Long> {
        public Long createAccumulator() {
            return Long.MIN_VALUE;
        }

        public Long add(Ev e, Long m) {
            return Math.max(m, e.value);
        }

        public Long getResult(Long m) {
            return m;
        }

        public Long merge(Long a, Long b) {
            return Math.max(a, b);
        }
    }

    /** The mean rounded half up as Java's Math.round, from an exact sum: floor((2 sum + n) / 2n). */
    static final class Avg implements AggregateFunction<Ev, long[], Long> {
        public long[] createAccumulator() {
            return new long[2];
        }

        public long[] add(Ev e, long[] a) {
            a[0] += e.value;
            a[1]++;
            return a;
        }

        public Long getResult(long[] a) {
            return Math.floorDiv(2 * a[0] + a[1], 2 * a[1]);
        }

        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    /** Every record with the largest value (all ties), kept incrementally. */
    static final class TopAll implements AggregateFunction<Ev, List<Ev>, List<Ev>> {
        public List<Ev> createAccumulator() {
            return new ArrayList<>();
        }

        public List<Ev> add(Ev e, List<Ev> top) {
            if (!top.isEmpty() && e.value < top.get(0).value) return top;
            if (!top.isEmpty() && e.value > top.get(0).value) top.clear();
            top.add(e);
            return top;
        }

        public List<Ev> getResult(List<Ev> top) {
            return top;
        }

        public List<Ev> merge(List<Ev> a, List<Ev> b) {
            List<Ev> m = createAccumulator();
            a.forEach(e -> add(e, m));
            b.forEach(e -> add(e, m));
            return m;
        }
    }

    /** A keyed window's aggregate as a result: (end - 1, key, aggregate), no payload. */
    static final class Stamp extends ProcessWindowFunction<Long, Ev, Long, TimeWindow> {
        @Override
        public void process(Long key, Context c, Iterable<Long> values, Collector<Ev> out) {
            for (Long v : values) out.collect(new Ev(c.window().getEnd() - 1, key, v, Ev.NO_PAYLOAD));
        }
    }

    /** A keyed window's top records, each stamped end - 1 (key and payload unchanged). */
    static final class StampTop extends ProcessWindowFunction<List<Ev>, Ev, Long, TimeWindow> {
        @Override
        public void process(Long key, Context c, Iterable<List<Ev>> tops, Collector<Ev> out) {
            long time = c.window().getEnd() - 1;
            for (List<Ev> top : tops) for (Ev e : top) out.collect(new Ev(time, e.key, e.value, e.payload));
        }
    }

    /**
     * The top records of a window over the whole stream, each stamped end - 1; with `toRow`,
     * as q5 wants: key 0 and the record's key moved into a row.
     */
    static final class StampTopAll extends ProcessAllWindowFunction<List<Ev>, Ev, TimeWindow> {
        private final boolean toRow;

        StampTopAll(boolean toRow) {
            this.toRow = toRow;
        }

        @Override
        public void process(Context c, Iterable<List<Ev>> tops, Collector<Ev> out) {
            long time = c.window().getEnd() - 1;
            for (List<Ev> top : tops) {
                for (Ev e : top) {
                    out.collect(toRow
                            ? new Ev(time, 0, e.value, Wire.row(e.key))
                            : new Ev(time, e.key, e.value, e.payload));
                }
            }
        }
    }
}
