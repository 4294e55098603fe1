//! The letter as layouts see it: `/letter.json`, beside the sender's CV
//! view as `/cv.json` (its header, labels, language and fitting; no
//! sections), both data and never code.

use schemars::JsonSchema;
use serde::Serialize;

use super::Letter;
use crate::diagnostics::{Diagnostic, Error};
use crate::labels::letter::{self as words, Side, Words};
use crate::markup::{self, Block};
use crate::model::{DataPath, Loaded, Moment, Text, missing_translation};
use crate::view::{self, Decoded, Fit, View, ViewOptions};

/// The version of `/letter.json`'s shape: it changes when a field is
/// removed or changes meaning, so that a custom layout can check it.
pub const VERSION: u32 = 1;

/// The letter, `json("/letter.json")`; `cvpdf schema --letter` prints its
/// JSON Schema.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(
    title = "cvpdf letter view",
    description = "A cover letter as cvpdf hands it to a layout's `letter`, as `/letter.json`, \
                   beside the sender's CV view as `/cv.json`. Every string prints literally."
)]
pub struct LetterView {
    /// The shape's version, 1 here: it goes up when a field is removed,
    /// renamed or changes meaning; a new field does not raise it.
    #[schemars(extend("const" = VERSION))]
    pub version: u32,
    /// The sender, from the CV's `basics`; the rest of the sender (headline,
    /// contacts, photo) is the CV view's header.
    pub sender: Sender,
    /// The recipient.
    pub recipient: RecipientView,
    /// Where the letter is written from.
    pub place: String,
    /// The date as the language writes it, or empty.
    pub date: String,
    /// The place and the date in one line: "Paris, le 1er décembre 2026".
    pub dateline: String,
    /// Where the language's letters put the recipient: `end`, in a column
    /// at the end of the lines with the date under it (French, Italian,
    /// Polish, Russian), or `start`, at the start of the lines with the
    /// date at their end (English, German, Japanese, Arabic).
    pub recipient_side: Side,
    /// What leads the subject: "Objet :" in French, nothing in English.
    pub subject_label: String,
    /// The subject, or empty.
    pub subject: String,
    /// "Madame, Monsieur,", as Markdown blocks (quotes made typographic).
    pub opening: Vec<Block>,
    /// The body, as Markdown blocks.
    pub body: Vec<Block>,
    /// The closing sentence, as Markdown blocks.
    pub closing: Vec<Block>,
    /// The name signed.
    pub signature: String,
    /// The letter's fitting in a document that holds the CV too, whose
    /// `cv.fit` is the CV's; `None` when the letter is the document.
    pub fit: Option<Fit>,
}

/// The sender's postal details.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Sender {
    /// The name.
    pub name: String,
    /// The postal address, a line each: street, then postal code and city.
    pub address: Vec<String>,
}

/// The recipient.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecipientView {
    /// The person.
    pub name: String,
    /// The organisation.
    pub organisation: String,
    /// The postal address, a line each.
    pub address: Vec<String>,
}

/// A letter ready to compile: the sender's view (`/cv.json`) and the
/// letter (`/letter.json`), with the words of its language.
pub struct Built {
    /// The CV view of the sender: header and labels, no sections.
    pub view: View,
    /// The letter.
    pub letter: LetterView,
    /// The letter's words.
    pub words: &'static Words,
    /// Problems that do not stop the run.
    pub warnings: Vec<Diagnostic>,
    /// The characters the body prints, at their place in the letter, for
    /// the glyph check.
    pub body_printed: Vec<Decoded>,
}

/// Builds a letter for the CV `cv`, in the language and with the options
/// of `options`. The printed date is the front matter's, else the CV's
/// `meta.lastModified`, else `SOURCE_DATE_EPOCH`, never the clock.
///
/// # Errors
/// [`Error::Invalid`] for a `date` that is not a day, and for a body that
/// prints a control character through a reference, at their place.
pub fn build(
    letter: &Letter,
    cv: &Loaded,
    options: &ViewOptions,
    source_date_epoch: Option<i64>,
) -> Result<Built, Error> {
    let (mut view, mut warnings) = view::build(cv, options);
    let words = words::for_lang(&view.lang).unwrap_or_else(words::english);
    let mut texts = Texts {
        letter,
        lang: view.lang.clone(),
        main: cv.cv.lang().to_owned(),
        warnings: Vec::new(),
    };
    let front = &letter.front;
    let to = DataPath::default().key("to");
    let recipient = RecipientView {
        name: texts.plain(front.to.name.as_ref(), &to.key("name")),
        organisation: texts.plain(front.to.organisation.as_ref(), &to.key("organisation")),
        address: lines(&texts.plain(front.to.address.as_ref(), &to.key("address"))),
    };
    let root = DataPath::default();
    let place = match &front.place {
        Some(place) => texts.plain(Some(place), &root.key("place")),
        None => city(cv, &view.lang),
    };
    let date = letter_date(letter, cv, source_date_epoch)?
        .map(|d| words.date(&d, view.region.as_deref()))
        .unwrap_or_default();
    let position = texts.plain(front.position.as_ref(), &root.key("position"));
    let subject = match &front.subject {
        Some(subject) => texts.plain(Some(subject), &root.key("subject")),
        None if position.is_empty() => String::new(),
        None => words.subject(&position),
    };
    let opening = match &front.opening {
        Some(opening) => texts.plain(Some(opening), &root.key("opening")),
        // The name is data in the opening's Markdown.
        None => words.opening(&markup::escape(&recipient.name)),
    };
    let closing = match &front.closing {
        Some(closing) => texts.plain(Some(closing), &root.key("closing")),
        None => words.closing(&opening),
    };
    let signature = match &front.signature {
        Some(signature) => texts.plain(Some(signature), &root.key("signature")),
        None => view.header.name.clone(),
    };
    let (body, body_printed) = texts.body()?;
    warnings.extend(texts.warnings);
    let to_whom =
        if recipient.organisation.is_empty() { &recipient.name } else { &recipient.organisation };
    view.document.title = words.title(to_whom, &view.header.name);
    view.document.subject = subject.clone();
    view.sections.clear();
    view.header.summary.clear();
    let letter = LetterView {
        version: VERSION,
        sender: Sender { name: view.header.name.clone(), address: sender_address(cv, &view.lang) },
        recipient,
        dateline: if date.is_empty() { String::new() } else { words.dateline(&place, &date) },
        recipient_side: words.recipient_side,
        place,
        date,
        subject_label: if subject.is_empty() { String::new() } else { words.subject_label.clone() },
        subject,
        opening: markup::parse(&opening, true).blocks,
        body,
        closing: markup::parse(&closing, true).blocks,
        signature,
        fit: None,
    };
    Ok(Built { view, letter, words, warnings, body_printed })
}

/// The letter's date: the front matter's, else the CV's, else
/// `SOURCE_DATE_EPOCH`'s.
fn letter_date(
    letter: &Letter,
    cv: &Loaded,
    source_date_epoch: Option<i64>,
) -> Result<Option<Moment>, Error> {
    if let Some(written) = letter.front.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        return Moment::parse(written).map(Some).map_err(|why| {
            let path = DataPath::default().key("date");
            Error::invalid(
                Diagnostic::error(format!("`date`: {why}"))
                    .at_location(letter.data.map.locate(&path))
                    .with_hint("write the letter's date as YYYY-MM-DD, such as 2026-12-01"),
            )
        });
    }
    let from_cv = cv.cv.meta.last_modified.as_deref().and_then(|m| Moment::parse(m).ok());
    Ok(from_cv.or_else(|| source_date_epoch.and_then(Moment::from_unix_seconds)))
}

/// The sender's city, from the CV, in the letter's language.
fn city(cv: &Loaded, lang: &str) -> String {
    let location = cv.cv.basics.location.as_ref();
    let city = location.and_then(|l| l.city.as_ref());
    city.map(|c| c.resolve(lang, cv.cv.lang()).0.trim().to_owned()).unwrap_or_default()
}

/// The sender's postal address: the street's lines, then the postal code
/// and the city.
fn sender_address(cv: &Loaded, lang: &str) -> Vec<String> {
    let Some(location) = &cv.cv.basics.location else { return Vec::new() };
    let resolve = |text: Option<&Text>| {
        text.map(|t| t.resolve(lang, cv.cv.lang()).0.trim().to_owned()).unwrap_or_default()
    };
    let mut address = lines(&resolve(location.address.as_ref()));
    let postal = location.postal_code.as_deref().unwrap_or_default().trim();
    let town = [postal, resolve(location.city.as_ref()).as_str()].join(" ").trim().to_owned();
    if !town.is_empty() {
        address.push(town);
    }
    address
}

/// The non-empty lines of a text, trimmed.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// The letter's texts in its language, with a warning for each missing
/// translation, at its place in the front matter.
struct Texts<'a> {
    letter: &'a Letter,
    lang: String,
    main: String,
    warnings: Vec<Diagnostic>,
}

impl Texts<'_> {
    fn plain(&mut self, text: Option<&Text>, path: &DataPath) -> String {
        let Some(text) = text else { return String::new() };
        let (resolved, instead) = text.resolve(&self.lang, &self.main);
        if let Some(instead) = instead {
            let at = self.letter.data.map.locate(path);
            let warning = missing_translation(path, at, &self.lang, instead, &self.main);
            self.warnings.push(warning);
        }
        // Text that prints nothing is none: no empty subject heading.
        if crate::diagnostics::prints_nothing(resolved) {
            String::new()
        } else {
            resolved.trim().to_owned()
        }
    }

    /// The body as blocks, and the characters it prints; what the
    /// Markdown subset leaves out is said at the body's start.
    fn body(&mut self) -> Result<(Vec<Block>, Vec<Decoded>), Error> {
        let parsed = markup::parse(&self.letter.body, true);
        let at = self.letter.body_start;
        for problem in parsed.problems {
            self.warnings.push(
                Diagnostic::warning(format!("the letter's body: {}", problem.message))
                    .at(&self.letter.source, at..at)
                    .with_hint(problem.hint),
            );
        }
        let path = DataPath::default().key("body");
        let (source, typed) = (&self.letter.source, &self.letter.body);
        let field = "the letter's body";
        let (problems, printed) =
            view::check_printed(source, at, &path, field, typed, &parsed.blocks);
        if problems.is_empty() {
            Ok((parsed.blocks, printed))
        } else {
            Err(Error::Invalid(problems))
        }
    }
}

/// The JSON Schema of `/letter.json`, pretty-printed.
pub fn json_schema() -> String {
    format!("{:#}", schemars::schema_for!(LetterView).as_value())
}
