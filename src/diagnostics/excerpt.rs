//! The excerpt under a message: the lines a diagnostic points at, as
//! codespan-reporting prints them, but escaped (a data line holding `\e[2J`
//! shows `\u{1b}[2J` and does not clear the screen) and cut to a window
//! around the label when a line is long (minified JSON is one line).

use std::ops::Range;

use codespan_reporting::files::{Error, Files, Location as FileLocation};

use super::source::floor_char_boundary;
use super::{Location, needs_escape, push_escaped};

/// Lines longer than this many characters are shown as a window of this
/// many around the label.
const MAX_SHOWN_CHARS: usize = 160;

/// How many characters of the window come before the label's start.
const CONTEXT_CHARS: usize = 40;

/// A label spanning more lines than this is shown on its first line only.
const MAX_SHOWN_LINES: usize = 6;

/// The excerpts of one printing, each a file of its own for codespan: the
/// shown lines, escaped, and where they are in the user's file.
#[derive(Default)]
pub(super) struct Excerpts {
    snippets: Vec<Snippet>,
}

struct Snippet {
    /// The file's name, escaped.
    name: String,
    /// The shown lines, escaped, each ending with `\n`.
    text: String,
    /// Where each shown line starts in `text`.
    line_starts: Vec<usize>,
    /// The 0-based index of the first shown line in the file.
    first_line: usize,
    /// The label's start in `text`, and its line and column in the file.
    label_start: usize,
    at: (usize, usize),
}

impl Excerpts {
    /// Adds the excerpt for `location`; returns its id and the label's
    /// range in it.
    pub(super) fn add(&mut self, location: &Location) -> (usize, Range<usize>) {
        let source = &location.source;
        let text = source.text.as_str();
        let start = floor_char_boundary(text, location.range.start);
        let mut end = floor_char_boundary(text, location.range.end).max(start);
        let first = source.line_index(start);
        let mut last = source.line_index(end);
        if last - first >= MAX_SHOWN_LINES {
            last = first;
            end = source.line_range(first).end.max(start);
        }
        let mut snippet = Snippet {
            name: super::escape(&source.name).into_owned(),
            text: String::new(),
            line_starts: Vec::new(),
            first_line: first,
            label_start: 0,
            at: source.line_column(start),
        };
        // An offset inside a line break is shown at the end of its line.
        let shown_start = start.min(source.line_range(first).end);
        let shown_end = end.min(source.line_range(last).end).max(shown_start);
        let (start, end) = (shown_start, shown_end);
        let mut label = (None, None);
        for index in first..=last {
            let line = source.line_range(index);
            let anchor = if index == first { start } else { end.min(line.end) };
            let (from, to) = window(text, line.clone(), anchor);
            snippet.line_starts.push(snippet.text.len());
            if from > line.start {
                snippet.text.push('…');
            }
            for (i, c) in text[from..to].char_indices() {
                mark(&mut label, from + i, start, end, snippet.text.len());
                if c != '\t' && needs_escape(c) {
                    push_escaped(&mut snippet.text, c);
                } else {
                    snippet.text.push(c);
                }
            }
            mark(&mut label, to, start, end, snippet.text.len());
            if to < line.end {
                snippet.text.push('…');
            }
            snippet.text.push('\n');
        }
        let label_start = label.0.unwrap_or(0);
        let label_end = label.1.unwrap_or(snippet.text.len() - 1).max(label_start);
        snippet.label_start = label_start;
        self.snippets.push(snippet);
        (self.snippets.len() - 1, label_start..label_end)
    }
}

/// Records where the label's ends fall in the escaped text: the first
/// shown position at or past each end.
fn mark(
    label: &mut (Option<usize>, Option<usize>),
    at: usize,
    start: usize,
    end: usize,
    out: usize,
) {
    if label.0.is_none() && at >= start {
        label.0 = Some(out);
    }
    if label.1.is_none() && at >= end {
        label.1 = Some(out);
    }
}

/// The bytes of `line` to show: all of it, or a window of
/// [`MAX_SHOWN_CHARS`] characters that starts [`CONTEXT_CHARS`] before
/// `anchor`.
fn window(text: &str, line: Range<usize>, anchor: usize) -> (usize, usize) {
    let shown = &text[line.clone()];
    if shown.len() <= MAX_SHOWN_CHARS || shown.chars().nth(MAX_SHOWN_CHARS).is_none() {
        return (line.start, line.end);
    }
    let anchor = anchor.clamp(line.start, line.end);
    let from = text[line.start..anchor]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(line.start, |(i, _)| line.start + i);
    let to = text[from..line.end]
        .char_indices()
        .nth(MAX_SHOWN_CHARS)
        .map_or(line.end, |(i, _)| from + i);
    (from, to)
}

impl<'a> Files<'a> for Excerpts {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.get(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.get(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let starts = &self.get(id)?.line_starts;
        Ok(starts.partition_point(|&s| s <= byte_index).saturating_sub(1))
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, Error> {
        Ok(self.get(id)?.first_line + line_index + 1)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let snippet = self.get(id)?;
        let start = *snippet
            .line_starts
            .get(line_index)
            .ok_or(Error::LineTooLarge { given: line_index, max: snippet.line_starts.len() })?;
        let end = snippet.line_starts.get(line_index + 1).copied().unwrap_or(snippet.text.len());
        Ok(start..end)
    }

    /// The line and column in the user's file, which the escapes and the
    /// window do not change.
    fn location(&'a self, id: usize, byte_index: usize) -> Result<FileLocation, Error> {
        let snippet = self.get(id)?;
        if byte_index == snippet.label_start {
            return Ok(FileLocation { line_number: snippet.at.0, column_number: snippet.at.1 });
        }
        let line_index = self.line_index(id, byte_index)?;
        Ok(FileLocation {
            line_number: self.line_number(id, line_index)?,
            column_number: self.column_number(id, line_index, byte_index)?,
        })
    }
}

impl Excerpts {
    fn get(&self, id: usize) -> Result<&Snippet, Error> {
        self.snippets.get(id).ok_or(Error::FileMissing)
    }
}
