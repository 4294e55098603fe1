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

/// Runs cvpdf in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    finish(cvpdf().current_dir(dir).args(args).output().unwrap())
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

#[test]
fn pages_of_a_pdf_are_written_untagged_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), long_cv()).unwrap();
    let run = run_in(d, &["--data", "cv.yaml", "--pages", "2", "--output", "two.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("two.pdf: 1 page"), "{}", run.stdout);
    assert!(run.stderr.contains("untagged") && run.stderr.contains("PDF/A-2b"), "{}", run.stderr);
    assert!(run.stderr.contains("PDF/UA-1"), "the warning names what is given up");
    let pdf = std::fs::read(d.join("two.pdf")).unwrap();
    assert_eq!(page_count(&pdf), 1);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert!(doc.catalog().unwrap().get(b"StructTreeRoot").is_err(), "untagged");
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "PDF/A-2b");
    assert!(!pdf_text(&pdf).contains("Company 0"), "page 2 only");

    // Without a standard that needs tags, no warning; with --strict, none
    // is given up silently.
    let run = run_in(
        d,
        &["--data", "cv.yaml", "--pages", "1-2", "--pdf-standard", "none", "-o", "a.pdf"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_eq!(page_count(&std::fs::read(d.join("a.pdf")).unwrap()), 2);
    let run = run_in(d, &["--data", "cv.yaml", "--pages", "1", "--strict", "-o", "b.pdf"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!d.join("b.pdf").exists());
    // The attached source comes back from a page range too (PDF/A-3b).
    let run = run_in(d, &["--data", "cv.yaml", "--pages", "1", "--embed-source", "-o", "c.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("PDF/A-3b"), "{}", run.stderr);
    let back = run_in(d, &["extract", "c.pdf"]);
    assert_eq!(back.stdout, long_cv());
}

#[test]
fn a_page_range_past_the_end_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    std::fs::write(d.join("cv.pdf"), "the earlier PDF").unwrap();
    let before = snapshot(d);
    for format in ["pdf", "png", "svg"] {
        let output = format!("cv.{format}");
        let run =
            run_in(d, &["--data", "cv.yaml", "--format", format, "--pages", "2-3", "-o", &output]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stderr.contains("the CV has 1 page"), "{format}: {}", run.stderr);
        assert_eq!(snapshot(d), before, "{format}");
    }
}

#[test]
fn plain_text_is_one_file_per_cv_whatever_the_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), "basics:\n  name: Ada\n").unwrap();
    let files = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    for layout in ["onepage", "all"] {
        let run = run_in(d, &["--layout", layout, "--format", "txt"]);
        assert_eq!(run.code, 0, "{layout}: {}", run.stderr);
        assert_eq!(run.stdout.trim(), "out/cv.txt", "{layout}");
        assert_eq!(files(&d.join("out")), ["cv.txt"], "{layout}: one file, named for the CV");
        assert!(std::fs::read_to_string(d.join("out/cv.txt")).unwrap().starts_with("Ada"));
    }
    // One result: it may go to standard output, or to a file named.
    let run = run_in(d, &["--layout", "all", "--format", "txt", "--output", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Ada"), "{}", run.stdout);
    let run = run_in(d, &["--layout", "all", "--format", "txt", "--output", "ada.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(d.join("ada.txt").is_file());
    // A directory of CVs: one text file per CV, named after it.
    let team = d.join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::write(team.join("ada.yaml"), "basics: {name: Ada}\n").unwrap();
    std::fs::write(team.join("bob.yaml"), "basics: {name: Bob}\n").unwrap();
    let run =
        run_in(d, &["--data", "team", "--layout", "all", "--format", "txt", "--output", "texts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files(&d.join("texts")), ["ada.txt", "bob.txt"]);
}

#[cfg(unix)]
#[test]
fn per_page_formats_write_into_special_files_never_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    std::fs::write(d.join("long.yaml"), long_cv()).unwrap();
    std::os::unix::fs::symlink("/dev/null", d.join("null.png")).unwrap();
    std::os::unix::fs::symlink("/proc/self/fd/1", d.join("stdout.png")).unwrap();
    make_fifo(&d.join("pipe.svg"));
    let before = snapshot(d);
    let png = ["--format", "png", "--ppi", "10"];
    // One page goes into a device, and down standard output as `-` would.
    let run = run_in(d, &[&png[..], &["--data", "cv.yaml", "-o", "null.png"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let args = [&png[..], &["--data", "cv.yaml", "-o", "stdout.png"]].concat();
    let piped = cvpdf().current_dir(d).args(args).output().unwrap();
    assert_eq!(piped.status.code(), Some(0), "{}", String::from_utf8_lossy(&piped.stderr));
    assert!(piped.stdout.starts_with(b"\x89PNG"), "the page is on standard output");
    // A FIFO someone reads gets its one page.
    let reader = {
        let pipe = d.join("pipe.svg");
        std::thread::spawn(move || std::fs::read(pipe).unwrap())
    };
    let run = run_in(d, &["--data", "cv.yaml", "--format", "svg", "-o", "pipe.svg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(reader.join().unwrap().starts_with(b"<svg"));
    assert_eq!(snapshot(d), before, "no numbered file beside a special one");
    // Several pages cannot all go into one: exit 2, as for `-o -`; one
    // chosen with --pages can.
    for output in ["null.png", "stdout.png"] {
        let run = run_in(d, &[&png[..], &["--data", "long.yaml", "-o", output]].concat());
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(run.stderr.contains("cannot all go"), "{}", run.stderr);
        assert_eq!(snapshot(d), before, "{output}");
    }
    let one = [&png[..], &["--data", "long.yaml", "--pages", "2", "-o", "null.png"]].concat();
    assert_eq!(run_in(d, &one).code, 0);
    assert_eq!(snapshot(d), before);
}

#[test]
fn an_output_named_for_another_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    let before = snapshot(d);
    for (format, output) in
        [("png", "notes.txt"), ("pdf", "cv.png"), ("txt", "cv.pdf"), ("svg", "cv.yml")]
    {
        let run = run_in(d, &["--data", "cv.yaml", "--format", format, "-o", output]);
        assert_eq!(run.code, 2, "{format} {output}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("--format {format}")), "{}", run.stderr);
        assert_eq!(snapshot(d), before, "{format} {output}");
    }
    // Any case, and names that are no format's (a Makefile's `$@.tmp`).
    for output in ["cv.PDF", "cv.pdf.tmp", "cv"] {
        let run = run_in(d, &["--data", "cv.yaml", "-o", output]);
        assert_eq!(run.code, 0, "{output}: {}", run.stderr);
        assert!(d.join(output).is_file(), "{output}");
    }
}

#[cfg(unix)]
#[test]
fn every_output_is_checked_before_anything_renders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    std::fs::create_dir(d.join("team")).unwrap();
    std::fs::write(d.join("team/ada.yaml"), CV).unwrap();
    std::fs::write(d.join("exists.pdf"), "a file").unwrap();
    make_fifo(&d.join("fifo"));
    std::fs::create_dir_all(d.join("out")).unwrap();
    std::fs::write(d.join("decoy.txt"), "DECOY").unwrap();
    std::os::unix::fs::symlink("../decoy.txt", d.join("out/cv-ovni.pdf")).unwrap();
    std::os::unix::fs::symlink("../decoy.txt", d.join("out/cv-classic-2.png")).unwrap();
    std::os::unix::fs::symlink("nowhere", d.join("dangling")).unwrap();
    std::os::unix::fs::symlink("/dev/null", d.join("null.pdf")).unwrap();
    let before = snapshot(d);
    let cases: [&[&str]; 11] = [
        &["--layout", "all", "-o", "exists.pdf"],
        &["--layout", "all", "-o", "fifo"],
        &["--layout", "all", "-o", "null.pdf"],
        &["--layout", "all", "-o", "out/"],
        &["--data", "team", "-o", "exists.pdf"],
        &["-o", "exists.pdf/cv.pdf"],
        &["-o", "exists.pdf/new/cv.pdf"],
        &["-o", "dangling/cv.pdf"],
        &["--format", "png", "-o", "out/"],
        &["-o", ""],
        &["eject", "exists.pdf"],
    ];
    for args in cases {
        let run = run_in(d, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("rendered"), "{args:?}: rendered first: {}", run.stderr);
        assert_eq!(snapshot(d), before, "{args:?}");
    }
}

/// A path that goes up (`..`) from a directory not made yet names nothing
/// the checks can see, then an existing file once cvpdf makes the
/// directory: the data, a link, a FIFO. Refused (exit 2) for every command
/// that writes, before anything is rendered or made.
#[cfg(unix)]
#[test]
fn an_output_that_goes_up_from_a_missing_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.txt"), CV).unwrap();
    std::fs::write(d.join("cv"), CV).unwrap();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    std::fs::write(d.join("victim.txt"), "victim").unwrap();
    std::os::unix::fs::symlink("victim.txt", d.join("link.pdf")).unwrap();
    std::os::unix::fs::symlink("nowhere", d.join("dangling")).unwrap();
    make_fifo(&d.join("pipe"));
    let made = run_in(d, &["--data", "cv.yaml", "--embed-source", "-o", "made.pdf"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let before = snapshot(d);
    let cases: [&[&str]; 11] = [
        &["-d", "cv.txt", "-f", "txt", "-o", "new/../cv.txt"],
        &["-d", "cv", "-o", "x/../cv"],
        &["-d", "cv.yaml", "-o", "a/b/../../cv.yaml"],
        &["-d", "cv.yaml", "-o", "dangling/../cv.yaml"],
        &["-d", "cv.yaml", "-o", "new/../link.pdf"],
        &["-d", "cv.yaml", "-o", "new/../pipe"],
        &["-d", "cv.yaml", "--layout", "all", "-o", "new/.."],
        &["-d", "cv.yaml", "-f", "png", "-o", "new/../cv.png"],
        &["extract", "made.pdf", "-o", "new/../cv.yaml"],
        &["init", "new/.."],
        &["eject", "new/.."],
    ];
    for args in cases {
        let run = run_in(d, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("give the path without `..`"), "{args:?}: {}", run.stderr);
        assert_eq!(snapshot(d), before, "{args:?}");
    }
    // `watch` too, before its first render.
    let mut child = cvpdf()
        .current_dir(d)
        .args(["watch", "-d", "cv.yaml", "-o", "new/../cv.yaml"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = wait_within(&mut child, Duration::from_secs(60));
    assert_eq!(status.and_then(|s| s.code()), Some(2), "watch wrote through new/..");
    assert_eq!(snapshot(d), before, "watch");
    // Up from a directory that exists is the kernel's to resolve, as before.
    std::fs::create_dir(d.join("sub")).unwrap();
    let run = run_in(d, &["-d", "cv.yaml", "-o", "sub/../fine.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(d.join("fine.pdf").is_file());
}

/// A project as `cvpdf init` writes it, in a new directory.
fn initialised() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// Everything under `dir` but `out/`.
fn outside_out(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut found = snapshot(dir);
    found.retain(|path, _| !path.starts_with("out"));
    found
}

/// An application's directory is its file's stem under `-o`: a stem that
/// is `..` (`...md`), `.` (`..md`) or hidden would write beside `-o` or
/// out of sight, and is refused (exit 2); the others of a directory are
/// still built, inside `-o`.
#[test]
fn an_application_writes_only_under_its_output_directory() {
    let dir = initialised();
    let d = dir.path();
    std::fs::create_dir(d.join("apps")).unwrap();
    let example = std::fs::read_to_string(d.join("applications/example.md")).unwrap();
    std::fs::write(d.join("Ada-Lovelace-CV.pdf"), "my precious hand-made CV").unwrap();
    std::fs::copy(d.join("cv.yaml"), d.join("Ada-Lovelace-CV.txt")).unwrap();
    for name in ["...md", "..md", ".draft.md"] {
        std::fs::write(d.join("apps").join(name), &example).unwrap();
        let before = snapshot(d);
        let path = format!("apps/{name}");
        let cases: [&[&str]; 2] = [
            &["apply", &path, "-o", "out"],
            &["apply", &path, "-o", "out", "-f", "txt", "-d", "Ada-Lovelace-CV.txt"],
        ];
        for args in cases {
            let run = run_in(d, args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
            assert!(run.stderr.contains("rename the file"), "{args:?}: {}", run.stderr);
            assert_eq!(snapshot(d), before, "{args:?}");
        }
        // With `out/` there already: nothing beside it either.
        std::fs::create_dir(d.join("out")).unwrap();
        let run = run_in(d, &["apply", &path, "-o", "out", "-f", "txt"]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        std::fs::remove_dir(d.join("out")).unwrap();
        assert_eq!(snapshot(d), before, "{name} with out/");
        std::fs::remove_file(d.join("apps").join(name)).unwrap();
    }
    // In a directory, beside a good application (which is built), such a
    // file is refused or skipped as hidden: nothing lands beside `out/`.
    for name in ["...md", "..md", ".draft.md"] {
        std::fs::write(d.join("apps").join(name), &example).unwrap();
    }
    std::fs::write(d.join("apps/acme.md"), &example).unwrap();
    let before = outside_out(d);
    let run = run_in(d, &["apply", "apps", "-o", "out", "-f", "txt"]);
    assert!(run.code <= 1, "{}", run.stderr);
    assert!(d.join("out/acme/Ada-Lovelace-CV.txt").is_file(), "{}", run.stderr);
    assert_eq!(outside_out(d), before);
    let entries: Vec<_> =
        std::fs::read_dir(d.join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, ["acme"]);
}

/// Standard output, where the results are listed, appended to an input
/// (`>> cv.yaml`) is refused before anything is rendered or written, by
/// render, `watch` and `apply` alike.
#[cfg(unix)]
#[test]
fn standard_output_appended_to_an_input_is_refused_before_anything_is_written() {
    let dir = initialised();
    let d = dir.path();
    std::fs::write(d.join("other.yaml"), CV).unwrap();
    let example = std::fs::read_to_string(d.join("applications/example.md")).unwrap();
    let tailored = example.replacen("---\n", "---\ncv: ../other.yaml\n", 1);
    std::fs::create_dir(d.join("tailored")).unwrap();
    std::fs::write(d.join("tailored/acme.md"), tailored).unwrap();
    let before = snapshot(d);
    for script in [
        "\"$CVPDF\" -o x.pdf >> cv.yaml",
        "\"$CVPDF\" -f txt -o x.txt >> cv.yaml",
        "\"$CVPDF\" --layout all -o dist >> cv.yaml",
        "\"$CVPDF\" -d - -o x.pdf < cv.yaml >> cv.yaml",
        "\"$CVPDF\" apply applications/example.md >> applications/example.md",
        "\"$CVPDF\" apply applications >> applications/example.md",
        "\"$CVPDF\" apply applications -f txt >> cv.yaml",
        "\"$CVPDF\" apply tailored/acme.md -f txt >> other.yaml",
        "\"$CVPDF\" apply tailored/acme.md >> other.yaml",
        "timeout 60 \"$CVPDF\" watch -o x.pdf >> cv.yaml",
    ] {
        let run = shell(d, script);
        assert_eq!(run.code, 2, "{script}: {}", run.stderr);
        assert!(run.stderr.contains("send standard output elsewhere"), "{script}: {}", run.stderr);
        assert_eq!(snapshot(d), before, "{script}");
    }
}

/// `apply -o -` is several files: exit 2, as `eject -` and `init -`, and no
/// directory named `-`.
#[test]
fn applications_never_go_to_a_directory_named_dash() {
    let dir = initialised();
    let d = dir.path();
    let before = snapshot(d);
    for output in ["-", ""] {
        let run = run_in(d, &["apply", "applications/example.md", "-o", output]);
        assert_eq!(run.code, 2, "{output:?}: {}", run.stderr);
        assert_eq!(snapshot(d), before, "{output:?}");
    }
}

/// Whether this process runs as root, which some checks need.
#[cfg(unix)]
fn root_user() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A page set whose last page cannot be replaced (another user's file in
/// a shared sticky directory, an immutable file) leaves every page as it
/// was: earlier ones are put back. Needs root to set the scene.
#[cfg(unix)]
#[test]
fn a_page_set_is_replaced_whole_or_not_at_all() {
    use std::os::unix::fs::PermissionsExt;
    if !root_user() {
        eprintln!("SKIPPED: making an immutable file or another user's needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(d.join("cv.yaml"), long_cv()).unwrap();
    std::fs::set_permissions(d.join("cv.yaml"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("cv-1.png"), "the earlier page 1").unwrap();
    std::fs::write(out.join("cv-3.png"), "page 3, immutable").unwrap();
    let png = "--data cv.yaml --format png --ppi 10 --output out/cv.png";
    let before = snapshot(d);
    if shell(d, "chattr +i out/cv-3.png").code == 0 {
        let run = shell(d, &format!("\"$CVPDF\" {png}"));
        shell(d, "chattr -i out/cv-3.png");
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(snapshot(d), before, "immutable page 3: pages were left");
    } else {
        eprintln!("SKIPPED: chattr +i is not supported here");
    }
    // A sticky directory, as /tmp is, where page 3 is root's.
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o1777)).unwrap();
    std::fs::remove_file(out.join("cv-1.png")).unwrap();
    let before = snapshot(d);
    let run = shell(d, &format!("runuser -u nobody -- \"$CVPDF\" {png}"));
    if run.stderr.contains("runuser") {
        eprintln!("SKIPPED: runuser failed: {}", run.stderr);
        return;
    }
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(snapshot(d), before, "sticky directory: pages were left");
}
