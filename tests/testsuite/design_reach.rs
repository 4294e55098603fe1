//! What the data's `design` reaches, and what stays in place whatever it
//! holds (README, "Design"): long titles stay in their column, `fontSize`
//! scales every text in proportion, the band and ovni's scene keep their
//! parts seen, and a custom layout reads its own options as its defaults'
//! types.

use crate::common::*;

/// A4's width, in points.
const PAGE_WIDTH: f64 = 595.2756;

/// Every layout's side margins for these tests: 2 cm, in points.
const MARGIN: f64 = 56.6929;

/// A CV with a word of each kind a layout sets (name, headline, contacts,
/// summary, dated entries, compact sections), and `extra` after it.
fn cv(extra: &str) -> String {
    format!(
        "basics:\n  name: Jane Doe\n  label: Engineer\n  email: jane@example.org\n  phone: \"+1 555 0100\"\n  \
         summary: Builds things.\n\
         work:\n  - name: Acme\n    position: Dev\n    startDate: \"2019-03\"\n    summary: Did work.\n\
         education:\n  - institution: Uni\n    area: CS\n    studyType: B.Sc.\n    startDate: \"2010\"\n    endDate: \"2014\"\n\
         skills:\n  - name: Python\n    keywords: [Django, Flask]\n\
         languages:\n  - language: French\n    fluency: Native\n\
         {extra}"
    )
}

/// The PDF of `yaml` in `layout`.
fn pdf(yaml: &str, layout: &str) -> Vec<u8> {
    let cv = Scratch::new(yaml);
    let run = cv.run(&["--layout", layout]);
    assert_eq!(run.code, 0, "{layout}: {}", run.stderr);
    cv.pdf()
}

#[test]
fn long_titles_stay_in_the_text_area() {
    let w44 = "W".repeat(44);
    let words = ["Wonderful"; 20].join(" ");
    let word200 = "W".repeat(200);
    let titles = format!(
        "design:\n  margins: {{x: 2cm}}\n  sections:\n    titles: {{work: {w44}, education: \"{words}\", languages: {word200}}}\n"
    );
    let names = cv("design:\n  margins: {x: 2cm}\n")
        .replace("name: Jane Doe", &format!("name: {w44}"))
        .replace("label: Engineer", &format!("label: {w44}"))
        .replace(
            "email: jane@example.org",
            &format!("email: {w44}@example.org\n  url: https://example.org/{w44}{w44}"),
        )
        .replace("name: Acme", &format!("name: {w44}"))
        .replace("institution: Uni", &format!("institution: {}", "W".repeat(60)));
    // A word in running text: the person's summary.
    let texts = cv("design:\n  margins: {x: 2cm}\n").replace(
        "summary: Builds things.",
        &format!("summary: Builds {} things.", "W".repeat(132)),
    );
    let cases = [("titles", cv(&titles)), ("names", names), ("texts", texts)];
    // Left to right, and mirrored.
    let cases = cases.iter().flat_map(|(what, yaml)| {
        [(*what, yaml.clone(), false), (*what, format!("meta: {{lang: he}}\n{yaml}"), true)]
    });
    for layout in builtin_layouts() {
        for (what, yaml, rtl) in cases.clone() {
            let pdf = pdf(&yaml, layout);
            // sidebar's band is in the margin at the lines' start.
            let band = layout == "sidebar";
            let left = if band && !rtl { 0.0 } else { MARGIN - 0.5 };
            let right = if band && rtl { PAGE_WIDTH } else { PAGE_WIDTH - MARGIN + 0.5 };
            let out: Vec<String> = pdf_words(&pdf)
                .iter()
                .filter(|w| w.x0 < left || w.x1 > right)
                .map(|w| format!("{:?} at {:.1}–{:.1}", w.text, w.x0, w.x1))
                .collect();
            assert!(
                out.is_empty(),
                "{layout}, long {what}, rtl {rtl}: outside the text area: {out:?}"
            );
            let text = normalise(&pdf_text(&pdf)).replace(' ', "");
            assert!(text.matches('W').count() >= 88, "{layout}, long {what}: not all printed");
        }
    }
}

/// Each word's glyph size, by its text, first occurrence.
fn sizes(pdf: &[u8]) -> std::collections::BTreeMap<String, f64> {
    let mut sizes = std::collections::BTreeMap::new();
    for word in pdf_words(pdf) {
        sizes.entry(word.text).or_insert(word.size);
    }
    sizes
}

#[test]
fn font_size_scales_every_text_in_proportion() {
    for layout in builtin_layouts() {
        let default = sizes(&pdf(&cv(""), layout));
        let large = sizes(&pdf(&cv("design: {fontSize: 20pt}\n"), layout));
        let ratios: Vec<(String, f64)> = default
            .iter()
            .filter_map(|(text, size)| Some((text.clone(), large.get(text)? / size)))
            .collect();
        assert!(ratios.len() >= 20, "{layout}: too few words to compare: {ratios:?}");
        let body = ratios.iter().find(|(t, _)| t == "Builds").expect("the summary").1;
        assert!(body > 1.8, "{layout}: the body grew {body:.2} times");
        let off: Vec<_> = ratios.iter().filter(|(_, r)| (r / body - 1.0).abs() > 0.01).collect();
        assert!(off.is_empty(), "{layout}: the body grew {body:.3} times, these not: {off:?}");
    }
}

/// A name wider than the band is neither broken nor set smaller (a line
/// of another size would split the band's block for pdftotext): its
/// section, and those after it, go to the main column whole.
#[test]
fn a_long_name_in_the_band_moves_its_section_to_the_main_column() {
    // Wider than the band, not than the main column.
    let long = "Finanzierungsstrukturierungsmethodenkompetenz";
    let yaml = cv("").replace(
        "skills:\n  - name: Python",
        &format!(
            "skills:\n  - name: {long}\n    keywords: [Kubernetes, Terraform]\n  - name: Python"
        ),
    );
    let pdf = pdf(&yaml, "sidebar");
    let sizes = sizes(&pdf);
    let size = |w: &str| *sizes.get(w).unwrap_or_else(|| panic!("{w} in {sizes:?}"));
    assert!((size(long) - size("Python")).abs() < 0.01, "{sizes:?}");
    assert!((size("Kubernetes,") - size("Django,")).abs() < 0.01, "{sizes:?}");
    assert!((size("Python") - size("French")).abs() < 0.01, "{sizes:?}");
    let word = pdf_words(&pdf).into_iter().find(|w| w.text == long).expect("the name whole");
    assert!(word.x0 >= crate::sidebar::BAND + crate::sidebar::GUTTER - 1.0, "{word:?}");
    crate::sidebar::band_is_one_block(&pdf).unwrap();
}

/// Where each image of a PDF's first page is drawn: its top and bottom in
/// points from the page's top, following the content stream's transforms.
fn image_tops(pdf: &[u8]) -> Vec<(f64, f64)> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page).unwrap()).unwrap();
    let height = 841.8898;
    let (mut ctm, mut stack, mut found) = ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], Vec::new(), Vec::new());
    for op in content.operations {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" => {
                let m: Vec<f64> =
                    op.operands.iter().map(|o| o.as_float().unwrap().into()).collect();
                ctm = [
                    m[0] * ctm[0] + m[1] * ctm[2],
                    m[0] * ctm[1] + m[1] * ctm[3],
                    m[2] * ctm[0] + m[3] * ctm[2],
                    m[2] * ctm[1] + m[3] * ctm[3],
                    m[4] * ctm[0] + m[5] * ctm[2] + ctm[4],
                    m[4] * ctm[1] + m[5] * ctm[3] + ctm[5],
                ];
            }
            "Do" => {
                // The unit square's corners, y up, then from the page's top.
                let (y0, y1) = (ctm[5], ctm[3] + ctm[5]);
                found.push((height - y0.max(y1), height - y0.min(y1)));
            }
            _ => {}
        }
    }
    found
}

#[test]
fn a_large_photo_in_ovni_leaves_the_saucer_seen() {
    for size in ["1.9cm", "3cm", "4.5cm"] {
        let yaml = cv(&format!("design: {{photo: {{size: {size}}}}}\n"))
            .replace("  label: Engineer\n", "  label: Engineer\n  image: me.png\n");
        let cv = Scratch::new(&yaml);
        let pixels =
            image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 90]));
        pixels.save(cv.dir.path().join("me.png")).unwrap();
        let run = cv.run(&["--layout", "ovni"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let tops = image_tops(&cv.pdf());
        assert_eq!(tops.len(), 1, "{size}: {tops:?}");
        // The saucer, 2.7 cm wide and 0.52 of that high, tops the scene at
        // the top margin (1.9 cm).
        let saucer_bottom = (1.9 + 2.7 * 0.52) / 2.54 * 72.0;
        assert!(tops[0].0 >= saucer_bottom - 0.5, "{size}: the photo's top at {:.1}", tops[0].0);
    }
}

#[test]
fn the_band_is_not_tinted_empty() {
    // The band's tint, #edf2f7, as Typst writes it.
    let tint = "0.92941177 0.9490196 0.96862745 scn";
    let first_page = |pdf: &[u8]| {
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        String::from_utf8_lossy(&doc.get_page_content(page).unwrap()).into_owned()
    };
    assert!(first_page(&pdf(&cv(""), "sidebar")).contains(tint), "a band with contacts is tinted");
    let mut many = String::from(
        "basics: {name: Jane Doe, summary: Builds things.}\nwork:\n  - {name: Acme, startDate: '2019-03'}\nskills:\n",
    );
    for i in 0..200 {
        many.push_str(&format!("  - {{name: Skill {i}, keywords: [Alpha, Beta]}}\n"));
    }
    let pdf = pdf(&many, "sidebar");
    assert!(!first_page(&pdf).contains(tint), "an empty band is tinted");
    assert!(pdf_text(&pdf).contains("Skill 199"));
}

#[test]
fn a_custom_layout_reads_its_own_options_as_its_defaults_types() {
    let dir = tempfile::tempdir().unwrap();
    let layout = write(
        dir.path(),
        "mine.typ",
        "#import \"common.typ\": *\n\
         #let design = merge-design(cv.design, (ink: rgb(\"#000000\"), gap: 10pt, note: \"\", wide: false), layout: \"mine\")\n\
         #document-setup[\n#text(fill: design.ink)[#cv.header.name]\n#v(design.gap)\n#design.note #if design.wide [wide]\n]\n",
    );
    let render = |options: &str| {
        let data = write(
            dir.path(),
            "cv.yaml",
            &format!("basics: {{name: Jane Doe}}\ndesign:\n  layouts: {{mine: {options}}}\n"),
        );
        let out = dir.path().join("cv.pdf");
        let run = run(&["--data", &data, "--layout", &layout, "--output", out.to_str().unwrap()]);
        (run, std::fs::read(&out).unwrap_or_default())
    };
    let (ok, pdf) = render("{ink: darkgreen, gap: 1cm, note: Hello, wide: true}");
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let content = String::from_utf8_lossy(&doc.get_page_content(page).unwrap()).into_owned();
    // darkgreen, #006400.
    assert!(content.contains("0 0.39215687 0 scn"), "{content}");
    assert!(normalise(&pdf_text(&pdf)).contains("Hello wide"));
    let (_, narrow) = render("{ink: darkgreen, gap: 2pt, note: Hello, wide: true}");
    let y = |pdf: &[u8]| pdf_words(pdf).iter().find(|w| w.text == "Hello").unwrap().y;
    assert!(
        (y(&pdf) - y(&narrow) - (28.35 - 2.0)).abs() < 0.5,
        "the gap moves the text by 1cm - 2pt"
    );
    for (options, key, expected) in [
        ("{ink: dakgreen}", "ink", "a colour"),
        ("{gap: wide}", "gap", "a length"),
        ("{wide: 3}", "wide", "true or false"),
        ("{note: [1, 2]}", "note", "a text"),
    ] {
        let (bad, _) = render(options);
        assert_eq!(bad.code, 1, "{options}: {}", bad.stderr);
        assert!(
            bad.stderr
                .contains(&format!("`design.layouts.mine.{key}`: the layout takes {expected}")),
            "{}",
            bad.stderr
        );
        assert!(bad.stderr.contains("mine.typ:2"), "the layout's line: {}", bad.stderr);
        assert!(
            !bad.stderr.contains("theme.typ") && !bad.stderr.contains("report"),
            "{}",
            bad.stderr
        );
    }
}
