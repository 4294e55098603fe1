//! Cover letters: a Markdown file with a YAML front matter, set in the
//! CV's layout with the CV's sender, fitted to its page limit.
//!
//! The front matter is read with the CV's loader ([`crate::model::load_document`]):
//! located errors, did-you-mean on unknown keys, translations. Its messages
//! point into the `.md` file, since the text the loader reads is the file
//! cut before the closing `---`. The body is the CV's Markdown subset.

mod front;
pub mod render;
pub mod style;
pub mod text;
pub mod view;

use std::sync::{Arc, LazyLock};

pub use front::{FrontMatter, Recipient};

use crate::diagnostics::{Diagnostic, Error, SourceText};
use crate::model::{Cv, Loaded, MAX_CLUSTER_CHARS, is_unprintable};

/// The JSON Schema of the front matter, which lists its keys.
static SCHEMA: LazyLock<serde_json::Value> = LazyLock::new(crate::model::schema_of::<FrontMatter>);

/// The JSON Schema of a letter's front matter, pretty-printed.
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&*SCHEMA).unwrap_or_default()
}

/// A letter read from its file.
#[derive(Debug)]
pub struct Letter {
    /// The front matter.
    pub front: FrontMatter,
    /// The front matter as a data file, for the checks that point into one:
    /// its text is the file up to the closing `---`, its CV empty, its
    /// bytes the whole file's (for `--embed-source`).
    pub data: Loaded,
    /// The whole file, for messages about the body.
    pub source: Arc<SourceText>,
    /// Where the body starts in the file, in bytes.
    pub body_start: usize,
    /// The body, Markdown.
    pub body: String,
    /// Problems that do not stop the run.
    pub warnings: Vec<Diagnostic>,
}

/// Reads a letter from the bytes of a file called `name`.
///
/// # Errors
/// [`Error::Invalid`], located in the file: no front matter, or one never
/// closed; the front matter's YAML errors and unknown keys that are likely
/// typos; a body that is empty or holds characters that cannot print.
pub fn load(name: &str, bytes: &[u8]) -> Result<Letter, Error> {
    if bytes.len() > crate::gate::MAX_DATA_BYTES {
        return Err(Error::invalid(crate::model::too_large(name, Some(bytes.len() as u64))));
    }
    let original = bytes;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(error) => {
            let valid = error.valid_up_to();
            let source = SourceText::new(name, String::from_utf8_lossy(bytes).into_owned());
            return Err(Error::invalid(
                Diagnostic::error("the letter is not valid UTF-8 text")
                    .at(&source, valid..valid + 1)
                    .with_label("this byte is not UTF-8")
                    .with_hint("save the letter as UTF-8 in your editor"),
            ));
        }
    };
    let source = SourceText::new(name, text.clone());
    let (front_end, body_start) = split(&source)?;
    let front_source = SourceText::new(name, text[..front_end].to_owned());
    let (mut front, map, mut warnings) =
        crate::model::load_document::<FrontMatter>(&front_source, &SCHEMA)?;
    front.lang = check_lang(&front, &map)?;
    check_headings(&front, &map)?;
    let body = text[body_start..].to_owned();
    check_body(&source, body_start, &body)?;
    if body.trim().is_empty() {
        warnings.push(
            Diagnostic::warning("the letter has no body")
                .at(&source, body_start..body_start)
                .with_hint("write the letter's text in Markdown after the closing `---`"),
        );
    }
    let data = Loaded {
        cv: Cv::default(),
        source: front_source,
        map,
        warnings: Vec::new(),
        bytes: original.to_vec(),
    };
    Ok(Letter { front, data, source, body_start, body, warnings })
}

/// Where the front matter ends (the start of its closing line) and the
/// body starts (after that line).
fn split(source: &Arc<SourceText>) -> Result<(usize, usize), Error> {
    // One line: messages show a line break as `\n`.
    let example = "start the letter with its front matter, each of these on a line of its own: \
                   `---`, `to: {organisation: Acme}`, `position: DevOps engineer`, `---`";
    let first = source.line_range(0);
    if source.text[first.clone()].trim_end() != "---" {
        return Err(Error::invalid(
            Diagnostic::error("a letter starts with a front matter, and this one has none")
                .at(source, first.start..first.end.min(first.start + 3))
                .with_label("expected `---`")
                .with_hint(example),
        ));
    }
    for index in 1..source.line_count() {
        let line = source.line_range(index);
        if matches!(source.text[line.clone()].trim_end(), "---" | "...") {
            let next = source.line_range(index + 1).start;
            let body = if index + 1 < source.line_count() { next } else { line.end };
            return Ok((line.start, body));
        }
    }
    Err(Error::invalid(
        Diagnostic::error("the front matter is never closed")
            .at(source, first.start..first.end)
            .with_label("it opens here")
            .with_hint("end it with a line `---`, then write the letter's text"),
    ))
}

/// The front matter's texts that become the subject's heading, each within
/// a heading's bound: past it, a PDF string would not hold its bookmark.
fn check_headings(front: &FrontMatter, map: &crate::model::SourceMap) -> Result<(), Error> {
    let root = crate::model::DataPath::default();
    let texts = [("position", &front.position), ("subject", &front.subject)];
    let found: Vec<Diagnostic> = (texts.into_iter())
        .filter_map(|(key, text)| Some((key, text.as_ref()?)))
        .flat_map(|(key, text)| {
            crate::model::heading_too_long(text, &root.key(key), map, &format!("the {key}"))
        })
        .collect();
    if found.is_empty() { Ok(()) } else { Err(Error::Invalid(found)) }
}

/// The front matter's `lang` as a tag (`pt_br` is `pt-BR`), as a CV's
/// `meta.lang`; one that is no language code is refused: the letter, its
/// file names and the CV sent with it must speak one language.
fn check_lang(front: &FrontMatter, map: &crate::model::SourceMap) -> Result<Option<String>, Error> {
    match front.lang.as_deref().map(str::trim).filter(|lang| !lang.is_empty()) {
        None => Ok(None),
        Some(lang) => crate::model::language_tag(lang).map(Some).map_err(|hint| {
            Error::invalid(
                Diagnostic::error(format!("`lang`: `{lang}` is not a language code"))
                    .at_location(map.locate(&crate::model::DataPath::default().key("lang")))
                    .with_hint(hint),
            )
        }),
    }
}

/// Refuses what cannot print in the body, at its place: control characters
/// and characters of more code points than one may have, as in a CV.
fn check_body(source: &Arc<SourceText>, start: usize, body: &str) -> Result<(), Error> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut problems = Vec::new();
    if let Some((at, c)) = body.char_indices().find(|(_, c)| is_unprintable(*c)) {
        problems.push(
            Diagnostic::error(format!(
                "the letter holds U+{:04X}, a control character that cannot be printed",
                c as u32
            ))
            .at(source, start + at..start + at + c.len_utf8())
            .with_hint("remove it; most editors do not show it"),
        );
    }
    let long =
        body.grapheme_indices(true).find(|(_, g)| g.chars().nth(MAX_CLUSTER_CHARS).is_some());
    if let Some((at, cluster)) = long {
        problems.push(
            Diagnostic::error(format!(
                "the letter holds a character made of {} code points, more than the {MAX_CLUSTER_CHARS} that one character may have",
                cluster.chars().count()
            ))
            .at(source, start + at..start + at + cluster.len())
            .with_hint("a letter takes a few combining accents at most: remove the others"),
        );
    }
    if problems.is_empty() { Ok(()) } else { Err(Error::Invalid(problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_at(text: &str) -> String {
        match load("acme.md", text.as_bytes()) {
            Err(Error::Invalid(d)) => {
                format!("{} {}", d[0].location.as_ref().unwrap().display(), d[0].message)
            }
            other => panic!("expected an error: {other:?}"),
        }
    }

    #[test]
    fn the_front_matter_and_body_are_read() {
        let letter = load(
            "acme.md",
            b"---\nto: {organisation: Acme}\nposition: {fr: Ing\xc3\xa9nieur, en: Engineer}\nmax-pages: 2\n---\nHello **you**.\n",
        )
        .unwrap();
        assert_eq!(letter.front.max_pages.map(std::num::NonZeroU16::get), Some(2));
        assert_eq!(letter.body, "Hello **you**.\n");
        assert!(letter.warnings.is_empty(), "{:?}", letter.warnings);
    }

    #[test]
    fn errors_point_into_the_letter() {
        assert_eq!(
            error_at("Hello\n"),
            "acme.md:1:1 a letter starts with a front matter, and this one has none"
        );
        assert!(
            error_at("---\nto: {name: A}\n")
                .contains("acme.md:1:1 the front matter is never closed")
        );
        let typo = error_at("---\nto:\n  name: A\npositon: X\n---\nbody\n");
        assert_eq!(typo, "acme.md:4:1 unknown key `positon` at the top level");
        let typed = error_at("---\nmax-pages: many\n---\nbody\n");
        assert!(typed.starts_with("acme.md:2:12 `max-pages`"), "{typed}");
        let control = error_at("---\nto: {name: A}\n---\nHello\n\nI am\u{7} here.\n");
        assert!(control.starts_with("acme.md:6:5 the letter holds U+0007"), "{control}");
    }
}
