//! What `design` may not do silently (README, "Design"): colours a layout
//! draws one on another that cannot be told apart, section ids that
//! collide, titles past what a PDF can hold, and keys the checks would
//! otherwise drop.

use crate::common::*;

/// A small CV with a band's worth of sections, then `design` (YAML,
/// indented under it).
fn cv(design: &str) -> Scratch {
    Scratch::new(&format!(
        "basics:\n  name: Ada Lovelace\n  email: ada@example.com\n  summary: Builds things.\n\
         work:\n  - name: Engines Ltd\n    position: Analyst\n    startDate: 2019-03\n\
         skills:\n  - name: Notes\n    keywords: [Bernoulli]\n\
         design:\n{design}"
    ))
}

/// `cvpdf check` on `cv` in `layout`, with more arguments.
fn check(cv: &Scratch, layout: &str, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--data", cv.data_str(), "--layout", layout];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn a_layouts_own_colours_are_contrast_checked() {
    // Each own colour option, set so that what it draws with cannot be
    // read or seen: a warning at the value, and an error under --strict.
    let cases = [
        ("sidebar", "band: black", "band's headings"),
        ("sidebar", "band: \"#333\"", "band's headings"),
        ("ovni", "ink: white", "name and headings"),
        ("ovni", "ink: \"#eeeeee\"", "hard to see in `ovni`"),
        ("ovni", "ink: \"#888\"\n      glow: \"#bbb\"", "margin's notes"),
        ("ovni", "glow-edge: white", "photo's ring"),
    ];
    for (layout, option, what) in cases {
        let cv = cv(&format!("  layouts:\n    {layout}:\n      {option}\n"));
        let lenient = check(&cv, layout, &[]);
        assert_eq!(lenient.code, 0, "{option}: {}", lenient.stderr);
        assert!(lenient.stderr.contains("warning"), "{option}: {}", lenient.stderr);
        assert!(lenient.stderr.contains(what), "{option}: {}", lenient.stderr);
        assert!(lenient.stderr.contains("cv.yaml:15:"), "{option}: {}", lenient.stderr);
        assert_eq!(check(&cv, layout, &["--strict"]).code, 1, "{option}");
    }
    // The defaults, written out, and legible choices pass silently.
    for option in ["band: \"#edf2f7\"", "band: lightyellow", "band: white"] {
        let cv = cv(&format!("  layouts:\n    sidebar:\n      {option}\n"));
        let run = check(&cv, "sidebar", &["--strict"]);
        assert_eq!(run.code, 0, "{option}: {}", run.stderr);
        assert!(!run.stderr.contains("warning:"), "{option}: {}", run.stderr);
    }
    let fine =
        cv("  layouts:\n    ovni: {ink: darkgreen, glow: \"#fdd\", glow-edge: \"#5dbf86\"}\n");
    let run = check(&fine, "ovni", &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The band is checked against the muted colour the data sets.
    let muted = cv("  colors: {muted: \"#999\"}\n  layouts:\n    sidebar: {band: \"#ccc\"}\n");
    let run = check(&muted, "sidebar", &[]);
    assert!(run.stderr.contains("keywords"), "{}", run.stderr);
}

/// A CV with the free sections `sections` (YAML items, indented under
/// `sections:`) and `design` after them.
fn free(sections: &str, design: &str) -> Scratch {
    Scratch::new(&format!(
        "basics:\n  name: Ada Lovelace\n\
         work:\n  - name: Engines Ltd\n    position: Analyst\n    startDate: 2019-03\n\
         sections:\n{sections}design:\n{design}"
    ))
}

#[test]
fn a_free_sections_id_is_its_own() {
    // Each collides, case folded, with a built-in section the data writes
    // or an earlier free section: an error at the title (or the id
    // written), with an id to give.
    let cases = [
        ("  - title: Work\n    body: a\n", "8:12", "built-in section `work`", "id: my-work"),
        (
            "  - title: Talks\n    body: a\n  - title: talks\n    body: b\n",
            "10:12",
            "`sections[0]`",
            "id: talks-2",
        ),
        (
            "  - title: x\n    id: WORK\n    body: a\n",
            "9:9",
            "built-in section `work`",
            "id: my-work",
        ),
        (
            "  - title: a\n    id: notes\n    body: a\n  - title: b\n    id: NOTES\n    body: b\n",
            "12:9",
            "`sections[0]`",
            "notes-2",
        ),
        ("  - title: {en: Work, fr: Travail}\n    body: a\n", "8:5", "`work`", "my-work"),
        ("  - title: Sections\n    body: a\n", "8:12", "`sections`", "my-sections"),
    ];
    for (sections, at, why, hint) in cases {
        let cv = free(sections, "  dateFormat: year\n");
        let run = run(&["check", "--data", cv.data_str()]);
        assert_eq!(run.code, 1, "{sections}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("cv.yaml:{at}")), "{sections}: {}", run.stderr);
        assert!(
            run.stderr.contains(why) && run.stderr.contains(hint),
            "{sections}: {}",
            run.stderr
        );
    }
    // A free section titled as a built-in one the data leaves out is that
    // section: `design.sections` names it by that key.
    let alone = free(
        "  - title: Skills\n    body: Juggling\n",
        "  sections:\n    titles: {skills: Knacks}\n",
    );
    let text = run(&["--data", alone.data_str(), "-f", "txt", "-o", "-"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.contains("Knacks") && text.stdout.contains("Juggling"), "{}", text.stdout);
    for hidden in ["skills", "sections"] {
        let hide = free(
            "  - title: Skills\n    body: Juggling\n",
            &format!("  sections:\n    hidden: [{hidden}]\n"),
        );
        let text = run(&["--data", hide.data_str(), "-f", "txt", "-o", "-"]);
        assert!(!text.stdout.contains("Juggling"), "{hidden}: {}", text.stdout);
    }
    // Ids of their own work, and `design.sections` finds a free section by
    // its id in the CV's language whatever language a run prints.
    let cv = free(
        "  - title: {en: Talks, fr: Exposés}\n    body: a\n  - title: Work\n    id: side-work\n    body: b\n",
        "  sections:\n    titles: {talks: Conferences, side-work: Side jobs}\n    hidden: [work]\n",
    );
    for lang in ["en", "fr"] {
        let run = run(&["--data", cv.data_str(), "--lang", lang, "-f", "txt", "-o", "-"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.contains("Conferences") && run.stdout.contains("Side jobs"),
            "{lang}: {}",
            run.stdout
        );
        assert!(!run.stdout.contains("Engines"), "{lang}: {}", run.stdout);
    }
}

#[test]
fn a_section_title_is_a_few_words() {
    // Past 200 characters, in any language and wherever a title is set:
    // an error at it, never Typst's message about PDF strings.
    let long = "Wor ".repeat(8_250);
    let cases = [
        (
            "  - title: Notes\n    body: a\n".to_owned(),
            format!("  sections:\n    titles: {{work: \"{long}\"}}\n"),
            "12:20",
        ),
        (
            "  - title: {en: Notes, fr: \"".to_owned() + &"é".repeat(201) + "\"}\n    body: a\n",
            "  dateFormat: year\n".to_owned(),
            "8:28",
        ),
        (
            format!("  - title: {}\n    body: a\n", "x".repeat(201)),
            "  dateFormat: year\n".into(),
            "8:12",
        ),
    ];
    for (sections, design, at) in cases {
        let cv = free(&sections, &design);
        for command in [&["check"][..], &["--layout", "all", "-o"][..]] {
            let mut args = command.to_vec();
            let out = cv.dir.path().join("out");
            if command.len() > 1 {
                args.push(out.to_str().unwrap());
            }
            args.extend(["--data", cv.data_str()]);
            let run = run(&args);
            assert_eq!(run.code, 1, "{}", run.stderr);
            assert!(run.stderr.contains("at most 200 characters"), "{}", run.stderr);
            assert!(run.stderr.contains(&format!("cv.yaml:{at}")), "{}", run.stderr);
            assert!(!run.stderr.contains("PDF string"), "{}", run.stderr);
            assert!(run.stderr.len() < 3_000, "{}", run.stderr.len());
        }
    }
    let fine =
        free(&format!("  - title: {}\n    body: a\n", "x".repeat(200)), "  dateFormat: year\n");
    assert_eq!(run(&["check", "--data", fine.data_str()]).code, 0);
}

#[test]
fn font_hints_fit_the_options_given() {
    let cv = cv("  fonts: {body: Nonexistent Grotesk}\n");
    // With the machine's fonts searched already, the hint does not send
    // the user to --system-fonts, and the list stays short whatever the
    // machine holds.
    let run = check(&cv, "classic", &["--system-fonts"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("render with --system-fonts"), "{}", run.stderr);
    assert!(run.stderr.contains("--font-path DIR"), "{}", run.stderr);
    assert!(run.stderr.lines().all(|line| line.len() < 600), "{}", run.stderr);
    let run = check(&cv, "classic", &[]);
    assert!(run.stderr.contains("render with --system-fonts"), "{}", run.stderr);
}

#[test]
fn a_font_path_without_fonts_is_named() {
    // An empty directory, and one holding only files that are no fonts:
    // a warning naming each, which --strict makes an error of the command
    // line (exit 2, as the export's warnings); a directory
    // with fonts says nothing.
    let cv = cv("  dateFormat: year\n");
    let empty = cv.dir.path().join("empty");
    let junk = cv.dir.path().join("junk");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::create_dir_all(junk.join("deeper")).unwrap();
    std::fs::write(junk.join("deeper/broken.ttf"), b"not a font").unwrap();
    let fonts = fixture("fonts");
    let paths = [empty.to_str().unwrap(), junk.to_str().unwrap(), fonts.to_str().unwrap()];
    let args = ["--font-path", paths[0], "--font-path", paths[1], "--font-path", paths[2]];
    let run = check(&cv, "classic", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for path in &paths[..2] {
        assert!(
            run.stderr.contains(&format!("--font-path {path}: no font there")),
            "{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains(&format!("{}: no font", paths[2])), "{}", run.stderr);
    let mut strict = args.to_vec();
    strict.push("--strict");
    assert_eq!(check(&cv, "classic", &strict).code, 2);
}

#[test]
fn a_missing_translation_names_the_one_used() {
    // The language's, else the CV's, else English, else the first; the
    // warning names the one used.
    let cases = [
        ("de", &[][..], "{fr: Carrière, en: Career}", "Career", "using its `en` one"),
        ("de", &[][..], "{fr: Carrière, es: Trayectoria}", "Carrière", "using its `fr` one"),
        (
            "fr",
            &["--lang", "es"][..],
            "{en: Career, fr: Carrière}",
            "Carrière",
            "`fr` one (the CV's language)",
        ),
        (
            "de",
            &["--lang", "it"][..],
            "{de: Werdegang, en: Career}",
            "Werdegang",
            "`de` one (the CV's language)",
        ),
    ];
    for (lang, options, titles, printed, said) in cases {
        let cv = Scratch::new(&format!(
            "meta: {{lang: {lang}}}\nbasics: {{name: Ada}}\n\
             work:\n  - {{name: Engines Ltd, startDate: 2019-03}}\n\
             design:\n  sections:\n    titles: {{work: {titles}}}\n"
        ));
        let mut args = vec!["--data", cv.data_str(), "-f", "txt", "-o", "-"];
        args.extend_from_slice(options);
        let run = run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains(printed), "{titles}: {}", run.stdout);
        assert!(run.stderr.contains(said), "{titles}: {}", run.stderr);
        assert!(!run.stderr.contains("main language"), "{}", run.stderr);
    }
}

#[test]
fn design_keys_are_as_strict_as_the_rest() {
    // A key another tool uses for one of cvpdf's, `sections` as a title's
    // key, a section named twice in a list: errors at them. An `x-` key,
    // even among a layout's options, is the person's own: silent.
    let cases = [
        ("  margins: {top: 2cm, left: 3cm}\n", "unknown key `left`", "did you mean `x`?"),
        ("  margins: {right: 3cm}\n", "unknown key `right`", "did you mean `x`?"),
        ("  colors: {primary: navy}\n", "unknown key `primary`", "did you mean `accent`?"),
        (
            "  sections:\n    titles: {sections: Extras}\n",
            "`sections` names no one section",
            "own id",
        ),
        (
            "  sections:\n    order: [skills, work, Skills]\n",
            "`Skills` is already in `order`",
            "remove it",
        ),
        ("  sections:\n    hidden: [work, work]\n", "`work` is already in `hidden`", "remove it"),
        (
            "  layouts:\n    Sidebar: {band: white}\n    sidebar: {band: white}\n",
            "is named twice",
            "ignore case",
        ),
        (
            "  layouts:\n    sidebar: {band: white, Band: white}\n",
            "`band` is set twice",
            "ignore case",
        ),
    ];
    for (design, error, hint) in cases {
        let run = check(&cv(design), "classic", &[]);
        assert_eq!(run.code, 1, "{design}: {}", run.stderr);
        assert!(
            run.stderr.contains(error) && run.stderr.contains(hint),
            "{design}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("cv.yaml:1"), "{design}: {}", run.stderr);
    }
    let own = cv(
        "  x-note: mine\n  layouts:\n    sidebar: {x-note: mine, band: white}\n    ovni: {X-Draft: true}\n",
    );
    let run = check(&own, "sidebar", &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
}

#[test]
fn names_in_design_ignore_case() {
    // As colour names and font families do: a date format, a photo
    // shape, a unit, a layout's name and its options' keys, section keys.
    let lower = cv(
        "  dateFormat: numeric\n  fontSize: 10pt\n  photo: {shape: square}\n  colors: {accent: teal}\n\
         \x20 layouts:\n    sidebar: {band: \"#ffeedd\", band-width: 6cm}\n\
         \x20 sections:\n    order: [skills, work]\n    titles: {work: Career}\n",
    );
    let upper = cv(
        "  dateFormat: Numeric\n  fontSize: 10PT\n  photo: {shape: Square}\n  colors: {accent: TEAL}\n\
         \x20 layouts:\n    Sidebar: {Band: \"#FFEEDD\", BAND-WIDTH: 6CM}\n\
         \x20 sections:\n    order: [Skills, WORK]\n    titles: {Work: Career}\n",
    );
    for layout in ["sidebar", "classic"] {
        let a = lower.run(&["--layout", layout]);
        assert_eq!(a.code, 0, "{}", a.stderr);
        let a = lower.pdf();
        let b = upper.run(&["--layout", layout]);
        assert_eq!(b.code, 0, "{}", b.stderr);
        assert!(a == upper.pdf(), "{layout}: the same design in other case");
    }
    let text = run(&["--data", upper.data_str(), "-f", "txt", "-o", "-"]);
    assert!(text.stdout.contains("03/2019") && text.stdout.contains("Career"), "{}", text.stdout);
    assert!(text.stdout.find("Notes").unwrap() < text.stdout.find("Engines").unwrap());
}

#[test]
fn nynorsk_gets_norwegian_labels_whatever_its_code() {
    for code in ["nn", "nno", "NNO"] {
        let cv = Scratch::new(&format!(
            "meta: {{lang: {code}}}\nbasics: {{name: Ada}}\nwork:\n  - {{name: Engines Ltd, startDate: 2019-03}}\n"
        ));
        let run = run(&["--data", cv.data_str(), "-f", "txt", "-o", "-"]);
        assert_eq!(run.code, 0, "{code}: {}", run.stderr);
        assert!(run.stdout.contains("Arbeidserfaring"), "{code}: {}", run.stdout);
        assert!(!run.stderr.contains("English"), "{code}: {}", run.stderr);
    }
    // Its name is a hint, as every language's.
    let named = Scratch::new("meta: {lang: nynorsk}\nbasics: {name: Ada}\n");
    let run = run(&["check", "--data", named.data_str()]);
    assert!(run.stderr.contains("did you mean `nn`?"), "{}", run.stderr);
}

#[test]
fn a_letters_subject_is_a_few_words() {
    // Its position or subject becomes a heading and a bookmark: past 200
    // characters, an error at it, never Typst's message on PDF strings.
    let cv = cv("  dateFormat: year\n");
    for key in ["position", "subject"] {
        let letter = format!(
            "---\ncv: cv.yaml\nto: {{organisation: Acme}}\nmax-pages: 12\n{key}: \"{}\"\n---\nHello.\n",
            "Wor ".repeat(9_000)
        );
        let path = write(cv.dir.path(), "acme.md", &letter);
        let out = cv.dir.path().join("out");
        let run = run(&["apply", &path, "-o", out.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(&format!("the {key} holds at most 200")), "{}", run.stderr);
        assert!(run.stderr.contains("acme.md:5:"), "{}", run.stderr);
        assert!(!run.stderr.contains("PDF string"), "{}", run.stderr);
    }
}
