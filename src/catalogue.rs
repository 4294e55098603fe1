//! The sections a CV can have, one row each: the model's checks, the view's
//! order and kinds, the labels' titles, fitting, plain text and the fuzz
//! shapes all read them from here.
//!
//! Adding a JSON Resume-like section takes a row here, its field in
//! `model::Cv` with its entry type, and that type's line in the model's
//! `entry_sections!` mapping (with its `AsEntry` mapping in the view).

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

/// A section's title in each language of `labels::LANGUAGES`.
#[derive(Debug)]
pub struct Titles {
    /// English.
    pub en: &'static str,
    /// French.
    pub fr: &'static str,
    /// Spanish.
    pub es: &'static str,
}

impl Titles {
    /// The title in the shipped language `lang` (`en`, `fr`, `es`);
    /// English for any other.
    pub fn get(&self, lang: &str) -> &'static str {
        match lang {
            "fr" => self.fr,
            "es" => self.es,
            _ => self.en,
        }
    }
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
    /// Its heading in each shipped language; `None` for free sections,
    /// whose data titles them.
    pub titles: Option<Titles>,
}

const fn row(key: &'static str, kind: SectionKind, [en, fr, es]: [&'static str; 3]) -> Section {
    Section { key, kind, droppable: true, titles: Some(Titles { en, fr, es }) }
}

use SectionKind::{Compact, Entries, Quotes, Text};

/// Every section, in JSON Resume's usual order, which is also the order of
/// the sections the data does not write.
pub static SECTIONS: [Section; 12] = [
    Section {
        droppable: false,
        ..row(
            "work",
            Entries,
            ["Experience", "Expérience professionnelle", "Experiencia profesional"],
        )
    },
    row("volunteer", Entries, ["Volunteering", "Bénévolat", "Voluntariado"]),
    row("education", Entries, ["Education", "Formation", "Formación"]),
    row("awards", Entries, ["Awards", "Distinctions", "Premios"]),
    row("certificates", Entries, ["Certificates", "Certifications", "Certificaciones"]),
    row("publications", Entries, ["Publications", "Publications", "Publicaciones"]),
    row("skills", Compact, ["Skills", "Compétences", "Habilidades"]),
    row("languages", Compact, ["Languages", "Langues", "Idiomas"]),
    row("interests", Compact, ["Interests", "Centres d’intérêt", "Intereses"]),
    row("references", Quotes, ["References", "Références", "Referencias"]),
    row("projects", Entries, ["Projects", "Projets", "Proyectos"]),
    Section { key: "sections", kind: Text, droppable: true, titles: None },
];

/// The row of the section whose key is `key`.
pub fn find(key: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|section| section.key == key)
}
