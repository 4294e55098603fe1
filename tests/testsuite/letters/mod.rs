//! Cover letters and `cvpdf apply`: the letter in every layout, the CV
//! tailored by the front matter, located errors, fitting and its refusal,
//! determinism and batches.

use std::path::{Path, PathBuf};

use crate::common::*;
use lopdf::Document;

mod languages;
mod mistakes;

const CV: &str = "\
meta: {lang: fr, lastModified: \"2026-11-28\"}
basics:
  name: Ada Lovelace
  label: {fr: Ingénieure logicielle, en: Software engineer}
  email: ada@example.org
  location: {address: 3 rue des Lilas, postalCode: \"69001\", city: Lyon}
work:
  - name: Analytical Engines
    position: {fr: Programmeuse, en: Programmer}
    startDate: \"2020\"
    tags: [python]
    summary: {fr: Le premier programme publié., en: The first published program.}
  - name: Cobol Corp
    position: Développeuse
    startDate: \"2010\"
    endDate: \"2015\"
    tags: [cobol]
";

const LETTER: &str = "\
---
to:
  name: Claire Martin
  organisation: Acme SAS
  address: |
    12 rue de la Paix
    75002 Paris
position: Ingénieure DevOps senior
date: 2026-12-01
opening: Madame,
lang: fr
tags: [python]
---
Votre annonce a retenu toute mon attention.

Je serais ravie d'en discuter avec vous.
";

/// A directory with `cv.yaml` and `applications/acme.md` holding `letter`.
fn project(letter: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cv.yaml"), CV).unwrap();
    std::fs::create_dir(dir.path().join("applications")).unwrap();
    std::fs::write(dir.path().join("applications/acme.md"), letter).unwrap();
    dir
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Builds `applications/acme.md` in `dir` with `layout`, and reads its letter.
fn letter_in(dir: &Path, layout: &str) -> Vec<u8> {
    let out = format!("out-{layout}");
    let run = run_in(dir, &["apply", "applications/acme.md", "-l", layout, "-o", &out]);
    assert_eq!(run.code, 0, "{layout}: {}", run.stderr);
    read(dir.join(&out).join("acme/Ada-Lovelace-Lettre.pdf"))
}

/// Asserts that `parts` appear in `text` in this order.
fn in_order(text: &str, parts: &[&str]) {
    let mut from = 0;
    for part in parts {
        let part = &normalise(part);
        match text[from..].find(part.as_str()) {
            Some(at) => from += at + part.len(),
            None => panic!("`{part}` missing or out of order in:\n{text}"),
        }
    }
}

fn title(doc: &Document) -> String {
    let info = resolve(doc, doc.trailer.get(b"Info").unwrap()).as_dict().unwrap();
    text_of(doc, info.get(b"Title").unwrap())
}

#[test]
fn a_letter_in_each_layout_is_one_page_in_reading_order() {
    let dir = project(LETTER);
    for layout in cvpdf::layouts::BUILTIN {
        let pdf = letter_in(dir.path(), layout.name);
        assert_eq!(page_count(&pdf), 1, "{}", layout.name);
        let text = normalise(&pdf_text(&pdf));
        in_order(
            &text,
            &[
                "Ada Lovelace",
                "3 rue des Lilas",
                "ada@example.org",
                "Claire Martin",
                "Acme SAS",
                "75002 Paris",
                "Lyon, le 1er décembre 2026",
                "Objet : Candidature au poste d’Ingénieure DevOps senior",
                "Madame,",
                "Votre annonce a retenu toute mon attention.",
                "Je serais ravie d’en discuter avec vous.",
                "Je vous prie d’agréer, Madame, l’expression de mes salutations distinguées.",
                "Ada Lovelace",
            ],
        );
        let doc = Document::load_mem(&pdf).unwrap();
        assert_eq!(title(&doc), "Lettre à Acme SAS — Ada Lovelace", "{}", layout.name);
        assert_eq!(
            outline_titles(&doc),
            ["Objet\u{a0}: Candidature au poste d’Ingénieure DevOps senior"],
            "{}",
            layout.name
        );
        let xmp = String::from_utf8_lossy(&pdf).into_owned();
        assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{}: PDF/A-2", layout.name);
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{}: PDF/UA-1", layout.name);
        assert!(link_targets(&pdf).contains(&"mailto:ada@example.org".to_owned()));
    }
}

/// A word wider than the page, in the subject and in the body, breaks
/// inside the text area in every layout's letter, never off the page.
#[test]
fn a_long_word_in_a_letter_stays_on_the_page() {
    let long = "W".repeat(120);
    let letter = LETTER
        .replace("position: Ingénieure DevOps senior", &format!("position: {long}"))
        .replace("Votre annonce", &format!("Votre {long} annonce"));
    let dir = project(&letter);
    for layout in cvpdf::layouts::BUILTIN {
        let pdf = letter_in(dir.path(), layout.name);
        let width = 595.28;
        let out: Vec<String> = pdf_words(&pdf)
            .iter()
            .filter(|w| w.x0 < 28.0 || w.x1 > width - 28.0)
            .map(|w| format!("{:?} at {:.1}–{:.1}", w.text, w.x0, w.x1))
            .collect();
        assert!(out.is_empty(), "{}: off the text area: {out:?}", layout.name);
        let text = normalise(&pdf_text(&pdf)).replace(' ', "");
        assert!(text.matches('W').count() >= 240, "{}: not all printed", layout.name);
    }
}

#[test]
fn the_front_matter_tailors_the_cv() {
    let english = LETTER.replace("lang: fr", "lang: en").replace("opening: Madame,\n", "");
    let dir = project(&english);
    let run = run_in(dir.path(), &["apply", "applications/acme.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cv = normalise(&pdf_text(&read(dir.path().join("out/acme/Ada-Lovelace-CV.pdf"))));
    for shown in ["Experience", "Software engineer", "Programmer", "The first published program."] {
        assert!(cv.contains(shown), "`{shown}` missing from the tailored CV:\n{cv}");
    }
    for hidden in ["Expérience professionnelle", "Cobol Corp", "Programmeuse"] {
        assert!(!cv.contains(hidden), "`{hidden}` in the tailored CV:\n{cv}");
    }
    let letter = normalise(&pdf_text(&read(dir.path().join("out/acme/Ada-Lovelace-Letter.pdf"))));
    in_order(
        &letter,
        &[
            "Lyon, 1 December 2026",
            "Application for the position of",
            "Dear Claire Martin,",
            "Yours sincerely,",
        ],
    );
    assert!(!letter.contains("Objet"), "{letter}");
}

#[test]
fn errors_in_the_front_matter_and_the_body_are_located() {
    let cases = [
        (
            LETTER.replace("position:", "positon:"),
            "applications/acme.md:8:1",
            "did you mean `position`?",
        ),
        (
            LETTER.replace("date: 2026-12-01", "date: 2026-13-01"),
            "applications/acme.md:9:7",
            "`date`",
        ),
        (LETTER.replace("lang: fr", "lang: [fr]"), "applications/acme.md:11:7", "a list"),
        (LETTER.replace("toute mon", "toute\u{7} mon"), "applications/acme.md:14:29", "U+0007"),
        (LETTER.replacen("---\n", "", 1), "applications/acme.md:1:1", "front matter"),
    ];
    for (letter, at, says) in cases {
        let dir = project(&letter);
        let run = run_in(dir.path(), &["apply", "applications/acme.md"]);
        assert_eq!(run.code, 1, "{at}: {}", run.stderr);
        assert!(
            run.stderr.contains(at) && run.stderr.contains(says),
            "{at} {says}:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("hint"), "{}", run.stderr);
        assert!(!dir.path().join("out").exists(), "nothing written for {at}");
    }
    // A key of one's own is ignored; an unknown one is a warning.
    let dir =
        project(&LETTER.replace("lang: fr", "lang: fr\nx-notes: sent on Monday\nmood: hopeful"));
    let run = run_in(dir.path(), &["apply", "applications/acme.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown key `mood`") && !run.stderr.contains("x-notes"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_letter_too_long_is_refused_and_nothing_is_written() {
    let paragraph =
        "Cette phrase allonge la lettre, encore et encore, pour voir où elle s'arrête. ";
    let long = format!("{LETTER}\n{}\n", [paragraph.repeat(6).as_str(); 14].join("\n\n"));
    let dir = project(&long);
    let run = run_in(dir.path(), &["apply", "applications/acme.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("the letter does not fit on 1 page"), "{}", run.stderr);
    assert!(run.stderr.contains("too many") && run.stderr.contains("words"), "{}", run.stderr);
    assert!(run.stderr.contains("applications/acme.md:14:1"), "at the body: {}", run.stderr);
    assert!(!dir.path().join("out").exists(), "nothing written");
    // With two pages it is written, on two.
    let two = long.replace("lang: fr", "lang: fr\nmax-pages: 2");
    std::fs::write(dir.path().join("applications/acme.md"), two).unwrap();
    let run = run_in(dir.path(), &["apply", "applications/acme.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(page_count(&read(dir.path().join("out/acme/Ada-Lovelace-Lettre.pdf"))), 2);
    // A letter a little too long is fitted: tighter, still one page.
    let longer = format!("{LETTER}\n{}\n", [paragraph.repeat(5).as_str(); 8].join("\n\n"));
    std::fs::write(dir.path().join("applications/acme.md"), longer).unwrap();
    let run = run_in(dir.path(), &["apply", "applications/acme.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("letter fitted by spacing tightened"), "{}", run.stderr);
    assert_eq!(page_count(&read(dir.path().join("out/acme/Ada-Lovelace-Lettre.pdf"))), 1);
}

#[test]
fn applications_are_deterministic() {
    let one = project(LETTER);
    let two = project(LETTER);
    assert_eq!(run_in(one.path(), &["apply", "applications/acme.md"]).code, 0);
    let run = finish(
        cvpdf()
            .current_dir(two.path())
            .env("TZ", "Pacific/Kiritimati")
            .args(["apply", "applications/acme.md"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in ["Ada-Lovelace-Lettre.pdf", "Ada-Lovelace-CV.pdf"] {
        let path = |dir: &Path| dir.join("out/acme").join(file);
        assert!(read(path(one.path())) == read(path(two.path())), "{file} differs");
    }
}

#[test]
fn a_directory_builds_every_application_and_reports_the_broken_one() {
    let dir = project(LETTER);
    let apps = dir.path().join("applications");
    std::fs::write(apps.join("beta.md"), LETTER.replace("Acme SAS", "Beta")).unwrap();
    std::fs::write(apps.join("broken.md"), LETTER.replace("date: 2026-12-01", "date: yesterday"))
        .unwrap();
    let run = run_in(dir.path(), &["apply", "applications", "--names", "{application}-{document}"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("applications/broken.md:9:7"), "{}", run.stderr);
    assert!(run.stderr.contains("2 of 3 applications built"), "{}", run.stderr);
    for built in
        ["acme/acme-Lettre.pdf", "acme/acme-CV.pdf", "beta/beta-Lettre.pdf", "beta/beta-CV.pdf"]
    {
        assert!(dir.path().join("out").join(built).is_file(), "{built}");
    }
    assert!(!dir.path().join("out/broken").exists());
}

#[test]
fn plain_text_gives_the_letter_for_a_web_form() {
    let dir = project(LETTER);
    let run = run_in(dir.path(), &["apply", "applications/acme.md", "--format", "txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text =
        std::fs::read_to_string(dir.path().join("out/acme/Ada-Lovelace-Lettre.txt")).unwrap();
    in_order(
        &normalise(&text),
        &[
            "Ada Lovelace",
            "Claire Martin\nAcme SAS",
            "Lyon, le 1er décembre 2026",
            "Objet",
            "Madame,",
            "Votre annonce",
            "Je vous prie",
            "Ada Lovelace",
        ],
    );
    assert!(dir.path().join("out/acme/Ada-Lovelace-CV.txt").is_file());
    assert!(!dir.path().join("out/acme/Ada-Lovelace-Lettre.pdf").exists());
}

#[test]
fn pages_as_images_are_numbered_per_document() {
    let dir = project(LETTER);
    let args = ["apply", "applications/acme.md", "-f", "png", "--ppi", "20", "--combined"];
    let run = run_in(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out/acme");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let cv_pages = names.iter().filter(|n| n.starts_with("Ada-Lovelace-CV-")).count();
    let both = names.iter().filter(|n| n.starts_with("Ada-Lovelace-Candidature-")).count();
    assert!(names.contains(&"Ada-Lovelace-Lettre-1.png".to_owned()), "{names:?}");
    assert!(cv_pages >= 1 && both == cv_pages + 1, "{names:?}");
    for name in &names {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is a PNG");
    }
    let svg = run_in(dir.path(), &["apply", "applications/acme.md", "-f", "svg", "--pages", "1"]);
    assert_eq!(svg.code, 0, "{}", svg.stderr);
    let letter = std::fs::read_to_string(out.join("Ada-Lovelace-Lettre-1.svg")).unwrap();
    assert!(letter.starts_with("<svg"), "an SVG page");
}

#[test]
fn a_custom_layout_offers_its_letter_or_gets_the_classic_one() {
    let dir = project(LETTER);
    let with = "#import \"common.typ\": *\n#import \"letter.typ\": letter-page\n#show: document-setup\n= #cv.header.name\n\
                #let letter(data) = letter-page(data, after: [Sent with care by my own layout.])\n";
    std::fs::write(dir.path().join("mine.typ"), with).unwrap();
    std::fs::write(
        dir.path().join("plain.typ"),
        "#import \"common.typ\": *\n#show: document-setup\n= #cv.header.name\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["apply", "applications/acme.md", "-l", "mine.typ", "-o", "a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = normalise(&pdf_text(&read(dir.path().join("a/acme/Ada-Lovelace-Lettre.pdf"))));
    assert!(text.contains("Sent with care by my own layout."), "{text}");
    let run = run_in(dir.path(), &["apply", "applications/acme.md", "-l", "plain.typ", "-o", "b"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = normalise(&pdf_text(&read(dir.path().join("b/acme/Ada-Lovelace-Lettre.pdf"))));
    assert!(text.contains("Votre annonce") && !text.contains("Sent with care"), "{text}");
    // A layout's error in its letter points at the layout's own line.
    std::fs::write(
        dir.path().join("bad.typ"),
        "#import \"common.typ\": *\n#show: document-setup\n#let letter(data) = [#data.nope]\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["apply", "applications/acme.md", "-l", "bad.typ", "-o", "c"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("bad.typ:3:"), "{}", run.stderr);
}

#[test]
fn the_combined_pdf_holds_the_letter_then_the_cv_with_both_in_its_outline() {
    let dir = project(LETTER);
    for layout in cvpdf::layouts::BUILTIN {
        let out = format!("out-{}", layout.name);
        let args = ["apply", "applications/acme.md", "--combined", "-l", layout.name, "-o", &out];
        let run = run_in(dir.path(), &args);
        assert_eq!(run.code, 0, "{}: {}", layout.name, run.stderr);
        let files = dir.path().join(&out).join("acme");
        let (letter, cv) =
            (read(files.join("Ada-Lovelace-Lettre.pdf")), read(files.join("Ada-Lovelace-CV.pdf")));
        let both = read(files.join("Ada-Lovelace-Candidature.pdf"));
        assert_eq!(page_count(&both), page_count(&letter) + page_count(&cv), "{}", layout.name);
        let pages = pdf_pages(&both);
        assert!(
            normalise(&pages[0]).contains("Votre annonce"),
            "{}: the letter first",
            layout.name
        );
        assert!(
            normalise(&pages[1]).contains("Analytical Engines"),
            "{}: then the CV",
            layout.name
        );
        let doc = Document::load_mem(&both).unwrap();
        assert_eq!(title(&doc), "Candidature à Acme SAS — Ada Lovelace");
        let mut expected = outline_titles(&Document::load_mem(&letter).unwrap());
        expected.extend(outline_titles(&Document::load_mem(&cv).unwrap()));
        assert_eq!(outline_titles(&doc), expected, "{}", layout.name);
        assert!(expected.len() >= 2 && expected.iter().any(|t| t.contains("Expérience")));
        let text = String::from_utf8_lossy(&both).into_owned();
        assert!(
            text.contains("<pdfaid:part>2</pdfaid:part>")
                && text.contains("<pdfuaid:part>1</pdfuaid:part>")
        );
    }
}

#[test]
fn embed_source_attaches_the_letter_to_the_letter_and_the_cv_to_the_cv() {
    let dir = project(&format!("\u{feff}{LETTER}"));
    let run = run_in(dir.path(), &["apply", "applications/acme.md", "--embed-source"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (pdf, source) in
        [("Ada-Lovelace-Lettre.pdf", "applications/acme.md"), ("Ada-Lovelace-CV.pdf", "cv.yaml")]
    {
        let pdf = dir.path().join("out/acme").join(pdf);
        let extracted = cvpdf()
            .current_dir(dir.path())
            .args(["extract", pdf.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(extracted.status.success(), "{}", String::from_utf8_lossy(&extracted.stderr));
        assert!(
            extracted.stdout == read(dir.path().join(source)),
            "{source} comes back byte for byte"
        );
    }
}
