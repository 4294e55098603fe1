//! The CV data: JSON Resume 1.0.0 plus a few documented extensions.
//!
//! Every JSON Resume key is accepted as the schema spells it, and its
//! pre-1.0 names as their 1.0 names (see `legacy`). The extensions are
//! `body`, `short` and `tags` on every entry, free-form `sections`, and
//! `meta.lang` / `meta.optionalSections`, and `design`. Keys starting with `x-` (and
//! `$schema`) are kept out of the way; any other unknown key is ignored with
//! a warning, unless it is a likely typo of a known key (see `keys`).

pub mod catalogue;
mod colon;
mod colour;
mod comments;
mod data_path;
mod date;
mod date_forms;
mod design;
mod design_sections;
mod geometry;
mod headings;
pub use headings::too_long as heading_too_long;
mod indentation;
mod indicators;
mod keys;
mod language;
mod legacy;
mod load;
mod nulls;
mod rename;
mod rendercv;
mod scalars;
mod sections;
mod source_map;
mod surrogates;
mod syntax;
mod text;
mod validate;

use schemars::JsonSchema;
use serde::Deserialize;

pub use colour::color;
use nulls::{null_as_absent, null_as_default, null_values_absent};

pub use catalogue::VisitEntries;
pub use date::{DateError, Moment, PartialDate};
pub use date_forms::DateReading;
pub use design::{
    Colors, DATE_FORMATS, Design, FontFamilies, Length, MarginSides, Margins, PHOTO_SHAPES,
    PhotoDesign, SectionsDesign, builtin_options, ems, layout_option, one_of, points,
};
pub use keys::schema_of;
pub use language::{country_meant, language_tag};
pub use load::{Loaded, load, load_document, too_large};
pub use sections::{Dates, EntryType, Visit};
pub use source_map::{DataPath, Segment, SourceMap};
pub use text::{Text, missing_translation};
pub use validate::{MAX_CLUSTER_CHARS, check_url, is_email, is_unprintable};

/// A whole CV.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(title = "cvpdf CV", description = "A JSON Resume 1.0.0 document with cvpdf extensions.")]
pub struct Cv {
    /// JSON Resume's schema link; ignored.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// Name, headline, contact details and summary.
    #[serde(deserialize_with = "null_as_absent")]
    pub basics: Basics,
    /// Jobs.
    #[serde(deserialize_with = "null_as_default")]
    pub work: Vec<Work>,
    /// Unpaid roles.
    #[serde(deserialize_with = "null_as_default")]
    pub volunteer: Vec<Volunteer>,
    /// Schools and degrees.
    #[serde(deserialize_with = "null_as_default")]
    pub education: Vec<Education>,
    /// Prizes.
    #[serde(deserialize_with = "null_as_default")]
    pub awards: Vec<Award>,
    /// Certifications.
    #[serde(deserialize_with = "null_as_default")]
    pub certificates: Vec<Certificate>,
    /// Articles, books and talks.
    #[serde(deserialize_with = "null_as_default")]
    pub publications: Vec<Publication>,
    /// Skills with keywords.
    #[serde(deserialize_with = "null_as_default")]
    pub skills: Vec<Skill>,
    /// Spoken languages.
    #[serde(deserialize_with = "null_as_default")]
    pub languages: Vec<Language>,
    /// Interests with keywords.
    #[serde(deserialize_with = "null_as_default")]
    pub interests: Vec<Interest>,
    /// Testimonials.
    #[serde(deserialize_with = "null_as_default")]
    pub references: Vec<Reference>,
    /// Projects.
    #[serde(deserialize_with = "null_as_default")]
    pub projects: Vec<Project>,
    /// cvpdf extension: free-form sections, each a title with a Markdown body
    /// or items, placed where the `sections` key is written.
    #[serde(deserialize_with = "null_as_default")]
    pub sections: Vec<FreeSection>,
    /// Document metadata.
    #[serde(deserialize_with = "null_as_absent")]
    pub meta: Meta,
    /// cvpdf extension: the layout's colours, fonts, sizes, margins, date
    /// format, sections and photo, over the layout's own defaults.
    #[serde(deserialize_with = "null_as_absent")]
    pub design: Design,
}

/// Name, headline and contact details.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct Basics {
    /// Full name. Required.
    pub name: Option<Text>,
    /// Headline, such as "DevOps engineer".
    pub label: Option<Text>,
    /// A photo: a path relative to the data file, inside its directory.
    pub image: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number, printed as written.
    pub phone: Option<String>,
    /// Personal website.
    pub url: Option<String>,
    /// A Markdown paragraph or two about the person.
    pub summary: Option<Text>,
    /// Where the person lives.
    pub location: Option<Address>,
    /// Accounts on other sites.
    #[serde(deserialize_with = "null_as_default")]
    pub profiles: Vec<Profile>,
}

/// A postal location.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct Address {
    /// Street address.
    pub address: Option<Text>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<Text>,
    /// ISO 3166-1 country code, such as `FR`.
    pub country_code: Option<String>,
    /// Region or state.
    pub region: Option<Text>,
}

/// An account on another site.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct Profile {
    /// The site, such as GitHub.
    pub network: Option<Text>,
    /// The user name there.
    pub username: Option<String>,
    /// The profile's address.
    pub url: Option<String>,
}

/// Document metadata.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct Meta {
    /// JSON Resume: the canonical address of this CV.
    pub canonical: Option<String>,
    /// JSON Resume: a version of this CV.
    pub version: Option<String>,
    /// JSON Resume: when the CV was last changed (ISO 8601). Used as the
    /// PDF's date unless `SOURCE_DATE_EPOCH` is set.
    pub last_modified: Option<String>,
    /// cvpdf extension: the document language (`fr`, `en`, `pt-BR`…), which
    /// sets labels, hyphenation and quotes. Default `en`. Labels ship for
    /// the examples' languages (a region picks its own labels where they
    /// ship, as `pt-BR`, else its language's; `no` reads as `nb`); another
    /// language gets English labels, with a warning.
    #[schemars(extend("examples" = crate::languages::LANGUAGES))]
    pub lang: Option<String>,
    /// cvpdf extension: section ids (`interests`, `references`, a free
    /// section's id…) that a length-limited layout may drop.
    #[serde(deserialize_with = "null_as_default")]
    pub optional_sections: Vec<String>,
}

/// Declares an entry type with JSON Resume's fields plus the cvpdf
/// extensions that every entry shares.
macro_rules! entry {
    ($(#[$meta:meta])* $name:ident { $($(#[$field_meta:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
        #[serde(default, rename_all = "camelCase")]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)*
            /// cvpdf extension: a long-form Markdown body.
            pub body: Option<Text>,
            /// cvpdf extension: a one-line summary for compact layouts.
            pub short: Option<Text>,
            /// cvpdf extension: tags that `--tags` selects by.
            #[serde(deserialize_with = "null_as_default")]
            pub tags: Vec<String>,
        }

        impl Extensions for $name {
            fn body(&self) -> Option<&Text> {
                self.body.as_ref()
            }
            fn short(&self) -> Option<&Text> {
                self.short.as_ref()
            }
            fn tags(&self) -> &[String] {
                &self.tags
            }
        }
    };
}

/// The cvpdf extension fields that every entry type has.
pub trait Extensions {
    /// The long-form Markdown body.
    fn body(&self) -> Option<&Text>;
    /// The one-line summary.
    fn short(&self) -> Option<&Text>;
    /// The tags.
    fn tags(&self) -> &[String];
}

entry!(
    /// A job.
    Work {
        /// Employer.
        name: Option<Text>,
        /// Where the job was.
        location: Option<Text>,
        /// What the employer does.
        description: Option<Text>,
        /// Job title.
        position: Option<Text>,
        /// Employer's website.
        url: Option<String>,
        /// Start date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
        start_date: Option<String>,
        /// End date; absent for a current job.
        end_date: Option<String>,
        /// A Markdown summary.
        summary: Option<Text>,
        /// Achievements, in Markdown.
        #[serde(deserialize_with = "null_as_default")]
        highlights: Vec<Text>,
    }
);

entry!(
    /// An unpaid role.
    Volunteer {
        /// The organisation.
        organization: Option<Text>,
        /// The role.
        position: Option<Text>,
        /// The organisation's website.
        url: Option<String>,
        /// Start date.
        start_date: Option<String>,
        /// End date.
        end_date: Option<String>,
        /// A Markdown summary.
        summary: Option<Text>,
        /// Achievements, in Markdown.
        #[serde(deserialize_with = "null_as_default")]
        highlights: Vec<Text>,
    }
);

entry!(
    /// A school or degree.
    Education {
        /// The school.
        institution: Option<Text>,
        /// The school's website.
        url: Option<String>,
        /// Field of study.
        area: Option<Text>,
        /// Degree, such as Bachelor.
        study_type: Option<Text>,
        /// Start date.
        start_date: Option<String>,
        /// End date.
        end_date: Option<String>,
        /// Grade.
        score: Option<Text>,
        /// Notable courses.
        #[serde(deserialize_with = "null_as_default")]
        courses: Vec<Text>,
    }
);

entry!(
    /// A prize.
    Award {
        /// The prize.
        title: Option<Text>,
        /// When.
        date: Option<String>,
        /// Who gave it.
        awarder: Option<Text>,
        /// A Markdown summary.
        summary: Option<Text>,
    }
);

entry!(
    /// A certification.
    Certificate {
        /// The certificate.
        name: Option<Text>,
        /// When.
        date: Option<String>,
        /// Where to check it.
        url: Option<String>,
        /// Who issued it.
        issuer: Option<Text>,
    }
);

entry!(
    /// An article, book or talk.
    Publication {
        /// Its title.
        name: Option<Text>,
        /// Where it appeared.
        publisher: Option<Text>,
        /// When.
        release_date: Option<String>,
        /// Where to read it.
        url: Option<String>,
        /// A Markdown summary.
        summary: Option<Text>,
    }
);

entry!(
    /// A skill.
    Skill {
        /// The skill.
        name: Option<Text>,
        /// How good.
        level: Option<Text>,
        /// Details.
        #[serde(deserialize_with = "null_as_default")]
        keywords: Vec<Text>,
    }
);

entry!(
    /// A spoken language.
    Language {
        /// The language.
        language: Option<Text>,
        /// How well.
        fluency: Option<Text>,
    }
);

entry!(
    /// An interest.
    Interest {
        /// The interest.
        name: Option<Text>,
        /// Details.
        #[serde(deserialize_with = "null_as_default")]
        keywords: Vec<Text>,
    }
);

entry!(
    /// A testimonial.
    Reference {
        /// Who said it.
        name: Option<Text>,
        /// What they said.
        reference: Option<Text>,
    }
);

entry!(
    /// A project.
    Project {
        /// The project.
        name: Option<Text>,
        /// What it is.
        description: Option<Text>,
        /// Achievements, in Markdown.
        #[serde(deserialize_with = "null_as_default")]
        highlights: Vec<Text>,
        /// Technologies or topics.
        #[serde(deserialize_with = "null_as_default")]
        keywords: Vec<Text>,
        /// Start date.
        start_date: Option<String>,
        /// End date.
        end_date: Option<String>,
        /// Its website.
        url: Option<String>,
        /// The person's roles in it.
        #[serde(deserialize_with = "null_as_default")]
        roles: Vec<Text>,
        /// The company or organisation behind it.
        entity: Option<Text>,
        /// Its kind, such as application or talk.
        #[serde(rename = "type")]
        kind: Option<Text>,
    }
);

/// cvpdf extension: a section with a title and free Markdown content.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct FreeSection {
    /// The heading. Required.
    pub title: Option<Text>,
    /// An id for `meta.optionalSections`; defaults to the title in lower case
    /// with dashes.
    pub id: Option<String>,
    /// Markdown paragraphs and lists.
    pub body: Option<Text>,
    /// Markdown items, each shown on its own.
    #[serde(deserialize_with = "null_as_default")]
    pub items: Vec<Text>,
    /// Whether a length-limited layout may drop this section.
    pub optional: bool,
    /// Tags that `--tags` selects by.
    #[serde(deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
}

impl FreeSection {
    /// The section's id: the explicit one, else a slug of its title in the
    /// CV's language `lang` (the same whatever language a run prints, so
    /// that `design.sections` finds it in each).
    pub fn id(&self, lang: &str) -> String {
        if let Some(id) = self.id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
            return id.to_owned();
        }
        let title = self.title.as_ref().map_or("", |t| t.resolve(lang, lang).0);
        let mut slug = String::new();
        for c in title.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                slug.push(c);
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        slug.trim_end_matches('-').to_owned()
    }
}

/// The JSON Schema of the data format, pretty-printed.
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(Cv)).unwrap_or_default()
}

impl Cv {
    /// The document language from `meta.lang`, `en` when absent or empty.
    pub fn lang(&self) -> &str {
        self.meta.lang.as_deref().map(str::trim).filter(|l| !l.is_empty()).unwrap_or("en")
    }
}
