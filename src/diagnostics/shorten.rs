//! Messages of a readable length, whatever the data holds: a value quoted in
//! a message (`` `…` ``) is cut to its start, and so is a message, hint or
//! note far longer than any sentence, so that a 100,000-character title or
//! a list of 227 font families never floods the terminal. The excerpt
//! under a message cuts its own line (`excerpt.rs`).

use std::borrow::Cow;

/// The most characters a quoted value keeps; a longer one keeps
/// [`QUOTE_KEPT`] and an ellipsis.
const MAX_QUOTE: usize = 80;
/// The characters a cut quoted value keeps.
const QUOTE_KEPT: usize = 60;
/// The most characters of one message, hint or note: several sentences.
const MAX_TEXT: usize = 1_200;

/// `text` with each quoted value longer than [`MAX_QUOTE`] characters cut
/// to its first [`QUOTE_KEPT`] and `…`, and the whole cut after
/// [`MAX_TEXT`] characters with how many there were. A backtick without
/// its pair quotes nothing. Text already short is not copied.
pub fn shorten(text: &str) -> Cow<'_, str> {
    let long_quote = text.split('`').skip(1).step_by(2).any(|q| q.chars().count() > MAX_QUOTE);
    if !long_quote && text.chars().count() <= MAX_TEXT {
        return Cow::Borrowed(text);
    }
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len().min(MAX_TEXT * 4));
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are quoted, if their closing backtick follows.
        let quoted = i % 2 == 1 && i + 1 < parts.len();
        if quoted && part.chars().count() > MAX_QUOTE {
            out.extend(part.chars().take(QUOTE_KEPT));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    let count = out.chars().count();
    if count > MAX_TEXT {
        let end = out.char_indices().nth(MAX_TEXT).map_or(out.len(), |(i, _)| i);
        out.truncate(end);
        out.push_str(&format!("… ({count} characters in all)"));
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_and_texts_are_cut() {
        assert!(matches!(shorten("`work` is fine"), Cow::Borrowed(_)));
        let title = "Wor ".repeat(25_000);
        let message = format!("the title `{title}` is long, `x` too");
        let cut = shorten(&message);
        assert_eq!(cut, format!("the title `{}…` is long, `x` too", &title[..QUOTE_KEPT]));
        let stray = format!("a ` alone, then {}", "é".repeat(2_000));
        let cut = shorten(&stray);
        assert_eq!(cut.chars().count(), MAX_TEXT + "… (2016 characters in all)".chars().count());
        assert!(cut.ends_with("… (2016 characters in all)"), "{cut}");
    }
}
