//! HTML in text fields. JSON Resume themes render texts as HTML, so real
//! files carry tags: the common ones map onto the Markdown's structure, the
//! others are dropped with a warning, their text kept.
//!
//! A tag is markup only when it names an HTML element and is closed: void
//! elements (`<br>`, `<img>`…) and `<x/>` by themselves; `<p>` and `<li>`
//! also as HTML closes them, by the next paragraph or item, their list's end
//! or the end of the paragraph; any other by its end tag in the same
//! paragraph (or HTML block). `</br>`, which browsers read as `<br>`, is a
//! break. Anything else prints as typed: `Vec<String>`, `x < y`, `a <b> c`.
//! An end tag whose element is not open is dropped, as browsers do.

use std::ops::Range;

use html5gum::{DefaultEmitter, Doctype, Spanned, Token, Tokenizer};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What an HTML element does to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// `<b>`, `<strong>`.
    Strong,
    /// `<i>`, `<em>`.
    Emph,
    /// `<code>`.
    Code,
    /// `<a>`.
    Link,
    /// `<br>`.
    Break,
    /// `<p>`.
    Par,
    /// `<ul>`, `<ol>`.
    List { ordered: bool },
    /// `<li>`.
    Item,
    /// A block outside the subset (`<div>`, `<h1>`, `<hr>`…): dropped, its
    /// text in a paragraph of its own.
    Block,
    /// An inline element outside the subset (`<span>`, `<font>`, `<img>`…):
    /// dropped, its text kept.
    Inline,
    /// An element whose content is not text (`<script>`, `<style>`…):
    /// dropped with its content.
    Hidden,
}

impl Role {
    /// Whether the element starts a block, closing an open `<p>`.
    fn is_block(self) -> bool {
        matches!(self, Role::Par | Role::List { .. } | Role::Item | Role::Block)
    }
}

/// Elements outside the subset that are blocks.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "main",
    "menu",
    "nav",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
];

/// Elements outside the subset whose content a reader never sees.
const HIDDEN: &[&str] = &[
    "audio", "canvas", "head", "iframe", "math", "noscript", "object", "script", "select", "style",
    "svg", "template", "textarea", "title", "video",
];

/// The other HTML elements, inline ones outside the subset, current and
/// obsolete (real files carry `<font>`).
const INLINES: &[&str] = &[
    "abbr", "acronym", "area", "base", "basefont", "bdi", "bdo", "big", "blink", "button", "cite",
    "col", "colgroup", "data", "datalist", "del", "dfn", "embed", "font", "img", "input", "ins",
    "kbd", "label", "link", "map", "mark", "marquee", "meta", "meter", "nobr", "optgroup",
    "option", "output", "param", "picture", "progress", "q", "rp", "rt", "ruby", "s", "samp",
    "slot", "small", "source", "span", "strike", "sub", "sup", "time", "track", "tt", "u", "var",
    "wbr",
];

/// Elements that have no content and no end tag.
const VOIDS: &[&str] = &[
    "area", "base", "basefont", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
];

/// The role of the element `name` (lower case), or `None` when no HTML
/// element has this name: the tag is then prose.
pub(super) fn role(name: &str) -> Option<Role> {
    Some(match name {
        "b" | "strong" => Role::Strong,
        "i" | "em" => Role::Emph,
        "code" => Role::Code,
        "a" => Role::Link,
        "br" => Role::Break,
        "p" => Role::Par,
        "ul" => Role::List { ordered: false },
        "ol" => Role::List { ordered: true },
        "li" => Role::Item,
        _ if BLOCKS.contains(&name) => Role::Block,
        _ if HIDDEN.contains(&name) => Role::Hidden,
        _ if INLINES.contains(&name) => Role::Inline,
        _ => return None,
    })
}

/// An HTML element's start or end, as the builder receives it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Element {
    /// Its name, in lower case.
    pub name: String,
    /// What it does.
    pub role: Role,
    /// A link's target, as written.
    pub href: Option<String>,
}

/// The text of a field, as Markdown events and HTML elements.
#[derive(Debug)]
pub(super) enum Piece<'a> {
    /// A Markdown event (never HTML) and where it is in the text.
    Markdown(Event<'a>, Range<usize>),
    /// Text of an HTML block: entities decoded, whitespace as written.
    Text(String),
    /// An element that starts (and ends, for a void one).
    Start(Element),
    /// The end of the element last started with this role.
    End(Role),
}

/// A tag as read, before it is known to be markup.
#[derive(Debug)]
struct RawTag {
    element: Element,
    end: bool,
    self_closing: bool,
    /// The tag as written, printed if it is not markup.
    written: String,
    /// Whether it is in an HTML block, where text is `Piece::Text`.
    block: bool,
}

impl RawTag {
    fn is_void(&self) -> bool {
        VOIDS.contains(&self.element.name.as_str())
    }
}

#[derive(Debug)]
enum Raw<'a> {
    Piece(Piece<'a>),
    Tag(RawTag),
}

impl Raw<'_> {
    /// The element's name, for a tag.
    fn name(&self) -> &str {
        match self {
            Raw::Tag(tag) => &tag.element.name,
            Raw::Piece(_) => "",
        }
    }
}

/// Reads a text into pieces: Markdown events, with the HTML in them read
/// as elements where it is markup and as text where it is not.
pub(super) fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut raws = Vec::new();
    let mut block_html: Option<String> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => block_html = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                let html = block_html.take().unwrap_or_default();
                // The block's own scope: its tags match among themselves.
                raws.push(Raw::Piece(Piece::Markdown(Event::Start(Tag::HtmlBlock), 0..0)));
                read_html(&html, true, &mut raws);
                raws.push(Raw::Piece(Piece::Markdown(Event::End(TagEnd::HtmlBlock), 0..0)));
            }
            Event::Html(html) if block_html.is_some() => {
                block_html.get_or_insert_default().push_str(&html);
            }
            Event::Html(html) | Event::InlineHtml(html) => read_html(&html, false, &mut raws),
            event => raws.push(Raw::Piece(Piece::Markdown(event, range))),
        }
    }
    resolve(raws)
}

/// Reads HTML with html5gum: a single inline tag, or a whole HTML block,
/// whose text is then `Piece::Text`.
fn read_html(html: &str, block: bool, raws: &mut Vec<Raw<'_>>) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script and style contents are text up to their end tag.
    emitter.naively_switch_states(true);
    let mut read = Vec::new();
    // How far the tokens have read: html5gum drops what an unclosed tag
    // holds at the end (`<http://` and every paragraph after it, in a
    // block `<?` left open); that text prints as typed.
    let mut covered = 0;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        if let Some(span) = token_span(&token) {
            if let Some(gap) = html.get(covered..span.start).filter(|gap| block && !gap.is_empty())
            {
                read.push(Raw::Piece(literal(gap.to_owned(), block)));
            }
            covered = covered.max(span.end);
        }
        let (name, end, self_closing, attributes, span) = match token {
            Token::StartTag(tag) => (tag.name, false, tag.self_closing, tag.attributes, tag.span),
            Token::EndTag(tag) => (tag.name, true, false, Default::default(), tag.span),
            Token::String(text) if block => {
                read.push(Raw::Piece(Piece::Text(String::from_utf8_lossy(&text).into_owned())));
                continue;
            }
            // Outside a block, pulldown-cmark hands over one tag at a time:
            // text means html5gum read it otherwise, so it is prose.
            Token::String(_) => {
                read = vec![Raw::Piece(literal(html.to_owned(), false))];
                break;
            }
            // Browsers show nothing of a comment or a doctype; anything else
            // read as one (`<?php ?>`, `<![CDATA[`), or a comment left open,
            // which would hide the rest, prints as typed.
            Token::Comment(Spanned { span, .. }) | Token::Doctype(Doctype { span, .. }) => {
                let written = html.get(span.start..span.end).unwrap_or_default();
                let hidden = match written.strip_prefix("<!--") {
                    Some(rest) => rest.ends_with("-->"),
                    None => written.to_ascii_lowercase().starts_with("<!doctype"),
                };
                if !hidden {
                    read.push(Raw::Piece(literal(written.to_owned(), block)));
                }
                continue;
            }
            Token::Error(_) => continue,
        };
        let name = String::from_utf8_lossy(&name).to_ascii_lowercase();
        let written = html.get(span.start..span.end).unwrap_or(html).to_owned();
        // A tag across a blank line swallows the paragraphs its writer
        // meant (`<b` left open, then text): it is text, not markup.
        let Some(role) = role(&name).filter(|_| !spans_blank_line(&written)) else {
            read.push(Raw::Piece(literal(written, block)));
            continue;
        };
        let href = attributes
            .get(b"href".as_slice())
            .map(|v| String::from_utf8_lossy(&v.value).trim().to_owned());
        let element = Element { name, role, href };
        read.push(Raw::Tag(RawTag { element, end, self_closing, written, block }));
    }
    if block && let Some(rest) = html.get(covered..).filter(|rest| !rest.is_empty()) {
        read.push(Raw::Piece(literal(rest.to_owned(), block)));
    }
    raws.extend(read);
}

/// Whether `text` holds a blank line: a line break, blanks, a line break.
fn spans_blank_line(text: &str) -> bool {
    text.split('\n').skip(1).collect::<Vec<_>>().split_last().is_some_and(|(_, inner)| {
        inner.iter().any(|line| line.trim_matches([' ', '\t', '\r', '\u{b}', '\u{c}']).is_empty())
    })
}

/// The bytes of `html` a token was read from; none for an error, which
/// reads nothing of its own.
fn token_span(token: &Token<usize>) -> Option<std::ops::Range<usize>> {
    let span = match token {
        Token::StartTag(tag) => tag.span,
        Token::EndTag(tag) => tag.span,
        Token::String(Spanned { span, .. }) | Token::Comment(Spanned { span, .. }) => *span,
        Token::Doctype(doctype) => doctype.span,
        Token::Error(_) => return None,
    };
    Some(span.start..span.end)
}

/// Text printed as written.
fn literal<'a>(written: String, block: bool) -> Piece<'a> {
    if block { Piece::Text(written) } else { Piece::Markdown(Event::Text(written.into()), 0..0) }
}

/// Whether a Markdown event starts or ends a block: tags match only
/// within one.
fn is_block_boundary(event: &Event) -> bool {
    let inline = |tag: &Tag| {
        matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
    };
    match event {
        Event::Start(tag) => !inline(tag),
        Event::End(end) => {
            !matches!(end, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
        }
        _ => false,
    }
}

/// Decides which tags are markup, and turns the rest into text.
fn resolve(raws: Vec<Raw<'_>>) -> Vec<Piece<'_>> {
    // What closes each start tag that is markup: its own index for a void
    // element, else the index of the end tag, or of what closes it
    // implicitly, before which it ends.
    let mut closer: Vec<Option<usize>> = vec![None; raws.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, raw) in raws.iter().enumerate() {
        let tag = match raw {
            Raw::Piece(Piece::Markdown(event, _)) if is_block_boundary(event) => {
                close(&raws, std::mem::take(&mut open), &mut closer, i, true);
                continue;
            }
            Raw::Piece(_) => continue,
            Raw::Tag(tag) => tag,
        };
        let name = tag.element.name.as_str();
        if tag.end {
            if let Some(at) = open.iter().rposition(|&j| raws[j].name() == name) {
                close(&raws, open.split_off(at), &mut closer, i, false);
            }
            continue;
        }
        if tag.is_void() || tag.self_closing {
            closer[i] = Some(i);
            continue;
        }
        // A new item closes the open one, a new block an open paragraph,
        // within the innermost list.
        if name == "li"
            && let Some(at) = nearest(&raws, &open, "li", &["ul", "ol"])
        {
            close(&raws, open.split_off(at), &mut closer, i, false);
        }
        if tag.element.role.is_block()
            && let Some(at) = nearest(&raws, &open, "p", &["ul", "ol", "li"])
        {
            close(&raws, open.split_off(at), &mut closer, i, false);
        }
        open.push(i);
    }
    close(&raws, open, &mut closer, raws.len(), true);
    emit(raws, &closer)
}

/// Where in `open` the innermost element `name` is, unless one of `stops`
/// is inside it.
fn nearest(raws: &[Raw], open: &[usize], name: &str, stops: &[&str]) -> Option<usize> {
    let at =
        open.iter().rposition(|&j| raws[j].name() == name || stops.contains(&raws[j].name()))?;
    (raws[open[at]].name() == name).then_some(at)
}

/// Closes the elements `open` before `at`: all of them, or at the end of a
/// block only `<p>` and `<li>`, which need no end tag. The others stay
/// unclosed: they are prose.
fn close(raws: &[Raw], open: Vec<usize>, closer: &mut [Option<usize>], at: usize, block_end: bool) {
    for j in open {
        let optional =
            matches!(&raws[j], Raw::Tag(t) if matches!(t.element.role, Role::Par | Role::Item));
        if !block_end || optional {
            closer[j] = Some(at);
        }
    }
}

/// The pieces the builder reads: tags that are markup as elements, with an
/// end for each start; other tags as text; hidden content left out.
fn emit<'a>(raws: Vec<Raw<'a>>, closer: &[Option<usize>]) -> Vec<Piece<'a>> {
    let mut pieces = Vec::with_capacity(raws.len());
    // Ends to come, by the index they come before, in the order started.
    let mut ends: Vec<(usize, Role)> = Vec::new();
    let mut hidden_until = 0;
    for (i, raw) in raws.into_iter().enumerate() {
        while let Some(k) = ends.iter().rposition(|&(at, _)| at == i) {
            pieces.push(Piece::End(ends.remove(k).1));
        }
        match raw {
            // Markdown's structure stays whole, even inside hidden content.
            Raw::Piece(Piece::Markdown(event @ (Event::Start(_) | Event::End(_)), range)) => {
                pieces.push(Piece::Markdown(event, range))
            }
            _ if i < hidden_until => {}
            Raw::Piece(piece) => pieces.push(piece),
            // `</br>` is read as `<br>`; other end tags are done with.
            Raw::Tag(tag) if tag.end => {
                if tag.element.role == Role::Break {
                    pieces.push(Piece::Start(tag.element));
                }
            }
            Raw::Tag(tag) => match closer[i] {
                None => pieces.push(literal(tag.written, tag.block)),
                Some(at) => {
                    let (role, void) = (tag.element.role, tag.is_void());
                    pieces.push(Piece::Start(tag.element));
                    if role == Role::Hidden {
                        hidden_until = at;
                    } else if at == i && !void {
                        pieces.push(Piece::End(role));
                    } else if !void {
                        ends.push((at, role));
                    }
                }
            },
        }
    }
    pieces.extend(ends.into_iter().rev().map(|(_, role)| Piece::End(role)));
    pieces
}
