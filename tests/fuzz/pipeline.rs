//! The pipeline: valid CVs rendered with random options in each built-in
//! layout, exported to PDF and text.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use cvpdf::diagnostics::Error;
use cvpdf::fonts::Fonts;
use cvpdf::layouts::{BUILTIN, Layout};
use cvpdf::model;
use cvpdf::pipeline::{self, Settings};
use cvpdf::render::{self, Demands, ExportOptions, Format};
use cvpdf::view::{Paper, ViewOptions};
use proptest::prelude::*;

use crate::cv::cv_tree;
use crate::harness::{Kind, Stats, fuzz, guarded, message_class};
use crate::shape::one_of;
use crate::yaml::{Node, emit};

static FONTS: LazyLock<Arc<Fonts>> =
    LazyLock::new(|| Arc::new(Fonts::new(&[], false).expect("the embedded fonts load")));

/// The names of the built-in layouts, which the pipeline properties render.
pub fn layouts() -> Vec<&'static str> {
    BUILTIN.iter().map(|b| b.name).collect()
}

/// A valid CV and the options of one render.
#[derive(Debug, Clone)]
pub struct PipelineCase {
    data: String,
    lang: Option<String>,
    paper: Paper,
    tags: Vec<String>,
    epoch: Option<i64>,
    max_pages: Option<usize>,
    embed_source: bool,
}

const HEADER: &str = "# cvpdf-fuzz:";

impl PipelineCase {
    /// The data file, with a first comment line giving the options.
    fn encode(&self) -> Vec<u8> {
        let mut out = format!(
            "{HEADER} lang={} paper={} tags={} epoch={} max-pages={} embed-source={}\n",
            self.lang.as_deref().unwrap_or("-"),
            if self.paper == Paper::UsLetter { "us-letter" } else { "a4" },
            if self.tags.is_empty() { "-".to_owned() } else { self.tags.join(",") },
            self.epoch.map_or("-".to_owned(), |e| e.to_string()),
            self.max_pages.map_or("-".to_owned(), |m| m.to_string()),
            self.embed_source,
        );
        out.push_str(&self.data);
        out.into_bytes()
    }

    pub fn decode(text: &str) -> Self {
        let mut case = Self {
            data: text.to_owned(),
            lang: None,
            paper: Paper::A4,
            tags: Vec::new(),
            epoch: None,
            max_pages: None,
            embed_source: false,
        };
        let Some(options) = text.lines().next().and_then(|l| l.strip_prefix(HEADER)) else {
            return case;
        };
        for option in options.split_whitespace() {
            let Some((key, value)) = option.split_once('=') else { continue };
            if value == "-" {
                continue;
            }
            match key {
                "lang" => case.lang = Some(value.to_owned()),
                "paper" => {
                    case.paper = if value == "us-letter" { Paper::UsLetter } else { Paper::A4 }
                }
                "tags" => case.tags = value.split(',').map(str::to_owned).collect(),
                "epoch" => case.epoch = value.parse().ok(),
                "max-pages" => case.max_pages = value.parse().ok(),
                "embed-source" => case.embed_source = value == "true",
                _ => {}
            }
        }
        case
    }
}

/// Renders a valid CV with each layout and exports it. Errors are fine (a
/// CV too long for one page, a language Typst does not know); panics are
/// not, and neither is a PDF longer than the page limit.
pub fn check_pipeline(case: &PipelineCase, layouts: &[&str], stats: &Stats) -> Result<(), String> {
    let result = guarded(|| {
        let loaded = model::load("fuzz.yaml", case.data.as_bytes())
            .map_err(|e| format!("a valid CV was refused:\n{e}"))?;
        for &name in layouts {
            let layout = Layout::resolve(name).map_err(|e| e.to_string())?;
            let limit = case.max_pages.or(layout.max_pages());
            let standards = if case.embed_source {
                render::with_attachments(&render::DEFAULT_STANDARDS)
            } else {
                render::DEFAULT_STANDARDS.to_vec()
            };
            let settings = Settings {
                view: ViewOptions {
                    lang: case.lang.clone(),
                    paper: case.paper,
                    tags: case.tags.clone(),
                    ..ViewOptions::default()
                },
                source_date_epoch: case.epoch,
                strict: false,
                max_pages: case.max_pages,
                embed_source: case.embed_source,
                demands: Demands::new(Format::Pdf, &standards),
                // Slow cases are reported by their time, not cut short.
                timeout: None,
            };
            let render = |settings: &Settings| {
                pipeline::render(&FONTS, &loaded, Path::new("fuzz.yaml"), &layout, settings)
            };
            // Characters the standards refuse stop a PDF before compiling; the
            // CV is then laid out as for an image, which they do not stop.
            let (rendered, pdf) = match render(&settings) {
                Err(Error::Invalid(errors)) if errors.iter().all(refused_glyphs) => {
                    stats.note(format!("{name}: PDF refused: characters without a glyph"));
                    (render(&Settings { demands: Demands::default(), ..settings.clone() }), false)
                }
                other => (other, true),
            };
            let rendered = match rendered {
                Ok(rendered) => rendered,
                Err(error) => {
                    let message = error.to_string();
                    // Errors are the data's, never the built-in layout's.
                    if message.contains("(built in)") {
                        return Err(format!("{name}: an error in a built-in layout:\n{message}"));
                    }
                    stats.note(format!("{name}: refused: {}", message_class(&message)));
                    continue;
                }
            };
            let pages = rendered.pages();
            if pages == 0 || limit.is_some_and(|limit| pages > limit) {
                return Err(format!("{name} gave {pages} pages, for a limit of {limit:?}"));
            }
            let options = ExportOptions {
                standards: render::check_standards(&standards)?,
                ..ExportOptions::default()
            };
            match pdf.then(|| rendered.export(Format::Pdf, &options)) {
                None => {}
                Some(Ok(files)) => {
                    if !files.first().is_some_and(|f| f.bytes.starts_with(b"%PDF-")) {
                        return Err(format!("{name}: the PDF export is not a PDF"));
                    }
                    stats.note(format!("{name}: PDF of {pages} page(s)"));
                }
                Some(Err(error)) => {
                    let message = error.to_string();
                    if !message.contains("fuzz.yaml:") {
                        return Err(format!(
                            "{name}: a PDF refused for no place in the data:\n{message}"
                        ));
                    }
                    stats.note(format!("{name}: PDF refused: {}", message_class(&message)))
                }
            }
            rendered.export(Format::Txt, &options).map_err(|e| format!("{name}: text: {e}"))?;
        }
        Ok(())
    });
    // Typst's caches would grow with every new document.
    comemo::evict(30);
    result
}

/// Whether a diagnostic is the glyph check's: characters that the PDF
/// standards refuse (or a warning beside them).
fn refused_glyphs(error: &cvpdf::diagnostics::Diagnostic) -> bool {
    !error.is_error()
        || error.message.contains("no glyph")
        || error.message.contains("cannot go into the PDF")
}

fn pipeline_case() -> BoxedStrategy<PipelineCase> {
    (
        cv_tree(),
        0u8..4,
        prop_oneof![6 => Just(None), 1 => one_of(&["en", "fr", "es", "de", "pt-BR", "ar", "zz", "x-y"]).prop_map(Some)],
        any::<bool>(),
        proptest::sample::subsequence(vec!["a", "b", "zz"], 0..=2),
        prop_oneof![
            8 => Just(None),
            1 => any::<i64>().prop_map(Some),
            1 => one_of(&["0", "-1", "1700000000", "253402300799", "253402300800", "-62135596800"]).prop_map(|s| s.parse().ok()),
        ],
        prop_oneof![6 => Just(None), 1 => (1usize..=3).prop_map(Some)],
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.25),
    )
        .prop_map(|(tree, style, lang, letter, tags, epoch, max_pages, embed_source, exotic)| {
            // JSON, block YAML, or block YAML with literal blocks for texts.
            let tree = restyle(tree, style, exotic);
            let data = emit(&tree, style == 0);
            PipelineCase {
                data,
                lang,
                paper: if letter { Paper::UsLetter } else { Paper::A4 },
                tags: tags.into_iter().map(str::to_owned).collect(),
                epoch,
                max_pages,
                embed_source,
            }
        })
        .boxed()
}

/// Writes the texts of a tree as literal blocks where that is possible
/// (`style` 3), and unless `exotic`, replaces the characters that no font
/// draws, which PDF/A refuses: most CVs then export in full.
fn restyle(node: Node, style: u8, exotic: bool) -> Node {
    match node {
        // A valid CV has no control characters: cvpdf refuses them.
        Node::Scalar(text, quoting) if text.chars().any(model::is_unprintable) => restyle(
            Node::Scalar(text.chars().filter(|&c| !model::is_unprintable(c)).collect(), quoting),
            style,
            exotic,
        ),
        Node::Scalar(text, 2) => {
            let text = if exotic || text.starts_with("http") {
                text
            } else {
                text.chars().map(|c| if FONTS.covers(c) || c == '\n' { c } else { '?' }).collect()
            };
            let style = if style == 3 && text.contains('\n') { 3 } else { 2 };
            Node::Scalar(text, style)
        }
        Node::Map(entries, flow) => Node::Map(
            entries.into_iter().map(|(k, v)| (k, restyle(v, style, exotic))).collect(),
            flow,
        ),
        Node::Seq(items, flow) => {
            Node::Seq(items.into_iter().map(|v| restyle(v, style, exotic)).collect(), flow)
        }
        other => other,
    }
}

fn fuzz_pipeline(layout: &'static str, name: &'static str) {
    let stats = Stats::default();
    let report = fuzz(name, Kind::Pipeline, 6, pipeline_case(), PipelineCase::encode, |case| {
        check_pipeline(case, &[layout], &stats)
    });
    stats.print(name);
    report.assert_ok();
}

/// One property per built-in layout, named `pipeline_<layout>`, each on a
/// thread of its own, as the test harness would run tests in parallel.
#[test]
fn pipeline_never_panics() {
    std::thread::scope(|scope| {
        let runs: Vec<_> = layouts()
            .into_iter()
            .map(|layout| {
                let name: &'static str = format!("pipeline_{layout}").leak();
                scope.spawn(move || fuzz_pipeline(layout, name))
            })
            .collect();
        for run in runs {
            if let Err(panic) = run.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
}
