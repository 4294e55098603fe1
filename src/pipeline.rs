//! From a data file to PDF bytes: load, check, build the view, compile and
//! export. The CLI, watch mode and batch runs all go through here.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use typst_layout::PagedDocument;

use crate::deadline::{self, Stopped};
use crate::diagnostics::{Diagnostic, Error, Severity};
use crate::fit::{self, Fitted, Outcome};
use crate::fonts::Fonts;
use crate::gate::{self, Kind, Refusal, Source};
use crate::layouts::Layout;
use crate::memory;
use crate::model::{self, Loaded, Moment};
use crate::photo;
use crate::render::{self, Artifact, Demands, ExportOptions, Format, Renderer};
use crate::timings::Timings;
use crate::view::{self, View, ViewOptions};
use crate::world::{WorldFile, WorldFiles};

/// Everything that decides a render besides the data and the layout: the
/// options one run gives every layout and document it renders.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Language, paper and tags.
    pub view: ViewOptions,
    /// `SOURCE_DATE_EPOCH`, if set.
    pub source_date_epoch: Option<i64>,
    /// Whether warnings are errors.
    pub strict: bool,
    /// `--max-pages`: a page limit that fitting enforces, beyond the
    /// layout's own.
    pub max_pages: Option<usize>,
    /// `--embed-source`: attach the data file to the PDF.
    pub embed_source: bool,
    /// What the output's format and standards demand of the characters.
    pub demands: Demands,
    /// `--timeout`: how long a compile (with its fitting) may take; `None`
    /// for no limit.
    pub timeout: Option<Duration>,
}

impl Default for Settings {
    /// Every option at its default, as `cvpdf --layout NAME` gives.
    fn default() -> Self {
        Self {
            view: ViewOptions::default(),
            source_date_epoch: None,
            strict: false,
            max_pages: None,
            embed_source: false,
            demands: Demands::new(Format::Pdf, &render::DEFAULT_STANDARDS),
            timeout: Some(deadline::DEFAULT_TIMEOUT),
        }
    }
}

impl Settings {
    /// What a problem is under these settings, given the standards of the
    /// output that refuse it (none for a plain warning): the one place that
    /// decides which problems stop a run, for a render and `check` alike.
    pub fn severity(&self, refused_by: &[String]) -> Severity {
        if self.strict || !refused_by.is_empty() { Severity::Error } else { Severity::Warning }
    }

    /// The verdict on the problems found before compiling: the warnings
    /// (and notes, which never stop a run) that let the run go on, or every
    /// problem when one of them stops it.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with the problems, warnings made errors under
    /// `--strict`, when any of them is an error.
    pub fn verdict(&self, problems: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
        let warning = self.severity(&[]);
        let problems: Vec<Diagnostic> = problems
            .into_iter()
            .map(|d| if d.is_warning() { Diagnostic { severity: warning, ..d } } else { d })
            .collect();
        if problems.iter().any(Diagnostic::is_error) {
            Err(Error::Invalid(problems))
        } else {
            Ok(problems)
        }
    }
}

/// A rendered CV, ready to export.
pub struct Rendered {
    /// The laid-out pages.
    pub document: PagedDocument,
    /// The CV in full, before any fitting: what plain text shows.
    pub view: View,
    /// The CV as the layout last compiled it, fitted: what `eject` writes.
    pub compiled_view: View,
    /// The document's date.
    pub date: Moment,
    /// Problems that did not stop the render.
    pub warnings: Vec<Diagnostic>,
    /// What fitting gave up to respect the page limit.
    pub fitted: Vec<String>,
    /// How long each step took, for `--verbose`.
    pub timings: Timings,
    /// How long exporting may take: the render's `--timeout`.
    pub timeout: Option<Duration>,
    /// The files the compile read, where an export's errors are located.
    pub files: Arc<WorldFiles>,
}

impl Rendered {
    /// The number of pages.
    pub fn pages(&self) -> usize {
        self.document.pages().len()
    }

    /// The files of the CV in a format, exported on a thread of its own
    /// within the deadline, as compiling is (an SVG photo's filters, say,
    /// are drawn as pixels).
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the PDF standards refuse the document, which
    /// the checks before compiling leave to what they cannot see, or when
    /// the export does not finish in time.
    pub fn export(&self, format: Format, options: &ExportOptions) -> Result<Vec<Artifact>, Error> {
        let (document, view, date) = (self.document.clone(), self.view.clone(), self.date);
        let (files, owned) = (self.files.clone(), options.clone());
        deadline::run(self.timeout, WORK_STACK, move || {
            render::export(&document, &view, &files, format, date, &owned)
        })
        .map_err(|stopped| match stopped {
            Stopped::Expired(limit) => Error::invalid(
                Diagnostic::error(format!(
                    "writing the {} did not finish in {}",
                    format.extension().to_uppercase(),
                    deadline::seconds(limit)
                ))
                .with_hint("the photo or the layout draws something costly, such as an SVG filter")
                .with_hint(WAIT_LONGER),
            ),
            Stopped::OverBudget(limit) => Error::invalid(
                Diagnostic::error(format!(
                    "writing the {} used more than {} of memory",
                    format.extension().to_uppercase(),
                    memory::gib(limit)
                ))
                .with_hint("the photo or the layout draws something costly, such as an SVG filter")
                .with_hint(MORE_MEMORY),
            ),
            Stopped::NoThread(e) => {
                Error::invalid(Diagnostic::error(format!("cannot start an export: {e}")))
            }
        })?
    }
}

/// Reads and checks a data file, or standard input, through the gate.
/// Messages name it as its path is written, or `<stdin>`.
///
/// # Errors
/// Located input errors; a missing file gets the way out of
/// [`missing_data`].
pub fn load_data(source: &Source) -> Result<Loaded, Error> {
    let name = source.name();
    let bytes =
        gate::read_source(source, Kind::Data).map_err(|refusal| match (refusal, source) {
            (Refusal::NotFound, Source::File(path)) => Error::invalid(missing_data(path)),
            (Refusal::TooLarge { size, .. }, _) => Error::invalid(model::too_large(&name, size)),
            (refusal, Source::File(path)) => refusal.into_error("the data file", path),
            (refusal, Source::Stdin) => refusal.into_error("the data from", Path::new(&name)),
        })?;
    model::load(&name, &bytes)
}

/// The error for a data file that is not there, with the way out: the
/// `cv.yaml` that `cvpdf init` writes, if that is what is here.
pub fn missing_data(path: &Path) -> Diagnostic {
    let error = Diagnostic::error(format!("there is no CV at {}", path.display()));
    if path != Path::new("cv.yaml") && Path::new("cv.yaml").is_file() {
        error.with_hint("there is a cv.yaml in this directory: did you mean that one?")
    } else {
        error.with_hint(
            "check the path (a YAML or JSON Resume file), or write a starter cv.yaml with `cvpdf init`",
        )
    }
}

/// The problems of a view found before compiling: characters that the
/// output cannot hold, grouped, each with the severity the settings give it;
/// none for plain text, which draws no glyph.
/// The characters judged are those of `/cv.json`, as layouts read it, and
/// every label of its language, which layouts print without the data; from
/// the same characters, whether the view's text needs glyph composition
/// (`compose_glyphs`).
fn glyph_problems(
    fonts: &Fonts,
    loaded: &Loaded,
    view: &mut View,
    settings: &Settings,
) -> Result<Vec<Diagnostic>, Error> {
    if !settings.demands.draws_glyphs {
        return Ok(Vec::new());
    }
    let json = render::view_json(view)?;
    let printed: HashSet<char> = String::from_utf8_lossy(&json).chars().collect();
    view.compose_glyphs = crate::view::needs_composition(&view.design, &printed);
    // Strings in maps with string keys: serialising cannot fail.
    let labels = serde_json::to_string(view.labels).unwrap_or_default();
    let labels = (labels.as_str(), crate::view::lang_origin(loaded, &settings.view));
    Ok(crate::glyphs::find(fonts, loaded, &printed, &view.decoded, labels, &settings.demands)
        .iter()
        .map(|group| {
            let severity = settings.severity(group.refused_by(&settings.demands));
            group.diagnostic(severity, &settings.demands)
        })
        .collect())
}

/// The stack of a compile's or an export's thread: 32 MiB, four times a
/// main thread's.
pub const WORK_STACK: usize = 32 << 20;

mod attach;
mod overflow;
pub(crate) use attach::attach;

/// A CV made ready for its outputs, before anything is compiled.
pub struct Prepared {
    /// The CV in full, as layouts and plain text see it.
    pub view: View,
    /// The files a compile adds to the world: the photo and the attached
    /// data, as they were checked.
    pub extra: Vec<(String, WorldFile)>,
    /// The document's date.
    pub date: Moment,
    /// Problems that do not stop the run.
    pub warnings: Vec<Diagnostic>,
    /// How long each step took.
    pub timings: Timings,
}

/// Prepares a loaded CV for its outputs, compiling nothing: checks the
/// photo, attaches the data file if asked, builds the view and finds the
/// characters the output cannot hold. Outputs made from the view (plain
/// text) need no more.
///
/// # Errors
/// [`Error::Invalid`]: a photo refused, or problems that stop the run
/// under `settings` (warnings under `--strict`).
pub fn prepare(
    fonts: &Fonts,
    loaded: &Loaded,
    data_path: &Path,
    settings: &Settings,
) -> Result<Prepared, Error> {
    fonts.check_design(loaded)?;
    let mut warnings = loaded.warnings.clone();
    let mut options = settings.view.clone();
    let mut extra = Vec::new();
    if let Some(photo) = photo::resolve(loaded, data_path, &mut warnings)? {
        // The bytes that were checked, not the file again.
        options.photo = Some(photo.vpath.clone());
        extra.push((photo.vpath, WorldFile::Memory(photo.bytes)));
    }
    if settings.embed_source {
        let (attachment, file) = attach(data_path, &loaded.bytes);
        options.attachment = Some(attachment);
        extra.push(file);
    }
    let mut timings = Timings::default();
    let (mut view, view_warnings) = timings.time("view", || view::build(loaded, &options));
    warnings.extend(view_warnings);
    let glyphs = timings.time("glyphs", || glyph_problems(fonts, loaded, &mut view, settings))?;
    warnings.extend(glyphs);
    // Nothing is compiled, let alone exported, once a problem stops the run.
    let warnings = settings.verdict(warnings)?;
    let date =
        render::document_date(settings.source_date_epoch, loaded.cv.meta.last_modified.as_deref());
    Ok(Prepared { view, extra, date, warnings, timings })
}

/// Renders a loaded CV once with `layout`.
///
/// # Errors
/// As [`Session::render`].
pub fn render(
    fonts: &Arc<Fonts>,
    loaded: &Loaded,
    data_path: &Path,
    layout: &Layout,
    settings: &Settings,
) -> Result<Rendered, Error> {
    Session::new(fonts.clone(), layout.clone(), settings.clone()).render(loaded, data_path)
}

/// Renders CVs with one layout, keeping Typst's world alive from one render
/// to the next, as watch mode does.
pub struct Session {
    fonts: Arc<Fonts>,
    layout: Layout,
    settings: Settings,
    renderer: Option<Renderer>,
}

impl Session {
    /// A session of `layout` with shared fonts.
    pub fn new(fonts: Arc<Fonts>, layout: Layout, settings: Settings) -> Self {
        Self { fonts, layout, settings, renderer: None }
    }

    /// The layout this session renders with.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Renders a loaded CV, reusing what the last render compiled.
    ///
    /// # Errors
    /// [`Error::Invalid`]: what [`prepare`] refuses, the layout's errors, a
    /// compile that did not finish in time, or a CV that cannot fit its
    /// page limit.
    pub fn render(&mut self, loaded: &Loaded, data_path: &Path) -> Result<Rendered, Error> {
        let Prepared { view, extra, date, warnings, mut timings } =
            prepare(&self.fonts, loaded, data_path, &self.settings)?;
        let compiled = self.compile(view, extra, date)?;
        timings.add(format!("{} compiles", compiled.count), compiled.took);
        let limit = overflow::limit(&self.settings, &self.layout);
        let (view, files) = (compiled.view, compiled.files);
        let mut rendered =
            render_view(loaded, view, compiled.outcome, date, warnings, files, &limit)?;
        // The layout's own warnings (a custom layout's Typst warnings) go
        // through the same verdict: `--strict` refuses them too.
        rendered.warnings = self.settings.verdict(std::mem::take(&mut rendered.warnings))?;
        rendered.timings = timings;
        rendered.timeout = self.settings.timeout;
        Ok(rendered)
    }

    /// Compiles `view`, fitted to the page limit if there is one, on a
    /// thread of its own and within the deadline. Returns the view, what
    /// fitting gave, and how many compiles ran in how long.
    fn compile(
        &mut self,
        view: View,
        extra: Vec<(String, WorldFile)>,
        date: Moment,
    ) -> Result<Compiles, Error> {
        let settings = &self.settings;
        let mut renderer = match self.renderer.take() {
            Some(mut renderer) => {
                renderer.world_mut().refresh(extra, date)?;
                renderer
            }
            None => Renderer::new(self.fonts.clone(), &self.layout, &view, extra, date)?,
        };
        let max_pages = settings.max_pages.or(self.layout.max_pages());
        let before = renderer.compiles();
        let (renderer, view, outcome) = deadline::run(settings.timeout, WORK_STACK, move || {
            let outcome = compile_fitted(&mut renderer, &view, max_pages);
            (renderer, view, outcome)
        })
        .map_err(|stopped| did_not_finish(&stopped, &self.layout))?;
        let after = renderer.compiles();
        let files = Arc::new(renderer.files());
        self.renderer = Some(renderer);
        let (count, took) = (after.0 - before.0, after.1 - before.1);
        Ok(Compiles { view, outcome: outcome?, count, took, files })
    }
}

/// What [`Session::compile`] gave: the view compiled, what fitting made of
/// it, how many compiles that took and how long, and the files they read.
struct Compiles {
    view: View,
    outcome: Outcome,
    count: usize,
    took: Duration,
    files: Arc<WorldFiles>,
}

/// Compiles a view, fitting it when there is a page limit.
fn compile_fitted(
    renderer: &mut Renderer,
    view: &View,
    max_pages: Option<usize>,
) -> Result<Outcome, Error> {
    match max_pages {
        Some(max_pages) => fit::fit(renderer, view, max_pages),
        None => Ok(Outcome::Fitted(Box::new(Fitted {
            compiled: renderer.compile(view)?,
            view: view.clone(),
            steps: Vec::new(),
        }))),
    }
}

const WAIT_LONGER: &str = "to wait longer, give --timeout SECONDS (0 waits for ever)";

const MORE_MEMORY: &str = "to allow more, give --memory-limit GIB (0: no limit)";

/// The error for a job of many that did not run, or did not end, because
/// another passed the memory budget and the run stopped
/// ([`deadline::each`]); or, with the budget kept, because no thread could
/// be started for it. `undone` says what was not done: "rendered",
/// "checked", "read".
pub fn cut_short(undone: &str) -> Error {
    let Some(limit) = memory::limit().filter(|_| memory::exceeded()) else {
        return Error::invalid(Diagnostic::error("cannot start a thread to work on"));
    };
    Error::invalid(
        Diagnostic::error(format!(
            "not {undone}: the run stopped when it passed {} of memory",
            memory::gib(limit)
        ))
        .with_hint(MORE_MEMORY),
    )
}

/// The error for a compile that did not finish in time, passed the memory
/// budget, or could not start.
pub(crate) fn did_not_finish(stopped: &Stopped, layout: &Layout) -> Error {
    let what = match layout {
        Layout::Custom { path, .. } => format!("the layout {}", path.display()),
        Layout::Builtin(builtin) => format!("the {} layout", builtin.name),
    };
    let report = "a built-in layout needs well under a second and 1 GiB for a real CV: please report it with the data that shows it";
    let (message, cause, wider) = match stopped {
        Stopped::NoThread(e) => {
            return Error::invalid(Diagnostic::error(format!("cannot start a compile: {e}")));
        }
        Stopped::Expired(limit) => (
            format!("{what} did not finish in {}", deadline::seconds(*limit)),
            "Typst has no time limit: look in the layout for a loop or a recursion that never ends",
            WAIT_LONGER,
        ),
        Stopped::OverBudget(limit) => (
            format!("{what} used more than {} of memory", memory::gib(*limit)),
            "Typst has no memory limit: look in the layout for an array, a text or a recursion that grows without end",
            MORE_MEMORY,
        ),
    };
    let cause = if matches!(layout, Layout::Builtin(_)) { report } else { cause };
    Error::invalid(Diagnostic::error(message).with_hint(cause).with_hint(wider))
}

/// Turns what compiling gave into a rendered CV, or the error of a CV that
/// cannot fit.
fn render_view(
    loaded: &Loaded,
    view: View,
    outcome: Outcome,
    date: Moment,
    mut warnings: Vec<Diagnostic>,
    files: Arc<WorldFiles>,
    limit: &str,
) -> Result<Rendered, Error> {
    let (compiled, compiled_view, fitted) = match outcome {
        Outcome::Fitted(fitted) => (fitted.compiled, fitted.view, fitted.steps),
        Outcome::Overflow(overflow) => {
            return Err(Error::invalid(overflow::error(loaded, &view, &overflow, limit)));
        }
    };
    warnings.extend(compiled.warnings);
    Ok(Rendered {
        document: compiled.document,
        view,
        compiled_view,
        date,
        warnings,
        fitted,
        timings: Timings::default(),
        timeout: None,
        files,
    })
}
