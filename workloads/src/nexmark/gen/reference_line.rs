//! One generated event as a line of the reference files Beam's Java generator wrote
//! (`shared/nexmark/`): a JSON object with `n`, `kind`, `event_ts_ms` and then the record's
//! fields under their Java names, in that order. Other tools can diff against it.

use super::{GeneratedEvent, NexmarkEvent};
use std::fmt::Write;

/// The event as one JSON line (without the newline), byte for byte as the reference files.
pub fn reference_line(g: &GeneratedEvent) -> String {
    let mut s = String::with_capacity(256);
    let _ = write!(
        s,
        "{{\"n\":{},\"kind\":\"{}\",\"event_ts_ms\":{}",
        g.event_number,
        g.event.kind(),
        g.timestamp_ms
    );
    let num = |s: &mut String, k: &str, v: i64| {
        let _ = write!(s, ",\"{k}\":{v}");
    };
    match &g.event {
        NexmarkEvent::Person(p) => {
            num(&mut s, "id", p.id);
            text(&mut s, "name", &p.name);
            text(&mut s, "emailAddress", &p.email_address);
            text(&mut s, "creditCard", &p.credit_card);
            text(&mut s, "city", &p.city);
            text(&mut s, "state", &p.state);
            num(&mut s, "dateTime", p.date_time);
            text(&mut s, "extra", &p.extra);
        }
        NexmarkEvent::Auction(a) => {
            num(&mut s, "id", a.id);
            text(&mut s, "itemName", &a.item_name);
            text(&mut s, "description", &a.description);
            num(&mut s, "initialBid", a.initial_bid);
            num(&mut s, "reserve", a.reserve);
            num(&mut s, "dateTime", a.date_time);
            num(&mut s, "expires", a.expires);
            num(&mut s, "seller", a.seller);
            num(&mut s, "category", a.category);
            text(&mut s, "extra", &a.extra);
        }
        NexmarkEvent::Bid(b) => {
            num(&mut s, "auction", b.auction);
            num(&mut s, "bidder", b.bidder);
            num(&mut s, "price", b.price);
            num(&mut s, "dateTime", b.date_time);
            text(&mut s, "extra", &b.extra);
        }
    }
    s.push('}');
    s
}

/// `,"key":"value"` with JSON string escaping.
fn text(s: &mut String, key: &str, value: &str) {
    let _ = write!(s, ",\"{key}\":\"");
    for c in value.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(s, "\\u{:04x}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nexmark::gen::{Generator, GeneratorConfig};

    #[test]
    fn first_person_matches_the_reference_line() {
        let first = Generator::new(GeneratorConfig::default()).next_event();
        let line = reference_line(&first);
        assert!(line.starts_with(
            "{\"n\":0,\"kind\":\"person\",\"event_ts_ms\":1436918400000,\"id\":1000,\"name\":\"Peter Jones\",\"emailAddress\":\"nhd@xcat.com\",\"creditCard\":\"7241 7320 9143 4888\",\"city\":\"Portland\",\"state\":\"WY\",\"dateTime\":1436918400000,\"extra\":\"WN_HS_bnpkkiwhwana_L^`KZjdgsid`K]MLU[aaOH`ztxbulvlxtkn_ZZ^T\\\\mq"
        ), "{line}");
        assert!(line.ends_with("\"}"));
    }
}
