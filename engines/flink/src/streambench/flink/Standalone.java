package streambench.flink;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A standalone Flink cluster on this host, for `--processes N`: a JobManager process and N
 * TaskManager processes (each with `workers` slots; the job runs on all N × workers), started from Flink's own entry points
 * on free ports, the job submitted to it over REST with the adapter's jar. The processes are
 * killed when the run ends (close), and with this process's group when streambench ends the
 * run (it kills the adapter's whole process group).
 */
final class Standalone extends Deploy {
    private final List<Process> processes = new ArrayList<>();
    private final Path conf;
    private final int restPort;
    private final int slots;
    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    /** A TaskManager's JVM options and settings, for a replacement. */
    private String jvm;
    private List<String> tmSettings;

    Standalone(int taskManagers, int workers) throws IOException {
        slots = taskManagers * workers;
        conf = Files.createDirectories(Scratch.DIR.resolve("conf"));
        Files.writeString(conf.resolve("config.yaml"), ""); // every setting is a -D below
        int rpc = freePort();
        restPort = freePort();
        List<String> settings = List.of(
                "jobmanager.rpc.address=localhost", "jobmanager.rpc.port=" + rpc,
                "jobmanager.bind-host=localhost", "rest.address=localhost", "rest.bind-address=localhost",
                "rest.port=" + restPort, "taskmanager.host=localhost", "taskmanager.bind-host=localhost",
                "taskmanager.numberOfTaskSlots=" + workers, "jobmanager.memory.process.size=768m",
                "taskmanager.memory.process.size=1024m", "taskmanager.memory.network.min=64m",
                "taskmanager.memory.network.max=64m", "taskmanager.memory.managed.size=16m",
                "slot.request.timeout=60000", "io.tmp.dirs=" + Scratch.DIR,
                // A killed TaskManager is noticed within seconds (Flink's default is 50 s),
                // and the job restarted from its latest checkpoint after 100 ms.
                "heartbeat.interval=1000", "heartbeat.timeout=5000",
                "restart-strategy.type=fixed-delay", "restart-strategy.fixed-delay.attempts=20",
                "restart-strategy.fixed-delay.delay=100 ms");
        try {
            processes.add(start("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    "-Xmx512m", settings));
            // Flink's scripts derive a TaskManager's memory and CPU settings (and its JVM's
            // sizes) from its process size; done here with the same utilities.
            Configuration tm = new Configuration();
            for (String s : settings) tm.setString(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
            TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(tm);
            List<String> derived = new ArrayList<>(settings);
            for (String d : TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s*-D\\s+")) {
                if (!d.isBlank()) derived.add(d.trim());
            }
            jvm = ProcessMemoryUtils.generateJvmParametersStr(spec);
            tmSettings = derived;
            for (int i = 0; i < taskManagers; i++) {
                processes.add(start(TASK_MANAGER, jvm, derived));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Flink's jars: this JVM's class path without the adapter's own jar. */
    private static String flinkClasspath() {
        String own = adapterJar();
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.equals(own))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String adapterJar() {
        try {
            return new File(Standalone.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the adapter's jar", e);
        }
    }

    /**
     * Starts a Flink process under a shell that kills it when its standard input closes:
     * when close() closes it, or when this process dies however it dies (streambench also
     * kills this process's whole group, but a group can be left by a SIGKILL of streambench).
     */
    private Process start(String main, String jvm, List<String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\" & child=$!; read _; kill -9 $child", "sh"));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvm.trim().split("\\s+")));
        command.addAll(List.of(
                "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""),
                "-Djava.io.tmpdir=" + Scratch.DIR,
                "-cp", flinkClasspath(), main, "--configDir", conf.toString()));
        for (String s : settings) {
            command.add("-D");
            command.add(s);
        }
        // Their output goes to the adapter's, whose last lines streambench quotes on failure.
        return new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /**
     * The injected crash: `SIGKILL` of the first TaskManager's JVM, and a replacement
     * started at once, as a cluster manager (Kubernetes, YARN) would. The job uses every slot
     * of the cluster, so the survivors alone could not take it; with the replacement, Flink
     * restarts it with the same parallelism once the JobManager has noticed the loss.
     */
    void killTaskManager() throws IOException {
        Process wrapper = processes.get(1);
        ProcessHandle tm = wrapper.toHandle().children().findFirst()
                .orElseThrow(() -> new IOException("the TaskManager to kill has already ended"));
        tm.destroyForcibly();
        wrapper.getOutputStream().close(); // its shell has nothing left to kill
        processes.set(1, start(TASK_MANAGER, jvm, tmSettings));
    }

    @Override
    StreamExecutionEnvironment environment(String restore) {
        Configuration c = job(storage(new Configuration()), restore);
        if (recovers()) {
            // Flink's own checkpoints of heap state (hashmap), to the run's folder.
            c.setString("execution.checkpointing.dir", Path.of(checkpointDir).toUri().toString());
            c.setString("restart-strategy.type", "fixed-delay");
            c.setString("restart-strategy.fixed-delay.attempts", "20");
            c.setString("restart-strategy.fixed-delay.delay", "100 ms");
        }
        c.setString("rest.address", "localhost");
        c.setString("rest.port", Integer.toString(restPort));
        // The REST client retries while the JobManager starts.
        c.setString("rest.retry.max-attempts", "120");
        c.setString("rest.retry.delay", "250");
        return StreamExecutionEnvironment.createRemoteEnvironment("localhost", restPort, c, adapterJar());
    }

    @Override
    int parallelism() {
        return slots;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            try {
                p.getOutputStream().close(); // its shell kills the Flink process
            } catch (IOException ignored) {
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The configuration folder is in the adapter's scratch folder, removed at its exit.
    }
}
