//! The fonts a layout can use: those embedded from `fonts/`, plus those of
//! `--font-path` directories, plus the machine's own with `--system-fonts`.
//! System fonts are never read otherwise.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;

use crate::diagnostics::{Diagnostic, Error};
use crate::gate::{self, Kind};
use crate::model::{DataPath, Loaded};

/// A Noto font of `fonts/noto/`, by its file name.
macro_rules! noto {
    ($file:literal) => {
        (concat!("noto/", $file), include_bytes!(concat!("../fonts/noto/", $file)))
    };
}

/// The embedded font files, by their path under `fonts/`: Latin, Greek and
/// Cyrillic families for the layouts, and Noto for the scripts they lack
/// (Arabic, Hebrew, Devanagari, Thai), which Typst falls back to.
pub const EMBEDDED: &[(&str, &[u8])] = &[
    ("inter/Inter-Regular.otf", include_bytes!("../fonts/inter/Inter-Regular.otf")),
    ("inter/Inter-Italic.otf", include_bytes!("../fonts/inter/Inter-Italic.otf")),
    ("inter/Inter-SemiBold.otf", include_bytes!("../fonts/inter/Inter-SemiBold.otf")),
    ("inter/Inter-Bold.otf", include_bytes!("../fonts/inter/Inter-Bold.otf")),
    ("inter/Inter-BoldItalic.otf", include_bytes!("../fonts/inter/Inter-BoldItalic.otf")),
    (
        "libertinus-serif/LibertinusSerif-Regular.otf",
        include_bytes!("../fonts/libertinus-serif/LibertinusSerif-Regular.otf"),
    ),
    (
        "libertinus-serif/LibertinusSerif-Italic.otf",
        include_bytes!("../fonts/libertinus-serif/LibertinusSerif-Italic.otf"),
    ),
    (
        "libertinus-serif/LibertinusSerif-Semibold.otf",
        include_bytes!("../fonts/libertinus-serif/LibertinusSerif-Semibold.otf"),
    ),
    (
        "libertinus-serif/LibertinusSerif-Bold.otf",
        include_bytes!("../fonts/libertinus-serif/LibertinusSerif-Bold.otf"),
    ),
    (
        "libertinus-serif/LibertinusSerif-BoldItalic.otf",
        include_bytes!("../fonts/libertinus-serif/LibertinusSerif-BoldItalic.otf"),
    ),
    (
        "comic-neue/ComicNeue-Regular.otf",
        include_bytes!("../fonts/comic-neue/ComicNeue-Regular.otf"),
    ),
    ("comic-neue/ComicNeue-Bold.otf", include_bytes!("../fonts/comic-neue/ComicNeue-Bold.otf")),
    ("comic-neue/ComicNeue-Italic.otf", include_bytes!("../fonts/comic-neue/ComicNeue-Italic.otf")),
    ("fira-code/FiraCode-Regular.ttf", include_bytes!("../fonts/fira-code/FiraCode-Regular.ttf")),
    noto!("NotoNaskhArabic-Regular.ttf"),
    noto!("NotoNaskhArabic-Bold.ttf"),
    noto!("NotoSansHebrew-Regular.ttf"),
    noto!("NotoSansHebrew-Bold.ttf"),
    noto!("NotoSansDevanagari-Regular.ttf"),
    noto!("NotoSansDevanagari-Bold.ttf"),
    noto!("NotoSansThai-Regular.ttf"),
    noto!("NotoSansThai-Bold.ttf"),
];

/// The descriptions Typst reads of the embedded fonts: for each file of
/// [`EMBEDDED`], in order, its faces' [`FontInfo`]s, as JSON, one file a
/// line. Reading them costs a tenth of parsing each face's tables at start
/// (8 M instructions, more than laying out a page). A test checks them
/// against the fonts; `CVPDF_BLESS=1 cargo test --lib fonts` writes them.
const EMBEDDED_INFOS: &str = include_str!("../fonts/infos.json");

/// The faces of each embedded file, from [`EMBEDDED_INFOS`], or read from
/// the files if it does not describe them all (which a test prevents).
fn embedded_infos() -> Vec<Vec<FontInfo>> {
    serde_json::from_str::<Vec<Vec<FontInfo>>>(EMBEDDED_INFOS)
        .ok()
        .filter(|infos| infos.len() == EMBEDDED.len())
        .unwrap_or_else(|| {
            EMBEDDED.iter().map(|(_, data)| FontInfo::iter(data).collect()).collect()
        })
}

/// The licence of each embedded family, by its path under `fonts/`.
pub const EMBEDDED_LICENCES: &[(&str, &str)] = &[
    ("inter/OFL.txt", include_str!("../fonts/inter/OFL.txt")),
    ("libertinus-serif/OFL.txt", include_str!("../fonts/libertinus-serif/OFL.txt")),
    ("comic-neue/OFL.txt", include_str!("../fonts/comic-neue/OFL.txt")),
    ("fira-code/OFL.txt", include_str!("../fonts/fira-code/OFL.txt")),
    ("noto/OFL.txt", include_str!("../fonts/noto/OFL.txt")),
];

/// The most directories a `--font-path` walk visits: a font directory
/// holds a few dozen; more means the path is wrong (`/`, `/proc/self`).
const MAX_FONT_DIRS: usize = 1_000;

/// The most bytes of fonts read from `--font-path` directories together: a
/// family with its CJK and emoji fonts is a few hundred megabytes; each file
/// is also at most 256 MB (the gate's limit).
pub const MAX_FONT_BYTES: u64 = 1 << 30;

/// The font files (TTF, OTF and collections) under `dirs`, recursively and
/// sorted, so that the same fonts give the same book everywhere.
///
/// Symbolic links are followed, but each directory is visited once, so a
/// link loop (`a -> .`) ends, and each file once (by device and inode), so
/// that hard and symbolic links to one big font do not multiply it; hidden
/// entries, and entries that are not directories or regular files (FIFOs,
/// devices, sockets), are skipped without being opened.
///
/// # Errors
/// [`Error::Usage`] when a path is not a directory, holds more than 1,000
/// directories, or more than [`MAX_FONT_BYTES`] of fonts.
pub fn font_files(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut paths = Vec::new();
    let mut seen = HashSet::new();
    for dir in dirs {
        if !dir.exists() {
            let hint = crate::gate::missing::dir_hint(dir);
            return Err(Error::Usage(format!(
                "--font-path {}: no such directory; {hint}",
                dir.display()
            )));
        }
        if !dir.is_dir() {
            return Err(Error::Usage(format!("--font-path {}: not a directory", dir.display())));
        }
        let mut pending = vec![dir.clone()];
        while let Some(current) = pending.pop() {
            let Ok(canonical) = current.canonicalize() else { continue };
            if !seen.insert(canonical) {
                continue;
            }
            if seen.len() > MAX_FONT_DIRS {
                return Err(Error::Usage(format!(
                    "--font-path {}: more than {MAX_FONT_DIRS} directories under it; give the directory that holds the fonts",
                    dir.display()
                )));
            }
            collect_font_files(&current, &mut pending, &mut paths);
        }
    }
    paths.sort();
    paths.dedup();
    let (mut files, mut total) = (HashSet::new(), 0u64);
    paths.retain(|path| {
        let Ok(metadata) = std::fs::metadata(path) else { return true };
        total = total.saturating_add(metadata.len());
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if !files.insert((metadata.dev(), metadata.ino())) {
                total -= metadata.len();
                return false;
            }
        }
        #[cfg(not(unix))]
        files.insert(());
        true
    });
    if total > MAX_FONT_BYTES {
        return Err(Error::Usage(format!(
            "--font-path: {} MB of fonts, more than the {} MB read at most; give the directories that hold the fonts the CV needs",
            total >> 20,
            MAX_FONT_BYTES >> 20
        )));
    }
    Ok(paths)
}

/// The font files of one directory, and its subdirectories to visit.
fn collect_font_files(dir: &Path, pending: &mut Vec<PathBuf>, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(metadata) = std::fs::metadata(&path) else { continue };
        if metadata.is_dir() {
            pending.push(path);
        } else if metadata.is_file()
            && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc")
            })
        {
            out.push(path);
        }
    }
}

/// A font face, loaded on first use.
#[derive(Debug)]
struct Slot {
    source: Source,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// Where a face's file is.
#[derive(Debug)]
enum Source {
    /// Embedded, or read from `--font-path` at start.
    Bytes(Bytes),
    /// A system font, read through the gate when a document first uses it.
    System(PathBuf),
}

impl Slot {
    fn load(&self) -> Option<Font> {
        let data = match &self.source {
            Source::Bytes(data) => data.clone(),
            Source::System(path) => Bytes::new(gate::read(path, Kind::Font).ok()?),
        };
        Font::new(data, self.index)
    }
}

/// Every usable font face, and the book that describes them to Typst.
///
/// Built once per process and shared by every compile: each face's metadata
/// is read at start, its outlines only when a document uses it.
#[derive(Debug)]
pub struct Fonts {
    book: LazyHash<FontBook>,
    infos: Vec<FontInfo>,
    slots: Vec<Slot>,
    user: Vec<(PathBuf, Bytes)>,
    requests: AtomicUsize,
    /// Whether the machine's fonts were searched (`--system-fonts`).
    system: bool,
    /// The `--font-path` directories in which no font file had a face.
    fruitless: Vec<PathBuf>,
}

impl Fonts {
    /// The embedded fonts, those found under `dirs`, each read through the
    /// gate (a regular file of at most 256 MB), and with `system` the
    /// machine's fonts, found by typst-kit's search (fontconfig's
    /// directories on Linux, the system's on macOS and Windows).
    ///
    /// Faces come in that order, so an embedded family wins over a system
    /// font of the same name, and system faces are sorted by path, so that
    /// the same fonts give the same book, and the same PDF, everywhere.
    ///
    /// # Errors
    /// As [`font_files`], and an input error for a font file that cannot
    /// be read.
    pub fn new(dirs: &[PathBuf], system: bool) -> Result<Self, Error> {
        let mut files: Vec<(Bytes, Vec<FontInfo>)> =
            EMBEDDED.iter().map(|(_, data)| Bytes::new(*data)).zip(embedded_infos()).collect();
        let mut user = Vec::new();
        // The directories that gave a font, so far.
        let mut fruitful: Vec<&PathBuf> = Vec::new();
        for path in font_files(dirs)? {
            let data = gate::read(&path, Kind::Font)
                .map_err(|refusal| refusal.into_error("the font", &path))?;
            let data = Bytes::new(data);
            let faces: Vec<FontInfo> = FontInfo::iter(&data).collect();
            if !faces.is_empty() {
                fruitful.extend(dirs.iter().filter(|dir| path.starts_with(dir)));
            }
            files.push((data.clone(), faces));
            user.push((path, data));
        }
        let mut infos = Vec::new();
        let mut slots = Vec::new();
        for (data, faces) in files {
            for (index, info) in faces.into_iter().enumerate() {
                infos.push(info);
                let source = Source::Bytes(data.clone());
                slots.push(Slot { source, index: index as u32, font: OnceLock::new() });
            }
        }
        if system {
            let mut found: Vec<_> = typst_kit::fonts::system().collect();
            found.sort_by(|(a, _), (b, _)| (&a.path, a.index).cmp(&(&b.path, b.index)));
            for (path, info) in found {
                infos.push(info);
                let source = Source::System(path.path);
                slots.push(Slot { source, index: path.index, font: OnceLock::new() });
            }
        }
        let book = LazyHash::new(FontBook::from_infos(infos.iter().cloned()));
        let fruitless = dirs.iter().filter(|dir| !fruitful.contains(dir)).cloned().collect();
        let requests = AtomicUsize::new(0);
        Ok(Self { book, infos, slots, user, requests, system, fruitless })
    }

    /// A warning for each `--font-path` directory that gave no font: empty,
    /// or holding only files that are no font.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        (self.fruitless.iter())
            .map(|dir| {
                Diagnostic::warning(format!(
                    "--font-path {}: no font there; it adds nothing",
                    dir.display()
                ))
                .with_hint(
                    "give the directory that holds the .ttf, .otf, .ttc or .otc files (it is \
                     searched with its subdirectories)",
                )
            })
            .collect()
    }

    /// The files read from `--font-path` directories, with their bytes.
    pub fn user_files(&self) -> &[(PathBuf, Bytes)] {
        &self.user
    }

    /// The book Typst picks fonts from.
    pub fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// The face at `index` of the book, parsed on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let slot = self.slots.get(index)?;
        slot.font.get_or_init(|| slot.load()).clone()
    }

    /// How many faces were asked for so far. Typst asks while it shapes
    /// text, and not for what it reuses from its cache, so the count tells
    /// how much a compile laid out again.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// The families of every face, sorted, each once.
    pub fn families(&self) -> Vec<&str> {
        let mut families: Vec<&str> = self.infos.iter().map(|i| i.family.as_str()).collect();
        families.sort_unstable();
        families.dedup();
        families
    }

    /// Checks that a face has each `design.fonts` family. Typst matches
    /// families ignoring case.
    ///
    /// # Errors
    /// [`Error::Invalid`] with one error for each family that no face has,
    /// at its value, listing those there are.
    pub fn check_design(&self, loaded: &Loaded) -> Result<(), Error> {
        let fonts = &loaded.cv.design.fonts;
        let families = self.families();
        let path = DataPath::default().key("design").key("fonts");
        let unknown = [("heading", &fonts.heading), ("body", &fonts.body)]
            .into_iter()
            .filter_map(|(key, family)| Some((key, family.as_deref()?.trim())))
            .filter(|(_, family)| {
                !family.is_empty() && !families.iter().any(|f| f.eq_ignore_ascii_case(family))
            })
            .map(|(key, family)| {
                let path = path.key(key);
                Diagnostic::error(format!(
                    "`{}`: no font of the family `{family}`",
                    loaded.map.as_written(&path)
                ))
                .at_location(loaded.map.locate(&path))
                .with_hint(crate::model::one_of(family, &families))
                .with_hint(match self.system {
                    false => {
                        "for a font installed on this machine, render with --system-fonts; for \
                         font files, pass their directory with --font-path DIR"
                    }
                    true => {
                        "for font files not installed on this machine, pass their directory \
                         with --font-path DIR"
                    }
                })
            })
            .collect::<Vec<_>>();
        if unknown.is_empty() { Ok(()) } else { Err(Error::Invalid(unknown)) }
    }

    /// Whether any face can draw `c`.
    pub fn covers(&self, c: char) -> bool {
        self.infos.iter().any(|info| info.coverage.contains(c as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_families_are_all_there() {
        let fonts = Fonts::new(&[], false).unwrap();
        let families: Vec<String> = fonts.infos.iter().map(|i| i.family.clone()).collect();
        let noto =
            ["Noto Naskh Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Sans Thai"];
        for family in ["Inter", "Libertinus Serif", "Comic Neue", "Fira Code"].iter().chain(&noto) {
            assert!(families.iter().any(|f| f == family), "{family} missing from {families:?}");
        }
        assert!(fonts.font(0).is_some());
        assert!(fonts.covers('é') && fonts.covers('«') && !fonts.covers('\u{4E2D}'));
        assert!(
            ['ب', 'پ', 'א', 'ह', 'ก'].iter().all(|&c| fonts.covers(c)),
            "Arabic, Persian, Hebrew, Hindi, Thai"
        );
    }

    #[test]
    fn embedded_infos_describe_the_embedded_fonts() {
        let read: Vec<Vec<FontInfo>> =
            EMBEDDED.iter().map(|(_, data)| FontInfo::iter(data).collect()).collect();
        let lines: Vec<String> =
            read.iter().map(|faces| serde_json::to_string(faces).unwrap()).collect();
        let json = format!("[\n{}\n]\n", lines.join(",\n"));
        if std::env::var_os("CVPDF_BLESS").is_some() {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/infos.json"), &json)
                .unwrap();
        }
        let stored: Vec<Vec<FontInfo>> = serde_json::from_str(EMBEDDED_INFOS).unwrap();
        assert!(
            stored == read,
            "fonts/infos.json is out of date: `CVPDF_BLESS=1 cargo test --lib fonts`"
        );
        assert_eq!(embedded_infos(), read);
    }

    #[test]
    fn font_path_must_be_a_directory() {
        assert!(matches!(
            Fonts::new(&[PathBuf::from("/nonexistent")], false),
            Err(Error::Usage(_))
        ));
    }
}
