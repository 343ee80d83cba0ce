//! One fixed window's per-key table. A count keeps 16-byte slots (key, a 32-bit count and
//! the latest contributing event time as a 32-bit distance before the window's end) while
//! every record fits them; the first that does not (a count past 2³² − 2, or a latest time
//! more than 4.29 s before the end) widens that window's table to full slots, so results are
//! exact either way. A million-key window table is bound by memory: 16-byte slots against 24
//! keep twice as many keys per cache line (see BENCHMARKS.md).

use super::acc::Acc;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use workloads::plan::Aggregate;
use workloads::Time;

/// A count and how long before the window's end its latest record was.
#[derive(Clone, Copy, Debug)]
pub struct Narrow {
    count: u32,
    before_end: u32,
}

/// Per key: the accumulator and the latest contributing event time.
pub type Wide<A> = FxHashMap<u64, (A, Time)>;

/// A window's keys.
pub enum Table<A: Acc> {
    /// Counts whose every record fitted narrow slots.
    Narrow(FxHashMap<u64, Narrow>),
    /// Everything else.
    Wide(Wide<A>),
}

impl<A: Acc> Table<A> {
    /// An empty table, from `spare` if it has one of the right kind.
    pub fn new(aggregate: Aggregate, spare: &mut Vec<Table<A>>) -> Self {
        let narrow = aggregate == Aggregate::Count && A::count(1).is_some();
        match spare
            .iter()
            .rposition(|t| matches!(t, Table::Narrow(_)) == narrow)
        {
            Some(i) => spare.swap_remove(i),
            None if narrow => Table::Narrow(FxHashMap::default()),
            None => Table::Wide(FxHashMap::default()),
        }
    }

    /// Keys in the table.
    pub fn len(&self) -> usize {
        match self {
            Table::Narrow(m) => m.len(),
            Table::Wide(m) => m.len(),
        }
    }

    /// Logical bytes of one entry.
    pub fn entry_bytes(&self) -> u64 {
        match self {
            Table::Narrow(_) => (8 + std::mem::size_of::<Narrow>()) as u64,
            Table::Wide(_) => (8 + std::mem::size_of::<A>() + 8) as u64,
        }
    }

    /// Adds a record of window `[.., end)`; whether its key is new in the window.
    #[inline]
    pub fn add(&mut self, a: Aggregate, end: Time, key: u64, value: i64, latest: Time) -> bool {
        if let Table::Narrow(m) = self {
            let before = (end - 1)
                .checked_sub(latest)
                .and_then(|b| u32::try_from(b).ok());
            if let Some(before) = before {
                match m.entry(key) {
                    Entry::Occupied(mut e) if e.get().count < u32::MAX - 1 => {
                        let n = e.get_mut();
                        n.count += 1;
                        n.before_end = n.before_end.min(before);
                        return false;
                    }
                    Entry::Vacant(e) => {
                        e.insert(Narrow {
                            count: 1,
                            before_end: before,
                        });
                        return true;
                    }
                    Entry::Occupied(_) => {}
                }
            }
            self.widen(end);
        }
        let Table::Wide(m) = self else {
            unreachable!("widened above")
        };
        let mut new = false;
        m.entry(key)
            .and_modify(|(acc, l)| {
                acc.add(a, value);
                *l = (*l).max(latest);
            })
            .or_insert_with(|| {
                new = true;
                (A::first(a, value), latest)
            });
        new
    }

    /// Turns narrow slots into wide ones.
    fn widen(&mut self, end: Time) {
        if let Table::Narrow(m) = self {
            let wide = m
                .drain()
                .map(|(k, n)| {
                    let acc = A::count(n.count as i64).expect("narrow tables are counts");
                    (k, (acc, end - 1 - n.before_end as Time))
                })
                .collect();
            *self = Table::Wide(wide);
        }
    }

    /// Takes every `(key, result, latest)`, leaving the table empty (its capacity kept).
    pub fn drain(
        &mut self,
        a: Aggregate,
        end: Time,
    ) -> Box<dyn Iterator<Item = (u64, i64, Time)> + '_> {
        match self {
            Table::Narrow(m) => Box::new(
                m.drain()
                    .map(move |(k, n)| (k, n.count as i64, end - 1 - n.before_end as Time)),
            ),
            Table::Wide(m) => Box::new(m.drain().map(move |(k, (acc, l))| (k, acc.result(a), l))),
        }
    }

    /// Every entry as a wide one, for snapshots.
    pub fn wide_entries(&self, end: Time) -> Vec<(u64, A, Time)> {
        match self {
            Table::Narrow(m) => m
                .iter()
                .map(|(k, n)| {
                    let acc = A::count(n.count as i64).expect("narrow tables are counts");
                    (*k, acc, end - 1 - n.before_end as Time)
                })
                .collect(),
            Table::Wide(m) => m.iter().map(|(k, (a, l))| (*k, *a, *l)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Word;

    fn results(t: &mut Table<Word>, end: Time) -> Vec<(u64, i64, Time)> {
        let mut v: Vec<_> = t.drain(Aggregate::Count, end).collect();
        v.sort();
        v
    }

    #[test]
    fn counts_stay_narrow_while_they_fit_and_widen_exactly_when_not() {
        let end = 10_000_000_000;
        let mut t = Table::<Word>::new(Aggregate::Count, &mut Vec::new());
        assert!(t.add(Aggregate::Count, end, 1, 0, end - 5));
        assert!(!t.add(Aggregate::Count, end, 1, 0, end - 9));
        assert!(t.add(Aggregate::Count, end, 2, 0, end - 1));
        assert!(matches!(t, Table::Narrow(_)));
        assert_eq!(t.entry_bytes(), 16);
        // 5 s before the end does not fit 32 bits of nanoseconds.
        assert!(!t.add(Aggregate::Count, end, 2, 0, end - 5_000_000_000));
        assert!(matches!(t, Table::Wide(_)));
        assert_eq!(results(&mut t, end), vec![(1, 2, end - 5), (2, 2, end - 1)]);
    }

    #[test]
    fn a_latest_time_past_the_end_widens_too() {
        let end = 1_000;
        let mut t = Table::<Word>::new(Aggregate::Count, &mut Vec::new());
        t.add(Aggregate::Count, end, 7, 0, 900);
        t.add(Aggregate::Count, end, 7, 0, 5_000);
        assert_eq!(results(&mut t, end), vec![(7, 2, 5_000)]);
    }

    #[test]
    fn other_aggregates_use_wide_slots() {
        let mut t = Table::<Word>::new(Aggregate::Sum, &mut Vec::new());
        t.add(Aggregate::Sum, 100, 1, 5, 10);
        t.add(Aggregate::Sum, 100, 1, 7, 20);
        assert!(matches!(t, Table::Wide(_)));
        let v: Vec<_> = t.drain(Aggregate::Sum, 100).collect();
        assert_eq!(v, vec![(1, 12, 20)]);
    }
}
