//! Generated bad inputs for the budgets (see the README's "Checks"): photos
//! that declare more pixels than a photo may have or that do not decode, and
//! PDFs given to `cvpdf extract` that inflate without bound or nest deeply.
//! Each is made here, small, from a valid file patched where it counts.

use std::io::Write as _;

use super::generated::noise;
use super::{Case, Content, Expect};
use crate::common::pdf::{attached, pdf, stream, zlib_zeros};

const CV: &str = "basics:\n  name: Ada Lovelace\n";

/// Where `image:`'s value starts in [`with_photo`]'s data.
const PHOTO_AT: (usize, usize) = (3, 10);

/// A case with a CV whose `basics.image` is `name`, holding `bytes`.
fn with_photo(case: &str, name: &str, bytes: Vec<u8>, message: &str) -> Case {
    Case {
        name: case.into(),
        files: vec![
            ("cv.yaml".into(), Content::Bytes(format!("{CV}  image: {name}\n").into_bytes())),
            (name.into(), Content::Bytes(bytes)),
        ],
        data: "cv.yaml".into(),
        layout: None,
        expect: Expect { at: Some(PHOTO_AT), messages: vec![message.into()], ..Expect::default() },
    }
}

fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    chunk.extend_from_slice(&crc.sum().to_be_bytes());
    chunk
}

/// A PNG that declares `width` × `height` RGB pixels, with `rows` rows of
/// zeros as its data (fewer than it declares makes it truncated).
fn png(width: u32, height: u32, rows: usize) -> Vec<u8> {
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let raw = vec![0u8; rows * (1 + 3 * width as usize)];
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    zlib.write_all(&raw).unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &header));
    png.extend(png_chunk(b"IDAT", &zlib.finish().unwrap()));
    png.extend(png_chunk(b"IEND", b""));
    png
}

/// `png` with a chunk added after its header (`IHDR`, 33 bytes).
fn with_chunk(mut png: Vec<u8>, kind: &[u8], data: &[u8]) -> Vec<u8> {
    png.splice(33..33, png_chunk(kind, data));
    png
}

/// A GIF whose screen is `screen` and whose one frame is `frame`, with a
/// two-colour palette and a few bytes of image data: 35 bytes.
fn gif(screen: (u16, u16), frame: (u16, u16)) -> Vec<u8> {
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&screen.0.to_le_bytes());
    gif.extend_from_slice(&screen.1.to_le_bytes());
    gif.extend_from_slice(&[0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x2C, 0, 0, 0, 0]);
    gif.extend_from_slice(&frame.0.to_le_bytes());
    gif.extend_from_slice(&frame.1.to_le_bytes());
    gif.extend_from_slice(&[0, 2, 2, 0x44, 0x01, 0, 0x3B]);
    gif
}

/// A real 16 × 16 image in `format`, encoded by the image crate.
fn encoded(format: image::ImageFormat) -> Vec<u8> {
    let pixels =
        image::RgbImage::from_fn(16, 16, |x, y| image::Rgb([x as u8 * 16, y as u8 * 16, 0]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    pixels.write_to(&mut bytes, format).unwrap();
    bytes.into_inner()
}

/// A JPEG whose frame header (SOF0) declares `width` × `height`.
fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = encoded(image::ImageFormat::Jpeg);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).expect("a baseline JPEG");
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

/// A lossless WebP whose VP8L header declares `width` × `height` (below
/// 16384 each: image-webp reads 16384 as 0).
fn webp(width: u32, height: u32) -> Vec<u8> {
    let mut webp = encoded(image::ImageFormat::WebP);
    assert_eq!(&webp[12..16], b"VP8L", "a simple lossless WebP");
    let bits = u32::from_le_bytes(webp[21..25].try_into().unwrap());
    let bits = bits & !0x0FFF_FFFF | (width - 1) | ((height - 1) << 14);
    webp[21..25].copy_from_slice(&bits.to_le_bytes());
    webp
}

fn half(bytes: Vec<u8>) -> Vec<u8> {
    bytes[..bytes.len() / 2].to_vec()
}

fn svg(attributes: &str, body: &str) -> Vec<u8> {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" {attributes}>{body}</svg>\n"
    )
    .into_bytes()
}

/// An SVG `<image>` holding `bytes` as a data URL.
fn embedded(mime: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    let base64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("<image width=\"100\" height=\"100\" xlink:href=\"data:{mime};base64,{base64}\"/>")
}

/// Photos that declare too much, do not decode, or are too large.
pub fn photo_cases() -> Vec<Case> {
    let huge = "declares 65535 × 65535 pixels, more than 16384 on a side";
    let unreadable = |format: &str| format!("is not a readable {format} image");
    let mut garbage = b"\x89PNG\r\n\x1a\n".to_vec();
    garbage.extend(noise(4096));
    let mut too_big = png(16, 16, 16);
    too_big.resize(21 * 1024 * 1024, 0);
    let gzip = {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&svg("width=\"10\" height=\"10\"", "")).unwrap();
        gz.finish().unwrap()
    };
    let big_svg = svg("width=\"100\" height=\"100\"", &format!("<!-- {} -->", "x".repeat(6 << 20)));
    vec![
        // The 35-byte GIF: 17 GB once decoded.
        with_photo(
            "gen-photo-gif-declares-65535-squared",
            "ada.gif",
            gif((65535, 65535), (65535, 65535)),
            huge,
        ),
        with_photo(
            "gen-photo-gif-frame-larger-than-screen",
            "ada.gif",
            gif((1, 1), (65535, 65535)),
            &unreadable("GIF"),
        ),
        with_photo("gen-photo-png-declares-65535-squared", "ada.png", png(65535, 65535, 1), huge),
        with_photo(
            "gen-photo-png-60-megapixels",
            "ada.png",
            png(10_000, 6_000, 1),
            "(60 megapixels), more than the 50",
        ),
        with_photo("gen-photo-jpeg-declares-65535-squared", "ada.jpg", jpeg(65535, 65535), huge),
        with_photo(
            "gen-photo-webp-256-megapixels",
            "ada.webp",
            webp(16000, 16000),
            "(256 megapixels)",
        ),
        // 6.5 MB holding a 1 GB colour profile, which decoders inflate.
        with_photo(
            "gen-photo-png-profile-bomb",
            "ada.png",
            with_chunk(
                png(16, 16, 16),
                b"iCCP",
                &[b"icc\0\0".as_slice(), &zlib_zeros(1 << 30)].concat(),
            ),
            "holds a colour profile of more than 16 MB",
        ),
        with_photo("gen-photo-png-truncated", "ada.png", half(png(64, 64, 64)), &unreadable("PNG")),
        with_photo("gen-photo-png-rows-missing", "ada.png", png(64, 64, 10), &unreadable("PNG")),
        with_photo("gen-photo-png-garbage-after-magic", "ada.png", garbage, &unreadable("PNG")),
        with_photo(
            "gen-photo-gif-truncated",
            "ada.gif",
            half(encoded(image::ImageFormat::Gif)),
            &unreadable("GIF"),
        ),
        with_photo(
            "gen-photo-jpeg-truncated",
            "ada.jpg",
            encoded(image::ImageFormat::Jpeg)[..200].to_vec(),
            &unreadable("JPEG"),
        ),
        with_photo(
            "gen-photo-webp-truncated",
            "ada.webp",
            half(encoded(image::ImageFormat::WebP)),
            &unreadable("WebP"),
        ),
        // Named as a JPEG, but a truncated PNG: the content decides.
        with_photo("gen-photo-misnamed", "ada.jpg", half(png(64, 64, 64)), &unreadable("PNG")),
        with_photo("gen-photo-21-mb", "ada.png", too_big, "more than the 20 MB a photo may be"),
        with_photo(
            "gen-photo-svg-absurd-size",
            "ada.svg",
            svg("width=\"1e9\" height=\"1e9\"", ""),
            "declares 1000000000 × 1000000000 pixels",
        ),
        with_photo(
            "gen-photo-svg-absurd-viewbox",
            "ada.svg",
            svg("viewBox=\"0 0 100000 100000\"", ""),
            "declares 100000 × 100000 pixels",
        ),
        with_photo(
            "gen-photo-svg-embeds-a-bomb",
            "ada.svg",
            svg("width=\"100\" height=\"100\"", &embedded("image/png", &png(65535, 65535, 1))),
            "embeds an image that declares 65535 × 65535",
        ),
        with_photo(
            "gen-photo-svg-embeds-megapixels",
            "ada.svg",
            svg(
                "width=\"100\" height=\"100\"",
                &[
                    embedded("image/png", &png(6000, 5000, 1)),
                    embedded("image/png", &png(6000, 5000, 1)),
                ]
                .concat(),
            ),
            "embeds an image that declares 6000 × 5000 pixels (30 megapixels)",
        ),
        with_photo(
            "gen-photo-svg-embeds-svgz",
            "ada.svg",
            svg("width=\"100\" height=\"100\"", &embedded("image/svg+xml", &gzip)),
            "embeds a compressed SVG",
        ),
        with_photo(
            "gen-photo-svg-links-a-file",
            "ada.svg",
            svg(
                "width=\"100\" height=\"100\"",
                "<image width=\"10\" height=\"10\" href=\"../../etc/passwd\"/>",
            ),
            "links to another file, `../../etc/passwd`",
        ),
        // Drawn as pixels over 1000 times the image on a side: minutes, then
        // an abort.
        with_photo(
            "gen-photo-svg-filter-region",
            "ada.svg",
            svg(
                "width=\"100\" height=\"100\"",
                "<filter id=\"f\" x=\"-50000%\" y=\"-50000%\" width=\"100000%\" height=\"100000%\"><feTurbulence baseFrequency=\"0.5\" numOctaves=\"10\"/></filter><rect width=\"100\" height=\"100\" filter=\"url(#f)\"/>",
            ),
            "applies a filter to 100000 × 100000 pixels",
        ),
        with_photo(
            "gen-photo-svg-truncated",
            "ada.svg",
            svg("width=\"100\" height=\"100\"", "<g><rect width=\"1\" height=\"1\"/></g>")[..70]
                .to_vec(),
            &unreadable("SVG"),
        ),
        with_photo("gen-photo-svg-6-mb", "ada.svg", big_svg, "more than the 5 MB a photo may be"),
    ]
}

fn deflated(data: &[u8]) -> Vec<u8> {
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    zlib.write_all(data).unwrap();
    zlib.finish().unwrap()
}

/// A case giving `bytes` to `cvpdf extract`.
fn with_pdf(case: &str, bytes: Vec<u8>, message: &str) -> Case {
    Case {
        name: case.into(),
        files: vec![("cv.pdf".into(), Content::Bytes(bytes))],
        data: "cv.pdf".into(),
        layout: None,
        // No place in a file can show a PDF's error: only the message and hint are checked.
        expect: Expect { at: None, messages: vec![message.into()], ..Expect::default() },
    }
}

/// PDFs for `cvpdf extract` that inflate without bound, nest deeply, or
/// keep their objects where hayro-syntax would inflate them whole.
pub fn pdf_cases() -> Vec<Case> {
    let too_large = "the attached file is more than 2 MB once decoded";
    let nests =
        "is not a readable PDF: it nests arrays or dictionaries more than 65536 levels deep";
    let compressed = "is not a readable PDF: it keeps its objects in compressed streams";
    let flate = "/Filter /FlateDecode";
    let deep = |open: &str, close: &str| {
        format!("/Deep {} {}", open.repeat(150_000), close.repeat(150_000))
    };
    let yaml = b"basics:\n  name: Ada\n";
    // Two attached files: the source, second, inflates to 64 MB.
    let two = pdf(
        &[
            b"<< /Type /Catalog /Pages 2 0 R /AF [3 0 R 5 0 R] >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            b"<< /Type /Filespec /F (notes.txt) /EF << /F 4 0 R >> >>".to_vec(),
            stream("/Type /EmbeddedFile", b"notes"),
            b"<< /Type /Filespec /F (cv.yaml) /AFRelationship /Source /EF << /F 6 0 R >> >>"
                .to_vec(),
            stream("/Type /EmbeddedFile /Filter /FlateDecode", &zlib_zeros(64 << 20)),
        ],
        None,
    );
    // Object 5 is a string holding "6 0 obj [[[…": read from its start it is
    // flat, but the table sends the parser into it.
    let hidden = {
        let inner = format!("6 0 obj\n{}{}\nendobj\n", "[".repeat(150_000), "]".repeat(150_000));
        let objects = [
            b"<< /Type /Catalog /Pages 2 0 R /AF [3 0 R] /Hidden 6 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            b"<< /Type /Filespec /F (cv.yaml) /AFRelationship /Source /EF << /F 4 0 R >> >>"
                .to_vec(),
            stream("/Type /EmbeddedFile", yaml),
            format!("({inner})").into_bytes(),
            b"null".to_vec(),
        ];
        let plain = pdf(&objects, None);
        let inside = plain.windows(8).position(|w| w == b"(6 0 obj").unwrap() + 1;
        pdf(&objects, Some((5, inside)))
    };
    // A broken table makes hayro-syntax rebuild it, inflating every object
    // stream it finds.
    let object_stream = broken(pdf(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &zlib_zeros(4 << 30)),
        ],
        None,
    ));
    let mut xref_stream = attached(yaml, "", "", "");
    let startxref = xref_stream.windows(9).rposition(|w| w == b"startxref").unwrap();
    xref_stream.truncate(startxref);
    let at = xref_stream.len();
    xref_stream.extend(stream(
        "/Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode",
        &zlib_zeros(1 << 30),
    ));
    xref_stream.splice(at..at, b"5 0 obj\n".iter().copied());
    xref_stream.extend(format!("\nendobj\nstartxref\n{at}\n%%EOF\n").into_bytes());
    vec![
        // The 7.4 KB PDF inflating to 4 GB: deflated twice.
        with_pdf(
            "gen-extract-4-gb-deflated-twice",
            attached(
                &deflated(&zlib_zeros(4 << 30)),
                "/Filter [/FlateDecode /FlateDecode]",
                "",
                "",
            ),
            too_large,
        ),
        // The 1 MB PDF that wrote a 1 GB file.
        with_pdf("gen-extract-1-gb", attached(&zlib_zeros(1 << 30), flate, "", ""), too_large),
        with_pdf("gen-extract-3-mb-stored", attached(&vec![b'a'; 3 << 20], "", "", ""), too_large),
        with_pdf("gen-extract-bomb-in-a-second-attachment", two, too_large),
        with_pdf(
            "gen-extract-bomb-in-uf",
            attached(&zlib_zeros(1 << 30), flate, "", "")
                .replace_all(b"/EF << /F 4 0 R >>", b"/EF << /UF 4 0 R >>"),
            too_large,
        ),
        with_pdf(
            "gen-extract-lzw",
            attached(b"x", "/Filter /LZWDecode", "", ""),
            "encoded with LzwDecode",
        ),
        with_pdf("gen-extract-150000-arrays", attached(yaml, "", &deep("[", "]"), ""), nests),
        with_pdf(
            "gen-extract-150000-dictionaries",
            attached(yaml, "", &deep("<< /A", " >>"), ""),
            nests,
        ),
        with_pdf(
            "gen-extract-deep-in-the-file-spec",
            attached(yaml, "", "", &deep("[", "]")),
            nests,
        ),
        with_pdf("gen-extract-deep-inside-a-string", hidden, nests),
        with_pdf(
            "gen-extract-deep-with-a-broken-table",
            broken(attached(yaml, "", &deep("[", "]"), "")),
            nests,
        ),
        with_pdf(
            "gen-extract-object-stream-bomb",
            object_stream,
            "its cross-reference table is missing or broken",
        ),
        with_pdf("gen-extract-xref-stream-bomb", xref_stream, compressed),
        with_pdf(
            "gen-extract-not-a-pdf",
            noise(4096),
            "is not a readable PDF: its cross-reference table is missing or broken",
        ),
    ]
}

/// `pdf` with its `startxref` pointing nowhere.
fn broken(mut pdf: Vec<u8>) -> Vec<u8> {
    let startxref = pdf.windows(9).rposition(|w| w == b"startxref").unwrap();
    pdf.truncate(startxref);
    pdf.extend(b"startxref\n999999\n%%EOF\n");
    pdf
}

/// `replace_all` for bytes.
trait ReplaceAll {
    fn replace_all(self, from: &[u8], to: &[u8]) -> Vec<u8>;
}

impl ReplaceAll for Vec<u8> {
    fn replace_all(self, from: &[u8], to: &[u8]) -> Vec<u8> {
        let at = self.windows(from.len()).position(|w| w == from).expect("the bytes to replace");
        [&self[..at], to, &self[at + from.len()..]].concat()
    }
}
