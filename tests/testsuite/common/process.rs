//! Child processes under a time limit, and the system tools some tests use
//! when they are installed.

use std::path::Path;
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

use super::Run;

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

/// Runs `command`, killing it after `limit`: its [`Run`], or `None` when
/// it had to be killed (a hang). Its output goes to files, which the test
/// reads once it ended: a pipe that no one reads while it runs could fill
/// and block it, and a read that waits for a pipe's end never ends if it
/// hangs.
pub fn run_bounded(command: &mut Command, limit: Duration) -> Option<Run> {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let mut child = command
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let status = wait_within(&mut child, limit)?;
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    Some(Run { code: status.code().unwrap_or(-1), stdout: read(&out), stderr: read(&err) })
}

/// poppler's text of a PDF, when pdftotext is installed.
pub fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("cv.pdf");
    std::fs::write(&path, pdf).ok()?;
    let output = std::process::Command::new("pdftotext").arg(&path).arg("-").output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}
