//! Loading: arbitrary bytes, mutations of real CVs, and structured YAML
//! and JSON documents, broken or not, into `model::load`, the view and the
//! printed messages.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use cvpdf::diagnostics::{Error, Printer};
use cvpdf::model;
use cvpdf::render;
use cvpdf::view::{self, ViewOptions};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};

use crate::harness::{Kind, Stats, fuzz, guarded, message_class};
use crate::pieces::any_text;
use crate::shape::resume_tree;
use crate::yaml::emit;

/// Wraps a document in the things that come around YAML documents.
fn frame(yaml: String, how: u8) -> String {
    match how % 12 {
        1 => format!("---\n{yaml}"),
        2 => format!("%YAML 1.1\n---\n{yaml}"),
        3 => format!("\u{feff}{yaml}"),
        4 => format!("{yaml}...\n"),
        5 => format!("{yaml}\n---\nbasics: {{name: Two}}\n"),
        6 => format!("# a comment\n{yaml}"),
        7 => yaml.replace('\n', "\r\n"),
        8 => yaml.trim_end().to_owned(),
        9 => format!("%TAG ! tag:x,2024:\n---\n{yaml}"),
        _ => yaml,
    }
}

/// Inserts tokens at places in a text, to break what the emitter made.
fn insert_tokens(text: &str, edits: &[(Index, &'static str)]) -> String {
    let mut text = text.to_owned();
    for (at, token) in edits {
        let boundaries: Vec<usize> =
            text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let at = boundaries[at.index(boundaries.len())];
        text.insert_str(at, token);
    }
    text
}

const YAML_TOKENS: &[&str] = &[
    ": ",
    "- ",
    "&a ",
    "*a",
    "*b ",
    "<<: ",
    "{",
    "}",
    "[",
    "]",
    "!!binary ",
    "!!str ",
    "!x ",
    "\t",
    "\"",
    "'",
    "#",
    "\n",
    "---\n",
    "...\n",
    "? ",
    "|",
    ">",
    "%YAML 1.2\n",
    "\u{feff}",
    "\r",
    "\u{0}",
    "\u{85}",
    ",",
    "  ",
    "\n  ",
    "\n- ",
    "&a [*a, *a]",
    "!!python/object ",
    "@",
    "`",
    "\\",
    "\\x",
    "\\u12",
    "\"\\",
    "-\n",
    "\n    \n",
    "key: value\n",
    "\"\\ud83e\\udd80\"",
    "\"\\U0001F980\\ud800\"",
];

/// A structured document: its tree and how it is written.
#[derive(Debug, Clone)]
struct YamlCase {
    text: String,
}

fn yaml_case() -> BoxedStrategy<YamlCase> {
    let clean = (resume_tree(), prop::bool::weighted(0.15), any::<u8>())
        .prop_map(|(tree, json, how)| YamlCase { text: frame(emit(&tree, json), how) });
    let broken = (clean.clone(), vec((any::<Index>(), select(YAML_TOKENS)), 1..4))
        .prop_map(|(case, edits)| YamlCase { text: insert_tokens(&case.text, &edits) });
    prop_oneof![4 => clean, 1 => broken].boxed()
}

/// Valid CVs that mutations start from.
static CORPUS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut corpus = vec![b"basics: {name: Ada}\n".to_vec()];
    let mut paths = vec![root.join("data/cv.yaml")];
    if let Ok(entries) = std::fs::read_dir(root.join("tests/fixtures/jsonresume")) {
        let mut more: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        more.sort();
        paths.extend(more);
    }
    corpus.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    corpus
});

#[derive(Debug, Clone)]
enum Mutation {
    Flip(Index, u8),
    Set(Index, u8),
    Insert(Index, &'static str),
    Delete(Index, usize),
    Duplicate(Index, usize),
    Truncate(Index),
}

fn mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(i, bit)| Mutation::Flip(i, bit)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<Index>(), select(YAML_TOKENS)).prop_map(|(i, t)| Mutation::Insert(i, t)),
        (any::<Index>(), 1..200usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<Index>(), 1..200usize).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
    .boxed()
}

fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len) };
    match mutation {
        Mutation::Flip(i, bit) if !bytes.is_empty() => {
            let at = at(i, bytes.len());
            bytes[at] ^= 1 << bit;
        }
        Mutation::Set(i, byte) if !bytes.is_empty() => {
            let at = at(i, bytes.len());
            bytes[at] = *byte;
        }
        Mutation::Insert(i, token) => {
            let at = at(i, bytes.len() + 1);
            bytes.splice(at..at, token.bytes());
        }
        Mutation::Delete(i, n) if !bytes.is_empty() => {
            let at = at(i, bytes.len());
            let end = (at + n).min(bytes.len());
            bytes.drain(at..end);
        }
        Mutation::Duplicate(i, n) if !bytes.is_empty() => {
            let at = at(i, bytes.len());
            let end = (at + n).min(bytes.len());
            let copy = bytes[at..end].to_vec();
            bytes.splice(at..at, copy);
        }
        Mutation::Truncate(i) => {
            let at = at(i, bytes.len() + 1);
            bytes.truncate(at);
        }
        _ => {}
    }
}

fn any_bytes() -> BoxedStrategy<Vec<u8>> {
    let mutated = (any::<Index>(), vec(mutation(), 1..8)).prop_map(|(which, mutations)| {
        let mut bytes = CORPUS[which.index(CORPUS.len())].clone();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        bytes
    });
    prop_oneof![
        1 => vec(any::<u8>(), 0..2048),
        1 => any_text().prop_map(String::into_bytes),
        3 => mutated,
    ]
    .boxed()
}

/// Loads bytes; a CV that loads is turned into a view and plain text in a
/// few languages, and a refusal is printed as the CLI prints it. Every
/// refusal must point into the file.
pub fn check_load(bytes: &[u8], stats: &Stats) -> Result<(), String> {
    guarded(|| {
        let printer = Printer { color: false };
        match model::load("fuzz.yaml", bytes) {
            Ok(loaded) => {
                stats.note("loaded");
                for lang in [None, Some("fr"), Some("es"), Some("xx")] {
                    let options =
                        ViewOptions { lang: lang.map(str::to_owned), ..ViewOptions::default() };
                    let (view, warnings) = view::build(&loaded, &options);
                    let _ = cvpdf::plaintext::render(&view);
                    let _ = render::view_json(&view);
                    let mut out = Vec::new();
                    printer.emit(&mut out, &warnings).map_err(|e| e.to_string())?;
                    inert(&out)?;
                }
                let mut out = Vec::new();
                printer.emit(&mut out, &loaded.warnings).map_err(|e| e.to_string())?;
                inert(&out)?;
            }
            Err(error) => {
                let text = error.to_string();
                let mut out = Vec::new();
                printer.emit_error(&mut out, &error).map_err(|e| e.to_string())?;
                inert(&out)?;
                inert(text.as_bytes())?;
                let Error::Invalid(diagnostics) = &error else {
                    return Err(format!("a refusal that is not about the data: {text}"));
                };
                if diagnostics.is_empty() {
                    return Err("a refusal without any message".into());
                }
                for d in diagnostics {
                    let Some(location) = &d.location else {
                        return Err(format!("a message that points nowhere: {d}"));
                    };
                    let len = location.source.text.len();
                    if location.range.start > location.range.end || location.range.end > len {
                        return Err(format!(
                            "a message points at {:?}, outside the {len} bytes of the text: {d}",
                            location.range
                        ));
                    }
                }
                stats.note(format!("refused: {}", message_class(&diagnostics[0].message)));
            }
        }
        Ok(())
    })
}

/// Fails when printed messages hold a character a terminal acts on: a
/// control character other than a line feed, or a bidi control.
fn inert(printed: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(printed);
    let acts = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')
            || matches!(c, '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    };
    match text.chars().find(|&c| acts(c)) {
        Some(c) => Err(format!("a message prints U+{:04X} raw:\n{text}", c as u32)),
        None => Ok(()),
    }
}

#[test]
fn load_never_panics_on_arbitrary_bytes() {
    let stats = Stats::default();
    let report = fuzz("load_bytes", Kind::Load, 1000, any_bytes(), Vec::clone, |bytes| {
        check_load(bytes, &stats)
    });
    stats.print("load_bytes");
    report.assert_ok();
}

#[test]
fn load_never_panics_on_structured_yaml() {
    let stats = Stats::default();
    let report = fuzz(
        "load_yaml",
        Kind::Load,
        600,
        yaml_case(),
        |case| case.text.clone().into_bytes(),
        |case| check_load(case.text.as_bytes(), &stats),
    );
    stats.print("load_yaml");
    report.assert_ok();
}
