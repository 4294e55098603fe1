//! Getting back the data file attached to a PDF by `--embed-source`. The
//! PDF's objects are parsed with hayro-syntax, the parser Typst itself uses
//! for PDFs, one by one ([`crate::pdf_objects`]), within budgets: its size,
//! its nesting (checked by [`crate::preflight`]), a thread with a known
//! stack and a deadline, the number of attachments read, and the
//! attachment's size once decoded, which is bounded while it inflates.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use hayro_syntax::Filter;
use hayro_syntax::object::{Array, Dict, Name, Stream, String as PdfString};

use crate::deadline::{self, DEFAULT_TIMEOUT, Stopped};
use crate::diagnostics::{Diagnostic, Error};
use crate::gate::{self, MAX_DATA_BYTES, Source};
use crate::inflate::{Inflate, inflate};
use crate::pdf_objects::Objects;

/// The most attached files (and name-tree nodes) read.
const MAX_ATTACHMENTS: usize = 1000;

/// The stack of the thread that parses: 8 MiB, and a kilobyte per level of
/// nesting that the preflight allows (hayro-syntax takes 250 to 500 bytes in
/// a debug build), at most 72 MiB.
fn parse_stack(depth: u32) -> usize {
    (8 << 20) + (depth as usize) * 1024
}

/// The name and bytes of the file attached as its source (or the first
/// attached file) to the PDF in a file or on standard input (`-`).
///
/// # Errors
///
/// When the PDF cannot be read, is over [`gate::MAX_PDF_BYTES`], does not parse
/// within the budgets, has no attachment, or its attachment decodes to more
/// than a data file may be ([`MAX_DATA_BYTES`]).
pub fn extract(source: &Source) -> Result<(String, Vec<u8>), Error> {
    let name = PathBuf::from(source.name());
    let pdf = name.as_path();
    // The gate refuses a PDF over [`gate::MAX_PDF_BYTES`] before reading it whole.
    let bytes = gate::read_source(source, gate::Kind::Pdf)
        .map_err(|refusal| refusal.into_error("the PDF", pdf))?;
    let depth = crate::preflight::check(&bytes).map_err(|why| not_pdf(pdf, &why))?;
    let path = pdf.to_owned();
    deadline::run(Some(DEFAULT_TIMEOUT), parse_stack(depth), move || read_attachment(&path, bytes))
        .map_err(|stopped| match stopped {
            Stopped::Expired(limit) => {
                not_pdf(pdf, &format!("it did not parse in {}", deadline::seconds(limit)))
            }
            Stopped::OverBudget(limit) => not_pdf(
                pdf,
                &format!("it took more than {} of memory to parse", crate::memory::gib(limit)),
            ),
            Stopped::NoThread(e) => Error::io("start a thread to read", pdf, e),
        })?
}

/// The error for a file that is not a PDF `extract` can read.
fn not_pdf(pdf: &Path, why: &str) -> Error {
    Error::invalid(
        Diagnostic::error(format!("{} is not a readable PDF: {why}", pdf.display()))
            .with_hint("give a PDF that cvpdf wrote"),
    )
}

/// Finds the attachment and decodes it.
fn read_attachment(pdf: &Path, bytes: Vec<u8>) -> Result<(String, Vec<u8>), Error> {
    let objects = Objects::open(&bytes).map_err(|why| not_pdf(pdf, why))?;
    let catalog: Dict =
        objects.get(objects.trailer(), b"Root").ok_or_else(|| not_pdf(pdf, "it has no catalog"))?;

    // PDF/A-3 lists associated files in the catalog's /AF; the name tree
    // /Names /EmbeddedFiles lists every attachment.
    let mut specs: Vec<Dict> = Vec::new();
    if let Some(files) = objects.get::<Array>(&catalog, b"AF") {
        specs.extend(dicts(&objects, &files).take(MAX_ATTACHMENTS));
    }
    let names = objects.get::<Dict>(&catalog, b"Names");
    if let Some(tree) = names.and_then(|n| objects.get::<Dict>(&n, b"EmbeddedFiles")) {
        collect_name_tree(&objects, &tree, &mut specs, &mut HashSet::new());
    }
    let is_source =
        |spec: &&Dict| spec.get::<Name>(b"AFRelationship").is_some_and(|r| r.as_ref() == b"Source");
    let source = specs.iter().find(is_source).or(specs.first()).ok_or_else(|| {
        Error::invalid(
            Diagnostic::error(format!("{} has no attached data", pdf.display()))
                .with_hint("render it with --embed-source to attach the data file"),
        )
    })?;
    let name = [b"UF".as_slice(), b"F"]
        .iter()
        .find_map(|key| objects.get::<PdfString>(source, key))
        .map(|n| String::from_utf8_lossy(n.as_bytes()).into_owned())
        .unwrap_or_else(|| "cv.yaml".into());
    let stream = objects
        .get::<Dict>(source, b"EF")
        .and_then(|ef| objects.get::<Stream>(&ef, b"F").or_else(|| objects.get(&ef, b"UF")))
        .ok_or_else(|| not_pdf(pdf, "the attachment is malformed"))?;
    let content = decode(&stream, MAX_DATA_BYTES).map_err(|failure| match failure {
        Failure::TooLarge => Error::invalid(
            Diagnostic::error(format!(
                "{}: the attached file is more than {} MB once decoded, more than a CV can be",
                pdf.display(),
                MAX_DATA_BYTES >> 20
            ))
            .with_hint("extract gives back the data file that --embed-source attached"),
        ),
        Failure::Filter(filter) => not_pdf(
            pdf,
            &format!("the attachment is encoded with {filter}, which extract does not decode"),
        ),
        Failure::Corrupt => not_pdf(pdf, "the attachment does not decode"),
    })?;
    Ok((name, content))
}

/// The dictionaries of an array, through references.
fn dicts<'a, 'b>(
    objects: &'b Objects<'a>,
    array: &Array<'a>,
) -> impl Iterator<Item = Dict<'a>> + 'b {
    let items: Vec<_> = array.raw_iter().collect();
    items.into_iter().filter_map(|item| objects.resolve(item)?.try_into().ok())
}

/// Why a stream did not decode.
#[derive(Debug)]
enum Failure {
    /// It decodes to more than the limit.
    TooLarge,
    /// A filter (or its parameters) that is not decoded here.
    Filter(String),
    /// The data is corrupt.
    Corrupt,
}

/// Decodes a stream, stopping as soon as it holds more than `limit` bytes:
/// hayro-syntax's own decoding inflates it whole (4 GB from a 7 KB PDF).
/// An attachment is deflated (FlateDecode, as typst-pdf writes it), maybe
/// more than once, or stored as it is.
fn decode(stream: &Stream, limit: usize) -> Result<Vec<u8>, Failure> {
    let params = stream.dict().get::<Dict>(b"DecodeParms");
    let params = params.into_iter().chain(
        stream.dict().get::<Array>(b"DecodeParms").into_iter().flat_map(|a| a.iter::<Dict>()),
    );
    if params.into_iter().any(|p| p.get::<i32>(b"Predictor").is_some_and(|p| p > 1)) {
        return Err(Failure::Filter("a predictor".into()));
    }
    let filters = stream.filters();
    let named = match stream.dict().get::<Array>(b"Filter") {
        Some(names) => names.iter::<Name>().count(),
        None => usize::from(stream.dict().get::<Name>(b"Filter").is_some()),
    };
    if named != filters.len() {
        return Err(Failure::Filter("a filter PDF does not define".into()));
    }
    let mut data = stream.raw_data().into_owned();
    for filter in filters {
        data = match filter {
            Filter::FlateDecode => inflate(&data, limit).map_err(|e| match e {
                Inflate::TooLarge => Failure::TooLarge,
                Inflate::Corrupt => Failure::Corrupt,
            })?,
            other => return Err(Failure::Filter(format!("{other:?}"))),
        };
    }
    if data.len() > limit {
        return Err(Failure::TooLarge);
    }
    Ok(data)
}

/// Collects the values of a PDF name tree, which may be split into kids:
/// each node once, and at most [`MAX_ATTACHMENTS`] values.
fn collect_name_tree<'a>(
    objects: &Objects<'a>,
    node: &Dict<'a>,
    out: &mut Vec<Dict<'a>>,
    seen: &mut HashSet<(usize, usize)>,
) {
    // A node shared by several parents, or its own kid, is read once: it is
    // known by where its text is.
    let text = node.data();
    if !seen.insert((text.as_ptr() as usize, text.len())) || seen.len() > MAX_ATTACHMENTS {
        return;
    }
    if let Some(names) = objects.get::<Array>(node, b"Names") {
        // Pairs of a name and its file specification.
        let room = MAX_ATTACHMENTS.saturating_sub(out.len());
        out.extend(dicts(objects, &names).take(room));
    }
    if let Some(kids) = objects.get::<Array>(node, b"Kids") {
        for kid in dicts(objects, &kids) {
            collect_name_tree(objects, &kid, out, seen);
        }
    }
}
