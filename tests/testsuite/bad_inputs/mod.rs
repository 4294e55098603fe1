//! Bad inputs: every case of `tests/bad/` (see its README) and a few made
//! here (binary, huge or hostile files) goes through the real binary, which
//! must fail cleanly: exit code 1, no panic, the error's `file:line:column`
//! and message, a hint, and no PDF written over the earlier one.

mod budgets;
mod gate_cases;
mod generated;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// What the output file holds before each run: a failed run keeps it.
const EARLIER_PDF: &[u8] = b"%PDF-1.7\n% the earlier PDF: a failed run leaves it as it is\n%%EOF\n";

/// A case that takes longer than this hangs (a debug build takes well under
/// a second for any case).
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// Virtual memory a run may use, in KiB: an alias bomb that expands must
/// fail here rather than take the machine's memory.
const MEMORY_LIMIT_KIB: u64 = 4 * 1024 * 1024;

/// One thing checked for each case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Exit code 1, not 0, 2, a panic or a signal.
    Exit,
    /// `FILE:LINE:COLUMN` in stderr.
    At,
    /// Every expected message substring in stderr.
    Message,
    /// A `hint:` line in stderr.
    Hint,
    /// The earlier PDF untouched, no other file in the output directory.
    NoPdf,
    /// No character in stderr that a terminal acts on (ESC, BEL, a
    /// carriage return, a bidi override…): the input is quoted escaped.
    Escaped,
}

impl Check {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "exit" => Self::Exit,
            "at" => Self::At,
            "message" => Self::Message,
            "hint" => Self::Hint,
            "no-pdf" => Self::NoPdf,
            "escaped" => Self::Escaped,
            _ => return None,
        })
    }
}

/// What a case must print.
#[derive(Debug, Default)]
struct Expect {
    /// Whether the location is in the layout rather than the data file.
    in_layout: bool,
    /// 1-based line and column; `None` for a refusal before any file is
    /// parsed (a FIFO given as the data), whose messages name the file.
    at: Option<(usize, usize)>,
    /// Substrings of stderr.
    messages: Vec<String>,
    /// More command-line arguments, such as `--strict`; `{dir}` stands for
    /// the case's directory.
    args: Vec<String>,
    /// Checks that fail because of a known defect outside `src/model`,
    /// with the defect: reported, not failed.
    known_defects: Vec<(Check, String)>,
}

impl Expect {
    /// Reads an `.expect` file: `key: value` lines, `#` comments.
    fn parse(text: &str, origin: &str) -> Self {
        let mut expect = Self::default();
        let mut has_at = false;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (key, value) =
                line.split_once(':').unwrap_or_else(|| panic!("{origin}: no `key:` in {line:?}"));
            let value = value.trim();
            match key.trim() {
                "at" => {
                    let (l, c) = value.split_once(':').expect("at: LINE:COLUMN");
                    expect.at = Some((l.parse().expect("a line"), c.parse().expect("a column")));
                    has_at = true;
                }
                "in" => {
                    assert!(value == "layout" || value == "data", "{origin}: in: data|layout");
                    expect.in_layout = value == "layout";
                }
                "message" => expect.messages.push(value.to_owned()),
                "args" => expect.args.extend(value.split_whitespace().map(str::to_owned)),
                "known-defect" => {
                    let (check, note) = value.split_once(':').unwrap_or((value, ""));
                    let check = Check::parse(check.trim()).unwrap_or_else(|| {
                        panic!("{origin}: known-defect: exit|at|message|hint|no-pdf|escaped: NOTE")
                    });
                    expect.known_defects.push((check, note.trim().to_owned()));
                }
                other => panic!("{origin}: unknown key `{other}`"),
            }
        }
        assert!(has_at && !expect.messages.is_empty(), "{origin}: needs `at:` and `message:`");
        expect
    }

    fn known(&self, check: Check) -> Option<&str> {
        self.known_defects.iter().find(|(c, _)| *c == check).map(|(_, note)| note.as_str())
    }
}

/// A file of a case: bytes, or (on Unix) a symbolic link or a FIFO, or a
/// sparse file of that many bytes (large, but costing no disk).
enum Content {
    Bytes(Vec<u8>),
    #[cfg_attr(not(unix), allow(dead_code))]
    Link(PathBuf),
    #[cfg_attr(not(unix), allow(dead_code))]
    Fifo,
    Sparse(u64),
}

/// One bad input: its files, which of them are the data and the layout, and
/// what the run must print.
struct Case {
    name: String,
    files: Vec<(PathBuf, Content)>,
    data: PathBuf,
    layout: Option<PathBuf>,
    expect: Expect,
}

fn bad_dir() -> PathBuf {
    crate::common::root().join("tests/bad")
}

/// The committed cases: `NAME.expect` with `NAME.yaml`, `NAME.json` or a
/// directory `NAME/` holding `cv.yaml` or `cv.json` and maybe `layout.typ`.
fn committed_cases() -> Vec<Case> {
    let dir = bad_dir();
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let mut cases = Vec::new();
    let mut used: BTreeSet<PathBuf> = BTreeSet::from([dir.join("README.md")]);
    for expect_path in names.iter().filter(|p| p.extension().is_some_and(|e| e == "expect")) {
        let name = expect_path.file_stem().unwrap().to_string_lossy().into_owned();
        let expect = Expect::parse(
            &std::fs::read_to_string(expect_path).unwrap(),
            &expect_path.display().to_string(),
        );
        used.insert(expect_path.clone());
        let folder = dir.join(&name);
        let case = if folder.is_dir() {
            used.insert(folder.clone());
            let mut files = Vec::new();
            collect_files(&folder, Path::new(""), &mut files);
            let has = |f: &str| files.iter().any(|(p, _)| p == Path::new(f));
            let data = ["cv.yaml", "cv.json"].into_iter().find(|f| has(f));
            let data = data.unwrap_or_else(|| panic!("{name}/ has no cv.yaml or cv.json"));
            let layout = has("layout.typ").then(|| PathBuf::from("layout.typ"));
            Case { name, files, data: data.into(), layout, expect }
        } else {
            let data = ["yaml", "json"]
                .into_iter()
                .map(|e| dir.join(format!("{name}.{e}")))
                .find(|p| p.is_file())
                .unwrap_or_else(|| panic!("{name}.expect has no {name}.yaml, .json or {name}/"));
            used.insert(data.clone());
            let file_name = PathBuf::from(data.file_name().unwrap());
            let bytes = std::fs::read(&data).unwrap();
            Case {
                name,
                files: vec![(file_name.clone(), Content::Bytes(bytes))],
                data: file_name,
                layout: None,
                expect,
            }
        };
        cases.push(case);
    }
    let strays: Vec<&PathBuf> = names.iter().filter(|p| !used.contains(*p)).collect();
    assert!(strays.is_empty(), "files in tests/bad/ that belong to no case: {strays:?}");
    cases
}

fn collect_files(dir: &Path, prefix: &Path, files: &mut Vec<(PathBuf, Content)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let relative = prefix.join(path.file_name().unwrap());
        if path.is_dir() {
            collect_files(&path, &relative, files);
        } else {
            files.push((relative, Content::Bytes(std::fs::read(&path).unwrap())));
        }
    }
}

/// What one run printed and left behind.
struct Outcome {
    /// The data and layout paths as passed on the command line.
    data: String,
    layout: Option<String>,
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    output_untouched: bool,
    output_dir: Vec<String>,
    case_dir_changed: bool,
}

/// Every path under `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            found.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Writes the case into a fresh directory `/tmp/cvpdf-bad-…`: two levels
/// under the root, so that `../../etc/passwd` from it is `/etc/passwd`.
fn run(case: &Case) -> Outcome {
    let base =
        if Path::new("/tmp").is_dir() { PathBuf::from("/tmp") } else { std::env::temp_dir() };
    let dir = tempfile::Builder::new().prefix("cvpdf-bad-").tempdir_in(base).unwrap();
    let logs = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (path, content) in &case.files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        match content {
            Content::Bytes(bytes) => std::fs::write(&path, bytes).unwrap(),
            Content::Sparse(len) => File::create(&path).unwrap().set_len(*len).unwrap(),
            #[cfg(unix)]
            Content::Link(target) => std::os::unix::fs::symlink(target, &path).unwrap(),
            #[cfg(unix)]
            Content::Fifo => crate::common::make_fifo(&path),
            #[cfg(not(unix))]
            Content::Link(_) | Content::Fifo => {
                unreachable!("links and FIFOs are made on Unix only")
            }
        }
    }
    let out_dir = root.join("out");
    std::fs::create_dir(&out_dir).unwrap();
    // Named for the format written, which refuses a name of another.
    let output = out_dir.join(output_name(&case.expect.args));
    std::fs::write(&output, EARLIER_PDF).unwrap();
    let before = listing(root);

    let data = root.join(&case.data);
    // A PDF is given to `cvpdf extract`, which must not write either.
    let mut args: Vec<String> = match data.extension() {
        Some(pdf) if pdf == "pdf" => vec!["extract".into(), data.display().to_string()],
        _ => vec!["--data".into(), data.display().to_string()],
    };
    if let Some(layout) = &case.layout {
        args.extend(["--layout".into(), root.join(layout).display().to_string()]);
    }
    args.extend(["--output".into(), output.display().to_string()]);
    let dir_text = root.display().to_string();
    args.extend(case.expect.args.iter().map(|a| a.replace("{dir}", &dir_text)));

    let stdout_path = logs.path().join("stdout");
    let stderr_path = logs.path().join("stderr");
    let mut command = crate::common::cvpdf_with_memory_limit(MEMORY_LIMIT_KIB);
    command
        .args(&args)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).unwrap())
        .stderr(File::create(&stderr_path).unwrap());
    let start = Instant::now();
    let mut child = command.spawn().expect("cvpdf starts");
    let status = crate::common::wait_within(&mut child, TIME_LIMIT);
    let elapsed = start.elapsed();
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    let mut stderr = read(&stderr_path);
    if status.is_none() {
        stderr.push_str(&format!("\n[killed after {TIME_LIMIT:?}]"));
    }
    Outcome {
        data: data.display().to_string(),
        layout: case.layout.as_ref().map(|l| root.join(l).display().to_string()),
        code: status.and_then(|s| s.code()),
        stdout: read(&stdout_path),
        stderr,
        elapsed,
        output_untouched: std::fs::read(&output).ok().as_deref() == Some(EARLIER_PDF),
        output_dir: listing(&out_dir),
        case_dir_changed: listing(root) != before,
    }
}

/// The checks one case fails, each with why.
fn failures(case: &Case, outcome: &Outcome) -> Vec<(Check, String)> {
    let expect = &case.expect;
    let mut failed = Vec::new();
    match outcome.code {
        Some(1) if !outcome.stderr.contains("panicked") => {}
        Some(1) => failed.push((Check::Exit, "exit code 1, but it panicked".to_owned())),
        Some(code) => failed.push((Check::Exit, format!("exit code {code}, not 1"))),
        None => failed.push((Check::Exit, "killed by a signal or the time limit".to_owned())),
    }
    let file =
        if expect.in_layout { outcome.layout.as_ref().expect("a layout") } else { &outcome.data };
    if let Some((line, column)) = expect.at {
        // A name holding control characters is printed escaped.
        let location = format!("{}:{line}:{column}", cvpdf::diagnostics::escape(file));
        if !outcome.stderr.contains(&location) {
            failed.push((Check::At, format!("no `{location}` in stderr")));
        }
    }
    let missing: Vec<&String> =
        expect.messages.iter().filter(|m| !outcome.stderr.contains(m.as_str())).collect();
    if !missing.is_empty() {
        failed.push((Check::Message, format!("stderr lacks {missing:?}")));
    }
    if !outcome.stderr.lines().any(|l| l.trim_start().trim_start_matches("= ").starts_with("hint:"))
    {
        failed.push((Check::Hint, "no `hint:` line in stderr".to_owned()));
    }
    let mut pdf = Vec::new();
    if !outcome.output_untouched {
        pdf.push("the earlier PDF was changed or removed".to_owned());
    }
    if outcome.output_dir != [output_name(&case.expect.args)] {
        pdf.push(format!("the output directory holds {:?}", outcome.output_dir));
    }
    if outcome.case_dir_changed {
        pdf.push("files appeared or vanished beside the data".to_owned());
    }
    if !outcome.stdout.is_empty() {
        pdf.push(format!("stdout is not empty: {:?}", outcome.stdout));
    }
    if !pdf.is_empty() {
        failed.push((Check::NoPdf, pdf.join("; ")));
    }
    let acts_on_terminal = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')
            || matches!(c, '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    };
    if let Some(c) = outcome.stderr.chars().find(|&c| acts_on_terminal(c)) {
        failed.push((Check::Escaped, format!("stderr holds U+{:04X} unescaped", c as u32)));
    }
    failed
}

/// The earlier output a case must leave alone: `cv.<format>`, for the
/// `-f`/`--format` of its arguments (PDF by default).
fn output_name(args: &[String]) -> String {
    let format = args
        .windows(2)
        .find(|pair| pair[0] == "-f" || pair[0] == "--format")
        .map_or("pdf", |pair| pair[1].as_str());
    format!("cv.{format}")
}

#[test]
fn every_bad_input_fails_cleanly() {
    let mut cases = committed_cases();
    assert!(cases.len() >= 35, "tests/bad/ holds {} cases, fewer than 35", cases.len());
    cases.extend(generated::cases());
    cases.extend(gate_cases::cases());

    let started = Instant::now();
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let chunks: Vec<_> = cases
            .chunks(cases.len().div_ceil(4))
            .map(|chunk| scope.spawn(move || chunk.iter().map(run).collect::<Vec<_>>()))
            .collect();
        chunks.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });

    let mut report = String::new();
    let mut notes = String::new();
    for (case, outcome) in cases.iter().zip(&outcomes) {
        let failed = failures(case, outcome);
        let mut real = Vec::new();
        for (check, why) in &failed {
            match case.expect.known(*check) {
                Some(defect) => {
                    let _ = writeln!(notes, "known defect, {}: {why} ({defect})", case.name);
                }
                None => real.push(why.clone()),
            }
        }
        for (check, defect) in &case.expect.known_defects {
            if !failed.iter().any(|(c, _)| c == check) {
                let _ = writeln!(
                    notes,
                    "{}: the known defect seems fixed ({defect}); remove its `known-defect: {check:?}`",
                    case.name
                );
            }
        }
        if !real.is_empty() {
            let stderr: String = outcome.stderr.chars().take(3000).collect();
            let _ = writeln!(
                report,
                "\n== {} ({:?})\n- {}\n{stderr}",
                case.name,
                outcome.elapsed,
                real.join("\n- ")
            );
        }
    }
    eprint!("{notes}");
    let slowest = cases.iter().zip(&outcomes).max_by_key(|(_, o)| o.elapsed).unwrap();
    eprintln!(
        "{} bad inputs in {:?}; the slowest, {}, took {:?}",
        cases.len(),
        started.elapsed(),
        slowest.0.name,
        slowest.1.elapsed
    );
    assert!(report.is_empty(), "bad inputs not handled as they should be:{report}");
}
