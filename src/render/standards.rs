//! PDF standards: parsing `--pdf-standard`, what a PDF of some pages or
//! with an attachment can meet, and what each standard demands of the
//! characters a CV prints.

use typst_pdf::{PdfStandard, PdfStandards};

use super::Format;
use crate::diagnostics::Diagnostic;

/// The PDF standards every PDF conforms to unless `--pdf-standard` says
/// otherwise: archival (PDF/A-2, level a: tagged and Unicode) and accessible
/// (PDF/UA-1).
pub const DEFAULT_STANDARDS: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::Ua_1];

/// Parses a `--pdf-standard` list such as `a-2b,ua-1`, or `none`.
pub fn parse_standards(list: &str) -> Result<Vec<PdfStandard>, String> {
    if list.trim() == "none" {
        return Ok(Vec::new());
    }
    list.split(',')
        .map(|name| {
            let name = name.trim().to_ascii_lowercase();
            serde_json::from_value(serde_json::Value::String(name.clone())).map_err(|_| {
                format!("unknown PDF standard `{name}`: use a-2a, a-2b, a-2u, a-3a, a-3b, a-3u, a-4, ua-1, 1.7, 2.0… or none")
            })
        })
        .collect()
}

/// The standards to use when the source is attached: PDF/A-2 forbids
/// attachments, PDF/A-3 (same level) allows them.
pub fn with_attachments(standards: &[PdfStandard]) -> Vec<PdfStandard> {
    standards
        .iter()
        .map(|s| match s {
            PdfStandard::A_2a => PdfStandard::A_3a,
            PdfStandard::A_2b => PdfStandard::A_3b,
            PdfStandard::A_2u => PdfStandard::A_3u,
            other => *other,
        })
        .collect()
}

/// The standards a PDF of some of the pages can meet: typst-pdf cannot tag
/// part of a document, so PDF/A level a (tagged) becomes level b, and
/// PDF/UA-1 (tagged) is dropped. Returns them, and a warning saying so when
/// a standard was given up.
pub fn untagged(standards: &[PdfStandard]) -> (Vec<PdfStandard>, Option<Diagnostic>) {
    let mut kept = Vec::new();
    for standard in standards {
        kept.extend(match standard {
            PdfStandard::A_1a => Some(PdfStandard::A_1b),
            PdfStandard::A_2a => Some(PdfStandard::A_2b),
            PdfStandard::A_3a => Some(PdfStandard::A_3b),
            PdfStandard::Ua_1 => None,
            other => Some(*other),
        });
    }
    if kept == standards {
        return (kept, None);
    }
    let names = |list: &[PdfStandard]| -> String {
        let names: Vec<String> = list.iter().map(|s| standard_name(*s)).collect();
        if names.is_empty() { "no standard".into() } else { names.join(" and ") }
    };
    let warning = Diagnostic::warning(format!(
        "--pages: Typst cannot tag part of a document, so this PDF is untagged and meets {} instead of {}",
        names(&kept),
        names(standards)
    ))
    .with_hint("render every page for a tagged, accessible PDF");
    (kept, Some(warning))
}

/// `PDF/A-2a`, `PDF/UA-1`, `PDF 1.7`.
fn standard_name(standard: PdfStandard) -> String {
    // typst-pdf names each standard as `--pdf-standard` takes it (`a-2b`);
    // a standard it would not name is still named, by its variant.
    let name = match serde_json::to_value(standard) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{standard:?}"),
    };
    match name.split_once('-') {
        Some((family, level)) => format!("PDF/{}-{level}", family.to_ascii_uppercase()),
        None => format!("PDF {name}"),
    }
}

/// Checks that standards can go together, as typst-pdf does.
pub fn check_standards(standards: &[PdfStandard]) -> Result<PdfStandards, String> {
    PdfStandards::new(standards).map_err(|e| {
        let hints: Vec<String> = e.hints().iter().map(|h| h.to_string()).collect();
        if hints.is_empty() {
            e.message().to_string()
        } else {
            format!("{} ({})", e.message(), hints.join("; "))
        }
    })
}

/// What an output demands of the characters it prints, by its format and
/// PDF standards: the standards that demand it, named, or none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Demands {
    /// The standards that refuse a character without a glyph: every PDF/A
    /// but PDF/A-1b, and PDF/UA-1.
    pub every_glyph: Vec<String>,
    /// The standards that refuse private-use characters even with a glyph:
    /// PDF/A-2a, PDF/A-3a and PDF/A-4.
    pub no_private_use: Vec<String>,
    /// Whether the output draws glyphs at all: plain text needs no font, so
    /// a character no font has costs it nothing.
    pub draws_glyphs: bool,
}

impl Demands {
    /// What `format` with `standards` demands: only a PDF has standards.
    pub fn new(format: Format, standards: &[PdfStandard]) -> Self {
        use PdfStandard as S;
        let mut demands = Self { draws_glyphs: format.is_paged(), ..Self::default() };
        if format != Format::Pdf {
            return demands;
        }
        for &standard in standards {
            let name = standard_name(standard);
            // As krilla's validators, which typst-pdf uses, have it.
            if matches!(
                standard,
                S::A_1a
                    | S::A_2a
                    | S::A_2b
                    | S::A_2u
                    | S::A_3a
                    | S::A_3b
                    | S::A_3u
                    | S::A_4
                    | S::A_4f
                    | S::A_4e
                    | S::Ua_1
            ) {
                demands.every_glyph.push(name.clone());
            }
            if matches!(standard, S::A_2a | S::A_3a | S::A_4 | S::A_4f | S::A_4e) {
                demands.no_private_use.push(name);
            }
        }
        demands
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ranges_give_up_tagged_standards_with_a_warning() {
        let (kept, warning) = untagged(&DEFAULT_STANDARDS);
        assert_eq!(kept, [PdfStandard::A_2b]);
        let warning = warning.unwrap().message;
        assert!(warning.contains("meets PDF/A-2b instead of PDF/A-2a and PDF/UA-1"), "{warning}");
        let (kept, warning) = untagged(&[PdfStandard::A_2b]);
        assert!(kept == [PdfStandard::A_2b] && warning.is_none());
        assert!(untagged(&[PdfStandard::Ua_1]).1.unwrap().message.contains("no standard"));
    }
}
