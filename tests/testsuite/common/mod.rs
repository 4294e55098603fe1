//! Helpers for the integration tests: run the real binary, read its PDFs.

pub mod pdf;
mod process;

pub use process::{cvpdf_with_memory_limit, pdftotext, wait_within};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use unicode_normalization::UnicodeNormalization;

/// The repository root, where `data/cv.yaml` is.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file's path.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The names of the built-in layouts, from `cvpdf::layouts::BUILTIN`: a
/// layout added there is tested wherever the tests take every layout.
pub fn builtin_layouts() -> impl Iterator<Item = &'static str> {
    cvpdf::layouts::BUILTIN.iter().map(|b| b.name)
}

/// The built-in layouts without a page limit, which print the whole CV.
pub fn unlimited_layouts() -> impl Iterator<Item = &'static str> {
    cvpdf::layouts::BUILTIN.iter().filter(|b| b.max_pages.is_none()).map(|b| b.name)
}

/// `cvpdf` with a clean environment, run from the repository root.
pub fn cvpdf() -> Command {
    clean(Command::new(env!("CARGO_BIN_EXE_cvpdf")))
}

/// `command` (cvpdf, or a shell that runs it) with a clean environment, run
/// from the repository root.
fn clean(mut command: Command) -> Command {
    command
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        // Tests are not timed: a loaded machine must not trip the default deadline.
        .env("CVPDF_TIMEOUT", "900")
        .env("TZ", "UTC");
    command
}

/// The result of a run, with its output as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cvpdf` with arguments.
pub fn run(args: &[&str]) -> Run {
    finish(cvpdf().args(args).output().expect("cvpdf runs"))
}

/// Collects a finished command's output.
pub fn finish(output: Output) -> Run {
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Renders `data` with `layout` into a fresh temporary directory and
/// returns the PDF's bytes, failing the test with cvpdf's messages if the
/// render fails.
pub fn render(data: &Path, layout: &str, extra: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let mut args = vec![
        "--data",
        data.to_str().unwrap(),
        "--layout",
        layout,
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let result = run(&args);
    assert_eq!(result.code, 0, "cvpdf {args:?} failed:\n{}", result.stderr);
    std::fs::read(&out).unwrap()
}

/// Writes `text` to `dir/name` and returns the path as text.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A CV written into a fresh temporary directory, with an output beside it.
pub struct Scratch {
    pub dir: tempfile::TempDir,
    pub data: PathBuf,
    pub out: PathBuf,
}

impl Scratch {
    /// Writes `yaml` as `cv.yaml` in a new temporary directory.
    pub fn new(yaml: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("cv.yaml");
        std::fs::write(&data, yaml).unwrap();
        let out = dir.path().join("cv.pdf");
        Self { dir, data, out }
    }

    /// The data file's path as text, as messages print it.
    pub fn data_str(&self) -> &str {
        self.data.to_str().unwrap()
    }

    /// Runs cvpdf on the CV into `out`, with more arguments.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--data", self.data_str(), "--output", self.out.to_str().unwrap()];
        all.extend_from_slice(args);
        run(&all)
    }

    /// The file written to `out`.
    pub fn pdf(&self) -> Vec<u8> {
        std::fs::read(&self.out).unwrap()
    }
}

/// Says that a check cannot run here because `what` is missing: under CI
/// (`CI=true`, as GitHub Actions sets it) that fails the test; elsewhere the
/// test is skipped with a line on the terminal. The line is written to
/// stderr directly, which the test harness does not capture, so a skip is
/// seen without `--nocapture`.
pub fn unavailable(what: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!ci, "{what} is missing, and under CI every check must run");
    use std::io::Write;
    let _ =
        writeln!(std::io::stderr().lock(), "SKIPPED: {what} is missing, so a check did not run");
}

/// The seed CV rendered with a layout.
pub fn render_seed(layout: &str) -> Vec<u8> {
    render(&root().join("data/cv.yaml"), layout, &[])
}

/// The PDF's text, page by page, in content order: pdf-extract decodes the
/// glyphs, and [`LineText`] lays them out in lines.
pub fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    pdf_pages_and_outside(pdf, 0.0).0
}

/// [`pdf_pages`], and the characters placed outside their page (clipped
/// text) or less than `side` points from its left or right edge (text run
/// into the margin), each as `page N: 'c' at (x, y)` in points from the top
/// left.
pub fn pdf_pages_and_outside(pdf: &[u8], side: f64) -> (Vec<String>, Vec<String>) {
    let doc = readable(pdf);
    let mut text = LineText { side, ..LineText::default() };
    pdf_extract::output_doc(&doc, &mut text).expect("text extracts");
    (text.pages, text.outside)
}

/// A PDF as pdf-extract can read it. pdf-extract reads a CID font's
/// widths (`/W`) only in their `first [w1 w2 …]` form, and Typst writes
/// the `first last w` one: without widths, pdf-extract cannot tell where a
/// glyph ends, and reads two pieces of one word set as two text objects
/// as two words. The widths are rewritten in the form it reads.
pub fn readable(pdf: &[u8]) -> lopdf::Document {
    use lopdf::Object;
    let mut doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    for object in doc.objects.values_mut() {
        let Ok(font) = object.as_dict_mut() else { continue };
        let Ok(widths) = font.get(b"W").and_then(Object::as_array) else { continue };
        let mut listed = Vec::new();
        let mut i = 0;
        while i + 1 < widths.len() {
            if let Object::Array(_) = widths[i + 1] {
                listed.extend_from_slice(&widths[i..i + 2]);
                i += 2;
            } else if let (Ok(first), Ok(last), Some(w)) =
                (widths[i].as_i64(), widths[i + 1].as_i64(), widths.get(i + 2))
            {
                for cid in first..=last {
                    listed.push(Object::Integer(cid));
                    listed.push(Object::Array(vec![w.clone()]));
                }
                i += 3;
            } else {
                break;
            }
        }
        font.set("W", Object::Array(listed));
    }
    doc
}

/// A word of a PDF as laid out: its text and where it is, in points from
/// the page's top left corner.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub page: usize,
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    pub size: f64,
}

/// The words of a PDF, in content order: glyphs that touch make one word.
pub fn pdf_words(pdf: &[u8]) -> Vec<Word> {
    let doc = readable(pdf);
    let mut text = LineText::default();
    pdf_extract::output_doc(&doc, &mut text).expect("text extracts");
    text.words
}

/// Every URI of every link annotation (its bytes read as UTF-8), page by
/// page in order; links to places inside the document have none and are
/// left out.
pub fn link_targets(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let mut uris = Vec::new();
    for (_, page) in doc.get_pages() {
        let Ok(annots) = doc.get_dictionary(page).unwrap().get(b"Annots") else { continue };
        for annot in resolve(&doc, annots).as_array().unwrap() {
            let annot = resolve(&doc, annot).as_dict().unwrap();
            if annot.get(b"Subtype").unwrap().as_name().unwrap() != b"Link" {
                continue;
            }
            let Ok(action) = annot.get(b"A") else { continue };
            // A URI is a byte string, not a text string: Typst writes the
            // address's UTF-8.
            if let Ok(lopdf::Object::String(uri, _)) =
                resolve(&doc, action).as_dict().unwrap().get(b"URI").map(|uri| resolve(&doc, uri))
            {
                uris.push(String::from_utf8_lossy(uri).into_owned());
            }
        }
    }
    uris
}

/// The whole text of a PDF.
pub fn pdf_text(pdf: &[u8]) -> String {
    pdf_pages(pdf).join("\n")
}

/// pdf-extract's plain-text output, with the font size taken as a magnitude:
/// its own takes the square root of a negative product for PDFs whose text
/// matrix flips the y axis, as Typst's does, and then never breaks lines.
#[derive(Default)]
struct LineText {
    pages: Vec<String>,
    words: Vec<Word>,
    word_ended: bool,
    outside: Vec<String>,
    side: f64,
    width: f64,
    height: f64,
    first_char: bool,
    last_y: f64,
    last_end: f64,
}

impl LineText {
    /// Adds a glyph to the words: it starts one after a space or a gap.
    fn word(&mut self, char: &str, x: f64, end: f64, y: f64, size: f64) {
        if char.trim().is_empty() {
            self.word_ended = true;
            return;
        }
        let page = self.pages.len();
        match self.words.last_mut() {
            Some(word)
                if word.page == page
                    && (y - word.y).abs() <= size * 0.5
                    && (!self.word_ended || x <= word.x1 + size * 0.1) =>
            {
                word.text.push_str(char);
                word.x1 = end;
            }
            _ => self.words.push(Word { text: char.to_owned(), page, x0: x, x1: end, y, size }),
        }
        self.word_ended = false;
    }
}

impl pdf_extract::OutputDev for LineText {
    fn begin_page(
        &mut self,
        _: u32,
        media: &pdf_extract::MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.pages.push(String::new());
        self.width = media.urx - media.llx;
        self.height = media.ury - media.lly;
        self.last_y = f64::NAN;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let (x, y) = (trm.m31, self.height - trm.m32);
        let size = ((trm.m11 * font_size + trm.m21 * font_size)
            * (trm.m12 * font_size + trm.m22 * font_size))
            .abs()
            .sqrt();
        let end = x + width * size;
        let inside = |v: f64, min: f64, max: f64| (min - 0.5..=max + 0.5).contains(&v);
        let (left, right) = (self.side, self.width - self.side);
        let placed =
            inside(x, left, right) && inside(end, left, right) && inside(y, 0.0, self.height);
        if !placed && !char.trim().is_empty() {
            let n = self.pages.len();
            self.outside.push(format!("page {n}: {char:?} at ({x:.0}, {y:.0})"));
        }
        let page = self.pages.last_mut().expect("a page has begun");
        if self.first_char && !page.is_empty() {
            if (y - self.last_y).abs() > size * 0.5 {
                page.push('\n');
            } else if x > self.last_end + size * 0.1 {
                page.push(' ');
            }
        }
        page.push_str(char);
        self.word(char, x, end, y, size);
        self.first_char = false;
        self.last_y = y;
        self.last_end = end;
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.first_char = true;
        self.word_ended = true;
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// The number of pages.
pub fn page_count(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).expect("PDF parses").get_pages().len()
}

/// The text of the pages without their furniture: the running header of
/// later pages and the "Page 2/5" footers.
pub fn body_text(pdf: &[u8], running_header: &str) -> String {
    let pages = pdf_pages(pdf);
    let mut body = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let mut lines: Vec<&str> = page.lines().collect();
        if i > 0 && lines.first().is_some_and(|l| l.trim() == running_header) {
            lines.remove(0);
        }
        if lines.last().is_some_and(|l| l.trim().starts_with("Page ") && l.contains('/')) {
            lines.pop();
        }
        body.push(lines.join("\n"));
    }
    body.join("\n")
}

/// Text made comparable: NFKC; typographic quotes and apostrophes made
/// straight; words cut by hyphenation joined; no space before closing
/// punctuation; whitespace collapsed.
///
/// Typst maps its hyphenation hyphen to U+00AD and a real hyphen to U+002D,
/// but the PDF's ToUnicode map holds one text per glyph: whichever use comes
/// first wins, and the other gets an `/ActualText` that poppler honours and
/// pdf-extract ignores. So with pdf-extract a line-end hyphen may read `-`
/// or U+00AD (sometimes after a space), and a mid-line hyphen U+00AD. Lines
/// never break at a real hyphen (layouts box hyphenated words), so a hyphen
/// at a line end is always a hyphenation one.
pub fn normalise(text: &str) -> String {
    let text: String = text.nfkc().collect();
    let text = text
        .replace(" \u{ad}\n", "")
        .replace("\u{ad}\n", "")
        .replace(" -\n", "")
        .replace("-\n", "")
        .replace(" \u{ad} ", "-")
        .replace('\u{ad}', "-")
        .replace(['’', '‘'], "'")
        .replace(['«', '»', '“', '”'], "\"");
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // Quotes in French are spaced inside: « mot » and "mot" compare equal.
    let out = out.replace("\" ", "\"").replace(" \"", "\"");
    let mut out = out;
    for mark in [".", ",", ")", "!", "?", ":", ";"] {
        out = out.replace(&format!(" {mark}"), mark);
    }
    out
}

/// The seed's section headings, such as "Warez 2000-2004 Script Kiddie extra scolaire".
pub fn seed_headings() -> Vec<String> {
    let seed = std::fs::read_to_string(fixture("seed.md")).unwrap();
    seed.lines().filter_map(|l| l.trim().strip_prefix("## ")).map(str::to_owned).collect()
}

/// The seed's text, from its Markdown, as sentences; headings excluded.
pub fn seed_sentences() -> Vec<String> {
    let seed = std::fs::read_to_string(fixture("seed.md")).unwrap();
    // The seed's own page breaks cut sentences in two; data/cv.yaml joins them.
    let seed = seed
        .replace("au\n\nmarché", "au marché")
        .replace("aujourd'hui\n\nn'existent", "aujourd'hui n'existent")
        .replace("qui me\n\nparaissait", "qui me paraissait");
    let mut sentences = Vec::new();
    for block in seed.split("\n\n") {
        let block = block.trim();
        if block.is_empty() || block.starts_with("## ") {
            continue;
        }
        let plain = cvpdf::markup::plain_text(&cvpdf::markup::parse(block, false).blocks);
        let plain = normalise(&plain);
        let mut start = 0;
        let chars: Vec<(usize, char)> = plain.char_indices().collect();
        for (i, (at, c)) in chars.iter().enumerate() {
            let next_is_space = chars.get(i + 1).is_none_or(|(_, n)| *n == ' ');
            if matches!(c, '.' | '!' | '?') && next_is_space {
                let end = at + c.len_utf8();
                let sentence = plain[start..end].trim();
                if !sentence.is_empty() {
                    sentences.push(sentence.to_owned());
                }
                start = end;
            }
        }
        let rest = plain[start..].trim();
        if !rest.is_empty() {
            sentences.push(rest.to_owned());
        }
    }
    sentences
}

/// A valid 1×1 PNG, for photos and layout images.
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0xC9, 0xFE, 0x92, 0xEF, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// Makes a FIFO (named pipe) at `path`.
#[cfg(unix)]
pub fn make_fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `c_path` is a valid NUL-terminated path for the call.
    let made = unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

/// The object a reference points to, or the object itself.
pub fn resolve<'a>(doc: &'a lopdf::Document, object: &'a lopdf::Object) -> &'a lopdf::Object {
    match object {
        lopdf::Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

/// A PDF text string (PDFDocEncoding or UTF-16) as text.
pub fn text_of(doc: &lopdf::Document, object: &lopdf::Object) -> String {
    match resolve(doc, object) {
        lopdf::Object::String(bytes, _) => lopdf::decode_text_string(resolve(doc, object))
            .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
        other => format!("{other:?}"),
    }
}
