//! Reading a CV file: bytes to a checked [`Cv`], or located errors.

use std::sync::Arc;

use super::comments::cut_by_comments;
use super::indicators::comment_item;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use super::keys::{Extras, SCHEMA, unknown_keys};
use super::rename::{Renames, Renaming};
use super::source_map::{DataPath, Segment, SourceMap};
use super::syntax::{is_json, json_error, syntax_error, yaml_error};
use super::{Cv, indentation, legacy, rendercv, scalars, surrogates, validate};
use crate::diagnostics::{Diagnostic, Error, SourceText};
use serde::de::IgnoredAny;

use crate::gate::MAX_DATA_BYTES;

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

    let (mut cv, mut ignored) = read_typed::<Cv>(&SCHEMA, &source, &map, &renames)?;
    ignored.retain(|path| !renames.dropped.contains(path));

    let (unknown, meant) = unknown_keys(&SCHEMA, Extras::JsonResume, &map, &ignored);
    diagnostics.extend(unknown);
    // `nmae` with a hint `name` says all there is to say about `name`.
    diagnostics.extend(validate::check(&cv, &map, &meant));
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
    // Checked above: `pt_br` is `pt-BR` from here on.
    if let Some(lang) = cv.meta.lang.as_mut()
        && let Ok(tag) = super::language_tag(lang)
    {
        *lang = tag;
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
    let (mut diagnostics, _) = unknown_keys(schema, Extras::Private, &map, &ignored);
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
mod tests;
