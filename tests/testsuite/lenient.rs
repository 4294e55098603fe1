//! What cvpdf reads from files other tools wrote: extra keys (warnings,
//! errors with --strict), JSON Resume's pre-1.0 names (one note) and dates
//! written as words. Through the real binary, with the PDF's text checked.
//! Files it refuses are in tests/bad/.

use std::path::Path;

use crate::common::*;

/// Renders `data` into `dir/cv.pdf` with more arguments.
fn render_to(dir: &Path, data: &str, extra: &[&str]) -> (Run, Option<String>) {
    let out = dir.join("cv.pdf");
    let _ = std::fs::remove_file(&out);
    let mut args = vec!["--data", data, "--output", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let result = run(&args);
    let text = std::fs::read(&out).ok().map(|pdf| normalise(&pdf_text(&pdf)));
    (result, text)
}

#[test]
fn extra_keys_load_with_a_warning_and_strict_refuses_them() {
    let dir = tempfile::tempdir().unwrap();
    let cv = write(
        dir.path(),
        "cv.json",
        r#"{"basics": {"name": "Ada Test"}, "meta": {"theme": "elegant"}}"#,
    );
    let (result, text) = render_to(dir.path(), &cv, &[]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(text.unwrap().contains("Ada Test"));
    assert!(
        result.stderr.contains("warning: unknown key `theme` in `meta`: ignored")
            && result.stderr.contains(&format!("{cv}:1:43")),
        "{}",
        result.stderr
    );
    assert!(!result.stderr.contains("did you mean"), "not a typo: {}", result.stderr);

    let (strict, text) = render_to(dir.path(), &cv, &["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict.stderr.contains("error: unknown key `theme` in `meta`"), "{}", strict.stderr);
    assert!(text.is_none(), "--strict writes no PDF");

    let check = run(&["check", &cv]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("fine for classic (1 warning)"), "{}", check.stderr);
    let check = run(&["check", &cv, "--strict"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains("unknown key `theme`"), "{}", check.stderr);
}

#[test]
fn keys_of_themes_are_grouped_and_x_keys_are_silent() {
    let dir = tempfile::tempdir().unwrap();
    let cv = write(
        dir.path(),
        "cv.yaml",
        "basics:\n  name: Ada Test\n  x-pronouns: she/her\nauthor: Ada\nlinks: [a, b]\n\
         medias: {photo: me.png}\nwork:\n  - {name: A, isCurrent: true}\n  \
         - {name: B, isCurrent: false}\n  - {name: C, isCurrent: false}\n",
    );
    let check = run(&["check", &cv]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("fine for classic (4 warnings)"), "{}", check.stderr);
    for key in ["author", "links", "medias"] {
        let message = format!("warning: unknown key `{key}` at the top level: ignored");
        assert!(check.stderr.contains(&message), "{message}: {}", check.stderr);
    }
    assert!(
        check.stderr.contains("unknown key `isCurrent` in 3 places, such as `work[0]`: ignored")
            && check.stderr.contains("also in `work[1]` ("),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("pronouns"), "{}", check.stderr);
    assert!(!check.stderr.contains("did you mean"), "{}", check.stderr);
}

#[test]
fn pre_1_0_names_are_read_with_one_note() {
    let dir = tempfile::tempdir().unwrap();
    // A LinkedIn exporter's "1.0.0" output, and an older file's basics.
    let cv = write(
        dir.path(),
        "cv.json",
        r#"{
  "basics": {"name": "Ada Test", "website": "https://ada.example.org", "picture": ""},
  "work": [
    {"company": "Analytical Engines", "position": "Programmer", "website": "https://engines.example.com", "startDate": "2019-01"},
    {"company": "Difference Works", "position": "Intern", "website": "", "startDate": "2017-06", "endDate": "2018-12"}
  ],
  "education": [{"institution": "Home School", "area": "Mathematics", "gpa": "3.9"}],
  "hobbies": [{"name": "Chess"}]
}"#,
    );
    for strict in [&[][..], &["--strict"][..]] {
        let (result, text) = render_to(dir.path(), &cv, strict);
        assert_eq!(result.code, 0, "a note is not a warning: {}", result.stderr);
        assert_eq!(result.stderr.matches("note:").count(), 1, "{}", result.stderr);
        assert!(!result.stderr.contains("warning"), "{}", result.stderr);
        assert!(
            result.stderr.contains(&format!(
                "note: {cv}: read 8 keys by their JSON Resume 1.0 names: website → url (basics, \
                 work[0], work[1]), picture → image (basics), company → name (work[0], work[1]), \
                 gpa → score (education[0]), hobbies → interests (top level)"
            )),
            "{}",
            result.stderr
        );
        let text = text.unwrap();
        for printed in ["Analytical Engines", "Difference Works", "3.9", "Chess", "ada.example.org"]
        {
            assert!(text.contains(printed), "{printed} missing from:\n{text}");
        }
    }
    assert_eq!(run(&["check", &cv, "--strict"]).code, 0);
}

#[test]
fn another_tools_degree_is_the_study_type_unless_both_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let cv = write(
        dir.path(),
        "cv.yaml",
        "basics: {name: Ada Test}\neducation:\n  - {institution: Lyon 1, area: Statistique, degree: Master}\n",
    );
    let (result, text) = render_to(dir.path(), &cv, &["--strict"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let note = format!("note: {cv}: read 1 key by its JSON Resume 1.0 name: degree → studyType");
    assert!(result.stderr.contains(&note), "{}", result.stderr);
    assert!(text.unwrap().contains("Master, Statistique"));
    // Beside `studyType`, `degree` is a key cvpdf does not know.
    let both = write(
        dir.path(),
        "cv.yaml",
        "basics: {name: Ada Test}\neducation:\n  - {institution: Lyon 1, studyType: Master, degree: MSc}\n",
    );
    let (result, text) = render_to(dir.path(), &both, &[]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stderr.contains("unknown key `degree`"), "{}", result.stderr);
    let text = text.unwrap();
    assert!(text.contains("Master") && !text.contains("MSc"), "{text}");
}

#[test]
fn a_section_under_its_pre_1_0_name_keeps_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let headings = ["Interests", "Experience", "Projects"];
    for key in ["hobbies", "interests"] {
        let cv = write(
            dir.path(),
            "cv.yaml",
            &format!(
                "basics:\n  name: Ana Ruiz\n{key}:\n  - name: Climbing\nwork:\n  - company: Acme\nprojects:\n  - name: kraken\n    summary: A CLI\n"
            ),
        );
        let (result, _) = render_to(dir.path(), &cv, &[]);
        assert_eq!(result.code, 0, "{}", result.stderr);
        let pdf = std::fs::read(dir.path().join("cv.pdf")).unwrap();
        let order: Vec<String> = pdf_text(&pdf)
            .lines()
            .map(str::trim)
            .filter(|line| headings.contains(line))
            .map(str::to_owned)
            .collect();
        assert_eq!(order, headings, "{key}");
    }
}

#[test]
fn a_comment_that_cuts_a_value_short_warns_and_an_ordinary_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let cut = write(
        dir.path(),
        "cut.yaml",
        "basics:\n  name: Ayşe Yılmaz\n  label: Engineer, Team #2\nwork:\n  - name: Trendyol\n    summary: Ranked #1 in sales\n    highlights:\n      - Led squad\n        #4 of 9\n      - x\ninterests:\n  - name: #hashtags\n",
    );
    let (result, text) = render_to(dir.path(), &cut, &[]);
    assert_eq!(result.code, 0, "a warning: {}", result.stderr);
    for (at, read) in [
        (
            "3:25",
            "`basics.label`: ` #` starts a YAML comment, so the value reads as `Engineer, Team`",
        ),
        ("6:21", "`work[0].summary`: ` #` starts a YAML comment, so the value reads as `Ranked`"),
        (
            "12:11",
            "`interests[0].name`: ` #` starts a YAML comment, so the value reads as no value",
        ),
    ] {
        assert!(result.stderr.contains(&format!("warning: {read}")), "{read}: {}", result.stderr);
        assert!(result.stderr.contains(&format!("cut.yaml:{at}")), "{at}: {}", result.stderr);
    }
    assert!(
        result.stderr.contains("put the value in quotes: `label: \"Engineer, Team #2\"`"),
        "{}",
        result.stderr
    );
    // A comment on its own line is one, whatever follows its `#`.
    assert_eq!(result.stderr.matches("warning:").count(), 3, "{}", result.stderr);
    assert!(text.unwrap().contains("Engineer, Team"));
    let strict = run(&["check", &cut, "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict.stderr.contains("error: `basics.label`: ` #` starts a YAML comment"));

    let commented = write(
        dir.path(),
        "commented.yaml",
        "# My CV\nbasics:\n  name: Ada  # my name\n  label: \"Team #2\" # 2 teams\n  #email: a@b.org\nskills:\n  - name: C#, F# # languages\n    keywords: [C#] #\n    level: |\n      Ranked #1\n",
    );
    let (result, text) = render_to(dir.path(), &commented, &["--strict"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(!result.stderr.contains("warning"), "{}", result.stderr);
    let text = text.unwrap();
    assert!(text.contains("Team #2") && text.contains("C#, F#"), "{text}");
}

#[test]
fn an_error_in_an_old_name_points_at_it() {
    let dir = tempfile::tempdir().unwrap();
    let cv = write(dir.path(), "cv.yaml", "basics:\n  name: Ada\n  picture: missing.png\n");
    let (result, _) = render_to(dir.path(), &cv, &[]);
    assert_eq!(result.code, 1);
    assert!(result.stderr.contains(&format!("{cv}:3:12")), "{}", result.stderr);
}

#[test]
fn dates_written_as_words_end_a_current_position() {
    let dir = tempfile::tempdir().unwrap();
    let entries: String =
        ["Present", "now", "current", "ongoing", "today", "aujourd'hui", "En cours"]
            .iter()
            .enumerate()
            .map(|(i, word)| {
                format!("  - {{name: Job {i}, startDate: '201{i}', endDate: \"{word}\"}}\n")
            })
            .collect();
    let cv = write(dir.path(), "cv.yaml", &format!("basics:\n  name: Ada\nwork:\n{entries}"));
    let check = run(&["check", &cv, "--strict"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("fine for classic (0 warnings)"), "{}", check.stderr);
    let (result, text) = render_to(dir.path(), &cv, &["--lang", "fr"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let text = text.unwrap();
    assert_eq!(text.matches("– aujourd'hui").count(), 7, "{text}");
}

#[test]
fn dates_that_mean_one_date_are_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let cv = write(
        dir.path(),
        "cv.yaml",
        "basics:\n  name: Ada\nwork:\n  - name: A\n    startDate: May 2014\n    endDate: 2021/07\n",
    );
    let (result, text) = render_to(dir.path(), &cv, &[]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let text = text.unwrap();
    assert!(text.contains("May 2014 – Jul 2021"), "{text}");
    for (at, shown) in
        [("5:16", "`May 2014` is read as 2014-05"), ("6:14", "`2021/07` is read as 2021-07")]
    {
        assert!(result.stderr.contains(&format!("{cv}:{at}")), "{}", result.stderr);
        assert!(result.stderr.contains(shown), "{}", result.stderr);
    }
    let (strict, _) = render_to(dir.path(), &cv, &["--strict"]);
    assert_eq!(strict.code, 1);
    assert!(strict.stderr.contains("hint: write `2014-05`"), "{}", strict.stderr);
}

#[test]
fn json_resume_files_load_without_a_warning() {
    let dir = root().join("tests/fixtures/jsonresume");
    for file in std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()) {
        let check = run(&["check", file.to_str().unwrap(), "--strict"]);
        assert_eq!(check.code, 0, "{}", check.stderr);
        assert!(check.stderr.contains("fine for classic (0 warnings)"), "{}", check.stderr);
    }
}

#[test]
fn the_readme_typo_example_holds() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("error: unknown key `strtDate`").expect("the README shows it");
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let cv = write(
        dir.path(),
        "cv.yaml",
        "basics:\n  name: Ada\nwork:\n  - name: A\n    startDate: \"2006\"\n  - name: B\n    \
         strtDate: \"2004\"\n",
    );
    let result = run(&["check", &cv]);
    assert_eq!(result.code, 1);
    for line in
        block.lines().map(str::trim).filter(|l| l.starts_with("error:") || l.starts_with("= hint:"))
    {
        assert!(result.stderr.contains(line), "README's `{line}` not in:\n{}", result.stderr);
    }
    assert!(result.stderr.contains("^^^^^^^^ not a key cvpdf knows"), "{}", result.stderr);
}

/// JSON writes a character beyond U+FFFF as two escaped UTF-16 halves, as
/// Python's `json.dump` does: the file reads as JSON reads it, and an error
/// after such a pair is located where it is written.
#[test]
fn json_surrogate_pair_escapes_read_as_their_character() {
    let dir = tempfile::tempdir().unwrap();
    let cv = write(
        dir.path(),
        "cv.json",
        r#"{"basics": {"name": "Ada", "summary": "Rocket \ud83d\ude80 and \uD835\uDD38"}}"#,
    );
    let out = dir.path().join("cv.txt");
    let result = run(&["--data", &cv, "-f", "txt", "-o", out.to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Rocket \u{1F680} and \u{1D538}"), "{text}");

    let cv = write(
        dir.path(),
        "late.json",
        r#"{"basics": {"name": "\ud83d\ude80 Ada"}, "work": [{"name": "X", "startDate": "2020-13"}]}"#,
    );
    let check = run(&["check", &cv]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains(&format!("{cv}:1:78")), "{}", check.stderr);
}

/// An integer wider than 64 bits, which no YAML value holds, is text: a
/// phone number typed without spaces prints as typed, and one in an `x-`
/// key (JSON or YAML) loads.
#[test]
fn integers_wider_than_64_bits_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let cv = write(
        dir.path(),
        "cv.yaml",
        "basics:\n  name: Ada\n  phone: 123456789012345678901234\nx-id: -0x123456789abcdef0123\n",
    );
    let out = dir.path().join("cv.txt");
    let result = run(&["--data", &cv, "-f", "txt", "-o", out.to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("123456789012345678901234"), "{text}");
    let cv = write(
        dir.path(),
        "cv.json",
        r#"{"basics": {"name": "Ada"}, "x-id": 123456789012345678901234567890}"#,
    );
    let check = run(&["check", &cv]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn keys_of_basics_written_beside_an_empty_basics_say_where_they_belong() {
    let scratch = Scratch::new("basics:\nname: Ada\nemail: ada@example.org\n");
    let run = crate::common::run(&["check", scratch.data_str()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("it belongs under `basics:`, which is empty"), "{}", run.stderr);
    assert!(run.stderr.contains("cv.yaml:2:1"), "{}", run.stderr);
    assert!(!run.stderr.contains("is missing or empty"), "said once: {}", run.stderr);
    // Beside a basics that holds something, they are extra keys, with a hint.
    let scratch = Scratch::new("basics:\n  name: Ada\nemail: ada@example.org\n");
    let run = crate::common::run(&["check", scratch.data_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("if it belongs to `basics`, indent it under `basics:`"),
        "{}",
        run.stderr
    );
}
