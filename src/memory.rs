//! The memory budget: a custom layout's code can build an array or a text
//! of any size (`range(300000000)` asks for 9.6 GB), and Typst has no
//! limit, so the process would abort on a failed allocation or be killed by
//! the kernel. [`Budgeted`] wraps the global allocator and counts the bytes
//! in use; an allocation that would pass the budget on any thread but the
//! one that reports errors (the main thread, [`exempt_this_thread`]) is
//! never made: the thread raises a flag and sleeps for ever, holding what it
//! has. [`crate::deadline::run`], which waits for that work, sees the flag
//! and fails the job with exit 1. Returning null instead would abort the
//! process, and unwinding out of an allocator is not allowed.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// The most the budget is by default, in bytes: 4 GiB. The seed renders in
/// every layout within 0.25 GiB (a test checks it), so this is far beyond
/// any CV and still within a laptop's or a CI runner's memory.
pub const DEFAULT_LIMIT: usize = 4 << 30;

/// Bytes allocated and not yet freed, by every thread.
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// The budget in bytes; no limit until [`set_limit`].
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
/// Whether a thread stopped at the budget.
static EXCEEDED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Whether this thread allocates past the budget (const, with no
    /// destructor: reading it never allocates, even as the thread ends).
    static EXEMPT: Cell<bool> = const { Cell::new(false) };
}

/// A global allocator, `A`, that keeps to the memory budget.
pub struct Budgeted<A>(pub A);

impl<A> Budgeted<A> {
    /// Takes the place of the bytes of an allocation of `size`, or stops
    /// this thread for ever when they would pass the budget.
    fn admit(size: usize) {
        let live = LIVE.fetch_add(size, Ordering::Relaxed).saturating_add(size);
        if live > LIMIT.load(Ordering::Relaxed) && !EXEMPT.try_with(Cell::get).unwrap_or(false) {
            LIVE.fetch_sub(size, Ordering::Relaxed);
            EXCEEDED.store(true, Ordering::Release);
            // Sleeping allocates nothing; the thread holds its locks and
            // memory until the process ends.
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
    }

    /// Gives back the place of `size` bytes freed or never allocated.
    fn release(size: usize) {
        LIVE.fetch_sub(size, Ordering::Relaxed);
    }
}

// SAFETY: every call is passed on to `A` unchanged; only the counting and
// the stop at the budget are added.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Budgeted<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::admit(layout.size());
        // SAFETY: the caller's contract is passed on.
        let pointer = unsafe { self.0.alloc(layout) };
        if pointer.is_null() {
            Self::release(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::admit(layout.size());
        // SAFETY: the caller's contract is passed on.
        let pointer = unsafe { self.0.alloc_zeroed(layout) };
        if pointer.is_null() {
            Self::release(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on.
        unsafe { self.0.dealloc(pointer, layout) };
        Self::release(layout.size());
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        Self::admit(new_size.saturating_sub(old));
        // SAFETY: the caller's contract is passed on.
        let moved = unsafe { self.0.realloc(pointer, layout, new_size) };
        if moved.is_null() {
            Self::release(new_size.saturating_sub(old));
        } else {
            Self::release(old.saturating_sub(new_size));
        }
        moved
    }
}

/// Lets the calling thread allocate past the budget: the main thread, which
/// waits for the work and reports its errors, must not stop.
pub fn exempt_this_thread() {
    EXEMPT.with(|exempt| exempt.set(true));
}

/// Sets the budget, in bytes (`None`: no limit). It counts only where
/// [`Budgeted`] is the global allocator, as in the `cvpdf` binary.
pub fn set_limit(bytes: Option<usize>) {
    LIMIT.store(bytes.unwrap_or(usize::MAX), Ordering::Relaxed);
}

/// The budget in bytes, `None` for no limit.
pub fn limit() -> Option<usize> {
    Some(LIMIT.load(Ordering::Relaxed)).filter(|&limit| limit != usize::MAX)
}

/// Whether a thread stopped at the budget: its work will never end.
pub fn exceeded() -> bool {
    EXCEEDED.load(Ordering::Acquire)
}

/// The default budget: [`DEFAULT_LIMIT`], or half the physical memory of a
/// smaller machine, where the kernel would kill the process first.
pub fn default_limit() -> usize {
    physical_memory().map_or(DEFAULT_LIMIT, |bytes| DEFAULT_LIMIT.min(bytes / 2))
}

/// The machine's physical memory in bytes, where the system says.
#[cfg(unix)]
fn physical_memory() -> Option<usize> {
    // SAFETY: sysconf reads a value and has no preconditions.
    let (pages, page) =
        unsafe { (libc::sysconf(libc::_SC_PHYS_PAGES), libc::sysconf(libc::_SC_PAGESIZE)) };
    let bytes = usize::try_from(pages).ok()?.checked_mul(usize::try_from(page).ok()?)?;
    Some(bytes).filter(|&bytes| bytes > 0)
}

#[cfg(not(unix))]
fn physical_memory() -> Option<usize> {
    None
}

/// The smallest budget a run may have: loading the fonts and compiling a
/// short CV take about half of it.
pub const MIN_LIMIT: usize = 64 << 20;

/// A size for messages, in GiB: `4 GiB`, `0.5 GiB`; under 0.1 GiB, in MiB
/// (`64 MiB`, `0.4 MiB`), so that no size reads as `0 GiB`.
pub fn gib(bytes: usize) -> String {
    // Rounded first: `--memory-limit 0.1`, a byte short of 0.1 GiB once
    // whole, reads as it was given.
    let gib = (bytes as f64 / f64::from(1u32 << 30) * 100.0).round() / 100.0;
    if gib < 0.1 {
        let mib = bytes as f64 / f64::from(1u32 << 20);
        return format!("{} MiB", (mib * 10.0).round() / 10.0);
    }
    format!("{gib} GiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well_and_the_default_is_bounded() {
        assert_eq!(gib(4 << 30), "4 GiB");
        assert_eq!(gib(512 << 20), "0.5 GiB");
        assert_eq!(gib(MIN_LIMIT), "64 MiB");
        assert_eq!(gib((0.1 * f64::from(1u32 << 30)) as usize), "0.1 GiB");
        assert_eq!(gib(10_000), "0 MiB");
        assert_eq!(gib(400 << 10), "0.4 MiB");
        let default = default_limit();
        assert!((64 << 20..=DEFAULT_LIMIT).contains(&default), "{default}");
    }
}
