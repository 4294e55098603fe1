//! The view's types: the contract between cvpdf and layouts, which read
//! it as `/cv.json` (`cv` in `common.typ`). `cvpdf schema --view` prints
//! its JSON Schema, and `cvpdf eject` writes it beside `cv.json`.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Decoded, DesignView};
use crate::catalogue::SectionKind;
use crate::labels::Labels;
use crate::markup::Block;
use crate::model::PartialDate;

/// The contract's version, [`View::version`]. It goes up when a field is
/// removed, renamed or changes meaning, so that a layout can tell a view
/// it was not written for; a new field does not raise it.
pub const VERSION: u32 = 2;

/// Paper sizes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    serde::Deserialize,
    JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    UsLetter,
}

/// How a layout is asked to save space: fitting (for `onepage`) changes
/// these until the CV fits its pages; other layouts keep the defaults.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Fit {
    /// Vertical spacing, 1 for the layout's own, down to 0 for the tightest.
    pub spacing: f64,
    /// Font size factor, 1 for the layout's own. Layouts keep body text at
    /// 8.5 pt or more whatever this says.
    pub scale: f64,
    /// Whether entries show their one-line `short` summary instead of their
    /// summary, body and highlights.
    pub short: bool,
    /// Whether the layout may spread what room is left over the page: set
    /// once fitting is done, as it hides how long the content really is.
    pub fill: bool,
}

impl Default for Fit {
    fn default() -> Self {
        Self { spacing: 1.0, scale: 1.0, short: false, fill: false }
    }
}

/// A file attached to the PDF.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Attachment {
    /// Its path inside the layout's world; the PDF names it by this.
    pub path: String,
    /// Its MIME type, such as `application/yaml`.
    pub mime: &'static str,
}

/// The whole document handed to a layout, as `/cv.json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(
    title = "cvpdf view",
    description = "The CV as cvpdf hands it to layouts, as `/cv.json`: texts in one language, \
                   Markdown parsed into blocks, dates formatted. Every string prints literally."
)]
pub struct View {
    /// The contract's version, 2 here (2 replaced `labels.page` with the
    /// pattern `labels.pageOf`): it goes up when a field is removed,
    /// renamed or changes meaning; a new field does not raise it.
    #[schemars(extend("const" = VERSION))]
    pub version: u32,
    /// The language printed, as the data or `--lang` gives it (`fr`,
    /// `pt-BR`): hyphenation and quotes follow it.
    pub lang: String,
    /// The two-letter region of `lang` (`BR`), when it names one, for Typst.
    pub region: Option<String>,
    /// The paper size.
    pub paper: Paper,
    /// Words around the data, in `lang` (English when `lang` has none;
    /// `labels.lang` says which language they are).
    pub labels: &'static Labels,
    /// The PDF's document information.
    pub document: DocumentInfo,
    /// Name, headline, contact details and summary.
    pub header: Header,
    /// Sections in the order the data writes them.
    pub sections: Vec<Section>,
    /// Space-saving settings, changed by the fitting of length-limited layouts.
    pub fit: Fit,
    /// The data file to attach to the PDF (`--embed-source`), if any.
    pub attachment: Option<Attachment>,
    /// The data's `design` options, only those it sets, normalised: each
    /// layout merges them over its own defaults (`merge-design` in
    /// `layouts/lib/theme.typ`). The date format and the sections' order,
    /// titles and visibility are already applied to `sections`.
    pub design: DesignView,
    /// Whether some text may need the fonts' glyph composition (OpenType
    /// `ccmp`): false when every character here, labels included, is a
    /// Latin, Greek or Cyrillic letter, or punctuation, that the embedded
    /// fonts hold whole, with no combining mark, and the design names no
    /// font. The layouts' `document-setup` then turns the feature off but
    /// for code (Fira Code composes a spacing accent after a capital),
    /// which changes no glyph and halves the time Typst takes to shape
    /// Inter. A custom layout, whose own text and fonts cvpdf cannot see,
    /// always gets `true`.
    pub compose_glyphs: bool,
    /// Whether the one-line fields may print as a run of text of 500
    /// bytes or more: the header's together, a compact section's, or an
    /// entry's. Typst stops at 512 matches of the regex show rules in one
    /// run (typst/typst#6694), so `document-setup` then prints each run of
    /// 1,024 characters or more in pieces; the rule costs 5 ms to build,
    /// which other CVs are spared. (The Markdown's runs are cut by
    /// [`Inline::Cut`](crate::markup::Inline::Cut).)
    pub long_lines: bool,
    /// What fields print through character references, for the glyph
    /// check; not part of `/cv.json`.
    #[serde(skip)]
    pub decoded: Vec<Decoded>,
}

/// The top of the CV.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Header {
    /// Full name, on one line.
    pub name: String,
    /// Headline, such as "DevOps engineer".
    pub label: String,
    /// The summary, as Markdown blocks.
    pub summary: Vec<Block>,
    /// The photo's path in the layout's world, for `image()`; `null`
    /// without a photo.
    pub image: Option<String>,
    /// Email, phone, website, location and profiles, in that order.
    pub contacts: Vec<Contact>,
}

/// One way to reach the person.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Contact {
    /// What it is.
    pub kind: ContactKind,
    /// For profiles: the network's name, such as GitHub; empty otherwise.
    pub network: String,
    /// What prints: the address without its scheme, the phone number as
    /// written…
    pub text: String,
    /// Where a click goes (`mailto:`, `tel:`, a web address); `null` for
    /// the location.
    pub url: Option<String>,
}

/// What a [`Contact`] is; layouts read it as a string, such as `"email"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContactKind {
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// The person's website.
    Url,
    /// City, region and country code.
    Location,
    /// An account on another site.
    Profile,
}

/// One section.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Section {
    /// The data's key (`work`, `skills`…), or a free section's id.
    pub id: String,
    /// The heading, in the view's language.
    pub title: String,
    /// How it is laid out: `entries` (dated items with text), `compact`
    /// (name, level and keywords on one line), `quotes` (references) or
    /// `text` (free).
    pub kind: SectionKind,
    /// Whether the data marks it optional (`meta.optionalSections`, or a
    /// free section's `optional`), which lets fitting leave it out; jobs
    /// always stay.
    pub optional: bool,
    /// The entries, for every kind but `text`; empty for `text`.
    pub entries: Vec<Entry>,
    /// A free section's body, as Markdown blocks.
    pub body: Vec<Block>,
    /// A free section's items, each as Markdown blocks.
    pub items: Vec<Vec<Block>>,
    /// How many characters a free section's body and items hold, so that
    /// layouts can set short ones side by side.
    pub chars: usize,
}

/// One entry of a section, whatever its JSON Resume type.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Entry {
    /// The main name: employer, school, award, skill…
    pub title: String,
    /// The role, degree, level or issuer.
    pub subtitle: String,
    /// The title's link, if any.
    pub url: Option<String>,
    /// The link as printed (`github.com/x/y`), for the entries whose
    /// address a reader on paper needs: projects, publications and
    /// certificates. Empty for the others, whose title links it.
    pub address: String,
    /// Formatted dates, such as `2004 – 2006` or `mars 2015 – aujourd’hui`;
    /// empty when undated.
    pub dates: String,
    /// Where, on one line.
    pub location: String,
    /// A plain one-line description, such as what a company does.
    pub description: String,
    /// The summary, as Markdown blocks (a reference's quotation).
    pub summary: Vec<Block>,
    /// The long-form body, as Markdown blocks.
    pub body: Vec<Block>,
    /// The one-line summary for compact layouts, as Markdown blocks.
    pub short: Vec<Block>,
    /// The highlights, each as Markdown blocks.
    pub highlights: Vec<Vec<Block>>,
    /// Keywords, courses or roles.
    pub keywords: Vec<String>,
    /// Whether to show only the title line (set by fitting).
    pub condensed: bool,
    /// Whether fitting runs the entry, condensed, into one paragraph with
    /// the other oldest entries of its section, after the others.
    pub run_in: bool,
    /// The dates in years, for that paragraph: `2004–2006`.
    pub years: String,
    /// How many characters the summary, body and highlights hold, so that
    /// layouts keep short entries on one page.
    pub chars: usize,
    /// The latest date of the entry, to find the oldest ones; not part of
    /// `/cv.json`.
    #[serde(skip)]
    pub last_date: Option<PartialDate>,
    /// Whether the entry has a start and no end: it goes on, so it is
    /// never among the oldest; not part of `/cv.json`.
    #[serde(skip)]
    pub ongoing: bool,
}

/// The PDF's document information, each string cut to what a PDF string
/// holds.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DocumentInfo {
    /// "<name> — CV".
    pub title: String,
    /// The person's name.
    pub author: String,
    /// The headline.
    pub subject: String,
    /// Skill names and keywords, in data order.
    pub keywords: Vec<String>,
}
