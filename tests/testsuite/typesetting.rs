//! How lines are set: dates beside their entry, word spaces in the header.

use crate::common::*;

/// The words of a PDF sorted as read: page, baseline, left to right.
fn words_in_lines(pdf: &[u8]) -> Vec<Word> {
    let mut words = pdf_words(pdf);
    words.sort_by(|a, b| {
        (a.page, (a.y * 10.0).round(), a.x0)
            .partial_cmp(&(b.page, (b.y * 10.0).round(), b.x0))
            .unwrap()
    });
    words
}

/// The first word that is `text`.
fn find<'a>(words: &'a [Word], text: &str, layout: &str) -> &'a Word {
    let found = words.iter().find(|w| w.text == text);
    found.unwrap_or_else(|| panic!("{layout}: no word {text:?} in {words:?}"))
}

/// Two jobs alike but for their dates, which take one line ("2013 – 2019")
/// or two ("sept. 2019 –" / "févr. 2023") in the date columns, and degrees
/// whose titles wrap beside two-line dates: a newcomer's, whose classic
/// title line was cut "don-" / "nées", and a longer one.
const DATES_CV: &str = "meta: {lang: fr}
basics: {name: Camille Morel}
work:
  - {name: Clinique du Parc, position: Infirmière, startDate: \"2019-09\", endDate: \"2023-02\", summary: Coordination des sorties.}
  - {name: Clinique du Val, position: Infirmière, startDate: \"2013\", endDate: \"2019\", summary: Soins aux patients.}
education:
  - institution: Université Claude Bernard Lyon 1
    studyType: Diplôme universitaire
    area: Statistique et science des données
    startDate: \"2021-09\"
    endDate: \"2022-06\"
  - institution: Université Lumière Lyon 2
    studyType: Diplôme universitaire
    area: Statistique et science des données appliquées aux organisations hospitalières interdépartementales et pluridisciplinaires
    startDate: \"2021-09\"
    endDate: \"2022-06\"
";

#[test]
fn dates_on_two_lines_push_nothing_down_and_a_wrapped_title_has_no_blank_line() {
    let cv = Scratch::new(DATES_CV);
    for layout in builtin_layouts() {
        let result = cv.run(&["--layout", layout]);
        assert_eq!(result.code, 0, "{layout}: {}", result.stderr);
        let words = words_in_lines(&cv.pdf());
        // The summary is as far below its title whether the dates beside
        // them take one line or two.
        let below = |title: &str, summary: &str| {
            find(&words, summary, layout).y - find(&words, title, layout).y
        };
        let (two, one) = (below("Parc", "Coordination"), below("Val", "Soins"));
        assert!(
            (two - one).abs() < 0.5,
            "{layout}: the summary is {two:.1} pt below its title beside two-line dates, {one:.1} pt beside one-line dates"
        );
        // Title lines are never hyphenated (Typst writes a hyphenation's
        // hyphen as a soft hyphen).
        let first = find(&words, "Claude", layout);
        let column = find(&words, "Université", layout).x0 - 1.0;
        let titles = words.iter().filter(|w| w.page == first.page && w.y >= first.y);
        let cut: Vec<&str> = titles
            .filter(|w| w.x0 >= column && w.text.ends_with(['-', '\u{ad}']))
            .map(|w| w.text.as_str())
            .collect();
        assert!(cut.is_empty(), "{layout}: hyphenated in a title line: {cut:?}");
        // The lines of a title follow each other: none is left empty.
        let title = find(&words, "Lumière", layout);
        let mut baselines: Vec<f64> = words
            .iter()
            .filter(|w| w.page == title.page && w.y >= title.y && w.x0 >= column)
            .map(|w| w.y)
            .collect();
        baselines.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        assert!(baselines.len() >= 2, "{layout}: the title does not wrap: {baselines:?}");
        for pair in baselines.windows(2) {
            assert!(
                pair[1] - pair[0] < 1.6 * title.size,
                "{layout}: lines {:.1} pt apart in the wrapped title, at {baselines:?}",
                pair[1] - pair[0]
            );
        }
    }
}

#[test]
fn word_spaces_in_a_place_are_even_however_it_is_aligned() {
    // Each part ends with a comma, and compounds are kept whole as boxes,
    // which the onepage header sets flush right.
    let cv = Scratch::new(
        "basics:
  name: Camille Morel
  email: camille.morel@example.fr
  location: {city: Saint-Étienne, region: Auvergne-Rhône-Alpes, countryCode: FR}
",
    );
    let place = ["Saint-Étienne,", "Auvergne-Rhône-Alpes,", "FR"];
    for layout in builtin_layouts() {
        let result = cv.run(&["--layout", layout]);
        assert_eq!(result.code, 0, "{layout}: {}", result.stderr);
        let words = words_in_lines(&cv.pdf());
        let at = words.windows(3).find(|w| w.iter().map(|w| w.text.as_str()).eq(place));
        let Some(found) = at else {
            let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
            panic!("{layout}: no {place:?} with a space between each: {texts:?}")
        };
        // The spaces of one line: a narrow column (sidebar's band) may
        // wrap the place.
        let spaces: Vec<f64> = found
            .windows(2)
            .filter(|p| (p[1].y - p[0].y).abs() < 1.0)
            .map(|p| (p[1].x0 - p[0].x1) / p[0].size)
            .collect();
        let even = spaces.windows(2).all(|s| (s[0] - s[1]).abs() < 0.05);
        assert!(
            !spaces.is_empty() && spaces.iter().all(|s| (0.15..0.45).contains(s)) && even,
            "{layout}: spaces of {spaces:.2?} em in {place:?}"
        );
    }
}

/// A job with `points` highlights of one line each, then a short table.
fn table_after(points: usize) -> String {
    let mut yaml = "basics: {name: Camille Morel}\nwork:\n  - name: Alpha\n    startDate: \"2001\"\n    highlights:\n".to_owned();
    for i in 0..points {
        yaml += &format!("      - Point {i} of the job.\n");
    }
    yaml + "interests:
  - {name: Running, keywords: [marathon]}
  - {name: Music, keywords: [piano]}
  - {name: Chess, keywords: [blitz]}
"
}

#[test]
fn a_short_table_is_never_split_across_pages() {
    for layout in unlimited_layouts() {
        // The highlights that fill the first page, found by printing more.
        let pdf = render(&Scratch::new(&table_after(80)).data, layout, &[]);
        let fill = pdf_words(&pdf).iter().filter(|w| w.page == 1 && w.text == "Point").count();
        // The table then comes at each height near the page's end.
        for points in fill.saturating_sub(5)..=fill {
            let pdf = render(&Scratch::new(&table_after(points)).data, layout, &[]);
            let rows: Vec<usize> = pdf_words(&pdf)
                .iter()
                .filter(|w| ["Running", "Music", "Chess"].contains(&w.text.as_str()))
                .map(|w| w.page)
                .collect();
            assert!(
                rows.len() == 3 && rows.iter().all(|p| *p == rows[0]),
                "{layout}, {points} highlights: the table's rows are on pages {rows:?}"
            );
        }
    }
}

/// A hyphenated compound is kept whole on its line, and the quotes around
/// it are the language's, as around any word: the rule that keeps it whole
/// took them in, and printed them straight, as did the rule that breaks a
/// word too wide for its column, for a compound of 19 characters or more.
#[test]
fn quotes_around_a_compound_are_typographic() {
    for (lang, open, close) in [("en", '\u{201c}', '\u{201d}'), ("fr", '\u{ab}', '\u{bb}')] {
        let cv = Scratch::new(&format!(
            "meta: {{lang: {lang}}}\nbasics:\n  name: Alex Test\n  summary: Uses \"GitLab-CI\" daily, and 'Kubernetes-Operator'.\nwork:\n  - name: Acme\n    highlights: [\"Wrote \\\"Kubernetes-Operator-Controller-Manager\\\" twice\"]\n"
        ));
        for layout in builtin_layouts() {
            let run = cv.run(&["--layout", layout]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let text = pdf_text(&cv.pdf());
            assert!(
                !text.contains('"') && !text.contains('\''),
                "{lang} {layout}: straight: {text}"
            );
            let quoted =
                text.split(open).nth(1).and_then(|rest| rest.split(close).next()).unwrap_or("");
            assert_eq!(
                quoted.trim_matches(|c: char| c.is_whitespace() || c == '\u{202f}'),
                "GitLab-CI",
                "{lang} {layout}: {text}"
            );
        }
    }
}

/// A compound with an apostrophe ("90's-era") is one word: never parted at
/// its apostrophe, at a line's end, as once its quote marks were left out.
#[test]
fn a_compound_with_an_apostrophe_stays_on_one_line() {
    let cv = Scratch::new(&format!(
        "basics:\n  name: Alex Test\n  summary: \"{}\"\n",
        vec!["the 90's-era tools"; 120].join(", ")
    ));
    for layout in builtin_layouts() {
        let run = cv.run(&["--layout", layout, "--max-pages", "3"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = pdf_text(&cv.pdf());
        assert_eq!(normalise(&text).matches("90's-era").count(), 120, "{layout}: {text}");
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with("s-era")),
            "{layout}: parted: {text}"
        );
    }
}
