//! The integration tests: one binary with a module per topic, as mdBook's
//! `tests/testsuite/`. One binary is one link where a binary per topic
//! linked the library and its dependencies each time, and the harness
//! schedules every topic's tests together.
//!
//! - `cargo test --test testsuite` runs them all, `cargo test --test
//!   testsuite layouts::` one topic, and `cargo test` everything, with the
//!   unit tests and the short run of the fuzzing properties (a binary of
//!   their own, for their long run).
//! - A topic is a file `NAME.rs` here (or `NAME/mod.rs` with modules of its
//!   own) and a `mod NAME;` line below. It takes its helpers from
//!   [`common`] (`use crate::common::*;`), and keeps its data under `tests/`
//!   (`tests/bad/`, `tests/fixtures/`, `tests/realworld/`…), where a path from
//!   [`common::root`] reaches it.
//! - A test over every layout takes [`common::builtin_layouts`], read from
//!   `cvpdf::layouts::BUILTIN`, so that a layout added there is tested too.

mod common;
mod corpus;

mod action;
mod bad_inputs;
mod budgets;
mod commands;
mod composition;
mod design;
mod design_checks;
mod design_limits;
mod design_reach;
mod documented;
mod eject;
mod glyphs;
mod incremental;
mod languages;
mod layouts;
mod lenient;
mod letters;
mod long_runs;
mod markup;
mod message_length;
mod messages;
mod modules;
mod outputs;
mod pipeline;
mod reading;
mod realworld;
mod rtl;
mod shard;
mod sidebar;
mod sidebar_edges;
mod tall_entries;
mod trust;
mod typesetting;
mod watch;
mod workflows;
