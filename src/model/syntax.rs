//! YAML and JSON errors, located where they are and explained: syntax,
//! wrong types, and JSON held to JSON's own rules.

use std::sync::Arc;

use super::colon::missing_colon;
use super::indicators::{indicator_error, quoted, quoted_line, text_read_as_key};
use super::keys::known_keys;
use super::source_map::{DataPath, SourceMap};
use crate::diagnostics::{Diagnostic, SourceText, floor_char_boundary};

/// Whether the file is named as JSON, which is held to JSON's own syntax.
pub(super) fn is_json(name: &str) -> bool {
    std::path::Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// A JSON syntax error, at the character where it is.
pub(super) fn json_error(source: &Arc<SourceText>, error: &serde_json::Error) -> Diagnostic {
    let full = error.to_string();
    let message = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
    // serde_json counts lines at `\n` only and columns in bytes, and points
    // at the byte it stopped on.
    let text = &source.text;
    let line_start = match error.line() {
        0 | 1 => 0,
        line => text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1),
    };
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
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
pub(super) fn syntax_error(source: &Arc<SourceText>) -> Option<Diagnostic> {
    first_error(&source.text).map(|error| syntax_diagnostic(source, &error))
}

/// The first YAML syntax error of `text`, in any of its documents.
pub(super) fn first_error(text: &str) -> Option<serde_yaml::Error> {
    use serde::Deserialize;
    // After an error, the documents go on failing: stop at the first.
    serde_yaml::Deserializer::from_str(text)
        .find_map(|document| serde::de::IgnoredAny::deserialize(document).err())
}

/// Reads serde_yaml's `line L column C` (both from 1) at the end of `text`.
fn mark_at_end(text: &str) -> Option<(usize, usize)> {
    let (_, mark) = text.rsplit_once(" at line ")?;
    let (line, column) = mark.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// Reads libyaml's `at position N` (a byte offset) at the end of `text`,
/// which its reader errors give instead of a line and column.
fn position_at_end(text: &str) -> Option<usize> {
    text.rsplit_once(" at position ")?.1.trim().parse().ok()
}

fn syntax_diagnostic(source: &Arc<SourceText>, error: &serde_yaml::Error) -> Diagnostic {
    let full = error.to_string();
    // libyaml's form: `problem at line L column C, while doing X at line L column C`.
    let (problem_part, context) = match full.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (full.as_str(), None),
    };
    let problem = [" at line ", " at position "]
        .iter()
        .find_map(|mark| problem_part.find(mark))
        .map_or(problem_part, |i| &problem_part[..i]);
    let offset_of = |(line, column): (usize, usize)| source.offset(line, column.saturating_sub(1));
    // Reader errors give their place as a position only (and serde_yaml
    // a location of 1:1). A location's index is a byte offset, which needs
    // no line count (libyaml also ends lines at U+0085, U+2028 and U+2029).
    let at = position_at_end(problem_part)
        .or_else(|| error.location().map(|l| l.index()))
        .or_else(|| mark_at_end(problem_part).map(offset_of))
        .unwrap_or(0);
    let at = floor_char_boundary(&source.text, at);
    let context_at = context.and_then(mark_at_end).map(offset_of);
    let line = line_of(source, at);
    let (line_line, line_column) = source.line_column(at);
    let gave_up =
        format!("the YAML parser stopped at line {line_line}, column {line_column}: {problem}");
    let has = |s: &str| problem.contains(s);

    if let Some(diagnostic) = context.zip(context_at).and_then(|c| never_closed(source, c)) {
        return diagnostic.with_note(gave_up);
    }
    // The parser stops a line or more after a key written without its
    // colon, with one of several errors (a key not lined up, a `:` or a `-`
    // not found): what the line above needs is checked by reading it fixed.
    let stopped = error.location().map_or(line_line, |l| l.line());
    if let Some(diagnostic) = missing_colon(source, stopped) {
        return diagnostic.with_note(gave_up);
    }
    if has("mapping values are not allowed") {
        return colon_in_value(source, line, at);
    }
    let tab_here = line.1.get(at - line.0..).is_some_and(|rest| rest.starts_with('\t'));
    if has("tab character") || (has("cannot start any token") && tab_here) {
        return located(
            source,
            "invalid YAML: a tab is used for indentation",
            at,
            "a tab",
            "YAML indents with spaces, never tabs: replace the tab with spaces (most editors can insert spaces for the Tab key)",
        );
    }
    if has("control characters are not allowed") {
        let c = source.text.get(at..).and_then(|rest| rest.chars().next()).unwrap_or('\0');
        let message = format!(
            "invalid YAML: U+{:04X}, a control character, cannot be in a YAML file",
            c as u32
        );
        return located(source, &message, at, "here", "remove it; most editors do not show it");
    }
    if has("unknown anchor") {
        return unknown_anchor(source, at);
    }
    let indicator = indicator_error(source, at, None)
        .or_else(|| context_at.and_then(|opened| indicator_error(source, opened, None)));
    if let Some(diagnostic) = indicator {
        return diagnostic.with_note(gave_up);
    }
    if has("cannot start any token") {
        return located(
            source,
            &format!("invalid YAML: {problem}"),
            at,
            "this character",
            "a value that starts with @, ` or % must be in quotes: \"@jpic\"",
        );
    }
    located(source, &format!("invalid YAML: {problem}"), at, "", general_hint(&has))
}

/// An error at the token at `at`, labelled and with a hint.
fn located(
    source: &Arc<SourceText>,
    message: &str,
    at: usize,
    label: &str,
    hint: &str,
) -> Diagnostic {
    Diagnostic::error(message).at(source, source.token_at(at)).with_label(label).with_hint(hint)
}

/// The error for a quoted text, a `[ ]` list or a `{ }` mapping that is
/// never closed, pointed at where it opens: `context` is what libyaml was
/// doing, opened at `opened`.
fn never_closed(source: &Arc<SourceText>, (context, opened): (&str, usize)) -> Option<Diagnostic> {
    let within = |s: &str| context.starts_with(s);
    if within("scanning a quoted scalar") {
        let quote = source.text[opened..].chars().next().unwrap_or('"');
        return Some(located(
            source,
            "this quoted text is never closed",
            opened,
            "the quote opens here",
            &format!(
                "add the closing {quote} at the end of the value; without it the value runs on to the end of the file"
            ),
        ));
    }
    if within("parsing a flow sequence") || within("parsing a flow mapping") {
        let (what, close) = if within("parsing a flow sequence") {
            ("list in `[ ]`", ']')
        } else {
            ("mapping in `{ }`", '}')
        };
        return Some(located(
            source,
            &format!("this {what} is never closed"),
            opened,
            "it opens here",
            &format!(
                "close it with `{close}` at the end of its line, or write it as indented lines"
            ),
        ));
    }
    None
}

/// The error for a `:` that YAML cannot take where it is: a key not lined
/// up with the keys above it, or a value holding `: `.
fn colon_in_value(source: &Arc<SourceText>, line: (usize, &str), at: usize) -> Diagnostic {
    let column = at - line.0;
    let before = &line.1[..column.min(line.1.len())];
    let indent = before.len() - before.trim_start().len();
    if !before.contains(": ") {
        // `key: value` is fine on its own: the line above swallows it.
        let key = before.trim();
        return located(
            source,
            &format!("invalid YAML: `{key}:` is not lined up with the keys above it"),
            line.0 + indent,
            "this key",
            "keys of one mapping start in the same column, indented with spaces: line this key up with the one above it",
        );
    }
    let (key, value) = line.1.split_once(": ").unwrap_or(("key", line.1));
    let value = value.trim();
    located(
        source,
        "invalid YAML: a value contains `: `",
        at,
        "YAML reads this `:` as the start of another key",
        &format!("put the whole value in quotes: `{}: {}`", key.trim(), quoted(value)),
    )
}

/// The hint for a YAML error that no case above explains, by what the
/// parser said (`has` tells whether its message holds a phrase: serde_yaml
/// gives its errors as text only).
fn general_hint(has: &dyn Fn(&str) -> bool) -> &'static str {
    if has("did not find expected key") || has("did not find expected '-'") || has("block") {
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
    }
}

/// `*name` with no `&name` before it: an alias to YAML, or text that was
/// meant (`*nix`).
fn unknown_anchor(source: &Arc<SourceText>, at: usize) -> Diagnostic {
    let alias = source.text[at..]
        .split(|c: char| c.is_whitespace() || ",]}".contains(c))
        .next()
        .unwrap_or("*");
    let name = alias.trim_start_matches('*');
    let diagnostic = Diagnostic::error(format!(
        "the alias `{alias}` has no anchor `&{name}` before it"
    ))
    .at(source, source.token_at(at))
    .with_label("this alias")
    .with_hint(format!(
        "write `&{name}` before the value to repeat, above this line, or write the value here"
    ));
    match quoted_line(source, at) {
        Some((_, _, fixed)) => diagnostic.with_hint(format!(
            "if the `*` is part of the text, put the value in quotes: `{fixed}`"
        )),
        None => diagnostic,
    }
}

/// The start offset and text of the line holding `offset`.
fn line_of(source: &SourceText, offset: usize) -> (usize, &str) {
    let range = source.line_range(source.line_index(offset));
    (range.start, &source.text[range])
}

pub(super) fn yaml_error(
    schema: &serde_json::Value,
    source: &Arc<SourceText>,
    map: &SourceMap,
    path: &DataPath,
    inner: &serde_yaml::Error,
) -> Diagnostic {
    let full = inner.to_string();
    // serde_yaml appends " at line L column C"; the excerpt shows that.
    let message = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
    let message = message.strip_prefix(&format!("{path}: ")).unwrap_or(message);
    let message = &*shortened(message);
    if message.contains("expected field identifier") {
        return complex_key(source, map, path, inner);
    }
    let location = match inner.location() {
        Some(at) => Some(crate::diagnostics::Location {
            source: source.clone(),
            range: source.token_at(at.index()),
        }),
        None => map.locate(path),
    };
    // `summary: !important`, `- #1 in sales`, `label: [Draft] notes`: what
    // YAML read is not the text that was meant. JSON has no such syntax.
    let expects_text = message.contains("expected text") || message.contains("expected a string");
    let read_as_syntax: &[char] = if expects_text { &['!', '#', '[', '{'] } else { &['!', '#'] };
    if message.starts_with("invalid type")
        && !is_json(&source.name)
        && let Some(at) = &location
        && let Some(diagnostic) = indicator_error(source, at.range.start, Some(read_as_syntax))
    {
        return diagnostic;
    }
    let written = map.as_written(path);
    if message.contains("is not a language code")
        && !is_json(&source.name)
        && let Some(at) = &location
        && let Some(diagnostic) = text_read_as_key(source, map, path, &written, at.range.start)
    {
        return diagnostic;
    }
    let what = if path.0.is_empty() { String::new() } else { format!("`{written}`: ") };
    // serde says `struct Address` and `sequence`; people say mapping and list.
    let expected = expected_in_words(schema, message, path);
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
    let hints = if path.0.is_empty() && message.starts_with("invalid type") {
        vec![root_hint(schema, json)]
    } else {
        yaml_hints(message, &written, &expected, json)
    };
    for hint in hints {
        diagnostic = diagnostic.with_hint(hint);
    }
    diagnostic
}

/// The error for a key written as a list or a mapping (`? [a, b]`), which
/// serde reports in its own words.
fn complex_key(
    source: &Arc<SourceText>,
    map: &SourceMap,
    path: &DataPath,
    inner: &serde_yaml::Error,
) -> Diagnostic {
    let range = inner.location().map(|at| source.token_at(at.index()));
    let location =
        range.map(|range| crate::diagnostics::Location { source: source.clone(), range });
    let parent = DataPath(path.0.iter().take(path.0.len().saturating_sub(1)).cloned().collect());
    let within = if parent.0.is_empty() {
        String::new()
    } else {
        format!(" in `{}`", map.as_written(&parent))
    };
    Diagnostic::error(format!("a key{within} is a list or a mapping, not a name"))
        .at_location(location.or_else(|| map.locate(path)))
        .with_hint("a key is a name followed by `:`, such as `name: Ada`; remove the `?`, which makes what follows it a key of its own")
}

/// What serde's message says is expected, in the words of the README.
fn expected_in_words(schema: &serde_json::Value, message: &str, path: &DataPath) -> String {
    let expected = message.split("expected ").nth(1).unwrap_or("another type");
    if expected.starts_with("struct ") {
        let keys = known_keys(schema, path);
        if keys.is_empty() {
            return "a mapping of keys".into();
        }
        return format!("a mapping with keys such as {}", keys.join(", "));
    }
    match expected {
        "a sequence" => "a list".into(),
        "a boolean" => "true or false".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "a whole number".into()
        }
        "f32" | "f64" => "a number".into(),
        other if other.starts_with("a nonzero ") => "a whole number, 1 or more".into(),
        other => other.into(),
    }
}

/// The longest text a message quotes from the data, in characters: serde
/// quotes a whole value, which may be the whole file.
const MAX_QUOTED: usize = 60;

/// `message` with the text it quotes (`string "…"`) cut to [`MAX_QUOTED`].
fn shortened(message: &str) -> std::borrow::Cow<'_, str> {
    let Some(start) = message.find("string \"").map(|i| i + "string \"".len()) else {
        return message.into();
    };
    let end = message.rfind("\", expected").filter(|end| *end >= start).unwrap_or(message.len());
    match message[start..end].char_indices().nth(MAX_QUOTED) {
        Some((cut, _)) => format!("{}…{}", &message[..start + cut], &message[end..]).into(),
        None => message.into(),
    }
}

/// The hint for a file that is a text or a list where a mapping of keys
/// is expected: what its first lines should look like.
fn root_hint(schema: &serde_json::Value, json: bool) -> String {
    let keys: Vec<String> = known_keys(schema, &DataPath::default())
        .into_iter()
        .filter(|k| !k.starts_with('$'))
        .collect();
    let preferred: Vec<&str> = ["basics", "work", "to", "position"]
        .into_iter()
        .filter(|k| keys.iter().any(|known| known == k))
        .collect();
    let examples: Vec<&str> = if preferred.len() >= 2 {
        preferred[..2].to_vec()
    } else {
        keys.iter().take(2).map(String::as_str).collect()
    };
    if json {
        let shown: Vec<String> = examples.iter().map(|k| format!("\"{k}\": …")).collect();
        format!("the file is one object of keys in braces: {{{}}}", shown.join(", "))
    } else {
        let shown: Vec<String> = examples.iter().map(|k| format!("`{k}:`")).collect();
        format!(
            "the file is a mapping: keys at the start of their lines, each followed by `:`, such as {}",
            shown.join(" and ")
        )
    }
}

fn yaml_hints(message: &str, path: &DataPath, expected: &str, json: bool) -> Vec<String> {
    let has = |s: &str| message.contains(s);
    let mut hints = Vec::new();
    if has("invalid value") {
        hints.push(format!("`{path}` takes {expected}"));
    } else if has("invalid type") {
        hints.push(format!("`{path}` takes {expected}"));
        if has("unit value") && json {
            hints.push("`null` is no value: give one, or leave the key out".into());
        } else if has("unit value") {
            hints.push(
                "YAML reads `~`, `null` and nothing as no value: to print a word like \
                        these, write it in quotes"
                    .into(),
            );
        }
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
