//! The daily workflow: subcommands, several outputs, tailoring, watch mode
//! and the command-line conventions.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::*;

#[test]
fn check_locates_errors_and_writes_nothing() {
    let ok = run(&["check"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(ok.stderr.contains("data/cv.yaml: fine"), "{}", ok.stderr);
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "cv.yaml", "basics:\n  name: A\nwork:\n  - startDate: 2015-13\n");
    let result = run(&["check", &bad]);
    assert_eq!(result.code, 1);
    assert!(result.stderr.contains(&format!("{bad}:4:16")), "{}", result.stderr);
    assert!(std::fs::read_dir(dir.path()).unwrap().count() == 1, "check writes nothing");
}

#[test]
fn init_writes_a_starter_that_renders() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-cv");
    let result = run(&["init", target.to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    for file in ["cv.yaml", "cv.schema.json", "Makefile", ".gitignore"] {
        assert!(target.join(file).is_file(), "{file} missing");
    }
    let ignored = std::fs::read_to_string(target.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "out/"), "out/ is not ignored: {ignored}");
    let makefile = std::fs::read_to_string(target.join("Makefile")).unwrap();
    let watch = makefile.lines().find(|l| l.contains(" watch ") && !l.starts_with('#')).unwrap();
    assert!(watch.contains("--layout all"), "watch renders every layout: {watch}");
    let cv = std::fs::read_to_string(target.join("cv.yaml")).unwrap();
    assert!(cv.starts_with("# yaml-language-server: $schema=cv.schema.json"));
    let pdf = render(&target.join("cv.yaml"), "onepage", &[]);
    assert_eq!(page_count(&pdf), 1);
    // Its comments are comments: nothing to warn of, even under --strict.
    let check = run(&["check", target.join("cv.yaml").to_str().unwrap(), "--strict"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(!check.stderr.contains("warning:"), "{}", check.stderr);
    let again = run(&["init", target.to_str().unwrap()]);
    assert_eq!(again.code, 1, "init never overwrites");
    assert!(again.stderr.contains(".gitignore already exist: nothing written"), "{}", again.stderr);
}

#[test]
fn init_shows_a_commented_design_that_renders_once_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(&["init", dir.path().to_str().unwrap()]).code, 0);
    let data = dir.path().join("cv.yaml");
    let commented = std::fs::read_to_string(&data).unwrap();
    let (before, example) = commented.split_once("\n# design:\n").expect("a design example");
    // Uncommented as the comment above it says: each line's "# " taken off.
    let design: String =
        example.lines().map(|l| l.strip_prefix("# ").unwrap().to_owned() + "\n").collect();
    let before_design = normalise(&pdf_text(&render(&data, "classic", &[])));
    std::fs::write(&data, format!("{before}\ndesign:\n{design}")).unwrap();
    let check = run(&["check", data.to_str().unwrap(), "--strict"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let text = normalise(&pdf_text(&render(&data, "classic", &[])));
    assert_ne!(text, before_design);
    // Skills first, work titled "Career", languages hidden, dates numeric.
    let (skills, career) = (text.find("Skills").unwrap(), text.find("Career").unwrap());
    assert!(skills < career && !text.contains("Languages"), "{text}");
    assert!(text.contains("10/1842"), "{text}");
}

#[test]
fn a_missing_cv_gets_a_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let in_dir =
        |args: &[&str]| finish(cvpdf().args(args).current_dir(dir.path()).output().unwrap());
    for args in [&[][..], &["check"], &["eject", "ejected"], &["watch"]] {
        let missing = in_dir(args);
        assert_eq!(missing.code, 1, "{args:?}");
        // Both places looked at are named.
        let message = "there is no CV at cv.yaml or data/cv.yaml";
        assert!(missing.stderr.contains(message), "{args:?}: {}", missing.stderr);
        assert!(missing.stderr.contains("hint:") && missing.stderr.contains("cvpdf init"));
    }
    assert!(!dir.path().join("out").exists(), "nothing is written");
    let all = in_dir(&["--layout", "all"]);
    assert_eq!(all.code, 1);
    assert_eq!(all.stderr.matches("there is no CV").count(), 1, "said once: {}", all.stderr);

    // After `cvpdf init`, a missing file named with --data gets a hint at
    // the cv.yaml it wrote.
    assert_eq!(in_dir(&["init"]).code, 0);
    let missing = in_dir(&["--data", "data/cv.yaml"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("a cv.yaml in this directory"), "{}", missing.stderr);
}

#[test]
fn without_data_cv_yaml_is_read_then_data_cv_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let in_dir =
        |args: &[&str]| finish(cvpdf().args(args).current_dir(dir.path()).output().unwrap());
    // Right after `cvpdf init`, as the README says.
    assert_eq!(in_dir(&["init"]).code, 0);
    let onepage = in_dir(&["--layout", "onepage"]);
    assert_eq!(onepage.code, 0, "{}", onepage.stderr);
    let pdf = std::fs::read(dir.path().join("out/cv-onepage.pdf")).unwrap();
    assert!(pdf_text(&pdf).contains("Ada Lovelace"));
    let check = in_dir(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("cv.yaml: fine"), "{}", check.stderr);
    let verbose = in_dir(&["--verbose", "--format", "txt", "--output", "-"]);
    assert!(verbose.stderr.contains("reading cv.yaml (without --data"), "{}", verbose.stderr);
    assert!(
        in_dir(&["eject", "ejected"]).code == 0 && dir.path().join("ejected/cv.json").is_file()
    );

    // cv.yaml comes first; data/cv.yaml is read when it is the only one.
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/cv.yaml"), "basics: {name: Grace Hopper}\n").unwrap();
    let text = in_dir(&["--format", "txt", "--output", "-"]);
    assert!(text.stdout.starts_with("Ada Lovelace"), "{}", text.stdout);
    std::fs::remove_file(dir.path().join("cv.yaml")).unwrap();
    let text = in_dir(&["--verbose", "--format", "txt", "--output", "-"]);
    assert!(text.stdout.starts_with("Grace Hopper"), "{}", text.stdout);
    assert!(text.stderr.contains("reading data/cv.yaml"), "{}", text.stderr);
    let check = in_dir(&["check"]);
    assert!(check.stderr.contains("data/cv.yaml: fine"), "{}", check.stderr);
    // A directory named cv.yaml is not a CV file.
    std::fs::create_dir(dir.path().join("cv.yaml")).unwrap();
    let text = in_dir(&["--format", "txt", "--output", "-"]);
    assert!(text.stdout.starts_with("Grace Hopper"), "{}", text.stdout);

    // --help says the rule.
    for command in [&[][..], &["check"], &["watch"], &["eject"]] {
        let help = run(&[command, &["--help"]].concat());
        assert!(help.stdout.contains("cv.yaml, else data/cv.yaml"), "{command:?}: {}", help.stdout);
    }
}

/// How many fields a JSON Schema of the contract's `version` describes,
/// all of its objects' and variants' together; a field without a
/// description fails.
fn described(schema: &serde_json::Value, version: u32) -> usize {
    assert_eq!(schema["properties"]["version"]["const"], version);
    let mut described = 0;
    let definitions = schema["$defs"].as_object().into_iter().flat_map(|d| d.values());
    let mut objects: Vec<&serde_json::Value> = std::iter::once(schema).chain(definitions).collect();
    while let Some(object) = objects.pop() {
        for (name, field) in object["properties"].as_object().into_iter().flatten() {
            // A serde tag (`"t": "par"`) is a constant, described by its variant.
            let tag = field.get("const").is_some();
            assert!(tag || field["description"].is_string(), "{name} has no description");
            described += 1;
        }
        objects.extend(object["oneOf"].as_array().into_iter().flatten());
    }
    described
}

#[test]
fn schema_layouts_and_completions() {
    let schema = run(&["schema"]);
    assert_eq!(schema.code, 0);
    let json: serde_json::Value = serde_json::from_str(&schema.stdout).unwrap();
    assert!(json["properties"]["basics"].is_object() && json["properties"]["sections"].is_object());
    let committed = std::fs::read_to_string(root().join("cv.schema.json")).unwrap();
    assert_eq!(committed, schema.stdout, "cv.schema.json is `cvpdf schema`");

    // The view's schema, for layout authors: every field described.
    let view = run(&["schema", "--view"]);
    assert_eq!(view.code, 0, "{}", view.stderr);
    let json: serde_json::Value = serde_json::from_str(&view.stdout).unwrap();
    assert_eq!(json["title"], "cvpdf view");
    assert!(described(&json, 2) > 80, "the view's fields are described");

    // A letter's view, for layouts that give their own letter.
    let letter = run(&["schema", "--letter"]);
    assert_eq!(letter.code, 0, "{}", letter.stderr);
    let json: serde_json::Value = serde_json::from_str(&letter.stdout).unwrap();
    assert_eq!(json["title"], "cvpdf letter view");
    for key in ["sender", "recipient", "dateline", "subject_label", "subject", "opening", "body"] {
        assert!(json["properties"][key].is_object(), "{key}");
    }
    assert!(described(&json, 1) > 15, "the letter's fields are described");
    let both = run(&["schema", "--view", "--letter"]);
    assert_eq!(both.code, 2, "one schema at a time");

    let layouts = run(&["layouts"]);
    for name in builtin_layouts() {
        assert!(layouts.stdout.lines().any(|l| l.starts_with(name)), "{}", layouts.stdout);
    }
    for shell in ["bash", "zsh", "fish"] {
        let completions = run(&["completions", shell]);
        assert_eq!(completions.code, 0);
        assert!(
            completions.stdout.contains("cvpdf") && completions.stdout.contains("layout"),
            "{shell}"
        );
    }
}

#[test]
fn every_command_has_help_with_examples() {
    for command in [
        &[][..],
        &["check"],
        &["watch"],
        &["init"],
        &["schema"],
        &["layouts"],
        &["completions"],
        &["extract"],
    ] {
        let mut args: Vec<&str> = command.to_vec();
        args.push("--help");
        let help = run(&args);
        assert_eq!(help.code, 0, "{args:?}");
        assert!(help.stdout.contains("Examples:"), "no examples in {args:?}:\n{}", help.stdout);
    }
}

#[test]
fn layout_all_and_other_formats() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let all = run(&["--layout", "all", "--output", out]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    for layout in builtin_layouts() {
        let pdf = std::fs::read(dir.path().join(format!("cv-{layout}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
    let png = run(&[
        "--layout",
        "onepage",
        "--format",
        "png",
        "--ppi",
        "30",
        "--output",
        &format!("{out}/p.png"),
    ]);
    assert_eq!(png.code, 0, "{}", png.stderr);
    assert!(std::fs::read(dir.path().join("p-1.png")).unwrap().starts_with(b"\x89PNG"));
    let svg = run(&["--format", "svg", "--pages", "2-3", "--output", &format!("{out}/s.svg")]);
    assert_eq!(svg.code, 0, "{}", svg.stderr);
    assert!(dir.path().join("s-2.svg").is_file() && dir.path().join("s-3.svg").is_file());
    assert!(!dir.path().join("s-1.svg").exists());
    let txt = run(&["--format", "txt", "--output", "-"]);
    assert_eq!(txt.code, 0);
    assert!(txt.stdout.starts_with("James\n\nDevOps\n"));
    assert!(txt.stdout.contains("Merci d'avoir lu cet OVNI"));
    assert_eq!(
        run(&["--format", "png", "--output", "-"]).code,
        2,
        "several pages cannot go to stdout"
    );
}

#[test]
fn embedded_source_comes_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("cv.pdf");
    let made = run(&["--embed-source", "--output", pdf.to_str().unwrap()]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let extracted = cvpdf().args(["extract", pdf.to_str().unwrap()]).output().unwrap();
    assert!(extracted.status.success());
    assert_eq!(extracted.stdout, std::fs::read(root().join("data/cv.yaml")).unwrap());
    let plain = dir.path().join("plain.pdf");
    run(&["--output", plain.to_str().unwrap()]);
    let none = run(&["extract", plain.to_str().unwrap()]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("--embed-source"), "{}", none.stderr);
}

#[test]
fn embedded_source_with_an_odd_file_name() {
    // A backslash is no path separator in Typst's world, a colon or a star
    // none on Windows, and control or bidi characters would fool a reader.
    let dir = tempfile::tempdir().unwrap();
    let cv = b"basics:\n  name: Ada\n";
    for name in
        ["my\\cv.yaml", "a:b*?.yaml", "cv\n\u{1b}[2J.yaml", "cv\u{202E}lmay.pdf.yaml", "..yaml"]
    {
        let data = dir.path().join(name);
        std::fs::write(&data, cv).unwrap();
        let pdf = dir.path().join("cv.pdf");
        let made =
            run(&["--embed-source", "-d", data.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        assert_eq!(made.code, 0, "{name:?}: {}", made.stderr);
        let back = dir.path().join("back.yaml");
        let extracted = run(&["extract", pdf.to_str().unwrap(), "-o", back.to_str().unwrap()]);
        assert_eq!(extracted.code, 0, "{name:?}: {}", extracted.stderr);
        assert_eq!(std::fs::read(&back).unwrap(), cv, "{name:?}");
        let note = extracted.stderr.split(": ").nth(1).unwrap_or_default();
        let attached = note.split(" from ").next().unwrap_or_default();
        assert!(
            attached.starts_with("source/")
                && !attached.contains(['\\', ':', '*', '\u{1b}', '\u{202E}']),
            "{name:?} attached as {attached:?}"
        );
    }
}

#[test]
fn tags_and_translations_tailor_one_source() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "cv.yaml",
        "meta: {lang: fr}\nbasics:\n  name: Ada\n  label: {fr: Ingénieure, en: Engineer}\nwork:\n  - name: OpsCorp\n    tags: [ops]\n    summary: {fr: Exploitation, en: Operations}\n  - name: DevCorp\n    tags: [dev]\n  - name: Everywhere\n    summary: {fr: Partout}\n",
    );
    let english = run(&[
        "--data", &data, "--lang", "en", "--tags", "dev", "--format", "txt", "--output", "-",
    ]);
    assert_eq!(english.code, 0, "{}", english.stderr);
    assert!(english.stdout.contains("Engineer") && english.stdout.contains("DevCorp"));
    assert!(!english.stdout.contains("OpsCorp"), "untagged-for-dev entries go");
    assert!(english.stdout.contains("Everywhere"), "untagged entries stay");
    assert!(english.stdout.contains("Partout"), "a missing translation falls back to French");
    assert!(
        english.stderr.contains("`work[2].summary` has no `en` translation"),
        "{}",
        english.stderr
    );
    let french = run(&["--data", &data, "--format", "txt", "--output", "-"]);
    assert!(french.stdout.contains("Ingénieure") && french.stdout.contains("Exploitation"));
    assert!(french.stdout.contains("Expérience professionnelle"));
}

#[test]
fn a_directory_renders_every_cv_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/jsonresume/new-grad.resume.json"),
        team.join("grad.json"),
    )
    .unwrap();
    write(&team, "ada.yaml", "basics: {name: Ada}\n");
    write(&team, "broken.yml", "basics:\n  name: [A\n");
    write(&team, "notes.txt", "not a CV");
    let out = dir.path().join("out");
    let result = run(&["--data", team.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert_eq!(result.code, 1, "one bad file makes the run fail");
    assert!(result.stderr.contains("broken.yml:2:"), "{}", result.stderr);
    assert!(out.join("ada-classic.pdf").is_file() && out.join("grad-classic.pdf").is_file());
    assert!(!out.join("broken-classic.pdf").exists());
    assert!(result.stderr.contains("2 of 3 rendered"), "{}", result.stderr);
}

#[test]
fn quiet_verbose_and_no_colour_in_pipes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let quiet = run(&["--quiet", "--layout", "onepage", "--output", out.to_str().unwrap()]);
    assert_eq!(quiet.code, 0);
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty(), "{quiet:?}", quiet = quiet.stderr);
    let verbose = run(&["--verbose", "--output", out.to_str().unwrap()]);
    assert!(verbose.stderr.contains("rendered in"), "{}", verbose.stderr);
    let failing = run(&["--data", "missing.yaml"]);
    assert!(!failing.stderr.contains('\u{1b}'), "no colour when stderr is not a terminal");
    let coloured =
        finish(cvpdf().env("NO_COLOR", "1").args(["--data", "missing.yaml"]).output().unwrap());
    assert!(!coloured.stderr.contains('\u{1b}'));
}

#[test]
fn watch_renders_again_after_a_rename_save() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "cv.yaml", "basics:\n  name: Before\n");
    let out = dir.path().join("cv.pdf");
    let mut child = cvpdf()
        .args(["watch", "--data", &data, "--output", out.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let wait_for = |wanted: &str| {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if let Ok(pdf) = std::fs::read(&out)
                && pdf_text(&pdf).contains(wanted)
            {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    };
    let first = wait_for("Before");
    // Save as editors do: write a temporary file, rename it over the data.
    let temporary = dir.path().join(".cv.yaml.swp");
    std::fs::write(&temporary, "basics:\n  name: After\n").unwrap();
    std::fs::rename(&temporary, dir.path().join("cv.yaml")).unwrap();
    let second = wait_for("After");
    // A broken save keeps the last good PDF.
    std::fs::write(dir.path().join("cv.yaml"), "basics: [\n").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let kept = pdf_text(&std::fs::read(&out).unwrap()).contains("After");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(first, "watch renders at start");
    assert!(second, "watch renders after a rename save");
    assert!(kept, "a broken save leaves the last PDF");
}

#[test]
fn language_codes_with_scripts_and_regions_render() {
    // Typst takes a two-letter region only: cvpdf finds it in the code.
    for code in ["zh-Hant", "sr-Latn-RS", "pt-br", "es-419"] {
        let cv = Scratch::new(&format!("meta: {{lang: {code}}}\nbasics: {{name: Ada}}\n"));
        let run = cv.run(&[]);
        assert_eq!(run.code, 0, "{code}: {}", run.stderr);
        assert!(!run.stderr.contains(".typ"), "{code}: {}", run.stderr);
    }
    let cv = Scratch::new("basics: {name: Ada}\n");
    let run = cv.run(&["--lang", "english"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("language code"), "{}", run.stderr);
    // A language without labels named on the command line is not the data's.
    let run = cv.run(&["--lang", "eo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no labels for language `eo`"), "{}", run.stderr);
    assert!(!run.stderr.contains("cv.yaml:"), "{}", run.stderr);
}
