//! The photo that `basics.image` names. It is found inside the data file's
//! directory, read within a size limit and checked before Typst sees it: its
//! declared size against a pixel budget first (a 35-byte GIF may declare
//! 65535 × 65535 pixels, 17 GB once decoded), then decoded in full, so that
//! a bomb or a corrupt file is an error located at `basics.image`, from
//! `cvpdf check` as from a render.

mod colour;
mod svg_numbers;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use typst::foundations::{Bytes, Smart};
use typst::visualize::{ExchangeFormat, RasterImage};

use crate::diagnostics::{Diagnostic, Error};
use crate::gate::{self, Kind, MAX_PHOTO_BYTES};
use crate::inflate::{Inflate, inflate};
use crate::model::{DataPath, Loaded};

/// The largest SVG photo, in bytes (5 MiB): its text is parsed as a whole.
pub const MAX_SVG_BYTES: u64 = 5 * 1024 * 1024;

/// The most pixels a photo may have: 50 megapixels, 200 MB as RGBA. An SVG
/// shares this budget among the images it embeds.
pub const MAX_PIXELS: u64 = 50_000_000;

/// The longest side of a photo, in pixels (or an SVG's user units).
pub const MAX_SIDE: u64 = 16_384;

/// A photo that passed the checks.
#[derive(Debug, Clone)]
pub struct Photo {
    /// Its path in the layout's world, such as `/photo.jpg`.
    pub vpath: String,
    /// Its canonical path on disk.
    pub path: PathBuf,
    /// The bytes that were checked, which are what the layout gets: the
    /// file's, or a CMYK JPEG's as an RGB PNG.
    pub bytes: Bytes,
}

/// Finds, reads and checks the photo `basics.image` names, refusing anything
/// outside the data file's directory. Returns `None` without a photo, or
/// with a web address (and a warning).
///
/// # Errors
///
/// An error located at `basics.image`, with a hint, when the photo is
/// missing, outside the directory, a directory, too large, declares too many
/// pixels, or does not decode.
pub fn resolve(
    loaded: &Loaded,
    data_path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<Photo>, Error> {
    let Some(image) = loaded.cv.basics.image.as_deref().map(str::trim).filter(|i| !i.is_empty())
    else {
        return Ok(None);
    };
    let at = loaded.map.locate(&DataPath::default().key("basics").key("image"));
    let fail = |message: String, hint: &str| {
        Error::invalid(Diagnostic::error(message).at_location(at.clone()).with_hint(hint))
    };
    if image.starts_with("http://") || image.starts_with("https://") {
        warnings.push(
            Diagnostic::warning(
                "`basics.image` is a web address; cvpdf works offline and leaves the photo out",
            )
            .at_location(at.clone())
            .with_hint("download the photo next to the data file and name it here"),
        );
        return Ok(None);
    }
    let dir = data_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = dir.canonicalize().map_err(|e| Error::io("read", dir, e))?;
    let outside = || {
        fail(
            format!("`basics.image`: `{image}` is outside the data file's directory"),
            "put the photo next to the data file, or in a folder under it",
        )
    };
    // Judged by where the path leads, links and `..` followed
    // (`sub/../me.jpg` stays inside); one that leads nowhere, by its
    // deepest part that exists.
    let written = dir.join(image);
    if !written.ancestors().find_map(|a| a.canonicalize().ok()).is_some_and(|r| r.starts_with(&dir))
    {
        return Err(outside());
    }
    let real = written.canonicalize().map_err(|_| {
        fail(
            format!("`basics.image`: the photo `{image}` does not exist"),
            "the path is relative to the data file's directory",
        )
    })?;
    if real.is_dir() {
        return Err(fail(
            format!("`basics.image`: `{image}` is a directory, not a photo"),
            "name the image file itself, such as photos/me.jpg",
        ));
    }
    let refuse = |problem: Problem| {
        fail(format!("`basics.image`: `{image}` {}", problem.what), problem.hint)
    };
    // Refused before it is read: a photo may be any file, however large.
    if let Ok(meta) = std::fs::metadata(&real) {
        check_bytes(meta.len(), MAX_PHOTO_BYTES).map_err(refuse)?;
    }
    let bytes = gate::read_within(&dir, Path::new(image), Kind::Photo).map_err(|e| {
        let hint = "name a regular, readable image file, not hidden, in the data file's directory";
        fail(format!("`basics.image`: cannot read `{image}`: {e}"), hint)
    })?;
    let mut bytes = Bytes::new(bytes);
    let mut format = inspect(&bytes).map_err(refuse)?;
    if colour::is_cmyk_jpeg(&bytes) {
        let png =
            colour::to_rgb_png(&bytes).map_err(|e| refuse(unreadable(ExchangeFormat::Jpg, &e)))?;
        (bytes, format) = (Bytes::new(png), Format::Raster(ExchangeFormat::Png));
    }
    Ok(Some(Photo { vpath: format!("/photo.{}", format.extension()), path: real, bytes }))
}

/// Why a photo is refused, said after its name, and how to fix it.
#[derive(Debug)]
struct Problem {
    what: String,
    hint: &'static str,
}

impl Problem {
    fn new(what: impl Into<String>, hint: &'static str) -> Self {
        Self { what: what.into(), hint }
    }
}

const SCALE_DOWN: &str = "scale the photo down: a CV photo needs about 600 × 600 pixels";
const RE_EXPORT: &str = "re-export the photo as PNG or JPEG";

/// The formats a photo may have, as Typst reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Raster(ExchangeFormat),
    Svg,
}

impl Format {
    /// The format of a file from its first bytes.
    fn detect(bytes: &[u8]) -> Option<Self> {
        if let Some(format) = ExchangeFormat::detect(bytes) {
            return Some(Self::Raster(format));
        }
        // Text with an `<svg` tag or SVG's namespace near the start, as Typst
        // tells; a compressed SVG (SVGZ) is not taken: it may inflate without
        // bound.
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
        let svg = head.contains("<svg") || head.contains("http://www.w3.org/2000/svg");
        (svg && !bytes.starts_with(&[0x1f, 0x8b])).then_some(Self::Svg)
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Raster(ExchangeFormat::Png) => "png",
            Self::Raster(ExchangeFormat::Jpg) => "jpg",
            Self::Raster(ExchangeFormat::Gif) => "gif",
            Self::Raster(ExchangeFormat::Webp) => "webp",
            Self::Svg => "svg",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Raster(ExchangeFormat::Png) => "PNG",
            Self::Raster(ExchangeFormat::Jpg) => "JPEG",
            Self::Raster(ExchangeFormat::Gif) => "GIF",
            Self::Raster(ExchangeFormat::Webp) => "WebP",
            Self::Svg => "SVG",
        }
    }
}

/// Checks a photo's bytes as a whole: its format, size, pixels and decoding.
fn inspect(bytes: &Bytes) -> Result<Format, Problem> {
    let format = Format::detect(bytes).ok_or_else(|| {
        Problem::new(
            "is not a PNG, JPEG, GIF, WebP or SVG image",
            "convert the photo to PNG or JPEG",
        )
    })?;
    let mut budget = MAX_PIXELS;
    match format {
        Format::Raster(raster) => {
            check_declared(bytes, raster, &mut budget)?;
            check_decodes(bytes.clone(), raster)?;
        }
        Format::Svg => {
            check_bytes(bytes.len() as u64, MAX_SVG_BYTES)?;
            check_svg(bytes, &mut budget)?;
        }
    }
    Ok(format)
}

/// Refuses a file of more than `limit` bytes.
fn check_bytes(len: u64, limit: u64) -> Result<(), Problem> {
    if len <= limit {
        return Ok(());
    }
    Err(Problem::new(
        format!("is {:.1} MB, more than the {} MB a photo may be", len as f64 / 1e6, limit >> 20),
        "save the photo smaller, as a JPEG of about 600 × 600 pixels",
    ))
}

/// Refuses a declared size beyond the side limit or the pixels left in
/// `budget`, which it then takes them from.
fn check_size(width: f64, height: f64, budget: &mut u64) -> Result<(), Problem> {
    let side = MAX_SIDE as f64;
    if !(width <= side && height <= side) {
        return Err(Problem::new(
            format!("declares {width:.0} × {height:.0} pixels, more than {MAX_SIDE} on a side"),
            SCALE_DOWN,
        ));
    }
    let pixels = (width * height).ceil() as u64;
    if pixels > *budget {
        return Err(Problem::new(
            format!(
                "declares {width:.0} × {height:.0} pixels ({:.0} megapixels), more than the {} a photo may have",
                pixels as f64 / 1e6,
                MAX_PIXELS / 1_000_000
            ),
            SCALE_DOWN,
        ));
    }
    *budget -= pixels;
    Ok(())
}

/// Reads a raster image's declared size from its header and takes it from
/// `budget`.
fn check_declared(bytes: &[u8], format: ExchangeFormat, budget: &mut u64) -> Result<(), Problem> {
    // Before any decoder reads the header: the PNG decoder inflates the
    // colour profile with it.
    check_profile(bytes)?;
    let (width, height) = image::ImageReader::with_format(Cursor::new(bytes), format.into())
        .into_dimensions()
        .map_err(|e| unreadable(format, &e))?;
    check_size(f64::from(width), f64::from(height), budget)
}

/// The largest colour profile a PNG may hold once inflated: 16 MiB (most
/// are under 1 MB).
const MAX_PROFILE_BYTES: usize = 16 << 20;

/// Refuses a PNG whose colour profile (`iCCP`, deflated) inflates past
/// [`MAX_PROFILE_BYTES`]: decoders inflate it whole, even to read the
/// header, and 2 MB of PNG can hold a 1 GB profile. Other formats store
/// profiles as they are.
fn check_profile(bytes: &[u8]) -> Result<(), Problem> {
    let mut at = 8;
    while let Some(header) = bytes.get(at..at + 8).filter(|_| bytes.starts_with(b"\x89PNG")) {
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let data = bytes.get(at + 8..).map(|rest| &rest[..len.min(rest.len())]).unwrap_or_default();
        match &header[4..] {
            // The profile comes before the image data.
            b"IDAT" | b"IEND" => break,
            b"iCCP" => {
                // A name, a NUL, the compression method, then zlib data.
                let zlib = data.iter().position(|&b| b == 0).and_then(|nul| data.get(nul + 2..));
                if let Some(Err(Inflate::TooLarge)) = zlib.map(|z| inflate(z, MAX_PROFILE_BYTES)) {
                    return Err(Problem::new(
                        format!(
                            "holds a colour profile of more than {} MB",
                            MAX_PROFILE_BYTES >> 20
                        ),
                        RE_EXPORT,
                    ));
                }
            }
            _ => {}
        }
        at += 12 + len;
    }
    Ok(())
}

/// Decodes a raster image as Typst does. Typst keeps the result, so a
/// render does not decode the photo again.
fn check_decodes(bytes: Bytes, format: ExchangeFormat) -> Result<(), Problem> {
    RasterImage::new(bytes, format, Smart::Auto).map(drop).map_err(|e| unreadable(format, &e))
}

fn unreadable(format: ExchangeFormat, why: &dyn std::fmt::Display) -> Problem {
    Problem::new(
        format!("is not a readable {} image ({why})", Format::Raster(format).name()),
        RE_EXPORT,
    )
}

/// Parses an SVG with usvg, as Typst does, and checks its size and every
/// image it embeds: their declared sizes together against `budget`, then
/// each decoded. Links to other files are refused: the layout gets the
/// photo alone.
fn check_svg(bytes: &[u8], budget: &mut u64) -> Result<(), Problem> {
    if let Some((attribute, number)) = svg_numbers::out_of_bounds(bytes) {
        return Err(Problem::new(
            format!(
                "writes {number} in `{attribute}`, a number no photo needs (SVG libraries fail on such numbers)"
            ),
            "keep every number of the SVG under a million, and `numOctaves` at most 10, or export the photo as PNG",
        ));
    }
    let links = Mutex::new(Vec::new());
    let compressed = Mutex::new(false);
    let default_data = usvg::ImageHrefResolver::default_data_resolver();
    let options = usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|mime, data, options| {
                if data.starts_with(&[0x1f, 0x8b]) {
                    *compressed.lock().unwrap_or_else(|e| e.into_inner()) = true;
                    return None;
                }
                default_data(mime, data, options)
            }),
            resolve_string: Box::new(|href, _| {
                links.lock().unwrap_or_else(|e| e.into_inner()).push(href.to_owned());
                None
            }),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(bytes, &options);
    drop(options);
    let tree =
        tree.map_err(|e| Problem::new(format!("is not a readable SVG image ({e})"), RE_EXPORT))?;
    if let Some(link) = links.into_inner().unwrap_or_else(|e| e.into_inner()).first() {
        return Err(Problem::new(
            format!("links to another file, `{link}`, and a layout gets the photo alone"),
            "embed that image in the SVG (as a data: URL), or export the photo as PNG",
        ));
    }
    if compressed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(Problem::new(
            "embeds a compressed SVG, which may inflate without bound",
            "embed it uncompressed, or export the photo as PNG",
        ));
    }
    let size = tree.size();
    let mut canvas = MAX_PIXELS;
    check_size(f64::from(size.width()), f64::from(size.height()), &mut canvas)?;
    let mut images = Vec::new();
    let canvas = (f64::from(size.width()), f64::from(size.height()));
    walk(tree.root(), canvas, &mut images)?;
    let inner = |p: Problem| Problem::new(format!("embeds an image that {}", p.what), p.hint);
    for (data, format) in &images {
        check_declared(data, *format, budget).map_err(inner)?;
    }
    for (data, format) in images {
        check_decodes(Bytes::new(data.to_vec()), format).map_err(inner)?;
    }
    Ok(())
}

/// Collects the raster images an SVG group embeds (in patterns, masks,
/// filters and nested SVGs too), and refuses a filter whose region is far
/// larger than the canvas: renderers draw the region as pixels (a 100 × 100
/// SVG with a filter region of 100,000 % takes minutes and aborts).
fn walk(
    group: &usvg::Group,
    canvas: (f64, f64),
    out: &mut Vec<(Arc<Vec<u8>>, ExchangeFormat)>,
) -> Result<(), Problem> {
    if !group.filters().is_empty() {
        let region = group.abs_layer_bounding_box();
        let (width, height) = (f64::from(region.width()), f64::from(region.height()));
        if width > 3.0 * canvas.0 || height > 3.0 * canvas.1 {
            return Err(Problem::new(
                format!(
                    "applies a filter to {width:.0} × {height:.0} pixels, far more than its {:.0} × {:.0}",
                    canvas.0, canvas.1
                ),
                "remove the filter, or export the photo as PNG",
            ));
        }
    }
    for node in group.children() {
        match node {
            usvg::Node::Group(inner) => walk(inner, canvas, out)?,
            usvg::Node::Image(image) => match image.kind() {
                usvg::ImageKind::PNG(data) => out.push((data.clone(), ExchangeFormat::Png)),
                usvg::ImageKind::JPEG(data) => out.push((data.clone(), ExchangeFormat::Jpg)),
                usvg::ImageKind::GIF(data) => out.push((data.clone(), ExchangeFormat::Gif)),
                usvg::ImageKind::WEBP(data) => out.push((data.clone(), ExchangeFormat::Webp)),
                usvg::ImageKind::SVG(_) => {}
            },
            usvg::Node::Path(_) | usvg::Node::Text(_) => {}
        }
        let mut result = Ok(());
        node.subroots(|root| {
            if result.is_ok() {
                result = walk(root, canvas, out);
            }
        });
        result?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked_against_the_side_and_the_budget() {
        let mut budget = MAX_PIXELS;
        assert!(check_size(600.0, 600.0, &mut budget).is_ok());
        assert_eq!(budget, MAX_PIXELS - 360_000);
        assert!(check_size(65535.0, 65535.0, &mut budget).is_err());
        assert!(check_size(10_000.0, 5_000.0, &mut budget).is_err(), "the budget is shared");
        assert!(check_size(f64::NAN, 1.0, &mut budget).is_err());
    }

    #[test]
    fn formats_are_detected_from_content() {
        assert_eq!(
            Format::detect(b"\x89PNG\r\n\x1a\n...."),
            Some(Format::Raster(ExchangeFormat::Png))
        );
        assert_eq!(Format::detect(b"<?xml version=\"1.0\"?><svg/>"), Some(Format::Svg));
        assert_eq!(Format::detect(b"\x1f\x8b<svg"), None, "no compressed SVG");
        assert_eq!(Format::detect(b"hello"), None);
    }
}
