//! The characters of a CV that its output cannot hold: those no font can
//! draw, and private-use characters where the PDF standards refuse them.
//! They are found before compiling and grouped by the font that would
//! draw them, so that each kind is said once, with its fix.

use std::collections::{HashMap, HashSet};

use unicode_properties::UnicodeEmoji;
use unicode_script::{Script, UnicodeScript};

pub use crate::diagnostics::is_invisible;
use crate::diagnostics::{Diagnostic, Location, Severity};
use crate::fonts::Fonts;
use crate::model::Loaded;
use crate::render::Demands;
use crate::view::Decoded;

/// The kind of font a character needs, which decides the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Chinese, Japanese and Korean, with their punctuation and full-width forms.
    Cjk,
    /// Pictographs with an emoji presentation.
    Emoji,
    /// A private-use character: an icon of one particular font.
    PrivateUse,
    /// Any other script or symbol.
    Other,
}

/// Why characters cannot go into the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    /// No font can draw them: they would print as empty boxes.
    NoGlyph,
    /// They are private-use characters, which the standards refuse.
    PrivateUse,
}

/// Characters of one kind that the output cannot hold, in the order the
/// data first writes them.
#[derive(Debug)]
pub struct Group {
    need: Need,
    reason: Reason,
    chars: Vec<char>,
    /// Unicode blocks with their number of characters, in order of appearance.
    blocks: Vec<(&'static str, usize)>,
    scripts: Vec<Script>,
    /// Where the first character comes from, as said and as located: a
    /// data path, or what chose the labels' language (`--lang zh`).
    first: (String, Option<Location>),
    fields: usize,
    last_field: usize,
}

/// The groups of characters that the data prints (`printed`: the
/// characters of the view, so that a field or translation left out does
/// not count; `decoded`: those it prints through character references;
/// `labels`: the words of its language around the data, with where that
/// language was chosen, as `view::lang_origin` says) and the output cannot
/// hold, in the order they first appear.
pub fn find(
    fonts: &Fonts,
    loaded: &Loaded,
    printed: &HashSet<char>,
    decoded: &[Decoded],
    labels: (&str, (String, Option<Location>)),
    demands: &Demands,
) -> Vec<Group> {
    let mut finder = Finder { fonts, demands, groups: Vec::new(), judged: HashMap::new() };
    let scalars = loaded.map.scalars().iter().enumerate().filter(|(_, (p, ..))| !p.is_private());
    for (field, (path, offset, value)) in scalars {
        let at = |c| (path.to_string(), Some(loaded.map.char_location(*offset, c)));
        for c in value.chars().filter(|c| printed.contains(c)) {
            finder.judge(c, field, at);
        }
    }
    let mut field = loaded.map.scalars().len();
    for (i, d) in decoded.iter().enumerate() {
        // Characters of one field come in a row.
        field += usize::from(i > 0 && decoded[i - 1].path != d.path);
        let at = d.at.clone().or_else(|| loaded.map.locate(&d.path));
        finder.judge(d.c, field, |c| {
            (d.path.to_string(), Some(at.clone().unwrap_or_else(|| loaded.map.char_location(0, c))))
        });
    }
    let (labels, origin) = labels;
    for c in labels.chars() {
        finder.judge(c, field + 1, |_| origin.clone());
    }
    finder.groups
}

/// Judges each character once, and counts the fields of each group.
struct Finder<'a> {
    fonts: &'a Fonts,
    demands: &'a Demands,
    groups: Vec<Group>,
    /// Each character judged: its group, or none when it is fine.
    judged: HashMap<char, Option<usize>>,
}

impl Finder<'_> {
    /// Judges `c`, printed by field number `field`, which comes from
    /// `from(c)`.
    fn judge(&mut self, c: char, field: usize, from: impl Fn(char) -> (String, Option<Location>)) {
        let index = match self.judged.get(&c) {
            Some(index) => *index,
            None => {
                let why = (!is_blank(c)).then(|| reason(self.fonts, c, self.demands)).flatten();
                let index = why.map(|why| {
                    let need = Need::of(c);
                    let found = self.groups.iter().position(|g| g.need == need && g.reason == why);
                    let index = found.unwrap_or_else(|| {
                        self.groups.push(Group::new(need, why, from(c)));
                        self.groups.len() - 1
                    });
                    self.groups[index].add(c);
                    index
                });
                self.judged.insert(c, index);
                index
            }
        };
        let Some(group) = index.map(|i| &mut self.groups[i]) else { return };
        if group.fields == 0 || group.last_field != field {
            group.fields += 1;
            group.last_field = field;
        }
    }
}

/// Why `c` cannot go into the output, if it cannot.
fn reason(fonts: &Fonts, c: char, demands: &Demands) -> Option<Reason> {
    if is_private_use(c) && !demands.no_private_use.is_empty() {
        Some(Reason::PrivateUse)
    } else {
        (!fonts.covers(c)).then_some(Reason::NoGlyph)
    }
}

/// Characters that print nothing: spaces, controls and the invisible ones.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c.is_control() || is_invisible(c)
}

fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

impl Need {
    fn of(c: char) -> Self {
        if is_private_use(c) {
            Self::PrivateUse
        } else if !c.is_ascii() && c.is_emoji_char() {
            Self::Emoji
        } else if unicode_blocks::is_cjk(c)
            || matches!(
                c.script(),
                Script::Han
                    | Script::Hiragana
                    | Script::Katakana
                    | Script::Hangul
                    | Script::Bopomofo
            )
        {
            Self::Cjk
        } else {
            Self::Other
        }
    }
}

/// A character named by its code point, and shown unless it is an icon
/// that shows nothing outside its font: U+4E2D `中`, U+F0E0.
fn code_point(c: char) -> String {
    if is_private_use(c) {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} `{c}`", c as u32)
    }
}

/// How many characters, worded: `1 character`, `645 characters`.
fn characters(n: usize) -> String {
    if n == 1 { "1 character".into() } else { format!("{n} characters") }
}

/// `PDF/A-2a refuses`, `PDF/A-2a and PDF/UA-1 refuse`.
fn refuse(standards: &[String]) -> String {
    let verb = if standards.len() == 1 { "refuses" } else { "refuse" };
    format!("{} {verb}", and_list(standards))
}

/// `A`, `A and B`, `A, B and C`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl Group {
    fn new(need: Need, reason: Reason, first: (String, Option<Location>)) -> Self {
        let (chars, blocks, scripts) = (Vec::new(), Vec::new(), Vec::new());
        Self { need, reason, chars, blocks, scripts, first, fields: 0, last_field: 0 }
    }

    fn add(&mut self, c: char) {
        self.chars.push(c);
        let block =
            unicode_blocks::find_unicode_block(c).map_or("unassigned code points", |b| b.name());
        match self.blocks.iter_mut().find(|(name, _)| *name == block) {
            Some((_, count)) => *count += 1,
            None => self.blocks.push((block, 1)),
        }
        let script = c.script();
        if !matches!(script, Script::Common | Script::Inherited | Script::Unknown)
            && !self.scripts.contains(&script)
        {
            self.scripts.push(script);
        }
    }

    /// The standards of the output that refuse these characters: none when
    /// they would only print as empty boxes.
    pub fn refused_by<'a>(&self, demands: &'a Demands) -> &'a [String] {
        match self.reason {
            Reason::NoGlyph => &demands.every_glyph,
            Reason::PrivateUse => &demands.no_private_use,
        }
    }

    /// The group as a diagnostic of a severity, located at its first
    /// character, with what makes it a problem and how to fix it.
    pub fn diagnostic(&self, severity: Severity, demands: &Demands) -> Diagnostic {
        let (from, at) = &self.first;
        let first = match at {
            Some(at) => format!("first: {from}, {}", at.display()),
            None => format!("first: the labels of {from}"),
        };
        let what = self.what();
        let shown = code_point(self.chars[0]);
        let (message, label, refused) = match self.reason {
            Reason::NoGlyph => {
                let verb = if self.chars.len() == 1 { "has" } else { "have" };
                let message = format!("{what} {verb} no glyph ({first})");
                (message, format!("no font can draw {shown}"), "characters without a glyph")
            }
            Reason::PrivateUse => (
                format!("{what} cannot go into the PDF ({first})"),
                format!("private-use character {shown}"),
                "private-use characters: they are icons of one particular font, whose meaning no reader can tell",
            ),
        };
        let refused_by = self.refused_by(demands);
        let why = if refused_by.is_empty() {
            "without a glyph they would print as empty boxes".to_owned()
        } else {
            format!("{} {refused}", refuse(refused_by))
        };
        Diagnostic { severity, ..Diagnostic::error(message) }
            .at_location(at.clone())
            .with_label(label)
            .with_hint(self.fix())
            .with_note(why)
            .with_note(self.listing())
    }

    /// What the characters are: `5 emoji`, `645 characters of CJK Unified
    /// Ideographs`, or of several blocks, largest first, three at most.
    fn what(&self) -> String {
        let n = self.chars.len();
        if self.need == Need::Emoji {
            return format!("{n} emoji");
        }
        let mut blocks = self.blocks.clone();
        blocks.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
        let mut named: Vec<String> =
            blocks.iter().map(|(name, n)| format!("{name} ({n})")).collect();
        if named.len() > 3 {
            let others = blocks[2..].iter().map(|(_, n)| n).sum::<usize>();
            named.truncate(2);
            named.push(format!("{} other blocks ({others})", blocks.len() - 2));
        }
        match blocks.as_slice() {
            [(name, _)] => format!("{} of {name}", characters(n)),
            _ => format!("{} of {}", characters(n), and_list(&named)),
        }
    }

    /// The one fix: a font that has them, named with its script, where a
    /// Debian package puts it, and the system's fonts (which on macOS have
    /// every script cvpdf does not embed).
    fn fix(&self) -> String {
        let names: Vec<String> = self.scripts.iter().map(|s| s.full_name().to_owned()).collect();
        let package = |kind: &str, package: &str, families: &str, dir: &str| {
            format!(
                "add {kind}. Debian, Ubuntu: `apt install {package}` puts {families} in {dir}; then render with --font-path {dir}, or with --system-fonts. macOS: render with --system-fonts, the system's fonts have them"
            )
        };
        match (self.reason, self.need) {
            (Reason::PrivateUse, _) => {
                "write the words, or a standard Unicode symbol, instead of the icon".to_owned()
            }
            (_, Need::PrivateUse) => "private-use characters are icons of one particular font: add that font with --font-path DIR, or write the words instead".to_owned(),
            (_, Need::Cjk) => {
                let scripts = if names.is_empty() { String::new() } else { format!(" ({} script)", and_list(&names)) };
                let kind = format!("a font for Chinese, Japanese and Korean{scripts}, which cvpdf does not embed");
                package(&kind, "fonts-noto-cjk", "Noto Sans CJK", "/usr/share/fonts/opentype/noto")
            }
            (_, Need::Emoji) => package(
                "an emoji font",
                "fonts-noto-color-emoji",
                "Noto Color Emoji",
                "/usr/share/fonts/truetype/noto",
            ),
            (_, Need::Other) => {
                let (kind, families) = if names.is_empty() {
                    ("a font that has them".to_owned(), "Noto Sans Symbols, Symbols 2 and Math".to_owned())
                } else {
                    let families: Vec<String> = names.iter().map(|s| format!("Noto Sans {s}")).collect();
                    (format!("a font for the {} script", and_list(&names)), and_list(&families))
                };
                package(&kind, "fonts-noto-core", &families, "/usr/share/fonts/truetype/noto")
            }
        }
    }

    /// The characters themselves: a dozen as written, or six with their
    /// code points when they are few or private-use icons.
    fn listing(&self) -> String {
        let fields = match self.fields {
            1 => "in 1 field".to_owned(),
            n => format!("in {n} fields"),
        };
        let by_code = self.chars.len() <= 6 || self.need == Need::PrivateUse;
        let (shown, listed) = if by_code {
            let each: Vec<String> = self.chars.iter().take(6).map(|&c| code_point(c)).collect();
            (each.len(), each.join(", "))
        } else {
            (12, self.chars.iter().take(12).collect())
        };
        if shown < self.chars.len() {
            format!("the characters: {listed}… ({} in all, {fields})", self.chars.len())
        } else {
            format!("the characters: {listed} ({fields})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_follow_scripts_and_blocks() {
        assert_eq!(Need::of('中'), Need::Cjk);
        assert_eq!(Need::of('。'), Need::Cjk, "CJK punctuation");
        assert_eq!(Need::of('，'), Need::Cjk, "full-width forms");
        assert_eq!(Need::of('한'), Need::Cjk);
        assert_eq!(Need::of('🚀'), Need::Emoji);
        assert_eq!(Need::of('\u{F0E0}'), Need::PrivateUse);
        assert_eq!(Need::of('ب'), Need::Other);
        assert_eq!(Need::of('#'), Need::Other, "ASCII is never an emoji here");
    }
}
