//! Indentation YAML cannot see: a no-break space (U+00A0, which some
//! keyboards type for Option+Space and web pages paste) or another space
//! that is not U+0020 is text to YAML, so `\u{a0} name: Ada` under
//! `basics:` is a top-level key of its own, and `name` goes missing.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, SourceText};

/// The first line indented with a space YAML does not count as one, before
/// a key or a list item.
pub(super) fn odd_indentation(source: &Arc<SourceText>) -> Option<Diagnostic> {
    let mut start = 0;
    // The indentation of the line that opened a block scalar (`key: |`):
    // the lines indented deeper are its text, whatever they start with.
    let mut block: Option<usize> = None;
    for line in source.text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() || spaces > parent {
                continue;
            }
            block = None;
        }
        let indent = line.len() - line.trim_start_matches(is_space).len();
        if opens_block(&line[indent..]) {
            block = Some(spaces);
        }
        let Some((i, odd)) = line[..indent].char_indices().find(|(_, c)| *c != ' ') else {
            continue;
        };
        let rest = line[indent..].trim_end();
        let key_or_item = rest.starts_with("- ") || rest == "-" || rest.contains(':');
        if odd == '\t' || !key_or_item {
            // Tabs have their own error, from the parser.
            continue;
        }
        let at = line_start + i;
        return Some(
            Diagnostic::error(format!(
                "invalid YAML: this line is indented with U+{:04X}{}, which YAML reads as text, \
                 not as indentation",
                odd as u32,
                match odd {
                    '\u{A0}' => ", a no-break space",
                    c if crate::diagnostics::is_invisible(c) => ", an invisible character",
                    _ => ", a space of another kind",
                }
            ))
            .at(source, at..at + odd.len_utf8())
            .with_label("not an ordinary space")
            .with_hint("indent with ordinary spaces (U+0020): retype the start of this line"),
        );
    }
    None
}

/// Whether a line (its indentation removed) ends with a block scalar's
/// header, `|` or `>` with its optional indicators (`|-`, `>+2`), after a
/// key's colon or a list item's dash, a comment after it allowed.
fn opens_block(line: &str) -> bool {
    let code = line.split(" #").next().unwrap_or(line).trim_end();
    let (before, header) = code.rsplit_once(' ').unwrap_or(("", code));
    let mut chars = header.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c == '+' || c == '-' || c.is_ascii_digit())
        && (before.is_empty() || before.ends_with(':') || before.trim_end().ends_with('-'))
}

/// A space at the start of a line: the ordinary one, a tab, and those
/// Unicode calls spaces (U+00A0, U+2000–200A, U+202F, U+3000…) or that print
/// nothing (a zero-width space).
fn is_space(c: char) -> bool {
    (c.is_whitespace() && c != '\n' && c != '\r') || crate::diagnostics::is_invisible(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_column(yaml: &str) -> Option<String> {
        let source = SourceText::new("cv.yaml", yaml);
        odd_indentation(&source).and_then(|d| d.location.map(|l| l.display()))
    }

    #[test]
    fn odd_spaces_before_keys_and_items_are_found() {
        assert_eq!(line_column("basics:\n\u{a0} name: Ada\n").as_deref(), Some("cv.yaml:2:1"));
        assert_eq!(line_column("a:\n  \u{3000}- b\n").as_deref(), Some("cv.yaml:2:3"));
        assert_eq!(line_column("a:\n  \u{200b}b: c\n").as_deref(), Some("cv.yaml:2:3"));
        // Text in a block, and tabs, are not this error.
        assert_eq!(line_column("a: |\n  \u{a0}text\n"), None);
        // Even when the text looks like a key or an item (found by fuzzing).
        assert_eq!(line_column("e:\n  - s: |-\n      A\n      \u{a0} : A\n"), None);
        assert_eq!(
            line_column("e:\n  - s: >+ # note\n      \u{200b} x: a\nb:\n  \u{a0}c: d\n").as_deref(),
            Some("cv.yaml:5:3")
        );
        assert_eq!(line_column("- |\n  \u{a0}- item\n"), None);
        assert_eq!(line_column("a:\n\tb: c\n"), None);
    }
}
