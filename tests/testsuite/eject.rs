//! `cvpdf eject`: the plain Typst project gives stock `typst` the same pages
//! and text as cvpdf.

use std::path::{Path, PathBuf};

use serde_json::Value;

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
        "cv.view.schema.json",
        "README.md",
        "fonts/inter/Inter-Regular.otf",
        "fonts/inter/OFL.txt",
    ] {
        assert!(project.join(file).is_file(), "{file} missing");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(project.join("cv.json")).unwrap()).unwrap();
    assert_eq!(json["fit"]["short"], true, "the fitted view is ejected");
    conforms(&json, &read_json(&project.join("cv.view.schema.json"))).unwrap();
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

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Whether `value` conforms to `schema`, in the part of JSON Schema that
/// schemars writes (`$ref`, `type`, `const`, `enum`, `properties`,
/// `required`, `items`, `minItems`, `maxItems`, `oneOf`, `anyOf`), and
/// stricter in one way: a key the schema does not declare is an error, so
/// that all of `/cv.json` is in its contract.
fn conforms(value: &Value, schema: &Value) -> Result<(), String> {
    check(value, schema, schema, "cv")
}

fn check(value: &Value, schema: &Value, root: &Value, at: &str) -> Result<(), String> {
    if let Some(target) = schema["$ref"].as_str() {
        let name = target.strip_prefix("#/$defs/").ok_or(format!("{at}: $ref {target}"))?;
        check(value, &root["$defs"][name], root, at)?;
    }
    if let Some(expected) = schema.get("const").filter(|c| *c != value) {
        return Err(format!("{at}: {value} is not {expected}"));
    }
    if let Some(values) = schema["enum"].as_array().filter(|v| !v.contains(value)) {
        return Err(format!("{at}: {value} is none of {values:?}"));
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let is = |t: &&str| match *t {
        "string" => value.is_string(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        other => panic!("type {other}"),
    };
    if !types.is_empty() && !types.iter().any(is) {
        return Err(format!("{at}: {value} is not of type {types:?}"));
    }
    for (keyword, wanted) in [("oneOf", Some(1)), ("anyOf", None)] {
        if let Some(branches) = schema[keyword].as_array() {
            let fits = branches.iter().filter(|b| check(value, b, root, at).is_ok()).count();
            if wanted.map_or(fits == 0, |n| fits != n) {
                return Err(format!("{at}: {value} fits {fits} of the {keyword} branches"));
            }
        }
    }
    if let (Some(object), Some(properties)) = (value.as_object(), schema["properties"].as_object())
    {
        for (key, field) in object {
            let declared = properties.get(key).ok_or(format!("{at}.{key} is not declared"))?;
            check(field, declared, root, &format!("{at}.{key}"))?;
        }
        for key in schema["required"].as_array().into_iter().flatten() {
            let key = key.as_str().unwrap();
            object.get(key).ok_or(format!("{at}.{key} is missing"))?;
        }
    }
    if let Some(items) = value.as_array() {
        let (min, max) = (schema["minItems"].as_u64(), schema["maxItems"].as_u64());
        if min.is_some_and(|m| (items.len() as u64) < m)
            || max.is_some_and(|m| items.len() as u64 > m)
        {
            return Err(format!("{at}: {} items", items.len()));
        }
        for (i, item) in items.iter().enumerate() {
            if !schema["items"].is_null() {
                check(item, &schema["items"], root, &format!("{at}[{i}]"))?;
            }
        }
    }
    Ok(())
}

#[test]
fn the_view_schema_holds_for_the_seed_and_the_json_resume_files() {
    let printed = run(&["schema", "--view"]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    let schema: Value = serde_json::from_str(&printed.stdout).unwrap();
    let mut data = vec![root().join("data/cv.yaml")];
    for name in ["sample", "new-grad", "career-changer", "senior-engineer"] {
        data.push(fixture(&format!("jsonresume/{name}.resume.json")));
    }
    for data in data {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        let ejected = run(&["eject", "--data", data.to_str().unwrap(), project.to_str().unwrap()]);
        assert_eq!(ejected.code, 0, "{}", ejected.stderr);
        let written = std::fs::read_to_string(project.join("cv.view.schema.json")).unwrap();
        assert_eq!(written, printed.stdout, "eject writes `cvpdf schema --view`");
        let view = read_json(&project.join("cv.json"));
        assert_eq!(view["version"], 2);
        conforms(&view, &schema).unwrap_or_else(|e| panic!("{}: {e}", data.display()));

        // The check can fail: a kind that is not one, a key not declared.
        let mut wrong = view.clone();
        wrong["sections"][0]["kind"] = "table".into();
        assert!(conforms(&wrong, &schema).unwrap_err().contains("cv.sections[0].kind"));
        let mut wrong = view.clone();
        wrong["header"]["x"] = 1.into();
        assert_eq!(conforms(&wrong, &schema).unwrap_err(), "cv.header.x is not declared");
    }
}
