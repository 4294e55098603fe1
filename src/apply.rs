//! `cvpdf apply`: one build per job application. An application is a
//! letter ([`crate::letter`]) whose front matter also tailors the CV sent
//! with it (`tags`, `lang`, `layout`, `max-pages`, `paper`, `cv`); both go
//! into `out/<application>/` under the names people send, all or nothing.
//! A directory of applications builds them all in parallel, one failure
//! leaving the others built.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::deadline;
use crate::diagnostics::{Diagnostic, Error};
use crate::gate::{self, Kind, Refusal, Source};
use crate::layouts::Layout;
use crate::letter::{self, Letter};
use crate::model::Loaded;
use crate::output::{self, Output};
use crate::pipeline::{self, Settings};
use crate::render::Format;
use crate::run::RunConfig;
use crate::timings::Timings;
use crate::view::Paper;
use clap::ValueEnum;

mod combined;
mod names;
pub mod watch;

pub use names::{DEFAULT_NAMES, check as check_names, file_name};

/// What `cvpdf apply` was asked, besides each application's front matter.
#[derive(Debug, Clone)]
pub struct Request {
    /// `--data`: the CV, when the front matter names none.
    pub data: Option<Source>,
    /// `--layout`: the layout when the front matter names none; `None`
    /// when not given, for `classic`.
    pub layout: Option<Layout>,
    /// `-o`: the directory that gets one directory per application.
    pub output: PathBuf,
    /// `--combined`: also one PDF, the letter then the CV.
    pub combined: bool,
    /// `--names`: the pattern of the files' names.
    pub names: String,
    /// PDF, or plain text (no compiling).
    pub format: Format,
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
/// directory, sorted, but hidden ones (drafts, the `._acme.md` macOS
/// leaves on foreign disks) and a `README.md` that describes them.
///
/// # Errors
/// A path that does not exist (with the closest name in its directory), a
/// directory with no application, or two whose names differ only in case,
/// which would share an output directory on macOS and Windows.
pub fn applications(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::invalid(
                Diagnostic::error(format!("there is no application at {}", path.display()))
                    .with_hint(gate::missing::hint(path)),
            ));
        }
        Err(e) => return Err(Error::io("read", path, e)),
        Ok(meta) => meta,
    };
    if !meta.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| Error::io("read directory", path, e))?;
    let is_application = |name: &str| {
        !name.starts_with('.')
            && !name.eq_ignore_ascii_case("README.md")
            && Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| is_application(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Usage(format!("{} has no .md application to build", path.display())));
    }
    let folded =
        |p: &Path| p.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
    for (i, file) in files.iter().enumerate() {
        if let Some(other) = files[i + 1..].iter().find(|o| folded(o) == folded(file)) {
            return Err(Error::Usage(format!(
                "{} and {} would be built into one directory on macOS and Windows, which compare \
                 names without case: rename one of them",
                file.display(),
                other.display()
            )));
        }
    }
    Ok(files)
}

/// Refuses, before any application is built, standard output appended to
/// an input (`>> applications/acme.md`, `>> cv.yaml`): the applications,
/// and the CV of `--data` or the default one, are noted as inputs first.
/// Files only a front matter names are checked as each application is
/// built, before it renders.
///
/// # Errors
/// [`Error::Usage`] when standard output is one of them.
pub fn preflight(applications: &[PathBuf], request: &Request) -> Result<(), Error> {
    for path in applications {
        gate::note(path, Kind::Data);
    }
    if let Ok((Source::File(cv), _)) = Source::given_or_default(request.data.as_ref()) {
        gate::note(&cv, Kind::Data);
    }
    output::refuse_inputs([&Output::Stdout])
}

/// Builds every application, in parallel, calling `report` on the caller's
/// thread as each ends. An application cut short by the memory budget
/// ([`deadline::each`]) gets [`pipeline::cut_short`].
pub fn build_all(
    applications: &[PathBuf],
    request: &Request,
    config: &RunConfig,
    report: &dyn Fn(&Path, &Result<Done, Error>),
) -> Vec<Result<Done, Error>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let shared: Arc<[PathBuf]> = applications.into();
    let (request, config) = (Arc::new(request.clone()), Arc::new(config.clone()));
    let work = move |index: usize| {
        // Each application is a CV and a letter of its own. Evicting waits
        // on the cache's users, so it comes before a build, once the last
        // result is sent.
        comemo::evict(4);
        build(&shared[index], &request, &config)
    };
    let cut_short = || Err(pipeline::cut_short("built"));
    // The caller writes: a worker given up on is never half way through.
    deadline::each(applications.len(), workers, work, cut_short, |index, built| {
        let done = built.and_then(Built::write);
        report(&applications[index], &done);
        done
    })
}

/// An application built, its files not yet written.
pub struct Built {
    /// Each file's path and content (one artifact, or one per page).
    files: Vec<(PathBuf, Vec<crate::render::Artifact>)>,
    /// What the build reports, but the files written.
    done: Done,
}

impl Built {
    /// Writes the files, all or none.
    ///
    /// # Errors
    /// The writing path's.
    pub fn write(self) -> Result<Done, Error> {
        let written = write(&self.files)?;
        Ok(Done { written, ..self.done })
    }
}

/// Builds one application: reads the letter and its CV, and renders both
/// (and the two in one PDF for `--combined`), for [`Built::write`].
///
/// # Errors
/// The letter's, the CV's and the layout's errors, a letter too long for
/// its page limit, and an output refused before anything renders (an
/// input, or standard output).
pub fn build(path: &Path, request: &Request, config: &RunConfig) -> Result<Built, Error> {
    let (fonts, export, format) = (&config.fonts, &config.export, config.format);
    let stem = stem(path, &request.output)?;
    let mut timings = Timings::default();
    let (letter, cv, cv_path, layout, settings) =
        timings.time("load", || prepare(path, request, &config.settings))?;
    let words = crate::labels::letter::for_lang(&letter_lang(&letter, &cv, &settings))
        .unwrap_or_else(crate::labels::letter::english);
    let name = cv.cv.basics.name.as_ref().map_or("", |n| n.resolve(&words.lang, cv.cv.lang()).0);
    let dir = request.output.join(&stem);
    let named = |document: &str, extension: &str| {
        dir.join(file_name(&request.names, name, document, &stem, extension))
    };
    // Its files, and standard output appended to the CV or a layout the
    // front matter names, are refused before anything renders.
    let extension = format.extension();
    let mut targets = vec![named(&words.letter, extension), named("CV", extension)];
    if request.combined && format != Format::Txt {
        targets.push(named(&words.application, extension));
    }
    output::refuse_inputs([&Output::Stdout])?;
    output::check(&targets.into_iter().map(Output::Path).collect::<Vec<_>>())?;
    if format == Format::Txt {
        let mut files = vec![named(&words.letter, "txt"), named("CV", "txt")];
        if request.combined {
            files.push(named(&words.application, "txt"));
        }
        return text(&letter, &cv, &cv_path, &settings, &files);
    }
    let cv_rendered = pipeline::render(fonts, &cv, &cv_path, &layout, &settings)?;
    let letter_settings = Settings { max_pages: None, ..settings.clone() };
    let letter_rendered =
        letter::render::render(fonts, &letter, &cv, &cv_path, &layout, &letter_settings)?;
    let mut files = vec![
        (named(&words.letter, extension), letter_rendered.rendered.export(format, export)?),
        (named("CV", extension), cv_rendered.export(format, export)?),
    ];
    if request.combined {
        let both = combined::render(
            fonts,
            &letter_rendered,
            &cv_rendered,
            &cv,
            &cv_path,
            &layout,
            &settings,
        )?;
        files.push((named(&words.application, extension), both.export(format, export)?));
    }
    let mut warnings = letter_rendered.rendered.warnings.clone();
    warnings.extend(cv_rendered.warnings.iter().cloned());
    timings.0.extend(letter_rendered.rendered.timings.0.iter().cloned());
    let done = Done {
        written: Vec::new(),
        pages: Some((letter_rendered.rendered.pages(), cv_rendered.pages())),
        warnings,
        fitted: (letter_rendered.rendered.fitted.clone(), cv_rendered.fitted.clone()),
        timings,
    };
    Ok(Built { files, done })
}

/// The letter and the CV as text into `files` (the letter's, the CV's and,
/// for `--combined`, one for both), written: no compiling.
fn text(
    letter: &Letter,
    cv: &Loaded,
    cv_path: &Path,
    settings: &Settings,
    files: &[PathBuf],
) -> Result<Built, Error> {
    let (built, _) = letter::render::prepare(letter, cv, cv_path, settings)?;
    let (cv_view, cv_warnings) = crate::view::build(cv, &settings.view);
    let mut warnings = settings.verdict(built.warnings)?;
    warnings.extend(settings.verdict(cv_warnings)?);
    let letter_text = letter::text::render(&built.view, &built.letter);
    let cv_text = crate::plaintext::render(&cv_view);
    let both = format!("{}\n\n{cv_text}", letter_text.trim_end());
    let files: Vec<(PathBuf, Vec<crate::render::Artifact>)> = files
        .iter()
        .zip([letter_text, cv_text, both])
        .map(|(path, text)| {
            (path.clone(), vec![crate::render::Artifact { page: None, bytes: text.into_bytes() }])
        })
        .collect();
    let done = Done {
        written: Vec::new(),
        pages: None,
        warnings,
        fitted: Default::default(),
        timings: Timings::default(),
    };
    Ok(Built { files, done })
}

/// Writes the files of an application all or none, refusing any that is
/// an input: a document's pages as images are numbered (`-1.png`).
fn write(files: &[(PathBuf, Vec<crate::render::Artifact>)]) -> Result<Vec<Output>, Error> {
    let staged: Vec<(PathBuf, &[u8])> = files
        .iter()
        .flat_map(|(path, artifacts)| {
            artifacts.iter().map(move |a| match a.page {
                Some(page) => (crate::batch::numbered(path, page), a.bytes.as_slice()),
                None => (path.clone(), a.bytes.as_slice()),
            })
        })
        .collect();
    let outputs: Vec<Output> = staged.iter().map(|(path, _)| Output::Path(path.clone())).collect();
    output::refuse_inputs(&outputs)?;
    output::write_files(&staged)?;
    Ok(outputs)
}

/// The application's name: its file's stem (`acme` for `acme.md`), which
/// names its directory under `output`, so it must be one plain, visible
/// name: `...md` (stem `..`) would write beside `output`, `..md` (stem `.`)
/// into it with no directory of its own, `.draft.md` out of sight.
///
/// # Errors
/// [`Error::Usage`] for a stem that is empty, `.`, `..`, hidden or holds
/// a separator.
fn stem(path: &Path, output: &Path) -> Result<String, Error> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let components: Vec<Component> = Path::new(&stem).components().collect();
    if matches!(components[..], [Component::Normal(_)]) && !stem.starts_with('.') {
        return Ok(stem);
    }
    Err(Error::Usage(format!(
        "the application {} cannot name its directory under {}: `{stem}` is no plain name (it is empty, hidden, or leads elsewhere); rename the file, such as acme.md",
        path.display(),
        output.display()
    )))
}

/// The language of the letter: the front matter's, else the CV's.
fn letter_lang(letter: &Letter, cv: &Loaded, settings: &Settings) -> String {
    let front = letter.front.lang.clone();
    front.or_else(|| settings.view.lang.clone()).unwrap_or_else(|| cv.cv.lang().to_owned())
}

/// Reads the letter and its CV, and the settings its front matter makes:
/// its `lang`, `tags`, `paper`, `max-pages` and `layout` over the command
/// line's.
fn prepare(
    path: &Path,
    request: &Request,
    settings: &Settings,
) -> Result<(Letter, Loaded, PathBuf, Layout, Settings), Error> {
    let bytes =
        gate::read(path, Kind::Letter).map_err(|r| r.into_error("the application", path))?;
    let mut letter = letter::load(&path.display().to_string(), &bytes)?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (cv, cv_path) = match letter.front.cv.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(cv) => front_cv(&letter, &dir.join(cv))?,
        None => {
            let source = Source::given_or_default(request.data.as_ref())?.0;
            let cv = pipeline::load_data(&source)?;
            let cv_path = source.data_path(&cv.bytes);
            (cv, cv_path)
        }
    };
    let layout = front_layout(&mut letter, dir, request)?;
    let mut settings = settings.clone();
    let front = letter.front.clone();
    if let Some(lang) = &front.lang {
        if let Some(given) = settings.view.lang.as_ref().filter(|given| *given != lang) {
            overridden(&mut letter, "lang", lang, &format!("--lang {given}"));
        }
        settings.view.lang = Some(lang.clone());
        settings.view.lang_at =
            letter.data.map.locate(&crate::model::DataPath::default().key("lang"));
    }
    if !front.tags.is_empty() {
        if !settings.view.tags.is_empty() && settings.view.tags != front.tags {
            let given = format!("--tags {}", settings.view.tags.join(","));
            overridden(&mut letter, "tags", &format!("[{}]", front.tags.join(", ")), &given);
        }
        settings.view.tags = front.tags.clone();
    }
    if let Some(paper) = front.paper {
        // A4 is the default, so only another paper is known to be given.
        let given = settings.view.paper;
        if given != paper && given != Paper::default() {
            let name = |p: Paper| p.to_possible_value().map(|v| v.get_name().to_owned());
            let (value, given) = (name(paper).unwrap_or_default(), name(given).unwrap_or_default());
            overridden(&mut letter, "paper", &value, &format!("--paper {given}"));
        }
        settings.view.paper = paper;
    }
    if let Some(pages) = front.max_pages.map(|pages| usize::from(pages.get())) {
        if let Some(given) = settings.max_pages.filter(|given| *given != pages) {
            overridden(
                &mut letter,
                "max-pages",
                &pages.to_string(),
                &format!("--max-pages {given}"),
            );
        }
        settings.max_pages = Some(pages);
    }
    Ok((letter, cv, cv_path, layout, settings))
}

/// Notes that the front matter's `key: value` wins over an option given
/// on the command line: the letter is the application's own record.
fn overridden(letter: &mut Letter, key: &str, value: &str, given: &str) {
    let location = letter.data.map.locate(&crate::model::DataPath::default().key(key));
    letter.warnings.push(
        Diagnostic::note(format!("the front matter's `{key}: {value}` is used, not {given}"))
            .at_location(location)
            .with_hint(format!(
                "the front matter wins; leave `{key}:` out to choose on the command line"
            )),
    );
}

/// A file the front matter names (`cv:`, `layout:`), which is data, not a
/// choice of the user at the command line: read only inside the current
/// directory, the project (`cv: ../cv.yaml` from `applications/`), with
/// nothing hidden on the way, so that a letter from elsewhere cannot make
/// cvpdf read `/etc/passwd` or `~/.ssh` into a message or a PDF. A file
/// that is not there is left for the reader to say.
fn in_project(letter: &Letter, key: &str, path: PathBuf) -> Result<PathBuf, Error> {
    match gate::within(Path::new("."), &path) {
        Ok(_) | Err(Refusal::NotFound) => Ok(path),
        Err(refusal) => {
            let location = letter.data.map.locate(&crate::model::DataPath::default().key(key));
            Err(Error::invalid(
                Diagnostic::error(format!("`{key}`: cannot read {}: {refusal}", path.display()))
                    .at_location(location)
                    .with_hint(format!("a front matter names files inside the current directory only (the project), none hidden: run cvpdf from the project's directory, or give the file with --{} and no `{key}:`", if key == "cv" { "data" } else { key })),
            ))
        }
    }
}

/// The CV the front matter's `cv:` names, at `path`: one that is not
/// there is an error at the key with the way out, and so is any other
/// refusal to read it; its own errors point into it.
fn front_cv(letter: &Letter, path: &Path) -> Result<(Loaded, PathBuf), Error> {
    if path.try_exists().is_ok_and(|exists| !exists) {
        let error = Diagnostic::error(format!("there is no CV at {}", path.display()))
            .with_hint(gate::missing::hint(path));
        return Err(at_key(letter, "cv", Error::invalid(error)));
    }
    let source = Source::File(in_project(letter, "cv", path.to_owned())?);
    let cv = pipeline::load_data(&source).map_err(|e| at_key(letter, "cv", e))?;
    let cv_path = source.data_path(&cv.bytes);
    Ok((cv, cv_path))
}

/// The layout: the front matter's, which wins over `--layout` (with a note
/// when both are given), else `--layout`, else `classic`.
fn front_layout(letter: &mut Letter, dir: &Path, request: &Request) -> Result<Layout, Error> {
    let front = letter.front.layout.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let Some(name) = front.map(str::to_owned) else {
        return request.layout.clone().map_or_else(|| Layout::resolve("classic"), Ok);
    };
    let layout = if name.ends_with(".typ") {
        Layout::resolve(&in_project(letter, "layout", dir.join(&name))?.to_string_lossy())
    } else {
        Layout::resolve(&name)
    };
    let layout = layout.map_err(|error| at_key(letter, "layout", error))?;
    if let Some(given) = &request.layout {
        overridden(letter, "layout", &name, &format!("--layout {}", given.name()));
    }
    Ok(layout)
}

/// An error about a front matter key, pointed at it: a usage error becomes
/// an input error there, and an input error that points nowhere (a file
/// the key names that cannot be read) points at the key.
fn at_key(letter: &Letter, key: &str, error: Error) -> Error {
    let location = letter.data.map.locate(&crate::model::DataPath::default().key(key));
    match error {
        Error::Usage(message) => {
            Error::invalid(Diagnostic::error(format!("`{key}`: {message}")).at_location(location))
        }
        Error::Invalid(diagnostics) => Error::Invalid(
            diagnostics
                .into_iter()
                .map(|d| if d.location.is_none() { d.at_location(location.clone()) } else { d })
                .collect(),
        ),
        other => other,
    }
}
