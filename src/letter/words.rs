//! The words of a letter in each shipped language, by each language's
//! conventions: the date line (« Paris, le 1er décembre 2026 »), the
//! subject (« Objet : » in French, none in English), the usual opening and
//! closing, and the names of the files sent.

use crate::model::Moment;

/// A letter's words in one language.
#[derive(Debug)]
pub struct Words {
    /// The language code.
    pub lang: &'static str,
    /// Month names, January first.
    months: [&'static str; 12],
    /// What leads the subject line, with its spacing: `Objet :`, or empty.
    pub subject_label: &'static str,
    /// "Letter", in file names and the title.
    pub letter: &'static str,
    /// "Application", the name of the letter and CV in one file.
    pub application: &'static str,
}

const EN: Words = Words {
    lang: "en",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    // Modern English letters set the subject in bold, with no "Re:".
    subject_label: "",
    letter: "Letter",
    application: "Application",
};

const FR: Words = Words {
    lang: "fr",
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    subject_label: "Objet\u{a0}:",
    letter: "Lettre",
    application: "Candidature",
};

const ES: Words = Words {
    lang: "es",
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    subject_label: "Asunto:",
    letter: "Carta",
    application: "Candidatura",
};

/// The words for a language code such as `fr` or `fr-CA`, or `None` for a
/// language that does not ship (the caller falls back to English).
pub fn for_lang(code: &str) -> Option<&'static Words> {
    let primary = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
    [&EN, &FR, &ES].into_iter().find(|words| words.lang == primary)
}

/// English, the fallback.
pub fn english() -> &'static Words {
    &EN
}

impl Words {
    /// A day as letters write it: `1er décembre 2026`, `1 December 2026`
    /// (`December 1, 2026` in American English), `1 de diciembre de 2026`.
    pub fn date(&self, date: &Moment, region: Option<&str>) -> String {
        let month = self.months[usize::from(date.month.clamp(1, 12)) - 1];
        let (day, year) = (date.day, date.year);
        match self.lang {
            "fr" if day == 1 => format!("1er {month} {year}"),
            "es" => format!("{day} de {month} de {year}"),
            "en" if region == Some("US") => format!("{month} {day}, {year}"),
            _ => format!("{day} {month} {year}"),
        }
    }

    /// The line with the place and the date: `Paris, le 1er décembre 2026`,
    /// or the date alone without a place (`Le 1er décembre 2026` in French).
    pub fn dateline(&self, place: &str, date: &str) -> String {
        match (self.lang, place.is_empty()) {
            ("fr", true) => format!("Le {date}"),
            ("fr", false) => format!("{place}, le {date}"),
            (_, true) => date.to_owned(),
            (_, false) => format!("{place}, {date}"),
        }
    }

    /// The subject made from the position applied for.
    pub fn subject(&self, position: &str) -> String {
        match self.lang {
            // « d’ » before a vowel; an h may be aspirated, so « de ».
            "fr" if position.chars().next().is_some_and(starts_elided) => {
                format!("Candidature au poste d’{position}")
            }
            "fr" => format!("Candidature au poste de {position}"),
            "es" => format!("Candidatura al puesto de {position}"),
            _ => format!("Application for the position of {position}"),
        }
    }

    /// The usual opening, to a named recipient or not.
    pub fn opening(&self, recipient: &str) -> String {
        match (self.lang, recipient.is_empty()) {
            ("fr", _) => "Madame, Monsieur,".into(),
            ("es", true) => "Estimados señores:".into(),
            ("es", false) => format!("Estimado/a {recipient}:"),
            (_, true) => "Dear Hiring Manager,".into(),
            (_, false) => format!("Dear {recipient},"),
        }
    }

    /// The usual closing, which in French repeats the opening's form of
    /// address (« Je vous prie d’agréer, Madame, … »).
    pub fn closing(&self, opening: &str) -> String {
        match self.lang {
            "fr" => {
                let address = opening.trim().trim_end_matches([',', ':']).trim();
                let address = if address.is_empty() { "Madame, Monsieur" } else { address };
                format!(
                    "Je vous prie d’agréer, {address}, l’expression de mes salutations distinguées."
                )
            }
            "es" => "Atentamente,".into(),
            _ => "Yours sincerely,".into(),
        }
    }

    /// The document's title: "Letter to <organisation> — <name>".
    pub fn title(&self, to: &str, name: &str) -> String {
        let letter = match (self.lang, to.is_empty()) {
            (_, true) => self.letter.to_owned(),
            ("fr", false) => format!("Lettre à {to}"),
            ("es", false) => format!("Carta a {to}"),
            (_, false) => format!("Letter to {to}"),
        };
        if name.is_empty() { letter } else { format!("{letter} — {name}") }
    }
}

impl Words {
    /// The title of the letter and the CV in one document: "Application
    /// to <organisation> — <name>".
    pub fn application_title(&self, to: &str, name: &str) -> String {
        let application = match (self.lang, to.is_empty()) {
            (_, true) => self.application.to_owned(),
            ("fr", false) => format!("Candidature à {to}"),
            ("es", false) => format!("Candidatura a {to}"),
            (_, false) => format!("Application to {to}"),
        };
        if name.is_empty() { application } else { format!("{application} — {name}") }
    }
}

/// Whether French elides « de » before a word starting with `c`.
fn starts_elided(c: char) -> bool {
    "aeiouyàâäéèêëîïôöùûüAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_subjects_follow_each_language() {
        let day = |d| Moment { year: 2026, month: 12, day: d, time: (0, 0, 0) };
        let fr = for_lang("fr-FR").unwrap();
        assert_eq!(fr.dateline("Paris", &fr.date(&day(1), None)), "Paris, le 1er décembre 2026");
        assert_eq!(fr.dateline("", &fr.date(&day(2), None)), "Le 2 décembre 2026");
        assert_eq!(english().date(&day(1), Some("US")), "December 1, 2026");
        assert_eq!(english().date(&day(1), None), "1 December 2026");
        assert_eq!(for_lang("es").unwrap().date(&day(3), None), "3 de diciembre de 2026");
        assert_eq!(fr.subject("Ingénieur DevOps"), "Candidature au poste d’Ingénieur DevOps");
        assert_eq!(fr.subject("Chef de projet"), "Candidature au poste de Chef de projet");
        assert_eq!(
            fr.closing("Madame,"),
            "Je vous prie d’agréer, Madame, l’expression de mes salutations distinguées."
        );
        assert_eq!(english().opening("Claire Martin"), "Dear Claire Martin,");
        assert_eq!(english().title("Acme", "Ada"), "Letter to Acme — Ada");
        assert!(for_lang("de").is_none());
    }
}
