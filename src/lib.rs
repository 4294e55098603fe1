//! cvpdf: a CV from YAML (a superset of JSON Resume) into deterministic,
//! print-ready PDFs, with the Typst compiler embedded as a library.
//!
//! The pipeline: [`model`] reads and checks the data, [`view`] shapes it for
//! layouts (with [`markup`] and [`labels`]), [`world`] gives Typst the layout
//! of [`layouts`], the data and the [`fonts`], [`render`] compiles and exports,
//! and [`pipeline`] ties them together for the [`cli`], refusing before
//! compiling what the output cannot hold (the [`glyphs`] check). Every file
//! read goes through [`gate`], every file written through [`output`].

pub mod apply;
pub mod attachment;
pub mod batch;
pub mod cli;
pub mod deadline;
pub mod diagnostics;
pub mod eject;
pub mod fit;
pub mod fonts;
pub mod gate;
pub mod glyphs;
pub mod inflate;
pub mod labels;
pub mod languages;
pub mod layouts;
pub mod letter;
pub mod markup;
pub mod memory;
pub mod model;
pub mod output;
pub mod pdf_objects;
pub mod photo;
pub mod pipeline;
pub mod plaintext;
pub mod preflight;
pub mod render;
pub mod run;
pub mod shard;
pub mod starter;
pub mod timings;
pub mod view;
pub mod watch;
pub mod world;

pub use model::catalogue;
