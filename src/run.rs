//! One run's checked configuration, built once from the command line and
//! shared by every job of the run: render, `check`, `--layout all`, a
//! directory of CVs, watch mode, `eject` and `apply`.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Error};
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::model::Loaded;
use crate::pipeline::{self, Session, Settings};
use crate::render::{self, Artifact, ExportOptions, Format};
use crate::timings::Timings;

/// What a run renders with, whatever the data and the layout: the options
/// of each render, the format and how to export it, and the fonts.
#[derive(Clone)]
pub struct RunConfig {
    /// The options of each render.
    pub settings: Settings,
    /// What to write.
    pub format: Format,
    /// How to export, checked.
    pub export: ExportOptions,
    /// The fonts, shared by every render of the run.
    pub fonts: Arc<Fonts>,
}

/// The kinds of document cvpdf makes: a CV (`/cv.json`, [`crate::view`])
/// and a cover letter (`/letter.json` beside it, [`crate::letter`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A CV.
    Cv,
    /// A cover letter, sent with a CV.
    Letter,
}

/// What one job made, before it is written: the files' bytes, and what to
/// tell the user.
#[derive(Debug)]
pub struct Made {
    /// The exported files.
    pub artifacts: Vec<Artifact>,
    /// The document's pages, all of them whatever `--pages` exported; none
    /// for an output made from the view, which is not laid out.
    pub pages: Option<usize>,
    /// Problems that did not stop the job.
    pub warnings: Vec<Diagnostic>,
    /// What fitting gave up to respect the page limit.
    pub fitted: Vec<String>,
    /// How long each step took.
    pub timings: Timings,
}

impl RunConfig {
    /// A session rendering with `layout` under this configuration, which
    /// keeps Typst's world alive from one render to the next.
    pub fn session(&self, layout: &Layout) -> Session {
        Session::new(self.fonts.clone(), layout.clone(), self.settings.clone())
    }

    /// Makes the files of one CV with the session's layout: the one path
    /// of a render, `check` (which writes nothing), `--layout all`, a
    /// directory of CVs and watch mode. Paged formats are compiled and
    /// exported; an output made from the view (plain text) is made from
    /// the prepared view, compiling nothing.
    ///
    /// # Errors
    /// As [`pipeline::prepare`], [`Session::render`] and
    /// [`crate::pipeline::Rendered::export`].
    pub fn make(
        &self,
        session: &mut Session,
        loaded: &Loaded,
        data_path: &Path,
    ) -> Result<Made, Error> {
        if !self.format.is_paged() {
            return self.make_from_view(loaded, data_path);
        }
        let rendered = session.render(loaded, data_path)?;
        let mut timings = rendered.timings.clone();
        let artifacts = timings.time("export", || rendered.export(self.format, &self.export))?;
        Ok(Made {
            artifacts,
            pages: Some(rendered.pages()),
            warnings: rendered.warnings,
            fitted: rendered.fitted,
            timings,
        })
    }

    /// Makes an output from the prepared view alone.
    fn make_from_view(&self, loaded: &Loaded, data_path: &Path) -> Result<Made, Error> {
        let prepared = pipeline::prepare(&self.fonts, loaded, data_path, &self.settings)?;
        let mut timings = prepared.timings;
        let artifact = timings.time("export", || render::from_view(self.format, &prepared.view));
        Ok(Made {
            artifacts: artifact.into_iter().collect(),
            pages: None,
            warnings: prepared.warnings,
            fitted: Vec::new(),
            timings,
        })
    }
}
