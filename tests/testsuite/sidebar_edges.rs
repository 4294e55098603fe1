//! The `sidebar` layout at its edges: more contacts and short sections than
//! the band holds, words wider than a column, and the reading order of
//! pdftotext in every shipped language.
//!
//! What the band cannot hold goes to the main column, in the data's order
//! (layouts/sidebar.typ): nothing is lost, and each column keeps its words.

use crate::common::*;
use crate::sidebar::{BAND, GUTTER, assert_in_order, reading_order};

/// A word longer than any column is wide: 58 letters.
const LONG: &str = "Donaudampfschifffahrtselektrizitaetenhauptbetriebswerkbauu";

/// The page's width, in points.
fn page_width(pdf: &[u8]) -> f64 {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = doc.get_pages()[&1];
    let media = doc.get_dictionary(page).unwrap().get(b"MediaBox").unwrap();
    media.as_array().unwrap()[2].as_float().unwrap() as f64
}

/// Checks that every word of the first page below the header stays in its
/// column, the band on the start side (the right, `rtl`), and that no word
/// of a later page is in the band. The header (the name and headline) is
/// the first words in content order. Returns how many words the
/// band holds.
fn assert_in_columns(pdf: &[u8], header: &str, rtl: bool, what: &str) -> usize {
    assert_in_band_of(pdf, BAND, header, rtl, what)
}

/// [`assert_in_columns`] for a band `band` points wide.
fn assert_in_band_of(pdf: &[u8], band: f64, header: &str, rtl: bool, what: &str) -> usize {
    let width = page_width(pdf);
    let words = pdf_words(pdf);
    // The header's words come first, one for each of its words.
    let header = header.split_whitespace().count();
    assert!(words[..header].iter().all(|w| w.page == 1 && w.size > 11.0), "{what}: {words:?}");
    let (band_in, band_out) = if rtl { (width - band, width) } else { (0.0, band) };
    let mut in_band = 0;
    for w in &words[header..] {
        let band_side = if rtl { w.x1 > band_in } else { w.x0 < band_out };
        if band_side {
            assert_eq!(w.page, 1, "{what}: {w:?} in the band after page 1");
            assert!(
                w.x0 >= band_in - 0.5 && w.x1 <= band_out + 0.5,
                "{what}: {w:?} out of the band"
            );
            in_band += 1;
        } else {
            // Punctuation hangs out of a line, as Typst's `overhang` sets it.
            let punctuation = |c: char| c.is_ascii_punctuation() || "“”‘’«»–—".contains(c);
            let hangs = w.text.ends_with(punctuation) || w.text.starts_with(punctuation);
            let slack = if hangs { 0.6 * w.size } else { 1.0 };
            let inside = if rtl {
                w.x1 <= width - band - GUTTER + slack
            } else {
                w.x0 >= band + GUTTER - slack
            };
            assert!(inside, "{what}: {w:?} in the gutter");
        }
    }
    let (_, outside) = pdf_pages_and_outside(pdf, 34.0);
    assert!(outside.is_empty(), "{what}: text off the page or in its margins: {outside:?}");
    in_band
}

/// Both extractors read every text of `texts` in that order, spaces aside:
/// pdf-extract, and pdftotext where it is installed, but for a right-to-left
/// CV (`what` ends with ", he") of Latin text, which poppler reads from the
/// left column.
fn assert_read(pdf: &[u8], texts: &[&str], what: &str) {
    let squeezed = |t: &str| normalise(t).replace(' ', "");
    let in_order = |text: &str, extractor: &str| {
        let whole = squeezed(text);
        let mut from = 0;
        for part in texts {
            let part = squeezed(part);
            let at = whole[from..].find(&part).unwrap_or_else(|| {
                panic!("{what} ({extractor}): `{part}` lost or out of order in {}", &whole[from..])
            });
            from += at + part.len();
        }
    };
    in_order(&pdf_text(pdf), "pdf-extract");
    if what.ends_with(", he") {
        return;
    }
    match pdftotext(pdf) {
        Some(poppler) => in_order(&poppler, "pdftotext"),
        None => unavailable("pdftotext"),
    }
}

/// A CV whose band has more than a page of contacts and short sections:
/// 60 profiles, a long place, many languages and interests, skills with
/// long keyword lists, a long name and headline, and a photo asked larger
/// than the band.
fn crowded() -> (String, Vec<String>) {
    let mut texts = vec![
        "Ada Augusta King Countess of Lovelace née Byron".to_owned(),
        "Programmer, mathematician, poet of science and author of the first published algorithm for a machine".to_owned(),
    ];
    let mut yaml = String::from(
        "meta: {lang: en}\nbasics:\n  name: Ada Augusta King Countess of Lovelace née Byron\n  label: Programmer, mathematician, poet of science and author of the first published algorithm for a machine\n  image: ada.png\n  email: ada@example.org\n  phone: '+44 20 7946 0000'\n  url: https://ada.example.org\n  location: {city: Saint-Martin-in-the-Fields of the Analytical Engine Society, region: Greater London, countryCode: GB}\n  profiles:\n",
    );
    texts.extend(["ada@example.org", "+44 20 7946 0000", "ada.example.org"].map(str::to_owned));
    texts.push("Saint-Martin-in-the-Fields of the Analytical Engine Society".to_owned());
    for i in 0..60 {
        yaml += &format!(
            "    - {{network: Network{i}, username: ada{i}, url: 'https://network{i}.example.com/ada{i}'}}\n"
        );
        texts.push(format!("Network{i}"));
        texts.push(format!("network{i}.example.com/ada{i}"));
    }
    yaml +=
        "work:\n  - {name: Analytical Engine, position: Programmer, startDate: '1842'}\nskills:\n";
    texts.extend(["Experience", "Analytical Engine", "Skills"].map(str::to_owned));
    for i in 0..12 {
        let keywords: Vec<String> = (0..12).map(|k| format!("keyword{i}x{k}")).collect();
        yaml += &format!("  - {{name: Skill {i}, keywords: [{}]}}\n", keywords.join(", "));
        texts.push(format!("Skill {i}"));
        texts.extend(keywords);
    }
    yaml += "languages:\n";
    texts.push("Languages".to_owned());
    for i in 0..20 {
        yaml += &format!("  - {{language: Language{i}, fluency: Fluent}}\n");
        texts.push(format!("Language{i}"));
    }
    yaml += "interests:\n";
    texts.push("Interests".to_owned());
    for i in 0..20 {
        yaml += &format!("  - {{name: Interest{i}, keywords: [detail{i}]}}\n");
        texts.push(format!("Interest{i}"));
    }
    (yaml + "design:\n  photo: {size: 4.5cm}\n", texts)
}

#[test]
fn nothing_the_band_cannot_hold_is_lost() {
    let (yaml, texts) = crowded();
    let cv = Scratch::new(&yaml);
    let pixels =
        image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 90]));
    pixels.save(cv.dir.path().join("ada.png")).unwrap();
    for pages in [None, Some("2"), Some("1")] {
        let what = format!("crowded, --max-pages {pages:?}");
        let mut args = vec!["--layout", "sidebar"];
        args.extend(pages.map(|p| ["--max-pages", p]).into_iter().flatten());
        let run = cv.run(&args);
        if pages == Some("1") {
            // Too long for one page: refused with the reason, never cut.
            assert_eq!(run.code, 1, "{what}: {}", run.stderr);
            continue;
        }
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        let pdf = cv.pdf();
        assert!(
            assert_in_columns(&pdf, &format!("{} {}", texts[0], texts[1]), false, &what) > 20,
            "{what}: the band holds what fits"
        );
        assert_read(&pdf, &texts.iter().map(String::as_str).collect::<Vec<_>>(), &what);
        // The photo is drawn at the band's width at most (4.75 cm), not 9 cm:
        // `q W 0 0 H X Y cm /x0 Do`.
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let page = doc.get_page_content(doc.get_pages()[&1]).unwrap();
        let page = String::from_utf8_lossy(&page);
        let drawn: Vec<f64> = page
            .split(" cm")
            .zip(page.split(" cm").skip(1))
            .filter(|(_, after)| after.trim_start().starts_with("/x"))
            .filter_map(|(before, _)| before.rsplit("q ").next()?.split(' ').next()?.parse().ok())
            .collect();
        assert!(!drawn.is_empty() && drawn.iter().all(|&w| w <= 134.7), "{what}: {drawn:?}");
    }
    // Right to left, the band on the right: the same columns, mirrored, and
    // every contact printed (pdf-extract reads the Latin texts whole).
    let run = cv.run(&["--layout", "sidebar", "--lang", "he"]);
    assert_eq!(run.code, 0, "he: {}", run.stderr);
    let pdf = cv.pdf();
    assert!(assert_in_columns(&pdf, &format!("{} {}", texts[0], texts[1]), true, "he") > 20);
    let latin: Vec<&str> =
        texts.iter().map(String::as_str).filter(|t| t.contains("etwork")).collect();
    assert_read(&pdf, &latin, "crowded, he");
}

/// A band narrowed by its `band-width` option keeps its words too.
#[test]
fn a_narrow_band_keeps_its_words() {
    let yaml = long_words("en") + "design:\n  layouts:\n    sidebar: {band-width: 4cm}\n";
    let cv = Scratch::new(&yaml);
    let run = cv.run(&["--layout", "sidebar"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let band = 4.0 / 2.54 * 72.0;
    assert!(assert_in_band_of(&cv.pdf(), band, "Ada Lovelace Programmer", false, "4 cm") > 10);
}

/// A CV with a 58-letter word in every kind of text: an address, an e-mail
/// address, a profile, a place, a skill, its level and keywords, a
/// language, an interest, a title, a summary and a highlight.
fn long_words(lang: &str) -> String {
    format!(
        "meta: {{lang: {lang}}}\nbasics:\n  name: Ada Lovelace\n  label: Programmer\n  email: {LONG}@example.org\n  url: https://example.org/{LONG}\n  location: {{city: {LONG}, countryCode: DE}}\n  summary: A summary with {LONG} inside it.\n  profiles:\n    - {{network: {LONG}, username: ada, url: 'https://github.com/{LONG}_{LONG}'}}\nwork:\n  - {{name: {LONG}, position: {LONG}, startDate: '1842', summary: 'Wrote {LONG}.', highlights: ['{LONG}{LONG}']}}\nskills:\n  - {{name: {LONG}, level: {LONG}, keywords: [{LONG}, calculus]}}\nlanguages:\n  - {{language: {LONG}, fluency: Native}}\ninterests:\n  - {{name: {LONG}, keywords: ['{LONG}']}}\n"
    )
}

#[test]
fn long_words_break_inside_their_column() {
    for (lang, rtl) in [("en", false), ("he", true)] {
        let what = format!("long words, {lang}");
        let cv = Scratch::new(&long_words(lang));
        let run = cv.run(&["--layout", "sidebar"]);
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        let pdf = cv.pdf();
        let in_band = assert_in_columns(&pdf, "Ada Lovelace Programmer", rtl, &what);
        assert!(in_band > 10, "{what}: the band holds its items: {in_band} words");
        let texts = [format!("{LONG}@example.org"), format!("github.com/{LONG}_{LONG}")];
        if !rtl {
            assert_read(&pdf, &texts.iter().map(String::as_str).collect::<Vec<_>>(), &what);
        }
    }
}

/// The seed in every shipped language: both extractors read it in order.
/// Chinese, Japanese and Korean print with the tests' CJK font. Right to
/// left, pdftotext is left out for the seed, whose text is French: on a page
/// mostly left to right, poppler reads side-by-side blocks from the left,
/// whatever the layout; a Hebrew CV is read by both.
#[test]
fn both_extractors_read_the_seed_in_order_in_every_language() {
    let seed = root().join("data/cv.yaml");
    let fonts = root().join("tests/fixtures/fonts");
    let labels = std::fs::read_dir(root().join("labels")).unwrap();
    let mut langs: Vec<String> = labels
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".toml").map(str::to_owned))
        .collect();
    langs.sort();
    assert!(langs.len() >= 27, "{langs:?}");
    for lang in &langs {
        let args = ["--lang", lang.as_str(), "--font-path", fonts.to_str().unwrap()];
        let pdf = render(&seed, "sidebar", &args);
        let order = reading_order(&view_with(&seed, &args));
        // pdf-extract reads Hebrew, Arabic and Devanagari glyphs in the
        // order drawn (tests/testsuite/rtl.rs reads them by position): the
        // other texts must be in order.
        let plain: Vec<String> = order.iter().filter(|p| !is_shaped(p)).cloned().collect();
        assert_in_order(&pdf_text(&pdf), &plain, &format!("{lang} (pdf-extract)"));
        if ["ar", "fa", "he"].contains(&lang.as_str()) {
            continue;
        }
        match pdftotext(&pdf) {
            Some(poppler) => assert_in_order(&poppler, &order, &format!("{lang} (pdftotext)")),
            None => unavailable("pdftotext"),
        }
    }
    for data in ["script-he.yaml", "script-zh.json"] {
        let data = root().join("tests/realworld").join(data);
        let args = ["--font-path", fonts.to_str().unwrap()];
        let pdf = render(&data, "sidebar", &args);
        let order = reading_order(&view_with(&data, &args));
        match pdftotext(&pdf) {
            Some(poppler) => assert_in_order(&poppler, &order, &format!("{data:?} (pdftotext)")),
            None => unavailable("pdftotext"),
        }
    }
}

/// The view of a CV with command-line options, as `cvpdf eject` writes it.
fn view_with(data: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    let mut all = vec!["eject", project.to_str().unwrap(), "--data", data.to_str().unwrap()];
    all.extend(args);
    let run = run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&std::fs::read_to_string(project.join("cv.json")).unwrap()).unwrap()
}

/// Whether a text holds a letter of Hebrew, Arabic or a script of India,
/// whose glyphs pdf-extract reads in the order drawn.
fn is_shaped(text: &str) -> bool {
    text.chars().any(|c| ('\u{0590}'..='\u{0DFF}').contains(&c))
}
