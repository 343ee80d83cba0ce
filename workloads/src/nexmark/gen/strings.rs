//! Random strings (Beam `StringsGenerator`).

use crate::nexmark::gen::java_random::JavaRandom;

/// Smallest random string size.
const MIN_STRING_LENGTH: i32 = 3;

/// `nextString(random, maxLength)`: up to `max_length - 1` random lower-case
/// letters and spaces (1 in 13), with outer spaces trimmed.
pub fn next_string(random: &mut JavaRandom, max_length: i32) -> String {
    let mut s = String::new();
    push_next_string(random, max_length, &mut s);
    s
}

/// Like [`next_string`], but appends the trimmed string to `out` (no extra
/// allocation beyond `out`'s growth).
pub fn push_next_string(random: &mut JavaRandom, max_length: i32, out: &mut String) {
    let len = MIN_STRING_LENGTH + random.next_int_bounded(max_length - MIN_STRING_LENGTH);
    let start = out.len();
    out.reserve(len as usize);
    for _ in 0..len {
        if random.next_int_bounded(13) == 0 {
            out.push(' ');
        } else {
            out.push((b'a' + random.next_int_bounded(26) as u8) as char);
        }
    }
    // Java's String.trim(): drop the leading and trailing spaces.
    let end = out.trim_end_matches(' ').len().max(start);
    out.truncate(end);
    let lead = out[start..].len() - out[start..].trim_start_matches(' ').len();
    if lead > 0 {
        out.drain(start..start + lead);
    }
}

/// `nextExactString(random, length)`: exactly `length` characters, six per
/// `nextInt()`.
///
/// Beam computes `'a' + rnd % 26` on a signed `rnd`, so negative draws give
/// characters `'H'` (72) through the backtick (96) as well as `'a'..='z'`.
pub fn next_exact_string(random: &mut JavaRandom, length: i32) -> String {
    let len = length.max(0) as usize;
    let mut bytes = Vec::with_capacity(len);
    // n = 6 characters per draw (log_26(2^31)).
    for _ in 0..len / 6 {
        bytes.extend_from_slice(&six_chars(random.next_int()));
    }
    let tail = len % 6;
    if tail > 0 {
        bytes.extend_from_slice(&six_chars(random.next_int())[..tail]);
    }
    String::from_utf8(bytes).expect("bytes 72..=122 are ASCII")
}

/// For `m` in `0..676`: the two characters Beam derives from a remainder of
/// `m` (row 0) or `-m` (row 1), i.e. `'a' ± m % 26` then `'a' ± m / 26`.
const PAIRS: [[[u8; 2]; 676]; 2] = {
    let mut t = [[[0u8; 2]; 676]; 2];
    let mut m = 0;
    while m < 676 {
        t[0][m] = [b'a' + (m % 26) as u8, b'a' + (m / 26) as u8];
        t[1][m] = [b'a' - (m % 26) as u8, b'a' - (m / 26) as u8];
        m += 1;
    }
    t
};

/// The six characters Beam's loop takes from one draw: `'a' + rnd % 26`,
/// then `rnd /= 26`, six times.
///
/// Truncating division keeps the sign and composes (`(r / a) / b ==
/// r / (a * b)`), so `|rnd|` is split into three base-676 digits and each
/// digit's two characters come from a table row chosen by the sign of `rnd`.
/// The results are identical to the serial loop (see the tests).
#[inline(always)]
fn six_chars(rnd: i32) -> [u8; 6] {
    let m = rnd.unsigned_abs();
    let row = &PAIRS[(rnd < 0) as usize];
    let q1 = m / 676;
    let q2 = m / 456_976;
    let a = row[(m - q1 * 676) as usize];
    let b = row[(q1 - q2 * 676) as usize];
    let c = row[(q2 % 676) as usize];
    [a[0], a[1], b[0], b[1], c[0], c[1]]
}

/// `nextExtra(random, currentSize, desiredAverageSize)`: padding so that
/// `current_size + extra.len()` averages `desired_average_size`.
pub fn next_extra(random: &mut JavaRandom, current_size: i32, desired_average_size: i32) -> String {
    if current_size > desired_average_size {
        return String::new();
    }
    let desired = desired_average_size - current_size;
    let delta = crate::nexmark::gen::java_math::round(desired as f64 * 0.2) as i32;
    let min_size = desired - delta;
    let desired_size = min_size
        + if delta == 0 {
            0
        } else {
            random.next_int_bounded(2 * delta)
        };
    next_exact_string(random, desired_size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_string_is_trimmed() {
        for seed in 0..2000 {
            let s = next_string(&mut JavaRandom::new(seed), 20);
            assert!(
                s.len() < 20 && !s.starts_with(' ') && !s.ends_with(' '),
                "{s:?}"
            );
        }
    }

    #[test]
    fn push_keeps_prefix() {
        let mut out = String::from("x ");
        let mut a = JavaRandom::new(7);
        push_next_string(&mut a, 100, &mut out);
        let mut b = JavaRandom::new(7);
        assert_eq!(out, format!("x {}", next_string(&mut b, 100)));
        assert_eq!(a, b);
    }

    #[test]
    fn six_chars_matches_serial_loop() {
        let mut r = JavaRandom::new(11);
        let edges = [
            0,
            1,
            675,
            676,
            677,
            456_975,
            456_976,
            308_915_775,
            308_915_776,
            i32::MAX,
        ];
        let sweep = (i32::MIN..=i32::MAX).step_by(4_093); // ~1M values across the range
        for rnd in edges
            .into_iter()
            .flat_map(|e| [e, -e, e.wrapping_add(1).wrapping_neg()])
            .chain(sweep)
            .chain((0..10_000).map(|_| r.next_int()))
        {
            let mut serial = [0u8; 6];
            let mut x = rnd;
            for c in &mut serial {
                *c = (b'a' as i32 + x % 26) as u8;
                x /= 26;
            }
            assert_eq!(six_chars(rnd), serial, "{rnd}");
        }
    }

    #[test]
    fn exact_string_chars() {
        let s = next_exact_string(&mut JavaRandom::new(3), 1000);
        assert_eq!(s.len(), 1000);
        assert!(s.bytes().all(|b| (b'H'..=b'z').contains(&b)));
        assert_eq!(next_exact_string(&mut JavaRandom::new(3), -5), "");
    }

    #[test]
    fn extra_sizes() {
        // Bids: 100 - 32 = 68, delta 14, so 54..=81 characters.
        for seed in 0..500 {
            let n = next_extra(&mut JavaRandom::new(seed), 32, 100).len();
            assert!((54..82).contains(&n), "{n}");
        }
        assert_eq!(next_extra(&mut JavaRandom::new(0), 101, 100), "");
    }
}
