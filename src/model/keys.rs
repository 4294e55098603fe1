//! Unknown keys: which keys each level accepts (from the JSON Schema of the
//! data), which unknown key is a likely typo of one of them, and the
//! messages for the others.
//!
//! JSON Resume allows extra keys on every object, and real files carry them
//! (`meta.theme` for resume-cli, a theme's own keys): they are ignored with a
//! warning. A likely typo of a known key (`strtDate`, `nmae`, `start_date`)
//! is an error instead, since ignoring it would drop what the person wrote.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::Value as Json;

use super::Cv;
use super::source_map::{DataPath, Segment, SourceMap};
use crate::diagnostics::Diagnostic;

/// The JSON Schema of [`Cv`], which lists the keys each level accepts.
/// Other documents read with the CV's rules (a letter's front matter) pass
/// their own.
pub(super) static SCHEMA: LazyLock<Json> = LazyLock::new(schema_of::<Cv>);

/// The JSON Schema of a document type, as [`unknown_keys`] and the other
/// checks of this module read it.
pub fn schema_of<T: schemars::JsonSchema>() -> Json {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Json::Null)
}

/// At most this many places are named in a grouped warning.
const PLACES_SHOWN: usize = 3;

/// At most this many keys get a warning of their own; the rest are counted
/// in one more (a file with hundreds is probably not a CV).
const KEYS_SHOWN: usize = 20;

/// Which rule a document follows for keys of other tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Extras {
    /// JSON Resume's: other tools' keys are allowed (a CV).
    JsonResume,
    /// cvpdf's own documents: only `x-` keys are kept out of the way.
    Private,
}

/// The messages for the keys the data model ignored, and the known keys
/// that typos stand for (whose own "missing" errors would only repeat them).
pub(super) fn unknown_keys(
    schema: &Json,
    extras: Extras,
    map: &SourceMap,
    ignored: &[DataPath],
) -> (Vec<Diagnostic>, Vec<DataPath>) {
    let mut diagnostics = Vec::new();
    let mut meant = Vec::new();
    // Extra keys grouped by key and kind of place (`work[].isCurrent`).
    let mut extra: Vec<Vec<&DataPath>> = Vec::new();
    let mut groups: HashMap<String, usize> = HashMap::new();
    for path in ignored.iter().filter(|p| !p.is_private()) {
        let (Some(key), Some(parent)) = (path.last_key(), path.parent()) else {
            continue;
        };
        let known = known_keys(schema, &parent);
        if let Some((typo, why)) = synonym(&parent, key) {
            diagnostics.push(typo_error(map, path, key, &parent, typo).with_hint(why));
            meant.push(parent.key(typo));
            continue;
        }
        match closest(key, &known, |k| map.has(&parent.key(k))) {
            Some(Closeness::Typo(typo)) => {
                diagnostics.push(typo_error(map, path, key, &parent, &typo));
                meant.push(parent.key(&typo));
            }
            _ if home(schema, map, &parent, key).is_some_and(|(_, empty)| empty) => {
                let (home, _) = home(schema, map, &parent, key).unwrap_or_default();
                diagnostics.push(misplaced_error(map, path, key, &parent, &home));
                meant.push(parent.key(&home).key(key));
            }
            _ => {
                let group = *groups.entry(path.pattern()).or_insert(extra.len());
                match extra.get_mut(group) {
                    Some(paths) => paths.push(path),
                    None => extra.push(vec![path]),
                }
            }
        }
    }
    for paths in extra.iter().take(KEYS_SHOWN) {
        diagnostics.push(extra_warning(schema, extras, map, paths));
    }
    if let Some(first) = extra.get(KEYS_SHOWN).and_then(|paths| paths.first()) {
        let more: usize = extra[KEYS_SHOWN..].iter().map(Vec::len).sum();
        diagnostics.push(
            Diagnostic::warning(format!("{more} more unknown keys are ignored, from here on"))
                .at_location(map.locate_key(first).or_else(|| map.locate(first)))
                .with_label(format!("`{first}`"))
                .with_hint("is this a CV? Run `cvpdf schema` for the keys cvpdf knows"),
        );
    }
    (diagnostics, meant)
}

/// Keys that other tools use for one of cvpdf's, which no spelling rule
/// finds: where (the parent's path), the key, the key meant, and why.
const SYNONYMS: &[(&str, &str, &str, &str)] = &[
    ("design.margins", "left", "x", "`x` sets the left and right margins together"),
    ("design.margins", "right", "x", "`x` sets the left and right margins together"),
    ("design.margins", "y", "top", "`top` and `bottom` set the top and bottom margins"),
    ("design.colors", "primary", "accent", "`accent` colours headings, rules and links"),
    ("design.colors", "secondary", "muted", "`muted` colours dates, places and contacts"),
];

/// The key `key` stands for under `parent`, among [`SYNONYMS`].
fn synonym(parent: &DataPath, key: &str) -> Option<(&'static str, &'static str)> {
    let parent = parent.to_string();
    SYNONYMS
        .iter()
        .find(|(at, written, ..)| *at == parent && written.eq_ignore_ascii_case(key))
        .map(|(.., meant, why)| (*meant, *why))
}

fn where_(parent: &DataPath) -> String {
    if parent.0.is_empty() { "at the top level".into() } else { format!("in `{parent}`") }
}

fn typo_error(
    map: &SourceMap,
    path: &DataPath,
    key: &str,
    parent: &DataPath,
    typo: &str,
) -> Diagnostic {
    Diagnostic::error(format!("unknown key `{key}` {}", where_(parent)))
        .at_location(map.locate_key(path).or_else(|| map.locate(path)))
        .with_label("not a key cvpdf knows")
        .with_hint(format!("did you mean `{typo}`?"))
        .with_hint("to keep a key of your own, start it with `x-`")
}

/// The object beside `key` at `parent` that takes such a key (`to` for a
/// letter's `name`, `basics` for a CV's `email`), and whether the file
/// leaves it empty or out: a key that lost its indentation under it.
fn home(schema: &Json, map: &SourceMap, parent: &DataPath, key: &str) -> Option<(String, bool)> {
    let home = known_keys(schema, parent)
        .into_iter()
        .find(|sibling| known_keys(schema, &parent.key(sibling)).iter().any(|k| k == key))?;
    let at = parent.key(&home);
    let within = |p: &DataPath| p.0.len() > at.0.len() && p.0.starts_with(&at.0);
    let empty = !map.scalars().iter().any(|(p, ..)| within(p));
    Some((home, empty))
}

/// The error for a key of an object written beside it, the object empty:
/// the data it holds would be dropped, and the object left with nothing.
fn misplaced_error(
    map: &SourceMap,
    path: &DataPath,
    key: &str,
    parent: &DataPath,
    home: &str,
) -> Diagnostic {
    let (home_is, hint) = if map.has(&parent.key(home)) {
        ("which is empty", format!("indent it under `{home}:`, by two spaces more than `{home}:`"))
    } else {
        (
            "which is missing",
            format!("write `{home}:` on a line above it, and indent it by two spaces"),
        )
    };
    Diagnostic::error(format!(
        "unknown key `{key}` {}: it belongs under `{home}:`, {home_is}",
        where_(parent)
    ))
    .at_location(map.locate_key(path).or_else(|| map.locate(path)))
    .with_label(format!("a key of `{home}`"))
    .with_hint(hint)
}

/// One warning for a key ignored in one or more places of the same kind.
fn extra_warning(
    schema: &Json,
    extras: Extras,
    map: &SourceMap,
    paths: &[&DataPath],
) -> Diagnostic {
    let first = paths[0];
    let key = first.last_key().unwrap_or_default();
    let parent = first.parent().unwrap_or_default();
    let places = match paths.len() {
        1 => where_(&parent),
        n => format!("in {n} places, such as `{parent}`"),
    };
    let mut warning = Diagnostic::warning(format!("unknown key `{key}` {places}: ignored"))
        .at_location(map.locate_key(first).or_else(|| map.locate(first)))
        .with_label("cvpdf does not use this key");
    if paths.len() > 1 {
        let mut others: Vec<String> = paths[1..]
            .iter()
            .take(PLACES_SHOWN)
            .map(|p| {
                let at = map.locate_key(p).map(|l| format!(" ({})", l.display()));
                format!("`{}`{}", p.parent().unwrap_or_default(), at.unwrap_or_default())
            })
            .collect();
        if paths.len() - 1 > PLACES_SHOWN {
            others.push(format!("{} more", paths.len() - 1 - PLACES_SHOWN));
        }
        warning = warning.with_note(format!("also in {}", others.join(", ")));
    }
    let known = known_keys(schema, &parent);
    if let Some(Closeness::Resembles(similar)) = closest(key, &known, |k| map.has(&parent.key(k))) {
        warning = warning.with_hint(format!("if you meant `{similar}`, rename it"));
    } else if let Some((home, _)) = home(schema, map, &parent, key) {
        warning =
            warning.with_hint(format!("if it belongs to `{home}`, indent it under `{home}:`"));
    } else if !known.is_empty() {
        warning = warning.with_hint(format!("the keys here are: {}", known.join(", ")));
    }
    if extras == Extras::JsonResume {
        warning.with_hint(
            "JSON Resume allows keys of other tools; a key starting with `x-` is never reported",
        )
    } else {
        warning.with_hint("to keep a key of your own, start it with `x-`")
    }
}

/// The keys `schema` accepts at `path`.
pub(super) fn known_keys(schema: &Json, path: &DataPath) -> Vec<String> {
    let root = schema;
    let mut node = resolve(root, root);
    for segment in &path.0 {
        let next = match segment {
            Segment::Key(key) => node.and_then(|n| n.get("properties")).and_then(|p| p.get(&**key)),
            Segment::Index(_) => node.and_then(|n| n.get("items")),
        };
        node = next.and_then(|n| resolve(root, n));
    }
    node.and_then(|n| n.get("properties"))
        .and_then(Json::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

/// Whether the value at `path` is text (or may be): its schema, or one
/// branch of it, has the type `string`. A translation of a text is text.
pub(super) fn takes_text(schema: &Json, path: &DataPath) -> bool {
    let root = schema;
    let mut nodes = branches(root, root);
    for segment in &path.0 {
        let next: Vec<&Json> = nodes
            .iter()
            .filter_map(|node| match segment {
                Segment::Key(key) => node
                    .get("properties")
                    .and_then(|p| p.get(&**key))
                    .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
                Segment::Index(_) => node.get("items"),
            })
            .collect();
        nodes = next.into_iter().flat_map(|n| branches(root, n)).collect();
    }
    nodes.iter().any(|node| match node.get("type") {
        Some(Json::String(kind)) => kind == "string",
        Some(Json::Array(kinds)) => kinds.iter().any(|k| k == "string"),
        _ => false,
    })
}

/// The schemas a value at `node` may match: `$ref` followed, every branch
/// of `anyOf`.
fn branches<'a>(root: &'a Json, node: &'a Json) -> Vec<&'a Json> {
    if let Some(reference) = node.get("$ref").and_then(Json::as_str) {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return root
            .get("$defs")
            .and_then(|d| d.get(name))
            .map_or_else(Vec::new, |n| branches(root, n));
    }
    match node.get("anyOf").and_then(Json::as_array) {
        Some(options) => options.iter().flat_map(|o| branches(root, o)).collect(),
        None => vec![node],
    }
}

/// Follows `$ref` and the object branch of `anyOf` (how `Option` is written).
fn resolve<'a>(root: &'a Json, node: &'a Json) -> Option<&'a Json> {
    if let Some(reference) = node.get("$ref").and_then(Json::as_str) {
        let name = reference.rsplit('/').next()?;
        return resolve(root, root.get("$defs")?.get(name)?);
    }
    if let Some(options) = node.get("anyOf").and_then(Json::as_array) {
        return options
            .iter()
            .filter_map(|o| resolve(root, o))
            .find(|o| o.get("properties").is_some() || o.get("items").is_some());
    }
    Some(node)
}

/// How close an unknown key is to a known one.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Closeness {
    /// Almost surely a misspelling of this key: an error.
    Typo(String),
    /// Looks somewhat like this key: worth a hint, not an error.
    Resembles(String),
}

/// The known key that `key` is closest to, if any is close. `present` says
/// whether the mapping already has a known key.
///
/// A key is a likely typo of a known key when both are equal but for case
/// and separators (`start_date`, `StartDate` for `startDate`), or when the
/// mapping lacks that known key and the two are within one edit for every
/// four characters of the longer, counting a swap of neighbours as one
/// (`strtDate`, `nmae`, `wrok`; `certifications` for `certificates`). A key
/// that extends or shortens a known one (`language` for `lang`), or is
/// within an edit for every three characters, only resembles it.
pub(crate) fn closest(
    key: &str,
    known: &[String],
    present: impl Fn(&str) -> bool,
) -> Option<Closeness> {
    let normalise = |s: &str| s.to_lowercase().replace(['_', '-', ' '], "");
    let wanted = normalise(key);
    if let Some(same) = known.iter().find(|k| normalise(k) == wanted) {
        return Some(Closeness::Typo(same.clone()));
    }
    let mut best: Option<(usize, bool, &String)> = None;
    for candidate in known.iter().filter(|k| !present(k)) {
        let other = normalise(candidate);
        let longer = wanted.chars().count().max(other.chars().count());
        let shorter = wanted.chars().count().min(other.chars().count());
        let edits = strsim::osa_distance(&wanted, &other);
        let typo = edits <= (longer / 4).max(1);
        let prefix = shorter >= 3 && (wanted.starts_with(&other) || other.starts_with(&wanted));
        if !(typo || prefix || edits <= longer / 3) {
            continue;
        }
        if best.is_none_or(|(e, t, _)| (typo && !t) || (typo == t && edits < e)) {
            best = Some((edits, typo, candidate));
        }
    }
    best.map(
        |(_, typo, k)| {
            if typo { Closeness::Typo(k.clone()) } else { Closeness::Resembles(k.clone()) }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closeness(key: &str, place: &str) -> Option<Closeness> {
        let mut path = DataPath::default();
        for part in place.split('.').filter(|p| !p.is_empty()) {
            path = match part.strip_suffix("[]") {
                Some(key) => path.key(key).index(0),
                None => path.key(part),
            };
        }
        closest(key, &known_keys(&SCHEMA, &path), |_| false)
    }

    fn typo(key: &str, place: &str) -> Option<String> {
        match closeness(key, place) {
            Some(Closeness::Typo(k)) => Some(k),
            _ => None,
        }
    }

    #[test]
    fn typos_of_known_keys() {
        assert_eq!(typo("strtDate", "work[]").as_deref(), Some("startDate"));
        assert_eq!(typo("start_date", "work[]").as_deref(), Some("startDate"));
        assert_eq!(typo("StartDate", "work[]").as_deref(), Some("startDate"));
        assert_eq!(typo("nmae", "basics").as_deref(), Some("name"));
        assert_eq!(typo("wrok", "").as_deref(), Some("work"));
        assert_eq!(typo("emial", "basics").as_deref(), Some("email"));
        assert_eq!(typo("hilights", "work[]").as_deref(), Some("highlights"));
        assert_eq!(typo("organisation", "volunteer[]").as_deref(), Some("organization"));
        assert_eq!(typo("certifications", "").as_deref(), Some("certificates"));
        assert_eq!(typo("keyword", "skills[]").as_deref(), Some("keywords"));
        assert_eq!(typo("postal_code", "basics.location").as_deref(), Some("postalCode"));
    }

    #[test]
    fn keys_of_other_tools_are_not_typos() {
        for (key, place) in [
            ("theme", "meta"),
            ("x", "basics"),
            ("isCurrent", "work[]"),
            ("company", "volunteer[]"),
            ("pronouns", "basics"),
            ("medias", ""),
            ("links", ""),
            ("author", ""),
            ("zip", "basics.location"),
            ("language", "meta"),
            ("degree", "education[]"),
            ("headline", "basics"),
        ] {
            assert_eq!(typo(key, place), None, "{place}.{key}");
        }
        // Resembling a known key is worth a hint, not an error.
        assert_eq!(closeness("language", "meta"), Some(Closeness::Resembles("lang".into())));
    }

    #[test]
    fn a_key_the_mapping_has_is_not_what_a_typo_meant() {
        let known = known_keys(&SCHEMA, &DataPath::default().key("basics"));
        assert_eq!(closest("names", &known, |_| false), Some(Closeness::Typo("name".into())));
        assert_eq!(closest("names", &known, |k| k == "name"), None);
        // Equal but for case is always a clash.
        assert_eq!(closest("Name", &known, |k| k == "name"), Some(Closeness::Typo("name".into())));
    }
}
