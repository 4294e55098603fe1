//! cvpdf extension `design`: the options a person sets without writing a
//! layout (colours, fonts, sizes, margins, dates, sections, photo), read
//! leniently and checked here, each problem at its value. Each layout
//! declares its own defaults, which these options override (see
//! `layouts/lib/theme.typ`, `merge-design`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::colour::color;
use super::source_map::{DataPath, SourceMap};
use super::{Cv, Text, null_as_absent, null_as_default, null_values_absent};
use crate::diagnostics::Diagnostic;
use crate::layouts::{BUILTIN, Builtin, LayoutOption, OptionKind};

/// The `design` object: every key is optional, and an absent one keeps the
/// layout's own choice.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct Design {
    /// Colours, as CSS writes them: `#1d3557`, `#c00` or a name (`teal`).
    #[serde(deserialize_with = "null_as_absent")]
    pub colors: Colors,
    /// Font families: any embedded one (Inter, Libertinus Serif, Comic
    /// Neue, Fira Code) or one under `--font-path`.
    #[serde(deserialize_with = "null_as_absent")]
    pub fonts: FontFamilies,
    /// The body text's size: `11pt`, or a number in points.
    pub font_size: Option<Length>,
    /// The page margins: one length for all four sides, or
    /// `{top, bottom, x}` (`x` for left and right), each optional.
    pub margins: Option<Margins>,
    /// The space between the lines of a paragraph, in em (a fraction of
    /// the font size): `0.6em`, or a number such as `0.6`.
    pub line_spacing: Option<Length>,
    /// How dates print: `month-year` (Jan 2020), `numeric` (01/2020),
    /// `year` (2020) or `default` (the language's own).
    pub date_format: Option<String>,
    /// The order, titles and visibility of sections.
    #[serde(deserialize_with = "null_as_absent")]
    pub sections: SectionsDesign,
    /// The photo's shape and size.
    #[serde(deserialize_with = "null_as_absent")]
    pub photo: PhotoDesign,
    /// Options of one layout's own, by layout name: `{ovni: {ink: navy}}`.
    /// A built-in layout's are checked against its list (`cvpdf layouts`
    /// and the README name them); another name's go to custom layouts as
    /// written.
    #[serde(deserialize_with = "layouts_null_as_absent")]
    pub layouts: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
}

/// `design.layouts` with its nulls read as absent: a layout's
/// (`{ovni: null}`) and an option's (`{ovni: {ink: null}}`).
fn layouts_null_as_absent<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, BTreeMap<String, serde_json::Value>>, D::Error> {
    let layouts: BTreeMap<String, BTreeMap<String, serde_json::Value>> =
        null_values_absent(deserializer)?;
    let without_nulls = |options: BTreeMap<String, serde_json::Value>| {
        options.into_iter().filter(|(_, value)| !value.is_null()).collect()
    };
    Ok(layouts.into_iter().map(|(name, options)| (name, without_nulls(options))).collect())
}

/// Colours of a layout.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct Colors {
    /// The accent: headings, rules, links, markers.
    pub accent: Option<String>,
    /// The secondary text: headline, dates, places, contacts.
    pub muted: Option<String>,
}

/// Font families of a layout.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct FontFamilies {
    /// The name's, headings' and small print's family.
    pub heading: Option<String>,
    /// The body text's family.
    pub body: Option<String>,
}

/// A length as written: a number (points, or em for `lineSpacing`), or a
/// number with its unit: `pt`, `mm`, `cm`, `in` (and `em` for
/// `lineSpacing`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Length {
    /// A bare number.
    Number(f64),
    /// A number and its unit, such as `2cm`.
    Text(String),
}

/// The page margins.
#[derive(Debug, Clone, JsonSchema)]
#[serde(untagged)]
pub enum Margins {
    /// The sides, each optional.
    Sides(MarginSides),
    /// One length for all four sides.
    All(Length),
}

/// Reads the sides' mapping through the deserializer's own map access, so
/// that an unknown side (`left`, `tpo`) is seen as an unknown key, which an
/// untagged enum's buffering would hide.
impl<'de> Deserialize<'de> for Margins {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Margins;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a length such as 2cm, or {top, bottom, x}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Margins, A::Error> {
                let sides = serde::de::value::MapAccessDeserializer::new(map);
                MarginSides::deserialize(sides).map(Margins::Sides)
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Margins, E> {
                Ok(Margins::All(Length::Number(n)))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Margins, E> {
                Ok(Margins::All(Length::Number(n as f64)))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Margins, E> {
                Ok(Margins::All(Length::Number(n as f64)))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Margins, E> {
                Ok(Margins::All(Length::Text(text.to_owned())))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// Margins side by side.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct MarginSides {
    /// The top margin.
    pub top: Option<Length>,
    /// The bottom margin.
    pub bottom: Option<Length>,
    /// The left and right margins.
    pub x: Option<Length>,
}

/// Sections: what goes first, what they are called, what is left out.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct SectionsDesign {
    /// Section keys (`work`, `skills`…, or a free section's id) in the
    /// order to print them; the others follow in the data's order.
    /// `sections` stands for the free sections not named.
    #[serde(deserialize_with = "null_as_default")]
    pub order: Vec<String>,
    /// Titles by section key, replacing the language's: `{work: Career}`.
    #[serde(deserialize_with = "null_values_absent")]
    pub titles: BTreeMap<String, Text>,
    /// Section keys to leave out of every output.
    #[serde(deserialize_with = "null_as_default")]
    pub hidden: Vec<String>,
}

/// The photo.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct PhotoDesign {
    /// `circle`, `rounded` or `square`.
    pub shape: Option<String>,
    /// Its width and height: `2.6cm`, or a number in points.
    pub size: Option<Length>,
}

/// The date formats `dateFormat` names.
pub const DATE_FORMATS: [&str; 4] = ["default", "month-year", "numeric", "year"];

/// The photo shapes `photo.shape` names.
pub const PHOTO_SHAPES: [&str; 3] = ["circle", "rounded", "square"];

/// Points per unit of the lengths the data may write.
const UNITS: [(&str, f64); 4] =
    [("pt", 1.0), ("mm", 72.0 / 25.4), ("cm", 72.0 / 2.54), ("in", 72.0)];

/// The largest length accepted, in points: a little more than an A3 page.
const MAX_POINTS: f64 = 1_200.0;

/// A length in points.
///
/// # Errors
/// How to write it, as a hint.
pub fn points(length: &Length) -> Result<f64, String> {
    let value = measure(length)?;
    if !(0.0..=MAX_POINTS).contains(&value) {
        return Err(format!("give a length from 0 to {MAX_POINTS}pt"));
    }
    Ok(value)
}

/// A length in points, of any sign and size (`geometry` bounds it).
///
/// # Errors
/// How to write it, as a hint.
pub(super) fn measure(length: &Length) -> Result<f64, String> {
    let hint = || "write a number and a unit: `11pt`, `18mm`, `2cm` or `0.8in`".to_owned();
    let value = match length {
        Length::Number(n) => *n,
        Length::Text(text) => {
            // Units ignore case, as every name in `design`: `10PT`.
            let text = text.trim().to_lowercase();
            let text = text.as_str();
            match text.parse::<f64>() {
                Ok(number) => number,
                Err(_) => {
                    let (unit, scale) =
                        UNITS.iter().find(|(unit, _)| text.ends_with(unit)).ok_or_else(hint)?;
                    let number = text[..text.len() - unit.len()].trim();
                    number.parse::<f64>().map_err(|_| hint())? * scale
                }
            }
        }
    };
    if !value.is_finite() {
        return Err(hint());
    }
    Ok(value)
}

/// A line spacing in em, any finite number (`geometry` bounds it).
///
/// # Errors
/// How to write it, as a hint.
pub fn ems(length: &Length) -> Result<f64, String> {
    let hint = || "write it in em, a fraction of the font size: `0.6em` or `0.6`".to_owned();
    let value = match length {
        Length::Number(n) => *n,
        Length::Text(text) => {
            let text = text.trim().to_lowercase();
            let number = text.strip_suffix("em").unwrap_or(&text);
            number.trim().parse::<f64>().map_err(|_| hint())?
        }
    };
    // Its bounds are `geometry`'s.
    if !value.is_finite() {
        return Err(hint());
    }
    Ok(value)
}

/// Every problem of `cv.design`, located with `map`.
pub(super) fn check(cv: &Cv, map: &SourceMap) -> Vec<Diagnostic> {
    let design = &cv.design;
    let root = DataPath::default().key("design");
    let mut found = super::geometry::check(design, map, &root);
    found.extend(super::colour::check(&design.colors, map, &root.key("colors")));
    let mut problem = |path: &DataPath, message: String, hint: String| {
        found.push(
            Diagnostic::error(format!("`{}`: {message}", map.as_written(path)))
                .at_location(map.locate(path))
                .with_hint(hint),
        );
    };
    let choices = [
        (root.key("dateFormat"), &design.date_format, &DATE_FORMATS[..], "date format"),
        (root.key("photo").key("shape"), &design.photo.shape, &PHOTO_SHAPES[..], "photo shape"),
    ];
    for (path, value, names, what) in choices {
        if let Some(value) = value
            && !names.contains(&value.trim().to_lowercase().as_str())
        {
            problem(&path, format!("`{value}` is not a {what}"), one_of(value, names));
        }
    }
    found.extend(super::design_sections::check(cv, map, &root.key("sections")));
    found.extend(check_layouts(cv, map, &root.key("layouts")));
    found.extend(super::colour::check_layouts(design, map, &root.key("layouts")));
    found
}

/// A layout option's value, normalised as its kind says: a colour as
/// `#rrggbb`, a length in points.
///
/// # Errors
/// How to write it, as a hint.
pub fn layout_option(
    kind: OptionKind,
    value: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    let length = match value {
        serde_json::Value::Number(n) => n.as_f64().map(Length::Number),
        serde_json::Value::String(text) => Some(Length::Text(text.clone())),
        _ => None,
    };
    match (kind, length) {
        (OptionKind::Color, Some(Length::Text(text))) => color(&text).map(Into::into),
        (OptionKind::Length, Some(length)) => points(&length).map(Into::into),
        (OptionKind::Color, _) => color("?").map(Into::into),
        (OptionKind::Length, None) => points(&Length::Text("?".into())).map(Into::into),
    }
}

/// The options `design` sets for the built-in `layout`: each with its
/// row, the name of the layout and the key as written. Names and keys
/// ignore case (`Sidebar`, `Band`), as every name in `design`; `x-` keys
/// are the person's own.
pub fn builtin_options<'a>(
    design: &'a Design,
    layout: &'static Builtin,
) -> impl Iterator<Item = (&'static LayoutOption, &'a str, &'a str, &'a serde_json::Value)> {
    let named = design.layouts.iter().filter(|(name, _)| name.eq_ignore_ascii_case(layout.name));
    named.flat_map(move |(name, options)| {
        options.iter().filter_map(move |(key, value)| {
            let option = layout.options.iter().find(|o| o.key.eq_ignore_ascii_case(key))?;
            Some((option, name.as_str(), key.as_str(), value))
        })
    })
}

/// The options of built-in layouts in `design.layouts`: known keys, with
/// values of their kind, each layout named once. Other names are custom
/// layouts', unchecked, but for a likely typo of a built-in name.
fn check_layouts(cv: &Cv, map: &SourceMap, root: &DataPath) -> Vec<Diagnostic> {
    let names: Vec<&str> = BUILTIN.iter().map(|b| b.name).collect();
    let mut found = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    // The options set, of the layouts seen: a key set twice in two cases.
    let mut set: Vec<&str> = Vec::new();
    for (name, options) in &cv.design.layouts {
        let path = root.key(name);
        let Some(layout) = BUILTIN.iter().find(|b| b.name.eq_ignore_ascii_case(name)) else {
            found.extend(layout_typo(cv, map, &path, name, &names));
            continue;
        };
        if seen.contains(&layout.name) {
            found.push(
                Diagnostic::error(format!("`{name}`: `{}` is named twice", layout.name))
                    .at_location(map.locate_key(&path))
                    .with_hint("layout names ignore case: put its options under one name"),
            );
        }
        seen.push(layout.name);
        let keys: Vec<&str> = layout.options.iter().map(|o| o.key).collect();
        for (key, value) in options.iter().filter(|(key, _)| !key.to_lowercase().starts_with("x-"))
        {
            let at = path.key(key);
            let written = map.as_written(&at);
            match layout.options.iter().find(|o| o.key.eq_ignore_ascii_case(key)) {
                None => found.push(
                    Diagnostic::error(format!(
                        "`{written}`: `{}` has no option `{key}`",
                        layout.name
                    ))
                    .at_location(map.locate_key(&at))
                    .with_hint(match keys.is_empty() {
                        true => format!("`{}` has no options of its own", layout.name),
                        false => one_of(key, &keys),
                    })
                    .with_hint("to keep a key of your own, start it with `x-`"),
                ),
                Some(option) if set.contains(&option.key) => found.push(
                    Diagnostic::error(format!("`{written}`: `{}` is set twice", option.key))
                        .at_location(map.locate_key(&at))
                        .with_hint("option keys ignore case: keep one"),
                ),
                Some(option) => {
                    set.push(option.key);
                    if let Err(hint) = layout_option(option.kind, value) {
                        found.push(
                            Diagnostic::error(format!("`{written}`: not a value for `{key}`"))
                                .at_location(map.locate(&at))
                                .with_hint(hint),
                        );
                    }
                }
            }
        }
    }
    found
}

/// The error for a layout name that is a likely typo of a built-in one's.
fn layout_typo(
    cv: &Cv,
    map: &SourceMap,
    path: &DataPath,
    name: &str,
    names: &[&str],
) -> Option<Diagnostic> {
    let known: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let present = |k: &str| cv.design.layouts.keys().any(|n| n.eq_ignore_ascii_case(k));
    let Some(super::keys::Closeness::Typo(meant)) = super::keys::closest(name, &known, present)
    else {
        return None;
    };
    Some(
        Diagnostic::error(format!("`{name}` is not a built-in layout"))
            .at_location(map.locate_key(path))
            .with_hint(format!("did you mean `{meant}`?"))
            .with_hint(
                "options under a name that is not a built-in layout's, nor close to one, go \
                 to the custom layout of that name",
            ),
    )
}

/// A length as the person wrote it, for a message.
pub(super) fn written(length: &Length) -> String {
    match length {
        Length::Number(n) => format!("`{n}`"),
        Length::Text(text) => format!("`{text}`"),
    }
}

/// The most choices a hint lists; a longer list is cut to the closest.
const MAX_LISTED: usize = 12;

/// The hint for a value that is not among `names`: the closest, if one is
/// close, and the list, or past [`MAX_LISTED`] names the closest of them
/// with their count (a machine's 227 font families).
pub fn one_of(value: &str, names: &[&str]) -> String {
    let known: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let list = if names.len() <= MAX_LISTED {
        format!("the choices are: {}", names.join(", "))
    } else {
        let wanted = value.trim().to_lowercase();
        let mut sorted: Vec<(bool, usize, &str)> = names
            .iter()
            .map(|name| {
                let lower = name.to_lowercase();
                let related = lower.contains(&wanted) || wanted.contains(&lower);
                (!related, strsim::osa_distance(&wanted, &lower), *name)
            })
            .collect();
        sorted.sort_unstable();
        let closest: Vec<&str> = sorted.iter().take(MAX_LISTED).map(|(.., n)| *n).collect();
        format!("the closest of the {} choices are: {}", names.len(), closest.join(", "))
    };
    match super::keys::closest(value, &known, |_| false) {
        Some(super::keys::Closeness::Typo(k) | super::keys::Closeness::Resembles(k)) => {
            let mut list = list;
            list[..1].make_ascii_uppercase();
            format!("did you mean `{k}`? {list}")
        }
        None => list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_lengths() {
        assert_eq!(color("#C00").unwrap(), "#cc0000");
        assert_eq!(color("teal").unwrap(), "#008080");
        assert_eq!(color(" #1d3557 ").unwrap(), "#1d3557");
        assert!(color("#12345").is_err() && color("bleu").is_err());
        assert!(color("transparent").is_err());
        assert_eq!(points(&Length::Text("1in".into())).unwrap(), 72.0);
        assert!((points(&Length::Text("2cm".into())).unwrap() - 56.692_913).abs() < 1e-4);
        assert_eq!(points(&Length::Number(11.0)).unwrap(), 11.0);
        assert!(points(&Length::Text("2 furlongs".into())).is_err());
        assert!(points(&Length::Number(-1.0)).is_err());
        assert_eq!(ems(&Length::Text("0.8em".into())).unwrap(), 0.8);
        assert!(ems(&Length::Text("3pt".into())).is_err());
        assert_eq!(
            one_of("yaer", &DATE_FORMATS),
            format!("did you mean `year`? The choices are: {}", DATE_FORMATS.join(", "))
        );
    }

    #[test]
    fn a_long_list_of_choices_is_cut_to_the_closest() {
        let mut names: Vec<String> = (0..200).map(|i| format!("Family {i:03}")).collect();
        names.extend(["Noto Sans CJK SC", "Noto Sans", "Noto Serif CJK JP"].map(String::from));
        names.sort();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = one_of("Noto Sans CJK", &names);
        assert!(
            hint.starts_with(
                "did you mean `Noto Sans CJK SC`? The closest of the 203 choices are: Noto Sans \
                 CJK SC, Noto Sans, Noto Serif CJK JP, "
            ),
            "{hint}"
        );
        assert_eq!(hint.matches(", ").count(), MAX_LISTED - 1, "{hint}");
    }
}
