//! Rendering many CVs and layouts at once, in parallel, sharing the fonts
//! and Typst's caches: `--layout all`, `--data DIR`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Error};
use crate::fonts::Fonts;
use crate::layouts::{BUILTIN, Layout};
use crate::pipeline::{self, Settings, Timings};
use crate::render::{Artifact, ExportOptions, Format, write_output};

/// One CV in one layout, and where its files go.
#[derive(Debug, Clone)]
pub struct Job {
    /// The data file.
    pub data: PathBuf,
    /// The layout.
    pub layout: Layout,
    /// The output file; per-page formats number it (`cv-2.png`).
    pub output: PathBuf,
}

/// What a job made.
#[derive(Debug)]
pub struct Done {
    /// The files written.
    pub written: Vec<PathBuf>,
    /// The page count.
    pub pages: usize,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// What fitting gave up.
    pub fitted: Vec<String>,
    /// How long each step took.
    pub timings: Timings,
}

/// The layouts `--layout` names: every built-in one for `all`.
pub fn layouts(arg: &str) -> Result<Vec<Layout>, Error> {
    if arg == "all" {
        return Ok(BUILTIN.iter().map(Layout::Builtin).collect());
    }
    Layout::resolve(arg).map(|layout| vec![layout])
}

/// The data files `--data` names: the file, or every `.yaml`, `.yml` and
/// `.json` file of a directory, sorted.
pub fn data_files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    match std::fs::metadata(path) {
        // Said once, rather than once per layout.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::invalid(pipeline::missing_data(path)));
        }
        Err(e) => return Err(Error::io("read", path, e)),
        Ok(meta) if !meta.is_dir() => return Ok(vec![path.to_owned()]),
        Ok(_) => {}
    }
    let entries = std::fs::read_dir(path).map_err(|e| Error::io("read directory", path, e))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
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
    Ok(files)
}

/// The jobs for every data file and layout. One job writes to `output` (or
/// `out/cv-<layout>.<ext>`); several write into the `output` directory (or
/// `out/`), as `<stem>-<layout>.<ext>` (`cv-<layout>` for a single file).
pub fn plan(
    data: &[PathBuf],
    layouts: &[Layout],
    directory_input: bool,
    format: Format,
    output: Option<&Path>,
) -> Vec<Job> {
    let single = data.len() == 1 && layouts.len() == 1;
    let mut jobs = Vec::new();
    for file in data {
        let stem = if directory_input {
            file.file_stem().map_or("cv".into(), |s| s.to_string_lossy().into_owned())
        } else {
            "cv".to_owned()
        };
        for layout in layouts {
            let name = match format {
                Format::Txt if layouts.len() == 1 => format!("{stem}.txt"),
                _ => format!("{stem}-{}.{}", layout.name(), format.extension()),
            };
            let output = match output {
                Some(path) if single => path.to_owned(),
                Some(dir) => dir.join(&name),
                None => Path::new("out").join(&name),
            };
            jobs.push(Job { data: file.clone(), layout: layout.clone(), output });
        }
    }
    jobs
}

/// Runs one job: load, render, export, write.
pub fn run_one(
    job: &Job,
    fonts: &Arc<Fonts>,
    settings: &Settings,
    format: Format,
    export: &ExportOptions,
) -> Result<Done, Error> {
    let started = Instant::now();
    let loaded = pipeline::load_data(&job.data)?;
    let loading = started.elapsed();
    let settings = Settings { layout: job.layout.clone(), ..settings.clone() };
    let rendered = pipeline::render(fonts, &loaded, &job.data, &settings)?;
    let mut timings = Timings::default();
    timings.add("load", loading);
    timings.0.extend(rendered.timings.0.iter().cloned());
    let artifacts = timings.time("export", || rendered.export(format, export))?;
    let written = timings.time("write", || write_artifacts(&job.output, &artifacts))?;
    Ok(Done {
        written,
        pages: rendered.pages(),
        warnings: rendered.warnings,
        fitted: rendered.fitted,
        timings,
    })
}

/// Writes exported files: one to `output`, or one per page numbered after
/// it. Standard output takes a single file.
pub fn write_artifacts(output: &Path, artifacts: &[Artifact]) -> Result<Vec<PathBuf>, Error> {
    let to_stdout = output.as_os_str() == "-";
    if to_stdout && artifacts.len() != 1 {
        return Err(Error::Usage(format!(
            "{} files (one per page) cannot all go to standard output: give --output FILE, or --pages N for one",
            artifacts.len()
        )));
    }
    let mut written = Vec::new();
    for artifact in artifacts {
        let path = match artifact.page {
            Some(page) if !to_stdout => numbered(output, page),
            _ => output.to_owned(),
        };
        write_output(&path, &artifact.bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// How many jobs a cached result may go unused before it is dropped.
const EVICT_AFTER: usize = 4;

/// Runs jobs on every core. `report` is called once per finished job, from
/// the worker that ran it, in completion order.
pub fn run_all(
    jobs: &[Job],
    fonts: &Arc<Fonts>,
    settings: &Settings,
    format: Format,
    export: &ExportOptions,
    report: &(dyn Fn(&Job, &Result<Done, Error>) + Sync),
) -> Vec<Result<Done, Error>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Done, Error>>>> =
        Mutex::new(jobs.iter().map(|_| None).collect());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len());
    // One job more than cores (the three layouts of one CV on two) gets a
    // thread each, so the OS shares the cores and none idles while the last
    // job runs alone; more jobs get one worker per core, which holds memory
    // down.
    let workers = if jobs.len() <= workers + 1 { jobs.len() } else { workers };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(index) else { break };
                    let result = run_one(job, fonts, settings, format, export);
                    // Typst's cache would otherwise hold every CV until the
                    // end (3.5 GB for 200 CVs in three layouts); what the
                    // CVs share, such as the layouts' code, stays in use.
                    comemo::evict(EVICT_AFTER);
                    report(job, &result);
                    if let Ok(mut results) = results.lock() {
                        results[index] = Some(result);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| Err(Error::Invalid(vec![Diagnostic::error("the job did not run")])))
        })
        .collect()
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
        let one = PathBuf::from("data/cv.yaml");
        let jobs = plan(std::slice::from_ref(&one), &classic, false, Format::Pdf, None);
        assert_eq!(jobs[0].output, Path::new("out/cv-classic.pdf"));
        let jobs =
            plan(std::slice::from_ref(&one), &all, false, Format::Pdf, Some(Path::new("dist")));
        let names: Vec<_> = jobs.iter().map(|j| j.output.display().to_string()).collect();
        assert_eq!(names, ["dist/cv-classic.pdf", "dist/cv-onepage.pdf", "dist/cv-ovni.pdf"]);
        let many = [PathBuf::from("team/ada.yaml"), PathBuf::from("team/bob.json")];
        let jobs = plan(&many, &classic, true, Format::Pdf, None);
        assert_eq!(jobs[1].output, Path::new("out/bob-classic.pdf"));
        assert_eq!(numbered(Path::new("out/cv.png"), 2), Path::new("out/cv-2.png"));
    }
}
