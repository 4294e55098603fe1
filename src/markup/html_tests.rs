//! HTML in text fields, through `parse`.

use super::{Block, Inline, Markup, parse, plain_text};

fn text(s: &str) -> Inline {
    Inline::Text { s: s.into() }
}

fn printed(source: &str) -> String {
    plain_text(&parse(source, false).blocks)
}

fn problems(markup: &Markup) -> Vec<&str> {
    markup.problems.iter().map(|p| p.message.as_str()).collect()
}

#[test]
fn a_json_resume_summary_maps_onto_paragraphs_and_lists() {
    let markup = parse(
        "I am a <strong>security engineer</strong>.</br></br>Focus: <ul><li>cloud</li><li>AI</li></ul>",
        false,
    );
    assert_eq!(
        markup.blocks,
        [
            Block::par(vec![
                text("I am a "),
                Inline::Strong { c: vec![text("security engineer")] },
                text(".")
            ]),
            Block::par(vec![text("Focus:")]),
            Block::List {
                items: vec![
                    vec![Block::par(vec![text("cloud")])],
                    vec![Block::par(vec![text("AI")])]
                ],
                ordered: false
            },
        ]
    );
    assert!(markup.problems.is_empty(), "{:?}", markup.problems);
}

#[test]
fn every_tag_of_the_subset_maps() {
    let c = |source: &str| match parse(source, false).blocks.as_slice() {
        [Block::Par { c, .. }] => c.clone(),
        other => panic!("{source}: {other:?}"),
    };
    let strong = Inline::Strong { c: vec![text("x")] };
    let emph = Inline::Emph { c: vec![text("x")] };
    assert_eq!(c("<b>x</b>"), std::slice::from_ref(&strong));
    assert_eq!(c("<STRONG>x</STRONG>"), [strong]);
    assert_eq!(c("<i>x</i>"), std::slice::from_ref(&emph));
    assert_eq!(c("<em class=\"a\">x</em>"), [emph]);
    assert_eq!(c("<code>a < b</code>"), [Inline::Code { s: "a < b".into() }]);
    assert_eq!(
        c("<a href=\"https://x.org/a?b=1&amp;c=2\">x</a>"),
        [Inline::Link { url: "https://x.org/a?b=1&c=2".into(), c: vec![text("x")] }]
    );
    for br in ["<br>", "<br/>", "<br />", "</br>", "<BR>"] {
        assert_eq!(c(&format!("a{br}b")), [text("a"), Inline::Break, text("b")], "{br}");
    }
    assert_eq!(printed("<p>one</p><p>two</p>"), "one\ntwo");
    assert_eq!(printed("<ol><li>one</li><li>two</li></ol>"), "1. one\n2. two");
    assert_eq!(printed("<ul>\n  <li>one\n  <li>two\n</ul>"), "- one\n- two");
}

#[test]
fn entities_decode_in_markdown_and_in_html_blocks() {
    let source = "a &amp; b&nbsp;c &#233; &eacute; &lt;b&gt;";
    assert_eq!(printed(source), "a & b\u{a0}c é é <b>");
    assert_eq!(printed(&format!("<p>{source}</p>")), "a & b\u{a0}c é é <b>");
}

#[test]
fn other_tags_are_dropped_with_their_names_and_their_text_kept() {
    let markup = parse("<font color=red>red</font> <span>and</span> <img src=x.png> text", false);
    assert_eq!(plain_text(&markup.blocks), "red and text");
    assert_eq!(
        problems(&markup),
        ["HTML `<font>`, `<img>`, `<span>` ignored: their text prints without them"]
    );
    let blocks = parse("<div style=\"color: red\">one</div><div>two</div>", false);
    assert_eq!(plain_text(&blocks.blocks), "one\ntwo", "a block is a paragraph");
    assert_eq!(problems(&blocks), ["HTML `<div>` ignored: its text prints without it"]);
}

#[test]
fn scripts_and_styles_go_with_their_content() {
    let markup = parse("a <script>alert(1)</script>b<style>p { x: y }</style>", false);
    assert_eq!(plain_text(&markup.blocks), "a b");
    assert_eq!(problems(&markup), ["HTML `<script>`, `<style>` left out, with their content"]);
    assert_eq!(printed("<script>\n**x**\n</script>\n\nafter"), "after");
}

#[test]
fn tags_in_prose_print_as_typed() {
    for prose in [
        "Vec<String>",
        "x < y and y > z",
        "a <b> c",
        "the </x> tag",
        "<x>",
        "C# $100 @jpic #import <x> *_\\",
        "Replaced <table> layouts with CSS grid",
    ] {
        let markup = parse(prose, false);
        assert_eq!(plain_text(&markup.blocks), prose);
        assert!(markup.problems.is_empty(), "{prose}: {:?}", markup.problems);
    }
    // A stray end tag is dropped, as browsers do.
    assert_eq!(printed("done</b> now"), "done now");
}

#[test]
fn links_go_only_to_real_addresses() {
    let markup = parse("<a href=\"javascript:alert(1)\">x</a> <a>y</a> <a href=#>z</a>", false);
    assert_eq!(markup.blocks, [Block::par(vec![text("x y z")])]);
    assert_eq!(markup.problems.len(), 1);
    assert!(markup.problems[0].message.contains("javascript:"), "{:?}", markup.problems);
}

#[test]
fn markdown_and_html_mix() {
    assert_eq!(
        printed("**Led** the <em>migration</em>\n\n- <b>one</b>\n- *two*"),
        "Led the migration\n- one\n- two"
    );
    assert_eq!(
        parse("<b>**x**</b>", false).blocks,
        [Block::par(vec![Inline::Strong { c: vec![Inline::Strong { c: vec![text("x")] }] }])]
    );
    // Badly nested tags close as browsers close them, none prints.
    assert_eq!(printed("<b><i>x</b> y</i> z"), "x y z");
    assert_eq!(printed("**a <i>b** c</i>"), "a b c");
    assert_eq!(printed("<ul><li>**a</li></ul> b**"), "- **a\nb**");
}

#[test]
fn deep_html_nesting_keeps_its_text() {
    let deep = format!("{}x{}", "<b>".repeat(5000), "</b>".repeat(5000));
    assert_eq!(printed(&deep), "x");
    let lists = format!("{}x{}", "<ul><li>".repeat(2000), "</li></ul>".repeat(2000));
    assert!(printed(&lists).ends_with('x'));
}

#[test]
fn spaces_around_inline_tags_stay_in_html_blocks() {
    for (source, expected) in [
        ("<div>design <b>system</b> team</div>", "design system team"),
        (
            "<div class=\"role\">Led the <span style=\"x\">design system</span> team.</div>",
            "Led the design system team.",
        ),
        ("<div><i>a</i> <i>b</i> c</div>", "a b c"),
        ("<div>x <a href=\"https://x.org\">y</a> z</div>", "x y <https://x.org> z"),
        ("<div><p>one <em>two</em> three</p></div>", "one two three"),
        (
            "<ul><li><b>Go</b> and Rust</li><li>a <code>b</code> c</li></ul>",
            "- Go and Rust\n- a b c",
        ),
        ("<section>\n<b>x</b>\ny\n</section>", "x y"),
        ("<div>design <b>system</b>team</div>", "design systemteam"),
        ("<div>a<br>\n<br>b</div>", "a\nb"),
        ("a</br>\n</br>b", "a\nb"),
        ("<div>\n<p>x</p>\n<p>y</p>\n</div>", "x\ny"),
    ] {
        assert_eq!(printed(source), expected, "{source}");
    }
}

#[test]
fn html_left_open_keeps_the_text_after_it() {
    // An HTML block left open (`<?`, `<![CDATA[`) runs to the end of the
    // text; what a tag cut off by the end, or stretched over a blank line,
    // would hide prints as typed.
    for (source, kept) in [
        ("Intro \r\n<?*><http://\n\nOutro ", "Outro"),
        ("Intro \n<![CDATA[\n\nMiddle ><http://\n\nOutro ", "Outro"),
        ("Intro \n<?<https://example.org><b\u{b}\n\nOutro ](<x y>)</b>", "Outro"),
        ("<div>Intro <b\n\nOutro</b></div>", "Outro"),
    ] {
        let printed = printed(source);
        assert!(printed.contains(kept), "{source:?} printed {printed:?}");
    }
    // A tag over several lines, but no blank one, is still markup.
    assert_eq!(printed("<div><b\nclass=\"x\">bold</b></div>"), "bold");
}

#[test]
fn escaped_text_prints_as_typed() {
    for typed in [
        "*Claire* [x](https://evil.example) **B**",
        "Back\\slash \"Q\" end\\",
        "<b>O'Neil</b> & C#",
    ] {
        assert_eq!(printed(&super::escape(typed)), typed);
    }
}
