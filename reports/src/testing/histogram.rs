//! Building `Run.latency_histogram` strings the way the harness does: an HdrHistogram,
//! V2-deflate serialised, base64-encoded.

use base64::Engine as _;
use hdrhistogram::serialization::{Serializer as _, V2DeflateSerializer};
use hdrhistogram::Histogram;

/// Encodes a histogram of `(value_ns, count)` pairs (3 significant digits).
pub fn encode_histogram(values: &[(u64, u64)]) -> String {
    let mut h = Histogram::<u64>::new(3).expect("3 significant digits is valid");
    for &(v, n) in values {
        h.record_n(v, n)
            .expect("auto-resizing histogram accepts any value");
    }
    let mut bytes = Vec::new();
    V2DeflateSerializer::new()
        .serialize(&h, &mut bytes)
        .expect("serialising into a Vec cannot fail");
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
