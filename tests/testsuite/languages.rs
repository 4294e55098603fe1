//! Labels in every shipped language (`labels/*.toml`, `cvpdf::labels`):
//! each renders the seed and a CV with every section in its own words,
//! none is left as English by accident, and the page numbers, the layouts'
//! own words and the scripts without an embedded font reach the PDF.

use cvpdf::labels::{self, Labels};
use cvpdf::languages::LANGUAGES;
use cvpdf::model::PartialDate;
use serde_json::Value;

use crate::common::*;

/// A CV with every titled section, dates with months, a job that has not
/// ended and a grade, in English: only the labels change with `--lang`.
const EVERY_SECTION: &str = "\
basics: {name: Ada Lovelace, label: Engineer, summary: Writes programs.}
work:
  - {name: Analytical, position: Programmer, startDate: 2019-03}
  - {name: Difference, position: Assistant, startDate: 2015-11, endDate: 2018-12}
volunteer: [{organization: Club, position: Tutor, startDate: 2016}]
education: [{institution: University, area: Maths, startDate: 2012-09, endDate: 2015-06, score: '3.9'}]
awards: [{title: Medal, date: 2020-05, awarder: Society}]
certificates: [{name: Cloud, date: 2021-01, issuer: Vendor}]
publications: [{name: Notes, publisher: Journal, releaseDate: 2017-10}]
skills: [{name: Maths, keywords: [Numbers]}]
languages: [{language: French, fluency: Fluent}]
interests: [{name: Engines}]
references: [{name: Charles, reference: Brilliant.}]
projects: [{name: Engine, roles: [Lead], startDate: 2022-04}]
";

/// Renders `data` as text in `lang`, checking that it succeeds without a
/// warning about labels.
fn text(data: &str, lang: &str) -> String {
    let run = run(&["--data", data, "--format", "txt", "--lang", lang, "--output", "-"]);
    assert_eq!(run.code, 0, "{lang}: {}", run.stderr);
    assert!(!run.stderr.contains("no labels"), "{lang}: {}", run.stderr);
    run.stdout
}

fn date(text: &str) -> PartialDate {
    PartialDate::parse(text).unwrap()
}

fn labels_of(tag: &str) -> &'static Labels {
    let labels = labels::for_lang(tag).unwrap();
    assert_eq!(labels.lang, tag);
    labels
}

#[test]
fn every_language_prints_every_section_in_its_own_words() {
    let cv = Scratch::new(EVERY_SECTION);
    let seed = root().join("data/cv.yaml");
    for &tag in LANGUAGES {
        let labels = labels_of(tag);
        let out = text(cv.data_str(), tag);
        for key in labels::SectionTitles::keys() {
            let title = labels.sections.get(key).unwrap();
            let heading = format!("\n\n{title}\n{}\n", "=".repeat(title.chars().count()));
            assert!(out.contains(&heading), "{tag}: no heading {title:?} for {key}:\n{out}");
        }
        let ongoing = labels.range(Some(&date("2019-03")), None);
        assert!(ongoing.contains(&labels.present), "{tag}: {ongoing}");
        let ended = labels.range(Some(&date("2015-11")), Some(&date("2018-12")));
        for dates in [&ongoing, &ended] {
            assert!(out.contains(&format!("({dates})")), "{tag}: no {dates:?} in\n{out}");
        }
        let grade = format!("{}{}3.9", labels.score, labels.colon);
        assert!(out.contains(&grade), "{tag}: no {grade:?} in\n{out}");
        // The seed: its jobs under the language's heading, its years as
        // written.
        let out = text(seed.to_str().unwrap(), tag);
        let work = labels.sections.get("work").unwrap();
        assert!(out.contains(&format!("{work}\n")), "{tag}: {work}");
        let first = labels.range(Some(&date("2000")), Some(&date("2004")));
        assert!(out.contains(&format!("Warez — Script Kiddie extra scolaire ({first})")), "{tag}");
    }
}

/// Words that are the same in a language as in English, on purpose.
const SAME_AS_ENGLISH: &[(&str, &str, &str)] = &[
    ("fr", "sections.publications", "French spells it as English does"),
    ("fr", "pageOf", "French writes “Page 1/5” too"),
    ("fr", "layouts.ovni.mission", "French says “Mission” too"),
    ("es", "roles", "the Spanish plural of “rol”"),
];

/// Every word of the labels, by its path in the view (`sections.work`),
/// months as one list: the patterns of dates and the colon are no words.
fn words(labels: &Labels) -> Vec<(String, Value)> {
    fn walk(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    walk(&format!("{prefix}{key}."), value, out);
                }
            }
            _ => out.push((prefix.trim_end_matches('.').to_owned(), value.clone())),
        }
    }
    let mut out = Vec::new();
    walk("", &serde_json::to_value(labels).unwrap(), &mut out);
    out.retain(|(path, _)| {
        !matches!(path.as_str(), "lang" | "colon") && !path.starts_with("dates.")
    });
    out
}

#[test]
fn no_language_is_left_as_english_by_accident() {
    let english = words(labels::english());
    assert!(english.len() > 20, "{english:?}");
    for &tag in LANGUAGES.iter().filter(|t| **t != "en") {
        let own = words(labels_of(tag));
        assert_eq!(own.len(), english.len(), "{tag}");
        for ((path, word), (english_path, english_word)) in own.iter().zip(&english) {
            assert_eq!(path, english_path);
            let allowed = SAME_AS_ENGLISH.iter().any(|(t, p, _)| *t == tag && p == path);
            assert_eq!(word == english_word, allowed, "{tag}: {path} = {word}");
        }
    }
    // Each exception is still needed.
    for (tag, path, why) in SAME_AS_ENGLISH {
        let word = words(labels_of(tag)).into_iter().find(|(p, _)| p == path).unwrap().1;
        assert_eq!(word, english.iter().find(|(p, _)| p == path).unwrap().1, "{why}");
    }
}

#[test]
fn the_page_numbers_and_the_layouts_words_follow_the_language() {
    let seed = root().join("data/cv.yaml");
    let pages = |pdf: &[u8]| normalise(&pdf_text(pdf));
    let german = pages(&render(&seed, "classic", &["--lang", "de"]));
    let total = page_count(&render(&seed, "classic", &["--lang", "de"]));
    assert!(total > 1);
    assert!(german.contains(&format!("Seite 2/{total}")), "{german}");
    assert!(german.contains("Berufserfahrung") && !german.contains("Experience"));
    let hungarian = pages(&render(&seed, "classic", &["--lang", "hu"]));
    assert!(hungarian.contains(&format!("2/{total}. oldal")), "{hungarian}");
    let russian = pages(&render(&seed, "classic", &["--lang", "ru"]));
    assert!(russian.contains(&format!("Стр. 2/{total}")), "{russian}");
    let ovni = pages(&render(&seed, "ovni", &["--lang", "de"]));
    for word in ["EINSATZ 01", "Ende der Übertragung", "Seite 1/"] {
        assert!(ovni.contains(word), "{word}: {ovni}");
    }
}

#[test]
fn cjk_labels_print_with_a_cjk_font_and_name_the_script_without_one() {
    let seed = root().join("data/cv.yaml");
    let fonts = root().join("tests/fixtures/fonts");
    let fonts = fonts.to_str().unwrap();
    for (tag, words) in
        [("ja", ["職務経歴", "ページ"]), ("zh", ["工作经历", "第 1/"]), ("ko", ["경력", "쪽"])]
    {
        let text =
            normalise(&pdf_text(&render(&seed, "classic", &["--lang", tag, "--font-path", fonts])));
        for word in words {
            assert!(text.contains(word), "{tag}: {word} in {text}");
        }
        // Without the font: one error for the script, with the fix, before
        // anything is compiled.
        let cv = Scratch::new("basics: {name: Ada}\nwork: [{name: X, startDate: 2020-03}]\n");
        let run = cv.run(&["--lang", tag]);
        assert_eq!(run.code, 1, "{tag}: {}", run.stderr);
        assert!(run.stderr.contains("have no glyph"), "{tag}: {}", run.stderr);
        assert!(run.stderr.contains("fonts-noto-cjk"), "{tag}: {}", run.stderr);
        assert!(!run.stderr.contains("could not be displayed"), "{tag}: {}", run.stderr);
    }
    // Devanagari's font is embedded: Hindi labels print as they are.
    let cv = Scratch::new("meta: {lang: hi}\nbasics: {name: Ada}\n");
    let run = cv.run(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
