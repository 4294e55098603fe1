//! RenderCV files (a top-level `cv:` with `sections:`, beside `design:`,
//! `locale:` and `settings:`): recognised, and explained in JSON Resume's
//! terms, so that the person knows what to rewrite. cvpdf does not import
//! them (yet).

use serde_yaml::Value;

use super::source_map::{DataPath, SourceMap};
use crate::diagnostics::Diagnostic;

/// The error for a RenderCV file: `value` has a top-level `cv` and no
/// `basics`. `None` for anything else.
pub(super) fn recognise(value: &Value, map: &SourceMap) -> Option<Diagnostic> {
    let top = value.as_mapping()?;
    if !top.contains_key("cv") || top.contains_key("basics") {
        return None;
    }
    let cv = &top["cv"];
    let mut error = Diagnostic::error("this is a RenderCV file, not a JSON Resume one")
        .at_location(map.locate_key(&DataPath::default().key("cv")))
        .with_label("RenderCV's `cv:` key")
        .with_note(
            "its header maps to `basics`: cv.name → name, headline → label, email, phone, \
             website → url, location → location.city, photo → image, \
             social_networks (network, username) → profiles",
        );
    if let Some(sections) = cv.get("sections").and_then(Value::as_mapping) {
        let mapped: Vec<String> = sections
            .iter()
            .filter_map(|(title, entries)| {
                let title = title.as_str()?;
                Some(format!("{title} → {}", target(title, entries)))
            })
            .collect();
        if !mapped.is_empty() {
            error = error.with_note(format!("its sections: {}", mapped.join(", ")));
        }
    }
    Some(
        error
            .with_note(
                "in entries: company → name, degree → studyType, start_date and end_date → \
                 startDate and endDate (`end_date: present` → no endDate), label and details \
                 → name and keywords, title and journal → name and publisher; summary, \
                 highlights, location and url keep their names",
            )
            .with_note(
                "locale and settings have no JSON Resume key: choose the layout with --layout \
                 and the language with meta.lang; cvpdf's own `design` (colors, fonts, fontSize, \
                 margins, dateFormat, sections) takes the look, in its own keys",
            )
            .with_hint(
                "rewrite it with JSON Resume's keys as mapped below (`cvpdf init` writes a commented \
                 example); cvpdf does not import RenderCV files",
            ),
    )
}

/// Where a RenderCV section's entries go in JSON Resume, by the keys of
/// its first entry (RenderCV allows one entry type per section).
fn target(title: &str, entries: &Value) -> &'static str {
    let first = entries.as_sequence().and_then(|s| s.first());
    let has = |key: &str| first.and_then(Value::as_mapping).is_some_and(|m| m.contains_key(key));
    let summary = ["summary", "about", "profile"].contains(&title.to_lowercase().as_str());
    match first {
        Some(Value::String(_)) if summary => "basics.summary",
        _ if has("company") => "work",
        _ if has("institution") => "education",
        _ if has("authors") || has("journal") || has("doi") => "publications",
        _ if has("label") && has("details") => "skills",
        _ if has("name") => "projects",
        _ => "a free section (sections: title and items)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;

    #[test]
    fn recognises_rendercv_and_maps_its_sections() {
        let yaml = "cv:\n  name: Ada\n  sections:\n    summary:\n      - Engineer.\n    \
                    experience:\n      - company: X\n        position: Y\n    skills:\n      \
                    - label: Rust\n        details: serde\n    talks:\n      - bullet: a\n\
                    design:\n  theme: classic\n";
        let source = SourceText::new("cv.yaml", yaml);
        let (map, _) = SourceMap::build(&source);
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        let error = recognise(&value, &map).unwrap();
        assert_eq!(error.location.unwrap().display(), "cv.yaml:1:1");
        let notes = error.notes.join("\n");
        assert!(
            notes.contains(
                "its sections: summary → basics.summary, experience → work, skills → skills, \
                 talks → a free section"
            ),
            "{notes}"
        );
        let json: Value = serde_yaml::from_str("{basics: {name: A}, cv: {}}").unwrap();
        assert!(recognise(&json, &map).is_none(), "a JSON Resume file with an extra `cv`");
    }
}
