//! `cvpdf apply`: one build per job application. An application is a
//! letter ([`crate::letter`]) whose front matter also tailors the CV sent
//! with it (`tags`, `lang`, `layout`, `max-pages`, `paper`, `cv`); both go
//! into `out/<application>/` under the names people send, all or nothing.
//! A directory of applications builds them all in parallel, one failure
//! leaving the others built.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::diagnostics::{Diagnostic, Error};
use crate::gate::{self, Kind, Source};
use crate::layouts::Layout;
use crate::letter::{self, Letter};
use crate::model::Loaded;
use crate::output::{self, Output};
use crate::pipeline::{self, Settings};
use crate::render::Format;
use crate::run::{DocumentKind, RunConfig};
use crate::timings::Timings;

mod combined;
mod names;

pub use names::{DEFAULT_NAMES, file_name, is_valid as names_are_distinct};

/// What `cvpdf apply` was asked, besides each application's front matter.
#[derive(Debug, Clone)]
pub struct Request {
    /// `--data`: the CV, when the front matter names none.
    pub data: Option<Source>,
    /// `--layout`: the layout, when the front matter names none.
    pub layout: String,
    /// `-o`: the directory that gets one directory per application.
    pub output: PathBuf,
    /// `--combined`: also one PDF, the letter then the CV.
    pub combined: bool,
    /// `--names`: the pattern of the files' names.
    pub names: String,
}

/// What one application made.
#[derive(Debug)]
pub struct Done {
    /// The files written.
    pub written: Vec<Output>,
    /// The pages of the letter and of the CV (none for text).
    pub pages: Option<(usize, usize)>,
    /// Warnings of the letter and the CV.
    pub warnings: Vec<Diagnostic>,
    /// What fitting gave up: for the letter, then for the CV.
    pub fitted: (Vec<String>, Vec<String>),
    /// How long each step took.
    pub timings: Timings,
}

/// The applications `path` names: the file, or every `.md` file of the
/// directory, sorted.
///
/// # Errors
/// A path that does not exist, a directory with no `.md` file.
pub fn applications(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| Error::io("read directory", path, e))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Usage(format!("{} has no .md application to build", path.display())));
    }
    Ok(files)
}

/// Builds every application, in parallel, calling `report` as each ends.
pub fn build_all(
    applications: &[PathBuf],
    request: &Request,
    config: &RunConfig,
    report: &(dyn Fn(&Path, &Result<Done, Error>) + Sync),
) -> Vec<Result<Done, Error>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Done, Error>>>> =
        Mutex::new(applications.iter().map(|_| None).collect());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(applications.len()) {
            scope.spawn(|| {
                while let Some(path) = applications.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let result = build(path, request, config);
                    // Each application is a CV and a letter of its own.
                    comemo::evict(4);
                    report(path, &result);
                    let slot = applications.iter().position(|p| p == path).unwrap_or(0);
                    results.lock().unwrap_or_else(PoisonError::into_inner)[slot] = Some(result);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(PoisonError::into_inner);
    results.into_iter().map(|r| r.unwrap_or(Err(Error::Reported(1)))).collect()
}

/// An application read: the letter, its CV, and the layout and settings its
/// front matter makes.
struct Prepared {
    letter: Letter,
    cv: Loaded,
    cv_path: PathBuf,
    layout: Layout,
    settings: Settings,
}

/// Builds one application: reads the letter and its CV, renders both (and
/// the two in one PDF for `--combined`), and writes them all or none.
///
/// # Errors
/// The letter's, the CV's and the layout's errors, a letter too long for
/// its page limit, and the writing path's.
pub fn build(path: &Path, request: &Request, config: &RunConfig) -> Result<Done, Error> {
    let mut timings = Timings::default();
    let app = timings.time("load", || prepare(path, request, &config.settings))?;
    let (cv, cv_path) = (&app.cv, app.cv_path.as_path());
    let words = crate::letter::words::for_lang(&letter_lang(&app.letter, cv, &app.settings))
        .unwrap_or_else(crate::letter::words::english);
    let name = cv.cv.basics.name.as_ref().map_or("", |n| n.resolve(words.lang, cv.cv.lang()).0);
    let dir = request.output.join(stem(path));
    let named = |document: &str| {
        let extension = config.format.extension();
        dir.join(file_name(&request.names, name, document, &stem(path), extension))
    };
    let document = |kind| match kind {
        DocumentKind::Cv => named("CV"),
        DocumentKind::Letter => named(words.letter),
    };
    if config.format == Format::Txt {
        return text(&app, document(DocumentKind::Letter), document(DocumentKind::Cv));
    }
    let (fonts, export) = (&config.fonts, &config.export);
    let (layout, settings) = (&app.layout, &app.settings);
    let cv_rendered = pipeline::render(fonts, cv, cv_path, layout, settings)?;
    // A letter keeps its own page limit.
    let letter_settings = Settings { max_pages: None, ..settings.clone() };
    let letter_rendered =
        letter::render::render(fonts, &app.letter, cv, cv_path, layout, &letter_settings)?;
    let mut files = vec![
        (document(DocumentKind::Letter), letter_rendered.rendered.export(Format::Pdf, export)?),
        (document(DocumentKind::Cv), cv_rendered.export(Format::Pdf, export)?),
    ];
    if request.combined {
        let both =
            combined::render(fonts, &letter_rendered, &cv_rendered, cv, cv_path, layout, settings)?;
        files.push((named(words.application), both.export(Format::Pdf, export)?));
    }
    let written = write(&files)?;
    let mut warnings = letter_rendered.rendered.warnings.clone();
    warnings.extend(cv_rendered.warnings.iter().cloned());
    timings.0.extend(letter_rendered.rendered.timings.0.iter().cloned());
    Ok(Done {
        written,
        pages: Some((letter_rendered.rendered.pages(), cv_rendered.pages())),
        warnings,
        fitted: (letter_rendered.rendered.fitted.clone(), cv_rendered.fitted.clone()),
        timings,
    })
}

/// The letter and the CV as text, written: no compiling.
fn text(app: &Prepared, letter_file: PathBuf, cv_file: PathBuf) -> Result<Done, Error> {
    let Prepared { letter, cv, cv_path, settings, .. } = app;
    let (built, _) = letter::render::prepare(letter, cv, cv_path, settings)?;
    let (cv_view, cv_warnings) = crate::view::build(cv, &settings.view);
    let mut warnings = settings.verdict(built.warnings)?;
    warnings.extend(settings.verdict(cv_warnings)?);
    let letter_text = letter::text::render(&built.view, &built.letter);
    let cv_text = crate::plaintext::render(&cv_view);
    let files = [(letter_file, letter_text.into_bytes()), (cv_file, cv_text.into_bytes())];
    let files: Vec<(PathBuf, Vec<crate::render::Artifact>)> = files
        .into_iter()
        .map(|(path, bytes)| (path, vec![crate::render::Artifact { page: None, bytes }]))
        .collect();
    let written = write(&files)?;
    Ok(Done {
        written,
        pages: None,
        warnings,
        fitted: Default::default(),
        timings: Timings::default(),
    })
}

/// Writes the files of an application all or none, refusing any that is
/// an input.
fn write(files: &[(PathBuf, Vec<crate::render::Artifact>)]) -> Result<Vec<Output>, Error> {
    let outputs: Vec<Output> = files.iter().map(|(path, _)| Output::Path(path.clone())).collect();
    output::refuse_inputs(&outputs)?;
    let staged: Vec<(PathBuf, &[u8])> = files
        .iter()
        .flat_map(|(path, artifacts)| {
            artifacts.iter().map(move |a| (path.clone(), a.bytes.as_slice()))
        })
        .collect();
    output::write_files(&staged)?;
    Ok(outputs)
}

/// The application's name: its file's stem (`acme` for `acme.md`).
fn stem(path: &Path) -> String {
    path.file_stem().map_or("application".into(), |s| s.to_string_lossy().into_owned())
}

/// The language of the letter: the front matter's, else the CV's.
fn letter_lang(letter: &Letter, cv: &Loaded, settings: &Settings) -> String {
    let front = letter.front.lang.clone();
    front.or_else(|| settings.view.lang.clone()).unwrap_or_else(|| cv.cv.lang().to_owned())
}

/// Reads the letter and its CV, and the settings its front matter makes:
/// its `lang`, `tags`, `paper`, `max-pages` and `layout` over the command
/// line's.
fn prepare(path: &Path, request: &Request, settings: &Settings) -> Result<Prepared, Error> {
    let bytes = gate::read(path, Kind::Data).map_err(|r| r.into_error("the application", path))?;
    let letter = letter::load(&path.display().to_string(), &bytes)?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let front = &letter.front;
    let source = match front.cv.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(cv) => Source::File(dir.join(cv)),
        None => Source::given_or_default(request.data.as_ref())?.0,
    };
    let cv = pipeline::load_data(&source)?;
    let cv_path = source.data_path(&cv.bytes);
    let layout = match front.layout.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        Some(name) if name.ends_with(".typ") => Layout::resolve(&dir.join(name).to_string_lossy()),
        Some(name) => Layout::resolve(name),
        None => Layout::resolve(&request.layout),
    }
    .map_err(|error| at_key(&letter, "layout", error))?;
    let mut settings = settings.clone();
    if let Some(lang) = &front.lang {
        settings.view.lang = Some(lang.clone());
    }
    if !front.tags.is_empty() {
        settings.view.tags = front.tags.clone();
    }
    if let Some(paper) = front.paper {
        settings.view.paper = paper;
    }
    if let Some(pages) = front.max_pages {
        settings.max_pages = Some(usize::from(pages));
    }
    Ok(Prepared { letter, cv, cv_path, layout, settings })
}

/// An error about a front matter key, pointed at it.
fn at_key(letter: &Letter, key: &str, error: Error) -> Error {
    let location = letter.data.map.locate(&crate::model::DataPath::default().key(key));
    match error {
        Error::Usage(message) => {
            Error::invalid(Diagnostic::error(format!("`{key}`: {message}")).at_location(location))
        }
        other => other,
    }
}
