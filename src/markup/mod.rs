//! The Markdown subset of text fields, with the HTML that real files carry,
//! parsed into data that layouts render.
//!
//! Supported: paragraphs, bullet lists, strong, emphasis, links, inline code
//! and hard line breaks, written in Markdown or as their HTML tags (see
//! [`html`]); web and e-mail addresses typed in the text become links.
//! Anything else (headings, quotes, tables, images…) prints literally,
//! exactly as written. Nothing here is ever evaluated: layouts receive
//! strings, never Typst markup or HTML.

mod autolink;
mod builder;
mod direction;
mod html;
#[cfg(test)]
mod html_tests;
mod runs;
mod spaces;
mod tidy;
mod windows_1252;

pub use direction::Direction;
pub use spaces::one_line;

use schemars::JsonSchema;
use serde::Serialize;

/// How many lists, emphases and links may nest in one another (counting
/// the list items and paragraphs between them); deeper ones print as written.
const MAX_NESTING: usize = 16;

/// A block of content.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph.
    Par {
        /// Its content.
        c: Vec<Inline>,
        /// Its direction, `ltr` or `rtl`, as its first letter of a strong
        /// direction gives it (Unicode's rules P2 and P3), its addresses
        /// left out, as they print apart, left to right. Absent when it has
        /// none ("2013 – 2017"): the paragraph then takes the CV's. Set
        /// once the text is parsed and its addresses found.
        #[serde(skip_serializing_if = "Option::is_none")]
        dir: Option<Direction>,
    },
    /// A list: each item is a list of blocks.
    List {
        /// The items.
        items: Vec<Vec<Block>>,
        /// Whether the items are numbered (HTML's `<ol>`) rather than bulleted.
        ordered: bool,
    },
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    /// Literal text.
    Text {
        /// The text, exactly as it prints.
        s: String,
    },
    /// A straight quote (`"` or `'`) that the layout typesets for the
    /// document's language: « » in French, “ ” in English.
    Quote {
        /// Whether it is a double quote.
        double: bool,
    },
    /// Bold.
    Strong {
        /// Its content.
        c: Vec<Inline>,
    },
    /// Italic.
    Emph {
        /// Its content.
        c: Vec<Inline>,
    },
    /// Inline code: printed in a monospace font, quotes left straight.
    Code {
        /// The code.
        s: String,
    },
    /// A clickable link to a real address.
    Link {
        /// The target.
        url: String,
        /// The link text.
        c: Vec<Inline>,
    },
    /// A web or e-mail address as it prints, the text of a link to it:
    /// layouts never hyphenate it and let it break after its punctuation.
    Url {
        /// The address as written, such as `www.example.org/about`.
        s: String,
    },
    /// A hard line break.
    Break,
    /// Where a run of text is cut: it prints nothing, but a layout ends the
    /// run of text there, as an empty styled content does
    /// (`text(size: 1em, [])`). Typst stops at 512 matches of the regex show
    /// rules in one run of text (typst/typst#6694): a run of text, quotes
    /// and line breaks has 900 bytes at most between two cuts.
    Cut,
}

/// Parsed text and what is wrong with it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markup {
    /// The content.
    pub blocks: Vec<Block>,
    /// Problems, such as a link to an address that is not one.
    pub problems: Vec<Problem>,
}

/// Something in a text that does not print as its author may expect.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// What is wrong, such as "HTML `<font>` ignored: its text prints without it".
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

/// `text` as Markdown that prints it as typed: every ASCII punctuation
/// mark escaped with a backslash, as CommonMark allows, so that data put
/// into a Markdown template (a recipient's name in "Dear …,") stays data.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Parses a text field. `smart_quotes` turns straight quotes of prose into
/// [`Inline::Quote`] so that layouts can typeset them for the language.
pub fn parse(text: &str, smart_quotes: bool) -> Markup {
    // One kind of line ending: pulldown-cmark drops the line after an
    // indented code block when a lone CR follows a LF.
    let text = spaces::line_endings(text);
    let text = text.as_ref();
    let mut markup = builder::build(text, html::pieces(text), smart_quotes);
    autolink::link_addresses(&mut markup.blocks);
    direction::set(&mut markup.blocks);
    runs::cut(&mut markup.blocks);
    markup
}

/// The plain text of blocks: what a reader sees, without formatting.
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match block {
            Block::Par { c, .. } => push_plain(&mut out, c),
            Block::List { items, ordered } => {
                for (j, item) in items.iter().enumerate() {
                    if j > 0 {
                        out.push('\n');
                    }
                    match ordered {
                        true => out.push_str(&format!("{}. ", j + 1)),
                        false => out.push_str("- "),
                    }
                    out.push_str(&plain_text(item));
                }
            }
        }
    }
    out
}

fn push_plain(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text { s } | Inline::Code { s } | Inline::Url { s } => out.push_str(s),
            Inline::Quote { double: true } => out.push('"'),
            Inline::Quote { double: false } => out.push('\''),
            Inline::Strong { c } | Inline::Emph { c } => push_plain(out, c),
            // An address that prints is its own target.
            Inline::Link { c, .. } if matches!(c.as_slice(), [Inline::Url { .. }]) => {
                push_plain(out, c)
            }
            Inline::Link { url, c } => {
                let start = out.len();
                push_plain(out, c);
                let shown = out[start..].to_owned();
                let bare = url.strip_prefix("mailto:").unwrap_or(url);
                if shown != bare && shown != *url {
                    out.push_str(&format!(" <{url}>"));
                }
            }
            Inline::Break => out.push('\n'),
            Inline::Cut => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { s: s.into() }
    }

    fn par(text: &str) -> Vec<Inline> {
        match parse(text, false).blocks.as_slice() {
            [Block::Par { c, .. }] => c.clone(),
            other => panic!("expected one paragraph, got {other:?}"),
        }
    }

    #[test]
    fn special_characters_stay_literal() {
        let source = r#"C# $100 @jpic #import "x" <y> *_\ ]"#;
        assert_eq!(plain_text(&parse(source, false).blocks), source);
        assert_eq!(
            plain_text(&parse(r"C# $100 @jpic #import <x> *_\", false).blocks),
            r"C# $100 @jpic #import <x> *_\"
        );
    }

    #[test]
    fn inline_formatting() {
        assert_eq!(
            par("a **b** *c* `d` [e](https://x.org)"),
            vec![
                text("a "),
                Inline::Strong { c: vec![text("b")] },
                text(" "),
                Inline::Emph { c: vec![text("c")] },
                text(" "),
                Inline::Code { s: "d".into() },
                text(" "),
                Inline::Link { url: "https://x.org".into(), c: vec![text("e")] },
            ]
        );
    }

    #[test]
    fn placeholder_links_are_plain_text() {
        assert_eq!(par("see [le DevOps](#) now"), vec![text("see le DevOps now")]);
        let bad = parse("[x](www.example.com)", false);
        assert_eq!(bad.problems.len(), 1);
    }

    #[test]
    fn autolinks_and_emails() {
        assert_eq!(
            par("<https://github.com/jpic> <a@b.org>"),
            vec![
                Inline::Link {
                    url: "https://github.com/jpic".into(),
                    c: vec![Inline::Url { s: "https://github.com/jpic".into() }]
                },
                text(" "),
                Inline::Link {
                    url: "mailto:a@b.org".into(),
                    c: vec![Inline::Url { s: "a@b.org".into() }]
                },
            ]
        );
    }

    #[test]
    fn outside_the_subset_prints_as_written() {
        assert_eq!(plain_text(&parse("# Title\n\n> quote", false).blocks), "# Title\n> quote");
        assert_eq!(plain_text(&parse("1. one\n2. two", false).blocks), "1. one\n2. two");
        assert_eq!(plain_text(&parse("![img](x.png) ~~s~~", false).blocks), "![img](x.png) ~~s~~");
    }

    #[test]
    fn text_after_a_construct_outside_the_subset_is_kept() {
        let printed = |source| plain_text(&parse(source, false).blocks);
        // Nested in a list item: the item's next text stays, on its own line.
        let item = printed("- # Title\n  after");
        assert!(item.contains("# Title") && item.contains("after"), "{item:?}");
        assert!(!item.contains("Titleafter"), "{item:?}");
        assert!(printed("    code\n\r0").ends_with('0'));
    }

    #[test]
    fn nesting_deeper_than_the_limit_prints_as_written() {
        let deep = format!("{}x", "- ".repeat(MAX_NESTING * 4));
        let text = plain_text(&parse(&deep, false).blocks);
        assert!(text.ends_with('x') && text.contains("- -"), "{text:?}");
    }

    #[test]
    fn invisible_separators_make_no_structure() {
        // U+0085, U+2028 and U+2029 are spaces: no list item, paragraph,
        // quote or heading starts after them, and a code span stays whole.
        for separator in ['\u{85}', '\u{2028}', '\u{2029}'] {
            let code = format!("`0{separator}* A` and `make{separator}- all`");
            let c = par(&code);
            assert_eq!(
                c,
                vec![
                    Inline::Code { s: "0 * A".into() },
                    text(" and "),
                    Inline::Code { s: "make - all".into() }
                ],
                "{code:?}"
            );
            for (typed, printed) in
                [("a{}- b", "a - b"), ("a{}{}b", "a b"), ("a{}> b{}# c", "a > b # c")]
            {
                let typed = typed.replace("{}", &separator.to_string());
                assert_eq!(par(&typed), vec![text(printed)], "{typed:?}");
            }
        }
        // Real line endings still do.
        for ending in ["\n", "\r\n", "\r"] {
            let blocks = parse(&format!("a{ending}- b{ending}{ending}c"), false).blocks;
            assert_eq!(plain_text(&blocks), "a\n- b\nc", "{ending:?}");
            assert_eq!(blocks.len(), 3, "{ending:?}");
        }
    }

    #[test]
    fn lists_and_breaks() {
        let blocks = parse("intro\n\n- one\n- **two**\n\nend  \nline", false).blocks;
        assert_eq!(blocks.len(), 3);
        assert_eq!(plain_text(&blocks), "intro\n- one\n- two\nend\nline");
    }

    #[test]
    fn smart_quotes_become_quote_nodes() {
        let c = match parse(r#"dit "oui" l'an"#, true).blocks.remove(0) {
            Block::Par { c, .. } => c,
            other => panic!("{other:?}"),
        };
        assert_eq!(c[1], Inline::Quote { double: true });
        assert_eq!(c[5], Inline::Quote { double: false });
        let code = parse(r#"`"x"`"#, true).blocks;
        assert_eq!(plain_text(&code), r#""x""#);
    }
}
