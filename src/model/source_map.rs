//! Where each value of the data file is written, so that checks made after
//! deserialisation can still point at `file:line:column`.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostic, Location, SourceText};

/// One step into the data: a key of a mapping or an index of a sequence.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A sequence index, from 0.
    Index(usize),
}

/// A path into the data, shown as `work[2].startDate`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DataPath(pub Vec<Segment>);

impl DataPath {
    /// The path one key further down.
    pub fn key(&self, key: &str) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_owned()));
        path
    }

    /// The path one index further down.
    pub fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Index(index));
        path
    }

    /// The path without its last step; `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        let mut path = self.clone();
        path.0.pop().map(|_| path)
    }

    /// The last key of the path, if it ends with a key.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(key)) => Some(key),
            _ => None,
        }
    }
}

impl fmt::Display for DataPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

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
    top_level_keys: Vec<String>,
    scalars: Vec<(DataPath, usize, String)>,
}

/// Nesting deeper than this is not mapped; serde_yaml rejects it anyway.
const MAX_DEPTH: usize = 200;

impl SourceMap {
    /// Maps a file. Duplicate keys, which YAML forbids but parsers often
    /// accept silently, come back as errors.
    pub fn build(source: &Arc<SourceText>) -> (Self, Vec<Diagnostic>) {
        let mut builder = Builder {
            source: source.clone(),
            stack: Vec::new(),
            map: SourceMap {
                source: source.clone(),
                nodes: HashMap::new(),
                top_level_keys: Vec::new(),
                scalars: Vec::new(),
            },
            duplicates: Vec::new(),
        };
        let mut parser = Parser::new_from_str(&source.text);
        // A syntax error here is reported by serde_yaml with its own location.
        let _ = parser.load(&mut builder, false);
        (builder.map, builder.duplicates)
    }

    /// The keys of the top-level mapping, in the order written.
    pub fn top_level_keys(&self) -> &[String] {
        &self.top_level_keys
    }

    /// Every scalar value with its path and byte offset, in file order.
    pub fn scalars(&self) -> &[(DataPath, usize, String)] {
        &self.scalars
    }

    /// The source file.
    pub fn source(&self) -> &Arc<SourceText> {
        &self.source
    }

    /// Where the value at `path` is, or failing that its key, or failing
    /// that the nearest ancestor that is written.
    pub fn locate(&self, path: &DataPath) -> Option<Location> {
        let mut path = path.clone();
        loop {
            if let Some(written) = self.nodes.get(&path) {
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
        let written = self.nodes.get(path)?;
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
    /// A complex mapping key, or nesting past the depth limit: not mapped.
    Skip {
        depth: usize,
        complex_key: bool,
    },
}

struct Builder {
    source: Arc<SourceText>,
    stack: Vec<Frame>,
    map: SourceMap,
    duplicates: Vec<Diagnostic>,
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
        self.map.nodes.insert(path.clone(), Written { key, value: offset, scalar });
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
            self.duplicates.push(
                Diagnostic::error(format!("duplicate key `{name}` in {where_}"))
                    .at(&self.source, self.source.token_at(offset))
                    .with_label("written a second time here")
                    .with_hint("YAML keeps only one of them: merge the two or delete one"),
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
        let too_deep = self.stack.len() >= MAX_DEPTH;
        let frame = if too_deep { Frame::Skip { depth: 1, complex_key: false } } else { frame };
        self.stack.push(frame);
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
        match event {
            Event::Scalar(value, ..) if !self.key(&value, offset) => {
                if let Some(path) = self.value(offset, true) {
                    self.map.scalars.push((path, offset, value));
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
mod tests {
    use super::*;

    fn map(text: &str) -> (SourceMap, Vec<Diagnostic>) {
        SourceMap::build(&SourceText::new("cv.yaml", text))
    }

    fn at(map: &SourceMap, path: &str) -> String {
        let mut data_path = DataPath::default();
        for part in path.split('.') {
            match part.parse::<usize>() {
                Ok(i) => data_path = data_path.index(i),
                Err(_) => data_path = data_path.key(part),
            }
        }
        map.locate(&data_path).map(|l| l.display()).unwrap_or_default()
    }

    #[test]
    fn locates_values_by_path() {
        let (map, dups) = map(
            "basics:\n  name: Zoé\nwork:\n  - name: A\n    startDate: 2015-13\n  - {name: B, endDate: 2014}\n",
        );
        assert!(dups.is_empty());
        assert_eq!(at(&map, "basics.name"), "cv.yaml:2:9");
        assert_eq!(at(&map, "work.0.startDate"), "cv.yaml:5:16");
        assert_eq!(at(&map, "work.1.endDate"), "cv.yaml:6:24");
        assert_eq!(at(&map, "work.1"), "cv.yaml:6:5");
        assert_eq!(at(&map, "basics.email"), "cv.yaml:1:1");
        assert_eq!(map.top_level_keys(), ["basics", "work"]);
    }

    #[test]
    fn reports_duplicate_keys_where_repeated() {
        let (_, dups) = map("basics:\n  name: A\n  label: x\n  name: B\n");
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].location.as_ref().unwrap().display(), "cv.yaml:4:3");
    }

    #[test]
    fn survives_complex_keys_and_json() {
        let (map, _) = map("? [a, b]\n: 1\nc: 2\n");
        assert_eq!(at(&map, "c"), "cv.yaml:3:4");
        let (map, _) = self::map("{\n\t\"basics\": {\"name\": \"A\"}\n}");
        assert_eq!(at(&map, "basics.name"), "cv.yaml:2:21");
    }
}
