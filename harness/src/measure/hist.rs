//! A latency histogram that is also a figure of the measurement record: empty by default,
//! added on merge, and serialised as HdrHistogram's V2 format in base64 (how members send
//! their records to the coordinator).

use base64::Engine as _;
use hdrhistogram::serialization::{Deserializer, Serializer, V2Serializer};
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};
use std::ops::{Deref, DerefMut};

/// Highest latency recorded exactly (60 s); larger values are clamped to it.
pub const MAX_LATENCY: u64 = 60_000_000_000;

/// A histogram of nanoseconds, 1 ns to 60 s, with `DIGITS` significant digits.
#[derive(Clone, Debug)]
pub struct Hist<const DIGITS: u8>(pub Histogram<u64>);

impl<const DIGITS: u8> Default for Hist<DIGITS> {
    fn default() -> Self {
        Hist(
            Histogram::new_with_bounds(1, MAX_LATENCY, DIGITS)
                .expect("1 ns to 60 s is a valid histogram range"),
        )
    }
}

impl<const DIGITS: u8> Deref for Hist<DIGITS> {
    type Target = Histogram<u64>;
    fn deref(&self) -> &Histogram<u64> {
        &self.0
    }
}

impl<const DIGITS: u8> DerefMut for Hist<DIGITS> {
    fn deref_mut(&mut self) -> &mut Histogram<u64> {
        &mut self.0
    }
}

impl<const DIGITS: u8> Serialize for Hist<DIGITS> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::new();
        V2Serializer::new()
            .serialize(&self.0, &mut bytes)
            .map_err(|e| serde::ser::Error::custom(format!("histogram: {e:?}")))?;
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }
}

impl<'de, const DIGITS: u8> Deserialize<'de> for Hist<DIGITS> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let text = String::deserialize(d)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|e| D::Error::custom(format!("bad histogram encoding: {e}")))?;
        Deserializer::new()
            .deserialize(&mut bytes.as_slice())
            .map(Hist)
            .map_err(|e| D::Error::custom(format!("bad histogram: {e:?}")))
    }
}
