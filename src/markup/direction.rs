//! The direction of each paragraph, as Unicode's bidirectional algorithm
//! gives it (rules P2 and P3): that of its first letter of a strong
//! direction, whatever the CV's language, so that an English sentence in a
//! Hebrew CV keeps its final period on the right, and a Hebrew one in an
//! English CV reads from the right.

use schemars::JsonSchema;
use serde::Serialize;
use unicode_bidi::BidiClass;

use super::{Block, Inline};

/// A paragraph's direction, as layouts read it: `"ltr"` or `"rtl"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Block {
    /// A paragraph, its direction found in its content.
    pub fn par(c: Vec<Inline>) -> Self {
        let dir = of(&c);
        Block::Par { c, dir }
    }
}

/// Sets every paragraph's direction from its content, as it is once
/// complete (addresses found, breaks parted).
pub(super) fn set(blocks: &mut [Block]) {
    for block in blocks {
        match block {
            Block::Par { c, dir } => *dir = of(c),
            Block::List { items, .. } => items.iter_mut().for_each(|item| set(item)),
        }
    }
}

/// The direction of the first character of a strong direction in `inlines`,
/// or `None`. An address (`Url`) is skipped: layouts isolate it, left to
/// right, as Unicode skips an isolate.
fn of(inlines: &[Inline]) -> Option<Direction> {
    inlines.iter().find_map(|inline| match inline {
        Inline::Text { s } | Inline::Code { s } => of_text(s),
        Inline::Strong { c } | Inline::Emph { c } | Inline::Link { c, .. } => of(c),
        Inline::Url { .. } | Inline::Quote { .. } | Inline::Break => None,
    })
}

/// The direction of the first character of a strong direction in `s`.
pub fn of_text(s: &str) -> Option<Direction> {
    s.chars().find_map(|c| match unicode_bidi::bidi_class(c) {
        BidiClass::L => Some(Direction::Ltr),
        BidiClass::R | BidiClass::AL => Some(Direction::Rtl),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn dirs(source: &str) -> Vec<Option<Direction>> {
        let blocks = parse(source, false).blocks;
        blocks.iter().map(|b| if let Block::Par { dir, .. } = b { *dir } else { None }).collect()
    }

    #[test]
    fn a_paragraph_takes_its_first_strong_letter_s_direction() {
        assert_eq!(dirs("Builds things."), [Some(Direction::Ltr)]);
        assert_eq!(dirs("מהנדס תשתיות עם Kubernetes."), [Some(Direction::Rtl)]);
        assert_eq!(dirs("2019: مهندسة"), [Some(Direction::Rtl)]);
        assert_eq!(dirs("**Kubernetes** בטכניון"), [Some(Direction::Ltr)]);
        // An address is set apart: the text after it decides.
        assert_eq!(dirs("https://example.jo زوروا"), [Some(Direction::Rtl)]);
        // No letter: the CV's direction.
        assert_eq!(dirs("2013 – 2017"), [None]);
        assert_eq!(dirs("English\n\nעברית"), [Some(Direction::Ltr), Some(Direction::Rtl)]);
    }
}
