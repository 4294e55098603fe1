//! From a letter and the sender's CV to laid-out pages, fitted to the
//! letter's page limit as `onepage` fits a CV: spacing, then size, down to
//! the readable floor. A letter that cannot fit is an error saying how much
//! too long it is; nothing is ever written for it.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use typst::foundations::Bytes;

use super::Letter;
use super::style::{LETTER_DATA, Style};
use super::view::{self, Built, LetterView};
use crate::deadline;
use crate::diagnostics::{Diagnostic, Error};
use crate::fit::{self, Outcome, Overflow};
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::model::Loaded;
use crate::pipeline::{Rendered, Settings, WORK_STACK, did_not_finish};
use crate::render::{self, Renderer};
use crate::timings::Timings;
use crate::world::WorldFile;

/// A rendered letter: its pages, and the letter as data (for text and for
/// a document that holds the CV too).
pub struct RenderedLetter {
    /// The pages, ready to export, with the sender's view.
    pub rendered: Rendered,
    /// The letter as it was compiled, with its fitting.
    pub letter: LetterView,
    /// The letter's words.
    pub words: &'static crate::labels::letter::Words,
}

/// The letter's page limit: `max-pages`, else one.
pub fn max_pages(letter: &Letter) -> usize {
    letter.front.max_pages.map_or(1, |pages| usize::from(pages.get()))
}

/// Builds the letter's data, without compiling: what plain text needs.
///
/// # Errors
/// As [`view::build`], and a photo the CV names that cannot be used.
pub fn prepare(
    letter: &Letter,
    cv: &Loaded,
    cv_path: &Path,
    settings: &Settings,
) -> Result<(Built, Vec<(String, WorldFile)>), Error> {
    let mut warnings = letter.warnings.clone();
    let mut options = settings.view.clone();
    let mut extra = Vec::new();
    if let Some(photo) = crate::photo::resolve(cv, cv_path, &mut warnings)? {
        options.photo = Some(photo.vpath.clone());
        extra.push((photo.vpath, WorldFile::Memory(photo.bytes)));
    }
    if settings.embed_source {
        // The letter's own file, named as it was given.
        let path = Path::new(&letter.source.name);
        let (attachment, file) = crate::pipeline::attach(path, &letter.data.bytes);
        options.attachment = Some(attachment);
        extra.push(file);
    }
    let mut built = view::build(letter, cv, &options, settings.source_date_epoch)?;
    warnings.append(&mut built.warnings);
    built.warnings = warnings;
    Ok((built, extra))
}

/// Renders a letter from the CV `cv` (read from `cv_path`), in `layout`
/// with `settings`, fitted to [`max_pages`].
///
/// # Errors
/// The letter's and the CV's errors, characters the output cannot hold, a
/// layout's errors, and a letter too long for its page limit.
pub fn render(
    fonts: &Arc<Fonts>,
    letter: &Letter,
    cv: &Loaded,
    cv_path: &Path,
    layout: &Layout,
    settings: &Settings,
) -> Result<RenderedLetter, Error> {
    let mut timings = Timings::default();
    let (built, mut extra) = timings.time("view", || prepare(letter, cv, cv_path, settings))?;
    let Built { mut view, letter: data, words, mut warnings, body_printed } = built;
    let printed: HashSet<char> = serde_json::to_string(&(&view, &data))
        .map_err(|e| Error::invalid(Diagnostic::error(format!("the letter's data: {e}"))))?
        .chars()
        .collect();
    // The letter's text and the CV's are shaped with one setting.
    view.compose_glyphs = crate::view::needs_composition(&view.design, &printed);
    // The labels are the view's language's, chosen where `lang_origin` says.
    let labels = serde_json::to_string(view.labels).unwrap_or_default();
    let origin = crate::view::lang_origin(cv, &settings.view);
    for (source, decoded, labels) in [
        (&letter.data, &body_printed, ("", origin.clone())),
        (cv, &view.decoded, (&*labels, origin)),
    ] {
        let demands = &settings.demands;
        for group in crate::glyphs::find(fonts, source, &printed, decoded, labels, demands) {
            let severity = settings.severity(group.refused_by(&settings.demands));
            warnings.push(group.diagnostic(severity, &settings.demands));
        }
    }
    let warnings = settings.verdict(warnings)?;

    let written = letter.front.date.as_deref().or(cv.cv.meta.last_modified.as_deref());
    let date = render::document_date(settings.source_date_epoch, written);
    let json = serde_json::to_vec(&data)
        .map_err(|e| Error::invalid(Diagnostic::error(format!("the letter's data: {e}"))))?;
    extra.push((LETTER_DATA.to_owned(), WorldFile::Memory(Bytes::new(json))));
    let mut renderer = Renderer::new(fonts.clone(), layout, &view, extra, date)?;
    Style::of(layout).install(renderer.world_mut(), layout, false)?;
    let limit = max_pages(letter);
    let base = view.clone();
    let started = std::time::Instant::now();
    let (outcome, files) = deadline::run(settings.timeout, WORK_STACK, move || {
        fit::fit(&mut renderer, &base, limit).map(|outcome| (outcome, renderer.files()))
    })
    .map_err(|stopped| did_not_finish(&stopped, layout))??;
    timings.add("compiles", started.elapsed());
    let fitted = match outcome {
        Outcome::Fitted(fitted) => fitted,
        Outcome::Overflow(overflow) => {
            return Err(Error::invalid(too_long(letter, &data, &overflow)));
        }
    };
    let mut warnings = warnings;
    warnings.extend(fitted.compiled.warnings);
    let data = LetterView { fit: Some(fitted.view.fit.clone()), ..data };
    let rendered = Rendered {
        document: fitted.compiled.document,
        view,
        compiled_view: fitted.view,
        date,
        warnings,
        fitted: fitted.steps,
        timings,
        timeout: settings.timeout,
        files: std::sync::Arc::new(files),
    };
    Ok(RenderedLetter { rendered, letter: data, words })
}

/// The error for a letter that cannot fit: how much too long it is, in
/// pages and in words of its body, at the body.
fn too_long(letter: &Letter, data: &LetterView, overflow: &Overflow) -> Diagnostic {
    let limit = match overflow.max_pages {
        1 => "1 page".to_owned(),
        n => format!("{n} pages"),
    };
    let excess = overflow.needed - overflow.max_pages as f64;
    let mut diagnostic = Diagnostic::error(format!(
        "the letter does not fit on {limit}: even with every fitting step it needs {:.2} pages, {excess:.2} too many",
        overflow.needed
    ))
    .at(&letter.source, letter.body_start..letter.body_start)
    .with_label("the body starts here");
    let body = overflow.parts.iter().find(|(id, ..)| id == "body").map(|(.., pages)| *pages);
    let words = crate::markup::plain_text(&data.body).split_whitespace().count();
    if let Some(pages) = body.filter(|p| *p > 0.0 && words > 0) {
        let cut = ((excess / pages) * words as f64).ceil() as usize;
        diagnostic = diagnostic
            .with_hint(format!("shorten it by about {} of its {words} words", cut.min(words)));
    }
    diagnostic.with_hint("or allow more pages with `max-pages:` in the front matter")
}
