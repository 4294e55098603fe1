//! Keys written without their colon. To YAML, `- name Géodis` is text, and
//! the parser stops only at a later line, whose key then seems out of place
//! (`position:` is not lined up) or missing its own colon (at the end of
//! the file). The error points at the line that lacks the colon instead,
//! when adding it there lets the parser read past the place it stopped.

use std::sync::Arc;

use super::syntax::first_error;
use crate::diagnostics::{Diagnostic, SourceText};

/// A line that reads as a key and its value without the colon between
/// them: `key value`, `- key value` or `key` alone.
struct Bare<'a> {
    /// The line, without its end.
    line: &'a str,
    /// Where the line starts in the text.
    start: usize,
    /// Where the key starts and ends in the line, the colon's place.
    key: std::ops::Range<usize>,
    /// Whether the key follows a list dash, which starts a value.
    dashed: bool,
}

impl Bare<'_> {
    /// The line with its colon, without its indentation: `- name: Géodis`.
    fn fixed(&self) -> String {
        format!("{}:{}", &self.line[..self.key.end], &self.line[self.key.end..]).trim().to_owned()
    }
}

/// Reads `line` (starting at `start`) as a bare key, if it looks like one:
/// an identifier as keys are written (ASCII letters, digits, `_` and `-`,
/// from a lower-case letter or `_`: `name`, `startDate`, `x-notes`), then
/// the end of the line or a space and a value. Text (`- Wrote Note G`)
/// starts with a capital more often than not.
fn bare(start: usize, line: &str) -> Option<Bare<'_>> {
    let mut at = line.len() - line.trim_start().len();
    let mut dashed = false;
    while line[at..].starts_with("- ") {
        at += 2;
        at += line[at..].len() - line[at..].trim_start().len();
        dashed = true;
    }
    let rest = &line[at..];
    let length = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let key = &rest[..length];
    let ends = rest[length..].is_empty() || rest[length..].starts_with([' ', '\t']);
    (key.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') && ends).then_some(Bare {
        line,
        start,
        key: at..at + length,
        dashed,
    })
}

/// The error for a key without its colon, when the YAML parser stopped on
/// line `stopped` (from 1) because of it: the bare lines just above that
/// line (one value: a dashed line, or lines without dashes up to the next
/// line that is not bare) are given their colons, and the text must then
/// read without error up to and including that line. The error points at
/// the first of them, and the hints give each line fixed.
pub(super) fn missing_colon(source: &Arc<SourceText>, stopped: usize) -> Option<Diagnostic> {
    let text = source.text.as_str();
    let mut above = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n').take(stopped.saturating_sub(1)) {
        above.push((offset, line.trim_end_matches(['\n', '\r'])));
        offset += line.len();
    }
    // Nearest first; comments and blank lines are passed over.
    let mut run: Vec<Bare> = Vec::new();
    for (start, line) in above.into_iter().rev() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let Some(found) = bare(start, line) else { break };
        let dashed = found.dashed;
        run.push(found);
        if dashed {
            break;
        }
    }
    let first = run.last()?;
    let mut repaired = text.to_owned();
    // From the last line up, so that earlier offsets stay right.
    for found in &run {
        repaired.insert(found.start + found.key.end, ':');
    }
    if first_error(&repaired)
        .is_some_and(|error| error.location().is_none_or(|l| l.line() <= stopped))
    {
        return None;
    }
    let key = &first.line[first.key.clone()];
    let value = first.line[first.key.start..].trim_end();
    let mut diagnostic = Diagnostic::error(format!("invalid YAML: the key `{key}` has no colon"))
        .at(source, first.start + first.key.start..first.start + first.key.end)
        .with_label(format!("without a `:` after its key, YAML reads `{value}` as text"))
        .with_hint(format!("write `{}`", first.fixed()));
    for found in run.iter().rev().skip(1) {
        let (line, _) = source.line_column(found.start);
        diagnostic = diagnostic.with_hint(format!("and on line {line}, `{}`", found.fixed()));
    }
    Some(diagnostic)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the error points, its hints, for YAML that stops at `stopped`.
    fn error(yaml: &str, stopped: usize) -> Option<(String, Vec<String>)> {
        let source = SourceText::new("cv.yaml", yaml);
        let d = missing_colon(&source, stopped)?;
        Some((d.location.as_ref().unwrap().display(), d.hints))
    }

    #[test]
    fn keys_without_colons_are_found() {
        let yaml = "work:\n  - name Géodis\n    position: Boss\n";
        assert_eq!(
            error(yaml, 3).unwrap(),
            ("cv.yaml:2:5".into(), vec!["write `- name: Géodis`".into()])
        );
        let yaml = "basics\n  name: Ada\n";
        assert_eq!(error(yaml, 2).unwrap(), ("cv.yaml:1:1".into(), vec!["write `basics:`".into()]));
        let yaml = "basics:\n  name Ada\n  label Engineer\n  email: a@b.c\n";
        assert_eq!(
            error(yaml, 4).unwrap().1,
            ["write `name: Ada`", "and on line 3, `label: Engineer`"]
        );
        // Text that goes on over several lines is not a key.
        assert!(error("basics:\n  summary: a\n    long text\n     label: X\n", 4).is_none());
        // A capital starts text more often than a key.
        assert!(error("x:\n  - Wrote things\n    note: x\n", 3).is_none());
        // One value per list item: the item above is not this one.
        let yaml = "x:\n  - Some text\n  - name Ada\n    label: X\n";
        assert_eq!(error(yaml, 4).unwrap().0, "cv.yaml:3:5");
    }
}
