//! The warm re-render that watch mode pays after a one-line edit of the
//! data: load, check, compile (Typst's caches warm) and export the PDF.
//! Two edits: a job's title in the body, and the label in the header, which
//! also feeds the PDF's metadata and the running header.
//! Run with `cargo bench --bench rerender`.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cvpdf::fonts::Fonts;
use cvpdf::layouts::{BUILTIN, Layout};
use cvpdf::model;
use cvpdf::pipeline::{Session, Settings};
use cvpdf::render::{ExportOptions, Format};

// The allocator of the cvpdf binary (src/main.rs), so that the figures are
// those of watch mode.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROUNDS: usize = 30;

/// The edited lines: (what, line in the seed).
const EDITS: [(&str, &str); 2] =
    [("body line", "position: Prémices DevOps"), ("header line", "label: DevOps")];

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cv.yaml");
    let text = std::fs::read_to_string(&path).expect("the seed CV");
    let fonts = Arc::new(Fonts::new(&[], false).expect("the embedded fonts"));
    let export = ExportOptions::default();
    println!(
        "{:<8} {:<12} {:>8} {:>12} {:>9}",
        "layout", "edit", "cold ms", "warm median", "warm p90"
    );
    for name in BUILTIN.iter().map(|b| b.name) {
        for (what, line) in EDITS {
            let layout = Layout::resolve(name).expect("a built-in layout");
            let mut session = Session::new(fonts.clone(), layout, Settings::default());
            let render = |session: &mut Session, text: &str| {
                let started = Instant::now();
                let loaded = model::load("cv.yaml", text.as_bytes()).expect("valid data");
                let rendered = session.render(&loaded, &path).expect("a render");
                rendered.export(Format::Pdf, &export).expect("a PDF");
                comemo::evict(10);
                started.elapsed()
            };
            comemo::evict(0);
            let cold = render(&mut session, &text);
            let mut warm: Vec<Duration> = (0..ROUNDS)
                .map(|round| {
                    // The line changes each round, as when a user saves an edit.
                    let edited = text.replace(line, &format!("{line} {round}"));
                    render(&mut session, &edited)
                })
                .collect();
            warm.sort();
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            println!(
                "{name:<8} {what:<12} {:>8.1} {:>12.1} {:>9.1}",
                ms(cold),
                ms(warm[ROUNDS / 2]),
                ms(warm[ROUNDS * 9 / 10])
            );
        }
    }
}
