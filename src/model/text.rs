//! Text fields that may be written once or once per language.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::language::language_tag;
use super::source_map::DataPath;
use crate::diagnostics::{Diagnostic, Location, prints_nothing};

/// A text value: either plain (`Paris`) or one per language
/// (`{fr: Paris, en: Paris}`), from which `--lang` picks one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// The same text in every language.
    Plain(String),
    /// Translations keyed by language code, in the order written.
    Translated(Vec<(String, String)>),
}

impl Text {
    /// The text in `lang` (or, for a regional `lang` such as `en-GB`, in
    /// its language: `en`, else another region's, `en-US`), else the best
    /// there is: in `fallback` (the CV's language), else in English (the
    /// language labels fall back to), else the first translation. The
    /// second value is the code of the translation used in place of
    /// `lang`'s, when it was missing.
    pub fn resolve(&self, lang: &str, fallback: &str) -> (&str, Option<&str>) {
        match self {
            Self::Plain(text) => (text, None),
            Self::Translated(map) => {
                let find = |code: &str| {
                    let primary = |tag: &str| tag.split('-').next().unwrap_or_default().to_owned();
                    let same = |k: &String| k.eq_ignore_ascii_case(code);
                    (map.iter().find(|(k, _)| same(k)))
                        .or_else(|| {
                            map.iter().find(|(k, _)| k.eq_ignore_ascii_case(&primary(code)))
                        })
                        .or_else(|| map.iter().find(|(k, _)| primary(k) == primary(code)))
                };
                if let Some((_, text)) = find(lang) {
                    return (text, None);
                }
                let instead = find(fallback).or_else(|| find("en")).or_else(|| map.first());
                instead.map_or(("", None), |(code, text)| (text, Some(code.as_str())))
            }
        }
    }

    /// Whether every variant prints nothing (see [`prints_nothing`]).
    pub fn is_blank(&self) -> bool {
        self.variants().all(prints_nothing)
    }

    /// Every variant of the text, for checks that apply to all languages.
    pub fn variants(&self) -> impl Iterator<Item = &str> {
        let (plain, translated) = match self {
            Self::Plain(text) => (Some(text.as_str()), &[][..]),
            Self::Translated(map) => (None, map.as_slice()),
        };
        plain.into_iter().chain(translated.iter().map(|(_, v)| v.as_str()))
    }
}

/// An empty text, which prints nothing: what a null list item reads as.
impl Default for Text {
    fn default() -> Self {
        Self::Plain(String::new())
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self::Plain(text.to_owned())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Plain(text) => serializer.serialize_str(text),
            Self::Translated(map) => serializer.collect_map(map.iter().map(|(k, v)| (k, v))),
        }
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text, or a map of language codes to text such as {fr: …, en: …}")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text::Plain(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text::Plain(v))
    }

    // YAML reads `2014` or `1.5` as numbers; in a text field they are text.
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text::Plain(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text::Plain(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(Text::Plain(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text::Plain(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        let mut translations: Vec<(String, String)> = Vec::new();
        let mut blank = false;
        while let Some(lang) = map.next_key::<String>()? {
            // `AWS: EKS` in a list is text with a colon, not a translation:
            // a language's code is written in lower case (`pt_BR` is `pt-BR`).
            let lower =
                lang.split(['-', '_']).next().is_some_and(|p| !p.contains(char::is_uppercase));
            let Some(lang) = language_tag(&lang).ok().filter(|_| lower) else {
                return Err(de::Error::custom(format!(
                    "`{lang}` is not a language code: a translated text maps codes such as `fr` or `en` to text"
                )));
            };
            if translations.iter().any(|(k, _)| *k == lang) {
                return Err(de::Error::custom(format!("duplicate language `{lang}`")));
            }
            // A null or empty translation is absent: another language stands in.
            let text = match map.next_value::<Option<Text>>()? {
                Some(Text::Plain(text)) if !prints_nothing(&text) => text,
                None | Some(Text::Plain(_)) => {
                    blank = true;
                    continue;
                }
                Some(Text::Translated(_)) => {
                    return Err(de::Error::custom("a translation must be text, not another map"));
                }
            };
            translations.push((lang, text));
        }
        if translations.is_empty() && blank {
            return Ok(Text::default());
        }
        if translations.is_empty() {
            return Err(de::Error::custom("a translated text needs at least one language"));
        }
        Ok(Text::Translated(translations))
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Text, or a map of language codes to text ({fr: …, en: …}) for --lang.",
            "anyOf": [
                { "type": ["string", "number", "boolean"] },
                {
                    "type": "object",
                    "propertyNames": { "pattern": "^[a-z]{2,3}([-_][A-Za-z0-9]{1,8})*$" },
                    "additionalProperties": { "type": ["string", "number", "boolean"] },
                    "minProperties": 1
                }
            ]
        })
    }
}

/// The warning for a text at `path` with no translation in `lang`, which
/// prints its `instead` one ([`Text::resolve`]); `main` is the CV's
/// language.
pub fn missing_translation(
    path: &DataPath,
    at: Option<Location>,
    lang: &str,
    instead: &str,
    main: &str,
) -> Diagnostic {
    let whose = if instead.eq_ignore_ascii_case(main) { " (the CV's language)" } else { "" };
    Diagnostic::warning(format!(
        "`{path}` has no `{lang}` translation; using its `{instead}` one{whose}"
    ))
    .at_location(at)
    .with_hint(format!("add `{lang}: …` to this text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_language_with_fallback() {
        let text: Text = serde_yaml::from_str("{fr: Bonjour, en: Hello}").unwrap();
        assert_eq!(text.resolve("en", "fr"), ("Hello", None));
        assert_eq!(text.resolve("es", "fr"), ("Bonjour", Some("fr")));
        // Neither the language nor the CV's: English, else the first.
        assert_eq!(text.resolve("de", "de"), ("Hello", Some("en")));
        let text: Text = serde_yaml::from_str("{fr: Bonjour, es: Hola}").unwrap();
        assert_eq!(text.resolve("de", "de"), ("Bonjour", Some("fr")));
        let plain: Text = serde_yaml::from_str("2014").unwrap();
        assert_eq!(plain.resolve("es", "fr"), ("2014", None));
    }

    #[test]
    fn null_and_empty_translations_are_absent() {
        let text: Text = serde_yaml::from_str("{fr: null, es: '', en: Hello}").unwrap();
        assert_eq!(text.resolve("fr", "en"), ("Hello", Some("en")));
        let text: Text = serde_yaml::from_str("{fr: ~, en: ' '}").unwrap();
        assert_eq!(text, Text::default());
    }

    #[test]
    fn rejects_non_language_keys() {
        let error = serde_yaml::from_str::<Text>("{name: x}").unwrap_err();
        assert!(error.to_string().contains("not a language code"), "{error}");
    }
}
