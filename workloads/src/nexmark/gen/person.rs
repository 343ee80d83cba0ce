//! Person records (Beam `PersonGenerator`).

use crate::nexmark::gen::config::GeneratorConfig;
use crate::nexmark::gen::ids::last_base0_person_id;
use crate::nexmark::gen::java_random::JavaRandom;
use crate::nexmark::gen::model::Person;
use crate::nexmark::gen::nexmark_config::FIRST_PERSON_ID;
use crate::nexmark::gen::strings::{next_extra, push_next_string};

/// Few states, so that queries find matches even in small batches.
const US_STATES: [&str; 6] = ["AZ", "CA", "ID", "OR", "WA", "WY"];
const US_CITIES: [&str; 10] = [
    "Phoenix",
    "Los Angeles",
    "San Francisco",
    "Boise",
    "Portland",
    "Bend",
    "Redmond",
    "Seattle",
    "Kent",
    "Cheyenne",
];
const FIRST_NAMES: [&str; 11] = [
    "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter",
];
const LAST_NAMES: [&str; 9] = [
    "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris",
];

/// `nextPerson`: the person for event `next_event_id`, drawing name, e-mail,
/// card, city, state and extra from `random` in Beam's order.
pub fn next_person(
    next_event_id: i64,
    random: &mut JavaRandom,
    timestamp: i64,
    config: &GeneratorConfig,
) -> Person {
    let id = last_base0_person_id(next_event_id) + FIRST_PERSON_ID;
    let name = next_person_name(random);
    let email_address = next_email(random);
    let credit_card = next_credit_card(random);
    let city = pick(random, &US_CITIES).to_owned();
    let state = pick(random, &US_STATES).to_owned();
    let current_size =
        8 + name.len() + email_address.len() + credit_card.len() + city.len() + state.len();
    let extra = next_extra(
        random,
        current_size as i32,
        config.nexmark().avg_person_byte_size,
    );
    Person {
        id,
        name,
        email_address,
        credit_card,
        city,
        state,
        date_time: timestamp,
        extra,
    }
}

/// `list.get(random.nextInt(list.size()))`.
#[inline]
fn pick<'a>(random: &mut JavaRandom, list: &[&'a str]) -> &'a str {
    list[random.next_int_bounded(list.len() as i32) as usize]
}

/// `nextPersonName`: "First Last".
fn next_person_name(random: &mut JavaRandom) -> String {
    let first = pick(random, &FIRST_NAMES);
    let last = pick(random, &LAST_NAMES);
    let mut name = String::with_capacity(first.len() + 1 + last.len());
    name.push_str(first);
    name.push(' ');
    name.push_str(last);
    name
}

/// `nextEmail`: `nextString(7) + "@" + nextString(5) + ".com"`.
fn next_email(random: &mut JavaRandom) -> String {
    let mut email = String::with_capacity(6 + 1 + 4 + 4);
    push_next_string(random, 7, &mut email);
    email.push('@');
    push_next_string(random, 5, &mut email);
    email.push_str(".com");
    email
}

/// `nextCreditCard`: four zero-padded groups `"%04d"` separated by spaces.
fn next_credit_card(random: &mut JavaRandom) -> String {
    let mut card = String::with_capacity(19);
    for i in 0..4 {
        if i > 0 {
            card.push(' ');
        }
        let v = random.next_int_bounded(10_000) as u32;
        for d in [v / 1000, v / 100 % 10, v / 10 % 10, v % 10] {
            card.push(char::from(b'0' + d as u8));
        }
    }
    card
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_person_of_reference() {
        // Line 1 of beam-default-1gen.jsonl.
        let c = GeneratorConfig::default();
        let p = next_person(0, &mut JavaRandom::new(0), c.base_time, &c);
        assert_eq!(p.id, 1000);
        assert_eq!(p.name, "Peter Jones");
        assert_eq!(p.email_address, "nhd@xcat.com");
        assert_eq!(p.credit_card, "7241 7320 9143 4888");
        assert_eq!((p.city.as_str(), p.state.as_str()), ("Portland", "WY"));
        assert!(p
            .extra
            .starts_with("WN_HS_bnpkkiwhwana_L^`KZjdgsid`K]MLU[aaOH`ztxbulvlxtkn_ZZ^T\\"));
    }
}
