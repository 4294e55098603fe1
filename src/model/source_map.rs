//! Where each value of the data file is written, so that checks made after
//! deserialisation can still point at `file:line:column`.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

pub use super::data_path::{DataPath, Segment};
use super::scalars::is_wider_than_64_bits;
use crate::diagnostics::{Diagnostic, Location, SourceText};

/// Where a node is written: its key (for mapping values) and its value.
#[derive(Debug, Clone, Copy)]
struct Written {
    key: Option<usize>,
    value: usize,
    scalar: bool,
}

/// The byte offsets of every value of a YAML (or JSON) file, by path.
#[derive(Debug)]
pub struct SourceMap {
    source: Arc<SourceText>,
    nodes: HashMap<DataPath, Written>,
    /// Paths read by another name than the file's, and the file's.
    renamed: HashMap<DataPath, DataPath>,
    top_level_keys: Vec<String>,
    scalars: Vec<(DataPath, usize, String)>,
    /// For each scalar, whether YAML resolves its type from how it looks:
    /// written plain, with no tag.
    resolved: Vec<bool>,
    /// Where plain integers wider than 64 bits start, `x-` keys included:
    /// no YAML value holds them, so they are read as text. In file order.
    pub(super) wide_integers: Vec<usize>,
}

/// Nesting deeper than this is an error: a CV is a few levels deep, and
/// parsers get slow (or run out of stack) on thousands of levels.
pub const MAX_DEPTH: usize = 100;

/// The most values a file may hold once its aliases are expanded, where a
/// text counts once more for each [`BYTES_PER_VALUE`] bytes it holds (so at
/// most 32 MB of text). A 2 MB file written out in full holds fewer; only a
/// chain of aliases of aliases (a "billion laughs"), or a long text aliased
/// thousands of times, gets near it.
pub const MAX_EXPANDED_VALUES: u64 = 2_000_000;

/// How many bytes of a text count as one more value.
pub const BYTES_PER_VALUE: u64 = 16;

impl SourceMap {
    /// Maps a file. Problems that YAML parsers accept silently or choke on
    /// come back as errors: duplicate keys, a second document, nesting past
    /// [`MAX_DEPTH`], and aliases that expand past [`MAX_EXPANDED_VALUES`].
    pub fn build(source: &Arc<SourceText>) -> (Self, Vec<Diagnostic>) {
        let mut builder = Builder {
            source: source.clone(),
            stack: Vec::new(),
            map: SourceMap {
                source: source.clone(),
                nodes: HashMap::new(),
                renamed: HashMap::new(),
                top_level_keys: Vec::new(),
                scalars: Vec::new(),
                resolved: Vec::new(),
                wide_integers: Vec::new(),
            },
            problems: Vec::new(),
            sizes: Vec::new(),
            anchors: HashMap::new(),
            expanded: 0,
            documents: 0,
            stopped: false,
        };
        let mut parser = Parser::new_from_str(&source.text);
        // Events one by one (`Parser::load` recurses once per level). A
        // syntax error ends the loop; serde_yaml reports it with its location.
        while !builder.stopped {
            match parser.next_token() {
                Ok((Event::StreamEnd, _)) => break,
                Ok((event, mark)) => builder.on_event(event, mark),
                Err(error) => {
                    // The scanner gives up at 256 levels of `[` and `{`;
                    // libyaml does not, and slows down with every level.
                    if error.info().contains("recursion limit") {
                        let offset = builder.offset(*error.marker());
                        builder.too_deep(offset);
                    }
                    break;
                }
            }
        }
        (builder.map, builder.problems)
    }

    /// The keys of the top-level mapping, in the order written.
    pub fn top_level_keys(&self) -> &[String] {
        &self.top_level_keys
    }

    /// Every scalar value with its path and byte offset, in file order,
    /// but those under `x-` keys.
    pub fn scalars(&self) -> &[(DataPath, usize, String)] {
        &self.scalars
    }

    /// The scalars written plain and without a tag, whose type YAML
    /// resolves from how they look (`3.10` a number, `true` a boolean).
    pub(super) fn resolved_scalars(&self) -> impl Iterator<Item = &(DataPath, usize, String)> {
        self.scalars.iter().zip(&self.resolved).filter(|(_, resolved)| **resolved).map(|(s, _)| s)
    }

    /// Where the file writes character `c` of the scalar at `offset`: the
    /// character itself when it is written as is, else the whole value.
    pub fn char_location(&self, offset: usize, c: char) -> Location {
        self.text_location(offset, c.encode_utf8(&mut [0; 4]))
    }

    /// Where the file writes `part` of the scalar at `offset`: `part` itself
    /// when it is written as is, else the whole value. The search stops
    /// where the next scalar starts, so that it stays within the value.
    pub fn text_location(&self, offset: usize, part: &str) -> Location {
        let next = self.scalars.partition_point(|(_, start, _)| *start <= offset);
        let end = self.scalars.get(next).map_or(self.source.text.len(), |(_, start, _)| *start);
        match self.source.text.get(offset..end).and_then(|value| value.find(part)) {
            Some(i) => {
                Location { source: self.source.clone(), range: offset + i..offset + i + part.len() }
            }
            None => self.location(offset),
        }
    }

    /// The source file.
    pub fn source(&self) -> &Arc<SourceText> {
        &self.source
    }

    /// Whether the file writes a value at `path`.
    pub fn has(&self, path: &DataPath) -> bool {
        self.written(path).is_some()
    }

    /// `path` with the keys the file writes, for messages: `work[0].website`
    /// for `work[0].url` when the file uses the pre-1.0 name.
    pub fn as_written(&self, path: &DataPath) -> DataPath {
        self.written(path).map_or_else(|| path.clone(), |(_, written)| written.into_owned())
    }

    /// Makes what the file writes under `from` found under `to` too, for a
    /// key read by another name. What the file writes under `to` comes first.
    /// A top-level key keeps its place (the sections' order) by its new name.
    pub fn rename(&mut self, from: &DataPath, to: &DataPath) {
        if let ([Segment::Key(old)], [Segment::Key(new)]) = (&from.0[..], &to.0[..]) {
            let written = self.top_level_keys.iter_mut().filter(|key| key.as_str() == &**old);
            written.for_each(|key| *key = new.to_string());
        }
        self.renamed.insert(to.clone(), from.clone());
    }

    /// Where `path` is written, and its path as the file writes it:
    /// renamed keys are followed back to the names the file gives them.
    fn written<'a>(&self, path: &'a DataPath) -> Option<(&Written, Cow<'a, DataPath>)> {
        let mut path = Cow::Borrowed(path);
        // Each step replaces a renamed prefix by what the file wrote; a
        // renamed key inside a renamed key takes two.
        for _ in 0..4 {
            if let Some(written) = self.nodes.get(path.as_ref()) {
                return Some((written, path));
            }
            let (prefix, original) = (1..=path.0.len()).rev().find_map(|len| {
                let prefix = DataPath(path.0[..len].to_vec());
                self.renamed.get(&prefix).map(|original| (len, original))
            })?;
            let mut translated = original.clone();
            translated.0.extend_from_slice(&path.0[prefix..]);
            path = Cow::Owned(translated);
        }
        None
    }

    /// Where the value at `path` is, or failing that its key, or failing
    /// that the nearest ancestor that is written.
    pub fn locate(&self, path: &DataPath) -> Option<Location> {
        let mut path = path.clone();
        loop {
            if let Some((written, _)) = self.written(&path) {
                let start = match (written.scalar, written.key) {
                    (false, Some(key)) => key,
                    _ => written.value,
                };
                return Some(self.location(start));
            }
            path = path.parent()?;
        }
    }

    /// Where the key that leads to `path` is written, else where its value is.
    pub fn locate_key(&self, path: &DataPath) -> Option<Location> {
        let (written, path) = self.written(path)?;
        let (Some(start), Some(key)) = (written.key, path.last_key()) else {
            return Some(self.location(written.value));
        };
        let rest = &self.source.text[start..];
        let len = if rest.starts_with(key) {
            key.len()
        } else if rest.starts_with(['"', '\'']) && rest[1..].starts_with(key) {
            key.len() + 2
        } else {
            return Some(self.location(start));
        };
        Some(Location { source: self.source.clone(), range: start..start + len })
    }

    fn location(&self, start: usize) -> Location {
        Location { source: self.source.clone(), range: self.source.token_at(start) }
    }
}

enum Frame {
    Map {
        path: DataPath,
        key: Option<(String, usize)>,
        seen: HashSet<String>,
    },
    Seq {
        path: DataPath,
        next: usize,
    },
    /// A complex mapping key: not mapped.
    Skip {
        depth: usize,
        complex_key: bool,
    },
}

struct Builder {
    source: Arc<SourceText>,
    stack: Vec<Frame>,
    map: SourceMap,
    problems: Vec<Diagnostic>,
    /// For each open collection: its anchor and how many values it holds
    /// so far, aliases expanded.
    sizes: Vec<(usize, u64)>,
    /// How many values each anchor holds, aliases expanded.
    anchors: HashMap<usize, u64>,
    /// How many values the file holds so far, aliases expanded.
    expanded: u64,
    /// How many documents have started.
    documents: usize,
    /// Set after a problem that makes reading on pointless or dangerous.
    stopped: bool,
}

impl Builder {
    fn offset(&self, mark: Marker) -> usize {
        self.source.offset(mark.line(), mark.col())
    }

    /// Records a value node and returns its path, or `None` when not mapped.
    fn value(&mut self, offset: usize, scalar: bool) -> Option<DataPath> {
        let (path, key) = match self.stack.last_mut() {
            None => (DataPath::default(), None),
            Some(Frame::Map { path, key, .. }) => {
                let (name, key_offset) = key.take()?;
                (path.key(&name), Some(key_offset))
            }
            Some(Frame::Seq { path, next }) => {
                *next += 1;
                (path.index(*next - 1), None)
            }
            Some(Frame::Skip { .. }) => return None,
        };
        // What `x-` keys hold is the user's own and never checked: it is not
        // recorded, so that a large one costs nothing.
        if !path.is_private() {
            self.map.nodes.insert(path.clone(), Written { key, value: offset, scalar });
        }
        Some(path)
    }

    /// Handles a scalar in key position; returns false when it is a value.
    fn key(&mut self, name: &str, offset: usize) -> bool {
        let depth = self.stack.len();
        let Some(Frame::Map { path, key, seen }) = self.stack.last_mut() else {
            return false;
        };
        if key.is_some() {
            return false;
        }
        if !seen.insert(name.to_owned()) {
            let where_ =
                if path.0.is_empty() { "the top level".into() } else { format!("`{path}`") };
            self.problems.push(
                Diagnostic::error(format!("duplicate key `{name}` in {where_}"))
                    .at(&self.source, self.source.token_at(offset))
                    .with_label("written a second time here")
                    .with_hint(if super::syntax::is_json(&self.source.name) {
                        "a JSON reader keeps only one of them, most often the last: merge the \
                         two or delete one"
                    } else {
                        "YAML keeps only one of them: merge the two or delete one"
                    }),
            );
        }
        if depth == 1 {
            self.map.top_level_keys.push(name.to_owned());
        }
        *key = Some((name.to_owned(), offset));
        true
    }

    fn in_key_position(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn push(&mut self, frame: Frame) {
        if let Some(Frame::Skip { depth, .. }) = self.stack.last_mut() {
            *depth += 1;
            return;
        }
        self.stack.push(frame);
    }

    /// Stops reading with an error at `range`.
    fn stop(&mut self, range: Range<usize>, message: String, label: &str, hint: &str) {
        self.problems.push(
            Diagnostic::error(message).at(&self.source, range).with_label(label).with_hint(hint),
        );
        self.stopped = true;
    }

    /// Stops with the error for nesting past [`MAX_DEPTH`] at `offset`.
    fn too_deep(&mut self, offset: usize) {
        // One character: the line may be megabytes of brackets.
        let end =
            self.source.text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
        self.stop(
            offset..end,
            format!("the data is nested more than {MAX_DEPTH} levels deep"),
            "too deep here",
            "a CV is a few levels deep (work, an entry, its highlights): look for brackets, \
             braces or `- ` that open and never close",
        );
    }

    /// Counts a value of `size` values (more than one for an alias), and
    /// stops when the file expands past the limit.
    fn count(&mut self, size: u64, offset: usize) {
        if let Some((_, parent)) = self.sizes.last_mut() {
            *parent = parent.saturating_add(size);
        }
        self.expanded = self.expanded.saturating_add(size);
        if self.expanded > MAX_EXPANDED_VALUES {
            self.stop(
                self.source.token_at(offset),
                format!(
                    "aliases expand the data to more than {MAX_EXPANDED_VALUES} values \
                     (a text counts once per {BYTES_PER_VALUE} bytes)"
                ),
                "the limit is passed at this alias",
                "each `*name` copies all that its `&name` anchor holds, and aliases of aliases \
                 multiply (a \"billion laughs\"): write the values out, or use fewer aliases",
            );
        }
    }

    /// Tracks nesting and expanded sizes; false once reading has stopped.
    fn measure(&mut self, event: &Event, offset: usize) -> bool {
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    self.stop(
                        self.source.token_at(offset),
                        "a second YAML document starts here".into(),
                        "the first document ends before this line",
                        "a CV is one YAML document: remove this `---` and merge what follows \
                         into the first part, or delete it",
                    );
                }
            }
            Event::Scalar(value, _, anchor, _) => {
                let size = 1 + value.len() as u64 / BYTES_PER_VALUE;
                if *anchor > 0 {
                    self.anchors.insert(*anchor, size);
                }
                self.count(size, offset);
            }
            Event::Alias(anchor) => {
                let size = self.anchors.get(anchor).copied().unwrap_or(1);
                self.count(size, offset);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                if self.sizes.len() >= MAX_DEPTH {
                    self.too_deep(offset);
                } else {
                    self.count(1, offset);
                    self.sizes.push((*anchor, 1));
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, size)) = self.sizes.pop() {
                    if anchor > 0 {
                        self.anchors.insert(anchor, size);
                    }
                    // The collection was counted once at its start.
                    if let Some((_, parent)) = self.sizes.last_mut() {
                        *parent = parent.saturating_add(size.saturating_sub(1));
                    }
                }
            }
            _ => {}
        }
        !self.stopped
    }

    fn pop(&mut self) {
        if let Some(Frame::Skip { depth, .. }) = self.stack.last_mut()
            && *depth > 1
        {
            *depth -= 1;
            return;
        }
        self.stack.pop();
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let offset = self.offset(mark);
        if !self.measure(&event, offset) {
            return;
        }
        match event {
            Event::Scalar(value, style, _, tag) if !self.key(&value, offset) => {
                let plain = style == TScalarStyle::Plain && tag.is_none();
                if plain && is_wider_than_64_bits(&value) {
                    self.map.wide_integers.push(offset);
                }
                if let Some(path) = self.value(offset, true).filter(|p| !p.is_private()) {
                    self.map.scalars.push((path, offset, value));
                    self.map.resolved.push(plain);
                }
            }
            Event::Alias(_) if !self.in_key_position() => {
                self.value(offset, true);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                if self.in_key_position() {
                    self.push(Frame::Skip { depth: 1, complex_key: true });
                    return;
                }
                let frame = match self.value(offset, false) {
                    Some(path) if is_map => Frame::Map { path, key: None, seen: HashSet::new() },
                    Some(path) => Frame::Seq { path, next: 0 },
                    None => Frame::Skip { depth: 1, complex_key: false },
                };
                self.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let was_complex_key =
                    matches!(self.stack.last(), Some(Frame::Skip { depth: 1, complex_key: true }));
                self.pop();
                // A complex key was skipped: its value is not mapped either.
                if was_complex_key && let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                    *key = Some((String::new(), offset));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
