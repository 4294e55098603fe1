//! Whether a target can be written: its directory, and how.

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use super::describe;
use crate::diagnostics::Error;

/// Refuses a target whose directory cannot hold it: the nearest ancestor
/// that exists must be a directory (links followed) that cvpdf may write
/// in; the missing ones below it are made when writing.
pub(super) fn check_directory(target: &Path) -> Result<(), Error> {
    let mut ancestor = target.parent();
    loop {
        let dir = match ancestor {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let what = match std::fs::metadata(dir) {
            Ok(metadata) if metadata.is_dir() => return writable(dir),
            Ok(metadata) => describe(&metadata),
            Err(_) if std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_symlink()) => {
                "a symbolic link that leads nowhere"
            }
            Err(e)
                if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory)
                    && dir != Path::new(".")
                    && dir.parent().is_some() =>
            {
                ancestor = dir.parent();
                continue;
            }
            Err(e) => return Err(Error::io("write in", dir, e)),
        };
        return Err(Error::Usage(format!(
            "cannot write {}: {} is {what}, not a directory",
            target.display(),
            dir.display()
        )));
    }
}

/// Refuses a target that goes up (`..`) from a directory that does not
/// exist yet (`new/../cv.yaml`): no check can see what such a path names,
/// since it names nothing until cvpdf makes the missing directories, and
/// then it names an existing file (the data, a FIFO, a link) that the
/// checks took for a new one. After an existing directory, `..` is the
/// kernel's to resolve, as the checks do.
pub(super) fn refuse_unresolved(target: &Path) -> Result<(), Error> {
    let mut prefix = PathBuf::new();
    for component in target.components() {
        if component == Component::ParentDir && !prefix.as_os_str().is_empty() {
            let what = match std::fs::metadata(&prefix) {
                Ok(metadata) if metadata.is_dir() => None,
                Ok(metadata) => Some(format!("is {}", describe(&metadata))),
                Err(_) => Some("does not exist".to_owned()),
            };
            if let Some(what) = what {
                return Err(Error::Usage(format!(
                    "cannot write {}: it goes up from {}, which {what}, so no check can tell which file `..` leads to; give the path without `..`, such as {}",
                    target.display(),
                    prefix.display(),
                    lexical(target).display()
                )));
            }
        }
        prefix.push(component);
    }
    Ok(())
}

/// `path` with `.` and `..` taken out by its letters alone.
fn lexical(path: &Path) -> PathBuf {
    let mut kept = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(kept.components().next_back(), Some(Component::Normal(_))) =>
            {
                kept.pop();
            }
            other => kept.push(other),
        }
    }
    if kept.as_os_str().is_empty() { PathBuf::from(".") } else { kept }
}

/// Whether cvpdf, as the user it runs as, may make files in `dir`.
fn writable(dir: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c_dir) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else { return Ok(()) };
        // SAFETY: `c_dir` is a NUL-terminated path; faccessat only reads it.
        let allowed = unsafe {
            libc::faccessat(
                libc::AT_FDCWD,
                c_dir.as_ptr(),
                libc::W_OK | libc::X_OK,
                libc::AT_EACCESS,
            )
        };
        if allowed != 0 {
            return Err(Error::io("write in", dir, std::io::Error::last_os_error()));
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

pub(super) fn writable_in_place(metadata: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        kind.is_char_device() || kind.is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}
