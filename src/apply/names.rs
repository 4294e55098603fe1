//! The names of an application's files: `James-Dupont-CV.pdf`,
//! `James-Dupont-Lettre.pdf`, from a pattern the user may change.

/// The default pattern: the person's name, then the document's word in the
/// letter's language (`CV`, `Lettre`, `Candidature`).
pub const DEFAULT_NAMES: &str = "{name}-{document}";

/// The placeholders a pattern may hold.
const PLACEHOLDERS: [&str; 3] = ["{name}", "{document}", "{application}"];

/// The longest pattern, in bytes, so that a file name stays within the 255
/// bytes file systems allow.
const MAX_PATTERN: usize = 100;

/// The most bytes a value (`{name}`, `{application}`) takes in a file name,
/// cut at a character boundary: the same on every system.
const MAX_VALUE: usize = 100;

/// The most bytes of a file name before its extension.
const MAX_STEM: usize = 200;

/// A file name from `pattern`, where `{name}` is the person's name,
/// `{document}` the document's word and `{application}` the application's
/// file stem, each made safe for a file name: spaces become `-`, and what a
/// file system or a reader would choke on (`/\:*?"<>|`, control and
/// invisible characters) is left out. `{name}` and `{application}` take at
/// most 100 bytes each, less when the name would pass 200 bytes (a pattern
/// that [`check`] accepts). `extension` is added.
pub fn file_name(
    pattern: &str,
    name: &str,
    document: &str,
    application: &str,
    extension: &str,
) -> String {
    let name = if safe(name).is_empty() { "CV".to_owned() } else { safe(name) };
    let (document, application) = (safe(document), safe(application));
    let mut budget = MAX_VALUE;
    loop {
        let stem = pattern
            .replace("{name}", cut(&name, budget))
            .replace("{document}", &document)
            .replace("{application}", cut(&application, budget));
        let stem = safe(&stem);
        let stem = stem.trim_matches(['-', '.']);
        if stem.len() <= MAX_STEM || budget <= 8 {
            return format!("{}.{extension}", if stem.is_empty() { "cv" } else { stem });
        }
        budget /= 2;
    }
}

/// The first `bytes` bytes of `text` at most, cut at a character boundary,
/// without a dangling `-`.
fn cut(text: &str, bytes: usize) -> &str {
    let end = (0..=bytes.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    text[..end].trim_end_matches('-')
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

/// Checks a pattern: it names each document differently (it holds
/// `{document}`), every `{…}` in it is a placeholder, it leaves the
/// extension to cvpdf and it is at most 100 bytes long.
///
/// # Errors
/// What is wrong, with the way to write it, for a command-line error.
pub fn check(pattern: &str) -> Result<(), String> {
    let listed = "the placeholders are {name}, {document} and {application}";
    let mut rest = pattern;
    while let Some(open) = rest.find(['{', '}']) {
        let Some(close) = rest[open..].find('}').filter(|_| rest[open..].starts_with('{')) else {
            return Err(format!(
                "--names has a brace that opens or closes no placeholder: {listed}"
            ));
        };
        let token = &rest[open..=open + close];
        if !PLACEHOLDERS.contains(&token) {
            let closest = PLACEHOLDERS
                .iter()
                .map(|p| (strsim::osa_distance(&token.to_lowercase(), p), p))
                .filter(|(edits, _)| *edits <= 3)
                .min();
            let meant = closest.map(|(_, p)| format!("did you mean `{p}`? ")).unwrap_or_default();
            return Err(format!("--names has an unknown placeholder `{token}`: {meant}{listed}"));
        }
        rest = &rest[open + close + 1..];
    }
    if !pattern.contains("{document}") {
        return Err(
            "--names must hold {document}, or the letter and the CV would share a name".into()
        );
    }
    let lower = pattern.to_lowercase();
    if let Some(extension) = [".pdf", ".txt"].into_iter().find(|e| lower.ends_with(e)) {
        return Err(format!(
            "--names gives the name without its extension, which cvpdf adds: leave out `{extension}`"
        ));
    }
    if pattern.len() > MAX_PATTERN {
        return Err(format!(
            "--names is {} bytes long; keep it within {MAX_PATTERN}",
            pattern.len()
        ));
    }
    Ok(())
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
    }

    #[test]
    fn long_names_are_cut_at_a_character_boundary() {
        let long = ["Bartholomew"; 30].join(" ");
        let named = file_name(DEFAULT_NAMES, &long, "Lettre", "acme", "pdf");
        assert!(named.len() <= 100 + "-Lettre.pdf".len(), "{named}");
        assert!(named.ends_with("-Lettre.pdf") && !named.contains("--"), "{named}");
        let accents = "é".repeat(200);
        let named = file_name(DEFAULT_NAMES, &accents, "CV", "acme", "pdf");
        assert_eq!(named, format!("{}-CV.pdf", "é".repeat(50)));
        let many = "{name}{application}{name}{application}{document}";
        let named = file_name(many, &long, "Candidatura", &"a".repeat(250), "pdf");
        assert!(named.len() <= MAX_STEM + 4 && named.contains("Candidatura"), "{named}");
    }

    #[test]
    fn patterns_hold_known_placeholders_and_no_extension() {
        assert!(check(DEFAULT_NAMES).is_ok() && check("{application}_{document}").is_ok());
        assert!(check("{name}").unwrap_err().contains("must hold {document}"));
        assert!(check("{nmae}-{document}").unwrap_err().contains("did you mean `{name}`?"));
        assert!(check("{name}-{document}-{date}").unwrap_err().contains("`{date}`"));
        assert!(check("{name-{document}").unwrap_err().contains("unknown placeholder"));
        assert!(check("name}-{document}").unwrap_err().contains("brace"));
        assert!(check("{document}.pdf").unwrap_err().contains("leave out `.pdf`"));
        assert!(check(&format!("{}{{document}}", "x".repeat(100))).is_err());
    }
}
