//! Fuzzing, from arbitrary bytes through loading, Markdown and rendering: no
//! input may panic, hang or crash. Errors are fine; panics are not.
//!
//! The properties run on proptest strategies through a small harness of our
//! own, which catches panics (showing the input), shrinks a failing input,
//! saves it under `tests/fuzz-regressions/` and can run for a fixed time.
//!
//! - `cargo test --test fuzz` runs a few cases of each property, with a
//!   fixed seed, and replays every saved regression.
//! - `CVPDF_FUZZ_SECONDS=600 cargo test --profile fuzz --test fuzz -- --nocapture`
//!   runs each property for that many seconds and prints its executions,
//!   time and executions per second. Properties run in parallel as the test
//!   harness schedules them; `--test-threads=1` runs them one after another,
//!   but for the pipeline's, one per built-in layout, which run together.
//! - `CVPDF_FUZZ_SEED=N` fixes the inputs (the default of a long run is a
//!   seed from the clock, printed with the results); `CVPDF_FUZZ_CASES=N`
//!   changes the number of cases of a short run.
//! - `CVPDF_FUZZ_JOURNAL=1` writes each input to the temporary directory
//!   before running it, to find the input of a crash that kills the process
//!   (a stack overflow): rerun with the seed printed, and read
//!   `cvpdf-fuzz-<property>.current`.
//!
//! A case that spends more CPU time than its limit (`CVPDF_FUZZ_HANG_SECONDS`
//! overrides it), or waits ten times as long, is a hang: its input is saved
//! and the process aborts. CPU time, not the wall clock, so that a loaded
//! machine does not make a slow case a hang ([`clock`]).
//!
//! Each family of properties is a module with its checks and its tests:
//! [`load`], [`markdown`], [`formatting`] and [`pipeline`]. [`harness`]
//! runs them; [`pieces`], [`yaml`], [`shape`] and [`cv`] make their inputs.

mod clock;
mod cv;
mod formatting;
mod harness;
mod load;
mod markdown;
mod pieces;
mod pipeline;
mod shape;
mod yaml;

use std::path::PathBuf;

use clock::CaseClock;
use harness::{Kind, regressions_dir};

/// Replays every input saved under `tests/fuzz-regressions/`.
#[test]
fn regressions_replay() {
    let Ok(entries) = std::fs::read_dir(regressions_dir()) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut replayed = 0;
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(kind) = Kind::ALL.into_iter().find(|k| {
            name.starts_with(&format!("{}-", k.prefix())) && name.ends_with(k.extension())
        }) else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap_or_default();
        let mut started = CaseClock::start();
        let result = kind.check(&bytes);
        replayed += 1;
        if started.hung(kind.hang_limit()) {
            failures.push(format!("{name}: took {:?} of CPU time", started.spent()));
        }
        if let Err(message) = result {
            failures.push(format!("{name}: {message}"));
        }
    }
    println!("replayed {replayed} regression input(s)");
    assert!(failures.is_empty(), "regressions fail again:\n\n{}", failures.join("\n\n"));
}
