//! The real-world corpus: the cases of `tests/realworld/` and what each
//! expects (the `.expect` format is in its README), and the fonts some need.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cvpdf::layouts::{BUILTIN, Builtin};

/// Fonts some cases need, which cvpdf does not embed: a kind, and the
/// font of `tests/fixtures/fonts/` (a subset with the cases' characters)
/// that is passed with `--font-path`.
pub const FONTS: &[(&str, &str)] =
    &[("cjk", "NotoSansCJKsc-Regular-subset.otf"), ("arabic", "NotoSansArabic-Regular-subset.ttf")];

/// What a case must do; see `tests/realworld/README.md` for the format.
#[derive(Debug, Default)]
pub struct Expect {
    /// Layouts that must render it (exit 0); empty when it is refused.
    pub renders: Vec<&'static Builtin>,
    /// `(line, column, message)` of the error every layout refuses it with.
    pub refuses: Option<(usize, usize, String)>,
    /// Warnings that must be printed: a location and a substring.
    pub warnings: Vec<(Option<(usize, usize)>, String)>,
    pub max_warnings: Option<usize>,
    pub max_errors: Option<usize>,
    pub stderr: Vec<String>,
    pub not_stderr: Vec<String>,
    /// Substrings of the PDF's text, in all layouts or in those named.
    pub text: Vec<(Option<Vec<String>>, String)>,
    pub not_text: Vec<(Option<Vec<String>>, String)>,
    /// Substrings that must be in the PDF's text, each occurrence whole
    /// inside one line (never hyphenated nor broken).
    pub lines: Vec<(Option<Vec<String>>, String)>,
    /// Addresses typed in running text: in the text, whole or broken
    /// across lines (an address breaks at any line end, adding nothing).
    pub addresses: Vec<String>,
    pub links: Vec<String>,
    /// A kind of font from [`FONTS`].
    pub font: Option<&'static (&'static str, &'static str)>,
    pub args: Vec<String>,
    pub sources: Vec<String>,
}

/// `LINE:COLUMN rest` as a location and the rest, if it starts so.
fn located(value: &str) -> (Option<(usize, usize)>, String) {
    let (head, rest) = value.split_once(' ').unwrap_or((value, ""));
    let parsed = head.split_once(':').and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)));
    match parsed {
        Some(at) => (Some(at), rest.trim().to_owned()),
        None => (None, value.to_owned()),
    }
}

/// `text[classic,ovni]` as `text` and the layouts named.
fn scoped(key: &str) -> (&str, Option<Vec<String>>) {
    match key.split_once('[') {
        Some((key, rest)) => {
            let names = rest.trim_end_matches(']').split(',').map(|s| s.trim().to_owned());
            (key, Some(names.collect()))
        }
        None => (key, None),
    }
}

fn layouts(value: &str, origin: &str) -> Vec<&'static Builtin> {
    if value == "all" {
        return BUILTIN.iter().collect();
    }
    let find = |n: &str| BUILTIN.iter().find(|b| b.name == n.trim());
    value.split(',').map(|n| find(n).unwrap_or_else(|| panic!("{origin}: no layout {n}"))).collect()
}

impl Expect {
    /// Reads an `.expect` file: `key: value` lines, `#` comments.
    pub fn parse(text: &str, origin: &str) -> Self {
        let mut e = Self::default();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (key, value) = line.split_once(':').unwrap_or((line, ""));
            let (key, scope) = scoped(key.trim());
            let value = value.trim();
            let number = || value.parse().unwrap_or_else(|_| panic!("{origin}: {line}"));
            match key {
                "renders" => e.renders = layouts(value, origin),
                "refuses" => {
                    let (at, message) = located(value);
                    let (l, c) = at.unwrap_or_else(|| panic!("{origin}: refuses: L:C message"));
                    e.refuses = Some((l, c, message));
                }
                "warning" => e.warnings.push(located(value)),
                "no-warning" => e.max_warnings = Some(0),
                "max-warnings" => e.max_warnings = Some(number()),
                "max-errors" => e.max_errors = Some(number()),
                "stderr" => e.stderr.push(value.to_owned()),
                "not-stderr" => e.not_stderr.push(value.to_owned()),
                "text" => e.text.push((scope, value.to_owned())),
                "not-text" => e.not_text.push((scope, value.to_owned())),
                "line" => e.lines.push((scope, value.to_owned())),
                "address" => e.addresses.push(value.to_owned()),
                "link" => e.links.push(value.to_owned()),
                "font-path" => {
                    let font = FONTS.iter().find(|(kind, _)| *kind == value);
                    e.font = Some(font.unwrap_or_else(|| panic!("{origin}: no font kind {value}")));
                }
                "args" => e.args.extend(value.split_whitespace().map(str::to_owned)),
                "source" => e.sources.push(value.to_owned()),
                other => panic!("{origin}: unknown key `{other}`"),
            }
        }
        assert!(
            e.refuses.is_some() == e.renders.is_empty(),
            "{origin}: needs `renders:` or `refuses:`, not both"
        );
        e
    }
}

/// One CV of the corpus and what it must do.
pub struct Case {
    pub name: String,
    pub data: PathBuf,
    pub expect: Expect,
}

fn corpus_dir() -> PathBuf {
    crate::common::root().join("tests/realworld")
}

/// Whether `text` names `report` (`owner/repo#12`, not as part of `#123`).
fn names(text: &str, report: &str) -> bool {
    text.match_indices(report)
        .any(|(i, _)| !text[i + report.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Every `NAME.expect` with its `NAME.json`, `.yaml` or `.yml`; any other
/// file but the README makes the test fail, and so does a case or a bug
/// report that the README does not list.
pub fn cases() -> Vec<Case> {
    let dir = corpus_dir();
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("tests/realworld/README.md");
    let mut used = BTreeSet::from([dir.join("README.md")]);
    let mut cases = Vec::new();
    for expect in files.iter().filter(|p| p.extension().is_some_and(|e| e == "expect")) {
        let name = expect.file_stem().unwrap().to_string_lossy().into_owned();
        let data = ["json", "yaml", "yml"]
            .iter()
            .map(|ext| dir.join(format!("{name}.{ext}")))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("{name}.expect has no {name}.json, .yaml or .yml"));
        let origin = expect.display().to_string();
        let expect_text = std::fs::read_to_string(expect).unwrap();
        let case = Case { name, data: data.clone(), expect: Expect::parse(&expect_text, &origin) };
        let file_name = data.file_name().unwrap().to_string_lossy().into_owned();
        assert!(readme.contains(&format!("`{file_name}`")), "the README does not list {file_name}");
        for source in &case.expect.sources {
            assert!(names(&readme, source), "the README does not list {source}");
        }
        used.extend([expect.clone(), data]);
        cases.push(case);
    }
    let strays: Vec<&PathBuf> = files.iter().filter(|p| !used.contains(*p)).collect();
    assert!(strays.is_empty(), "files in tests/realworld/ that belong to no case: {strays:?}");
    cases
}

/// The font directory for each kind: a copy of its font alone, so that
/// each case gets the font of its kind and no other.
pub fn font_dirs(scratch: &Path) -> Vec<(&'static str, PathBuf)> {
    let mut dirs = Vec::new();
    for (kind, file) in FONTS {
        let dir = scratch.join(format!("fonts-{kind}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(crate::common::fixture("fonts").join(file), dir.join(file)).unwrap();
        dirs.push((*kind, dir));
    }
    dirs
}
