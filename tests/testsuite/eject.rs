//! `cvpdf eject`: the plain Typst project gives stock `typst` the same pages
//! and text as cvpdf.

use std::path::PathBuf;

use crate::common::*;

/// A `typst` binary: on PATH, or where `bench/compare.sh` installs it.
fn typst() -> Option<PathBuf> {
    let cached =
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/cvpdf/typst-cli/bin/typst"));
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|p| p.join("typst")).find(|p| p.is_file())
    });
    on_path.or(cached.filter(|p| p.is_file()))
}

#[test]
fn eject_writes_a_complete_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    let result = run(&["eject", project.to_str().unwrap(), "--layout", "onepage"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    for file in [
        "main.typ",
        "common.typ",
        "letter.typ",
        "cv.json",
        "README.md",
        "fonts/inter/Inter-Regular.otf",
        "fonts/inter/OFL.txt",
    ] {
        assert!(project.join(file).is_file(), "{file} missing");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(project.join("cv.json")).unwrap()).unwrap();
    assert_eq!(json["fit"]["short"], true, "the fitted view is ejected");
    assert_eq!(
        run(&["eject", project.to_str().unwrap()]).code,
        1,
        "never into a non-empty directory"
    );
}

#[test]
fn stock_typst_gives_the_same_pages_and_text() {
    let Some(typst) = typst() else {
        eprintln!("skipped: no `typst` binary on PATH (bench/compare.sh says how to install it)");
        return;
    };
    for layout in builtin_layouts() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        let ejected = run(&["eject", project.to_str().unwrap(), "--layout", layout]);
        assert_eq!(ejected.code, 0, "{}", ejected.stderr);
        let theirs = dir.path().join("typst.pdf");
        let compiled = std::process::Command::new(&typst)
            .args(["compile", "--ignore-system-fonts", "--font-path"])
            .arg(project.join("fonts"))
            .arg(project.join("main.typ"))
            .arg(&theirs)
            .output()
            .unwrap();
        assert!(
            compiled.status.success(),
            "{layout}: {}",
            String::from_utf8_lossy(&compiled.stderr)
        );
        let ours = render_seed(layout);
        let theirs = std::fs::read(&theirs).unwrap();
        assert_eq!(page_count(&ours), page_count(&theirs), "{layout}: page count");
        assert_eq!(normalise(&pdf_text(&ours)), normalise(&pdf_text(&theirs)), "{layout}: text");
    }
}

#[test]
fn several_files_never_go_to_a_directory_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), "basics:\n  name: Ada\n").unwrap();
    let cases: [&[&str]; 6] = [
        &["eject", "-"],
        &["init", "-"],
        &["eject", ""],
        &["init", ""],
        &["extract", ""],
        &["check", ""],
    ];
    for args in cases {
        let result = finish(cvpdf().current_dir(d).args(args).output().unwrap());
        assert_eq!(result.code, 2, "{args:?}: {}", result.stderr);
        let entries: Vec<_> =
            std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(entries, ["cv.yaml"], "{args:?} wrote something");
    }
    // A directory really named `-` is spelled as a path.
    let result = finish(cvpdf().current_dir(d).args(["init", "./-"]).output().unwrap());
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(d.join("-/cv.yaml").is_file());
}
