//! A cover letter in every shipped language: its own opening, closing,
//! subject, date line, title and file name, none left as English by
//! accident; a language that does not ship warns and writes English.

use cvpdf::labels::letter::{self as words, Side, Words};
use cvpdf::languages::LANGUAGES;
use serde_json::Value;

use super::*;

/// A letter in `lang` that leaves every word to the language.
fn letter_in(lang: &str) -> String {
    format!(
        "---\nto:\n  name: Claire Martin\n  organisation: Acme\n  address: |\n    12 Peace Street\n    \
         75002 Paris\nposition: DevOps engineer\ndate: 2026-12-09\nlang: {lang}\n---\nThe body.\n"
    )
}

/// A directory with a CV in one language (nothing to translate) and
/// `applications/acme.md` holding `letter`.
fn plain_project(letter: &str) -> tempfile::TempDir {
    let dir = project(letter);
    let cv = "basics: {name: Ada Lovelace, email: ada@example.org, location: {city: Lyon}}\n";
    std::fs::write(dir.path().join("cv.yaml"), cv).unwrap();
    dir
}

fn words_of(tag: &str) -> &'static Words {
    let words = words::for_lang(tag).unwrap();
    assert_eq!(words.lang, tag);
    words
}

/// What a letter in `tag`, dated 9 December 2026 from Lyon, to Claire
/// Martin, for a DevOps engineer, prints of its language's words: the
/// date line, the subject, the opening and the closing, as the letter's
/// text writes them.
fn expected(tag: &str) -> [String; 4] {
    let words = words_of(tag);
    let date = cvpdf::model::Moment { year: 2026, month: 12, day: 9, time: (0, 0, 0) };
    let subject = words.subject("DevOps engineer");
    [
        words.dateline("Lyon", &words.date(&date, None)),
        format!("{} {subject}", words.subject_label).trim().to_owned(),
        words.opening("Claire Martin"),
        // A Markdown line break: 此致 / 敬礼！
        words.closing("").replace("\\\n", "\n"),
    ]
}

#[test]
fn every_language_writes_its_letter_in_its_own_words() {
    let dir = plain_project(&letter_in("fr"));
    for &tag in LANGUAGES {
        std::fs::write(dir.path().join(format!("applications/{tag}.md")), letter_in(tag)).unwrap();
    }
    // Chinese, Japanese and Korean have no embedded font.
    let fonts = root().join("tests/fixtures/fonts");
    let fonts = ["--font-path", fonts.to_str().unwrap()];
    let run = run_in(dir.path(), &[&["apply", "applications"][..], &fonts].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let run = run_in(dir.path(), &["apply", "applications", "-f", "txt", "-o", "txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for &tag in LANGUAGES {
        let words = words_of(tag);
        let file = |under: &str, extension: &str| {
            let name = format!("Ada-Lovelace-{}.{extension}", words.letter.replace(' ', "-"));
            read(dir.path().join(under).join(tag).join(name))
        };
        let text = String::from_utf8(file("txt", "txt")).unwrap();
        for part in expected(tag) {
            assert!(text.contains(&format!("\n{part}\n")), "{tag}: no {part:?} in:\n{text}");
        }
        let pdf = file("out", "pdf");
        let doc = Document::load_mem(&pdf).unwrap();
        assert_eq!(title(&doc), words.title("Acme", "Ada Lovelace"), "{tag}");
        sides(tag, &pdf);
        // The extractor parts Devanagari's clusters; it reads right to left
        // reversed: the runs of letters, in its order, are in the PDF.
        if tag == "hi" {
            continue;
        }
        // Spaces left out: the extractor sees the gaps Typst sets between
        // Chinese and Latin text.
        let text: String = normalise(&pdf_text(&pdf)).split_whitespace().collect();
        for part in expected(tag) {
            for run in seen_runs(&part) {
                assert!(text.contains(&run), "{tag}: no {run:?} of {part:?} in:\n{text}");
            }
        }
    }
}

/// Checks where the letter in `tag` puts the recipient and the date: the
/// recipient where the language's letters have it (at the lines' start or
/// in the column at their end), the date always at their end; mirrored
/// right to left.
fn sides(tag: &str, pdf: &[u8]) {
    let placed = pdf_words(pdf);
    let x = |part: &str| placed.iter().find(|w| w.text.contains(part)).unwrap().x0;
    // The middle of an A4 page, in points.
    let middle = 297.6;
    let right_to_left = ["ar", "he", "fa"].contains(&tag);
    let at_end = words_of(tag).recipient_side == Side::End;
    assert_eq!(x("Claire") > middle, at_end != right_to_left, "{tag}: the recipient's side");
    assert_eq!(x("2026") > middle, !right_to_left, "{tag}: the date's side");
}

/// The runs of letters and digits of `part` as the extractor gives them:
/// it reads glyphs from left to right, so a right-to-left run comes
/// reversed, its lam-alef ligature whole ("لا").
fn seen_runs(part: &str) -> Vec<String> {
    let part = normalise(part);
    let runs = part.split(|c: char| !c.is_alphanumeric()).filter(|run| !run.is_empty());
    runs.map(|run| {
        let right_to_left = run.chars().any(|c| matches!(c, '\u{590}'..='\u{8ff}'));
        if right_to_left {
            run.chars().rev().collect::<String>().replace("ال", "لا")
        } else {
            run.to_owned()
        }
    })
    .collect()
}

/// Letter words that are the same in a language as in English, on purpose.
/// Patterns (`date`, `dateline`, `dateAlone`, `firstDay`) hold numbers and
/// places, not words, and `recipientSide` is a place on the page: they are
/// not compared.
const SAME_AS_ENGLISH: &[(&str, &str, &str)] = &[
    ("de", "subjectLabel", "DIN 5008 sets the subject alone, in bold"),
    ("sv", "subjectLabel", "Swedish letters set the subject alone"),
    ("da", "subjectLabel", "Danish letters set the subject alone"),
    ("nb", "subjectLabel", "Norwegian letters set the subject alone"),
    ("fi", "subjectLabel", "Finnish letters set the subject alone"),
    ("pl", "subjectLabel", "Polish sets the subject alone (“Dotyczy:” wants the genitive)"),
    ("cs", "subjectLabel", "ČSN 01 6910 sets the subject alone, without “Věc:”"),
    ("ja", "subjectLabel", "a Japanese cover letter's subject is its own line"),
    ("zh", "subjectLabel", "a Chinese cover letter has no subject label"),
];

/// The letter's words by their key, but the patterns that are no words.
fn letter_words(words: &Words) -> Vec<(String, Value)> {
    let Value::Object(map) = serde_json::to_value(words).unwrap() else { panic!() };
    let patterns = ["date", "dateline", "dateAlone", "firstDay", "subjectElided", "recipientSide"];
    map.into_iter().filter(|(key, _)| !patterns.contains(&key.as_str())).collect()
}

#[test]
fn no_letter_is_left_as_english_by_accident() {
    let english = letter_words(words::english());
    assert_eq!(english.len(), 10, "{english:?}");
    for &tag in LANGUAGES.iter().filter(|t| **t != "en") {
        let own = letter_words(words_of(tag));
        assert_eq!(own.len(), english.len(), "{tag}");
        for ((key, word), (english_key, english_word)) in own.iter().zip(&english) {
            assert_eq!(key, english_key);
            let allowed = SAME_AS_ENGLISH.iter().any(|(t, k, _)| *t == tag && k == key);
            assert_eq!(word == english_word, allowed, "{tag}: {key} = {word}");
        }
    }
    for (tag, key, why) in SAME_AS_ENGLISH {
        let own = letter_words(words_of(tag)).into_iter().find(|(k, _)| k == key).unwrap().1;
        assert_eq!(own, english.iter().find(|(k, _)| k == key).unwrap().1, "{why}");
    }
    assert!(LANGUAGES.iter().all(|tag| words::for_lang(tag).is_some()));
}

#[test]
fn a_letter_in_a_language_that_does_not_ship_warns_and_writes_english() {
    let dir = plain_project(&letter_in("eo"));
    let run = run_in(dir.path(), &["apply", "applications/acme.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("no labels for language `eo`; using English").count(),
        1,
        "{}",
        run.stderr
    );
    let text = normalise(&pdf_text(&read(dir.path().join("out/acme/Ada-Lovelace-Letter.pdf"))));
    assert!(text.contains("Dear Claire Martin,") && text.contains("Yours sincerely,"), "{text}");
}
