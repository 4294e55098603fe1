//! Bad inputs: every case of `tests/bad/` (see its README) and a few made
//! here (binary, huge or hostile files) goes through the real binary, which
//! must fail cleanly: exit code 1, no panic, the error's `file:line:column`
//! and message, a hint, and no PDF written over the earlier one.

#[path = "bad_inputs/budgets.rs"]
mod budgets;
mod common;
mod gate_cases;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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
    common::root().join("tests/bad")
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

/// A case whose files are made here: binary, huge or hostile inputs that
/// are not committed.
fn generated(name: &str, data: &[u8], at: (usize, usize), message: &str) -> Case {
    Case {
        name: name.into(),
        files: vec![("cv.yaml".into(), Content::Bytes(data.to_vec()))],
        data: "cv.yaml".into(),
        layout: None,
        expect: Expect { at: Some(at), messages: vec![message.into()], ..Expect::default() },
    }
}

/// Bytes that look random, the same on every run.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

fn generated_cases() -> Vec<Case> {
    const CV: &str = "basics:\n  name: Ada Lovelace\n";
    let mut cases = Vec::new();

    // A PNG header then noise: the first byte is not UTF-8.
    let mut garbage = b"\x89PNG\r\n\x1a\n".to_vec();
    garbage.extend(noise(64 * 1024));
    cases.push(generated("gen-binary-garbage", &garbage, (1, 1), "is not valid UTF-8"));

    // Latin-1 `é` in a name.
    let latin1 = b"basics:\n  name: Caf\xe9 Lovelace\n";
    cases.push(generated("gen-invalid-utf8", latin1, (2, 12), "is not valid UTF-8"));

    let nul = b"basics:\n  name: Ada\0Lovelace\n";
    cases.push(generated("gen-nul-byte", nul, (2, 12), "contains NUL bytes"));

    // A byte-order mark and nothing else is an empty file.
    cases.push(generated("gen-byte-order-mark-only", b"\xEF\xBB\xBF", (1, 1), "is empty"));

    // 10 MB of valid YAML.
    let mut huge = format!("{CV}x-notes: |\n").into_bytes();
    let line = format!("  {}\n", "lorem ipsum dolor sit amet ".repeat(3));
    while huge.len() < 10 * 1024 * 1024 {
        huge.extend_from_slice(line.as_bytes());
    }
    cases.push(generated("gen-10-mb", &huge, (1, 1), "more than the 2 MB a CV can be"));

    // 1000 levels of `[`: the YAML scanner stops at level 256, column 8 + 256.
    let deep = format!("{CV}x-deep: {}{}\n", "[".repeat(1000), "]".repeat(1000));
    cases.push(generated("gen-deep-flow-nesting", deep.as_bytes(), (3, 264), "nested more than"));

    // 1000 levels of `- `: stopped at level 101, the 100th dash (the root
    // mapping is level 1), at column 3 + 2 × 99.
    let dashes = format!("{CV}x-deep:\n  {}x\n", "- ".repeat(1000));
    cases.push(generated(
        "gen-deep-block-nesting",
        dashes.as_bytes(),
        (4, 201),
        "nested more than",
    ));

    // A billion laughs: 9 levels of 10 aliases expand to 10^9 strings, kept
    // in `x-` keys that cvpdf would otherwise ignore.
    let mut bomb = String::from(CV);
    bomb.push_str("x-lol1: &lol1 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 2..=9 {
        let aliases = vec![format!("*lol{}", level - 1); 10].join(", ");
        bomb.push_str(&format!("x-lol{level}: &lol{level} [{aliases}]\n"));
    }
    bomb.push_str("x-lolz: *lol9\n");
    cases.push(generated("gen-alias-bomb", bomb.as_bytes(), (9, 16), "aliases expand the data"));

    // Few values but long ones: a 100 KB text aliased 40,000 times is 4 GB
    // once expanded (it took 3.9 GB); the text counts by its bytes.
    let mut long = format!("{CV}x-a: &s \"{}\"\nx-b: [", "x".repeat(100_000));
    long.push_str(&vec!["*s"; 40_000].join(","));
    long.push_str("]\n");
    // The 320th alias passes 2,000,000: 320 × 6,251.
    let at = (4, 7 + 3 * 318);
    cases.push(generated("gen-alias-long-text", long.as_bytes(), at, "a text counts once per 16"));

    // A photo that is a link out of the data's directory.
    #[cfg(unix)]
    cases.push(Case {
        name: "gen-photo-symlink-escapes".into(),
        files: vec![
            ("cv.yaml".into(), Content::Bytes(format!("{CV}  image: ada.jpg\n").into_bytes())),
            ("ada.jpg".into(), Content::Link("/etc/passwd".into())),
        ],
        data: "cv.yaml".into(),
        layout: None,
        expect: Expect {
            at: Some((3, 10)),
            messages: vec!["is outside the data file's directory".into()],
            ..Expect::default()
        },
    });

    // A photo that is a directory.
    cases.push(Case {
        name: "gen-photo-is-a-directory".into(),
        files: vec![
            ("cv.yaml".into(), Content::Bytes(format!("{CV}  image: photos\n").into_bytes())),
            ("photos/ada.jpg".into(), Content::Bytes(b"\xFF\xD8\xFF".to_vec())),
        ],
        data: "cv.yaml".into(),
        layout: None,
        expect: Expect {
            at: Some((3, 10)),
            messages: vec!["`photos` is a directory, not a photo".into()],
            ..Expect::default()
        },
    });

    cases.extend(hostile_text_cases());

    // A layout in Latin-1.
    cases.push(Case {
        name: "gen-layout-invalid-utf8".into(),
        files: vec![
            ("cv.yaml".into(), Content::Bytes(CV.as_bytes().to_vec())),
            (
                "layout.typ".into(),
                Content::Bytes(b"#import \"common.typ\": *\n// caf\xe9\n".to_vec()),
            ),
        ],
        data: "cv.yaml".into(),
        layout: Some("layout.typ".into()),
        expect: Expect {
            in_layout: true,
            // `// caf` is six characters: the Latin-1 `é` is the seventh.
            at: Some((2, 7)),
            messages: vec!["not valid UTF-8".into()],
            ..Expect::default()
        },
    });
    cases.extend(budgets::photo_cases());
    cases.extend(budgets::pdf_cases());
    cases
}

/// Text that would drive the terminal, lines ended by carriage returns
/// alone, absurd characters and long files.
fn hostile_text_cases() -> Vec<Case> {
    const CV: &str = "basics:\n  name: Ada Lovelace\n";
    let mut cases = Vec::new();
    let clear_and_retitle = "\\e[2J\\e]0;PWNED\\a";
    let value = format!("{CV}  email: \"{clear_and_retitle}\"\n");
    cases.push(generated("gen-escapes-in-a-value", value.as_bytes(), (3, 10), "`\\u{1b}[2J"));
    let key = format!("{CV}  \"{clear_and_retitle}\": x\n");
    // An unknown key is a warning; --strict makes it the error to read.
    let mut in_key =
        generated("gen-escapes-in-a-key", key.as_bytes(), (3, 3), "unknown key `\\u{1b}");
    in_key.expect.args = vec!["--strict".into()];
    cases.push(in_key);
    let raw = b"basics:\n  name: Ada\x1b[2J\x1b]0;PWNED\x07\n";
    cases.push(generated("gen-raw-escape-bytes", raw, (2, 12), "a control character"));
    let bidi = format!("{CV}  email: \"evil{}moc.elgoog@x\"\n", '\u{202E}');
    cases.push(generated("gen-bidi-override", bidi.as_bytes(), (3, 10), "evil\\u{202e}moc"));
    let mut named = generated("gen-escapes-in-the-file-name", value.as_bytes(), (3, 10), "email");
    named.data = "cv\u{1b}]0;PWNED\u{7}\n\u{1b}[2J.yaml".into();
    named.files[0].0 = named.data.clone();
    cases.push(named);

    // Lines ended by `\r` alone, as old Mac editors save them.
    let cr = b"basics:\r  name: Ada\r  email: nope\r";
    cases.push(generated("gen-cr-line-endings", cr, (3, 10), "is not an email address"));
    let cr = b"basics:\r  name: \"Ada\r  label: x\r";
    cases.push(generated("gen-cr-line-endings-syntax", cr, (2, 9), "never closed"));
    let json = b"{\r  \"basics\": {\"name\": \"Ada\",}\r}\r";
    let mut case = generated("gen-cr-line-endings-json", json, (2, 27), "trailing comma");
    case.data = "cv.json".into();
    case.files[0].0 = case.data.clone();
    cases.push(case);

    // One character of 5,000 combining marks (10 KB), a run of variation
    // selectors, and 5,000 emoji joined into one.
    let limit = "more than the 31 that one character may have";
    let marks = format!("basics:\n  name: A{}\n", "\u{301}".repeat(5000));
    cases.push(generated("gen-combining-marks", marks.as_bytes(), (2, 9), limit));
    let selectors = format!("{CV}  label: x{}\n", "\u{FE0F}".repeat(5000));
    cases.push(generated("gen-variation-selectors", selectors.as_bytes(), (3, 10), limit));
    let joined = format!("{CV}  label: {}\n", vec!["\u{1F469}"; 5000].join("\u{200D}"));
    cases.push(generated("gen-emoji-joined-into-one", joined.as_bytes(), (3, 10), limit));

    // 40,000 items on one line, then an error: each value's place used to
    // be found by reading the file from its start, which took minutes.
    let long = format!("{CV}x-list: [{}]\nwork: 1\n", vec!["a"; 40_000].join(","));
    cases.push(generated("gen-long-line-then-an-error", long.as_bytes(), (4, 7), "invalid type"));
    cases
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
            Content::Fifo => common::make_fifo(&path),
            #[cfg(not(unix))]
            Content::Link(_) | Content::Fifo => {
                unreachable!("links and FIFOs are made on Unix only")
            }
        }
    }
    let out_dir = root.join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let output = out_dir.join("cv.pdf");
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
    let mut command = limited_command();
    command
        .args(&args)
        .current_dir(common::root())
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).unwrap())
        .stderr(File::create(&stderr_path).unwrap());
    let start = Instant::now();
    let mut child = command.spawn().expect("cvpdf starts");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
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

/// `cvpdf` under a memory limit where the shell can set one.
fn limited_command() -> Command {
    let binary = env!("CARGO_BIN_EXE_cvpdf");
    if cfg!(unix) && Path::new("/bin/sh").exists() {
        let mut command = Command::new("/bin/sh");
        command.args([
            "-c",
            &format!("ulimit -v {MEMORY_LIMIT_KIB} 2>/dev/null; exec \"$0\" \"$@\""),
            binary,
        ]);
        command
    } else {
        Command::new(binary)
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
    if outcome.output_dir != ["cv.pdf"] {
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

#[test]
fn every_bad_input_fails_cleanly() {
    let mut cases = committed_cases();
    assert!(cases.len() >= 35, "tests/bad/ holds {} cases, fewer than 35", cases.len());
    cases.extend(generated_cases());
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
