//! The library's modules depend on each other one way: no import cycle,
//! and data flows model → view → world → render → output.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each `pub mod` of `src/lib.rs` and the modules its code (not its tests
/// or comments) names as `crate::NAME`.
fn dependencies(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let modules: Vec<String> = lib
        .lines()
        .filter_map(|l| Some(l.strip_prefix("pub mod")?.trim().strip_suffix(';')?.to_owned()))
        .collect();
    let mut graph = BTreeMap::new();
    for module in &modules {
        let mut code = String::new();
        for file in files(&src.join(format!("{module}.rs")), &src.join(module)) {
            let text = std::fs::read_to_string(file).unwrap();
            let text = text.split("#[cfg(test)]").next().unwrap();
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                code.push_str(line);
                code.push('\n');
            }
        }
        let named = named_modules(&code);
        let deps = named.into_iter().filter(|m| m != module && modules.contains(m)).collect();
        graph.insert(module.clone(), deps);
    }
    graph
}

/// A module's file and every `.rs` under its directory but `tests.rs`.
fn files(file: &Path, dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = file.exists().then(|| file.to_owned()).into_iter().collect();
    if dir.is_dir() {
        let under = crate::common::files_under(dir).into_iter();
        found.extend(under.filter(|p| {
            p.extension().is_some_and(|e| e == "rs")
                && p.file_name().is_some_and(|n| n != "tests.rs")
        }));
    }
    found
}

/// The names after `crate::`, and the first name of each item of a
/// `use crate::{a::b, c}` group.
fn named_modules(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => item_start = true,
                    c if item_start && depth == 1 && !c.is_whitespace() => {
                        names.insert(ident(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
            }
        } else {
            names.insert(ident(rest));
        }
    }
    names
}

/// A cycle in `graph`, as the path that closes it, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if !done.insert(node.to_owned()) {
            return None;
        }
        path.push(node.to_owned());
        for next in &graph[node] {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_modules_have_no_import_cycle() {
    let graph = dependencies(&crate::common::root().join("src"));
    if let Some(found) = cycle(&graph) {
        panic!("an import cycle: {}", found.join(" → "));
    }
}

#[test]
fn data_flows_model_view_world_render_output() {
    let graph = dependencies(&crate::common::root().join("src"));
    let flow = ["model", "view", "world", "render", "output"];
    for (i, module) in flow.iter().enumerate() {
        for later in &flow[i + 1..] {
            assert!(!graph[*module].contains(*later), "{module} uses {later}, later in the flow");
        }
    }
}

/// The scanner finds a cycle where there is one, so that a pass means
/// something.
#[test]
fn the_scanner_sees_a_cycle_and_grouped_imports() {
    let names = named_modules(
        "use crate::{model::{Cv, Moment}, view,\n labels::x};\nlet a = crate::fit::go();",
    );
    assert_eq!(names, ["fit", "labels", "model", "view"].map(String::from).into());
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_owned(), BTreeSet::from(["b".to_owned()])),
        ("b".to_owned(), BTreeSet::from(["c".to_owned()])),
        ("c".to_owned(), BTreeSet::from(["a".to_owned()])),
    ]
    .into();
    assert_eq!(cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
}
