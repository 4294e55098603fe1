//! Messages never drive the terminal: whatever a value, a key, a file
//! name, an argument, an environment variable or an attachment's name
//! holds, what cvpdf prints shows it escaped (`\u{1b}`), so that it cannot
//! clear the screen, retitle the window, forge a line or reorder the text.
//! Bad data files are in `bad_inputs/`, which checks every case
//! for this too.

use crate::common::*;

/// ESC [2J clears the screen; ESC ] 0 ; … BEL retitles the window.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;PWNED\u{7}\u{202E}";

/// Fails when `output` holds a character a terminal acts on.
fn assert_inert(what: &str, output: &str) {
    let acts = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    assert!(!output.contains(acts), "{what} prints a control character: {output:?}");
}

#[test]
fn file_names_arguments_and_variables_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join(format!("cv{HOSTILE}\n.yaml"));
    let missing = run(&["check", hostile.to_str().unwrap()]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains(r"cv\u{1b}[2J\u{1b}]0;PWNED\u{7}\u{202e}\n.yaml"),
        "{}",
        missing.stderr
    );
    assert_inert("a missing file", &missing.stderr);

    let not_a_directory = run(&["check", "--font-path", hostile.to_str().unwrap()]);
    assert_eq!(not_a_directory.code, 2, "{}", not_a_directory.stderr);
    assert_inert("--font-path", &not_a_directory.stderr);

    let language = run(&["--lang", &format!("fr{HOSTILE}")]);
    assert_eq!(language.code, 2, "{}", language.stderr);
    assert!(language.stderr.contains("--lang"), "{}", language.stderr);
    assert_inert("--lang", &language.stderr);

    let epoch = finish(cvpdf().env("SOURCE_DATE_EPOCH", HOSTILE).arg("check").output().unwrap());
    assert_eq!(epoch.code, 2, "{}", epoch.stderr);
    assert_inert("SOURCE_DATE_EPOCH", &epoch.stderr);
}

#[test]
fn written_file_names_are_escaped() {
    // A directory of CVs, one named with escapes: the report of what was
    // written, on stdout, names it escaped.
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::write(team.join(format!("ada{HOSTILE}.yaml")), "basics:\n  name: Ada\n").unwrap();
    std::fs::write(team.join("bob.yaml"), "basics:\n  name: Bob\n").unwrap();
    let out = dir.path().join("pdfs");
    let result = run(&["--data", team.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stdout.contains(r"ada\u{1b}[2J"), "{}", result.stdout);
    assert_inert("the files written", &result.stdout);
    assert_inert("the batch's news", &result.stderr);
}

#[test]
fn extract_escapes_the_attachment_name() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("cv.pdf");
    let made = run(&["--embed-source", "--output", pdf.to_str().unwrap()]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    // Rename the attachment as a hostile PDF would.
    let mut doc = lopdf::Document::load(&pdf).unwrap();
    let mut renamed = 0;
    for object in doc.objects.values_mut() {
        if let Ok(spec) = object.as_dict_mut() {
            for key in [b"F".as_slice(), b"UF"] {
                if spec.get(key).is_ok_and(|v| v.as_str().is_ok()) {
                    spec.set(key, lopdf::Object::string_literal(format!("cv{HOSTILE}.yaml")));
                    renamed += 1;
                }
            }
        }
    }
    assert!(renamed > 0, "the PDF names its attachment");
    doc.save(&pdf).unwrap();
    let back = dir.path().join("back.yaml");
    let extracted = run(&["extract", pdf.to_str().unwrap(), "-o", back.to_str().unwrap()]);
    assert_eq!(extracted.code, 0, "{}", extracted.stderr);
    assert!(extracted.stderr.contains(r"cv\u{1b}[2J"), "{}", extracted.stderr);
    assert_inert("extract", &extracted.stderr);
}

/// Runs a shell script in `dir`, with `$CVPDF` the binary.
fn shell(dir: &std::path::Path, script: &str) -> Run {
    let command = std::process::Command::new("/bin/sh")
        .args(["-c", script])
        .env("CVPDF", env!("CARGO_BIN_EXE_cvpdf"))
        .current_dir(dir)
        .output();
    finish(command.unwrap())
}

#[cfg(unix)]
#[test]
fn results_that_cannot_be_written_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), "basics:\n  name: Ada\n").unwrap();
    let mut commands = vec!["schema", "layouts", "completions bash", "completions zsh", "init new"];
    commands.push("--data cv.yaml --output cv.pdf");
    for command in commands {
        for redirect in ["> /dev/full", ">&-"] {
            if redirect == "> /dev/full" && !std::path::Path::new("/dev/full").exists() {
                continue;
            }
            let _ = std::fs::remove_dir_all(d.join("new"));
            let run = shell(d, &format!("exec \"$CVPDF\" {command} {redirect}"));
            assert_eq!(run.code, 1, "{command} {redirect}: {}", run.stderr);
            assert!(run.stderr.contains("cannot write standard output"), "{}", run.stderr);
            assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        }
    }
    // A reader that stopped reading (`| head`) took what it wanted: no
    // error, exit 0.
    for command in ["schema", "layouts", "completions bash", "--data cv.yaml --output -"] {
        let script = format!("{{ sleep 0.3; \"$CVPDF\" {command}; echo $? > status; }} | true");
        let run = shell(d, &script);
        assert!(!run.stderr.contains("error"), "{command}: {}", run.stderr);
        assert_eq!(std::fs::read_to_string(d.join("status")).unwrap(), "0\n", "{command}");
    }
}

#[test]
fn missing_inputs_get_a_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), "basics:\n  name: Ada\n").unwrap();
    std::fs::write(d.join("classic.typ"), "= A layout\n").unwrap();
    std::fs::write(d.join("cv-classic.pdf"), "not really").unwrap();
    let in_dir = |args: &[&str]| finish(cvpdf().current_dir(d).args(args).output().unwrap());
    let cases: [(&[&str], &str); 4] = [
        (&["check", "cv.yaml", "--layout", "classik.typ"], "did you mean `classic.typ`?"),
        (&["check", "cv.yaml", "--layout", "nowhere/mine.typ"], "there is no directory"),
        (&["extract", "cv-clasic.pdf"], "did you mean `cv-classic.pdf`?"),
        (&["extract", "nope.pdf"], "check the path"),
    ];
    for (args, hint) in cases {
        let run = in_dir(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("there is no such file"), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(hint), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("entity not found"), "{}", run.stderr);
    }
    // A font directory mistyped: the directory meant, not "not a directory".
    std::fs::create_dir(d.join("myfonts")).unwrap();
    let run = in_dir(&["check", "cv.yaml", "--font-path", "myfont"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no such directory; did you mean `myfonts`?"), "{}", run.stderr);
}

#[test]
fn a_message_quotes_a_value_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "big.yaml", &"word ".repeat(380_000));
    let run = run(&["check", &data]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.len() < 4_000, "a message of {} bytes", run.stderr.len());
    assert!(run.stderr.contains("string \"word word"), "{}", run.stderr);
    // Nor does a hint speak of an empty key, or of a key `it`.
    assert!(!run.stderr.contains("``") && !run.stderr.contains("`it:`"), "{}", run.stderr);
}
