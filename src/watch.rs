//! `cvpdf watch`: render again whenever the data, a custom layout, a file
//! it reads or the photo changes, keeping Typst's world and caches alive
//! between renders.
//!
//! What is watched is what the renders read, as the reading gate recorded
//! it ([`crate::gate::inputs`]), at canonical paths: the target of a data
//! file that is a symbolic link (as dotfile managers make), and every file a
//! custom layout imports or reads. Directories are watched rather than
//! files: editors that save by writing a temporary file and renaming it over
//! the original replace the file, and a watch on the old file would miss
//! every save after the first.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::batch::write_artifacts;
use crate::diagnostics::{Diagnostic, Error};
use crate::gate::{self, Kind, Source};
use crate::layouts::Layout;
use crate::output::Output;
use crate::pipeline::{self, Session};
use crate::run::RunConfig;

/// Events arriving within this time of each other make one render: a save
/// is often several writes and a rename.
const SETTLE: Duration = Duration::from_millis(30);

/// What one render made, or why it failed, for the caller to print.
pub enum Outcome {
    /// Files written, with their page count (none for an output made from
    /// the view) and how long the render took.
    Rendered {
        written: Vec<Output>,
        pages: Option<usize>,
        took: Duration,
        warnings: Vec<Diagnostic>,
    },
    /// The input is wrong; the last good output stays.
    Failed(Error),
}

/// What one round of renders made, after a save: an outcome per layout,
/// in order.
pub type Round<'a> = Vec<(&'a Layout, Outcome)>;

/// One layout being watched: its session (which holds the layout) and its
/// output.
struct Target {
    session: Session,
    output: PathBuf,
}

/// Watches `data` and renders it with each of `targets` (a layout and an
/// output path) after every change, until `stop` says so. `report` gets
/// the outcomes of each round of renders, one per target, in order: a
/// round is one run, so that a problem every layout meets is said once.
pub fn watch(
    data: &Path,
    targets: Vec<(Layout, PathBuf)>,
    config: &RunConfig,
    report: &mut dyn FnMut(Round),
    stop: &dyn Fn() -> bool,
) -> Result<(), Error> {
    let mut changes = Changes::new()?;
    let mut targets: Vec<Target> = targets
        .into_iter()
        .map(|(layout, output)| Target { session: config.session(&layout), output })
        .collect();
    loop {
        // Watch what is known before rendering, so that a save during the
        // render is seen, then what the render read.
        changes.watch(&watched_files(data, &targets))?;
        let mut outcomes = Vec::new();
        for target in &mut targets {
            outcomes.push(render_once(data, target, config));
            if crate::deadline::abandoned() {
                report(
                    targets.iter().map(|target| target.session.layout()).zip(outcomes).collect(),
                );
                return Err(stopped());
            }
        }
        report(targets.iter().map(|target| target.session.layout()).zip(outcomes).collect());
        let files = watched_files(data, &targets);
        changes.watch(&files)?;
        // Drop the cache entries that the last ten renders did not use.
        comemo::evict(10);
        if !changes.wait(&files, None, stop) {
            return Ok(());
        }
        for target in &mut targets {
            reload_layout(target, config);
        }
    }
}

fn render_once(data: &Path, target: &mut Target, config: &RunConfig) -> Outcome {
    let started = Instant::now();
    let result = pipeline::load_data(&Source::File(data.to_owned())).and_then(|loaded| {
        let made = config.make(&mut target.session, &loaded, data)?;
        let written = write_artifacts(&Output::Path(target.output.clone()), &made.artifacts)?;
        Ok((written, made.pages, made.warnings))
    });
    match result {
        Ok((written, pages, warnings)) => {
            Outcome::Rendered { written, pages, took: started.elapsed(), warnings }
        }
        Err(error) => Outcome::Failed(error),
    }
}

/// A custom layout is read again, and gets a new session, when it changed.
fn reload_layout(target: &mut Target, config: &RunConfig) {
    let Layout::Custom { path, text } = target.session.layout() else { return };
    let Ok(bytes) = gate::read(path, Kind::Layout) else { return };
    let Ok(new_text) = String::from_utf8(bytes) else { return };
    if new_text != *text {
        let layout = Layout::Custom { path: path.clone(), text: new_text };
        target.session = config.session(&layout);
    }
}

/// The files whose change triggers a render, absolute: the data and each
/// custom layout as named (a link pointed elsewhere is a change), the photo
/// the data names (even before it exists), and every file the renders read
/// but fonts, at its canonical path (a link's target).
fn watched_files(data: &Path, targets: &[Target]) -> Vec<PathBuf> {
    let mut files = vec![absolute(data)];
    for target in targets {
        if let Layout::Custom { path, .. } = target.session.layout() {
            files.push(absolute(path));
        }
    }
    if let Ok(loaded) = pipeline::load_data(&Source::File(data.to_owned()))
        && let Some(image) = loaded.cv.basics.image.as_deref().filter(|i| !i.contains("://"))
    {
        let dir = data.parent().unwrap_or(Path::new("."));
        files.push(absolute(&dir.join(image)));
    }
    files.extend(read_files());
    files.sort();
    files.dedup();
    files
}

/// The files this run's renders read but fonts, at their canonical paths
/// (a link's target), as the reading gate recorded them.
pub fn read_files() -> Vec<PathBuf> {
    let read = gate::inputs().into_iter().filter(|i| !matches!(i.kind, Kind::Font | Kind::Pdf));
    read.filter_map(|input| input.path).collect()
}

/// `path` made absolute, as events name files.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// Why watching stops after a render was given up (its time or its
/// memory was spent): its compile runs on, or holds its memory, and cannot
/// be stopped, so rendering again would start another beside it.
pub fn stopped() -> Error {
    Error::invalid(
        Diagnostic::error(
            "watch stops: cvpdf cannot stop the layout's compile, which still holds its thread and memory",
        )
        .with_hint("fix the layout, then start watch again"),
    )
}

/// The file system's news of changes: a watcher on the directories of the
/// files that matter, and the events it sends.
pub struct Changes {
    watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    dirs: HashSet<PathBuf>,
}

impl Changes {
    /// A watcher watching nothing yet.
    ///
    /// # Errors
    ///
    /// A usage error when the system cannot watch files.
    pub fn new() -> Result<Self, Error> {
        let (sender, events) = channel();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })
        .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
        Ok(Self { watcher, events, dirs: HashSet::new() })
    }

    /// Watches the directory of each of `files`, once; a directory that
    /// does not exist yet (a photo's, before it is made) is tried again
    /// next time.
    ///
    /// # Errors
    ///
    /// An I/O error naming the directory that cannot be watched.
    pub fn watch(&mut self, files: &[PathBuf]) -> Result<(), Error> {
        for dir in files.iter().filter_map(|f| f.parent()) {
            if dir.is_dir() && self.dirs.insert(dir.to_owned()) {
                self.watcher
                    .watch(dir, RecursiveMode::NonRecursive)
                    .map_err(|e| Error::io("watch", dir, std::io::Error::other(e)))?;
            }
        }
        Ok(())
    }

    /// Waits for a change to one of `files`, or to a file with the
    /// extension `new` in one of their directories (a file added), then
    /// lets the burst settle. Returns false when `stop` asks to end.
    pub fn wait(&self, files: &[PathBuf], new: Option<&str>, stop: &dyn Fn() -> bool) -> bool {
        let relevant = |event: &Event| {
            !matches!(event.kind, EventKind::Access(_))
                && event.paths.iter().any(|changed| {
                    let changed = absolute(changed);
                    files.contains(&changed)
                        || new.is_some_and(|ext| {
                            changed.extension().is_some_and(|e| e == ext)
                                && changed.parent().is_some_and(|d| self.dirs.contains(d))
                        })
                })
        };
        loop {
            if stop() {
                return false;
            }
            match self.events.recv_timeout(Duration::from_millis(200)) {
                Ok(Ok(event)) if relevant(&event) => break,
                Ok(_) | Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return false,
            }
        }
        while self.events.recv_timeout(SETTLE).is_ok() {}
        true
    }
}
