//! Whether a CV's text needs its fonts' glyph composition, OpenType's
//! `ccmp` feature, which joins a letter and the marks after it into one
//! glyph, or splits one. Text made only of letters that the embedded fonts
//! hold whole, with no combining mark, has nothing to compose: layouts then
//! turn the feature off, which changes no glyph and halves the time Typst
//! takes to shape Inter, whose composition rules it tries at every glyph.

use std::collections::HashSet;

use super::DesignView;

/// Whether text that prints `printed` (every character of `/cv.json`,
/// labels included, and of `/letter.json` for a letter: the set the glyph
/// check collects) may need glyph composition: a character outside
/// [`held_whole`], or a font the data's design names, which may compose
/// what the embedded fonts do not.
pub fn needs_composition(design: &DesignView, printed: &HashSet<char>) -> bool {
    design.heading_font.is_some()
        || design.body_font.is_some()
        || !printed.iter().copied().all(held_whole)
}

/// Characters each embedded font holds as a glyph of its own, none of them
/// a combining mark: Basic Latin, Latin-1, Latin Extended-A, Greek and
/// Cyrillic (but its combining marks), and the punctuation, currency,
/// letter-like symbols and arrows around them. A test renders them all in
/// every layout, with and without composition, and finds the same glyphs.
pub fn held_whole(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{17F}'
        | '\u{370}'..='\u{3FF}'
        | '\u{400}'..='\u{482}'
        | '\u{48A}'..='\u{4FF}'
        | '\u{2000}'..='\u{206F}'
        | '\u{20A0}'..='\u{20C0}'
        | '\u{2100}'..='\u{214F}'
        | '\u{2190}'..='\u{21FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The view of `yaml`, with `compose_glyphs` as rendering sets it.
    fn view_of(yaml: &str) -> crate::view::View {
        let loaded = crate::model::load("cv.yaml", yaml.as_bytes()).unwrap();
        let mut view = crate::view::build(&loaded, &crate::view::ViewOptions::default()).0;
        let printed = serde_json::to_string(&view).unwrap().chars().collect();
        view.compose_glyphs = needs_composition(&view.design, &printed);
        view
    }

    #[test]
    fn only_text_held_whole_and_the_embedded_fonts_go_without() {
        let plain = "basics: {name: Zoë Ĳsselmeer, label: Ingénieure → ΔΣ}\n";
        assert!(!view_of(plain).compose_glyphs);
        // A combining acute accent after an "e", in a highlight.
        let mark = "basics: {name: Zoe}\nwork:\n  - {name: A, highlights: [\"Cafe\u{301}\"]}\n";
        assert!(view_of(mark).compose_glyphs);
        let hebrew = "basics: {name: Zoe}\nmeta: {lang: he}\n";
        assert!(view_of(hebrew).compose_glyphs, "the labels are Hebrew");
        let font = "basics: {name: Zoe}\ndesign: {fonts: {body: Libertinus Serif}}\n";
        assert!(view_of(font).compose_glyphs, "a font the design names");
    }

    #[test]
    fn marks_and_other_scripts_need_composition() {
        for c in ['e', 'É', 'ł', 'Ω', 'ж', '€', '™', '→', '\u{2066}'] {
            assert!(held_whole(c), "{c:?}");
        }
        // Combining marks (Latin's, Cyrillic's), Latin Extended-B and
        // Vietnamese, Hebrew, Arabic, Devanagari, Chinese.
        for c in ['\u{301}', '\u{483}', 'ǐ', 'ệ', 'ש', 'ع', 'क', '中'] {
            assert!(!held_whole(c), "{c:?}");
        }
    }
}
