//! Checks that types alone cannot make: dates that exist and are in order,
//! a name, well-formed addresses. Each problem points at its value.

use unicode_segmentation::UnicodeSegmentation;

use super::date::{Moment, PartialDate};
use super::date_forms::DateReading;
use super::language::language_tag;
use super::sections::{Dates, EntryType, Visit};
use super::source_map::{DataPath, SourceMap};
use super::{Cv, Text};
use crate::catalogue::SECTIONS;
use crate::diagnostics::Diagnostic;

/// Every problem in `cv`, errors and warnings, located with `map`. A
/// required value at one of the `explained` paths is not reported missing:
/// the caller has said why it is (a misspelt key, with its did-you-mean).
pub fn check(cv: &Cv, map: &SourceMap, explained: &[DataPath]) -> Vec<Diagnostic> {
    let mut checker = Checker { map, explained, found: Vec::new() };
    checker.basics(cv);
    let root = DataPath::default();

    for section in &SECTIONS {
        cv.visit_entries(section.key, &mut checker);
    }
    for (i, section) in cv.sections.iter().enumerate() {
        let path = root.key("sections").index(i);
        checker.required(
            &path.key("title"),
            section.title.as_ref(),
            "a free section needs a title",
        );
    }
    checker.meta(cv);
    checker.found.extend(super::design::check(cv, map));
    checker.found.extend(super::headings::check(cv, map));
    checker.printable();
    checker.found
}

/// The control characters and overlong clusters of any document mapped by
/// `map`, as [`check`] finds them in a CV.
pub(super) fn unprintable(map: &SourceMap) -> Vec<Diagnostic> {
    let mut checker = Checker { map, explained: &[], found: Vec::new() };
    checker.printable();
    checker.found
}

/// The most code points one grapheme cluster (what a reader sees as one
/// character) may hold: a base and the 30 combining marks that Unicode's
/// Stream-Safe Text Format (UAX #15) allows in a row. Real text stays far
/// below it (the longest emoji sequences hold 10); far beyond it, Typst's
/// line breaking takes time and memory that grow with the square of the
/// cluster's length.
pub const MAX_CLUSTER_CHARS: usize = 31;

/// Whether `c` is a control character that cannot be printed (spaces and
/// line breaks can), which the data may not hold.
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && !c.is_whitespace()) || c == '\u{FEFF}'
}

struct Checker<'a> {
    map: &'a SourceMap,
    explained: &'a [DataPath],
    found: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, path: &DataPath, message: String, hint: &str) {
        self.found.push(
            Diagnostic::error(format!("`{}`: {message}", self.map.as_written(path)))
                .at_location(self.map.locate(path))
                .with_hint(hint),
        );
    }

    /// Control characters (a pasted text often brings one) cannot be
    /// printed: fonts have no glyph for them and PDF/A forbids them.
    fn printable(&mut self) {
        let map = self.map;
        for (path, offset, value) in map.scalars().iter().filter(|(p, ..)| !p.is_private()) {
            if let Some(c) = value.chars().find(|&c| is_unprintable(c)) {
                self.found.push(
                    Diagnostic::error(format!(
                        "`{path}` holds U+{:04X}, a control character that cannot be printed",
                        c as u32
                    ))
                    .at_location(Some(map.char_location(*offset, c)))
                    .with_hint("remove it; most editors do not show it"),
                );
            }
            let mut clusters = value.graphemes(true);
            if let Some(cluster) = clusters.find(|g| g.chars().nth(MAX_CLUSTER_CHARS).is_some()) {
                self.found.push(
                    Diagnostic::error(format!(
                        "`{path}` holds a character made of {} code points, more than the {} \
                         that one character may have",
                        cluster.chars().count(),
                        MAX_CLUSTER_CHARS
                    ))
                    .at_location(Some(map.text_location(*offset, cluster)))
                    .with_label("this character")
                    .with_hint(
                        "a letter takes a few combining accents at most (é is e and one): \
                         remove the others, which would print as a smear",
                    ),
                );
            }
        }
    }

    fn basics(&mut self, cv: &Cv) {
        let basics = DataPath::default().key("basics");
        self.required(&basics.key("name"), cv.basics.name.as_ref(), "a CV needs a name");
        self.url(&basics.key("url"), cv.basics.url.as_deref());
        if let Some(email) = cv.basics.email.as_deref().filter(|e| !e.trim().is_empty())
            && !is_email(email)
        {
            self.error(
                &basics.key("email"),
                format!("`{email}` is not an email address"),
                "write it as name@example.com",
            );
        }
        for (i, profile) in cv.basics.profiles.iter().enumerate() {
            self.url(&basics.key("profiles").index(i).key("url"), profile.url.as_deref());
        }
    }

    fn meta(&mut self, cv: &Cv) {
        let meta = DataPath::default().key("meta");
        if let Some(lang) = given(&cv.meta.lang)
            && let Err(hint) = language_tag(lang)
        {
            self.error(&meta.key("lang"), format!("`{lang}` is not a language code"), &hint);
        }
        if let Some(modified) = given(&cv.meta.last_modified)
            && let Err(why) = Moment::parse(modified)
        {
            self.error(
                &meta.key("lastModified"),
                why,
                "write a date such as 2024-03-01 or 2024-03-01T09:30:00",
            );
        }
        self.url(&meta.key("canonical"), cv.meta.canonical.as_deref());
    }

    fn required(&mut self, path: &DataPath, text: Option<&Text>, why: &str) {
        let empty = text.is_none_or(Text::is_blank);
        if empty && !self.explained.contains(path) {
            let key = path.last_key().unwrap_or("value");
            self.error(path, format!("`{key}` is missing or empty"), why);
            // `name: Null` is a surname to its writer and null to YAML.
            let location = self.map.locate(path);
            let written = location.as_ref().map_or("", |l| &l.source.text[l.range.clone()]);
            let yaml = !super::syntax::is_json(&self.map.source().name);
            if let (Some(found), "~" | "null" | "Null" | "NULL", true) =
                (self.found.last_mut(), written, yaml)
            {
                found.hints.push(format!(
                    "YAML reads `{written}` as no value: to print it, write it in quotes, \"{written}\""
                ));
            }
        }
    }

    /// Checks a date; an `end` may be a word for "ongoing".
    fn date(&mut self, path: &DataPath, date: Option<&str>, end: bool) -> Option<PartialDate> {
        let text = date.map(str::trim).filter(|d| !d.is_empty())?;
        let hint = "dates are YYYY, YYYY-MM or YYYY-MM-DD, such as 2015-06";
        match PartialDate::read(text) {
            Ok(DateReading::Date(date)) => Some(date),
            Ok(DateReading::Rewritten(date)) => {
                self.found.push(
                    Diagnostic::warning(format!(
                        "`{}`: `{text}` is read as {date}",
                        self.map.as_written(path)
                    ))
                    .at_location(self.map.locate(path))
                    .with_hint(format!(
                        "write `{date}`: JSON Resume dates are YYYY, YYYY-MM or YYYY-MM-DD, \
                         as other tools expect"
                    )),
                );
                Some(date)
            }
            Ok(DateReading::Ongoing) if end => None,
            Ok(DateReading::Ongoing) => {
                let why = format!("`{text}` means ongoing, which only an end date can be");
                self.error(path, why, hint);
                None
            }
            Err(why) => {
                self.error(path, why, hint);
                None
            }
        }
    }

    fn range(&mut self, path: &DataPath, start: Option<&str>, end: Option<&str>) {
        let start_date = self.date(&path.key("startDate"), start, false);
        let end_date = self.date(&path.key("endDate"), end, true);
        if let (Some(s), Some(e)) = (start_date, end_date)
            && e.is_before(&s)
        {
            self.error(
                &path.key("endDate"),
                format!("ends ({}) before it starts ({})", end.unwrap_or(""), start.unwrap_or("")),
                "swap startDate and endDate, or fix the year",
            );
        }
    }

    fn url(&mut self, path: &DataPath, url: Option<&str>) {
        let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
            return;
        };
        if let Err(why) = check_url(url) {
            self.error(path, why, "write a full address such as https://example.com/page");
        }
    }
}

/// The dates and address of each entry of a section.
impl<T: EntryType> Visit<T> for Checker<'_> {
    fn visit(&mut self, key: &'static str, entries: &[T]) {
        for (i, entry) in entries.iter().enumerate() {
            let path = DataPath::default().key(key).index(i);
            match entry.dates() {
                Dates::Undated => {}
                Dates::On { key, date } => {
                    self.date(&path.key(key), date, false);
                }
                Dates::Range { start, end } => self.range(&path, start, end),
            }
            self.url(&path.key("url"), entry.url());
        }
    }
}

/// A value that is given: neither absent nor empty, which mean the same.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Checks that `url` is an absolute http(s) address with a host.
pub fn check_url(url: &str) -> Result<(), String> {
    let rest =
        url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).ok_or_else(|| {
            format!("`{url}` is not a web address: it must start with https:// or http://")
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) { name } else { host }
    });
    let valid_host = !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if !valid_host || url.chars().any(char::is_whitespace) {
        return Err(format!("`{url}` is not a valid web address"));
    }
    Ok(())
}

/// A plain syntactic check: one `@`, a local part and a dotted domain.
pub fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c == ',' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Error;
    use crate::model::load;

    fn first_error(text: &str) -> (String, String) {
        match load("cv.yaml", text.as_bytes()) {
            Err(Error::Invalid(d)) => (
                d[0].location.as_ref().map(|l| l.display()).unwrap_or_default(),
                d[0].message.clone(),
            ),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn semantic_errors_point_at_the_value() {
        let cv = "basics: {name: A}\nwork:\n  - name: X\n    startDate: 2015-13\n";
        assert_eq!(
            first_error(cv),
            (
                "cv.yaml:4:16".into(),
                "`work[0].startDate`: month 13 does not exist (`2015-13`)".into()
            )
        );
        let cv = "basics: {name: A}\nwork:\n  - startDate: 2016\n    endDate: 2014-05\n";
        let (at, message) = first_error(cv);
        assert_eq!(at, "cv.yaml:4:14");
        assert!(message.contains("ends (2014-05) before it starts (2016)"));
        let (at, message) = first_error("basics:\n  name: \"  \"\n");
        assert_eq!(at, "cv.yaml:2:9");
        assert!(message.contains("missing or empty"));
        let (at, _) = first_error("basics:\n  name: A\n  email: a.example.com\n");
        assert_eq!(at, "cv.yaml:3:10");
        let (at, _) = first_error("basics:\n  name: A\n  url: htp:/x\n");
        assert_eq!(at, "cv.yaml:3:8");
    }

    #[test]
    fn missing_name_points_at_basics() {
        let (at, message) = first_error("basics:\n  label: x\n");
        assert_eq!(at, "cv.yaml:1:1");
        assert!(message.contains("`name` is missing"));
    }

    #[test]
    fn urls_and_emails() {
        assert!(check_url("https://github.com/jpic").is_ok());
        assert!(check_url("http://localhost:8080/x?y#z").is_ok());
        assert!(check_url("github.com/jpic").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("https://exa mple.com").is_err());
        assert!(is_email("a.b@example.org"));
        assert!(!is_email("a@b"));
        assert!(!is_email("a@@b.c"));
    }
}
