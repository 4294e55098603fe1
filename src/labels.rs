//! Words the layouts print around the data, in each shipped language, and
//! dates formatted for that language.
//!
//! Each language is one file, `labels/TAG.toml` (`de.toml`, `pt-BR.toml`),
//! embedded in the binary and read once into [`Labels`], where every word
//! is required: a file missing one fails the tests, it never falls back to
//! English silently. A letter's words are its `[letter]` table
//! ([`letter`]).

pub mod letter;
mod titles;

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::languages::FILES;
use crate::model::PartialDate;

pub use titles::SectionTitles;

/// Codes that name a shipped language under another code: `no`
/// (Norwegian) is written in Bokmål by most, and a Nynorsk CV reads
/// better with Bokmål's labels than with English ones.
const ALIASES: &[(&str, &str)] = &[("no", "nb"), ("nn", "nb")];

/// Variants written differently from their language's file, which ships
/// none of their own: Traditional Chinese gets English labels, with a
/// warning, rather than Simplified ones.
const UNSHIPPED_VARIANTS: &[&str] = &["zh-Hant", "zh-TW", "zh-HK", "zh-MO"];

/// Each file, read when its language is first asked for: a run reads one
/// or two of them (its language and English), not all.
static PARSED: [OnceLock<Labels>; FILES.len()] = [const { OnceLock::new() }; FILES.len()];

/// The labels of the `index`th file of [`FILES`].
fn nth(index: usize) -> &'static Labels {
    let (tag, text) = FILES[index];
    PARSED[index]
        .get_or_init(|| parse(tag, text).unwrap_or_else(|e| panic!("labels/{tag}.toml: {e}")))
}

/// Every shipped language's labels, in the order of [`FILES`].
#[cfg(test)]
fn all() -> impl Iterator<Item = &'static Labels> {
    (0..FILES.len()).map(nth)
}

/// Reads one language's file; `tag` is its name.
///
/// # Errors
///
/// The TOML error: a missing, unknown or mistyped key, or a section title
/// missing or not in the catalogue; or a `lang`, which the name gives.
fn parse(tag: &str, text: &str) -> Result<Labels, String> {
    let mut labels: Labels = toml::from_str(text).map_err(|e| e.to_string())?;
    if !labels.lang.is_empty() {
        return Err("`lang` is the file's name, not a key".to_owned());
    }
    tag.clone_into(&mut labels.lang);
    tag.clone_into(&mut labels.letter.lang);
    Ok(labels)
}

/// Which month a date writes by default: its name or its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DateStyle {
    /// The month's name: `Mar 2019`, `2019年3月`.
    Named,
    /// The month's number, two digits: `03/2019`, `03.2019`.
    Numeric,
}

/// How a language writes dates and ranges: patterns in which `{month}`,
/// `{year}`, `{start}` and `{end}` are replaced.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateFormats {
    /// The style its CVs use.
    pub default: DateStyle,
    /// A month and year, `{month}` being the name from `months`:
    /// `{month} {year}`, `{year}年{month}`.
    pub named: String,
    /// A month and year, `{month}` being two digits: `{month}/{year}`.
    pub numeric: String,
    /// Two dates, or a date and `present`: `{start} – {end}`.
    pub range: String,
    /// Two years, when entries run together: `{start}–{end}`.
    pub years: String,
}

/// Words a layout prints of its own, beyond the shared labels: one group
/// per layout, `labels.layouts.NAME` in Typst.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutWords {
    /// The words of `ovni`.
    pub ovni: OvniWords,
}

/// The playful words of `ovni`, the flight-log layout.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OvniWords {
    /// Under the saucer, when there is no photo: "Unidentified, yet highly
    /// qualified".
    pub tagline: String,
    /// Before a section's number: "Mission 01".
    pub mission: String,
    /// Above a quotation repeated in the margin.
    pub intercepted: String,
    /// At the foot of the last page.
    pub end: String,
}

/// Every label of one language, as `labels/TAG.toml` writes it and the
/// view hands it to layouts.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Labels {
    /// The language's tag, the file's name: `fr`, `pt-BR`.
    #[serde(default)]
    pub lang: String,
    /// Section titles.
    pub sections: SectionTitles,
    /// The end of a range that has not ended.
    pub present: String,
    /// The page numbers, where `{page}` and `{total}` are replaced:
    /// "Page {page}/{total}".
    pub page_of: String,
    /// Abbreviated month names, January first, as the language's CVs
    /// write them.
    pub months: [String; 12],
    /// How dates and ranges are written.
    pub dates: DateFormats,
    /// "Courses", for education entries.
    pub courses: String,
    /// "Score" or "Grade", for education entries.
    pub score: String,
    /// "Roles", for projects.
    pub roles: String,
    /// A colon with the spacing the language wants around it.
    pub colon: String,
    /// What leads the paragraph of the oldest entries, when fitting runs
    /// them together: "Earlier".
    pub earlier: String,
    /// Words of each layout's own.
    pub layouts: LayoutWords,
    /// A cover letter's words, which the letter's view prints already
    /// made (`/letter.json`): not in `/cv.json`.
    #[serde(skip_serializing)]
    #[schemars(skip)]
    pub letter: letter::Words,
}

/// The labels for a language code such as `fr`, `fr-CA`, `pt-BR` or
/// `pt_br`: the file of its language and a region or script if one ships
/// (`pt-BR`), else its language's (`pt` for `pt-PT`, `fr` for `fr-CA`),
/// where `no` reads as `nb`. Returns `None` for a language that does not
/// ship, or a variant its file does not suit (`zh-TW`); callers fall back
/// to English.
pub fn for_lang(code: &str) -> Option<&'static Labels> {
    let mut parts = code.split(['-', '_']);
    let primary = parts.next().unwrap_or(code).to_ascii_lowercase();
    let primary = ALIASES.iter().find(|(alias, _)| *alias == primary).map_or(&*primary, |a| a.1);
    let find = |tag: &str| FILES.iter().position(|(t, _)| t.eq_ignore_ascii_case(tag)).map(nth);
    for variant in parts.map(|subtag| format!("{primary}-{subtag}")) {
        if let Some(labels) = find(&variant) {
            return Some(labels);
        }
        if UNSHIPPED_VARIANTS.iter().any(|v| v.eq_ignore_ascii_case(&variant)) {
            return None;
        }
    }
    find(primary)
}

/// English, the fallback.
pub fn english() -> &'static Labels {
    nth(0)
}

impl Labels {
    /// A date as printed in the language's style: `2015`, or `mars 2015`
    /// with the month.
    pub fn date(&self, date: &PartialDate) -> String {
        self.date_in(date, self.dates.default)
    }

    /// A date as printed in `style`: `2015`, or `mars 2015` or `03/2015`
    /// with the month.
    pub fn date_in(&self, date: &PartialDate, style: DateStyle) -> String {
        let Some(month) = date.month else { return date.year.to_string() };
        let (pattern, month) = match style {
            DateStyle::Named => (&self.dates.named, self.months[usize::from(month) - 1].clone()),
            DateStyle::Numeric => (&self.dates.numeric, format!("{month:02}")),
        };
        pattern.replace("{month}", &month).replace("{year}", &date.year.to_string())
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
        Self::between(&self.dates.range, start.map(&date), end.map(&date), &self.present)
    }

    /// A range in years, for entries run together: `2004–2006`, `2014`,
    /// `2020–aujourd’hui`.
    pub fn years(&self, start: Option<&PartialDate>, end: Option<&PartialDate>) -> String {
        let start = start.map(|d| d.year.to_string());
        let end = end.map(|d| d.year.to_string());
        Self::between(&self.dates.years, start, end, &self.present)
    }

    /// `pattern` with `start` and `end` (`present` when only `start` is
    /// known), or the one end known, or both when they are the same.
    fn between(pattern: &str, start: Option<String>, end: Option<String>, present: &str) -> String {
        let fill = |end: &str| pattern.replace("{end}", end);
        match (start, end) {
            (Some(start), Some(end)) if start == end => start,
            (Some(start), Some(end)) => fill(&end).replace("{start}", &start),
            (Some(start), None) => fill(present).replace("{start}", &start),
            (None, Some(end)) => end,
            (None, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests;
