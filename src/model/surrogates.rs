//! JSON's escapes of a character beyond U+FFFF as two UTF-16 halves
//! (`"\ud83d\ude80"` for 🚀, as Python's `json.dump` writes it), which
//! JSON reads as one character and YAML parsers refuse. A JSON file is read
//! as JSON reads it: each pair becomes the character it writes, and spaces
//! after the string's closing quote keep every later character at its
//! line and column, so that locations after it stay exact.

use std::ops::Range;

/// A half of a character without its other half, at `range`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct LoneSurrogate {
    /// The `\uXXXX` escape.
    pub range: Range<usize>,
}

/// `text` with each escaped surrogate pair inside a JSON string replaced by
/// the character it writes, or `None` when there is none.
///
/// # Errors
///
/// [`LoneSurrogate`] for a half without its other half.
pub(super) fn join(text: &str) -> Result<Option<String>, LoneSurrogate> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let (mut copied, mut padding) = (0, 0);
    let (mut i, mut in_string) = (0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'"' if in_string => {
                in_string = false;
                if padding > 0 {
                    let out = out.get_or_insert_with(String::new);
                    out.push_str(&text[copied..=i]);
                    out.extend(std::iter::repeat_n(' ', padding));
                    (copied, padding) = (i + 1, 0);
                }
            }
            b'"' => in_string = true,
            b'\\' if in_string && bytes.get(i + 1) == Some(&b'u') => {
                let Some(unit) = hex(text, i + 2) else {
                    i += 2;
                    continue;
                };
                let lone = LoneSurrogate { range: i..i + 6 };
                match unit {
                    0xD800..=0xDBFF => {
                        let low = (text.get(i + 6..i + 8) == Some("\\u"))
                            .then(|| hex(text, i + 8))
                            .flatten()
                            .filter(|low| (0xDC00..=0xDFFF).contains(low))
                            .ok_or(lone)?;
                        let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        let c = char::from_u32(c).expect("a pair writes a character");
                        let out = out.get_or_insert_with(String::new);
                        out.push_str(&text[copied..i]);
                        out.push(c);
                        padding += 11;
                        copied = i + 12;
                        i += 12;
                        continue;
                    }
                    0xDC00..=0xDFFF => return Err(lone),
                    _ => i += 6,
                }
                continue;
            }
            b'\\' if in_string => {
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(out.map(|mut out| {
        out.push_str(&text[copied.min(text.len())..]);
        out
    }))
}

/// The value of the four hex digits at `at`, if there are four.
fn hex(text: &str, at: usize) -> Option<u32> {
    let digits = text.get(at..at + 4)?;
    digits.bytes().all(|b| b.is_ascii_hexdigit()).then(|| u32::from_str_radix(digits, 16).ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_become_characters_and_keep_offsets() {
        let text = r#"{"a": "R \ud83d\ude80 x", "b": "\u00e9\\ud83d"}"#;
        let joined = join(text).unwrap().unwrap();
        assert_eq!(joined, "{\"a\": \"R 🚀 x\"           , \"b\": \"\\u00e9\\\\ud83d\"}");
        assert_eq!(joined.chars().count(), text.chars().count());
        assert_eq!(join(r#"{"a": "\u00e9"}"#), Ok(None));
    }

    #[test]
    fn a_half_alone_is_an_error_at_its_escape() {
        assert_eq!(join(r#"{"a": "A\ud800da"}"#), Err(LoneSurrogate { range: 8..14 }));
        assert_eq!(join(r#"{"a": "\udc00"}"#), Err(LoneSurrogate { range: 7..13 }));
        assert_eq!(join(r#"{"a": "\ud83d\u0041"}"#), Err(LoneSurrogate { range: 7..13 }));
    }
}
