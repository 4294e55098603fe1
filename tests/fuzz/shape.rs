//! JSON Resume's shape: its sections and fields with the kind of value
//! each takes, values of each kind (valid, nearly valid and wild), and
//! documents of that shape with random keys and values.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::pieces::any_text;
use crate::yaml::{Node, add_anchors, null};

/// The kind of value a field takes.
#[derive(Debug, Clone, Copy)]
pub enum F {
    /// Text, or translations.
    Text,
    /// A string.
    Str,
    Date,
    Moment,
    Url,
    Email,
    Lang,
    Bool,
    /// A list of texts.
    Texts,
    /// A list of strings.
    Strs,
    Location,
    Profiles,
}

const LOCATION: &[(&str, F)] = &[
    ("address", F::Text),
    ("postalCode", F::Str),
    ("city", F::Text),
    ("countryCode", F::Str),
    ("region", F::Text),
];
const PROFILE: &[(&str, F)] = &[("network", F::Text), ("username", F::Str), ("url", F::Url)];
const BASICS: &[(&str, F)] = &[
    ("name", F::Text),
    ("label", F::Text),
    ("image", F::Str),
    ("email", F::Email),
    ("phone", F::Str),
    ("url", F::Url),
    ("summary", F::Text),
    ("location", F::Location),
    ("profiles", F::Profiles),
];
const META: &[(&str, F)] = &[
    ("canonical", F::Url),
    ("version", F::Str),
    ("lastModified", F::Moment),
    ("lang", F::Lang),
    ("optionalSections", F::Strs),
];
pub const EXTENSIONS: &[(&str, F)] = &[("body", F::Text), ("short", F::Text), ("tags", F::Strs)];
pub const FREE_SECTION: &[(&str, F)] = &[
    ("title", F::Text),
    ("id", F::Str),
    ("body", F::Text),
    ("items", F::Texts),
    ("optional", F::Bool),
    ("tags", F::Strs),
];
/// The fields of the catalogue's section `key`, a list of entries, read
/// from the data's JSON Schema (less the extensions, which are added
/// apart): Markdown text or lists of it by their type, dates and addresses
/// by their names, as JSON Resume names them.
fn fields(schema: &serde_json::Value, key: &str) -> &'static [(&'static str, F)] {
    let item = &schema["properties"][key]["items"]["$ref"];
    let name = item.as_str().and_then(|r| r.strip_prefix("#/$defs/")).expect("a list of entries");
    let properties = schema["$defs"][name]["properties"].as_object().expect("an object");
    let text = |s: &serde_json::Value| {
        s["$ref"] == "#/$defs/Text" || s["anyOf"][0]["$ref"] == "#/$defs/Text"
    };
    let table: Vec<(&'static str, F)> = properties
        .iter()
        .filter(|(field, _)| EXTENSIONS.iter().all(|(e, _)| e != field))
        .map(|(field, s)| {
            let kind = match field.as_str() {
                _ if text(s) => F::Text,
                _ if s["type"] == "array" && text(&s["items"]) => F::Texts,
                _ if s["type"] == "array" => F::Strs,
                "url" => F::Url,
                f if f == "date" || f.ends_with("Date") => F::Date,
                _ => F::Str,
            };
            (&*Box::leak(field.clone().into_boxed_str()), kind)
        })
        .collect();
    Box::leak(table.into_boxed_slice())
}

/// The catalogue's sections that are lists of entries, with their fields.
pub fn entry_sections() -> impl Iterator<Item = (&'static str, &'static [(&'static str, F)])> {
    let schema = cvpdf::model::schema_of::<cvpdf::model::Cv>();
    cvpdf::catalogue::SECTIONS
        .iter()
        .filter(|s| s.kind != cvpdf::catalogue::SectionKind::Text)
        .map(move |s| (s.key, fields(&schema, s.key)))
}

const LANG_CODES: &[&str] =
    &["en", "fr", "es", "de", "pt-BR", "zh-Hant-TW", "ar", "x", "EN", "fr-", "", "english"];

const DATES: &[&str] = &[
    "2015",
    "2015-06",
    "2015-06-30",
    "2015-06-31",
    "2015-13",
    "2024-02-29",
    "2023-02-29",
    "0999",
    "1000",
    "2999-12-31",
    "3000",
    "2015-6",
    "June 2015",
    "",
    " ",
    "2015-06-01T10:00:00Z",
    "2015-",
    "-2015",
    "2015--06",
    "20150",
    "２０１５",
    "2015-00",
    "2015-06-00",
    "2015-06-01-01",
];

const MOMENTS: &[&str] = &[
    "2024-03-01",
    "2024-03-01T09:30:00",
    "2024-03-01 09:30",
    "2024-03-01T09:30:00Z",
    "2024-03-01T09:30+01:00",
    "2024-03-01T09:30:00-05:00",
    "1000-01-01T00:00+01:00",
    "2999-12-31T23:59:59-14:00",
    "2024-03-01T",
    "2024-03-01TZ",
    "2024-03-01T24:00",
    "2024-03-01T09:30+25:99",
    "2024-03-01T09:30+",
    "2024-03-01T09:30+é",
    "2024-03-01T9é:00",
    "2024-03-01T09:30:00.123Z",
    "2024-03",
    "2024",
    "2024-03-01T+01:00",
    "2024-03-01T09:30-",
];

const URLS: &[&str] = &[
    "https://example.com",
    "http://localhost:8080/x?y#z",
    "https://",
    "https://a..b",
    "https://exämple.fr/ü",
    "mailto:a@b.c",
    "ftp://x.org",
    "https://exa mple.com",
    "javascript:alert(1)",
    "https://a.b/\")#x[y]*z_",
    "https://[::1]/",
    "https://a@b@c/",
    "https://a:b:c",
    "https://a:/x",
    "www.example.com",
    "https://x.org/#",
    "https://-.-",
    "https://a.b/%zz",
    "https://a.b/\u{202e}",
    "http://a.b:99999999999999999999/",
];

pub fn one_of(list: &'static [&'static str]) -> BoxedStrategy<String> {
    select(list).prop_map(str::to_owned).boxed()
}

/// A key that JSON Resume does not have, or a mangled one.
fn random_key() -> BoxedStrategy<String> {
    prop_oneof![
        one_of(&[
            "x-note",
            "$schema",
            "nmae",
            "strtDate",
            "",
            "<<",
            "?",
            "-",
            "日本",
            "name ",
            "Name",
            "start_date",
            "x-",
            "#",
            "a: b",
            "\"q\"",
            "~",
            "null",
            "1",
            "true",
            "work",
            "basics",
            "sections",
            "meta",
            "x-\u{0}",
            "key\nkey",
        ]),
        "[a-zA-Z_$-]{0,12}",
        any_text(),
    ]
    .boxed()
}

fn text_scalar() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[A-Za-z][a-z]{0,8}( [A-Za-z][a-z]{0,8}){0,4}",
        4 => any_text(),
        1 => one_of(&["2014", "1.5", "true", "null", "~", "", "0x1F", ".inf", "-.nan", "1e400",
            "-0", "0o17", "2015-06-01", "12:30:00", "!!binary aGk=", "yes"]),
    ]
    .boxed()
}

fn scalar_node(text: impl Strategy<Value = String> + 'static) -> BoxedStrategy<Node> {
    (text, 0u8..5).prop_map(|(text, style)| Node::Scalar(text, style)).boxed()
}

/// Any YAML value, nested a little.
fn wild() -> BoxedStrategy<Node> {
    let leaf = prop_oneof![
        6 => scalar_node(text_scalar()),
        1 => Just(null()),
        // Deep nesting, past every recursion limit.
        1 => (1..400usize, any::<bool>()).prop_map(|(depth, map)| {
            let mut node = Node::Scalar("deep".into(), 0);
            for _ in 0..depth {
                node = if map {
                    Node::Map(vec![("a".into(), node)], true)
                } else {
                    Node::Seq(vec![node], true)
                };
            }
            node
        }),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            (vec(inner.clone(), 0..5), any::<bool>()).prop_map(|(items, f)| Node::Seq(items, f)),
            (vec((random_key(), inner), 0..5), any::<bool>())
                .prop_map(|(entries, f)| Node::Map(entries, f)),
        ]
    })
    .boxed()
}

/// A value of a field's kind, or sometimes anything.
fn field(kind: F) -> BoxedStrategy<Node> {
    let typed: BoxedStrategy<Node> = match kind {
        F::Text => prop_oneof![
            5 => scalar_node(text_scalar()),
            1 => (vec((one_of(LANG_CODES), prop_oneof![4 => scalar_node(text_scalar()), 1 => wild()]), 0..4), any::<bool>())
                .prop_map(|(entries, f)| Node::Map(entries, f)),
        ]
        .boxed(),
        F::Str => scalar_node(text_scalar()),
        F::Date => scalar_node(prop_oneof![
            3 => one_of(DATES),
            2 => "[0-9]{1,5}(-[0-9]{1,3}){0,3}",
            1 => text_scalar(),
        ]),
        F::Moment => scalar_node(prop_oneof![
            3 => one_of(MOMENTS),
            2 => "[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:]{0,9}([Z+-][0-9:]{0,6})?)?",
            1 => text_scalar(),
        ]),
        F::Url => scalar_node(prop_oneof![
            3 => one_of(URLS),
            2 => "https?://[a-z0-9.:@\\[\\]-]{0,20}(/[^\\s]{0,10})?",
            1 => text_scalar(),
        ]),
        F::Email => scalar_node(prop_oneof![
            2 => "[a-z0-9.+_-]{1,8}@[a-z0-9-]{1,8}\\.[a-z]{2,4}",
            1 => one_of(&["a@b", "a@@b.c", "@b.c", "a@.b", "a@b.", "a b@c.d", "<a@b.c>", "a,b@c.d"]),
            1 => text_scalar(),
        ]),
        F::Lang => scalar_node(prop_oneof![3 => one_of(LANG_CODES), 1 => text_scalar()]),
        F::Bool => scalar_node(one_of(&["true", "false", "yes", "no", "1", "\"true\"", ""])),
        F::Texts => (vec(field(F::Text), 0..4), any::<bool>())
            .prop_map(|(items, f)| Node::Seq(items, f))
            .boxed(),
        F::Strs => (vec(scalar_node(text_scalar()), 0..4), any::<bool>())
            .prop_map(|(items, f)| Node::Seq(items, f))
            .boxed(),
        F::Location => map_of(LOCATION),
        F::Profiles => {
            (vec(map_of(PROFILE), 0..3), any::<bool>()).prop_map(|(i, f)| Node::Seq(i, f)).boxed()
        }
    };
    prop_oneof![12 => typed, 1 => wild(), 1 => Just(null())].boxed()
}

/// A mapping of some of a table's fields, now and then with other keys.
fn map_of(table: &'static [(&'static str, F)]) -> BoxedStrategy<Node> {
    let known = select(table).prop_flat_map(|(key, kind)| (Just(key.to_owned()), field(kind)));
    let pair = prop_oneof![12 => known, 1 => (random_key(), wild())];
    (vec(pair, 0..8), prop::bool::weighted(0.15))
        .prop_map(|(entries, flow)| Node::Map(entries, flow))
        .boxed()
}

fn entries_of(table: &'static [(&'static str, F)]) -> BoxedStrategy<Node> {
    let with_extensions: &'static [(&'static str, F)] =
        Box::leak([table, EXTENSIONS].concat().into_boxed_slice());
    (vec(map_of(with_extensions), 0..4), prop::bool::weighted(0.15))
        .prop_map(|(items, flow)| Node::Seq(items, flow))
        .boxed()
}

/// A JSON-Resume-shaped document with random keys and values.
pub fn resume_tree() -> BoxedStrategy<Node> {
    let mut sections: Vec<BoxedStrategy<(String, Node)>> = vec![
        (Just("basics".to_owned()), map_of(BASICS)).boxed(),
        (Just("meta".to_owned()), map_of(META)).boxed(),
        (Just("sections".to_owned()), entries_of(FREE_SECTION)).boxed(),
        (Just("$schema".to_owned()), field(F::Url)).boxed(),
        (random_key(), wild()).boxed(),
    ];
    for (key, table) in entry_sections() {
        sections.push((Just(key.to_owned()), entries_of(table)).boxed());
    }
    let section = proptest::strategy::Union::new(sections);
    (vec(section, 0..9), vec(any::<u8>(), 0..12))
        .prop_map(|(entries, plan)| add_anchors(Node::Map(entries, false), &plan, &mut 0))
        .boxed()
}
