//! `cvpdf eject`: the CV as a plain Typst project for stock `typst`.

use std::path::PathBuf;

use clap::Args;

use super::args::{RenderOptions, parse_dir, parse_source};
use super::{Console, Environment, data_source};
use crate::diagnostics::Error;
use crate::gate::Source;
use crate::pipeline;
use crate::render::Format;

#[derive(Debug, Args)]
pub(super) struct EjectArgs {
    /// The directory to write, new or empty.
    #[arg(value_parser = parse_dir())]
    dir: PathBuf,
    /// The CV, or `-` for standard input [default: cv.yaml, else data/cv.yaml].
    #[arg(long, short, value_name = "FILE|-", value_parser = parse_source())]
    data: Option<Source>,
    /// A built-in layout or a path to a .typ file.
    #[arg(long, short, value_name = "NAME|FILE.typ", default_value = "classic")]
    layout: String,
    #[command(flatten)]
    options: RenderOptions,
}

pub(super) fn run(args: &EjectArgs, env: &Environment, console: &Console) -> Result<(), Error> {
    let layout = crate::layouts::Layout::resolve(&args.layout)?;
    // What `--pages` would warn about does not concern a project.
    let (config, _) = args.options.config(env, Format::Pdf)?;
    let source = data_source(args.data.as_ref(), console)?;
    let loaded = pipeline::load_data(&source)?;
    let data_path = source.data_path(&loaded.bytes);
    let written = crate::eject::eject(&args.dir, &loaded, &data_path, &layout, &config)?;
    console.note(&format!("{}: {} files", args.dir.display(), written.len()));
    // System fonts are not copied: stock typst reads them itself.
    let ignore = if args.options.system_fonts { "" } else { "--ignore-system-fonts " };
    console.note(&format!(
        "typst compile {ignore}--font-path {0}/fonts {0}/main.typ",
        args.dir.display()
    ));
    Ok(())
}
