//! What becomes a section's heading, checked before anything renders: a
//! free section's id, which `design.sections`, `meta.optionalSections` and
//! the layouts know it by, must be its own (another free section's, or a
//! built-in section's that the data writes, is an error); and a title must
//! fit a heading,
//! and the PDF outline entry it becomes (a PDF string holds 32,767 bytes,
//! Typst's PDF/A export refuses more, unlocated).

use super::source_map::{DataPath, SourceMap};
use super::{Cv, Text, Visit};
use crate::catalogue::SECTIONS;
use crate::diagnostics::Diagnostic;

/// The most characters a section's title may hold, in each language: a
/// heading is a few words; far longer, it is a paragraph in the wrong place.
pub const MAX_TITLE_CHARS: usize = 200;

/// The ids a free section may not take when the data writes the section of
/// that key: the built-in sections' keys (`sections` stands for every free
/// section in `design.sections`), and `header`, which messages use for the
/// header.
fn reserved() -> impl Iterator<Item = &'static str> {
    SECTIONS.iter().map(|s| s.key).chain(["header"])
}

/// Whether `cv` writes the section `key`: a built-in one with entries (a
/// free section titled "Interests" beside no `interests` is that section),
/// or `sections` and `header`, always there.
fn written(cv: &Cv, key: &str) -> bool {
    struct Filled(bool);
    impl<T> Visit<T> for Filled {
        fn visit(&mut self, _: &'static str, entries: &[T]) {
            self.0 = !entries.is_empty();
        }
    }
    let mut filled = Filled(false);
    !cv.visit_entries(key, &mut filled) || filled.0
}

/// The free sections whose ids collide, case folded, with a built-in key
/// or an earlier free section's; and the section titles (free sections'
/// and `design.sections.titles`) longer than [`MAX_TITLE_CHARS`].
pub(super) fn check(cv: &Cv, map: &SourceMap) -> Vec<Diagnostic> {
    let root = DataPath::default().key("sections");
    let mut found = Vec::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, section) in cv.sections.iter().enumerate() {
        let path = root.index(i);
        if let Some(title) = &section.title {
            found.extend(too_long(title, &path.key("title"), map, "a section's title"));
        }
        let id = section.id(cv.lang());
        let folded = id.to_lowercase();
        if id.is_empty() {
            continue;
        }
        let explicit = section.id.as_deref().is_some_and(|id| !id.trim().is_empty());
        let at = if explicit { path.key("id") } else { path.key("title") };
        let (why, suggested) = match seen.iter().find(|(other, _)| *other == folded) {
            Some((_, j)) => (
                format!(
                    "the free section `sections[{j}]` has it already; `design.sections` and \
                     the layouts could not tell them apart"
                ),
                format!("{folded}-{}", seen.iter().filter(|(o, _)| *o == folded).count() + 1),
            ),
            None if reserved().any(|key| key == folded) && written(cv, &folded) => (
                format!(
                    "it is the key of the built-in section `{folded}`, which `design.sections` \
                     and the layouts would take it for"
                ),
                format!("my-{folded}"),
            ),
            None => {
                seen.push((folded, i));
                continue;
            }
        };
        found.push(
            Diagnostic::error(format!(
                "`{}`: this free section's id is `{id}`: {why}",
                map.as_written(&at)
            ))
            .at_location(map.locate(&at).or_else(|| map.locate(&path)))
            .with_hint(format!(
                "give it an id of its own beside its title, such as `id: {suggested}`; the \
                 title prints as written"
            )),
        );
        seen.push((folded, i));
    }
    let titles = DataPath::default().key("design").key("sections").key("titles");
    for (key, title) in &cv.design.sections.titles {
        found.extend(too_long(title, &titles.key(key), map, "a section's title"));
    }
    found
}

/// The error for each of `title`'s languages longer than
/// [`MAX_TITLE_CHARS`], at `path`: `what` says what becomes a heading (`a
/// section's title`, a letter's `position`).
pub fn too_long(title: &Text, path: &DataPath, map: &SourceMap, what: &str) -> Vec<Diagnostic> {
    let langs: Vec<Option<&str>> = match title {
        Text::Plain(_) => vec![None],
        Text::Translated(pairs) => pairs.iter().map(|(lang, _)| Some(lang.as_str())).collect(),
    };
    title
        .variants()
        .zip(langs)
        .filter(|(text, _)| text.chars().count() > MAX_TITLE_CHARS)
        .map(|(text, lang)| {
            let at = lang.map_or_else(|| path.clone(), |lang| path.key(lang));
            Diagnostic::error(format!(
                "`{}`: {what} holds at most {MAX_TITLE_CHARS} characters; this one holds {}",
                map.as_written(&at),
                text.chars().count()
            ))
            .at_location(map.locate(&at))
            .with_hint(
                "it is a heading, and the PDF's bookmark: a few words; the rest goes in the text",
            )
        })
        .collect()
}
