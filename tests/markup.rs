//! Text fields as people write them, through the real binary: HTML from
//! JSON Resume themes, addresses typed bare, long URLs in justified text.

mod common;

use common::*;

const LAYOUTS: [&str; 3] = ["classic", "onepage", "ovni"];

/// Renders `yaml` with every layout, checking that each succeeds; returns
/// the PDFs and what cvpdf said.
fn render_all(yaml: &str) -> Vec<(&'static str, Vec<u8>, String)> {
    let cv = Scratch::new(yaml);
    LAYOUTS
        .iter()
        .map(|&layout| {
            let result = cv.run(&["--layout", layout]);
            assert_eq!(result.code, 0, "{layout}: {}", result.stderr);
            (layout, cv.pdf(), result.stderr)
        })
        .collect()
}

/// The lines of a PDF's text, normalised, with list markers left out.
fn lines(pdf: &[u8]) -> Vec<String> {
    pdf_text(pdf).lines().map(|l| normalise(l.trim_start_matches([' ', '•', '–']))).collect()
}

#[test]
fn html_summaries_print_as_their_structure() {
    let summary = "I am a <strong>security engineer</strong>.</br></br>Focus: <ul><li>cloud</li><li>AI</li></ul>";
    let yaml = format!(
        "basics:\n  name: Ada Test\n  summary: \"{summary}\"\nwork:\n  - name: Acme\n    summary: \"<p>Led <em>three</em> teams.</p><p>Shipped <a href=\\\"https://acme.example.com/launch\\\">the launch</a>.<br/>Twice.</p>\"\n"
    );
    for (layout, pdf, stderr) in render_all(&yaml) {
        assert!(!stderr.contains("warning"), "{layout}: the subset warns of nothing: {stderr}");
        let text = pdf_text(&pdf);
        for tag in ["<strong>", "</br>", "<ul>", "<li>", "<p>", "<em>", "<a ", "<br/>"] {
            assert!(!text.contains(tag), "{layout} prints {tag}: {text}");
        }
        let lines = lines(&pdf);
        for line in ["I am a security engineer.", "Focus:", "cloud", "AI", "Led three teams."] {
            assert!(lines.iter().any(|l| l == line), "{layout}: no line `{line}` in {lines:#?}");
        }
        assert!(lines.iter().any(|l| l == "Shipped the launch."), "{layout}: {lines:#?}");
        assert!(lines.iter().any(|l| l == "Twice."), "{layout}: <br/> breaks: {lines:#?}");
        assert!(link_targets(&pdf).contains(&"https://acme.example.com/launch".to_owned()));
    }
}

#[test]
fn other_tags_warn_at_their_field_and_never_print() {
    let yaml = "basics:\n  name: Ada Test\nwork:\n  - name: Acme\n    summary: \"<font color=red>Red</font> and <div style=\\\"x\\\">boxed</div> <img src=x.png><script>alert(1)</script> text\"\n";
    for (layout, pdf, stderr) in render_all(yaml) {
        assert!(
            stderr.contains(
                "warning: `work[0].summary`: HTML `<div>`, `<font>`, `<img>` ignored: their text prints without them"
            ) && stderr.contains("cv.yaml:5:14"),
            "{layout}: {stderr}"
        );
        assert!(
            stderr.contains("`work[0].summary`: HTML `<script>` left out, with its content"),
            "{layout}: {stderr}"
        );
        let text = normalise(&pdf_text(&pdf));
        assert!(text.contains("Red and") && text.contains("boxed") && text.contains("text"));
        assert!(!text.contains('<') && !text.contains("alert"), "{layout}: {text}");
    }
}

#[test]
fn text_that_only_looks_like_tags_prints_as_typed() {
    let typed = [
        r"C# $100 @jpic #import <x> *_\",
        "Vec<String> and x < y",
        "a <b> c",
        "AT&T caf&eacute; &#233;t&eacute;",
    ];
    let mut yaml =
        String::from("basics:\n  name: Ada Test\nwork:\n  - name: Acme\n    highlights:\n");
    for t in typed {
        yaml += &format!("      - '{t}'\n");
    }
    for (layout, pdf, stderr) in render_all(&yaml) {
        assert!(!stderr.contains("warning"), "{layout}: {stderr}");
        let text = normalise(&pdf_text(&pdf));
        for t in [r"C# $100 @jpic #import <x> *_\", "Vec<String> and x < y", "a <b> c"] {
            assert!(text.contains(t), "{layout}: `{t}` in {text}");
        }
        assert!(text.contains("AT&T café été"), "{layout}: entities decode: {text}");
    }
}

#[test]
fn addresses_typed_in_text_are_links() {
    let yaml = "basics:\n  name: Ada Test\n  summary: Write to ada@example.org or see www.example.org/about.\nwork:\n  - name: Acme\n    highlights:\n      - Docs at https://docs.example.com/guide (and `https://not.a.link`).\n";
    for (layout, pdf, _) in render_all(yaml) {
        let links = link_targets(&pdf);
        for url in [
            "mailto:ada@example.org",
            "https://www.example.org/about",
            "https://docs.example.com/guide",
        ] {
            assert!(links.contains(&url.to_owned()), "{layout}: {url} not in {links:?}");
        }
        assert!(!links.iter().any(|l| l.contains("not.a.link")), "{layout}: code links");
        let text = normalise(&pdf_text(&pdf));
        assert!(text.contains("see www.example.org/about."), "{layout}: {text}");
        assert!(text.contains("https://docs.example.com/guide (and"), "{layout}: {text}");
    }
}

/// A justified highlight with a long address after two words.
const LONG_URL: &str = "https://play.google.com/store/apps/details?id=com.example.budget.android.release&hl=en_US&gl=US";

#[test]
fn long_urls_break_so_that_the_line_before_stays_even() {
    let yaml = format!(
        "basics:\n  name: Ada Test\nwork:\n  - name: Budget Apps\n    startDate: \"2019\"\n    highlights:\n      - \"Google Play: {LONG_URL}\"\n"
    );
    for (layout, pdf, _) in render_all(&yaml) {
        let words = pdf_words(&pdf);
        let at = words.iter().position(|w| w.text == "Google").expect("the highlight prints");
        let (google, play) = (&words[at], &words[at + 1]);
        assert_eq!(play.text, "Play:", "{layout}: {words:?}");
        // A space is about a quarter of an em; justification may stretch it
        // by half (Typst's own limit), not to a gap.
        let gap = (play.x0 - google.x1) / google.size;
        assert!(gap < 0.45, "{layout}: `Google Play:` is spaced {gap:.2} em apart");
        // The address copies whole: line ends add nothing to it.
        assert!(link_targets(&pdf).contains(&LONG_URL.to_owned()), "{layout}");
        let joined = pdf_text(&pdf).replace('\n', "");
        assert!(joined.contains(LONG_URL), "{layout}: {joined}");
        if let Some(poppler) = pdftotext(&pdf) {
            assert!(poppler.replace('\n', "").contains(LONG_URL), "{layout} (pdftotext)");
        }
    }
}

/// poppler's text of a PDF, when pdftotext is installed.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("cv.pdf");
    std::fs::write(&path, pdf).ok()?;
    let output = std::process::Command::new("pdftotext").arg(&path).arg("-").output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}
