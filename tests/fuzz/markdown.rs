//! Markdown: soup, long repeats and prose into the parser, whose plain
//! text must hold every paragraph and print prose as written.

use std::fmt::Write as _;

use cvpdf::markup::{self, Block, Inline};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::harness::{Kind, fuzz, guarded};
use crate::pieces::{REPEATED, any_text};
use crate::shape::one_of;

/// Characters that mean nothing to the Markdown subset, or that print as
/// written when they start a construct outside it (headings, ordered lists,
/// rules, fences): a text of these prints exactly, up to whitespace.
const PROSE_PUNCTUATION: &str = ",;:?!\"'/%@$^{}()=.#~|-’«»";

fn is_prose(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_alphanumeric()
            || matches!(c, ' ' | '\t' | '\n' | '\r')
            || PROSE_PUNCTUATION.contains(c)
    })
}

/// The words of a text: what stays when whitespace is normalised.
fn words(text: &str) -> String {
    text.split([' ', '\t', '\n', '\r']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Words like `QQab` that start a block: at the start of the text or after
/// a blank line. Nothing in Markdown can swallow them, only an HTML
/// comment (`<!-- … -->`), which hides what it holds: outside one, they
/// must print.
fn sentinels(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let commented = |i: usize| {
        text[..i]
            .rfind("<!--")
            .is_some_and(|open| text[open..].find("-->").is_some_and(|close| open + close > i))
    };
    for (i, _) in text.match_indices("QQ") {
        if (i == 0 || text[..i].ends_with("\n\n")) && !commented(i) {
            let word: String =
                text[i..].chars().take_while(char::is_ascii_alphabetic).collect::<String>();
            found.push(word);
        }
    }
    found
}

/// Whether blocks hold formatting other than the links that addresses
/// typed in prose become.
fn has_formatting(blocks: &[Block]) -> bool {
    fn inlines(list: &[Inline]) -> bool {
        list.iter().any(|i| match i {
            Inline::Link { c, .. } => !matches!(c.as_slice(), [Inline::Url { .. }]),
            other => !matches!(
                other,
                Inline::Text { .. } | Inline::Quote { .. } | Inline::Break | Inline::Cut
            ),
        })
    }
    blocks.iter().any(|b| match b {
        Block::Par { c, .. } => inlines(c),
        Block::List { items, .. } => items.iter().any(|item| has_formatting(item)),
    })
}

/// What holds for any text: parsing and plain text do not panic, smart
/// quotes change only how quotes are typeset, parsing is deterministic,
/// blocks serialise, every block-starting sentinel prints, and prose
/// prints exactly as written, up to whitespace.
pub fn check_markup(text: &str) -> Result<(), String> {
    guarded(|| {
        let straight = markup::parse(text, false);
        let smart = markup::parse(text, true);
        if markup::parse(text, true) != smart {
            return Err("parsing twice gives two results".into());
        }
        let plain = markup::plain_text(&straight.blocks);
        let smart_plain = markup::plain_text(&smart.blocks);
        if plain != smart_plain {
            return Err(format!(
                "smart quotes change the plain text:\n  straight {plain:?}\n  smart    {smart_plain:?}"
            ));
        }
        if straight.problems != smart.problems {
            return Err("smart quotes change the problems".into());
        }
        serde_json::to_string(&smart.blocks)
            .map_err(|e| format!("blocks do not serialise: {e}"))?;
        for sentinel in sentinels(text) {
            if !plain.contains(&sentinel) {
                return Err(format!(
                    "`{sentinel}`, which starts a paragraph, is missing from the plain text {plain:?}"
                ));
            }
        }
        if is_prose(text) {
            if words(&plain) != words(text) {
                return Err(format!(
                    "prose does not print as written:\n  text  {:?}\n  plain {:?}",
                    words(text),
                    words(&plain)
                ));
            }
            if has_formatting(&smart.blocks) || !smart.problems.is_empty() {
                return Err(format!("prose was formatted: {:?}", smart.blocks));
            }
        }
        Ok(())
    })
}

const MARKDOWN_TOKENS: &[&str] = &[
    "*",
    "**",
    "***",
    "_",
    "__",
    "`",
    "``",
    "```",
    "~~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "](#)",
    "](https://example.org/a_b)",
    "](www.x.org)",
    "](<x y>)",
    "<",
    ">",
    "<https://example.org>",
    "<a@b.org>",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "<div>",
    "<?",
    "?>",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&",
    "&#0;",
    "&#x1F600;",
    "&nbsp",
    "\\",
    "\\*",
    "#",
    "# ",
    "## ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "> ",
    "---",
    "===",
    "|",
    "\n",
    "\n",
    "\n\n",
    "  \n",
    "\\\n",
    "    ",
    "\t",
    " ",
    " ",
    "  ",
    "\r\n",
    "\"",
    "'",
    "’",
    "[x]: https://e.org \"t\"\n",
    "[x]",
    "[x][]",
    "[x][y]",
    "$",
    "@",
    "{",
    "}",
    "%",
    ":",
    "http://",
    "a",
    "b",
    "word",
    "mot",
    "é",
    "日本",
    "🦀",
    "\u{200d}",
    "\u{202e}",
    "\u{301}",
    "\u{0}",
    "\u{b}",
    "\u{c}",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "1",
    "x",
    "  - ",
    "    - ",
    "\n- ",
    "\n  ",
    "\n    ",
    "\n> ",
    "\n```\n",
    "\n# ",
    "\n===\n",
];

/// Markdown-looking text: blocks of tokens, each starting with a sentinel.
fn markdown_soup() -> BoxedStrategy<String> {
    let block = vec(select(MARKDOWN_TOKENS), 0..40).prop_map(|tokens| tokens.concat());
    (vec(block, 1..5), any::<bool>())
        .prop_map(|(blocks, sentinels)| {
            let mut text = String::new();
            for (i, block) in blocks.iter().enumerate() {
                if i > 0 {
                    text.push_str("\n\n");
                }
                if sentinels {
                    let _ = write!(text, "QQ{} ", (b'a' + i as u8) as char);
                }
                text.push_str(block);
            }
            text
        })
        .boxed()
}

fn markdown_input() -> BoxedStrategy<String> {
    prop_oneof![
        4 => markdown_soup(),
        2 => any_text(),
        1 => vec(any::<char>(), 0..300).prop_map(String::from_iter),
        1 => (select(REPEATED), 1..20_000usize).prop_map(|(unit, n)| unit.repeat(n)),
        1 => (select(REPEATED), select(REPEATED), 1..5000usize)
            .prop_map(|(a, b, n)| format!("{a}{b}").repeat(n)),
    ]
    .boxed()
}

#[test]
fn markup_never_panics_and_is_consistent() {
    fuzz(
        "markup",
        Kind::Markup,
        1500,
        markdown_input(),
        |t| t.clone().into_bytes(),
        |text| check_markup(text),
    )
    .assert_ok();
}

fn prose() -> BoxedStrategy<String> {
    let punctuation: Vec<char> = PROSE_PUNCTUATION.chars().collect();
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9]{1,8}",
        1 => "[\\p{L}\\p{N}]{1,4}",
        2 => select(punctuation).prop_map(String::from),
        3 => one_of(&[" ", " ", "  ", "\n", "\n\n", "  \n", "\t", "    ", "\r\n", "1. ", "- ", "# ", "---", "~~~", "===", "-"]),
    ];
    vec(piece, 0..40).prop_map(|pieces| pieces.concat()).boxed()
}

#[test]
fn markup_prints_prose_as_written() {
    fuzz(
        "prose",
        Kind::Markup,
        1500,
        prose(),
        |t| t.clone().into_bytes(),
        |text| check_markup(text),
    )
    .assert_ok();
}
