//! The `sidebar` layout: its reading order by both text extractors and by
//! the tag tree, the band on the first page only, nothing out of its
//! column, and fitting.
//!
//! The reading order it promises (layouts/sidebar.typ): the name and the
//! headline, then the band (contacts, then its short sections), then the
//! main column (the summary's title and text, then the other sections),
//! each column whole and in the view's order.

use std::path::{Path, PathBuf};

use lopdf::{Document, Object};

use crate::common::*;

/// The band's width and the gutter after it, in points (layouts/sidebar.typ).
pub const BAND: f64 = 6.6 / 2.54 * 72.0;
pub const GUTTER: f64 = 0.8 / 2.54 * 72.0;

fn inputs() -> Vec<PathBuf> {
    let mut files = vec![root().join("data/cv.yaml")];
    let dir = root().join("tests/fixtures/jsonresume");
    let mut json: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    json.sort();
    files.extend(json);
    files
}

/// The view of a CV, as `cvpdf eject` writes it.
pub fn view(data: &Path) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    let run = run(&["eject", project.to_str().unwrap(), "--data", data.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&std::fs::read_to_string(project.join("cv.json")).unwrap()).unwrap()
}

/// The section titles in the promised order: the band's (compact
/// sections), the summary's when there is one, then the others.
fn heading_order(view: &serde_json::Value) -> Vec<String> {
    let sections = view["sections"].as_array().unwrap();
    let title = |s: &serde_json::Value| s["title"].as_str().unwrap().to_owned();
    let mut titles: Vec<String> =
        sections.iter().filter(|s| s["kind"] == "compact").map(title).collect();
    if !view["header"]["summary"].as_array().unwrap().is_empty() {
        titles.push(view["labels"]["sections"]["summary"].as_str().unwrap().to_owned());
    }
    titles.extend(sections.iter().filter(|s| s["kind"] != "compact").map(title));
    titles
}

/// The texts a reader meets in order: name, headline, first contact, then
/// the headings.
pub fn reading_order(view: &serde_json::Value) -> Vec<String> {
    let header = &view["header"];
    let mut order = vec![header["name"].as_str().unwrap().to_owned()];
    let label = header["label"].as_str().unwrap();
    if !label.is_empty() {
        order.push(label.to_owned());
    }
    if let Some(contact) = header["contacts"].as_array().unwrap().first() {
        order.push(contact["text"].as_str().unwrap().to_owned());
    }
    order.extend(heading_order(view));
    order
}

/// Where each of `parts` first appears in `text`, in order, or a panic.
pub fn assert_in_order(text: &str, parts: &[String], what: &str) {
    let text = normalise(text);
    let mut from = 0;
    for part in parts {
        let part = normalise(part);
        let at = text[from..].find(&part).unwrap_or_else(|| {
            panic!("{what}: `{part}` missing or out of order in:\n{}", &text[from..])
        });
        from += at + part.len();
    }
}

#[test]
fn both_extractors_read_the_name_then_the_band_then_the_main_column() {
    for data in inputs() {
        let name = data.file_name().unwrap().to_string_lossy().into_owned();
        let order = reading_order(&view(&data));
        let pdf = render(&data, "sidebar", &[]);
        assert_in_order(&pdf_text(&pdf), &order, &format!("{name} (pdf-extract)"));
        band_is_one_block(&pdf).unwrap_or_else(|e| panic!("{name}: {e}"));
        match pdftotext(&pdf) {
            Some(poppler) => assert_in_order(&poppler, &order, &format!("{name} (pdftotext)")),
            None => unavailable("pdftotext"),
        }
    }
}

/// The structure elements under `object`, depth first: each heading's
/// title (`/T`), and each marked-content reference as (page, MCID).
fn walk(doc: &Document, object: &Object, page: Option<u32>, out: &mut Walked) {
    match resolve(doc, object) {
        Object::Array(kids) => kids.iter().for_each(|k| walk(doc, k, page, out)),
        Object::Integer(mcid) => out.content.push((page.unwrap(), *mcid)),
        Object::Dictionary(dict) => {
            let page = dict
                .get(b"Pg")
                .ok()
                .and_then(|p| p.as_reference().ok())
                .map_or(page, |id| Some(out.pages[&id]));
            if let Ok(Object::Name(tag)) = dict.get(b"S")
                && tag.starts_with(b"H")
                && tag.len() == 2
            {
                out.headings.push(text_of(doc, dict.get(b"T").unwrap()));
            }
            if let Ok(mcid) = dict.get(b"MCID").and_then(Object::as_i64) {
                out.content.push((page.unwrap(), mcid));
            } else if let Ok(kids) = dict.get(b"K") {
                walk(doc, kids, page, out);
            }
        }
        _ => {}
    }
}

#[derive(Default)]
struct Walked {
    pages: std::collections::HashMap<lopdf::ObjectId, u32>,
    headings: Vec<String>,
    content: Vec<(u32, i64)>,
}

#[test]
fn the_tag_tree_reads_as_the_text_does() {
    for data in inputs() {
        let name = data.file_name().unwrap().to_string_lossy().into_owned();
        let view = view(&data);
        let doc = Document::load_mem(&render(&data, "sidebar", &[])).unwrap();
        let pages = doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
        let mut walked = Walked { pages, ..Walked::default() };
        let root = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap();
        let root = resolve(&doc, root).as_dict().unwrap();
        walk(&doc, root.get(b"K").unwrap(), None, &mut walked);
        assert_eq!(walked.headings, heading_order(&view), "{name}");
        // The tree visits the marked content in the order the pages hold
        // it, which is the order pdf-extract reads.
        let mut sorted = walked.content.clone();
        sorted.sort();
        assert!(walked.content.len() > 20, "{name}: {:?}", walked.content);
        assert_eq!(walked.content, sorted, "{name}: the tag tree reads out of order");
    }
}

/// Checks that every word of `pdf` stays in its column: on the first page,
/// the band's words left of its inner edge and the main column's right of
/// the gutter (the header above spans both); on later pages, none in the
/// band. Returns the number of words in the band.
fn assert_columns(pdf: &[u8], what: &str) -> usize {
    let words = pdf_words(pdf);
    let top = words.iter().find(|w| w.size < 13.0 && w.page == 1).map_or(0.0, |w| w.y);
    let mut in_band = 0;
    for w in &words {
        if w.page == 1 && w.y <= top {
            continue;
        }
        if w.x0 < BAND {
            assert_eq!(w.page, 1, "{what}: {w:?} in the band after page 1");
            assert!(w.x1 <= BAND, "{what}: {w:?} runs out of the band");
            in_band += 1;
        } else {
            assert!(w.x0 >= BAND + GUTTER - 1.0, "{what}: {w:?} in the gutter");
        }
    }
    let (_, outside) = pdf_pages_and_outside(pdf, 34.0);
    assert!(outside.is_empty(), "{what}: text off the page or in its margins: {outside:?}");
    in_band
}

#[test]
fn the_band_is_on_the_first_page_only_and_nothing_leaves_its_column() {
    let seed = render_seed("sidebar");
    assert!(page_count(&seed) > 2);
    assert!(assert_columns(&seed, "seed") >= 6, "the seed's contacts are in the band");
    for data in ["long-career.yaml", "long-urls.yaml", "long-words.yaml"] {
        let pdf = render(&root().join("tests/realworld").join(data), "sidebar", &[]);
        assert_columns(&pdf, data);
    }
}

/// A CV with more skills than the band holds: those that do not fit go to
/// the main column, in order, and nothing is lost.
#[test]
fn short_sections_the_band_cannot_hold_go_to_the_main_column() {
    let mut yaml = String::from(
        "meta: {lang: en}\nbasics:\n  name: Ada Lovelace\n  label: Programmer\n  email: ada@example.org\nwork:\n  - {name: Analytical Engine, position: Programmer, startDate: \"1842\"}\nskills:\n",
    );
    for i in 0..40 {
        yaml += &format!(
            "  - {{name: Skill {i}, level: Expert, keywords: [alpha {i}, beta {i}, gamma {i}]}}\n"
        );
    }
    yaml +=
        "languages:\n  - {language: English, fluency: Native}\ninterests:\n  - {name: Poetry}\n";
    let cv = Scratch::new(&yaml);
    let result = cv.run(&["--layout", "sidebar"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let pdf = cv.pdf();
    // The band keeps the contacts; the skills, too many for it, and the
    // sections after them go to the main column, to keep the data's order.
    assert!(assert_columns(&pdf, "forty skills") >= 1);
    let text = normalise(&pdf_text(&pdf));
    for i in 0..40 {
        assert!(text.contains(&format!("Skill {i} ")), "skill {i} lost");
    }
    let order = ["Ada Lovelace", "Experience", "Analytical Engine", "Skills", "Skill 0 "];
    assert_in_order(&text, &order.map(str::to_owned), "forty skills");
    assert_in_order(&text, &["Skills", "Languages", "Interests"].map(str::to_owned), "order");
}

#[test]
fn max_pages_fits_the_sidebar_layout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let out = out.to_str().unwrap();
    let result = run(&["--layout", "sidebar", "--max-pages", "2", "--output", out]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stderr.contains("sidebar: fitted by"), "{}", result.stderr);
    let pdf = std::fs::read(out).unwrap();
    assert_eq!(page_count(&pdf), 2);
    assert_columns(&pdf, "seed on two pages");
}

/// Whether the band of page 1 is one block of text to pdftotext, which then
/// reads it whole before the main column: its lines, after the header's,
/// are of one size (within poppler's 5 %), and no two consecutive baselines
/// are 1.5 of that size apart or more (poppler's limit for a block). The
/// band is on the left, or on the right where the main column's lines end
/// at its edge (a right-to-left CV).
///
/// # Errors
///
/// What breaks the block: a line of another size, or a gap, with its words.
pub fn band_is_one_block(pdf: &[u8]) -> Result<(), String> {
    let doc = Document::load_mem(pdf).unwrap();
    let page = doc.get_pages()[&1];
    let media = doc.get_dictionary(page).unwrap().get(b"MediaBox").unwrap().as_array().unwrap();
    let width = media[2].as_float().unwrap_or_else(|_| media[2].as_i64().unwrap() as f32) as f64;
    let words: Vec<Word> = pdf_words(pdf).into_iter().filter(|w| w.page == 1).collect();
    let near = |a: f64, b: f64| (a - b).abs() < 1.0;
    let main_ltr = words.iter().filter(|w| near(w.x0, BAND + GUTTER)).count();
    let main_rtl = words.iter().filter(|w| near(w.x1, width - BAND - GUTTER)).count();
    let in_band = |w: &&Word| match main_ltr >= main_rtl {
        true => w.x1 <= BAND,
        false => w.x0 >= width - BAND,
    };
    // Lines of the band's column, top to bottom: (baseline, size, words).
    let mut lines: Vec<(f64, f64, String)> = Vec::new();
    for word in words.iter().filter(in_band) {
        match lines.iter_mut().find(|(y, ..)| near(*y, word.y)) {
            Some(line) => line.2 += &format!(" {}", word.text),
            None => lines.push((word.y, word.size, word.text.clone())),
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    let size = lines.iter().map(|l| l.1).fold(f64::INFINITY, f64::min);
    // The header's lines (the name, the headline) come first, larger.
    let band = &lines[lines.iter().position(|l| near(l.1, size)).unwrap_or(0)..];
    for pair in band.windows(2) {
        let ((y0, _, _), (y1, s1, text)) = (&pair[0], &pair[1]);
        if (s1 - size).abs() > 0.05 * size {
            return Err(format!("`{text}` is {s1:.2} pt in a band of {size:.2} pt"));
        }
        if y1 - y0 >= 1.5 * size {
            return Err(format!("`{text}` is {:.1} pt below the line before it", y1 - y0));
        }
    }
    Ok(())
}
