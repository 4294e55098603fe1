//! The command line: arguments (clap) and what each command does.

use std::io::{IsTerminal, Write};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser};

use crate::diagnostics::{Error, Printer};
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::pipeline::{self, Settings};
use crate::render::{ExportOptions, Format, write_output};
use crate::view::{Paper, ViewOptions};

/// Build a CV from YAML into deterministic, print-ready PDFs.
#[derive(Debug, Parser)]
#[command(name = "cvpdf", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    render: RenderArgs,
}

const EXAMPLES: &str = "\
Examples:
  cvpdf                                  render data/cv.yaml with the classic layout
  cvpdf --layout onepage                 one page, into out/cv-onepage.pdf
  cvpdf --data me.json --output cv.pdf   a JSON Resume file into cv.pdf
  cvpdf --layout my-layout.typ           your own Typst layout
  cvpdf --output - > cv.pdf              the PDF on standard output";

/// What to render and how.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The CV: YAML, or JSON Resume.
    #[arg(long, short, value_name = "FILE", default_value = "data/cv.yaml")]
    data: PathBuf,
    /// A built-in layout (classic) or a path to a .typ file.
    #[arg(long, short, value_name = "NAME|FILE.typ", default_value = "classic")]
    layout: String,
    /// Where to write the PDF, `-` for standard output [default: out/cv-<layout>.pdf].
    #[arg(long, short, value_name = "FILE|-")]
    output: Option<PathBuf>,
    /// Paper size.
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    paper: Paper,
    /// Also use the fonts in this directory (repeatable). System fonts are never used otherwise.
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
    /// Print labels and translated texts in this language instead of `meta.lang`.
    #[arg(long, value_name = "CODE")]
    lang: Option<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Fit the CV into at most this many pages (onepage always fits into 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    max_pages: Option<u16>,
    /// What to write: a PDF, one PNG or SVG image per page, or plain text.
    #[arg(long, short, value_enum, default_value_t = Format::Pdf)]
    format: Format,
    /// Export only these pages: `2`, or a range such as `1-3`.
    #[arg(long, value_name = "N|N-M", value_parser = parse_pages)]
    pages: Option<RangeInclusive<usize>>,
    /// Resolution of PNG images.
    #[arg(long, default_value_t = 144.0, value_parser = parse_ppi)]
    ppi: f32,
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

/// The environment variables cvpdf reads, read once by the binary.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `SOURCE_DATE_EPOCH`, unparsed.
    pub source_date_epoch: Option<String>,
    /// Whether `NO_COLOR` is set to something.
    pub no_color: bool,
}

impl Environment {
    /// Reads the variables of this process.
    pub fn from_process() -> Self {
        Self {
            source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli, env: &Environment) -> ExitCode {
    let stderr = std::io::stderr();
    let printer = Printer { color: !env.no_color && stderr.is_terminal() };
    match render(&cli.render, env, &printer) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = printer.emit_error(&mut stderr.lock(), &error);
            ExitCode::from(error.exit_code())
        }
    }
}

fn render(args: &RenderArgs, env: &Environment, printer: &Printer) -> Result<(), Error> {
    let layout = Layout::resolve(&args.layout)?;
    let source_date_epoch = match &env.source_date_epoch {
        None => None,
        Some(text) if text.trim().is_empty() => None,
        Some(text) => Some(text.trim().parse::<i64>().map_err(|_| {
            Error::Usage(format!("SOURCE_DATE_EPOCH must be a number of seconds, not `{text}`"))
        })?),
    };
    let settings = Settings {
        view: ViewOptions { lang: args.lang.clone(), paper: args.paper, ..ViewOptions::default() },
        layout,
        source_date_epoch,
        strict: args.strict,
        max_pages: args.max_pages.map(usize::from),
    };
    let output = args.output.clone().unwrap_or_else(|| {
        let stem = match args.format {
            Format::Txt => "cv".to_owned(),
            _ => format!("cv-{}", settings.layout.name()),
        };
        PathBuf::from(format!("out/{stem}.{}", args.format.extension()))
    });
    let fonts = Arc::new(Fonts::new(&args.font_path)?);
    let loaded = pipeline::load_data(&args.data)?;
    let rendered = pipeline::render(&fonts, &loaded, &args.data, &settings)?;
    let _ = printer.emit(&mut std::io::stderr().lock(), &rendered.warnings);
    if !rendered.fitted.is_empty() {
        eprintln!("{}: fitted by {}", settings.layout.name(), rendered.fitted.join("; "));
    }
    let export =
        ExportOptions { pages: args.pages.clone(), ppi: args.ppi, ..ExportOptions::default() };
    let artifacts = rendered.export(args.format, &export)?;
    let to_stdout = output.as_os_str() == "-";
    if to_stdout && artifacts.len() != 1 {
        return Err(Error::Usage(format!(
            "{} pages make {} files: give --output FILE, or --pages N for one",
            rendered.pages(),
            artifacts.len()
        )));
    }
    let mut written = Vec::new();
    for artifact in &artifacts {
        let path = match artifact.page {
            Some(page) if !to_stdout => numbered(&output, page),
            _ => output.clone(),
        };
        write_output(&path, &artifact.bytes)?;
        written.push(path);
    }
    let plural = if rendered.pages() == 1 { "" } else { "s" };
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    let summary = match args.format {
        Format::Txt => names.join(", "),
        _ => format!("{}: {} page{plural}", names.join(", "), rendered.pages()),
    };
    if to_stdout {
        eprintln!("{summary}");
    } else {
        let _ = writeln!(std::io::stdout(), "{summary}");
    }
    Ok(())
}

/// `out/cv.png` for page 2 is `out/cv-2.png`.
fn numbered(path: &Path, page: usize) -> PathBuf {
    let stem = path.file_stem().map_or("cv".into(), |s| s.to_string_lossy());
    let extension =
        path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    path.with_file_name(format!("{stem}-{page}{extension}"))
}
