//! The numbers of an SVG photo, checked before any SVG library sees them.
//! usvg, resvg, tiny-skia and krilla panic on numbers no drawing needs (a
//! rectangle at 1e38, a filter offset of 1e308, an `feTurbulence` of 40
//! octaves), and a panic in the PDF writer cannot be caught: it panics
//! again while unwinding, which aborts. A CV photo needs none of them, so
//! every number in an attribute must be finite and at most
//! [`MAX_MAGNITUDE`] in size, and `numOctaves` at most [`MAX_OCTAVES`].

/// The largest number an SVG photo may write: far more than any drawing's
/// coordinates (a photo is a few thousand units across).
pub const MAX_MAGNITUDE: f64 = 1e6;

/// The most octaves of `feTurbulence` noise: past about 30, resvg's
/// arithmetic overflows; browsers stop adding detail well before 10.
pub const MAX_OCTAVES: f64 = 10.0;

/// The first number of `svg` outside its bounds, as `(attribute, text)`;
/// `None` when every number fits, or when the SVG is not XML (the SVG
/// parser says so then).
pub fn out_of_bounds(svg: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(svg).ok()?;
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let document = roxmltree::Document::parse_with_options(text, options).ok()?;
    for node in document.descendants().filter(roxmltree::Node::is_element) {
        // A style sheet sets the same properties as attributes.
        if node.tag_name().name() == "style"
            && let Some(number) =
                node.text().and_then(|css| numbers(css).find(|n| too_large(*n, MAX_MAGNITUDE)))
        {
            return Some(("<style>".to_owned(), shown(number)));
        }
        for attribute in node.attributes() {
            let name = attribute.name();
            // Names, links and embedded data hold no quantities.
            if matches!(name, "id" | "class" | "href" | "in" | "in2" | "result" | "font-family") {
                continue;
            }
            // The canvas's size has its own check, against the pixel budget.
            let root = node.parent().is_some_and(|p| p.is_root());
            if root && matches!(name, "width" | "height") {
                continue;
            }
            let limit = if name == "numOctaves" { MAX_OCTAVES } else { MAX_MAGNITUDE };
            if let Some(number) = numbers(attribute.value()).find(|n| too_large(*n, limit)) {
                return Some((name.to_owned(), shown(number)));
            }
        }
    }
    None
}

/// Whether `n` is infinite, not a number, or larger than `limit` in size.
fn too_large(n: f64, limit: f64) -> bool {
    !n.is_finite() || n.abs() > limit
}

/// A number as a message shows it: `1e38` rather than 39 digits.
fn shown(number: f64) -> String {
    if number.abs() < MAX_MAGNITUDE { number.to_string() } else { format!("{number:e}") }
}

/// The numbers written in an attribute's value: `1e38`, `-.5`, `10px`'s
/// 10, `M10,20`'s 10 and 20; not the digits of a colour (`#1e3080`) or a
/// reference (`url(#f1e9)`).
fn numbers(value: &str) -> impl Iterator<Item = f64> + '_ {
    let bytes = value.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let start = i;
            if bytes[start] == b'#' {
                // A colour or a reference: skip it whole.
                i += 1;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
                    i += 1;
                }
                continue;
            }
            let mut end = start;
            if matches!(bytes[end], b'+' | b'-') {
                end += 1;
            }
            let digits = end;
            while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
                end += 1;
            }
            if !bytes[digits..end].iter().any(u8::is_ascii_digit) {
                i = start + 1;
                continue;
            }
            if end < bytes.len() && matches!(bytes[end], b'e' | b'E') {
                let mut exponent = end + 1;
                if exponent < bytes.len() && matches!(bytes[exponent], b'+' | b'-') {
                    exponent += 1;
                }
                let digits = exponent;
                while exponent < bytes.len() && bytes[exponent].is_ascii_digit() {
                    exponent += 1;
                }
                if exponent > digits {
                    end = exponent;
                }
            }
            i = end;
            if let Ok(number) = value[start..end].trim_end_matches('.').parse::<f64>() {
                return Some(number);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_svg_writes_them() {
        let read = |v| numbers(v).collect::<Vec<_>>();
        assert_eq!(read("M10,20 L-1.5e2 .5"), [10.0, 20.0, -150.0, 0.5]);
        assert_eq!(read("#1e3080"), Vec::<f64>::new());
        assert_eq!(read("url(#f1e999) 3px"), [3.0]);
        assert_eq!(read("translate(1e38)"), [1e38]);
        assert!(read("1e999")[0].is_infinite());
    }

    #[test]
    fn numbers_out_of_bounds_are_found() {
        let svg = |body: &str| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">{body}</svg>"
            )
        };
        let found = |body: &str| out_of_bounds(svg(body).as_bytes()).map(|(a, _)| a);
        assert_eq!(found("<rect x=\"1e38\" width=\"1\" height=\"1\"/>").as_deref(), Some("x"));
        assert_eq!(
            found("<filter id=\"f\"><feTurbulence numOctaves=\"40\"/></filter>").as_deref(),
            Some("numOctaves")
        );
        assert_eq!(found("<rect style=\"stroke-width: 1e308\"/>").as_deref(), Some("style"));
        assert_eq!(
            found("<rect id=\"a1e999\" fill=\"#1e3080\" width=\"10\" height=\"10\"/>"),
            None
        );
    }
}
