//! Addresses in text become links: web addresses with their scheme
//! (`https://…`) or starting with `www.`, and e-mail addresses, found by
//! `linkify`, which leaves out the punctuation around them. A link that
//! shows its own address, typed bare or as `<https://…>`, gets its text as
//! an [`Inline::Url`].
//!
//! A link never goes to another address than the one typed: an e-mail
//! address is read whole (its local part is RFC 5322's dot-atom, apostrophes
//! included, as in `sean.o'brien@example.ie`), and an address that runs on
//! into formatted text around it (`**john**.smith@example.org`) is left
//! unlinked rather than cut. Any word that linkify reads as an address is
//! one: letters of any script (`jörg@müller.de`, and `ø@𐨙.Aa` alike), the
//! top-level domain starting with two ASCII letters.

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};

use super::{Block, Inline, push_plain};
use crate::model::check_url;

/// RFC 5322's `atext` besides letters and digits: what a local part holds.
const ATEXT_PUNCTUATION: &str = "!#$%&'*+-/=?^_`{|}~";

/// Finders of each kind: one finder of both lets a bare name before an
/// e-mail address (`john.smith` in `john.smith+jobs@gmail.com`) hide the
/// start of the address.
struct Finders {
    urls: LinkFinder,
    emails: LinkFinder,
}

/// Links the addresses in `blocks`, outside code and existing links.
pub(super) fn link_addresses(blocks: &mut [Block]) {
    let mut urls = LinkFinder::new();
    urls.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
    let mut emails = LinkFinder::new();
    emails.kinds(&[LinkKind::Email]);
    link_blocks(&Finders { urls, emails }, blocks);
}

fn link_blocks(finders: &Finders, blocks: &mut [Block]) {
    for block in blocks {
        match block {
            Block::Par { c, .. } => inlines(finders, c, "", ""),
            Block::List { items, .. } => {
                items.iter_mut().for_each(|item| link_blocks(finders, item))
            }
        }
    }
}

/// Links the addresses in `list`, whose neighbours print `before` and
/// `after` it.
fn inlines(finders: &Finders, list: &mut Vec<Inline>, before: &str, after: &str) {
    let plain: Vec<String> =
        list.iter().map(|inline| plain(std::slice::from_ref(inline))).collect();
    let neighbours = |i: usize| {
        let before = if i == 0 { before } else { plain[i - 1].as_str() };
        (before, plain.get(i + 1).map_or(after, String::as_str))
    };
    let mut linked = Vec::with_capacity(list.len());
    // Text and smart quotes in a row, read as one text.
    let mut run: Option<(usize, Run)> = None;
    for (i, inline) in list.drain(..).enumerate() {
        if let Inline::Text { .. } | Inline::Quote { .. } = inline {
            run.get_or_insert_with(|| (i, Run::default())).1.push(&inline);
            continue;
        }
        if let Some((first, done)) = run.take() {
            done.link(finders, neighbours(first).0, &plain[i], &mut linked);
        }
        let (before, after) = neighbours(i);
        match inline {
            Inline::Strong { mut c } => {
                inlines(finders, &mut c, before, after);
                linked.push(Inline::Strong { c });
            }
            Inline::Emph { mut c } => {
                inlines(finders, &mut c, before, after);
                linked.push(Inline::Emph { c });
            }
            Inline::Link { url, c } => {
                let c = match c.as_slice() {
                    [Inline::Text { s }] if shows(&url, s) => vec![Inline::Url { s: s.clone() }],
                    _ => c,
                };
                linked.push(Inline::Link { url, c });
            }
            other => linked.push(other),
        }
    }
    if let Some((first, done)) = run {
        done.link(finders, neighbours(first).0, after, &mut linked);
    }
    *list = linked;
}

fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(&mut out, inlines);
    out
}

/// Text and smart quotes read as one text, so that an apostrophe is part
/// of an address.
#[derive(Default)]
struct Run {
    text: String,
    /// Where the quotes are in `text`.
    quotes: Vec<usize>,
}

impl Run {
    fn push(&mut self, inline: &Inline) {
        match inline {
            Inline::Text { s } => self.text.push_str(s),
            Inline::Quote { double } => {
                self.quotes.push(self.text.len());
                self.text.push(if *double { '"' } else { '\'' });
            }
            _ => {}
        }
    }

    /// Pushes the run onto `out` with its addresses linked.
    fn link(self, finders: &Finders, before: &str, after: &str, out: &mut Vec<Inline>) {
        let mut at = 0;
        for (range, url) in links(finders, &self.text, before, after) {
            self.push_text(at..range.start, out);
            let s = self.text[range.clone()].to_owned();
            out.push(Inline::Link { url, c: vec![Inline::Url { s }] });
            at = range.end;
        }
        self.push_text(at..self.text.len(), out);
    }

    /// Pushes the text in `range`, its quotes as they were.
    fn push_text(&self, range: Range<usize>, out: &mut Vec<Inline>) {
        let mut at = range.start;
        let quotes = self.quotes.iter().filter(|&&q| range.contains(&q));
        for &q in quotes.chain(std::iter::once(&range.end)) {
            if at < q {
                match out.last_mut() {
                    Some(Inline::Text { s }) => s.push_str(&self.text[at..q]),
                    _ => out.push(Inline::Text { s: self.text[at..q].to_owned() }),
                }
            }
            if q < range.end {
                out.push(Inline::Quote { double: self.text.as_bytes()[q] == b'"' });
            }
            at = q + 1;
        }
    }
}

/// The addresses cvpdf links in `text`, in order, with their targets.
/// Where two overlap, the one that starts first (or is longer) wins.
fn links(finders: &Finders, text: &str, before: &str, after: &str) -> Vec<(Range<usize>, String)> {
    let mut found: Vec<(Range<usize>, String)> = finders
        .urls
        .links(text)
        .filter_map(|link| Some((link.start()..link.end(), target(link.as_str())?)))
        .collect();
    for link in finders.emails.links(text) {
        // A quote before the address is prose, not part of its local part.
        let s = link.as_str();
        let quote = s.len() - s.trim_start_matches(['\'', '`']).len();
        let range = link.start() + quote + rtl_prefix(&s[quote..])..link.end();
        let overlaps = |r: &Range<usize>| r.start < range.end && range.start < r.end;
        let wins = |r: &Range<usize>| {
            r.start < range.start || r.start == range.start && r.end >= range.end
        };
        if text[range.clone()].starts_with('@') || found.iter().any(|(r, _)| overlaps(r) && wins(r))
        {
            continue;
        }
        found.retain(|(r, _)| !overlaps(r));
        found.push((range.clone(), format!("mailto:{}", &text[range])));
    }
    found.sort_by_key(|(r, _)| r.start);
    // An address that runs on into the text around it is cut: no link.
    found.retain(|(r, _)| {
        let before = if r.start > 0 { &text[..r.start] } else { before };
        let after = if r.end < text.len() { &text[r.end..] } else { after };
        !continues_before(before) && !continues_after(after)
    });
    found
}

/// A letter of a right-to-left script (Hebrew, Arabic and their blocks).
fn rtl_letter(c: char) -> bool {
    c.is_alphabetic()
        && matches!(c, '\u{590}'..='\u{8FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// The length of a right-to-left prefix joined to an address by a hyphen
/// or a maqaf, as Hebrew writes "to", "at" (`ל-first@example.co.il`,
/// `ב-https://…`): prose, not the address's start. 0 without one.
fn rtl_prefix(s: &str) -> usize {
    let letters = s.len() - s.trim_start_matches(rtl_letter).len();
    let rest = &s[letters..];
    match rest.chars().next() {
        Some(joint @ ('-' | '\u{5BE}'))
            if letters > 0 && rest[joint.len_utf8()..].starts_with(|c: char| !rtl_letter(c)) =>
        {
            letters + joint.len_utf8()
        }
        _ => 0,
    }
}

/// Whether an address starting right after `before` would take in its end.
fn continues_before(before: &str) -> bool {
    // A right-to-left prefix and its hyphen are prose (`rtl_prefix`).
    let mut back = before.chars().rev();
    if back.next().is_some_and(|c| matches!(c, '-' | '\u{5BE}'))
        && back.next().is_some_and(rtl_letter)
    {
        return false;
    }
    // A quote is prose, and linkify read any other `atext` into the address.
    before.ends_with(|c: char| {
        c.is_alphanumeric() || c == '.' || ATEXT_PUNCTUATION.contains(c) && !"'`".contains(c)
    })
}

/// Whether an address ending right before `after` would take in its start.
fn continues_after(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some(c) if "-_.@/+%=&?#~".contains(c) => chars.next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// Whether a link's text is its own address.
fn shows(url: &str, text: &str) -> bool {
    let bare = url.strip_prefix("mailto:").unwrap_or(url);
    text == url || text == bare || target(text).as_deref() == Some(url)
}

/// The target of an address typed in text, if it is one cvpdf links.
fn target(address: &str) -> Option<String> {
    let lower = address.to_ascii_lowercase();
    let url = if lower.starts_with("https://") || lower.starts_with("http://") {
        address.to_owned()
    } else if lower.starts_with("www.") {
        format!("https://{address}")
    } else {
        return None;
    };
    // A host typed in prose has a dot: `https://x` is more likely a slip.
    let host = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    (host.contains('.') && check_url(&url).is_ok()).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::super::{Block, Inline, parse};

    /// The links of a text, as (target, text shown).
    fn links(source: &str) -> Vec<(String, String)> {
        links_of(source, true)
    }

    fn links_of(source: &str, smart_quotes: bool) -> Vec<(String, String)> {
        fn walk(c: &[Inline], out: &mut Vec<(String, String)>) {
            for inline in c {
                match inline {
                    Inline::Link { url, c } => {
                        let shown = match c.as_slice() {
                            [Inline::Url { s }] => s.clone(),
                            other => format!("{other:?}"),
                        };
                        out.push((url.clone(), shown));
                    }
                    Inline::Strong { c } | Inline::Emph { c } => walk(c, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        for block in parse(source, smart_quotes).blocks {
            if let Block::Par { c, .. } = block {
                walk(&c, &mut out);
            }
        }
        out
    }

    fn pair(url: &str, shown: &str) -> (String, String) {
        (url.to_owned(), shown.to_owned())
    }

    #[test]
    fn a_hebrew_prefix_joined_to_an_address_is_prose() {
        assert_eq!(
            links(
                "כתבו ל-first-last@example.co.il היום, ל\u{5BE}a@b.io, ראו ב-https://example.co.il/a היום."
            ),
            [
                pair("mailto:first-last@example.co.il", "first-last@example.co.il"),
                pair("mailto:a@b.io", "a@b.io"),
                pair("https://example.co.il/a", "https://example.co.il/a"),
            ]
        );
        // A Latin word joined by a hyphen still runs on into the address.
        assert_eq!(links("see x-https://example.org/a"), []);
    }

    #[test]
    fn bare_addresses_become_links() {
        assert_eq!(
            links("Mail ada@example.org, see www.example.org/about or (https://example.com/x)."),
            [
                pair("mailto:ada@example.org", "ada@example.org"),
                pair("https://www.example.org/about", "www.example.org/about"),
                pair("https://example.com/x", "https://example.com/x"),
            ]
        );
        assert_eq!(
            links("**https://a.org/b_c?d=1&e=2** and *x@y.io*"),
            [
                pair("https://a.org/b_c?d=1&e=2", "https://a.org/b_c?d=1&e=2"),
                pair("mailto:x@y.io", "x@y.io")
            ]
        );
    }

    #[test]
    fn email_addresses_link_whole_or_not_at_all() {
        let whole = [
            "john.smith+jobs@gmail.com",
            "sean.o'brien@example.ie",
            "first.last-2@sub.example.co.uk",
            "a.b.c_d%e=f@example.org",
            "user@www.example.org",
            "jörg@müller.de",
            "δοκιμή@παράδειγμα.gr",
            "ø@𐨙.Aa",
        ];
        for address in whole {
            for smart in [true, false] {
                let text = format!("Write to {address} or (x{address}).");
                let found = links_of(&text, smart);
                let expected = [
                    pair(&format!("mailto:{address}"), address),
                    pair(&format!("mailto:x{address}"), &format!("x{address}")),
                ];
                assert_eq!(found, expected, "{text} (smart quotes: {smart})");
            }
        }
        // Quotes around an address are prose; its apostrophes print straight.
        assert_eq!(links("'ada@example.org'"), [pair("mailto:ada@example.org", "ada@example.org")]);
        // An address that runs on into formatted text is not cut.
        for text in ["**john**.smith@example.org", "*ada*@example.org", "ada@example.**org**"] {
            assert_eq!(links(text), [], "{text}");
        }
        for text in ["ada@**example.co**.uk", "**ada**+jobs@example.org", "`x`.y@example.org"] {
            assert!(links(text).iter().all(|(_, shown)| shown.contains("ada@")), "{text}");
        }
        assert_eq!(
            links("**ada@example.org**. `x` ada@example.org"),
            [
                pair("mailto:ada@example.org", "ada@example.org"),
                pair("mailto:ada@example.org", "ada@example.org")
            ]
        );
    }

    #[test]
    fn only_real_addresses_link() {
        for text in [
            "Node.js, ASP.NET, e.g. example.com and @jpic",
            "javascript:alert(1) and ftp://files.example.org",
            "`https://in.code.org` [text](#) <b>www.</b>",
            "https://not a host",
            "пример@пример.рф and a@b.c1",
        ] {
            assert_eq!(links(text), [], "{text}");
        }
        // An address inside a link stays its text.
        assert_eq!(
            links("[see https://a.org](https://b.org)"),
            [pair("https://b.org", "[Text { s: \"see https://a.org\" }]")]
        );
    }
}
