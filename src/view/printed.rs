//! The characters a text prints without typing them: the character
//! references (`&#27;`, `&#x6797;`, `&shy;`) that Markdown and HTML decode.
//! They meet the rules typed characters meet (see `model::validate` and
//! [`crate::glyphs`]): a control character is refused, a character of more
//! code points than one may have is refused, and the glyph check takes the
//! others from [`Decoded`]. Checked here, on the text as it prints, each at
//! the reference that writes it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use unicode_segmentation::UnicodeSegmentation;

use crate::diagnostics::{Diagnostic, Location, SourceText};
use crate::markup::{self, Block};
use crate::model::{DataPath, Loaded, MAX_CLUSTER_CHARS, is_unprintable};

/// A character that a field prints through a character reference, and
/// where the data writes it: the reference, or else the field.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The field.
    pub path: DataPath,
    /// The character.
    pub c: char,
    /// Where it is written.
    pub at: Option<Location>,
}

/// The longest character reference looked for: `&CounterClockwiseContourIntegral;`
/// is the longest HTML name (33 bytes).
const MAX_REFERENCE: usize = 40;

/// Checks what the field at `path`, typed as `typed`, prints as `blocks`
/// beyond the characters it types: control characters and over-long
/// characters are errors in `problems`; the other characters go to
/// `decoded`, for the glyph check.
pub(super) fn check(
    loaded: &Loaded,
    path: &DataPath,
    typed: &str,
    blocks: &[Block],
    problems: &mut Vec<Diagnostic>,
    decoded: &mut Vec<Decoded>,
) {
    let field = format!("`{}`", loaded.map.as_written(path));
    let locate = |reference: Option<&str>, _: char| written(loaded, path, reference);
    let printed = Printed { path, field: &field, typed, locate: &locate };
    printed.check(blocks, typed.chars().collect(), problems, decoded);
}

/// As [`check`], for a text that is no field of a data file (a letter's
/// body): `typed` is written at `start` in `source`. Gives the problems,
/// and every character it prints, a typed one at its first place, since no
/// source map holds it for the glyph check.
pub fn check_text(
    source: &Arc<SourceText>,
    start: usize,
    path: &DataPath,
    field: &str,
    typed: &str,
    blocks: &[Block],
) -> (Vec<Diagnostic>, Vec<Decoded>) {
    let (mut problems, mut decoded) = (Vec::new(), Vec::new());
    let mut first = HashMap::new();
    for (i, c) in typed.char_indices() {
        first.entry(c).or_insert(i);
    }
    let at = |i: usize, len: usize| {
        Some(Location { source: source.clone(), range: start + i..start + i + len })
    };
    let locate = |reference: Option<&str>, c: char| match reference {
        Some(reference) => at(typed.find(reference).unwrap_or(0), reference.len()),
        None => at(first.get(&c).copied().unwrap_or(0), c.len_utf8()),
    };
    let printed = Printed { path, field, typed, locate: &locate };
    let mut seen = HashSet::new();
    for c in markup::plain_text(blocks).chars() {
        if first.contains_key(&c) && seen.insert(c) {
            decoded.push(Decoded { path: path.clone(), c, at: locate(None, c) });
        }
    }
    let typed_chars = first.keys().copied().collect();
    printed.check(blocks, typed_chars, &mut problems, &mut decoded);
    (problems, decoded)
}

/// A text that prints, and how to locate what it writes.
struct Printed<'a> {
    path: &'a DataPath,
    /// The text's name in messages: "`basics.summary`", "the letter's body".
    field: &'a str,
    typed: &'a str,
    /// Where the text writes a reference (or the character typed).
    locate: &'a dyn Fn(Option<&str>, char) -> Option<Location>,
}

impl Printed<'_> {
    /// Checks the characters `blocks` print that are not in `seen` nor typed.
    fn check(
        &self,
        blocks: &[Block],
        mut seen: HashSet<char>,
        problems: &mut Vec<Diagnostic>,
        decoded: &mut Vec<Decoded>,
    ) {
        let (field, typed) = (self.field, self.typed);
        let printed = markup::plain_text(blocks);
        for c in printed.chars() {
            if !seen.insert(c) {
                continue;
            }
            let reference = reference(typed, |r| r == c.to_string());
            let at = (self.locate)(reference, c);
            if refused(c) {
                let written = reference.map(|r| format!(" (written `{r}`)")).unwrap_or_default();
                problems.push(
                    Diagnostic::error(format!(
                        "{field} prints U+{:04X}{written}, a control character that cannot be printed",
                        c as u32
                    ))
                    .at_location(at)
                    .with_hint(
                        "remove it: a character reference (`&#…;`) prints the character it names, \
                         and this one is not text",
                    ),
                );
            } else {
                decoded.push(Decoded { path: self.path.clone(), c, at });
            }
        }
        let long = |g: &&str| g.chars().nth(MAX_CLUSTER_CHARS).is_some() && !typed.contains(*g);
        if let Some(cluster) = printed.graphemes(true).find(long) {
            let reference = reference(typed, |r| cluster.contains(r));
            problems.push(
                Diagnostic::error(format!(
                    "{field} prints a character made of {} code points, more than the {} that \
                     one character may have",
                    cluster.chars().count(),
                    MAX_CLUSTER_CHARS
                ))
                .at_location((self.locate)(reference, cluster.chars().next().unwrap_or('&')))
                .with_hint(
                    "a letter takes a few combining accents at most: remove the character \
                     references that add the others",
                ),
            );
        }
    }
}

/// Whether a character printed through a reference is refused: a control
/// character, as typed ones are, and any other but a line feed and a tab,
/// which a reference would print raw where a typed one is a line end.
fn refused(c: char) -> bool {
    is_unprintable(c) || (c.is_control() && !matches!(c, '\n' | '\t'))
}

/// The first character reference in `typed` whose decoded text satisfies
/// `names`, decoded as the field is.
fn reference(typed: &str, names: impl Fn(&str) -> bool) -> Option<&str> {
    typed.match_indices('&').find_map(|(start, _)| {
        let rest = &typed[start..];
        let end = rest.char_indices().take(MAX_REFERENCE).find(|&(_, c)| c == ';')?.0;
        let candidate = &rest[..=end];
        // Between letters, so that a space or a line end it names is kept.
        let text = markup::plain_text(&markup::parse(&format!("x{candidate}x"), false).blocks);
        let named = text.strip_prefix('x').and_then(|t| t.strip_suffix('x'));
        named.is_some_and(&names).then_some(candidate)
    })
}

/// Where the data writes a reference of the field at `path`, or the field.
fn written(loaded: &Loaded, path: &DataPath, reference: Option<&str>) -> Option<Location> {
    let field = loaded.map.locate(path)?;
    Some(match reference {
        Some(reference) => loaded.map.text_location(field.range.start, reference),
        None => field,
    })
}
