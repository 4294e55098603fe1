//! Long runs of text cut for Typst. Typst stops at 512 matches of the
//! regex show rules in one run of text, "maximum grouping depth exceeded"
//! (typst/typst#6694), and the layouts' rules match compounds, product
//! names and long words: a paragraph of 600 "GitLab-CI" failed. Every match
//! takes two bytes at least, so a run of [`MAX_RUN`] bytes at most is safe.

use super::{Block, Inline};
use unicode_segmentation::UnicodeSegmentation;

/// The most bytes of text, quotes and line breaks between two cuts.
const MAX_RUN: usize = 900;

/// Cuts each run of text in `blocks` (text, quotes and line breaks, as
/// Typst groups them) longer than [`MAX_RUN`] bytes with [`Inline::Cut`]:
/// after a space, or between two characters of a longer word. Other inline
/// nodes end a run, and their content is cut on its own.
pub(super) fn cut(blocks: &mut [Block]) {
    for block in blocks {
        match block {
            Block::Par { c, .. } => cut_inlines(c),
            Block::List { items, .. } => items.iter_mut().for_each(|item| cut(item)),
        }
    }
}

fn cut_inlines(inlines: &mut Vec<Inline>) {
    let mut out = Vec::with_capacity(inlines.len());
    let mut run = 0;
    for mut inline in inlines.drain(..) {
        match &mut inline {
            Inline::Text { s } if run + s.len() > MAX_RUN => {
                let mut rest = s.as_str();
                while run + rest.len() > MAX_RUN {
                    let at = cut_point(rest, MAX_RUN - run);
                    if at > 0 {
                        out.push(Inline::Text { s: rest[..at].to_owned() });
                    }
                    out.push(Inline::Cut);
                    rest = &rest[at..];
                    run = 0;
                }
                run = rest.len();
                if !rest.is_empty() {
                    out.push(Inline::Text { s: rest.to_owned() });
                }
                continue;
            }
            Inline::Text { s } => run += s.len(),
            Inline::Quote { .. } | Inline::Break => {
                if run + 1 > MAX_RUN {
                    out.push(Inline::Cut);
                    run = 0;
                }
                run += 1;
            }
            Inline::Strong { c } | Inline::Emph { c } | Inline::Link { c, .. } => {
                cut_inlines(c);
                run = 0;
            }
            Inline::Code { .. } | Inline::Url { .. } | Inline::Cut => run = 0,
        }
        out.push(inline);
    }
    *inlines = out;
}

/// Where to cut `s` so that its first part has `room` bytes at most: after
/// its last space that fits; else, when the run holds nothing yet (`room`
/// is [`MAX_RUN`]), between two grapheme clusters, or two characters in a
/// cluster longer than that; else 0, to cut before it.
fn cut_point(s: &str, room: usize) -> usize {
    let space = s.char_indices().take_while(|&(i, _)| i < room).filter(|&(_, c)| c == ' ').last();
    if let Some((i, _)) = space {
        return i + 1;
    }
    if room < MAX_RUN {
        return 0;
    }
    // Forward, and no further than the room: a long text is cut many times.
    let last_within = |starts: &mut dyn Iterator<Item = usize>| {
        starts.take_while(|&i| i <= room).filter(|&i| i > 0).last()
    };
    let cluster = last_within(&mut s.grapheme_indices(true).map(|(i, _)| i));
    let char = || last_within(&mut s.char_indices().map(|(i, _)| i));
    cluster.or_else(char).unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { s: s.to_owned() }
    }

    fn runs(blocks: &[Block]) -> Vec<usize> {
        let Block::Par { c, .. } = &blocks[0] else { panic!("a paragraph") };
        c.split(|i| *i == Inline::Cut)
            .map(|run| {
                run.iter().map(|i| if let Inline::Text { s } = i { s.len() } else { 1 }).sum()
            })
            .collect()
    }

    fn joined(blocks: &[Block]) -> String {
        let Block::Par { c, .. } = &blocks[0] else { panic!("a paragraph") };
        c.iter()
            .filter_map(|i| if let Inline::Text { s } = i { Some(s.as_str()) } else { None })
            .collect()
    }

    fn par(c: Vec<Inline>) -> Vec<Block> {
        vec![Block::Par { c, dir: None }]
    }

    #[test]
    fn a_short_paragraph_is_left_as_it_is() {
        let mut blocks = par(vec![text(&"word ".repeat(170)), Inline::Quote { double: true }]);
        let before = blocks.clone();
        cut(&mut blocks);
        assert_eq!(blocks, before);
    }

    #[test]
    fn a_long_run_is_cut_after_spaces_into_runs_that_fit() {
        let long = "GitLab-CI ".repeat(600);
        let mut blocks = par(vec![text("Hi "), Inline::Quote { double: true }, text(&long)]);
        cut(&mut blocks);
        let lengths = runs(&blocks);
        assert!(lengths.len() >= 7 && lengths.iter().all(|&n| n <= MAX_RUN), "{lengths:?}");
        assert_eq!(joined(&blocks), format!("Hi {long}"), "nothing lost or added");
        let Block::Par { c, .. } = &blocks[0] else { unreachable!() };
        for pair in c.windows(2) {
            if let [Inline::Text { s }, Inline::Cut] = pair {
                assert!(s.ends_with(' '), "cut inside a word: {s:?}");
            }
        }
    }

    #[test]
    fn a_word_longer_than_a_run_is_cut_between_its_characters() {
        let word = "a-b/é".repeat(400);
        let mut blocks = par(vec![text(&word)]);
        cut(&mut blocks);
        assert!(runs(&blocks).iter().all(|&n| n <= MAX_RUN && n > 0));
        assert_eq!(joined(&blocks), word);
    }

    #[test]
    fn quotes_and_breaks_count_and_other_nodes_end_a_run() {
        let mut quotes = vec![];
        for _ in 0..1000 {
            quotes.extend([Inline::Quote { double: true }, text("x")]);
        }
        let mut blocks = par(quotes);
        cut(&mut blocks);
        assert!(runs(&blocks).iter().all(|&n| n <= MAX_RUN));
        let half = "y ".repeat(300);
        let mut blocks = par(vec![
            text(&half),
            Inline::Strong { c: vec![text(&half), text(&half)] },
            text(&half),
        ]);
        cut(&mut blocks);
        let Block::Par { c, .. } = &blocks[0] else { unreachable!() };
        assert!(!c.contains(&Inline::Cut), "each run outside the bold is 600 bytes");
        assert!(
            matches!(&c[1], Inline::Strong { c } if c.contains(&Inline::Cut)),
            "the bold's 1,200"
        );
    }
}
