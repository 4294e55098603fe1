//! Long runs of text: Typst stops at 512 matches of the layouts' regex show
//! rules in one run ("maximum grouping depth exceeded", typst/typst#6694),
//! so cvpdf cuts a long run into pieces: the Markdown's where it is parsed
//! (`markup::runs`), one-line fields in `document-setup` (`long_lines`).

use crate::common::*;
use serde_json::json;
use std::path::Path;

/// `word` `n` times, with `sep` between.
fn repeated(word: &str, n: usize, sep: &str) -> String {
    vec![word; n].join(sep)
}

/// How often `word` reads in the PDF's text, hyphenation joined.
fn occurrences(pdf: &[u8], word: &str) -> usize {
    normalise(&pdf_text(pdf)).matches(word).count()
}

/// A JSON Resume CV of `basics` fields and more top-level sections.
fn cv(basics: serde_json::Value, more: serde_json::Value) -> String {
    let mut cv = json!({ "basics": basics });
    cv.as_object_mut().unwrap().extend(more.as_object().unwrap().clone());
    cv.to_string()
}

/// Each rule's matches, past 512 in one run: compounds and product names
/// (kept whole), long words in a narrow column (`within`), quoted compounds,
/// compounds glued by slashes into one word of 2,800 bytes, abbreviations
/// in a right-to-left CV, and one-line fields (keywords, a position, a
/// headline). Each failed in every layout or in
/// the one named, and now renders in every layout; there, every word
/// prints (words that Typst does not hyphenate, so that they read back
/// whole).
#[test]
fn a_run_with_more_matches_than_typst_allows_renders_whole() {
    let job = |highlight: String| json!({ "work": [{ "name": "Acme", "position": "Dev", "startDate": "2020", "highlights": [highlight] }] });
    let named = json!({ "name": "Alex Test" });
    let exclaimed = json!({ "work": [{ "name": "Acme", "position": "Dev", "startDate": "2020",
        "summary": format!("He said \"{}now!\" ok.", "GitLab-CI ".repeat(600)),
        "highlights": vec![repeated("plain words here", 500, " "); 4] }] });
    let with_summary = |summary: String| json!({ "name": "Alex Test", "summary": summary });
    let cases = [
        ("classic", "GitLab-CI", 600, cv(with_summary(repeated("GitLab-CI", 600, " ")), json!({}))),
        ("classic", "DevOps", 600, cv(named.clone(), job(repeated("DevOps", 600, " ")))),
        (
            "sidebar",
            "kubernetes18",
            600,
            cv(
                named.clone(),
                json!({ "skills": [{ "name": "Ops", "keywords": vec!["kubernetes18"; 600] }] }),
            ),
        ),
        (
            "ovni",
            "internationalisation9",
            600,
            cv(named.clone(), job(repeated("internationalisation9", 600, " "))),
        ),
        (
            "classic",
            "GitLab-CI",
            600,
            cv(with_summary(repeated("\"GitLab-CI\"", 600, " ")), json!({})),
        ),
        ("classic", "", 0, cv(with_summary(repeated("a-b", 700, "/")), json!({}))),
        (
            "classic",
            "GitLab-CI",
            600,
            cv(
                named.clone(),
                json!({ "work": [{ "name": "Acme", "position": repeated("GitLab-CI", 600, " ") }] }),
            ),
        ),
        (
            "classic",
            "",
            0,
            cv(json!({ "name": "Alex Test", "label": repeated("DevOps", 600, " ") }), json!({})),
        ),
        // ovni repeats an exclaimed quotation in the margin, as one text.
        ("ovni", "GitLab-CI", 600, cv(named.clone(), exclaimed)),
        (
            "classic",
            "",
            0,
            cv(
                json!({ "name": "דנה לוי", "summary": format!("תואר {}", repeated("B.Sc. Ph.D. M.A.", 200, " ")) }),
                json!({ "meta": { "lang": "he" } }),
            ),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (failed, word, count, data)) in cases.iter().enumerate() {
        let data = write(dir.path(), &format!("long-{i}.json"), data);
        for layout in builtin_layouts() {
            // Room for onepage's pages: what is tested is the render.
            let pdf = render(Path::new(&data), layout, &["--max-pages", "12"]);
            if layout == *failed && !word.is_empty() {
                assert_eq!(occurrences(&pdf, word), *count, "{layout}, case {i}: {word}");
            }
        }
    }
}

/// A paragraph long enough to be cut prints as it did whole: its spaces,
/// smart quotes, apostrophes and line break kept, its words in order.
#[test]
fn a_long_paragraph_keeps_its_spaces_quotes_and_line_breaks() {
    let sentence = "GitLab-CI: l'équipe d'Alice a dit \"bonjour\" à Bob,";
    let first = repeated(sentence, 40, " ");
    let second = repeated(sentence, 40, " ");
    let summary = format!("{first}  \n{second}");
    let data =
        cv(json!({ "name": "Alex Test", "summary": summary }), json!({ "meta": { "lang": "en" } }));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "cv.json", &data);
    for layout in builtin_layouts().filter(|l| *l != "onepage") {
        let pdf = render(Path::new(&path), layout, &[]);
        let text = pdf_text(&pdf);
        assert_eq!(text.matches('\u{2019}').count(), 160, "{layout}: apostrophes");
        assert_eq!(text.matches("bonjour").count(), 80, "{layout}");
        assert!(
            !text.contains('"') && !text.contains('\''),
            "{layout}: a straight quote in {text}"
        );
        let words = normalise(&text);
        let expected = normalise(&format!("{first} {second}"));
        assert!(words.contains(&expected), "{layout}: words lost or glued:\n{words}");
        // The line break: the second half starts a line of its own.
        let lines = pdf_words(&pdf);
        let last_comma = lines.iter().filter(|w| w.text == "Bob,").nth(39).unwrap();
        let next = &lines[lines.iter().position(|w| std::ptr::eq(w, last_comma)).unwrap() + 1];
        assert!(
            next.y != last_comma.y || next.page != last_comma.page,
            "{layout}: no line break after the first half"
        );
    }
}
