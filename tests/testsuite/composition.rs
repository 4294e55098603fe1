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
/// headings, regular, italic and bold.
fn zoo(dir: &Path) -> String {
    let words = every_held_character();
    let quoted = |list: &[String]| list.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>();
    let half = words.len() / 2;
    let yaml = format!(
        "basics:\n  name: Zoë Ĳsselmeer\n  label: Ingénieure ΔΣ\n  summary: \"{}\"\nwork:\n  - name: \"{}\"\n    position: \"{}\"\n    startDate: 2020-01\n    summary: \"*{}* **{}**\"\n    highlights: [{}]\nskills:\n  - name: \"{}\"\n    keywords: [{}]\n",
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

/// The decompressed content of each page: the glyphs drawn and where.
fn page_contents(pdf: &[u8]) -> Vec<Vec<u8>> {
    let doc = readable(pdf);
    doc.get_pages().values().map(|&id| doc.get_page_content(id).expect("page content")).collect()
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
        assert_eq!(off, on, "{}: composition changed a glyph", builtin.name);
    }
}
