//! How much a case has run, for the hang guard: its share of the CPU time
//! the process spent since it started. A loaded machine stretches the wall
//! clock (a case of 32 CPU-seconds once took more than 300 s beside other
//! work) but not the CPU time a case needs, so load cannot make a slow case
//! a hang, while a case that loops spends CPU time and trips the guard.
//!
//! The process's time counts every thread, because Typst lays pages out on
//! rayon's workers, where the case's own thread would not see a loop. Other
//! properties run beside it in the process, so each sample of the process's
//! time is shared among the cases running then: a case's share is what it
//! spent when they get the cores in turn. A loop is caught at the latest
//! when its share reaches the limit, after as many times the limit as cases
//! run beside it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How many cases are running in the process.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// A running case's clocks; the case ends when it is dropped.
pub struct CaseClock {
    wall: Instant,
    /// The process's CPU time at the last sample.
    last: Option<Duration>,
    /// The case's share of the CPU time spent since it started.
    spent: Duration,
}

impl CaseClock {
    pub fn start() -> Self {
        RUNNING.fetch_add(1, Ordering::Relaxed);
        Self { wall: Instant::now(), last: process_cpu(), spent: Duration::ZERO }
    }

    /// Samples the process's CPU time and gives the case's share of what it
    /// spent since the start; the wall clock's time where the system has no
    /// CPU clock.
    pub fn spent(&mut self) -> Duration {
        let (Some(last), Some(now)) = (self.last, process_cpu()) else {
            return self.wall.elapsed();
        };
        let running = u32::try_from(RUNNING.load(Ordering::Relaxed)).unwrap_or(u32::MAX);
        self.spent += now.saturating_sub(last) / running.max(1);
        self.last = Some(now);
        self.spent
    }

    /// Whether the case is a hang at `limit`: its share of CPU time passed
    /// `limit`, or, for a hang that spends none (a deadlock), ten times
    /// `limit` went by on the wall clock.
    pub fn hung(&mut self, limit: Duration) -> bool {
        self.spent() > limit || self.wall.elapsed() > limit.saturating_mul(10)
    }
}

impl Drop for CaseClock {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The CPU time of this process, every thread, since it started.
#[cfg(unix)]
fn process_cpu() -> Option<Duration> {
    let mut time = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `time` is a valid timespec for the call to fill.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut time) };
    let seconds = u64::try_from(time.tv_sec).ok()?;
    let nanos = u32::try_from(time.tv_nsec).ok()?;
    (status == 0).then(|| Duration::new(seconds, nanos))
}

#[cfg(not(unix))]
fn process_cpu() -> Option<Duration> {
    None
}

/// Set in the process of its own that [`only_cpu_time_makes_a_hang`] runs in.
#[cfg(unix)]
const ALONE: &str = "CVPDF_FUZZ_CLOCK_ALONE";

/// The guard on fake cases: one that computes trips it; one that waits, as
/// a case on a loaded machine waits for a core, does not until the wall
/// clock says it is stuck; two that compute together share the time.
#[cfg(unix)]
#[test]
fn only_cpu_time_makes_a_hang() {
    if std::env::var_os(ALONE).is_none() {
        // In a process of its own: the properties beside it spend CPU time.
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "clock::only_cpu_time_makes_a_hang", "--test-threads=1"])
            .env(ALONE, "1")
            .status()
            .unwrap();
        assert!(status.success(), "the clock's test failed in its own process");
        return;
    }
    let limit = Duration::from_millis(200);
    let mut waiting = CaseClock::start();
    std::thread::sleep(Duration::from_millis(600));
    assert!(!waiting.hung(limit), "600 ms of waiting spent {:?}", waiting.spent());
    // A deadlock spends nothing: the wall clock catches it at ten times the
    // limit (600 ms past 10 × 50 ms).
    assert!(waiting.hung(Duration::from_millis(50)));
    drop(waiting);

    // Computes until the process spent `cpu`, however long a loaded
    // machine makes that take, and samples the clock.
    let spin = |clock: &mut CaseClock, cpu: Duration| {
        let (start, mut x) = (process_cpu().unwrap_or_default(), 0u64);
        while process_cpu().unwrap_or_default() - start < cpu {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
        clock.spent()
    };
    let mut looping = CaseClock::start();
    assert!(spin(&mut looping, limit * 2) > limit, "a loop is a hang: {:?}", looping.spent());
    assert!(looping.hung(limit));
    // Beside another case that waits, a loop's share is half the time.
    let other = CaseClock::start();
    let before = looping.spent();
    let share = spin(&mut looping, Duration::from_millis(800)) - before;
    let half = Duration::from_millis(400);
    assert!(share >= half && share < half + Duration::from_millis(100), "{share:?}");
    drop(other);
}
