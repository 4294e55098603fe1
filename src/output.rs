//! The writing path: every file cvpdf writes goes through [`write`] or
//! [`write_files`].
//!
//! - An output is never an input: a target that is a file this run read
//!   (the data, a layout or a file it read, the photo, a font, the PDF
//!   `extract` reads), under any spelling, is refused with exit code 2.
//! - A regular file is written to a temporary file beside it, then renamed
//!   into place, keeping the earlier file's mode; a new file gets
//!   `0666 & !umask`.
//! - A character device or a FIFO (`/dev/null`, `/dev/stdout` on a terminal
//!   or a pipe), even through a symbolic link, is written into, never
//!   renamed over. Other special files, and a symbolic link to anything
//!   else (a regular file, nothing), are refused: a planted link must not
//!   lead a write elsewhere, and replacing it would lose it.
//! - Every target is checked before anything is rendered ([`check`]): an
//!   input, a link, a special file, a directory that is not one (a path
//!   under a file) or that cvpdf may not write in are refused then, and
//!   so is a path that goes up (`..`) from a directory not made yet
//!   (`new/../cv.yaml`), whose file no check could see.
//! - Several files are staged and renamed into place only when all are
//!   complete; earlier files they replace are moved aside first, and put
//!   back if one rename fails: a failure leaves every target as it was, and
//!   no temporary file.
//! - Standard output is written through [`write`] by every command.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::Error;
use crate::gate::{self, Identity, Kind};

mod commit;
mod target;
use commit::commit;
use target::{check_directory, refuse_unresolved, writable_in_place};

/// Where a result goes: standard output or a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output (`-o -`).
    Stdout,
    /// A file, or a directory when there are several results.
    Path(PathBuf),
}

impl Output {
    /// The name messages give it.
    pub fn name(&self) -> String {
        match self {
            Self::Stdout => "standard output".into(),
            Self::Path(path) => path.display().to_string(),
        }
    }

    /// Whether the result lands on standard output, named `-` or by a path
    /// to the same file (`/dev/stdout`): the summary then goes to stderr.
    pub fn is_stdout(&self) -> bool {
        match self {
            Self::Stdout => true,
            Self::Path(path) => {
                let target = std::fs::metadata(path).ok().as_ref().and_then(Identity::of);
                target.is_some() && target == stdout_metadata().as_ref().and_then(Identity::of)
            }
        }
    }
}

/// Writes `bytes` to `output`.
///
/// # Errors
/// [`Error::Usage`] when the target is an input of this run, a symbolic
/// link to anything but a character device or a FIFO, or another special
/// file, or a path under something that is not a directory; [`Error::Io`]
/// when writing fails (standard output closed, a full disk), but not when
/// the reader of a pipe stopped reading.
pub fn write(output: &Output, bytes: &[u8]) -> Result<(), Error> {
    match output {
        Output::Stdout => write_stdout(bytes),
        Output::Path(path) => write_files(&[(path.clone(), bytes)]),
    }
}

/// Refuses outputs that are inputs of this run (compared by device and
/// inode, or canonical path), before anything is written: a path, or
/// standard output redirected to a file (`>> cv.yaml`).
///
/// # Errors
/// [`Error::Usage`] naming the first output that is an input.
pub fn refuse_inputs<'a>(outputs: impl IntoIterator<Item = &'a Output>) -> Result<(), Error> {
    for output in outputs {
        let (identity, canonical) = match output {
            Output::Stdout => {
                let file = stdout_metadata().filter(std::fs::Metadata::is_file);
                (file.as_ref().and_then(Identity::of), None)
            }
            Output::Path(path) => (
                std::fs::metadata(path).ok().as_ref().and_then(Identity::of),
                path.canonicalize().ok(),
            ),
        };
        if identity.is_none() && canonical.is_none() {
            continue;
        }
        if let Some(input) = gate::inputs().iter().find(|i| i.is(identity, canonical.as_deref())) {
            return Err(is_an_input(output, input));
        }
    }
    Ok(())
}

/// Checks, before anything is rendered, that each output can be written as
/// [`write`] would: no input, no link but to a device or a FIFO, no other
/// special file, and a directory (or a path that can be made one) that
/// cvpdf may write in. Standard output must be open.
///
/// # Errors
/// [`Error::Usage`] for a target that cannot be one; [`Error::Io`] for a
/// closed standard output or a directory cvpdf may not write in.
pub fn check(outputs: &[Output]) -> Result<(), Error> {
    for output in outputs {
        match output {
            Output::Stdout if stdout_closed() => return Err(closed_stdout()),
            Output::Stdout => refuse_inputs([output])?,
            Output::Path(path) => drop(plan(path)?),
        }
    }
    Ok(())
}

/// Whether `path` is something other than a regular file or a directory:
/// a device, a FIFO, a socket or a symbolic link to anything but a
/// directory. A per-page format writes one page into it, as into standard
/// output, never numbered files beside it.
pub fn is_special(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) && !path.is_dir()
}

/// What a file is, in words: `a regular file`, `a FIFO (named pipe)`…
pub fn describe(metadata: &std::fs::Metadata) -> &'static str {
    gate::file_type_name(metadata).unwrap_or("a regular file")
}

fn is_an_input(output: &Output, input: &gate::Input) -> Error {
    let what = match input.kind {
        Kind::Data => "the data file",
        Kind::Letter => "the letter",
        Kind::Layout => "the layout",
        Kind::LayoutFile => "a file the layout reads",
        Kind::Photo => "the photo",
        Kind::Font => "a font",
        Kind::Pdf => "the PDF read",
    };
    let instead = match output {
        Output::Stdout => "send standard output elsewhere",
        Output::Path(_) => "choose another --output",
    };
    Error::Usage(format!(
        "the output {} is {what}, {}: cvpdf never writes over its input, so nothing was written; {instead}",
        output.name(),
        input.name
    ))
}

/// How one target is written.
enum Plan {
    /// Through a temporary file renamed over `target`, with the earlier
    /// file's mode if there was one.
    Replace { target: PathBuf, mode: Option<std::fs::Permissions> },
    /// Straight into a character device or a FIFO.
    InPlace,
}

fn plan(path: &Path) -> Result<Plan, Error> {
    refuse_unresolved(path)?;
    refuse_inputs([&Output::Path(path.to_owned())])?;
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => Some(metadata),
        // A path under a file (`cv.pdf/x.pdf`): said by `check_directory`.
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => None,
        Err(e) => return Err(Error::io("write", path, e)),
    };
    match metadata {
        Some(metadata) if writable_in_place(&metadata) => Ok(Plan::InPlace),
        // A link planted where an output goes (`out/cv.pdf -> ~/.bashrc`)
        // must not lead the write elsewhere, nor be destroyed.
        _ if link => Err(Error::Usage(format!(
            "the output {} is a symbolic link: cvpdf writes through links only to a device or a FIFO (/dev/stdout); give the path of the file itself, or - for standard output",
            path.display()
        ))),
        None => {
            check_directory(path)?;
            Ok(Plan::Replace { target: path.to_owned(), mode: None })
        }
        Some(metadata) => match gate::file_type_name(&metadata) {
            None => {
                check_directory(path)?;
                Ok(Plan::Replace { target: path.to_owned(), mode: Some(metadata.permissions()) })
            }
            Some(what) => Err(Error::Usage(format!(
                "the output {} is {what}: cvpdf writes regular files, or into a character device such as /dev/null or a FIFO",
                path.display()
            ))),
        },
    }
}

/// Writes several files all or nothing: each is staged as a temporary file
/// in its directory (made if needed), and all are renamed into place only
/// when every one is complete ([`commit`]). A failure removes what was
/// staged and the directories made for it.
///
/// # Errors
/// As [`write`]; nothing is written when a target is refused.
pub fn write_files(files: &[(PathBuf, &[u8])]) -> Result<(), Error> {
    let plans: Vec<Plan> = files.iter().map(|(path, _)| plan(path)).collect::<Result<_, _>>()?;
    let mut created = Vec::new();
    let written = stage(files, &plans, &mut created).and_then(|staged| {
        for ((path, bytes), plan) in files.iter().zip(&plans) {
            if let Plan::InPlace = plan {
                write_in_place(path, bytes)?;
            }
        }
        commit(staged)
    });
    if written.is_err() {
        // The temporary files are removed as they drop; then the
        // directories made for them, deepest first.
        for dir in created.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    written
}

fn stage(
    files: &[(PathBuf, &[u8])],
    plans: &[Plan],
    created: &mut Vec<PathBuf>,
) -> Result<Vec<(tempfile::NamedTempFile, PathBuf)>, Error> {
    let mut staged = Vec::new();
    for ((_, bytes), plan) in files.iter().zip(plans) {
        let Plan::Replace { target, mode } = plan else { continue };
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        create_dirs(dir, created).map_err(|e| Error::io("create directory", dir, e))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".cvpdf-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A new file is created as `0666 & !umask`, as any program's;
            // a replaced one gets the earlier file's mode below.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut file = builder
            .tempfile_in(dir)
            .map_err(|e| Error::io("create a temporary file in", dir, e))?;
        // No fsync: the rename is what keeps a failed run from touching the
        // earlier file, and a sync per file would cost more than a render.
        file.write_all(bytes).map_err(|e| Error::io("write", target, e))?;
        if let Some(mode) = mode {
            file.as_file()
                .set_permissions(keep_mode(mode))
                .map_err(|e| Error::io("set the mode of", target, e))?;
        }
        staged.push((file, target.clone()));
    }
    Ok(staged)
}

/// The earlier file's permission bits, without set-user-id and the like.
fn keep_mode(mode: &std::fs::Permissions) -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(mode.mode() & 0o777)
    }
    #[cfg(not(unix))]
    mode.clone()
}

/// Makes `dir` and its missing parents, noting each one made.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut missing = Vec::new();
    let mut current = Some(dir);
    while let Some(d) = current.filter(|d| !d.as_os_str().is_empty()) {
        if std::fs::symlink_metadata(d).is_ok() {
            break;
        }
        missing.push(d.to_owned());
        current = d.parent();
    }
    for d in missing.into_iter().rev() {
        match std::fs::create_dir(&d) {
            Ok(()) => created.push(d),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes into a character device or a FIFO, opened without blocking (a
/// FIFO nobody reads is an error, not a hang) and appending (as a shell's
/// `>>` would, for `/dev/stdout` on a file).
fn write_in_place(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let mut file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ENXIO) {
            return Error::io("write", path, std::io::Error::other("no process reads this FIFO"));
        }
        Error::io("write", path, e)
    })?;
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: `fd` is open for the whole block; F_GETFL and F_SETFL
        // only read and change its status flags.
        let cleared = unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            flags != -1 && libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) != -1
        };
        if !cleared {
            return Err(Error::io("write", path, std::io::Error::last_os_error()));
        }
    }
    file.write_all(bytes).and_then(|()| file.flush()).map_err(|e| Error::io("write", path, e))
}

/// The metadata of the file standard output is.
fn stdout_metadata() -> Option<std::fs::Metadata> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
        std::fs::File::from(fd).metadata().ok()
    }
    #[cfg(not(unix))]
    None
}

/// Whether standard output was closed when cvpdf started. Rust's runtime
/// then opens `/dev/null` in its place, read-write, so that writes would
/// vanish and succeed; a shell's `>/dev/null` opens it write-only.
fn stdout_closed() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        // SAFETY: F_GETFL reads the status flags of descriptor 1, open or not.
        let flags = unsafe { libc::fcntl(1, libc::F_GETFL) };
        if flags == -1 {
            return true;
        }
        if flags & libc::O_ACCMODE != libc::O_RDWR {
            return false;
        }
        match (stdout_metadata(), std::fs::metadata("/dev/null")) {
            (Some(out), Ok(null)) => out.file_type().is_char_device() && out.rdev() == null.rdev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    false
}

fn closed_stdout() -> Error {
    let closed = std::io::Error::other("it is closed: nothing was written");
    Error::io("write", "standard output", closed)
}

/// Writes to standard output, for every command: results, summaries,
/// completions. A reader that stopped reading (`cvpdf layouts | head -1`)
/// took what it wanted, and is no error.
fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    if stdout_closed() {
        return Err(closed_stdout());
    }
    refuse_inputs([&Output::Stdout])?;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        written => written.map_err(|e| Error::io("write", "standard output", e)),
    }
}

/// Makes a write past `ulimit -f` fail with an error (EFBIG), which removes
/// the temporary file, rather than kill the process and leave it behind.
pub fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" at start, before
    // any thread runs, installs no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cv.pdf");
        write_files(&[(path.clone(), b"first")]).unwrap();
        write_files(&[(path.clone(), b"second")]).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn a_failed_set_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("new/sub/a.png");
        // A file where a directory should be: the second target fails.
        std::fs::write(dir.path().join("blocker"), "x").unwrap();
        let bad = dir.path().join("blocker/b.png");
        assert!(write_files(&[(good.clone(), b"a"), (bad, b"b")]).is_err());
        assert!(!dir.path().join("new").exists(), "the directories made are removed");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn modes_are_kept_or_follow_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cv.pdf");
        write_files(&[(path.clone(), b"a")]).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_files(&[(path.clone(), b"b")]).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
