//! Auction records (Beam `AuctionGenerator`).

use crate::nexmark::gen::config::GeneratorConfig;
use crate::nexmark::gen::ids::{
    last_base0_auction_id, last_base0_person_id, next_base0_person_id, next_long,
};
use crate::nexmark::gen::java_random::JavaRandom;
use crate::nexmark::gen::model::Auction;
use crate::nexmark::gen::nexmark_config::{
    AUCTION_PROPORTION, FIRST_AUCTION_ID, FIRST_CATEGORY_ID, FIRST_PERSON_ID,
    PROPORTION_DENOMINATOR,
};
use crate::nexmark::gen::price::next_price;
use crate::nexmark::gen::strings::{next_extra, next_string};

/// Few categories, so that queries find matches even in small batches.
const NUM_CATEGORIES: i32 = 5;
/// Hot sellers are the first of each batch of this many people.
const HOT_SELLER_RATIO: i64 = 100;

/// `nextAuction`: the auction for event `event_id`, the
/// `events_count_so_far`-th event of this generator, at `timestamp`.
pub fn next_auction(
    events_count_so_far: i64,
    event_id: i64,
    random: &mut JavaRandom,
    timestamp: i64,
    config: &GeneratorConfig,
) -> Auction {
    let id = last_base0_auction_id(event_id) + FIRST_AUCTION_ID;

    // P(hot seller) = 1 - 1/hotSellersRatio.
    let seller = if random.next_int_bounded(config.nexmark().hot_sellers_ratio) > 0 {
        (last_base0_person_id(event_id) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO
    } else {
        next_base0_person_id(event_id, random, config)
    } + FIRST_PERSON_ID;

    let category = FIRST_CATEGORY_ID + random.next_int_bounded(NUM_CATEGORIES) as i64;
    let initial_bid = next_price(random);
    let expires =
        timestamp + next_auction_length_ms(events_count_so_far, random, timestamp, config);
    let item_name = next_string(random, 20);
    let description = next_string(random, 100);
    let reserve = initial_bid + next_price(random);
    let current_size = 8 + item_name.len() + description.len() + 8 + 8 + 8 + 8 + 8;
    let extra = next_extra(
        random,
        current_size as i32,
        config.nexmark().avg_auction_byte_size,
    );
    Auction {
        id,
        item_name,
        description,
        initial_bid,
        reserve,
        date_time: timestamp,
        expires,
        seller,
        category,
        extra,
    }
}

/// `nextAuctionLengthMs`: random length averaging the time until
/// `numInFlightAuctions` more auctions will have been created.
fn next_auction_length_ms(
    events_count_so_far: i64,
    random: &mut JavaRandom,
    timestamp: i64,
    config: &GeneratorConfig,
) -> i64 {
    let current_event_number = config.next_adjusted_event_number(events_count_so_far);
    let num_events_for_auctions = (config.nexmark().num_in_flight_auctions as i64
        * PROPORTION_DENOMINATOR)
        / AUCTION_PROPORTION;
    let future_auction = config.timestamp_for_event(current_event_number + num_events_for_auctions);
    let horizon_ms = future_auction - timestamp;
    1 + next_long(random, (horizon_ms * 2).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_auction_of_reference() {
        // Line 2 of beam-default-1gen.jsonl (event number 1).
        let c = GeneratorConfig::default();
        let a = next_auction(1, 1, &mut JavaRandom::new(1), c.base_time, &c);
        assert_eq!((a.id, a.seller, a.category), (1000, 1000, 13));
        assert_eq!(
            (a.item_name.as_str(), a.description.as_str()),
            ("wkx mgee", "eszpqxtdxrvwmmywkmogoahf")
        );
        assert_eq!((a.initial_bid, a.reserve), (28873, 29448));
        assert_eq!(a.expires, c.base_time + 11);
    }
}
