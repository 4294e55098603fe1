//! `cvpdf eject DIR`: the CV as a plain Typst project, for stock `typst`.
//!
//! The project holds the layout (`main.typ`), the shared library, the CV as
//! `cv.json` exactly as cvpdf compiled it (fitted, for `onepage`) with its
//! JSON Schema (`cv.view.schema.json`), the fonts, and the photo or
//! attached source if there are any. Then
//! `typst compile --ignore-system-fonts --font-path DIR/fonts DIR/main.typ`
//! gives the same pages and text as cvpdf.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Error};
use crate::fonts;
use crate::gate::{self, Kind};
use crate::layouts::{COMMON, COMMON_NAME, LETTER, LETTER_NAME, LIBRARY, Layout};
use crate::model::Loaded;
use crate::output;
use crate::run::RunConfig;
use crate::view;

const README: &str = "\
# A CV as a Typst project

Made by `cvpdf eject`. Compile it with stock Typst:

    typst compile --ignore-system-fonts --font-path fonts main.typ cv.pdf

- `main.typ` is the layout, `common.typ` the library it imports, which
  re-exports `lib/`, and `letter.typ` the shared cover letter.
- `cv.json` is the CV as data: every text prints literally.
  `cv.view.schema.json` is its JSON Schema, every field described.
- `fonts/` holds the fonts, each with its licence.
";

/// Writes the project into `dir`, which must be empty or new, all files or
/// none. Returns the files written.
///
/// # Errors
/// An input error when `dir` is not empty or the CV does not render, and
/// the writing path's errors.
pub fn eject(
    dir: &Path,
    loaded: &Loaded,
    data_path: &Path,
    layout: &Layout,
    config: &RunConfig,
) -> Result<Vec<PathBuf>, Error> {
    let fonts = &config.fonts;
    if dir.read_dir().is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(Error::invalid(
            Diagnostic::error(format!("{} is not empty: nothing written", dir.display()))
                .with_hint("eject into a new directory, such as `cvpdf eject my-cv-typst`"),
        ));
    }
    // A directory that cannot be is said before rendering.
    output::check(&[output::Output::Path(dir.join("main.typ"))])?;
    let rendered = config.session(layout).render(loaded, data_path)?;
    let main = match layout {
        Layout::Builtin(builtin) => builtin.source.to_owned(),
        Layout::Custom { text, .. } => text.clone(),
    };
    let json = serde_json::to_vec_pretty(&rendered.compiled_view).map_err(|e| {
        Error::invalid(Diagnostic::error(format!("cv.json cannot be written: {e}")))
    })?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (dir.join("main.typ"), main.into_bytes()),
        (dir.join(COMMON_NAME), COMMON.as_bytes().to_vec()),
        // A custom layout may import the shared letter, as every world has it.
        (dir.join(LETTER_NAME), LETTER.as_bytes().to_vec()),
        (dir.join("cv.json"), json),
        (dir.join("cv.view.schema.json"), (view::json_schema() + "\n").into_bytes()),
        (dir.join("README.md"), README.as_bytes().to_vec()),
    ];
    for (path, source) in LIBRARY {
        files.push((dir.join(path), source.as_bytes().to_vec()));
    }
    for (name, data) in fonts::EMBEDDED {
        files.push((dir.join("fonts").join(name), data.to_vec()));
    }
    for family in fonts::EMBEDDED_LICENCES {
        files.push((dir.join("fonts").join(family.0), family.1.as_bytes().to_vec()));
    }
    for (path, data) in fonts.user_files() {
        let name = path.file_name().map(PathBuf::from).unwrap_or_default();
        files.push((dir.join("fonts/user").join(name), data.to_vec()));
    }
    if let (Some(vpath), Some(image)) =
        (&rendered.view.header.image, loaded.cv.basics.image.as_deref())
    {
        // The photo the render read, through the same gate, from the same
        // directory.
        let root = data_path.parent().filter(|d| !d.as_os_str().is_empty());
        let data = gate::read_within(root.unwrap_or(Path::new(".")), Path::new(image), Kind::Photo)
            .map_err(|refusal| refusal.into_error("the photo", Path::new(image)))?;
        files.push((dir.join(vpath.trim_start_matches('/')), data));
    }
    if let Some(attachment) = &rendered.view.attachment {
        files.push((dir.join(attachment.path.trim_start_matches('/')), loaded.bytes.clone()));
    }
    let staged: Vec<(PathBuf, &[u8])> =
        files.iter().map(|(path, data)| (path.clone(), data.as_slice())).collect();
    output::write_files(&staged)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}
