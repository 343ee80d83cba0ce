//! The sustainable-throughput search shared by `streambench sustain` and the capacity phase
//! of `streambench run` (`capacity = true` in a suite): probe rates growing by a factor from
//! a low rate until a probe fails, then bisect between the best sustained and the lowest
//! failed rate until they are close. Every probe is an ordinary measured run, kept in the
//! results with its search's [`Sustain`] entry, and saved as soon as it exists.
//!
//! A quick search ([`Steps::saturate`]) starts instead from a *saturating* probe: a short
//! burst offered at the ceiling rate, which the engine takes as fast as it can (the driver
//! calls the engine on its own thread, so an engine that cannot keep up makes the injection
//! late, and the achieved input rate reads its speed). That estimate only chooses where to
//! look: the capacity reported is always a rate a full-length probe sustained. From there a
//! failed probe halves the rate and a failed probe's achieved rate bounds the search, so a
//! capacity to within the precision takes two to four probes instead of six or seven.
//!
//! A probe is *sustained* when the run finished with correct results, the driver never fell
//! behind its schedule by more than the latency objective (a bounded backlog: queueing shows
//! up as injection lag), the achieved input rate is within 3 % of the offered one, and the
//! p99 latency from the schedule stays under the objective over the whole measured window —
//! overall and in every time-series interval after warm-up.

mod judge;
mod probe;
mod run;
mod steps;

pub use judge::judge;
pub use probe::MIN_PROBE_S;
pub use run::Search;
pub use steps::Steps;
