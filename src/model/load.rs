//! Reading a CV file: bytes to a checked [`Cv`], or located errors.

use std::collections::HashSet;
use std::sync::Arc;

use super::comments::cut_by_comments;
use super::indicators::comment_item;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use super::keys::{SCHEMA, unknown_keys};
use super::rename::{Renames, Renaming};
use super::source_map::{DataPath, Segment, SourceMap};
use super::syntax::{is_json, json_error, syntax_error, yaml_error};
use super::{Cv, indentation, legacy, rendercv, scalars, surrogates, validate};
use crate::diagnostics::{Diagnostic, Error, SourceText};
use serde::de::IgnoredAny;

/// The largest data file accepted. A CV is a few kilobytes; anything near
/// this is a mistake, such as the wrong file.
pub const MAX_DATA_BYTES: usize = 2 * 1024 * 1024;

/// A CV read from a file, with what is needed to point into that file.
#[derive(Debug)]
pub struct Loaded {
    /// The data.
    pub cv: Cv,
    /// The file's name and text.
    pub source: Arc<SourceText>,
    /// Where each value is written.
    pub map: SourceMap,
    /// Problems that do not stop the run.
    pub warnings: Vec<Diagnostic>,
    /// The file's bytes exactly as read, for `--embed-source`.
    pub bytes: Vec<u8>,
}

/// Reads a CV from the bytes of a YAML or JSON file called `name`.
pub fn load(name: &str, bytes: &[u8]) -> Result<Loaded, Error> {
    if bytes.len() > MAX_DATA_BYTES {
        return Err(Error::invalid(too_large(name, Some(bytes.len() as u64))));
    }
    let text = decode(name, bytes)?;
    let source = SourceText::new(name, text);
    let comment_or_blank = |i| {
        let line = source.text[source.line_range(i)].trim();
        line.is_empty() || line.starts_with('#')
    };
    if (0..source.line_count()).all(comment_or_blank) {
        return Err(Error::invalid(
            Diagnostic::error("the data file is empty").at(&source, 0..0).with_hint(
                "start from `cvpdf init`, or write at least `basics: {name: Your Name}`",
            ),
        ));
    }

    let source = if is_json(name) { read_json(source)? } else { source };
    if let Some(diagnostic) = indentation::odd_indentation(&source) {
        return Err(Error::invalid(diagnostic));
    }

    let mut map = map_source(&source)?;

    // Read as a tree first: what other tools write is recognised, and old
    // names planned to be read by their new names.
    let root = DataPath::default();
    let tagged = scalars::tagged_as_text(&SCHEMA, &source, &map);
    let tree = tagged.as_deref().and_then(|text| serde_yaml::from_str(text).ok());
    let tree: serde_yaml::Value = match tree {
        Some(tree) => tree,
        None => serde_yaml::from_str(&source.text)
            .map_err(|error| Error::invalid(yaml_error(&SCHEMA, &source, &map, &root, &error)))?,
    };
    if let Some(diagnostic) = rendercv::recognise(&tree, &map) {
        return Err(Error::invalid(diagnostic));
    }
    let (renames, mut diagnostics) = legacy::plan(&tree, &mut map, name);
    drop(tree);
    if !is_json(name) {
        diagnostics.extend(cut_by_comments(&source, &map));
    }

    let (cv, mut ignored) = read_typed::<Cv>(&SCHEMA, &source, &map, &renames)?;
    ignored.retain(|path| !renames.dropped.contains(path));

    let (unknown, meant) = unknown_keys(&SCHEMA, &map, &ignored);
    diagnostics.extend(unknown);
    // `nmae` with a hint `name` says all there is to say about `name`.
    let meant: HashSet<String> = meant.iter().map(|p| format!("`{p}`")).collect();
    diagnostics.extend(validate::check(&cv, &map).into_iter().filter(|d| {
        !(d.message.contains("is missing")
            && d.message.split_once(": ").is_some_and(|(path, _)| meant.contains(path)))
    }));
    // When YAML parsers disagree on a strange file, a path may not be
    // mapped: the start of the file is better than no location. Notes are
    // about the whole file.
    for diagnostic in diagnostics.iter_mut().filter(|d| d.location.is_none() && !d.is_note()) {
        diagnostic.location =
            Some(crate::diagnostics::Location { source: source.clone(), range: 0..0 });
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.retain(Diagnostic::is_error);
        diagnostics.sort_by_key(|d| d.location.as_ref().map_or(0, |l| l.range.start));
        return Err(Error::Invalid(diagnostics));
    }
    Ok(Loaded { cv, source, map, warnings: diagnostics, bytes: bytes.to_vec() })
}

/// The map of a YAML or JSON text, or the problems YAML parsers accept
/// silently or choke on (see [`SourceMap::build`]), a syntax error, or a
/// list item that is a comment by mistake.
fn map_source(source: &Arc<SourceText>) -> Result<SourceMap, Error> {
    let (map, problems) = SourceMap::build(source);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if let Some(diagnostic) = syntax_error(source) {
        return Err(Error::invalid(diagnostic));
    }
    // A null list item is an empty one, unless it is a comment by mistake.
    let mut empty_items = map.scalars().iter().filter(|(path, _, value)| {
        value.is_empty() && matches!(path.0.last(), Some(Segment::Index(_)))
    });
    if let Some(diagnostic) = empty_items.find_map(|(_, at, _)| comment_item(source, *at)) {
        return Err(Error::invalid(diagnostic));
    }
    Ok(map)
}

/// Deserialises the text as a `T` described by `schema`, reading old names
/// by their new ones (`renames`), with the paths of the keys it ignored.
/// Text fields read as typed; should the tagged text fail where the file
/// does not, the file as written is read, and its errors are the ones
/// reported, at their places.
fn read_typed<T: DeserializeOwned>(
    schema: &Json,
    source: &Arc<SourceText>,
    map: &SourceMap,
    renames: &Renames,
) -> Result<(T, Vec<DataPath>), Error> {
    let tagged = scalars::tagged_as_text(schema, source, map);
    let read = |text: &str| deserialize(text, renames);
    match tagged.as_deref().map(read) {
        Some(Ok(read)) => Ok(read),
        _ => read(&source.text).map_err(|(path, error)| {
            Error::invalid(yaml_error(schema, source, map, &path, &error))
        }),
    }
}

/// Reads a YAML document other than a CV, such as a letter's front matter,
/// with the CV's rules: located syntax and type errors, text fields read as
/// typed, control characters refused, and unknown keys ignored with a
/// warning unless they are a likely typo of a key of `schema` (an error with
/// a did-you-mean). `schema` is [`schema_of`] the type.
///
/// # Errors
/// [`Error::Invalid`] with every error, in file order.
pub fn load_document<T: DeserializeOwned>(
    source: &Arc<SourceText>,
    schema: &Json,
) -> Result<(T, SourceMap, Vec<Diagnostic>), Error> {
    let map = map_source(source)?;
    let (value, ignored) = read_typed(schema, source, &map, &Renames::default())?;
    let (mut diagnostics, _) = unknown_keys(schema, &map, &ignored);
    diagnostics.extend(validate::unprintable(&map));
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.retain(Diagnostic::is_error);
        diagnostics.sort_by_key(|d| d.location.as_ref().map_or(0, |l| l.range.start));
        return Err(Error::Invalid(diagnostics));
    }
    Ok((value, map, diagnostics))
}

/// A JSON file's text, checked as JSON, its escaped surrogate pairs
/// written as the characters they are, for the YAML parsers.
fn read_json(source: Arc<SourceText>) -> Result<Arc<SourceText>, Error> {
    let lone = |range| {
        Diagnostic::error(
            "invalid JSON: half of a character (a UTF-16 surrogate) without its other half",
        )
        .at(&source, range)
        .with_label("this escape writes no character on its own")
        .with_hint("write the character itself, or both of its halves: `\\ud83d\\ude80` is 🚀")
    };
    match surrogates::join(&source.text) {
        Err(surrogates::LoneSurrogate { range }) => Err(Error::invalid(lone(range))),
        Ok(_) if let Err(error) = serde_json::from_str::<IgnoredAny>(&source.text) => {
            Err(Error::invalid(json_error(&source, &error)))
        }
        Ok(Some(joined)) => Ok(SourceText::new(source.name.clone(), joined)),
        Ok(None) => Ok(source),
    }
}

/// The error for a data file over [`MAX_DATA_BYTES`], of `size` bytes when
/// known (standard input is read only up to the limit).
pub fn too_large(name: &str, size: Option<u64>) -> Diagnostic {
    let limit = MAX_DATA_BYTES / (1024 * 1024);
    let message = match size {
        Some(size) => format!(
            "the data file is {:.1} MB, more than the {limit} MB a CV can be",
            size as f64 / 1e6
        ),
        None => format!("the data holds more than the {limit} MB a CV can be"),
    };
    Diagnostic::error(message)
        .at(&SourceText::new(name, ""), 0..0)
        .with_hint("is this the right file? Pass the CV with --data FILE")
}

/// Deserialises a CV from YAML text, reading old names by their new ones
/// (`renames`), with the paths of the keys it ignores, or the error and the
/// path where it happened.
fn deserialize<T: DeserializeOwned>(
    text: &str,
    renames: &Renames,
) -> Result<(T, Vec<DataPath>), (DataPath, serde_yaml::Error)> {
    let mut ignored: Vec<DataPath> = Vec::new();
    let deserializer = Renaming::new(serde_yaml::Deserializer::from_str(text), renames);
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(deserializer, &mut track);
    match serde_ignored::deserialize(tracked, |path| ignored.push(convert_path(&path))) {
        Ok(value) => Ok((value, ignored)),
        Err(error) => Err((parse_path(&track.path().to_string()), error)),
    }
}

/// UTF-8 text without a byte-order mark, or an error at the first bad byte.
fn decode(name: &str, bytes: &[u8]) -> Result<String, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) if text.contains('\0') => {
            let at = text.find('\0').unwrap_or(0);
            let source = SourceText::new(name, text.replace('\0', " "));
            Err(Error::invalid(
                Diagnostic::error("the data file contains NUL bytes: it is binary, not YAML")
                    .at(&source, at..at + 1)
                    .with_hint("pass a YAML or JSON CV with --data FILE"),
            ))
        }
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let valid = error.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            // The lossy text has the same bytes up to the first bad one.
            let source = SourceText::new(name, text);
            Err(Error::invalid(
                Diagnostic::error("the data file is not valid UTF-8 text")
                    .at(&source, valid..valid + 1)
                    .with_label("this byte is not UTF-8")
                    .with_hint("save the file as UTF-8 in your editor"),
            ))
        }
    }
}

fn convert_path(path: &serde_ignored::Path) -> DataPath {
    use serde_ignored::Path;
    match path {
        Path::Root => DataPath::default(),
        Path::Seq { parent, index } => convert_path(parent).index(*index),
        Path::Map { parent, key } => convert_path(parent).key(key),
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => convert_path(parent),
    }
}

/// Parses serde_path_to_error's `work[2].name` (or `.` for the root).
fn parse_path(text: &str) -> DataPath {
    let mut path = DataPath::default();
    if text == "." {
        return path;
    }
    for part in text.split('.') {
        let (key, indices) = part.split_once('[').map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            path = path.key(key);
        }
        for index in indices.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                path = path.index(i);
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> (String, String) {
        match load("cv.yaml", text.as_bytes()) {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(Error::Invalid(diagnostics)) => {
                // The first unknown key if any, else the first error.
                let d = diagnostics
                    .iter()
                    .find(|d| d.message.contains("unknown key"))
                    .unwrap_or(&diagnostics[0]);
                let at = d.location.as_ref().map(|l| l.display()).unwrap_or_default();
                (at, format!("{} | {}", d.message, d.hints.join(" | ")))
            }
            Err(other) => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn loads_minimal_cv() {
        let loaded = load("cv.yaml", b"basics:\n  name: Ada\n").unwrap();
        assert_eq!(loaded.cv.basics.name, Some("Ada".into()));
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn unknown_keys_get_did_you_mean() {
        let (at, text) = error_of("basics:\n  nmae: Ada\n");
        assert_eq!(at, "cv.yaml:2:3");
        assert!(text.contains("unknown key `nmae` in `basics`"), "{text}");
        assert!(text.contains("did you mean `name`?"), "{text}");
        let (at, text) = error_of("basics: {name: A}\nwork:\n  - name: X\n    start_date: 2015\n");
        assert_eq!(at, "cv.yaml:4:5");
        assert!(text.contains("did you mean `startDate`?"), "{text}");
    }

    #[test]
    fn extension_keys_are_ignored() {
        let loaded = load(
            "cv.yaml",
            b"$schema: x\nx-notes: {a: 1}\nbasics:\n  name: A\n  x-pronouns: she\n",
        )
        .unwrap();
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn type_errors_are_located() {
        let (at, text) = error_of("basics:\n  name: Ada\n  profiles: nope\n");
        assert_eq!(at, "cv.yaml:3:13");
        // Past characters of several bytes, and with lines ended by `\r`.
        let (at, _) = error_of("basics: {name: Zoé Ødegård, profiles: nope}\n");
        assert_eq!(at, "cv.yaml:1:39");
        let (at, _) = error_of("basics:\r  name: Zoé\r  profiles: nope\r");
        assert_eq!(at, "cv.yaml:3:13");
        assert!(text.contains("`basics.profiles`: invalid type"), "{text}");
    }

    #[test]
    fn syntax_errors_are_located() {
        let (at, text) = error_of("basics:\n  name: Ada\n   label: x\n");
        assert!(at.starts_with("cv.yaml:3:"), "{at}");
        assert!(text.contains("hint") || !text.is_empty());
    }

    #[test]
    fn bytes_that_are_not_text_are_refused() {
        let (at, text) = error_of("basics:\n  name: A\u{0}\n");
        assert_eq!(at, "cv.yaml:2:10");
        assert!(text.contains("binary"), "{text}");
        match load("cv.yaml", b"basics:\n  name: \xff\n") {
            Err(Error::Invalid(d)) => {
                assert_eq!(d[0].location.as_ref().unwrap().display(), "cv.yaml:2:9")
            }
            _ => panic!("invalid UTF-8 must fail"),
        }
        let (_, text) = error_of("# nothing\n\n");
        assert!(text.contains("empty"), "{text}");
        // A comment, then lines ended by CR alone: not empty.
        assert!(load("cv.yaml", b"# my CV\rbasics:\r  name: Ada\r").is_ok());
    }

    #[test]
    fn syntax_errors_point_at_their_cause() {
        // An unclosed quote: at the quote, not at the end of the file.
        let (at, text) = error_of("basics:\n  name: \"Ada\n  label: x\n");
        assert_eq!(at, "cv.yaml:2:9");
        assert!(text.contains("never closed") && text.contains("closing \""), "{text}");
        let (at, text) = error_of("skills:\n  - keywords: [a, b\n  - name: c\n");
        assert_eq!(at, "cv.yaml:2:15");
        assert!(text.contains("`[ ]` is never closed"), "{text}");
        // A key indented too far, and a value with `: ` in it.
        let (at, text) = error_of("basics:\n  name: Ada\n   label: x\n");
        assert_eq!(at, "cv.yaml:3:4");
        assert!(text.contains("not lined up") && !text.contains("basics."), "{text}");
        let (at, text) = error_of("basics:\n  label: a: b\n");
        assert_eq!(at, "cv.yaml:2:11");
        assert!(text.contains(r#"`label: "a: b"`"#), "{text}");
        let (at, text) = error_of("basics:\n  name: A\n\tlabel: x\n");
        assert_eq!(at, "cv.yaml:3:1");
        assert!(text.contains("tab"), "{text}");
        let (at, text) = error_of("basics:\n  label: *nope\n");
        assert_eq!(at, "cv.yaml:2:10");
        assert!(text.contains("`&nope`"), "{text}");
    }

    #[test]
    fn structure_limits() {
        let (at, text) = error_of("basics: {name: A}\n---\nbasics: {name: B}\n");
        assert_eq!(at, "cv.yaml:2:1");
        assert!(text.contains("second YAML document"), "{text}");
        // A leading `---` is one document.
        assert!(load("cv.yaml", b"---\nbasics: {name: A}\n").is_ok());
        let deep = format!("basics: {{name: A}}\nx-deep: {}{}\n", "[".repeat(300), "]".repeat(300));
        let (_, text) = error_of(&deep);
        assert!(text.contains("nested more than 100"), "{text}");
        let deep = format!("basics: {{name: A}}\nx-deep:\n  {}x\n", "- ".repeat(150));
        let (at, _) = error_of(&deep);
        assert_eq!(at, "cv.yaml:3:201");
        let mut bomb = String::from("basics: {name: A}\nx-a: &a [a, a, a, a, a, a, a, a, a, a]\n");
        for (name, previous) in
            ["b", "c", "d", "e", "f", "g", "h"].iter().zip(["a", "b", "c", "d", "e", "f", "g"])
        {
            bomb.push_str(&format!(
                "x-{name}: &{name} [{}]\n",
                vec![format!("*{previous}"); 10].join(", ")
            ));
        }
        let (at, text) = error_of(&bomb);
        assert_eq!(at, "cv.yaml:8:10");
        assert!(text.contains("aliases expand"), "{text}");
        // A few aliases are fine.
        assert!(load("cv.yaml", b"basics: {name: &n A, label: *n}\n").is_ok());
    }

    #[test]
    fn json_is_held_to_json() {
        let text = "{\n  \"basics\": {\"name\": \"Ada\",}\n}\n";
        assert!(load("cv.yaml", text.as_bytes()).is_ok(), "YAML allows the comma");
        match load("cv.json", text.as_bytes()) {
            Err(Error::Invalid(d)) => {
                assert_eq!(d[0].location.as_ref().unwrap().display(), "cv.json:2:27");
                assert!(d[0].message.contains("trailing comma"), "{}", d[0].message);
                assert!(!d[0].hints.is_empty());
            }
            other => panic!("a trailing comma in JSON must fail: {other:?}"),
        }
        match load("cv.json", "{\"basics\": {\"name\": \"Adé\", x: 1}}".as_bytes()) {
            Err(Error::Invalid(d)) => {
                assert_eq!(d[0].location.as_ref().unwrap().display(), "cv.json:1:28")
            }
            other => panic!("an unquoted key in JSON must fail: {other:?}"),
        }
    }

    #[test]
    fn a_typo_of_a_required_key_is_reported_once() {
        match load("cv.yaml", b"basics:\n  nmae: Ada\n") {
            Err(Error::Invalid(d)) => {
                assert_eq!(d.len(), 1, "{d:?}");
                assert!(d[0].message.contains("unknown key `nmae`"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn many_unknown_keys_are_counted_past_twenty() {
        let keys: String = (0..25).map(|i| format!("k{i}: {i}\n")).collect();
        let loaded = load("cv.yaml", format!("basics: {{name: A}}\n{keys}").as_bytes()).unwrap();
        assert_eq!(loaded.warnings.len(), 21);
        assert_eq!(loaded.warnings[20].message, "5 more unknown keys are ignored, from here on");
        assert_eq!(loaded.warnings[20].location.as_ref().unwrap().display(), "cv.yaml:22:1");
    }

    #[test]
    fn nulls_and_empty_strings_are_absent_everywhere() {
        let json = r#"{
  "basics": {"name": "Ada", "email": "", "profiles": [null], "location": null},
  "work": [null, {"name": "", "highlights": [null, "", "Shipped"], "tags": [null]}],
  "skills": [{"name": {"fr": null, "en": "Go"}, "keywords": ["", null]}],
  "sections": [{"title": "Notes", "id": "", "items": [null]}],
  "meta": {"lang": "", "lastModified": "", "optionalSections": [null, ""]}
}"#;
        let loaded = load("cv.json", json.as_bytes()).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let cv = &loaded.cv;
        assert_eq!((cv.work.len(), cv.work[1].highlights.len()), (2, 3));
        assert_eq!(cv.lang(), "en");
        assert_eq!(cv.sections[0].id("en", "en"), "notes");
        // Items keep their indices: an error after a null one is at its place.
        let yaml = "basics: {name: A}\nwork:\n  - null\n  - {name: X, startDate: 2020-13}\n";
        let (at, text) = error_of(yaml);
        assert_eq!(at, "cv.yaml:4:26");
        assert!(text.contains("`work[1].startDate`"), "{text}");
    }

    #[test]
    fn a_json_object_where_text_goes_is_a_type_error() {
        let json = "{\"basics\": {\"name\": \"A\", \"url\": {\"href\": \"https://a.example\"}}}";
        match load("cv.json", json.as_bytes()) {
            Err(Error::Invalid(d)) => {
                assert_eq!(d[0].location.as_ref().unwrap().display(), "cv.json:1:33");
                assert!(d[0].message.starts_with("`basics.url`: invalid type"), "{}", d[0].message);
                assert!(!d[0].to_string().contains("YAML"), "{}", d[0]);
            }
            other => panic!("an object for a URL must fail: {other:?}"),
        }
    }

    #[test]
    fn paths_parse() {
        assert_eq!(parse_path("work[2].name").to_string(), "work[2].name");
        assert_eq!(parse_path(".").to_string(), "");
    }
}
