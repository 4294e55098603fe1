//! Text fields as people write them, through the real binary: HTML from
//! JSON Resume themes, addresses typed bare, long URLs in justified text.

use crate::common::*;

/// Renders `yaml` with every layout, checking that each succeeds; returns
/// the PDFs and what cvpdf said.
fn render_all(yaml: &str) -> Vec<(&'static str, Vec<u8>, String)> {
    let cv = Scratch::new(yaml);
    builtin_layouts()
        .map(|layout| {
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
fn spaces_around_tags_inside_dropped_blocks_stay() {
    let cv = Scratch::new(
        r#"{"basics": {"name": "Sofia Marchetti"},
 "work": [{"name": "Satispay",
   "summary": "<div class=\"role\">Led the <span style=\"color:red\">design system</span> team.</div>",
   "highlights": ["<div>design <b>system</b> team</div>", "<div><i>Go</i> <i>Rust</i></div>", "One.</br>\n</br>Two."]}]}"#,
    );
    let result = cv.run(&[]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let lines = lines(&cv.pdf());
    for line in ["Led the design system team.", "design system team", "Go Rust", "One.", "Two."] {
        assert!(lines.iter().any(|l| l == line), "no line `{line}` in {lines:#?}");
    }
}

#[test]
fn tabs_and_other_whitespace_controls_part_words() {
    // Pasted text brings tabs, vertical tabs, form feeds and U+0085, U+2028
    // and U+2029: a one-line field is one line, and in a Markdown one they
    // are spaces (a tab is indentation at the start of a line): they start
    // no list item or paragraph and cut no code span.
    let yaml = "basics:\n  name: \"Jan\\tKowalski\"\n  label: \"Data\\u2028Engineer\\nand\\u0085Analyst\"\nwork:\n  - name: \"Acme\\vCorp\"\n    position: \"Lead\\t\\tDeveloper\"\n    summary: \"Python\\tSQL\\vSpark\\fHive\\u0085Pig\\u2028Kafka\\u2029Flink  \\tstreams\"\n    highlights:\n      - \"Built\\tthe\\tpipeline\"\n      - \"Ran `make\\u2028- all`\\u0085* and\\u2029> the tests\"\nskills:\n  - name: \"Stream\\tprocessing\"\n    keywords: [\"Apache\\tBeam\"]\n";
    for (layout, pdf, _) in render_all(yaml) {
        let lines = lines(&pdf);
        let text = lines.join("\n");
        for line in ["Jan Kowalski", "Data Engineer and Analyst"] {
            assert!(lines.iter().any(|l| l == line), "{layout}: no line `{line}` in {lines:#?}");
        }
        for words in [
            "Acme Corp",
            "Lead Developer",
            "Python SQL Spark Hive Pig Kafka Flink streams",
            "Built the pipeline",
            "Ran make - all * and > the tests",
            "Stream processing",
            "Apache Beam",
        ] {
            assert!(text.contains(words), "{layout}: `{words}` in {text}");
        }
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

#[test]
fn an_email_address_in_text_links_to_its_whole_self_or_not_at_all() {
    let cv = Scratch::new(
        "basics:\n  name: John Smith\n  summary: Write to john.smith+jobs@gmail.com or sean.o'brien@example.ie today, or to jörg@müller.de.\nwork:\n  - name: Acme\n    highlights:\n      - \"'ada.l@example.org' or **first**.last@example.org\"\n",
    );
    let result = cv.run(&[]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let pdf = cv.pdf();
    let mut mailtos: Vec<String> =
        link_targets(&pdf).into_iter().filter(|l| l.starts_with("mailto:")).collect();
    mailtos.sort();
    assert_eq!(
        mailtos,
        [
            "mailto:ada.l@example.org",
            "mailto:john.smith+jobs@gmail.com",
            "mailto:jörg@müller.de",
            "mailto:sean.o'brien@example.ie"
        ]
    );
    let text = normalise(&pdf_text(&pdf));
    assert!(text.contains("sean.o'brien@example.ie today, or to jörg@müller.de."), "{text}");
    assert!(text.contains("first.last@example.org"), "{text}");
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

/// Whether a word must never be hyphenated: a capital after its first
/// letter (DevOps, iOS) or a digit (S3, k8s).
fn protected(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    word.chars().skip(1).any(char::is_uppercase) || word.chars().any(|c| c.is_ascii_digit())
}

/// The words a PDF's text hyphenates at its line ends, joined again
/// (within a page: a word cut by a page break ends the page's text).
fn hyphenated_words(pdf: &[u8]) -> Vec<String> {
    let mut words = Vec::new();
    for page in pdf_pages(pdf) {
        let lines: Vec<&str> = page.lines().collect();
        hyphenated_in(&lines, &mut words);
    }
    words
}

fn hyphenated_in(lines: &[&str], words: &mut Vec<String>) {
    for pair in lines.windows(2) {
        let line = pair[0].trim_end();
        let Some(head) = line.strip_suffix(['-', '\u{ad}']) else { continue };
        let start = head.rsplit(' ').next().unwrap_or_default();
        let rest = pair[1].trim_start().split(' ').next().unwrap_or_default();
        if !pair[1].trim_start().starts_with("Page ") {
            words.push(format!("{start}{rest}"));
        }
    }
}

#[test]
fn words_with_inner_capitals_or_digits_are_never_hyphenated() {
    let names = [
        "DevOps",
        "OpenStack",
        "StackOverflow",
        "PowerShell",
        "MongoDB",
        "PostgreSQL",
        "JavaScript",
        "TypeScript",
        "WordPress",
        "LinkedIn",
        "CloudFormation",
        "ElasticSearch",
        "RabbitMQ",
        "GraphQL",
        "SharePoint",
        "DynamoDB",
        "iOS",
        "macOS",
        "IPv6",
        "k8s",
    ];
    // Long words that do hyphenate, so that the test sees hyphenation.
    let fillers = [
        "with",
        "internationalisation",
        "around",
        "responsibilities",
        "for",
        "troubleshooting",
        "over the",
    ];
    let mut text = String::new();
    for i in 0..120 {
        text += &format!("{} {} ", names[i % names.len()], fillers[i % fillers.len()]);
    }
    let yaml = format!(
        "meta: {{lang: en}}\nbasics:\n  name: Ada Test\n  summary: \"{text}\"\nwork:\n  - name: Acme\n    summary: \"Automated {text}\"\n"
    );
    let mut pdfs: Vec<(String, Vec<u8>)> =
        render_all(&yaml).into_iter().map(|(l, pdf, _)| (l.to_owned(), pdf)).collect();
    pdfs.extend(builtin_layouts().map(|l| (format!("{l} (seed)"), render_seed(l))));
    let mut seen = 0;
    for (layout, pdf) in pdfs {
        let hyphenated = hyphenated_words(&pdf);
        let cut: Vec<&String> = hyphenated.iter().filter(|w| protected(w)).collect();
        assert!(cut.is_empty(), "{layout} hyphenates {cut:?}");
        seen += hyphenated.len();
    }
    assert!(seen > 10, "hyphenation is seen where it is allowed");
}

/// The rule spells letters by Unicode blocks, not classes (`non-word` in
/// `layouts/lib/inline.typ`): a capital inside a Cyrillic or Polish word
/// counts as one in ASCII does.
#[test]
fn inner_capitals_beyond_ascii_are_never_hyphenated() {
    let cases = [
        ("ru", ["МойСклад", "ВКонтакте", "СберБизнес", "ЯндексОблако"], "инфраструктурой"),
        ("pl", ["InfoŁącznik", "PocztaŚląska", "SiećŻeglugi", "MiastoŁódź"], "odpowiedzialności"),
    ];
    let mut seen = 0;
    for (lang, names, filler) in cases {
        let mut text = String::new();
        // One page: the helper joins a page's last word to the next's footer.
        for i in 0..70 {
            text += &format!("{} {filler} ", names[i % names.len()]);
        }
        let yaml =
            format!("meta: {{lang: {lang}}}\nbasics:\n  name: Ada Test\n  summary: \"{text}\"\n");
        let cv = Scratch::new(&yaml);
        let result = cv.run(&["--layout", "classic"]);
        assert_eq!(result.code, 0, "{lang}: {}", result.stderr);
        let pdf = cv.pdf();
        assert_eq!(page_count(&pdf), 1, "{lang}");
        let hyphenated = hyphenated_words(&pdf);
        let cut: Vec<&String> = hyphenated.iter().filter(|w| protected(w)).collect();
        assert!(cut.is_empty(), "{lang}: hyphenates {cut:?}");
        seen += hyphenated.len();
    }
    assert!(seen > 10, "hyphenation is seen where it is allowed");
}

#[test]
fn a_projects_address_prints_where_its_name_links() {
    let yaml = "basics:\n  name: Ada Test\nwork:\n  - name: Acme Corp\n    url: https://acme.example.com\n    startDate: \"2020\"\nprojects:\n  - name: Thing\n    url: https://github.com/ada/thing\n    description: A tool.\npublications:\n  - name: A Paper\n    url: https://doi.org/10.1145/1234567\n";
    for (layout, pdf, _) in render_all(yaml) {
        let text = normalise(&pdf_text(&pdf));
        for printed in ["github.com/ada/thing", "doi.org/10.1145/1234567"] {
            assert!(text.contains(printed), "{layout}: `{printed}` in {text}");
        }
        // An employer's site links its name; a reader does not need it typed.
        assert!(!text.contains("acme.example.com"), "{layout}: {text}");
        let links = link_targets(&pdf);
        for url in [
            "https://github.com/ada/thing",
            "https://doi.org/10.1145/1234567",
            "https://acme.example.com",
        ] {
            assert!(links.contains(&url.to_owned()), "{layout}: {url} not in {links:?}");
        }
    }
}

/// A link with nothing visible to click (a soft hyphen alone, on which
/// Typst's PDF export fails with an internal error, an empty or invisible
/// text) prints its address instead, and the link is kept.
#[test]
fn links_with_nothing_visible_print_their_address() {
    let yaml = "basics:\n  name: Ada Test\n  summary: \"One [\\u00ad](https://one.example.org), two <a href='https://two.example.org'>&shy;</a>, three [*\\u200b*](mailto:three@example.org), four [](https://four.example.org).\"\n";
    for (layout, pdf, _) in render_all(yaml) {
        // A long address may break across lines.
        let text = normalise(&pdf_text(&pdf)).replace(' ', "");
        for address in
            ["one.example.org", "two.example.org", "three@example.org", "four.example.org"]
        {
            assert!(text.contains(address), "{layout} does not print {address}: {text}");
        }
        let targets = link_targets(&pdf);
        assert!(targets.iter().any(|t| t.contains("one.example.org")), "{layout}: {targets:?}");
    }
}

/// Paragraphs where a justified line ends with the start of a long
/// address, whose pieces hold hyphens and short words: in the summary, in
/// entries and in a highlight.
const ADDRESS_LINES_CV: &str = "meta: {lang: en}
basics:
  name: Wiremu Te Rangi
  summary: >-
    I write at https://wiremu.example.co.nz/blog/2023/11/how-we-migrated-four-hundred-services-to-kubernetes-without-downtime-and-what-we-learned?utm_source=cv
    and talk at www.example.org/talks/wiremu-te-rangi-platform-engineering-at-scale-keynote-2024.
work:
  - name: Xero
    position: Architect
    summary: >-
      Documented the whole platform at https://confluence.example.co.nz/display/PLATFORM/Kubernetes+Cluster+Upgrade+Runbook+for+Production+Environments+Version+Seven
      with a companion repository so every engineer in the organisation could follow along with the procedure.
    highlights:
      - see https://github.com/example-organisation/kubernetes-cluster-upgrade-runbook-automation-tooling-and-scripts for all of it.
  - name: Entry 24
    position: Dev
    summary: our and https://github.com/example-organisation/kubernetes-cluster-upgrade-runbook-automation-tooling-and-scripts legacy step step wiki for every team platform.
  - name: Entry 26
    position: Dev
    summary: team architecture https://github.com/example-organisation/kubernetes-cluster-upgrade-runbook-automation-tooling-and-scripts step billing documented wiki step wiki in to every team our the we.
";

#[test]
fn a_line_ending_with_the_start_of_an_address_keeps_even_spaces() {
    for (layout, pdf, _) in render_all(ADDRESS_LINES_CV) {
        let mut words = pdf_words(&pdf);
        words.sort_by(|a, b| (a.page, a.y, a.x0).partial_cmp(&(b.page, b.y, b.x0)).unwrap());
        let mut checked = 0;
        for line in words.chunk_by(|a, b| a.page == b.page && (a.y - b.y).abs() < a.size * 0.3) {
            let Some(address) = line.iter().find(|w| w.text.contains("example")) else { continue };
            // The words of the address's paragraph (its size), not a list
            // marker.
            let body: Vec<_> = line
                .iter()
                .filter(|w| (w.size - address.size).abs() < 0.1)
                .filter(|w| w.text.chars().any(char::is_alphanumeric))
                .collect();
            for pair in body.windows(2) {
                let gap = (pair[1].x0 - pair[0].x1) / address.size;
                // A space is about a quarter of an em; justification may
                // stretch it by half (Typst's own limit), not to a gap.
                assert!(
                    !(0.45..=3.0).contains(&gap),
                    "{layout}: `{} {}` are {gap:.2} em apart",
                    pair[0].text,
                    pair[1].text
                );
            }
            checked += 1;
        }
        assert!(checked >= 4, "{layout}: {checked} lines with an address");
    }
}

#[test]
fn references_to_128_to_159_print_as_html5_prints_them() {
    let dir = tempfile::tempdir().unwrap();
    let summary = "I don&#146;t know &#150; really &#147;quoted&#148;";
    let data = write(
        dir.path(),
        "cv.json",
        &format!(r#"{{"basics": {{"name": "N", "summary": "{summary}"}}}}"#),
    );
    let out = dir.path().join("cv.txt");
    let run = run(&["-d", &data, "-f", "txt", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("I don’t know – really “quoted”"), "{text}");
    assert_eq!(crate::common::run(&["check", &data]).code, 0);
}
