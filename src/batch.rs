//! Rendering many CVs and layouts at once, in parallel, sharing the fonts
//! and Typst's caches: `--layout all`, `--data DIR`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::deadline;
use crate::diagnostics::{Diagnostic, Error};
use crate::gate::{self, Kind, Source};
use crate::layouts::{BUILTIN, Layout};
use crate::model::Loaded;
use crate::output::{self, Output};
use crate::pipeline;
use crate::render::{Artifact, Format};
use crate::run::{Made, RunConfig};
use crate::timings::Timings;

/// One CV in one layout, and where its files go.
#[derive(Debug, Clone)]
pub struct Job {
    /// The data file: an index into the list of data sources.
    pub data: usize,
    /// The layout.
    pub layout: Layout,
    /// The output; per-page formats number a file (`cv-2.png`).
    pub output: Output,
}

/// What a job made.
#[derive(Debug)]
pub struct Done {
    /// The files written.
    pub written: Vec<Output>,
    /// The number of pages written; none for an output made from the view.
    pub pages: Option<usize>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// What fitting gave up.
    pub fitted: Vec<String>,
    /// How long each step took.
    pub timings: Timings,
}

/// A data source, read and checked once for every layout that renders it.
pub struct Data {
    /// Where it comes from.
    pub source: Source,
    /// The checked CV.
    pub loaded: Loaded,
    /// How long reading and checking took.
    pub took: Duration,
}

/// The layouts `--layout` names: every built-in one for `all`.
pub fn layouts(arg: &str) -> Result<Vec<Layout>, Error> {
    if arg == "all" {
        return Ok(BUILTIN.iter().map(Layout::Builtin).collect());
    }
    Layout::resolve(arg).map(|layout| vec![layout])
}

/// The data sources `--data` names: standard input, the file, or every
/// `.yaml`, `.yml` and `.json` file of a directory that is not hidden,
/// sorted. The flag says
/// whether it was a directory.
pub fn data_files(source: &Source) -> Result<(Vec<Source>, bool), Error> {
    let Source::File(path) = source else { return Ok((vec![source.clone()], false)) };
    match std::fs::metadata(path) {
        // Said once, rather than once per layout.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::invalid(pipeline::missing_data(path)));
        }
        Err(e) => return Err(Error::io("read", path, e)),
        Ok(meta) if !meta.is_dir() => return Ok((vec![source.clone()], false)),
        Ok(_) => {}
    }
    let entries = std::fs::read_dir(path).map_err(|e| Error::io("read directory", path, e))?;
    // Hidden files are no CVs: drafts, and the `._cv.yaml` that macOS
    // writes beside each file on a foreign disk.
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json")
                })
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no .yaml, .yml or .json file to render",
            path.display()
        )));
    }
    Ok((files.into_iter().map(Source::File).collect(), true))
}

/// The jobs for every data source and layout.
///
/// One result goes to `output` (default `out/cv-<layout>.<ext>`), or into
/// it when it is a directory: an existing one, or a path ending with `/`.
/// Several results (layouts, or a directory of CVs, even of one) go into
/// the `output` directory (default `out/`), as `<stem>-<layout>.<ext>`
/// (`cv-<layout>` for a single file). Plain text comes from the CV, not
/// from the layout: it is one result per CV, whatever the layouts, named
/// `<stem>.txt` (`cv.txt`), and its job uses the first layout.
///
/// # Errors
/// [`Error::Usage`] when several results would go to standard output or
/// into something that is not a directory, or two to the same file
/// (`ada.yaml` and `ada.json`; compared without case, as macOS and Windows
/// file systems do).
pub fn plan(
    data: &[Source],
    layouts: &[Layout],
    directory_input: bool,
    format: Format,
    output: Option<&Output>,
) -> Result<Vec<Job>, Error> {
    let layouts = if format == Format::Txt { &layouts[..layouts.len().min(1)] } else { layouts };
    let several = directory_input || data.len() * layouts.len() > 1;
    let into_dir = |path: &Path| several || ends_with_separator(path) || path.is_dir();
    let dir = match output {
        Some(Output::Stdout) if several => {
            return Err(Error::Usage(format!(
                "{} results cannot all go to standard output: give --output DIR",
                data.len() * layouts.len()
            )));
        }
        Some(Output::Path(path)) if into_dir(path) => {
            if let Ok(metadata) =
                std::fs::metadata(path).or_else(|_| std::fs::symlink_metadata(path))
                && !metadata.is_dir()
            {
                return Err(Error::Usage(format!(
                    "{} is {}, not a directory: with several results (layouts, a directory of CVs), --output names the directory they go into",
                    path.display(),
                    output::describe(&metadata)
                )));
            }
            Some(path.clone())
        }
        Some(_) => None,
        None => Some(PathBuf::from("out")),
    };
    let mut jobs: Vec<Job> = Vec::new();
    for (index, source) in data.iter().enumerate() {
        let stem = match source.path().and_then(Path::file_stem) {
            Some(stem) if directory_input => stem.to_string_lossy().into_owned(),
            _ => "cv".to_owned(),
        };
        for layout in layouts {
            let name = match format {
                Format::Txt => format!("{stem}.txt"),
                _ => format!("{stem}-{}.{}", layout.name(), format.extension()),
            };
            let output = match (&dir, output) {
                (Some(dir), _) => Output::Path(dir.join(&name)),
                (None, Some(output)) => output.clone(),
                (None, None) => unreachable!("no output means out/"),
            };
            if let Some(other) = jobs.iter().find(|j| same_name(&j.output, &output)) {
                return Err(Error::Usage(format!(
                    "{} and {} would both be written to {}: rename one of them",
                    data[other.data].name(),
                    source.name(),
                    output.name()
                )));
            }
            jobs.push(Job { data: index, layout: layout.clone(), output });
        }
    }
    Ok(jobs)
}

/// Refuses a file named for another format than the one written
/// (`--format png -o notes.txt`, `-o cv.yaml`): it would hold something
/// else than its name says, or replace a file of another kind. Names that
/// are no format's (`cv.pdf.tmp`) are left as they are.
fn refuse_other_format(path: &Path, format: Format) -> Result<(), Error> {
    let Some(extension) = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()) else {
        return Ok(());
    };
    let formats = <Format as clap::ValueEnum>::value_variants();
    let written = formats.iter().any(|f| f.extension() == extension);
    let read = matches!(extension.as_str(), "yaml" | "yml" | "json" | "typ");
    if extension == format.extension() || !(written || read) {
        return Ok(());
    }
    let stem = path.file_stem().map_or("cv".into(), |s| s.to_string_lossy());
    let wanted = format.extension();
    let or = if written { format!(", or give --format {extension}") } else { String::new() };
    Err(Error::Usage(format!(
        "the output {} is named .{extension}, but --format {wanted} writes .{wanted} files: name it {stem}.{wanted}{or}",
        path.display(),
    )))
}

fn ends_with_separator(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.last().is_some_and(|b| *b == b'/' || (cfg!(windows) && *b == b'\\'))
}

fn same_name(a: &Output, b: &Output) -> bool {
    match (a, b) {
        (Output::Path(a), Output::Path(b)) => {
            a.to_string_lossy().to_lowercase() == b.to_string_lossy().to_lowercase()
        }
        _ => false,
    }
}

/// Reads and checks every data source once, in parallel. Several are read
/// on threads the caller can give up on ([`deadline::each`]): a thread that
/// passes the memory budget stops for ever, and the sources not read by
/// then are [`pipeline::cut_short`].
pub fn load_all(sources: &[Source]) -> Vec<Result<Data, Error>> {
    let load = |source: &Source| {
        let started = Instant::now();
        pipeline::load_data(source).map(|loaded| Data {
            source: source.clone(),
            loaded,
            took: started.elapsed(),
        })
    };
    if sources.len() <= 1 {
        return sources.iter().map(load).collect();
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let shared: Arc<[Source]> = sources.into();
    let work = move |i: usize| load(&shared[i]);
    deadline::each(sources.len(), workers, work, || Err(pipeline::cut_short("read")), |_, r| r)
}

/// Checks every output before anything is rendered ([`output::check`]):
/// none may be a known input (a data file or custom layout, read already,
/// a font, or a photo a data file names), a link, a special file, or lie
/// where no file can be made; nor may standard output, where the results
/// are listed (`>> cv.yaml`). For per-page formats, the first page and the
/// files of every page that exist are checked (`cv-classic-1.png`,
/// `cv-classic-2.png`…). Files only a compile reveals are refused when
/// written. Then an output named for another format than the one written
/// (`-f png -o notes.txt`, `-o other-cv.yaml`) is refused.
///
/// # Errors
/// [`Error::Usage`] naming the output and why; [`Error::Io`] for a
/// directory cvpdf may not write in, or a closed standard output.
pub fn preflight<'a>(
    jobs: &[Job],
    format: Format,
    data: impl IntoIterator<Item = (&'a Source, &'a Loaded)>,
) -> Result<(), Error> {
    for (source, loaded) in data {
        let Some(image) = loaded.cv.basics.image.as_deref().map(str::trim) else { continue };
        if image.is_empty() || image.contains("://") {
            continue;
        }
        let data_path = source.data_path(&loaded.bytes);
        let dir = data_path.parent().filter(|d| !d.as_os_str().is_empty());
        gate::note(&dir.unwrap_or(Path::new(".")).join(image), Kind::Photo);
    }
    let mut targets = Vec::new();
    for job in jobs {
        match &job.output {
            Output::Path(path) if format.per_page() && !output::is_special(path) => {
                targets.push(Output::Path(numbered(path, 1)));
                targets.extend(pages_of(path));
            }
            other => targets.push(other.clone()),
        }
    }
    output::check(&targets)?;
    // Standard output, where the results are listed, appended to an input.
    output::refuse_inputs([&Output::Stdout])?;
    // After the inputs: `-o cv.yaml` is said to be the data file.
    for job in jobs {
        if let Output::Path(path) = &job.output {
            refuse_other_format(path, format)?;
        }
    }
    Ok(())
}

/// The existing files a per-page output would replace: `cv-<n>.png` for
/// `cv.png`.
fn pages_of(path: &Path) -> Vec<Output> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let stem = path.file_stem().map_or("cv".into(), |s| s.to_string_lossy()) + "-";
    let extension =
        path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let number = name.strip_prefix(&*stem).and_then(|n| n.strip_suffix(&extension));
            number.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|entry| Output::Path(dir.join(entry.file_name())))
        .collect()
}

/// Runs one job on its loaded data: render, export, write.
pub fn run_one(job: &Job, data: &Data, config: &RunConfig) -> Result<Done, Error> {
    write_made(job, config, make_one(job, data, config)?)
}

/// Renders and exports one job on its loaded data, writing nothing.
fn make_one(job: &Job, data: &Data, config: &RunConfig) -> Result<Made, Error> {
    let data_path = data.source.data_path(&data.loaded.bytes);
    let mut made = config.make(&mut config.session(&job.layout), &data.loaded, &data_path)?;
    made.timings.0.insert(0, ("load".into(), data.took));
    Ok(made)
}

/// Writes what a job made ([`write_artifacts`]).
fn write_made(job: &Job, config: &RunConfig, made: Made) -> Result<Done, Error> {
    let mut timings = made.timings;
    let written = timings.time("write", || write_artifacts(&job.output, &made.artifacts))?;
    // The pages written, which `--pages` may make fewer than the CV's.
    let pages = match (&config.export.pages, made.pages) {
        (Some(range), Some(_)) => Some(range.clone().count()),
        (_, pages) => pages,
    };
    Ok(Done { written, pages, warnings: made.warnings, fitted: made.fitted, timings })
}

/// Writes exported files, all or none: one to `output`, or one per page
/// numbered after it. Standard output, and a device, a FIFO or a link
/// (`/dev/stdout`), take a single file.
pub fn write_artifacts(output: &Output, artifacts: &[Artifact]) -> Result<Vec<Output>, Error> {
    let path = match output {
        Output::Path(path) if !output::is_special(path) => path,
        _ => {
            let [artifact] = artifacts else {
                return Err(Error::Usage(format!(
                    "{} files (one per page) cannot all go to {}: give --output FILE or DIR, or --pages N for one",
                    artifacts.len(),
                    output.name()
                )));
            };
            output::write(output, &artifact.bytes)?;
            return Ok(vec![output.clone()]);
        }
    };
    let files: Vec<(PathBuf, &[u8])> = artifacts
        .iter()
        .map(|artifact| match artifact.page {
            Some(page) => (numbered(path, page), artifact.bytes.as_slice()),
            None => (path.clone(), artifact.bytes.as_slice()),
        })
        .collect();
    output::write_files(&files)?;
    Ok(files.into_iter().map(|(path, _)| Output::Path(path)).collect())
}

/// How many jobs a cached result may go unused before it is dropped.
const EVICT_AFTER: usize = 4;

/// Drops what Typst's cache has not used in the last few jobs, before a
/// job run on the caller's thread, as each batch worker does before its
/// jobs: else the cache holds every CV so far (`check` of a directory
/// passed a budget its render kept). Not once some work was given up on
/// ([`deadline::abandoned`]), as evicting waits on a lock its thread may
/// hold.
pub fn evict_before_job() {
    if !deadline::abandoned() && !crate::memory::exceeded() {
        comemo::evict(EVICT_AFTER);
    }
}

/// Runs jobs on every core, each on its data (`data[job.data]`; a job
/// whose data did not load is skipped: its error was said). `report` is
/// called on the caller's thread once per finished job, in completion
/// order. A job cut short by the memory budget ([`deadline::each`]) gets
/// [`pipeline::cut_short`].
pub fn run_all(
    jobs: &[Job],
    data: Arc<[Option<Data>]>,
    config: &RunConfig,
    report: &dyn Fn(&Job, &Result<Done, Error>),
) -> Vec<Result<Done, Error>> {
    let runnable: Arc<[(usize, Job)]> = jobs
        .iter()
        .enumerate()
        .filter(|(_, job)| data.get(job.data).is_some_and(Option::is_some))
        .map(|(i, job)| (i, job.clone()))
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(runnable.len());
    // One job more than cores (the three layouts of one CV on two) gets a
    // thread each, so the OS shares the cores and none idles while the last
    // job runs alone; more jobs get one worker per core, which holds memory
    // down.
    let workers = if runnable.len() <= workers + 1 { runnable.len() } else { workers };
    let (shared, settings) = (runnable.clone(), Arc::new(config.clone()));
    let many = data.len() > 1;
    let work = move |index: usize| {
        // Typst's cache would otherwise hold every CV until the end (3.5
        // GB for 200 CVs in three layouts); what the CVs share, such as the
        // layouts' code, stays in use. Evicting waits on the cache's users,
        // so it comes before a job, once the last result is sent.
        comemo::evict(EVICT_AFTER);
        let (_, job) = &shared[index];
        let data = data[job.data].as_ref().ok_or(Error::Reported(1))?;
        let made = make_one(job, data, &settings);
        if many {
            made.map_err(|e| e.about(&format!("the render of {}", data.source.name())))
        } else {
            made
        }
    };
    let cut_short = || Err(pipeline::cut_short("rendered"));
    // The caller writes: a worker given up on is never half way through.
    let ran = deadline::each(runnable.len(), workers, work, cut_short, |index, made| {
        let job = &runnable[index].1;
        let done = made.and_then(|made| write_made(job, config, made));
        report(job, &done);
        done
    });
    // A job that did not run had data that did not load, said already.
    let mut results: Vec<Result<Done, Error>> =
        jobs.iter().map(|_| Err(Error::Reported(1))).collect();
    for ((slot, _), result) in runnable.iter().zip(ran) {
        results[*slot] = result;
    }
    results
}

/// `out/cv.png` for page 2 is `out/cv-2.png`.
pub fn numbered(path: &Path, page: usize) -> PathBuf {
    let stem = path.file_stem().map_or("cv".into(), |s| s.to_string_lossy());
    let extension =
        path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    path.with_file_name(format!("{stem}-{page}{extension}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_names_for_one_and_many() {
        let classic = layouts("classic").unwrap();
        let all = layouts("all").unwrap();
        let one = [Source::File("data/cv.yaml".into())];
        let outputs =
            |jobs: Vec<Job>| -> Vec<String> { jobs.iter().map(|j| j.output.name()).collect() };
        let jobs = plan(&one, &classic, false, Format::Pdf, None).unwrap();
        assert_eq!(outputs(jobs), ["out/cv-classic.pdf"]);
        let dist = Output::Path("dist".into());
        let jobs = plan(&one, &all, false, Format::Pdf, Some(&dist)).unwrap();
        let every: Vec<String> =
            crate::layouts::BUILTIN.iter().map(|l| format!("dist/cv-{}.pdf", l.name)).collect();
        assert_eq!(outputs(jobs), every);
        let many = [Source::File("team/ada.yaml".into()), Source::File("team/bob.json".into())];
        let jobs = plan(&many, &classic, true, Format::Pdf, None).unwrap();
        assert_eq!(jobs[1].output, Output::Path("out/bob-classic.pdf".into()));
        assert_eq!(numbered(Path::new("out/cv.png"), 2), Path::new("out/cv-2.png"));
        // Text does not depend on the layout: one file per CV.
        let jobs = plan(&one, &all, false, Format::Txt, None).unwrap();
        assert_eq!(outputs(jobs), ["out/cv.txt"]);
        let jobs = plan(&many, &all, true, Format::Txt, None).unwrap();
        assert_eq!(outputs(jobs), ["out/ada.txt", "out/bob.txt"]);
    }

    #[test]
    fn directories_standard_output_and_collisions() {
        let classic = layouts("classic").unwrap();
        let all = layouts("all").unwrap();
        let ada = [Source::File("team/ada.yaml".into())];
        let pdfs = Output::Path("pdfs".into());
        let jobs = plan(&ada, &classic, true, Format::Pdf, Some(&pdfs)).unwrap();
        assert_eq!(jobs[0].output, Output::Path("pdfs/ada-classic.pdf".into()));
        let slash = Output::Path("pdfs/".into());
        let jobs = plan(&ada, &classic, false, Format::Pdf, Some(&slash)).unwrap();
        assert_eq!(jobs[0].output, Output::Path("pdfs/cv-classic.pdf".into()));
        let stdout = Some(&Output::Stdout);
        assert!(matches!(plan(&ada, &all, false, Format::Pdf, stdout), Err(Error::Usage(_))));
        assert!(matches!(plan(&ada, &classic, true, Format::Pdf, stdout), Err(Error::Usage(_))));
        let twins = [Source::File("t/ada.yaml".into()), Source::File("t/Ada.json".into())];
        let error = plan(&twins, &classic, true, Format::Pdf, None).unwrap_err();
        assert!(error.to_string().contains("t/ada.yaml and t/Ada.json"), "{error}");
    }
}
