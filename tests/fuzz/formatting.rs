//! Formatted paragraphs and lists made of the Markdown subset: the plain
//! text and the structure parsed must be the ones the source says.

use std::fmt::Write as _;

use cvpdf::markup::{self, Block, Inline};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::harness::{Kind, fuzz, guarded};
use crate::markdown::check_markup;

/// One piece of a paragraph built from the subset, with what it prints.
#[derive(Debug, Clone)]
enum Seg {
    Word(String),
    Strong(String, bool),
    Emph(String, bool),
    Code(String),
    Link(String, String),
    Placeholder(String, &'static str),
    Autolink(String),
    Email(String),
    /// An e-mail address typed bare, internationalised or not.
    Address(String),
    BadLink(String, &'static str),
}

impl Seg {
    fn markdown(&self) -> String {
        match self {
            Seg::Word(w) | Seg::Address(w) => w.clone(),
            Seg::Strong(w, false) => format!("**{w}**"),
            Seg::Strong(w, true) => format!("__{w}__"),
            Seg::Emph(w, false) => format!("*{w}*"),
            Seg::Emph(w, true) => format!("_{w}_"),
            Seg::Code(c) => format!("`{c}`"),
            Seg::Link(w, url) => format!("[{w}]({url})"),
            Seg::Placeholder(w, target) | Seg::BadLink(w, target) => format!("[{w}]({target})"),
            Seg::Autolink(url) => format!("<{url}>"),
            Seg::Email(address) => format!("<{address}>"),
        }
    }

    fn plain(&self) -> String {
        match self {
            // Vertical tabs, form feeds and the Unicode separators in a code
            // span are spaces.
            Seg::Code(c) => c.replace(['\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}'], " "),
            Seg::Word(w)
            | Seg::Strong(w, _)
            | Seg::Emph(w, _)
            | Seg::Placeholder(w, _)
            | Seg::BadLink(w, _)
            | Seg::Autolink(w)
            | Seg::Email(w)
            | Seg::Address(w) => w.clone(),
            Seg::Link(w, url) => format!("{w} <{url}>"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    strong: usize,
    emph: usize,
    code: usize,
    links: usize,
    problems: usize,
}

impl Counts {
    /// The counts as a model regression file holds them.
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "strong": self.strong,
            "emph": self.emph,
            "code": self.code,
            "links": self.links,
            "problems": self.problems,
        })
    }

    /// The counts a model regression file holds, if it holds them all.
    pub fn from_json(value: &serde_json::Value) -> Option<Self> {
        let count = |key: &str| value.get(key)?.as_u64().and_then(|n| usize::try_from(n).ok());
        Some(Self {
            strong: count("strong")?,
            emph: count("emph")?,
            code: count("code")?,
            links: count("links")?,
            problems: count("problems")?,
        })
    }

    fn of_segments<'a>(segments: impl IntoIterator<Item = &'a Seg>) -> Self {
        let mut counts = Self::default();
        for seg in segments {
            match seg {
                Seg::Strong(..) => counts.strong += 1,
                Seg::Emph(..) => counts.emph += 1,
                Seg::Code(_) => counts.code += 1,
                Seg::Link(..) | Seg::Autolink(_) | Seg::Email(_) | Seg::Address(_) => {
                    counts.links += 1
                }
                Seg::BadLink(..) => counts.problems += 1,
                Seg::Word(_) | Seg::Placeholder(..) => {}
            }
        }
        counts
    }

    fn of_blocks(blocks: &[Block], counts: &mut Self) {
        fn inlines(list: &[Inline], counts: &mut Counts) {
            for inline in list {
                match inline {
                    Inline::Strong { c } => {
                        counts.strong += 1;
                        inlines(c, counts);
                    }
                    Inline::Emph { c } => {
                        counts.emph += 1;
                        inlines(c, counts);
                    }
                    Inline::Link { c, .. } => {
                        counts.links += 1;
                        inlines(c, counts);
                    }
                    Inline::Code { .. } => counts.code += 1,
                    Inline::Text { .. }
                    | Inline::Quote { .. }
                    | Inline::Url { .. }
                    | Inline::Break
                    | Inline::Cut => {}
                }
            }
        }
        for block in blocks {
            match block {
                Block::Par { c, .. } => inlines(c, counts),
                Block::List { items, .. } => {
                    items.iter().for_each(|item| Self::of_blocks(item, counts))
                }
            }
        }
    }
}

/// A document of paragraphs and bullet lists made only of the subset.
#[derive(Debug, Clone)]
enum ModelBlock {
    /// Segments, each with the separator before it (` `, soft or hard break).
    Par(Vec<(u8, Seg)>),
    List(Vec<Vec<Seg>>),
}

#[derive(Debug, Clone)]
struct ModelCase {
    blocks: Vec<ModelBlock>,
}

impl ModelCase {
    fn markdown(&self) -> String {
        let mut out = String::new();
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            match block {
                ModelBlock::Par(segments) => {
                    for (j, (separator, seg)) in segments.iter().enumerate() {
                        if j > 0 {
                            out.push_str(["  \n", "\n", " "][usize::from(*separator % 3)]);
                        }
                        out.push_str(&seg.markdown());
                    }
                }
                ModelBlock::List(items) => {
                    for (j, item) in items.iter().enumerate() {
                        if j > 0 {
                            out.push('\n');
                        }
                        let parts: Vec<String> = item.iter().map(Seg::markdown).collect();
                        let _ = write!(out, "- {}", parts.join(" "));
                    }
                }
            }
        }
        out
    }

    fn plain(&self) -> String {
        let blocks: Vec<String> = self
            .blocks
            .iter()
            .map(|block| match block {
                ModelBlock::Par(segments) => {
                    let mut out = String::new();
                    for (j, (separator, seg)) in segments.iter().enumerate() {
                        if j > 0 {
                            out.push_str(["\n", " ", " "][usize::from(*separator % 3)]);
                        }
                        out.push_str(&seg.plain());
                    }
                    out
                }
                ModelBlock::List(items) => items
                    .iter()
                    .map(|item| {
                        let parts: Vec<String> = item.iter().map(Seg::plain).collect();
                        format!("- {}", parts.join(" "))
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect();
        blocks.join("\n")
    }

    fn counts(&self) -> Counts {
        Counts::of_segments(self.blocks.iter().flat_map(|block| match block {
            ModelBlock::Par(segments) => segments.iter().map(|(_, s)| s).collect::<Vec<_>>(),
            ModelBlock::List(items) => items.iter().flatten().collect(),
        }))
    }
}

/// Whether a word may hold a web or e-mail address, which text turns into
/// a link: `www.` or an `@` with a dot after it (`ø@𐨙.Aa` is an address,
/// as `jörg@müller.de` is).
fn may_hold_address(word: &str) -> bool {
    word.to_lowercase().contains("www.")
        || word.split_once('@').is_some_and(|(_, domain)| domain.contains('.'))
}

fn segment() -> BoxedStrategy<Seg> {
    let word = "\\p{L}[\\p{L}\\p{N},;:?!\"'/%@$^{}()=.’-]{0,8}"
        .prop_filter("a word holds no address", |w: &String| !may_hold_address(w));
    // Local parts of letters and digits of any script with RFC 5322's
    // separators, domains of any script under a top-level domain of ASCII
    // letters, as linkify reads them.
    let address = "\\p{L}[\\p{L}\\p{N}]{0,4}([._+'-][\\p{L}\\p{N}]{1,4}){0,2}@[\\p{L}\\p{N}]{1,6}(\\.[\\p{L}\\p{N}]{1,6})?\\.[a-zA-Z]{2,4}";
    let inner = "[a-zA-Z0-9]{1,6}( [a-zA-Z0-9]{1,6}){0,2}";
    let url = "https://[a-z0-9]{1,8}(\\.[a-z]{2,5}){1,2}(/[a-zA-Z0-9_./?=%~-]{0,12})?";
    prop_oneof![
        4 => word.prop_map(Seg::Word),
        1 => (inner, any::<bool>()).prop_map(|(w, u)| Seg::Strong(w, u)),
        1 => (inner, any::<bool>()).prop_map(|(w, u)| Seg::Emph(w, u)),
        1 => "[^`\\s\\x00]([^`\n\r\\x00]{0,10}[^`\\s\\x00])?".prop_map(Seg::Code),
        1 => (inner, url).prop_map(|(w, u)| Seg::Link(w, u)),
        1 => (inner, select(&["#", "", "#section-1"][..])).prop_map(|(w, t)| Seg::Placeholder(w, t)),
        1 => url.prop_map(Seg::Autolink),
        1 => "[a-z][a-z0-9._]{0,6}@[a-z]{1,6}\\.org".prop_map(Seg::Email),
        1 => address.prop_map(Seg::Address),
        1 => (inner, select(&["www.example.org", "example.org/x", "ftp://x.org"][..]))
            .prop_map(|(w, t)| Seg::BadLink(w, t)),
    ]
    .boxed()
}

fn model_case() -> BoxedStrategy<ModelCase> {
    let paragraph = vec((any::<u8>(), segment()), 1..8).prop_map(ModelBlock::Par);
    let list = vec(vec(segment(), 1..4), 1..4).prop_map(ModelBlock::List);
    vec(prop_oneof![3 => paragraph, 1 => list], 1..5)
        .prop_map(|blocks| ModelCase { blocks })
        .boxed()
}

/// Parses Markdown of the subset and compares with what it must print.
pub fn check_model(markdown: &str, expected: &str, counts: &Counts) -> Result<(), String> {
    check_markup(markdown)?;
    guarded(|| {
        for smart_quotes in [false, true] {
            let parsed = markup::parse(markdown, smart_quotes);
            let plain = markup::plain_text(&parsed.blocks);
            if plain != expected {
                return Err(format!(
                    "the plain text is not what the Markdown says:\n  expected {expected:?}\n  got      {plain:?}\n  blocks   {:?}",
                    parsed.blocks
                ));
            }
            let mut found = Counts { problems: parsed.problems.len(), ..Counts::default() };
            Counts::of_blocks(&parsed.blocks, &mut found);
            if found != *counts {
                return Err(format!(
                    "the structure is not what the Markdown says:\n  expected {counts:?}\n  got      {found:?}\n  blocks   {:?}",
                    parsed.blocks
                ));
            }
        }
        Ok(())
    })
}

fn encode_model(case: &ModelCase) -> Vec<u8> {
    serde_json::json!({
        "markdown": case.markdown(),
        "plain": case.plain(),
        "counts": case.counts().to_json(),
    })
    .to_string()
    .into_bytes()
}

#[test]
fn markup_formatting_prints_its_text() {
    fuzz("model", Kind::Model, 1000, model_case(), encode_model, |case| {
        check_model(&case.markdown(), &case.plain(), &case.counts())
    })
    .assert_ok();
}
