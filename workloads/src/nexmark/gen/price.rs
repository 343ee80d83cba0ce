//! Random prices (Beam `PriceGenerator`).

use crate::nexmark::gen::java_random::JavaRandom;

/// `nextPrice`: `Math.round(Math.pow(10.0, nextDouble() * 6.0) * 100.0)`,
/// log-uniform in `[100, 100_000_000]`.
///
/// See [`crate::nexmark::gen::java_math::pow`] for the bounded (and never observed) risk
/// that a last-bit difference from HotSpot's `Math.pow` changes a price.
#[inline]
pub fn next_price(random: &mut JavaRandom) -> i64 {
    let exp = random.next_double() * 6.0;
    crate::nexmark::gen::java_math::round(crate::nexmark::gen::java_math::pow(10.0, exp) * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range() {
        for seed in 0..1000 {
            let p = next_price(&mut JavaRandom::new(seed));
            assert!((100..=100_000_000).contains(&p), "{p}");
        }
    }

    #[test]
    fn million_prices_hash_like_openjdk17() {
        // OpenJDK 17 (x86_64): h = h * 0x100000001B3 ^ Math.round(Math.pow(10.0,
        // r.nextDouble() * 6.0) * 100.0) over 1,000,000 draws of new Random(2024).
        let mut r = JavaRandom::new(2024);
        let mut h = 0i64;
        for _ in 0..1_000_000 {
            h = h.wrapping_mul(0x0100_0000_01B3) ^ next_price(&mut r);
        }
        assert_eq!(h, -1_516_596_401_735_306_759);
    }
}
