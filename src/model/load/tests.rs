//! Unit tests of [`super`].

use super::*;

fn error_of(text: &str) -> (String, String) {
    match load("cv.yaml", text.as_bytes()) {
        Ok(_) => panic!("expected an error for {text:?}"),
        Err(Error::Invalid(diagnostics)) => {
            // The first unknown key if any, else the first error.
            let d = diagnostics
                .iter()
                .find(|d| d.message.contains("unknown key"))
                .unwrap_or(&diagnostics[0]);
            let at = d.location.as_ref().map(|l| l.display()).unwrap_or_default();
            (at, format!("{} | {}", d.message, d.hints.join(" | ")))
        }
        Err(other) => panic!("unexpected {other}"),
    }
}

#[test]
fn loads_minimal_cv() {
    let loaded = load("cv.yaml", b"basics:\n  name: Ada\n").unwrap();
    assert_eq!(loaded.cv.basics.name, Some("Ada".into()));
    assert!(loaded.warnings.is_empty());
}

#[test]
fn unknown_keys_get_did_you_mean() {
    let (at, text) = error_of("basics:\n  nmae: Ada\n");
    assert_eq!(at, "cv.yaml:2:3");
    assert!(text.contains("unknown key `nmae` in `basics`"), "{text}");
    assert!(text.contains("did you mean `name`?"), "{text}");
    let (at, text) = error_of("basics: {name: A}\nwork:\n  - name: X\n    start_date: 2015\n");
    assert_eq!(at, "cv.yaml:4:5");
    assert!(text.contains("did you mean `startDate`?"), "{text}");
}

#[test]
fn extension_keys_are_ignored() {
    let loaded =
        load("cv.yaml", b"$schema: x\nx-notes: {a: 1}\nbasics:\n  name: A\n  x-pronouns: she\n")
            .unwrap();
    assert!(loaded.warnings.is_empty());
}

#[test]
fn type_errors_are_located() {
    let (at, text) = error_of("basics:\n  name: Ada\n  profiles: nope\n");
    assert_eq!(at, "cv.yaml:3:13");
    // Past characters of several bytes, and with lines ended by `\r`.
    let (at, _) = error_of("basics: {name: Zoé Ødegård, profiles: nope}\n");
    assert_eq!(at, "cv.yaml:1:39");
    let (at, _) = error_of("basics:\r  name: Zoé\r  profiles: nope\r");
    assert_eq!(at, "cv.yaml:3:13");
    assert!(text.contains("`basics.profiles`: invalid type"), "{text}");
}

#[test]
fn syntax_errors_are_located() {
    let (at, text) = error_of("basics:\n  name: Ada\n   label: x\n");
    assert!(at.starts_with("cv.yaml:3:"), "{at}");
    assert!(text.contains("hint") || !text.is_empty());
}

#[test]
fn bytes_that_are_not_text_are_refused() {
    let (at, text) = error_of("basics:\n  name: A\u{0}\n");
    assert_eq!(at, "cv.yaml:2:10");
    assert!(text.contains("binary"), "{text}");
    match load("cv.yaml", b"basics:\n  name: \xff\n") {
        Err(Error::Invalid(d)) => {
            assert_eq!(d[0].location.as_ref().unwrap().display(), "cv.yaml:2:9")
        }
        _ => panic!("invalid UTF-8 must fail"),
    }
    let (_, text) = error_of("# nothing\n\n");
    assert!(text.contains("empty"), "{text}");
    // A comment, then lines ended by CR alone: not empty.
    assert!(load("cv.yaml", b"# my CV\rbasics:\r  name: Ada\r").is_ok());
}

#[test]
fn syntax_errors_point_at_their_cause() {
    // An unclosed quote: at the quote, not at the end of the file.
    let (at, text) = error_of("basics:\n  name: \"Ada\n  label: x\n");
    assert_eq!(at, "cv.yaml:2:9");
    assert!(text.contains("never closed") && text.contains("closing \""), "{text}");
    let (at, text) = error_of("skills:\n  - keywords: [a, b\n  - name: c\n");
    assert_eq!(at, "cv.yaml:2:15");
    assert!(text.contains("`[ ]` is never closed"), "{text}");
    // A key indented too far, and a value with `: ` in it.
    let (at, text) = error_of("basics:\n  name: Ada\n   label: x\n");
    assert_eq!(at, "cv.yaml:3:4");
    assert!(text.contains("not lined up") && !text.contains("basics."), "{text}");
    let (at, text) = error_of("basics:\n  label: a: b\n");
    assert_eq!(at, "cv.yaml:2:11");
    assert!(text.contains(r#"`label: "a: b"`"#), "{text}");
    let (at, text) = error_of("basics:\n  name: A\n\tlabel: x\n");
    assert_eq!(at, "cv.yaml:3:1");
    assert!(text.contains("tab"), "{text}");
    let (at, text) = error_of("basics:\n  label: *nope\n");
    assert_eq!(at, "cv.yaml:2:10");
    assert!(text.contains("`&nope`"), "{text}");
}

#[test]
fn structure_limits() {
    let (at, text) = error_of("basics: {name: A}\n---\nbasics: {name: B}\n");
    assert_eq!(at, "cv.yaml:2:1");
    assert!(text.contains("second YAML document"), "{text}");
    // A leading `---` is one document.
    assert!(load("cv.yaml", b"---\nbasics: {name: A}\n").is_ok());
    let deep = format!("basics: {{name: A}}\nx-deep: {}{}\n", "[".repeat(300), "]".repeat(300));
    let (_, text) = error_of(&deep);
    assert!(text.contains("nested more than 100"), "{text}");
    let deep = format!("basics: {{name: A}}\nx-deep:\n  {}x\n", "- ".repeat(150));
    let (at, _) = error_of(&deep);
    assert_eq!(at, "cv.yaml:3:201");
    let mut bomb = String::from("basics: {name: A}\nx-a: &a [a, a, a, a, a, a, a, a, a, a]\n");
    for (name, previous) in
        ["b", "c", "d", "e", "f", "g", "h"].iter().zip(["a", "b", "c", "d", "e", "f", "g"])
    {
        bomb.push_str(&format!(
            "x-{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 10].join(", ")
        ));
    }
    let (at, text) = error_of(&bomb);
    assert_eq!(at, "cv.yaml:8:10");
    assert!(text.contains("aliases expand"), "{text}");
    // A few aliases are fine.
    assert!(load("cv.yaml", b"basics: {name: &n A, label: *n}\n").is_ok());
}

#[test]
fn json_is_held_to_json() {
    let text = "{\n  \"basics\": {\"name\": \"Ada\",}\n}\n";
    assert!(load("cv.yaml", text.as_bytes()).is_ok(), "YAML allows the comma");
    match load("cv.json", text.as_bytes()) {
        Err(Error::Invalid(d)) => {
            assert_eq!(d[0].location.as_ref().unwrap().display(), "cv.json:2:27");
            assert!(d[0].message.contains("trailing comma"), "{}", d[0].message);
            assert!(!d[0].hints.is_empty());
        }
        other => panic!("a trailing comma in JSON must fail: {other:?}"),
    }
    match load("cv.json", "{\"basics\": {\"name\": \"Adé\", x: 1}}".as_bytes()) {
        Err(Error::Invalid(d)) => {
            assert_eq!(d[0].location.as_ref().unwrap().display(), "cv.json:1:28")
        }
        other => panic!("an unquoted key in JSON must fail: {other:?}"),
    }
}

#[test]
fn a_typo_of_a_required_key_is_reported_once() {
    match load("cv.yaml", b"basics:\n  nmae: Ada\n") {
        Err(Error::Invalid(d)) => {
            assert_eq!(d.len(), 1, "{d:?}");
            assert!(d[0].message.contains("unknown key `nmae`"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn many_unknown_keys_are_counted_past_twenty() {
    let keys: String = (0..25).map(|i| format!("k{i}: {i}\n")).collect();
    let loaded = load("cv.yaml", format!("basics: {{name: A}}\n{keys}").as_bytes()).unwrap();
    assert_eq!(loaded.warnings.len(), 21);
    assert_eq!(loaded.warnings[20].message, "5 more unknown keys are ignored, from here on");
    assert_eq!(loaded.warnings[20].location.as_ref().unwrap().display(), "cv.yaml:22:1");
}

#[test]
fn nulls_and_empty_strings_are_absent_everywhere() {
    let json = r#"{
  "basics": {"name": "Ada", "email": "", "profiles": [null], "location": null},
  "work": [null, {"name": "", "highlights": [null, "", "Shipped"], "tags": [null]}],
  "skills": [{"name": {"fr": null, "en": "Go"}, "keywords": ["", null]}],
  "sections": [{"title": "Notes", "id": "", "items": [null]}],
  "meta": {"lang": "", "lastModified": "", "optionalSections": [null, ""]}
}"#;
    let loaded = load("cv.json", json.as_bytes()).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let cv = &loaded.cv;
    assert_eq!((cv.work.len(), cv.work[1].highlights.len()), (2, 3));
    assert_eq!(cv.lang(), "en");
    assert_eq!(cv.sections[0].id("en"), "notes");
    // Items keep their indices: an error after a null one is at its place.
    let yaml = "basics: {name: A}\nwork:\n  - null\n  - {name: X, startDate: 2020-13}\n";
    let (at, text) = error_of(yaml);
    assert_eq!(at, "cv.yaml:4:26");
    assert!(text.contains("`work[1].startDate`"), "{text}");
}

#[test]
fn a_json_object_where_text_goes_is_a_type_error() {
    let json = "{\"basics\": {\"name\": \"A\", \"url\": {\"href\": \"https://a.example\"}}}";
    match load("cv.json", json.as_bytes()) {
        Err(Error::Invalid(d)) => {
            assert_eq!(d[0].location.as_ref().unwrap().display(), "cv.json:1:33");
            assert!(d[0].message.starts_with("`basics.url`: invalid type"), "{}", d[0].message);
            assert!(!d[0].to_string().contains("YAML"), "{}", d[0]);
        }
        other => panic!("an object for a URL must fail: {other:?}"),
    }
}

#[test]
fn paths_parse() {
    assert_eq!(parse_path("work[2].name").to_string(), "work[2].name");
    assert_eq!(parse_path(".").to_string(), "");
}
