//! JSON Resume's pre-1.0 names, and other tools' names for its keys, read
//! as their 1.0 names.
//!
//! Exporters still write the pre-1.0 names (a LinkedIn exporter's "1.0.0"
//! output has `work[].company`, `work[].website` and `education[].gpa`),
//! and older files have `basics.picture`. That table follows JSON Resume's
//! own history: jsonresume/resume-schema's 0.0.0 schema, its CHANGELOG, and
//! its master branch between 0.0.0 and 0.0.17 (when projects and meta took
//! shape). People who come from another tool write its names
//! (`education[].degree`, RenderCV's name of `studyType`).

use serde_yaml::{Mapping, Value};

use super::keys::{SCHEMA, known_keys};
use super::rename::Renames;
use super::source_map::{DataPath, SourceMap};
use crate::diagnostics::Diagnostic;

/// Where a pre-1.0 name applies: `work[]` is every entry of `work`, `` the
/// top level, and [`ANYWHERE_WITH_NEW`] every object whose 1.0 keys have
/// the new name and not the old one.
type Rule = (&'static str, &'static str, &'static str);

/// See [`Rule`].
const ANYWHERE_WITH_NEW: &str = "*";

/// Each pre-1.0 name, where it applies and its 1.0 name.
pub(crate) const RENAMED: &[Rule] = &[
    // 0.0.17, "rewrite website to url" (#155, #267): basics, work, volunteer,
    // publications, and projects while they were being added.
    (ANYWHERE_WITH_NEW, "website", "url"),
    // 0.0.17, "use image instead of picture" (#268).
    ("basics", "picture", "image"),
    // 0.0.17, "move from company to name" (#270).
    ("work[]", "company", "name"),
    // master in 2017, then `description` (#271).
    ("work[]", "companyDescription", "description"),
    // 0.2.0: `gpa` became `score`.
    ("education[]", "gpa", "score"),
    // 0.0.12: `awardDate` became `date` (#107).
    ("awards[]", "awardDate", "date"),
    // 0.0.12: `hobbies` became `interests`.
    ("", "hobbies", "interests"),
    // master in 2017, before 0.0.17: a project's `summary` and `tech`
    // (LinkedIn exporters kept `summary`).
    ("projects[]", "summary", "description"),
    ("projects[]", "tech", "keywords"),
    // master from 2015 (#149) until 0.0.17 restored `language`/`fluency`.
    ("languages[]", "name", "language"),
    ("languages[]", "level", "fluency"),
    // master in 2017: `meta.url` became `canonical`.
    ("meta", "url", "canonical"),
];

/// Other tools' names of JSON Resume keys, where they apply and the JSON
/// Resume name. Beside the JSON Resume name, such a key is no earlier
/// version of it but a key of its own, which cvpdf does not know.
pub(crate) const OTHER_TOOLS: &[Rule] = &[
    // RenderCV's EducationEntry (and many a hand-written CV): the degree.
    ("education[]", "degree", "studyType"),
    // RenderCV's and LinkedIn's name of the line under the name.
    ("basics", "headline", "label"),
];

/// At most this many places are named for one renamed key in the note.
const PLACES_SHOWN: usize = 3;

/// A key read by its 1.0 name: the mapping's path, the old and new name.
type Done = (DataPath, &'static str, &'static str);

/// Plans reading every pre-1.0 key of `value` by its 1.0 name, and tells
/// `map` where the renamed values are written. Returns the plan, with one
/// note that lists what it renames (named after `file`), and a warning for
/// each entry that writes a key by both names (the 1.0 one is kept).
pub(super) fn plan(value: &Value, map: &mut SourceMap, file: &str) -> (Renames, Vec<Diagnostic>) {
    let mut planner =
        Planner { map, renames: Renames::default(), done: Vec::new(), warnings: Vec::new() };
    planner.walk(value, &DataPath::default());
    let Planner { renames, done, mut warnings, .. } = planner;
    warnings.extend(note(file, &done));
    (renames, warnings)
}

struct Planner<'m> {
    map: &'m mut SourceMap,
    renames: Renames,
    done: Vec<Done>,
    warnings: Vec<Diagnostic>,
}

impl Planner<'_> {
    fn walk(&mut self, value: &Value, path: &DataPath) {
        match value {
            Value::Mapping(mapping) => {
                let rules = rules_for(mapping, path);
                for (key, child) in mapping {
                    let Some(key) = key.as_str() else {
                        continue;
                    };
                    let name = match rules.iter().find(|(_, old, _)| *old == key) {
                        Some(&&(_, old, new)) => match self.rename(mapping, path, old, new) {
                            Some(new) => new,
                            None => continue,
                        },
                        None => key,
                    };
                    let child_path = path.key(name);
                    if !child_path.is_private() {
                        self.walk(child, &child_path);
                    }
                }
            }
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, &path.index(i));
                }
            }
            _ => {}
        }
    }

    /// Plans reading `old` in `mapping` as `new`; `None` when the mapping
    /// has `new` too, which wins. Another tool's name beside the JSON
    /// Resume one is left as it is written, an unknown key.
    fn rename(
        &mut self,
        mapping: &Mapping,
        path: &DataPath,
        old: &'static str,
        new: &'static str,
    ) -> Option<&'static str> {
        let from = path.key(old);
        if mapping.contains_key(new) && OTHER_TOOLS.iter().any(|r| (r.1, r.2) == (old, new)) {
            return Some(old);
        }
        if mapping.contains_key(new) {
            self.warnings.push(both_written(self.map, path, old, new));
            self.renames.dropped.insert(from);
            return None;
        }
        let to = path.key(new);
        self.map.rename(&from, &to);
        self.renames.keys.insert(from, new);
        self.done.push((path.clone(), old, new));
        Some(new)
    }
}

/// The rules that apply to a mapping at `path` holding `mapping`.
fn rules_for(mapping: &Mapping, path: &DataPath) -> Vec<&'static Rule> {
    let pattern = path.pattern();
    let mut known: Option<Vec<String>> = None;
    RENAMED
        .iter()
        .chain(OTHER_TOOLS)
        .filter(|(place, old, new)| {
            mapping.contains_key(*old)
                && (*place == pattern
                    || (*place == ANYWHERE_WITH_NEW && {
                        let known = known.get_or_insert_with(|| known_keys(&SCHEMA, path));
                        known.iter().any(|k| k == new) && !known.iter().any(|k| k == old)
                    }))
        })
        .collect()
}

/// The warning for an entry that writes a key by its pre-1.0 and 1.0 names.
fn both_written(map: &SourceMap, path: &DataPath, old: &str, new: &str) -> Diagnostic {
    let where_ = if path.0.is_empty() { "the top level".into() } else { format!("`{path}`") };
    Diagnostic::warning(format!(
        "{where_} has both `{old}` and `{new}`, its JSON Resume 1.0 name: `{old}` is ignored"
    ))
    .at_location(map.locate_key(&path.key(old)))
    .with_label(format!("JSON Resume's pre-1.0 name of `{new}`"))
    .with_hint(format!("keep one of them: delete `{old}`, or move its text to `{new}`"))
}

/// One note for every key read by its 1.0 name: `read 3 keys by their JSON
/// Resume 1.0 names: company → name (work[0], work[1]), gpa → score
/// (education[0])`.
fn note(file: &str, done: &[Done]) -> Option<Diagnostic> {
    if done.is_empty() {
        return None;
    }
    let mut groups: Vec<(&str, &str, Vec<String>)> = Vec::new();
    for (path, old, new) in done {
        let place = if path.0.is_empty() { "top level".into() } else { path.to_string() };
        match groups.iter_mut().find(|(o, n, _)| o == old && n == new) {
            Some((_, _, places)) => places.push(place),
            None => groups.push((old, new, vec![place])),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(old, new, places)| {
            let mut shown = places.iter().take(PLACES_SHOWN).cloned().collect::<Vec<_>>();
            if places.len() > PLACES_SHOWN {
                shown.push(format!("{} more", places.len() - PLACES_SHOWN));
            }
            format!("{old} → {new} ({})", shown.join(", "))
        })
        .collect();
    let (keys, their, names) =
        if done.len() == 1 { ("key", "its", "name") } else { ("keys", "their", "names") };
    Some(Diagnostic::note(format!(
        "{file}: read {} {keys} by {their} JSON Resume 1.0 {names}: {}",
        done.len(),
        parts.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;

    fn planned(yaml: &str) -> (Renames, Vec<Diagnostic>) {
        let source = SourceText::new("cv.yaml", yaml);
        let (mut map, _) = SourceMap::build(&source);
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        plan(&value, &mut map, "cv.yaml")
    }

    fn renamed(renames: &Renames) -> Vec<String> {
        let mut keys: Vec<String> =
            renames.keys.iter().map(|(path, new)| format!("{path} → {new}")).collect();
        keys.sort();
        keys
    }

    #[test]
    fn old_names_are_read_by_their_new_names() {
        let (renames, messages) =
            planned("basics: {name: A}\nhobbies: [{name: chess}]\nwork: [{company: X}]\n");
        assert_eq!(renamed(&renames), ["hobbies → interests", "work[0].company → name"]);
        assert_eq!(messages.len(), 1);
        assert_eq!(
            messages[0].message,
            "cv.yaml: read 2 keys by their JSON Resume 1.0 names: \
             hobbies → interests (top level), company → name (work[0])"
        );
    }

    #[test]
    fn website_is_url_wherever_url_is_known() {
        let (renames, _) = planned(
            "basics: {website: 'https://a.org', profiles: [{website: 'https://b.org'}]}\n\
             certificates: [{website: 'https://c.org'}]\nsections: [{title: T, website: x}]\n",
        );
        // A free section has no `url`: its `website` stays unknown.
        assert_eq!(
            renamed(&renames),
            [
                "basics.profiles[0].website → url",
                "basics.website → url",
                "certificates[0].website → url"
            ]
        );
    }

    #[test]
    fn the_new_name_wins_and_the_old_is_reported() {
        let (renames, messages) = planned("work:\n  - name: New\n    company: Old\n");
        assert!(renames.keys.is_empty());
        assert_eq!(renames.dropped.len(), 1);
        assert_eq!(messages.len(), 1);
        assert!(messages[0].is_warning());
        assert_eq!(messages[0].location.as_ref().unwrap().display(), "cv.yaml:3:5");
    }

    #[test]
    fn another_tools_name_is_read_unless_the_json_resume_one_is_there() {
        let (renames, messages) =
            planned("education:\n  - degree: Master\n  - degree: PhD\n    studyType: Doctorate\n");
        assert_eq!(renamed(&renames), ["education[0].degree → studyType"]);
        assert!(renames.dropped.is_empty(), "left to the unknown-key rule");
        assert_eq!(messages.len(), 1);
        assert_eq!(
            messages[0].message,
            "cv.yaml: read 1 key by its JSON Resume 1.0 name: degree → studyType (education[0])"
        );
        let (renames, _) = planned("basics: {name: A, headline: Nurse}\n");
        assert_eq!(renamed(&renames), ["basics.headline → label"]);
        let (renames, messages) = planned("basics: {label: Nurse, headline: Data analyst}\n");
        assert!(renames.keys.is_empty() && renames.dropped.is_empty() && messages.is_empty());
    }

    #[test]
    fn many_places_are_counted() {
        let yaml = (0..6).map(|i| format!("  - company: C{i}\n")).collect::<String>();
        let (_, messages) = planned(&format!("work:\n{yaml}"));
        assert!(
            messages[0].message.ends_with("company → name (work[0], work[1], work[2], 3 more)"),
            "{}",
            messages[0].message
        );
    }
}
