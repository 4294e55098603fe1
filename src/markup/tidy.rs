//! Paragraphs tidied once built: what HTML's breaks and dropped tags leave.

use super::{Block, Inline};

/// Paragraphs as HTML's breaks and dropped tags leave them: two breaks in a
/// row part paragraphs, none starts or ends with a break or a space, and
/// spaces do not pile up where a tag was.
pub(super) fn tidy(blocks: &mut Vec<Block>) {
    let mut tidied = Vec::with_capacity(blocks.len());
    for block in blocks.drain(..) {
        match block {
            Block::Par { c, .. } => {
                let mut parts: Vec<Vec<Inline>> = vec![Vec::new()];
                for inline in c {
                    let part = parts.last_mut().expect("one part at least");
                    // Spaces before a break print nothing, and would keep
                    // two breaks (`<br>\n<br>`) from parting paragraphs.
                    while let (Inline::Break, Some(Inline::Text { s })) = (&inline, part.last_mut())
                    {
                        s.truncate(s.trim_end_matches([' ', '\t']).len());
                        if !s.is_empty() {
                            break;
                        }
                        part.pop();
                    }
                    if inline == Inline::Break && part.last() == Some(&Inline::Break) {
                        part.pop();
                        parts.push(Vec::new());
                    } else {
                        part.push(inline);
                    }
                }
                for mut c in parts {
                    collapse_spaces(&mut c);
                    trim(&mut c);
                    if !c.is_empty() {
                        tidied.push(Block::Par { c, dir: None });
                    }
                }
            }
            Block::List { mut items, ordered } => {
                items.iter_mut().for_each(tidy);
                tidied.push(Block::List { items, ordered });
            }
        }
    }
    *blocks = tidied;
}

/// Removes breaks and spaces at both ends of a paragraph.
fn trim(c: &mut Vec<Inline>) {
    loop {
        match c.first_mut() {
            Some(Inline::Break) => drop(c.remove(0)),
            Some(Inline::Text { s }) if s.trim_start().len() < s.len() => {
                *s = s.trim_start().to_owned();
                if s.is_empty() {
                    c.remove(0);
                }
            }
            _ => break,
        }
    }
    loop {
        match c.last_mut() {
            Some(Inline::Break) => drop(c.pop()),
            Some(Inline::Text { s }) if s.trim_end().len() < s.len() => {
                *s = s.trim_end().to_owned();
                if s.is_empty() {
                    c.pop();
                }
            }
            _ => break,
        }
    }
}

/// Makes runs of spaces in text one space, and a tab a space: Markdown
/// has read indentation by now.
fn collapse_spaces(c: &mut [Inline]) {
    for inline in c {
        match inline {
            Inline::Text { s } if s.contains("  ") || s.contains('\t') => {
                let mut collapsed = String::with_capacity(s.len());
                for ch in s.chars().map(|ch| if ch == '\t' { ' ' } else { ch }) {
                    if !(ch == ' ' && collapsed.ends_with(' ')) {
                        collapsed.push(ch);
                    }
                }
                *s = collapsed;
            }
            Inline::Strong { c } | Inline::Emph { c } | Inline::Link { c, .. } => {
                collapse_spaces(c)
            }
            _ => {}
        }
    }
}
