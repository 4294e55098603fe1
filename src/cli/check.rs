//! `cvpdf check`: a render that writes nothing, for a file or a directory
//! of CVs.

use clap::Args;

use super::args::{RenderOptions, parse_source};
use super::{Console, Environment, data_source};
use crate::batch;
use crate::diagnostics::Error;
use crate::gate::Source;
use crate::pipeline;
use crate::render::Format;
use crate::run::RunConfig;

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// The CV to check: a file, a directory of them, or `-` for standard input
    /// [default: cv.yaml, else data/cv.yaml].
    #[arg(value_parser = parse_source(), value_name = "FILE|DIR|-")]
    file: Option<Source>,
    /// The same as FILE, as a render takes it.
    #[arg(long, short, value_name = "FILE|DIR|-", value_parser = parse_source(), conflicts_with = "file")]
    data: Option<Source>,
    /// The layout to check with: a built-in one, `all`, or a path to a .typ file.
    #[arg(long, short, value_name = "NAME|all|FILE.typ", default_value = "classic")]
    layout: String,
    /// The format to check for: only PDF standards refuse characters without a glyph.
    #[arg(long, short, value_enum, default_value_t = Format::Pdf)]
    format: Format,
    /// Check only the K-th of N parts of a directory's CVs, as `--shard` renders it.
    #[arg(long, value_name = "K/N")]
    shard: Option<crate::shard::Shard>,
    #[command(flatten)]
    options: RenderOptions,
}

/// A render of each layout that writes nothing: the same steps as a render
/// with the same options, so the same verdict, for a file or each CV of a
/// directory.
pub(super) fn run(args: &CheckArgs, env: &Environment, console: &Console) -> Result<(), Error> {
    let layouts = batch::layouts(&args.layout)?;
    let (config, export_warnings) = args.options.config(env, args.format)?;
    console.diagnostics(&export_warnings);
    let source = data_source(args.data.as_ref().or(args.file.as_ref()), console)?;
    let (sources, _) = batch::data_files(&source)?;
    let (sources, _, note) = crate::shard::take(args.shard, sources, Vec::new());
    note.inspect(|note| console.note(note));
    let check = Check { layouts, config, many: sources.len() > 1 };
    let mut failed = false;
    for source in &sources {
        if stopped_at_budget(console) {
            return Err(Error::Reported(1));
        }
        match check.one(source, console) {
            Ok(()) => {}
            Err(Error::Reported(_)) => failed = true,
            // As a render of a directory, the other CVs are still checked.
            Err(error @ (Error::Invalid(_) | Error::Io { .. })) => {
                console.error_once(&error);
                failed = true;
            }
            Err(error) => return Err(error),
        }
    }
    if failed { Err(Error::Reported(1)) } else { Ok(()) }
}

/// What `check` checks each CV with.
struct Check {
    layouts: Vec<crate::layouts::Layout>,
    config: RunConfig,
    /// Whether there are several CVs, whose errors then name theirs.
    many: bool,
}

impl Check {
    /// Checks one CV in every layout; its problems are printed as found.
    fn one(&self, source: &Source, console: &Console) -> Result<(), Error> {
        let loaded = pipeline::load_data(source)?;
        let data_path = source.data_path(&loaded.bytes);
        let (mut warnings, mut failed) = (0, false);
        for layout in &self.layouts {
            if stopped_at_budget(console) {
                return Err(Error::Reported(1));
            }
            batch::evict_before_job();
            let mut session = self.config.session(layout);
            match self.config.make(&mut session, &loaded, &data_path) {
                Ok(made) => {
                    let fresh = console.fresh(&made.warnings);
                    warnings += fresh.iter().filter(|w| w.is_warning()).count();
                    console.diagnostics(&fresh);
                    if !made.fitted.is_empty() {
                        let fitted = made.fitted.join("; ");
                        console.note(&format!("{}: fitted by {fitted}", layout.name()));
                    }
                }
                Err(error @ Error::Invalid(_)) => {
                    let what = format!("the check of {}", source.name());
                    console.error_once(&if self.many { error.about(&what) } else { error });
                    failed = true;
                }
                Err(error) => return Err(error),
            }
        }
        if failed {
            return Err(Error::Reported(1));
        }
        let names: Vec<String> = self.layouts.iter().map(|l| l.name().to_string()).collect();
        let plural = if warnings == 1 { "" } else { "s" };
        console.note(&format!(
            "{}: fine for {} ({warnings} warning{plural})",
            source.name(),
            names.join(", ")
        ));
        Ok(())
    }
}

/// Whether a thread stopped at the memory budget, which is the whole run's:
/// then no more is checked, as a batch renders no more, and that is said
/// once ([`pipeline::cut_short`]).
fn stopped_at_budget(console: &Console) -> bool {
    let stopped = crate::memory::exceeded();
    if stopped {
        console.error_once(&pipeline::cut_short("checked"));
    }
    stopped
}
