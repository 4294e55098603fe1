//! Tests of the source map.

use super::*;

fn map(text: &str) -> (SourceMap, Vec<Diagnostic>) {
    SourceMap::build(&SourceText::new("cv.yaml", text))
}

fn at(map: &SourceMap, path: &str) -> String {
    let mut data_path = DataPath::default();
    for part in path.split('.') {
        match part.parse::<usize>() {
            Ok(i) => data_path = data_path.index(i),
            Err(_) => data_path = data_path.key(part),
        }
    }
    map.locate(&data_path).map(|l| l.display()).unwrap_or_default()
}

#[test]
fn locates_values_by_path() {
    let (map, dups) = map(
        "basics:\n  name: Zoé\nwork:\n  - name: A\n    startDate: 2015-13\n  - {name: B, endDate: 2014}\n",
    );
    assert!(dups.is_empty());
    assert_eq!(at(&map, "basics.name"), "cv.yaml:2:9");
    assert_eq!(at(&map, "work.0.startDate"), "cv.yaml:5:16");
    assert_eq!(at(&map, "work.1.endDate"), "cv.yaml:6:24");
    assert_eq!(at(&map, "work.1"), "cv.yaml:6:5");
    assert_eq!(at(&map, "basics.email"), "cv.yaml:1:1");
    assert_eq!(map.top_level_keys(), ["basics", "work"]);
}

#[test]
fn reports_duplicate_keys_where_repeated() {
    let (_, dups) = map("basics:\n  name: A\n  label: x\n  name: B\n");
    assert_eq!(dups.len(), 1);
    assert_eq!(dups[0].location.as_ref().unwrap().display(), "cv.yaml:4:3");
}

#[test]
fn survives_complex_keys_and_json() {
    let (map, _) = map("? [a, b]\n: 1\nc: 2\n");
    assert_eq!(at(&map, "c"), "cv.yaml:3:4");
    let (map, _) = self::map("{\n\t\"basics\": {\"name\": \"A\"}\n}");
    assert_eq!(at(&map, "basics.name"), "cv.yaml:2:21");
}

#[test]
fn a_renamed_top_level_key_keeps_its_place_by_its_new_name() {
    let (mut map, _) = map("basics: {}\nhobbies: []\nwork: []\n");
    map.rename(&DataPath::default().key("hobbies"), &DataPath::default().key("interests"));
    assert_eq!(map.top_level_keys(), ["basics", "interests", "work"]);
}
