//! Addresses in text become links: web addresses with their scheme
//! (`https://…`) or starting with `www.`, and e-mail addresses, found by
//! `linkify`, which leaves out the punctuation around them. A link that
//! shows its own address, typed bare or as `<https://…>`, gets its text as
//! an [`Inline::Url`].

use linkify::{LinkFinder, LinkKind};

use super::{Block, Inline};
use crate::model::check_url;

/// Links the addresses in `blocks`, outside code and existing links.
pub(super) fn link_addresses(blocks: &mut [Block]) {
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    for block in blocks {
        match block {
            Block::Par { c } => inlines(&finder, c),
            Block::List { items, .. } => items.iter_mut().for_each(|item| link_addresses(item)),
        }
    }
}

fn inlines(finder: &LinkFinder, list: &mut Vec<Inline>) {
    let mut linked = Vec::with_capacity(list.len());
    for inline in list.drain(..) {
        match inline {
            Inline::Text { s } => split(finder, &s, &mut linked),
            Inline::Strong { mut c } => {
                inlines(finder, &mut c);
                linked.push(Inline::Strong { c });
            }
            Inline::Emph { mut c } => {
                inlines(finder, &mut c);
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
    *list = linked;
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

/// Text with the addresses in it as links.
fn split(finder: &LinkFinder, text: &str, out: &mut Vec<Inline>) {
    let push_text = |out: &mut Vec<Inline>, s: &str| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Inline::Text { s: last }) => last.push_str(s),
            _ => out.push(Inline::Text { s: s.to_owned() }),
        }
    };
    for span in finder.spans(text) {
        let s = span.as_str();
        let url = match span.kind() {
            Some(LinkKind::Url) => target(s),
            Some(LinkKind::Email) => Some(format!("mailto:{s}")),
            _ => None,
        };
        match url {
            Some(url) => out.push(Inline::Link { url, c: vec![Inline::Url { s: s.to_owned() }] }),
            None => push_text(out, s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Block, Inline, parse};

    /// The links of a text, as (target, text shown).
    fn links(source: &str) -> Vec<(String, String)> {
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
        for block in parse(source, true).blocks {
            if let Block::Par { c } = block {
                walk(&c, &mut out);
            }
        }
        out
    }

    fn pair(url: &str, shown: &str) -> (String, String) {
        (url.to_owned(), shown.to_owned())
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
    fn only_real_addresses_link() {
        for text in [
            "Node.js, ASP.NET, e.g. example.com and @jpic",
            "javascript:alert(1) and ftp://files.example.org",
            "`https://in.code.org` [text](#) <b>www.</b>",
            "https://not a host",
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
