//! Which node owns each key, and which nodes hold its replicas: a hash ring with virtual
//! nodes (consistent hashing) or `hash mod N`. A membership change is a new placement; the
//! difference between two placements is what moves.

use crate::config::Partitioning;

/// The owner and replicas of every key for one membership.
#[derive(Clone, Debug)]
pub struct Placement {
    /// Member node ids, ascending.
    pub members: Vec<usize>,
    /// Copies per key (owner included).
    pub copies: usize,
    /// `holders[k * copies]` owns key `k`; the next `copies - 1` entries hold its replicas.
    holders: Vec<u32>,
}

/// SplitMix64's finaliser: a well-mixed 64-bit hash of `x`.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Placement {
    /// Places `keys` keys on `members` (ids) with `copies` copies each (at most the number
    /// of members). The hashes depend on `seed` only, so two placements of the same keys
    /// differ only where membership changed them.
    pub fn new(
        partitioning: Partitioning,
        members: &[usize],
        keys: u64,
        copies: usize,
        seed: u64,
    ) -> Self {
        let mut members = members.to_vec();
        members.sort_unstable();
        let copies = copies.clamp(1, members.len().max(1));
        let mut holders = Vec::with_capacity(keys as usize * copies);
        match partitioning {
            Partitioning::Consistent { vnodes } => {
                let mut ring: Vec<(u64, u32)> = members
                    .iter()
                    .flat_map(|&m| {
                        (0..vnodes as u64)
                            .map(move |v| (mix(seed ^ mix((m as u64) << 20 | v)), m as u32))
                    })
                    .collect();
                ring.sort_unstable();
                for k in 0..keys {
                    let h = mix(seed ^ k.wrapping_mul(0xA24B_AED4_963E_E407));
                    let start = ring.partition_point(|p| p.0 < h);
                    let first = holders.len();
                    // Walk clockwise from the key's point to `copies` distinct nodes.
                    for i in 0..ring.len() {
                        let node = ring[(start + i) % ring.len()].1;
                        if !holders[first..].contains(&node) {
                            holders.push(node);
                            if holders.len() - first == copies {
                                break;
                            }
                        }
                    }
                }
            }
            Partitioning::Modulo => {
                let n = members.len() as u64;
                for k in 0..keys {
                    let h = mix(seed ^ k.wrapping_mul(0xA24B_AED4_963E_E407));
                    let idx = (h % n) as usize;
                    for c in 0..copies {
                        holders.push(members[(idx + c) % members.len()] as u32);
                    }
                }
            }
        }
        Placement {
            members,
            copies,
            holders,
        }
    }

    /// Number of keys placed.
    pub fn keys(&self) -> usize {
        self.holders.len() / self.copies
    }

    /// The node owning key `k`.
    pub fn owner(&self, k: usize) -> usize {
        self.holders[k * self.copies] as usize
    }

    /// The owner of `k` followed by its replicas.
    pub fn holders(&self, k: usize) -> &[u32] {
        &self.holders[k * self.copies..(k + 1) * self.copies]
    }

    /// Keys whose owner differs in `other`.
    pub fn moved(&self, other: &Placement) -> u64 {
        (0..self.keys().min(other.keys()))
            .filter(|&k| self.owner(k) != other.owner(k))
            .count() as u64
    }
}

/// The slot of a node that serves key `k`: a second hash, independent of the node's.
pub(crate) fn slot_of(k: usize, slots: usize, seed: u64) -> usize {
    (mix(seed.rotate_left(17) ^ (k as u64).wrapping_mul(0x9FB2_1C65_1E98_DF25)) % slots as u64)
        as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    const RING: Partitioning = Partitioning::Consistent { vnodes: 128 };

    fn share_moved(p: Partitioning, before: &[usize], after: &[usize]) -> f64 {
        let keys = 20_000;
        let a = Placement::new(p, before, keys, 1, 7);
        let b = Placement::new(p, after, keys, 1, 7);
        a.moved(&b) as f64 / keys as f64
    }

    #[test]
    fn consistent_hashing_moves_about_one_nth_and_modulo_most() {
        let ten: Vec<usize> = (0..10).collect();
        let eleven: Vec<usize> = (0..11).collect();
        let add = share_moved(RING, &ten, &eleven);
        assert!((0.06..0.13).contains(&add), "consistent add moved {add}");
        let lose = share_moved(RING, &ten, &[0, 1, 2, 3, 4, 5, 6, 7, 9]);
        assert!((0.06..0.15).contains(&lose), "consistent loss moved {lose}");
        let modulo = share_moved(Partitioning::Modulo, &ten, &eleven);
        assert!(modulo > 0.85, "modulo moved only {modulo}");
    }

    #[test]
    fn a_lost_nodes_keys_go_to_its_first_replica() {
        let a = Placement::new(RING, &[0, 1, 2, 3], 5_000, 2, 3);
        let b = Placement::new(RING, &[0, 1, 3], 5_000, 2, 3);
        for k in 0..5_000 {
            assert_ne!(a.holders(k)[0], a.holders(k)[1]);
            if a.owner(k) == 2 {
                assert_eq!(b.owner(k), a.holders(k)[1] as usize);
            } else {
                assert_eq!(b.owner(k), a.owner(k));
            }
        }
    }

    #[test]
    fn tiny_clusters_place_every_key() {
        let one = Placement::new(RING, &[0], 100, 3, 1);
        assert_eq!(one.copies, 1);
        assert!((0..100).all(|k| one.owner(k) == 0));
        let m = Placement::new(Partitioning::Modulo, &[4, 9], 1, 2, 1);
        assert_eq!(m.keys(), 1);
        assert_ne!(m.holders(0)[0], m.holders(0)[1]);
        assert!((0..1000).all(|k| slot_of(k, 3, 1) < 3));
    }
}
