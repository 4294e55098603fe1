//! Plain values that start with a character YAML reads as syntax:
//! `- **Led** the migration` is an alias to YAML, `summary: !important`
//! a tag, `- #1 in sales` a comment. The error says what YAML read, and
//! shows the line with the value in quotes.

use std::sync::Arc;

use super::source_map::{DataPath, SourceMap};
use crate::diagnostics::{Diagnostic, SourceText};

/// What YAML makes of a value starting with `c`, and what that means.
fn reading(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '*' => {
            ("which YAML reads as an alias, not as text", "an alias refers to a value named `&…`")
        }
        '&' => ("which YAML reads as an anchor, not as text", "an anchor names the value after it"),
        '!' => {
            ("which YAML reads as a tag, not as text", "a tag gives the type of the value after it")
        }
        '@' | '`' => ("which YAML reserves: it cannot start text", "kept by YAML for future use"),
        '%' => ("which YAML reads as a directive, not as text", "a directive instructs the parser"),
        '|' | '>' => (
            "which YAML reads as a block of text starting on the next line",
            "nothing may follow it on this line",
        ),
        '[' => {
            ("which YAML reads as a list, not as text", "a list in `[…]` must be the whole value")
        }
        '{' => (
            "which YAML reads as a mapping, not as text",
            "a mapping in `{…}` must be the whole value",
        ),
        '"' | '\'' => (
            "so YAML reads the quoted part alone as the value",
            "nothing may follow the closing quote",
        ),
        '#' => ("which YAML reads as a comment: the value is empty", "` #` starts a comment"),
        _ => return None,
    })
}

/// The error for a value that YAML reads as something other than text
/// because of its first character, when the value on the line holding
/// `offset` starts with one. For a syntax error (`only` is `None`),
/// `offset` must not be before the value; for a type error, `only` limits
/// the characters considered.
pub(super) fn indicator_error(
    source: &Arc<SourceText>,
    offset: usize,
    only: Option<&[char]>,
) -> Option<Diagnostic> {
    let (at, value, fixed) = quoted_line(source, offset)?;
    let first = value.chars().next()?;
    let (what, why) = reading(first)?;
    // A syntax error before the value is about something else; a type
    // error is about the value, wherever the parser puts it.
    let before = only.is_none() && offset < at;
    if before || only.is_some_and(|only| !only.contains(&first)) {
        return None;
    }
    if (first == '"' || first == '\'') && !text_after_quote(value) {
        return None;
    }
    Some(
        Diagnostic::error(format!("a value starts with `{first}`, {what}"))
            .at(source, at..at + value.len())
            .with_label(why)
            .with_hint(format!("put the value in quotes: `{fixed}`")),
    )
}

/// The error for a list item that YAML reads as no value because a comment
/// follows its dash (`- #1 in sales`): a mistake, where `- null` and `-`
/// are empty items on purpose. `offset` is where the parser puts the empty
/// item: the next token, after the item's line and any blank or comment
/// lines, or the end of the file.
pub(super) fn comment_item(source: &Arc<SourceText>, offset: usize) -> Option<Diagnostic> {
    let text = source.text.as_str();
    let offset = offset.min(text.len());
    let mut end =
        if text[offset..].trim().is_empty() { text.len() } else { text[..offset].rfind('\n')? };
    loop {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = text[start..end].trim();
        if line.starts_with('-') {
            return indicator_error(source, start, Some(&['#']));
        }
        if !line.is_empty() && !line.starts_with('#') || start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// The error for a text that YAML reads as a mapping of one key because of
/// a `: ` in it (`- Stack: Python, Go`, `keywords: [Cloud: AWS]`), when
/// that key is no language code: the text was meant, and goes in quotes.
/// `field` is the text field's path (`written` as the file writes it) and
/// `at` where its value starts. `None` for a mapping of more keys, or of
/// one on more lines, which is not a text at all.
pub(super) fn text_read_as_key(
    source: &Arc<SourceText>,
    map: &SourceMap,
    field: &DataPath,
    written: &DataPath,
    at: usize,
) -> Option<Diagnostic> {
    let mut under = map
        .scalars()
        .iter()
        .filter(|(path, _, _)| path.starts_with(field) && path.0.len() > field.0.len());
    let (child, offset, value) = under.next().filter(|_| under.next().is_none())?;
    let line = source.line_index(at);
    let key = child.last_key().filter(|_| child.0.len() == field.0.len() + 1)?;
    // An empty value is placed at the next token, maybe lines below.
    if source.line_index(*offset) != line && !value.is_empty() {
        return None;
    }
    let range = source.line_range(line);
    let (before, rest) = source.text[range.clone()].split_at(at - range.start);
    if rest.starts_with('{') {
        return indicator_error(source, at, Some(&['{']));
    }
    let (at, value, fixed) = if before.trim_end().ends_with(['[', ',']) {
        quoted_line(source, at)?
    } else {
        let value = rest.find(" #").map_or(rest, |i| &rest[..i]).trim_end();
        let dashes = before.trim_start();
        if value.starts_with(['"', '\'']) || dashes.chars().any(|c| c != '-' && c != ' ') {
            return None;
        }
        let fixed = match field.last_key() {
            _ if !dashes.is_empty() => format!("{dashes}{}", quoted(value)),
            Some(name) => format!("{name}: {}", quoted(value)),
            None => format!("- {}", quoted(value)),
        };
        (at, value, fixed)
    };
    let mut diagnostic = Diagnostic::error(format!(
        "`{written}`: YAML reads `{value}` as a key and its value, not as text"
    ))
    .at(source, at..at + value.len())
    .with_label(format!("`: ` makes `{key}` a key"))
    .with_hint(format!("put the whole value in quotes: `{fixed}`"));
    // `EN: Hello` may be a translation; `AWS: EKS` or `QA: tests` is text.
    let code = key.to_ascii_lowercase();
    if crate::languages::LANGUAGES.contains(&code.as_str()) {
        diagnostic = diagnostic.with_hint(format!(
            "or, for a text per language, write its code in lower case: `{code}`"
        ));
    }
    Some(diagnostic)
}

/// The value of the line holding `offset` (its offset and text), and the
/// line with it in quotes, without its indentation. Inside a list or
/// mapping in brackets (`keywords: [*nix, Linux]`), the value is the item
/// holding `offset`.
pub(super) fn quoted_line(source: &SourceText, offset: usize) -> Option<(usize, &str, String)> {
    let text = source.text.as_str();
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[start..end].trim_end_matches('\r');
    let mut at = value_start(line)?;
    let mut value = line[at..].trim_end();
    let within = offset - start;
    let closed = value.rfind([']', '}']).map_or(line.len(), |i| at + i);
    if value.starts_with(['[', '{']) && within > at && within < closed {
        let item = line[..within].rfind(['[', '{', ',']).map_or(at, |i| i + 1);
        let item = item + (line[item..].len() - line[item..].trim_start().len());
        at = item;
        value = &line[item..item + crate::diagnostics::flow_token_len(&line[item..])];
    }
    let fixed = format!("{}{}{}", &line[..at], quoted(value), &line[at + value.len()..]);
    Some((start + at, value, fixed.trim().to_owned()))
}

/// Whether a quoted `value` closes its quote on its line and text that is
/// not a comment follows.
fn text_after_quote(value: &str) -> bool {
    let quote = value.chars().next().unwrap_or('"');
    let mut chars = value.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        // `\"` in double quotes and `''` in single quotes are not the end.
        let escaped = match quote {
            '"' => c == '\\',
            _ => c == quote && value[i + 1..].starts_with(quote),
        };
        if escaped {
            chars.next();
        } else if c == quote {
            let rest = value[i + 1..].trim_start();
            return !rest.is_empty() && !rest.starts_with('#');
        }
    }
    false
}

/// Where the value of a line starts: after its list dashes and its key.
fn value_start(line: &str) -> Option<usize> {
    let mut at = line.len() - line.trim_start().len();
    while line[at..].starts_with("- ") {
        at += 2;
        at += line[at..].len() - line[at..].trim_start().len();
    }
    if let Some(key) = key_length(&line[at..]) {
        at += key + 1;
        at += line[at..].len() - line[at..].trim_start().len();
    }
    (at < line.len()).then_some(at)
}

/// The length of the `key` in `key: value` at the start of `rest`, if
/// there is one.
fn key_length(rest: &str) -> Option<usize> {
    let ends_key = |after: &str| after.starts_with(": ") || after == ":";
    if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = rest[1..].find(quote)? + 2;
        return ends_key(&rest[close..]).then_some(close);
    }
    if rest.starts_with(|c| reading(c).is_some()) {
        return None;
    }
    let colon = rest.find(": ").or_else(|| rest.strip_suffix(':').map(str::len))?;
    (!rest[..colon].contains(" #")).then_some(colon)
}

/// `value` as a YAML quoted scalar: in double quotes, or in single quotes
/// (with `'` doubled) when it holds a `"` or a backslash.
pub(super) fn quoted(value: &str) -> String {
    if value.contains(['"', '\\']) {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(yaml: &str) -> Option<(String, String, String)> {
        let source = SourceText::new("cv.yaml", yaml);
        let d = indicator_error(&source, yaml.trim_end().len() - 1, None)?;
        let at = d.location.as_ref().unwrap().display();
        Some((at, d.message, d.hints.join("")))
    }

    #[test]
    fn values_read_as_syntax_are_quoted() {
        let (at, message, hint) = error("x:\n  - **Led** the migration\n").unwrap();
        assert_eq!(at, "cv.yaml:2:5");
        assert_eq!(message, "a value starts with `*`, which YAML reads as an alias, not as text");
        let (_, message, _) = error("x:\n  - \"Led\" the migration\n").unwrap();
        assert_eq!(
            message,
            "a value starts with `\"`, so YAML reads the quoted part alone as the value"
        );
        assert_eq!(hint, "put the value in quotes: `- \"**Led** the migration\"`");
        let (at, _, hint) = error("basics:\n  summary: *x*\n").unwrap();
        assert_eq!(
            (at.as_str(), hint.as_str()),
            ("cv.yaml:2:12", "put the value in quotes: `summary: \"*x*\"`")
        );
        let (_, _, hint) = error("x:\n  - \"Led\" the migration\n").unwrap();
        assert_eq!(hint, "put the value in quotes: `- '\"Led\" the migration'`");
        let (_, _, hint) = error("x:\n  - - \"a\": b\n    - `c\n").unwrap();
        assert_eq!(hint, "put the value in quotes: `- \"`c\"`");
        // In brackets, the item is quoted, not the list.
        let yaml = "skills:\n  - keywords: [**Rust**, Go]\n";
        let source = SourceText::new("cv.yaml", yaml);
        let d = indicator_error(&source, yaml.find("*R").unwrap(), None).unwrap();
        assert_eq!(d.location.as_ref().unwrap().display(), "cv.yaml:2:16");
        assert_eq!(d.hints, ["put the value in quotes: `- keywords: [\"**Rust**\", Go]`"]);
        let source = SourceText::new("cv.yaml", "x: [a, *nix, b]\n");
        assert_eq!(quoted_line(&source, 7).unwrap().2, "x: [a, \"*nix\", b]");
        assert!(error("basics:\n  name: Ada\n").is_none());
        assert!(error("basics:\n  \"name\": Ada\n").is_none());
    }

    #[test]
    fn a_comment_for_a_list_item_is_a_mistake_and_an_empty_item_is_not() {
        let at = |yaml: &str, item: &str| {
            let source = SourceText::new("cv.yaml", yaml);
            let offset = yaml.find(item).unwrap_or(yaml.len());
            comment_item(&source, offset).map(|d| d.location.unwrap().display())
        };
        let yaml = "x:\n  - #1 in sales\n\n  # a comment\n  - null\n  -\n  - ~\n";
        assert_eq!(at(yaml, "null").as_deref(), Some("cv.yaml:2:5"));
        assert_eq!(at(yaml, "~"), None);
        assert_eq!(at("x:\n  - #1 in sales", "\u{0}").as_deref(), Some("cv.yaml:2:5"));
        assert_eq!(at("x:\n  y: #1\n  z: 2\n", "2"), None);
    }
}
