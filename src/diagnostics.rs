//! Errors and warnings, located in the user's own files and printed like
//! compiler diagnostics (`file:line:column`, an excerpt and hints).

mod excerpt;
mod shorten;
mod source;

use std::borrow::Cow;
use std::fmt;
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::term::{self, termcolor};

pub use shorten::shorten;
pub use source::SourceText;
pub(crate) use source::{floor_char_boundary, flow_token_len};

/// Text from the input made safe to print: each character that a terminal
/// would act on rather than show becomes a visible escape, so that a value,
/// a key or a file name quoted in a message cannot clear the screen, retitle
/// the window, forge a line or reorder what the line shows.
///
/// Escaped are the control characters (C0, DEL and C1, the general
/// category Cc: ESC, BEL, line breaks…), the bidirectional controls
/// (Unicode's `Bidi_Control`: U+202A–202E, U+2066–2069, U+200E, U+200F,
/// U+061C), the line and paragraph separators U+2028 and U+2029, and the
/// characters that print nothing ([`is_invisible`]: a zero-width space
/// before a key reads as the key without it). They
/// are written as Rust and JavaScript write them, `\u{1b}`, and `\n`,
/// `\r`, `\t` for the common three: one form for every code point (caret
/// notation such as `^[` has none for C1 or bidi controls), and one that
/// says which character it was. Everything else, backslashes included,
/// prints as it is; text with nothing to escape is not copied.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            push_escaped(&mut escaped, c);
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// Text of a diagnostic as it prints: [shortened](shorten), then
/// [escaped](escape).
fn shown(text: &str) -> String {
    escape(&shorten(text)).into_owned()
}

/// Whether [`escape`] replaces `c`.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')
        || matches!(c, '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
        || is_invisible(c)
}

/// Characters that print nothing and need no glyph: Unicode's
/// `Default_Ignorable_Code_Point` (DerivedCoreProperties.txt), which text
/// shapers hide when a font lacks them. It holds the format controls
/// (bidi embeddings, overrides and isolates, U+061C, U+180E, zero-width
/// spaces and joiners, word joiners, the tag block), the variation selectors
/// (U+FE00–FE0F, U+E0100–E01EF), the soft hyphen and the combining grapheme
/// joiner.
pub fn is_invisible(c: char) -> bool {
    use icu_properties::{CodePointSetData, props::DefaultIgnorableCodePoint};
    CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// Whether `text` prints nothing: it holds only spaces, controls and
/// [invisible](is_invisible) characters (or nothing). Such a text is no
/// title, and reads as absent where a translation may stand in.
pub fn prints_nothing(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
}

/// What the escape of an invisible character in `message` stands for,
/// since the message cannot show it: the first one is named.
fn invisible_note(message: &str) -> Option<String> {
    let c = message.chars().find(|c| is_invisible(*c))?;
    Some(format!(
        "`{}` is U+{:04X}, an invisible character: it prints nothing, and comes with pasted text; delete it unless it is meant",
        escape(c.encode_utf8(&mut [0; 4])),
        c as u32
    ))
}

/// Appends the visible escape of `c`.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.extend(c.escape_unicode()),
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Stops the run.
    Error,
    /// Printed; the run goes on unless `--strict` is given.
    Warning,
    /// Printed for information: nothing is wrong or lost, and `--strict`
    /// lets it pass.
    Note,
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

    /// A note with a message and nothing else yet.
    pub fn note(message: impl Into<String>) -> Self {
        Self { severity: Severity::Note, ..Self::error(message) }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether this is a note.
    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
    }

    /// Whether this is a warning, which `--strict` makes an error.
    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

impl fmt::Display for Diagnostic {
    /// A one-line form: `file:line:column: error: message`, escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{}: ", escape(&location.display()))?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{kind}: {}", shown(&self.message))
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

    /// The error with a note naming what it happened in (`in the render of
    /// cvs/ada.yaml`) on each diagnostic that points at no file: in a run
    /// of many CVs, "the onepage layout used more than 64 MiB" alone would
    /// not say which.
    #[must_use]
    pub fn about(self, what: &str) -> Self {
        match self {
            Self::Invalid(diagnostics) => {
                Self::Invalid(
                    diagnostics
                        .into_iter()
                        .map(|d| {
                            if d.location.is_none() { d.with_note(format!("in {what}")) } else { d }
                        })
                        .collect(),
                )
            }
            other => other,
        }
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
    /// The error in one line per problem, escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(diagnostics) => {
                let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
            Self::Io { action, path, source } => {
                write!(f, "cannot {action} {}: {}", escape(&path.display().to_string()), source)
            }
            Self::Usage(message) => f.write_str(&shown(message)),
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
    /// Writes diagnostics to `out`, each with its excerpt, label and hints,
    /// every part [escaped](escape).
    pub fn emit(&self, out: &mut dyn Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
        let mut buffer =
            if self.color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
        let config = term::Config::default();
        for diagnostic in diagnostics {
            let mut excerpts = excerpt::Excerpts::default();
            let mut report = match diagnostic.severity {
                Severity::Error => Report::error(),
                Severity::Warning => Report::warning(),
                Severity::Note => Report::note(),
            }
            .with_message(shown(&diagnostic.message));
            if let Some(location) = &diagnostic.location {
                let (id, range) = excerpts.add(location);
                report = report.with_labels(vec![
                    Label::primary(id, range).with_message(shown(&diagnostic.label)),
                ]);
            }
            let notes = diagnostic
                .hints
                .iter()
                .map(|hint| format!("hint: {}", shown(hint)))
                .chain(diagnostic.notes.iter().map(|note| shown(note)))
                .chain(invisible_note(&diagnostic.message))
                .collect();
            report = report.with_notes(notes);
            if term::emit(&mut buffer, &config, &excerpts, &report).is_err() {
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
