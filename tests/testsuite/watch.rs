//! Watch mode watches what the renders read, at canonical paths: the
//! target of a data file that is a symbolic link, and the files a custom
//! layout imports or reads.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// `cvpdf watch` with arguments, run in `dir`, killed when dropped.
struct Watching(Child);

impl Watching {
    fn start(dir: &Path, args: &[&str]) -> Self {
        Self::logged(dir, args, Stdio::null())
    }

    /// Starts watching with standard error going to `stderr`.
    fn logged(dir: &Path, args: &[&str], stderr: impl Into<Stdio>) -> Self {
        Self::command(dir, &[&["watch"], args].concat(), stderr)
    }

    /// Starts `cvpdf` with `args` (a command that watches).
    fn command(dir: &Path, args: &[&str], stderr: impl Into<Stdio>) -> Self {
        let child = cvpdf()
            .current_dir(dir)
            .args(args)
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap();
        Self(child)
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether the PDF at `pdf` comes to hold `wanted` within a minute.
fn shows(pdf: &Path, wanted: &str) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(bytes) = std::fs::read(pdf)
            && lopdf::Document::load_mem(&bytes).is_ok()
            && pdf_text(&bytes).contains(wanted)
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// Saves as editors do: a temporary file renamed over the original.
fn save(path: &Path, text: &str) {
    let temporary = path.with_extension("swp");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

#[cfg(unix)]
#[test]
fn a_data_file_that_is_a_link_is_watched_at_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let dotfiles = dir.path().join("dotfiles");
    let work = dir.path().join("work");
    std::fs::create_dir_all(&dotfiles).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    let real = dotfiles.join("cv.yaml");
    std::fs::write(&real, "basics:\n  name: Before Edit\n").unwrap();
    std::os::unix::fs::symlink(&real, work.join("cv.yaml")).unwrap();
    let _watch = Watching::start(&work, &["--data", "cv.yaml", "--output", "cv.pdf"]);
    let pdf = work.join("cv.pdf");
    assert!(shows(&pdf, "Before Edit"), "watch renders at start");
    // The edit happens where the link points, in another directory.
    save(&real, "basics:\n  name: After Edit\n");
    assert!(shows(&pdf, "After Edit"), "an edit of the link's target renders again");
    std::fs::write(&real, "basics:\n  name: Written In Place\n").unwrap();
    assert!(shows(&pdf, "Written In Place"), "so does a write in place");
}

#[test]
fn files_a_custom_layout_imports_or_reads_are_watched() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), "basics:\n  name: Ada\n").unwrap();
    let layout = d.join("layout");
    std::fs::create_dir_all(layout.join("texts")).unwrap();
    std::fs::write(layout.join("part.typ"), "#let motto = [Imported One]\n").unwrap();
    std::fs::write(layout.join("texts/note.txt"), "Read One").unwrap();
    std::fs::write(
        layout.join("main.typ"),
        "#import \"common.typ\": *\n#import \"part.typ\": motto\n#motto\n\n#read(\"texts/note.txt\")\n",
    )
    .unwrap();
    let out = PathBuf::from("out.pdf");
    let args = ["--data", "cv.yaml", "--layout", "layout/main.typ", "--pdf-standard", "none"];
    let _watch = Watching::start(d, &[&args[..], &["--output", out.to_str().unwrap()]].concat());
    let pdf = d.join(out);
    assert!(shows(&pdf, "Imported One") && shows(&pdf, "Read One"), "watch renders at start");
    save(&layout.join("part.typ"), "#let motto = [Imported Two]\n");
    assert!(shows(&pdf, "Imported Two"), "an imported file's edit renders again");
    save(&layout.join("texts/note.txt"), "Read Two");
    assert!(shows(&pdf, "Read Two"), "a read file's edit, in a subdirectory, renders again");
}

/// Whether `file` comes to hold `wanted` `count` times within a minute.
fn says(file: &Path, wanted: &str, count: usize) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if std::fs::read_to_string(file).is_ok_and(|text| text.matches(wanted).count() >= count) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn a_yaml_error_is_said_once_per_save_whatever_the_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), "basics:\n  name: Ada\n").unwrap();
    let log = d.join("stderr.txt");
    let _watch = Watching::logged(d, &["--layout", "all"], std::fs::File::create(&log).unwrap());
    for layout in builtin_layouts() {
        assert!(shows(&d.join(format!("out/cv-{layout}.pdf")), "Ada"), "{layout} renders");
    }
    let broken = "basics:\n  name: [Ada\n";
    save(&d.join("cv.yaml"), broken);
    assert!(says(&log, "unchanged", 1), "the error is said");
    // The round's last line is out; a little more time lets any other
    // layout's copy of the error show.
    std::thread::sleep(Duration::from_millis(500));
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.matches("error:").count(), 1, "said once, not once per layout:\n{text}");
    assert_eq!(text.matches("is never closed").count(), 1, "{text}");
    // The next save is a run of its own: it says the error again, once.
    save(&d.join("cv.yaml"), broken);
    assert!(says(&log, "unchanged", 2), "the next save says it again");
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.matches("error:").count(), 2, "{text}");
}

#[test]
fn apply_watch_builds_again_when_a_letter_or_the_cv_changes_or_a_letter_is_added() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let init = cvpdf().current_dir(d).arg("init").output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let _watch = Watching::command(d, &["apply", "applications", "--watch"], Stdio::null());
    let (letter, cv) =
        (d.join("out/example/Ada-Lovelace-Letter.pdf"), "out/example/Ada-Lovelace-CV.pdf");
    assert!(shows(&letter, "Grace Hopper"), "the first build");

    let example = d.join("applications/example.md");
    let text = std::fs::read_to_string(&example).unwrap();
    save(&example, &text.replace("Grace Hopper", "Katherine Johnson"));
    assert!(shows(&letter, "Katherine Johnson"), "a saved letter is built again");

    let data = std::fs::read_to_string(d.join("cv.yaml")).unwrap();
    save(&d.join("cv.yaml"), &data.replace("Analytical engine programmer", "Orbital mechanic"));
    assert!(shows(&d.join(cv), "Orbital mechanic"), "a saved CV is built again");

    save(&d.join("applications/second.md"), &text.replace("Grace Hopper", "Dorothy Vaughan"));
    let second = d.join("out/second/Ada-Lovelace-Letter.pdf");
    assert!(shows(&second, "Dorothy Vaughan"), "a letter added to the directory is built");
}
