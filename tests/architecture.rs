//! The shape of the library, checked: data flows one way (no import cycle between the modules
//! of `src/`), the ground floor imports nothing of ours, and the `jixiao/2` model knows neither
//! the syntax nor the diagnostics. ARCHITECTURE.md states these invariants; this test holds
//! the code to them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules (the binary's `cli/` and `bin/` are not the library).
fn modules() -> BTreeMap<String, Vec<PathBuf>> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(&source).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if ["cli", "bin", "main", "lib"].contains(&name.as_str()) {
            continue;
        }
        let mut files = Vec::new();
        collect(&path, &mut files);
        modules.insert(name, files);
    }
    modules
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap().flatten() {
            collect(&entry.path(), files);
        }
    } else if path.extension().is_some_and(|extension| extension == "rs") {
        files.push(path.to_path_buf());
    }
}

/// Which of our modules each module names (`crate::x`), outside comments and `#[cfg(test)]`
/// tails (a test may use anything).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (module, files) in &modules {
        let mut used = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            for line in code.lines() {
                let line = line.split("//").next().unwrap_or("");
                for (index, _) in line.match_indices("crate::") {
                    let rest = &line[index + "crate::".len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if names.contains(&name) && name != *module {
                        used.insert(name);
                    }
                }
            }
        }
        graph.insert(module.clone(), used);
    }
    graph
}

#[test]
fn no_import_cycle_between_modules() {
    let graph = imports();
    // Depth-first search with colours; a grey node met again closes a cycle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|item| item == next).unwrap_or(0);
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, graph, state, path) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(cycle) = visit(node, &graph, &mut state, &mut Vec::new()) {
                panic!("import cycle: {}", cycle.join(" → "));
            }
        }
    }
}

/// `module` imports nothing outside `allowed`.
fn imports_only(module: &str, allowed: &[&str]) {
    let graph = imports();
    let used = graph
        .get(module)
        .unwrap_or_else(|| panic!("no module {module}"));
    let extra: Vec<&String> = used
        .iter()
        .filter(|name| !allowed.contains(&name.as_str()))
        .collect();
    assert!(
        extra.is_empty(),
        "`{module}` must not import {extra:?} (allowed: {allowed:?})"
    );
}

#[test]
fn the_ground_floor_imports_nothing_of_ours() {
    imports_only("span", &[]);
    imports_only("suggest", &[]);
    imports_only("lang", &[]);
}

#[test]
fn the_model_knows_neither_syntax_nor_diagnostics() {
    imports_only("model", &["lang"]);
}

#[test]
fn diagnostics_sit_on_the_ground_floor_and_the_model() {
    imports_only("diag", &["span", "lang", "model"]);
}

#[test]
fn render_reads_only_the_model() {
    // And the printed layout a profile declares (`policy::Layout`: column headers, no scoring).
    imports_only("render", &["model", "lang", "policy"]);
}

#[test]
fn policy_sees_no_syntax_and_no_file_system() {
    imports_only("policy", &["model", "lang", "suggest"]);
    for file in &modules()["policy"] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            !text.contains("std::fs::"),
            "{} reads the file system",
            file.display()
        );
    }
}

#[test]
fn the_library_has_no_command_line() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    assert!(!lib.contains("mod cli"));
    for files in modules().values() {
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            assert!(!text.contains("clap::"), "{} uses clap", file.display());
        }
    }
}
