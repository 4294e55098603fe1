//! A letter's front matter: who it goes to, what it says around the body,
//! and, for an application, how to tailor the CV sent with it.

use std::num::NonZeroU16;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::model::Text;
use crate::view::Paper;

/// The YAML between the `---` lines at the top of a letter.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "kebab-case")]
#[schemars(title = "cvpdf letter", description = "The front matter of a cover letter.")]
pub struct FrontMatter {
    /// The recipient.
    pub to: Recipient,
    /// The position applied for; the subject says it unless `subject` is given.
    pub position: Option<Text>,
    /// The subject line, instead of the one made from `position`.
    pub subject: Option<Text>,
    /// The letter's date, `YYYY-MM-DD`; else the CV's `meta.lastModified`,
    /// else `SOURCE_DATE_EPOCH`.
    pub date: Option<String>,
    /// Where the letter is written from; default: the CV's `basics.location.city`.
    pub place: Option<Text>,
    /// The opening, such as `Madame,` or `Dear Ms Martin,`; default: the language's usual one.
    pub opening: Option<Text>,
    /// The closing sentence; default: the language's usual one.
    pub closing: Option<Text>,
    /// The name signed; default: the CV's `basics.name`.
    pub signature: Option<Text>,
    /// The language of the letter and of the CV sent with it (`fr`, `en`…); default: the CV's.
    pub lang: Option<String>,
    /// Keep only the CV's entries with one of these tags (and untagged ones).
    pub tags: Vec<String>,
    /// The layout of the letter and the CV: `classic`, `onepage`, `ovni` or a `.typ` file.
    pub layout: Option<String>,
    /// The letter's page limit (default 1), and the CV's (default: the layout's).
    pub max_pages: Option<NonZeroU16>,
    /// The paper: `a4` or `us-letter`.
    pub paper: Option<Paper>,
    /// The CV to send, a path from the letter's directory; default: `--data`, else `cv.yaml`.
    pub cv: Option<String>,
}

/// Who the letter goes to.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Recipient {
    /// The person's name.
    pub name: Option<Text>,
    /// The organisation.
    #[serde(alias = "organization", alias = "company")]
    pub organisation: Option<Text>,
    /// The postal address, one line per line.
    pub address: Option<Text>,
}
