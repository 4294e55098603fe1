//! The pipeline end to end: the real binary on real data, PDFs inspected.

use std::path::Path;

use crate::common::*;

#[test]
fn classic_holds_every_sentence_and_heading_of_the_seed() {
    let pdf = render_seed("classic");
    let text = normalise(&body_text(&pdf, "James DevOps"));
    let sentences = seed_sentences();
    assert!(sentences.len() > 100, "the seed parses into sentences");
    let missing: Vec<&String> = sentences.iter().filter(|s| !text.contains(s.as_str())).collect();
    assert!(missing.is_empty(), "missing from the PDF: {missing:#?}");
    for heading in seed_headings() {
        for word in heading.split([' ', '-']).filter(|w| !w.is_empty()) {
            assert!(text.contains(word), "`{word}` of heading `{heading}` is missing");
        }
    }
}

#[test]
fn every_font_is_embedded() {
    let pdf = render_seed("classic");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let mut checked = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        let name = dict
            .get(b"FontName")
            .and_then(|n| n.as_name())
            .map(|n| String::from_utf8_lossy(n).into_owned());
        let embedded =
            [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"].iter().any(|k| dict.has(k));
        assert!(embedded, "font {name:?} is not embedded");
        checked += 1;
    }
    assert!(checked >= 3, "the PDF uses several fonts, found {checked}");
}

#[test]
fn output_is_byte_identical_across_environments() {
    let data = root().join("data/cv.yaml");
    let first_dir = tempfile::tempdir().unwrap();
    let second_dir = tempfile::tempdir().unwrap();
    let run_in = |dir: &Path, tz: &str, lang: &str| {
        let out = dir.join("cv.pdf");
        let result = finish(
            cvpdf()
                .current_dir(dir)
                .env("TZ", tz)
                .env("LANG", lang)
                .env("LC_ALL", lang)
                .args(["--data", data.to_str().unwrap(), "--output", out.to_str().unwrap()])
                .output()
                .unwrap(),
        );
        assert_eq!(result.code, 0, "{}", result.stderr);
        std::fs::read(out).unwrap()
    };
    let first = run_in(first_dir.path(), "UTC", "C");
    // A later second on the wall clock, another zone, locale and directory.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = run_in(second_dir.path(), "Pacific/Kiritimati", "fr_FR.UTF-8");
    assert!(first == second, "two runs gave different bytes");
    let text = String::from_utf8_lossy(&first);
    assert!(text.contains("D:20261128"), "the PDF date is meta.lastModified");
}

#[test]
fn source_date_epoch_sets_the_pdf_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let result = finish(
        cvpdf()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["--output", out.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    let pdf = std::fs::read(out).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("D:20231114221320"));
    let bad = finish(
        cvpdf().env("SOURCE_DATE_EPOCH", "yesterday").args(["--output", "-"]).output().unwrap(),
    );
    assert_eq!(bad.code, 2, "a malformed SOURCE_DATE_EPOCH is a usage error");
}

#[test]
fn a_source_date_epoch_that_is_not_a_date_is_refused() {
    // Garbage, signs, fractions, before 1970 and past 9999, and a value
    // that would drive the terminal: exit 2, the accepted range, quoted
    // escaped.
    let nines = "9".repeat(25);
    let bad = ["yesterday", "1e9", "+17", "1.5", "-1", "-100000000000", "253402300800", &nines];
    for value in bad.into_iter().chain(["170\u{1b}[2J"]) {
        let result = finish(cvpdf().env("SOURCE_DATE_EPOCH", value).arg("check").output().unwrap());
        assert_eq!(result.code, 2, "SOURCE_DATE_EPOCH={value:?}: {}", result.stderr);
        assert!(result.stderr.contains("from 0 to 253402300799"), "{}", result.stderr);
        assert!(!result.stderr.contains('\u{1b}'), "{:?}", result.stderr);
    }
    // Bytes that are no text are refused too, not taken for unset.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = std::ffi::OsStr::from_bytes(b"17\xff");
        let result = finish(cvpdf().env("SOURCE_DATE_EPOCH", bytes).arg("check").output().unwrap());
        assert_eq!(result.code, 2, "{}", result.stderr);
        assert!(result.stderr.contains("from 0 to 253402300799"), "{}", result.stderr);
    }
    // The last second of 9999 is a PDF date; an empty value is unset.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let args = ["--output", out.to_str().unwrap()];
    let last =
        finish(cvpdf().env("SOURCE_DATE_EPOCH", "253402300799").args(args).output().unwrap());
    assert_eq!(last.code, 0, "{}", last.stderr);
    assert!(String::from_utf8_lossy(&std::fs::read(&out).unwrap()).contains("D:99991231235959"));
    let empty = finish(cvpdf().env("SOURCE_DATE_EPOCH", "").arg("check").output().unwrap());
    assert_eq!(empty.code, 0, "{}", empty.stderr);
}

#[test]
fn text_fields_print_numbers_and_booleans_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let typed = ["3.10", "2.0", "0x1F", "007", "0o17", "1e3", "+12", ".inf", "True", "FALSE"];
    let yaml = format!(
        "basics:\n  name: Ada\n  label: {{en: 2.50, fr: x}}\nskills:\n  - name: 1.0\n    level: 3.10\n    keywords: [{}]\n",
        typed.join(", ")
    );
    let data = dir.path().join("cv.yaml");
    std::fs::write(&data, yaml).unwrap();
    let text = pdf_text(&render(&data, "classic", &["--lang", "en"]));
    let words: Vec<&str> = text.split([' ', '\n', ',']).collect();
    for word in typed.iter().chain(&["2.50", "1.0"]) {
        assert!(words.contains(word), "{word} in {text}");
    }
    // A JSON number too: JSON Resume files are read as YAML.
    let json = dir.path().join("cv.json");
    std::fs::write(
        &json,
        r#"{"basics": {"name": "Ada", "label": 3.10},
            "skills": [{"name": "Rust", "level": 1.50, "keywords": [1e3, 0.50, true]}]}"#,
    )
    .unwrap();
    let text = pdf_text(&render(&json, "classic", &[]));
    let words: Vec<&str> = text.split([' ', '\n', ',']).collect();
    for word in ["3.10", "1.50", "1e3", "0.50", "true"] {
        assert!(words.contains(&word), "{word} in {text}");
    }
    // An anchor, its alias and an explicit tag elsewhere in the file.
    std::fs::write(
        &data,
        "basics:\n  name: Ada\n  label: &l 3.10\nskills:\n  - name: *l\n    level: !!float 2.50\n    keywords: [-.inf, 0b11, 1E+2]\n",
    )
    .unwrap();
    let text = run(&["--data", data.to_str().unwrap(), "--format", "txt", "--output", "-"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("\n3.10\n") && text.stdout.contains("3.10: 2.5"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("-.inf, 0b11, 1E+2"), "{}", text.stdout);
    // Null is no value, as in YAML and JSON: a name written `Null` gets a hint.
    std::fs::write(&data, "basics:\n  name: Null\n").unwrap();
    let null = run(&["check", data.to_str().unwrap()]);
    assert_eq!(null.code, 1);
    assert!(null.stderr.contains(r#"write it in quotes, "Null""#), "{}", null.stderr);
}

#[test]
fn lines_ended_by_a_carriage_return_alone_load() {
    // Old Mac editors end lines with CR alone; a leading comment is one
    // line, not the whole file.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cv.yaml");
    std::fs::write(&data, "# My CV\rbasics:\r  name: Ada\r  label: Engineer\r").unwrap();
    let text = pdf_text(&render(&data, "classic", &[]));
    assert!(text.contains("Ada") && text.contains("Engineer"), "{text}");
}

const SPECIAL: &str = r#"C# $100 @jpic #import "x" <y> *_\ ]"#;
const SPECIAL_NO_QUOTES: &str = r"C# $100 @jpic #import <x> *_\";

#[test]
fn special_characters_print_literally() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cv.yaml");
    let yaml = format!(
        "basics:\n  name: 'Ada {SPECIAL}'\n  label: '{SPECIAL}'\nwork:\n  - name: 'Acme {SPECIAL}'\n    summary: '`{SPECIAL}`'\n    highlights:\n      - '{SPECIAL_NO_QUOTES}'\n    position: '#set page(width: 1cm) #eval(\"1+1\") {{{{x}}}}'\n"
    );
    std::fs::write(&data, yaml).unwrap();
    let pdf = render(&data, "classic", &[]);
    let text = pdf_text(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains(&format!("Ada {SPECIAL}")), "plain field: {text}");
    assert!(text.contains(&format!("Acme {SPECIAL}")), "entry title: {text}");
    assert!(text.matches(SPECIAL).count() >= 4, "label and code span too: {text}");
    assert!(text.contains(SPECIAL_NO_QUOTES), "Markdown prose: {text}");
    assert!(text.contains(r#"#set page(width: 1cm) #eval("1+1") {{x}}"#), "not evaluated: {text}");
    assert_eq!(page_count(&pdf), 1);
}

#[test]
fn broken_yaml_is_located_and_keeps_the_earlier_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cv.yaml");
    let out = dir.path().join("cv.pdf");
    std::fs::write(&data, "basics:\n  name: Ada\n").unwrap();
    let ok = run(&["--data", data.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let before = std::fs::read(&out).unwrap();

    std::fs::write(&data, "basics:\n  name: Ada\n\tlabel: DevOps\nwork: []\n").unwrap();
    let broken = run(&["--data", data.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert_eq!(broken.code, 1);
    let location = format!("{}:3:", data.display());
    assert!(broken.stderr.contains(&location), "no {location} in:\n{}", broken.stderr);
    assert!(broken.stderr.contains("hint:"), "{}", broken.stderr);
    assert!(!broken.stderr.contains("panicked"));
    assert_eq!(std::fs::read(&out).unwrap(), before, "the earlier PDF is untouched");
    let leftovers: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no temporary file is left: {leftovers:?}");
}

#[test]
fn type_errors_point_at_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cv.yaml");
    std::fs::write(&data, "basics:\n  name: Ada\n  profiles:\n    network: GitHub\n").unwrap();
    let result = run(&["--data", data.to_str().unwrap(), "--output", "-"]);
    assert_eq!(result.code, 1);
    assert!(result.stderr.contains(&format!("{}:4:5", data.display())), "{}", result.stderr);
    assert!(result.stderr.contains("basics.profiles"), "{}", result.stderr);
    assert!(result.stdout.is_empty(), "no PDF on stdout");
}

#[test]
fn every_json_resume_file_renders_unchanged() {
    let dir = root().join("tests/fixtures/jsonresume");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    assert_eq!(files.len(), 4);
    for file in files {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let pdf = render(&file, "classic", &[]);
        let text = normalise(&pdf_text(&pdf));
        let name = json["basics"]["name"].as_str().unwrap();
        assert!(text.contains(name), "{} lacks its name", file.display());
        for work in json["work"].as_array().into_iter().flatten() {
            let employer = work["name"].as_str().unwrap();
            assert!(text.contains(&normalise(employer)), "{} lacks {employer}", file.display());
        }
    }
}

#[test]
fn cli_defaults_usage_errors_and_stdout() {
    // Defaults: data/cv.yaml, classic, out/cv-classic.pdf, relative to the working directory.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::copy(root().join("data/cv.yaml"), dir.path().join("data/cv.yaml")).unwrap();
    let result = finish(cvpdf().current_dir(dir.path()).output().unwrap());
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result.stdout.contains("out/cv-classic.pdf:") && result.stdout.contains("pages"),
        "{}",
        result.stdout
    );
    assert!(dir.path().join("out/cv-classic.pdf").is_file());

    let to_stdout = cvpdf().args(["--output", "-"]).output().unwrap();
    assert!(to_stdout.stdout.starts_with(b"%PDF-"), "the PDF goes to stdout");
    assert!(
        String::from_utf8_lossy(&to_stdout.stderr).contains("pages"),
        "the summary goes to stderr"
    );

    assert_eq!(run(&["--no-such-flag"]).code, 2);
    let unknown = run(&["--layout", "fancy"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("classic"), "{}", unknown.stderr);
    assert_eq!(run(&["--paper", "a5"]).code, 2);
    let missing = run(&["--data", "nope.yaml"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("nope.yaml"), "{}", missing.stderr);
}

#[test]
fn us_letter_paper() {
    let pdf = render(&root().join("data/cv.yaml"), "classic", &["--paper", "us-letter"]);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let media =
        doc.get_dictionary(page).unwrap().get(b"MediaBox").unwrap().as_array().unwrap().clone();
    let width = media[2].as_float().unwrap();
    assert!((width - 612.0).abs() < 0.5, "US Letter is 612 pt wide, got {width}");
}

#[test]
fn custom_layouts_render_and_their_errors_point_at_them() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("mine.typ");
    std::fs::write(
        &good,
        "#import \"common.typ\": *\n#show: document-setup\n= #cv.header.name\n#sections()\n",
    )
    .unwrap();
    let pdf = render(&root().join("data/cv.yaml"), good.to_str().unwrap(), &[]);
    assert!(pdf_text(&pdf).contains("James"));

    let bad = dir.path().join("broken.typ");
    std::fs::write(&bad, "#import \"common.typ\": *\n\n#let x = cv.header.name\n#(x + 1)\n")
        .unwrap();
    let result = run(&["--layout", bad.to_str().unwrap(), "--output", "-"]);
    assert_eq!(result.code, 1);
    let location = format!("{}:4:", bad.display());
    assert!(result.stderr.contains(&location), "no {location} in:\n{}", result.stderr);
    assert!(result.stdout.is_empty());
}

#[test]
fn strict_refuses_a_custom_layouts_warnings_in_check_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let cv = write(dir.path(), "cv.yaml", "basics:\n  name: Ada\n");
    let layout = write(
        dir.path(),
        "my.typ",
        "#import \"common.typ\": *\n#show: document-setup\n#set text(font: \"No Such Family\")\nx\n",
    );
    let out = dir.path().join("out.pdf");
    let out = out.to_str().unwrap();
    let at = format!("{layout}:3:17");
    let lenient = run(&["check", &cv, "--layout", &layout]);
    assert_eq!(lenient.code, 0, "{}", lenient.stderr);
    assert!(lenient.stderr.contains("warning: unknown font family"), "{}", lenient.stderr);
    for args in [&["check", &cv][..], &["--data", &cv, "--output", out]] {
        let mut all = args.to_vec();
        all.extend(["--layout", &layout, "--strict"]);
        let strict = run(&all);
        assert_eq!(strict.code, 1, "{all:?}: {}", strict.stderr);
        assert!(strict.stderr.contains("error: unknown font family"), "{}", strict.stderr);
        assert!(strict.stderr.contains(&at), "{all:?}: no {at} in {}", strict.stderr);
    }
    assert!(!std::path::Path::new(out).exists(), "--strict writes nothing");
}
