//! How long each step of a run took, for `--verbose`.

use std::time::{Duration, Instant};

/// How long each step of a run took.
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<(String, Duration)>);

impl Timings {
    /// Adds a step.
    pub fn add(&mut self, step: impl Into<String>, took: Duration) {
        self.0.push((step.into(), took));
    }

    /// Runs `f` and adds its time as `step`.
    pub fn time<T>(&mut self, step: &str, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = f();
        self.add(step, started.elapsed());
        result
    }
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let steps: Vec<String> = self
            .0
            .iter()
            .map(|(step, took)| format!("{step} {:.1} ms", took.as_secs_f64() * 1000.0))
            .collect();
        f.write_str(&steps.join(" · "))
    }
}
