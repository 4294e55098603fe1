//! The environment cvpdf reads and the console it talks to.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::sync::{Mutex, PoisonError};

use crate::diagnostics::{Diagnostic, Error, Printer, escape};
use crate::output::Output;

/// The environment variables cvpdf reads, read once by the binary.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `SOURCE_DATE_EPOCH`, unparsed: bytes that are no text are refused
    /// when it is read, not taken for unset.
    pub source_date_epoch: Option<std::ffi::OsString>,
    /// Whether `NO_COLOR` is set to something.
    pub no_color: bool,
}

impl Environment {
    /// Reads the variables of this process.
    pub fn from_process() -> Self {
        Self {
            source_date_epoch: std::env::var_os("SOURCE_DATE_EPOCH"),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// Where messages go: stderr, with colour on a terminal unless `NO_COLOR`.
pub(super) struct Console {
    printer: Printer,
    /// `--quiet`: only errors.
    pub(super) quiet: bool,
    /// `--verbose`: timings and steps too.
    pub(super) verbose: bool,
    /// Whether stderr is a terminal, which gets colour and progress bars.
    pub(super) terminal: bool,
    /// The diagnostics printed so far, in their one-line form.
    said: Mutex<HashSet<String>>,
    /// The first result that could not be written to standard output.
    unwritten: Mutex<Option<Error>>,
}

impl Console {
    /// The console of this process, as `env` and the verbosity flags say.
    pub(super) fn new(env: &Environment, quiet: bool, verbose: bool) -> Self {
        let terminal = std::io::stderr().is_terminal();
        Self {
            printer: Printer { color: !env.no_color && terminal },
            quiet,
            verbose,
            terminal,
            said: Mutex::default(),
            unwritten: Mutex::default(),
        }
    }

    /// The diagnostics not printed yet: a problem of the data that every
    /// layout of a run meets is said once.
    pub(super) fn fresh(&self, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        let mut said = self.said.lock().unwrap_or_else(PoisonError::into_inner);
        diagnostics.iter().filter(|d| said.insert(d.to_string())).cloned().collect()
    }

    /// Forgets what was said: a new run (a save, in watch mode) begins.
    pub(super) fn forget(&self) {
        self.said.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// Prints an error, but only what an earlier job of the run has not said.
    pub(super) fn error_once(&self, error: &Error) {
        match error {
            Error::Invalid(diagnostics) => self.diagnostics(&self.fresh(diagnostics)),
            other => self.error(other),
        }
    }

    pub(super) fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        let shown: Vec<Diagnostic> =
            diagnostics.iter().filter(|d| !self.quiet || d.is_error()).cloned().collect();
        let _ = self.printer.emit(&mut std::io::stderr().lock(), &shown);
    }

    /// A line of news on stderr, [escaped](crate::diagnostics::escape): it
    /// may name files.
    pub(super) fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("{}", escape(message));
        }
    }

    pub(super) fn error(&self, error: &Error) {
        let _ = self.printer.emit_error(&mut std::io::stderr().lock(), error);
    }

    /// Prints a result line on standard output, [escaped](escape) (it
    /// names files), through the writing path; the first that fails is
    /// the command's error.
    pub(super) fn result(&self, line: &str) {
        let line = format!("{}\n", escape(line));
        if let Err(error) = crate::output::write(&Output::Stdout, line.as_bytes()) {
            self.unwritten.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert(error);
        }
    }

    /// The result of a command, failed if a result line could not be written.
    pub(super) fn finish(&self, result: Result<(), Error>) -> Result<(), Error> {
        let unwritten = self.unwritten.lock().unwrap_or_else(PoisonError::into_inner).take();
        result.and_then(|()| unwritten.map_or(Ok(()), Err))
    }
}

/// What a job wrote, as its result line says it: the files, then the pages
/// (`out/cv.pdf: 2 pages`) when they were laid out.
pub(super) fn summary(written: &[Output], pages: Option<usize>) -> String {
    let names: Vec<String> = written.iter().map(Output::name).collect();
    match pages {
        Some(pages) => {
            format!("{}: {pages} page{}", names.join(", "), if pages == 1 { "" } else { "s" })
        }
        None => names.join(", "),
    }
}
