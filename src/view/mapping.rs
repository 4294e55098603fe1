//! The per-type mapping: one [`Entry`] made from each JSON Resume entry
//! type, and the small text helpers the view uses on its fields.

use super::Entry;
use super::builder::Builder;
use super::design::DateFormat;
use crate::labels::Labels;
use crate::model::{self, DataPath, Dates, EntryType, PartialDate};

impl Entry {
    /// Fills in the entry's dates from the data's.
    pub(super) fn dated(&mut self, labels: &Labels, format: DateFormat, dates: Dates) {
        let parse = |d: Option<&str>| non_empty(d).and_then(|d| PartialDate::read(d).ok()?.date());
        let (start, end) = dates.bounds();
        let (start, end) = (parse(start), parse(end));
        self.dates = format.range(labels, start.as_ref(), end.as_ref());
        self.years = labels.years(start.as_ref(), end.as_ref());
        self.ongoing = start.is_some() && end.is_none();
        self.last_date = end.or(start);
    }

    /// Whether nothing of the entry prints: its fields were all empty or
    /// null, so it is left out (and a section of such entries with it).
    pub(super) fn is_empty(&self) -> bool {
        let texts = [&self.title, &self.subtitle, &self.address, &self.dates, &self.location];
        texts.into_iter().chain([&self.description]).all(String::is_empty)
            && [&self.summary, &self.body, &self.short].into_iter().all(Vec::is_empty)
            && self.highlights.is_empty()
            && self.keywords.is_empty()
    }
}

/// Whether an entry with `entry_tags` is kept by `--tags wanted`: untagged
/// entries always are.
pub(super) fn selected(entry_tags: &[String], wanted: &[String]) -> bool {
    wanted.is_empty() || entry_tags.is_empty() || entry_tags.iter().any(|t| wanted.contains(t))
}

/// A JSON Resume entry type, seen as a generic [`Entry`].
pub(super) trait AsEntry: EntryType {
    /// The entry's fields other than the shared extensions.
    fn entry(&self, b: &mut Builder, p: &DataPath, labels: &Labels) -> Entry;
}

impl AsEntry for model::Work {
    fn entry(&self, b: &mut Builder, p: &DataPath, _: &Labels) -> Entry {
        Entry {
            title: b.plain(self.name.as_ref(), &p.key("name")),
            subtitle: b.plain(self.position.as_ref(), &p.key("position")),
            url: url(self.url.as_deref()),
            location: b.plain(self.location.as_ref(), &p.key("location")),
            description: b.plain(self.description.as_ref(), &p.key("description")),
            summary: b.markdown(self.summary.as_ref(), &p.key("summary")),
            highlights: b.markdown_list(&self.highlights, &p.key("highlights")),
            ..Entry::default()
        }
    }
}

impl AsEntry for model::Volunteer {
    fn entry(&self, b: &mut Builder, p: &DataPath, _: &Labels) -> Entry {
        Entry {
            title: b.plain(self.organization.as_ref(), &p.key("organization")),
            subtitle: b.plain(self.position.as_ref(), &p.key("position")),
            url: url(self.url.as_deref()),
            summary: b.markdown(self.summary.as_ref(), &p.key("summary")),
            highlights: b.markdown_list(&self.highlights, &p.key("highlights")),
            ..Entry::default()
        }
    }
}

impl AsEntry for model::Education {
    fn entry(&self, b: &mut Builder, p: &DataPath, labels: &Labels) -> Entry {
        let degree = [
            b.plain(self.study_type.as_ref(), &p.key("studyType")),
            b.plain(self.area.as_ref(), &p.key("area")),
        ];
        let score = b.plain(self.score.as_ref(), &p.key("score"));
        Entry {
            title: b.plain(self.institution.as_ref(), &p.key("institution")),
            subtitle: degree.into_iter().filter(|d| !d.is_empty()).collect::<Vec<_>>().join(", "),
            url: url(self.url.as_deref()),
            description: labelled(&labels.score, &labels.colon, score),
            keywords: b.words(&self.courses, &p.key("courses")),
            ..Entry::default()
        }
    }
}

/// A value after its label ("Mention : bien"), or alone when it is empty
/// or already starts with the label's word, in any case ("Mention bien",
/// "GRADE: A").
fn labelled(label: &str, colon: &str, value: String) -> String {
    let lower = value.to_lowercase();
    let rest = lower.strip_prefix(&label.to_lowercase());
    if value.is_empty() || rest.is_some_and(|r| !r.starts_with(char::is_alphanumeric)) {
        value
    } else {
        format!("{label}{colon}{value}")
    }
}

impl AsEntry for model::Award {
    fn entry(&self, b: &mut Builder, p: &DataPath, _: &Labels) -> Entry {
        Entry {
            title: b.plain(self.title.as_ref(), &p.key("title")),
            subtitle: b.plain(self.awarder.as_ref(), &p.key("awarder")),
            summary: b.markdown(self.summary.as_ref(), &p.key("summary")),
            ..Entry::default()
        }
    }
}

impl AsEntry for model::Certificate {
    fn entry(&self, b: &mut Builder, p: &DataPath, _: &Labels) -> Entry {
        Entry {
            title: b.plain(self.name.as_ref(), &p.key("name")),
            subtitle: b.plain(self.issuer.as_ref(), &p.key("issuer")),
            url: url(self.url.as_deref()),
            address: url(self.url.as_deref()).map(|u| short_url(&u)).unwrap_or_default(),
            ..Entry::default()
        }
    }
}

impl AsEntry for model::Publication {
    fn entry(&self, b: &mut Builder, p: &DataPath, _: &Labels) -> Entry {
        Entry {
            title: b.plain(self.name.as_ref(), &p.key("name")),
            subtitle: b.plain(self.publisher.as_ref(), &p.key("publisher")),
            url: url(self.url.as_deref()),
            address: url(self.url.as_deref()).map(|u| short_url(&u)).unwrap_or_default(),
            summary: b.markdown(self.summary.as_ref(), &p.key("summary")),
            ..Entry::default()
        }
    }
}

impl AsEntry for model::Skill {
    fn entry(&self, b: &mut Builder, p: &DataPath, _: &Labels) -> Entry {
        Entry {
            title: b.plain(self.name.as_ref(), &p.key("name")),
            subtitle: b.plain(self.level.as_ref(), &p.key("level")),
            keywords: b.words(&self.keywords, &p.key("keywords")),
            ..Entry::default()
        }
    }
}

impl AsEntry for model::Language {
    fn entry(&self, b: &mut Builder, p: &DataPath, _: &Labels) -> Entry {
        Entry {
            title: b.plain(self.language.as_ref(), &p.key("language")),
            subtitle: b.plain(self.fluency.as_ref(), &p.key("fluency")),
            ..Entry::default()
        }
    }
}

impl AsEntry for model::Interest {
    fn entry(&self, b: &mut Builder, p: &DataPath, _: &Labels) -> Entry {
        Entry {
            title: b.plain(self.name.as_ref(), &p.key("name")),
            keywords: b.words(&self.keywords, &p.key("keywords")),
            ..Entry::default()
        }
    }
}

impl AsEntry for model::Reference {
    fn entry(&self, b: &mut Builder, p: &DataPath, _: &Labels) -> Entry {
        Entry {
            title: b.plain(self.name.as_ref(), &p.key("name")),
            summary: b.markdown(self.reference.as_ref(), &p.key("reference")),
            ..Entry::default()
        }
    }
}

impl AsEntry for model::Project {
    fn entry(&self, b: &mut Builder, p: &DataPath, _: &Labels) -> Entry {
        let roles = b.words(&self.roles, &p.key("roles"));
        let entity = b.plain(self.entity.as_ref(), &p.key("entity"));
        Entry {
            title: b.plain(self.name.as_ref(), &p.key("name")),
            subtitle: if roles.is_empty() { entity } else { roles.join(", ") },
            url: url(self.url.as_deref()),
            address: url(self.url.as_deref()).map(|u| short_url(&u)).unwrap_or_default(),
            description: b.plain(self.description.as_ref(), &p.key("description")),
            highlights: b.markdown_list(&self.highlights, &p.key("highlights")),
            keywords: b.words(&self.keywords, &p.key("keywords")),
            ..Entry::default()
        }
    }
}

/// `text` without the zero-width spaces, joiners and word joiners that
/// stand beside a space or at an end, where they break, join or hold
/// nothing: pasted text brings them, and a shaper merges each into the
/// glyph before it, whose text the PDF then gives with it, so that text
/// extractors that read no `ActualText` find "Bena\u{200B}li" for "Benali".
pub(super) fn without_idle_invisibles(text: &str) -> String {
    let idle = |c: char| matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{180E}');
    let chars: Vec<char> = text.chars().collect();
    let open = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_none_or(|c| c.is_whitespace());
    let mut kept = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        // Beside a space, or a run of them reaching one.
        let (mut before, mut after) = (i.checked_sub(1), Some(i + 1));
        while let Some(b) = before.filter(|&b| idle(chars[b])) {
            before = b.checked_sub(1);
        }
        while let Some(a) = after.filter(|&a| chars.get(a).is_some_and(|&c| idle(c))) {
            after = Some(a + 1);
        }
        if !(idle(c) && (open(before) || open(after))) {
            kept.push(c);
        }
    }
    kept
}

pub(super) fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

fn url(url: Option<&str>) -> Option<String> {
    non_empty(url).map(str::to_owned)
}

/// An address as printed: without the scheme, `www.` or a trailing slash.
pub(super) fn short_url(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    let bare = bare.strip_prefix("www.").unwrap_or(bare);
    bare.trim_end_matches('/').to_owned()
}
