//! Whether a layout may print the one-line fields as a run of text long
//! enough for more matches of its regex show rules than Typst allows (512,
//! typst/typst#6694): the Markdown's runs are cut where they are parsed
//! (`markup::runs`), but a layout joins one-line fields itself.

use super::{Entry, Header, Section};
use crate::catalogue::SectionKind;

/// The bytes of one-line text from which a run may hold 512 matches: every
/// match takes two bytes at least, one of which may be a separator the
/// layout adds ("GitLab-CI, ").
const LONG: usize = 500;

/// Whether the header's one-line fields together, a compact section's
/// (which layouts join in one paragraph) or an entry's hold [`LONG`] bytes
/// or more.
pub fn long_lines(header: &Header, sections: &[Section]) -> bool {
    let contacts: usize = header.contacts.iter().map(|c| c.network.len() + c.text.len()).sum();
    if header.name.len() + header.label.len() + contacts >= LONG {
        return true;
    }
    sections.iter().any(|s| {
        let entries = s.entries.iter().map(entry_bytes);
        match s.kind {
            SectionKind::Compact => s.title.len() + entries.sum::<usize>() >= LONG,
            _ => entries.max().is_some_and(|n| n >= LONG),
        }
    })
}

fn entry_bytes(e: &Entry) -> usize {
    let fields =
        [&e.title, &e.subtitle, &e.address, &e.dates, &e.location, &e.description, &e.years];
    fields.iter().map(|f| f.len()).sum::<usize>()
        + e.keywords.iter().map(String::len).sum::<usize>()
}
