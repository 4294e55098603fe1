//! Loading is linear in the size of the data: one list of N items (2,500 to
//! 150,000, on one line as minified data has it), then files at the 2 MB
//! limit. Each is loaded and checked as `cvpdf check` does; the time per
//! item stays flat. Before the line index of `SourceText`, each value's
//! place was found by reading the file from its start: 20,000 items took
//! 7.9 s and 150,000 took 51 s.
//! Run with `cargo bench --bench load`.

use std::time::{Duration, Instant};

use cvpdf::gate::MAX_DATA_BYTES;
use cvpdf::model;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The fastest of a few runs.
fn fastest(name: &str, text: &str) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let loaded = model::load(name, text.as_bytes()).expect("valid data");
            std::hint::black_box(loaded);
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn list(items: usize) -> String {
    format!("basics: {{name: A}}\nx-list: [{}]\n", vec!["a"; items].join(","))
}

/// A file of `unit` repeated up to the size limit, between `head` and `tail`.
fn at_limit(head: &str, unit: &str, tail: &str) -> (usize, String) {
    let items = (MAX_DATA_BYTES - head.len() - tail.len()) / unit.len();
    (items, format!("{head}{}{tail}", unit.repeat(items)))
}

fn main() {
    println!("{:<44} {:>9} {:>9} {:>10}", "file", "items", "ms", "ns/item");
    let row = |what: &str, name: &str, items: usize, text: &str| {
        let took = fastest(name, text);
        println!(
            "{what:<44} {items:>9} {:>9.1} {:>10.0}",
            took.as_secs_f64() * 1000.0,
            took.as_nanos() as f64 / items as f64
        );
    };
    for items in [2_500, 5_000, 10_000, 20_000, 150_000] {
        row("one list, on one line", "cv.yaml", items, &list(items));
    }
    let (items, text) = at_limit("basics: {name: A}\nx-list:\n", "  - a\n", "");
    row("2 MB: a list, one item a line", "cv.yaml", items, &text);
    let (items, text) = at_limit("basics: {name: A}\nx-list: [", "a,", "a]\n");
    row("2 MB: a list on one line", "cv.yaml", items, &text);
    let (items, text) =
        at_limit("{\"basics\":{\"name\":\"Zoé\"},\"x-list\":[", "\"é\",", "\"é\"]}");
    row("2 MB: minified JSON, not ASCII", "cv.json", items, &text);
    let head = "basics: {name: A}\nskills:\n  - name: s\n    keywords: [";
    let (items, text) = at_limit(head, "word, ", "1]\n");
    row("2 MB: keywords", "cv.yaml", items, &text);
    let (items, text) = at_limit(head, "3.10, ", "1]\n");
    row("2 MB: keywords that YAML reads as numbers", "cv.yaml", items, &text);
}
