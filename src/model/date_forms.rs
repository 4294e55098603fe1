//! Dates as people write them besides JSON Resume's `YYYY-MM-DD`: words for
//! "ongoing" (`Present`, `aujourd'hui`), month names (`May 2014`, `mai
//! 2014`, `Sept. 2019`), slashes and dots (`2021/07`, `07/2021`,
//! `2021.07`) and timestamps (`2019-03-01T00:00:00Z`).
//!
//! Each is read only when it means one date; `01/02/2020` (which day comes
//! first?) is an error that gives both readings.

use std::fmt;

use super::date::PartialDate;

/// How a date field reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateReading {
    /// Written as JSON Resume writes dates.
    Date(PartialDate),
    /// Written another way that means this one date, which is better
    /// written as JSON Resume does (`2014-05` for `May 2014`).
    Rewritten(PartialDate),
    /// A word for "still going on": an open end.
    Ongoing,
}

impl DateReading {
    /// The date, if it is one (an ongoing end has none).
    pub fn date(self) -> Option<PartialDate> {
        match self {
            Self::Date(date) | Self::Rewritten(date) => Some(date),
            Self::Ongoing => None,
        }
    }
}

impl fmt::Display for PartialDate {
    /// JSON Resume's form: `2014`, `2014-05` or `2014-05-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// Words for a position that has not ended, in English, French and
/// Spanish (compared in lower case, `’` as `'`).
const ONGOING: &[&str] = &[
    "present",
    "now",
    "current",
    "currently",
    "ongoing",
    "today",
    "to date",
    "to present",
    "aujourd'hui",
    "présent",
    "actuel",
    "actuellement",
    "en cours",
    "maintenant",
    "actualidad",
    "presente",
    "actual",
    "actualmente",
    "hoy",
    "en curso",
];

/// Month names and abbreviations in English, French and Spanish, lower
/// case and without a final dot, each with its month. No spelling means
/// two months in these languages.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("janvier", 1),
    ("janv", 1),
    ("enero", 1),
    ("ene", 1),
    ("february", 2),
    ("feb", 2),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fevr", 2),
    ("fév", 2),
    ("fev", 2),
    ("febrero", 2),
    ("march", 3),
    ("mar", 3),
    ("mars", 3),
    ("marzo", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("avr", 4),
    ("abril", 4),
    ("abr", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("june", 6),
    ("jun", 6),
    ("juin", 6),
    ("junio", 6),
    ("july", 7),
    ("jul", 7),
    ("juillet", 7),
    ("juil", 7),
    ("julio", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("ago", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("set", 9),
    ("october", 10),
    ("oct", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("december", 12),
    ("dec", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    ("diciembre", 12),
    ("dic", 12),
];

/// Words that may sit between a month and a year: `mayo de 2014`.
const FILLERS: &[&str] = &["de", "del", "of", "the"];

impl PartialDate {
    /// Reads a date field: JSON Resume's `YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`, else another way of writing one date, else a word for
    /// "ongoing". The error says what is wrong, with both readings of an
    /// ambiguous date.
    pub fn read(text: &str) -> Result<DateReading, String> {
        let strict = match Self::parse(text) {
            Ok(date) => return Ok(DateReading::Date(date)),
            Err(why) => why.explain(text.trim()),
        };
        let text = text.trim();
        let lower = text.to_lowercase().replace('’', "'");
        let words: Vec<&str> = lower.split_whitespace().collect();
        if ONGOING.contains(&words.join(" ").trim_end_matches('.')) {
            return Ok(DateReading::Ongoing);
        }
        let reading = timestamp(text)
            .or_else(|| numeric(text))
            .or_else(|| named(&lower))
            .unwrap_or(Err(strict))?;
        Ok(DateReading::Rewritten(reading))
    }
}

/// `2019-03-01T00:00:00Z` or `2019-03-01 09:30`: the date, when the rest
/// is a time of day.
fn timestamp(text: &str) -> Option<Result<PartialDate, String>> {
    let (date, time) = text.split_once(['T', ' '])?;
    let time_like = time.starts_with(|c: char| c.is_ascii_digit()) && time.contains(':');
    let date = PartialDate::parse(date).ok().filter(|d| d.day.is_some())?;
    time_like.then_some(Ok(date))
}

/// Numbers separated by `/`, `.` or `-`: `2021/07`, `07/2021`,
/// `2021.7.15`, `15/07/2021`.
fn numeric(text: &str) -> Option<Result<PartialDate, String>> {
    let parts: Vec<&str> = text.split(['/', '.', '-']).map(str::trim).collect();
    if parts.len() < 2
        || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let number = |p: &str| p.parse::<u16>().ok();
    let is_year = |p: &str| p.len() == 4;
    let small = |p: &str| p.len() <= 2;
    match parts[..] {
        [y, m] if is_year(y) && small(m) => Some(build(text, number(y)?, number(m)?, None)),
        [m, y] if small(m) && is_year(y) => Some(build(text, number(y)?, number(m)?, None)),
        [y, m, d] if is_year(y) && small(m) && small(d) => {
            Some(build(text, number(y)?, number(m)?, Some(number(d)?)))
        }
        [a, b, y] if small(a) && small(b) && is_year(y) => {
            let (a, b, year) = (number(a)?, number(b)?, number(y)?);
            let day_first = build(text, year, b, Some(a));
            let month_first = build(text, year, a, Some(b));
            Some(match (day_first, month_first) {
                (Ok(d), Ok(m)) if d != m => Err(format!(
                    "`{text}` is ambiguous: {d} if the day comes first, {m} if the month does"
                )),
                (Ok(date), _) | (_, Ok(date)) => Ok(date),
                (Err(why), _) => Err(why),
            })
        }
        _ => None,
    }
}

/// A month name with a year, and maybe a day: `May 2014`, `Sept. 2019`,
/// `5 mai 2014`, `May 5th, 2014`, `mayo de 2014`.
fn named(lower: &str) -> Option<Result<PartialDate, String>> {
    let (mut year, mut month, mut day) = (None, None, None);
    for word in lower.split([' ', ',']).map(|w| w.trim_end_matches('.')).filter(|w| !w.is_empty()) {
        if FILLERS.contains(&word) {
            continue;
        }
        let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
        let ordinal = ["st", "nd", "rd", "th", "er", "o", "º"].contains(&&word[digits.len()..]);
        let slot = if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == word) {
            month.replace(m).map(|_| ())
        } else if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
            year.replace(word.parse::<u16>().ok()?).map(|_| ())
        } else if (1..=2).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits.len() == word.len() || ordinal)
        {
            day.replace(digits.parse::<u16>().ok()?).map(|_| ())
        } else {
            return None;
        };
        // A second year, month or day: not one date.
        if slot.is_some() {
            return None;
        }
    }
    Some(build(lower, year?, u16::from(month?), day))
}

/// A date from its numbers, checked as JSON Resume's form is.
fn build(text: &str, year: u16, month: u16, day: Option<u16>) -> Result<PartialDate, String> {
    let iso = match day {
        Some(day) => format!("{year:04}-{month:02}-{day:02}"),
        None => format!("{year:04}-{month:02}"),
    };
    PartialDate::parse(&iso).map_err(|why| why.explain(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> String {
        match PartialDate::read(text) {
            Ok(DateReading::Date(d)) => d.to_string(),
            Ok(DateReading::Rewritten(d)) => format!("~{d}"),
            Ok(DateReading::Ongoing) => "ongoing".into(),
            Err(why) => format!("error: {why}"),
        }
    }

    #[test]
    fn json_resume_dates_read_as_they_are() {
        assert_eq!(read("2014"), "2014");
        assert_eq!(read("2014-05"), "2014-05");
        assert_eq!(read(" 2014-05-01 "), "2014-05-01");
        assert_eq!(read("2015-13"), "error: month 13 does not exist (`2015-13`)");
    }

    #[test]
    fn words_for_ongoing_in_every_shipped_language() {
        for word in [
            "Present",
            "now",
            "CURRENT",
            "ongoing",
            "Today",
            "aujourd'hui",
            "Aujourd’hui",
            "présent",
            "en cours",
            "actualidad",
            "presente",
            "actual",
            "Present.",
        ] {
            assert_eq!(read(word), "ongoing", "{word}");
        }
    }

    #[test]
    fn other_ways_of_writing_one_date_are_rewritten() {
        for (text, iso) in [
            ("May 2014", "2014-05"),
            ("Sept 2019", "2019-09"),
            ("Sept. 2019", "2019-09"),
            ("september 2019", "2019-09"),
            ("mai 2014", "2014-05"),
            ("févr. 2020", "2020-02"),
            ("mayo de 2014", "2014-05"),
            ("5 May 2014", "2014-05-05"),
            ("May 5th, 2014", "2014-05-05"),
            ("1er mai 2014", "2014-05-01"),
            ("2021/07", "2021-07"),
            ("07/2021", "2021-07"),
            ("2021.07", "2021-07"),
            ("2021-7", "2021-07"),
            ("2021/07/15", "2021-07-15"),
            ("15/07/2021", "2021-07-15"),
            ("07/15/2021", "2021-07-15"),
            ("01/01/2020", "2020-01-01"),
            ("2019-03-01T00:00:00.000Z", "2019-03-01"),
        ] {
            assert_eq!(read(text), format!("~{iso}"), "{text}");
        }
    }

    #[test]
    fn what_is_not_one_date_is_an_error() {
        assert_eq!(
            read("01/02/2020"),
            "error: `01/02/2020` is ambiguous: 2020-02-01 if the day comes first, \
             2020-01-02 if the month does"
        );
        assert_eq!(read("2021/13"), "error: month 13 does not exist (`2021/13`)");
        assert_eq!(read("31/02/2020"), "error: day 31 does not exist in that month (`31/02/2020`)");
        for text in ["Summer 2019", "May June 2014", "May 2014 2015", "June", "last tuesday", "14"]
        {
            assert!(read(text).starts_with("error: "), "{text}: {}", read(text));
        }
    }
}
