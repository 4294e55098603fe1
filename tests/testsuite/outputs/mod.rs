//! The writing path (`src/output.rs`) through the real binary: an output
//! never replaces an input, whatever its spelling; special files are
//! written into, never renamed over; several results never share a name
//! or standard output; modes are kept; multi-file outputs are all or
//! nothing; `--pages` writes a PDF of those pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const CV: &str = "basics:\n  name: Ada Lovelace\n";

/// A CV of three pages or more in `classic`.
fn long_cv() -> String {
    let mut cv = String::from("basics:\n  name: Ada Lovelace\nwork:\n");
    for i in 0..30 {
        cv.push_str(&format!(
            "  - name: Company {i}\n    position: Engineer\n    startDate: \"20{:02}\"\n    summary: {}\n",
            i % 20,
            "Built and ran systems that many people used every day. ".repeat(4)
        ));
    }
    cv
}

/// Every path under `dir`, with what it is: a file's bytes, a link's target,
/// a FIFO or a directory. Equal snapshots mean a run wrote nothing.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let what = if meta.is_symlink() {
                format!("link to {}", std::fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                stack.push(path.clone());
                "directory".to_owned()
            } else if meta.is_file() {
                format!("{:?}", std::fs::read(&path).unwrap())
            } else {
                "special".to_owned()
            };
            found.insert(path.strip_prefix(dir).unwrap().to_owned(), what);
        }
    }
    found
}

/// Runs a shell script in `dir`, with `$CVPDF` the binary.
fn shell(dir: &Path, script: &str) -> Run {
    finish(
        Command::new("/bin/sh")
            .args(["-c", script])
            .env("CVPDF", env!("CARGO_BIN_EXE_cvpdf"))
            .env_remove("SOURCE_DATE_EPOCH")
            .env("TZ", "UTC")
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .unwrap(),
    )
}

/// Asserts a run was refused as usage (exit 2) because its output is one
/// of its inputs, and wrote nothing in `dir`.
fn assert_refused(dir: &Path, before: &BTreeMap<PathBuf, String>, run: &Run, what: &str) {
    assert_eq!(run.code, 2, "{what}: exit code\n{}", run.stderr);
    assert!(run.stderr.contains("never writes over its input"), "{what}: {}", run.stderr);
    assert_eq!(&snapshot(dir), before, "{what}: something was written");
}

#[test]
fn an_output_that_is_the_data_is_refused_under_every_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::hard_link(d.join("cv.yaml"), d.join("hard.pdf")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("cv.yaml", d.join("link.pdf")).unwrap();
    let before = snapshot(d);
    let absolute = d.join("cv.yaml").display().to_string();
    let mut spellings = vec!["cv.yaml", "./cv.yaml", "sub/../cv.yaml", &absolute, "hard.pdf"];
    if cfg!(unix) {
        spellings.push("link.pdf");
    }
    for spelling in spellings {
        let run = run_in(d, &["--data", "cv.yaml", "--output", spelling]);
        assert_refused(d, &before, &run, spelling);
        let run = run_in(d, &["--data", "./cv.yaml", "--format", "txt", "--output", spelling]);
        assert_refused(d, &before, &run, spelling);
    }
    // Standard input redirected from the data, and standard output
    // appending to it.
    let run = shell(d, "\"$CVPDF\" --data - --output cv.yaml < cv.yaml");
    assert_refused(d, &before, &run, "stdin");
    let run = shell(d, "\"$CVPDF\" --data cv.yaml --output - >> cv.yaml");
    assert_refused(d, &before, &run, "stdout");
}

#[test]
fn an_output_that_is_any_other_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), format!("{CV}  image: ada.png\n")).unwrap();
    std::fs::write(d.join("ada.png"), TINY_PNG).unwrap();
    // Named for no format: `-o data.json` is refused for its name first.
    std::fs::write(d.join("motto"), "ok").unwrap();
    std::fs::write(d.join("layout.typ"), "#import \"common.typ\": *\n#read(\"motto\")\n").unwrap();
    std::fs::create_dir(d.join("fonts")).unwrap();
    let font = root().join("fonts/fira-code/FiraCode-Regular.ttf");
    std::fs::copy(font, d.join("fonts/fira.ttf")).unwrap();
    let before = snapshot(d);
    // (A layout without `document-setup` has no title for PDF/UA.)
    let custom = ["--layout", "layout.typ", "--pdf-standard", "none"];
    let cases: [&[&str]; 4] = [
        &[&custom[..], &["--output", "layout.typ"]].concat(),
        &["--output", "ada.png"],
        // Known only once the layout is compiled.
        &[&custom[..], &["--output", "motto"]].concat(),
        &["--font-path", "fonts", "--output", "fonts/fira.ttf"],
    ];
    for args in cases {
        let run = run_in(d, &[&["--data", "cv.yaml"], args].concat());
        assert_refused(d, &before, &run, &args.join(" "));
    }
    // `extract` never writes over the PDF it reads.
    let made = run_in(d, &["--data", "cv.yaml", "--embed-source", "--output", "cv.pdf"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let before = snapshot(d);
    let run = run_in(d, &["extract", "cv.pdf", "--output", "./cv.pdf"]);
    assert_refused(d, &before, &run, "extract");
    // Watch mode refuses before its first render, and stops.
    let run = run_in(d, &["watch", "--data", "cv.yaml", "--output", "cv.yaml"]);
    assert_refused(d, &before, &run, "watch");
}

#[test]
fn layout_all_and_batches_write_nothing_when_one_output_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    std::fs::hard_link(d.join("cv.yaml"), d.join("out/cv-ovni.pdf")).unwrap();
    let before = snapshot(d);
    let run = run_in(d, &["--data", "cv.yaml", "--layout", "all", "--output", "out"]);
    assert_refused(d, &before, &run, "--layout all");
    // The same with page images, one of which would replace the data.
    std::fs::create_dir(d.join("png")).unwrap();
    std::fs::hard_link(d.join("cv.yaml"), d.join("png/cv-ovni-1.png")).unwrap();
    let before = snapshot(d);
    let args = ["--data", "cv.yaml", "--layout", "all", "--format", "png", "--ppi", "10"];
    let run = run_in(d, &[&args[..], &["--output", "png"]].concat());
    assert_refused(d, &before, &run, "--layout all --format png");

    let team = d.join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::write(team.join("ada.yaml"), CV).unwrap();
    std::fs::write(team.join("bob.yaml"), "basics: {name: Bob}\n").unwrap();
    std::fs::create_dir(d.join("pdfs")).unwrap();
    std::fs::hard_link(team.join("ada.yaml"), d.join("pdfs/bob-classic.pdf")).unwrap();
    let before = snapshot(d);
    let run = run_in(d, &["--data", "team", "--output", "pdfs"]);
    assert_refused(d, &before, &run, "--data DIR");
}

#[cfg(unix)]
#[test]
fn special_files_are_written_into_never_renamed_over() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    let is_link = |name: &str| std::fs::symlink_metadata(d.join(name)).unwrap().is_symlink();

    // A link to /dev/null: written into, and still a link.
    std::os::unix::fs::symlink("/dev/null", d.join("null.pdf")).unwrap();
    let run = run_in(d, &["--data", "cv.yaml", "--output", "null.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(is_link("null.pdf"), "the link to /dev/null was replaced");

    // A link to standard output, as /dev/stdout is: the PDF goes down the
    // pipe, the summary to stderr, and the link stays.
    std::os::unix::fs::symlink("/proc/self/fd/1", d.join("stdout.pdf")).unwrap();
    let run = cvpdf().current_dir(d).args(["--data", "cv.yaml", "-o", "stdout.pdf"]).output();
    let run = run.unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.stdout.starts_with(b"%PDF-"), "the PDF is on standard output");
    assert!(is_link("stdout.pdf"));

    // A FIFO someone reads: the PDF arrives through it.
    make_fifo(&d.join("pipe.pdf"));
    let reader = {
        let pipe = d.join("pipe.pdf");
        std::thread::spawn(move || std::fs::read(pipe).unwrap())
    };
    let run = run_in(d, &["--data", "cv.yaml", "--output", "pipe.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(reader.join().unwrap().starts_with(b"%PDF-"));
    let is_fifo = |name: &str| {
        use std::os::unix::fs::FileTypeExt;
        std::fs::symlink_metadata(d.join(name)).unwrap().file_type().is_fifo()
    };
    assert!(is_fifo("pipe.pdf"), "the FIFO was replaced");

    // A FIFO nobody reads: an error at once, not a hang.
    let started = Instant::now();
    let run = run_in(d, &["--data", "cv.yaml", "--output", "pipe.pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("no process reads"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(is_fifo("pipe.pdf"));

    // A link to a regular file, or to nothing, as one planted where an
    // output goes (`out/cv.pdf -> ~/.bashrc`): neither followed nor lost.
    std::fs::create_dir(d.join("elsewhere")).unwrap();
    std::fs::write(d.join("elsewhere/precious"), "old").unwrap();
    std::os::unix::fs::symlink("elsewhere/precious", d.join("cv.pdf")).unwrap();
    std::os::unix::fs::symlink("elsewhere/nothing", d.join("dangling.pdf")).unwrap();
    let before = snapshot(d);
    for output in ["cv.pdf", "dangling.pdf"] {
        let run = run_in(d, &["--data", "cv.yaml", "--output", output]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(run.stderr.contains("is a symbolic link"), "{}", run.stderr);
        assert_eq!(snapshot(d), before, "{output}");
    }
}

#[test]
fn batch_outputs_never_share_a_name() {
    for (a, b) in [("ada.yaml", "ada.json"), ("Ada.yaml", "ada.yml")] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("team")).unwrap();
        std::fs::write(d.join("team").join(a), CV).unwrap();
        std::fs::write(d.join("team").join(b), "{\"basics\": {\"name\": \"Ada Byron\"}}").unwrap();
        let before = snapshot(d);
        let run = run_in(d, &["--data", "team", "--output", "pdfs"]);
        assert_eq!(run.code, 2, "{a} {b}: {}", run.stderr);
        assert!(run.stderr.contains("would both be written to"), "{}", run.stderr);
        assert_eq!(snapshot(d), before, "{a} {b}: nothing is rendered");
    }
}

#[test]
fn a_directory_input_always_writes_into_the_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("team")).unwrap();
    std::fs::write(d.join("team/ada.yaml"), CV).unwrap();
    for (data, output) in [("team/", "pdfs/"), ("team", "pdfs2"), ("team/", "pdfs3")] {
        let run = run_in(d, &["--data", data, "--output", output]);
        assert_eq!(run.code, 0, "{data} {output}: {}", run.stderr);
        let written = d.join(output).join("ada-classic.pdf");
        assert!(written.is_file(), "{data} {output}: no {}", written.display());
    }
    // One file and an existing directory, or a path ending with a slash.
    std::fs::create_dir(d.join("existing")).unwrap();
    for output in ["existing", "new/"] {
        let run = run_in(d, &["--data", "team/ada.yaml", "--output", output]);
        assert_eq!(run.code, 0, "{output}: {}", run.stderr);
        assert!(d.join(output).join("cv-classic.pdf").is_file(), "{output}");
    }
}

#[test]
fn several_results_cannot_go_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("team")).unwrap();
    std::fs::write(d.join("team/ada.yaml"), CV).unwrap();
    let before = snapshot(d);
    let cases: [&[&str]; 2] = [
        &["--data", "team/ada.yaml", "--layout", "all", "--output", "-"],
        &["--data", "team", "--output", "-"],
    ];
    for args in cases {
        let run = run_in(d, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
        assert_eq!(snapshot(d), before, "{args:?}: no directory named `-`");
    }
}

#[cfg(unix)]
#[test]
fn a_closed_standard_output_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cv.yaml"), CV).unwrap();
    let closed = shell(dir.path(), "exec \"$CVPDF\" --data cv.yaml --output - >&-");
    assert_eq!(closed.code, 1, "{}", closed.stderr);
    assert!(closed.stderr.contains("standard output") && closed.stderr.contains("closed"));
    // Sent to /dev/null on purpose, it is written.
    let null = shell(dir.path(), "exec \"$CVPDF\" --data cv.yaml --output - > /dev/null");
    assert_eq!(null.code, 0, "{}", null.stderr);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn modes_are_kept_and_new_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    // A private CV stays private.
    std::fs::write(d.join("cv.pdf"), "old").unwrap();
    std::fs::set_permissions(d.join("cv.pdf"), std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = run_in(d, &["--data", "cv.yaml", "--embed-source", "--output", "cv.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(mode(&d.join("cv.pdf")), 0o600);
    std::fs::write(d.join("back.yaml"), "").unwrap();
    std::fs::set_permissions(d.join("back.yaml"), std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = run_in(d, &["extract", "cv.pdf", "--output", "back.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(mode(&d.join("back.yaml")), 0o640);
    // Set-user-id, set-group-id and sticky bits are not kept: a PDF is no
    // program, and the kernel drops them too when a file is written.
    std::fs::write(d.join("bits.pdf"), "old").unwrap();
    for (earlier, kept) in [(0o4751, 0o751), (0o2640, 0o640), (0o1640, 0o640)] {
        std::fs::set_permissions(d.join("bits.pdf"), std::fs::Permissions::from_mode(earlier))
            .unwrap();
        let run = run_in(d, &["--data", "cv.yaml", "--output", "bits.pdf"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mode = std::fs::metadata(d.join("bits.pdf")).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, kept, "{earlier:o}");
    }
    // New files follow the umask, for every command that writes.
    for (umask, expected) in [("077", 0o600), ("002", 0o664), ("027", 0o640)] {
        let script = format!(
            "umask {umask} && \"$CVPDF\" --data cv.yaml --output new-{umask}.pdf \
             && \"$CVPDF\" extract cv.pdf --output new-{umask}.yaml \
             && \"$CVPDF\" init init-{umask} && \"$CVPDF\" eject eject-{umask} --data cv.yaml"
        );
        let run = shell(d, &script);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for file in [
            format!("new-{umask}.pdf"),
            format!("new-{umask}.yaml"),
            format!("init-{umask}/cv.yaml"),
            format!("eject-{umask}/main.typ"),
            format!("eject-{umask}/fonts/inter/Inter-Regular.otf"),
        ] {
            assert_eq!(mode(&d.join(&file)), expected, "{file} with umask {umask}");
        }
    }
}

#[cfg(unix)]
#[test]
fn multi_file_outputs_are_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), long_cv()).unwrap();
    // Page 3's name is taken by a directory: no page is written.
    std::fs::create_dir_all(d.join("png/cv-3.png")).unwrap();
    let before = snapshot(d);
    let run =
        run_in(d, &["--data", "cv.yaml", "--format", "png", "--ppi", "10", "-o", "png/cv.png"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert_eq!(snapshot(d), before, "pages were written before the failure");

    // Past `ulimit -f`, writes fail (rather than kill cvpdf) and leave no
    // temporary file: for a PDF, a page set, `eject` and `init`.
    std::fs::write(d.join("cv.pdf"), "the earlier PDF").unwrap();
    let before = snapshot(d);
    for command in [
        "--data cv.yaml --output cv.pdf",
        "--data cv.yaml --format png --ppi 30 --output pages/cv.png",
        "eject project --data cv.yaml",
        "init starter",
    ] {
        let run = shell(d, &format!("ulimit -f 8 && exec \"$CVPDF\" {command}"));
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(run.stderr.contains("too large"), "{command}: {}", run.stderr);
        assert_eq!(snapshot(d), before, "{command}: files were left");
    }
}

mod formats;
mod paths;
