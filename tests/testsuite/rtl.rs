//! Right-to-left CVs (Arabic, Hebrew): the embedded fonts draw them, the
//! layouts mirror, and left-to-right runs (dates, abbreviations, phone
//! numbers) keep their order. Scripts cvpdf does not embed (CJK) get a fix
//! naming the script, and `--system-fonts` reads the machine's fonts, only
//! when asked.

use crate::common::*;

/// A CV in `lang` whose words are all Latin, so that only the language
/// decides the direction: a summary (with its accent bar in `classic` and
/// `ovni`), a job from March 2019 to now and a B.Sc.
fn latin_cv(lang: &str) -> Scratch {
    Scratch::new(&format!(
        "basics:
  name: Noa Levi
  phone: \"+972 52 555 0147\"
  summary: Cloud engineer with eight years of Kubernetes and Terraform.
work:
  - name: Galim Systems
    position: Senior DevOps engineer
    startDate: \"2019-03\"
    highlights: [Moved 140 services to Kubernetes without downtime]
education:
  - institution: Technion
    studyType: B.Sc.
    area: Computer Science
    startDate: \"2012\"
    endDate: \"2016\"
meta:
  lang: {lang}
"
    ))
}

/// A Hebrew CV with the runs that reordered: a date range in English (the
/// labels of an unshipped language are English), a "B.Sc.," and a phone
/// number inside right-to-left text, and two sections, so that ovni asks
/// "Are you experienced?".
const HEBREW_CV: &str = "basics:
  name: נועם אלמוג
  phone: \"+972 52 555 0147\"
  summary: מהנדס תשתיות ענן. סיימתי B.Sc., מדעי המחשב בטכניון.
work:
  - name: גלים מערכות
    position: מהנדס DevOps
    startDate: \"2019-03\"
education:
  - institution: הטכניון
    studyType: B.Sc.
    area: מדעי המחשב
    startDate: \"2012\"
    endDate: \"2016\"
meta:
  lang: he
";

#[test]
fn right_to_left_realworld_cvs_render_with_the_embedded_fonts() {
    for name in
        ["script-ar.yaml", "script-ar-without-font.json", "script-he.yaml", "script-ru.yaml"]
    {
        let data = root().join("tests/realworld").join(name);
        for layout in builtin_layouts() {
            let pdf = render(&data, layout, &[]);
            assert!(page_count(&pdf) >= 1, "{name} in {layout}");
        }
    }
}

/// The glyphs of a PDF as a reader sees them: each line of page 1, its
/// glyphs sorted from left to right, without spaces. Extractors order
/// glyphs their own way; where each is drawn tells the order it is seen in.
fn seen_lines(pdf: &[u8]) -> Vec<String> {
    let lines = seen_glyphs(pdf).into_iter();
    lines.map(|line| line.into_iter().map(|(_, c)| c).collect()).collect()
}

/// The x of the first glyph of `needle`, as [`seen_lines`] sees the lines.
fn seen_x(pdf: &[u8], needle: &str) -> f64 {
    let needle: Vec<String> = needle.chars().map(String::from).collect();
    for line in seen_glyphs(pdf) {
        let found = line.windows(needle.len()).find(|w| w.iter().map(|(_, c)| c).eq(&needle));
        if let Some(window) = found {
            return window[0].0;
        }
    }
    panic!("{needle:?} is not seen in {:?}", seen_lines(pdf))
}

/// The glyphs of each line of page 1, with their x, from left to right.
fn seen_glyphs(pdf: &[u8]) -> Vec<Vec<(f64, String)>> {
    let glyphs = pdf_glyphs(pdf).into_iter().filter(|g| g.page == 1 && !g.text.trim().is_empty());
    let mut lines: Vec<(f64, Vec<(f64, String)>)> = Vec::new();
    for Glyph { x, y, text: c, .. } in glyphs {
        match lines.iter_mut().find(|(line, _)| (line - y).abs() < 2.0) {
            Some((_, line)) => line.push((x, c)),
            None => lines.push((y, vec![(x, c)])),
        }
    }
    lines
        .into_iter()
        .map(|(_, mut line)| {
            line.sort_by(|a, b| a.0.total_cmp(&b.0));
            line
        })
        .collect()
}

#[test]
fn dates_abbreviations_and_phone_numbers_keep_their_order_in_hebrew() {
    let cv = Scratch::new(HEBREW_CV);
    for layout in builtin_layouts() {
        let run = cv.run(&["--layout", layout]);
        assert_eq!(run.code, 0, "{layout}: {}", run.stderr);
        let seen = seen_lines(&cv.pdf());
        let all = seen.join("\n");
        // "מרץ 2019 – היום" (Hebrew labels) reads right to left: seen from
        // the left, "היום", the dash, the year, then "מרץ", never the
        // dash at an end.
        let dates = seen.iter().find(|l| l.contains("2019")).expect("the dates print");
        assert!(dates.contains("םויה–2019ץרמ"), "{layout}: {dates:?}");
        // "B.Sc." keeps its last period, and the comma stays in the
        // sentence, on the left: ",B.Sc.", never ",.B.Sc" nor ".,B.Sc".
        assert!(all.contains(",B.Sc."), "{layout}: {all}");
        assert!(!all.contains(".B.Sc"), "{layout}: {all}");
        assert!(all.contains("+972525550147"), "{layout}: {all}");
        // A layout's own English words keep their "?" (ovni's second heading).
        if layout == "ovni" {
            assert!(all.contains("Areyouexperienced?"), "{layout}: {all}");
        }
    }
}

#[test]
fn the_date_column_goes_to_the_right_right_to_left_and_stays_left_in_english() {
    for layout in builtin_layouts() {
        let cv = latin_cv("en");
        assert_eq!(cv.run(&["--layout", layout]).code, 0, "{layout} en");
        // The year of the job's start, and the employer beside it.
        // `sidebar` sets the dates at the end of the title's line, the
        // others in a column at its start: either way, they mirror.
        let at_start = layout != "sidebar";
        // Where the glyphs are drawn: extractors may run a right-to-left
        // line's words together.
        let (date, employer) = (seen_x(&cv.pdf(), "2019"), seen_x(&cv.pdf(), "Galim"));
        assert_eq!(
            date < employer,
            at_start,
            "{layout} en: dates at {date}, employer at {employer}"
        );
        for lang in ["ar", "fa", "he"] {
            let cv = latin_cv(lang);
            assert_eq!(cv.run(&["--layout", layout]).code, 0, "{layout} {lang}");
            let (date, employer) = (seen_x(&cv.pdf(), "2019"), seen_x(&cv.pdf(), "Galim"));
            assert_eq!(
                date > employer,
                at_start,
                "{layout} {lang}: dates at {date}, employer at {employer}"
            );
        }
    }
}

/// Every vertical line stroked on page 1, as its x and the span of its y
/// from the top of the page, in points: the content stream's paths, through
/// its transformations (`cm`, saved and restored with `q` and `Q`).
fn vertical_lines(pdf: &[u8]) -> Vec<(f64, f64, f64)> {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let page = *doc.get_pages().values().next().unwrap();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page).unwrap()).unwrap();
    let height = 841.89; // A4, the default paper
    let number = |o: &lopdf::Object| o.as_float().map(f64::from).unwrap_or_default();
    let (mut ctm, mut saved) = ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], Vec::new());
    let (mut last, mut found) = ((0.0, 0.0), Vec::new());
    let apply =
        |m: &[f64; 6], x: f64, y: f64| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
    for op in &content.operations {
        let a: Vec<f64> = op.operands.iter().map(number).collect();
        match op.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(ctm),
            "cm" if a.len() == 6 => {
                let m = ctm;
                ctm = [
                    a[0] * m[0] + a[1] * m[2],
                    a[0] * m[1] + a[1] * m[3],
                    a[2] * m[0] + a[3] * m[2],
                    a[2] * m[1] + a[3] * m[3],
                    a[4] * m[0] + a[5] * m[2] + m[4],
                    a[4] * m[1] + a[5] * m[3] + m[5],
                ];
            }
            "m" if a.len() == 2 => last = apply(&ctm, a[0], a[1]),
            "l" if a.len() == 2 => {
                let next = apply(&ctm, a[0], a[1]);
                if (last.0 - next.0).abs() < 0.01 && (last.1 - next.1).abs() > 1.0 {
                    let (top, bottom) = (height - last.1.max(next.1), height - last.1.min(next.1));
                    found.push((last.0, top, bottom));
                }
                last = next;
            }
            _ => {}
        }
    }
    found
}

#[test]
fn the_summary_accent_bar_goes_to_the_right_in_arabic() {
    for layout in ["classic", "ovni"] {
        for lang in ["en", "ar"] {
            let cv = latin_cv(lang);
            assert_eq!(cv.run(&["--layout", layout]).code, 0, "{layout} {lang}");
            let pdf = cv.pdf();
            // The summary's first word, and the line beside it.
            let word =
                pdf_words(&pdf).into_iter().find(|w| w.page == 1 && w.text.contains("Cloud"));
            let word = word.expect("the summary prints");
            let bars: Vec<f64> = vertical_lines(&pdf)
                .into_iter()
                .filter(|(_, top, bottom)| *top <= word.y && word.y <= *bottom)
                .map(|(x, ..)| x)
                .collect();
            assert_eq!(bars.len(), 1, "{layout} {lang}: one bar beside the summary: {bars:?}");
            let (first, last) = (word.x0.min(word.x1), word.x0.max(word.x1));
            if lang == "en" {
                assert!(bars[0] < first, "{layout} en: the bar {bars:?} left of {first}");
            } else {
                assert!(bars[0] > last, "{layout} ar: the bar {bars:?} right of {last}");
            }
        }
    }
}

#[test]
fn a_cjk_glyph_error_names_the_script_and_the_fix_on_debian_and_macos() {
    let cv = Scratch::new("basics:\n  name: 王小明\n");
    let run = run(&["check", cv.data_str()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for needed in [
        "Chinese, Japanese and Korean (Han script)",
        "apt install fonts-noto-cjk",
        "--font-path /usr/share/fonts/opentype/noto",
        "--system-fonts",
        "macOS: render with --system-fonts",
    ] {
        assert!(run.stderr.contains(needed), "{needed:?} in {}", run.stderr);
    }
}

/// Georgian, which no embedded font has, and DejaVu Sans and Noto Sans
/// Georgian, common system fonts, do.
const GEORGIAN_CV: &str = "basics:\n  name: ნინო ბერიძე\n  label: პროგრამისტი\n";

#[test]
fn system_fonts_are_read_only_with_system_fonts_and_give_the_same_bytes() {
    let cv = Scratch::new(GEORGIAN_CV);
    let without = cv.run(&[]);
    assert_eq!(without.code, 1, "no embedded font has Georgian: {}", without.stderr);
    assert!(without.stderr.contains("--system-fonts"), "{}", without.stderr);
    let first = cv.run(&["--system-fonts"]);
    if first.code != 0 {
        assert!(first.stderr.contains("no glyph"), "{}", first.stderr);
        return unavailable("a system font with Georgian (fonts-dejavu-core or fonts-noto-core)");
    }
    let bytes = cv.pdf();
    assert_eq!(cv.run(&["--system-fonts"]).code, 0);
    assert!(bytes == cv.pdf(), "two renders with the same system fonts differ");
    assert!(pdf_text(&bytes).contains("ნინო"), "{}", pdf_text(&bytes));
    // check takes the option too, from the one run configuration.
    assert_eq!(run(&["check", cv.data_str(), "--system-fonts"]).code, 0);
}
