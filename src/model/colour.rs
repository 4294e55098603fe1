//! The colours `design` sets: read as CSS writes them, and legible on the
//! white page (WCAG 2's contrast ratio).

use super::design::{Colors, Design};
use super::source_map::{DataPath, SourceMap};
use crate::diagnostics::Diagnostic;
use crate::layouts::{BUILTIN, Builtin, Contrast, Paint};

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

/// The channels of an `#rrggbb` colour, from 0 to 1.
fn channels(hex: &str) -> [f64; 3] {
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    [1, 3, 5].map(|i| f64::from(channel(i)) / 255.0)
}

/// WCAG 2's relative luminance of sRGB `channels`.
fn luminance(channels: [f64; 3]) -> f64 {
    let [r, g, b] =
        channels.map(|c| if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) });
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// The contrast ratio of two colours, from 1 (the same) to 21 (black on
/// white): WCAG 2's `(L1 + 0.05) / (L2 + 0.05)` of relative luminances.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The contrast ratio of an `#rrggbb` colour against white.
fn contrast_on_white(hex: &str) -> f64 {
    contrast(channels(hex), [1.0; 3])
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

/// Where the data sets a layout's own colour: its path and its value.
type Set = (DataPath, String);

/// A [`Paint`] of `layout` as the data sets it: its channels, and where
/// the data sets it among the layout's own options (under `root`,
/// `design.layouts`), if it does.
fn resolve(
    paint: Paint,
    layout: &'static Builtin,
    design: &Design,
    root: &DataPath,
) -> Option<([f64; 3], Option<Set>)> {
    let (key, default, by) = match paint {
        Paint::Page => return Some(([1.0; 3], None)),
        Paint::Layout { key, default } => (key, default, 0.0),
        Paint::Lightened(key, default, by) => (key, default, by),
    };
    let shared = match key {
        "accent" => design.colors.accent.as_deref(),
        "muted" => design.colors.muted.as_deref(),
        _ => None,
    };
    let set = super::design::builtin_options(design, layout)
        .find(|(option, ..)| option.key == key)
        .and_then(|(_, name, written, value)| Some((root.key(name).key(written), value.as_str()?)));
    let hex = match (shared, &set) {
        (Some(written), _) => color(written).ok()?,
        (None, Some((_, value))) => color(value).ok()?,
        (None, None) => default.to_owned(),
    };
    let mixed = channels(&hex).map(|c| c + (1.0 - c) * by);
    Some((mixed, set.map(|(path, value)| (path, value.to_owned()))))
}

/// The warnings for the colours a built-in layout draws on one another
/// that the data's own options (`design.layouts.NAME`) make too close,
/// each at the option, once, for its worst pair: `band: black` under the
/// band's dark text.
pub(super) fn check_layouts(design: &Design, map: &SourceMap, root: &DataPath) -> Vec<Diagnostic> {
    let mut worst: Vec<(Set, &Builtin, &Contrast, f64)> = Vec::new();
    for layout in BUILTIN {
        for pair in layout.contrasts {
            let (Some((front, front_set)), Some((back, back_set))) = (
                resolve(pair.front, layout, design, root),
                resolve(pair.back, layout, design, root),
            ) else {
                continue;
            };
            let ratio = contrast(front, back);
            for set in [front_set, back_set].into_iter().flatten() {
                if ratio >= pair.min {
                    continue;
                }
                match worst.iter_mut().find(|(known, ..)| known.0 == set.0) {
                    Some(known) if known.3 <= ratio => {}
                    Some(known) => *known = (set, layout, pair, ratio),
                    None => worst.push((set, layout, pair, ratio)),
                }
            }
        }
    }
    worst
        .into_iter()
        .map(|(set, layout, pair, ratio)| too_close(map, &set, layout, pair, ratio))
        .collect()
}

/// The warning for a layout's own colour `set` that leaves `pair` too
/// close, at `ratio`.
fn too_close(
    map: &SourceMap,
    set: &Set,
    layout: &Builtin,
    pair: &Contrast,
    ratio: f64,
) -> Diagnostic {
    let (path, value) = set;
    Diagnostic::warning(format!(
        "`{}`: `{value}` leaves {} hard to see in `{}`: a contrast of {ratio:.2}:1",
        map.as_written(path),
        pair.what,
        layout.name
    ))
    .at_location(map.locate(path))
    .with_hint(format!(
        "choose a colour that gives a contrast of {}:1 or more ({})",
        pair.min,
        if pair.min < MIN_CONTRAST {
            "for a decoration to show at all"
        } else {
            "WCAG's minimum for headings and large text"
        }
    ))
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
