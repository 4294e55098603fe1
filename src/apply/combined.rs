//! `--combined`: the letter then the CV in one PDF.

use std::sync::Arc;

use crate::diagnostics::Error;
use crate::fonts::Fonts;
use crate::letter::render::RenderedLetter;
use crate::pipeline::{Rendered, Settings};

/// The letter then the CV, in one document.
pub fn render(
    _fonts: &Arc<Fonts>,
    _letter: &RenderedLetter,
    _cv: &Rendered,
    _settings: &Settings,
) -> Result<Rendered, Error> {
    Err(Error::Usage("--combined is not available yet".into()))
}
