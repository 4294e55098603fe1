//! Getting back the data file attached to a PDF by `--embed-source`. The
//! PDF is read with hayro-syntax, the parser Typst itself uses for PDFs.

use std::path::Path;
use std::sync::Arc;

use hayro_syntax::Pdf;
use hayro_syntax::object::{Array, Dict, Name, Stream, String as PdfString};

use crate::diagnostics::{Diagnostic, Error};

/// The name and bytes of the file attached to `pdf` as its source (or the
/// first attached file).
pub fn extract(pdf: &Path) -> Result<(String, Vec<u8>), Error> {
    let bytes = crate::gate::read(pdf, crate::gate::Kind::Pdf)
        .map_err(|refusal| refusal.into_error("the PDF", pdf))?;
    let not_pdf = |why: &str| {
        Error::invalid(
            Diagnostic::error(format!("{} is not a readable PDF: {why}", pdf.display()))
                .with_hint("give a PDF that cvpdf wrote"),
        )
    };
    let document = Pdf::new(Arc::new(bytes)).map_err(|_| not_pdf("it does not parse"))?;
    let xref = document.xref();
    let catalog: Dict = xref.get(xref.root_id()).ok_or_else(|| not_pdf("it has no catalog"))?;

    // PDF/A-3 lists associated files in the catalog's /AF; the name tree
    // /Names /EmbeddedFiles lists every attachment.
    let mut specs: Vec<Dict> = Vec::new();
    if let Some(files) = catalog.get::<Array>(b"AF") {
        specs.extend(files.iter::<Dict>());
    }
    if let Some(tree) = catalog.get::<Dict>(b"Names").and_then(|n| n.get::<Dict>(b"EmbeddedFiles"))
    {
        collect_name_tree(&tree, &mut specs, 0);
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
        .find_map(|key| source.get::<PdfString>(key))
        .map(|n| String::from_utf8_lossy(n.as_bytes()).into_owned())
        .unwrap_or_else(|| "cv.yaml".into());
    let stream = source
        .get::<Dict>(b"EF")
        .and_then(|ef| ef.get::<Stream>(b"F").or_else(|| ef.get::<Stream>(b"UF")))
        .ok_or_else(|| not_pdf("the attachment is malformed"))?;
    let content = stream.decoded().map_err(|_| not_pdf("the attachment does not decode"))?;
    Ok((name, content.into_owned()))
}

/// Collects the values of a PDF name tree, which may be split into kids.
fn collect_name_tree<'a>(node: &Dict<'a>, out: &mut Vec<Dict<'a>>, depth: usize) {
    if depth > 32 {
        return;
    }
    if let Some(names) = node.get::<Array>(b"Names") {
        // Pairs of a name and its file specification.
        out.extend(names.iter::<Dict>());
    }
    if let Some(kids) = node.get::<Array>(b"Kids") {
        for kid in kids.iter::<Dict>() {
            collect_name_tree(&kid, out, depth + 1);
        }
    }
}
