//! What a letter or an application can get wrong, and what cvpdf says:
//! each at its place in the `.md` file (or on the command line), with a
//! hint, before anything is written.

use super::{LETTER, project, run_in};

/// Runs `apply` on `applications/acme.md` holding `letter`, expecting exit
/// `code`, and returns stderr.
fn refused(letter: &str, args: &[&str], code: i32) -> (tempfile::TempDir, String) {
    let dir = project(letter);
    let mut all = vec!["apply", "applications/acme.md"];
    all.extend_from_slice(args);
    let run = run_in(dir.path(), &all);
    assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
    assert!(!dir.path().join("out").exists(), "nothing written: {}", run.stderr);
    (dir, run.stderr)
}

#[test]
fn the_body_goes_through_the_glyph_check() {
    let cases = [
        ("Votre annonce", "Votre 😀 annonce", "applications/acme.md:14:7", "emoji has no glyph"),
        ("toute mon", "toute \u{E000} mon", "applications/acme.md:14:30", "Private Use"),
        ("Je serais", "中 Je serais", "applications/acme.md:16:1", "CJK"),
        ("toute mon", "toute &#x1F600; mon", "applications/acme.md:14:30", "emoji has no glyph"),
        ("toute mon", "toute &#7; mon", "applications/acme.md:14:30", "U+0007 (written `&#7;`)"),
    ];
    for (from, to, at, says) in cases {
        let (_dir, stderr) = refused(&LETTER.replace(from, to), &[], 1);
        assert!(stderr.contains(at) && stderr.contains(says), "{at} {says}:\n{stderr}");
        assert!(!stderr.contains("PDF export failed"), "{stderr}");
        assert!(stderr.contains("hint"), "{stderr}");
    }
}
