//! Id bookkeeping shared by the record generators: Beam's
//! `LongGenerator.nextLong` and the person/auction id helpers of
//! `PersonGenerator` and `AuctionGenerator`.

use crate::nexmark::gen::config::GeneratorConfig;
use crate::nexmark::gen::java_random::JavaRandom;
use crate::nexmark::gen::nexmark_config::{
    AUCTION_PROPORTION, PERSON_PROPORTION, PROPORTION_DENOMINATOR,
};

/// Number of yet-to-be-created person ids allowed (`PERSON_ID_LEAD`).
const PERSON_ID_LEAD: i64 = 10;
/// Number of yet-to-be-created auction ids allowed (`AUCTION_ID_LEAD`).
const AUCTION_ID_LEAD: i64 = 10;

/// `LongGenerator.nextLong(random, n)`: a value in `[0, n)`.
///
/// Below `i32::MAX` this is `nextInt((int) n)`; otherwise Beam uses the
/// (skewed) `Math.abs(nextLong() % n)`, reproduced here as is.
#[inline]
pub fn next_long(random: &mut JavaRandom, n: i64) -> i64 {
    if n < i32::MAX as i64 {
        random.next_int_bounded(n as i32) as i64
    } else {
        (random.next_long() % n).wrapping_abs()
    }
}

/// `lastBase0PersonId`: the last valid person id (without
/// `FIRST_PERSON_ID`); the current one if `event_id` is due to be a person.
#[inline]
pub fn last_base0_person_id(event_id: i64) -> i64 {
    let epoch = event_id / PROPORTION_DENOMINATOR;
    let mut offset = event_id % PROPORTION_DENOMINATOR;
    if offset >= PERSON_PROPORTION {
        // An auction or bid: go back to the last person of this epoch.
        offset = PERSON_PROPORTION - 1;
    }
    epoch * PERSON_PROPORTION + offset
}

/// `nextBase0PersonId`: a random recently active person id (base 0), with a
/// few ids not created yet.
#[inline]
pub fn next_base0_person_id(
    event_id: i64,
    random: &mut JavaRandom,
    config: &GeneratorConfig,
) -> i64 {
    let num_people = last_base0_person_id(event_id) + 1;
    let active_people = num_people.min(config.nexmark().num_active_people as i64);
    let n = next_long(random, active_people + PERSON_ID_LEAD);
    num_people - active_people + n
}

/// `lastBase0AuctionId`: the last valid auction id (without
/// `FIRST_AUCTION_ID`); the current one if `event_id` is due to be an auction.
#[inline]
pub fn last_base0_auction_id(event_id: i64) -> i64 {
    let mut epoch = event_id / PROPORTION_DENOMINATOR;
    let mut offset = event_id % PROPORTION_DENOMINATOR;
    if offset < PERSON_PROPORTION {
        // A person: go back to the last auction of the previous epoch.
        epoch -= 1;
        offset = AUCTION_PROPORTION - 1;
    } else if offset >= PERSON_PROPORTION + AUCTION_PROPORTION {
        // A bid: go back to the last auction of this epoch.
        offset = AUCTION_PROPORTION - 1;
    } else {
        // An auction.
        offset -= PERSON_PROPORTION;
    }
    epoch * AUCTION_PROPORTION + offset
}

/// `nextBase0AuctionId`: a random auction id (base 0) among those likely
/// still in flight, with a few ids not created yet.
#[inline]
pub fn next_base0_auction_id(
    next_event_id: i64,
    random: &mut JavaRandom,
    config: &GeneratorConfig,
) -> i64 {
    let max_auction = last_base0_auction_id(next_event_id);
    let min_auction = (max_auction - config.nexmark().num_in_flight_auctions as i64).max(0);
    min_auction + next_long(random, max_auction - min_auction + 1 + AUCTION_ID_LEAD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_ids() {
        // Event ids 0..50: person 0, auctions 1..=3, bids 4..=49.
        assert_eq!(last_base0_person_id(0), 0);
        assert_eq!(last_base0_person_id(49), 0);
        assert_eq!(last_base0_person_id(50), 1);
        assert_eq!(last_base0_auction_id(0), -1);
        assert_eq!(last_base0_auction_id(1), 0);
        assert_eq!(last_base0_auction_id(3), 2);
        assert_eq!(last_base0_auction_id(49), 2);
        assert_eq!(last_base0_auction_id(50), 2);
        assert_eq!(last_base0_auction_id(51), 3);
    }

    #[test]
    fn next_long_paths() {
        let mut a = JavaRandom::new(9);
        let mut b = JavaRandom::new(9);
        assert_eq!(next_long(&mut a, 1000), b.next_int_bounded(1000) as i64);
        let big = 1i64 << 40;
        assert_eq!(next_long(&mut a, big), (b.next_long() % big).abs());
    }
}
