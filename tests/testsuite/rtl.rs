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

/// The lines of page 1 as [`seen_lines`] reads them, without spaces, and
/// without Unicode's invisible direction marks (a glyph's text may carry
/// one, with a space), as a reader sees no such thing.
fn seen_text(pdf: &[u8]) -> String {
    let marks =
        |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{2066}'..='\u{2069}') || c == ' ';
    seen_lines(pdf).join("\n").replace(marks, "")
}

/// Renders `yaml` in every built-in layout (with `extra` options) and
/// hands each page 1, as [`seen_text`] reads it, to `check`.
fn in_every_layout(yaml: &str, extra: &[&str], check: impl Fn(&str, &str)) {
    let cv = Scratch::new(yaml);
    for layout in builtin_layouts() {
        let run = cv.run(&[&["--layout", layout][..], extra].concat());
        assert_eq!(run.code, 0, "{layout}: {}", run.stderr);
        check(layout, &seen_text(&cv.pdf()));
    }
}

#[test]
fn an_address_in_right_to_left_text_is_one_left_to_right_run_however_it_breaks() {
    // Break points inside an address (justified text breaks it anywhere)
    // must not split it into pieces that a right-to-left sentence orders.
    let arabic = "meta: {lang: ar}
basics:
  name: ليلى منصور
  summary: \"زوروا https://example.jo/a-b. راسلوني على first-last@example.jo شكرا\"
work:
  - name: شركة
    position: مهندسة
    startDate: \"2019-03\"
    summary: \"المشروع على www.example.com/my-project-page و https://github.com/org/repo-name\"
";
    // The same in a Hebrew paragraph of an English CV.
    let hebrew = "meta: {lang: en}
basics:
  name: Noam Almog
  summary: \"ראו https://example.jo/a-b. כתבו ל first-last@example.jo תודה\"
";
    for yaml in [arabic, hebrew] {
        in_every_layout(yaml, &[], |layout, seen| {
            for address in ["https://example.jo/a-b", "first-last@example.jo"] {
                assert!(seen.contains(address), "{layout}: {address} in {seen}");
            }
            // The sentence's period ends it on the left, not the address.
            assert!(seen.contains(".https://example.jo/a-b"), "{layout}: {seen}");
        });
    }
    in_every_layout(arabic, &[], |layout, seen| {
        assert!(seen.contains("www.example.com/my-project-page"), "{layout}: {seen}");
    });
}

/// Repro 07: a Hebrew CV whose skill, keywords, titles and position are
/// English, each ending in a neutral character.
const HEBREW_CV_ENGLISH_FIELDS: &str = "meta: {lang: he}
basics:
  name: נועם אלמוג
work:
  - name: Carmel Data
    position: \"C# developer?\"
    startDate: \"2016-01\"
skills:
  - name: \"C#\"
    keywords: [\"C#\", \"F#\", \"Node.js!\"]
design:
  sections:
    titles: {work: \"Work history?\", skills: \"C++ & C#\"}
";

#[test]
fn a_field_in_the_other_direction_keeps_its_punctuation() {
    in_every_layout(HEBREW_CV_ENGLISH_FIELDS, &[], |layout, seen| {
        for field in ["Workhistory?", "C++&C#", "C#developer?", "Node.js!", "F#"] {
            assert!(seen.contains(field), "{layout}: {field} in {seen}");
        }
        for moved in ["?Work", "#C++", "!Node", "?C#developer", "#F"] {
            assert!(!seen.contains(moved), "{layout}: {moved} in {seen}");
        }
    });
    // The other way round: Hebrew fields in an English CV read from the
    // right, their "!" and "?" on their left.
    let english = "meta: {lang: en}
basics:
  name: Noam Almog
work:
  - name: Carmel Data
    position: \"מפתח!\"
    startDate: \"2016-01\"
skills:
  - name: \"עברית?\"
design:
  sections:
    titles: {work: \"ניסיון?\"}
";
    in_every_layout(english, &[], |layout, seen| {
        for field in ["!חתפמ", "?תירבע", "?ןויסינ"] {
            assert!(seen.contains(field), "{layout}: {field} in {seen}");
        }
    });
}

#[test]
fn a_letter_s_subject_and_opening_keep_an_english_position_and_name_whole() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cv.yaml", HEBREW_CV_ENGLISH_FIELDS);
    std::fs::create_dir(dir.path().join("applications")).unwrap();
    let letter = "---\nto: {name: Dana, organisation: Acme}\nposition: DevOps?\ndate: 2026-12-09\n---\nThe body.\n";
    write(dir.path(), "applications/acme.md", letter);
    for layout in builtin_layouts() {
        let run = finish(
            cvpdf()
                .current_dir(dir.path())
                .args(["apply", "applications", "-l", layout])
                .output()
                .unwrap(),
        );
        assert_eq!(run.code, 0, "{layout}: {}", run.stderr);
        let letters = files_under(&dir.path().join("out"));
        let letter = letters.iter().find(|p| p.to_string_lossy().contains("מכתב")).unwrap();
        let seen = seen_text(&std::fs::read(letter).unwrap());
        // "מועמדות לתפקיד DevOps?", seen from the left: the position whole,
        // then the Hebrew words reversed.
        assert!(seen.contains("DevOps?דיקפתלתודמעומ"), "{layout}: {seen}");
        // "{name} שלום," stays a Hebrew sentence: its comma on the left.
        assert!(seen.contains(",םולשDana"), "{layout}: {seen}");
        assert!(seen.contains("Thebody."), "{layout}: {seen}");
        std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    }
}

#[test]
fn a_paragraph_takes_the_direction_of_its_first_letter_not_the_cv_s() {
    // Left-to-right text in a Hebrew CV: its punctuation stays on the right.
    let latin = "meta: {lang: he}
basics:
  name: James
  summary: Builds things.
work:
  - name: NeoSkills
    position: co-administrateur
    startDate: \"2007\"
    summary: \"Refonte de Memopol (Django, Ansible, Docker, GitLab-CI), jeux sur TI-83+ et Flash.\"
";
    in_every_layout(latin, &[], |layout, seen| {
        for run in ["Buildsthings.", "(Django,Ansible,Docker,GitLab-CI),", "TI-83+", "Flash."] {
            assert!(seen.contains(run), "{layout}: {run} in {seen}");
        }
    });
    // Right-to-left text in an English CV: its first sentence on the right,
    // its final period on the left of its last word.
    let hebrew = "meta: {lang: en}
basics:
  name: Noam Almog
  summary: \"מהנדס תשתיות עם Kubernetes. בניתי סביבות ביום.\"
";
    in_every_layout(hebrew, &[], |layout, seen| {
        assert!(seen.contains(".םויבתוביבסיתינב.Kubernetesםעתויתשתסדנהמ"), "{layout}: {seen}");
    });
    // Words kept whole in a box (a compound, an abbreviation) stay in
    // their Latin run, and the brackets around it with the sentence.
    let boxed = "meta: {lang: he}
basics:
  name: נועם
  summary: \"עבדתי עם (Docker, GitLab-CI) בשנה שעברה. תואר (Ph.D. B.Sc.) בטכניון.\"
";
    in_every_layout(boxed, &[], |layout, seen| {
        assert!(seen.contains(")Docker,GitLab-CI(םע"), "{layout}: {seen}");
        assert!(seen.contains(")Ph.D.B.Sc.(ראות"), "{layout}: {seen}");
    });
}

#[test]
fn the_seed_in_hebrew_keeps_its_french_sentences_in_order() {
    for layout in builtin_layouts() {
        let pdf = render(&root().join("data/cv.yaml"), layout, &["--lang", "he"]);
        let seen = seen_text(&pdf);
        assert!(seen.contains("TI-83+") && !seen.contains("+TI-83"), "{layout}: {seen}");
    }
}
