//! Compiling a view with a layout, exporting the PDF, and writing it safely.

use std::collections::HashMap;
use std::io::Write;
use std::num::NonZeroUsize;
use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::PageRanges;
use typst::syntax::FileId;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diagnostics::{Diagnostic, Error, SourceText};
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::model::Moment;
use crate::view::View;
use crate::world::{CvWorld, WorldFile};

/// The PDF date when neither `SOURCE_DATE_EPOCH` nor `meta.lastModified`
/// gives one: 1980-01-01, the epoch reproducible builds use for ZIP files.
pub const FALLBACK_DATE: i64 = 315_532_800;

/// The date a document carries: `SOURCE_DATE_EPOCH` when set, else
/// `meta.lastModified`, else [`FALLBACK_DATE`]. Never the clock.
pub fn document_date(source_date_epoch: Option<i64>, last_modified: Option<&str>) -> Moment {
    let from_data = last_modified.and_then(|m| Moment::parse(m).ok());
    source_date_epoch
        .and_then(Moment::from_unix_seconds)
        .or(from_data)
        .or_else(|| Moment::from_unix_seconds(FALLBACK_DATE))
        .unwrap_or(Moment { year: 1980, month: 1, day: 1, time: (0, 0, 0) })
}

/// The latest `SOURCE_DATE_EPOCH` a PDF date can hold, whose year has four
/// digits: 9999-12-31T23:59:59Z.
pub const MAX_SOURCE_DATE_EPOCH: i64 = 253_402_300_799;

/// Reads `SOURCE_DATE_EPOCH` as the reproducible-builds specification
/// writes it: the decimal seconds since 1970-01-01 UTC that `date +%s`
/// prints, within what a PDF date holds. Empty is unset.
///
/// # Errors
///
/// Anything else, with a message that says what is accepted: a release
/// pipeline that sets it wrong would otherwise get PDFs dated from the data
/// without a word.
pub fn source_date_epoch(text: &str) -> Result<Option<i64>, String> {
    let digits = text.trim();
    if digits.is_empty() {
        return Ok(None);
    }
    digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| digits.parse::<i64>().ok())
        .flatten()
        .filter(|seconds| *seconds <= MAX_SOURCE_DATE_EPOCH)
        .map(Some)
        .ok_or_else(|| {
            format!(
                "SOURCE_DATE_EPOCH is `{text}`: it must be a whole number of seconds since \
                 1970-01-01 UTC, from 0 to {MAX_SOURCE_DATE_EPOCH} (9999-12-31), as \
                 `git log -1 --format=%ct` prints it"
            )
        })
}

/// A compiled document and what Typst had to say about it.
pub struct Compiled {
    /// The laid-out pages.
    pub document: PagedDocument,
    /// Typst's warnings, located.
    pub warnings: Vec<Diagnostic>,
}

/// Compiles one layout for one CV, keeping the Typst world alive between
/// compiles so that repeated compiles (fitting, watch mode) are cheap.
pub struct Renderer {
    world: CvWorld,
    /// How many compiles ran, and how long they took in all.
    compiles: (usize, Duration),
}

impl Renderer {
    /// A renderer for `layout` with the fonts shared by every render.
    pub fn new(
        fonts: Arc<Fonts>,
        layout: &Layout,
        view: &View,
        extra: Vec<(String, WorldFile)>,
        date: Moment,
    ) -> Self {
        Self {
            world: CvWorld::new(fonts, layout, view_json(view), extra, date),
            compiles: (0, Duration::ZERO),
        }
    }

    /// Compiles `view`. Errors point at the layout's own files.
    pub fn compile(&mut self, view: &View) -> Result<Compiled, Error> {
        let started = Instant::now();
        self.world.set_data(view_json(view));
        let result = typst::compile::<PagedDocument>(&self.world);
        self.compiles.0 += 1;
        self.compiles.1 += started.elapsed();
        let warnings = self.convert(&result.warnings);
        match result.output {
            Ok(document) => Ok(Compiled { document, warnings }),
            Err(errors) => {
                let mut diagnostics = self.convert(&errors);
                diagnostics.extend(warnings);
                Err(Error::Invalid(diagnostics))
            }
        }
    }

    /// How many compiles this renderer ran, and their total time.
    pub fn compiles(&self) -> (usize, Duration) {
        self.compiles
    }

    /// The world, for watch mode to refresh files read from disk.
    pub fn world_mut(&mut self) -> &mut CvWorld {
        &mut self.world
    }

    /// Turns Typst's diagnostics into ours, with excerpts of the files.
    fn convert(&self, diagnostics: &[SourceDiagnostic]) -> Vec<Diagnostic> {
        let world = &self.world;
        let mut sources: HashMap<FileId, Arc<SourceText>> = HashMap::new();
        let mut locate = |span: typst::syntax::DiagSpan| {
            let id = span.id()?;
            let range = world.range(span)?;
            let source = sources
                .entry(id)
                .or_insert_with(|| {
                    let text = match typst::World::source(world, id) {
                        Ok(source) => source.text().to_owned(),
                        Err(_) => typst::World::file(world, id)
                            .map(|b| String::from_utf8_lossy(b.as_slice()).into_owned())
                            .unwrap_or_default(),
                    };
                    SourceText::new(world.name(id), text)
                })
                .clone();
            Some(crate::diagnostics::Location { source, range })
        };
        diagnostics
            .iter()
            .map(|d| {
                let mut diagnostic = match d.severity {
                    TypstSeverity::Error => Diagnostic::error(d.message.as_str()),
                    TypstSeverity::Warning => Diagnostic::warning(d.message.as_str()),
                }
                .at_location(locate(d.span));
                for hint in &d.hints {
                    diagnostic = match locate(hint.span) {
                        Some(at) => {
                            diagnostic.with_note(format!("{} (at {})", hint.v, at.display()))
                        }
                        None => diagnostic.with_hint(hint.v.as_str()),
                    };
                }
                for point in &d.trace {
                    let at = locate(point.span.into()).map(|l| format!(" at {}", l.display()));
                    diagnostic =
                        diagnostic.with_note(format!("{}{}", point.v, at.unwrap_or_default()));
                }
                let user_file = d.span.id().is_some_and(|id| world.is_user_file(id));
                diagnostic.with_hint(layout_hint(&d.message, user_file))
            })
            .collect()
    }
}

/// What to do about a Typst error, from what it says and whose file it is in.
fn layout_hint(message: &str, user_file: bool) -> &'static str {
    if !user_file {
        return "this is an error in a built-in layout, not in your data: please report it with the data that shows it";
    }
    if message.contains("package") {
        "cvpdf works offline and has no packages; `cvpdf eject` writes a project for stock typst, which has them"
    } else if message.contains("file not found") || message.contains("access denied") {
        "a layout can read only the files in its own directory (paths start there, even with a leading /)"
    } else {
        "fix the layout at this line; `cvpdf eject` shows the helpers of common.typ and the data in cv.json"
    }
}

/// The view as the JSON file layouts read.
pub fn view_json(view: &View) -> Bytes {
    Bytes::new(serde_json::to_vec(view).unwrap_or_default())
}

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// One PDF file.
    #[default]
    Pdf,
    /// One PNG image per page.
    Png,
    /// One SVG image per page.
    Svg,
    /// The CV as plain text, for pasting into job portals.
    Txt,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Svg => "svg",
            Self::Txt => "txt",
        }
    }

    /// Whether the format gives one file per page.
    pub fn per_page(self) -> bool {
        matches!(self, Self::Png | Self::Svg)
    }
}

/// The PDF standards every PDF conforms to unless `--pdf-standard` says
/// otherwise: archival (PDF/A-2, level a: tagged and Unicode) and accessible
/// (PDF/UA-1).
pub const DEFAULT_STANDARDS: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::Ua_1];

/// Parses a `--pdf-standard` list such as `a-2b,ua-1`, or `none`.
pub fn parse_standards(list: &str) -> Result<Vec<PdfStandard>, String> {
    if list.trim() == "none" {
        return Ok(Vec::new());
    }
    list.split(',')
        .map(|name| {
            let name = name.trim().to_ascii_lowercase();
            serde_json::from_value(serde_json::Value::String(name.clone())).map_err(|_| {
                format!("unknown PDF standard `{name}`: use a-2a, a-2b, a-2u, a-3a, a-3b, a-3u, a-4, ua-1, 1.7, 2.0… or none")
            })
        })
        .collect()
}

/// The standards to use when the source is attached: PDF/A-2 forbids
/// attachments, PDF/A-3 (same level) allows them.
pub fn with_attachments(standards: &[PdfStandard]) -> Vec<PdfStandard> {
    standards
        .iter()
        .map(|s| match s {
            PdfStandard::A_2a => PdfStandard::A_3a,
            PdfStandard::A_2b => PdfStandard::A_3b,
            PdfStandard::A_2u => PdfStandard::A_3u,
            other => *other,
        })
        .collect()
}

/// Checks that standards can go together, as typst-pdf does.
pub fn check_standards(standards: &[PdfStandard]) -> Result<PdfStandards, String> {
    PdfStandards::new(standards).map_err(|e| {
        let hints: Vec<String> = e.hints().iter().map(|h| h.to_string()).collect();
        if hints.is_empty() {
            e.message().to_string()
        } else {
            format!("{} ({})", e.message(), hints.join("; "))
        }
    })
}

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// PDF standards to conform to.
    pub standards: PdfStandards,
    /// The pages to export, from 1; all when `None`.
    pub pages: Option<RangeInclusive<usize>>,
    /// Pixels per inch of PNG images.
    pub ppi: f32,
}

impl Default for ExportOptions {
    fn default() -> Self {
        let standards = PdfStandards::new(&DEFAULT_STANDARDS).unwrap_or_default();
        Self { standards, pages: None, ppi: 144.0 }
    }
}

/// One file of an export: the whole document, or one page of it.
#[derive(Debug)]
pub struct Artifact {
    /// The page, from 1, for per-page formats.
    pub page: Option<usize>,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Exports a compiled document (or, for text, its view) in a format.
pub fn export(
    document: &PagedDocument,
    view: &View,
    format: Format,
    date: Moment,
    options: &ExportOptions,
) -> Result<Vec<Artifact>, Error> {
    let wanted = |page: usize| options.pages.as_ref().is_none_or(|range| range.contains(&page));
    let pages = document
        .pages()
        .iter()
        .enumerate()
        .map(|(i, page)| (i + 1, page))
        .filter(|(n, _)| wanted(*n));
    Ok(match format {
        Format::Pdf => {
            vec![Artifact { page: None, bytes: export_pdf(document, view, date, options)? }]
        }
        Format::Png => pages
            .map(|(n, page)| {
                let pixmap = typst_render::render(
                    page,
                    &typst_render::RenderOptions {
                        pixel_per_pt: (f64::from(options.ppi) / 72.0).into(),
                        render_bleed: false,
                    },
                );
                let bytes = pixmap.encode_png().map_err(|e| {
                    Error::invalid(Diagnostic::error(format!("PNG encoding failed: {e}")))
                })?;
                Ok(Artifact { page: Some(n), bytes })
            })
            .collect::<Result<_, Error>>()?,
        Format::Svg => pages
            .map(|(n, page)| Artifact {
                page: Some(n),
                bytes: typst_svg::svg(page, &typst_svg::SvgOptions::default()).into_bytes(),
            })
            .collect(),
        Format::Txt => {
            vec![Artifact { page: None, bytes: crate::plaintext::render(view).into_bytes() }]
        }
    })
}

/// Exports a compiled document to PDF bytes.
fn export_pdf(
    document: &PagedDocument,
    view: &View,
    date: Moment,
    options: &ExportOptions,
) -> Result<Vec<u8>, Error> {
    let datetime = Datetime::from_ymd_hms(
        i32::from(date.year),
        date.month,
        date.day,
        date.time.0,
        date.time.1,
        date.time.2,
    );
    let page_ranges = options.pages.as_ref().map(|range| {
        PageRanges::new(vec![NonZeroUsize::new(*range.start())..=NonZeroUsize::new(*range.end())])
    });
    let pdf_options = PdfOptions {
        ident: Smart::Custom(view.document.title.clone()),
        creator: Smart::Custom(Some(format!("cvpdf {}", env!("CARGO_PKG_VERSION")))),
        timestamp: datetime.map(Timestamp::new_utc),
        standards: options.standards.clone(),
        page_ranges,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &pdf_options).map_err(|errors| {
        Error::Invalid(
            errors
                .iter()
                .map(|e| {
                    let mut d = Diagnostic::error(format!("PDF export failed: {}", e.message));
                    for hint in &e.hints {
                        d = d.with_hint(hint.v.as_str());
                    }
                    d
                })
                .collect(),
        )
    })
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// renamed into place: a failed run leaves an earlier file intact. `-`
/// writes to standard output.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if path == Path::new("-") {
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|e| Error::io("write", "standard output", e));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
    let mut file = tempfile::Builder::new()
        .prefix(".cvpdf-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a temporary file in", dir, e))?;
    // No fsync: the rename is what keeps a failed run from touching the
    // earlier file, and a sync per file would cost more than a render.
    file.write_all(bytes).map_err(|e| Error::io("write", file.path().to_owned(), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Temporary files are private; an output file is an ordinary one.
        let _ = file.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    file.persist(path).map_err(|e| Error::io("write", path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefers_source_date_epoch_then_data() {
        let m = document_date(Some(1_700_000_000), Some("2020-01-02"));
        assert_eq!((m.year, m.month, m.day), (2023, 11, 14));
        let m = document_date(None, Some("2020-01-02"));
        assert_eq!((m.year, m.month, m.day), (2020, 1, 2));
        let m = document_date(None, None);
        assert_eq!((m.year, m.month, m.day), (1980, 1, 1));
    }

    #[test]
    fn source_date_epoch_is_whole_seconds_from_1970_to_9999() {
        assert_eq!(source_date_epoch("1700000000\n").ok(), Some(Some(1_700_000_000)));
        assert_eq!(source_date_epoch(" ").ok(), Some(None));
        assert_eq!(source_date_epoch("0").ok(), Some(Some(0)));
        assert!(source_date_epoch("253402300799").is_ok());
        for bad in ["253402300800", "-1", "+5", "1.5", "1e9", "99999999999999999999", "now"] {
            assert!(source_date_epoch(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cv.pdf");
        write_output(&path, b"first").unwrap();
        write_output(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
