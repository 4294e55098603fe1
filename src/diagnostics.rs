//! Errors and warnings, located in the user's own files and printed like
//! compiler diagnostics (`file:line:column`, an excerpt and hints).

mod source;

use std::fmt;
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

pub use source::SourceText;
pub(crate) use source::floor_char_boundary;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Stops the run.
    Error,
    /// Printed; the run goes on unless `--strict` is given.
    Warning,
}

/// Where a diagnostic points: a range of bytes in a source file.
#[derive(Debug, Clone)]
pub struct Location {
    /// The file.
    pub source: Arc<SourceText>,
    /// The byte range in the file's text.
    pub range: Range<usize>,
}

impl Location {
    /// `file:line:column` of the start of the range.
    pub fn display(&self) -> String {
        let (line, column) = self.source.line_column(self.range.start);
        format!("{}:{line}:{column}", self.source.name)
    }
}

/// One problem found in the input, with where it is and how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, if known.
    pub location: Option<Location>,
    /// A short label under the excerpt.
    pub label: String,
    /// How to fix it.
    pub hints: Vec<String>,
    /// Further context, such as a call trace.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error with a message and nothing else yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            label: String::new(),
            hints: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A warning with a message and nothing else yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(message) }
    }

    /// Points the diagnostic at a range of a source file.
    pub fn at(mut self, source: &Arc<SourceText>, range: Range<usize>) -> Self {
        self.location = Some(Location { source: source.clone(), range });
        self
    }

    /// Points the diagnostic at a location, if there is one.
    pub fn at_location(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Sets the label shown under the excerpt.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// A one-line form: `file:line:column: error: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{}: ", location.display())?;
        }
        let kind = if self.is_error() { "error" } else { "warning" };
        write!(f, "{kind}: {}", self.message)
    }
}

/// Why a run failed.
#[derive(Debug)]
pub enum Error {
    /// The input (data, layout or fonts) is wrong. Exit code 1.
    Invalid(Vec<Diagnostic>),
    /// A file could not be read or written. Exit code 1.
    Io {
        /// What was being done, such as "read" or "write".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The command line is wrong. Exit code 2.
    Usage(String),
    /// Errors already printed (by a batch as they happened): only the exit
    /// code is left.
    Reported(u8),
}

impl Error {
    /// A single located input error.
    pub fn invalid(diagnostic: Diagnostic) -> Self {
        Self::Invalid(vec![diagnostic])
    }

    /// An I/O error on a path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { action, path: path.into(), source }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Invalid(_) | Self::Io { .. } => 1,
            Self::Usage(_) => 2,
            Self::Reported(code) => *code,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(diagnostics) => {
                let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
            Self::Io { action, path, source } => {
                write!(f, "cannot {action} {}: {source}", path.display())
            }
            Self::Usage(message) => f.write_str(message),
            Self::Reported(code) => write!(f, "failed with exit code {code}"),
        }
    }
}

impl std::error::Error for Error {}

/// Prints diagnostics to a terminal or a pipe, with colour when wanted.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    /// Whether to use ANSI colours.
    pub color: bool,
}

impl Printer {
    /// Writes diagnostics to `out`, each with its excerpt, label and hints.
    pub fn emit(&self, out: &mut dyn Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
        let mut buffer =
            if self.color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
        let mut files = SimpleFiles::new();
        let mut ids: Vec<(Arc<SourceText>, usize)> = Vec::new();
        let config = term::Config::default();
        for diagnostic in diagnostics {
            let mut report = match diagnostic.severity {
                Severity::Error => Report::error(),
                Severity::Warning => Report::warning(),
            }
            .with_message(&diagnostic.message);
            if let Some(location) = &diagnostic.location {
                let id = match ids.iter().find(|(s, _)| Arc::ptr_eq(s, &location.source)) {
                    Some((_, id)) => *id,
                    None => {
                        let id =
                            files.add(location.source.name.clone(), location.source.text.clone());
                        ids.push((location.source.clone(), id));
                        id
                    }
                };
                report = report.with_labels(vec![
                    Label::primary(id, location.range.clone()).with_message(&diagnostic.label),
                ]);
            }
            let notes = diagnostic
                .hints
                .iter()
                .map(|hint| format!("hint: {hint}"))
                .chain(diagnostic.notes.iter().cloned())
                .collect();
            report = report.with_notes(notes);
            if term::emit(&mut buffer, &config, &files, &report).is_err() {
                // An excerpt that cannot be shown still leaves the one-line form.
                writeln!(buffer, "{diagnostic}")?;
            }
        }
        out.write_all(buffer.as_slice())
    }

    /// Prints an error of any kind to `out`.
    pub fn emit_error(&self, out: &mut dyn Write, error: &Error) -> std::io::Result<()> {
        match error {
            Error::Invalid(diagnostics) => self.emit(out, diagnostics),
            Error::Reported(_) => Ok(()),
            other => self.emit(out, &[Diagnostic::error(other.to_string())]),
        }
    }
}
