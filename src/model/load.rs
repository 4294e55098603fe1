//! Reading a CV file: bytes to a checked [`Cv`], or located errors.

use std::sync::{Arc, LazyLock};

use serde_json::Value as Json;

use super::source_map::{DataPath, Segment, SourceMap};
use super::{Cv, validate};
use crate::diagnostics::{Diagnostic, Error, SourceText};

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
    let empty = SourceText::new(name, "");
    if bytes.len() > MAX_DATA_BYTES {
        return Err(Error::invalid(
            Diagnostic::error(format!(
                "the data file is {:.1} MB, more than the {} MB a CV can be",
                bytes.len() as f64 / 1e6,
                MAX_DATA_BYTES / (1024 * 1024)
            ))
            .at(&empty, 0..0)
            .with_hint("is this the right file? Pass the CV with --data FILE"),
        ));
    }
    let text = decode(name, bytes)?;
    let source = SourceText::new(name, text);
    if source.text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err(Error::invalid(
            Diagnostic::error("the data file is empty").at(&source, 0..0).with_hint(
                "start from `cvpdf init`, or write at least `basics: {name: Your Name}`",
            ),
        ));
    }

    let (map, duplicates) = SourceMap::build(&source);
    if !duplicates.is_empty() {
        return Err(Error::Invalid(duplicates));
    }

    let mut ignored: Vec<DataPath> = Vec::new();
    let deserializer = serde_yaml::Deserializer::from_str(&source.text);
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(deserializer, &mut track);
    let result = serde_ignored::deserialize(tracked, |path| ignored.push(convert_path(&path)));
    let cv: Cv = match result {
        Ok(cv) => cv,
        Err(error) => {
            let path = parse_path(&track.path().to_string());
            return Err(Error::invalid(yaml_error(&source, &map, &path, &error)));
        }
    };

    let mut diagnostics: Vec<Diagnostic> =
        ignored.iter().filter_map(|path| unknown_key(&map, path)).collect();
    diagnostics.extend(validate::check(&cv, &map));
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.sort_by_key(|d| d.location.as_ref().map_or(0, |l| l.range.start));
        return Err(Error::Invalid(diagnostics));
    }
    Ok(Loaded { cv, source, map, warnings: diagnostics, bytes: bytes.to_vec() })
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

fn yaml_error(
    source: &Arc<SourceText>,
    map: &SourceMap,
    path: &DataPath,
    inner: &serde_yaml::Error,
) -> Diagnostic {
    let full = inner.to_string();
    // serde_yaml appends " at line L column C"; the excerpt shows that.
    let message = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
    let message = message.strip_prefix(&format!("{path}: ")).unwrap_or(message);
    let location = match inner.location() {
        Some(at) => {
            let start = source.offset(at.line(), at.column().saturating_sub(1));
            Some(crate::diagnostics::Location {
                source: source.clone(),
                range: source.token_at(start),
            })
        }
        None => map.locate(path),
    };
    let what = if path.0.is_empty() { String::new() } else { format!("`{path}`: ") };
    let mut diagnostic = Diagnostic::error(format!("{what}{message}"))
        .at_location(location.or_else(|| {
            Some(crate::diagnostics::Location { source: source.clone(), range: 0..0 })
        }));
    for hint in yaml_hints(message, path) {
        diagnostic = diagnostic.with_hint(hint);
    }
    diagnostic
}

fn yaml_hints(message: &str, path: &DataPath) -> Vec<String> {
    let has = |s: &str| message.contains(s);
    let mut hints = Vec::new();
    if has("invalid type") {
        let expected = message.split("expected ").nth(1).unwrap_or("another type");
        hints.push(format!("`{path}` takes {expected}"));
        if has("sequence") && !has("expected a sequence") {
            hints.push("this key takes one value, not a list".into());
        } else if has("expected a sequence") {
            hints.push("write a list, one `- item` per line".into());
        }
    } else if has("mapping values are not allowed") {
        hints.push("a value contains `: `; put the whole value in quotes".into());
    } else if has("did not find expected key") || has("did not find expected '-'") {
        hints.push("check the indentation: keys of one mapping line up, with spaces".into());
    } else if has("cannot start any token") {
        hints
            .push("YAML indents with spaces, not tabs; quote values that start with @ or `".into());
    } else if has("unknown anchor") {
        hints.push("an alias `*name` needs an anchor `&name` written before it".into());
    } else if has("recursion limit") {
        hints.push("the data is nested far too deeply to be a CV".into());
    } else if has("repetition limit") {
        hints
            .push("aliases expand to an enormous document: remove the chain of `*` aliases".into());
    } else if has("more than one document") {
        hints.push("remove the second `---`: a CV is one YAML document".into());
    } else if has("missing field") {
        hints.push("add the missing key".into());
    } else if has("found unexpected end of stream") || has("did not find expected") {
        hints.push("a quote, bracket or brace is not closed".into());
    }
    if hints.is_empty() {
        hints.push("see the data format in the README, or run `cvpdf schema`".into());
    }
    hints
}

/// The JSON Schema of [`Cv`], which lists the keys each level accepts.
static SCHEMA: LazyLock<Json> =
    LazyLock::new(|| serde_json::to_value(schemars::schema_for!(Cv)).unwrap_or(Json::Null));

/// An error for an unknown key, unless it is an `x-` key or `$schema`.
fn unknown_key(map: &SourceMap, path: &DataPath) -> Option<Diagnostic> {
    let key = path.last_key()?;
    if key.starts_with("x-") || key == "$schema" {
        return None;
    }
    let parent = path.parent().unwrap_or_default();
    let known = known_keys(&parent);
    let where_ =
        if parent.0.is_empty() { "at the top level".into() } else { format!("in `{parent}`") };
    let mut diagnostic = Diagnostic::error(format!("unknown key `{key}` {where_}"))
        .at_location(map.locate_key(path))
        .with_label("not a key cvpdf knows");
    if let Some(suggestion) = did_you_mean(key, &known) {
        diagnostic = diagnostic.with_hint(format!("did you mean `{suggestion}`?"));
    } else if !known.is_empty() {
        diagnostic = diagnostic.with_hint(format!("the keys here are: {}", known.join(", ")));
    }
    Some(diagnostic.with_hint("to keep a key of your own, start it with `x-`"))
}

/// The keys the schema accepts at `path`.
fn known_keys(path: &DataPath) -> Vec<String> {
    let root = &*SCHEMA;
    let mut node = resolve(root, root);
    for segment in &path.0 {
        let next = match segment {
            Segment::Key(key) => node.and_then(|n| n.get("properties")).and_then(|p| p.get(key)),
            Segment::Index(_) => node.and_then(|n| n.get("items")),
        };
        node = next.and_then(|n| resolve(root, n));
    }
    node.and_then(|n| n.get("properties"))
        .and_then(Json::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

/// Follows `$ref` and the object branch of `anyOf` (how `Option` is written).
fn resolve<'a>(root: &'a Json, node: &'a Json) -> Option<&'a Json> {
    if let Some(reference) = node.get("$ref").and_then(Json::as_str) {
        let name = reference.rsplit('/').next()?;
        return resolve(root, root.get("$defs")?.get(name)?);
    }
    if let Some(options) = node.get("anyOf").and_then(Json::as_array) {
        return options
            .iter()
            .filter_map(|o| resolve(root, o))
            .find(|o| o.get("properties").is_some() || o.get("items").is_some());
    }
    Some(node)
}

/// The known key closest to `key`, if one is close enough to be a typo.
pub(crate) fn did_you_mean(key: &str, known: &[String]) -> Option<String> {
    let normalise = |s: &str| s.to_lowercase().replace(['_', '-', ' '], "");
    let wanted = normalise(key);
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&wanted, &normalise(k)), k))
        .filter(|(score, _)| *score > 0.82)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.clone())
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
    }

    #[test]
    fn paths_parse() {
        assert_eq!(parse_path("work[2].name").to_string(), "work[2].name");
        assert_eq!(parse_path(".").to_string(), "");
    }
}
