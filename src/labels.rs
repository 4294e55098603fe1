//! Words the layouts print around the data, in each shipped language, and
//! dates formatted for that language.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::json;

use crate::catalogue::{self, SECTIONS};

use crate::model::PartialDate;

/// The languages whose labels ship with cvpdf.
pub const LANGUAGES: [&str; 3] = ["en", "fr", "es"];

/// Section titles: the summary's, and those of the catalogue's sections
/// (see [`crate::catalogue`]), in one language. Layouts read them as
/// `labels.sections.summary`, `labels.sections.work`…
#[derive(Debug)]
pub struct SectionTitles {
    /// `basics.summary`.
    pub summary: &'static str,
    /// The language of the catalogue's titles.
    lang: &'static str,
}

impl SectionTitles {
    /// The title of the catalogue's section `key`; `None` for free sections
    /// and unknown keys.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        catalogue::find(key)?.titles.as_ref().map(|titles| titles.get(self.lang))
    }

    /// The titled sections' keys, in the catalogue's order.
    fn keys() -> impl Iterator<Item = &'static str> {
        SECTIONS.iter().filter(|s| s.titles.is_some()).map(|s| s.key)
    }
}

impl Serialize for SectionTitles {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("summary", self.summary)?;
        for key in Self::keys() {
            map.serialize_entry(key, &self.get(key))?;
        }
        map.end()
    }
}

impl JsonSchema for SectionTitles {
    fn schema_name() -> Cow<'static, str> {
        "SectionTitles".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let keys: Vec<&str> = std::iter::once("summary").chain(Self::keys()).collect();
        let heading = |key: &str| match key {
            "summary" => "The heading of `basics.summary`.".to_owned(),
            _ => format!("The heading of the `{key}` section."),
        };
        let properties: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .map(|k| ((*k).to_owned(), json!({ "type": "string", "description": heading(k) })))
            .collect();
        json_schema!({
            "description": "Section titles: `summary` for `basics.summary`, then one for each \
                            section of the catalogue, by its key.",
            "type": "object",
            "properties": properties,
            "required": keys,
        })
    }
}

/// Words a layout prints of its own, beyond the shared labels: one group
/// per layout, `labels.layouts.NAME` in Typst.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LayoutWords {
    /// The words of `ovni`.
    pub ovni: OvniWords,
}

/// The playful words of `ovni`, the flight-log layout.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OvniWords {
    /// Under the saucer, when there is no photo: "Unidentified, yet highly
    /// qualified".
    pub tagline: &'static str,
    /// Before a section's number: "Mission 01".
    pub mission: &'static str,
    /// Above a quotation repeated in the margin.
    pub intercepted: &'static str,
    /// At the foot of the last page.
    pub end: &'static str,
}

/// Every label of one language.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Labels {
    /// The language code.
    pub lang: &'static str,
    /// Section titles.
    pub sections: SectionTitles,
    /// The end of a range that has not ended.
    pub present: &'static str,
    /// "Page", before "1/4".
    pub page: &'static str,
    /// Abbreviated month names, January first.
    pub months: [&'static str; 12],
    /// "Courses", for education entries.
    pub courses: &'static str,
    /// "Score" or "Grade", for education entries.
    pub score: &'static str,
    /// "Roles", for projects.
    pub roles: &'static str,
    /// A colon with the spacing the language wants before it.
    pub colon: &'static str,
    /// What leads the paragraph of the oldest entries, when fitting runs
    /// them together: "Earlier".
    pub earlier: &'static str,
    /// Words of each layout's own.
    pub layouts: LayoutWords,
}

const EN: Labels = Labels {
    lang: "en",
    sections: SectionTitles { summary: "Summary", lang: "en" },
    present: "present",
    page: "Page",
    months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    courses: "Courses",
    score: "Grade",
    roles: "Roles",
    colon: ": ",
    earlier: "Earlier",
    layouts: LayoutWords {
        ovni: OvniWords {
            tagline: "Unidentified, yet highly qualified",
            mission: "Mission",
            intercepted: "Intercepted transmission",
            end: "End of transmission",
        },
    },
};

const FR: Labels = Labels {
    lang: "fr",
    sections: SectionTitles { summary: "Profil", lang: "fr" },
    present: "aujourd’hui",
    page: "Page",
    months: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    courses: "Cours",
    score: "Mention",
    roles: "Rôles",
    colon: "\u{a0}: ",
    earlier: "Auparavant",
    layouts: LayoutWords {
        ovni: OvniWords {
            tagline: "Non identifié, mais très qualifié",
            mission: "Mission",
            intercepted: "Transmission interceptée",
            end: "Fin de transmission",
        },
    },
};

const ES: Labels = Labels {
    lang: "es",
    sections: SectionTitles { summary: "Perfil", lang: "es" },
    present: "actualidad",
    page: "Página",
    months: [
        "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.",
        "dic.",
    ],
    courses: "Cursos",
    score: "Nota",
    roles: "Roles",
    colon: ": ",
    earlier: "Anteriormente",
    layouts: LayoutWords {
        ovni: OvniWords {
            tagline: "No identificado, pero cualificado",
            mission: "Misión",
            intercepted: "Transmisión interceptada",
            end: "Fin de la transmisión",
        },
    },
};

/// The labels for a language code such as `fr` or `fr-CA`. Returns `None`
/// for a language that does not ship; callers fall back to English.
pub fn for_lang(code: &str) -> Option<&'static Labels> {
    let primary = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
    [&EN, &FR, &ES].into_iter().find(|labels| labels.lang == primary)
}

/// English, the fallback.
pub fn english() -> &'static Labels {
    &EN
}

impl Labels {
    /// A date as printed: `2015`, or `mars 2015` with the month.
    pub fn date(&self, date: &PartialDate) -> String {
        match date.month {
            Some(month) => format!("{} {}", self.months[usize::from(month) - 1], date.year),
            None => date.year.to_string(),
        }
    }

    /// A range as printed: `2004 – 2006`, `2020 – aujourd’hui`, or one date
    /// when both ends print the same.
    pub fn range(&self, start: Option<&PartialDate>, end: Option<&PartialDate>) -> String {
        self.range_with(start, end, |d| self.date(d))
    }

    /// A range as [`Labels::range`] joins it, each end printed by `date`.
    pub fn range_with(
        &self,
        start: Option<&PartialDate>,
        end: Option<&PartialDate>,
        date: impl Fn(&PartialDate) -> String,
    ) -> String {
        match (start.map(&date), end.map(&date)) {
            (Some(start), Some(end)) if start == end => start,
            (Some(start), Some(end)) => format!("{start} – {end}"),
            (Some(start), None) => format!("{start} – {}", self.present),
            (None, Some(end)) => end,
            (None, None) => String::new(),
        }
    }

    /// A range in years, for entries run together: `2004–2006`, `2014`,
    /// `2020–aujourd’hui`.
    pub fn years(&self, start: Option<&PartialDate>, end: Option<&PartialDate>) -> String {
        match (start.map(|d| d.year), end.map(|d| d.year)) {
            (Some(start), Some(end)) if start == end => start.to_string(),
            (Some(start), Some(end)) => format!("{start}–{end}"),
            (Some(start), None) => format!("{start}–{}", self.present),
            (None, Some(end)) => end.to_string(),
            (None, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates_per_language() {
        let d = |s| PartialDate::parse(s).unwrap();
        let fr = for_lang("fr-FR").unwrap();
        assert_eq!(fr.range(Some(&d("2004")), Some(&d("2006"))), "2004 – 2006");
        assert_eq!(fr.range(Some(&d("2014")), Some(&d("2014"))), "2014");
        assert_eq!(fr.range(Some(&d("2015-02")), None), "févr. 2015 – aujourd’hui");
        assert_eq!(english().range(Some(&d("2015-02-03")), None), "Feb 2015 – present");
        assert_eq!(for_lang("es").unwrap().date(&d("2019-01")), "ene. 2019");
        assert_eq!(english().years(Some(&d("2001-03")), Some(&d("2003-01"))), "2001–2003");
        assert_eq!(english().years(Some(&d("2014-02")), Some(&d("2014-09"))), "2014");
        assert_eq!(fr.years(Some(&d("2020-05")), None), "2020–aujourd’hui");
        assert!(for_lang("de").is_none());
    }

    #[test]
    fn section_titles_come_from_the_catalogue_in_its_order() {
        let fr = for_lang("fr").unwrap();
        assert_eq!(fr.sections.get("work"), Some("Expérience professionnelle"));
        assert_eq!(fr.sections.get("sections"), None);
        let json = serde_json::to_string(&english().sections).unwrap();
        assert!(json.starts_with(r#"{"summary":"Summary","work":"Experience","#), "{json}");
        assert!(json.ends_with(r#""references":"References","projects":"Projects"}"#), "{json}");
        assert_eq!(json.matches(':').count(), 12);
    }
}
