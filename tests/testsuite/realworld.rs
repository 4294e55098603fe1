//! Real-world CVs: every case of `tests/realworld/` (see its README) is
//! rendered by the real binary in every built-in layout, and checked by
//! `cvpdf check`, whose verdict must be the render's. Each case's `.expect`
//! says what must happen: the layouts render it (and the PDF holds the
//! expected text and links), or refuse it with a located error.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::common;
use crate::corpus::{Case, cases, font_dirs};
use cvpdf::layouts::{BUILTIN, Builtin};

/// Cases run at once: the machine has two cores.
const WORKERS: usize = 2;

/// A run that takes longer than this hangs (the slowest, a 45-job CV in
/// `onepage`, takes seconds in a debug build).
const TIME_LIMIT: Duration = Duration::from_secs(240);

/// How near a page's left or right edge text may come, in points (1.2 cm):
/// every built-in layout keeps side margins of 1.55 cm or more, into which
/// Typst hangs only line-end punctuation and hyphens. Text nearer the edge
/// has run out of its column, and may be clipped.
const SIDE_MARGIN: f64 = 34.0;

/// One run of cvpdf: a render in one layout, or `check` in that layout.
struct Job<'a> {
    case: &'a Case,
    /// The layout rendered or checked.
    layout: &'static Builtin,
    /// Whether the run is `check --layout NAME` rather than a render.
    check: bool,
    font_dir: Option<PathBuf>,
}

/// What a run did.
#[derive(Default)]
struct Outcome {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
    /// The PDF's text, normalised, as a whole and line by line, its link
    /// targets, and the characters drawn outside their page.
    text: String,
    lines: Vec<String>,
    links: Vec<String>,
    outside: Vec<String>,
    /// Why the PDF could not be read, if it could not.
    unreadable: Option<String>,
    /// In `sidebar`, why its band is not one block of text to pdftotext.
    band: Option<String>,
}

/// Runs a command with the time limit, its output in files (no pipe fills).
fn run_limited(mut command: Command, dir: &Path) -> (Option<i32>, String, Duration) {
    let err_path = dir.join("stderr");
    command.stdin(Stdio::null()).stdout(Stdio::null());
    command.stderr(std::fs::File::create(&err_path).unwrap());
    let start = Instant::now();
    let mut child = command.spawn().expect("cvpdf starts");
    let status = common::wait_within(&mut child, TIME_LIMIT);
    let mut stderr = String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned();
    if status.is_none() {
        let _ = write!(stderr, "\n[killed after {TIME_LIMIT:?}]");
    }
    (status.and_then(|s| s.code()), stderr, start.elapsed())
}

fn run(job: &Job) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let data = job.case.data.to_str().unwrap();
    let mut command = common::cvpdf();
    if job.check {
        command.args(["check", "--layout", job.layout.name]);
    } else {
        command.args(["--data", data, "--layout", job.layout.name, "--output"]).arg(&out);
    }
    if let Some(fonts) = &job.font_dir {
        command.arg("--font-path").arg(fonts);
    }
    command.args(&job.case.expect.args);
    if job.check {
        command.arg(data);
    }
    let (code, stderr, elapsed) = run_limited(command, dir.path());
    let mut outcome = Outcome { code, stderr, elapsed, ..Outcome::default() };
    if !job.check && code == Some(0) {
        read_pdf(&out, &mut outcome);
    }
    if !job.check && job.layout.name == "sidebar" && code == Some(0) {
        let pdf = std::fs::read(&out).unwrap_or_default();
        let one = std::panic::catch_unwind(|| crate::sidebar::band_is_one_block(&pdf));
        outcome.band = one.unwrap_or_else(|_| Err("the band could not be read".into())).err();
    }
    outcome
}

/// The text and links of the PDF written, or why they could not be read.
fn read_pdf(path: &Path, outcome: &mut Outcome) {
    let Ok(bytes) = std::fs::read(path) else {
        outcome.unreadable = Some("exit 0 but no PDF written".into());
        return;
    };
    let read = std::panic::catch_unwind(|| {
        (common::pdf_pages_and_outside(&bytes, SIDE_MARGIN), common::link_targets(&bytes))
    });
    let Ok(((pages, outside), links)) = read else {
        outcome.unreadable = Some("the PDF's text could not be extracted".into());
        return;
    };
    let text = pages.join("\n");
    outcome.lines = text.lines().map(common::normalise).collect();
    outcome.text = common::normalise(&text);
    (outcome.links, outcome.outside) = (links, outside);
}

/// stderr's diagnostics: each block starts with `warning` or `error` and
/// runs to the next one.
fn blocks<'a>(stderr: &'a str, severity: &str) -> Vec<String> {
    let mut blocks: Vec<(&'a str, String)> = Vec::new();
    for line in stderr.lines() {
        let starts = ["warning", "error"].into_iter().find(|s| line.starts_with(s));
        match (starts, blocks.last_mut()) {
            (Some(s), _) => blocks.push((s, line.to_owned())),
            (None, Some((_, block))) if line.starts_with([' ', '=', '│']) || line.is_empty() => {
                block.push('\n');
                block.push_str(line);
            }
            _ => {}
        }
    }
    blocks.into_iter().filter(|(s, _)| *s == severity).map(|(_, b)| b).collect()
}

fn has_hint(stderr: &str) -> bool {
    stderr.lines().any(|l| l.trim_start().trim_start_matches("= ").starts_with("hint:"))
}

/// What is wrong with one layout's render, or with `check`, for a case.
fn stderr_failures(case: &Case, o: &Outcome, failed: &mut Vec<String>) {
    let e = &case.expect;
    let at = |(l, c): (usize, usize)| format!("{}:{l}:{c}", case.data.display());
    let warnings = blocks(&o.stderr, "warning");
    for (loc, message) in &e.warnings {
        let found = warnings
            .iter()
            .any(|w| w.contains(message.as_str()) && loc.is_none_or(|l| w.contains(&at(l))));
        if !found {
            let place = loc.map(|l| format!(" at {}", at(l))).unwrap_or_default();
            failed.push(format!("no warning{place} saying {message:?}"));
        }
    }
    if let Some(max) = e.max_warnings.filter(|m| warnings.len() > *m) {
        failed.push(format!("{} warnings, more than {max}", warnings.len()));
    }
    let errors = blocks(&o.stderr, "error").len();
    if let Some(max) = e.max_errors.filter(|m| errors > *m) {
        failed.push(format!("{errors} errors, more than {max}"));
    }
    for s in e.stderr.iter().filter(|s| !o.stderr.contains(s.as_str())) {
        failed.push(format!("stderr lacks {s:?}"));
    }
    for s in e.not_stderr.iter().filter(|s| o.stderr.contains(s.as_str())) {
        failed.push(format!("stderr has {s:?}"));
    }
    if o.stderr.contains("panicked") {
        failed.push("it panicked".into());
    }
    if let Some((l, c, message)) = &e.refuses {
        if o.code != Some(1) {
            failed.push(format!("exit {:?}, not 1", o.code));
        }
        if !o.stderr.contains(&at((*l, *c))) || !o.stderr.contains(message.as_str()) {
            failed.push(format!("no error at {} saying {message:?}", at((*l, *c))));
        }
        if !has_hint(&o.stderr) {
            failed.push("no `hint:` line".into());
        }
    }
}

/// What is wrong with a render's PDF.
fn pdf_failures(case: &Case, layout: &Builtin, o: &Outcome, failed: &mut Vec<String>) {
    if o.code != Some(0) {
        failed.push(format!("exit {:?}, not 0", o.code));
        return;
    }
    if let Some(why) = &o.unreadable {
        failed.push(why.clone());
        return;
    }
    let applies = |scope: &Option<Vec<String>>| {
        scope.as_ref().is_none_or(|s| s.iter().any(|n| n == layout.name))
    };
    let e = &case.expect;
    for (_, text) in e.text.iter().filter(|(s, _)| applies(s)) {
        if !o.text.contains(&common::normalise(text)) {
            failed.push(format!("the PDF lacks the text {text:?}"));
        }
    }
    for (_, text) in e.not_text.iter().filter(|(s, _)| applies(s)) {
        if o.text.contains(&common::normalise(text)) {
            failed.push(format!("the PDF has the text {text:?}"));
        }
    }
    for (_, text) in e.lines.iter().filter(|(s, _)| applies(s)) {
        // Normalising the whole text joins hyphenated words, so an
        // occurrence found there but in no single line was broken.
        let text = common::normalise(text);
        let whole: usize = o.lines.iter().map(|l| l.matches(text.as_str()).count()).sum();
        let all = o.text.matches(text.as_str()).count();
        if whole == 0 || whole < all {
            failed.push(format!("{text:?} is broken across lines ({whole} of {all} whole)"));
        }
    }
    let joined = o.lines.concat();
    for address in e.addresses.iter().filter(|a| !joined.contains(a.as_str())) {
        failed.push(format!("the PDF lacks the address {address:?}, even across lines"));
    }
    if !o.outside.is_empty() {
        let first: Vec<&String> = o.outside.iter().take(3).collect();
        failed.push(format!(
            "{} characters in the side margins or off the page: {first:?}",
            o.outside.len()
        ));
    }
    if let Some(why) = &o.band {
        failed.push(format!("the band is not one block of text to pdftotext: {why}"));
    }
    let trim = |s: &str| s.trim_end_matches('/').to_owned();
    let links: BTreeSet<String> = o.links.iter().map(|l| trim(l)).collect();
    for link in e.links.iter().filter(|l| !links.contains(&trim(l))) {
        failed.push(format!("no link to {link}"));
    }
}

/// Every job of the cases that can run: a render per layout, a `check` per
/// page limit. The costliest (long files, fitting layouts) go first so that
/// the two workers finish together.
fn jobs<'a>(cases: &'a [Case], fonts: &[(&str, PathBuf)]) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    for case in cases {
        let font_dir = case.expect.font.map(|(kind, _)| {
            fonts.iter().find(|(k, _)| k == kind).map(|(_, dir)| dir.clone()).unwrap()
        });
        let layouts = if case.expect.renders.is_empty() {
            BUILTIN.iter().collect()
        } else {
            case.expect.renders.clone()
        };
        for layout in layouts {
            for check in [false, true] {
                jobs.push(Job { case, layout, check, font_dir: font_dir.clone() });
            }
        }
    }
    let cost = |j: &Job| {
        let size = std::fs::metadata(&j.case.data).map_or(0, |m| m.len());
        (!j.check, j.layout.max_pages.is_some(), size)
    };
    jobs.sort_by_key(|j| std::cmp::Reverse(cost(j)));
    jobs
}

/// Runs the jobs on [`WORKERS`] threads, each taking the next job when it is
/// free; the outcomes come back in the jobs' order.
fn run_all(jobs: &[Job]) -> Vec<Outcome> {
    let next = Mutex::new(0..jobs.len());
    let done: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| {
                while let Some(i) = next.lock().unwrap().next() {
                    let outcome = run(&jobs[i]);
                    done.lock().unwrap().push((i, outcome));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap();
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, o)| o).collect()
}

/// Everything wrong with a case, given its jobs' outcomes: each reason once,
/// with the runs (layouts, `check`) it applies to.
fn case_failures(case: &Case, runs: &[(&Job, &Outcome)]) -> Vec<String> {
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    for (job, outcome) in runs {
        let mut why = Vec::new();
        let layout = job.layout;
        let name = if job.check {
            if case.expect.refuses.is_some() {
                stderr_failures(case, outcome, &mut why);
                let refusal = ["exit", "no error", "it panicked"];
                why.retain(|w| refusal.iter().any(|r| w.starts_with(r)));
            }
            format!("check --layout {}", layout.name)
        } else {
            stderr_failures(case, outcome, &mut why);
            if case.expect.refuses.is_none() {
                pdf_failures(case, layout, outcome, &mut why);
            }
            let check = runs.iter().find(|(j, _)| j.check && std::ptr::eq(j.layout, layout));
            if let Some((_, check)) = check.filter(|(_, c)| c.code != outcome.code) {
                why.push(format!("`check` exits {:?}, the render {:?}", check.code, outcome.code));
            }
            layout.name.to_owned()
        };
        for reason in why {
            match found.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, names)) => names.push(name.clone()),
                None => found.push((reason, vec![name.clone()])),
            }
        }
    }
    found.into_iter().map(|(reason, names)| format!("{}: {reason}", names.join(", "))).collect()
}

#[test]
fn every_real_world_cv_renders_or_is_refused_as_expected() {
    let cases = cases();
    assert!(cases.len() >= 30, "tests/realworld/ holds {} cases, fewer than 30", cases.len());
    let scratch = tempfile::tempdir().unwrap();
    let fonts = font_dirs(scratch.path());
    let jobs = jobs(&cases, &fonts);

    let started = Instant::now();
    let outcomes = run_all(&jobs);
    let elapsed = started.elapsed();

    let mut report = String::new();
    let mut failing = Vec::new();
    for case in &cases {
        let runs: Vec<(&Job, &Outcome)> =
            jobs.iter().zip(&outcomes).filter(|(j, _)| std::ptr::eq(j.case, case)).collect();
        if runs.is_empty() {
            continue;
        }
        let failed = case_failures(case, &runs);
        if failed.is_empty() {
            continue;
        }
        failing.push(case.name.as_str());
        let stderr: String = runs
            .iter()
            .map(|(_, o)| o.stderr.as_str())
            .max_by_key(|s| s.len())
            .unwrap_or("")
            .chars()
            .take(1500)
            .collect();
        let _ = writeln!(
            report,
            "\n== {}\n- {}\n-- longest stderr:\n{stderr}",
            case.name,
            failed.join("\n- ")
        );
    }
    let (slow_job, slow) = jobs.iter().zip(&outcomes).max_by_key(|(_, o)| o.elapsed).unwrap();
    let what = if slow_job.check {
        format!("check --layout {}", slow_job.layout.name)
    } else {
        slow_job.layout.name.to_owned()
    };
    eprintln!(
        "{} cases, {} runs on {WORKERS} workers in {elapsed:.1?}; the slowest, {} {what}, took {:.1?}",
        cases.len(),
        jobs.len(),
        slow_job.case.name,
        slow.elapsed
    );
    eprintln!(
        "{} of {} cases as expected; failing: {failing:?}",
        cases.len() - failing.len(),
        cases.len()
    );
    assert!(report.is_empty(), "real-world CVs not handled as expected:{report}");
}
