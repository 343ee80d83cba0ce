package streambench.flink;

import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the job runs: a MiniCluster in this JVM with one task slot per worker, or (setting
 * `processes` = N) a standalone cluster of a JobManager and N TaskManager processes on this
 * host, which {@link Standalone} starts and kills.
 */
abstract class Deploy implements AutoCloseable {
    /**
     * Milliseconds a network buffer may wait before it is sent (Flink's default is 100, tuned
     * for throughput): 1 ms keeps latency near Flink's best, at some throughput.
     */
    static final long BUFFER_TIMEOUT_MS =
            Long.parseLong(System.getenv().getOrDefault("STREAMBENCH_FLINK_BUFFER_TIMEOUT_MS", "1"));

    static Deploy of(Map<String, String> settings, int workers) throws Exception {
        int processes = Integer.parseInt(settings.getOrDefault("processes", "0"));
        return processes > 0 ? new Standalone(processes, workers) : new Mini(workers);
    }

    /** The environment the job is built in. */
    abstract StreamExecutionEnvironment environment() throws Exception;

    /** The job's parallelism: every slot of the cluster. */
    abstract int parallelism();

    /** Seconds the job may take to end its input after `finish`. */
    long replyTimeoutSeconds() {
        return 600;
    }

    @Override
    public void close() {}

    /** Builds `workload` between the protocol's source and sink and starts it. */
    JobClient submit(String workload, int workers, Map<String, String> params, String host, int port)
            throws Exception {
        StreamExecutionEnvironment env = environment();
        env.setParallelism(workers);
        env.setBufferTimeout(BUFFER_TIMEOUT_MS);
        env.getConfig().enableObjectReuse(); // every function here builds new records
        DataStream<Ev> in = env.fromSource(new ProtocolSource(host, port), WatermarkStrategy.noWatermarks(),
                        "streambench source", Jobs.EV)
                .setParallelism(1);
        Jobs.build(workload, in, workers, params)
                .sinkTo(new ProtocolSink(host, port))
                .name("streambench sink")
                .setParallelism(workers);
        return env.executeAsync("streambench " + workload);
    }

    /** Flink's settings for a small, quick cluster on this host. */
    static Configuration base(int slots) {
        Configuration c = new Configuration();
        c.setString("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        c.setString("rest.bind-port", "0");
        c.setString("io.tmp.dirs", Adapter.SCRATCH.toString());
        c.setString("taskmanager.memory.network.min", "64m");
        c.setString("taskmanager.memory.network.max", "64m");
        c.setString("taskmanager.memory.managed.size", "16m");
        return c;
    }

    /** One JVM: Flink's MiniCluster, `workers` slots. */
    static final class Mini extends Deploy {
        private final int workers;

        Mini(int workers) {
            this.workers = workers;
        }

        @Override
        StreamExecutionEnvironment environment() {
            return StreamExecutionEnvironment.createLocalEnvironment(workers, base(workers));
        }

        @Override
        int parallelism() {
            return workers;
        }
    }
}
