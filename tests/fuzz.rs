//! Fuzzing, from arbitrary bytes through loading, Markdown and rendering: no
//! input may panic, hang or crash. Errors are fine; panics are not.
//!
//! The properties run on proptest strategies through a small harness of our
//! own, which catches panics (showing the input), shrinks a failing input,
//! saves it under `tests/fuzz-regressions/` and can run for a fixed time.
//!
//! - `cargo test --test fuzz` runs a few cases of each property, with a
//!   fixed seed, and replays every saved regression.
//! - `CVPDF_FUZZ_SECONDS=600 cargo test --profile fuzz --test fuzz -- --nocapture`
//!   runs each property for that many seconds and prints its executions,
//!   time and executions per second. Properties run in parallel as the test
//!   harness schedules them; `--test-threads=1` runs them one after another.
//! - `CVPDF_FUZZ_SEED=N` fixes the inputs (the default of a long run is a
//!   seed from the clock, printed with the results); `CVPDF_FUZZ_CASES=N`
//!   changes the number of cases of a short run.
//! - `CVPDF_FUZZ_JOURNAL=1` writes each input to the temporary directory
//!   before running it, to find the input of a crash that kills the process
//!   (a stack overflow): rerun with the seed printed, and read
//!   `cvpdf-fuzz-<property>.current`.
//!
//! A case that runs longer than its limit (`CVPDF_FUZZ_HANG_SECONDS`
//! overrides it) is a hang: its input is saved and the process aborts.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex, Once, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cvpdf::diagnostics::{Error, Printer};
use cvpdf::fonts::Fonts;
use cvpdf::layouts::Layout;
use cvpdf::markup::{self, Block, Inline};
use cvpdf::model;
use cvpdf::pipeline::{self, Settings};
use cvpdf::render::{self, Demands, ExportOptions, Format};
use cvpdf::view::{self, Paper, ViewOptions};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

// ---------------------------------------------------------------- harness

/// What a property takes as input, which decides how a saved input replays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Bytes of a data file, for `model::load`.
    Load,
    /// A Markdown text.
    Markup,
    /// A Markdown text and the plain text it must give, as JSON.
    Model,
    /// A valid CV with a first line saying how to render it.
    Pipeline,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Load, Kind::Markup, Kind::Model, Kind::Pipeline];

    fn prefix(self) -> &'static str {
        match self {
            Kind::Load => "load",
            Kind::Markup => "markup",
            Kind::Model => "model",
            Kind::Pipeline => "pipeline",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Load | Kind::Pipeline => "yaml",
            Kind::Markup => "md",
            Kind::Model => "json",
        }
    }

    /// How long one case may run before it counts as a hang.
    fn hang_limit(self) -> Duration {
        if let Some(seconds) = env_number::<f64>("CVPDF_FUZZ_HANG_SECONDS") {
            return Duration::from_secs_f64(seconds);
        }
        let seconds = match self {
            Kind::Load | Kind::Markup | Kind::Model => 10,
            // Typst can take a minute to lay out a long run of `\\` in a name.
            Kind::Pipeline => 300,
        };
        Duration::from_secs(if cfg!(debug_assertions) { seconds * 5 } else { seconds })
    }

    /// Replays a saved input.
    fn check(self, bytes: &[u8]) -> Result<(), String> {
        match self {
            Kind::Load => check_load(bytes, &Stats::default()),
            Kind::Markup => check_markup(&String::from_utf8_lossy(bytes)),
            Kind::Model => {
                let value: serde_json::Value =
                    serde_json::from_slice(bytes).map_err(|e| format!("bad model file: {e}"))?;
                let field = |key: &str| value[key].as_str().unwrap_or_default().to_owned();
                check_model(&field("markdown"), &field("plain"), &Counts::default(), false)
            }
            Kind::Pipeline => {
                let case = PipelineCase::decode(&String::from_utf8_lossy(bytes));
                check_pipeline(&case, &LAYOUTS, &Stats::default())
            }
        }
    }
}

fn env_number<T: std::str::FromStr>(name: &str) -> Option<T> {
    let text = std::env::var(name).ok()?;
    let text = text.trim();
    if let Some(hex) = text.strip_prefix("0x") {
        // Only integers come in hexadecimal.
        return u64::from_str_radix(hex, 16).ok()?.to_string().parse().ok();
    }
    text.parse().ok()
}

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions")
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Saves an input that failed as `<kind>-<what>-<hash>.<ext>`.
fn save_regression(kind: Kind, what: &str, bytes: &[u8]) -> PathBuf {
    let dir = regressions_dir();
    let path =
        dir.join(format!("{}-{what}-{:016x}.{}", kind.prefix(), fnv1a(bytes), kind.extension()));
    if !path.exists() {
        let _ = std::fs::create_dir_all(&dir);
        if let Err(e) = std::fs::write(&path, bytes) {
            eprintln!("cannot save {}: {e}", path.display());
        }
    }
    path
}

thread_local! {
    /// Whether this thread runs a check, whose panics we report ourselves.
    static IN_CHECK: Cell<bool> = const { Cell::new(false) };
    /// The message and place of the last panic of a check.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps panics of checks quiet (they are reported with their input) and
/// remembers where they happened; other panics print as usual.
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if IN_CHECK.with(Cell::get) {
                let message = payload_text(info.payload());
                let place = info.location().map(|l| format!(" at {l}")).unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{place}")));
            } else {
                default(info);
            }
        }));
    });
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic with a payload that is not text".to_owned()
    }
}

/// Runs a check, turning a panic into an error that starts with `panicked`.
fn guarded(check: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    install_panic_hook();
    IN_CHECK.with(|c| c.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(check));
    IN_CHECK.with(|c| c.set(false));
    match result {
        Ok(result) => result,
        Err(payload) => {
            let message = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| payload_text(&*payload));
            Err(format!("panicked: {message}"))
        }
    }
}

type Slot = Arc<Mutex<Option<(Instant, Vec<u8>)>>>;

/// Watches the case being run: one that takes longer than the limit is a
/// hang, whose input is saved before the process aborts (a stuck thread
/// cannot be stopped otherwise).
struct Watchdog {
    slot: Slot,
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Watchdog {
    fn new(name: &'static str, kind: Kind) -> Self {
        let limit = kind.hang_limit();
        let slot: Slot = Arc::default();
        let done = Arc::new(AtomicBool::new(false));
        let thread = std::thread::spawn({
            let (slot, done) = (slot.clone(), done.clone());
            move || {
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    let current = slot.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some((start, bytes)) = &*current
                        && start.elapsed() > limit
                    {
                        let path = save_regression(kind, "hang", bytes);
                        eprintln!(
                            "fuzz {name}: a case ran for more than {limit:?}, a hang; its input is {}",
                            path.display()
                        );
                        std::process::abort();
                    }
                }
            }
        });
        Self { slot, done, thread: Some(thread) }
    }

    fn arm(&self, bytes: Vec<u8>) {
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), bytes));
    }

    fn disarm(&self) {
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// How long a property runs.
struct Budget {
    cases: u64,
    deadline: Option<Duration>,
    seed: u64,
}

impl Budget {
    fn from_env(normal_cases: u64) -> Self {
        let seconds = env_number::<f64>("CVPDF_FUZZ_SECONDS").filter(|s| *s > 0.0);
        let seed = env_number::<u64>("CVPDF_FUZZ_SEED").unwrap_or_else(|| match seconds {
            // A long run explores: a new seed each time, printed.
            Some(_) => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64),
            None => 0x00c0_ffee,
        });
        Self {
            cases: env_number("CVPDF_FUZZ_CASES").unwrap_or(normal_cases),
            deadline: seconds.map(Duration::from_secs_f64),
            seed,
        }
    }

    fn more(&self, executed: u64, started: Instant) -> bool {
        match self.deadline {
            Some(deadline) => started.elapsed() < deadline,
            None => executed < self.cases,
        }
    }
}

/// The generator of a property: its seed mixes the run's seed and its name,
/// so that each property sees its own inputs whatever runs beside it.
fn runner(seed: u64, name: &str) -> TestRunner {
    let mut state = seed ^ fnv1a(name.as_bytes());
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        // splitmix64
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// At most this many distinct failures are collected before a run stops.
const MAX_FAILURES: usize = 5;

/// What a property run found.
struct Report {
    name: &'static str,
    failures: Vec<String>,
}

impl Report {
    fn assert_ok(self) {
        assert!(
            self.failures.is_empty(),
            "fuzz {}: {} failing input(s):\n\n{}",
            self.name,
            self.failures.len(),
            self.failures.join("\n\n")
        );
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({} characters in all)", text.chars().count())
}

/// Runs a property: generates inputs with `strategy`, checks each one, and
/// shrinks, saves and reports those that fail. `encode` gives the bytes
/// saved for an input, which [`Kind::check`] replays.
fn fuzz<S>(
    name: &'static str,
    kind: Kind,
    normal_cases: u64,
    strategy: S,
    encode: impl Fn(&S::Value) -> Vec<u8>,
    check: impl Fn(&S::Value) -> Result<(), String>,
) -> Report
where
    S: Strategy,
    S::Value: fmt::Debug,
{
    let budget = Budget::from_env(normal_cases);
    let mut runner = runner(budget.seed, name);
    let watchdog = Watchdog::new(name, kind);
    let journal = std::env::var_os("CVPDF_FUZZ_JOURNAL")
        .map(|_| std::env::temp_dir().join(format!("cvpdf-fuzz-{name}.current")));
    let started = Instant::now();
    let (mut executed, mut shrinks) = (0u64, 0u64);
    let mut slowest = (Duration::ZERO, Vec::new());
    let mut failures: Vec<String> = Vec::new();
    let mut run = |value: &S::Value| {
        let bytes = encode(value);
        if let Some(journal) = &journal {
            let _ = std::fs::write(journal, &bytes);
        }
        watchdog.arm(bytes.clone());
        let start = Instant::now();
        let result = guarded(|| check(value));
        if start.elapsed() > slowest.0 {
            slowest = (start.elapsed(), bytes);
        }
        watchdog.disarm();
        result
    };
    while budget.more(executed, started) && failures.len() < MAX_FAILURES {
        let mut tree = strategy
            .new_tree(&mut runner)
            .unwrap_or_else(|e| panic!("fuzz {name}: cannot generate an input: {e}"));
        let result = run(&tree.current());
        executed += 1;
        let Err(mut message) = result else { continue };
        // Shrink: simplify while it still fails, within bounds.
        let mut smallest = tree.current();
        let shrink_started = Instant::now();
        let mut steps = 0;
        if tree.simplify() {
            while steps < 2000 && shrink_started.elapsed() < Duration::from_secs(120) {
                steps += 1;
                let candidate = tree.current();
                match run(&candidate) {
                    Err(why) => {
                        smallest = candidate;
                        message = why;
                        if !tree.simplify() {
                            break;
                        }
                    }
                    Ok(()) => {
                        if !tree.complicate() {
                            break;
                        }
                    }
                }
            }
        }
        shrinks += steps;
        let what = if message.starts_with("panicked") { "panic" } else { "fail" };
        let path = save_regression(kind, what, &encode(&smallest));
        let input = shorten(&format!("{smallest:#?}"), 4000);
        failures.push(format!(
            "{message}\ninput (shrunk in {steps} steps): {input}\nsaved as {}\nreproduce: CVPDF_FUZZ_SEED={} cargo test --test fuzz {name}",
            path.display(),
            budget.seed
        ));
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "fuzz {name}: {executed} executions in {elapsed:.1} s = {:.1} executions/s (slowest {:.2?}, seed {}, {} failure(s), {shrinks} shrink steps)",
        executed as f64 / elapsed.max(1e-9),
        slowest.0,
        budget.seed,
        failures.len(),
    );
    if slowest.0 > Duration::from_secs(1) {
        // Not a failure, but worth a look.
        let path =
            std::env::temp_dir().join(format!("cvpdf-fuzz-{name}.slowest.{}", kind.extension()));
        if std::fs::write(&path, &slowest.1).is_ok() {
            println!("    the slowest input is {}", path.display());
        }
    }
    Report { name, failures }
}

/// Counts of outcomes, printed after a property's summary.
#[derive(Default)]
struct Stats(Mutex<BTreeMap<String, u64>>);

impl Stats {
    fn note(&self, key: impl Into<String>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner).entry(key.into()).or_default() += 1;
    }

    fn print(&self, name: &str) {
        let map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let mut entries: Vec<(&String, &u64)> = map.iter().collect();
        entries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (key, count) in entries.into_iter().take(12) {
            println!("    {name}: {count:>7} × {key}");
        }
    }
}

/// A message with its numbers and quoted parts blanked, to count alike ones.
fn message_class(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    let mut class = String::new();
    let mut quoted = false;
    for c in first.chars() {
        if c == '`' {
            quoted = !quoted;
            class.push_str(if quoted { "`…" } else { "`" });
        } else if !quoted {
            class.push(if c.is_ascii_digit() { '#' } else { c });
        }
    }
    shorten(&class, 110)
}

// ---------------------------------------------------------------- text pieces

/// Words, with the characters that mean something to YAML, Markdown or
/// Typst, and Unicode that fonts and layout find hard.
const PIECES: &[&str] = &[
    "Ada",
    "Lovelace",
    "DevOps",
    "ingénieur",
    "Zoë",
    "straße",
    "İstanbul",
    "ǅ",
    "日本語",
    "中文",
    "한국어",
    "مرحبا",
    "שלום",
    "नमस्ते",
    "ไทย",
    "Ελληνικά",
    "Кириллица",
    "🦀",
    "👩‍💻",
    "🏳️‍🌈",
    "e\u{301}\u{302}\u{303}",
    "\u{200b}",
    "\u{200d}",
    "\u{202e}",
    "\u{2066}",
    "\u{feff}",
    "\u{fffd}",
    "\u{a0}",
    "\u{2028}",
    "\u{85}",
    "\u{ad}",
    "ﬁ",
    "𝕏",
    "\u{1d11e}",
    "C#",
    "$100",
    "@jpic",
    "#import",
    "#set",
    "#let x = 1",
    "#panic(\"x\")",
    "#{",
    "}",
    "[",
    "]",
    "<x>",
    "<",
    ">",
    "*",
    "**",
    "_",
    "__",
    "`",
    "```",
    "~",
    "~~",
    "\\",
    "\\\\",
    "\"",
    "'",
    "’",
    "«",
    "»",
    "$x^2$",
    "//",
    "/*",
    "*/",
    "=",
    "==",
    "-",
    "--",
    "---",
    "+",
    "|",
    "&",
    "&amp;",
    "&#x1F600;",
    "%",
    "^",
    ":",
    ": ",
    " #",
    "#",
    "!",
    "?",
    ",",
    ";",
    "(",
    ")",
    "{",
    "}",
    "1.",
    "2)",
    "- ",
    "* ",
    "> ",
    "# ",
    "\n",
    "\n\n",
    "  \n",
    "\t",
    " ",
    "   ",
    "\r\n",
    "https://example.org",
    "<https://example.org/x>",
    "[link](https://example.org/a_(b))",
    "[here](#)",
    "[x](www.x.org)",
    "<a@b.org>",
    "**bold**",
    "*it*",
    "`code`",
    "![img](x.png)",
    "<!-- c -->",
    "<b>",
    "\u{0}",
    "\u{1}",
    "\u{7}",
    "\u{8}",
    "\u{b}",
    "\u{c}",
    "\u{1b}",
    "\u{7f}",
    "\u{9f}",
    "\u{ffff}",
];

/// Units that long inputs repeat.
const REPEATED: &[&str] = &[
    "a", "W", "*", "**", "_", "[", "]", "[a](", "(", "<", ">", "`", "> ", "- ", "  - ", "1. ",
    "\n", "\n\n", "&", "\\", "[]", "![", "<!--", "a\n", "# ", "|", "{", "}", "{a: ", "[a, ", "- [",
    "&a ", "*a ", "\"", "'", "#", "#{", "$", "@", "\u{301}", "🦀", "日本", "\u{200b}", "word ",
    "**a**", "*a", "a*", "_a", "a_", "[a]", "[a](#)", "<a@b.c>", " \t",
];

fn piece() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(PIECES).prop_map(str::to_owned),
        3 => "[a-zA-Z0-9]{1,10}",
        1 => any::<char>().prop_map(String::from),
        1 => (select(REPEATED), 1..3000usize).prop_map(|(unit, n)| unit.repeat(n)),
    ]
    .boxed()
}

/// Any text: pieces of [`PIECES`], arbitrary characters, long repeats.
fn any_text() -> BoxedStrategy<String> {
    vec(piece(), 0..12).prop_map(|pieces| pieces.concat()).boxed()
}

// ---------------------------------------------------------------- YAML trees

/// A YAML document as a tree, emitted with a chosen style for each node.
#[derive(Debug, Clone)]
enum Node {
    /// A scalar: its text and style (see [`scalar`]).
    Scalar(String, u8),
    /// A mapping, in flow style when the flag says so.
    Map(Vec<(String, Node)>, bool),
    /// A sequence, in flow style when the flag says so.
    Seq(Vec<Node>, bool),
    /// `*aN`.
    Alias(u8),
    /// `&aN` before a node.
    Anchor(u8, Box<Node>),
}

fn null() -> Node {
    Node::Scalar("null".into(), 4)
}

/// Whether YAML can read `c` unescaped (its "printable" set).
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// A double-quoted scalar, which is also a JSON string.
fn double_quoted(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if !yaml_printable(c) || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether a scalar can be written plain and still read as this string.
fn plain_safe(text: &str, flow: bool) -> bool {
    let Some(first) = text.chars().next() else { return false };
    let indicators = "-?:,[]{}#&*!|>'\"%@`";
    let indicated = first.is_whitespace()
        || indicators.contains(first)
        || text.ends_with([' ', '\t', ':'])
        || text.contains(": ")
        || text.contains(" #")
        || (flow && text.contains([',', '[', ']', '{', '}']));
    !indicated
        && text.chars().all(|c| yaml_printable(c) && !matches!(c, '\n' | '\r' | '\t'))
        && !["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"]
            .contains(&text.to_lowercase().as_str())
        && text.parse::<f64>().is_err()
}

/// Writes a scalar. Styles: 0 plain when safe, 1 single-quoted, 2 double
/// quoted, 3 literal block (in block context), 4 as it is, whatever it
/// gives; unsafe choices fall back to double quotes.
fn scalar(text: &str, style: u8, flow: bool, indent: usize, out: &mut String) {
    let printable = text.chars().all(|c| yaml_printable(c) && c != '\r');
    match style % 5 {
        0 if plain_safe(text, flow) => out.push_str(text),
        1 if printable && !text.contains(['\n', '\t']) && !text.starts_with(' ') => {
            out.push('\'');
            out.push_str(&text.replace('\'', "''"));
            out.push('\'');
        }
        3 if !flow
            && printable
            && !text.is_empty()
            && !text.starts_with([' ', '\t', '\n'])
            && !text.ends_with([' ', '\t', '\n'])
            // YAML 1.1 reads these as line breaks.
            && !text.contains(['\u{85}', '\u{2028}', '\u{2029}']) =>
        {
            out.push_str("|-");
            for line in text.split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&" ".repeat(indent));
                    out.push_str(line);
                }
            }
        }
        4 => out.push_str(text),
        _ => double_quoted(text, out),
    }
}

fn key_text(key: &str, flow: bool, json: bool, out: &mut String) {
    if !json && plain_safe(key, flow) {
        out.push_str(key);
    } else {
        double_quoted(key, out);
    }
}

/// The document for a tree, in block style (flow where nodes ask), or as
/// JSON when `json` is set (then every scalar must be double-quoted).
fn emit(node: &Node, json: bool) -> String {
    let mut out = String::new();
    match node {
        Node::Map(entries, false) if !json && !entries.is_empty() => {
            block_map(entries, 0, &mut out)
        }
        Node::Seq(items, false) if !json && !items.is_empty() => block_seq(items, 0, &mut out),
        _ => {
            flow(node, json, &mut out);
            out.push('\n');
        }
    }
    out
}

fn block_map(entries: &[(String, Node)], indent: usize, out: &mut String) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        key_text(key, false, false, out);
        out.push(':');
        block_value(value, indent + 2, out);
    }
}

fn block_seq(items: &[Node], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        block_value(item, indent + 2, out);
    }
}

/// A value after `key:` or `-`, whose children indent to `indent`.
fn block_value(node: &Node, indent: usize, out: &mut String) {
    match node {
        Node::Scalar(text, style) => {
            out.push(' ');
            scalar(text, *style, false, indent, out);
            out.push('\n');
        }
        Node::Map(entries, false) if !entries.is_empty() => {
            out.push('\n');
            block_map(entries, indent, out);
        }
        Node::Seq(items, false) if !items.is_empty() => {
            out.push('\n');
            block_seq(items, indent, out);
        }
        Node::Anchor(n, inner) => {
            let _ = write!(out, " &a{n}");
            block_value(inner, indent, out);
        }
        _ => {
            out.push(' ');
            flow(node, false, out);
            out.push('\n');
        }
    }
}

fn flow(node: &Node, json: bool, out: &mut String) {
    match node {
        Node::Scalar(text, style) if json => {
            if *style == 4 {
                out.push_str(text);
            } else {
                double_quoted(text, out);
            }
        }
        Node::Scalar(text, style) => scalar(text, *style, true, 0, out),
        Node::Map(entries, _) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                key_text(key, true, json, out);
                out.push_str(": ");
                flow(value, json, out);
            }
            out.push('}');
        }
        Node::Seq(items, _) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, json, out);
            }
            out.push(']');
        }
        Node::Alias(n) => {
            let _ = write!(out, "*a{n}");
        }
        Node::Anchor(n, inner) => {
            let _ = write!(out, "&a{n} ");
            flow(inner, json, out);
        }
    }
}

/// Adds anchors and aliases to a tree, node by node in document order, as
/// `plan` says: a plan value of 5 anchors a node, 6 replaces it with an
/// alias, anything else leaves it.
fn add_anchors(node: Node, plan: &[u8], at: &mut usize) -> Node {
    let decision = if plan.is_empty() { 0 } else { plan[*at % plan.len()] };
    *at += 1;
    let node = match node {
        Node::Map(entries, flow) => Node::Map(
            entries.into_iter().map(|(k, v)| (k, add_anchors(v, plan, at))).collect(),
            flow,
        ),
        Node::Seq(items, flow) => {
            Node::Seq(items.into_iter().map(|v| add_anchors(v, plan, at)).collect(), flow)
        }
        other => other,
    };
    match decision % 16 {
        5 => Node::Anchor(decision / 16 % 3, Box::new(node)),
        6 => Node::Alias(decision / 16 % 3),
        _ => node,
    }
}

// ---------------------------------------------------------------- JSON Resume shape

/// The kind of value a field takes.
#[derive(Debug, Clone, Copy)]
enum F {
    /// Text, or translations.
    Text,
    /// A string.
    Str,
    Date,
    Moment,
    Url,
    Email,
    Lang,
    Bool,
    /// A list of texts.
    Texts,
    /// A list of strings.
    Strs,
    Location,
    Profiles,
}

const LOCATION: &[(&str, F)] = &[
    ("address", F::Text),
    ("postalCode", F::Str),
    ("city", F::Text),
    ("countryCode", F::Str),
    ("region", F::Text),
];
const PROFILE: &[(&str, F)] = &[("network", F::Text), ("username", F::Str), ("url", F::Url)];
const BASICS: &[(&str, F)] = &[
    ("name", F::Text),
    ("label", F::Text),
    ("image", F::Str),
    ("email", F::Email),
    ("phone", F::Str),
    ("url", F::Url),
    ("summary", F::Text),
    ("location", F::Location),
    ("profiles", F::Profiles),
];
const META: &[(&str, F)] = &[
    ("canonical", F::Url),
    ("version", F::Str),
    ("lastModified", F::Moment),
    ("lang", F::Lang),
    ("optionalSections", F::Strs),
];
const EXTENSIONS: &[(&str, F)] = &[("body", F::Text), ("short", F::Text), ("tags", F::Strs)];
const WORK: &[(&str, F)] = &[
    ("name", F::Text),
    ("location", F::Text),
    ("description", F::Text),
    ("position", F::Text),
    ("url", F::Url),
    ("startDate", F::Date),
    ("endDate", F::Date),
    ("summary", F::Text),
    ("highlights", F::Texts),
];
const VOLUNTEER: &[(&str, F)] = &[
    ("organization", F::Text),
    ("position", F::Text),
    ("url", F::Url),
    ("startDate", F::Date),
    ("endDate", F::Date),
    ("summary", F::Text),
    ("highlights", F::Texts),
];
const EDUCATION: &[(&str, F)] = &[
    ("institution", F::Text),
    ("url", F::Url),
    ("area", F::Text),
    ("studyType", F::Text),
    ("startDate", F::Date),
    ("endDate", F::Date),
    ("score", F::Text),
    ("courses", F::Texts),
];
const AWARDS: &[(&str, F)] =
    &[("title", F::Text), ("date", F::Date), ("awarder", F::Text), ("summary", F::Text)];
const CERTIFICATES: &[(&str, F)] =
    &[("name", F::Text), ("date", F::Date), ("url", F::Url), ("issuer", F::Text)];
const PUBLICATIONS: &[(&str, F)] = &[
    ("name", F::Text),
    ("publisher", F::Text),
    ("releaseDate", F::Date),
    ("url", F::Url),
    ("summary", F::Text),
];
const SKILLS: &[(&str, F)] = &[("name", F::Text), ("level", F::Text), ("keywords", F::Texts)];
const LANGUAGES: &[(&str, F)] = &[("language", F::Text), ("fluency", F::Text)];
const INTERESTS: &[(&str, F)] = &[("name", F::Text), ("keywords", F::Texts)];
const REFERENCES: &[(&str, F)] = &[("name", F::Text), ("reference", F::Text)];
const PROJECTS: &[(&str, F)] = &[
    ("name", F::Text),
    ("description", F::Text),
    ("highlights", F::Texts),
    ("keywords", F::Texts),
    ("startDate", F::Date),
    ("endDate", F::Date),
    ("url", F::Url),
    ("roles", F::Texts),
    ("entity", F::Text),
    ("type", F::Text),
];
const FREE_SECTION: &[(&str, F)] = &[
    ("title", F::Text),
    ("id", F::Str),
    ("body", F::Text),
    ("items", F::Texts),
    ("optional", F::Bool),
    ("tags", F::Strs),
];
/// The sections that are lists of entries, with their fields.
const ENTRY_SECTIONS: &[(&str, &[(&str, F)])] = &[
    ("work", WORK),
    ("volunteer", VOLUNTEER),
    ("education", EDUCATION),
    ("awards", AWARDS),
    ("certificates", CERTIFICATES),
    ("publications", PUBLICATIONS),
    ("skills", SKILLS),
    ("languages", LANGUAGES),
    ("interests", INTERESTS),
    ("references", REFERENCES),
    ("projects", PROJECTS),
];

const LANG_CODES: &[&str] =
    &["en", "fr", "es", "de", "pt-BR", "zh-Hant-TW", "ar", "x", "EN", "fr-", "", "english"];

const DATES: &[&str] = &[
    "2015",
    "2015-06",
    "2015-06-30",
    "2015-06-31",
    "2015-13",
    "2024-02-29",
    "2023-02-29",
    "0999",
    "1000",
    "2999-12-31",
    "3000",
    "2015-6",
    "June 2015",
    "",
    " ",
    "2015-06-01T10:00:00Z",
    "2015-",
    "-2015",
    "2015--06",
    "20150",
    "２０１５",
    "2015-00",
    "2015-06-00",
    "2015-06-01-01",
];

const MOMENTS: &[&str] = &[
    "2024-03-01",
    "2024-03-01T09:30:00",
    "2024-03-01 09:30",
    "2024-03-01T09:30:00Z",
    "2024-03-01T09:30+01:00",
    "2024-03-01T09:30:00-05:00",
    "1000-01-01T00:00+01:00",
    "2999-12-31T23:59:59-14:00",
    "2024-03-01T",
    "2024-03-01TZ",
    "2024-03-01T24:00",
    "2024-03-01T09:30+25:99",
    "2024-03-01T09:30+",
    "2024-03-01T09:30+é",
    "2024-03-01T9é:00",
    "2024-03-01T09:30:00.123Z",
    "2024-03",
    "2024",
    "2024-03-01T+01:00",
    "2024-03-01T09:30-",
];

const URLS: &[&str] = &[
    "https://example.com",
    "http://localhost:8080/x?y#z",
    "https://",
    "https://a..b",
    "https://exämple.fr/ü",
    "mailto:a@b.c",
    "ftp://x.org",
    "https://exa mple.com",
    "javascript:alert(1)",
    "https://a.b/\")#x[y]*z_",
    "https://[::1]/",
    "https://a@b@c/",
    "https://a:b:c",
    "https://a:/x",
    "www.example.com",
    "https://x.org/#",
    "https://-.-",
    "https://a.b/%zz",
    "https://a.b/\u{202e}",
    "http://a.b:99999999999999999999/",
];

fn one_of(list: &'static [&'static str]) -> BoxedStrategy<String> {
    select(list).prop_map(str::to_owned).boxed()
}

/// A key that JSON Resume does not have, or a mangled one.
fn random_key() -> BoxedStrategy<String> {
    prop_oneof![
        one_of(&[
            "x-note",
            "$schema",
            "nmae",
            "strtDate",
            "",
            "<<",
            "?",
            "-",
            "日本",
            "name ",
            "Name",
            "start_date",
            "x-",
            "#",
            "a: b",
            "\"q\"",
            "~",
            "null",
            "1",
            "true",
            "work",
            "basics",
            "sections",
            "meta",
            "x-\u{0}",
            "key\nkey",
        ]),
        "[a-zA-Z_$-]{0,12}",
        any_text(),
    ]
    .boxed()
}

fn text_scalar() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[A-Za-z][a-z]{0,8}( [A-Za-z][a-z]{0,8}){0,4}",
        4 => any_text(),
        1 => one_of(&["2014", "1.5", "true", "null", "~", "", "0x1F", ".inf", "-.nan", "1e400",
            "-0", "0o17", "2015-06-01", "12:30:00", "!!binary aGk=", "yes"]),
    ]
    .boxed()
}

fn scalar_node(text: impl Strategy<Value = String> + 'static) -> BoxedStrategy<Node> {
    (text, 0u8..5).prop_map(|(text, style)| Node::Scalar(text, style)).boxed()
}

/// Any YAML value, nested a little.
fn wild() -> BoxedStrategy<Node> {
    let leaf = prop_oneof![
        6 => scalar_node(text_scalar()),
        1 => Just(null()),
        // Deep nesting, past every recursion limit.
        1 => (1..400usize, any::<bool>()).prop_map(|(depth, map)| {
            let mut node = Node::Scalar("deep".into(), 0);
            for _ in 0..depth {
                node = if map {
                    Node::Map(vec![("a".into(), node)], true)
                } else {
                    Node::Seq(vec![node], true)
                };
            }
            node
        }),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            (vec(inner.clone(), 0..5), any::<bool>()).prop_map(|(items, f)| Node::Seq(items, f)),
            (vec((random_key(), inner), 0..5), any::<bool>())
                .prop_map(|(entries, f)| Node::Map(entries, f)),
        ]
    })
    .boxed()
}

/// A value of a field's kind, or sometimes anything.
fn field(kind: F) -> BoxedStrategy<Node> {
    let typed: BoxedStrategy<Node> = match kind {
        F::Text => prop_oneof![
            5 => scalar_node(text_scalar()),
            1 => (vec((one_of(LANG_CODES), prop_oneof![4 => scalar_node(text_scalar()), 1 => wild()]), 0..4), any::<bool>())
                .prop_map(|(entries, f)| Node::Map(entries, f)),
        ]
        .boxed(),
        F::Str => scalar_node(text_scalar()),
        F::Date => scalar_node(prop_oneof![
            3 => one_of(DATES),
            2 => "[0-9]{1,5}(-[0-9]{1,3}){0,3}",
            1 => text_scalar(),
        ]),
        F::Moment => scalar_node(prop_oneof![
            3 => one_of(MOMENTS),
            2 => "[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:]{0,9}([Z+-][0-9:]{0,6})?)?",
            1 => text_scalar(),
        ]),
        F::Url => scalar_node(prop_oneof![
            3 => one_of(URLS),
            2 => "https?://[a-z0-9.:@\\[\\]-]{0,20}(/[^\\s]{0,10})?",
            1 => text_scalar(),
        ]),
        F::Email => scalar_node(prop_oneof![
            2 => "[a-z0-9.+_-]{1,8}@[a-z0-9-]{1,8}\\.[a-z]{2,4}",
            1 => one_of(&["a@b", "a@@b.c", "@b.c", "a@.b", "a@b.", "a b@c.d", "<a@b.c>", "a,b@c.d"]),
            1 => text_scalar(),
        ]),
        F::Lang => scalar_node(prop_oneof![3 => one_of(LANG_CODES), 1 => text_scalar()]),
        F::Bool => scalar_node(one_of(&["true", "false", "yes", "no", "1", "\"true\"", ""])),
        F::Texts => (vec(field(F::Text), 0..4), any::<bool>())
            .prop_map(|(items, f)| Node::Seq(items, f))
            .boxed(),
        F::Strs => (vec(scalar_node(text_scalar()), 0..4), any::<bool>())
            .prop_map(|(items, f)| Node::Seq(items, f))
            .boxed(),
        F::Location => map_of(LOCATION),
        F::Profiles => {
            (vec(map_of(PROFILE), 0..3), any::<bool>()).prop_map(|(i, f)| Node::Seq(i, f)).boxed()
        }
    };
    prop_oneof![12 => typed, 1 => wild(), 1 => Just(null())].boxed()
}

/// A mapping of some of a table's fields, now and then with other keys.
fn map_of(table: &'static [(&'static str, F)]) -> BoxedStrategy<Node> {
    let known = select(table).prop_flat_map(|(key, kind)| (Just(key.to_owned()), field(kind)));
    let pair = prop_oneof![12 => known, 1 => (random_key(), wild())];
    (vec(pair, 0..8), prop::bool::weighted(0.15))
        .prop_map(|(entries, flow)| Node::Map(entries, flow))
        .boxed()
}

fn entries_of(table: &'static [(&'static str, F)]) -> BoxedStrategy<Node> {
    let with_extensions: &'static [(&'static str, F)] =
        Box::leak([table, EXTENSIONS].concat().into_boxed_slice());
    (vec(map_of(with_extensions), 0..4), prop::bool::weighted(0.15))
        .prop_map(|(items, flow)| Node::Seq(items, flow))
        .boxed()
}

/// A JSON-Resume-shaped document with random keys and values.
fn resume_tree() -> BoxedStrategy<Node> {
    let mut sections: Vec<BoxedStrategy<(String, Node)>> = vec![
        (Just("basics".to_owned()), map_of(BASICS)).boxed(),
        (Just("meta".to_owned()), map_of(META)).boxed(),
        (Just("sections".to_owned()), entries_of(FREE_SECTION)).boxed(),
        (Just("$schema".to_owned()), field(F::Url)).boxed(),
        (random_key(), wild()).boxed(),
    ];
    for (key, table) in ENTRY_SECTIONS {
        sections.push((Just((*key).to_owned()), entries_of(table)).boxed());
    }
    let section = proptest::strategy::Union::new(sections);
    (vec(section, 0..9), vec(any::<u8>(), 0..12))
        .prop_map(|(entries, plan)| add_anchors(Node::Map(entries, false), &plan, &mut 0))
        .boxed()
}

/// Wraps a document in the things that come around YAML documents.
fn frame(yaml: String, how: u8) -> String {
    match how % 12 {
        1 => format!("---\n{yaml}"),
        2 => format!("%YAML 1.1\n---\n{yaml}"),
        3 => format!("\u{feff}{yaml}"),
        4 => format!("{yaml}...\n"),
        5 => format!("{yaml}\n---\nbasics: {{name: Two}}\n"),
        6 => format!("# a comment\n{yaml}"),
        7 => yaml.replace('\n', "\r\n"),
        8 => yaml.trim_end().to_owned(),
        9 => format!("%TAG ! tag:x,2024:\n---\n{yaml}"),
        _ => yaml,
    }
}

/// Inserts tokens at places in a text, to break what the emitter made.
fn insert_tokens(text: &str, edits: &[(Index, &'static str)]) -> String {
    let mut text = text.to_owned();
    for (at, token) in edits {
        let boundaries: Vec<usize> =
            text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let at = boundaries[at.index(boundaries.len())];
        text.insert_str(at, token);
    }
    text
}

const YAML_TOKENS: &[&str] = &[
    ": ",
    "- ",
    "&a ",
    "*a",
    "*b ",
    "<<: ",
    "{",
    "}",
    "[",
    "]",
    "!!binary ",
    "!!str ",
    "!x ",
    "\t",
    "\"",
    "'",
    "#",
    "\n",
    "---\n",
    "...\n",
    "? ",
    "|",
    ">",
    "%YAML 1.2\n",
    "\u{feff}",
    "\r",
    "\u{0}",
    "\u{85}",
    ",",
    "  ",
    "\n  ",
    "\n- ",
    "&a [*a, *a]",
    "!!python/object ",
    "@",
    "`",
    "\\",
    "\\x",
    "\\u12",
    "\"\\",
    "-\n",
    "\n    \n",
    "key: value\n",
    "\"\\ud83e\\udd80\"",
    "\"\\U0001F980\\ud800\"",
];

/// A structured document: its tree and how it is written.
#[derive(Debug, Clone)]
struct YamlCase {
    text: String,
}

fn yaml_case() -> BoxedStrategy<YamlCase> {
    let clean = (resume_tree(), prop::bool::weighted(0.15), any::<u8>())
        .prop_map(|(tree, json, how)| YamlCase { text: frame(emit(&tree, json), how) });
    let broken = (clean.clone(), vec((any::<Index>(), select(YAML_TOKENS)), 1..4))
        .prop_map(|(case, edits)| YamlCase { text: insert_tokens(&case.text, &edits) });
    prop_oneof![4 => clean, 1 => broken].boxed()
}

// ---------------------------------------------------------------- bytes

/// Valid CVs that mutations start from.
static CORPUS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut corpus = vec![b"basics: {name: Ada}\n".to_vec()];
    let mut paths = vec![root.join("data/cv.yaml")];
    if let Ok(entries) = std::fs::read_dir(root.join("tests/fixtures/jsonresume")) {
        let mut more: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        more.sort();
        paths.extend(more);
    }
    corpus.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    corpus
});

#[derive(Debug, Clone)]
enum Mutation {
    Flip(Index, u8),
    Set(Index, u8),
    Insert(Index, &'static str),
    Delete(Index, usize),
    Duplicate(Index, usize),
    Truncate(Index),
}

fn mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(i, bit)| Mutation::Flip(i, bit)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<Index>(), select(YAML_TOKENS)).prop_map(|(i, t)| Mutation::Insert(i, t)),
        (any::<Index>(), 1..200usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<Index>(), 1..200usize).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
    .boxed()
}

fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len) };
    match mutation {
        Mutation::Flip(i, bit) if !bytes.is_empty() => {
            let at = at(i, bytes.len());
            bytes[at] ^= 1 << bit;
        }
        Mutation::Set(i, byte) if !bytes.is_empty() => {
            let at = at(i, bytes.len());
            bytes[at] = *byte;
        }
        Mutation::Insert(i, token) => {
            let at = at(i, bytes.len() + 1);
            bytes.splice(at..at, token.bytes());
        }
        Mutation::Delete(i, n) if !bytes.is_empty() => {
            let at = at(i, bytes.len());
            let end = (at + n).min(bytes.len());
            bytes.drain(at..end);
        }
        Mutation::Duplicate(i, n) if !bytes.is_empty() => {
            let at = at(i, bytes.len());
            let end = (at + n).min(bytes.len());
            let copy = bytes[at..end].to_vec();
            bytes.splice(at..at, copy);
        }
        Mutation::Truncate(i) => {
            let at = at(i, bytes.len() + 1);
            bytes.truncate(at);
        }
        _ => {}
    }
}

fn any_bytes() -> BoxedStrategy<Vec<u8>> {
    let mutated = (any::<Index>(), vec(mutation(), 1..8)).prop_map(|(which, mutations)| {
        let mut bytes = CORPUS[which.index(CORPUS.len())].clone();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        bytes
    });
    prop_oneof![
        1 => vec(any::<u8>(), 0..2048),
        1 => any_text().prop_map(String::into_bytes),
        3 => mutated,
    ]
    .boxed()
}

// ---------------------------------------------------------------- loading

/// Loads bytes; a CV that loads is turned into a view and plain text in a
/// few languages, and a refusal is printed as the CLI prints it. Every
/// refusal must point into the file.
fn check_load(bytes: &[u8], stats: &Stats) -> Result<(), String> {
    guarded(|| {
        let printer = Printer { color: false };
        match model::load("fuzz.yaml", bytes) {
            Ok(loaded) => {
                stats.note("loaded");
                for lang in [None, Some("fr"), Some("es"), Some("xx")] {
                    let options =
                        ViewOptions { lang: lang.map(str::to_owned), ..ViewOptions::default() };
                    let (view, warnings) = view::build(&loaded, &options);
                    let _ = cvpdf::plaintext::render(&view);
                    let _ = render::view_json(&view);
                    let mut out = Vec::new();
                    printer.emit(&mut out, &warnings).map_err(|e| e.to_string())?;
                    inert(&out)?;
                }
                let mut out = Vec::new();
                printer.emit(&mut out, &loaded.warnings).map_err(|e| e.to_string())?;
                inert(&out)?;
            }
            Err(error) => {
                let text = error.to_string();
                let mut out = Vec::new();
                printer.emit_error(&mut out, &error).map_err(|e| e.to_string())?;
                inert(&out)?;
                inert(text.as_bytes())?;
                let Error::Invalid(diagnostics) = &error else {
                    return Err(format!("a refusal that is not about the data: {text}"));
                };
                if diagnostics.is_empty() {
                    return Err("a refusal without any message".into());
                }
                for d in diagnostics {
                    let Some(location) = &d.location else {
                        return Err(format!("a message that points nowhere: {d}"));
                    };
                    let len = location.source.text.len();
                    if location.range.start > location.range.end || location.range.end > len {
                        return Err(format!(
                            "a message points at {:?}, outside the {len} bytes of the text: {d}",
                            location.range
                        ));
                    }
                }
                stats.note(format!("refused: {}", message_class(&diagnostics[0].message)));
            }
        }
        Ok(())
    })
}

/// Fails when printed messages hold a character a terminal acts on: a
/// control character other than a line feed, or a bidi control.
fn inert(printed: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(printed);
    let acts = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')
            || matches!(c, '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    };
    match text.chars().find(|&c| acts(c)) {
        Some(c) => Err(format!("a message prints U+{:04X} raw:\n{text}", c as u32)),
        None => Ok(()),
    }
}

#[test]
fn load_never_panics_on_arbitrary_bytes() {
    let stats = Stats::default();
    let report = fuzz("load_bytes", Kind::Load, 1000, any_bytes(), Vec::clone, |bytes| {
        check_load(bytes, &stats)
    });
    stats.print("load_bytes");
    report.assert_ok();
}

#[test]
fn load_never_panics_on_structured_yaml() {
    let stats = Stats::default();
    let report = fuzz(
        "load_yaml",
        Kind::Load,
        600,
        yaml_case(),
        |case| case.text.clone().into_bytes(),
        |case| check_load(case.text.as_bytes(), &stats),
    );
    stats.print("load_yaml");
    report.assert_ok();
}

// ---------------------------------------------------------------- Markdown

/// Characters that mean nothing to the Markdown subset, or that print as
/// written when they start a construct outside it (headings, ordered lists,
/// rules, fences): a text of these prints exactly, up to whitespace.
const PROSE_PUNCTUATION: &str = ",;:?!\"'/%@$^{}()=.#~|-’«»";

fn is_prose(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_alphanumeric()
            || matches!(c, ' ' | '\t' | '\n' | '\r')
            || PROSE_PUNCTUATION.contains(c)
    })
}

/// The words of a text: what stays when whitespace is normalised.
fn words(text: &str) -> String {
    text.split([' ', '\t', '\n', '\r']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Words like `QQab` that start a block: at the start of the text or after
/// a blank line. Nothing in Markdown can swallow them, only an HTML
/// comment (`<!-- … -->`), which hides what it holds: outside one, they
/// must print.
fn sentinels(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let commented = |i: usize| {
        text[..i]
            .rfind("<!--")
            .is_some_and(|open| text[open..].find("-->").is_some_and(|close| open + close > i))
    };
    for (i, _) in text.match_indices("QQ") {
        if (i == 0 || text[..i].ends_with("\n\n")) && !commented(i) {
            let word: String =
                text[i..].chars().take_while(char::is_ascii_alphabetic).collect::<String>();
            found.push(word);
        }
    }
    found
}

/// Whether blocks hold formatting other than the links that addresses
/// typed in prose become.
fn has_formatting(blocks: &[Block]) -> bool {
    fn inlines(list: &[Inline]) -> bool {
        list.iter().any(|i| match i {
            Inline::Link { c, .. } => !matches!(c.as_slice(), [Inline::Url { .. }]),
            other => !matches!(other, Inline::Text { .. } | Inline::Quote { .. } | Inline::Break),
        })
    }
    blocks.iter().any(|b| match b {
        Block::Par { c } => inlines(c),
        Block::List { items, .. } => items.iter().any(|item| has_formatting(item)),
    })
}

/// What holds for any text: parsing and plain text do not panic, smart
/// quotes change only how quotes are typeset, parsing is deterministic,
/// blocks serialise, every block-starting sentinel prints, and prose
/// prints exactly as written, up to whitespace.
fn check_markup(text: &str) -> Result<(), String> {
    guarded(|| {
        let straight = markup::parse(text, false);
        let smart = markup::parse(text, true);
        if markup::parse(text, true) != smart {
            return Err("parsing twice gives two results".into());
        }
        let plain = markup::plain_text(&straight.blocks);
        let smart_plain = markup::plain_text(&smart.blocks);
        if plain != smart_plain {
            return Err(format!(
                "smart quotes change the plain text:\n  straight {plain:?}\n  smart    {smart_plain:?}"
            ));
        }
        if straight.problems != smart.problems {
            return Err("smart quotes change the problems".into());
        }
        serde_json::to_string(&smart.blocks)
            .map_err(|e| format!("blocks do not serialise: {e}"))?;
        for sentinel in sentinels(text) {
            if !plain.contains(&sentinel) {
                return Err(format!(
                    "`{sentinel}`, which starts a paragraph, is missing from the plain text {plain:?}"
                ));
            }
        }
        if is_prose(text) {
            if words(&plain) != words(text) {
                return Err(format!(
                    "prose does not print as written:\n  text  {:?}\n  plain {:?}",
                    words(text),
                    words(&plain)
                ));
            }
            if has_formatting(&smart.blocks) || !smart.problems.is_empty() {
                return Err(format!("prose was formatted: {:?}", smart.blocks));
            }
        }
        Ok(())
    })
}

const MARKDOWN_TOKENS: &[&str] = &[
    "*",
    "**",
    "***",
    "_",
    "__",
    "`",
    "``",
    "```",
    "~~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "](#)",
    "](https://example.org/a_b)",
    "](www.x.org)",
    "](<x y>)",
    "<",
    ">",
    "<https://example.org>",
    "<a@b.org>",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "<div>",
    "<?",
    "?>",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&",
    "&#0;",
    "&#x1F600;",
    "&nbsp",
    "\\",
    "\\*",
    "#",
    "# ",
    "## ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "> ",
    "---",
    "===",
    "|",
    "\n",
    "\n",
    "\n\n",
    "  \n",
    "\\\n",
    "    ",
    "\t",
    " ",
    " ",
    "  ",
    "\r\n",
    "\"",
    "'",
    "’",
    "[x]: https://e.org \"t\"\n",
    "[x]",
    "[x][]",
    "[x][y]",
    "$",
    "@",
    "{",
    "}",
    "%",
    ":",
    "http://",
    "a",
    "b",
    "word",
    "mot",
    "é",
    "日本",
    "🦀",
    "\u{200d}",
    "\u{202e}",
    "\u{301}",
    "\u{0}",
    "\u{b}",
    "\u{c}",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "1",
    "x",
    "  - ",
    "    - ",
    "\n- ",
    "\n  ",
    "\n    ",
    "\n> ",
    "\n```\n",
    "\n# ",
    "\n===\n",
];

/// Markdown-looking text: blocks of tokens, each starting with a sentinel.
fn markdown_soup() -> BoxedStrategy<String> {
    let block = vec(select(MARKDOWN_TOKENS), 0..40).prop_map(|tokens| tokens.concat());
    (vec(block, 1..5), any::<bool>())
        .prop_map(|(blocks, sentinels)| {
            let mut text = String::new();
            for (i, block) in blocks.iter().enumerate() {
                if i > 0 {
                    text.push_str("\n\n");
                }
                if sentinels {
                    let _ = write!(text, "QQ{} ", (b'a' + i as u8) as char);
                }
                text.push_str(block);
            }
            text
        })
        .boxed()
}

fn markdown_input() -> BoxedStrategy<String> {
    prop_oneof![
        4 => markdown_soup(),
        2 => any_text(),
        1 => vec(any::<char>(), 0..300).prop_map(String::from_iter),
        1 => (select(REPEATED), 1..20_000usize).prop_map(|(unit, n)| unit.repeat(n)),
        1 => (select(REPEATED), select(REPEATED), 1..5000usize)
            .prop_map(|(a, b, n)| format!("{a}{b}").repeat(n)),
    ]
    .boxed()
}

#[test]
fn markup_never_panics_and_is_consistent() {
    fuzz(
        "markup",
        Kind::Markup,
        1500,
        markdown_input(),
        |t| t.clone().into_bytes(),
        |text| check_markup(text),
    )
    .assert_ok();
}

fn prose() -> BoxedStrategy<String> {
    let punctuation: Vec<char> = PROSE_PUNCTUATION.chars().collect();
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9]{1,8}",
        1 => "[\\p{L}\\p{N}]{1,4}",
        2 => select(punctuation).prop_map(String::from),
        3 => one_of(&[" ", " ", "  ", "\n", "\n\n", "  \n", "\t", "    ", "\r\n", "1. ", "- ", "# ", "---", "~~~", "===", "-"]),
    ];
    vec(piece, 0..40).prop_map(|pieces| pieces.concat()).boxed()
}

#[test]
fn markup_prints_prose_as_written() {
    fuzz(
        "prose",
        Kind::Markup,
        1500,
        prose(),
        |t| t.clone().into_bytes(),
        |text| check_markup(text),
    )
    .assert_ok();
}

/// One piece of a paragraph built from the subset, with what it prints.
#[derive(Debug, Clone)]
enum Seg {
    Word(String),
    Strong(String, bool),
    Emph(String, bool),
    Code(String),
    Link(String, String),
    Placeholder(String, &'static str),
    Autolink(String),
    Email(String),
    BadLink(String, &'static str),
}

impl Seg {
    fn markdown(&self) -> String {
        match self {
            Seg::Word(w) => w.clone(),
            Seg::Strong(w, false) => format!("**{w}**"),
            Seg::Strong(w, true) => format!("__{w}__"),
            Seg::Emph(w, false) => format!("*{w}*"),
            Seg::Emph(w, true) => format!("_{w}_"),
            Seg::Code(c) => format!("`{c}`"),
            Seg::Link(w, url) => format!("[{w}]({url})"),
            Seg::Placeholder(w, target) | Seg::BadLink(w, target) => format!("[{w}]({target})"),
            Seg::Autolink(url) => format!("<{url}>"),
            Seg::Email(address) => format!("<{address}>"),
        }
    }

    fn plain(&self) -> String {
        match self {
            // Vertical tabs, form feeds and line endings in a code span are spaces.
            Seg::Code(c) => c.replace(['\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}'], " "),
            Seg::Word(w)
            | Seg::Strong(w, _)
            | Seg::Emph(w, _)
            | Seg::Placeholder(w, _)
            | Seg::BadLink(w, _)
            | Seg::Autolink(w)
            | Seg::Email(w) => w.clone(),
            Seg::Link(w, url) => format!("{w} <{url}>"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Counts {
    strong: usize,
    emph: usize,
    code: usize,
    links: usize,
    problems: usize,
}

impl Counts {
    fn of_segments<'a>(segments: impl IntoIterator<Item = &'a Seg>) -> Self {
        let mut counts = Self::default();
        for seg in segments {
            match seg {
                Seg::Strong(..) => counts.strong += 1,
                Seg::Emph(..) => counts.emph += 1,
                Seg::Code(_) => counts.code += 1,
                Seg::Link(..) | Seg::Autolink(_) | Seg::Email(_) => counts.links += 1,
                Seg::BadLink(..) => counts.problems += 1,
                Seg::Word(_) | Seg::Placeholder(..) => {}
            }
        }
        counts
    }

    fn of_blocks(blocks: &[Block], counts: &mut Self) {
        fn inlines(list: &[Inline], counts: &mut Counts) {
            for inline in list {
                match inline {
                    Inline::Strong { c } => {
                        counts.strong += 1;
                        inlines(c, counts);
                    }
                    Inline::Emph { c } => {
                        counts.emph += 1;
                        inlines(c, counts);
                    }
                    Inline::Link { c, .. } => {
                        counts.links += 1;
                        inlines(c, counts);
                    }
                    Inline::Code { .. } => counts.code += 1,
                    Inline::Text { .. }
                    | Inline::Quote { .. }
                    | Inline::Url { .. }
                    | Inline::Break => {}
                }
            }
        }
        for block in blocks {
            match block {
                Block::Par { c } => inlines(c, counts),
                Block::List { items, .. } => {
                    items.iter().for_each(|item| Self::of_blocks(item, counts))
                }
            }
        }
    }
}

/// A document of paragraphs and bullet lists made only of the subset.
#[derive(Debug, Clone)]
enum ModelBlock {
    /// Segments, each with the separator before it (` `, soft or hard break).
    Par(Vec<(u8, Seg)>),
    List(Vec<Vec<Seg>>),
}

#[derive(Debug, Clone)]
struct ModelCase {
    blocks: Vec<ModelBlock>,
}

impl ModelCase {
    fn markdown(&self) -> String {
        let mut out = String::new();
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            match block {
                ModelBlock::Par(segments) => {
                    for (j, (separator, seg)) in segments.iter().enumerate() {
                        if j > 0 {
                            out.push_str(["  \n", "\n", " "][usize::from(*separator % 3)]);
                        }
                        out.push_str(&seg.markdown());
                    }
                }
                ModelBlock::List(items) => {
                    for (j, item) in items.iter().enumerate() {
                        if j > 0 {
                            out.push('\n');
                        }
                        let parts: Vec<String> = item.iter().map(Seg::markdown).collect();
                        let _ = write!(out, "- {}", parts.join(" "));
                    }
                }
            }
        }
        out
    }

    fn plain(&self) -> String {
        let blocks: Vec<String> = self
            .blocks
            .iter()
            .map(|block| match block {
                ModelBlock::Par(segments) => {
                    let mut out = String::new();
                    for (j, (separator, seg)) in segments.iter().enumerate() {
                        if j > 0 {
                            out.push_str(["\n", " ", " "][usize::from(*separator % 3)]);
                        }
                        out.push_str(&seg.plain());
                    }
                    out
                }
                ModelBlock::List(items) => items
                    .iter()
                    .map(|item| {
                        let parts: Vec<String> = item.iter().map(Seg::plain).collect();
                        format!("- {}", parts.join(" "))
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect();
        blocks.join("\n")
    }

    fn counts(&self) -> Counts {
        Counts::of_segments(self.blocks.iter().flat_map(|block| match block {
            ModelBlock::Par(segments) => segments.iter().map(|(_, s)| s).collect::<Vec<_>>(),
            ModelBlock::List(items) => items.iter().flatten().collect(),
        }))
    }
}

fn segment() -> BoxedStrategy<Seg> {
    let word = "\\p{L}[\\p{L}\\p{N},;:?!\"'/%@$^{}()=.’-]{0,8}";
    let inner = "[a-zA-Z0-9]{1,6}( [a-zA-Z0-9]{1,6}){0,2}";
    let url = "https://[a-z0-9]{1,8}(\\.[a-z]{2,5}){1,2}(/[a-zA-Z0-9_./?=%~-]{0,12})?";
    prop_oneof![
        4 => word.prop_map(Seg::Word),
        1 => (inner, any::<bool>()).prop_map(|(w, u)| Seg::Strong(w, u)),
        1 => (inner, any::<bool>()).prop_map(|(w, u)| Seg::Emph(w, u)),
        1 => "[^`\\s\\x00]([^`\n\r\\x00]{0,10}[^`\\s\\x00])?".prop_map(Seg::Code),
        1 => (inner, url).prop_map(|(w, u)| Seg::Link(w, u)),
        1 => (inner, select(&["#", "", "#section-1"][..])).prop_map(|(w, t)| Seg::Placeholder(w, t)),
        1 => url.prop_map(Seg::Autolink),
        1 => "[a-z][a-z0-9._]{0,6}@[a-z]{1,6}\\.org".prop_map(Seg::Email),
        1 => (inner, select(&["www.example.org", "example.org/x", "ftp://x.org"][..]))
            .prop_map(|(w, t)| Seg::BadLink(w, t)),
    ]
    .boxed()
}

fn model_case() -> BoxedStrategy<ModelCase> {
    let paragraph = vec((any::<u8>(), segment()), 1..8).prop_map(ModelBlock::Par);
    let list = vec(vec(segment(), 1..4), 1..4).prop_map(ModelBlock::List);
    vec(prop_oneof![3 => paragraph, 1 => list], 1..5)
        .prop_map(|blocks| ModelCase { blocks })
        .boxed()
}

/// Parses Markdown of the subset and compares with what it must print.
fn check_model(
    markdown: &str,
    expected: &str,
    counts: &Counts,
    compare_counts: bool,
) -> Result<(), String> {
    check_markup(markdown)?;
    guarded(|| {
        for smart_quotes in [false, true] {
            let parsed = markup::parse(markdown, smart_quotes);
            let plain = markup::plain_text(&parsed.blocks);
            if plain != expected {
                return Err(format!(
                    "the plain text is not what the Markdown says:\n  expected {expected:?}\n  got      {plain:?}\n  blocks   {:?}",
                    parsed.blocks
                ));
            }
            if compare_counts {
                let mut found = Counts { problems: parsed.problems.len(), ..Counts::default() };
                Counts::of_blocks(&parsed.blocks, &mut found);
                if found != *counts {
                    return Err(format!(
                        "the structure is not what the Markdown says:\n  expected {counts:?}\n  got      {found:?}\n  blocks   {:?}",
                        parsed.blocks
                    ));
                }
            }
        }
        Ok(())
    })
}

fn encode_model(case: &ModelCase) -> Vec<u8> {
    serde_json::json!({ "markdown": case.markdown(), "plain": case.plain() })
        .to_string()
        .into_bytes()
}

#[test]
fn markup_formatting_prints_its_text() {
    fuzz("model", Kind::Model, 1000, model_case(), encode_model, |case| {
        check_model(&case.markdown(), &case.plain(), &case.counts(), true)
    })
    .assert_ok();
}

// ---------------------------------------------------------------- the pipeline

static FONTS: LazyLock<Arc<Fonts>> =
    LazyLock::new(|| Arc::new(Fonts::new(&[]).expect("the embedded fonts load")));

const LAYOUTS: [&str; 3] = ["classic", "onepage", "ovni"];

/// A valid CV and the options of one render.
#[derive(Debug, Clone)]
struct PipelineCase {
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

    fn decode(text: &str) -> Self {
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
fn check_pipeline(case: &PipelineCase, layouts: &[&str], stats: &Stats) -> Result<(), String> {
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
                layout,
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
                pipeline::render(&FONTS, &loaded, Path::new("fuzz.yaml"), settings)
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

/// Prose for the fields of a valid CV: words, Markdown, Typst markup and
/// hard Unicode, sometimes long.
fn cv_text() -> BoxedStrategy<String> {
    // Long runs of one character can take Typst seconds to lay out: short
    // runs keep a debug `cargo test` quick.
    let longest = if Budget::from_env(0).deadline.is_some() { 600usize } else { 40 };
    let piece = prop_oneof![
        8 => "[A-Za-z][a-z]{0,9}",
        4 => select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => (select(REPEATED), 1..longest).prop_map(|(unit, n)| unit.repeat(n)),
    ];
    vec((piece, select(&[" ", " ", " ", "", "\n"][..])), 0..24)
        .prop_map(|pieces| {
            within_cluster_limit(pieces.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
        })
        .boxed()
}

/// `text` with a space in each grapheme cluster longer than cvpdf accepts
/// ([`cvpdf::model::MAX_CLUSTER_CHARS`]): a valid CV holds none.
fn within_cluster_limit(text: String) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let limit = cvpdf::model::MAX_CLUSTER_CHARS;
    if !text.graphemes(true).any(|g| g.chars().nth(limit).is_some()) {
        return text;
    }
    let mut split = String::with_capacity(text.len() + 16);
    for cluster in text.graphemes(true) {
        for (i, c) in cluster.chars().enumerate() {
            // The space starts a cluster of its own, which marks extend.
            if i > 0 && i % (limit - 1) == 0 {
                split.push(' ');
            }
            split.push(c);
        }
    }
    split
}

fn cv_name() -> BoxedStrategy<String> {
    (cv_text(), "[A-Za-zÀ-ÿ]{1,12}").prop_map(|(text, word)| format!("{word} {text}")).boxed()
}

/// A text field: plain, or translated into two or three languages.
fn cv_text_node(text: BoxedStrategy<String>) -> BoxedStrategy<Node> {
    let plain = text.clone().prop_map(|t| Node::Scalar(t, 2));
    let translated =
        (text.clone(), text.clone(), proptest::option::of(text)).prop_map(|(en, fr, es)| {
            let mut entries = vec![
                ("en".to_owned(), Node::Scalar(en, 2)),
                ("fr".to_owned(), Node::Scalar(fr, 2)),
            ];
            if let Some(es) = es {
                entries.push(("es".to_owned(), Node::Scalar(es, 2)));
            }
            Node::Map(entries, false)
        });
    prop_oneof![5 => plain, 1 => translated].boxed()
}

fn cv_url() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "https://[a-z0-9-]{1,10}(\\.[a-z]{2,6}){1,2}(:[0-9]{1,5})?(/[^\\s]{0,30})?",
        1 => "http://[\\p{L}0-9]{1,8}\\.[a-z]{2,3}/[^\\s]{0,200}",
        1 => one_of(&["https://example.com", "https://x.org/#", "https://a.b/\")#x[y]*z_\\", "https://exämple.fr/ü?q=«»&r=#f"]),
    ]
    .boxed()
}

fn cv_date() -> BoxedStrategy<(u16, Option<u8>, Option<u8>)> {
    (1000u16..3000, proptest::option::of(1u8..=12), 1u8..=28, any::<bool>())
        .prop_map(|(y, m, d, with_day)| (y, m, m.and(with_day.then_some(d))))
        .boxed()
}

fn date_text((y, m, d): (u16, Option<u8>, Option<u8>)) -> String {
    match (m, d) {
        (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    }
}

fn string(text: String) -> Node {
    Node::Scalar(text, 2)
}

/// The fields of an entry: some of the table's, valid.
/// A free section (`titled`) needs a title.
fn cv_entry(table: &'static [(&'static str, F)], titled: bool) -> BoxedStrategy<Node> {
    // Free sections have their own `body` and `tags`, and no `short`.
    let fields: Vec<(&'static str, F)> =
        if titled { table.to_vec() } else { [table, EXTENSIONS].concat() };
    let count = fields.len();
    (
        proptest::sample::subsequence(fields, 0..=count),
        vec(cv_text_node(cv_text()), 16),
        vec(cv_url(), 2),
        cv_date(),
        proptest::option::of(cv_date()),
        proptest::sample::subsequence(vec!["a", "b", "c"], 0..=2),
        vec(vec(cv_text_node(cv_text()), 0..4), 2),
        0u8..2,
    )
        .prop_map(move |(fields, texts, urls, start, end, tags, lists, flow)| {
            let key = |d: (u16, Option<u8>, Option<u8>)| (d.0, d.1.unwrap_or(0), d.2.unwrap_or(0));
            let (start, end) = match end {
                Some(end) if key(end) < key(start) => (end, Some(start)),
                other => (start, other),
            };
            let mut texts = texts.into_iter();
            let mut lists = lists.into_iter();
            let mut entries = Vec::new();
            for (name, kind) in fields {
                let value = match (name, kind) {
                    ("startDate" | "date" | "releaseDate", _) => string(date_text(start)),
                    ("endDate", _) => match end {
                        Some(end) => string(date_text(end)),
                        None => continue,
                    },
                    (_, F::Url) => string(urls[entries.len() % 2].clone()),
                    (_, F::Texts) => Node::Seq(lists.next().unwrap_or_default(), false),
                    (_, F::Strs) => {
                        Node::Seq(tags.iter().map(|t| string((*t).into())).collect(), false)
                    }
                    (_, F::Bool) => Node::Scalar((entries.len() % 2 == 0).to_string(), 4),
                    (_, F::Str) => string(format!("id-{}", entries.len())),
                    _ => texts.next().unwrap_or_else(|| string("x".into())),
                };
                entries.push((name.to_owned(), value));
            }
            if titled {
                entries.retain(|(k, _)| k != "title");
                entries.insert(0, ("title".into(), string("Section".into())));
            }
            Node::Map(entries, flow == 1)
        })
        .boxed()
}

fn cv_basics() -> BoxedStrategy<Node> {
    (
        cv_text_node(cv_name()),
        proptest::option::of(cv_text_node(cv_text())),
        proptest::option::of("[a-z0-9.+_%!#$&'*/=?^`{|}~-]{1,10}@[a-z0-9-]{1,10}\\.[a-z]{2,6}"),
        proptest::option::of(cv_text()),
        proptest::option::of(cv_url()),
        proptest::option::of(cv_text_node(cv_text())),
        proptest::option::of((cv_text_node(cv_text()), cv_text_node(cv_text()), cv_text())),
        vec((cv_text_node(cv_text()), cv_text(), proptest::option::of(cv_url())), 0..4),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(name, label, email, phone, url, summary, location, profiles, web_image)| {
            let mut entries = vec![("name".to_owned(), name)];
            if let Some(label) = label {
                entries.push(("label".into(), label));
            }
            if let Some(email) = email {
                entries.push(("email".into(), string(email)));
            }
            if let Some(phone) = phone {
                entries.push(("phone".into(), string(phone)));
            }
            if let Some(url) = url {
                entries.push(("url".into(), string(url)));
            }
            if web_image {
                entries.push(("image".into(), string("https://example.org/me.png".into())));
            }
            if let Some(summary) = summary {
                entries.push(("summary".into(), summary));
            }
            if let Some((city, region, country)) = location {
                entries.push((
                    "location".into(),
                    Node::Map(
                        vec![
                            ("city".into(), city),
                            ("region".into(), region),
                            ("countryCode".into(), string(country)),
                        ],
                        false,
                    ),
                ));
            }
            let profiles = profiles
                .into_iter()
                .map(|(network, username, url)| {
                    let mut p = vec![
                        ("network".to_owned(), network),
                        ("username".into(), string(username)),
                    ];
                    if let Some(url) = url {
                        p.push(("url".into(), string(url)));
                    }
                    Node::Map(p, false)
                })
                .collect();
            entries.push(("profiles".into(), Node::Seq(profiles, false)));
            Node::Map(entries, false)
        })
        .boxed()
}

fn cv_meta() -> BoxedStrategy<Node> {
    (
        proptest::option::of(one_of(&[
            "en",
            "fr",
            "es",
            "de",
            "pt-BR",
            "zh",
            "ar",
            "he",
            "zh-Hant-TW",
            "sr-Latn",
            "eng",
        ])),
        proptest::option::of(one_of(&[
            "2024-03-01",
            "2024-03-01T09:30:00",
            "1000-01-01T00:00+01:00",
            "2999-12-31T23:59:59-14:00",
            "2024-02-29 23:59:59Z",
        ])),
        proptest::sample::subsequence(
            vec!["work", "skills", "interests", "references", "projects", "section", "talks"],
            0..4,
        ),
    )
        .prop_map(|(lang, modified, optional)| {
            let mut entries = Vec::new();
            if let Some(lang) = lang {
                entries.push(("lang".to_owned(), string(lang)));
            }
            if let Some(modified) = modified {
                entries.push(("lastModified".to_owned(), string(modified)));
            }
            let optional = optional.into_iter().map(|s| string(s.into())).collect();
            entries.push(("optionalSections".to_owned(), Node::Seq(optional, true)));
            Node::Map(entries, false)
        })
        .boxed()
}

/// A CV that loads: some sections, in any order, valid by construction.
fn cv_tree() -> BoxedStrategy<Node> {
    let mut sections: Vec<BoxedStrategy<(String, Node)>> = vec![
        (Just("meta".to_owned()), cv_meta()).boxed(),
        (
            Just("sections".to_owned()),
            vec(cv_entry(FREE_SECTION, true), 0..3).prop_map(|s| Node::Seq(s, false)),
        )
            .boxed(),
    ];
    for (key, table) in ENTRY_SECTIONS {
        let entries = vec(cv_entry(table, false), 0..4).prop_map(|s| Node::Seq(s, false));
        sections.push((Just((*key).to_owned()), entries).boxed());
    }
    let count = sections.len();
    (
        cv_basics(),
        proptest::sample::subsequence((0..count).collect::<Vec<_>>(), 0..=count),
        sections,
        any::<Index>(),
    )
        .prop_map(move |(basics, chosen, sections, basics_at)| {
            let mut entries: Vec<(String, Node)> =
                chosen.into_iter().map(|i| sections[i].clone()).collect();
            let at = basics_at.index(entries.len() + 1);
            entries.insert(at, ("basics".to_owned(), basics));
            Node::Map(entries, false)
        })
        .boxed()
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

#[test]
fn pipeline_never_panics_classic() {
    fuzz_pipeline("classic", "pipeline_classic");
}

#[test]
fn pipeline_never_panics_onepage() {
    fuzz_pipeline("onepage", "pipeline_onepage");
}

#[test]
fn pipeline_never_panics_ovni() {
    fuzz_pipeline("ovni", "pipeline_ovni");
}

// ---------------------------------------------------------------- regressions

/// Replays every input saved under `tests/fuzz-regressions/`.
#[test]
fn regressions_replay() {
    let Ok(entries) = std::fs::read_dir(regressions_dir()) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut replayed = 0;
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(kind) = Kind::ALL.into_iter().find(|k| {
            name.starts_with(&format!("{}-", k.prefix())) && name.ends_with(k.extension())
        }) else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap_or_default();
        let started = Instant::now();
        let result = kind.check(&bytes);
        replayed += 1;
        if started.elapsed() > kind.hang_limit() {
            failures.push(format!("{name}: took {:?}", started.elapsed()));
        }
        if let Err(message) = result {
            failures.push(format!("{name}: {message}"));
        }
    }
    println!("replayed {replayed} regression input(s)");
    assert!(failures.is_empty(), "regressions fail again:\n\n{}", failures.join("\n\n"));
}
