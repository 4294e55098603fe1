//! Words the layouts print around the data, in each shipped language, and
//! dates formatted for that language.

use serde::Serialize;

use crate::model::PartialDate;

/// The languages whose labels ship with cvpdf.
pub const LANGUAGES: [&str; 3] = ["en", "fr", "es"];

/// Section titles for the JSON Resume sections.
#[derive(Debug, Serialize)]
pub struct SectionTitles {
    /// `basics.summary`.
    pub summary: &'static str,
    /// `work`.
    pub work: &'static str,
    /// `volunteer`.
    pub volunteer: &'static str,
    /// `education`.
    pub education: &'static str,
    /// `awards`.
    pub awards: &'static str,
    /// `certificates`.
    pub certificates: &'static str,
    /// `publications`.
    pub publications: &'static str,
    /// `skills`.
    pub skills: &'static str,
    /// `languages`.
    pub languages: &'static str,
    /// `interests`.
    pub interests: &'static str,
    /// `references`.
    pub references: &'static str,
    /// `projects`.
    pub projects: &'static str,
}

/// Words a layout prints of its own, beyond the shared labels: one group
/// per layout, `labels.layouts.NAME` in Typst.
#[derive(Debug, Serialize)]
pub struct LayoutWords {
    /// The words of `ovni`.
    pub ovni: OvniWords,
}

/// The playful words of `ovni`, the flight-log layout.
#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
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
    sections: SectionTitles {
        summary: "Summary",
        work: "Experience",
        volunteer: "Volunteering",
        education: "Education",
        awards: "Awards",
        certificates: "Certificates",
        publications: "Publications",
        skills: "Skills",
        languages: "Languages",
        interests: "Interests",
        references: "References",
        projects: "Projects",
    },
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
    sections: SectionTitles {
        summary: "Profil",
        work: "Expérience professionnelle",
        volunteer: "Bénévolat",
        education: "Formation",
        awards: "Distinctions",
        certificates: "Certifications",
        publications: "Publications",
        skills: "Compétences",
        languages: "Langues",
        interests: "Centres d’intérêt",
        references: "Références",
        projects: "Projets",
    },
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
    sections: SectionTitles {
        summary: "Perfil",
        work: "Experiencia profesional",
        volunteer: "Voluntariado",
        education: "Formación",
        awards: "Premios",
        certificates: "Certificaciones",
        publications: "Publicaciones",
        skills: "Habilidades",
        languages: "Idiomas",
        interests: "Intereses",
        references: "Referencias",
        projects: "Proyectos",
    },
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
        match (start.map(|d| self.date(d)), end.map(|d| self.date(d))) {
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
}
