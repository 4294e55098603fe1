//! The room `design` must leave, defined once here: the sizes of text, the
//! margins, the photo and `sidebar`'s band. A CV prints on either paper
//! (`--paper a4` or `letter`, chosen per run), so each bound holds on both,
//! and an error names the limit and the paper on which it binds.

use super::design::{Design, Length, Margins, ems, measure, points, written};
use super::source_map::{DataPath, SourceMap};
use crate::diagnostics::Diagnostic;

/// Points per centimetre.
const CM: f64 = 72.0 / 2.54;

/// The papers: name, width and height in points.
const PAPERS: [(&str, f64, f64); 2] =
    [("A4 paper (21 × 29.7cm)", 595.28, 841.89), ("US Letter paper (21.6 × 27.9cm)", 612.0, 792.0)];

/// The narrowest text area, and main column beside a band.
const MIN_TEXT_WIDTH: f64 = 10.0 * CM;
/// The shortest text area.
const MIN_TEXT_HEIGHT: f64 = 15.0 * CM;
/// The margins: printers leave about 5 mm unprinted at the edges.
const MARGINS: (f64, f64) = (0.5 * CM, f64::INFINITY);
/// The body text's sizes, in points.
const FONT_SIZES: (f64, f64) = (6.0, 20.0);
/// The line spacings, in em.
const LINE_SPACINGS: (f64, f64) = (0.2, 2.0);
/// The photo's sizes: from 1 cm to 45% of the narrowest text area.
const PHOTO_SIZES: (f64, f64) = (1.0 * CM, 0.45 * MIN_TEXT_WIDTH);
/// What `sidebar` (`layouts/sidebar.typ`) keeps around its band's text: an
/// inset at the page's edge and one at the band's other edge, each at most
/// a share of a narrow band; what it puts beside the band: the gutter, and
/// the far margin unless `margins` gives it. The layout shrinks its default
/// photo to the band's text; a `photo.size` must fit in it.
const SIDEBAR: Sidebar = Sidebar {
    inset: (1.25 * CM, 0.5),
    inset_inner: (0.6 * CM, 0.12),
    gutter: 0.8 * CM,
    x: 1.4 * CM,
};
/// The narrowest text a band may hold: a word of a contact or a skill.
const MIN_BAND_TEXT: f64 = 2.0 * CM;

/// `sidebar`'s band: its insets are `(most, share of the band's width)`.
struct Sidebar {
    inset: (f64, f64),
    inset_inner: (f64, f64),
    gutter: f64,
    x: f64,
}

impl Sidebar {
    /// The width of a band's text, for a band `band` points wide.
    fn text(&self, band: f64) -> f64 {
        band - self.inset.0.min(self.inset.1 * band)
            - self.inset_inner.0.min(self.inset_inner.1 * band)
    }

    /// The narrowest band whose text is `text` wide (the text grows with
    /// the band, so halving finds it to a hundredth of a millimetre).
    fn band_for(&self, text: f64) -> f64 {
        let (mut low, mut high) = (text, text + self.inset.0 + self.inset_inner.0 + 1.0);
        while high - low > 0.0003 {
            let mid = (low + high) / 2.0;
            if self.text(mid) < text { low = mid } else { high = mid }
        }
        high
    }
}

/// A length for a message: `5.5cm`.
fn cm(points: f64) -> String {
    format!("{:.1}cm", points / CM)
}

/// A size in points for a message: `6pt`.
fn pt(points: f64) -> String {
    format!("{points}pt")
}

/// The paper with the least room (`room` of its width and height), and
/// that room.
fn tightest(room: impl Fn(f64, f64) -> f64) -> (&'static str, f64) {
    let rooms = PAPERS.iter().map(|(name, w, h)| (*name, room(*w, *h)));
    rooms.fold(("", f64::INFINITY), |least, paper| if paper.1 < least.1 { paper } else { least })
}

/// A length read, with where it is written.
type Placed = Option<(DataPath, f64)>;

/// Every problem of `design`'s sizes and room, located with `map` under
/// `root` (`design`).
pub(super) fn check(design: &Design, map: &SourceMap, root: &DataPath) -> Vec<Diagnostic> {
    let mut room = Room { map, found: Vec::new() };
    room.length(root.key("fontSize"), design.font_size.as_ref(), FONT_SIZES, "body text", pt);
    let photo_path = root.key("photo").key("size");
    let photo = room.length(photo_path, design.photo.size.as_ref(), PHOTO_SIZES, "the photo", cm);
    let margins = root.key("margins");
    let (x, top, bottom) = match &design.margins {
        Some(Margins::All(all)) => {
            let all = room.length(margins, Some(all), MARGINS, "a margin", cm);
            (all.clone(), all.clone(), all)
        }
        Some(Margins::Sides(sides)) => (
            room.length(margins.key("x"), sides.x.as_ref(), MARGINS, "a margin", cm),
            room.length(margins.key("top"), sides.top.as_ref(), MARGINS, "a margin", cm),
            room.length(margins.key("bottom"), sides.bottom.as_ref(), MARGINS, "a margin", cm),
        ),
        None => (None, None, None),
    };
    room.text_area(&x, &top, &bottom);
    room.band(design, root, x.map(|(_, x)| x), photo.map(|(_, p)| p));
    if let Some(spacing) = &design.line_spacing {
        let path = root.key("lineSpacing");
        match ems(spacing) {
            Err(hint) => room.error(&path, format!("{} is not a spacing", written(spacing)), hint),
            Ok(em) if !(LINE_SPACINGS.0..=LINE_SPACINGS.1).contains(&em) => room.error(
                &path,
                format!("{} is no spacing to read lines by", written(spacing)),
                format!(
                    "give a spacing from {}em to {}em; 0.6em is usual",
                    LINE_SPACINGS.0, LINE_SPACINGS.1
                ),
            ),
            Ok(_) => {}
        }
    }
    room.found
}

/// The problems found.
struct Room<'a> {
    map: &'a SourceMap,
    found: Vec<Diagnostic>,
}

impl Room<'_> {
    fn error(&mut self, path: &DataPath, message: String, hint: String) {
        self.found.push(
            Diagnostic::error(format!("`{}`: {message}", self.map.as_written(path)))
                .at_location(self.map.locate(path))
                .with_hint(hint),
        );
    }

    /// A length in points, if it is one within `range` (shown with `unit`);
    /// else an error at `path`.
    fn length(
        &mut self,
        path: DataPath,
        value: Option<&Length>,
        (low, high): (f64, f64),
        what: &str,
        unit: fn(f64) -> String,
    ) -> Placed {
        let value = value?;
        let hint = match (measure(value), high.is_finite()) {
            (Err(hint), _) => {
                self.error(&path, format!("{} is not a length", written(value)), hint);
                return None;
            }
            (Ok(p), _) if (low..=high).contains(&p) => return Some((path, p)),
            (Ok(_), true) => format!("give {what} a size from {} to {}", unit(low), unit(high)),
            (Ok(_), false) => {
                format!("give {what} of {} or more: printers leave that much unprinted", unit(low))
            }
        };
        let size = if measure(value).is_ok_and(|p| p < low) { "small" } else { "large" };
        self.error(&path, format!("{} is too {size} for {what}", written(value)), hint);
        None
    }

    /// The text area the margins leave, on the tightest paper.
    fn text_area(&mut self, x: &Placed, top: &Placed, bottom: &Placed) {
        if let Some((path, x)) = x {
            let (paper, width) = tightest(|w, _| w - 2.0 * x);
            if width < MIN_TEXT_WIDTH {
                let most = tightest(|w, _| (w - MIN_TEXT_WIDTH) / 2.0).1;
                self.error(
                    path,
                    format!(
                        "left and right margins of {} leave the text {} wide on {paper}",
                        cm(*x),
                        cm(width.max(0.0))
                    ),
                    format!(
                        "the text needs {} across: give left and right margins of {} at most",
                        cm(MIN_TEXT_WIDTH),
                        cm(most)
                    ),
                );
            }
        }
        let Some(path) = top.as_ref().or(bottom.as_ref()).map(|(p, _)| p) else { return };
        let both = top.as_ref().map_or(0.0, |t| t.1) + bottom.as_ref().map_or(0.0, |b| b.1);
        let (paper, height) = tightest(|_, h| h - both);
        if height < MIN_TEXT_HEIGHT {
            let most = tightest(|_, h| h - MIN_TEXT_HEIGHT).1;
            self.error(
                path,
                format!(
                    "top and bottom margins of {} in all leave the text {} high on {paper}",
                    cm(both),
                    cm(height.max(0.0))
                ),
                format!(
                    "the text needs {} down the page: give top and bottom margins of {} at most together",
                    cm(MIN_TEXT_HEIGHT),
                    cm(most)
                ),
            );
        }
    }

    /// `sidebar`'s `band-width`: the band holds the photo, and leaves the
    /// main column its room.
    fn band(&mut self, design: &Design, root: &DataPath, x: Option<f64>, photo: Option<f64>) {
        let Some(value) = design.layouts.get("sidebar").and_then(|o| o.get("band-width")) else {
            return;
        };
        let written = match value {
            serde_json::Value::Number(n) => n.as_f64().map(Length::Number),
            serde_json::Value::String(text) => Some(Length::Text(text.clone())),
            _ => None,
        };
        // Not a length (or a negative one): `check_layouts` says so.
        let Some(band) = written.as_ref().and_then(|w| points(w).ok()) else { return };
        let path = root.key("layouts").key("sidebar").key("band-width");
        let text = photo.unwrap_or(0.0).max(MIN_BAND_TEXT);
        let least = SIDEBAR.band_for(text);
        let beside = SIDEBAR.gutter + x.unwrap_or(SIDEBAR.x);
        let most = tightest(|w, _| w - beside - MIN_TEXT_WIDTH).1;
        let (paper, main) = tightest(|w, _| w - band - beside);
        let problem = if band < least {
            let what = match photo {
                Some(photo) => format!("cannot hold the photo ({}) within its insets", cm(photo)),
                None => format!("leaves its text only {}", cm(SIDEBAR.text(band).max(0.0))),
            };
            format!("a band {} wide {what}", cm(band))
        } else if main < MIN_TEXT_WIDTH {
            let left = match main > 0.0 {
                true => format!("the main column only {}", cm(main)),
                false => "no room for the main column".into(),
            };
            format!("a band {} wide leaves {left} on {paper}", cm(band))
        } else {
            return;
        };
        let hint = format!(
            "give a band-width from {} ({} of text within the insets) to {} (the main column needs {})",
            cm(least),
            cm(text),
            cm(most),
            cm(MIN_TEXT_WIDTH)
        );
        self.error(&path, problem, hint);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The band's constants are `sidebar.typ`'s, and a band found for a
    /// text holds it.
    #[test]
    fn the_band_mirrors_the_layout() {
        let layout = include_str!("../../layouts/sidebar.typ");
        for line in [
            "band-inset: 1.25cm,",
            "band-inset-inner: 0.6cm,",
            "calc.min(design.band-inset, 0.5 * design.band-width)",
            "calc.min(design.band-inset-inner, 0.12 * design.band-width)",
            "gutter: 0.8cm,",
            "margin: (x: 1.4cm,",
        ] {
            assert!(layout.contains(line), "sidebar.typ has no `{line}`");
        }
        for text in [0.5, 2.0, 3.0, 4.5, 8.0].map(|t| t * CM) {
            let band = SIDEBAR.band_for(text);
            assert!(SIDEBAR.text(band) >= text && SIDEBAR.text(band - 0.01 * CM) < text);
        }
    }
}
