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

#[test]
fn a_file_the_front_matter_names_that_is_missing_is_an_error_at_its_key() {
    let cases = [
        ("tags: [python]", "tags: [python]\ncv: cv.yml", "applications/acme.md:13:5", "no CV"),
        ("tags: [python]", "tags: [python]\nlayout: x.typ", "applications/acme.md:13:9", "layout"),
    ];
    for (from, to, at, says) in cases {
        let (dir, stderr) = refused(&LETTER.replace(from, to), &[], 1);
        assert!(stderr.contains(at) && stderr.contains(says), "{at} {says}:\n{stderr}");
        assert!(stderr.contains("hint"), "{stderr}");
        // The way out: the closest name in the directory.
        std::fs::write(dir.path().join("applications/cv.yaml"), "basics: {name: A}\n").unwrap();
        let run = run_in(dir.path(), &["apply", "applications/acme.md"]);
        if says == "no CV" {
            assert!(run.stderr.contains("did you mean `applications/cv.yaml`?"), "{}", run.stderr);
        }
    }
}

#[test]
fn a_bad_layout_option_is_a_command_line_error_and_the_front_matter_wins() {
    for layout in ["all", "nonexist"] {
        let (_dir, stderr) = refused(LETTER, &["-l", layout], 2);
        assert!(stderr.contains("layout"), "{stderr}");
        assert!(!stderr.contains("acme.md:"), "not blamed on the letter: {stderr}");
        let with = LETTER.replace("tags: [python]", "tags: [python]\nlayout: onepage");
        let (_dir, stderr) = refused(&with, &["-l", layout], 2);
        assert!(stderr.contains("layout"), "{stderr}");
    }
    let with = LETTER.replace("tags: [python]", "tags: [python]\nlayout: onepage");
    let dir = project(&with);
    let run = run_in(dir.path(), &["apply", "applications/acme.md", "-l", "ovni", "-f", "txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("`layout: onepage` is used, not --layout ovni")
            && run.stderr.contains("applications/acme.md:13:9"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_front_matter_choice_that_wins_over_an_option_says_so() {
    let with = LETTER.replace("tags: [python]", "tags: [python]\nmax-pages: 2\npaper: a4");
    let dir = project(&with);
    let args = ["--lang", "es", "--tags", "go", "--max-pages", "3", "--paper", "us-letter"];
    let run =
        run_in(dir.path(), &[&["apply", "applications/acme.md", "-f", "txt"][..], &args].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (said, at) in [
        ("`lang: fr` is used, not --lang es", ":11:7"),
        ("`tags: [python]` is used, not --tags go", ":12:"),
        ("`max-pages: 2` is used, not --max-pages 3", ":13:12"),
        ("`paper: a4` is used, not --paper us-letter", ":14:8"),
    ] {
        let line = run.stderr.lines().position(|l| l.contains(said));
        let located =
            line.and_then(|i| run.stderr.lines().nth(i + 1)).is_some_and(|l| l.contains(at));
        assert!(located, "{said} at {at}:\n{}", run.stderr);
    }
    // The same choice on both sides needs no word.
    let same = run_in(dir.path(), &["apply", "applications/acme.md", "-f", "txt", "--lang", "fr"]);
    assert!(!same.stderr.contains("is used, not"), "{}", same.stderr);
}

#[test]
fn max_pages_is_one_or_more_in_plain_words() {
    for value in ["0", "two", "-1", "1.5"] {
        let letter =
            LETTER.replace("tags: [python]", &format!("tags: [python]\nmax-pages: {value}"));
        let (_dir, stderr) = refused(&letter, &["-f", "txt"], 1);
        assert!(stderr.contains("applications/acme.md:13:12"), "{value}: {stderr}");
        assert!(stderr.contains("a whole number, 1 or more"), "{value}: {stderr}");
        assert!(!stderr.contains("u16") && !stderr.contains("fit on 0"), "{value}: {stderr}");
    }
}

#[test]
fn a_language_that_is_no_code_is_refused_at_its_key() {
    // `FR` and `fr_FR` read as `fr` and `fr-FR`, as a CV's `meta.lang`.
    for lang in ["French", "f", "fr-"] {
        let (_dir, stderr) = refused(&LETTER.replace("lang: fr", &format!("lang: {lang}")), &[], 1);
        assert!(stderr.contains("applications/acme.md:11:7"), "{lang}: {stderr}");
        assert!(stderr.contains("not a language code"), "{lang}: {stderr}");
    }
}

#[test]
fn recipient_keys_out_of_to_are_an_error_that_says_where_they_belong() {
    let flat = LETTER
        .replace("  name: Claire", "name: Claire")
        .replace("  organisation:", "organisation:");
    let flat = flat.replace("  address: |\n    12 rue de la Paix\n    75002 Paris\n", "");
    let no_to = flat.replace("to:\n", "");
    for (letter, home) in [(flat, "which is empty"), (no_to, "which is missing")] {
        let (_dir, stderr) = refused(&letter, &["-f", "txt"], 1);
        assert!(
            stderr.contains("unknown key `name` at the top level: it belongs under `to:`"),
            "{stderr}"
        );
        assert!(stderr.contains(home) && stderr.contains("hint: "), "{stderr}");
        assert!(!stderr.contains("JSON Resume"), "{stderr}");
    }
    // A key of the letter's own, unknown: its hint speaks of the letter, not of JSON Resume.
    let dir = project(&LETTER.replace("lang: fr", "lang: fr\nmood: hopeful"));
    let run = run_in(dir.path(), &["apply", "applications/acme.md", "-f", "txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("`x-`") && !run.stderr.contains("JSON Resume"), "{}", run.stderr);
}

#[test]
fn a_mistyped_application_gets_the_closest_name() {
    let dir = project(LETTER);
    let run = run_in(dir.path(), &["apply", "applications/amce.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `applications/acme.md`?"), "{}", run.stderr);
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    let run = run_in(dir.path(), &["apply", "aplications/acme.md"]);
    assert!(run.stderr.contains("there is no directory aplications"), "{}", run.stderr);
}

#[test]
fn a_directory_of_applications_skips_hidden_files_and_its_readme() {
    let dir = project(LETTER);
    let apps = dir.path().join("applications");
    std::fs::write(apps.join("._acme.md"), b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X").unwrap();
    std::fs::write(apps.join(".draft.md"), LETTER).unwrap();
    std::fs::write(apps.join("README.md"), "# My applications\n\nOne file per job.\n").unwrap();
    let run = run_in(dir.path(), &["apply", "applications", "-f", "txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let built: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(built, ["acme"], "{}", run.stderr);
}

#[test]
fn applications_whose_names_differ_only_in_case_are_refused_before_anything() {
    let dir = project(LETTER);
    std::fs::write(dir.path().join("applications/Acme.md"), LETTER).unwrap();
    let run = run_in(dir.path(), &["apply", "applications", "-f", "txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("applications/Acme.md and applications/acme.md"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn file_names_take_a_long_name_cut_short() {
    let dir = project(LETTER);
    let long = ["Bartholomew"; 30].join(" ");
    let cv = std::fs::read_to_string(dir.path().join("cv.yaml")).unwrap();
    std::fs::write(dir.path().join("cv.yaml"), cv.replace("Ada Lovelace", &long)).unwrap();
    let run = run_in(dir.path(), &["apply", "applications/acme.md", "-f", "txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = std::fs::read_dir(dir.path().join("out/acme"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    for name in names {
        assert!(name.len() <= 100 + "-Lettre.txt".len(), "{name}");
        assert!(name.starts_with("Bartholomew-Bartholomew"), "{name}");
    }
}

#[test]
fn a_names_pattern_is_checked_before_anything() {
    let cases = [
        ("{nmae}-{document}", "did you mean `{name}`?"),
        ("{name}-{document}-{date}", "unknown placeholder `{date}`"),
        ("{document}.pdf", "leave out `.pdf`"),
        ("{name}", "must hold {document}"),
    ];
    for (pattern, says) in cases {
        let (_dir, stderr) = refused(LETTER, &["--names", pattern], 2);
        assert!(stderr.contains(says), "{pattern}: {stderr}");
    }
}

#[test]
fn combined_text_is_the_letter_then_the_cv() {
    let dir = project(LETTER);
    let run = run_in(dir.path(), &["apply", "applications/acme.md", "-f", "txt", "--combined"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read =
        |name: &str| std::fs::read_to_string(dir.path().join("out/acme").join(name)).unwrap();
    let (letter, cv) = (read("Ada-Lovelace-Lettre.txt"), read("Ada-Lovelace-CV.txt"));
    assert_eq!(read("Ada-Lovelace-Candidature.txt"), format!("{}\n\n{cv}", letter.trim_end()));
}

#[test]
fn a_letter_without_front_matter_gets_a_hint_on_one_readable_line() {
    let (_dir, stderr) = refused("Hello there.\n", &[], 1);
    assert!(stderr.contains("applications/acme.md:1:1"), "{stderr}");
    assert!(stderr.contains("`position: DevOps engineer`") && !stderr.contains("\\n"), "{stderr}");
}

#[test]
fn an_output_that_is_the_letter_is_refused_as_the_letter() {
    let dir = project(LETTER);
    std::fs::create_dir_all(dir.path().join("d/Lettre")).unwrap();
    std::fs::write(dir.path().join("d/Lettre/Lettre.txt"), LETTER).unwrap();
    let args = ["apply", "d/Lettre/Lettre.txt", "--names", "{document}", "-o", "d", "-f", "txt"];
    let run = run_in(dir.path(), &args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is the letter, d/Lettre/Lettre.txt"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(dir.path().join("d/Lettre/Lettre.txt")).unwrap(), LETTER);
}
