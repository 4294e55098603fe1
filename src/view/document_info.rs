//! The PDF's document information (title, author, subject, keywords), made
//! to fit a PDF string: PDF/A allows 32,767 bytes, and Typst writes text
//! strings as UTF-16 (two bytes a unit). A 4,000-word headline or thousands
//! of skill keywords would fail the export; they are cut instead, with a
//! note, since the page itself prints them whole.

use super::DocumentInfo;
use crate::diagnostics::Diagnostic;

/// The most UTF-16 units in one string of the document information: under
/// 32,767 bytes with the byte-order mark, with room to spare.
const MAX_INFO_UNITS: usize = 16_000;

impl DocumentInfo {
    /// The document information of a CV by `name` with headline `label`
    /// and skill `keywords`, each string cut to [`MAX_INFO_UNITS`]; a note
    /// for each cut goes to `notes`.
    pub fn new(
        name: &str,
        label: &str,
        mut keywords: Vec<String>,
        notes: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut fit = |text: String, what: &str| {
            let cut = cut(&text);
            if cut.len() < text.len() {
                notes.push(note(format!(
                    "the PDF's {what} holds the first {} characters of {}",
                    cut.chars().count(),
                    text.chars().count()
                )));
            }
            cut.to_owned()
        };
        let (title, author, subject) = (
            fit(format!("{name} — CV"), "title"),
            fit(name.to_owned(), "author"),
            fit(label.to_owned(), "subject (`basics.label`)"),
        );
        // Typst joins the keywords with ", ".
        let mut units = 0;
        let kept = keywords
            .iter()
            .take_while(|k| {
                units += k.encode_utf16().count() + 2;
                units <= MAX_INFO_UNITS
            })
            .count();
        if kept < keywords.len() {
            notes.push(note(format!(
                "the PDF's keywords hold the first {kept} of {} skill names and keywords",
                keywords.len()
            )));
            keywords.truncate(kept);
        }
        Self { title, author, subject, keywords }
    }
}

/// `text` up to [`MAX_INFO_UNITS`] UTF-16 units, cut at a whole character.
fn cut(text: &str) -> &str {
    let mut units = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > MAX_INFO_UNITS
        })
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

fn note(message: String) -> Diagnostic {
    Diagnostic::note(message).with_hint(
        "a PDF string holds at most 32,767 bytes; the page prints the text whole, and only \
         the document properties are cut",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_strings_are_cut_with_a_note() {
        let mut notes = Vec::new();
        let label = "é".repeat(MAX_INFO_UNITS + 5);
        let keywords: Vec<String> = (0..5000).map(|i| format!("keyword{i}")).collect();
        let info = DocumentInfo::new("Ada", &label, keywords, &mut notes);
        assert_eq!(info.subject.chars().count(), MAX_INFO_UNITS);
        let joined = info.keywords.join(", ");
        assert!(joined.len() <= MAX_INFO_UNITS && info.keywords.len() > 1000, "{}", joined.len());
        assert_eq!(notes.len(), 2);
        let mut notes = Vec::new();
        DocumentInfo::new("Ada", "DevOps", vec!["Rust".into()], &mut notes);
        assert!(notes.is_empty());
    }
}
