//! The Typst `World` of a render: the layout, the shared library, the CV as
//! JSON, the embedded fonts, a fixed date, and nothing else.
//!
//! There is no package access and no network. A built-in layout reads only
//! virtual files. A user's layout may also read files in its own directory,
//! through the reading gate ([`crate::gate`]): regular files, not hidden,
//! whose canonical path stays in that directory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::diagnostics::{Diagnostic, Error};
use crate::fonts::Fonts;
use crate::gate::{self, Kind, Refusal};
use crate::layouts::{COMMON, COMMON_NAME, LETTER, LETTER_NAME, LIBRARY, Layout};
use crate::model::Moment;

/// Where layouts find the CV: `json("/cv.json")`.
pub const DATA_PATH: &str = "/cv.json";

/// A file of the world, from memory or from disk.
#[derive(Debug, Clone)]
pub enum WorldFile {
    /// Bytes held in memory.
    Memory(Bytes),
    /// The photo, at its canonical path, read on first use through the gate.
    Disk(PathBuf),
}

/// The world one CV is compiled in. Keep it alive between compiles (fitting,
/// watch mode) so that Typst's caches are reused.
pub struct CvWorld {
    library: LazyHash<Library>,
    fonts: Arc<Fonts>,
    files: WorldFiles,
    today: Moment,
}

/// The files of a world: the layout, what it read and their names. A copy
/// taken after a compile locates the diagnostics that come later, an
/// export's, in the same files.
#[derive(Debug)]
pub struct WorldFiles {
    main: FileId,
    /// `/cv.json`.
    data: FileId,
    files: HashMap<FileId, WorldFile>,
    names: HashMap<FileId, String>,
    /// The files in memory that the user wrote: a custom layout, at its
    /// path and at any other the world gives it.
    user: Vec<FileId>,
    /// A user layout's directory, whose files it may read.
    layout_dir: Option<PathBuf>,
    sources: Mutex<HashMap<FileId, Source>>,
    bytes: Mutex<HashMap<FileId, Bytes>>,
}

/// A copy of a map behind a lock.
fn copied<T: Clone>(map: &Mutex<HashMap<FileId, T>>) -> Mutex<HashMap<FileId, T>> {
    Mutex::new(map.lock().unwrap_or_else(PoisonError::into_inner).clone())
}

impl Clone for WorldFiles {
    fn clone(&self) -> Self {
        Self {
            main: self.main,
            data: self.data,
            files: self.files.clone(),
            names: self.names.clone(),
            user: self.user.clone(),
            layout_dir: self.layout_dir.clone(),
            sources: copied(&self.sources),
            bytes: copied(&self.bytes),
        }
    }
}

/// The id of a file at an absolute virtual path.
///
/// # Errors
/// [`Error::Invalid`] for a path Typst cannot hold (with a backslash, or
/// leaving the root), rather than the id of another file.
pub fn file_id(path: &str) -> Result<FileId, Error> {
    let vpath = VirtualPath::new(path).map_err(|e| {
        Error::invalid(Diagnostic::error(format!("`{path}` cannot be a file for Typst: {e}")))
    })?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl CvWorld {
    /// A world for `layout` with the CV `data` (the view as JSON), `extra`
    /// files the view names (a photo, the attached source) at their virtual
    /// paths, and `today` as the date.
    pub fn new(
        fonts: Arc<Fonts>,
        layout: &Layout,
        data: Bytes,
        extra: Vec<(String, WorldFile)>,
        today: Moment,
    ) -> Result<Self, Error> {
        let mut files = HashMap::new();
        let mut names = HashMap::new();
        let mut add = |path: &str, entry: WorldFile, name: String| {
            let id = file_id(path)?;
            files.insert(id, entry);
            names.insert(id, name);
            Ok::<_, Error>(id)
        };
        let data_id = add(
            DATA_PATH,
            WorldFile::Memory(data),
            "cv.json (the CV as the layout sees it)".into(),
        )?;
        let shared = [(COMMON_NAME, COMMON), (LETTER_NAME, LETTER)];
        for (path, source) in shared.into_iter().chain(LIBRARY.iter().copied()) {
            let name = format!("layouts/{path} (built in)");
            add(&format!("/{path}"), WorldFile::Memory(Bytes::from_string(source)), name)?;
        }
        for (vpath, file) in extra {
            let name = match &file {
                WorldFile::Disk(path) => path.display().to_string(),
                WorldFile::Memory(_) => vpath.trim_start_matches('/').to_owned(),
            };
            add(&vpath, file, name)?;
        }
        let (main, layout_dir) = match layout {
            Layout::Builtin(builtin) => {
                let main = add(
                    &format!("/{}.typ", builtin.name),
                    WorldFile::Memory(Bytes::from_string(builtin.source)),
                    format!("layouts/{}.typ (built in)", builtin.name),
                )?;
                (main, None)
            }
            Layout::Custom { path, text } => {
                // Its name in the world, which messages do not show: a
                // backslash, which a Unix file name may hold, is no path.
                let file_name = path
                    .file_name()
                    .map_or("layout.typ".into(), |n| n.to_string_lossy().replace('\\', "_"));
                let main = add(
                    &format!("/{file_name}"),
                    WorldFile::Memory(Bytes::from_string(text.clone())),
                    path.display().to_string(),
                )?;
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                (main, Some(if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir }))
            }
        };
        let user = if layout_dir.is_some() { vec![main] } else { Vec::new() };
        let files = WorldFiles {
            main,
            data: data_id,
            files,
            names,
            user,
            layout_dir,
            sources: Mutex::new(HashMap::new()),
            bytes: Mutex::new(HashMap::new()),
        };
        Ok(Self { library: LazyHash::new(Library::builder().build()), fonts, files, today })
    }

    /// Adds a Typst file in memory at `vpath`, named `name` in messages;
    /// `user` when the user wrote it (a custom layout under another path),
    /// so that its errors are the user's to fix.
    ///
    /// # Errors
    /// As [`file_id`].
    pub fn add_source(
        &mut self,
        vpath: &str,
        text: &str,
        name: String,
        user: bool,
    ) -> Result<(), Error> {
        let id = file_id(vpath)?;
        self.files.files.insert(id, WorldFile::Memory(Bytes::from_string(text.to_owned())));
        self.files.names.insert(id, name);
        if user {
            self.files.user.push(id);
        }
        Ok(())
    }

    /// Compiles the file at `vpath` rather than the layout: another
    /// document, such as a letter, that imports from it.
    ///
    /// # Errors
    /// As [`file_id`].
    pub fn set_main(&mut self, vpath: &str) -> Result<(), Error> {
        self.files.main = file_id(vpath)?;
        Ok(())
    }

    /// Replaces the CV data; the next compile reuses everything else.
    pub fn set_data(&mut self, data: Bytes) {
        let id = self.files.data;
        self.files.files.insert(id, WorldFile::Memory(data));
        self.files.bytes.get_mut().unwrap_or_else(PoisonError::into_inner).remove(&id);
    }

    /// Replaces the files the view names and the date, and forgets what was
    /// read from disk, so that edited files are read again.
    ///
    /// # Errors
    /// As [`file_id`].
    pub fn refresh(&mut self, extra: Vec<(String, WorldFile)>, today: Moment) -> Result<(), Error> {
        for (vpath, file) in extra {
            self.files.files.insert(file_id(&vpath)?, file);
        }
        self.today = today;
        self.files.bytes.get_mut().unwrap_or_else(PoisonError::into_inner).clear();
        Ok(())
    }

    /// The files, to locate diagnostics in.
    pub fn files(&self) -> &WorldFiles {
        &self.files
    }
}

impl WorldFiles {
    /// The name of a file for messages: a user's path, or a built-in name.
    pub fn name(&self, id: FileId) -> String {
        if let Some(name) = self.names.get(&id) {
            return name.clone();
        }
        let vpath = id.get().vpath().get_without_slash().to_owned();
        match &self.layout_dir {
            Some(dir) => dir.join(vpath).display().to_string(),
            None => vpath,
        }
    }

    /// Whether the file is the user's own (a custom layout or its files),
    /// as opposed to a built-in file or the generated data.
    pub fn is_user_file(&self, id: FileId) -> bool {
        match self.files.get(&id) {
            Some(WorldFile::Memory(_)) => self.user.contains(&id),
            Some(WorldFile::Disk(_)) => false,
            None => self.layout_dir.is_some(),
        }
    }

    /// A Typst source file, parsed, as the world gives it.
    ///
    /// # Errors
    ///
    /// Typst's error for a file that cannot be read or is not UTF-8.
    pub fn source(&self, id: FileId) -> FileResult<Source> {
        let bytes = self.read(id)?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        let mut sources = self.sources.lock().map_err(|_| FileError::Other(None))?;
        let source = sources.entry(id).or_insert_with(|| Source::new(id, text.to_owned()));
        if source.text() != text {
            // Reparses only what changed.
            source.replace(text);
        }
        Ok(source.clone())
    }

    /// A file's bytes, as the world gives them.
    ///
    /// # Errors
    ///
    /// Typst's error for a file that cannot be read.
    pub fn read(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.get().root() {
            // The world knows why it refuses; it says so in the error, so that
            // no one has to guess from the message later.
            return Err(FileError::Package(PackageError::Other(Some(
                format!("{spec}: {NO_PACKAGES}").into(),
            ))));
        }
        if let Ok(cache) = self.bytes.lock()
            && let Some(bytes) = cache.get(&id)
        {
            return Ok(bytes.clone());
        }
        let bytes = match self.files.get(&id) {
            Some(WorldFile::Memory(bytes)) => return Ok(bytes.clone()),
            Some(WorldFile::Disk(path)) => {
                gate::read(path, Kind::Photo).map_err(|r| file_error(r, path, None))?
            }
            None => {
                let dir = self.layout_dir.as_ref().ok_or(FileError::AccessDenied)?;
                let path = id.get().vpath().realize(dir).map_err(FileError::Realize)?;
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                gate::read_within(dir, relative, Kind::LayoutFile)
                    .map_err(|r| file_error(r, relative, Some(LAYOUT_READS)))?
            }
        };
        let bytes = Bytes::new(bytes);
        if let Ok(mut cache) = self.bytes.lock() {
            cache.insert(id, bytes.clone());
        }
        Ok(bytes)
    }
}

/// Why a layout has no packages, in the error for `#import "@preview/…"`.
const NO_PACKAGES: &str = "cvpdf works offline and has no packages; `cvpdf eject` writes a \
                           project for stock typst, which has them";

/// What a layout may read, in the error for each file it may not.
const LAYOUT_READS: &str = "a layout can read only regular files in its own directory, where \
                            paths start even with a leading /; none hidden, such as `.env` or \
                            `.git/…`; up to 32 MB each";

/// Typst's error for a file the gate refused: which file, why, and the
/// rule for files of its kind, if there is one to tell.
fn file_error(refusal: Refusal, path: &Path, rule: Option<&str>) -> FileError {
    let why = match refusal {
        Refusal::Outside => {
            "it leads outside the layout's directory, through a symbolic link".into()
        }
        other => other.to_string(),
    };
    let rule = rule.map(|rule| format!("; {rule}")).unwrap_or_default();
    FileError::Other(Some(format!("{}: {why}{rule}", path.display()).into()))
}

impl World for CvWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.files.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.files.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        // Without an offset Typst asks for the local date; the data's date
        // is in UTC and no time zone may change the output.
        let hours = offset.map_or(0, |d| d.hours().round() as i64);
        let moment = Moment::from_unix_seconds(self.today.unix_seconds() + hours * 3600)?;
        Datetime::from_ymd(i32::from(moment.year), moment.month, moment.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_typst_cannot_hold_is_an_error_not_the_root() {
        assert!(file_id("/photo.png").is_ok());
        for bad in ["/a\\b.typ", "/../escape.typ"] {
            let error = file_id(bad).unwrap_err().to_string();
            assert!(error.contains("cannot be a file for Typst"), "{bad}: {error}");
        }
    }
}
