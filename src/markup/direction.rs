//! The direction of each paragraph, as Unicode's bidirectional algorithm
//! gives it (rules P2 and P3): that of its first letter of a strong
//! direction, whatever the CV's language, so that an English sentence in a
//! Hebrew CV keeps its final period on the right, and a Hebrew one in an
//! English CV reads from the right.

use super::{Block, Inline};
use schemars::JsonSchema;
use serde::Serialize;

/// A paragraph's direction, as layouts read it: `"ltr"` or `"rtl"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

#[cfg(test)]
impl Block {
    /// A paragraph, its direction found in its content, as [`set`] finds
    /// it once parsing is done.
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
/// or `None`. An address (`Url`) is skipped, as layouts isolate it, left to
/// right, and Unicode skips an isolate; a paragraph of addresses alone is
/// left to right, as they are.
fn of(inlines: &[Inline]) -> Option<Direction> {
    words_of(inlines).or_else(|| has_url(inlines).then_some(Direction::Ltr))
}

fn words_of(inlines: &[Inline]) -> Option<Direction> {
    inlines.iter().find_map(|inline| match inline {
        Inline::Text { s } | Inline::Code { s } => Direction::of(s),
        Inline::Strong { c } | Inline::Emph { c } | Inline::Link { c, .. } => words_of(c),
        Inline::Url { .. } | Inline::Quote { .. } | Inline::Break | Inline::Cut => None,
    })
}

fn has_url(inlines: &[Inline]) -> bool {
    inlines.iter().any(|inline| match inline {
        Inline::Url { .. } => true,
        Inline::Strong { c } | Inline::Emph { c } | Inline::Link { c, .. } => has_url(c),
        _ => false,
    })
}

impl Direction {
    /// The direction of the first character of a strong direction in `s`
    /// (Unicode's rule P2), or `None` when it has none (P3 leaves it to
    /// the context).
    /// What an isolate holds is skipped, as P2 skips it.
    pub fn of(s: &str) -> Option<Self> {
        match unicode_bidi::get_base_direction_full(s) {
            unicode_bidi::Direction::Ltr => Some(Direction::Ltr),
            unicode_bidi::Direction::Rtl => Some(Direction::Rtl),
            unicode_bidi::Direction::Mixed => None,
        }
    }

    /// `pattern` with `placeholder` replaced by `value`, isolated (see
    /// [`Direction::isolate`]) when its direction is not that of the
    /// pattern's own words: "{name} שלום," stays a Hebrew sentence with
    /// "Dana" in it.
    pub fn fill(pattern: &str, placeholder: &str, value: &str) -> String {
        match Direction::of(&pattern.replace(placeholder, "")) {
            Some(words) => pattern.replace(placeholder, &words.isolate(value)),
            None => pattern.replace(placeholder, value),
        }
    }

    /// `s` isolated in its own direction (Unicode's U+2066 or U+2067 …
    /// U+2069) when it has one and it is not `self`, so that its neutral
    /// characters stay with it ("DevOps?" in a Hebrew sentence); else `s`.
    pub fn isolate(self, s: &str) -> String {
        match Direction::of(s) {
            Some(Direction::Ltr) if self == Direction::Rtl => format!("\u{2066}{s}\u{2069}"),
            Some(Direction::Rtl) if self == Direction::Ltr => format!("\u{2067}{s}\u{2069}"),
            _ => s.to_owned(),
        }
    }
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
        // Addresses alone read left to right.
        assert_eq!(dirs("<https://github.com/jpic>"), [Some(Direction::Ltr)]);
        assert_eq!(dirs("2019: https://example.jo"), [Some(Direction::Ltr)]);
        // No letter: the CV's direction.
        assert_eq!(dirs("2013 – 2017"), [None]);
        assert_eq!(dirs("English\n\nעברית"), [Some(Direction::Ltr), Some(Direction::Rtl)]);
    }

    #[test]
    fn a_text_of_the_other_direction_is_isolated() {
        assert_eq!(Direction::Rtl.isolate("DevOps?"), "\u{2066}DevOps?\u{2069}");
        assert_eq!(Direction::Ltr.isolate("מפתח!"), "\u{2067}מפתח!\u{2069}");
        assert_eq!(Direction::Ltr.isolate("DevOps?"), "DevOps?");
        assert_eq!(Direction::Rtl.isolate("2019"), "2019");
        let opening = Direction::fill("{name} שלום,", "{name}", "Dana");
        assert_eq!(opening, "\u{2066}Dana\u{2069} שלום,");
        assert_eq!(Direction::of(&opening), Some(Direction::Rtl));
        assert_eq!(Direction::fill("Dear {name},", "{name}", "Dana"), "Dear Dana,");
    }
}
