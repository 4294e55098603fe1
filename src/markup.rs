//! The Markdown subset of text fields, parsed into data that layouts render.
//!
//! Supported: paragraphs, bullet lists, strong, emphasis, links, inline code
//! and hard line breaks. Anything else (headings, quotes, tables, images,
//! HTML…) prints literally, exactly as written. Nothing here is ever
//! evaluated: layouts receive strings, never Typst markup.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::model::check_url;

/// How many lists, emphases and links may nest in one another (counting
/// the list items and paragraphs between them); deeper ones print as written.
const MAX_NESTING: usize = 16;

/// A block of Markdown content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph.
    Par {
        /// Its content.
        c: Vec<Inline>,
    },
    /// A bullet list: each item is a list of blocks.
    List {
        /// The items.
        items: Vec<Vec<Block>>,
    },
}

/// Inline Markdown content.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// A hard line break.
    Break,
}

/// Parsed Markdown and what is wrong with it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markup {
    /// The content.
    pub blocks: Vec<Block>,
    /// Problems, such as a link to an address that is not one.
    pub problems: Vec<String>,
}

/// Parses a text field. `smart_quotes` turns straight quotes of prose into
/// [`Inline::Quote`] so that layouts can typeset them for the language.
pub fn parse(text: &str, smart_quotes: bool) -> Markup {
    // One kind of line ending: pulldown-cmark drops the line after an
    // indented code block when a lone CR follows a LF.
    let normalised;
    let text = if text.contains('\r') {
        normalised = text.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        text
    };
    let mut builder = Builder { source: text, smart_quotes, ..Builder::default() };
    builder.stack.push(Open::Blocks(Vec::new()));
    // Events inside a construct outside the subset, which printed whole at
    // its start, are skipped up to its own end: by nesting, not by offset,
    // as the ends of the paragraph or list item around it start earlier.
    let mut skipping = 0usize;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                _ => {}
            }
            continue;
        }
        if builder.event(event, range) {
            skipping = 1;
        }
    }
    builder.finish()
}

/// The plain text of blocks: what a reader sees, without formatting.
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match block {
            Block::Par { c } => push_plain(&mut out, c),
            Block::List { items } => {
                for (j, item) in items.iter().enumerate() {
                    if j > 0 {
                        out.push('\n');
                    }
                    out.push_str("- ");
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
            Inline::Text { s } | Inline::Code { s } => out.push_str(s),
            Inline::Quote { double: true } => out.push('"'),
            Inline::Quote { double: false } => out.push('\''),
            Inline::Strong { c } | Inline::Emph { c } => push_plain(out, c),
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
        }
    }
}

enum Open {
    Blocks(Vec<Block>),
    List(Vec<Vec<Block>>),
    Par(Vec<Inline>),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Link(String, Vec<Inline>),
    /// A link with no real target (`[text](#)`): its text stays, plain.
    Placeholder(Vec<Inline>),
}

#[derive(Default)]
struct Builder<'a> {
    source: &'a str,
    smart_quotes: bool,
    stack: Vec<Open>,
    problems: Vec<String>,
    /// Whether a tight list item's last block is a construct printed as
    /// written, which the item's next text must not run into.
    sealed: bool,
}

impl Builder<'_> {
    /// Handles one event. Returns whether it starts a construct outside the
    /// subset, printed whole as written, whose inner events are to be skipped.
    fn event(&mut self, event: Event, range: Range<usize>) -> bool {
        match event {
            Event::Start(tag) => return self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.inline(Inline::Code { s: code.into_string() }),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.inline(Inline::Break),
            Event::Html(_) | Event::InlineHtml(_) | Event::Rule => {
                let raw = self.source[range].trim_end_matches('\n').to_owned();
                self.literal(&raw);
            }
            _ => {
                let raw = self.source[range].to_owned();
                self.literal(&raw);
            }
        }
        false
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) -> bool {
        // Nesting deeper than a CV needs prints as written: what walks the
        // blocks recurses (a stack overflow), and layouts have their limits.
        let deep = self.stack.len() >= MAX_NESTING;
        match tag {
            Tag::Paragraph => self.stack.push(Open::Par(Vec::new())),
            Tag::List(None) if !deep => self.stack.push(Open::List(Vec::new())),
            Tag::Item => self.stack.push(Open::Blocks(Vec::new())),
            Tag::Strong if !deep => self.stack.push(Open::Strong(Vec::new())),
            Tag::Emphasis if !deep => self.stack.push(Open::Emph(Vec::new())),
            Tag::Link { link_type, dest_url, .. } if !deep => {
                let url = dest_url.trim();
                let open = if url.is_empty() || url.starts_with('#') {
                    Open::Placeholder(Vec::new())
                } else if link_type == LinkType::Email {
                    Open::Link(format!("mailto:{url}"), Vec::new())
                } else if url.starts_with("mailto:") || url.starts_with("tel:") {
                    Open::Link(url.to_owned(), Vec::new())
                } else {
                    match check_url(url) {
                        Ok(()) => Open::Link(url.to_owned(), Vec::new()),
                        Err(why) => {
                            self.problems.push(format!("link target {why}"));
                            Open::Placeholder(Vec::new())
                        }
                    }
                };
                self.stack.push(open);
            }
            _ => {
                // Outside the subset: the construct prints as written.
                let raw = self.source[range].trim_end().to_owned();
                self.literal(&raw);
                return true;
            }
        }
        false
    }

    fn end(&mut self, tag: TagEnd) {
        let Some(open) = self.stack.pop() else { return };
        match (tag, open) {
            (TagEnd::Paragraph, Open::Par(c)) => self.block(Block::Par { c }),
            (TagEnd::List(_), Open::List(items)) => self.block(Block::List { items }),
            (TagEnd::Item, Open::Blocks(mut blocks)) => {
                // A tight list item's text comes without a paragraph.
                if let Some(Open::List(items)) = self.stack.last_mut() {
                    blocks.retain(|b| !matches!(b, Block::Par { c } if c.is_empty()));
                    items.push(blocks);
                }
            }
            (TagEnd::Strong, Open::Strong(c)) => self.inline(Inline::Strong { c }),
            (TagEnd::Emphasis, Open::Emph(c)) => self.inline(Inline::Emph { c }),
            (TagEnd::Link, Open::Link(url, c)) => self.inline(Inline::Link { url, c }),
            (TagEnd::Link, Open::Placeholder(c)) => {
                for inline in c {
                    self.inline(inline);
                }
            }
            (_, open) => self.stack.push(open),
        }
    }

    fn text(&mut self, text: &str) {
        if !self.smart_quotes {
            self.inline(Inline::Text { s: text.to_owned() });
            return;
        }
        let mut rest = text;
        while let Some(i) = rest.find(['"', '\'']) {
            if i > 0 {
                self.inline(Inline::Text { s: rest[..i].to_owned() });
            }
            self.inline(Inline::Quote { double: rest.as_bytes()[i] == b'"' });
            rest = &rest[i + 1..];
        }
        if !rest.is_empty() {
            self.inline(Inline::Text { s: rest.to_owned() });
        }
    }

    /// Literal text from a construct outside the subset.
    fn literal(&mut self, raw: &str) {
        match self.stack.last() {
            Some(Open::Blocks(_)) | Some(Open::List(_)) => {
                self.block(Block::Par { c: vec![Inline::Text { s: raw.to_owned() }] });
                self.sealed = true;
            }
            _ => self.inline(Inline::Text { s: raw.to_owned() }),
        }
    }

    fn inline(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(
                Open::Par(c)
                | Open::Strong(c)
                | Open::Emph(c)
                | Open::Link(_, c)
                | Open::Placeholder(c),
            ) => {
                // Adjacent text merges, so that the output stays small.
                if let (Some(Inline::Text { s: last }), Inline::Text { s }) =
                    (c.last_mut(), &inline)
                {
                    last.push_str(s);
                } else {
                    c.push(inline);
                }
            }
            // Tight list items hold inline content directly.
            Some(Open::Blocks(_)) => {
                self.stack.push(Open::Par(Vec::new()));
                self.inline(inline);
                if let Some(Open::Par(c)) = self.stack.pop() {
                    self.merge_into_last_par(c);
                }
            }
            _ => {}
        }
    }

    fn merge_into_last_par(&mut self, c: Vec<Inline>) {
        let sealed = std::mem::take(&mut self.sealed);
        if let Some(Open::Blocks(blocks)) = self.stack.last_mut() {
            if let Some(Block::Par { c: last }) = blocks.last_mut().filter(|_| !sealed) {
                for inline in c {
                    match (last.last_mut(), inline) {
                        (Some(Inline::Text { s: a }), Inline::Text { s: b }) => a.push_str(&b),
                        (_, inline) => last.push(inline),
                    }
                }
            } else {
                blocks.push(Block::Par { c });
            }
        }
    }

    fn block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Open::Blocks(blocks)) => blocks.push(block),
            Some(Open::List(items)) => items.push(vec![block]),
            _ => {}
        }
    }

    fn finish(mut self) -> Markup {
        while self.stack.len() > 1 {
            // Unbalanced events do not happen with pulldown-cmark; stay safe.
            if let Some(Open::Par(c)) = self.stack.pop() {
                self.block(Block::Par { c });
            }
        }
        let blocks = match self.stack.pop() {
            Some(Open::Blocks(blocks)) => blocks,
            _ => Vec::new(),
        };
        Markup { blocks, problems: self.problems }
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
            [Block::Par { c }] => c.clone(),
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
                    c: vec![text("https://github.com/jpic")]
                },
                text(" "),
                Inline::Link { url: "mailto:a@b.org".into(), c: vec![text("a@b.org")] },
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
    fn lists_and_breaks() {
        let blocks = parse("intro\n\n- one\n- **two**\n\nend  \nline", false).blocks;
        assert_eq!(blocks.len(), 3);
        assert_eq!(plain_text(&blocks), "intro\n- one\n- two\nend\nline");
    }

    #[test]
    fn smart_quotes_become_quote_nodes() {
        let c = match parse(r#"dit "oui" l'an"#, true).blocks.remove(0) {
            Block::Par { c } => c,
            other => panic!("{other:?}"),
        };
        assert_eq!(c[1], Inline::Quote { double: true });
        assert_eq!(c[5], Inline::Quote { double: false });
        let code = parse(r#"`"x"`"#, true).blocks;
        assert_eq!(plain_text(&code), r#""x""#);
    }
}
