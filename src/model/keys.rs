//! Unknown keys: which keys each level accepts (from the JSON Schema of the
//! data) and the closest one to a typo.

use std::sync::LazyLock;

use serde_json::Value as Json;

use super::Cv;
use super::source_map::{DataPath, Segment, SourceMap};
use crate::diagnostics::Diagnostic;

/// The JSON Schema of [`Cv`], which lists the keys each level accepts.
static SCHEMA: LazyLock<Json> =
    LazyLock::new(|| serde_json::to_value(schemars::schema_for!(Cv)).unwrap_or(Json::Null));

/// An error for an unknown key, unless it is an `x-` key or `$schema`, and
/// the path of the known key it is probably a typo of.
pub(super) fn unknown_key(
    map: &SourceMap,
    path: &DataPath,
) -> Option<(Diagnostic, Option<DataPath>)> {
    let key = path.last_key()?;
    if key.starts_with("x-") || key == "$schema" {
        return None;
    }
    let parent = path.parent().unwrap_or_default();
    let known = known_keys(&parent);
    let where_ =
        if parent.0.is_empty() { "at the top level".into() } else { format!("in `{parent}`") };
    let mut diagnostic = Diagnostic::error(format!("unknown key `{key}` {where_}"))
        .at_location(map.locate_key(path).or_else(|| map.locate(path)))
        .with_label("not a key cvpdf knows");
    let suggestion = did_you_mean(key, &known);
    if let Some(suggestion) = &suggestion {
        diagnostic = diagnostic.with_hint(format!("did you mean `{suggestion}`?"));
    } else if !known.is_empty() {
        diagnostic = diagnostic.with_hint(format!("the keys here are: {}", known.join(", ")));
    }
    let meant = suggestion.map(|s| parent.key(&s));
    Some((diagnostic.with_hint("to keep a key of your own, start it with `x-`"), meant))
}

/// The keys the schema accepts at `path`.
pub(super) fn known_keys(path: &DataPath) -> Vec<String> {
    let root = &*SCHEMA;
    let mut node = resolve(root, root);
    for segment in &path.0 {
        let next = match segment {
            Segment::Key(key) => node.and_then(|n| n.get("properties")).and_then(|p| p.get(&**key)),
            Segment::Index(_) => node.and_then(|n| n.get("items")),
        };
        node = next.and_then(|n| resolve(root, n));
    }
    node.and_then(|n| n.get("properties"))
        .and_then(Json::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

/// Whether the value at `path` is text (or may be): its schema, or one
/// branch of it, has the type `string`. A translation of a text is text.
pub(super) fn takes_text(path: &DataPath) -> bool {
    let root = &*SCHEMA;
    let mut nodes = branches(root, root);
    for segment in &path.0 {
        let next: Vec<&Json> = nodes
            .iter()
            .filter_map(|node| match segment {
                Segment::Key(key) => node
                    .get("properties")
                    .and_then(|p| p.get(&**key))
                    .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
                Segment::Index(_) => node.get("items"),
            })
            .collect();
        nodes = next.into_iter().flat_map(|n| branches(root, n)).collect();
    }
    nodes.iter().any(|node| match node.get("type") {
        Some(Json::String(kind)) => kind == "string",
        Some(Json::Array(kinds)) => kinds.iter().any(|k| k == "string"),
        _ => false,
    })
}

/// The schemas a value at `node` may match: `$ref` followed, every branch
/// of `anyOf`.
fn branches<'a>(root: &'a Json, node: &'a Json) -> Vec<&'a Json> {
    if let Some(reference) = node.get("$ref").and_then(Json::as_str) {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return root
            .get("$defs")
            .and_then(|d| d.get(name))
            .map_or_else(Vec::new, |n| branches(root, n));
    }
    match node.get("anyOf").and_then(Json::as_array) {
        Some(options) => options.iter().flat_map(|o| branches(root, o)).collect(),
        None => vec![node],
    }
}

/// Follows `$ref` and the object branch of `anyOf` (how `Option` is written).
fn resolve<'a>(root: &'a Json, node: &'a Json) -> Option<&'a Json> {
    if let Some(reference) = node.get("$ref").and_then(Json::as_str) {
        let name = reference.rsplit('/').next()?;
        return resolve(root, root.get("$defs")?.get(name)?);
    }
    if let Some(options) = node.get("anyOf").and_then(Json::as_array) {
        return options
            .iter()
            .filter_map(|o| resolve(root, o))
            .find(|o| o.get("properties").is_some() || o.get("items").is_some());
    }
    Some(node)
}

/// The known key closest to `key`, if one is close enough to be a typo.
pub(crate) fn did_you_mean(key: &str, known: &[String]) -> Option<String> {
    let normalise = |s: &str| s.to_lowercase().replace(['_', '-', ' '], "");
    let wanted = normalise(key);
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&wanted, &normalise(k)), k))
        .filter(|(score, _)| *score > 0.82)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.clone())
}
