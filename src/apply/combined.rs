//! `--combined`: the letter then the CV in one PDF, for portals that take
//! a single file. One Typst document holds both, so that it is tagged
//! whole and keeps PDF/A-2a and PDF/UA-1, and its outline holds the
//! letter's subject and the CV's sections. Each part keeps its own fitting,
//! and the CV's pages are counted from 1.

use std::path::Path;
use std::sync::Arc;

use typst::foundations::Bytes;

use crate::deadline;
use crate::diagnostics::{Diagnostic, Error};
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::letter::render::RenderedLetter;
use crate::letter::style::{LETTER_DATA, Style};
use crate::model::Loaded;
use crate::pipeline::{Rendered, Settings, WORK_STACK, did_not_finish};
use crate::render::Renderer;
use crate::timings::Timings;
use crate::world::WorldFile;

/// The letter then the CV, in one document titled for the application.
///
/// # Errors
/// The photo's and the layout's errors, and a compile out of time.
pub fn render(
    fonts: &Arc<Fonts>,
    letter: &RenderedLetter,
    cv: &Rendered,
    loaded: &Loaded,
    cv_path: &Path,
    layout: &Layout,
    settings: &Settings,
) -> Result<Rendered, Error> {
    let mut view = cv.compiled_view.clone();
    // The letter's text is shaped with the CV's setting.
    view.compose_glyphs |= letter.rendered.view.compose_glyphs;
    let to = &letter.letter.recipient;
    let to = if to.organisation.is_empty() { &to.name } else { &to.organisation };
    view.document.title = letter.words.application_title(to, &view.header.name);
    // Both parts would attach it, and one is enough: the CV's own PDF has it.
    view.attachment = None;
    let mut extra = Vec::new();
    if let Some(photo) = crate::photo::resolve(loaded, cv_path, &mut Vec::new())? {
        extra.push((photo.vpath, WorldFile::Memory(photo.bytes)));
    }
    let json = serde_json::to_vec(&letter.letter)
        .map_err(|e| Error::invalid(Diagnostic::error(format!("the letter's data: {e}"))))?;
    extra.push((LETTER_DATA.to_owned(), WorldFile::Memory(Bytes::new(json))));
    let mut renderer = Renderer::new(fonts.clone(), layout, &view, extra, cv.date)?;
    Style::of(layout).install(renderer.world_mut(), layout, true)?;
    let compiled_view = view.clone();
    let mut timings = Timings::default();
    let compiled = timings.time("combined", || {
        deadline::run(settings.timeout, WORK_STACK, move || {
            renderer.compile(&compiled_view).map(|compiled| (compiled, renderer.files()))
        })
    });
    let (compiled, files) = compiled.map_err(|stopped| did_not_finish(&stopped, layout))??;
    Ok(Rendered {
        document: compiled.document,
        compiled_view: view.clone(),
        view,
        date: cv.date,
        warnings: compiled.warnings,
        fitted: Vec::new(),
        timings,
        timeout: settings.timeout,
        files: std::sync::Arc::new(files),
    })
}
