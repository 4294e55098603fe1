//! The data file `--embed-source` attaches to a PDF, and its name.

use std::path::Path;

use typst::foundations::Bytes;

use crate::view::Attachment;
use crate::world::WorldFile;

/// The attachment `--embed-source` makes of the file at `path` that held
/// `bytes`, and that file for the layout's world: YAML, JSON, or the
/// Markdown of a letter.
pub(crate) fn attach(path: &Path, bytes: &[u8]) -> (Attachment, (String, WorldFile)) {
    let name = attachment_name(path);
    let vpath = format!("/source/{name}");
    let extension = Path::new(&name).extension().map(|e| e.to_string_lossy().to_lowercase());
    let mime = match extension.as_deref() {
        Some("json") => "application/json",
        Some("md") => "text/markdown",
        _ => "application/yaml",
    };
    let file = (vpath.clone(), WorldFile::Memory(Bytes::new(bytes.to_vec())));
    (Attachment { path: vpath, mime }, file)
}

/// The name the data file is attached under: its file name, with each
/// character that a path in Typst's world (a backslash), a file system
/// (`/:*?"<>|`) or a reader (control characters, and invisible ones such
/// as a right-to-left override that shows `cv\u{202e}fdp.yaml` as
/// `cvlmay.pdf`) would choke on or be fooled by made `_`. The PDF names the
/// attachment by it, and PDF readers save it under it.
fn attachment_name(data_path: &Path) -> String {
    let name = data_path.file_name().map_or("cv.yaml".into(), |n| n.to_string_lossy());
    let odd = |c: char| {
        c.is_control() || crate::glyphs::is_invisible(c) || "\\/:*?\"<>|\u{FFFD}".contains(c)
    };
    let safe: String = name.chars().map(|c| if odd(c) { '_' } else { c }).collect();
    if safe.trim_matches(['.', ' ']).is_empty() { "cv.yaml".into() } else { safe }
}
