//! Seeded random plans and streams: the kit's search for cases nobody thought of.

use super::cases::{stream, Case};
use workloads::plan::{Aggregate, Plan, Ties, Window};
use workloads::{Event, SplitMix64, Time};

const MS: Time = 1_000_000;

fn pick<T: Copy>(rng: &mut SplitMix64, items: &[T]) -> T {
    items[rng.below(items.len() as u64) as usize]
}

fn random_window(rng: &mut SplitMix64, allow_session: bool) -> Window {
    let size = (1 + rng.below(30)) * MS;
    match rng.below(if allow_session { 3 } else { 2 }) {
        0 => Window::tumbling(size),
        1 => Window::sliding(size, (1 + rng.below(size / MS)) * MS),
        _ => Window::session((1 + rng.below(8)) * MS / 2),
    }
}

/// A random plan of at most `depth` stateful levels: stateless chains, windows of every kind
/// and aggregate, top and last-n, and windowed joins and closings.
pub fn random_plan(rng: &mut SplitMix64, depth: u32) -> Plan {
    let mut plan = if depth > 0 && rng.below(4) == 0 {
        let left = random_plan(rng, depth - 1);
        let right = random_plan(rng, depth - 1);
        let m = pick(rng, &[1000i64, 7, -3]);
        let combine = move |l: &Event, r: &Event| {
            Event::new(0, 0, l.value.wrapping_mul(m).wrapping_add(r.value))
        };
        if rng.below(3) == 0 {
            let span = (1 + rng.below(10)) * MS;
            let lookback = pick(rng, &[0, MS, 7 * MS]);
            left.closing(
                right,
                lookback,
                move |l| l.time + span,
                |l, r| r.value != l.value,
                combine,
            )
        } else {
            left.join(right, random_window(rng, false), combine)
        }
    } else {
        Plan::source()
    };
    for _ in 0..rng.below(4) {
        plan = match rng.below(4) {
            0 => {
                let (m, r) = (2 + rng.below(4) as i64, rng.below(2) as i64);
                plan.filter(move |e| e.value.rem_euclid(m) != r)
            }
            1 => {
                let (a, b) = (pick(rng, &[1i64, 2, -1, 3]), rng.below(50) as i64 - 25);
                plan.map(move |e| Event {
                    value: e.value.wrapping_mul(a).wrapping_add(b),
                    ..e.clone()
                })
            }
            2 => {
                let m = 1 + rng.below(10);
                plan.key_by(move |e| e.key % m)
            }
            _ if depth > 0 && rng.below(4) == 0 => {
                let ties = pick(rng, &[Ties::All, Ties::First, Ties::Best(2), Ties::Best(4)]);
                plan.top(random_window(rng, false), ties)
            }
            _ if depth > 0 && rng.below(4) == 0 => {
                let n = 1 + rng.below(5) as usize;
                plan.last_n(
                    n,
                    pick(rng, &[Aggregate::Sum, Aggregate::Max, Aggregate::Avg]),
                )
            }
            _ if depth > 0 => {
                let a = pick(
                    rng,
                    &[
                        Aggregate::Count,
                        Aggregate::Sum,
                        Aggregate::Min,
                        Aggregate::Max,
                        Aggregate::Avg,
                    ],
                );
                plan.window(random_window(rng, true), a)
            }
            _ => plan,
        };
    }
    if depth > 0 && !plan.is_stateful() && rng.below(2) == 0 {
        plan = plan.window(random_window(rng, true), Aggregate::Count);
    }
    plan
}

/// The random case for `seed`: a plan, a disordered stream with late events, 1–4 workers,
/// and a snapshot in the middle for one case in three.
pub fn random_case(seed: u64) -> Case {
    let mut rng = SplitMix64::new(seed ^ 0xC0FF_EE00);
    let plan = random_plan(&mut rng, 2);
    let events = rng.below(3000) as usize;
    let keys = 1 + rng.below(40);
    let workers = 1 + rng.below(4) as usize;
    let snapshot_at = (rng.below(3) == 0).then(|| rng.below(events as u64 + 1) as usize);
    Case {
        workload: None,
        name: format!("random/{seed} {}", plan.describe()),
        plan,
        stream: stream(seed + 100, events, keys),
        workers,
        snapshot_at,
    }
}
