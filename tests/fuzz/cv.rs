//! Valid CVs: texts within cvpdf's limits, dates in order, and sections of
//! entries with some of their fields, in any order.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};

use crate::harness::Budget;
use crate::pieces::{PIECES, REPEATED};
use crate::shape::{EXTENSIONS, F, FREE_SECTION, entry_sections, one_of};
use crate::yaml::Node;

/// Prose for the fields of a valid CV: words, Markdown, Typst markup and
/// hard Unicode, sometimes long.
fn cv_text() -> BoxedStrategy<String> {
    // Long runs of one character can take Typst seconds to lay out: short
    // runs keep a debug `cargo test` quick.
    let longest = if Budget::from_env(0).deadline.is_some() { 600usize } else { 40 };
    let piece = prop_oneof![
        8 => "[A-Za-z][a-z]{0,9}",
        4 => select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => (select(REPEATED), 1..longest).prop_map(|(unit, n)| unit.repeat(n)),
    ];
    vec((piece, select(&[" ", " ", " ", "", "\n"][..])), 0..24)
        .prop_map(|pieces| {
            within_cluster_limit(pieces.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
        })
        .boxed()
}

/// `text` with a space in each grapheme cluster longer than cvpdf accepts
/// ([`cvpdf::model::MAX_CLUSTER_CHARS`]): a valid CV holds none.
fn within_cluster_limit(text: String) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let limit = cvpdf::model::MAX_CLUSTER_CHARS;
    if !text.graphemes(true).any(|g| g.chars().nth(limit).is_some()) {
        return text;
    }
    let mut split = String::with_capacity(text.len() + 16);
    for cluster in text.graphemes(true) {
        for (i, c) in cluster.chars().enumerate() {
            // The space starts a cluster of its own, which marks extend.
            if i > 0 && i % (limit - 1) == 0 {
                split.push(' ');
            }
            split.push(c);
        }
    }
    split
}

fn cv_name() -> BoxedStrategy<String> {
    (cv_text(), "[A-Za-zÀ-ÿ]{1,12}").prop_map(|(text, word)| format!("{word} {text}")).boxed()
}

/// A text field: plain, or translated into two or three languages.
fn cv_text_node(text: BoxedStrategy<String>) -> BoxedStrategy<Node> {
    let plain = text.clone().prop_map(|t| Node::Scalar(t, 2));
    let translated =
        (text.clone(), text.clone(), proptest::option::of(text)).prop_map(|(en, fr, es)| {
            let mut entries = vec![
                ("en".to_owned(), Node::Scalar(en, 2)),
                ("fr".to_owned(), Node::Scalar(fr, 2)),
            ];
            if let Some(es) = es {
                entries.push(("es".to_owned(), Node::Scalar(es, 2)));
            }
            Node::Map(entries, false)
        });
    prop_oneof![5 => plain, 1 => translated].boxed()
}

fn cv_url() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "https://[a-z0-9-]{1,10}(\\.[a-z]{2,6}){1,2}(:[0-9]{1,5})?(/[^\\s]{0,30})?",
        1 => "http://[\\p{L}0-9]{1,8}\\.[a-z]{2,3}/[^\\s]{0,200}",
        1 => one_of(&["https://example.com", "https://x.org/#", "https://a.b/\")#x[y]*z_\\", "https://exämple.fr/ü?q=«»&r=#f"]),
    ]
    .boxed()
}

fn cv_date() -> BoxedStrategy<(u16, Option<u8>, Option<u8>)> {
    (1000u16..3000, proptest::option::of(1u8..=12), 1u8..=28, any::<bool>())
        .prop_map(|(y, m, d, with_day)| (y, m, m.and(with_day.then_some(d))))
        .boxed()
}

fn date_text((y, m, d): (u16, Option<u8>, Option<u8>)) -> String {
    match (m, d) {
        (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    }
}

fn string(text: String) -> Node {
    Node::Scalar(text, 2)
}

/// The fields of an entry: some of the table's, valid.
/// A free section (`titled`) needs a title.
fn cv_entry(table: &'static [(&'static str, F)], titled: bool) -> BoxedStrategy<Node> {
    // Free sections have their own `body` and `tags`, and no `short`.
    let fields: Vec<(&'static str, F)> =
        if titled { table.to_vec() } else { [table, EXTENSIONS].concat() };
    let count = fields.len();
    (
        proptest::sample::subsequence(fields, 0..=count),
        vec(cv_text_node(cv_text()), 16),
        vec(cv_url(), 2),
        cv_date(),
        proptest::option::of(cv_date()),
        proptest::sample::subsequence(vec!["a", "b", "c"], 0..=2),
        vec(vec(cv_text_node(cv_text()), 0..4), 2),
        0u8..2,
    )
        .prop_map(move |(fields, texts, urls, start, end, tags, lists, flow)| {
            let key = |d: (u16, Option<u8>, Option<u8>)| (d.0, d.1.unwrap_or(0), d.2.unwrap_or(0));
            let (start, end) = match end {
                Some(end) if key(end) < key(start) => (end, Some(start)),
                other => (start, other),
            };
            let mut texts = texts.into_iter();
            let mut lists = lists.into_iter();
            let mut entries = Vec::new();
            for (name, kind) in fields {
                let value = match (name, kind) {
                    ("startDate" | "date" | "releaseDate", _) => string(date_text(start)),
                    ("endDate", _) => match end {
                        Some(end) => string(date_text(end)),
                        None => continue,
                    },
                    (_, F::Url) => string(urls[entries.len() % 2].clone()),
                    (_, F::Texts) => Node::Seq(lists.next().unwrap_or_default(), false),
                    (_, F::Strs) => {
                        Node::Seq(tags.iter().map(|t| string((*t).into())).collect(), false)
                    }
                    (_, F::Bool) => Node::Scalar((entries.len() % 2 == 0).to_string(), 4),
                    (_, F::Str) => string(format!("id-{}", entries.len())),
                    _ => texts.next().unwrap_or_else(|| string("x".into())),
                };
                entries.push((name.to_owned(), value));
            }
            if titled {
                entries.retain(|(k, _)| k != "title");
                entries.insert(0, ("title".into(), string("Section".into())));
            }
            Node::Map(entries, flow == 1)
        })
        .boxed()
}

fn cv_basics() -> BoxedStrategy<Node> {
    (
        cv_text_node(cv_name()),
        proptest::option::of(cv_text_node(cv_text())),
        proptest::option::of("[a-z0-9.+_%!#$&'*/=?^`{|}~-]{1,10}@[a-z0-9-]{1,10}\\.[a-z]{2,6}"),
        proptest::option::of(cv_text()),
        proptest::option::of(cv_url()),
        proptest::option::of(cv_text_node(cv_text())),
        proptest::option::of((cv_text_node(cv_text()), cv_text_node(cv_text()), cv_text())),
        vec((cv_text_node(cv_text()), cv_text(), proptest::option::of(cv_url())), 0..4),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(name, label, email, phone, url, summary, location, profiles, web_image)| {
            let mut entries = vec![("name".to_owned(), name)];
            if let Some(label) = label {
                entries.push(("label".into(), label));
            }
            if let Some(email) = email {
                entries.push(("email".into(), string(email)));
            }
            if let Some(phone) = phone {
                entries.push(("phone".into(), string(phone)));
            }
            if let Some(url) = url {
                entries.push(("url".into(), string(url)));
            }
            if web_image {
                entries.push(("image".into(), string("https://example.org/me.png".into())));
            }
            if let Some(summary) = summary {
                entries.push(("summary".into(), summary));
            }
            if let Some((city, region, country)) = location {
                entries.push((
                    "location".into(),
                    Node::Map(
                        vec![
                            ("city".into(), city),
                            ("region".into(), region),
                            ("countryCode".into(), string(country)),
                        ],
                        false,
                    ),
                ));
            }
            let profiles = profiles
                .into_iter()
                .map(|(network, username, url)| {
                    let mut p = vec![
                        ("network".to_owned(), network),
                        ("username".into(), string(username)),
                    ];
                    if let Some(url) = url {
                        p.push(("url".into(), string(url)));
                    }
                    Node::Map(p, false)
                })
                .collect();
            entries.push(("profiles".into(), Node::Seq(profiles, false)));
            Node::Map(entries, false)
        })
        .boxed()
}

fn cv_meta() -> BoxedStrategy<Node> {
    (
        proptest::option::of(one_of(&[
            "en",
            "fr",
            "es",
            "de",
            "pt-BR",
            "zh",
            "ar",
            "he",
            "zh-Hant-TW",
            "sr-Latn",
            "eng",
        ])),
        proptest::option::of(one_of(&[
            "2024-03-01",
            "2024-03-01T09:30:00",
            "1000-01-01T00:00+01:00",
            "2999-12-31T23:59:59-14:00",
            "2024-02-29 23:59:59Z",
        ])),
        proptest::sample::subsequence(
            vec!["work", "skills", "interests", "references", "projects", "section", "talks"],
            0..4,
        ),
    )
        .prop_map(|(lang, modified, optional)| {
            let mut entries = Vec::new();
            if let Some(lang) = lang {
                entries.push(("lang".to_owned(), string(lang)));
            }
            if let Some(modified) = modified {
                entries.push(("lastModified".to_owned(), string(modified)));
            }
            let optional = optional.into_iter().map(|s| string(s.into())).collect();
            entries.push(("optionalSections".to_owned(), Node::Seq(optional, true)));
            Node::Map(entries, false)
        })
        .boxed()
}

/// Free sections with ids of their own, as a valid CV has them: each
/// titled `Section N`, and an `id` given as `id-section-N`.
fn own_ids(sections: Vec<Node>) -> Vec<Node> {
    let own = |(i, section): (usize, Node)| match section {
        Node::Map(fields, flow) => {
            let fields = fields.into_iter().map(|(key, value)| {
                let value = match key.as_str() {
                    "title" => string(format!("Section {}", i + 1)),
                    "id" => string(format!("id-section-{}", i + 1)),
                    _ => value,
                };
                (key, value)
            });
            Node::Map(fields.collect(), flow)
        }
        other => other,
    };
    sections.into_iter().enumerate().map(own).collect()
}

/// A CV that loads: some sections, in any order, valid by construction.
pub fn cv_tree() -> BoxedStrategy<Node> {
    let mut sections: Vec<BoxedStrategy<(String, Node)>> = vec![
        (Just("meta".to_owned()), cv_meta()).boxed(),
        (
            Just("sections".to_owned()),
            vec(cv_entry(FREE_SECTION, true), 0..3).prop_map(|s| Node::Seq(own_ids(s), false)),
        )
            .boxed(),
    ];
    for (key, table) in entry_sections() {
        let entries = vec(cv_entry(table, false), 0..4).prop_map(|s| Node::Seq(s, false));
        sections.push((Just(key.to_owned()), entries).boxed());
    }
    let count = sections.len();
    (
        cv_basics(),
        proptest::sample::subsequence((0..count).collect::<Vec<_>>(), 0..=count),
        sections,
        any::<Index>(),
    )
        .prop_map(move |(basics, chosen, sections, basics_at)| {
            let mut entries: Vec<(String, Node)> =
                chosen.into_iter().map(|i| sections[i].clone()).collect();
            let at = basics_at.index(entries.len() + 1);
            entries.insert(at, ("basics".to_owned(), basics));
            Node::Map(entries, false)
        })
        .boxed()
}
