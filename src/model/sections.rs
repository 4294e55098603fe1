//! The lists of entries that the catalogue's sections hold: what the checks
//! and the view read of every entry type alike.

use super::{
    Award, Certificate, Education, Extensions, Interest, Language, Project, Publication, Reference,
    Skill, Volunteer, Work,
};

/// The dates of an entry, as the data writes them.
#[derive(Debug, Clone, Copy)]
pub enum Dates<'a> {
    /// The entry has no date field.
    Undated,
    /// One date, under the key `key` (`date`, `releaseDate`).
    On {
        /// The key.
        key: &'static str,
        /// The date, if written.
        date: Option<&'a str>,
    },
    /// A `startDate` and an `endDate`, which may be a word for "ongoing".
    Range {
        /// The start, if written.
        start: Option<&'a str>,
        /// The end, if written.
        end: Option<&'a str>,
    },
}

impl<'a> Dates<'a> {
    /// The first and last date: a single date is both.
    pub fn bounds(self) -> (Option<&'a str>, Option<&'a str>) {
        match self {
            Dates::Undated => (None, None),
            Dates::On { date, .. } => (date, date),
            Dates::Range { start, end } => (start, end),
        }
    }
}

/// An entry type of a catalogued section: what is read of every type alike.
pub trait EntryType: Extensions {
    /// Its dates.
    fn dates(&self) -> Dates<'_> {
        Dates::Undated
    }
    /// Its `url`, for the types that have one.
    fn url(&self) -> Option<&str> {
        None
    }
}

/// Something that takes one section's entries, of any entry type: the view
/// maps them, the checks check them.
pub trait Visit<T> {
    /// Takes the entries of the section `key`.
    fn visit(&mut self, key: &'static str, entries: &[T]);
}

fn range<'a>(start: &'a Option<String>, end: &'a Option<String>) -> Dates<'a> {
    Dates::Range { start: start.as_deref(), end: end.as_deref() }
}

fn on<'a>(key: &'static str, date: &'a Option<String>) -> Dates<'a> {
    Dates::On { key, date: date.as_deref() }
}

impl EntryType for Work {
    fn dates(&self) -> Dates<'_> {
        range(&self.start_date, &self.end_date)
    }
    fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

impl EntryType for Volunteer {
    fn dates(&self) -> Dates<'_> {
        range(&self.start_date, &self.end_date)
    }
    fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

impl EntryType for Education {
    fn dates(&self) -> Dates<'_> {
        range(&self.start_date, &self.end_date)
    }
    fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

impl EntryType for Award {
    fn dates(&self) -> Dates<'_> {
        on("date", &self.date)
    }
}

impl EntryType for Certificate {
    fn dates(&self) -> Dates<'_> {
        on("date", &self.date)
    }
    fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

impl EntryType for Publication {
    fn dates(&self) -> Dates<'_> {
        on("releaseDate", &self.release_date)
    }
    fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

impl EntryType for Skill {}
impl EntryType for Language {}
impl EntryType for Interest {}
impl EntryType for Reference {}

impl EntryType for Project {
    fn dates(&self) -> Dates<'_> {
        range(&self.start_date, &self.end_date)
    }
    fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cv;
    use crate::model::catalogue::{SECTIONS, SectionKind};

    struct Keys(Vec<&'static str>);

    impl<T> Visit<T> for Keys {
        fn visit(&mut self, key: &'static str, _: &[T]) {
            self.0.push(key);
        }
    }

    #[test]
    fn every_catalogued_list_of_entries_is_mapped() {
        let mut keys = Keys(Vec::new());
        for section in &SECTIONS {
            let mapped = Cv::default().visit_entries(section.key, &mut keys);
            assert_eq!(mapped, section.kind != SectionKind::Text, "{}", section.key);
        }
        assert_eq!(keys.0.len(), SECTIONS.len() - 1);
        assert!(!Cv::default().visit_entries("basics", &mut keys));
    }
}
