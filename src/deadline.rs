//! Work that may not end, or may recurse deeply: a Typst compile (Typst has
//! no time limit, and a custom layout can loop for hours) and the parsing of
//! a PDF given to `extract`. It runs on a thread of its own, with a stack of
//! a known size, while the caller waits until a deadline. Typst cannot be
//! interrupted, so past the deadline the caller gives up on the thread,
//! which runs on until the process ends. The same holds for work stopped
//! at the [memory budget](crate::memory), which the caller sees while it
//! waits.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use crate::memory;

/// How long a render or an `extract` may take unless `--timeout` says
/// otherwise: far more than any CV needs (a long CV takes well under a
/// second), little enough that a `make` or a CI job stops with an error.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// How often the caller looks at the memory budget while it waits.
const POLL: Duration = Duration::from_millis(20);

/// Whether work ran past its deadline or its memory budget in this process:
/// it is still running, or stopped for ever holding its memory.
static ABANDONED: AtomicBool = AtomicBool::new(false);

/// Whether some work of this process ran past its deadline and runs on, or
/// stopped at the memory budget and holds its memory: a long-lived caller
/// (watch mode) then stops rather than start more beside it.
pub fn abandoned() -> bool {
    ABANDONED.load(Ordering::Relaxed)
}

/// Why work did not give its result.
#[derive(Debug)]
pub enum Stopped {
    /// It was still running at the deadline, given here.
    Expired(Duration),
    /// It, or a thread it started, would have passed the memory budget,
    /// given here in bytes, and stopped.
    OverBudget(usize),
    /// No thread could be started for it.
    NoThread(std::io::Error),
}

/// Runs `work` on a new thread with `stack` bytes of stack and waits for it
/// at most `limit` (for ever when `None`), or until a thread stops at the
/// memory budget. A panic in `work` is resumed on the caller's thread.
///
/// # Errors
///
/// [`Stopped::Expired`] past the deadline, [`Stopped::OverBudget`] at the
/// memory budget, [`Stopped::NoThread`] when the thread cannot start.
pub fn run<T: Send + 'static>(
    limit: Option<Duration>,
    stack: usize,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Stopped> {
    // The caller waits and reports: past the memory budget it must go on
    // (a batch's workers and apply's call this, besides the main thread).
    memory::exempt_this_thread();
    let (sender, receiver) = channel();
    let thread = std::thread::Builder::new()
        .name("cvpdf-work".into())
        .stack_size(stack)
        .spawn(move || {
            let _ = sender.send(work());
        })
        .map_err(Stopped::NoThread)?;
    let started = Instant::now();
    loop {
        let left = limit.map_or(POLL, |limit| limit.saturating_sub(started.elapsed()));
        match receiver.recv_timeout(left.min(POLL)) {
            Ok(value) => return Ok(value),
            Err(RecvTimeoutError::Timeout) => {
                let stopped = match (memory::exceeded(), limit) {
                    (true, _) => Stopped::OverBudget(memory::limit().unwrap_or(usize::MAX)),
                    (false, Some(limit)) if started.elapsed() >= limit => Stopped::Expired(limit),
                    (false, _) => continue,
                };
                ABANDONED.store(true, Ordering::Relaxed);
                return Err(stopped);
            }
            // The thread ended without a result: it panicked.
            Err(RecvTimeoutError::Disconnected) => {
                return match thread.join() {
                    Err(panic) => std::panic::resume_unwind(panic),
                    Ok(()) => {
                        Err(Stopped::NoThread(std::io::Error::other("the work thread stopped")))
                    }
                };
            }
        }
    }
}

/// How long a run of many jobs waits, once a thread stopped at the memory
/// budget, for the jobs under way to give their results.
const GRACE: Duration = Duration::from_secs(1);

/// Runs `work(i)` for every `i` in `0..count`, on `threads` threads of their
/// own, and calls `finish(i, result)` on the caller's thread as each
/// result comes, in completion order: what must not be given up on half
/// done, such as writing the files, and reporting. Returns what `finish`
/// returns, by `i`. A panic in `work` is resumed on the caller's thread.
///
/// A thread stopped at the memory budget may hold any lock, one of Typst's
/// caches or a font being read, and every other job may wait on it for
/// ever. So the caller never waits on a job: once a thread has stopped, no
/// job starts, the caller takes the results that come within [`GRACE`],
/// and gives up on the rest (the threads run on, or wait, until the process
/// ends): their result is `cut_short()`, finished last.
pub fn each<R: Send + 'static, S>(
    count: usize,
    threads: usize,
    work: impl Fn(usize) -> R + Send + Sync + 'static,
    cut_short: impl Fn() -> R,
    mut finish: impl FnMut(usize, R) -> S,
) -> Vec<S> {
    memory::exempt_this_thread();
    let (sender, receiver) = channel();
    let shared = Arc::new((AtomicUsize::new(0), work));
    for _ in 0..threads.clamp(1, count.max(1)) {
        let (sender, shared) = (sender.clone(), shared.clone());
        let spawned = std::thread::Builder::new().name("cvpdf-worker".into()).spawn(move || {
            let (next, work) = &*shared;
            while !memory::exceeded() {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                // A panic goes to the caller, as from `run`.
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(i)));
                if sender.send((i, result)).is_err() {
                    break;
                }
            }
        });
        // With no worker at all, the jobs are cut short: they did not run.
        if spawned.is_err() {
            break;
        }
    }
    drop(sender);
    let mut results: Vec<Option<S>> = (0..count).map(|_| None).collect();
    let mut since: Option<Instant> = None;
    loop {
        match receiver.recv_timeout(POLL) {
            Ok((_, Err(panic))) => std::panic::resume_unwind(panic),
            Ok((i, Ok(result))) => results[i] = Some(finish(i, result)),
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) if memory::exceeded() => {
                if since.get_or_insert_with(Instant::now).elapsed() >= GRACE {
                    ABANDONED.store(true, Ordering::Relaxed);
                    break;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
    let fill = |(i, result): (usize, Option<S>)| result.unwrap_or_else(|| finish(i, cut_short()));
    results.into_iter().enumerate().map(fill).collect()
}

/// A duration for messages: `120 s`, `1.5 s`, or `250 ms` below a second.
pub fn seconds(duration: Duration) -> String {
    match duration.as_secs_f64() {
        s if s >= 1.0 => format!("{} s", (s * 10.0).round() / 10.0),
        s => format!("{} ms", (s * 1000.0).round()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_and_the_deadline_holds() {
        assert_eq!(run(None, 1 << 20, || 6 * 7).unwrap(), 42);
        let slow = run(Some(Duration::from_millis(50)), 1 << 20, || {
            std::thread::sleep(Duration::from_secs(5));
        });
        assert!(matches!(slow, Err(Stopped::Expired(_))));
        assert!(abandoned());
        let panicked = std::panic::catch_unwind(|| run(None, 1 << 20, || panic!("boom")));
        assert!(panicked.is_err(), "a panic reaches the caller");
    }

    #[test]
    fn each_gives_every_result_by_index_and_reports_each_once() {
        let mut reported = Vec::new();
        let results = each(
            9,
            3,
            |i| i * i,
            || usize::MAX,
            |i, r| {
                reported.push((i, r));
                r
            },
        );
        assert_eq!(results, (0..9).map(|i| i * i).collect::<Vec<_>>());
        reported.sort_unstable();
        assert_eq!(reported, (0..9).map(|i| (i, i * i)).collect::<Vec<_>>());
        assert!(
            each(0, 2, |i| i, || 0, |_, _: usize| -> usize { panic!("nothing to report") })
                .is_empty()
        );
        let panicked = std::panic::catch_unwind(|| {
            each(4, 2, |i| if i == 2 { panic!("boom") } else { i }, || 0, |_, r| r)
        });
        assert!(panicked.is_err(), "a panic reaches the caller");
    }

    #[test]
    fn each_finishes_every_result_on_the_callers_thread() {
        let caller = std::thread::current().id();
        let workers: Vec<_> = each(
            6,
            2,
            |_| std::thread::current().id(),
            || caller,
            |_, id| {
                assert_eq!(std::thread::current().id(), caller, "finished where it was called");
                id
            },
        );
        assert!(workers.iter().all(|id| *id != caller), "the work ran on workers");
    }

    #[test]
    fn seconds_read_well() {
        assert_eq!(seconds(Duration::from_secs(120)), "120 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(seconds(Duration::from_millis(250)), "250 ms");
    }
}
