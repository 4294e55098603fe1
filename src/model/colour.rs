//! The colours `design` sets: read as CSS writes them, and legible on the
//! white page (WCAG 2's contrast ratio).

use super::design::Colors;
use super::source_map::{DataPath, SourceMap};
use crate::diagnostics::Diagnostic;

/// The least contrast against the page for the accent and muted colours,
/// WCAG 2's minimum for large text and for the parts of a page that carry
/// meaning (headings, rules, dates): under it, text in that colour is hard
/// to read and fades in print.
const MIN_CONTRAST: f64 = 3.0;

/// A colour as `#rrggbb`, from CSS hex, a CSS name or another CSS form.
///
/// # Errors
/// Why it is not an opaque colour, as a hint.
pub fn color(written: &str) -> Result<String, String> {
    let parsed = csscolorparser::parse(written.trim()).map_err(|_| {
        "write it as CSS does: `#1d3557`, `#c00`, or a name such as `teal` or `darkred`".to_owned()
    })?;
    if parsed.a < 1.0 {
        return Err("a colour that lets the paper show through prints washed out: give an \
                    opaque one"
            .into());
    }
    let [r, g, b, _] = parsed.to_rgba8();
    Ok(format!("#{r:02x}{g:02x}{b:02x}"))
}

/// The contrast ratio of an `#rrggbb` colour against white, from 1 (white)
/// to 21 (black): WCAG 2's `(L1 + 0.05) / (L2 + 0.05)` of relative
/// luminances.
fn contrast_on_white(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0));
        let c = c / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    1.05 / (luminance + 0.05)
}

/// The errors of `colors` (not colours) and the warnings (colours too pale
/// to read on the page), located with `map` under `root`.
pub(super) fn check(colors: &Colors, map: &SourceMap, root: &DataPath) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (key, value) in [("accent", &colors.accent), ("muted", &colors.muted)] {
        let Some(written) = value else { continue };
        let path = root.key(key);
        let at = map.locate(&path);
        let said = map.as_written(&path);
        match color(written) {
            Err(hint) => found.push(
                Diagnostic::error(format!("`{said}`: `{written}` is not a colour"))
                    .at_location(at)
                    .with_hint(hint),
            ),
            Ok(hex) if contrast_on_white(&hex) < MIN_CONTRAST => found.push(
                Diagnostic::warning(format!(
                    "`{said}`: `{written}` is hard to read on the white page: its contrast is {:.2}:1",
                    contrast_on_white(&hex)
                ))
                .at_location(at)
                .with_hint(format!(
                    "choose a darker colour, with a contrast of {MIN_CONTRAST}:1 or more (WCAG's \
                     minimum), such as `#1d3557` or `teal`"
                )),
            ),
            Ok(_) => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast_on_white("#000000") - 21.0).abs() < 1e-9);
        assert!((contrast_on_white("#ffffff") - 1.0).abs() < 1e-9);
        // WCAG's own figures: #777 is 4.48:1, yellow 1.07:1.
        assert!((contrast_on_white("#777777") - 4.48).abs() < 0.01);
        assert!((contrast_on_white("#ffff00") - 1.07).abs() < 0.01);
        assert!(contrast_on_white(&color("teal").unwrap()) > MIN_CONTRAST);
    }
}
