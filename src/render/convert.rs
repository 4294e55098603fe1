//! Typst's diagnostics, a compile's and an export's alike, turned into
//! ours: located in the layout's own files, with excerpts and a hint that
//! says whose fault it is.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::syntax::{DiagSpan, DiagSpanKind, FileId};

use crate::diagnostics::{Diagnostic, Location, SourceText};
use crate::world::WorldFiles;

/// Turns Typst's diagnostics into ours, each located in the file its span
/// points into, with an excerpt. `prefix` starts each message, such as
/// `PDF export failed: `.
pub fn convert(
    files: &WorldFiles,
    diagnostics: &[SourceDiagnostic],
    prefix: &str,
) -> Vec<Diagnostic> {
    let mut sources: HashMap<FileId, Arc<SourceText>> = HashMap::new();
    let mut locate = |span: DiagSpan| {
        let (id, range) = span_range(files, span)?;
        let source = sources
            .entry(id)
            .or_insert_with(|| {
                let text = match files.source(id) {
                    Ok(source) => source.text().to_owned(),
                    Err(_) => files
                        .read(id)
                        .map(|b| String::from_utf8_lossy(b.as_slice()).into_owned())
                        .unwrap_or_default(),
                };
                SourceText::new(files.name(id), text)
            })
            .clone();
        Some(Location { source, range })
    };
    diagnostics
        .iter()
        .map(|d| {
            if let Some(option) = d.message.strip_prefix(OPTION_PANIC) {
                return option_error(prefix, option, d, files, &mut locate);
            }
            let internal = d.message.starts_with("internal error:");
            let message = format!("{prefix}{}", short_internal(&d.message));
            let mut diagnostic = match d.severity {
                TypstSeverity::Error => Diagnostic::error(message),
                TypstSeverity::Warning => Diagnostic::warning(message),
            }
            .at_location(locate(d.span));
            for hint in d.hints.iter().filter(|h| !internal || !is_debugging_hint(&h.v)) {
                diagnostic = match locate(hint.span) {
                    Some(at) => diagnostic.with_note(format!("{} (at {})", hint.v, at.display())),
                    None => diagnostic.with_hint(hint.v.as_str()),
                };
            }
            for point in &d.trace {
                let at = locate(point.span.into()).map(|l| format!(" at {}", l.display()));
                diagnostic = diagnostic.with_note(format!("{}{}", point.v, at.unwrap_or_default()));
            }
            let whose = d.span.id().map(|id| files.is_user_file(id));
            match layout_hint(whose, internal) {
                Some(hint) => diagnostic.with_hint(hint),
                None if diagnostic.hints.is_empty() => diagnostic.with_hint(BUILT_IN),
                None => diagnostic,
            }
        })
        .collect()
}

/// How `merge-design` (layouts/lib/theme.typ) fails on a layout's own
/// option of another type than its default: `panicked with:
/// design.layouts.NAME.KEY: the layout takes …`.
const OPTION_PANIC: &str = "panicked with: design.layouts.";

/// A layout's own option that its layout cannot read: the data's error,
/// not the built-in library's where Typst stopped, with a note of where
/// the user's layout reads it.
fn option_error(
    prefix: &str,
    option: &str,
    d: &SourceDiagnostic,
    files: &WorldFiles,
    locate: &mut impl FnMut(DiagSpan) -> Option<Location>,
) -> Diagnostic {
    let (key, what) = option.split_once(": ").unwrap_or((option, ""));
    let mut diagnostic = Diagnostic::error(format!("{prefix}`design.layouts.{key}`: {what}"));
    let reader =
        d.trace.iter().rev().find(|p| p.span.id().is_some_and(|id| files.is_user_file(id)));
    if let Some(at) = reader.and_then(|p| locate(p.span.into())) {
        diagnostic = diagnostic.with_note(format!("the layout reads it at {}", at.display()));
    }
    diagnostic.with_hint(
        "fix the option in your data: a layout reads each of its own options as the type of its default (a colour, a length, a text, a number, true or false)",
    )
}

/// The file and byte range a span points at, if it points into a file.
fn span_range(files: &WorldFiles, span: DiagSpan) -> Option<(FileId, Range<usize>)> {
    match span.get() {
        DiagSpanKind::Detached => None,
        DiagSpanKind::Number { id, num, sub_range } => {
            Some((id, files.source(id).ok()?.range(num, sub_range)?))
        }
        DiagSpanKind::Range { id, range } => Some((id, range)),
    }
}

/// An internal error's message without the full path of Typst's source
/// file: `(occurred at typst-pdf-0.15.1/src/link.rs:107:10)` says enough
/// for a report.
fn short_internal(message: &str) -> String {
    const REGISTRY: &str = "/index.crates.io-";
    match (message.find("(occurred at "), message.find(REGISTRY)) {
        (Some(open), Some(registry)) if registry > open => {
            let crate_path = &message[registry + REGISTRY.len()..];
            let crate_path = crate_path.split_once('/').map_or(crate_path, |(_, rest)| rest);
            format!("{}(occurred at {crate_path}", &message[..open])
        }
        _ => message.to_owned(),
    }
}

/// Hints of an internal error meant for Typst's developers: a backtrace of
/// the compiler (kilobytes long), how to get one, and where to report it
/// (cvpdf's hint says that).
fn is_debugging_hint(hint: &str) -> bool {
    hint.starts_with("compiler backtrace")
        || hint.contains("RUST_BACKTRACE")
        || hint == "please report this as a bug"
}

const BUILT_IN: &str = "this is an error in a built-in layout, not in your data: please report it with the data that shows it";

/// What to do about a Typst diagnostic, from whose file it is in: the
/// user's (`Some(true)`), a built-in file (`Some(false)`) or none (`None`,
/// where Typst's own hints say it). Refused reads explain themselves: the
/// world's errors say why ([`crate::world`]).
fn layout_hint(user_file: Option<bool>, internal: bool) -> Option<&'static str> {
    if internal {
        return Some(
            "this is a fault in Typst, not in your data: please report it to cvpdf with the data that shows it",
        );
    }
    match user_file? {
        false => Some(BUILT_IN),
        true => Some(
            "fix the layout at this line; `cvpdf eject` shows the helpers of common.typ and the data in cv.json",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_are_short() {
        let message = "internal error: expected link ancestor in logical tree (occurred at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/typst-pdf-0.15.1/src/link.rs:107:10)";
        assert_eq!(
            short_internal(message),
            "internal error: expected link ancestor in logical tree (occurred at typst-pdf-0.15.1/src/link.rs:107:10)"
        );
        assert_eq!(short_internal("unknown variable: x"), "unknown variable: x");
        assert!(is_debugging_hint("compiler backtrace:\n   0: typst_library::diag"));
        assert!(is_debugging_hint("set `RUST_BACKTRACE` to `1` or `full` to capture a backtrace"));
        assert!(!is_debugging_hint("make sure your images and equations have alt text"));
    }
}
