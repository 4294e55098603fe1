//! `cvpdf watch`: render again after each save.

use std::path::PathBuf;

use super::args::RenderArgs;
use super::console::summary;
use super::{Console, Environment, data_source};
use crate::batch;
use crate::diagnostics::Error;
use crate::gate::Source;
use crate::output::Output;
use crate::pipeline;

/// Renders, then again after each save of what the render read.
pub(super) fn run(args: &RenderArgs, env: &Environment, console: &Console) -> Result<(), Error> {
    if let Some(shard) = args.shard {
        return Err(Error::Usage(format!(
            "watch renders one CV: --shard {shard} splits a directory's CVs between runs"
        )));
    }
    let source = data_source(args.data.as_ref(), console)?;
    let data = match &source {
        Source::File(path) if !path.is_dir() => path.clone(),
        Source::File(_) => {
            return Err(Error::Usage("watch takes one data file, not a directory".into()));
        }
        Source::Stdin => {
            return Err(Error::Usage(
                "watch reads a file again after each save: give --data FILE, not -".into(),
            ));
        }
    };
    let layouts = batch::layouts(&args.layout)?;
    let (config, warnings) = args.options.config(env, args.format)?;
    let sources = [source.clone()];
    let jobs = batch::plan(&sources, &layouts, false, args.format, args.output.as_ref())?;
    let outputs: Vec<PathBuf> = jobs
        .iter()
        .map(|job| match &job.output {
            Output::Path(path) => Ok(path.clone()),
            Output::Stdout => {
                Err(Error::Usage("watch writes files: give --output FILE, not -".into()))
            }
        })
        .collect::<Result<_, _>>()?;
    // Outputs that are known inputs are refused before the first render.
    let first = pipeline::load_data(&source);
    let loaded = first.as_ref().ok().map(|loaded| (&source, loaded));
    batch::preflight(&jobs, args.format, loaded)?;
    console.diagnostics(&warnings);
    let targets = jobs.into_iter().map(|job| job.layout).zip(outputs).collect();
    console.note(&format!("watching {} (Ctrl-C to stop)", data.display()));
    let mut report = |round: crate::watch::Round| report_round(round, console);
    crate::watch::watch(&data, targets, &config, &mut report, &|| false)
}

/// Prints what one round of renders made: a save is a run of its own, which
/// says its problems again.
fn report_round(round: crate::watch::Round, console: &Console) {
    console.forget();
    let mut failed = 0;
    for (layout, outcome) in round {
        match outcome {
            crate::watch::Outcome::Rendered { written, pages, took, warnings } => {
                console.diagnostics(&console.fresh(&warnings));
                let summary = summary(&written, pages);
                console.result(&format!("{summary} ({} ms, {})", took.as_millis(), layout.name()));
            }
            crate::watch::Outcome::Failed(error) => {
                console.error_once(&error);
                failed += 1;
            }
        }
    }
    match failed {
        0 => {}
        1 => console.note("the last good output is unchanged"),
        _ => console.note("the last good outputs are unchanged"),
    }
}
