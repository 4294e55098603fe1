//! Whitespace controls in text fields: tabs, vertical tabs, form feeds and
//! the Unicode line and paragraph separators, which pasted text brings and
//! which Typst prints as nothing (a tab) or as a line break (the others).
//!
//! A one-line field (a name, a position) is one line: each run of them is
//! a space. In a multi-line field, Markdown's line endings are `\n`, `\r\n`
//! and `\r`, and only they: U+0085, U+2028 and U+2029, a vertical tab and a
//! form feed are each a space, since a line ending there would let an
//! invisible character start a list item or a paragraph, or cut a code span
//! (`` `make\u{2028}- all` ``); a tab is indentation at the start of a line
//! and a space elsewhere (see `tidy`).

use std::borrow::Cow;

/// Whether `c` is whitespace that lays text out rather than spaces it:
/// the ones an ordinary space stands for in a one-line field. The other
/// Unicode spaces (no-break, thin, ideographic…) are meant as typed.
fn is_layout_control(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// A one-line field's text, each run of whitespace with a control in it
/// (`Python\tSQL`, `Jan\nKowalski`) one space.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(is_layout_control) {
        return Cow::Borrowed(text);
    }
    let mut line = String::with_capacity(text.len());
    for (i, part) in text.split(is_layout_control).enumerate() {
        if i > 0 {
            line.truncate(line.trim_end_matches(' ').len());
            line.push(' ');
        }
        line.push_str(if i > 0 { part.trim_start_matches(' ') } else { part });
    }
    Cow::Owned(line)
}

/// A multi-line field's text with `\n` for every line ending (`\r\n` and
/// `\r` too, as Markdown reads them), and a space for each of the other
/// whitespace controls but the tab.
pub(super) fn line_endings(text: &str) -> Cow<'_, str> {
    let other = |c| matches!(c, '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}');
    if !text.contains(other) {
        return Cow::Borrowed(text);
    }
    // `\r\n` first, so that it is one line ending.
    let text = text.replace("\r\n", "\n");
    let mut normalised = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' => normalised.push('\n'),
            '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => normalised.push(' '),
            c => normalised.push(c),
        }
    }
    Cow::Owned(normalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_line_field_is_one_line() {
        for (typed, printed) in [
            ("Python\tSQL\tSpark", "Python SQL Spark"),
            ("Jan \t Kowalski", "Jan Kowalski"),
            ("a\nb\r\nc\u{0B}d\u{0C}e\u{85}f\u{2028}g\u{2029}h", "a b c d e f g h"),
            ("a\t\t\tb", "a b"),
            ("Jean\u{A0}Dupont : x\u{2009}y\u{3000}z", "Jean\u{A0}Dupont : x\u{2009}y\u{3000}z"),
            ("a  b", "a  b"),
        ] {
            assert_eq!(one_line(typed), printed, "{typed:?}");
        }
    }

    #[test]
    fn only_markdowns_line_endings_end_lines() {
        assert_eq!(line_endings("a\r\nb\rc\n\rd"), "a\nb\nc\n\nd");
        assert_eq!(line_endings("a\u{85}b\u{2028}c\u{2029}d\u{0B}e\u{0C}f"), "a b c d e f");
        assert_eq!(line_endings("\ta\tb"), "\ta\tb");
    }
}
