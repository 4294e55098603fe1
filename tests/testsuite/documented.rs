//! The commands the Makefile and the README give, run as written.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::*;

#[test]
fn the_makefile_targets_run_cvpdf() {
    if std::process::Command::new("make").arg("--version").output().is_err() {
        crate::common::unavailable("make");
        return;
    }
    let binary = env!("CARGO_BIN_EXE_cvpdf");
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "cv.yaml",
        "meta: {lang: fr}\nbasics: {name: Ada}\nwork: [{name: X, startDate: 2020}]\n",
    );
    let make = |target: &str| {
        // `-o BIN` keeps make from rebuilding the release binary: the test
        // runs the binary cargo just built.
        finish(
            std::process::Command::new("make")
                .current_dir(root())
                .args([
                    "-o",
                    binary,
                    &format!("BIN={binary}"),
                    &format!("DATA={data}"),
                    "LANG_CV=en",
                    target,
                ])
                .output()
                .unwrap(),
        )
    };
    let check = make("check");
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let dry = finish(
        std::process::Command::new("make")
            .current_dir(root())
            .args(["-n", "all", "watch", "test", "previews"])
            .output()
            .unwrap(),
    );
    assert!(dry.stdout.contains("--layout all --output out"), "{}", dry.stdout);
    assert!(dry.stdout.contains("watch --data data/cv.yaml"));
    assert!(dry.stdout.contains("cargo test"));
    assert!(dry.stdout.contains("--format png --pages 1"));
    // Cargo builds into CARGO_TARGET_DIR when it is set, and so must make.
    let elsewhere = finish(
        std::process::Command::new("make")
            .current_dir(root())
            .env("CARGO_TARGET_DIR", "/tmp/cvpdf-elsewhere")
            .args(["-n", "classic"])
            .output()
            .unwrap(),
    );
    assert!(
        elsewhere.stdout.contains("/tmp/cvpdf-elsewhere/release/cvpdf --data"),
        "{}",
        elsewhere.stdout
    );
    let dry_lang = finish(
        std::process::Command::new("make")
            .current_dir(root())
            .args(["-n", "onepage", "LANG_CV=es", "DATA=x.yaml"])
            .output()
            .unwrap(),
    );
    assert!(
        dry_lang
            .stdout
            .contains("--data x.yaml --layout onepage --output out/cv-onepage.pdf --lang es"),
        "{}",
        dry_lang.stdout
    );
}

#[test]
fn cvpdf_flags_reach_every_make_rule_after_its_subcommand() {
    if std::process::Command::new("make").arg("--version").output().is_err() {
        crate::common::unavailable("make");
        return;
    }
    let binary = env!("CARGO_BIN_EXE_cvpdf");
    let dir = tempfile::tempdir().unwrap();
    let starter = dir.path().join("my-cv");
    assert_eq!(run(&["init", starter.to_str().unwrap()]).code, 0);
    // A key of another tool: a warning, which --strict makes an error.
    let data = write(dir.path(), "cv.yaml", "meta: {theme: elegant}\nbasics: {name: Ada}\n");
    let make = |cwd: &std::path::Path, args: &[&str]| {
        let mut command = std::process::Command::new("make");
        // `-o BIN` keeps make from rebuilding the repository's release
        // binary: the test runs the binary cargo just built.
        command.current_dir(cwd).args(["-o", binary, &format!("BIN={binary}")]);
        command.args([&format!("CVPDF={binary}"), &format!("DATA={data}")]);
        finish(command.args(args).output().unwrap())
    };
    for cwd in [root(), starter] {
        let lenient = make(&cwd, &["check"]);
        assert_eq!(lenient.code, 0, "{cwd:?}: {}", lenient.stderr);
        let strict = make(&cwd, &["check", "CVPDF_FLAGS=--strict"]);
        assert_ne!(strict.code, 0, "{cwd:?}: {}", strict.stderr);
        assert!(strict.stderr.contains("error"), "{cwd:?}: {}", strict.stderr);
        // Every rule that runs cvpdf gives the options, after any subcommand.
        let rules = ["all", "classic", "check", "watch", "applications"];
        let dry = make(&cwd, &[&["-n", "-B"][..], &rules, &["CVPDF_FLAGS=--flag"]].concat());
        let runs: Vec<&str> = dry.stdout.lines().filter(|l| l.starts_with(binary)).collect();
        assert!(runs.len() >= rules.len(), "{cwd:?}: {}{}", dry.stdout, dry.stderr);
        for line in runs {
            let words: Vec<&str> = line.split_whitespace().collect();
            let subcommand = usize::from(["check", "watch", "apply"].contains(&words[1]));
            let flag = words.iter().position(|w| *w == "--flag");
            assert!(flag.is_some_and(|i| i > subcommand), "{cwd:?}: {line}");
        }
    }
}

/// The commands of the shell blocks in the README's section `title`, one
/// per line or `&&`, without their comments, split into words.
fn readme_commands(title: &str) -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme.split(&format!("\n## {title}\n")).nth(1).expect("the README has it");
    let section = section.split("\n## ").next().unwrap();
    let (mut commands, mut shell) = (Vec::new(), false);
    for line in section.lines() {
        if line.starts_with("```") {
            shell = line == "```sh";
        } else if shell {
            let line = line.split(" #").next().unwrap();
            commands
                .extend(line.split("&&").map(|c| c.split_whitespace().map(String::from).collect()));
        }
    }
    commands
}

#[test]
fn the_readme_way_to_ones_own_cv_works_as_written() {
    let make_here = std::process::Command::new("make").arg("--version").output().is_ok();
    if !make_here {
        crate::common::unavailable("make");
    }
    let binary = env!("CARGO_BIN_EXE_cvpdf");
    let dir = tempfile::tempdir().unwrap();
    let mut cwd = dir.path().to_owned();
    let commands = readme_commands("Your own CV in five minutes");
    assert!(commands.len() >= 8, "{commands:?}");
    for words in commands {
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        match (words[0].as_str(), args.first().copied()) {
            // The test runs the binary cargo built.
            ("cargo", Some("install")) => {}
            ("cd", Some(to)) => cwd = cwd.join(to),
            ("$EDITOR", Some(file)) => {
                let path = cwd.join(file);
                let cv = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, cv.replace("Ada Lovelace", "Jean Dupont")).unwrap();
            }
            ("cvpdf", Some("watch")) => {
                let out = cwd.join("out/cv-ovni.pdf");
                let mut child = cvpdf()
                    .current_dir(&cwd)
                    .args(&args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap();
                let start = Instant::now();
                while !std::fs::read(&out).is_ok_and(|pdf| pdf_text(&pdf).contains("Jean Dupont"))
                    && start.elapsed() < Duration::from_secs(60)
                {
                    std::thread::sleep(Duration::from_millis(100));
                }
                child.kill().unwrap();
                child.wait().unwrap();
                assert!(out.is_file(), "`cvpdf {}` renders every layout", args.join(" "));
            }
            ("cvpdf", _) => {
                let result = finish(cvpdf().current_dir(&cwd).args(&args).output().unwrap());
                assert_eq!(result.code, 0, "cvpdf {args:?}: {}", result.stderr);
            }
            ("make", _) if !make_here => {}
            ("make", target) => {
                // Watch mode runs until stopped: its command is only shown.
                let dry = if target == Some("watch") { "-n" } else { "-s" };
                let result = finish(
                    std::process::Command::new("make")
                        .current_dir(&cwd)
                        .args([dry, &format!("CVPDF={binary}")])
                        .args(&args)
                        .output()
                        .unwrap(),
                );
                assert_eq!(result.code, 0, "make {args:?}: {}{}", result.stdout, result.stderr);
            }
            other => panic!("the README runs {other:?}, which this test does not know"),
        }
    }
    for layout in builtin_layouts() {
        let pdf = std::fs::read(cwd.join(format!("out/cv-{layout}.pdf"))).unwrap();
        assert!(pdf_text(&pdf).contains("Jean Dupont"), "{layout}");
    }
}

/// The README's module table lists every module of the library, and
/// ARCHITECTURE.md, which it points to, stays one page.
#[test]
fn the_module_table_and_the_architecture_match_the_code() {
    let root = crate::common::root();
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let modules = lib.lines().filter_map(|l| l.strip_prefix("pub mod")?.trim().strip_suffix(';'));
    for module in modules {
        assert!(readme.contains(&format!("\n| `{module}` |")), "the README's table lacks {module}");
    }
    assert!(readme.contains("](ARCHITECTURE.md)"));
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    assert!(architecture.lines().count() <= 80, "ARCHITECTURE.md is one page");
    for flow in ["model", "view", "world", "render", "output", "/cv.json", "layouts/lib/"] {
        assert!(architecture.contains(flow), "ARCHITECTURE.md does not say {flow}");
    }
}
