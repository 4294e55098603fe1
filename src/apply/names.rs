//! The names of an application's files: `James-Dupont-CV.pdf`,
//! `James-Dupont-Lettre.pdf`, from a pattern the user may change.

/// The default pattern: the person's name, then the document's word in the
/// letter's language (`CV`, `Lettre`, `Candidature`).
pub const DEFAULT_NAMES: &str = "{name}-{document}";

/// A file name from `pattern`, where `{name}` is the person's name,
/// `{document}` the document's word and `{application}` the application's
/// file stem, each made safe for a file name: spaces become `-`, and what a
/// file system or a reader would choke on (`/\:*?"<>|`, control and
/// invisible characters) is left out. `extension` is added.
pub fn file_name(
    pattern: &str,
    name: &str,
    document: &str,
    application: &str,
    extension: &str,
) -> String {
    let name = if safe(name).is_empty() { "CV".to_owned() } else { safe(name) };
    let stem = pattern
        .replace("{name}", &name)
        .replace("{document}", &safe(document))
        .replace("{application}", &safe(application));
    let stem = safe(&stem);
    let stem = stem.trim_matches(['-', '.']);
    format!("{}.{extension}", if stem.is_empty() { "cv" } else { stem })
}

/// `text` fit for a file name: words joined by `-`, nothing a file system
/// refuses or a reader could be fooled by.
fn safe(text: &str) -> String {
    let odd = |c: char| {
        c.is_control() || crate::glyphs::is_invisible(c) || "/\\:*?\"<>|\u{FFFD}".contains(c)
    };
    let kept: String = text.chars().filter(|c| !odd(*c)).collect();
    kept.split_whitespace().collect::<Vec<_>>().join("-")
}

/// Whether a pattern names each document differently.
pub fn is_valid(pattern: &str) -> bool {
    pattern.contains("{document}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_follow_the_pattern() {
        assert_eq!(
            file_name(DEFAULT_NAMES, "Jean Émile Dupont", "Lettre", "acme", "pdf"),
            "Jean-Émile-Dupont-Lettre.pdf"
        );
        assert_eq!(file_name(DEFAULT_NAMES, "A/B: \u{202e}C", "CV", "x", "pdf"), "AB-C-CV.pdf");
        assert_eq!(
            file_name("{application}_{document}", "Ada", "CV", "acme corp", "pdf"),
            "acme-corp_CV.pdf"
        );
        assert_eq!(file_name(DEFAULT_NAMES, "", "CV", "x", "pdf"), "CV-CV.pdf");
        assert!(is_valid(DEFAULT_NAMES) && !is_valid("{name}"));
    }
}
