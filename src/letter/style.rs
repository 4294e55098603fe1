//! Which letter a layout offers, and the Typst world that compiles it.
//!
//! A layout offers a letter by defining `letter` at its top level (`#let
//! letter(data) = …`, or importing one by that name): cvpdf finds it in the
//! parsed source, never by compiling and reading an error. A built-in
//! layout's letter is in `layouts/<name>-letter.typ`, beside it; classic's
//! is the shared letter itself. A layout without one gets the classic
//! letter.

use typst::syntax::ast;

use crate::diagnostics::Error;
use crate::layouts::{LETTER_NAME, Layout};
use crate::world::CvWorld;

/// Where the letter's data is: `json("/letter.json")`.
pub const LETTER_DATA: &str = "/letter.json";

/// The built-in layouts' letters beside them, by layout name; a built-in
/// layout missing here (classic) has the shared letter.
const BUILTIN_STYLES: [(&str, &str); 2] = [
    ("onepage", include_str!("../../layouts/onepage-letter.typ")),
    ("ovni", include_str!("../../layouts/ovni-letter.typ")),
];

/// Where the world holds a built-in layout's letter.
const STYLE_PATH: &str = "/.letter-style.typ";

/// Where the world holds a custom layout a second time, so that the main
/// file names it by a fixed path.
const LAYOUT_PATH: &str = "/.layout.typ";

/// The main file of a letter: it calls the style's `letter` with the data.
const MAIN_PATH: &str = "/.letter.typ";

/// Which `letter` a layout's letter calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Style {
    /// The shared classic letter of `letter.typ`.
    Classic,
    /// A built-in layout's own, from `layouts/<name>-letter.typ`.
    Builtin(&'static str),
    /// The one a custom layout defines.
    Custom,
}

impl Style {
    /// The letter `layout` offers.
    pub fn of(layout: &Layout) -> Self {
        match layout {
            Layout::Builtin(builtin) => BUILTIN_STYLES
                .iter()
                .find(|(name, _)| *name == builtin.name)
                .map_or(Self::Classic, |(_, source)| Self::Builtin(source)),
            Layout::Custom { text, .. } if defines_letter(text) => Self::Custom,
            Layout::Custom { .. } => Self::Classic,
        }
    }

    /// Makes `world` compile the letter in this style rather than the CV:
    /// its main file imports `letter` from the style and calls it with
    /// [`LETTER_DATA`]. A custom layout is the style under a second path,
    /// its messages still naming the user's file. With `then_cv`, the
    /// layout's CV follows the letter in the same document, its pages
    /// counted from 1.
    ///
    /// # Errors
    /// As [`crate::world::file_id`].
    pub fn install(
        &self,
        world: &mut CvWorld,
        layout: &Layout,
        then_cv: bool,
    ) -> Result<(), Error> {
        let import = match (self, layout) {
            (Self::Classic, _) | (Self::Custom, Layout::Builtin(_)) => format!("/{LETTER_NAME}"),
            (Self::Builtin(source), Layout::Builtin(builtin)) => {
                let name = format!("layouts/{}-letter.typ (built in)", builtin.name);
                world.add_source(STYLE_PATH, source, name, false)?;
                STYLE_PATH.to_owned()
            }
            (_, Layout::Custom { .. }) => LAYOUT_PATH.to_owned(),
        };
        let cv = match layout {
            Layout::Builtin(builtin) => format!("/{}.typ", builtin.name),
            Layout::Custom { path, text } => {
                world.add_source(LAYOUT_PATH, text, path.display().to_string(), true)?;
                LAYOUT_PATH.to_owned()
            }
        };
        // The paths are the fixed ones above, never user text. The page
        // counter's update lands on the CV's first page: its page 1.
        let mut main = format!("#import \"{import}\": letter\n#letter(json(\"{LETTER_DATA}\"))\n");
        if then_cv {
            main.push_str(&format!("#counter(page).update(1)\n#include \"{cv}\"\n"));
        }
        world.add_source(MAIN_PATH, &main, "the letter (built in)".into(), false)?;
        world.set_main(MAIN_PATH)
    }
}

/// Whether a layout's source binds `letter` at its top level: `#let
/// letter(…) = …`, `#let letter = …`, or an import of that name.
pub fn defines_letter(source: &str) -> bool {
    let root = typst::syntax::parse(source);
    let Some(markup) = root.cast::<ast::Markup>() else { return false };
    markup.exprs().any(|expr| match expr {
        ast::Expr::LetBinding(binding) => match binding.kind() {
            ast::LetBindingKind::Closure(name) => name.as_str() == "letter",
            ast::LetBindingKind::Normal(pattern) => {
                pattern.bindings().iter().any(|name| name.as_str() == "letter")
            }
        },
        ast::Expr::ModuleImport(import) => match import.imports() {
            Some(ast::Imports::Items(items)) => {
                items.iter().any(|item| item.bound_name().as_str() == "letter")
            }
            _ => false,
        },
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_is_found_where_it_is_defined() {
        assert!(defines_letter("#let letter(data) = [x]\n"));
        assert!(defines_letter(
            "#import \"letter.typ\": letter-page\n#let letter = letter-page.with(size: 10pt)\n"
        ));
        assert!(defines_letter("#import \"mine.typ\": letter\n"));
        assert!(!defines_letter("#let letters(data) = []\n// #let letter(data) = []\n"));
        assert!(!defines_letter("#{ let letter(data) = [] }\n"));
        assert!(!defines_letter("letter(data)"));
    }
}
