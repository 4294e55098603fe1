//! Child processes under a time limit, and the system tools some tests use
//! when they are installed.

use std::path::Path;
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

/// `cvpdf` as [`cvpdf`](super::cvpdf) gives it, under a memory limit of
/// `kib` KiB (`ulimit -v`) where a shell can set one.
pub fn cvpdf_with_memory_limit(kib: u64) -> Command {
    let binary = env!("CARGO_BIN_EXE_cvpdf");
    if cfg!(unix) && Path::new("/bin/sh").exists() {
        let mut command = Command::new("/bin/sh");
        command.args(["-c", &format!("ulimit -v {kib} 2>/dev/null; exec \"$0\" \"$@\""), binary]);
        super::clean(command)
    } else {
        super::cvpdf()
    }
}

/// Waits for `child` at most `limit`, then kills it: its exit status, or
/// `None` when it had to be killed (a hang).
pub fn wait_within(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// poppler's text of a PDF, when pdftotext is installed.
pub fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("cv.pdf");
    std::fs::write(&path, pdf).ok()?;
    let output = std::process::Command::new("pdftotext").arg(&path).arg("-").output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}
