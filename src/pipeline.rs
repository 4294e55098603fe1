//! From a data file to PDF bytes: load, check, build the view, compile and
//! export. The CLI, watch mode and batch runs all go through here.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use typst_layout::PagedDocument;

use crate::diagnostics::{Diagnostic, Error};
use crate::fit::{self, Outcome, Overflow};
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::model::{self, DataPath, Loaded, Moment};
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

    /// The files of the CV in a format. PDF/A refuses characters without
    /// a glyph; the error then names each one where the data writes it.
    pub fn export(&self, format: Format, options: &ExportOptions) -> Result<Vec<Artifact>, Error> {
        render::export(&self.document, &self.view, format, self.date, options).map_err(|error| {
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
    options.photo = resolve_photo(loaded, data_path, &mut warnings)?.map(|(vpath, _)| vpath);
    warnings.extend(view::build(loaded, &options).1);
    warnings.extend(missing_glyphs(fonts, loaded));
    Ok(warnings)
}

/// A warning for each character of the data that no font can draw, once
/// per character and field: it would print as an empty box.
pub fn missing_glyphs(fonts: &Fonts, loaded: &Loaded) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (path, offset, value) in loaded.map.scalars().iter().filter(|(p, ..)| !p.is_private()) {
        let mut seen = std::collections::BTreeSet::new();
        for c in value.chars() {
            if c.is_whitespace() || c.is_control() || is_invisible(c) || !seen.insert(c) {
                continue;
            }
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

/// Characters that print nothing and need no glyph: Unicode's
/// `Default_Ignorable_Code_Point` (DerivedCoreProperties.txt), which text
/// shapers hide when a font lacks them. It holds the format controls
/// (bidi embeddings, overrides and isolates, U+061C, U+180E, zero-width
/// spaces and joiners, word joiners, the tag block), the variation selectors
/// (U+FE00–FE0F, U+E0100–E01EF), the soft hyphen and the combining grapheme
/// joiner.
fn is_invisible(c: char) -> bool {
    use icu_properties::{CodePointSetData, props::DefaultIgnorableCodePoint};
    CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// The name the data file is attached under: its file name, with each
/// character that a path in Typst's world (a backslash), a file system
/// (`/:*?"<>|`) or a reader (control characters, and invisible ones such
/// as a right-to-left override that shows `cv\u{202e}fdp.yaml` as
/// `cvlmay.pdf`) would choke on or be fooled by made `_`. The PDF names the
/// attachment by it, and PDF readers save it under it.
fn attachment_name(data_path: &Path) -> String {
    let name = data_path.file_name().map_or("cv.yaml".into(), |n| n.to_string_lossy());
    let odd = |c: char| c.is_control() || is_invisible(c) || "\\/:*?\"<>|\u{FFFD}".contains(c);
    let safe: String = name.chars().map(|c| if odd(c) { '_' } else { c }).collect();
    if safe.trim_matches(['.', ' ']).is_empty() { "cv.yaml".into() } else { safe }
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
        if let Some((vpath, path)) = resolve_photo(loaded, data_path, &mut warnings)? {
            options.photo = Some(vpath.clone());
            extra.push((vpath, WorldFile::Disk(path)));
        }
        if settings.embed_source {
            let name = attachment_name(data_path);
            let path = format!("/source/{name}");
            let json = Path::new(&name).extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let mime = if json { "application/json" } else { "application/yaml" };
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
        let renderer = match &mut self.renderer {
            Some(renderer) => {
                renderer.world_mut().refresh(extra, date);
                renderer
            }
            slot => {
                slot.insert(Renderer::new(self.fonts.clone(), &settings.layout, &view, extra, date))
            }
        };
        let before = renderer.compiles();
        let mut rendered = render_view(renderer, loaded, view, date, warnings, settings)?;
        let after = renderer.compiles();
        timings.add(format!("{} compiles", after.0 - before.0), after.1 - before.1);
        rendered.missing_glyphs = missing_glyphs;
        rendered.timings = timings;
        Ok(rendered)
    }
}

/// Compiles a view, fitting it when there is a page limit.
fn render_view(
    renderer: &mut Renderer,
    loaded: &Loaded,
    view: View,
    date: Moment,
    mut warnings: Vec<Diagnostic>,
    settings: &Settings,
) -> Result<Rendered, Error> {
    let (compiled, compiled_view, fitted) = match settings.max_pages.or(settings.layout.max_pages())
    {
        None => (renderer.compile(&view)?, view.clone(), Vec::new()),
        Some(max_pages) => match fit::fit(renderer, &view, max_pages)? {
            Outcome::Fitted(fitted) => (fitted.compiled, fitted.view, fitted.steps),
            Outcome::Overflow(overflow) => {
                return Err(Error::invalid(overflow_error(loaded, &view, &overflow)));
            }
        },
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

/// Finds the photo `basics.image` names, refusing anything outside the data
/// file's directory. Returns its path in the layout's world and on disk.
fn resolve_photo(
    loaded: &Loaded,
    data_path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<(String, PathBuf)>, Error> {
    let Some(image) = loaded.cv.basics.image.as_deref().map(str::trim).filter(|i| !i.is_empty())
    else {
        return Ok(None);
    };
    let at = loaded.map.locate(&DataPath::default().key("basics").key("image"));
    let fail = |message: String, hint: &str| {
        Error::invalid(Diagnostic::error(message).at_location(at.clone()).with_hint(hint))
    };
    if image.starts_with("http://") || image.starts_with("https://") {
        warnings.push(
            Diagnostic::warning(
                "`basics.image` is a web address; cvpdf works offline and leaves the photo out",
            )
            .at_location(at.clone())
            .with_hint("download the photo next to the data file and name it here"),
        );
        return Ok(None);
    }
    let dir = data_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = dir.canonicalize().map_err(|e| Error::io("read", dir, e))?;
    let outside = || {
        fail(
            format!("`basics.image`: `{image}` is outside the data file's directory"),
            "put the photo next to the data file, or in a folder under it",
        )
    };
    // An absolute path or `..` leaves the directory whether or not it exists;
    // a symbolic link may too, which the canonical path below tells.
    let escapes = Path::new(image)
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_)));
    if escapes {
        return Err(outside());
    }
    let real = dir.join(image).canonicalize().map_err(|_| {
        fail(
            format!("`basics.image`: the photo `{image}` does not exist"),
            "the path is relative to the data file's directory",
        )
    })?;
    if !real.starts_with(&dir) {
        return Err(outside());
    }
    if real.is_dir() {
        return Err(fail(
            format!("`basics.image`: `{image}` is a directory, not a photo"),
            "name the image file itself, such as photos/me.jpg",
        ));
    }
    let bytes = std::fs::read(&real).map_err(|e| {
        fail(format!("`basics.image`: cannot read `{image}`: {e}"), "check the file's permissions")
    })?;
    let Some(extension) = image_format(&bytes) else {
        return Err(fail(
            format!("`basics.image`: `{image}` is not a PNG, JPEG, GIF, WebP or SVG image"),
            "convert the photo to PNG or JPEG",
        ));
    };
    Ok(Some((format!("/photo.{extension}"), real)))
}

/// The image format from a file's first bytes.
fn image_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("jpg")
    } else if bytes.starts_with(b"GIF8") {
        Some("gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else if std::str::from_utf8(&bytes[..bytes.len().min(1024)]).is_ok_and(|t| t.contains("<svg"))
    {
        Some("svg")
    } else {
        None
    }
}
