//! The GitHub Action in a simulated GitHub runner: the `run` steps of
//! `action.yml`, with their `env` and `${{ }}` expressions evaluated, run
//! `action/run.sh` as GitHub would. A local directory stands in for the
//! release downloads (the binary cargo just built, under its asset name, and
//! SHA256SUMS); stubs for `gh` and `cargo` on `PATH` record their arguments.
//! The `uses` steps (actions/cache, actions/upload-artifact) are GitHub's own
//! and are skipped; tests/workflows.rs checks how they are wired.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;
use sha2::{Digest, Sha256};

use crate::common::{self, root};

/// The target that `RUNNER_OS=Linux`, `RUNNER_ARCH=X64` select.
const TARGET: &str = "x86_64-unknown-linux-musl";
const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The commit's time: 2023-11-14 22:13:20 UTC.
const COMMIT_TIME: &str = "1700000000";

const GH_STUB: &str = r#"#!/bin/sh
printf '%s\n' "$*" >> "$STUBS_LOG/gh.log"
case "$1 $2" in
"release view") exit 1 ;;
"release upload") for file; do case "$file" in /*) cp "$file" "$STUBS_LOG/uploaded/" ;; esac; done ;;
esac
"#;

/// `cargo install --root DIR …` puts the binary where cargo would.
const CARGO_STUB: &str = r#"#!/bin/sh
printf '%s\n' "$*" >> "$STUBS_LOG/cargo.log"
root=""
previous=""
for arg; do
	if [ "$previous" = --root ]; then root="$arg"; fi
	previous="$arg"
done
mkdir -p "$root/bin" && cp "$REAL_CVPDF" "$root/bin/cvpdf"
"#;

/// A runner with a workspace (a git repository holding `cv.yaml`), a
/// release directory, `RUNNER_TEMP` and the stubs.
struct Runner {
    dir: tempfile::TempDir,
    /// Overrides of GitHub's variables, such as `GITHUB_REF`.
    env: BTreeMap<&'static str, String>,
    inputs: BTreeMap<&'static str, String>,
}

/// What a simulated run did.
struct Run {
    /// The id of the step that failed, if one did.
    failed: Option<String>,
    /// The outputs of each step that ran, by step id.
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    stderr: String,
}

impl Runner {
    /// A runner, or `None` where the action's script cannot run here.
    fn new() -> Option<Self> {
        if cfg!(windows) {
            common::unavailable(
                "a POSIX shell for action/run.sh (release.yml runs the action on Windows)",
            );
            return None;
        }
        for tool in ["bash", "git", "curl"] {
            if Command::new(tool).arg("--version").output().is_err() {
                common::unavailable(tool);
                return None;
            }
        }
        let runner = Runner {
            dir: tempfile::tempdir().unwrap(),
            env: BTreeMap::from([("GITHUB_REF", "refs/heads/main".to_owned())]),
            inputs: BTreeMap::new(),
        };
        for dir in ["workspace", "temp", "stubs/uploaded", "release"] {
            std::fs::create_dir_all(runner.path(dir)).unwrap();
        }
        runner.stub("gh", GH_STUB);
        runner.stub("cargo", CARGO_STUB);
        let cv = std::fs::read(root().join("data/cv.yaml")).unwrap();
        std::fs::write(runner.path("workspace/cv.yaml"), cv).unwrap();
        runner.git(&["init", "--quiet"]);
        runner.git(&["add", "cv.yaml"]);
        runner.git(&["commit", "--quiet", "--message", "My CV"]);
        runner.publish(&[(TARGET, None)]);
        Some(runner)
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn stub(&self, name: &str, script: &str) {
        let path = self.path("stubs").join(name);
        std::fs::write(&path, script).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    fn git(&self, args: &[&str]) {
        let date = format!("@{COMMIT_TIME} +0000");
        let status = Command::new("git")
            .current_dir(self.path("workspace"))
            .args(["-c", "user.name=Ada", "-c", "user.email=ada@example.com"])
            .args(args)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    /// Writes release v{VERSION}: the binary under each target's asset name,
    /// and SHA256SUMS with its true checksum, or the one given.
    fn publish(&self, assets: &[(&str, Option<&str>)]) {
        let release = self.path(&format!("release/v{VERSION}"));
        std::fs::create_dir_all(&release).unwrap();
        let mut sums = String::new();
        for (target, checksum) in assets {
            let name = format!("cvpdf-{VERSION}-{target}");
            let path = release.join(&name);
            let _ = std::fs::remove_file(&path);
            let binary = env!("CARGO_BIN_EXE_cvpdf");
            if std::fs::hard_link(binary, &path).is_err() {
                std::fs::copy(binary, &path).unwrap();
            }
            let checksum = checksum.map_or_else(|| sha256(&path), str::to_owned);
            sums.push_str(&format!("{checksum}  {name}\n"));
        }
        // Another asset, as real releases list several.
        sums.push_str(&format!("{}  cv-classic.pdf\n", "0".repeat(64)));
        std::fs::write(release.join("SHA256SUMS"), sums).unwrap();
    }

    /// Runs the action's steps in order, as GitHub would, until one fails.
    fn run(&self) -> Run {
        let action: Value =
            serde_yaml::from_str(&std::fs::read_to_string(root().join("action.yml")).unwrap())
                .unwrap();
        let mut run = Run { failed: None, outputs: BTreeMap::new(), stderr: String::new() };
        for (index, step) in action["runs"]["steps"].as_sequence().unwrap().iter().enumerate() {
            let Some(script) = step["run"].as_str() else { continue };
            let id = step["id"].as_str().map_or_else(|| format!("step{index}"), str::to_owned);
            assert_eq!(step["shell"].as_str(), Some("bash"), "step {id}");
            let output = self.path(&format!("temp/output-{id}"));
            std::fs::write(&output, "").unwrap();
            let mut command = Command::new("bash");
            command
                .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
                .current_dir(self.path("workspace"))
                .env_remove("SOURCE_DATE_EPOCH")
                .envs(self.github_env())
                .env("GITHUB_OUTPUT", &output);
            for (key, value) in step["env"].as_mapping().into_iter().flatten() {
                let value = self.evaluate(&action, value.as_str().unwrap(), &run.outputs);
                command.env(key.as_str().unwrap(), value);
            }
            let result = command.output().unwrap();
            run.stderr.push_str(&String::from_utf8_lossy(&result.stderr));
            run.outputs
                .insert(id.clone(), parse_outputs(&std::fs::read_to_string(&output).unwrap()));
            if !result.status.success() {
                run.failed = Some(id);
                break;
            }
        }
        run
    }

    /// GitHub's variables for the action's steps.
    fn github_env(&self) -> BTreeMap<&'static str, String> {
        let path = std::env::var("PATH").unwrap_or_default();
        let mut env = BTreeMap::from([
            ("GITHUB_ACTION_PATH", root().display().to_string()),
            ("GITHUB_WORKSPACE", self.path("workspace").display().to_string()),
            ("GITHUB_REPOSITORY", "ada/my-cv".to_owned()),
            ("GITHUB_PATH", self.path("temp/github-path").display().to_string()),
            ("GITHUB_STEP_SUMMARY", self.path("temp/summary.md").display().to_string()),
            ("RUNNER_OS", "Linux".to_owned()),
            ("RUNNER_ARCH", "X64".to_owned()),
            ("RUNNER_TEMP", self.path("temp").display().to_string()),
            ("CVPDF_RELEASE_URL", format!("file://{}", self.path("release").display())),
            ("PATH", format!("{}:{path}", self.path("stubs").display())),
            ("STUBS_LOG", self.path("stubs").display().to_string()),
            ("REAL_CVPDF", env!("CARGO_BIN_EXE_cvpdf").to_owned()),
        ]);
        env.extend(self.env.iter().map(|(k, v)| (*k, v.clone())));
        env
    }

    /// `value` with its `${{ }}` expressions evaluated: inputs (given, else
    /// their default), earlier steps' outputs and the `github` context.
    fn evaluate(
        &self,
        action: &Value,
        value: &str,
        outputs: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> String {
        let mut result = String::new();
        let mut rest = value;
        while let Some(start) = rest.find("${{") {
            result.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("a closed expression") + start;
            let expression = rest[start + 3..end].trim();
            let parts: Vec<&str> = expression.split('.').collect();
            let evaluated = match parts.as_slice() {
                ["inputs", name] => {
                    let declared = &action["inputs"][*name];
                    assert!(declared.is_mapping(), "`{expression}`: no such input");
                    self.inputs.get(name).cloned().unwrap_or_else(|| {
                        declared["default"].as_str().unwrap_or_default().to_owned()
                    })
                }
                ["steps", id, "outputs", name] => {
                    let step = outputs
                        .get(*id)
                        .unwrap_or_else(|| panic!("`{expression}`: no step {id} ran before"));
                    step.get(*name)
                        .unwrap_or_else(|| {
                            panic!("`{expression}`: step {id} did not write {name}: {step:?}")
                        })
                        .clone()
                }
                ["github", "token"] => "stub-token".to_owned(),
                ["github", "repository"] => "ada/my-cv".to_owned(),
                ["github", "action_repository"] => "cvpdf/cvpdf".to_owned(),
                _ => panic!("the simulation does not know `{expression}`"),
            };
            result.push_str(&evaluated);
            rest = &rest[end + 2..];
        }
        result.push_str(rest);
        result
    }

    /// The arguments each call of a stub received, one line per call.
    fn calls(&self, stub: &str) -> Vec<String> {
        let log = std::fs::read_to_string(self.path(&format!("stubs/{stub}.log")));
        log.unwrap_or_default().lines().map(str::to_owned).collect()
    }

    /// The files of the output directory, by name.
    fn rendered(&self, run: &Run) -> BTreeMap<String, Vec<u8>> {
        let directory = &run.outputs["render"]["directory"];
        let directory = self.path("workspace").join(directory);
        std::fs::read_dir(directory)
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                (
                    entry.file_name().to_string_lossy().into_owned(),
                    std::fs::read(entry.path()).unwrap(),
                )
            })
            .collect()
    }

    /// Where the action installs the binary: what actions/cache saves.
    fn installed(&self, target: &str) -> PathBuf {
        self.path(&format!("temp/cvpdf/{VERSION}/{target}/bin/cvpdf"))
    }
}

fn sha256(path: &Path) -> String {
    let digest = Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A step's `GITHUB_OUTPUT` file, `name=value` lines.
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    let lines = text.lines().filter_map(|line| line.split_once('='));
    lines.map(|(name, value)| (name.to_owned(), value.to_owned())).collect()
}

/// The PDF's creation date, `D:YYYYMMDDhhmmss…`.
fn creation_date(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap();
    let info = doc.dereference(info).unwrap().1.as_dict().unwrap();
    String::from_utf8_lossy(info.get(b"CreationDate").unwrap().as_str().unwrap()).into_owned()
}

fn assert_succeeded(run: &Run) {
    assert_eq!(run.failed, None, "a step failed:\n{}", run.stderr);
}

#[test]
fn a_tag_renders_with_the_commit_date_and_attaches_every_file_to_the_release() {
    let Some(mut runner) = Runner::new() else { return };
    runner.env.insert("GITHUB_REF", "refs/tags/v2.1.0".to_owned());
    runner.inputs.insert("layouts", "classic,onepage".to_owned());
    runner.inputs.insert("formats", "pdf txt".to_owned());
    runner.inputs.insert("applications", "applications".to_owned());
    let run = runner.run();
    assert_succeeded(&run);
    assert_eq!(run.outputs["resolve"]["version"], VERSION, "the action's own version");
    assert_eq!(run.outputs["resolve"]["target"], TARGET);
    assert!(run.stderr.contains("matches SHA256SUMS"), "{}", run.stderr);
    assert!(runner.calls("cargo").is_empty(), "nothing built from source");
    // Later steps of the user's job can run cvpdf.
    let path = std::fs::read_to_string(runner.path("temp/github-path")).unwrap();
    assert_eq!(path.trim(), runner.installed(TARGET).parent().unwrap().display().to_string());

    let rendered = runner.rendered(&run);
    let names: Vec<&str> = rendered.keys().map(String::as_str).collect();
    assert_eq!(names, ["cv-classic.pdf", "cv-onepage.pdf", "cv.txt"]);
    for name in ["cv-classic.pdf", "cv-onepage.pdf"] {
        // 1700000000 seconds: the commit's time.
        assert!(
            creation_date(&rendered[name]).starts_with("D:20231114221320"),
            "{name} is not dated by the commit: {}",
            creation_date(&rendered[name])
        );
    }
    // No applications/ here: said, and skipped.
    assert!(run.stderr.contains("no applications in this repository"), "{}", run.stderr);

    let gh = runner.calls("gh");
    assert_eq!(gh.len(), 3, "{gh:?}");
    assert_eq!(gh[0], "release view v2.1.0");
    assert!(gh[1].starts_with("release create v2.1.0 --verify-tag"), "{gh:?}");
    assert!(gh[2].starts_with("release upload v2.1.0 --clobber "), "{gh:?}");
    for (name, bytes) in &rendered {
        let uploaded = std::fs::read(runner.path("stubs/uploaded").join(name));
        assert_eq!(uploaded.ok().as_ref(), Some(bytes), "{name} is not attached as rendered");
    }
}

#[test]
fn a_push_renders_every_layout_and_attaches_nothing() {
    let Some(runner) = Runner::new() else { return };
    let run = runner.run();
    assert_succeeded(&run);
    let rendered = runner.rendered(&run);
    let names: Vec<&str> = rendered.keys().map(String::as_str).collect();
    let every: Vec<String> =
        crate::common::builtin_layouts().map(|l| format!("cv-{l}.pdf")).collect();
    assert_eq!(names, every);
    assert!(runner.calls("gh").is_empty(), "gh ran on a push: {:?}", runner.calls("gh"));
    assert!(run.stderr.contains("refs/heads/main is not a v* tag"), "{}", run.stderr);
    let summary = std::fs::read_to_string(runner.path("temp/summary.md")).unwrap();
    assert!(summary.contains("- cv-ovni.pdf"), "{summary}");
}

#[test]
fn a_checksum_mismatch_fails_and_renders_nothing() {
    let Some(runner) = Runner::new() else { return };
    runner.publish(&[(TARGET, Some(&"ab".repeat(32)))]);
    let run = runner.run();
    assert_eq!(run.failed.as_deref(), Some("install"), "{}", run.stderr);
    assert!(run.stderr.contains("does not match SHA256SUMS"), "{}", run.stderr);
    assert!(!run.outputs.contains_key("render"), "nothing rendered after a mismatch");
    assert!(!runner.path("workspace/cvpdf-out").exists());
    assert!(!runner.installed(TARGET).exists(), "the bad binary is not kept, nor cached");
    assert!(runner.calls("gh").is_empty() && runner.calls("cargo").is_empty());
}

#[test]
fn a_cached_binary_is_checked_again_and_not_downloaded() {
    let Some(mut runner) = Runner::new() else { return };
    runner.inputs.insert("layouts", "classic".to_owned());
    assert_succeeded(&runner.run());
    // The next run finds the binary where actions/cache restores it, and
    // the release no longer needs to serve it.
    std::fs::remove_file(runner.path(&format!("release/v{VERSION}/cvpdf-{VERSION}-{TARGET}")))
        .unwrap();
    runner.inputs.insert("output", "second".to_owned());
    let run = runner.run();
    assert_succeeded(&run);
    assert!(run.stderr.contains(": cached"), "{}", run.stderr);
    // A cached binary that no longer matches SHA256SUMS is refused.
    std::fs::write(runner.installed(TARGET), b"#!/bin/sh\necho cvpdf 0.0.0\n").unwrap();
    runner.inputs.insert("output", "third".to_owned());
    let run = runner.run();
    assert_eq!(run.failed.as_deref(), Some("install"), "{}", run.stderr);
    assert!(run.stderr.contains("does not match SHA256SUMS"), "{}", run.stderr);
    assert!(!runner.path("workspace/third").exists());
}

#[test]
fn a_platform_without_a_release_binary_builds_it_with_cargo_install_locked() {
    let Some(mut runner) = Runner::new() else { return };
    // 32-bit Arm Linux: no release binary.
    runner.env.insert("RUNNER_ARCH", "ARM".to_owned());
    runner.inputs.insert("layouts", "classic".to_owned());
    let run = runner.run();
    assert_succeeded(&run);
    let target = &run.outputs["resolve"]["target"];
    assert_eq!(target, "armv7-unknown-linux");
    assert!(run.stderr.contains("has no binary for armv7-unknown-linux"), "{}", run.stderr);
    let install_dir = runner.installed(target).parent().unwrap().parent().unwrap().to_owned();
    let expected =
        format!("install --locked --root {} --path {}", install_dir.display(), root().display());
    assert_eq!(runner.calls("cargo"), [expected]);
    assert_eq!(runner.rendered(&run).keys().collect::<Vec<_>>(), ["cv-classic.pdf"]);
}

#[test]
fn a_version_that_is_not_released_fails_with_its_name() {
    let Some(mut runner) = Runner::new() else { return };
    runner.inputs.insert("version", "v9.9.9".to_owned());
    let run = runner.run();
    assert_eq!(run.failed.as_deref(), Some("install"), "{}", run.stderr);
    assert!(run.stderr.contains("is v9.9.9 released?"), "{}", run.stderr);
    runner.inputs.insert("version", "latest; rm -rf /".to_owned());
    let run = runner.run();
    assert_eq!(run.failed.as_deref(), Some("resolve"), "{}", run.stderr);
    assert!(run.stderr.contains("is not a release version"), "{}", run.stderr);
}
