//! Paths that lead elsewhere than they seem: up from a directory not made
//! yet, an application's stem, standard output appended to an input, and
//! `-` for several files.

use super::*;

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
