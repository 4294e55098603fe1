//! The reading gate: every file cvpdf reads goes through [`read`] (a file
//! the user named), [`read_within`] (a file a data file or a layout names,
//! inside its directory) or [`read_source`] (a data file, or standard
//! input).
//!
//! The gate reads regular files only (a FIFO, a device, a socket or a
//! directory is refused before it is opened, and opening never blocks), at
//! most a size limit plus one byte, and records every file it read in a
//! run-wide list of inputs: outputs are refused when they are one of them
//! ([`crate::output`]), and watch mode watches them ([`crate::watch`]).

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Error};

pub mod missing;
mod within;

pub use within::{read_within, within};

/// Where a CV comes from: a file, or standard input (`--data -`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// Standard input, read once.
    Stdin,
    /// A file, as the user wrote its path.
    File(PathBuf),
}

/// The data files looked for, in this order, when `--data` is not given:
/// the `cv.yaml` that `cvpdf init` writes, then the repository's own.
pub const DEFAULT_DATA: [&str; 2] = ["cv.yaml", "data/cv.yaml"];

/// Where the data is looked for without `--data`, in words.
pub fn default_rule() -> String {
    format!(
        "without --data, cvpdf reads {} in the current directory, else {}",
        DEFAULT_DATA[0], DEFAULT_DATA[1]
    )
}

impl Source {
    /// The data named on the command line, or when none was given, the
    /// first of [`DEFAULT_DATA`] that exists in the current directory (a
    /// directory of that name does not count). The flag says whether it
    /// was looked for.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming every place looked at, when none exists,
    /// with `cvpdf init` and `--data` as ways out.
    pub fn given_or_default(given: Option<&Source>) -> Result<(Source, bool), Error> {
        if let Some(given) = given {
            return Ok((given.clone(), false));
        }
        let exists = |path: &&&str| std::fs::metadata(path).is_ok_and(|m| !m.is_dir());
        match DEFAULT_DATA.iter().find(exists) {
            Some(path) => Ok((Self::File(PathBuf::from(path)), true)),
            None => Err(Error::invalid(
                Diagnostic::error(format!("there is no CV at {}", DEFAULT_DATA.join(" or ")))
                    .with_hint(
                        "write a starter cv.yaml with `cvpdf init`, or name your CV with --data FILE",
                    )
                    .with_note(default_rule()),
            )),
        }
    }

    /// The name messages give it: the path as written, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Self::Stdin => "<stdin>".into(),
            Self::File(path) => path.display().to_string(),
        }
    }

    /// The file's path, if it is a file.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Stdin => None,
            Self::File(path) => Some(path),
        }
    }

    /// The path the rest of the pipeline takes the data's directory (for
    /// the photo) and file name (for `--embed-source`) from: the file's, or
    /// for standard input `cv.json` or `cv.yaml` in the current directory,
    /// after the content.
    pub fn data_path(&self, bytes: &[u8]) -> PathBuf {
        match self {
            Self::File(path) => path.clone(),
            Self::Stdin => {
                let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                let first = text.iter().find(|b| !b.is_ascii_whitespace());
                PathBuf::from(if matches!(first, Some(b'{')) { "cv.json" } else { "cv.yaml" })
            }
        }
    }
}

/// What a file is to cvpdf, which sets its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A CV.
    Data,
    /// A cover letter, or an application.
    Letter,
    /// A custom layout's `.typ` file.
    Layout,
    /// A file a custom layout reads (`read`, `image`, `json`, `import`).
    LayoutFile,
    /// The photo `basics.image` names.
    Photo,
    /// A font under `--font-path`.
    Font,
    /// The PDF `cvpdf extract` reads.
    Pdf,
}

const MB: u64 = 1024 * 1024;

/// The largest data file (a CV, a letter or an application), in bytes:
/// 2 MiB. A CV is a few kilobytes; anything near this is a mistake, such as
/// the wrong file.
pub const MAX_DATA_BYTES: usize = 2 * 1024 * 1024;

/// The largest photo file, in bytes: 20 MiB.
pub const MAX_PHOTO_BYTES: u64 = 20 * MB;

/// The largest PDF `extract` reads, in bytes: 100 MiB.
pub const MAX_PDF_BYTES: u64 = 100 * MB;

impl Kind {
    /// The most bytes a file of this kind may hold.
    pub fn limit(self) -> u64 {
        match self {
            Self::Data | Self::Letter => MAX_DATA_BYTES as u64,
            // A layout and the files it reads.
            Self::Layout | Self::LayoutFile => 32 * MB,
            Self::Photo => MAX_PHOTO_BYTES,
            // A CJK collection with every weight is over 100 MB.
            Self::Font => 256 * MB,
            Self::Pdf => MAX_PDF_BYTES,
        }
    }
}

/// Why the gate refused to read a file.
#[derive(Debug)]
pub enum Refusal {
    /// There is no such file.
    NotFound,
    /// Its canonical path (links followed) leaves the allowed directory.
    Outside,
    /// It is, or lies in, a hidden file or directory under the allowed one.
    Hidden(String),
    /// It is not a regular file: what it is instead.
    NotRegular(&'static str),
    /// It holds more than the limit, in bytes; its size when known.
    TooLarge { limit: u64, size: Option<u64> },
    /// Reading failed.
    Io(std::io::Error),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("there is no such file"),
            Self::Outside => f.write_str("it leads outside the allowed directory"),
            Self::Hidden(name) => write!(f, "`{name}` is hidden, and hidden files are not read"),
            Self::NotRegular(what) => write!(f, "it is {what}, not a regular file"),
            Self::TooLarge { limit, size: Some(size) } => {
                write!(
                    f,
                    "it holds {}, more than the {} allowed",
                    megabytes(*size),
                    megabytes(*limit)
                )
            }
            Self::TooLarge { limit, size: None } => {
                write!(f, "it holds more than the {} allowed", megabytes(*limit))
            }
            Self::Io(error) => write!(f, "{error}"),
        }
    }
}

/// `2.1 MB` for a byte count.
pub fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / MB as f64;
    if mb >= 10.0 || mb.fract() == 0.0 { format!("{mb:.0} MB") } else { format!("{mb:.1} MB") }
}

impl Refusal {
    /// The error for a file the user named that was refused: an I/O error
    /// (exit code 1) for an unreadable file, else an input error saying
    /// why, with a hint; for a missing file, the way out ([`missing`]).
    pub fn into_error(self, what: &str, path: &Path) -> Error {
        let hint = match &self {
            Self::NotFound => missing::hint(path),
            Self::Outside | Self::Hidden(_) => {
                "keep the files it needs in its own directory".into()
            }
            Self::NotRegular(_) => "give the path of a regular file".into(),
            Self::TooLarge { .. } => "is this the right file?".into(),
            Self::Io(_) => String::new(),
        };
        match self {
            Self::Io(source) => Error::Io { action: "read", path: path.to_owned(), source },
            refusal => Error::invalid(
                Diagnostic::error(format!("cannot read {what} {}: {refusal}", path.display()))
                    .with_hint(hint),
            ),
        }
    }

    fn from_io(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::NotFound { Self::NotFound } else { Self::Io(error) }
    }
}

/// Which file a path is, whatever its spelling: device and inode on Unix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Identity {
    device: u64,
    inode: u64,
}

impl Identity {
    /// The identity of a file from its metadata (none off Unix).
    pub fn of(metadata: &std::fs::Metadata) -> Option<Self> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Self { device: metadata.dev(), inode: metadata.ino() })
        }
        #[cfg(not(unix))]
        {
            let _ = metadata;
            None
        }
    }
}

/// A file read during this run.
#[derive(Debug, Clone)]
pub struct Input {
    /// What it is.
    pub kind: Kind,
    /// Its canonical path, unless it came from standard input.
    pub path: Option<PathBuf>,
    /// Its identity when it was read.
    pub identity: Option<Identity>,
    /// Its name in messages.
    pub name: String,
}

impl Input {
    /// Whether `identity` (a file at canonical path `canonical`) is this
    /// input as it is now: a file replaced since it was read is compared as
    /// it is now, so that its old inode number, reused, matches nothing.
    pub fn is(&self, identity: Option<Identity>, canonical: Option<&Path>) -> bool {
        let now = match &self.path {
            Some(path) => match std::fs::metadata(path) {
                Ok(metadata) => Identity::of(&metadata),
                Err(_) => return false,
            },
            None => self.identity,
        };
        (identity.is_some() && identity == now)
            || canonical.is_some_and(|c| self.path.as_deref() == Some(c))
    }
}

/// Every file read in this run, once each, by canonical path.
static INPUTS: Mutex<Vec<Input>> = Mutex::new(Vec::new());

fn record(input: Input) {
    if let Ok(mut inputs) = INPUTS.lock() {
        match inputs.iter_mut().find(|i| i.path.is_some() && i.path == input.path) {
            Some(known) => *known = input,
            None => inputs.push(input),
        }
    }
}

/// The files read so far in this run.
pub fn inputs() -> Vec<Input> {
    INPUTS.lock().map(|inputs| inputs.clone()).unwrap_or_default()
}

/// Records a file as an input without reading it: a photo a data file
/// names, known before anything is rendered. A file that is not there is
/// no input.
pub fn note(path: &Path, kind: Kind) {
    if let Ok(canonical) = path.canonicalize()
        && let Ok(metadata) = std::fs::metadata(&canonical)
    {
        let name = path.display().to_string();
        record(Input { kind, identity: Identity::of(&metadata), path: Some(canonical), name });
    }
}

/// Reads a file the user named (on the command line, or a font under a
/// `--font-path` directory): anywhere, but a regular file within `kind`'s
/// size limit.
///
/// # Errors
/// A [`Refusal`] saying why it was not read.
pub fn read(path: &Path, kind: Kind) -> Result<Vec<u8>, Refusal> {
    let canonical = path.canonicalize().map_err(|error| {
        // `/dev/stdin` on a pipe has no canonical path, but is a FIFO.
        match std::fs::metadata(path).ok().as_ref().and_then(file_type_name) {
            Some(what) => Refusal::NotRegular(what),
            None => Refusal::from_io(error),
        }
    })?;
    read_canonical(&canonical, kind, path.display().to_string())
}

/// Reads a data source: a file the user named, or standard input.
///
/// # Errors
/// A [`Refusal`] saying why it was not read.
pub fn read_source(source: &Source, kind: Kind) -> Result<Vec<u8>, Refusal> {
    match source {
        Source::File(path) => read(path, kind),
        Source::Stdin => read_stdin(kind),
    }
}

/// Standard input, read once: later calls get the same bytes.
static STDIN: Mutex<Option<Vec<u8>>> = Mutex::new(None);

fn read_stdin(kind: Kind) -> Result<Vec<u8>, Refusal> {
    let limit = kind.limit();
    let mut cached = STDIN.lock().map_err(|_| Refusal::Io(std::io::Error::other("poisoned")))?;
    if cached.is_none() {
        let mut bytes = Vec::new();
        std::io::stdin().lock().take(limit + 1).read_to_end(&mut bytes).map_err(Refusal::Io)?;
        record_stdin(kind);
        *cached = Some(bytes);
    }
    let bytes = cached.clone().unwrap_or_default();
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge { limit, size: None });
    }
    Ok(bytes)
}

/// Standard input redirected from a file (`< cv.yaml`) is that file.
fn record_stdin(kind: Kind) {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() else { return };
        let Ok(metadata) = std::fs::File::from(fd).metadata() else { return };
        if metadata.is_file() {
            let path = std::fs::read_link("/proc/self/fd/0").ok().filter(|p| p.is_absolute());
            let name = "<stdin>".to_owned();
            record(Input { kind, path, identity: Identity::of(&metadata), name });
        }
    }
    #[cfg(not(unix))]
    let _ = kind;
}

/// What a file that is not a regular file is.
pub fn file_type_name(metadata: &std::fs::Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// Reads a canonical path: a regular file, checked before opening and
/// again once open (it may have been swapped), opened without blocking (a
/// FIFO swapped in cannot hang) and read up to the limit plus one byte.
fn read_canonical(canonical: &Path, kind: Kind, name: String) -> Result<Vec<u8>, Refusal> {
    let limit = kind.limit();
    let metadata = std::fs::metadata(canonical).map_err(Refusal::from_io)?;
    if let Some(what) = file_type_name(&metadata) {
        return Err(Refusal::NotRegular(what));
    }
    if metadata.len() > limit {
        return Err(Refusal::TooLarge { limit, size: Some(metadata.len()) });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY);
    }
    let file = options.open(canonical).map_err(Refusal::from_io)?;
    let opened = file.metadata().map_err(Refusal::Io)?;
    if let Some(what) = file_type_name(&opened) {
        return Err(Refusal::NotRegular(what));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize + 1);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge { limit, size: None });
    }
    let identity = Identity::of(&opened);
    record(Input { kind, path: Some(canonical.to_owned()), identity, name });
    Ok(bytes)
}

#[cfg(test)]
mod tests;
