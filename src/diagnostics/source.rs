//! A file the user wrote, with an index of its lines and characters built
//! once, so that turning a parser's line and column into a byte offset (and
//! back) is a binary search, not a scan from the start: a file of 150,000
//! values asks for 150,000 of them.

use std::ops::Range;
use std::sync::Arc;

/// One character in this many gets its byte offset recorded in a text that
/// is not ASCII: finding any character then reads at most this many.
const CHUNK: usize = 64;

/// The longest token [`SourceText::token_at`] underlines, in bytes: enough
/// for any value on a line, and a bound on the work for a file that is one
/// long line (minified JSON).
const MAX_TOKEN_BYTES: usize = 1024;

/// A file the user wrote (data or layout), kept for excerpts in messages.
///
/// Lines end at `\r\n`, `\n` or a lone `\r`, as YAML parsers count them;
/// columns count characters.
#[derive(Debug, PartialEq, Eq)]
pub struct SourceText {
    /// The name shown in messages: the path as the user gave it.
    pub name: String,
    /// The whole text.
    pub text: String,
    /// The byte offset where each line starts; the first is 0.
    line_starts: Vec<usize>,
    /// The byte offset of every [`CHUNK`]th character; empty when the text
    /// is ASCII, where byte and character offsets are the same.
    char_starts: Vec<usize>,
}

impl SourceText {
    /// Wraps a file's name and text for use in diagnostics.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        let text = text.into();
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i + 1);
            }
        }
        let char_starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().step_by(CHUNK).map(|(i, _)| i).collect()
        };
        Arc::new(Self { name: name.into(), text, line_starts, char_starts })
    }

    /// The number of lines; a text ending with a line break has an empty
    /// last line.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based index of the line holding byte `offset` (the last line
    /// for offsets past the end).
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// The bytes of a 0-based line, without its line break; clamped to the
    /// last line.
    pub fn line_range(&self, index: usize) -> Range<usize> {
        let index = index.min(self.line_starts.len() - 1);
        let start = self.line_starts[index];
        let end = match self.line_starts.get(index + 1) {
            None => self.text.len(),
            Some(&next) => {
                let line = &self.text[start..next];
                next - (line.len() - line.trim_end_matches('\n').trim_end_matches('\r').len())
            }
        };
        start..end
    }

    /// The byte offset of a 1-based line and a 0-based column counted in
    /// characters, clamped to the line (and to the text).
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let range = self.line_range(line.saturating_sub(1));
        let at = self.char_to_byte(self.byte_to_char(range.start).saturating_add(column));
        at.min(range.end)
    }

    /// The 1-based line and column of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let index = self.line_index(offset);
        let start = self.line_starts[index];
        (index + 1, self.byte_to_char(offset) - self.byte_to_char(start) + 1)
    }

    /// The range of the token starting at `start`: a quoted string closed on
    /// its line, else up to the end of the line, without trailing blanks or
    /// a trailing comment; at least one character and at most
    /// [`MAX_TOKEN_BYTES`] long.
    pub fn token_at(&self, start: usize) -> Range<usize> {
        let start = floor_char_boundary(&self.text, start);
        let line_end = self.line_range(self.line_index(start)).end.max(start);
        let end = floor_char_boundary(&self.text, line_end.min(start + MAX_TOKEN_BYTES));
        let line = &self.text[start..end];
        if let Some(len) = quoted_len(line) {
            return start..start + len;
        }
        let line_start = self.line_range(self.line_index(start)).start.min(start);
        // A line that long before a token is minified JSON or a flow
        // collection: not read again for each token.
        let before = &self.text[line_start..start];
        if before.len() > MAX_TOKEN_BYTES || in_flow(before) {
            let len = flow_token_len(line);
            return start..start + len.max(line.chars().next().map_or(0, char::len_utf8));
        }
        let line = line.find(" #").map_or(line, |i| &line[..i]);
        let len = line.trim_end().len();
        let len = if len == 0 {
            self.text[start..].chars().next().map_or(0, char::len_utf8)
        } else {
            len
        };
        start..start + len
    }

    /// How many characters come before byte `offset`.
    fn byte_to_char(&self, offset: usize) -> usize {
        let offset = floor_char_boundary(&self.text, offset);
        if self.char_starts.is_empty() {
            return offset;
        }
        let chunk = self.char_starts.partition_point(|&start| start <= offset) - 1;
        chunk * CHUNK + self.text[self.char_starts[chunk]..offset].chars().count()
    }

    /// The byte offset of character `index`, or the text's length past it.
    fn char_to_byte(&self, index: usize) -> usize {
        if self.char_starts.is_empty() {
            return index.min(self.text.len());
        }
        let Some(&start) = self.char_starts.get(index / CHUNK) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices().nth(index % CHUNK).map_or(self.text.len(), |(i, _)| start + i)
    }
}

/// The length of the quoted string (`"…"` with backslash escapes, or
/// `'…'` with `''`) that `text` starts with, if it closes in `text`.
fn quoted_len(text: &str) -> Option<usize> {
    let quote = text.chars().next().filter(|&c| c == '"' || c == '\'')?;
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && text[i + 1..].starts_with('\'') {
                chars.next();
                continue;
            }
            return Some(i + 1);
        }
    }
    None
}

/// Whether the text before a token on its line leaves a flow collection
/// (`[…]`, `{…}`) open, quoted strings aside: the token is an item of it.
fn in_flow(before: &str) -> bool {
    let mut depth = 0i32;
    let mut rest = before;
    while let Some(c) = rest.chars().next() {
        let len = match c {
            '"' | '\'' => quoted_len(rest).unwrap_or(rest.len()),
            '[' | '{' => {
                depth += 1;
                1
            }
            ']' | '}' => {
                depth -= 1;
                1
            }
            _ => c.len_utf8(),
        };
        rest = &rest[len..];
    }
    depth > 0
}

/// The length of a token inside a flow collection: a quoted string, a
/// nested collection to its closing bracket, or a plain scalar (or a
/// `key: value` item) up to the `,`, `]` or `}` that ends it, trailing
/// spaces left out.
pub(crate) fn flow_token_len(line: &str) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(c) = line[i..].chars().next() {
        match c {
            '"' | '\'' if depth > 0 || i == 0 => {
                i += quoted_len(&line[i..]).unwrap_or(line.len() - i);
                continue;
            }
            '[' | '{' if depth > 0 || i == 0 => depth += 1,
            ']' | '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            ',' | ']' | '}' if depth == 0 => break,
            '#' if depth == 0 && line[..i].ends_with([' ', '\t']) => break,
            _ => {}
        }
        i += c.len_utf8();
    }
    line[..i].trim_end().len()
}

/// The largest char boundary of `text` at or before `offset`.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_where_yaml_ends_them() {
        for text in ["a\nbé\ncd", "a\r\nbé\r\ncd", "a\rbé\rcd", "a\nbé\r\ncd"] {
            let source = SourceText::new("cv.yaml", text);
            assert_eq!(source.line_count(), 3, "{text:?}");
            let c = text.find('c').unwrap();
            assert_eq!(source.offset(3, 1), c + 1, "{text:?}");
            assert_eq!(source.line_column(c + 1), (3, 2), "{text:?}");
            assert_eq!(&text[source.line_range(1)], "bé", "{text:?}");
            assert_eq!(source.offset(2, 9), source.line_range(1).end, "{text:?}");
        }
        let source = SourceText::new("cv.yaml", "a\n");
        assert_eq!(source.line_count(), 2);
        assert_eq!(source.line_column(2), (2, 1));
        assert_eq!(source.offset(9, 9), 2, "clamped to the text");
    }

    #[test]
    fn columns_count_characters_in_long_lines() {
        // Past several chunks of non-ASCII characters, on one line.
        let text = format!("{}x{}", "é".repeat(200), "ü".repeat(100));
        let source = SourceText::new("cv.json", text.as_str());
        let x = text.find('x').unwrap();
        assert_eq!(source.offset(1, 200), x);
        assert_eq!(source.line_column(x), (1, 201));
        assert_eq!(source.line_column(text.len()), (1, 302));
        assert_eq!(source.offset(1, 10_000), text.len());
        // Inside a character: its start.
        assert_eq!(source.line_column(1), (1, 1));
    }

    #[test]
    fn tokens_stop_at_the_line_end_comment_or_bound() {
        let source = SourceText::new("cv.yaml", "a: value  # note\r\nb: x\rc");
        assert_eq!(&source.text[source.token_at(3)], "value");
        assert_eq!(&source.text[source.token_at(21)], "x");
        let json = SourceText::new("cv.json", r#"{"a": "x\"y", "b": 'it''s', "c": "open"#);
        assert_eq!(&json.text[json.token_at(6)], r#""x\"y""#);
        assert_eq!(&json.text[json.token_at(19)], "'it''s'");
        assert_eq!(&json.text[json.token_at(33)], r#""open"#);
        let long = SourceText::new("cv.json", "x".repeat(5000));
        assert_eq!(long.token_at(10).len(), MAX_TOKEN_BYTES);
    }
}
