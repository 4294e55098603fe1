//! Tests of the view: sections, translations, entries and text.

use super::*;
use crate::model::load;

fn view(yaml: &str) -> (View, Vec<Diagnostic>) {
    let loaded = load("cv.yaml", yaml.as_bytes()).unwrap();
    build(&loaded, &ViewOptions::default())
}

#[test]
fn sections_follow_the_order_written() {
    let (view, _) = view(
        "basics: {name: A}\nsections:\n  - {title: Hobbies, body: chess}\nskills:\n  - {name: Rust}\nwork:\n  - {name: X, startDate: 2020}\n",
    );
    let ids: Vec<&str> = view.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["hobbies", "skills", "work"]);
    assert_eq!(view.sections[2].entries[0].dates, "2020 – present");
    assert_eq!(view.document.title, "A — CV");
    assert_eq!(view.document.keywords, ["Rust"]);
}

#[test]
fn translations_resolve_and_warn() {
    let yaml = "meta: {lang: fr}\nbasics:\n  name: A\n  label: {fr: Ingénieur, en: Engineer}\n  summary: {fr: Bonjour}\n";
    let loaded = load("cv.yaml", yaml.as_bytes()).unwrap();
    let options = ViewOptions { lang: Some("en".into()), ..ViewOptions::default() };
    let (view, warnings) = build(&loaded, &options);
    assert_eq!(view.header.label, "Engineer");
    assert_eq!(view.labels.lang, "en");
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].to_string().starts_with("cv.yaml:5:3: warning: `basics.summary` has no `en`"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_bad_language_option_is_ignored() {
    let loaded = load("cv.yaml", b"meta: {lang: fr}\nbasics: {name: A}\n").unwrap();
    let options = ViewOptions { lang: Some("x-y".into()), ..ViewOptions::default() };
    let (view, warnings) = build(&loaded, &options);
    assert_eq!(view.lang, "fr");
    assert!(warnings[0].message.contains("`x-y` is not a language code"), "{warnings:?}");
}

#[test]
fn regions_of_language_codes() {
    assert_eq!(region_of("fr"), None);
    assert_eq!(region_of("pt-br").as_deref(), Some("BR"));
    assert_eq!(region_of("sr-Latn-RS").as_deref(), Some("RS"));
    assert_eq!(region_of("zh-Hant"), None);
    assert_eq!(region_of("es-419"), None);
}

#[test]
fn unknown_language_falls_back_to_english() {
    let (view, warnings) = view("meta: {lang: eo}\nbasics: {name: A}\n");
    assert_eq!(view.labels.lang, "en");
    assert_eq!(view.lang, "eo");
    assert!(warnings[0].message.contains("no labels for language `eo`"));
}

#[test]
fn tags_select_entries() {
    let loaded = load(
        "cv.yaml",
        b"basics: {name: A}\nwork:\n  - {name: Ops, tags: [ops]}\n  - {name: Dev, tags: [dev]}\n  - {name: Both}\n",
    )
    .unwrap();
    let options = ViewOptions { tags: vec!["dev".into()], ..ViewOptions::default() };
    let names: Vec<String> =
        build(&loaded, &options).0.sections[0].entries.iter().map(|e| e.title.clone()).collect();
    assert_eq!(names, ["Dev", "Both"]);
}

#[test]
fn empty_entries_and_their_sections_are_left_out() {
    let (view, warnings) = view(
        "basics: {name: A}\nwork:\n  - {position: Illustrator}\n  - {}\n  - null\ninterests: [{name: '', keywords: [null, '']}]\nlanguages: [{fluency: Native}]\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let ids: Vec<&str> = view.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["work", "languages"]);
    // The role stands in for the name; a fluency stays a fluency.
    let work = &view.sections[0].entries;
    assert_eq!(
        (work.len(), work[0].title.as_str(), work[0].subtitle.as_str()),
        (1, "Illustrator", "")
    );
    let language = &view.sections[1].entries[0];
    assert_eq!((language.title.as_str(), language.subtitle.as_str()), ("", "Native"));
}

#[test]
fn idle_invisible_characters_go() {
    let text = "\u{200B}Amira\u{200B} Benali \u{2060}\u{200D}x a\u{200D}b \u{200C}";
    assert_eq!(without_idle_invisibles(text), "Amira Benali x a\u{200D}b ");
    assert_eq!(without_idle_invisibles("क्\u{200D}ष 👩\u{200D}💻"), "क्\u{200D}ष 👩\u{200D}💻");
}

#[test]
fn urls_print_short() {
    assert_eq!(short_url("https://www.example.com/"), "example.com");
    assert_eq!(short_url("https://github.com/jpic"), "github.com/jpic");
}

#[test]
fn a_score_that_holds_its_label_prints_alone() {
    let score = |lang: &str, score: &str| {
        let yaml = format!(
            "meta: {{lang: {lang}}}\nbasics: {{name: A}}\neducation: [{{institution: U, score: \"{score}\"}}]\n"
        );
        view(&yaml).0.sections[0].entries[0].description.clone()
    };
    assert_eq!(score("fr", "Mention bien"), "Mention bien");
    assert_eq!(score("fr", "mention très bien"), "mention très bien");
    assert_eq!(score("fr", "Très bien"), "Mention\u{a0}: Très bien");
    assert_eq!(score("en", "GRADE: A"), "GRADE: A");
    assert_eq!(score("en", "3.9/4"), "Grade: 3.9/4");
    // A word that only starts like the label is no label.
    assert_eq!(score("en", "Graded pass"), "Grade: Graded pass");
    assert_eq!(score("es", "Nota media 8,5"), "Nota media 8,5");
}
