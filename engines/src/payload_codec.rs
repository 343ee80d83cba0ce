//! Snapshot encoding of every [`Payload`] variant: opaque bytes, Nexmark records and rows.

use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use std::sync::Arc;
use workloads::nexmark::gen::{Auction, Bid, NexmarkEvent, Person};
use workloads::{Field, Payload};

impl Encoder {
    /// Writes a payload, tagged with its variant.
    pub fn payload(&mut self, p: &Payload) {
        match p {
            Payload::None => self.u64(0),
            Payload::Bytes(b) => {
                self.u64(1);
                self.bytes(b);
            }
            Payload::Nexmark(n) => {
                self.u64(2);
                self.nexmark(n);
            }
            Payload::Row(fields) => {
                self.u64(3);
                self.u64(fields.len() as u64);
                for f in fields.iter() {
                    match f {
                        Field::Int(v) => {
                            self.u64(0);
                            self.i64(*v);
                        }
                        Field::Str(s) => {
                            self.u64(1);
                            self.bytes(s.as_bytes());
                        }
                    }
                }
            }
        }
    }

    fn nexmark(&mut self, n: &NexmarkEvent) {
        match n {
            NexmarkEvent::Person(p) => {
                self.u64(0);
                self.i64(p.id);
                for s in [&p.name, &p.email_address, &p.credit_card, &p.city, &p.state] {
                    self.bytes(s.as_bytes());
                }
                self.i64(p.date_time);
                self.bytes(p.extra.as_bytes());
            }
            NexmarkEvent::Auction(a) => {
                self.u64(1);
                self.i64(a.id);
                self.bytes(a.item_name.as_bytes());
                self.bytes(a.description.as_bytes());
                for v in [
                    a.initial_bid,
                    a.reserve,
                    a.date_time,
                    a.expires,
                    a.seller,
                    a.category,
                ] {
                    self.i64(v);
                }
                self.bytes(a.extra.as_bytes());
            }
            NexmarkEvent::Bid(b) => {
                self.u64(2);
                for v in [b.auction, b.bidder, b.price, b.date_time] {
                    self.i64(v);
                }
                self.bytes(b.extra.as_bytes());
            }
        }
    }
}

impl Decoder<'_> {
    /// Reads a payload written by [`Encoder::payload`].
    pub fn payload(&mut self) -> Result<Payload, EngineError> {
        Ok(match self.u64()? {
            0 => Payload::None,
            1 => Payload::Bytes(Arc::new(self.bytes()?.to_vec())),
            2 => Payload::Nexmark(Arc::new(self.nexmark()?)),
            3 => {
                let n = self.len(16)?;
                let mut fields = Vec::with_capacity(n);
                for _ in 0..n {
                    fields.push(match self.u64()? {
                        0 => Field::Int(self.i64()?),
                        1 => Field::Str(Arc::from(self.string()?.as_str())),
                        t => return Err(bad(format!("unknown field tag {t}"))),
                    });
                }
                Payload::Row(Arc::new(fields))
            }
            t => return Err(bad(format!("unknown payload tag {t}"))),
        })
    }

    fn string(&mut self) -> Result<String, EngineError> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|e| bad(e.to_string()))
    }

    fn nexmark(&mut self) -> Result<NexmarkEvent, EngineError> {
        Ok(match self.u64()? {
            0 => NexmarkEvent::Person(Person {
                id: self.i64()?,
                name: self.string()?,
                email_address: self.string()?,
                credit_card: self.string()?,
                city: self.string()?,
                state: self.string()?,
                date_time: self.i64()?,
                extra: self.string()?,
            }),
            1 => NexmarkEvent::Auction(Auction {
                id: self.i64()?,
                item_name: self.string()?,
                description: self.string()?,
                initial_bid: self.i64()?,
                reserve: self.i64()?,
                date_time: self.i64()?,
                expires: self.i64()?,
                seller: self.i64()?,
                category: self.i64()?,
                extra: self.string()?,
            }),
            2 => NexmarkEvent::Bid(Bid {
                auction: self.i64()?,
                bidder: self.i64()?,
                price: self.i64()?,
                date_time: self.i64()?,
                extra: self.string()?,
            }),
            t => return Err(bad(format!("unknown Nexmark record tag {t}"))),
        })
    }
}

fn bad(msg: String) -> EngineError {
    EngineError::Snapshot(msg)
}

#[cfg(test)]
mod tests {
    use workloads::nexmark::gen::{Generator, GeneratorConfig};
    use workloads::nexmark::to_event;
    use workloads::{Event, Output};

    use super::*;

    #[test]
    fn every_payload_round_trips() {
        let mut events: Vec<Event> = Generator::new(GeneratorConfig::default())
            .take(60)
            .map(|g| to_event(g.timestamp_ms, g.event))
            .collect();
        events.push(Event {
            payload: Payload::row([Field::Int(-4), Field::str("Ünïcode"), Field::str("")]),
            ..Event::new(1, 2, 3)
        });
        events.push(Event::new(5, 6, 7));
        let mut e = Encoder::default();
        for ev in &events {
            e.output(&Output {
                event: ev.clone(),
                cause: 9,
                latest: 8,
            });
        }
        let mut d = Decoder::new(&e.buf);
        for ev in &events {
            assert_eq!(&d.output().unwrap().event, ev);
        }
        d.finish().unwrap();
        let mut bad_tag = Encoder::default();
        bad_tag.u64(7);
        assert!(Decoder::new(&bad_tag.buf).payload().is_err());
    }
}
