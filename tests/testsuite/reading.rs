//! The reading gate (`src/gate.rs`) through the real binary, where the
//! bad-inputs harness does not fit: standard input as the data, fonts
//! under `--font-path` (special files, link loops, `/proc/self`) and
//! `check` on files that are not regular. See also `bad_inputs/gate_cases.rs`.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::*;

/// Nothing here takes more than a few seconds; a hang is killed here.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// Runs cvpdf in `dir` with `stdin` as its standard input, killed after
/// [`TIME_LIMIT`] (exit code -1).
fn run_with_input(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = cvpdf()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    // cvpdf may stop reading early (a file too large): ignore the broken pipe.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let run = wait_limited(child);
    let _ = writer.join();
    run
}

fn wait_limited(mut child: std::process::Child) -> Run {
    let status = wait_within(&mut child, TIME_LIMIT);
    let mut run = finish(child.wait_with_output().unwrap());
    if status.is_none() {
        run.code = -1;
    }
    run
}

fn run_limited(dir: &Path, args: &[&str]) -> Run {
    let child = cvpdf()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_limited(child)
}

#[test]
fn the_data_can_come_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let yaml = "basics:\n  name: Ada From Stdin\n";
    let run = run_with_input(d, &["--data", "-", "--output", "cv.pdf"], yaml.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(pdf_text(&std::fs::read(d.join("cv.pdf")).unwrap()).contains("Ada From Stdin"));
    let run = run_with_input(d, &["check", "-"], yaml.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("<stdin>: fine"), "{}", run.stderr);

    // Messages name it <stdin>.
    let broken = "basics:\n  name: Ada\n  emial: ada@example.org\n";
    let run = run_with_input(d, &["--data", "-", "--output", "bad.pdf"], broken.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("<stdin>:3:3"), "{}", run.stderr);
    assert!(!d.join("bad.pdf").exists());

    // The attached source is named after its content.
    let json = "{\"basics\": {\"name\": \"Ada Json\"}}\n";
    for (data, name) in [(json, "cv.json"), (yaml, "cv.yaml")] {
        let args = ["--data", "-", "--embed-source", "--output", "attached.pdf"];
        let run = run_with_input(d, &args, data.as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let back = run_limited(d, &["extract", "attached.pdf", "--output", "back"]);
        assert_eq!(back.code, 0, "{}", back.stderr);
        assert!(back.stderr.contains(&format!("{name} from")), "{}", back.stderr);
        assert_eq!(std::fs::read_to_string(d.join("back")).unwrap(), data);
    }

    // Read up to its limit, at once.
    let huge = format!("basics:\n  name: Ada\nx-notes: |\n{}", "  lorem ipsum\n".repeat(400_000));
    let run = run_with_input(d, &["--data", "-", "--output", "huge.pdf"], huge.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("more than the 2 MB a CV can be"), "{}", run.stderr);
    // Watch mode reads its data again after each save: not standard input.
    let run = run_with_input(d, &["watch", "--data", "-"], yaml.as_bytes());
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn font_directories_are_walked_safely() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), "basics:\n  name: Ada\n").unwrap();
    let fonts = d.join("fonts");
    std::fs::create_dir_all(fonts.join("sub")).unwrap();
    // A FIFO and a link loop beside a real font, and a link to a font
    // elsewhere.
    make_fifo(&fonts.join("pipe.ttf"));
    std::os::unix::fs::symlink(".", fonts.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("..", fonts.join("sub/up")).unwrap();
    let fira = root().join("fonts/fira-code/FiraCode-Regular.ttf");
    std::os::unix::fs::symlink(&fira, fonts.join("sub/fira.ttf")).unwrap();
    let run = run_limited(d, &["--data", "cv.yaml", "--font-path", "fonts", "-o", "cv.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The same fonts go into an ejected project, once each.
    let run = run_limited(d, &["eject", "project", "--data", "cv.yaml", "--font-path", "fonts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let user: Vec<_> = std::fs::read_dir(d.join("project/fonts/user")).unwrap().collect();
    assert_eq!(user.len(), 1, "{user:?}");

    // A walk through /proc/self would reach the whole file system.
    if Path::new("/proc/self").is_dir() {
        let run =
            run_limited(d, &["--data", "cv.yaml", "--font-path", "/proc/self", "-o", "x.pdf"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("give the directory that holds the fonts"), "{}", run.stderr);
        assert!(!d.join("x.pdf").exists());
    }
}

/// Fonts under `--font-path` have a total budget, and each file counts
/// once: hard links to one big font are read once and fit; five big fonts
/// are refused before any is read.
#[cfg(unix)]
#[test]
fn font_directories_have_a_total_budget_and_each_file_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), "basics:\n  name: Ada\n").unwrap();
    let (linked, distinct) = (d.join("linked"), d.join("distinct"));
    std::fs::create_dir_all(&linked).unwrap();
    std::fs::create_dir_all(&distinct).unwrap();
    // Sparse: 250 MB each, costing no disk.
    let sparse = |path: &Path| {
        std::fs::File::create(path).unwrap().set_len(250 << 20).unwrap();
    };
    sparse(&linked.join("f0.ttf"));
    for i in 1..5 {
        std::fs::hard_link(linked.join("f0.ttf"), linked.join(format!("f{i}.ttf"))).unwrap();
        sparse(&distinct.join(format!("f{i}.ttf")));
    }
    sparse(&distinct.join("f0.ttf"));
    let run = run_limited(d, &["check", "cv.yaml", "--font-path", "linked"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = run_limited(d, &["check", "cv.yaml", "--font-path", "distinct"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("1250 MB of fonts, more than the 1024 MB"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn check_refuses_special_files_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    make_fifo(&d.join("cv.yaml"));
    let started = Instant::now();
    for (file, what) in [("/dev/zero", "character device"), ("cv.yaml", "FIFO")] {
        let run = run_limited(d, &["check", file]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(what), "{file}: {}", run.stderr);
    }
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    // `/dev/stdin` on a pipe is a FIFO too; `-` is how to read it.
    let run = run_with_input(d, &["check", "/dev/stdin"], b"basics: {name: Ada}\n");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("FIFO"), "{}", run.stderr);
}

#[test]
fn check_takes_a_directory_as_a_render_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let team = d.join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::write(team.join("ada.yaml"), "basics:\n  name: Ada\n").unwrap();
    std::fs::write(team.join("bob.json"), "{\"basics\": {\"name\": \"Bob\"}}").unwrap();
    // What macOS leaves on foreign disks, and hidden files: not CVs.
    std::fs::write(team.join("._ada.yaml"), b"\0\x05\x16\x07\0\x02\0\0Mac OS X        \0\x02")
        .unwrap();
    std::fs::write(team.join(".draft.yaml"), "basics: [").unwrap();
    for args in [&["-d", "team/", "-o", "out/"][..], &["check", "team/"], &["check", "-d", "team"]]
    {
        let run = run_limited(d, args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    let mut written: Vec<_> =
        std::fs::read_dir(d.join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    written.sort();
    assert_eq!(written, ["ada-classic.pdf", "bob-classic.pdf"]);
    // One bad CV: the same verdict, naming it, and the others still checked.
    std::fs::write(team.join("carl.yaml"), "basics:\n  name: Carl\n  email: nope\n").unwrap();
    for args in [&["-d", "team", "-o", "out2"][..], &["check", "team"]] {
        let run = run_limited(d, args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("carl.yaml:3"), "{args:?}: {}", run.stderr);
    }
    let run = run_limited(d, &["check", "team", "--layout", "all"]);
    assert!(
        run.stderr.contains("ada.yaml: fine for classic, onepage, ovni, sidebar"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_photo_path_is_judged_by_where_it_leads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("cv/sub")).unwrap();
    std::fs::write(d.join("cv/p.png"), TINY_PNG).unwrap();
    std::fs::write(d.join("outside.png"), TINY_PNG).unwrap();
    let absolute = d.join("cv/p.png").display().to_string();
    for image in ["sub/../p.png", "./sub/./../p.png", &absolute] {
        std::fs::write(d.join("cv/cv.yaml"), format!("basics:\n  name: Ada\n  image: {image}\n"))
            .unwrap();
        let run = run_limited(d, &["-d", "cv/cv.yaml", "-o", "cv.pdf"]);
        assert_eq!(run.code, 0, "{image}: {}", run.stderr);
    }
    for image in ["sub/../../outside.png", "../cv/../outside.png", "sub/../../missing.png"] {
        std::fs::write(d.join("cv/cv.yaml"), format!("basics:\n  name: Ada\n  image: {image}\n"))
            .unwrap();
        let run = run_limited(d, &["check", "cv/cv.yaml"]);
        assert_eq!(run.code, 1, "{image}: {}", run.stderr);
        assert!(run.stderr.contains("outside the data file's directory"), "{}", run.stderr);
    }
}

/// The CV and the layout a letter's front matter names are data, not the
/// user's choice: read only inside the current directory (the project),
/// nothing hidden, links followed; refused at the key, and the file never
/// read into a message. `cv: ../cv.yaml` from `applications/` still works.
#[cfg(unix)]
#[test]
fn files_a_front_matter_names_stay_inside_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir_all(project.join("applications")).unwrap();
    std::fs::create_dir_all(project.join(".private")).unwrap();
    let cv = "basics:\n  name: Ada Lovelace\n";
    std::fs::write(project.join("cv.yaml"), cv).unwrap();
    std::fs::write(project.join(".private/cv.yaml"), cv).unwrap();
    std::fs::write(dir.path().join("outside.yaml"), "secret: SECRET-CONTENT\n").unwrap();
    std::fs::write(dir.path().join("outside.typ"), "SECRET-CONTENT\n").unwrap();
    std::os::unix::fs::symlink("../outside.yaml", project.join("link.yaml")).unwrap();
    let letter = |front: &str| {
        format!("---\n{front}\nto:\n  name: Grace Hopper\nposition: Engineer\n---\nHello.\n")
    };
    let refused = [
        ("cv: ../../../../../../../../etc/passwd", "cv"),
        ("cv: /etc/passwd", "cv"),
        ("cv: ../../outside.yaml", "cv"),
        ("cv: ../link.yaml", "cv"),
        ("cv: ../.private/cv.yaml", "cv"),
        ("layout: ../../outside.typ", "layout"),
    ];
    for (front, key) in refused {
        std::fs::write(project.join("applications/acme.md"), letter(front)).unwrap();
        let run = run_limited(&project, &["apply", "applications/acme.md", "-f", "txt"]);
        assert_eq!(run.code, 1, "{front}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("`{key}`: cannot read")), "{front}: {}", run.stderr);
        assert!(run.stderr.contains("acme.md:2:"), "{front}: not located: {}", run.stderr);
        for leaked in ["root:x:0", "SECRET-CONTENT"] {
            assert!(!run.stderr.contains(leaked), "{front}: {}", run.stderr);
        }
        assert!(!project.join("out").exists(), "{front}");
    }
    std::fs::write(project.join("applications/acme.md"), letter("cv: ../cv.yaml")).unwrap();
    let run = run_limited(&project, &["apply", "applications/acme.md", "-f", "txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(project.join("out/acme/Ada-Lovelace-CV.txt").is_file());
}
