//! What `design` and the language may not be, found by a black-box attack
//! (issue 16): a title that prints nothing, geometry that leaves no room,
//! nulls, language tags as people write them, and errors that blame the
//! data for what an option chose. Each is refused (or read) the same way by
//! `check` and a render, at its place, with a way out.

use crate::common::*;

/// A CV with a dated entry in two sections and a free section.
const CV: &str = "basics:\n  name: Ada Lovelace\n\
    work:\n  - name: Engines Ltd\n    position: Analyst\n    startDate: 2019-03\n\
    skills:\n  - name: Notes\n    keywords: [Bernoulli]\n\
    sections:\n  - title: Links\n    id: links\n    items: [\"Her notes\"]\n";

/// Runs `check` and a render on `yaml`, expecting both to fail with exit 1
/// and every part of `parts` in their messages (the data file's path as
/// `cv.yaml`).
fn refused(yaml: &str, parts: &[&str]) {
    let cv = Scratch::new(yaml);
    for args in
        [&["check", cv.data_str()][..], &["--data", cv.data_str(), "-o", cv.out.to_str().unwrap()]]
    {
        let run = run(args);
        assert_eq!(run.code, 1, "{yaml}\n{args:?}: {}", run.stderr);
        let stderr = run.stderr.replace(cv.data_str(), "cv.yaml");
        for part in parts {
            assert!(stderr.contains(part), "{yaml}\n`{part}` in\n{stderr}");
        }
        assert!(!cv.out.exists(), "nothing written");
    }
}

/// The plain text of `yaml` with more arguments, which must succeed; and
/// its warnings.
fn text(yaml: &str, args: &[&str]) -> (String, String) {
    let cv = Scratch::new(yaml);
    let mut all = vec!["--data", cv.data_str(), "--format", "txt", "--output", "-"];
    all.extend_from_slice(args);
    let run = run(&all);
    assert_eq!(run.code, 0, "{yaml} {args:?}: {}", run.stderr);
    (run.stdout, run.stderr)
}

#[test]
fn a_title_that_prints_nothing_is_refused_with_the_way_to_hide_the_section() {
    for (title, column) in
        [("\"\"", 13), ("\"   \"", 13), ("\"\\u200b\"", 13), ("{en: \" \", fr: \"\\t\"}", 7)]
    {
        let yaml = format!("{CV}design:\n  sections:\n    titles:\n      work: {title}\n");
        let at = format!("cv.yaml:17:{column}");
        refused(&yaml, &[&at, "the title is empty", "design.sections.hidden", "hidden: [work]"]);
    }
    // The way out works, in every layout.
    let hidden = Scratch::new(&format!("{CV}design: {{sections: {{hidden: [work]}}}}\n"));
    for layout in builtin_layouts() {
        assert_eq!(hidden.run(&["--layout", layout]).code, 0, "{layout}");
    }
    // A free section's title is a heading too.
    let free = CV.replace("title: Links", "title: \"\\u200b \"");
    refused(
        &free,
        &["cv.yaml:11:12", "`title` is missing or empty", "a free section needs a title"],
    );
}

#[test]
fn data_that_prints_nothing_never_makes_an_empty_heading() {
    // Names of entries, projects and organisations, blank or invisible:
    // every layout renders, passing PDF/UA-1's check on headings.
    let blank = "basics:\n  name: Ada\n  label: \"\\u200b\"\n\
        work:\n  - name: \" \"\n    position: \"\\u200b\"\n    startDate: 2020-01\n\
        projects:\n  - name: \"\\u200b\"\n    description: x\n\
        volunteer:\n  - organization: \" \"\n    startDate: 2020-01\n\
        sections:\n  - title: Notes\n    items: [\"\\u200b\"]\n";
    let cv = Scratch::new(blank);
    for layout in builtin_layouts() {
        let run = cv.run(&["--layout", layout]);
        assert_eq!(run.code, 0, "{layout}: {}", run.stderr);
    }
    refused(
        "basics:\n  name: \"\\u200b\\u00a0\"\n",
        &["cv.yaml:2:9", "`name` is missing or empty"],
    );
}

#[test]
fn geometry_that_leaves_no_room_is_refused_naming_the_limit_and_the_paper() {
    let cases: &[(&str, &[&str])] = &[
        ("margins: 9cm", &["cv.yaml:15:12", "leave the text 3.0cm wide on A4", "5.5cm at most"]),
        ("margins: {x: 6cm}", &["cv.yaml:15:16", "on A4 paper", "needs 10.0cm across"]),
        (
            "margins: {top: 8cm, bottom: 7cm}",
            &["cv.yaml:15:18", "high on US Letter", "12.9cm at most together"],
        ),
        ("margins: 0", &["cv.yaml:15:12", "too small for a margin", "0.5cm or more"]),
        ("margins: {x: -1cm}", &["cv.yaml:15:16", "too small for a margin"]),
        ("fontSize: 2pt", &["cv.yaml:15:13", "too small for body text", "6pt to 20pt"]),
        ("fontSize: 60", &["cv.yaml:15:13", "too large for body text", "6pt to 20pt"]),
        ("fontSize: 0", &["cv.yaml:15:13", "too small for body text"]),
        ("lineSpacing: 0", &["cv.yaml:15:16", "no spacing to read lines by", "0.2em to 2em"]),
        ("lineSpacing: -0.5em", &["cv.yaml:15:16", "0.2em to 2em"]),
        ("lineSpacing: 9", &["cv.yaml:15:16", "0.2em to 2em"]),
        ("photo: {size: 30cm}", &["cv.yaml:15:17", "too large for the photo", "1.0cm to 4.5cm"]),
        ("photo: {size: 0}", &["cv.yaml:15:17", "too small for the photo"]),
        (
            "layouts: {sidebar: {band-width: 25cm}}",
            &["cv.yaml:15:35", "no room for the main column on A4", "to 8.8cm"],
        ),
        (
            "layouts: {sidebar: {band-width: 2cm}}",
            &["cv.yaml:15:35", "leaves its text only 0.8cm", "from 3.7cm (2.0cm of text"],
        ),
        (
            "{photo: {size: 4.5cm}, layouts: {sidebar: {band-width: 5cm}}}",
            &["cannot hold the photo (4.5cm) within its insets", "(4.5cm of text"],
        ),
        (
            "{margins: {x: 4cm}, layouts: {sidebar: {band-width: 7cm}}}",
            &["leaves the main column only 9.2cm on A4", "to 6.2cm"],
        ),
    ];
    for (design, parts) in cases {
        let design = if design.starts_with('{') {
            format!("{CV}design: {design}\n")
        } else {
            format!("{CV}design:\n  {design}\n")
        };
        refused(&design, parts);
    }
}

#[test]
fn geometry_within_the_limits_renders_on_both_papers() {
    let page = "margins: {x: 5.5cm, top: 6cm, bottom: 6.5cm}, fontSize: 6pt, lineSpacing: 2em";
    let photo = "photo: {size: 4.5cm}, layouts: {sidebar: {band-width: 8.7cm}}";
    for design in [page, photo] {
        let with_photo = CV.replace("Lovelace\n", "Lovelace\n  image: photo.png\n");
        let cv = Scratch::new(&format!("{with_photo}design: {{{design}}}\n"));
        let photo =
            image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 90]));
        photo.save(cv.dir.path().join("photo.png")).unwrap();
        for paper in ["a4", "us-letter"] {
            for layout in builtin_layouts() {
                let run = cv.run(&["--layout", layout, "--paper", paper]);
                assert_eq!(run.code, 0, "{design}: {layout} on {paper}: {}", run.stderr);
            }
        }
    }
}

#[test]
fn nulls_in_design_read_as_absent() {
    let seed = std::fs::read_to_string(root().join("data/cv.yaml")).unwrap();
    let plain = Scratch::new(&seed);
    assert_eq!(plain.run(&[]).code, 0);
    let expected = plain.pdf();
    for design in [
        "design: null",
        "design: ~",
        "design: {colors: null, fonts: ~, photo: null, sections: null, layouts: null}",
        "design: {sections: {titles: null, order: null, hidden: null}, margins: null}",
        "design: {sections: {titles: {work: null}}, layouts: {ovni: null, sidebar: {band: null}}}",
        "design: {colors: {accent: null}, fontSize: null, lineSpacing: null, dateFormat: null}",
        "design: {sections: {order: [null], hidden: [~, null]}, layouts: {ovni: {ink: ~}}}",
    ] {
        let cv = Scratch::new(&format!("{seed}\n{design}\n"));
        let check = run(&["check", cv.data_str()]);
        assert_eq!(check.code, 0, "{design}: {}", check.stderr);
        let run = cv.run(&[]);
        assert_eq!(run.code, 0, "{design}: {}", run.stderr);
        assert!(cv.pdf() == expected, "{design}: the PDF changed");
    }
}

#[test]
fn language_tags_read_as_people_write_them() {
    let translated = "basics:\n  name: Ada\n  label: {en: Analyst, fr: Analyste}\n\
        work:\n  - name: X\n    startDate: 2020-01\n";
    for (written, tag) in [
        ("pt_br", "pt-BR"),
        ("pt_BR.UTF-8", "pt-BR"),
        ("PT-br", "pt-BR"),
        ("de_DE@euro", "de"),
        ("de-AT", "de"),
        ("fr-CA", "fr"),
        ("fra", "fr"),
        ("zh-Hans", "zh"),
        ("zh_CN", "zh"),
        ("nb-NO", "nb"),
        ("no", "nb"),
        ("nn", "nb"),
    ] {
        let (expected, _) = text(CV, &["--lang", tag]);
        let (by_option, warnings) = text(CV, &["--lang", written]);
        assert_eq!(by_option, expected, "--lang {written}");
        assert!(!warnings.contains("no labels"), "--lang {written}: {warnings}");
        let in_data = format!("meta:\n  lang: \"{written}\"\n{CV}");
        let (by_data, warnings) = text(&in_data, &[]);
        assert_eq!(by_data, expected, "meta.lang: {written}");
        assert!(!warnings.contains("no labels"), "meta.lang: {written}: {warnings}");
    }
    // A region reads its language's translation, without a warning.
    let (british, warnings) = text(translated, &["--lang", "en-GB"]);
    assert!(british.contains("Analyst") && !british.contains("Analyste"), "{british}");
    assert!(!warnings.contains("warning"), "{warnings}");
    let (quebec, _) = text(translated, &["--lang", "fr_CA"]);
    assert!(quebec.contains("Analyste"), "{quebec}");
}

#[test]
fn a_language_name_gets_its_code() {
    refused(
        &format!("meta:\n  lang: French\n{CV}"),
        &["cv.yaml:2:9", "`French` is not a language code", "did you mean `fr`?"],
    );
    refused(&format!("meta:\n  lang: Deutsch\n{CV}"), &["did you mean `de`?"]);
    let cv = Scratch::new(CV);
    let run = cv.run(&["--lang", "english"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("did you mean `en`?"), "{}", run.stderr);
    // A country's code is a language's that ships none: English, with the
    // language meant.
    for (country, meant) in [("jp", "ja"), ("cz", "cs"), ("gr", "el"), ("ua", "uk")] {
        let (_, warnings) = text(CV, &["--lang", country]);
        let said = format!("did you mean the language `{meant}`?");
        assert!(warnings.contains(&said), "{country}: {warnings}");
    }
}

#[test]
fn a_glyph_error_names_the_option_that_chose_the_language() {
    let cv = Scratch::new(&format!("meta:\n  lang: en\n{CV}"));
    let run = cv.run(&["--lang", "zh"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("the labels of the option `--lang zh`"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("meta.lang") && !run.stderr.contains("lang: en"),
        "{}",
        run.stderr
    );
    // From the data, it points there.
    let cv = Scratch::new(&format!("meta:\n  lang: zh\n{CV}"));
    let run = run_check(&cv);
    assert!(run.contains("first: meta.lang, cv.yaml:2:9"), "{run}");
}

/// `check`'s messages on `cv`, its path as `cv.yaml`, expecting exit 1.
fn run_check(cv: &Scratch) -> String {
    let run = run(&["check", cv.data_str()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.stderr.replace(cv.data_str(), "cv.yaml")
}

/// The caret line under the excerpt line that holds `written`: the
/// columns of its carets.
fn carets(stderr: &str, written: &str) -> Vec<std::ops::Range<usize>> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut found = Vec::new();
    for (i, _) in lines.iter().enumerate().filter(|(_, l)| l.contains(written)) {
        let Some(under) = lines.get(i + 1) else { continue };
        let (start, end) = (under.find('^'), under.rfind('^'));
        if let (Some(start), Some(end)) = (start, end) {
            // Columns in characters, the excerpt's gutter included in both.
            let column = |text: &str, byte: usize| text[..byte].chars().count();
            found.push(column(under, start)..column(under, end) + 1);
        }
    }
    found
}

#[test]
fn a_caret_inside_brackets_underlines_the_item_alone() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("basics: {name: Ada}\nskills: [a, b, {name: }]\n", "cv.yaml", &["a"]),
        (
            "basics: {name: Ada}\nwork: [{name: a, startDate: 2020-13}, {name: b, startDate: 20x}]\n",
            "cv.yaml",
            &["2020-13", "20x"],
        ),
        (
            "{\"basics\": {\"name\": \"Ada\"}, \"work\": [{\"name\": \"y\", \"startDate\": \"20x\"}, {}]}",
            "cv.json",
            &["\"20x\""],
        ),
    ];
    for (text, name, tokens) in cases {
        let dir = tempfile::tempdir().unwrap();
        let data = write(dir.path(), name, text);
        let run = run(&["check", &data]);
        assert_eq!(run.code, 1, "{text}: {}", run.stderr);
        let line = text.lines().last().unwrap();
        let underlined = carets(&run.stderr, line);
        assert_eq!(underlined.len(), tokens.len(), "{text}:\n{}", run.stderr);
        let source = run.stderr.lines().find(|l| l.ends_with(line)).unwrap();
        let gutter = source.chars().count() - line.chars().count();
        for (token, range) in tokens.iter().zip(underlined) {
            let shown: String = source.chars().skip(range.start).take(range.len()).collect();
            assert_eq!(&shown, token, "{text}: gutter {gutter}\n{}", run.stderr);
        }
    }
}

#[test]
fn a_json_file_gets_json_hints() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "cv.json", "{\"basics\": {\"name\": \"Ada\", \"name\": \"Bob\"}}");
    let duplicate = run(&["check", &data]);
    assert_eq!(duplicate.code, 1, "{}", duplicate.stderr);
    assert!(duplicate.stderr.contains("duplicate key `name`"), "{}", duplicate.stderr);
    assert!(duplicate.stderr.contains("a JSON reader keeps only one"), "{}", duplicate.stderr);
    let data = write(
        dir.path(),
        "null.json",
        "{\"basics\": {\"name\": \"Ada\"}, \"design\": {\"colors\": 3}, \"meta\": {\"lang\": [1]}}",
    );
    let run = run(&["check", &data]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("YAML") && !run.stderr.contains("indented"), "{}", run.stderr);
}

#[test]
fn a_memory_limit_too_small_to_render_is_refused_in_mib() {
    let cv = Scratch::new(CV);
    for tiny in ["0.00001", "1e-12", "0.05"] {
        let run = cv.run(&["--memory-limit", tiny]);
        assert_eq!(run.code, 2, "{tiny}: {}", run.stderr);
        assert!(
            run.stderr.contains("needs 64 MiB") && run.stderr.contains("0.0625 GiB"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains(" 0 GiB"), "{}", run.stderr);
        let by_env = finish(
            cvpdf().env("CVPDF_MEMORY", tiny).args(["check", cv.data_str()]).output().unwrap(),
        );
        assert_eq!(by_env.code, 2, "CVPDF_MEMORY={tiny}: {}", by_env.stderr);
    }
    assert_eq!(cv.run(&["--memory-limit", "0.0625"]).code, 0);
}

#[test]
fn an_unknown_font_names_both_ways_to_add_one() {
    refused(
        &format!("{CV}design: {{fonts: {{body: Helvetica Neue}}}}\n"),
        &["cv.yaml:14:24", "no font of the family", "--system-fonts", "--font-path DIR"],
    );
}

#[test]
fn a_colour_too_pale_for_the_page_gets_a_warning_with_its_contrast() {
    for (colour, ratio) in [("white", "1.00:1"), ("\"#fafafa\"", "1.04:1"), ("yellow", "1.07:1")] {
        for key in ["accent", "muted"] {
            let yaml = format!("{CV}design:\n  colors: {{{key}: {colour}}}\n");
            let cv = Scratch::new(&yaml);
            let run = run(&["check", cv.data_str()]);
            assert_eq!(run.code, 0, "{key}: {colour}: {}", run.stderr);
            let stderr = run.stderr.replace(cv.data_str(), "cv.yaml");
            let at = format!("cv.yaml:15:{}", 14 + key.len());
            for part in [&*at, "warning", "hard to read on the white page", ratio, "3:1"] {
                assert!(stderr.contains(part), "{key}: {colour}: `{part}` in {stderr}");
            }
            assert_eq!(cv.run(&[]).code, 0, "a warning, not an error");
        }
    }
    for readable in ["teal", "\"#1d3557\"", "\"#767676\"", "black"] {
        let cv = Scratch::new(&format!("{CV}design: {{colors: {{accent: {readable}}}}}\n"));
        let run = run(&["check", cv.data_str()]);
        assert!(!run.stderr.contains("hard to read"), "{readable}: {}", run.stderr);
    }
}

#[test]
fn a_letter_subject_that_prints_nothing_makes_no_heading() {
    for subject in ["\" \"", "\"\\u200b\"", "{en: \"\\u200b\", fr: \" \"}"] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "cv.yaml", CV);
        std::fs::create_dir(dir.path().join("applications")).unwrap();
        let letter = format!("---\nsubject: {subject}\nlang: en\n---\nHello.\n");
        write(&dir.path().join("applications"), "acme.md", &letter);
        let run = finish(
            cvpdf()
                .current_dir(dir.path())
                .args(["apply", "applications/acme.md"])
                .output()
                .unwrap(),
        );
        assert_eq!(run.code, 0, "{subject}: {}", run.stderr);
    }
}

#[test]
fn a_cv_too_long_says_what_set_its_page_limit() {
    let seed = std::fs::read_to_string(root().join("data/cv.yaml")).unwrap();
    let cv = Scratch::new(&format!(
        "{seed}\ndesign: {{margins: {{x: 5.5cm, top: 6cm, bottom: 6.5cm}}, lineSpacing: 2em}}\n"
    ));
    for (args, said) in [
        (&["--layout", "onepage"][..], "the `onepage` layout holds 1 page at most"),
        (&["--layout", "classic", "--max-pages", "1"], "the option --max-pages"),
    ] {
        let run = cv.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("does not fit on 1 page"), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
    }
}
