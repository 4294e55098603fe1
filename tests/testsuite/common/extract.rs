//! Reading the PDFs cvpdf writes: their text (pdf-extract, laid out in
//! lines), words with positions, links, pages, outline and objects.

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

/// A glyph of a PDF as laid out: its text, its page (from 1), and its
/// origin in points from the page's top left corner.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub text: String,
    pub page: usize,
    pub x: f64,
    pub y: f64,
}

/// The glyphs of a PDF, in content order.
pub fn pdf_glyphs(pdf: &[u8]) -> Vec<Glyph> {
    let doc = readable(pdf);
    let mut text = LineText::default();
    pdf_extract::output_doc(&doc, &mut text).expect("text extracts");
    text.glyphs
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
    glyphs: Vec<Glyph>,
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
        let glyph = Glyph { text: char.to_owned(), page: self.pages.len(), x, y };
        self.glyphs.push(glyph);
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

/// The titles of the outline's top-level entries, in order.
pub fn outline_titles(doc: &lopdf::Document) -> Vec<String> {
    let catalog = doc.catalog().unwrap();
    let outlines = resolve(doc, catalog.get(b"Outlines").unwrap()).as_dict().unwrap();
    let mut titles = Vec::new();
    let mut next = outlines.get(b"First").ok();
    while let Some(item) = next {
        let item = resolve(doc, item).as_dict().unwrap();
        titles.push(text_of(doc, item.get(b"Title").unwrap()));
        next = item.get(b"Next").ok();
    }
    titles
}
