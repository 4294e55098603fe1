//! Builds blocks from Markdown events and HTML elements, on one stack of
//! open constructs, so that the two nest in each other.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::html::{Element, Piece, Role};
use super::{Block, Inline, MAX_NESTING, Markup, Problem, push_plain};
use crate::model::check_url;

/// What HTML the builder maps, for hints.
const HTML_HINT: &str = "cvpdf reads <b>, <strong>, <i>, <em>, <code>, <a href>, <br>, <p>, <ul>, \
                         <ol> and <li>; write the rest in Markdown or as plain text";

/// A link as it prints: one with nothing visible to click (`[](…)`, a soft
/// hyphen alone, on which Typst's PDF export even fails) shows its address.
fn visible_link(url: String, c: Vec<Inline>) -> Inline {
    let mut shown = String::new();
    push_plain(&mut shown, &c);
    if crate::diagnostics::prints_nothing(&shown) {
        let s = url.strip_prefix("mailto:").unwrap_or(&url).to_owned();
        return Inline::Link { url, c: vec![Inline::Url { s }] };
    }
    Inline::Link { url, c }
}

/// Builds the blocks of a text read into `pieces`.
pub(super) fn build(source: &str, pieces: Vec<Piece>, smart_quotes: bool) -> Markup {
    let mut builder = Builder { source, smart_quotes, ..Builder::default() };
    builder.stack.push(Open::Blocks(Vec::new()));
    // Events inside a construct outside the subset, which printed whole at
    // its start, are skipped up to its own end: by nesting, not by offset,
    // as the ends of the paragraph or list item around it start earlier.
    let mut skipping = 0usize;
    for piece in pieces {
        match piece {
            Piece::Markdown(event, _) if skipping > 0 => match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                _ => {}
            },
            Piece::Markdown(event, range) => {
                if builder.event(event, range) {
                    skipping = 1;
                }
            }
            _ if skipping > 0 => {}
            Piece::Text(text) => builder.html_text(&text),
            Piece::Start(element) => builder.html_start(element),
            Piece::End(role) => builder.html_end(role),
        }
    }
    builder.finish()
}

enum Open {
    Blocks(Vec<Block>),
    List(Vec<Vec<Block>>, bool),
    Par(Vec<Inline>),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Link(String, Vec<Inline>),
    /// A link with no real target (`[text](#)`): its text stays, plain.
    Placeholder(Vec<Inline>),
    /// HTML's `<code>`: its content as plain text.
    Code(String),
}

impl Open {
    fn is_inline(&self) -> bool {
        !matches!(self, Open::Blocks(_) | Open::List(..) | Open::Par(_))
    }
}

#[derive(Default)]
struct Builder<'a> {
    source: &'a str,
    smart_quotes: bool,
    stack: Vec<Open>,
    /// The HTML elements open, with the depth of their construct on the
    /// stack, or none for one nested too deep to be built.
    html: Vec<(Option<usize>, Role)>,
    problems: Vec<Problem>,
    /// HTML elements dropped, and those dropped with their content.
    ignored: BTreeSet<String>,
    hidden: BTreeSet<String>,
    /// Whether text from here on starts a paragraph of its own rather than
    /// running into the last one: after a construct printed as written in
    /// a tight list item, or an HTML block.
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
            Event::Rule => {
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
            Tag::HtmlBlock => self.sealed = true,
            Tag::Paragraph => {
                self.sealed = false;
                self.stack.push(Open::Par(Vec::new()))
            }
            Tag::List(None) if !deep => self.stack.push(Open::List(Vec::new(), false)),
            Tag::Item => {
                self.sealed = false;
                self.stack.push(Open::Blocks(Vec::new()))
            }
            Tag::Strong if !deep => self.stack.push(Open::Strong(Vec::new())),
            Tag::Emphasis if !deep => self.stack.push(Open::Emph(Vec::new())),
            Tag::Link { link_type, dest_url, .. } if !deep => {
                let open = self.link(&dest_url, link_type == LinkType::Email);
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

    /// The construct for a link to `url`: a placeholder when it goes
    /// nowhere, or nowhere valid (a problem).
    fn link(&mut self, url: &str, email: bool) -> Open {
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') {
            Open::Placeholder(Vec::new())
        } else if email {
            Open::Link(format!("mailto:{url}"), Vec::new())
        } else if url.starts_with("mailto:") || url.starts_with("tel:") {
            Open::Link(url.to_owned(), Vec::new())
        } else {
            match check_url(url) {
                Ok(()) => Open::Link(url.to_owned(), Vec::new()),
                Err(why) => {
                    self.problems.push(Problem {
                        message: format!("link target {why}"),
                        hint: "the link prints as plain text; use a full https:// address",
                    });
                    Open::Placeholder(Vec::new())
                }
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        // HTML elements left open inside a Markdown construct end with it.
        while self.html.last().is_some_and(|&(d, _)| d.is_some_and(|d| d + 1 == self.stack.len())) {
            self.close_top();
        }
        if tag == TagEnd::HtmlBlock {
            self.sealed = true;
        }
        let closes = matches!(
            (tag, self.stack.last()),
            (TagEnd::Paragraph, Some(Open::Par(_)))
                | (TagEnd::List(_), Some(Open::List(..)))
                | (TagEnd::Item, Some(Open::Blocks(_)))
                | (TagEnd::Strong, Some(Open::Strong(_)))
                | (TagEnd::Emphasis, Some(Open::Emph(_)))
                | (TagEnd::Link, Some(Open::Link(..) | Open::Placeholder(_)))
        );
        if closes && self.stack.len() > 1 {
            self.close_top();
        }
    }

    /// Closes the innermost construct, putting what it built in the one
    /// around it.
    fn close_top(&mut self) {
        if self.stack.len() < 2 {
            return;
        }
        let Some(open) = self.stack.pop() else { return };
        let depth = self.stack.len();
        self.html.retain(|&(d, _)| d.is_none_or(|d| d < depth));
        match open {
            Open::Par(c) => self.block(Block::Par { c, dir: None }),
            Open::List(items, ordered) => self.block(Block::List { items, ordered }),
            Open::Blocks(mut blocks) => {
                // A tight list item's text comes without a paragraph.
                blocks.retain(|b| !matches!(b, Block::Par { c, .. } if c.is_empty()));
                if let Some(Open::List(items, _)) = self.stack.last_mut() {
                    items.push(blocks);
                }
            }
            Open::Strong(c) => self.inline(Inline::Strong { c }),
            Open::Emph(c) => self.inline(Inline::Emph { c }),
            Open::Link(url, c) => self.inline(visible_link(url, c)),
            Open::Placeholder(c) => c.into_iter().for_each(|inline| self.inline(inline)),
            Open::Code(s) => self.inline(Inline::Code { s }),
        }
    }

    fn text(&mut self, text: &str) {
        let text = &*super::windows_1252::mapped(text);
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

    /// Text of an HTML block: its whitespace collapses, as in a browser,
    /// and between blocks it is nothing.
    fn html_text(&mut self, text: &str) {
        let collapsed = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        let edge = |c: char| c.is_ascii_whitespace();
        let collapsed = match (text.starts_with(edge), text.ends_with(edge), collapsed.is_empty()) {
            (_, _, true) => " ".to_owned(),
            (true, true, _) => format!(" {collapsed} "),
            (true, false, _) => format!(" {collapsed}"),
            (false, true, _) => format!("{collapsed} "),
            (false, false, _) => collapsed,
        };
        let in_par = self.stack.last().is_some_and(|o| o.is_inline() || matches!(o, Open::Par(_)));
        if in_par {
            self.text(&collapsed);
        } else if matches!(self.stack.last(), Some(Open::Blocks(_))) || !collapsed.trim().is_empty()
        {
            if matches!(self.stack.last(), Some(Open::List(..))) {
                self.push_html(Open::Blocks(Vec::new()), Role::Item);
            }
            // Its leading space parts it from an element it follows in the
            // same paragraph (`<b>x</b> y`); `tidy` trims a paragraph's edges.
            self.text(&collapsed);
        }
    }

    fn push_html(&mut self, open: Open, role: Role) {
        self.html.push((Some(self.stack.len()), role));
        self.stack.push(open);
    }

    fn html_start(&mut self, element: Element) {
        let role = element.role;
        match role {
            Role::Hidden => {
                self.hidden.insert(element.name);
                return;
            }
            Role::Block | Role::Inline => {
                self.ignored.insert(element.name);
            }
            _ => {}
        }
        if matches!(role, Role::Par | Role::List { .. } | Role::Item | Role::Block) {
            self.end_paragraph();
        }
        if self.stack.len() >= MAX_NESTING && !matches!(role, Role::Break | Role::Block) {
            self.html.push((None, role));
            return;
        }
        match role {
            Role::Break => self.inline(Inline::Break),
            Role::Strong => self.push_html(Open::Strong(Vec::new()), role),
            Role::Emph => self.push_html(Open::Emph(Vec::new()), role),
            Role::Code => self.push_html(Open::Code(String::new()), role),
            Role::Link => {
                let open = match element.href {
                    Some(href) => self.link(&href, false),
                    None => Open::Placeholder(Vec::new()),
                };
                self.push_html(open, role);
            }
            Role::Par => self.push_html(Open::Par(Vec::new()), role),
            Role::List { ordered } => self.push_html(Open::List(Vec::new(), ordered), role),
            Role::Item => {
                // An item outside a list makes one.
                if !matches!(self.stack.last(), Some(Open::List(..))) {
                    self.push_html(Open::List(Vec::new(), false), Role::List { ordered: false });
                }
                self.push_html(Open::Blocks(Vec::new()), role);
            }
            Role::Block | Role::Inline | Role::Hidden => {}
        }
    }

    fn html_end(&mut self, role: Role) {
        match role {
            Role::Block => return self.end_paragraph(),
            Role::Inline | Role::Hidden | Role::Break => return,
            _ => {}
        }
        let Some(k) = self.html.iter().rposition(|&(_, r)| r == role) else { return };
        match self.html[k].0 {
            None => {
                self.html.remove(k);
            }
            Some(depth) => {
                while self.stack.len() > depth {
                    self.close_top();
                }
            }
        }
        if matches!(role, Role::Par | Role::List { .. } | Role::Item) {
            self.sealed = true;
        }
    }

    /// Ends the paragraph being built, and the inline constructs open in it,
    /// before an HTML block starts or ends.
    fn end_paragraph(&mut self) {
        while self.stack.last().is_some_and(Open::is_inline) {
            self.close_top();
        }
        if matches!(self.stack.last(), Some(Open::Par(_))) {
            self.close_top();
        }
        self.sealed = true;
    }

    /// Literal text from a construct outside the subset.
    fn literal(&mut self, raw: &str) {
        match self.stack.last() {
            Some(Open::Blocks(_)) | Some(Open::List(..)) => {
                self.block(Block::Par { c: vec![Inline::Text { s: raw.to_owned() }], dir: None });
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
            Some(Open::Code(s)) => push_plain(s, std::slice::from_ref(&inline)),
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
            if let Some(Block::Par { c: last, .. }) = blocks.last_mut().filter(|_| !sealed) {
                for inline in c {
                    match (last.last_mut(), inline) {
                        (Some(Inline::Text { s: a }), Inline::Text { s: b }) => a.push_str(&b),
                        (_, inline) => last.push(inline),
                    }
                }
            } else {
                blocks.push(Block::Par { c, dir: None });
            }
        }
    }

    fn block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Open::Blocks(blocks)) => blocks.push(block),
            Some(Open::List(items, _)) => items.push(vec![block]),
            _ => {}
        }
    }

    fn finish(mut self) -> Markup {
        while self.stack.len() > 1 {
            self.close_top();
        }
        let mut blocks = match self.stack.pop() {
            Some(Open::Blocks(blocks)) => blocks,
            _ => Vec::new(),
        };
        super::tidy::tidy(&mut blocks);
        let listed = |names: &BTreeSet<String>| {
            names.iter().map(|n| format!("`<{n}>`")).collect::<Vec<_>>().join(", ")
        };
        if !self.ignored.is_empty() {
            let (it, them) =
                if self.ignored.len() == 1 { ("it", "its") } else { ("them", "their") };
            self.problems.push(Problem {
                message: format!(
                    "HTML {} ignored: {them} text prints without {it}",
                    listed(&self.ignored)
                ),
                hint: HTML_HINT,
            });
        }
        if !self.hidden.is_empty() {
            let its = if self.hidden.len() == 1 { "its" } else { "their" };
            self.problems.push(Problem {
                message: format!("HTML {} left out, with {its} content", listed(&self.hidden)),
                hint: HTML_HINT,
            });
        }
        Markup { blocks, problems: self.problems }
    }
}
