//! The sections a CV can have, one row each: the model's checks, the view's
//! order and kinds, the labels' titles, fitting, plain text and the fuzz
//! shapes all read them from here. Their titles in each language are in
//! `labels/*.toml`.
//!
//! Adding a JSON Resume-like section takes a row here, its field in
//! `model::Cv` with its entry type, and that type's line in the model's
//! `entry_sections!` mapping (with its `AsEntry` mapping in the view), and
//! its title in each file of `labels/`.

use schemars::JsonSchema;
use serde::Serialize;

/// How a section is laid out; layouts read it as a string, such as
/// `"entries"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// Dated items with text: jobs, schools, awards, projects.
    Entries,
    /// Name, level and keywords on one line: skills, languages, interests.
    Compact,
    /// Quotations with their author: references.
    Quotes,
    /// Free Markdown: the data's free sections, with titles of their own.
    Text,
}

/// One section of the catalogue.
#[derive(Debug)]
pub struct Section {
    /// Its top-level key in the data, and its id in the view.
    pub key: &'static str,
    /// How it is laid out.
    pub kind: SectionKind,
    /// Whether a length-limited layout may leave it out when the data
    /// lists it in `meta.optionalSections`: jobs always stay.
    pub droppable: bool,
    /// Whether each language's labels title it (`labels/*.toml`,
    /// `[sections]`); free sections are titled by their data.
    pub titled: bool,
}

const fn row(key: &'static str, kind: SectionKind) -> Section {
    Section { key, kind, droppable: true, titled: true }
}

use SectionKind::{Compact, Entries, Quotes, Text};

/// Every section, in JSON Resume's usual order, which is also the order of
/// the sections the data does not write.
pub static SECTIONS: [Section; 12] = [
    Section { droppable: false, ..row("work", Entries) },
    row("volunteer", Entries),
    row("education", Entries),
    row("awards", Entries),
    row("certificates", Entries),
    row("publications", Entries),
    row("skills", Compact),
    row("languages", Compact),
    row("interests", Compact),
    row("references", Quotes),
    row("projects", Entries),
    Section { key: "sections", kind: Text, droppable: true, titled: false },
];

/// The row of the section whose key is `key`.
pub fn find(key: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|section| section.key == key)
}
