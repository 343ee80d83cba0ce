package streambench.flink;

import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Where the job runs: a MiniCluster in this JVM with one task slot per worker, or (setting
 * `processes` = N) a standalone cluster of a JobManager and N TaskManager processes on this
 * host, which {@link Standalone} starts and kills. The cluster outlives its job, so a
 * restore cancels the job the adapter deployed at `start` and submits it again from the
 * savepoint, without starting a cluster again.
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
        if (processes == 0) return new Mini(workers);
        Standalone s = new Standalone(processes, workers);
        s.checkpointMs = Long.parseLong(settings.getOrDefault("checkpoint_interval_ms", "0"));
        s.checkpointDir = settings.get("checkpoint_dir");
        if (s.checkpointMs > 0 && s.checkpointDir == null) {
            s.close();
            throw new IllegalArgumentException("the setting checkpoint_interval_ms comes without checkpoint_dir");
        }
        return s;
    }

    /**
     * Flink's own checkpoints every this many ms (0: none), into `checkpointDir`: set on a
     * standalone cluster whose crashes are TaskManager kills Flink recovers from.
     */
    long checkpointMs = 0;
    String checkpointDir;

    /** Whether Flink recovers this run's crashes itself (see {@link Rewind}). */
    boolean recovers() {
        return checkpointMs > 0;
    }

    /** The environment the job is built in; `restore`: the savepoint to start from, or null. */
    abstract StreamExecutionEnvironment environment(String restore) throws Exception;

    /** Starts the job built in `env`. */
    JobClient execute(StreamExecutionEnvironment env, String name, String restore) throws Exception {
        return env.executeAsync(name);
    }

    /** The job's parallelism: every slot of the cluster. */
    abstract int parallelism();

    /** Whether this cluster, kept from an earlier run, can run a job of these settings. */
    boolean serves(Map<String, String> settings, int workers) {
        return false;
    }

    /** Seconds the job may take to end its input after `finish`. */
    long replyTimeoutSeconds() {
        return 600;
    }

    @Override
    public void close() {}

    /**
     * Builds `workload` between the protocol's source and sink and starts it, from the
     * savepoint folder `restore` if not null (its operators must all be this job's: Flink
     * refuses a savepoint with state it cannot place, rather than dropping it).
     */
    JobClient submit(String workload, int workers, Map<String, String> params, String host, int port, String restore)
            throws Exception {
        StreamExecutionEnvironment env = environment(restore);
        env.setParallelism(workers);
        env.setBufferTimeout(BUFFER_TIMEOUT_MS);
        env.getConfig().enableObjectReuse(); // every function here builds new records
        DataStream<Ev> in = env.fromSource(new ProtocolSource(host, port), WatermarkStrategy.noWatermarks(),
                        "streambench source", Jobs.EV)
                .setParallelism(1);
        if (recovers()) env.enableCheckpointing(checkpointMs);
        Jobs.build(workload, in, workers, params)
                .sinkTo(recovers() ? new CommitSink(host, port) : new ProtocolSink(host, port))
                .name("streambench sink")
                .setParallelism(workers);
        return execute(env, "streambench " + workload, restore);
    }

    /** Flink's settings for a small, quick cluster on this host. */
    static Configuration base(int slots) {
        Configuration c = new Configuration();
        c.setString("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        c.setString("rest.bind-port", "0");
        c.setString("io.tmp.dirs", Scratch.DIR.toString());
        c.setString("taskmanager.memory.network.min", "64m");
        c.setString("taskmanager.memory.network.max", "64m");
        c.setString("taskmanager.memory.managed.size", "16m");
        return storage(c);
    }

    /**
     * Flink's state backend: `hashmap` (heap), or `rocksdb` for the engine `flink-rocksdb`
     * (its command sets the property; Flink's embedded RocksDB is in flink-dist's jar).
     */
    static final String STATE_BACKEND = System.getProperty("streambench.flink.stateBackend", "hashmap");

    static Configuration storage(Configuration c) {
        // Heap state (Flink's default; RocksDB for flink-rocksdb), written to files by savepoints (Flink's JobManager
        // storage would keep it in the savepoint's metadata, at most 5 MB per state handle).
        c.setString("state.backend.type", STATE_BACKEND);
        c.setString("execution.checkpointing.storage", "filesystem");
        c.setString("execution.checkpointing.dir", Scratch.DIR.resolve("checkpoints").toUri().toString());
        return c;
    }

    /** The job's settings: `base`, and the savepoint to start from. */
    static Configuration job(Configuration c, String restore) {
        if (restore != null) c.set(StateRecoveryOptions.SAVEPOINT_PATH, restore);
        return c;
    }

    /** One JVM: Flink's MiniCluster, `workers` slots, started once and kept for a restore. */
    static final class Mini extends Deploy {
        private final int workers;
        private final MiniCluster cluster;

        Mini(int workers) throws Exception {
            this.workers = workers;
            cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(base(workers))
                    .setNumTaskManagers(1)
                    .setNumSlotsPerTaskManager(workers)
                    .build());
            cluster.start();
        }

        @Override
        StreamExecutionEnvironment environment(String restore) {
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(job(base(workers), restore));
            env.setParallelism(workers);
            return env;
        }

        @Override
        JobClient execute(StreamExecutionEnvironment env, String name, String restore) throws Exception {
            StreamGraph stream = env.getStreamGraph();
            stream.setJobName(name);
            JobGraph graph = stream.getJobGraph();
            if (restore != null) graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restore, false));
            cluster.submitJob(graph).get();
            return new MiniClusterJobClient(graph.getJobID(), cluster, Deploy.class.getClassLoader(),
                    MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
        }

        @Override
        int parallelism() {
            return workers;
        }

        /** Stops the cluster, when a run asks for other slots (at exit, the JVM's halt does). */
        @Override
        public void close() {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the MiniCluster of an earlier run", e);
            }
        }

        @Override
        boolean serves(Map<String, String> settings, int workers) {
            return workers == this.workers && Integer.parseInt(settings.getOrDefault("processes", "0")) == 0;
        }
    }
}
