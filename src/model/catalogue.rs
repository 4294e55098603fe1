//! The sections a CV can have, one row each: the model's checks, the view's
//! order and kinds, the labels' titles, fitting, plain text and the fuzz
//! shapes all read them from here. Their titles in each language are in
//! `labels/*.toml`.
//!
//! Adding a JSON Resume-like section takes one row here (its key, its field
//! of [`Cv`] and the field's entry type, its kind) and one mapping: the entry
//! type itself, with its `EntryType` and the view's `AsEntry`. Its title in
//! each language is a line of each `labels/*.toml`.

use schemars::JsonSchema;
use serde::Serialize;

use super::sections::Visit;
use super::{
    Award, Certificate, Cv, Education, Interest, Language, Project, Publication, Reference, Skill,
    Volunteer, Work,
};

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

/// A row that a length-limited layout never drops.
const fn kept(section: Section) -> Section {
    Section { droppable: false, ..section }
}

/// Declares [`SECTIONS`], [`VisitEntries`] and [`Cv::visit_entries`] from
/// one list of rows: key, field of [`Cv`] and its entry type, kind, and
/// optionally a function that adjusts the row; then the free sections' key.
macro_rules! catalogue {
    ($($key:literal => $field:ident: $ty:ty, $kind:ident $(, $adjust:ident)?;)* free $free:literal;) => {
        /// Every section, in JSON Resume's usual order, which is also the
        /// order of the sections the data does not write.
        pub static SECTIONS: [Section; [$($key,)* $free].len()] = [
            $({
                let section = row($key, SectionKind::$kind);
                $(let section = $adjust(section);)?
                section
            },)*
            Section { key: $free, kind: SectionKind::Text, droppable: true, titled: false },
        ];

        /// A [`Visit`] of every entry type.
        pub trait VisitEntries: $(Visit<$ty> +)* {}

        impl<V: $(Visit<$ty> +)*> VisitEntries for V {}

        impl Cv {
            /// Hands the entries of the section `key` to `visitor`. Returns
            /// false, handing nothing, for a key with no list of entries:
            /// free sections and unknown keys.
            pub fn visit_entries(&self, key: &str, visitor: &mut impl VisitEntries) -> bool {
                match key {
                    $($key => Visit::<$ty>::visit(visitor, $key, &self.$field),)*
                    _ => return false,
                }
                true
            }
        }
    };
}

catalogue! {
    "work" => work: Work, Entries, kept;
    "volunteer" => volunteer: Volunteer, Entries;
    "education" => education: Education, Entries;
    "awards" => awards: Award, Entries;
    "certificates" => certificates: Certificate, Entries;
    "publications" => publications: Publication, Entries;
    "skills" => skills: Skill, Compact;
    "languages" => languages: Language, Compact;
    "interests" => interests: Interest, Compact;
    "references" => references: Reference, Quotes;
    "projects" => projects: Project, Entries;
    free "sections";
}

/// The row of the section whose key is `key`.
pub fn find(key: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|section| section.key == key)
}
