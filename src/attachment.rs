//! Getting back the data file attached to a PDF by `--embed-source`.

use std::path::Path;

use lopdf::{Document, Object};

use crate::diagnostics::{Diagnostic, Error};

/// The name and bytes of the file attached to `pdf` as its source (or the
/// only attached file).
pub fn extract(pdf: &Path) -> Result<(String, Vec<u8>), Error> {
    let bytes = std::fs::read(pdf).map_err(|e| Error::io("read", pdf, e))?;
    let not_pdf = |why: String| {
        Error::invalid(
            Diagnostic::error(format!("{} is not a readable PDF: {why}", pdf.display()))
                .with_hint("give a PDF that cvpdf wrote"),
        )
    };
    let doc = Document::load_mem(&bytes).map_err(|e| not_pdf(e.to_string()))?;
    let catalog = doc.catalog().map_err(|e| not_pdf(e.to_string()))?;
    let mut specs: Vec<&lopdf::Dictionary> = Vec::new();
    // PDF/A-3 lists associated files in the catalog's /AF; the name tree
    // /Names /EmbeddedFiles lists every attachment.
    if let Ok(files) = catalog.get(b"AF").and_then(|af| resolve(&doc, af).as_array()) {
        specs.extend(files.iter().filter_map(|f| resolve(&doc, f).as_dict().ok()));
    }
    if let Ok(tree) = catalog
        .get(b"Names")
        .and_then(|n| resolve(&doc, n).as_dict())
        .and_then(|n| n.get(b"EmbeddedFiles"))
    {
        collect_name_tree(&doc, resolve(&doc, tree), &mut specs, 0);
    }
    let source = specs
        .iter()
        .find(|spec| spec.get(b"AFRelationship").and_then(Object::as_name).ok() == Some(b"Source"))
        .or(specs.first())
        .ok_or_else(|| {
            Error::invalid(
                Diagnostic::error(format!("{} has no attached data", pdf.display()))
                    .with_hint("render it with --embed-source to attach the data file"),
            )
        })?;
    let name = [b"UF".as_slice(), b"F"]
        .iter()
        .find_map(|key| source.get(key).ok().and_then(|n| n.as_str().ok()))
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_else(|| "cv.yaml".into());
    let stream = source
        .get(b"EF")
        .and_then(|ef| resolve(&doc, ef).as_dict())
        .and_then(|ef| ef.get(b"F").or_else(|_| ef.get(b"UF")))
        .and_then(|f| resolve(&doc, f).as_stream())
        .map_err(|e| not_pdf(format!("the attachment is malformed ({e})")))?;
    let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    Ok((name, content))
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        other => other,
    }
}

/// Collects the values of a PDF name tree, which may be split into kids.
fn collect_name_tree<'a>(
    doc: &'a Document,
    node: &'a Object,
    out: &mut Vec<&'a lopdf::Dictionary>,
    depth: usize,
) {
    let Ok(node) = node.as_dict() else { return };
    if depth > 32 {
        return;
    }
    if let Ok(names) = node.get(b"Names").and_then(Object::as_array) {
        for pair in names.chunks(2) {
            if let Some(spec) = pair.get(1).and_then(|s| resolve(doc, s).as_dict().ok()) {
                out.push(spec);
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
        for kid in kids {
            collect_name_tree(doc, resolve(doc, kid), out, depth + 1);
        }
    }
}
