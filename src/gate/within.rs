//! Files named by a data file, a layout or a letter: read only inside
//! their root, with nothing hidden below it.

use std::path::{Component, Path, PathBuf};

use super::{Kind, Refusal, read_canonical};

/// Reads `relative`, a path a data file or a layout names, from `root`, its
/// directory: the canonical path, links followed, must stay inside `root`,
/// and no file or directory on the way below `root` may be hidden (start
/// with `.`), so that a layout saved in a home directory cannot read
/// `~/.ssh`.
///
/// # Errors
/// A [`Refusal`] saying why it was not read.
pub fn read_within(root: &Path, relative: &Path, kind: Kind) -> Result<Vec<u8>, Refusal> {
    // An absolute path is judged below `root` only, by its canonical form.
    if let Some(name) = hidden(relative).filter(|_| relative.is_relative()) {
        return Err(Refusal::Hidden(name));
    }
    let root = root.canonicalize().map_err(Refusal::from_io)?;
    let written = root.join(relative);
    let canonical = within(&root, &written)?;
    read_canonical(&canonical, kind, written.display().to_string())
}

/// The canonical path of `path` (links followed), when it lies inside
/// `root` with nothing hidden on the way below `root`: the rule of
/// [`read_within`], for a file another part reads through [`read`] (the CV
/// and the layout a letter's front matter names).
///
/// # Errors
/// A [`Refusal`]: [`Refusal::NotFound`], [`Refusal::Outside`],
/// [`Refusal::Hidden`], or an I/O error.
pub fn within(root: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    let root = root.canonicalize().map_err(Refusal::from_io)?;
    let canonical = path.canonicalize().map_err(Refusal::from_io)?;
    let Ok(inside) = canonical.strip_prefix(&root) else {
        return Err(Refusal::Outside);
    };
    if let Some(name) = hidden(inside) {
        return Err(Refusal::Hidden(name));
    }
    Ok(canonical)
}

/// The first hidden component of a relative path.
fn hidden(path: &Path) -> Option<String> {
    path.components().find_map(|c| match c {
        Component::Normal(name) if name.to_string_lossy().starts_with('.') => {
            Some(name.to_string_lossy().into_owned())
        }
        _ => None,
    })
}
