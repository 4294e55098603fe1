//! Paths into the data, such as `work[2].startDate`, by which messages
//! name a value and the source map finds where it is written, and the kinds
//! of place they lead to (`work[].startDate`).

use std::fmt;
use std::sync::Arc;

/// One step into the data: a key of a mapping or an index of a sequence.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A mapping key, shared: the source map holds a path for each of a
    /// file's values, and copying one copies no key.
    Key(Arc<str>),
    /// A sequence index, from 0.
    Index(usize),
}

/// A path into the data, shown as `work[2].startDate`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DataPath(pub Vec<Segment>);

impl DataPath {
    /// Whether the path goes through a key cvpdf leaves to the user
    /// (`x-…`, `$schema`), whose values it ignores.
    pub fn is_private(&self) -> bool {
        self.0.iter().any(|segment| {
            matches!(segment, Segment::Key(key) if key.starts_with("x-") || &**key == "$schema")
        })
    }

    /// The path one key further down.
    pub fn key(&self, key: &str) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.into()));
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

    /// The kind of place the path leads to, with its indices left out:
    /// `work[].name` for `work[2].name`.
    pub fn pattern(&self) -> String {
        let mut text = String::new();
        for segment in &self.0 {
            match segment {
                Segment::Key(key) if text.is_empty() => text.push_str(key),
                Segment::Key(key) => {
                    text.push('.');
                    text.push_str(key);
                }
                Segment::Index(_) => text.push_str("[]"),
            }
        }
        text
    }

    /// Whether the path starts with `prefix`.
    pub fn starts_with(&self, prefix: &Self) -> bool {
        self.0.starts_with(&prefix.0)
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
