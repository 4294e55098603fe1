//! Re-rendering after an edit, through the library as watch mode uses it:
//! Typst must reuse what the edit did not touch. Counted, not timed: the
//! fonts Typst asks for while shaping text show how much it laid out again.

use std::sync::Arc;

use cvpdf::fonts::Fonts;
use cvpdf::layouts::Layout;
use cvpdf::model;
use cvpdf::pipeline::{Session, Settings};

/// Lines of the seed that an edit changes: a job's title in the body, and
/// the headline, which also feeds the metadata and the running header.
const EDITED: [&str; 2] = ["position: Prémices DevOps", "label: DevOps"];

#[test]
fn a_one_line_edit_lays_out_little_again() {
    let path = crate::common::root().join("data/cv.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    for layout in crate::common::builtin_layouts() {
        let fonts = Arc::new(Fonts::new(&[], false).unwrap());
        let resolved = Layout::resolve(layout).unwrap();
        let mut session = Session::new(fonts.clone(), resolved, Settings::default());
        let mut requests = |text: &str| {
            let before = fonts.requests();
            let loaded = model::load("cv.yaml", text.as_bytes()).unwrap();
            session.render(&loaded, &path).unwrap();
            fonts.requests() - before
        };
        let first = requests(&text);
        for line in EDITED {
            assert!(text.contains(line), "the seed has `{line}`");
            let again = requests(&text.replace(line, &format!("{line} (edited)")));
            println!(
                "{layout}: {first} font requests for the first render, {again} after editing `{line}`"
            );
            assert!(
                again * 5 < first,
                "{layout}: after editing `{line}`, Typst asked for fonts {again} times, \
                 against {first} for the first render: it laid out far more than the edit"
            );
        }
    }
}
