//! YAML documents as trees, written in a style chosen node by node, or as
//! JSON.

use std::fmt::Write as _;

/// A YAML document as a tree, emitted with a chosen style for each node.
#[derive(Debug, Clone)]
pub enum Node {
    /// A scalar: its text and style (see [`scalar`]).
    Scalar(String, u8),
    /// A mapping, in flow style when the flag says so.
    Map(Vec<(String, Node)>, bool),
    /// A sequence, in flow style when the flag says so.
    Seq(Vec<Node>, bool),
    /// `*aN`.
    Alias(u8),
    /// `&aN` before a node.
    Anchor(u8, Box<Node>),
}

pub fn null() -> Node {
    Node::Scalar("null".into(), 4)
}

/// Whether YAML can read `c` unescaped (its "printable" set).
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// A double-quoted scalar, which is also a JSON string.
fn double_quoted(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if !yaml_printable(c) || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether a scalar can be written plain and still read as this string.
fn plain_safe(text: &str, flow: bool) -> bool {
    let Some(first) = text.chars().next() else { return false };
    let indicators = "-?:,[]{}#&*!|>'\"%@`";
    let indicated = first.is_whitespace()
        || indicators.contains(first)
        || text.ends_with([' ', '\t', ':'])
        || text.contains(": ")
        || text.contains(" #")
        || (flow && text.contains([',', '[', ']', '{', '}']));
    !indicated
        && text.chars().all(|c| yaml_printable(c) && !matches!(c, '\n' | '\r' | '\t'))
        && !["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"]
            .contains(&text.to_lowercase().as_str())
        && text.parse::<f64>().is_err()
}

/// Writes a scalar. Styles: 0 plain when safe, 1 single-quoted, 2 double
/// quoted, 3 literal block (in block context), 4 as it is, whatever it
/// gives; unsafe choices fall back to double quotes.
fn scalar(text: &str, style: u8, flow: bool, indent: usize, out: &mut String) {
    let printable = text.chars().all(|c| yaml_printable(c) && c != '\r');
    match style % 5 {
        0 if plain_safe(text, flow) => out.push_str(text),
        1 if printable && !text.contains(['\n', '\t']) && !text.starts_with(' ') => {
            out.push('\'');
            out.push_str(&text.replace('\'', "''"));
            out.push('\'');
        }
        3 if !flow
            && printable
            && !text.is_empty()
            && !text.starts_with([' ', '\t', '\n'])
            && !text.ends_with([' ', '\t', '\n'])
            // YAML 1.1 reads these as line breaks.
            && !text.contains(['\u{85}', '\u{2028}', '\u{2029}']) =>
        {
            out.push_str("|-");
            for line in text.split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&" ".repeat(indent));
                    out.push_str(line);
                }
            }
        }
        4 => out.push_str(text),
        _ => double_quoted(text, out),
    }
}

fn key_text(key: &str, flow: bool, json: bool, out: &mut String) {
    if !json && plain_safe(key, flow) {
        out.push_str(key);
    } else {
        double_quoted(key, out);
    }
}

/// The document for a tree, in block style (flow where nodes ask), or as
/// JSON when `json` is set (then every scalar must be double-quoted).
pub fn emit(node: &Node, json: bool) -> String {
    let mut out = String::new();
    match node {
        Node::Map(entries, false) if !json && !entries.is_empty() => {
            block_map(entries, 0, &mut out)
        }
        Node::Seq(items, false) if !json && !items.is_empty() => block_seq(items, 0, &mut out),
        _ => {
            flow(node, json, &mut out);
            out.push('\n');
        }
    }
    out
}

fn block_map(entries: &[(String, Node)], indent: usize, out: &mut String) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        key_text(key, false, false, out);
        out.push(':');
        block_value(value, indent + 2, out);
    }
}

fn block_seq(items: &[Node], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        block_value(item, indent + 2, out);
    }
}

/// A value after `key:` or `-`, whose children indent to `indent`.
fn block_value(node: &Node, indent: usize, out: &mut String) {
    match node {
        Node::Scalar(text, style) => {
            out.push(' ');
            scalar(text, *style, false, indent, out);
            out.push('\n');
        }
        Node::Map(entries, false) if !entries.is_empty() => {
            out.push('\n');
            block_map(entries, indent, out);
        }
        Node::Seq(items, false) if !items.is_empty() => {
            out.push('\n');
            block_seq(items, indent, out);
        }
        Node::Anchor(n, inner) => {
            let _ = write!(out, " &a{n}");
            block_value(inner, indent, out);
        }
        _ => {
            out.push(' ');
            flow(node, false, out);
            out.push('\n');
        }
    }
}

fn flow(node: &Node, json: bool, out: &mut String) {
    match node {
        Node::Scalar(text, style) if json => {
            if *style == 4 {
                out.push_str(text);
            } else {
                double_quoted(text, out);
            }
        }
        Node::Scalar(text, style) => scalar(text, *style, true, 0, out),
        Node::Map(entries, _) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                key_text(key, true, json, out);
                out.push_str(": ");
                flow(value, json, out);
            }
            out.push('}');
        }
        Node::Seq(items, _) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, json, out);
            }
            out.push(']');
        }
        Node::Alias(n) => {
            let _ = write!(out, "*a{n}");
        }
        Node::Anchor(n, inner) => {
            let _ = write!(out, "&a{n} ");
            flow(inner, json, out);
        }
    }
}

/// Adds anchors and aliases to a tree, node by node in document order, as
/// `plan` says: a plan value of 5 anchors a node, 6 replaces it with an
/// alias, anything else leaves it.
pub fn add_anchors(node: Node, plan: &[u8], at: &mut usize) -> Node {
    let decision = if plan.is_empty() { 0 } else { plan[*at % plan.len()] };
    *at += 1;
    let node = match node {
        Node::Map(entries, flow) => Node::Map(
            entries.into_iter().map(|(k, v)| (k, add_anchors(v, plan, at))).collect(),
            flow,
        ),
        Node::Seq(items, flow) => {
            Node::Seq(items.into_iter().map(|v| add_anchors(v, plan, at)).collect(), flow)
        }
        other => other,
    };
    match decision % 16 {
        5 => Node::Anchor(decision / 16 % 3, Box::new(node)),
        6 => Node::Alias(decision / 16 % 3),
        _ => node,
    }
}
