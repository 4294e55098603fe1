//! From a data file to PDF bytes: load, check, build the view, compile and
//! export. The CLI, watch mode and batch runs all go through here.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use typst_layout::PagedDocument;

use crate::deadline::{self, Stopped};
use crate::diagnostics::{Diagnostic, Error};
use crate::fit::{self, Fitted, Outcome, Overflow};
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::model::{self, DataPath, Loaded, Moment};
use crate::photo;
use crate::render::{self, Artifact, ExportOptions, Format, Renderer};
use crate::view::{self, Attachment, View, ViewOptions};
use crate::world::WorldFile;
use typst::foundations::Bytes;

/// Everything that decides a render besides the data.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The layout.
    pub layout: Layout,
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
    /// `--timeout`: how long a compile (with its fitting) may take; `None`
    /// for no limit.
    pub timeout: Option<Duration>,
}

impl Settings {
    /// `layout` with every option at its default, as `cvpdf --layout` gives.
    pub fn new(layout: Layout) -> Self {
        Self {
            layout,
            view: ViewOptions::default(),
            source_date_epoch: None,
            strict: false,
            max_pages: None,
            embed_source: false,
            timeout: Some(deadline::DEFAULT_TIMEOUT),
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
    /// Characters no font can draw (also among the warnings).
    pub missing_glyphs: Vec<Diagnostic>,
    /// How long each step took, for `--verbose`.
    pub timings: Timings,
    /// How long exporting may take: the render's `--timeout`.
    pub timeout: Option<Duration>,
}

/// How long each step of a run took.
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<(String, Duration)>);

impl Timings {
    /// Adds a step.
    pub fn add(&mut self, step: impl Into<String>, took: Duration) {
        self.0.push((step.into(), took));
    }

    /// Runs `f` and adds its time as `step`.
    pub fn time<T>(&mut self, step: &str, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = f();
        self.add(step, started.elapsed());
        result
    }
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let steps: Vec<String> = self
            .0
            .iter()
            .map(|(step, took)| format!("{step} {:.1} ms", took.as_secs_f64() * 1000.0))
            .collect();
        f.write_str(&steps.join(" · "))
    }
}

impl Rendered {
    /// The number of pages.
    pub fn pages(&self) -> usize {
        self.document.pages().len()
    }

    /// The files of the CV in a format, exported on a thread of its own
    /// within the deadline, as compiling is (an SVG photo's filters, say,
    /// are drawn as pixels). PDF/A refuses characters without a glyph; the
    /// error then names each one where the data writes it.
    pub fn export(&self, format: Format, options: &ExportOptions) -> Result<Vec<Artifact>, Error> {
        let (document, view, date) = (self.document.clone(), self.view.clone(), self.date);
        let owned = options.clone();
        let exported = deadline::run(self.timeout, WORK_STACK, move || {
            render::export(&document, &view, format, date, &owned)
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
            Stopped::NoThread(e) => {
                Error::invalid(Diagnostic::error(format!("cannot start an export: {e}")))
            }
        })?;
        exported.map_err(|error| {
            if self.missing_glyphs.is_empty() {
                return error;
            }
            let mut diagnostics: Vec<Diagnostic> = self
                .missing_glyphs
                .iter()
                .map(|w| {
                    Diagnostic { severity: crate::diagnostics::Severity::Error, ..w.clone() }
                        .with_hint("or render with --pdf-standard none to print an empty box")
                })
                .collect();
            if let Error::Invalid(export) = error {
                diagnostics.extend(export.into_iter().take(1));
            }
            Error::Invalid(diagnostics)
        })
    }
}

/// Reads and checks a data file. Messages name it as `path` is written.
pub fn load_data(path: &Path) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::invalid(missing_data(path)),
        _ => Error::io("read", path, e),
    })?;
    model::load(&path.display().to_string(), &bytes)
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

/// Checks a loaded CV as a render would, without compiling: the photo,
/// translations, links and glyphs. Returns the warnings.
pub fn check(
    fonts: &Fonts,
    loaded: &Loaded,
    data_path: &Path,
    settings: &Settings,
) -> Result<Vec<Diagnostic>, Error> {
    let mut warnings = loaded.warnings.clone();
    let mut options = settings.view.clone();
    options.photo = photo::resolve(loaded, data_path, &mut warnings)?.map(|photo| photo.vpath);
    warnings.extend(view::build(loaded, &options).1);
    warnings.extend(missing_glyphs(fonts, loaded));
    Ok(warnings)
}

/// A warning for each character of the data that no font can draw, once
/// per character and field: it would print as an empty box.
pub fn missing_glyphs(fonts: &Fonts, loaded: &Loaded) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (path, offset, value) in loaded.map.scalars().iter().filter(|(p, ..)| !p.is_private()) {
        let mut seen = Vec::new();
        for c in value.chars() {
            if c.is_whitespace() || c.is_control() || is_invisible(c) || seen.contains(&c) {
                continue;
            }
            seen.push(c);
            if fonts.covers(c) {
                continue;
            }
            let location = loaded.map.char_location(*offset, c);
            warnings.push(
                Diagnostic::warning(format!(
                    "U+{:04X} in {path} ({}) has no glyph",
                    c as u32,
                    location.display()
                ))
                .at_location(Some(location))
                .with_label(format!("no embedded font can draw `{c}`"))
                .with_hint(
                    "add a font that has it with --font-path DIR (--strict makes this an error)",
                ),
            );
        }
    }
    warnings
}

/// Format characters that print nothing: joiners, variation selectors.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{AD}')
}

/// Renders a loaded CV once.
pub fn render(
    fonts: &Arc<Fonts>,
    loaded: &Loaded,
    data_path: &Path,
    settings: &Settings,
) -> Result<Rendered, Error> {
    Session::new(fonts.clone(), settings.clone()).render(loaded, data_path)
}

/// Renders CVs with one layout, keeping Typst's world alive from one render
/// to the next, as watch mode does.
pub struct Session {
    fonts: Arc<Fonts>,
    settings: Settings,
    renderer: Option<Renderer>,
}

/// The stack of a compile's or an export's thread: 32 MiB, four times a
/// main thread's.
const WORK_STACK: usize = 32 << 20;

impl Session {
    /// A session with shared fonts.
    pub fn new(fonts: Arc<Fonts>, settings: Settings) -> Self {
        Self { fonts, settings, renderer: None }
    }

    /// Renders a loaded CV, reusing what the last render compiled.
    pub fn render(&mut self, loaded: &Loaded, data_path: &Path) -> Result<Rendered, Error> {
        let settings = &self.settings;
        let mut warnings = loaded.warnings.clone();
        let mut options = settings.view.clone();
        let mut extra = Vec::new();
        if let Some(photo) = photo::resolve(loaded, data_path, &mut warnings)? {
            // The bytes that were checked, not the file again.
            options.photo = Some(photo.vpath.clone());
            extra.push((photo.vpath, WorldFile::Memory(photo.bytes)));
        }
        if settings.embed_source {
            let name = data_path.file_name().map_or("cv.yaml".into(), |n| n.to_string_lossy());
            let path = format!("/source/{name}");
            let mime =
                if name.ends_with(".json") { "application/json" } else { "application/yaml" };
            options.attachment = Some(Attachment { path: path.clone(), mime });
            extra.push((path, WorldFile::Memory(Bytes::new(loaded.bytes.clone()))));
        }
        let mut timings = Timings::default();
        let (view, view_warnings) = timings.time("view", || view::build(loaded, &options));
        warnings.extend(view_warnings);
        let missing_glyphs = timings.time("glyphs", || missing_glyphs(&self.fonts, loaded));
        warnings.extend(missing_glyphs.iter().cloned());
        if settings.strict && !warnings.is_empty() {
            return Err(Error::Invalid(
                warnings
                    .into_iter()
                    .map(|w| Diagnostic { severity: crate::diagnostics::Severity::Error, ..w })
                    .collect(),
            ));
        }

        let date = render::document_date(
            settings.source_date_epoch,
            loaded.cv.meta.last_modified.as_deref(),
        );
        let (view, outcome, compiles) = self.compile(view, extra, date)?;
        timings.add(format!("{} compiles", compiles.0), compiles.1);
        let mut rendered = render_view(loaded, view, outcome, date, warnings)?;
        rendered.missing_glyphs = missing_glyphs;
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
    ) -> Result<(View, Outcome, (usize, Duration)), Error> {
        let settings = &self.settings;
        let mut renderer = match self.renderer.take() {
            Some(mut renderer) => {
                renderer.world_mut().refresh(extra, date);
                renderer
            }
            None => Renderer::new(self.fonts.clone(), &settings.layout, &view, extra, date),
        };
        let max_pages = settings.max_pages.or(settings.layout.max_pages());
        let before = renderer.compiles();
        let (renderer, view, outcome) = deadline::run(settings.timeout, WORK_STACK, move || {
            let outcome = compile_fitted(&mut renderer, &view, max_pages);
            (renderer, view, outcome)
        })
        .map_err(|stopped| did_not_finish(&stopped, &settings.layout))?;
        let after = renderer.compiles();
        self.renderer = Some(renderer);
        Ok((view, outcome?, (after.0 - before.0, after.1 - before.1)))
    }
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

/// The error for a compile that did not finish in time (or could not start).
fn did_not_finish(stopped: &Stopped, layout: &Layout) -> Error {
    let limit = match stopped {
        Stopped::Expired(limit) => *limit,
        Stopped::NoThread(e) => {
            return Error::invalid(Diagnostic::error(format!("cannot start a compile: {e}")));
        }
    };
    let (what, cause) = match layout {
        Layout::Custom { path, .. } => (
            format!("the layout {}", path.display()),
            "Typst has no time limit: look in the layout for a loop or a recursion that never ends",
        ),
        Layout::Builtin(builtin) => (
            format!("the {} layout", builtin.name),
            "a built-in layout takes well under a second for a real CV: please report it with the data that shows it",
        ),
    };
    Error::invalid(
        Diagnostic::error(format!("{what} did not finish in {}", deadline::seconds(limit)))
            .with_hint(cause)
            .with_hint(WAIT_LONGER),
    )
}

/// Turns what compiling gave into a rendered CV, or the error of a CV that
/// cannot fit.
fn render_view(
    loaded: &Loaded,
    view: View,
    outcome: Outcome,
    date: Moment,
    mut warnings: Vec<Diagnostic>,
) -> Result<Rendered, Error> {
    let (compiled, compiled_view, fitted) = match outcome {
        Outcome::Fitted(fitted) => (fitted.compiled, fitted.view, fitted.steps),
        Outcome::Overflow(overflow) => {
            return Err(Error::invalid(overflow_error(loaded, &view, &overflow)));
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
        missing_glyphs: Vec::new(),
        timings: Timings::default(),
        timeout: None,
    })
}

/// The error for a CV that cannot fit: how much too long it is, its longest
/// parts, and where the longest one is written.
fn overflow_error(loaded: &Loaded, view: &View, overflow: &Overflow) -> Diagnostic {
    let limit = match overflow.max_pages {
        1 => "1 page".to_owned(),
        n => format!("{n} pages"),
    };
    let mut diagnostic = Diagnostic::error(format!(
        "the CV does not fit on {limit}: even with every fitting step it needs {:.1} pages, {:.1} too many",
        overflow.needed,
        overflow.needed - overflow.max_pages as f64
    ));
    let longest: Vec<String> = overflow
        .parts
        .iter()
        .take(3)
        .map(|(_, title, pages)| format!("{title} ({pages:.1} pages)"))
        .collect();
    if !longest.is_empty() {
        diagnostic = diagnostic.with_hint(format!("the longest parts: {}", longest.join(", ")));
    }
    if let Some((id, _, _)) = overflow.parts.first() {
        diagnostic = diagnostic
            .at_location(loaded.map.locate(&part_path(loaded, view, id)))
            .with_label("the longest part starts here");
    }
    diagnostic.with_hint(
        "shorten it, give entries a `short` summary, or list sections in `meta.optionalSections`",
    )
}

/// Where in the data a part of the rendered CV comes from.
fn part_path(loaded: &Loaded, view: &View, id: &str) -> DataPath {
    let root = DataPath::default();
    if id == "header" {
        return root.key("basics").key("summary");
    }
    let free = view.sections.iter().any(|s| s.id == id && s.kind == "text");
    if !free {
        return root.key(id);
    }
    let cv = &loaded.cv;
    match cv.sections.iter().position(|s| s.id(&view.lang, cv.lang()) == id) {
        Some(index) => root.key("sections").index(index),
        None => root.key("sections"),
    }
}
