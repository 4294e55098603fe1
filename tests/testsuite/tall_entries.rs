//! Entries taller than a page: layouts keep a short entry on one page, and
//! an entry kept together that is taller than a page runs off its foot,
//! its heading alone on the page before. Hundreds of keywords, courses or
//! highlights, a long reference or a title line of 900 words broke so.

use crate::common::*;
use serde_json::json;

/// The lowest a word of the body may sit on a page of `words`, in points
/// from the top: above the page number ("1/3") where there is one, else
/// 20 pt above the foot of the A4 page (842 pt).
fn lowest(words: &[Word], page: usize) -> f64 {
    let number = |w: &&Word| {
        w.page == page
            && w.text
                .split_once('/')
                .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
    };
    words.iter().filter(number).map(|w| w.y - w.size).fold(822.0, f64::min)
}

/// Each case: a CV, and a word it holds `count` times.
fn cases() -> Vec<(serde_json::Value, &'static str, usize)> {
    let name = json!({ "name": "Alex Test" });
    let keywords = vec!["kubernetes18"; 600];
    let highlights: Vec<String> = (0..300).map(|i| format!("h{i}x step")).collect();
    // A title line taller than a page: it was kept with the entry's text
    // (a sticky block), which never breaks.
    let position: String = (0..900).map(|i| format!("Engineer{i}")).collect::<Vec<_>>().join(" ");
    vec![
        (
            json!({ "basics": name, "projects": [{ "name": "P", "keywords": keywords }] }),
            "kubernetes18",
            600,
        ),
        (
            json!({ "basics": name, "education": [{ "institution": "U", "area": "CS", "courses": keywords }] }),
            "kubernetes18",
            600,
        ),
        (
            json!({ "basics": name, "skills": [{ "name": "Ops", "keywords": keywords }] }),
            "kubernetes18",
            600,
        ),
        (
            json!({ "basics": name, "references": [{ "name": "Bob", "reference": vec!["Reliable engineer who ships."; 400].join(" ") }] }),
            "Reliable",
            400,
        ),
        (
            json!({ "basics": name, "work": [{ "name": "Acme", "position": "Dev", "startDate": "2020", "highlights": highlights }] }),
            "step",
            300,
        ),
        (
            json!({ "basics": name, "work": [{ "name": "Acme", "position": position, "startDate": "2020" }] }),
            "Engineer",
            900,
        ),
    ]
}

/// Each case flows over as many pages as it takes, in every layout: every
/// word prints, none below the foot of the page's text or off the page,
/// and no page holds the heading alone.
#[test]
fn an_entry_taller_than_a_page_flows_onto_the_next() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (cv, word, count)) in cases().into_iter().enumerate() {
        let data = write(dir.path(), &format!("tall-{i}.json"), &cv.to_string());
        for layout in builtin_layouts() {
            let pdf = render(std::path::Path::new(&data), layout, &["--max-pages", "9"]);
            let (pages, outside) = pdf_pages_and_outside(&pdf, 0.0);
            assert!(outside.is_empty(), "{layout}, case {i}: off the page: {outside:?}");
            let words = pdf_words(&pdf);
            let mine: Vec<&Word> = words.iter().filter(|w| w.text.contains(word)).collect();
            assert_eq!(mine.len(), count, "{layout}, case {i}: {word}");
            let low = mine.iter().find(|w| w.y > lowest(&words, w.page));
            assert!(low.is_none(), "{layout}, case {i}: into the foot: {low:?}");
            // The first page holds some of it, not the name alone.
            assert!(
                pages[0].contains(word),
                "{layout}, case {i}: nothing on page 1:\n{}",
                pages[0]
            );
        }
    }
}

/// A CV that cannot fit names its longest parts, but not one of no length:
/// with a skill of 600 keywords kept together, the header measured a whole
/// page (the skill pushed to the next), then "0.0 pages".
#[test]
fn a_cv_too_long_is_blamed_on_its_long_part_alone() {
    let cv = json!({ "basics": { "name": "Alex Test" }, "skills": [{ "name": "Ops", "keywords": vec!["kubernetes18"; 600] }] });
    let scratch = Scratch::new(&cv.to_string());
    let run = scratch.run(&["--layout", "onepage"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("the longest part is `Skills`"), "{}", run.stderr);
    assert!(!run.stderr.contains("the header"), "{}", run.stderr);
}
