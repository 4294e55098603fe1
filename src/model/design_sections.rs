//! `design.sections`: the section keys it names (the catalogue's and the
//! free sections' ids, case folded), each checked at its place.

use std::collections::BTreeMap;

use super::design::one_of;
use super::source_map::{DataPath, SourceMap};
use super::{Cv, Text};
use crate::catalogue::SECTIONS;
use crate::diagnostics::Diagnostic;

/// The section keys `design.sections` may name in `cv`: the catalogue's,
/// and the free sections' ids.
fn section_keys(cv: &Cv) -> Vec<String> {
    let lang = cv.lang();
    let mut keys: Vec<String> = SECTIONS.iter().map(|s| s.key.to_owned()).collect();
    keys.extend(cv.sections.iter().map(|s| s.id(lang)).filter(|id| !id.is_empty()));
    keys
}

/// A key as `design.sections` names it: where, the key, and whether it is
/// a mapping's key (a title's) rather than a list's item.
type Named<'a> = (DataPath, &'a String, bool);

/// The problems of the section keys `design.sections` names: unknown, a
/// key named twice in one list (`order: [work, skills, Work]`: keys ignore
/// case, as every name in `design`), and `sections` as a title's key,
/// which stands for many sections and so titles none.
pub(super) fn check(cv: &Cv, map: &SourceMap, root: &DataPath) -> Vec<Diagnostic> {
    let keys = section_keys(cv);
    let names: Vec<&str> = keys.iter().map(String::as_str).collect();
    let sections = &cv.design.sections;
    let mut lists: Vec<(&str, Vec<Named>)> = Vec::new();
    for (list, items) in [("order", &sections.order), ("hidden", &sections.hidden)] {
        let at = |(i, k)| (root.key(list).index(i), k, false);
        lists.push((list, items.iter().enumerate().map(at).collect()));
    }
    let titled = sections.titles.keys().map(|k| (root.key("titles").key(k), k, true));
    lists.push(("titles", titled.collect()));
    let mut found = blank_titles(&sections.titles, map, &root.key("titles"));
    let mut problem = |path: &DataPath, is_key: bool, message: String, hint: String| {
        let at = if is_key { map.locate_key(path) } else { map.locate(path) };
        found.push(
            Diagnostic::error(format!("`{}`: {message}", map.as_written(path)))
                .at_location(at.or_else(|| map.locate(root)))
                .with_hint(hint),
        );
    };
    for (list, named) in lists {
        let mut seen: Vec<String> = Vec::new();
        // A null item (`order: [null, work]`) is absent.
        for (path, key, is_key) in named.into_iter().filter(|(_, key, _)| !key.is_empty()) {
            let folded = key.to_lowercase();
            if !names.iter().any(|n| n.to_lowercase() == folded) {
                problem(&path, is_key, format!("`{key}` is not a section"), one_of(key, &names));
            } else if list == "titles" && folded == "sections" {
                let hint = "`sections` stands for every free section in `order` and `hidden`; \
                            title a free section by its own id, or in its `title`";
                problem(&path, is_key, "`sections` names no one section".into(), hint.into());
            } else if seen.contains(&folded) {
                let hint = format!("remove it: `{key}` is named once, where it goes");
                problem(&path, is_key, format!("`{key}` is already in `{list}`"), hint);
            }
            seen.push(folded);
        }
    }
    found
}

/// The title overrides that print nothing, which would make a heading with
/// no text: hiding a section is `hidden`'s job.
fn blank_titles(
    titles: &BTreeMap<String, Text>,
    map: &SourceMap,
    root: &DataPath,
) -> Vec<Diagnostic> {
    let blank = titles.iter().filter(|(_, title)| title.is_blank());
    blank
        .map(|(key, _)| {
            let path = root.key(key);
            Diagnostic::error(format!("`{}`: the title is empty", map.as_written(&path)))
                .at_location(map.locate(&path).or_else(|| map.locate_key(&path)))
                .with_hint(format!(
                    "to leave the section out, list it in `design.sections.hidden`: \
                     `hidden: [{key}]`; to keep its usual title, remove this line"
                ))
        })
        .collect()
}
