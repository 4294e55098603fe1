//! The layouts: built-in ones embedded from `layouts/`, or a user's `.typ`.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Error, SourceText};
use crate::gate::{self, Kind};

/// The helpers every layout imports with `#import "common.typ": *`.
pub const COMMON: &str = include_str!("../layouts/common.typ");

/// The file name under which [`COMMON`] is visible to layouts.
pub const COMMON_NAME: &str = "common.typ";

/// The shared letter, which every layout may import: `#import "letter.typ"`.
pub const LETTER: &str = include_str!("../layouts/letter.typ");

/// The file name under which [`LETTER`] is visible to layouts.
pub const LETTER_NAME: &str = "letter.typ";

/// The library [`COMMON`] re-exports, one file per concern: each file's
/// path beside `common.typ`, and its Typst source.
pub const LIBRARY: &[(&str, &str)] = &[
    ("lib/theme.typ", include_str!("../layouts/lib/theme.typ")),
    ("lib/markdown.typ", include_str!("../layouts/lib/markdown.typ")),
    ("lib/inline.typ", include_str!("../layouts/lib/inline.typ")),
    ("lib/sections.typ", include_str!("../layouts/lib/sections.typ")),
    ("lib/document.typ", include_str!("../layouts/lib/document.typ")),
];

/// A layout shipped inside cvpdf.
#[derive(Debug)]
pub struct Builtin {
    /// The name given to `--layout`.
    pub name: &'static str,
    /// One line for `cvpdf layouts`.
    pub summary: &'static str,
    /// The Typst source.
    pub source: &'static str,
    /// The page limit the layout promises, which fitting enforces.
    pub max_pages: Option<usize>,
    /// The options of its own that the data may set, as
    /// `design.layouts.NAME.KEY`, beside the shared ones of `design`.
    pub options: &'static [LayoutOption],
    /// The pairs of its colours that must contrast, checked when the data
    /// sets one of its own colour options (`src/model/colour.rs`).
    pub contrasts: &'static [Contrast],
}

/// Two colours a layout draws one on (or beside) the other, and the least
/// contrast ratio (WCAG 2) that keeps the front one legible or visible.
#[derive(Debug)]
pub struct Contrast {
    /// What is drawn: text, a mark.
    pub front: Paint,
    /// What it is drawn on.
    pub back: Paint,
    /// The least ratio: 3 for text (as `colors.accent` on the page), 1.5
    /// for a decoration that must only be seen.
    pub min: f64,
    /// What the pair is, for the message: `the band's names`.
    pub what: &'static str,
}

/// A colour of a layout, as a [`Contrast`] names it.
#[derive(Debug, Clone, Copy)]
pub enum Paint {
    /// The white page.
    Page,
    /// The layout's colour `key`: the data's (`accent`, `muted` from
    /// `design.colors`, an own option from `design.layouts.NAME`) or else
    /// `default`, as `#rrggbb`, the layout's `merge-design` default.
    Layout {
        /// The key in the layout's `merge-design` defaults.
        key: &'static str,
        /// Its default there, as `#rrggbb`.
        default: &'static str,
    },
    /// A [`Paint::Layout`] mixed with white by `by` (0 to 1), as Typst's
    /// `lighten(by)` draws it.
    Lightened(&'static str, &'static str, f64),
}

/// The least contrast of a decoration against what it is drawn on.
const SEEN: f64 = 1.5;
/// The least contrast of text against its ground, as for `colors.accent`.
const LEGIBLE: f64 = 3.0;

/// An option of one layout's own: its key in `design.layouts.NAME` and in
/// the layout's `merge-design` defaults, what it takes, and what it does.
#[derive(Debug)]
pub struct LayoutOption {
    /// The key, in kebab-case, as Typst names it (`glow-edge`).
    pub key: &'static str,
    /// What the value is, which says how it is checked and normalised.
    pub kind: OptionKind,
    /// What it changes, for the README and messages.
    pub about: &'static str,
}

/// What a [`LayoutOption`] takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// A colour as `design.colors` takes it, normalised to `#rrggbb`.
    Color,
    /// A length as `design.fontSize` takes it, normalised to points.
    Length,
}

const OVNI_INK: Paint = Paint::Layout { key: "ink", default: "#1b1f4b" };
const OVNI_GLOW_EDGE: Paint = Paint::Layout { key: "glow-edge", default: "#5dbf86" };
const SIDEBAR_BAND: Paint = Paint::Layout { key: "band", default: "#edf2f7" };

/// Every built-in layout.
pub const BUILTIN: &[Builtin] = &[
    Builtin {
        name: "classic",
        summary: "traditional CV on as many pages as it takes, serif body, dates in a column",
        source: include_str!("../layouts/classic.typ"),
        max_pages: None,
        options: &[],
        contrasts: &[],
    },
    Builtin {
        name: "onepage",
        summary: "the whole CV on exactly one page, fitted by measuring, never overflowing",
        source: include_str!("../layouts/onepage.typ"),
        max_pages: Some(1),
        options: &[],
        contrasts: &[],
    },
    Builtin {
        name: "ovni",
        summary: "the humorous one: flying saucers, mission logs and intercepted transmissions",
        source: include_str!("../layouts/ovni.typ"),
        max_pages: None,
        options: &[
            LayoutOption {
                key: "ink",
                kind: OptionKind::Color,
                about: "the name, headings, titles and the saucer",
            },
            LayoutOption {
                key: "glow",
                kind: OptionKind::Color,
                about: "the saucer's beam and the margin's notes",
            },
            LayoutOption {
                key: "glow-edge",
                kind: OptionKind::Color,
                about: "the beam's edge, the photo's ring and the sparkles",
            },
        ],
        contrasts: &[
            Contrast {
                front: OVNI_INK,
                back: Paint::Page,
                min: LEGIBLE,
                what: "the name and headings",
            },
            Contrast {
                front: OVNI_INK,
                back: Paint::Lightened("glow", "#d9f5e3", 0.55),
                min: LEGIBLE,
                what: "the margin's notes",
            },
            Contrast {
                front: OVNI_GLOW_EDGE,
                back: Paint::Page,
                min: SEEN,
                what: "the photo's ring and the summary's bar",
            },
            Contrast {
                front: OVNI_GLOW_EDGE,
                back: Paint::Layout { key: "glow", default: "#d9f5e3" },
                min: SEEN,
                what: "the beam's edge",
            },
        ],
    },
    Builtin {
        name: "sidebar",
        summary: "two columns: photo, contacts and skills in a tinted band, the rest beside it",
        source: include_str!("../layouts/sidebar.typ"),
        max_pages: None,
        options: &[
            LayoutOption { key: "band", kind: OptionKind::Color, about: "the band's tint" },
            LayoutOption {
                key: "band-width",
                kind: OptionKind::Length,
                about: "the band's width, from the page's edge",
            },
        ],
        contrasts: &[
            Contrast {
                front: Paint::Layout { key: "ink", default: "#1f2a37" },
                back: SIDEBAR_BAND,
                min: LEGIBLE,
                what: "the band's headings, names and contacts",
            },
            Contrast {
                front: Paint::Layout { key: "muted", default: "#525252" },
                back: SIDEBAR_BAND,
                min: LEGIBLE,
                what: "the band's networks, levels and keywords",
            },
        ],
    },
];

/// The layout a run uses.
#[derive(Debug, Clone)]
pub enum Layout {
    /// A built-in layout.
    Builtin(&'static Builtin),
    /// A user's layout file.
    Custom {
        /// Its path as given.
        path: PathBuf,
        /// Its text.
        text: String,
    },
}

impl Layout {
    /// Resolves `--layout`: a built-in name, or a path to a `.typ` file.
    pub fn resolve(arg: &str) -> Result<Self, Error> {
        if let Some(builtin) = BUILTIN.iter().find(|b| b.name == arg) {
            return Ok(Self::Builtin(builtin));
        }
        let path = Path::new(arg);
        if path.extension().is_some_and(|e| e == "typ") {
            let bytes = gate::read(path, Kind::Layout)
                .map_err(|refusal| refusal.into_error("the layout", path))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                let valid = e.utf8_error().valid_up_to();
                let source =
                    SourceText::new(arg, String::from_utf8_lossy(e.as_bytes()).into_owned());
                Error::invalid(
                    Diagnostic::error("the layout is not valid UTF-8 text")
                        .at(&source, valid..valid + 1)
                        .with_label("this byte is not UTF-8")
                        .with_hint("save the layout as UTF-8 in your editor"),
                )
            })?;
            return Ok(Self::Custom { path: path.to_owned(), text });
        }
        let names: Vec<&str> = BUILTIN.iter().map(|b| b.name).collect();
        Err(Error::Usage(format!(
            "unknown layout `{arg}`: use one of {}, or a path to a .typ file",
            names.join(", ")
        )))
    }

    /// The name used in output file names: `classic`, or the file's stem.
    pub fn name(&self) -> String {
        match self {
            Self::Builtin(builtin) => builtin.name.to_owned(),
            Self::Custom { path, .. } => {
                path.file_stem().map_or("custom".into(), |s| s.to_string_lossy().into_owned())
            }
        }
    }

    /// The page limit of the layout, if it has one.
    pub fn max_pages(&self) -> Option<usize> {
        match self {
            Self::Builtin(builtin) => builtin.max_pages,
            Self::Custom { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_names_and_refuses_unknown_ones() {
        assert_eq!(Layout::resolve("classic").unwrap().name(), "classic");
        let error = Layout::resolve("fancy").unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(error.to_string().contains("classic"));
        let missing = Layout::resolve("missing.typ").unwrap_err();
        assert_eq!(missing.exit_code(), 1);
        assert!(missing.to_string().contains("there is no such file"), "{missing}");
    }

    /// The defaults the contrast checks assume are the layouts' own.
    #[test]
    fn contrast_defaults_are_the_layouts() {
        for layout in BUILTIN {
            for pair in layout.contrasts {
                for paint in [pair.front, pair.back] {
                    let (key, default) = match paint {
                        Paint::Page => continue,
                        Paint::Layout { key, default } | Paint::Lightened(key, default, _) => {
                            (key, default)
                        }
                    };
                    let grey = |n: u8| format!("#{n:02x}{n:02x}{n:02x}");
                    let declared = (0..=255u8).find_map(|n| {
                        let luma = format!("  {key}: luma({n}),");
                        layout.source.contains(&luma).then(|| grey(n))
                    });
                    let rgb = format!("  {key}: rgb(\"{default}\"),");
                    assert!(
                        layout.source.contains(&rgb) || declared.as_deref() == Some(default),
                        "{}: {key} is not {default}",
                        layout.name
                    );
                }
            }
        }
    }
}
