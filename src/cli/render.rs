//! Rendering, the command without a name: `cvpdf --layout onepage`.

use super::args::RenderArgs;
use super::console::summary;
use super::{Console, Environment, data_source};
use crate::batch::{self, Done, Job};
use crate::diagnostics::Error;

/// Renders every CV and layout asked for, printing what each made.
pub(super) fn run(args: &RenderArgs, env: &Environment, console: &Console) -> Result<(), Error> {
    let layouts = batch::layouts(&args.layout)?;
    let data = data_source(args.data.as_ref(), console)?;
    let (sources, directory_input) = batch::data_files(&data)?;
    let (config, warnings) = args.options.config(env, args.format)?;
    let jobs = batch::plan(&sources, &layouts, directory_input, args.format, args.output.as_ref())?;
    // Planned for the whole directory: names collide whatever the shard.
    let (sources, jobs, note) = crate::shard::take(args.shard, sources, jobs);
    note.inspect(|note| console.note(note));
    let started = std::time::Instant::now();
    let loads = batch::load_all(&sources);
    let loaded = loads.iter().filter_map(|l| l.as_ref().ok()).map(|d| (&d.source, &d.loaded));
    batch::preflight(&jobs, args.format, loaded)?;
    console.diagnostics(&warnings);
    // A CV that does not load is said once, whatever the layouts.
    let data: std::sync::Arc<[Option<batch::Data>]> = loads
        .into_iter()
        .map(|load| load.map_err(|error| console.error_once(&error)).ok())
        .collect();

    let progress = (jobs.len() > 1 && console.terminal && !console.quiet).then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let report = |job: &Job, result: &Result<Done, Error>| {
        let print = || match result {
            Ok(done) => report_done(job, done, console),
            Err(error) => console.error_once(error),
        };
        match &progress {
            Some(bar) => {
                bar.suspend(print);
                bar.inc(1);
            }
            None => print(),
        }
    };
    let results = match (jobs.as_slice(), &*data) {
        ([job], [Some(data)]) => {
            let result = batch::run_one(job, data, &config);
            report(job, &result);
            vec![result]
        }
        _ => batch::run_all(&jobs, data, &config, &report),
    };
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let failed: Vec<&Error> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    if console.verbose || jobs.len() > 1 {
        console.note(&format!(
            "{} of {} rendered in {:.2} s",
            results.len() - failed.len(),
            results.len(),
            started.elapsed().as_secs_f64()
        ));
    }
    match failed.as_slice() {
        [] => Ok(()),
        // A single failure was printed already; exit with its code.
        [only] if jobs.len() == 1 => Err(Error::Reported(only.exit_code())),
        _ => Err(Error::Reported(1)),
    }
}

/// Prints what a job made: warnings and fitting to stderr, the files and
/// page count to stdout (to stderr when the result itself went to stdout).
fn report_done(job: &Job, done: &Done, console: &Console) {
    console.diagnostics(&console.fresh(&done.warnings));
    if !done.fitted.is_empty() {
        console.note(&format!("{}: fitted by {}", job.layout.name(), done.fitted.join("; ")));
    }
    if console.verbose {
        console.note(&format!("{}: {}", job.layout.name(), done.timings));
    }
    let summary = summary(&done.written, done.pages);
    if job.output.is_stdout() {
        console.note(&summary);
    } else if !console.quiet {
        console.result(&summary);
    }
}
