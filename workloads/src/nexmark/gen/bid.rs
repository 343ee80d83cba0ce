//! Bid records (Beam `BidGenerator`).

use crate::nexmark::gen::config::GeneratorConfig;
use crate::nexmark::gen::ids::{
    last_base0_auction_id, last_base0_person_id, next_base0_auction_id, next_base0_person_id,
};
use crate::nexmark::gen::java_random::JavaRandom;
use crate::nexmark::gen::model::Bid;
use crate::nexmark::gen::nexmark_config::{FIRST_AUCTION_ID, FIRST_PERSON_ID};
use crate::nexmark::gen::price::next_price;
use crate::nexmark::gen::strings::next_extra;

/// Hot auctions are the first of each batch of this many auctions.
const HOT_AUCTION_RATIO: i64 = 100;
/// Hot bidders are the second of each batch of this many people.
const HOT_BIDDER_RATIO: i64 = 100;

/// `nextBid`: the bid for event `event_id` at `timestamp`.
#[inline]
pub fn next_bid(
    event_id: i64,
    random: &mut JavaRandom,
    timestamp: i64,
    config: &GeneratorConfig,
) -> Bid {
    let nexmark = config.nexmark();
    // P(hot auction) = 1 - 1/hotAuctionRatio.
    let auction = if random.next_int_bounded(nexmark.hot_auction_ratio) > 0 {
        (last_base0_auction_id(event_id) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO
    } else {
        next_base0_auction_id(event_id, random, config)
    } + FIRST_AUCTION_ID;

    // P(hot bidder) = 1 - 1/hotBiddersRatio. The second person of the batch,
    // so hot bidders and hot sellers differ.
    let bidder = if random.next_int_bounded(nexmark.hot_bidders_ratio) > 0 {
        (last_base0_person_id(event_id) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1
    } else {
        next_base0_person_id(event_id, random, config)
    } + FIRST_PERSON_ID;

    let price = next_price(random);
    let current_size = 8 + 8 + 8 + 8;
    let extra = next_extra(random, current_size, nexmark.avg_bid_byte_size);
    Bid {
        auction,
        bidder,
        price,
        date_time: timestamp,
        extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bid_of_reference() {
        // Line 5 of beam-default-1gen.jsonl (event number 4).
        let c = GeneratorConfig::default();
        let b = next_bid(4, &mut JavaRandom::new(4), c.base_time, &c);
        assert_eq!((b.auction, b.bidder, b.price), (1000, 1001, 32_530_001));
    }
}
