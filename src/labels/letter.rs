//! The words of a letter in each shipped language, by each language's
//! conventions: the date line (« Paris, le 1er décembre 2026 »), the
//! subject (« Objet : » in French, none in English or German), the usual
//! opening and closing, and the names of the files sent. They are the
//! `[letter]` table of each `labels/TAG.toml`, every word required, read
//! with the rest of the language's labels (`crate::labels`), in `[letter]`.
//!
//! The default opening never guesses a gender from a name: to a named
//! recipient it is the language's neutral form with the name ("Dear Claire
//! Martin,", « Guten Tag Claire Martin, », « Sayın Claire Martin, »),
//! and where the language has none that names one person (Polish, Czech,
//! Greek, Romanian, French), it is the formal opening to anyone
//! (« Szanowni Państwo, »). A gendered form is the letter's `opening`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::markup::Direction;
use crate::model::Moment;

/// A letter's words in one language: patterns in which `{day}`, `{month}`,
/// `{year}`, `{date}`, `{place}`, `{position}`, `{name}`, `{address}` and
/// `{to}` are replaced.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Words {
    /// The language's tag, the labels file's name.
    #[serde(skip)]
    pub lang: String,
    /// Month names, January first, as a date writes them (in the genitive
    /// where the language declines them: « декабря »).
    pub months: [String; 12],
    /// A day: `{day} {month} {year}`, `{year}年{month}{day}日`.
    pub date: String,
    /// How `{day}` writes the first of a month: `1er`, `1º`, or `1`.
    pub first_day: String,
    /// The place and the date: `{place}, le {date}`.
    pub dateline: String,
    /// The date without a place: `Le {date}`, or `{date}`.
    pub date_alone: String,
    /// Where the recipient's block goes.
    pub recipient_side: Side,
    /// What leads the subject line, with its spacing: `Objet :`, or empty
    /// where the language sets the subject alone, in bold.
    pub subject_label: String,
    /// The subject made from the position: `Application for the position
    /// of {position}`.
    pub subject: String,
    /// The subject before a position starting with a vowel, where the
    /// language elides (French « d’ »); only where it does.
    #[serde(default)]
    pub subject_elided: Option<String>,
    /// The opening to no one named: "Dear Hiring Manager,".
    pub opening: String,
    /// The opening to a named recipient, `{name}` as written, in a form
    /// that needs no gender; the unnamed opening where the language has
    /// no such form.
    pub opening_named: String,
    /// The closing; `{address}` repeats the opening's form of address (« Je
    /// vous prie d’agréer, {address}, … »).
    pub closing: String,
    /// "Letter", in file names and the title.
    pub letter: String,
    /// "Application", the name of the letter and CV in one file.
    pub application: String,
    /// The letter's title: `Letter to {to}`.
    pub letter_to: String,
    /// The title of the letter and the CV in one document: `Application to
    /// {to}`.
    pub application_to: String,
}

/// Where a letter's language puts the recipient's block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// At the start of the lines (the left, the right right to left), the
    /// date at their end: English, German (DIN 5008), Japanese, Arabic.
    Start,
    /// In a column at the end of the lines, the date under it: French,
    /// Italian, Polish, Russian.
    End,
}

/// The words for a language code such as `fr` or `fr-CA`, or `None` for a
/// language that does not ship (the caller falls back to English).
pub fn for_lang(code: &str) -> Option<&'static Words> {
    super::for_lang(code).map(|labels| &labels.letter)
}

/// English, the fallback.
pub fn english() -> &'static Words {
    &super::english().letter
}

impl Words {
    /// A day as letters write it: `1er décembre 2026`, `1 December 2026`
    /// (`December 1, 2026` in American English), `2026年12月1日`.
    pub fn date(&self, date: &Moment, region: Option<&str>) -> String {
        let month = &self.months[usize::from(date.month.clamp(1, 12)) - 1];
        let day = if date.day == 1 { self.first_day.clone() } else { date.day.to_string() };
        // The one region that orders a day differently from its language.
        let pattern = if self.lang == "en" && region == Some("US") {
            "{month} {day}, {year}"
        } else {
            &self.date
        };
        pattern
            .replace("{day}", &day)
            .replace("{month}", month)
            .replace("{year}", &date.year.to_string())
    }

    /// The line with the place and the date: `Paris, le 1er décembre 2026`,
    /// or the date alone without a place (`Le 1er décembre 2026`).
    pub fn dateline(&self, place: &str, date: &str) -> String {
        let pattern = if place.is_empty() { &self.date_alone } else { &self.dateline };
        Direction::fill(pattern, "{place}", place).replace("{date}", date)
    }

    /// The subject made from the position applied for.
    pub fn subject(&self, position: &str) -> String {
        let pattern = match &self.subject_elided {
            // An h may be aspirated: « de » before it.
            Some(elided) if position.chars().next().is_some_and(starts_elided) => elided,
            _ => &self.subject,
        };
        // A position in the other direction than the words around it
        // ("DevOps?" in Hebrew) is isolated: its "?" stays with it.
        Direction::fill(pattern, "{position}", position)
    }

    /// The usual opening, to a named recipient or not; `recipient` is
    /// Markdown.
    pub fn opening(&self, recipient: &str) -> String {
        if recipient.is_empty() {
            self.opening.clone()
        } else {
            Direction::fill(&self.opening_named, "{name}", recipient)
        }
    }

    /// The usual closing, which in French repeats the opening's form of
    /// address (« Je vous prie d’agréer, Madame, … »).
    pub fn closing(&self, opening: &str) -> String {
        let address =
            |opening: &str| opening.trim().trim_end_matches([',', ':', '!']).trim().to_owned();
        let mut written = address(opening);
        if written.is_empty() {
            written = address(&self.opening);
        }
        self.closing.replace("{address}", &written)
    }

    /// The document's title: "Letter to <organisation> — <name>".
    pub fn title(&self, to: &str, name: &str) -> String {
        titled(&self.letter, &self.letter_to, to, name)
    }

    /// The title of the letter and the CV in one document: "Application
    /// to <organisation> — <name>".
    pub fn application_title(&self, to: &str, name: &str) -> String {
        titled(&self.application, &self.application_to, to, name)
    }
}

/// `alone`, or `pattern` naming `to`, then the sender's `name` if any.
fn titled(alone: &str, pattern: &str, to: &str, name: &str) -> String {
    let title = if to.is_empty() { alone.to_owned() } else { pattern.replace("{to}", to) };
    if name.is_empty() { title } else { format!("{title} — {name}") }
}

/// Whether French elides « de » before a word starting with `c`.
fn starts_elided(c: char) -> bool {
    "aeiouyàâäéèêëîïôöùûüAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ".contains(c)
}

#[cfg(test)]
mod tests;
