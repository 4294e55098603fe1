//! The error of a CV that cannot fit its page limit: what is too long, in
//! the data, and what set the limit, which the data did not.

use super::Settings;
use crate::diagnostics::Diagnostic;
use crate::fit::Overflow;
use crate::layouts::Layout;
use crate::model::{DataPath, Loaded};
use crate::view::View;

/// Where the page limit comes from, and how to lift it: `--max-pages` (or
/// a letter's `max-pages:`, which sets the same), else the layout's own.
pub(super) fn limit(settings: &Settings, layout: &Layout) -> String {
    match (settings.max_pages, layout) {
        (Some(pages), _) => format!(
            "the limit of {pages} is the option --max-pages (or a letter's `max-pages:`): raise it to allow more pages"
        ),
        (None, Layout::Builtin(builtin)) => format!(
            "the `{}` layout holds {} at most: choose another layout, such as classic, for more",
            builtin.name,
            pages(builtin.max_pages.unwrap_or(1))
        ),
        (None, Layout::Custom { .. }) => "the layout sets the page limit".into(),
    }
}

/// `1 page`, `2 pages`.
fn pages(n: usize) -> String {
    if n == 1 { "1 page".into() } else { format!("{n} pages") }
}

/// The error for a CV that cannot fit: how much too long it is, its longest
/// parts, where the longest one is written, and where the limit comes
/// from (`limit`, as [`limit`] says it).
pub(super) fn error(loaded: &Loaded, view: &View, overflow: &Overflow, limit: &str) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(format!(
        "the CV does not fit on {}: even with every fitting step it needs {:.1} pages, {:.1} too many",
        pages(overflow.max_pages),
        overflow.needed,
        overflow.needed - overflow.max_pages as f64
    ));
    let longest: Vec<String> = overflow
        .parts
        .iter()
        .take(3)
        // A part that rounds to no page at all is no way to shorten it.
        .filter(|(_, _, pages)| *pages >= 0.05)
        .map(|(id, title, pages)| match id.as_str() {
            "header" => format!("the header (name, contacts and summary, {pages:.1} pages)"),
            _ => format!("`{title}` ({pages:.1} pages)"),
        })
        .collect();
    match longest.as_slice() {
        [] => {}
        [only] => diagnostic = diagnostic.with_hint(format!("the longest part is {only}")),
        all => diagnostic = diagnostic.with_hint(format!("the longest parts: {}", all.join(", "))),
    }
    if let Some((id, _, _)) = overflow.parts.first() {
        diagnostic = diagnostic
            .at_location(loaded.map.locate(&part_path(loaded, view, id)))
            .with_label("the longest part starts here");
    }
    diagnostic
        .with_hint(
            "shorten it, give entries a `short` summary, or list sections in `meta.optionalSections`",
        )
        .with_hint(limit)
}

/// The key of `basics` that holds most of the header's text: its summary,
/// or its profiles (forty profiles outweigh a one-line summary).
fn header_bulk(view: &View) -> &'static str {
    let header = &view.header;
    let summary = crate::markup::plain_text(&header.summary).chars().count();
    let profiles: usize = (header.contacts.iter())
        .filter(|c| c.kind == crate::view::ContactKind::Profile)
        .map(|c| c.network.chars().count() + c.text.chars().count())
        .sum();
    if profiles > summary { "profiles" } else { "summary" }
}

/// Where in the data a part of the rendered CV comes from.
fn part_path(loaded: &Loaded, view: &View, id: &str) -> DataPath {
    let root = DataPath::default();
    if id == "header" {
        return root.key("basics").key(header_bulk(view));
    }
    let free =
        view.sections.iter().any(|s| s.id == id && s.kind == crate::catalogue::SectionKind::Text);
    if !free {
        return root.key(id);
    }
    let cv = &loaded.cv;
    match cv.sections.iter().position(|s| s.id(cv.lang()) == id) {
        Some(index) => root.key("sections").index(index),
        None => root.key("sections"),
    }
}
