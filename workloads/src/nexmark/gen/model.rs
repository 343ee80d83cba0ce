//! The three Nexmark record kinds and the event that wraps them.
//!
//! Field names follow Beam's `Person`, `Auction` and `Bid`; times are epoch
//! milliseconds.

use serde::{Deserialize, Serialize};

/// A person joining the auction site (Beam `Person`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Person {
    /// Person id.
    pub id: i64,
    /// "First Last".
    pub name: String,
    /// Random e-mail address.
    pub email_address: String,
    /// Random 16-digit card number in four groups.
    pub credit_card: String,
    /// US city.
    pub city: String,
    /// US state code.
    pub state: String,
    /// Creation time, epoch ms.
    pub date_time: i64,
    /// Padding to reach the configured average size.
    pub extra: String,
}

/// An item put up for auction (Beam `Auction`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Auction {
    /// Auction id.
    pub id: i64,
    /// Random item name.
    pub item_name: String,
    /// Random description.
    pub description: String,
    /// Starting price.
    pub initial_bid: i64,
    /// Reserve price (at least the initial bid).
    pub reserve: i64,
    /// Creation time, epoch ms.
    pub date_time: i64,
    /// Closing time, epoch ms.
    pub expires: i64,
    /// Person id of the seller.
    pub seller: i64,
    /// Category id.
    pub category: i64,
    /// Padding to reach the configured average size.
    pub extra: String,
}

/// A bid on an auction (Beam `Bid`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Bid {
    /// Auction id bid on.
    pub auction: i64,
    /// Person id of the bidder.
    pub bidder: i64,
    /// Price offered.
    pub price: i64,
    /// Bid time, epoch ms.
    pub date_time: i64,
    /// Padding to reach the configured average size.
    pub extra: String,
}

/// One generated record (Beam `Event` holds exactly one of the three).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NexmarkEvent {
    /// A new person.
    Person(Person),
    /// A new auction.
    Auction(Auction),
    /// A bid.
    Bid(Bid),
}

impl NexmarkEvent {
    /// `"person"`, `"auction"` or `"bid"`.
    pub fn kind(&self) -> &'static str {
        match self {
            NexmarkEvent::Person(_) => "person",
            NexmarkEvent::Auction(_) => "auction",
            NexmarkEvent::Bid(_) => "bid",
        }
    }

    /// The record's `date_time`, epoch ms.
    pub fn date_time(&self) -> i64 {
        match self {
            NexmarkEvent::Person(p) => p.date_time,
            NexmarkEvent::Auction(a) => a.date_time,
            NexmarkEvent::Bid(b) => b.date_time,
        }
    }
}

impl NexmarkEvent {
    /// Logical size: 8 bytes per integer field plus the length of each string field.
    pub fn byte_size(&self) -> usize {
        match self {
            NexmarkEvent::Person(p) => {
                2 * 8
                    + p.name.len()
                    + p.email_address.len()
                    + p.credit_card.len()
                    + p.city.len()
                    + p.state.len()
                    + p.extra.len()
            }
            NexmarkEvent::Auction(a) => {
                7 * 8 + a.item_name.len() + a.description.len() + a.extra.len()
            }
            NexmarkEvent::Bid(b) => 4 * 8 + b.extra.len(),
        }
    }
}
