//! The commit of a staged set of files: all renamed into place, or none.

use std::path::{Path, PathBuf};

use crate::diagnostics::Error;

/// Renames staged files into place. One rename is atomic; for several, the
/// files they replace are first moved aside (in their directory, as
/// `.cvpdf-*.old`), so that a target that cannot be replaced (another
/// user's file in a sticky directory, an immutable file) stops the commit
/// before anything changed, and a rename that fails later puts every
/// earlier file back. The files moved aside are removed at the end.
pub(super) fn commit(staged: Vec<(tempfile::NamedTempFile, PathBuf)>) -> Result<(), Error> {
    if staged.len() == 1 {
        let Some((file, target)) = staged.into_iter().next() else { return Ok(()) };
        return file.persist(&target).map(drop).map_err(|e| Error::io("write", &target, e.error));
    }
    let mut aside = Vec::new();
    for (_, target) in &staged {
        match move_aside(target) {
            Ok(Some(old)) => aside.push((old, target.clone())),
            Ok(None) => {}
            Err(error) => {
                put_back(aside);
                return Err(error);
            }
        }
    }
    let mut placed = Vec::new();
    for (file, target) in staged {
        if let Err(e) = file.persist(&target) {
            for path in placed {
                let _ = std::fs::remove_file(path);
            }
            put_back(aside);
            return Err(Error::io("write", &target, e.error));
        }
        placed.push(target);
    }
    Ok(())
}

/// Moves the file at `target`, if there is one, to a new name beside it,
/// which is removed when the returned path drops.
fn move_aside(target: &Path) -> Result<Option<tempfile::TempPath>, Error> {
    if std::fs::symlink_metadata(target).is_err() {
        return Ok(None);
    }
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let old = tempfile::Builder::new()
        .prefix(".cvpdf-")
        .suffix(".old")
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a temporary file in", dir, e))?
        .into_temp_path();
    std::fs::rename(target, &old).map_err(|e| Error::io("replace", target, e))?;
    Ok(Some(old))
}

/// Puts files moved aside back in place, last first.
fn put_back(aside: Vec<(tempfile::TempPath, PathBuf)>) {
    for (old, target) in aside.into_iter().rev() {
        if std::fs::rename(&old, &target).is_ok() {
            // Its name is free again: nothing to remove.
            let _ = old.keep();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_failed_commit_puts_earlier_files_back() {
        let dir = tempfile::tempdir().unwrap();
        let (one, two) = (dir.path().join("cv-1.png"), dir.path().join("cv-2.png"));
        std::fs::write(&one, "earlier page 1").unwrap();
        // Page 3 cannot be renamed into place: its name is a directory that
        // appears after the plan (as in a race).
        let three = dir.path().join("cv-3.png");
        let stage = |path: &Path, bytes: &str| {
            let mut file = tempfile::NamedTempFile::new_in(dir.path()).unwrap();
            file.write_all(bytes.as_bytes()).unwrap();
            (file, path.to_owned())
        };
        let staged = vec![stage(&one, "1"), stage(&two, "2"), stage(&three, "3")];
        std::fs::create_dir_all(three.join("full")).unwrap();
        assert!(commit(staged).is_err());
        assert_eq!(std::fs::read_to_string(&one).unwrap(), "earlier page 1");
        assert!(!two.exists(), "a new page was left");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "files moved aside or staged were left: {names:?}");
    }
}
