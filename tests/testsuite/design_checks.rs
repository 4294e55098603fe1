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
