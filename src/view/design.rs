//! The data's `design`, as layouts read it (`cv.design`): only the options
//! the data sets, normalised (colours as `#rrggbb`, lengths in points,
//! line spacing in em), for each layout to merge over its own defaults
//! (`merge-design` in `layouts/lib/theme.typ`). The options that need no
//! layout act here: the date format, and the sections' order, titles and
//! visibility, which every layout and plain text then obey.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::Section;
use crate::catalogue::SectionKind;
use crate::labels::{DateStyle, Labels};
use crate::layouts::BUILTIN;
use crate::model::{self, Design, Margins, PartialDate};

/// The options of `design` a layout applies, each `null` (left out of
/// `/cv.json`) when the data does not set it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct DesignView {
    /// The accent colour, `#rrggbb`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    /// The colour of secondary text, `#rrggbb`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub muted: Option<String>,
    /// The family of the name, headings and small print.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading_font: Option<String>,
    /// The family of the body text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_font: Option<String>,
    /// The body text's size, in points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font_size: Option<f64>,
    /// The page margins in points, each side the data sets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<MarginView>,
    /// The space between a paragraph's lines, in em.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leading: Option<f64>,
    /// The photo's shape: `circle`, `rounded` or `square`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_shape: Option<String>,
    /// The photo's width and height, in points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_size: Option<f64>,
    /// Options of one layout's own, by layout name (`design.layouts`): a
    /// built-in layout's normalised as its `Builtin` row says (colours as
    /// `#rrggbb`, lengths in points), a custom layout's as written.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub layouts: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// What a custom layout's options written as text name, by layout name
    /// and key: a colour (`darkgreen`) and a length (`1cm`), as cvpdf reads
    /// `design`'s own, for `merge-design` to read each option as its
    /// default's type. Only texts that name one are listed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub readings: BTreeMap<String, BTreeMap<String, Reading>>,
}

/// What a text names, as [`DesignView::readings`] lists it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Reading {
    /// The colour it names, `#rrggbb`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// The length it is, in points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<f64>,
}

/// Page margins in points; a side left out keeps the layout's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct MarginView {
    /// The top margin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top: Option<f64>,
    /// The bottom margin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bottom: Option<f64>,
    /// The left and right margins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<f64>,
}

impl DesignView {
    /// The view of a checked `design`; a value the model refused is left
    /// out (the load has already failed on it).
    pub fn new(design: &Design) -> Self {
        let color = |c: &Option<String>| c.as_deref().and_then(|c| model::color(c).ok());
        let family = |f: &Option<String>| {
            f.as_deref().map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned)
        };
        let points = |l: &Option<model::Length>| l.as_ref().and_then(|l| model::points(l).ok());
        let margin = design.margins.as_ref().map(|margins| match margins {
            Margins::All(all) => {
                let all = model::points(all).ok();
                MarginView { top: all, bottom: all, x: all }
            }
            Margins::Sides(sides) => MarginView {
                top: points(&sides.top),
                bottom: points(&sides.bottom),
                x: points(&sides.x),
            },
        });
        Self {
            accent: color(&design.colors.accent),
            muted: color(&design.colors.muted),
            heading_font: family(&design.fonts.heading),
            body_font: family(&design.fonts.body),
            font_size: points(&design.font_size),
            margin,
            leading: design.line_spacing.as_ref().and_then(|l| model::ems(l).ok()),
            photo_shape: design.photo.shape.as_ref().map(|s| s.trim().to_lowercase()),
            photo_size: points(&design.photo.size),
            layouts: layout_options(design),
            readings: design
                .layouts
                .iter()
                .filter(|(n, _)| !BUILTIN.iter().any(|b| b.name.eq_ignore_ascii_case(n)))
                .map(|(n, o)| (n.clone(), readings(o)))
                .filter(|(_, r)| !r.is_empty())
                .collect(),
        }
    }
}

/// What a custom layout's options written as text name.
fn readings(options: &BTreeMap<String, serde_json::Value>) -> BTreeMap<String, Reading> {
    options
        .iter()
        .filter_map(|(key, value)| {
            let text = value.as_str()?;
            let reading = Reading {
                color: model::color(text).ok(),
                length: model::points(&model::Length::Text(text.to_owned())).ok(),
            };
            (reading != Reading::default()).then(|| (key.clone(), reading))
        })
        .collect()
}

/// The options of `design.layouts`: a built-in layout's under its name,
/// each key as its row writes it and its value normalised (names and keys
/// ignore case); a custom layout's as written.
fn layout_options(design: &Design) -> BTreeMap<String, BTreeMap<String, serde_json::Value>> {
    let mut all: BTreeMap<String, BTreeMap<String, serde_json::Value>> = BTreeMap::new();
    for (name, options) in &design.layouts {
        if !BUILTIN.iter().any(|b| b.name.eq_ignore_ascii_case(name)) {
            all.insert(name.clone(), options.clone());
        }
    }
    for layout in BUILTIN {
        for (option, _, _, value) in model::builtin_options(design, layout) {
            if let Ok(value) = model::layout_option(option.kind, value) {
                all.entry(layout.name.to_owned()).or_default().insert(option.key.to_owned(), value);
            }
        }
    }
    all
}

/// How dates print, from `design.dateFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateFormat {
    /// The language's own, [`Labels::date`].
    #[default]
    Default,
    /// The month's short name and the year: `Jan 2020`.
    MonthYear,
    /// The month's number and the year: `01/2020`.
    Numeric,
    /// The year alone: `2020`.
    Year,
}

impl DateFormat {
    /// The format `design.dateFormat` names; the language's own when it
    /// names none (the model has refused an unknown name).
    pub fn new(design: &Design) -> Self {
        match design.date_format.as_deref().map(|f| f.trim().to_lowercase()).as_deref() {
            Some("month-year") => Self::MonthYear,
            Some("numeric") => Self::Numeric,
            Some("year") => Self::Year,
            _ => Self::Default,
        }
    }

    /// A date as printed in this format.
    pub fn date(self, labels: &Labels, date: &PartialDate) -> String {
        match (self, date.month) {
            (Self::Default, _) => labels.date(date),
            (Self::MonthYear, Some(_)) => labels.date_in(date, DateStyle::Named),
            (Self::Numeric, Some(month)) => format!("{month:02}/{}", date.year),
            _ => date.year.to_string(),
        }
    }

    /// A range as printed in this format, as [`Labels::range`] joins it.
    pub fn range(
        self,
        labels: &Labels,
        start: Option<&PartialDate>,
        end: Option<&PartialDate>,
    ) -> String {
        labels.range_with(start, end, |d| self.date(labels, d))
    }
}

/// Applies `design.sections` to the built sections: hidden ones left out,
/// titles replaced (`titles`, resolved to the view's language), and the
/// sections `order` names first, in its order, the others after them in
/// the data's. `sections` in `order` or `hidden` stands for the free
/// sections not named by their id.
pub fn arrange(sections: &mut Vec<Section>, design: &Design, titles: &[(String, String)]) {
    let named = &design.sections;
    let is_free = |s: &Section| s.kind == SectionKind::Text;
    // Keys ignore case, as every name in `design`.
    let same = |key: &String, id: &str| key.to_lowercase() == id.to_lowercase();
    let matches = |list: &[String], s: &Section| {
        list.iter().any(|k| same(k, &s.id))
            || (is_free(s) && list.iter().any(|k| same(k, "sections")))
    };
    sections.retain(|s| !matches(&named.hidden, s));
    for section in sections.iter_mut() {
        if let Some((_, title)) = titles.iter().find(|(key, _)| same(key, &section.id)) {
            section.title.clone_from(title);
        }
    }
    let rank = |s: &Section| {
        named.order.iter().position(|k| same(k, &s.id)).or_else(|| {
            is_free(s).then(|| named.order.iter().position(|k| same(k, "sections"))).flatten()
        })
    };
    sections.sort_by_key(|s| rank(s).unwrap_or(usize::MAX));
}
