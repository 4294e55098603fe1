//! Trustworthy output: PDF standards, metadata, navigation, links, and text
//! that applicant-tracking systems extract intact.

use std::collections::BTreeSet;

use crate::common::*;
use lopdf::Document;

fn catalog(doc: &Document) -> &lopdf::Dictionary {
    doc.catalog().expect("a catalog")
}

/// The XMP metadata of a PDF, as text.
fn xmp(doc: &Document) -> String {
    let metadata = resolve(doc, catalog(doc).get(b"Metadata").unwrap()).as_stream().unwrap();
    let content = metadata.decompressed_content().unwrap_or_else(|_| metadata.content.clone());
    String::from_utf8_lossy(&content).into_owned()
}

fn info(doc: &Document, key: &[u8]) -> String {
    let info = resolve(doc, doc.trailer.get(b"Info").unwrap()).as_dict().unwrap();
    info.get(key).map(|v| text_of(doc, v)).unwrap_or_default()
}

#[test]
fn every_layout_conforms_to_pdf_a_2a_and_pdf_ua_1_by_default() {
    let mut inputs = vec![root().join("data/cv.yaml")];
    inputs.extend(
        std::fs::read_dir(root().join("tests/fixtures/jsonresume"))
            .unwrap()
            .flatten()
            .map(|e| e.path()),
    );
    for data in &inputs {
        for layout in builtin_layouts() {
            let pdf = render(data, layout, &[]);
            let doc = Document::load_mem(&pdf).unwrap();
            let xmp = xmp(&doc);
            assert!(
                xmp.contains("<pdfaid:part>2</pdfaid:part>")
                    && xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
                "{layout} {}",
                data.display()
            );
            assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{layout} {}", data.display());
            let mark_info =
                resolve(&doc, catalog(&doc).get(b"MarkInfo").unwrap()).as_dict().unwrap();
            assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap(), "tagged");
            assert!(catalog(&doc).get(b"StructTreeRoot").is_ok(), "a structure tree");
        }
    }
}

#[test]
fn pdf_standard_option_changes_or_disables_conformance() {
    let data = root().join("data/cv.yaml");
    let none = Document::load_mem(&render(&data, "classic", &["--pdf-standard", "none"])).unwrap();
    let none_xmp = catalog(&none).get(b"Metadata").map(|_| xmp(&none)).unwrap_or_default();
    assert!(!none_xmp.contains("pdfaid"), "no PDF/A claim with none");
    let b = Document::load_mem(&render(&data, "classic", &["--pdf-standard", "a-2b"])).unwrap();
    assert!(
        xmp(&b).contains("<pdfaid:conformance>B</pdfaid:conformance>")
            && !xmp(&b).contains("pdfuaid")
    );
    let embedded = Document::load_mem(&render(&data, "classic", &["--embed-source"])).unwrap();
    assert!(xmp(&embedded).contains("<pdfaid:part>3</pdfaid:part>"), "attachments need PDF/A-3");
    let clash = run(&["--pdf-standard", "a-4,ua-1"]);
    assert_eq!(clash.code, 2);
    assert!(clash.stderr.contains("PDF/A-4 and PDF/UA-1"), "{}", clash.stderr);
    assert_eq!(run(&["--pdf-standard", "a-9z"]).code, 2);
}

#[test]
fn metadata_comes_from_the_data() {
    let doc = Document::load_mem(&render_seed("classic")).unwrap();
    assert_eq!(info(&doc, b"Title"), "James — CV");
    assert_eq!(info(&doc, b"Author"), "James");
    assert_eq!(info(&doc, b"Subject"), "DevOps");
    assert_eq!(text_of(&doc, catalog(&doc).get(b"Lang").unwrap()), "fr");
    assert!(info(&doc, b"CreationDate").starts_with("D:20261128"));

    let skilled = Document::load_mem(&render(
        &root().join("tests/fixtures/jsonresume/senior-engineer.resume.json"),
        "classic",
        &[],
    ))
    .unwrap();
    let keywords = info(&skilled, b"Keywords");
    for skill in ["Distributed Systems", "Consensus", "Kafka"] {
        assert!(keywords.contains(skill), "keywords lack {skill}: {keywords}");
    }
    assert_eq!(text_of(&skilled, catalog(&skilled).get(b"Lang").unwrap()), "en");
}

#[test]
fn the_outline_has_one_entry_per_section() {
    for layout in builtin_layouts() {
        let doc = Document::load_mem(&render_seed(layout)).unwrap();
        assert_eq!(
            outline_titles(&doc),
            [
                "Expérience professionnelle",
                "Contributions",
                "Soft skills",
                "Prétentions salariales",
                "OVNI"
            ],
            "{layout}"
        );
    }
}

#[test]
fn real_addresses_are_links_and_placeholders_are_not() {
    let seed = std::fs::read_to_string(fixture("seed.md")).unwrap();
    let expected: BTreeSet<String> = seed
        .split('<')
        .skip(1)
        .filter_map(|s| s.split_once('>').map(|(url, _)| url.to_owned()))
        .filter(|url| url.starts_with("https://"))
        .collect();
    assert_eq!(expected.len(), 8);
    for layout in builtin_layouts() {
        let links = link_targets(&render_seed(layout));
        let found: BTreeSet<String> = links.iter().cloned().collect();
        for url in &expected {
            assert!(found.contains(url), "{layout}: {url} is not a link");
        }
        assert!(
            links.iter().all(|u| u.starts_with("https://") || u.starts_with("mailto:")),
            "{layout}: {links:?}"
        );
        assert!(
            !links.iter().any(|u| u.is_empty() || u.contains('#')),
            "{layout}: a placeholder became a link"
        );
    }
    let email =
        render(&root().join("tests/fixtures/jsonresume/sample.resume.json"), "classic", &[]);
    assert!(link_targets(&email).contains(&"mailto:richard.hendriks@mail.com".to_owned()));
}

/// Where each of `parts` first appears in `text`, in order, or a panic
/// naming the part that is missing or out of order.
fn assert_in_order(text: &str, parts: &[&str], what: &str) {
    let mut from = 0;
    for part in parts {
        let at = text[from..]
            .find(part)
            .unwrap_or_else(|| panic!("{what}: `{part}` missing or out of order"));
        from += at + part.len();
    }
}

#[test]
fn text_extracts_in_data_order() {
    let order = [
        "James",
        "DevOps",
        "Atteint d'une calvitie",
        "Expérience professionnelle",
        "Warez",
        "Jouve",
        "eZ Systems",
        "Electis NGO",
        "Contributions",
        "Soft skills",
        "Prétentions salariales",
        "OVNI",
        "Merci d'avoir lu cet OVNI",
    ];
    // ovni is left out: its decorations (mission numbers, intercepted
    // transmissions) add words of their own between the CV's.
    for layout in builtin_layouts().filter(|&l| l != "ovni") {
        let pdf = render_seed(layout);
        assert_in_order(&normalise(&pdf_text(&pdf)), &order, layout);
        if let Some(poppler) = pdftotext(&pdf) {
            assert_in_order(&normalise(&poppler), &order, &format!("{layout} (pdftotext)"));
        } else {
            eprintln!("pdftotext not installed: poppler's order not checked");
        }
    }
    let sample =
        render(&root().join("tests/fixtures/jsonresume/sample.resume.json"), "onepage", &[]);
    assert_in_order(
        &normalise(&pdf_text(&sample)),
        &[
            "Richard Hendriks",
            "Programmer",
            "Experience",
            "Volunteering",
            "Education",
            "Awards",
            "Publications",
            "Skills",
            "Languages",
            "Interests",
            "References",
            "Projects",
        ],
        "sample onepage",
    );
}

#[test]
fn every_word_of_the_seed_extracts_intact() {
    let seed = std::fs::read_to_string(fixture("seed.md")).unwrap();
    let plain = normalise(&cvpdf::markup::plain_text(
        &cvpdf::markup::parse(&seed.replace("## ", ""), false).blocks,
    ));
    // ovni is left out: its decorations (mission numbers, intercepted
    // transmissions) add words of their own between the CV's.
    for layout in builtin_layouts().filter(|&l| l != "ovni") {
        let pdf = render_seed(layout);
        let texts = [Some(pdf_text(&pdf)), pdftotext(&pdf)];
        for (extractor, text) in ["pdf-extract", "pdftotext"].iter().zip(texts) {
            let Some(text) = text else { continue };
            let words: BTreeSet<String> =
                normalise(&text).split_whitespace().map(str::to_owned).collect();
            assert!(
                !text.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)),
                "{layout}/{extractor}: private-use (icon) glyphs"
            );
            if layout == "classic" {
                // Headings write years as 2000-2004; the layouts print a range, 2000 – 2004.
                let seed_words = plain.split_whitespace().flat_map(|w| match w.split_once('-') {
                    Some((a, b))
                        if a.len() == 4
                            && b.len() == 4
                            && w.chars().all(|c| c.is_ascii_digit() || c == '-') =>
                    {
                        vec![a, b]
                    }
                    _ => vec![w],
                });
                let missing: Vec<&str> = seed_words
                    .filter(|w| !words.contains(*w) && !normalise(&text).contains(*w))
                    .collect();
                assert!(missing.is_empty(), "{layout}/{extractor} lacks words: {missing:?}");
            }
            // onepage shows one-line summaries, so only classic has every word.
            let words = if layout == "classic" {
                &["coefficients", "professionnelle"][..]
            } else {
                &["professionnelle"]
            };
            for word in words {
                assert!(
                    normalise(&text).contains(word),
                    "{layout}/{extractor}: `{word}` is corrupted"
                );
            }
        }
    }
}

#[test]
fn ligatures_extract_as_typed() {
    let cv = Scratch::new(
        "meta: {lang: fr}\nbasics:\n  name: Ada\n  summary: Les coefficients affiche efficace offre fluide fjord.\nwork:\n  - name: Office\n    summary: Les coefficients affiche efficace offre fluide.\n",
    );
    for layout in builtin_layouts() {
        let pdf = render(&cv.data, layout, &[]);
        let texts = [Some(pdf_text(&pdf)), pdftotext(&pdf)];
        for text in texts.into_iter().flatten() {
            let text = normalise(&text);
            for word in ["coefficients", "affiche", "efficace", "offre", "fluide", "Office"] {
                assert!(text.contains(word), "{layout}: `{word}` in {text}");
            }
        }
    }
}

#[test]
fn invisible_format_controls_need_no_glyph() {
    // Bidi embeddings, overrides and isolates, the Arabic letter mark, the
    // Mongolian vowel separator, zero-width spaces, joiners and marks, word
    // joiners, tag characters, variation selectors, the soft hyphen and the
    // combining grapheme joiner print nothing: none lacks a glyph.
    let invisible = [
        '\u{202A}',
        '\u{202B}',
        '\u{202C}',
        '\u{202D}',
        '\u{202E}',
        '\u{2066}',
        '\u{2067}',
        '\u{2068}',
        '\u{2069}',
        '\u{061C}',
        '\u{180E}',
        '\u{200B}',
        '\u{200C}',
        '\u{200D}',
        '\u{200E}',
        '\u{200F}',
        '\u{2060}',
        '\u{2061}',
        '\u{2062}',
        '\u{2063}',
        '\u{2064}',
        '\u{E0001}',
        '\u{E0041}',
        '\u{E007F}',
        '\u{FE00}',
        '\u{FE0F}',
        '\u{E0100}',
        '\u{E01EF}',
        '\u{AD}',
        '\u{34F}',
    ];
    let name: String = invisible.iter().map(|c| format!("A{c}")).collect();
    let cv = Scratch::new(&format!(
        "basics:\n  name: \"{name}da\"\n  label: \"DevOps\u{2069}\u{E0020}\"\nwork:\n  - name: Acme\n    summary: \"Lift\u{200B}-off\u{FE0E}\"\n"
    ));
    let checked = run(&["check", "--strict", cv.data_str()]);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(!checked.stderr.contains("has no glyph"), "{}", checked.stderr);
    // And PDF/A-2a with PDF/UA-1, the default, takes them.
    let rendered = cv.run(&["--strict"]);
    assert_eq!(rendered.code, 0, "{}", rendered.stderr);
    let text = pdf_text(&cv.pdf());
    assert!(text.contains("DevOps"), "{text}");
}
