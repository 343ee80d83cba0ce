//! What the driver and the workers say to each other.

use crate::graph::{NodeId, Port};
use workloads::{Input, Output, Time};

/// From the engine handle (the harness's thread) to one worker, in stream order.
pub(super) enum FromDriver {
    /// Source events for this worker to ingest.
    Events(Vec<Input>),
    /// A source watermark (sent to every worker).
    Watermark { watermark: Time, cause: Time },
    /// End of input: a final watermark of `Time::MAX`.
    Finish { cause: Time },
    /// Take a consistent snapshot and reply with it.
    Snapshot,
    /// Replace the worker's state.
    Restore(Vec<u8>),
}

/// From one worker to another over the exchange.
pub(super) enum FromPeer {
    /// Records for stateful nodes whose key this worker owns.
    Records(Vec<(NodeId, Port, Output)>),
    /// The sender will send nothing more below `watermark` to `node`'s input `port`.
    Watermark {
        from: usize,
        node: NodeId,
        port: Port,
        watermark: Time,
        cause: Time,
    },
    /// The sender has sent everything it will send before the snapshot.
    Marker,
}

/// From a worker back to the engine handle.
pub(super) enum ToDriver {
    /// Every node has fired `Time::MAX` and every result reached the sink.
    Finished,
    /// This worker's part of a snapshot.
    Snapshot(usize, Vec<u8>),
    /// The state was restored (or could not be, with the reason).
    Restored(Result<(), String>),
}
