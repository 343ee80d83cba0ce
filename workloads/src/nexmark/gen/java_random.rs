//! A bit-exact port of `java.util.Random` (JDK 17), limited to the methods the
//! Nexmark generator uses.
//!
//! `java.util.Random` is a 48-bit linear congruential generator. The seed given
//! to the constructor is scrambled with the multiplier, and every draw advances
//! the state once per `next(bits)` call. All arithmetic below reproduces Java's
//! two's-complement `int` / `long` semantics.
//!
//! Ours because Beam parity needs this exact sequence: the Nexmark generator's events are
//! checked against Beam's own reference output, so no other generator (nor a crate whose
//! port could drift) will do; the unit tests pin it to values OpenJDK printed.

const MULTIPLIER: i64 = 0x5_DEEC_E66D;
const ADDEND: i64 = 0xB;
const MASK: i64 = (1 << 48) - 1;
/// `0x1.0p-53`, the scale `nextDouble` applies to its 53 random bits.
const DOUBLE_UNIT: f64 = 1.0 / (1u64 << 53) as f64;

/// A port of `java.util.Random`: same seed, same sequence of values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JavaRandom {
    seed: i64,
}

impl JavaRandom {
    /// Equivalent of `new Random(seed)`.
    #[inline]
    pub fn new(seed: i64) -> Self {
        JavaRandom {
            seed: (seed ^ MULTIPLIER) & MASK,
        }
    }

    /// Equivalent of `setSeed(seed)`.
    #[inline]
    pub fn set_seed(&mut self, seed: i64) {
        self.seed = (seed ^ MULTIPLIER) & MASK;
    }

    /// `protected int next(int bits)`: advance the LCG and return the top
    /// `bits` bits (1..=32) of the 48-bit state, as a (possibly negative) `int`.
    #[inline]
    pub fn next_bits(&mut self, bits: u32) -> i32 {
        debug_assert!((1..=32).contains(&bits));
        self.seed = self.seed.wrapping_mul(MULTIPLIER).wrapping_add(ADDEND) & MASK;
        // `(int)(seed >>> (48 - bits))`: the state is non-negative, so a plain
        // shift is the unsigned shift; `as i32` truncates like Java's cast.
        (self.seed >> (48 - bits)) as i32
    }

    /// `nextInt()`: a uniformly distributed `int`.
    #[inline]
    pub fn next_int(&mut self) -> i32 {
        self.next_bits(32)
    }

    /// `nextInt(bound)`: a value in `[0, bound)`.
    ///
    /// Uses Java's two paths: a multiply-shift for powers of two, otherwise
    /// rejection sampling on 31-bit draws.
    ///
    /// # Panics
    /// If `bound <= 0` (Java throws `IllegalArgumentException`).
    #[inline]
    pub fn next_int_bounded(&mut self, bound: i32) -> i32 {
        assert!(bound > 0, "bound must be positive");
        let mut r = self.next_bits(31);
        let m = bound - 1;
        if bound & m == 0 {
            // Power of two: the high bits of r.
            ((bound as i64 * r as i64) >> 31) as i32
        } else {
            // Reject the top partial range: `u - r + m < 0` overflows (in Java's
            // int arithmetic) exactly when u falls in it.
            let mut u = r;
            loop {
                r = u % bound;
                if u.wrapping_sub(r).wrapping_add(m) >= 0 {
                    return r;
                }
                u = self.next_bits(31);
            }
        }
    }

    /// `nextLong()`: `((long) next(32) << 32) + next(32)`, with the second
    /// half sign-extended as in Java.
    #[inline]
    pub fn next_long(&mut self) -> i64 {
        let hi = self.next_bits(32) as i64;
        let lo = self.next_bits(32) as i64;
        (hi << 32).wrapping_add(lo)
    }

    /// `nextDouble()`: 53 random bits scaled into `[0, 1)`.
    #[inline]
    pub fn next_double(&mut self) -> f64 {
        let hi = self.next_bits(26) as i64;
        let lo = self.next_bits(27) as i64;
        ((hi << 27) + lo) as f64 * DOUBLE_UNIT
    }
}

#[cfg(test)]
mod tests {
    //! Expected values were printed by OpenJDK 17's `java.util.Random`.
    use super::JavaRandom;

    #[test]
    fn next_int_seed_42() {
        assert_eq!(JavaRandom::new(42).next_int(), -1_170_105_035);
    }

    #[test]
    fn next_int_bounded_seed_42() {
        let mut r = JavaRandom::new(42);
        let got: Vec<i32> = (0..8).map(|_| r.next_int_bounded(10)).collect();
        assert_eq!(got, [0, 3, 8, 4, 0, 5, 5, 8]);
    }

    #[test]
    fn mixed_methods_seed_42() {
        let mut r = JavaRandom::new(42);
        assert_eq!(r.next_long(), -5_025_562_857_975_149_833);
        assert_eq!(r.next_double(), 0.6832234717598454);
        assert_eq!(r.next_int_bounded(17), 9);
        assert_eq!(r.next_int_bounded(1 << 20), 987_835); // power-of-two path
        assert_eq!(r.next_int_bounded(i32::MAX), 595_021_505);
    }

    #[test]
    fn rejection_path() {
        // A bound just above 2^30 rejects about half of all 31-bit draws.
        let mut r = JavaRandom::new(-7);
        assert_eq!(r.next_int_bounded(1_000_000_007), 577_934_662);
        let got: Vec<i32> = (0..4).map(|_| r.next_int_bounded(0x4000_0001)).collect();
        assert_eq!(got, [314_447_087, 677_675_436, 184_135_245, 425_474_944]);
    }

    #[test]
    fn seed_0() {
        let mut r = JavaRandom::new(0);
        assert_eq!(r.next_int(), -1_155_484_576);
        assert_eq!(r.next_double(), 0.8314409887870612);
        assert_eq!(r.next_long(), -7_261_648_964_369_397_258);
    }

    #[test]
    fn set_seed_restarts_sequence() {
        let mut r = JavaRandom::new(1);
        r.next_long();
        r.set_seed(42);
        assert_eq!(r, JavaRandom::new(42));
    }

    #[test]
    fn first_person_name_draws() {
        // Event 0 of the reference data is "Peter Jones": FIRST_NAMES[0], LAST_NAMES[7].
        let mut r = JavaRandom::new(0);
        assert_eq!(r.next_int_bounded(11), 0);
        assert_eq!(r.next_int_bounded(9), 7);
    }
}
