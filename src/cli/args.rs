//! The arguments shared by several commands, grouped by concern, and their
//! parsers: the one place where `-` is recognised on the command line.

use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use clap::builder::TypedValueParser;

use super::Environment;
use crate::deadline::DEFAULT_TIMEOUT;
use crate::diagnostics::{Diagnostic, Error};
use crate::fonts::Fonts;
use crate::gate::Source;
use crate::output::Output;
use crate::pipeline::Settings;
use crate::render::{self, ExportOptions, Format};
use crate::run::RunConfig;
use crate::view::{Paper, ViewOptions};

/// `--quiet` and `--verbose`, for every command.
#[derive(Debug, Args)]
pub(super) struct Verbosity {
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub(super) quiet: bool,
    /// Also print timings and what each step did.
    #[arg(long, short, global = true)]
    pub(super) verbose: bool,
}

/// What to render and how.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The CV: YAML or JSON Resume, a directory of them, or `-` for standard input
    /// [default: cv.yaml, else data/cv.yaml].
    #[arg(long, short, value_name = "FILE|DIR|-", value_parser = parse_source())]
    pub(super) data: Option<Source>,
    /// A built-in layout (classic, onepage, ovni, sidebar), `all`, or a path to a .typ file.
    #[arg(long, short, value_name = "NAME|all|FILE.typ", default_value = "classic")]
    pub(super) layout: String,
    /// Where to write: a file, `-` for standard output, or a directory when there are several
    /// outputs [default: out/cv-<layout>.<format> (out/cv.txt for text), or out/].
    #[arg(long, short, value_name = "FILE|DIR|-", value_parser = parse_output())]
    pub(super) output: Option<Output>,
    /// What to write: a PDF, one PNG or SVG image per page, or plain text.
    #[arg(long, short, value_enum, default_value_t = Format::Pdf)]
    pub(super) format: Format,
    /// Render only the K-th of N parts of a directory's CVs, split by file name, so that N
    /// runners render it together, each CV once: `--shard 2/3`.
    #[arg(long, value_name = "K/N")]
    pub(super) shard: Option<crate::shard::Shard>,
    #[command(flatten)]
    pub(super) options: RenderOptions,
}

/// How to render, shared by rendering and checking.
#[derive(Debug, Args)]
pub(super) struct RenderOptions {
    /// Paper size.
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    pub(super) paper: Paper,
    /// Also use the fonts in this directory (repeatable).
    #[arg(long, value_name = "DIR", value_parser = parse_path())]
    pub(super) font_path: Vec<PathBuf>,
    /// Also use the machine's fonts, after the embedded ones: for scripts cvpdf does not embed
    /// (Chinese, Japanese, Korean). System fonts are never used otherwise.
    #[arg(long)]
    pub(super) system_fonts: bool,
    /// Print labels and translated texts in this language instead of `meta.lang`.
    #[arg(long, value_name = "CODE", value_parser = parse_lang)]
    pub(super) lang: Option<String>,
    /// Keep only entries tagged with one of these tags (untagged entries stay).
    #[arg(long, value_name = "TAG,…", value_delimiter = ',')]
    pub(super) tags: Vec<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub(super) strict: bool,
    /// Fit the CV into at most this many pages (onepage always fits into 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(super) max_pages: Option<u16>,
    /// PDF standards, comma-separated, or `none`.
    #[arg(long, value_name = "LIST", default_value = "a-2a,ua-1", value_parser = parse_standards)]
    pub(super) pdf_standard: Standards,
    /// Attach the data file to the PDF (PDF/A-3); `cvpdf extract` gets it back.
    #[arg(long)]
    pub(super) embed_source: bool,
    /// Export only these pages: `2`, or a range such as `1-3`.
    #[arg(long, value_name = "N|N-M", value_parser = parse_pages)]
    pub(super) pages: Option<RangeInclusive<usize>>,
    /// Resolution of PNG images, 10 to 2400 pixels per inch; a page may have at most 100
    /// megapixels (A4: up to 1017 ppi).
    #[arg(long, default_value_t = 144.0, value_parser = parse_ppi)]
    pub(super) ppi: f32,
    /// Give up on a layout that has not finished after this many seconds (0: wait for ever).
    #[arg(long, env = "CVPDF_TIMEOUT", value_name = "SECONDS", default_value_t = Timeout(Some(DEFAULT_TIMEOUT)), value_parser = parse_timeout)]
    pub(super) timeout: Timeout,
    /// Give up on a layout that uses more than this many GiB of memory (0: no limit); the
    /// default is 4, or half the memory of a smaller machine.
    #[arg(long, env = "CVPDF_MEMORY", value_name = "GIB", value_parser = parse_memory_limit)]
    pub(super) memory_limit: Option<MemoryLimit>,
}

/// A `--memory-limit` in bytes: `None` for no limit.
#[derive(Debug, Clone, Copy)]
pub(super) struct MemoryLimit(Option<usize>);

fn parse_memory_limit(text: &str) -> Result<MemoryLimit, String> {
    let gib = text.trim().parse::<f64>().ok().filter(|g| (0.0..=1e6).contains(g));
    match gib.map(|gib| (gib * f64::from(1u32 << 30)) as usize) {
        Some(0) if gib != Some(0.0) => Err(too_little()),
        Some(0) => Ok(MemoryLimit(None)),
        Some(bytes) if bytes < crate::memory::MIN_LIMIT => Err(too_little()),
        Some(bytes) => Ok(MemoryLimit(Some(bytes))),
        None => Err("the memory limit is a number of GiB, or 0 for no limit".into()),
    }
}

/// The error for a `--memory-limit` below [`crate::memory::MIN_LIMIT`].
fn too_little() -> String {
    let least = crate::memory::MIN_LIMIT as f64 / f64::from(1u32 << 30);
    format!(
        "cvpdf needs {} to render a CV: give {least} GiB or more, or 0 for no limit",
        crate::memory::gib(crate::memory::MIN_LIMIT)
    )
}

/// A `--timeout`: `None` waits for ever.
#[derive(Debug, Clone, Copy)]
pub(super) struct Timeout(pub(super) Option<std::time::Duration>);

impl std::fmt::Display for Timeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.map_or(0.0, |d| d.as_secs_f64()))
    }
}

fn parse_timeout(text: &str) -> Result<Timeout, String> {
    let seconds = text.trim().parse::<f64>().ok().filter(|s| *s >= 0.0);
    match seconds.map(std::time::Duration::try_from_secs_f64) {
        Some(Ok(duration)) if duration.is_zero() => Ok(Timeout(None)),
        Some(Ok(duration)) => Ok(Timeout(Some(duration))),
        _ => Err("the timeout is a number of seconds, or 0 to wait for ever".into()),
    }
}

/// A `--pdf-standard` list.
#[derive(Debug, Clone)]
pub(super) struct Standards(pub(super) Vec<typst_pdf::PdfStandard>);

fn parse_standards(text: &str) -> Result<Standards, String> {
    render::parse_standards(text).map(Standards)
}

/// Whether an argument names standard input or output: the one place
/// where `-` is recognised.
fn is_standard_stream(text: &std::ffi::OsStr) -> bool {
    text == "-"
}

/// A path argument, which need not be UTF-8 but may not be empty.
pub(super) fn parse_path() -> impl TypedValueParser<Value = PathBuf> {
    clap::builder::OsStringValueParser::new().try_map(|text| {
        if text.is_empty() { Err("an empty path names no file") } else { Ok(PathBuf::from(text)) }
    })
}

/// `--output`: `-` or a path.
pub(super) fn parse_output() -> impl TypedValueParser<Value = Output> {
    parse_path().map(|path| {
        if is_standard_stream(path.as_os_str()) { Output::Stdout } else { Output::Path(path) }
    })
}

/// `--data`: `-` or a path.
pub(super) fn parse_source() -> impl TypedValueParser<Value = Source> {
    parse_path().map(|path| {
        if is_standard_stream(path.as_os_str()) { Source::Stdin } else { Source::File(path) }
    })
}

/// A directory that several files go into (`init`, `eject`): a path, not
/// `-`, which would be standard output (`./-` names a directory `-`).
pub(super) fn parse_dir() -> impl TypedValueParser<Value = PathBuf> {
    parse_path().try_map(|path| {
        if is_standard_stream(path.as_os_str()) {
            Err("several files cannot go to standard output: give a directory")
        } else {
            Ok(path)
        }
    })
}

fn parse_pages(text: &str) -> Result<RangeInclusive<usize>, String> {
    let number = |t: &str| t.trim().parse::<usize>().ok().filter(|n| *n > 0);
    let range = match text.split_once('-') {
        Some((a, b)) => number(a).zip(number(b)).map(|(a, b)| a..=b),
        None => number(text).map(|n| n..=n),
    };
    range
        .filter(|r| r.start() <= r.end())
        .ok_or_else(|| "pages are a number or a range such as 1-3, from 1".into())
}

fn parse_ppi(text: &str) -> Result<f32, String> {
    text.parse::<f32>()
        .ok()
        .filter(|p| (10.0..=2400.0).contains(p))
        .ok_or_else(|| "the resolution is a number from 10 to 2400".into())
}

fn parse_lang(text: &str) -> Result<String, String> {
    crate::model::language_tag(text)
}

impl RenderOptions {
    /// The checked configuration of a run that writes `format`, built once
    /// for every job of the run, and the warnings it gave (see
    /// [`export`](Self::export)).
    pub(super) fn config(
        &self,
        env: &Environment,
        format: Format,
    ) -> Result<(RunConfig, Vec<Diagnostic>), Error> {
        let settings = self.settings(env, format)?;
        let (export, mut warnings) = self.export(format)?;
        // The budget is the process's: one run configuration per process.
        crate::memory::set_limit(
            self.memory_limit.map_or(Some(crate::memory::default_limit()), |limit| limit.0),
        );
        let fonts = Arc::new(Fonts::new(&self.font_path, self.system_fonts)?);
        // As the export's warnings: an error of the command line under --strict.
        match fonts.warnings().into_iter().next() {
            Some(warning) if self.strict => return Err(Error::Usage(warning.message)),
            _ => warnings.extend(fonts.warnings()),
        }
        Ok((RunConfig { settings, format, export, fonts }, warnings))
    }

    /// The settings of a run that writes `format`.
    fn settings(&self, env: &Environment, format: Format) -> Result<Settings, Error> {
        let source_date_epoch = match &env.source_date_epoch {
            None => None,
            // Bytes that are no text are shown as U+FFFD, which no number holds.
            Some(text) => {
                render::source_date_epoch(&text.to_string_lossy()).map_err(Error::Usage)?
            }
        };
        Ok(Settings {
            view: ViewOptions {
                lang: self.lang.clone(),
                paper: self.paper,
                tags: self.tags.clone(),
                ..ViewOptions::default()
            },
            source_date_epoch,
            strict: self.strict,
            max_pages: self.max_pages.map(usize::from),
            embed_source: self.embed_source,
            demands: render::Demands::new(format, &self.standards()),
            timeout: self.timeout.0,
        })
    }

    /// The PDF standards asked for, made PDF/A-3 when the source is attached.
    fn standards(&self) -> Vec<typst_pdf::PdfStandard> {
        if self.embed_source {
            render::with_attachments(&self.pdf_standard.0)
        } else {
            self.pdf_standard.0.clone()
        }
    }

    /// How to export in `format`, and a warning when `--pages` makes a PDF
    /// give up standards that need tags (an error with `--strict`).
    fn export(&self, format: Format) -> Result<(ExportOptions, Vec<Diagnostic>), Error> {
        let mut standards = self.standards();
        let mut warnings = Vec::new();
        if self.pages.is_some() && format == Format::Pdf {
            let (kept, warning) = render::untagged(&standards);
            if let Some(warning) = warning {
                if self.strict {
                    return Err(Error::Usage(warning.message));
                }
                warnings.push(warning);
            }
            standards = kept;
        }
        let standards = render::check_standards(&standards)
            .map_err(|why| Error::Usage(format!("--pdf-standard: {why}")))?;
        Ok((ExportOptions { standards, pages: self.pages.clone(), ppi: self.ppi }, warnings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_parse() {
        assert_eq!(parse_pages("2"), Ok(2..=2));
        assert_eq!(parse_pages("1-3"), Ok(1..=3));
        assert!(parse_pages("0").is_err() && parse_pages("3-1").is_err());
    }
}
