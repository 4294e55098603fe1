//! `design` in the data (README, "Design"): each option changes what every
//! layout prints, an empty `design` changes nothing, and each mistake is
//! an error at its value with a way out.

use crate::common::*;

/// A CV with dated entries in several sections and a free section.
const CV: &str = "basics:\n  name: Ada Lovelace\n  label: Analyst\n\
    work:\n  - name: Engines Ltd\n    position: Analyst\n    startDate: 2019-03\n    endDate: 2021-01\n\
    education:\n  - institution: Home School\n    area: Mathematics\n    startDate: 1830\n\
    skills:\n  - name: Notes\n    keywords: [Bernoulli]\n\
    sections:\n  - title: Links\n    id: links\n    items: [\"Her notes\"]\n";

/// `CV` with `design` (YAML, indented under it) after it.
fn with(design: &str) -> Scratch {
    Scratch::new(&format!("{CV}design:\n{design}"))
}

/// The CV as plain text, as every layout sees its sections and dates.
fn text(cv: &Scratch) -> String {
    let run = run(&["--data", cv.data_str(), "--format", "txt", "--output", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// The PDF of `cv` in `layout`.
fn pdf(cv: &Scratch, layout: &str) -> Vec<u8> {
    let run = cv.run(&["--layout", layout]);
    assert_eq!(run.code, 0, "{layout}: {}", run.stderr);
    cv.pdf()
}

/// Every page's content stream, decompressed.
fn content(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages = doc.get_pages();
    pages
        .values()
        .map(|id| String::from_utf8_lossy(&doc.get_page_content(*id).unwrap()).into_owned())
        .collect()
}

/// The base fonts of the PDF.
fn fonts(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"BaseFont").ok()?.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

#[test]
fn an_empty_design_changes_no_byte() {
    let seed = std::fs::read_to_string(root().join("data/cv.yaml")).unwrap();
    for layout in builtin_layouts() {
        let without = Scratch::new(&seed);
        let empty = Scratch::new(&format!("{seed}\ndesign: {{}}\n"));
        assert!(pdf(&without, layout) == pdf(&empty, layout), "{layout}");
    }
}

#[test]
fn colours_reach_every_layout() {
    for layout in builtin_layouts() {
        let plain = content(&pdf(&with("  {}\n"), layout));
        let red = content(&pdf(&with("  colors: {accent: red, muted: \"#00f\"}\n"), layout));
        for (colour, fill) in [("accent", "1 0 0 scn"), ("muted", "0 0 1 scn")] {
            assert!(!plain.contains(fill) && red.contains(fill), "{layout}: {colour}");
        }
    }
}

#[test]
fn fonts_reach_every_layout() {
    for layout in builtin_layouts() {
        let cv = with("  fonts: {heading: comic neue, body: Fira Code}\n");
        let fonts = fonts(&pdf(&cv, layout)).join(" ");
        assert!(fonts.contains("ComicNeue") && fonts.contains("FiraCode"), "{layout}: {fonts}");
        assert!(!fonts.contains("Libertinus"), "{layout}: {fonts}");
    }
}

#[test]
fn size_margins_and_spacing_move_the_text() {
    let words = |design: &str| pdf_words(&pdf(&with(design), "classic"));
    let plain = words("  {}\n");
    let name = |words: &[Word]| words.iter().find(|w| w.text == "Bernoulli").unwrap().size;
    let bigger = words("  fontSize: 13pt\n");
    assert!(name(&bigger) > name(&plain) * 1.15, "{} {}", name(&bigger), name(&plain));
    let left = |words: &[Word]| words.iter().map(|w| w.x0).fold(f64::MAX, f64::min);
    assert!((left(&plain) - 56.7).abs() < 1.0, "{}", left(&plain));
    let inch = words("  margins: 1in\n");
    assert!((left(&inch) - 72.0).abs() < 1.0, "{}", left(&inch));
    let sides = words("  margins: {x: 30mm, top: 5cm}\n");
    assert!((left(&sides) - 85.0).abs() < 1.0, "{}", left(&sides));
    let top = |words: &[Word]| words.iter().map(|w| w.y).fold(f64::MAX, f64::min);
    assert!(top(&sides) > top(&plain) + 70.0, "{} {}", top(&sides), top(&plain));
    // The summary's lines: wider apart with more leading.
    let long = "  lineSpacing: 1.5em\n";
    let lines = |design: &str| {
        let cv = Scratch::new(&format!(
            "basics:\n  name: Ada\n  summary: {}\ndesign:\n{design}",
            "Analytical engines and their notes. ".repeat(12)
        ));
        let words = pdf_words(&pdf(&cv, "classic"));
        let mut ys: Vec<f64> = words.iter().filter(|w| w.text == "notes.").map(|w| w.y).collect();
        ys.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        ys[1] - ys[0]
    };
    assert!(lines(long) > lines("  {}\n") * 1.3, "{} {}", lines(long), lines("  {}\n"));
}

#[test]
fn date_formats() {
    let range = |format: &str| {
        let text = text(&with(&format!("  dateFormat: {format}\n")));
        let line = text.lines().find(|l| l.contains("Engines Ltd")).unwrap().to_owned();
        line.split_once('(').unwrap().1.trim_end_matches(')').to_owned()
    };
    assert_eq!(range("default"), "Mar 2019 – Jan 2021");
    assert_eq!(range("month-year"), "Mar 2019 – Jan 2021");
    assert_eq!(range("numeric"), "03/2019 – 01/2021");
    assert_eq!(range("year"), "2019 – 2021");
    let french =
        Scratch::new(&format!("meta: {{lang: fr}}\n{CV}design: {{dateFormat: month-year}}\n"));
    assert!(text(&french).contains("(mars 2019 – janv. 2021)"), "{}", text(&french));
    // The layouts print the view's dates.
    let numeric = pdf_text(&pdf(&with("  dateFormat: numeric\n"), "onepage"));
    assert!(normalise(&numeric).contains("03/2019 – 01/2021"), "{numeric}");
}

#[test]
fn sections_are_ordered_titled_and_hidden() {
    let design = "  sections:\n    order: [skills, links, education]\n    \
                  titles: {work: Career, links: Elsewhere}\n    hidden: [education]\n";
    let headings = |text: &str, names: &[&str]| -> Vec<usize> {
        names.iter().map(|n| text.find(n).unwrap_or_else(|| panic!("{n} in {text}"))).collect()
    };
    let plain = text(&with(design));
    let at = headings(&plain, &["Skills", "Elsewhere", "Career"]);
    assert!(at[0] < at[1] && at[1] < at[2], "{plain}");
    assert!(!plain.contains("Education") && !plain.contains("Home School"), "{plain}");
    assert!(!plain.contains("Experience") && !plain.contains("Links"), "{plain}");
    for layout in builtin_layouts() {
        let printed = pdf_text(&pdf(&with(design), layout));
        let at = headings(&printed, &["Bernoulli", "Her notes", "Engines Ltd"]);
        assert!(at[0] < at[1] && at[1] < at[2], "{layout}: {printed}");
        assert!(!printed.contains("Home School"), "{layout}");
    }
    // `sections` stands for the free sections.
    let free_first = text(&with("  sections: {order: [sections], hidden: [skills]}\n"));
    let at = headings(&free_first, &["Links", "Experience"]);
    assert!(at[0] < at[1] && !free_first.contains("Bernoulli"), "{free_first}");
}

#[test]
fn photo_shape_and_size() {
    let photo = |design: &str| {
        let cv =
            Scratch::new(&format!("basics:\n  name: Ada\n  image: ada.png\ndesign:\n{design}"));
        let pixels =
            image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 90]));
        pixels.save(cv.dir.path().join("ada.png")).unwrap();
        content(&pdf(&cv, "classic"))
    };
    let circle = photo("  {}\n");
    assert_eq!(circle, photo("  photo: {shape: circle, size: 2.6cm}\n"));
    assert_ne!(circle, photo("  photo: {shape: square}\n"));
    assert_ne!(photo("  photo: {shape: square}\n"), photo("  photo: {shape: rounded}\n"));
    // The image is drawn at the size asked, in points.
    let sized = photo("  photo: {size: 100pt, shape: square}\n");
    assert!(sized.contains("100 0 0 100 "), "{sized}");
}

#[test]
fn mistakes_are_located_with_a_way_out() {
    let cases = [
        ("  colors: {accent: bleu}\n", "cv.yaml:21:20", "`bleu` is not a colour", "#1d3557"),
        ("  fontSize: 11 points\n", "cv.yaml:21:13", "is not a length", "`11pt`"),
        ("  margins: {x: 2 cm, top: 2furlongs}\n", "cv.yaml:21:27", "is not a length", "`18mm`"),
        ("  margins: {tpo: 2cm}\n", "cv.yaml:21:13", "unknown key `tpo`", "did you mean `top`?"),
        ("  lineSpacing: 4pt\n", "cv.yaml:21:16", "is not a spacing", "0.6em"),
        ("  dateFormat: yaer\n", "cv.yaml:21:15", "is not a date format", "did you mean `year`?"),
        ("  photo: {shape: oval}\n", "cv.yaml:21:18", "is not a photo shape", "circle, rounded"),
        (
            "  sections: {order: [skils]}\n",
            "cv.yaml:21:22",
            "`skils` is not a section",
            "did you mean `skills`?",
        ),
        (
            "  sections: {titles: {wrok: Jobs}}\n",
            "cv.yaml:21:23",
            "`wrok` is not a section",
            "did you mean `work`?",
        ),
        ("  sections: {hidden: [nope]}\n", "cv.yaml:21:23", "`nope` is not a section", "links"),
        (
            "  colours: {accent: red}\n",
            "cv.yaml:21:3",
            "unknown key `colours`",
            "did you mean `colors`?",
        ),
        (
            "  fonts: {heding: Inter}\n",
            "cv.yaml:21:11",
            "unknown key `heding`",
            "did you mean `heading`?",
        ),
        (
            "  fonts: {body: Helvetica Neue}\n",
            "cv.yaml:21:17",
            "no font of the family",
            "Comic Neue, Fira Code, Inter",
        ),
    ];
    for (design, at, message, hint) in cases {
        let cv = with(design);
        for args in [
            &["check", cv.data_str()][..],
            &["--data", cv.data_str(), "--output", cv.out.to_str().unwrap()],
        ] {
            let run = run(args);
            assert_eq!(run.code, 1, "{design}: {}", run.stderr);
            let stderr = run.stderr.replace(cv.data_str(), "cv.yaml");
            for part in [at, message, hint] {
                assert!(stderr.contains(part), "{design}: `{part}` in\n{stderr}");
            }
        }
        assert!(!cv.out.exists(), "{design}");
    }
}

#[test]
fn a_layout_takes_options_of_its_own() {
    let plain = content(&pdf(&with("  {}\n"), "ovni"));
    let own =
        "  layouts:\n    ovni: {ink: red, glow: \"#00f\", glow-edge: lime}\n    mine: {any: 1}\n";
    let green = content(&pdf(&with(own), "ovni"));
    for fill in ["1 0 0 scn", "0 0 1 scn", "0 1 0 SCN"] {
        assert!(!plain.contains(fill) && green.contains(fill), "{fill}");
    }
    // Another layout's options change nothing here.
    assert!(pdf(&with(own), "classic") == pdf(&with("  {}\n"), "classic"));
    let cases = [
        (
            "  layouts: {ovni: {inc: red}}\n",
            "cv.yaml:21:20",
            "`ovni` has no option `inc`",
            "did you mean `ink`?",
        ),
        ("  layouts: {ovni: {glow: 3}}\n", "cv.yaml:21:26", "not a value for `glow`", "`#c00`"),
        (
            "  layouts: {classic: {ink: red}}\n",
            "cv.yaml:21:23",
            "no option `ink`",
            "no options of its own",
        ),
    ];
    for (design, at, message, hint) in cases {
        let run = run(&["check", with(design).data_str()]);
        assert_eq!(run.code, 1, "{design}");
        for part in [at, message, hint] {
            assert!(run.stderr.contains(part), "{design}: `{part}` in\n{}", run.stderr);
        }
    }
}

#[test]
fn a_font_from_font_path_is_known() {
    let cv = Scratch::new(
        "basics: {name: Ada, label: محللة}\ndesign:\n  fonts: {body: Noto Sans Arabic}\n",
    );
    let refused = cv.run(&[]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    let dir = root().join("tests/fixtures/fonts");
    let run = cv.run(&["--font-path", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(fonts(&cv.pdf()).join(" ").contains("NotoSansArabic"));
}

#[test]
fn schemas_describe_design() {
    let data = run(&["schema"]);
    for key in ["\"design\"", "\"dateFormat\"", "\"lineSpacing\"", "\"hidden\""] {
        assert!(data.stdout.contains(key), "{key}");
    }
    let view = run(&["schema", "--view"]);
    for key in ["\"photo-shape\"", "\"heading-font\"", "\"leading\""] {
        assert!(view.stdout.contains(key), "{key}");
    }
}
