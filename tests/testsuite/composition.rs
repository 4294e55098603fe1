//! Glyph composition (OpenType `ccmp`), which layouts turn off for text
//! with nothing to compose (`compose_glyphs` in the view): it must change
//! no glyph of such text, in any layout and face.

use std::path::Path;

use crate::common::{self, readable, write};

/// Every character `cvpdf::view::held_whole` lets through, in words of 12,
/// for the data's fields.
fn every_held_character() -> Vec<String> {
    let chars: Vec<char> = ('\u{21}'..='\u{21FF}')
        .filter(|&c| cvpdf::view::held_whole(c) && !c.is_whitespace() && !c.is_control())
        // Characters that Markdown or YAML would read as syntax.
        .filter(|c| !"#*_`[]<>&\\|!:{}\"'%@-+=~^$".contains(*c))
        .collect();
    chars.chunks(12).map(|word| word.iter().collect()).collect()
}

/// A CV that prints every such character, in a summary, an entry's title,
/// highlights and keywords, and a skill: the layouts' faces, body and
/// headings, regular, italic and bold; and code, whose font (Fira Code)
/// raises a spacing accent after a capital.
fn zoo(dir: &Path) -> String {
    let words = every_held_character();
    let quoted = |list: &[String]| list.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>();
    let half = words.len() / 2;
    let yaml = format!(
        "basics:\n  name: Zoë Ĳsselmeer\n  label: Ingénieure ΔΣ\n  summary: \"{} `A´ E¨ O¯ C¸ Ω΄ Z`\"\nwork:\n  - name: \"{}\"\n    position: \"{}\"\n    startDate: 2020-01\n    summary: \"*{}* **{}**\"\n    highlights: [{}]\nskills:\n  - name: \"{}\"\n    keywords: [{}]\n",
        words.join(" "),
        words[0],
        words[1],
        words[..half].join(" "),
        words[half..].join(" "),
        quoted(&words[..half]).join(", "),
        words[2],
        quoted(&words[half..]).join(", "),
    );
    write(dir, "zoo.yaml", &yaml)
}

/// The decompressed content of each page (the glyphs drawn, by their
/// number in the font's subset, and where) and the embedded fonts' programs,
/// sorted: which glyphs those numbers stand for.
fn page_contents(pdf: &[u8]) -> Vec<Vec<u8>> {
    let doc = readable(pdf);
    let mut contents: Vec<Vec<u8>> = doc
        .get_pages()
        .values()
        .map(|&id| doc.get_page_content(id).expect("page content"))
        .collect();
    let mut fonts: Vec<Vec<u8>> = doc
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor"))
        .filter_map(|dict| {
            let file =
                [&b"FontFile2"[..], b"FontFile3"].iter().find_map(|key| dict.get(key).ok())?;
            let stream = doc.get_object(file.as_reference().ok()?).ok()?.as_stream().ok()?;
            stream.decompressed_content().ok()
        })
        .collect();
    fonts.sort();
    contents.extend(fonts);
    contents
}

#[test]
fn text_with_nothing_to_compose_is_shaped_without_composition() {
    let dir = tempfile::tempdir().unwrap();
    let data = zoo(dir.path());
    let out = dir.path().join("project");
    let out_dir = out.to_str().unwrap();
    let run =
        common::run(&["eject", out_dir, "--data", &data, "--pdf-standard", "none", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = std::fs::read_to_string(out.join("cv.json")).unwrap();
    assert!(json.contains("\"compose_glyphs\": false"), "the zoo needs no composition");
}

#[test]
fn turning_composition_off_changes_no_glyph_in_any_layout() {
    let dir = tempfile::tempdir().unwrap();
    let data = zoo(dir.path());
    for builtin in cvpdf::layouts::BUILTIN {
        // The layout itself, with composition turned back on after its setup.
        let (setup, rest) = builtin.source.split_once("#show: document-setup.with(").unwrap();
        let (arguments, rest) = rest.split_once("\n)\n").unwrap();
        let forced = format!(
            "{setup}#show: document-setup.with({arguments}\n)\n#set text(features: (ccmp: 1))\n{rest}"
        );
        let custom = write(dir.path(), &format!("{}-composed.typ", builtin.name), &forced);
        // Fitted as the layout is, to its page limit.
        let limit = builtin.max_pages.map(|n| n.to_string());
        let mut args = vec!["--pdf-standard", "none", "--quiet"];
        let off = common::render(Path::new(&data), builtin.name, &args);
        if let Some(limit) = &limit {
            args.extend(["--max-pages", limit]);
        }
        let on = common::render(Path::new(&data), &custom, &args);
        let (off, on) = (page_contents(&off), page_contents(&on));
        assert!(!off.is_empty(), "{}", builtin.name);
        // Not `assert_eq!`: the fonts' programs would fill the screen.
        assert!(off == on, "{}: composition changed a glyph or a font's subset", builtin.name);
    }
}

/// The text a PDF prints on its first page, glyph by glyph, with where.
fn first_page_glyphs(pdf: &[u8]) -> Vec<(String, i64, i64)> {
    common::pdf_glyphs(pdf)
        .into_iter()
        .filter(|g| g.page == 1)
        .map(|g| (g.text, (g.x * 100.0).round() as i64, (g.y * 100.0).round() as i64))
        .collect()
}

#[test]
fn a_custom_layout_always_gets_composition() {
    // Its own text and fonts are out of the view's sight.
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "cv.yaml", "basics: {name: Ada Lovelace}\n");
    let layout = write(dir.path(), "mine.typ", "#import \"common.typ\": *\n#cv.compose_glyphs\n");
    let pdf = common::render(Path::new(&data), &layout, &["--pdf-standard", "none"]);
    assert!(common::pdf_text(&pdf).contains("true"), "{}", common::pdf_text(&pdf));
}

#[test]
fn a_letter_with_marks_is_composed_alone_and_before_its_cv() {
    // The CV has nothing to compose; the letter has a "j" under an accent
    // and Arabic vowel marks. Combined, its page is the letter's own.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cv.yaml", "basics: {name: Ada Lovelace, email: ada@example.org}\n");
    std::fs::create_dir(dir.path().join("applications")).unwrap();
    let letter = "---\nto: {name: Claire Martin, organisation: Acme}\nposition: Engineer\n---\n\
                  Dear Ms Martin, Haj\u{301}ek and \u{634}\u{64e}\u{62f}\u{651}\u{64e} agree.\n";
    write(&dir.path().join("applications"), "acme.md", letter);
    let args = ["apply", "applications/acme.md", "--data", "cv.yaml", "--combined", "-o", "out"];
    let run = common::run_in(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |name: &str| std::fs::read(dir.path().join("out/acme").join(name)).unwrap();
    let alone = first_page_glyphs(&read("Ada-Lovelace-Letter.pdf"));
    let combined = first_page_glyphs(&read("Ada-Lovelace-Application.pdf"));
    assert!(!alone.is_empty());
    assert_eq!(alone, combined, "the letter's page, alone and combined");
}
