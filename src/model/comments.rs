//! Comments that cut a value short. In YAML, ` #` starts a comment even
//! inside an unquoted value: `label: Engineer, Team #2` reads `Engineer,
//! Team`, and `summary: #1 in sales` reads no value at all.
//!
//! The rule: a comment right after an unquoted value on its line (or right
//! after `key:`) whose text starts with a letter or digit straight after
//! the `#` (`#2`, `#1`, `#hashtag`) is such a mistake, and warns. Comments
//! as people write them have a space after the `#` (`name: Ada  # my name`)
//! and stay silent, as do comments on their own lines, after quoted or
//! block values, and anything in JSON.

use std::sync::Arc;

use super::indicators::quoted_line;
use super::source_map::{DataPath, Segment, SourceMap};
use crate::diagnostics::{Diagnostic, SourceText};

/// A warning for each value that a comment of the kind above cuts short.
pub(super) fn cut_by_comments(source: &Arc<SourceText>, map: &SourceMap) -> Vec<Diagnostic> {
    let text = source.text.as_str();
    let mut warnings = Vec::new();
    for (path, offset, value) in map.resolved_scalars() {
        let hash = if value.is_empty() {
            after_key(text, map, path)
        } else {
            after_value(text, *offset, value)
        };
        if let Some(hash) = hash.filter(|&hash| starts_like_text(&text[hash + 1..])) {
            warnings.push(warning(source, map, path, *offset, value, hash));
        }
    }
    warnings
}

/// Whether a comment's text, after its `#`, starts as text rather than as
/// a comment: with a letter or a digit.
fn starts_like_text(comment: &str) -> bool {
    comment.chars().next().is_some_and(char::is_alphanumeric)
}

/// Where the comment that ends the unquoted `value` written at `offset`
/// starts (its `#`), if one does: `value` is read up to it, over lines
/// folded into one.
fn after_value(text: &str, offset: usize, value: &str) -> Option<usize> {
    let mut read = String::new();
    let mut at = offset;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = &text[at..end];
        let hash = comment_start(line);
        if !read.is_empty() {
            read.push(' ');
        }
        read.push_str(line[..hash.unwrap_or(line.len())].trim());
        if let Some(hash) = hash {
            return (read == value).then_some(at + hash);
        }
        if read.len() >= value.len() {
            return None;
        }
        at = end + 1;
    }
    None
}

/// Where the comment right after the key of an empty value starts, as in
/// `summary: #1 in sales`.
fn after_key(text: &str, map: &SourceMap, path: &DataPath) -> Option<usize> {
    let key = map.locate_key(path).filter(|_| matches!(path.0.last(), Some(Segment::Key(_))))?;
    let rest = &text[key.range.end..];
    let rest = rest[..rest.find('\n').unwrap_or(rest.len())].strip_prefix(':')?;
    let value = rest.trim_start_matches([' ', '\t']);
    (value.starts_with('#') && value.len() < rest.len())
        .then(|| key.range.end + 1 + rest.len() - value.len())
}

/// Where a comment starts in a line of an unquoted value: its first `#`
/// after a space or tab.
fn comment_start(line: &str) -> Option<usize> {
    line.match_indices('#').map(|(i, _)| i).find(|&i| i > 0 && line[..i].ends_with([' ', '\t']))
}

fn warning(
    source: &Arc<SourceText>,
    map: &SourceMap,
    path: &DataPath,
    offset: usize,
    value: &str,
    hash: usize,
) -> Diagnostic {
    let line_end = source.text[hash..].find(['\n', '\r']).map_or(source.text.len(), |i| hash + i);
    let comment = source.text[hash..line_end].trim_end();
    let read = match value {
        "" => "no value".to_owned(),
        _ => format!("`{value}`"),
    };
    let mut diagnostic = Diagnostic::warning(format!(
        "`{}`: ` #` starts a YAML comment, so the value reads as {read}",
        map.as_written(path)
    ))
    .at(source, hash..hash + comment.len())
    .with_label("YAML leaves this out as a comment");
    // The line quoted whole, when the value is on the comment's line.
    let same_line = !value.is_empty() && !source.text[offset..hash].contains('\n');
    let fixed = if value.is_empty() { Some(hash) } else { same_line.then_some(offset) }
        .and_then(|at| quoted_line(source, at))
        .map(|(_, _, fixed)| fixed);
    diagnostic = diagnostic.with_hint(match fixed {
        Some(fixed) => format!("if it is part of the text, put the value in quotes: `{fixed}`"),
        None => "if it is part of the text, put the whole value in quotes".to_owned(),
    });
    diagnostic.with_hint("if it is a comment, put a space after the `#`")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each warning's location, message and hints.
    fn warned(yaml: &str) -> Vec<(String, String, Vec<String>)> {
        let source = SourceText::new("cv.yaml", yaml);
        let (map, _) = SourceMap::build(&source);
        cut_by_comments(&source, &map)
            .into_iter()
            .map(|d| (d.location.as_ref().unwrap().display(), d.message, d.hints))
            .collect()
    }

    #[test]
    fn a_comment_that_cuts_a_value_warns() {
        let found = warned("basics:\n  label: Engineer, Team #2\n");
        assert_eq!(
            found,
            [(
                "cv.yaml:2:25".to_owned(),
                "`basics.label`: ` #` starts a YAML comment, so the value reads as `Engineer, Team`"
                    .to_owned(),
                vec![
                    "if it is part of the text, put the value in quotes: `label: \"Engineer, Team #2\"`"
                        .to_owned(),
                    "if it is a comment, put a space after the `#`".to_owned()
                ]
            )]
        );
        let found = warned("work:\n  - summary: #1 in sales\n    highlights:\n      - Ranked #1\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "cv.yaml:2:14");
        assert!(found[0].1.ends_with("so the value reads as no value"), "{found:?}");
        assert_eq!(
            found[0].2[0],
            "if it is part of the text, put the value in quotes: `- summary: \"#1 in sales\"`"
        );
        assert_eq!(found[1].0, "cv.yaml:4:16");
        // Over folded lines, and in brackets.
        assert_eq!(warned("x:\n  summary: Led the\n    team #3 of 5\n")[0].0, "cv.yaml:3:10");
        assert_eq!(warned("x:\n  - a\t#hashtag\n").len(), 1);
    }

    #[test]
    fn comments_as_people_write_them_do_not_warn() {
        for yaml in [
            "# CV\nbasics:\n  name: Ada  # my name\n  label: Engineer # 2 teams\n",
            "basics:\n  # label: x\n  name: Ada\n  #\n  email: a@b.org #\n",
            "x:\n  keywords: [C#, F#]\n  url: https://example.org/#top\n",
            "x:\n  label: \"Team #2\"\n  name: 'No #1' #1\n",
            "x:\n  summary: |\n    Ranked #1 in sales\n  body: >\n    Team #2\n",
            "x:\n  summary: Led the\n    #team\n",
            "x:\n  y: # a comment\n  z:\n    #1 is not a value either\n    w: 1\n",
        ] {
            assert_eq!(warned(yaml), [], "{yaml}");
        }
    }

    #[test]
    fn the_starter_cv_warns_of_nothing() {
        assert_eq!(warned(crate::starter::CV), []);
    }
}
