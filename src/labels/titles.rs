//! Section titles: the summary's, and one for each titled section of the
//! catalogue, read from a language's `[sections]` table.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::catalogue::SECTIONS;

/// Section titles: the summary's, and those of the catalogue's sections
/// (see [`crate::catalogue`]), in one language. Layouts read them as
/// `labels.sections.summary`, `labels.sections.work`…
#[derive(Debug, Deserialize)]
#[serde(try_from = "BTreeMap<String, String>")]
pub struct SectionTitles {
    /// `basics.summary`.
    pub summary: String,
    /// The titles of [`SectionTitles::keys`], in their order.
    titles: Vec<String>,
}

impl SectionTitles {
    /// The title of the catalogue's section `key`; `None` for free sections
    /// and unknown keys.
    pub fn get(&self, key: &str) -> Option<&str> {
        Self::keys().position(|k| k == key).map(|i| self.titles[i].as_str())
    }

    /// The titled sections' keys, in the catalogue's order.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        SECTIONS.iter().filter(|s| s.titled).map(|s| s.key)
    }
}

impl TryFrom<BTreeMap<String, String>> for SectionTitles {
    type Error = String;

    /// Takes `summary` and a title for each of [`SectionTitles::keys`],
    /// and no other key.
    fn try_from(mut map: BTreeMap<String, String>) -> Result<Self, String> {
        let mut take = |key: &str| map.remove(key).ok_or_else(|| format!("no title for `{key}`"));
        let summary = take("summary")?;
        let titles = Self::keys().map(take).collect::<Result<_, _>>()?;
        match map.keys().next() {
            Some(key) => Err(format!("`{key}` is no titled section of the catalogue")),
            None => Ok(Self { summary, titles }),
        }
    }
}

impl Serialize for SectionTitles {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("summary", &self.summary)?;
        for (key, title) in Self::keys().zip(&self.titles) {
            map.serialize_entry(key, title)?;
        }
        map.end()
    }
}

impl JsonSchema for SectionTitles {
    fn schema_name() -> Cow<'static, str> {
        "SectionTitles".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let keys: Vec<&str> = std::iter::once("summary").chain(Self::keys()).collect();
        let heading = |key: &str| match key {
            "summary" => "The heading of `basics.summary`.".to_owned(),
            _ => format!("The heading of the `{key}` section."),
        };
        let properties: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .map(|k| ((*k).to_owned(), json!({ "type": "string", "description": heading(k) })))
            .collect();
        json_schema!({
            "description": "Section titles: `summary` for `basics.summary`, then one for each \
                            section of the catalogue, by its key.",
            "type": "object",
            "properties": properties,
            "required": keys,
        })
    }
}
