//! Bad inputs made by the test rather than committed: binary, huge and
//! hostile ones.

use super::{Case, Content, Expect, budgets};

/// A case whose files are made here: binary, huge or hostile inputs that
/// are not committed.
fn generated(name: &str, data: &[u8], at: (usize, usize), message: &str) -> Case {
    Case {
        name: name.into(),
        files: vec![("cv.yaml".into(), Content::Bytes(data.to_vec()))],
        data: "cv.yaml".into(),
        layout: None,
        expect: Expect { at: Some(at), messages: vec![message.into()], ..Expect::default() },
    }
}

/// Bytes that look random, the same on every run.
pub fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

/// The cases made here, binary, huge and hostile.
pub fn cases() -> Vec<Case> {
    const CV: &str = "basics:\n  name: Ada Lovelace\n";
    let mut cases = Vec::new();

    // A PNG header then noise: the first byte is not UTF-8.
    let mut garbage = b"\x89PNG\r\n\x1a\n".to_vec();
    garbage.extend(noise(64 * 1024));
    cases.push(generated("gen-binary-garbage", &garbage, (1, 1), "is not valid UTF-8"));

    // Latin-1 `é` in a name.
    let latin1 = b"basics:\n  name: Caf\xe9 Lovelace\n";
    cases.push(generated("gen-invalid-utf8", latin1, (2, 12), "is not valid UTF-8"));

    let nul = b"basics:\n  name: Ada\0Lovelace\n";
    cases.push(generated("gen-nul-byte", nul, (2, 12), "contains NUL bytes"));

    // A byte-order mark and nothing else is an empty file.
    cases.push(generated("gen-byte-order-mark-only", b"\xEF\xBB\xBF", (1, 1), "is empty"));

    // 10 MB of valid YAML.
    let mut huge = format!("{CV}x-notes: |\n").into_bytes();
    let line = format!("  {}\n", "lorem ipsum dolor sit amet ".repeat(3));
    while huge.len() < 10 * 1024 * 1024 {
        huge.extend_from_slice(line.as_bytes());
    }
    cases.push(generated("gen-10-mb", &huge, (1, 1), "more than the 2 MB a CV can be"));

    // 1000 levels of `[`: the YAML scanner stops at level 256, column 8 + 256.
    let deep = format!("{CV}x-deep: {}{}\n", "[".repeat(1000), "]".repeat(1000));
    cases.push(generated("gen-deep-flow-nesting", deep.as_bytes(), (3, 264), "nested more than"));

    // 1000 levels of `- `: stopped at level 101, the 100th dash (the root
    // mapping is level 1), at column 3 + 2 × 99.
    let dashes = format!("{CV}x-deep:\n  {}x\n", "- ".repeat(1000));
    cases.push(generated(
        "gen-deep-block-nesting",
        dashes.as_bytes(),
        (4, 201),
        "nested more than",
    ));

    // A billion laughs: 9 levels of 10 aliases expand to 10^9 strings, kept
    // in `x-` keys that cvpdf would otherwise ignore.
    let mut bomb = String::from(CV);
    bomb.push_str("x-lol1: &lol1 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 2..=9 {
        let aliases = vec![format!("*lol{}", level - 1); 10].join(", ");
        bomb.push_str(&format!("x-lol{level}: &lol{level} [{aliases}]\n"));
    }
    bomb.push_str("x-lolz: *lol9\n");
    cases.push(generated("gen-alias-bomb", bomb.as_bytes(), (9, 16), "aliases expand the data"));

    // Few values but long ones: a 100 KB text aliased 40,000 times is 4 GB
    // once expanded (it took 3.9 GB); the text counts by its bytes.
    let mut long = format!("{CV}x-a: &s \"{}\"\nx-b: [", "x".repeat(100_000));
    long.push_str(&vec!["*s"; 40_000].join(","));
    long.push_str("]\n");
    // The 320th alias passes 2,000,000: 320 × 6,251.
    let at = (4, 7 + 3 * 318);
    cases.push(generated("gen-alias-long-text", long.as_bytes(), at, "a text counts once per 16"));

    // A photo that is a link out of the data's directory.
    #[cfg(unix)]
    cases.push(Case {
        name: "gen-photo-symlink-escapes".into(),
        files: vec![
            ("cv.yaml".into(), Content::Bytes(format!("{CV}  image: ada.jpg\n").into_bytes())),
            ("ada.jpg".into(), Content::Link("/etc/passwd".into())),
        ],
        data: "cv.yaml".into(),
        layout: None,
        expect: Expect {
            at: Some((3, 10)),
            messages: vec!["is outside the data file's directory".into()],
            ..Expect::default()
        },
    });

    // A photo that is a directory.
    cases.push(Case {
        name: "gen-photo-is-a-directory".into(),
        files: vec![
            ("cv.yaml".into(), Content::Bytes(format!("{CV}  image: photos\n").into_bytes())),
            ("photos/ada.jpg".into(), Content::Bytes(b"\xFF\xD8\xFF".to_vec())),
        ],
        data: "cv.yaml".into(),
        layout: None,
        expect: Expect {
            at: Some((3, 10)),
            messages: vec!["`photos` is a directory, not a photo".into()],
            ..Expect::default()
        },
    });

    cases.extend(hostile_text_cases());

    // A layout in Latin-1.
    cases.push(Case {
        name: "gen-layout-invalid-utf8".into(),
        files: vec![
            ("cv.yaml".into(), Content::Bytes(CV.as_bytes().to_vec())),
            (
                "layout.typ".into(),
                Content::Bytes(b"#import \"common.typ\": *\n// caf\xe9\n".to_vec()),
            ),
        ],
        data: "cv.yaml".into(),
        layout: Some("layout.typ".into()),
        expect: Expect {
            in_layout: true,
            // `// caf` is six characters: the Latin-1 `é` is the seventh.
            at: Some((2, 7)),
            messages: vec!["not valid UTF-8".into()],
            ..Expect::default()
        },
    });
    cases.extend(budgets::photo_cases());
    cases.extend(budgets::pdf_cases());
    cases
}

/// Text that would drive the terminal, lines ended by carriage returns
/// alone, absurd characters and long files.
fn hostile_text_cases() -> Vec<Case> {
    const CV: &str = "basics:\n  name: Ada Lovelace\n";
    let mut cases = Vec::new();
    let clear_and_retitle = "\\e[2J\\e]0;PWNED\\a";
    let value = format!("{CV}  email: \"{clear_and_retitle}\"\n");
    cases.push(generated("gen-escapes-in-a-value", value.as_bytes(), (3, 10), "`\\u{1b}[2J"));
    let key = format!("{CV}  \"{clear_and_retitle}\": x\n");
    // An unknown key is a warning; --strict makes it the error to read.
    let mut in_key =
        generated("gen-escapes-in-a-key", key.as_bytes(), (3, 3), "unknown key `\\u{1b}");
    in_key.expect.args = vec!["--strict".into()];
    cases.push(in_key);
    let raw = b"basics:\n  name: Ada\x1b[2J\x1b]0;PWNED\x07\n";
    cases.push(generated("gen-raw-escape-bytes", raw, (2, 12), "a control character"));
    let bidi = format!("{CV}  email: \"evil{}moc.elgoog@x\"\n", '\u{202E}');
    cases.push(generated("gen-bidi-override", bidi.as_bytes(), (3, 10), "evil\\u{202e}moc"));
    let mut named = generated("gen-escapes-in-the-file-name", value.as_bytes(), (3, 10), "email");
    named.data = "cv\u{1b}]0;PWNED\u{7}\n\u{1b}[2J.yaml".into();
    named.files[0].0 = named.data.clone();
    cases.push(named);

    // Lines ended by `\r` alone, as old Mac editors save them.
    let cr = b"basics:\r  name: Ada\r  email: nope\r";
    cases.push(generated("gen-cr-line-endings", cr, (3, 10), "is not an email address"));
    let cr = b"basics:\r  name: \"Ada\r  label: x\r";
    cases.push(generated("gen-cr-line-endings-syntax", cr, (2, 9), "never closed"));
    let json = b"{\r  \"basics\": {\"name\": \"Ada\",}\r}\r";
    let mut case = generated("gen-cr-line-endings-json", json, (2, 27), "trailing comma");
    case.data = "cv.json".into();
    case.files[0].0 = case.data.clone();
    cases.push(case);

    // One character of 5,000 combining marks (10 KB), a run of variation
    // selectors, and 5,000 emoji joined into one.
    let limit = "more than the 31 that one character may have";
    let marks = format!("basics:\n  name: A{}\n", "\u{301}".repeat(5000));
    cases.push(generated("gen-combining-marks", marks.as_bytes(), (2, 9), limit));
    let selectors = format!("{CV}  label: x{}\n", "\u{FE0F}".repeat(5000));
    cases.push(generated("gen-variation-selectors", selectors.as_bytes(), (3, 10), limit));
    let joined = format!("{CV}  label: {}\n", vec!["\u{1F469}"; 5000].join("\u{200D}"));
    cases.push(generated("gen-emoji-joined-into-one", joined.as_bytes(), (3, 10), limit));

    // 40,000 items on one line, then an error: each value's place used to
    // be found by reading the file from its start, which took minutes.
    let long = format!("{CV}x-list: [{}]\nwork: 1\n", vec!["a"; 40_000].join(","));
    cases.push(generated("gen-long-line-then-an-error", long.as_bytes(), (4, 7), "invalid type"));
    cases
}
