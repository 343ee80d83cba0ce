package streambench.flink;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A standalone cluster on this host: a JobManager and N TaskManager processes. */
final class Standalone extends Deploy {
    Standalone(int processes, int workers) {
        throw new UnsupportedOperationException("standalone clusters are not built yet");
    }

    @Override
    StreamExecutionEnvironment environment() {
        throw new UnsupportedOperationException();
    }
}
