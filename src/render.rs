//! Compiling a view with a layout, exporting the PDF, and writing it safely.

mod convert;
mod standards;

use std::num::NonZeroUsize;
use std::ops::RangeInclusive;
use std::sync::Arc;
use std::time::{Duration, Instant};

use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::PageRanges;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards, Timestamp};

use crate::diagnostics::{Diagnostic, Error};
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::model::Moment;
use crate::view::View;
use crate::world::{CvWorld, WorldFile, WorldFiles};
use convert::convert;
pub use standards::{
    DEFAULT_STANDARDS, Demands, check_standards, parse_standards, untagged, with_attachments,
};

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
    /// Whether the layout is the user's, whose own text and fonts the view
    /// cannot vouch for: it is always given `compose_glyphs`.
    custom: bool,
    /// How many compiles ran, and how long they took in all.
    compiles: (usize, Duration),
}

impl Renderer {
    /// A renderer for `layout` with the fonts shared by every render.
    ///
    /// # Errors
    /// As [`view_json`] and [`crate::world::file_id`].
    pub fn new(
        fonts: Arc<Fonts>,
        layout: &Layout,
        view: &View,
        extra: Vec<(String, WorldFile)>,
        date: Moment,
    ) -> Result<Self, Error> {
        let custom = matches!(layout, Layout::Custom { .. });
        Ok(Self {
            world: CvWorld::new(fonts, layout, layout_data(view, custom)?, extra, date)?,
            custom,
            compiles: (0, Duration::ZERO),
        })
    }

    /// Compiles `view`. Errors point at the layout's own files.
    pub fn compile(&mut self, view: &View) -> Result<Compiled, Error> {
        let started = Instant::now();
        self.world.set_data(layout_data(view, self.custom)?);
        let result = typst::compile::<PagedDocument>(&self.world);
        self.compiles.0 += 1;
        self.compiles.1 += started.elapsed();
        let warnings = convert(self.world.files(), &result.warnings, "");
        match result.output {
            Ok(document) => Ok(Compiled { document, warnings }),
            Err(errors) => {
                let mut diagnostics = convert(self.world.files(), &errors, "");
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

    /// The files the last compile read, to locate what an export says.
    pub fn files(&self) -> WorldFiles {
        self.world.files().clone()
    }
}

/// `/cv.json` for a layout: a custom layout may print text of its own or
/// use fonts of its own, which the view's characters say nothing of, so it
/// always gets glyph composition.
fn layout_data(view: &View, custom: bool) -> Result<Bytes, Error> {
    if custom && !view.compose_glyphs {
        return view_json(&View { compose_glyphs: true, ..view.clone() });
    }
    view_json(view)
}

/// The view as the JSON file layouts read, `/cv.json`.
///
/// # Errors
/// [`Error::Invalid`] if the view cannot be written as JSON, rather than
/// an empty `/cv.json` that a layout would print as an empty CV.
pub fn view_json(view: &View) -> Result<Bytes, Error> {
    serde_json::to_vec(view).map(Bytes::new).map_err(|e| {
        Error::invalid(Diagnostic::error(format!("the CV cannot be given to the layout: {e}")))
    })
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

    /// Whether the format shows laid-out pages (PDF, PNG, SVG), which takes
    /// a compile, rather than the view alone ([`from_view`]: plain text).
    pub fn is_paged(self) -> bool {
        !matches!(self, Self::Txt)
    }
}

/// An output made from the view alone, compiling nothing: plain text.
/// `None` for a [paged](Format::is_paged) format.
pub fn from_view(format: Format, view: &View) -> Option<Artifact> {
    match format {
        Format::Txt => {
            Some(Artifact { page: None, bytes: crate::plaintext::render(view).into_bytes() })
        }
        Format::Pdf | Format::Png | Format::Svg => None,
    }
}

/// `3` or `2-4`, as `--pages` takes it.
fn pages_text(range: &RangeInclusive<usize>) -> String {
    if range.start() == range.end() {
        range.start().to_string()
    } else {
        format!("{}-{}", range.start(), range.end())
    }
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

/// Exports a compiled document (or, for text, its view: see [`from_view`])
/// in a format. Its
/// errors are located in `files`, those the compile read.
pub fn export(
    document: &PagedDocument,
    view: &View,
    files: &WorldFiles,
    format: Format,
    date: Moment,
    options: &ExportOptions,
) -> Result<Vec<Artifact>, Error> {
    let count = document.pages().len();
    if let Some(range) =
        options.pages.as_ref().filter(|r| *r.end() > count && format != Format::Txt)
    {
        let plural = if count == 1 { "" } else { "s" };
        return Err(Error::invalid(
            Diagnostic::error(format!(
                "--pages {}: the CV has {count} page{plural}, so there is no page {}",
                pages_text(range),
                range.end()
            ))
            .with_hint(format!("ask for pages within 1-{count}")),
        ));
    }
    let wanted = |page: usize| options.pages.as_ref().is_none_or(|range| range.contains(&page));
    let pages = document
        .pages()
        .iter()
        .enumerate()
        .map(|(i, page)| (i + 1, page))
        .filter(|(n, _)| wanted(*n));
    Ok(match format {
        Format::Pdf => {
            vec![Artifact { page: None, bytes: export_pdf(document, view, files, date, options)? }]
        }
        Format::Png => {
            let pages: Vec<_> = pages.collect();
            // Every page is measured before any is drawn.
            for (n, page) in &pages {
                check_pixels(*n, page, options.ppi)?;
            }
            pages
                .into_iter()
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
                .collect::<Result<_, Error>>()?
        }
        Format::Svg => pages
            .map(|(n, page)| Artifact {
                page: Some(n),
                bytes: typst_svg::svg(page, &typst_svg::SvgOptions::default()).into_bytes(),
            })
            .collect(),
        Format::Txt => from_view(format, view).into_iter().collect(),
    })
}

/// The most pixels a PNG page may have: 100 megapixels, 400 MB as RGBA
/// while it is drawn and as much again while it is encoded. A4 and US Letter
/// fit up to 1017 and 1034 ppi.
pub const MAX_PAGE_PIXELS: f64 = 100e6;

/// Refuses a resolution at which page `n` would have more than
/// [`MAX_PAGE_PIXELS`], naming the highest that fits.
fn check_pixels(n: usize, page: &typst_layout::Page, ppi: f32) -> Result<(), Error> {
    let size = page.frame.size();
    let (width, height) = (size.x.to_pt(), size.y.to_pt());
    // As typst-render sizes its canvas.
    let pixels = |pt: f64| (f64::from(ppi) / 72.0 * pt).round().max(1.0);
    let (columns, rows) = (pixels(width), pixels(height));
    if columns * rows <= MAX_PAGE_PIXELS {
        return Ok(());
    }
    let highest = (72.0 * (MAX_PAGE_PIXELS / (width * height)).sqrt()).floor();
    let way_out = if highest >= 10.0 {
        format!("use --ppi {highest} or less for this page size")
    } else {
        format!("the page is {width:.0} × {height:.0} pt: export it as PDF or SVG")
    };
    Err(Error::Usage(format!(
        "--ppi {ppi}: page {n} would be {columns} × {rows} pixels ({:.1} megapixels), more than the {:.0} a PNG page may have; {way_out}",
        columns * rows / 1e6,
        MAX_PAGE_PIXELS / 1e6
    )))
}

/// Exports a compiled document to PDF bytes.
fn export_pdf(
    document: &PagedDocument,
    view: &View,
    files: &WorldFiles,
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
        // typst-pdf cannot tag part of a document; `untagged` gave the
        // standards that allow it.
        tagged: page_ranges.is_none(),
        page_ranges,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &pdf_options)
        .map_err(|errors| Error::Invalid(convert(files, &errors, "PDF export failed: ")))
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
}
