//! Photos in print colours. A JPEG saved for print holds CMYK (or Adobe's
//! YCCK), which PDF/A cannot embed without a CMYK output intent; cvpdf gives
//! the layout such a photo as an RGB PNG instead, converted by the `image`
//! crate, so that the same file gives the same bytes.

use std::io::Cursor;

use image::ImageFormat;

/// Whether a JPEG's frame has four components (CMYK or YCCK), read from its
/// start-of-frame marker; `false` for anything that is not a JPEG.
pub(super) fn is_cmyk_jpeg(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut at = 2;
    while let Some(&[0xFF, marker, high, low]) = bytes.get(at..at + 4) {
        match marker {
            // Fill bytes before a marker.
            0xFF => at += 1,
            // Start of frame, but DHT (C4), JPG (C8) and DAC (CC): the
            // component count follows precision, height and width.
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                return bytes.get(at + 9) == Some(&4);
            }
            // Start of scan: no frame came before it.
            0xDA => return false,
            _ => at += 2 + usize::from(u16::from_be_bytes([high, low])),
        }
    }
    false
}

/// The photo as an 8-bit RGB PNG.
///
/// # Errors
///
/// The decoder's or encoder's message, when the JPEG does not decode.
pub(super) fn to_rgb_png(jpeg: &[u8]) -> Result<Vec<u8>, image::ImageError> {
    let rgb = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg)?.to_rgb8();
    let mut png = Vec::new();
    rgb.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(colour: image::ColorType) -> Vec<u8> {
        let mut out = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new(&mut out);
        let pixels = vec![128u8; 8 * 8 * usize::from(colour.bytes_per_pixel())];
        image::ImageEncoder::write_image(encoder, &pixels, 8, 8, colour.into()).unwrap();
        out
    }

    #[test]
    fn only_four_component_jpegs_are_print_colours() {
        assert!(!is_cmyk_jpeg(&jpeg(image::ColorType::Rgb8)));
        assert!(!is_cmyk_jpeg(&jpeg(image::ColorType::L8)));
        assert!(!is_cmyk_jpeg(b"\x89PNG\r\n\x1a\n"));
        assert!(!is_cmyk_jpeg(&[0xFF, 0xD8, 0xFF]));
        // A frame header: SOF0, length, precision, height, width, 4 components.
        let cmyk = [0xFF, 0xD8, 0xFF, 0xC0, 0, 14, 8, 0, 8, 0, 8, 4, 1, 0x11, 0];
        assert!(is_cmyk_jpeg(&cmyk));
    }
}
