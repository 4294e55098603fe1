//! The way out for a file the user named that is not there: the directory
//! that is missing, or the name in its directory closest to the one given.

use std::path::Path;

/// A hint for the missing file at `path`, as the user spelled it:
/// `there is no directory nowhere: check the path`, `did you mean
/// `cv-classic.pdf`?` (one edit per four characters at most, case
/// ignored, hidden files left out), else `check the path`.
pub fn hint(path: &Path) -> String {
    closest(path, Path::is_file)
}

/// [`hint`] for a missing directory: the closest directory's name.
pub fn dir_hint(path: &Path) -> String {
    closest(path, Path::is_dir)
}

/// The hint for `path` among the entries of its directory that `keep`.
fn closest(path: &Path, keep: fn(&Path) -> bool) -> String {
    let parent = path.parent().filter(|d| !d.as_os_str().is_empty());
    let Ok(entries) = std::fs::read_dir(parent.unwrap_or(Path::new("."))) else {
        let dir = parent.map_or_else(|| ".".into(), |d| d.display().to_string());
        return format!("there is no directory {dir}: check the path");
    };
    let given = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let most = (given.chars().count() / 4).max(1);
    let closest = entries
        .flatten()
        .filter(|entry| keep(&entry.path()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .map(|name| (strsim::osa_distance(&given, &name.to_lowercase()), name))
        .filter(|(edits, _)| *edits <= most)
        .min();
    match closest {
        Some((_, name)) => {
            let named =
                parent.map_or_else(|| name.clone(), |d| d.join(&name).display().to_string());
            format!("did you mean `{named}`?")
        }
        None => "check the path".into(),
    }
}
