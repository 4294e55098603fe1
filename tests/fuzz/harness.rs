//! The harness the properties run on: inputs generated from a seed,
//! checked with their panics caught, failures shrunk, saved and replayed,
//! a watchdog for hangs, and runs of a number of cases or of seconds.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Once, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::clock::CaseClock;
use crate::formatting::{Counts, check_model};
use crate::load::check_load;
use crate::markdown::check_markup;
use crate::pipeline::{PipelineCase, check_pipeline, layouts};

/// What a property takes as input, which decides how a saved input replays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
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
    pub const ALL: [Kind; 4] = [Kind::Load, Kind::Markup, Kind::Model, Kind::Pipeline];

    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Load => "load",
            Kind::Markup => "markup",
            Kind::Model => "model",
            Kind::Pipeline => "pipeline",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Kind::Load | Kind::Pipeline => "yaml",
            Kind::Markup => "md",
            Kind::Model => "json",
        }
    }

    /// How much CPU time one case may spend before it counts as a hang.
    pub fn hang_limit(self) -> Duration {
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
    pub fn check(self, bytes: &[u8]) -> Result<(), String> {
        match self {
            Kind::Load => check_load(bytes, &Stats::default()),
            Kind::Markup => check_markup(&String::from_utf8_lossy(bytes)),
            Kind::Model => {
                let value: serde_json::Value =
                    serde_json::from_slice(bytes).map_err(|e| format!("bad model file: {e}"))?;
                let field = |key: &str| value[key].as_str().unwrap_or_default().to_owned();
                let counts = Counts::from_json(&value["counts"])
                    .ok_or("bad model file: no `counts` of each construct")?;
                check_model(&field("markdown"), &field("plain"), &counts)
            }
            Kind::Pipeline => {
                let case = PipelineCase::decode(&String::from_utf8_lossy(bytes));
                check_pipeline(&case, &layouts(), &Stats::default())
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

pub fn regressions_dir() -> PathBuf {
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
pub fn guarded(check: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
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

type Slot = Arc<Mutex<Option<(CaseClock, Vec<u8>)>>>;

/// Watches the case being run: one that takes longer than the limit (in
/// CPU time, see [`CaseClock`]) is a hang, whose input is saved before the process aborts (a stuck thread
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
                    let mut current = slot.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some((start, bytes)) = &mut *current
                        && start.hung(limit)
                    {
                        let path = save_regression(kind, "hang", bytes);
                        // Straight to stderr: the test harness's capture dies with the
                        // process.
                        let _ = writeln!(
                            std::io::stderr(),
                            "fuzz {name}: a case spent more than {limit:?} of CPU time, its share of the process's (or waited ten times that), a hang; its input is {}",
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
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((CaseClock::start(), bytes));
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
pub struct Budget {
    cases: u64,
    pub deadline: Option<Duration>,
    seed: u64,
}

impl Budget {
    pub fn from_env(normal_cases: u64) -> Self {
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
pub struct Report {
    name: &'static str,
    failures: Vec<String>,
}

impl Report {
    pub fn assert_ok(self) {
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
pub fn fuzz<S>(
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
pub struct Stats(Mutex<BTreeMap<String, u64>>);

impl Stats {
    pub fn note(&self, key: impl Into<String>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner).entry(key.into()).or_default() += 1;
    }

    pub fn print(&self, name: &str) {
        let map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let mut entries: Vec<(&String, &u64)> = map.iter().collect();
        entries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (key, count) in entries.into_iter().take(12) {
            println!("    {name}: {count:>7} × {key}");
        }
    }
}

/// A message with its numbers and quoted parts blanked, to count alike ones.
pub fn message_class(message: &str) -> String {
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
