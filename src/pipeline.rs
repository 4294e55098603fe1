//! From a data file to PDF bytes: load, check, build the view, compile and
//! export. The CLI, watch mode and batch runs all go through here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst_pdf::PdfStandards;

use crate::diagnostics::{Diagnostic, Error};
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::model::{self, DataPath, Loaded};
use crate::render::{self, ExportOptions, Renderer};
use crate::view::{self, ViewOptions};

/// Everything that decides a render besides the data.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The layout.
    pub layout: Layout,
    /// Language, paper and tags.
    pub view: ViewOptions,
    /// `SOURCE_DATE_EPOCH`, if set.
    pub source_date_epoch: Option<i64>,
    /// Whether warnings are errors.
    pub strict: bool,
}

/// A rendered CV.
#[derive(Debug)]
pub struct Rendered {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// The number of pages.
    pub pages: usize,
    /// Problems that did not stop the render.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and checks a data file. Messages name it as `path` is written.
pub fn load_data(path: &Path) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    model::load(&path.display().to_string(), &bytes)
}

/// Renders a loaded CV to PDF bytes.
pub fn render(
    fonts: &Arc<Fonts>,
    loaded: &Loaded,
    data_path: &Path,
    settings: &Settings,
) -> Result<Rendered, Error> {
    let mut warnings = loaded.warnings.clone();
    let photo = resolve_photo(loaded, data_path, &mut warnings)?;
    let mut options = settings.view.clone();
    options.photo = photo.as_ref().map(|(vpath, _)| vpath.clone());
    let (view, view_warnings) = view::build(loaded, &options);
    warnings.extend(view_warnings);
    if settings.strict && !warnings.is_empty() {
        return Err(Error::Invalid(
            warnings
                .into_iter()
                .map(|w| Diagnostic {
                    severity: crate::diagnostics::Severity::Error,
                    ..w
                })
                .collect(),
        ));
    }

    let date = render::document_date(
        settings.source_date_epoch,
        loaded.cv.meta.last_modified.as_deref(),
    );
    let mut renderer = Renderer::new(fonts.clone(), &settings.layout, &view, photo, date);
    let compiled = renderer.compile(&view)?;
    warnings.extend(compiled.warnings);
    let export = ExportOptions {
        date,
        ident: view.document.title.clone(),
        standards: PdfStandards::default(),
    };
    let pdf = render::export_pdf(&compiled.document, &export)?;
    Ok(Rendered {
        pdf,
        pages: compiled.document.pages().len(),
        warnings,
    })
}

/// Finds the photo `basics.image` names, refusing anything outside the data
/// file's directory. Returns its path in the layout's world and on disk.
fn resolve_photo(
    loaded: &Loaded,
    data_path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<(String, PathBuf)>, Error> {
    let Some(image) = loaded
        .cv
        .basics
        .image
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
    else {
        return Ok(None);
    };
    let at = loaded
        .map
        .locate(&DataPath::default().key("basics").key("image"));
    let fail = |message: String, hint: &str| {
        Error::invalid(
            Diagnostic::error(message)
                .at_location(at.clone())
                .with_hint(hint),
        )
    };
    if image.starts_with("http://") || image.starts_with("https://") {
        warnings.push(
            Diagnostic::warning(
                "`basics.image` is a web address; cvpdf works offline and leaves the photo out",
            )
            .at_location(at.clone())
            .with_hint("download the photo next to the data file and name it here"),
        );
        return Ok(None);
    }
    let dir = data_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = dir.canonicalize().map_err(|e| Error::io("read", dir, e))?;
    let path = dir.join(image);
    let real = path.canonicalize().map_err(|_| {
        fail(
            format!("`basics.image`: the photo `{image}` does not exist"),
            "the path is relative to the data file's directory",
        )
    })?;
    if !real.starts_with(&dir) {
        return Err(fail(
            format!("`basics.image`: `{image}` is outside the data file's directory"),
            "put the photo next to the data file, or in a folder under it",
        ));
    }
    let bytes = std::fs::read(&real).map_err(|e| {
        fail(
            format!("`basics.image`: cannot read `{image}`: {e}"),
            "is it a file?",
        )
    })?;
    let Some(extension) = image_format(&bytes) else {
        return Err(fail(
            format!("`basics.image`: `{image}` is not a PNG, JPEG, GIF, WebP or SVG image"),
            "convert the photo to PNG or JPEG",
        ));
    };
    Ok(Some((format!("/photo.{extension}"), real)))
}

/// The image format from a file's first bytes.
fn image_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("jpg")
    } else if bytes.starts_with(b"GIF8") {
        Some("gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else if std::str::from_utf8(&bytes[..bytes.len().min(1024)]).is_ok_and(|t| t.contains("<svg"))
    {
        Some("svg")
    } else {
        None
    }
}
