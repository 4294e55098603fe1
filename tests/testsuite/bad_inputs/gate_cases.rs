//! Bad inputs for the reading gate (`src/gate.rs`): files a layout, the
//! data or `--font-path` lead to that are outside their directory, hidden,
//! not regular files, or too large. Each must fail at once with exit code
//! 1 and write nothing; a FIFO that was opened for reading would hang past
//! the harness's time limit.

use std::path::PathBuf;

use super::{Case, Content, Expect};
use crate::common::TINY_PNG;

const CV: &str = "basics:\n  name: Ada Lovelace\n";

fn bytes(text: &str) -> Content {
    Content::Bytes(text.as_bytes().to_vec())
}

/// A case whose layout is `layout/layout.typ`: the import, then `line`.
/// The error is on line 2, at `column`.
fn layout_case(
    name: &str,
    line: &str,
    files: Vec<(&str, Content)>,
    column: usize,
    message: &str,
) -> Case {
    let mut all: Vec<(PathBuf, Content)> = vec![
        ("cv.yaml".into(), bytes(CV)),
        ("layout/layout.typ".into(), bytes(&format!("#import \"common.typ\": *\n{line}\n"))),
    ];
    all.extend(files.into_iter().map(|(path, content)| (PathBuf::from(path), content)));
    Case {
        name: name.into(),
        files: all,
        data: "cv.yaml".into(),
        layout: Some("layout/layout.typ".into()),
        expect: Expect {
            in_layout: true,
            at: Some((2, column)),
            messages: vec![message.into()],
            ..Expect::default()
        },
    }
}

/// A case on the data alone: its files, and what stderr must say.
fn data_case(
    name: &str,
    files: Vec<(&str, Content)>,
    at: Option<(usize, usize)>,
    message: &str,
) -> Case {
    Case {
        name: name.into(),
        files: files.into_iter().map(|(path, content)| (PathBuf::from(path), content)).collect(),
        data: "cv.yaml".into(),
        layout: None,
        expect: Expect { at, messages: vec![message.into()], ..Expect::default() },
    }
}

fn link(target: &str) -> Content {
    Content::Link(PathBuf::from(target))
}

pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    if !cfg!(unix) {
        return cases;
    }
    const OUTSIDE: &str = "outside the layout's directory";
    // Links out of the layout's directory, for every way a layout reads.
    cases.push(layout_case(
        "gate-layout-read-link-out",
        "#read(\"secret\")",
        vec![("layout/secret", link("/etc/passwd"))],
        7,
        OUTSIDE,
    ));
    cases.push(layout_case(
        "gate-layout-read-through-linked-directory",
        "#read(\"etc/passwd\")",
        vec![("layout/etc", link("/etc"))],
        7,
        OUTSIDE,
    ));
    cases.push(layout_case(
        "gate-layout-image-link-out",
        "#image(\"logo.png\")",
        vec![
            ("photo.png", Content::Bytes(TINY_PNG.to_vec())),
            ("layout/logo.png", link("../photo.png")),
        ],
        8,
        OUTSIDE,
    ));
    cases.push(layout_case(
        "gate-layout-json-link-out",
        "#json(\"data.json\").at(\"a\")",
        vec![
            ("extra.json", bytes("{\"a\": \"secret\"}")),
            ("layout/data.json", link("../extra.json")),
        ],
        7,
        OUTSIDE,
    ));
    cases.push(layout_case(
        "gate-layout-import-link-out",
        "#import \"lib.typ\": x",
        vec![("lib.typ", bytes("#let x = 1\n")), ("layout/lib.typ", link("../lib.typ"))],
        9,
        OUTSIDE,
    ));
    // Hidden files and directories under the layout's directory.
    const HIDDEN: &str = "is hidden, and hidden files are not read";
    cases.push(layout_case(
        "gate-layout-read-hidden-file",
        "#read(\".env\")",
        vec![("layout/.env", bytes("TOKEN=x"))],
        7,
        HIDDEN,
    ));
    cases.push(layout_case(
        "gate-layout-read-hidden-directory",
        "#read(\".ssh/id_ed25519\")",
        vec![("layout/.ssh/id_ed25519", bytes("PRIVATE KEY"))],
        7,
        HIDDEN,
    ));
    cases.push(layout_case(
        "gate-layout-read-link-to-hidden",
        "#read(\"notes\")",
        vec![("layout/.git/config", bytes("[core]")), ("layout/notes", link(".git/config"))],
        7,
        HIDDEN,
    ));
    // Not regular files, and too large.
    cases.push(layout_case(
        "gate-layout-read-fifo",
        "#read(\"pipe\")",
        vec![("layout/pipe", Content::Fifo)],
        7,
        "FIFO",
    ));
    cases.push(layout_case(
        "gate-layout-read-huge-file",
        "#read(\"big.bin\", encoding: none).len()",
        vec![("layout/big.bin", Content::Sparse(64 << 20))],
        7,
        "more than the 32 MB allowed",
    ));
    cases.push(Case {
        name: "gate-layout-is-a-fifo".into(),
        files: vec![("cv.yaml".into(), bytes(CV)), ("layout.typ".into(), Content::Fifo)],
        data: "cv.yaml".into(),
        layout: Some("layout.typ".into()),
        expect: Expect {
            at: None,
            messages: vec!["layout.typ: it is a FIFO".into()],
            ..Expect::default()
        },
    });
    // The data itself.
    cases.push(data_case(
        "gate-data-is-a-fifo",
        vec![("cv.yaml", Content::Fifo)],
        None,
        "cv.yaml: it is a FIFO",
    ));
    cases.push(data_case(
        "gate-data-is-dev-zero",
        vec![("cv.yaml", link("/dev/zero"))],
        None,
        "cv.yaml: it is a character device",
    ));
    cases.push(data_case(
        "gate-data-sparse-gigabyte",
        vec![("cv.yaml", Content::Sparse(1 << 30))],
        Some((1, 1)),
        "more than the 2 MB a CV can be",
    ));
    // The photo.
    let with_image = |image: &str| bytes(&format!("{CV}  image: {image}\n"));
    cases.push(data_case(
        "gate-photo-is-a-fifo",
        vec![("cv.yaml", with_image("ada.png")), ("ada.png", Content::Fifo)],
        Some((3, 10)),
        "FIFO",
    ));
    cases.push(data_case(
        "gate-photo-is-hidden",
        vec![("cv.yaml", with_image(".ada.png")), (".ada.png", Content::Bytes(TINY_PNG.to_vec()))],
        Some((3, 10)),
        HIDDEN,
    ));
    cases.push(data_case(
        "gate-photo-in-hidden-directory",
        vec![
            ("cv.yaml", with_image(".photos/ada.png")),
            (".photos/ada.png", Content::Bytes(TINY_PNG.to_vec())),
        ],
        Some((3, 10)),
        HIDDEN,
    ));
    cases.push(data_case(
        "gate-photo-huge",
        vec![("cv.yaml", with_image("ada.png")), ("ada.png", Content::Sparse(40 << 20))],
        Some((3, 10)),
        "more than the 20 MB a photo may be",
    ));
    // A font file over the limit.
    let mut font = data_case(
        "gate-font-too-large",
        vec![("cv.yaml", bytes(CV)), ("fonts/big.ttf", Content::Sparse(300 << 20))],
        None,
        "big.ttf: it holds 300 MB, more than the 256 MB allowed",
    );
    font.expect.args = vec!["--font-path".into(), "{dir}/fonts".into()];
    cases.push(font);
    cases
}
