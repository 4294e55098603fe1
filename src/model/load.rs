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

    if is_json(name)
        && let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(&source.text)
    {
        return Err(Error::invalid(json_error(&source, &error)));
    }

    let (map, problems) = SourceMap::build(&source);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if let Some(diagnostic) = syntax_error(&source) {
        return Err(Error::invalid(diagnostic));
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

    let unknown: Vec<(Diagnostic, Option<DataPath>)> =
        ignored.iter().filter_map(|path| unknown_key(&map, path)).collect();
    // `nmae` with a hint `name` says all there is to say about `name`.
    let meant: Vec<String> =
        unknown.iter().filter_map(|(_, p)| p.as_ref()).map(|p| format!("`{p}`: ")).collect();
    let mut diagnostics: Vec<Diagnostic> = unknown.into_iter().map(|(d, _)| d).collect();
    diagnostics.extend(validate::check(&cv, &map).into_iter().filter(|d| {
        !(d.message.contains("is missing")
            && meant.iter().any(|m| d.message.starts_with(m.as_str())))
    }));
    // When YAML parsers disagree on a strange file, a path may not be
    // mapped: the start of the file is better than no location.
    for diagnostic in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
        diagnostic.location =
            Some(crate::diagnostics::Location { source: source.clone(), range: 0..0 });
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.sort_by_key(|d| d.location.as_ref().map_or(0, |l| l.range.start));
        return Err(Error::Invalid(diagnostics));
    }
    Ok(Loaded { cv, source, map, warnings: diagnostics, bytes: bytes.to_vec() })
}

/// Whether the file is named as JSON, which is held to JSON's own syntax.
fn is_json(name: &str) -> bool {
    std::path::Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// A JSON syntax error, at the character where it is.
fn json_error(source: &Arc<SourceText>, error: &serde_json::Error) -> Diagnostic {
    let full = error.to_string();
    let message = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
    // serde_json counts columns in bytes, and points at the byte it stopped on.
    let line_start = source.offset(error.line(), 0);
    let line_end =
        source.text[line_start..].find('\n').map_or(source.text.len(), |i| line_start + i);
    let mut at = (line_start + error.column().saturating_sub(1)).min(line_end);
    while !source.text.is_char_boundary(at) {
        at -= 1;
    }
    // serde_json says `key must be a string` for `, }`: point at the comma.
    let closing = source.text[at..].starts_with(['}', ']']);
    let comma = source.text[..at].trim_end().strip_suffix(',').map(str::len);
    let (message, range, hint) = match comma {
        Some(comma) if closing || message.contains("trailing comma") => (
            "trailing comma",
            comma..comma + 1,
            "JSON allows no comma after the last item of an object or a list: remove this `,`",
        ),
        _ => (message, source.token_at(at), json_hint(message, error.classify())),
    };
    Diagnostic::error(format!("invalid JSON: {message}")).at(source, range).with_hint(hint)
}

fn json_hint(message: &str, category: serde_json::error::Category) -> &'static str {
    let has = |s: &str| message.contains(s);
    if category == serde_json::error::Category::Eof {
        "the file ends too soon: a `}`, a `]` or a string's closing `\"` is missing"
    } else if has("key must be a string") {
        "JSON keys are written in double quotes: \"name\": \"Ada\""
    } else if has("expected `,` or") {
        "a comma is missing between two items, or a bracket is closed too soon"
    } else if has("expected value") || has("expected ident") {
        "a value is missing here, or text is written without its double quotes"
    } else if has("control character") {
        "a string cannot span lines in JSON: write a line break as \\n"
    } else if has("escape") {
        "a backslash starts an escape in JSON strings: write \\\\ for a backslash"
    } else if has("recursion limit") {
        "the data is nested far too deeply to be a CV"
    } else {
        "check the JSON syntax here, or write the CV in YAML, which is more forgiving"
    }
}

/// The first YAML syntax error, read without any types so that it is told
/// apart from a wrong value.
fn syntax_error(source: &Arc<SourceText>) -> Option<Diagnostic> {
    use serde::Deserialize;
    for document in serde_yaml::Deserializer::from_str(&source.text) {
        if let Err(error) = serde::de::IgnoredAny::deserialize(document) {
            return Some(syntax_diagnostic(source, &error));
        }
    }
    None
}

/// Reads serde_yaml's `line L column C` (both from 1) at the end of `text`.
fn mark_at_end(text: &str) -> Option<(usize, usize)> {
    let (_, mark) = text.rsplit_once(" at line ")?;
    let (line, column) = mark.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

fn syntax_diagnostic(source: &Arc<SourceText>, error: &serde_yaml::Error) -> Diagnostic {
    let full = error.to_string();
    // libyaml's form: `problem at line L column C, while doing X at line L column C`.
    let (problem_part, context) = match full.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (full.as_str(), None),
    };
    let problem = problem_part.find(" at line ").map_or(problem_part, |i| &problem_part[..i]);
    let offset_of = |(line, column): (usize, usize)| source.offset(line, column.saturating_sub(1));
    let at = error
        .location()
        .map(|l| source.offset(l.line(), l.column().saturating_sub(1)))
        .or_else(|| mark_at_end(problem_part).map(offset_of))
        .unwrap_or(0);
    let context_at = context.and_then(mark_at_end).map(offset_of);
    let line = line_of(&source.text, at);
    let (line_line, line_column) = source.line_column(at);
    let gave_up =
        format!("the YAML parser stopped at line {line_line}, column {line_column}: {problem}");
    let has = |s: &str| problem.contains(s);
    let within = |s: &str| context.is_some_and(|c| c.starts_with(s));

    let located = |message: &str, at: usize, label: &str, hint: &str| {
        Diagnostic::error(message).at(source, source.token_at(at)).with_label(label).with_hint(hint)
    };
    if let Some(opened) = context_at {
        if within("scanning a quoted scalar") {
            let quote = source.text[opened..].chars().next().unwrap_or('"');
            return located(
                "this quoted text is never closed",
                opened,
                "the quote opens here",
                &format!("add the closing {quote} at the end of the value; without it the value runs on to the end of the file"),
            )
            .with_note(gave_up);
        }
        if within("parsing a flow sequence") || within("parsing a flow mapping") {
            let (what, close) = if within("parsing a flow sequence") {
                ("list in `[ ]`", ']')
            } else {
                ("mapping in `{ }`", '}')
            };
            return located(
                &format!("this {what} is never closed"),
                opened,
                "it opens here",
                &format!(
                    "close it with `{close}` at the end of its line, or write it as indented lines"
                ),
            )
            .with_note(gave_up);
        }
    }
    if has("mapping values are not allowed") {
        let column = at - line.0;
        let before = &line.1[..column.min(line.1.len())];
        let indent = before.len() - before.trim_start().len();
        if !before.contains(": ") {
            // `key: value` is fine on its own: the line above swallows it.
            let key = before.trim();
            return located(
                &format!("invalid YAML: `{key}:` is not lined up with the keys above it"),
                line.0 + indent,
                "this key",
                "keys of one mapping start in the same column, indented with spaces: line this key up with the one above it",
            );
        }
        let (key, value) = line.1.split_once(": ").unwrap_or(("key", line.1));
        let value = value.trim();
        let quoted = if value.contains('"') {
            format!("'{}'", value.replace('\'', "''"))
        } else {
            format!("\"{value}\"")
        };
        return located(
            "invalid YAML: a value contains `: `",
            at,
            "YAML reads this `:` as the start of another key",
            &format!("put the whole value in quotes: `{}: {quoted}`", key.trim()),
        );
    }
    let tab_here = line.1.get(at - line.0..).is_some_and(|rest| rest.starts_with('\t'));
    if has("tab character") || (has("cannot start any token") && tab_here) {
        return located(
            "invalid YAML: a tab is used for indentation",
            at,
            "a tab",
            "YAML indents with spaces, never tabs: replace the tab with spaces (most editors can insert spaces for the Tab key)",
        );
    }
    if has("cannot start any token") {
        return located(
            &format!("invalid YAML: {problem}"),
            at,
            "this character",
            "a value that starts with @, ` or % must be in quotes: \"@jpic\"",
        );
    }
    if has("unknown anchor") {
        let alias = source.text[at..]
            .split(|c: char| c.is_whitespace() || ",]}".contains(c))
            .next()
            .unwrap_or("*");
        let name = alias.trim_start_matches('*');
        return located(
            &format!("the alias `{alias}` has no anchor `&{name}` before it"),
            at,
            "this alias",
            &format!(
                "write `&{name}` before the value to repeat, above this line, or write the value here"
            ),
        );
    }
    let hint = if has("did not find expected key")
        || has("did not find expected '-'")
        || has("block")
    {
        "check the indentation: keys of one mapping, and items of one list, start in the same column"
    } else if has("end of stream") {
        "the file ends too soon: a quote, bracket or brace is not closed"
    } else if has("did not find expected") {
        "a quote, bracket or brace is not closed, or is closed twice"
    } else if has("recursion limit") {
        "the data is nested far too deeply to be a CV"
    } else if has("repetition limit") {
        "aliases expand to an enormous document: remove the chain of `*` aliases"
    } else {
        "check the YAML syntax here: indentation with spaces, and quotes and brackets that close"
    };
    located(&format!("invalid YAML: {problem}"), at, "", hint)
}

/// The start offset and text of the line holding `offset`.
fn line_of(text: &str, offset: usize) -> (usize, &str) {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (start, text[start..end].trim_end_matches('\r'))
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
    // serde says `struct Address` and `sequence`; people say mapping and list.
    let expected = expected_in_words(message, path);
    let shown = match message.split_once("expected ") {
        Some((found, _)) => format!("{found}expected {expected}")
            .replace(": sequence,", ": a list,")
            .replace(": map,", ": a mapping,"),
        None => message.to_owned(),
    };
    let mut diagnostic = Diagnostic::error(format!("{what}{shown}"))
        .at_location(location.or_else(|| {
            Some(crate::diagnostics::Location { source: source.clone(), range: 0..0 })
        }));
    let json = is_json(&source.name);
    for hint in yaml_hints(message, path, &expected, json) {
        diagnostic = diagnostic.with_hint(hint);
    }
    diagnostic
}

/// What serde's message says is expected, in the words of the README.
fn expected_in_words(message: &str, path: &DataPath) -> String {
    let expected = message.split("expected ").nth(1).unwrap_or("another type");
    if expected.starts_with("struct ") {
        let keys = known_keys(path);
        if keys.is_empty() {
            return "a mapping of keys".into();
        }
        return format!("a mapping with keys such as {}", keys.join(", "));
    }
    match expected {
        "a sequence" => "a list".into(),
        "a boolean" => "true or false".into(),
        other => other.into(),
    }
}

fn yaml_hints(message: &str, path: &DataPath, expected: &str, json: bool) -> Vec<String> {
    let has = |s: &str| message.contains(s);
    let mut hints = Vec::new();
    if has("invalid type") {
        hints.push(format!("`{path}` takes {expected}"));
        if has("sequence") && !has("expected a sequence") {
            hints.push("this key takes one value, not a list".into());
        } else if has("expected a sequence") && json {
            hints.push("write a list in square brackets: [{…}, {…}]".into());
        } else if has("expected a sequence") {
            hints.push("write a list, one `- item` per line".into());
        } else if has("expected struct") && json {
            hints.push("write an object in braces: {\"key\": \"value\", …}".into());
        } else if has("expected struct") {
            hints.push(format!(
                "write its keys on the lines under `{}:`, indented, one `key: value` per line",
                path.last_key().unwrap_or("it")
            ));
        }
    } else if has("recursion limit") {
        hints.push("the data is nested far too deeply to be a CV".into());
    } else if has("repetition limit") {
        hints
            .push("aliases expand to an enormous document: remove the chain of `*` aliases".into());
    } else if has("more than one document") {
        hints.push("remove the second `---`: a CV is one YAML document".into());
    } else if has("missing field") {
        hints.push("add the missing key".into());
    } else if has("language code") {
        hints.push(
            "a mapping here is one text per language, such as `{fr: Bonjour, en: Hello}`".into(),
        );
    }
    if hints.is_empty() {
        hints.push("see the data format in the README, or run `cvpdf schema`".into());
    }
    hints
}

/// The JSON Schema of [`Cv`], which lists the keys each level accepts.
static SCHEMA: LazyLock<Json> =
    LazyLock::new(|| serde_json::to_value(schemars::schema_for!(Cv)).unwrap_or(Json::Null));

/// An error for an unknown key, unless it is an `x-` key or `$schema`, and
/// the path of the known key it is probably a typo of.
fn unknown_key(map: &SourceMap, path: &DataPath) -> Option<(Diagnostic, Option<DataPath>)> {
    let key = path.last_key()?;
    if key.starts_with("x-") || key == "$schema" {
        return None;
    }
    let parent = path.parent().unwrap_or_default();
    let known = known_keys(&parent);
    let where_ =
        if parent.0.is_empty() { "at the top level".into() } else { format!("in `{parent}`") };
    let mut diagnostic = Diagnostic::error(format!("unknown key `{key}` {where_}"))
        .at_location(map.locate_key(path).or_else(|| map.locate(path)))
        .with_label("not a key cvpdf knows");
    let suggestion = did_you_mean(key, &known);
    if let Some(suggestion) = &suggestion {
        diagnostic = diagnostic.with_hint(format!("did you mean `{suggestion}`?"));
    } else if !known.is_empty() {
        diagnostic = diagnostic.with_hint(format!("the keys here are: {}", known.join(", ")));
    }
    let meant = suggestion.map(|s| parent.key(&s));
    Some((diagnostic.with_hint("to keep a key of your own, start it with `x-`"), meant))
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
    fn paths_parse() {
        assert_eq!(parse_path("work[2].name").to_string(), "work[2].name");
        assert_eq!(parse_path(".").to_string(), "");
    }
}
