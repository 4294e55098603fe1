//! Helpers for the integration tests: run the real binary, read its PDFs.

mod extract;
pub mod pdf;
mod process;

pub use extract::*;

pub use process::{cvpdf_with_memory_limit, pdftotext, run_bounded, wait_within};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use unicode_normalization::UnicodeNormalization;

/// The repository root, where `data/cv.yaml` is.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file's path.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The names of the built-in layouts, from `cvpdf::layouts::BUILTIN`: a
/// layout added there is tested wherever the tests take every layout.
pub fn builtin_layouts() -> impl Iterator<Item = &'static str> {
    cvpdf::layouts::BUILTIN.iter().map(|b| b.name)
}

/// The built-in layouts without a page limit, which print the whole CV.
pub fn unlimited_layouts() -> impl Iterator<Item = &'static str> {
    cvpdf::layouts::BUILTIN.iter().filter(|b| b.max_pages.is_none()).map(|b| b.name)
}

/// `cvpdf` with a clean environment, run from the repository root.
pub fn cvpdf() -> Command {
    clean(Command::new(env!("CARGO_BIN_EXE_cvpdf")))
}

/// `command` (cvpdf, or a shell that runs it) with a clean environment, run
/// from the repository root.
fn clean(mut command: Command) -> Command {
    command
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        .env_remove("CVPDF_MEMORY")
        // Tests are not timed: a loaded machine must not trip the default deadline.
        .env("CVPDF_TIMEOUT", "900")
        .env("TZ", "UTC");
    command
}

/// The result of a run, with its output as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cvpdf` with arguments.
pub fn run(args: &[&str]) -> Run {
    finish(cvpdf().args(args).output().expect("cvpdf runs"))
}

/// Collects a finished command's output.
pub fn finish(output: Output) -> Run {
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `cvpdf` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    finish(cvpdf().current_dir(dir).args(args).output().unwrap())
}

/// Renders `data` with `layout` into a fresh temporary directory and
/// returns the PDF's bytes, failing the test with cvpdf's messages if the
/// render fails.
pub fn render(data: &Path, layout: &str, extra: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let mut args = vec![
        "--data",
        data.to_str().unwrap(),
        "--layout",
        layout,
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let result = run(&args);
    assert_eq!(result.code, 0, "cvpdf {args:?} failed:\n{}", result.stderr);
    std::fs::read(&out).unwrap()
}

/// Writes `text` to `dir/name` and returns the path as text.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A CV written into a fresh temporary directory, with an output beside it.
pub struct Scratch {
    pub dir: tempfile::TempDir,
    pub data: PathBuf,
    pub out: PathBuf,
}

impl Scratch {
    /// Writes `yaml` as `cv.yaml` in a new temporary directory.
    pub fn new(yaml: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("cv.yaml");
        std::fs::write(&data, yaml).unwrap();
        let out = dir.path().join("cv.pdf");
        Self { dir, data, out }
    }

    /// The data file's path as text, as messages print it.
    pub fn data_str(&self) -> &str {
        self.data.to_str().unwrap()
    }

    /// Runs cvpdf on the CV into `out`, with more arguments.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--data", self.data_str(), "--output", self.out.to_str().unwrap()];
        all.extend_from_slice(args);
        run(&all)
    }

    /// The file written to `out`.
    pub fn pdf(&self) -> Vec<u8> {
        std::fs::read(&self.out).unwrap()
    }
}

/// Says that a check cannot run here because `what` is missing: under CI
/// (`CI=true`, as GitHub Actions sets it) that fails the test; elsewhere the
/// test is skipped with a line on the terminal. The line is written to
/// stderr directly, which the test harness does not capture, so a skip is
/// seen without `--nocapture`.
pub fn unavailable(what: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!ci, "{what} is missing, and under CI every check must run");
    use std::io::Write;
    let _ =
        writeln!(std::io::stderr().lock(), "SKIPPED: {what} is missing, so a check did not run");
}

/// The seed CV rendered with a layout.
pub fn render_seed(layout: &str) -> Vec<u8> {
    render(&root().join("data/cv.yaml"), layout, &[])
}

/// Text made comparable: NFKC; typographic quotes and apostrophes made
/// straight; words cut by hyphenation joined; no space before closing
/// punctuation; whitespace collapsed.
///
/// Typst maps its hyphenation hyphen to U+00AD and a real hyphen to U+002D,
/// but the PDF's ToUnicode map holds one text per glyph: whichever use comes
/// first wins, and the other gets an `/ActualText` that poppler honours and
/// pdf-extract ignores. So with pdf-extract a line-end hyphen may read `-`
/// or U+00AD (sometimes after a space), and a mid-line hyphen U+00AD. Lines
/// never break at a real hyphen (layouts box hyphenated words), so a hyphen
/// at a line end is always a hyphenation one.
pub fn normalise(text: &str) -> String {
    let text: String = text.nfkc().collect();
    let text = text
        .replace(" \u{ad}\n", "")
        .replace("\u{ad}\n", "")
        .replace(" -\n", "")
        .replace("-\n", "")
        .replace(" \u{ad} ", "-")
        .replace('\u{ad}', "-")
        .replace(['’', '‘'], "'")
        .replace(['«', '»', '“', '”'], "\"");
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // Quotes in French are spaced inside: « mot » and "mot" compare equal.
    let out = out.replace("\" ", "\"").replace(" \"", "\"");
    let mut out = out;
    for mark in [".", ",", ")", "!", "?", ":", ";"] {
        out = out.replace(&format!(" {mark}"), mark);
    }
    out
}

/// The seed's section headings, such as "Warez 2000-2004 Script Kiddie extra scolaire".
pub fn seed_headings() -> Vec<String> {
    let seed = std::fs::read_to_string(fixture("seed.md")).unwrap();
    seed.lines().filter_map(|l| l.trim().strip_prefix("## ")).map(str::to_owned).collect()
}

/// The seed's text, from its Markdown, as sentences; headings excluded.
pub fn seed_sentences() -> Vec<String> {
    let seed = std::fs::read_to_string(fixture("seed.md")).unwrap();
    // The seed's own page breaks cut sentences in two; data/cv.yaml joins them.
    let seed = seed
        .replace("au\n\nmarché", "au marché")
        .replace("aujourd'hui\n\nn'existent", "aujourd'hui n'existent")
        .replace("qui me\n\nparaissait", "qui me paraissait");
    let mut sentences = Vec::new();
    for block in seed.split("\n\n") {
        let block = block.trim();
        if block.is_empty() || block.starts_with("## ") {
            continue;
        }
        let plain = cvpdf::markup::plain_text(&cvpdf::markup::parse(block, false).blocks);
        let plain = normalise(&plain);
        let mut start = 0;
        let chars: Vec<(usize, char)> = plain.char_indices().collect();
        for (i, (at, c)) in chars.iter().enumerate() {
            let next_is_space = chars.get(i + 1).is_none_or(|(_, n)| *n == ' ');
            if matches!(c, '.' | '!' | '?') && next_is_space {
                let end = at + c.len_utf8();
                let sentence = plain[start..end].trim();
                if !sentence.is_empty() {
                    sentences.push(sentence.to_owned());
                }
                start = end;
            }
        }
        let rest = plain[start..].trim();
        if !rest.is_empty() {
            sentences.push(rest.to_owned());
        }
    }
    sentences
}

/// A valid 1×1 PNG, for photos and layout images.
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0xC9, 0xFE, 0x92, 0xEF, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// Makes a FIFO (named pipe) at `path`.
#[cfg(unix)]
pub fn make_fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `c_path` is a valid NUL-terminated path for the call.
    let made = unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

/// Every file under `dir`, at any depth, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(dir) = dirs.pop() {
        for path in std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()) {
            if path.is_dir() { dirs.push(path) } else { found.push(path) }
        }
    }
    found.sort();
    found
}
