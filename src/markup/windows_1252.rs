//! Numeric character references to 128–159 (`&#146;`, `&#x96;`), which
//! HTML written on Windows carries everywhere: HTML5 reads them as the
//! Windows-1252 characters of those bytes (’ – “ ”), as browsers do, not as
//! the C1 control characters they name. Markdown's parser decodes them as
//! controls; this maps them as HTML5's table does. The five bytes that
//! Windows-1252 leaves undefined stay controls, which are refused.

use std::borrow::Cow;

/// The characters of 0x80 to 0x9F in Windows-1252, as the WHATWG HTML
/// standard lists them ("numeric character reference end state"); `None`
/// where it leaves the control character.
const TABLE: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// `c` as HTML5 reads a numeric reference to it.
fn map(c: char) -> char {
    match c {
        '\u{80}'..='\u{9F}' => TABLE[c as usize - 0x80].unwrap_or(c),
        _ => c,
    }
}

/// `text` with the C1 characters that references decoded to mapped as
/// HTML5 maps them. Typed C1 characters never get here: the data's checks
/// refuse them.
pub(super) fn mapped(text: &str) -> Cow<'_, str> {
    if text.contains(|c| matches!(c, '\u{80}'..='\u{9F}')) {
        Cow::Owned(text.chars().map(map).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse, plain_text};

    #[test]
    fn references_to_128_to_159_print_windows_1252_characters() {
        let printed = |s: &str| plain_text(&parse(s, false).blocks);
        assert_eq!(printed("don&#146;t &#150; &#147;quoted&#148; &#x80;5"), "don’t – “quoted” €5");
        assert_eq!(printed("<p>don&#146;t</p>"), "don’t");
        assert_eq!(printed("&#x81; &#157;"), "\u{81} \u{9D}", "undefined bytes stay controls");
        assert_eq!(printed("`&#146;`"), "&#146;", "code prints as written");
    }
}
