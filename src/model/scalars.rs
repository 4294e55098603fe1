//! Text fields print what was typed. YAML reads a plain `3.10`, `0x1F` or
//! `True` as a number or a boolean (3.1, 31, true), which would print
//! changed; where the schema takes text, cvpdf reads such a scalar as the
//! string written. YAML lets a schema resolve plain scalars by their place
//! in the document; cvpdf does so by giving each one the standard `!!str`
//! tag in the text it deserialises. An integer wider than 64 bits (a phone
//! number typed without spaces, an id in an `x-` key), which no YAML value
//! holds, is text wherever it is. Null stays null: `key:`, `~` and
//! `null` mean "no value" in YAML and in JSON alike.

use std::collections::HashMap;

use super::keys::takes_text;
use super::source_map::{Segment, SourceMap};
use crate::diagnostics::SourceText;

/// The tag that makes a scalar a string, as inserted before it.
const STR_TAG: &str = "!!str ";

/// The file's text with `!!str ` before each plain scalar that YAML would
/// read as a number or a boolean in a text field, or `None` when there is
/// none (a CV seldom has one).
pub(super) fn tagged_as_text(
    schema: &serde_json::Value,
    source: &SourceText,
    map: &SourceMap,
) -> Option<String> {
    let text = source.text.as_str();
    let mut offsets = map.wide_integers.clone();
    // The schema's answer for each path with its indices left out: a
    // list of 100,000 numbers asks once.
    let mut text_paths: HashMap<Vec<Option<&str>>, bool> = HashMap::new();
    for (path, offset, value) in map.resolved_scalars() {
        // Written as it reads, on one line (a plain scalar folded over
        // lines reads as text anyway).
        let written = text.get(*offset..).is_some_and(|rest| rest.starts_with(value.as_str()));
        if !written || !reads_as_number_or_boolean(value) {
            continue;
        }
        let shape = path.0.iter().map(|s| match s {
            Segment::Key(key) => Some(&**key),
            Segment::Index(_) => None,
        });
        if !*text_paths.entry(shape.collect()).or_insert_with(|| takes_text(schema, path)) {
            continue;
        }
        offsets.push(*offset);
    }
    if offsets.is_empty() {
        return None;
    }
    offsets.sort_unstable();
    offsets.dedup();
    let (mut tagged, mut copied) = (String::new(), 0);
    for offset in offsets {
        tagged.push_str(&text[copied..offset]);
        tagged.push_str(STR_TAG);
        copied = offset;
    }
    tagged.push_str(&text[copied..]);
    Some(tagged)
}

/// Whether YAML (1.2's core schema, as serde_yaml applies it) may read a
/// plain scalar as a number or a boolean. Taking a string for one is
/// harmless: a tagged string reads the same.
fn reads_as_number_or_boolean(value: &str) -> bool {
    matches!(value, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
        || value.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
}

/// Whether a plain scalar is an integer that 64 bits cannot hold, such as
/// `123456789012345678901234` or a 20-digit `0x…`.
pub(super) fn is_wider_than_64_bits(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (digits, radix) = match digits.get(..2) {
        Some("0x") => (&digits[2..], 16),
        Some("0o") => (&digits[2..], 8),
        _ => (digits, 10),
    };
    !digits.is_empty()
        && digits.chars().all(|c| c.is_digit(radix))
        && u64::from_str_radix(digits, radix).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagged(yaml: &str) -> Option<String> {
        let source = SourceText::new("cv.yaml", yaml);
        let (map, _) = SourceMap::build(&source);
        tagged_as_text(&crate::model::keys::SCHEMA, &source, &map)
    }

    #[test]
    fn numbers_and_booleans_in_text_fields_are_tagged() {
        assert_eq!(
            tagged("skills:\n  - level: 3.10\n    keywords: [0x1F, True, a, '2.0']\n").as_deref(),
            Some(
                "skills:\n  - level: !!str 3.10\n    keywords: [!!str 0x1F, !!str True, a, '2.0']\n"
            )
        );
        assert_eq!(
            tagged("basics: {label: {fr: 1.0, en: .inf}}").as_deref(),
            Some("basics: {label: {fr: !!str 1.0, en: !!str .inf}}")
        );
        // An anchor stays where it is; aliases repeat the tagged value.
        assert_eq!(
            tagged("basics: {label: &l 3.10, name: *l}").as_deref(),
            Some("basics: {label: &l !!str 3.10, name: *l}")
        );
        // Booleans the schema wants, nulls, keys and explicit tags stay.
        assert_eq!(tagged("sections:\n  - optional: true\n    title: ~\n1: x\n"), None);
        assert_eq!(tagged("basics: {label: !!float 3.10}"), None);
        assert_eq!(tagged("basics:\n  name: Ada\n"), None);
        // Integers no YAML value holds are text wherever they are.
        assert_eq!(
            tagged("x-id: 123456789012345678901234\nx-n: 18446744073709551615\n").as_deref(),
            Some("x-id: !!str 123456789012345678901234\nx-n: 18446744073709551615\n")
        );
    }
}
