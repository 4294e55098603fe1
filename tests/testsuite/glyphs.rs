//! Characters the fonts cannot draw, CJK text with a font of its own, and
//! `check`, which gives the verdict a render with the same options gives.

use crate::common::*;

/// The Chinese CV of the fixtures and the CJK font subset made for it.
fn chinese_cv() -> String {
    fixture("cjk/cv.json").to_str().unwrap().to_owned()
}

fn cjk_fonts() -> String {
    fixture("fonts").to_str().unwrap().to_owned()
}

/// `cvpdf check FILE` with more arguments.
fn check(data: &str, args: &[&str]) -> Run {
    let mut all = vec!["check", data];
    all.extend_from_slice(args);
    run(&all)
}

/// A render to a temporary file with more arguments, and whether it wrote.
fn render_run(data: &str, args: &[&str]) -> (Run, bool) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.out");
    let mut all = vec!["--data", data, "--output", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let result = run(&all);
    let wrote = out.exists() || dir.path().join("cv-1.out").exists();
    (result, wrote)
}

#[test]
fn a_chinese_cv_without_a_cjk_font_gets_one_grouped_error_from_check_and_render() {
    let data = chinese_cv();
    let checked = check(&data, &[]);
    let (rendered, wrote) = render_run(&data, &[]);
    for (what, result) in [("check", &checked), ("render", &rendered)] {
        let stderr = &result.stderr;
        assert_eq!(result.code, 1, "{what} refuses it: {stderr}");
        let expected = format!(
            // The data's characters and its Chinese labels'.
            "error: 296 characters of CJK Unified Ideographs (290), Halfwidth and Fullwidth Forms (4) and CJK Symbols and Punctuation (2) have no glyph (first: basics.name, {data}:3:14)"
        );
        assert!(stderr.contains(&expected), "{what}: {stderr}");
        assert_eq!(stderr.matches("error:").count(), 1, "{what} says it once: {stderr}");
        assert!(stderr.lines().count() < 20, "{what}: a few lines, not thousands: {stderr}");
        assert!(
            stderr.contains("apt install fonts-noto-cjk")
                && stderr.contains("--font-path /usr/share/fonts/opentype/noto"),
            "{what} gives the fix: {stderr}"
        );
        assert!(
            stderr.contains("PDF/A-2a and PDF/UA-1 refuse characters without a glyph"),
            "{what} says why it is an error: {stderr}"
        );
        assert!(!stderr.contains("--strict makes this an error"), "{what}: {stderr}");
        assert!(!stderr.contains("could not be displayed"), "no export was tried: {stderr}");
    }
    assert!(!wrote, "nothing is written");

    // Every layout meets the same characters: the error is still said once.
    let all = render_run(&data, &["--layout", "all"]).0;
    assert_eq!(all.code, 1);
    assert_eq!(all.stderr.matches("have no glyph").count(), 1, "{}", all.stderr);
    let all = check(&data, &["--layout", "all"]);
    assert_eq!(all.code, 1);
    assert_eq!(all.stderr.matches("have no glyph").count(), 1, "{}", all.stderr);
}

#[test]
fn a_chinese_cv_renders_in_every_layout_with_a_cjk_font() {
    let data = chinese_cv();
    let fonts = cjk_fonts();
    let checked = check(&data, &["--layout", "all", "--font-path", &fonts]);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    let fine = format!("fine for {}", builtin_layouts().collect::<Vec<_>>().join(", "));
    assert!(checked.stderr.contains(&fine), "{}", checked.stderr);
    for layout in builtin_layouts() {
        let pdf = render(fixture("cjk/cv.json").as_path(), layout, &["--font-path", &fonts]);
        assert_eq!(page_count(&pdf), 1, "{layout}");
        let text: String = pdf_text(&pdf).split_whitespace().collect();
        for phrase in [
            "林若溪",
            "高级后端工程师",
            "云帆科技有限公司",
            "主导将单体应用拆分为二十余个微服务，部署频率从每月一次提升到每天多次。",
            "浙江大学",
            "流利（雅思七分）",
            "登山、摄影、围棋",
        ] {
            assert!(text.contains(phrase), "{layout} lacks {phrase}: {text}");
        }
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let cjk = doc.objects.values().filter_map(|o| o.as_dict().ok()).any(|d| {
            d.get(b"FontName")
                .and_then(|n| n.as_name())
                .is_ok_and(|n| String::from_utf8_lossy(n).contains("NotoSansCJK"))
        });
        assert!(cjk, "{layout}: the CJK font is embedded");
    }
}

#[test]
fn check_and_render_agree_under_every_option() {
    let cv = Scratch::new(
        "basics:\n  name: Ada 中\n  label: Platform engineer 🚀\nwork:\n  - name: Acme\n    startDate: 2020-01\n    summary: Lift-off 🚀 done 😀\n    tags: [cloud]\n  - name: 北京公司\n    startDate: 2015-01\n    endDate: 2019-01\n    tags: [china]\n",
    );
    // Options, the verdict and why: standards that need every glyph refuse
    // the CV; without a standard, with A-1b and for images it prints empty
    // boxes, with a warning that --strict makes an error.
    let boxes = "without a glyph they would print as empty boxes";
    let cases: [(&[&str], i32, &str); 8] = [
        (&[], 1, "PDF/A-2a and PDF/UA-1 refuse characters without a glyph"),
        (&["--pdf-standard", "ua-1"], 1, "PDF/UA-1 refuses characters without a glyph"),
        (&["--pdf-standard", "a-2b"], 1, "PDF/A-2b refuses characters without a glyph"),
        (&["--pdf-standard", "none"], 0, boxes),
        (&["--pdf-standard", "a-1b"], 0, boxes),
        (&["--pdf-standard", "none", "--strict"], 1, boxes),
        (&["--format", "png"], 0, boxes),
        (&["--format", "png", "--strict"], 1, boxes),
    ];
    for (options, verdict, why) in cases {
        let checked = check(cv.data_str(), options);
        let (rendered, wrote) = render_run(cv.data_str(), options);
        assert_eq!(checked.code, verdict, "check {options:?}: {}", checked.stderr);
        assert_eq!(rendered.code, verdict, "render {options:?}: {}", rendered.stderr);
        assert_eq!(wrote, verdict == 0, "{options:?}");
        for result in [&checked, &rendered] {
            let stderr = &result.stderr;
            assert!(
                stderr.contains(
                    "5 characters of CJK Unified Ideographs have no glyph (first: basics.name"
                ),
                "{options:?}: {stderr}"
            );
            assert!(stderr.contains("2 emoji have no glyph (first: basics.label"), "{stderr}");
            assert!(stderr.contains("apt install fonts-noto-color-emoji"), "{stderr}");
            // Said once each, with hints that fit the severity.
            assert_eq!(stderr.matches(why).count(), 2, "{options:?}: {stderr}");
            let kind = if verdict == 1 { "error:" } else { "warning:" };
            assert_eq!(stderr.matches(kind).count(), 2, "{options:?}: {stderr}");
            assert!(!stderr.contains("--strict makes"), "{stderr}");
        }
    }
    // Characters that the options leave out of the document do not count.
    let cloud = check(cv.data_str(), &["--tags", "cloud"]);
    assert!(cloud.stderr.contains("1 character of CJK Unified Ideographs has"), "{}", cloud.stderr);
    assert!(cloud.stderr.contains("2 emoji have"), "{}", cloud.stderr);
    let china = check(cv.data_str(), &["--tags", "china"]);
    assert!(china.stderr.contains("5 characters of CJK"), "{}", china.stderr);
    assert!(china.stderr.contains("1 emoji has no glyph (first: basics.label"), "{}", china.stderr);
    let english = Scratch::new("basics:\n  name: Ada\n  label: {en: Engineer, zh: 工程师}\n");
    for options in [&[][..], &["--lang", "en"]] {
        assert_eq!(check(english.data_str(), options).code, 0, "{options:?}");
        assert_eq!(render_run(english.data_str(), options).0.code, 0, "{options:?}");
    }
    let chinese = check(english.data_str(), &["--lang", "zh"]);
    assert_eq!(chinese.code, 1, "{}", chinese.stderr);
    assert!(chinese.stderr.contains("(first: basics.label.zh"), "{}", chinese.stderr);
}

#[test]
fn private_use_icons_are_refused_where_the_standard_refuses_them() {
    let cv = Scratch::new(
        "basics:\n  name: Ada\n  summary: \"\u{F0E0} ada@example.com \u{F09B} ada\"\n",
    );
    for (options, verdict, says) in [
        (&[][..], 1, "2 characters of Private Use Area cannot go into the PDF"),
        (&["--pdf-standard", "a-2b"], 1, "2 characters of Private Use Area have no glyph"),
        (&["--pdf-standard", "none"], 0, "2 characters of Private Use Area have no glyph"),
    ] {
        let checked = check(cv.data_str(), options);
        let (rendered, _) = render_run(cv.data_str(), options);
        for result in [&checked, &rendered] {
            assert_eq!(result.code, verdict, "{options:?}: {}", result.stderr);
            assert!(result.stderr.contains(says), "{options:?}: {}", result.stderr);
            assert!(result.stderr.contains("U+F0E0, U+F09B"), "{}", result.stderr);
        }
    }
}

#[test]
fn check_compiles_as_a_render_does() {
    // A CV too long for one page is fine for classic and refused by
    // onepage and --max-pages, by check as by render.
    let words = "lorem ipsum dolor sit amet ".repeat(600);
    let cv = Scratch::new(&format!("basics:\n  name: Long Winded\n  summary: {words}\n"));
    for (options, verdict) in
        [(&[][..], 0), (&["--layout", "onepage"], 1), (&["--max-pages", "1"], 1)]
    {
        let checked = check(cv.data_str(), options);
        assert_eq!(checked.code, verdict, "check {options:?}: {}", checked.stderr);
        assert_eq!(render_run(cv.data_str(), options).0.code, verdict, "render {options:?}");
        if verdict == 1 {
            assert!(checked.stderr.contains("does not fit on 1 page"), "{}", checked.stderr);
        }
    }
    // A custom layout's errors are found too, in its own file.
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("broken.typ");
    std::fs::write(&layout, "#import \"common.typ\": *\n#(cv.header.name + 1)\n").unwrap();
    let checked = check(cv.data_str(), &["--layout", layout.to_str().unwrap()]);
    assert_eq!(checked.code, 1, "{}", checked.stderr);
    assert!(checked.stderr.contains(&format!("{}:2:", layout.display())), "{}", checked.stderr);
}

#[test]
fn characters_without_a_glyph_are_named_where_they_are_written() {
    let cv = Scratch::new(
        "basics:\n  name: Ada 中\nwork:\n  - name: Acme\n    summary: Lift-off 🚀 done\n",
    );
    let data = cv.data_str();
    let refused = cv.run(&[]);
    assert_eq!(refused.code, 1);
    let stderr = &refused.stderr;
    assert!(
        stderr.contains(&format!(
            "error: 1 character of CJK Unified Ideographs has no glyph (first: basics.name, {data}:2:13)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("no font can draw U+4E2D `中`"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: 1 emoji has no glyph (first: work[0].summary, {data}:5:23)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("the characters: U+1F680 `🚀` (in 1 field)"), "{stderr}");
    assert!(!cv.out.exists());

    let warned = cv.run(&["--pdf-standard", "none"]);
    assert_eq!(warned.code, 0, "{}", warned.stderr);
    assert!(
        warned.stderr.contains("warning: 1 character of CJK Unified Ideographs"),
        "{}",
        warned.stderr
    );
}

#[test]
fn plain_text_needs_no_font() {
    // Characters no font has cost a text output nothing: no warning, no
    // error under --strict, from a render and from `check` alike, and
    // every character is written.
    let data = chinese_cv();
    for options in [&["--format", "txt"][..], &["--format", "txt", "--strict"]] {
        let checked = check(&data, options);
        assert_eq!(checked.code, 0, "{options:?}: {}", checked.stderr);
        let mut args = vec!["--data", data.as_str(), "--output", "-"];
        args.extend_from_slice(options);
        let rendered = run(&args);
        assert_eq!(rendered.code, 0, "{options:?}: {}", rendered.stderr);
        assert!(!rendered.stderr.contains("glyph"), "{}", rendered.stderr);
        assert!(rendered.stdout.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    }
    // A PDF still needs the font.
    assert_eq!(check(&data, &["--strict"]).code, 1);
}
