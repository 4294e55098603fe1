//! `cvpdf apply --watch`: builds the applications again whenever a letter,
//! its CV, the layout or a file they read changes, or a letter is added to
//! the directory being watched.

use std::path::{Path, PathBuf};

use super::{Done, Request, applications, build_all};
use crate::diagnostics::Error;
use crate::run::RunConfig;
use crate::watch::{Changes, absolute, read_files};

/// Builds the applications at `path` (a letter, or a directory of them),
/// then again after each change, until `stop` says so. `report` gets each
/// application's result as it ends; `round` is called before each round.
///
/// # Errors
///
/// A usage error when the system cannot watch files, an I/O error for a
/// directory that cannot be watched, [`applications`]' errors when `path`
/// no longer holds any, and [`crate::watch::stopped`] when a build was
/// given up at its deadline or memory budget.
pub fn watch(
    path: &Path,
    request: &Request,
    config: &RunConfig,
    report: &(dyn Fn(&Path, &Result<Done, Error>) + Sync),
    round: &dyn Fn(),
    stop: &dyn Fn() -> bool,
) -> Result<(), Error> {
    let mut changes = Changes::new()?;
    // A new letter in a watched directory is a change too.
    let added = path.is_dir().then_some("md");
    loop {
        let letters = applications(path)?;
        // Watch what is known before building, so that a save during the
        // build is seen, then what the build read.
        let mut files: Vec<PathBuf> = letters.iter().map(|letter| absolute(letter)).collect();
        changes.watch(&files)?;
        round();
        build_all(&letters, request, config, report);
        if crate::deadline::abandoned() {
            return Err(crate::watch::stopped());
        }
        files.extend(read_files());
        files.sort();
        files.dedup();
        changes.watch(&files)?;
        // Drop the cache entries that the last ten builds did not use.
        comemo::evict(10);
        if !changes.wait(&files, added, stop) {
            return Ok(());
        }
    }
}
