//! The JSON output validates against the shipped schema (`schema/jixiao-2.schema.json`), and the
//! schema is strict enough to reject a document that breaks the contract (a null member, an
//! empty list, an empty checked value: `jixiao/2` omits them).

mod common;

use common::{compile_file, root, DEPARTMENT, PROJECT};
use jixiao::to_json;
use serde_json::Value;

fn schema() -> Value {
    let text = std::fs::read_to_string(root().join("schema/jixiao-2.schema.json"))
        .expect("the schema file is shipped");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    jsonschema::meta::validate(&schema).expect("the schema is a valid JSON Schema");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// The JSON document of the single form of an example file.
fn document(path: &str) -> Value {
    let (_, compilation) = compile_file(path);
    assert_eq!(compilation.forms.len(), 1, "{path} holds one form");
    let text = to_json(&compilation.forms[0].evaluation);
    serde_json::from_str(&text).expect("to_json writes JSON")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

#[test]
fn schema_declares_draft_2020_12() {
    assert_eq!(
        schema()["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn both_examples_validate() {
    let validator = validator();
    for path in [DEPARTMENT, PROJECT] {
        let instance = document(path);
        assert_eq!(
            errors(&validator, &instance),
            Vec::<String>::new(),
            "{path}"
        );
    }
}

/// Every object is closed; a member that may be absent says when; and no member may be null
/// (`jixiao/2` omits it instead), except in the diagnostic records, which are written whole as
/// in the `jixiao-check/1` document.
#[test]
fn every_object_in_the_schema_is_closed_says_when_a_member_is_absent_and_is_never_null() {
    fn walk(node: &Value, at: &str, problems: &mut Vec<String>) {
        let whole =
            at.starts_with("#/$defs/diagnostic") || at.starts_with("#/$defs/optional_string");
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    if map.get("additionalProperties") != Some(&Value::Bool(false)) {
                        problems.push(format!("{at}: additionalProperties is not false"));
                    }
                    let required: Vec<&str> = map
                        .get("required")
                        .and_then(Value::as_array)
                        .map(|names| names.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    for (name, property) in properties {
                        let description = property.get("description").and_then(Value::as_str);
                        if description.is_none() && property.get("$ref").is_none() {
                            problems.push(format!("{at}: `{name}` has no description"));
                        }
                        let says_when = description.is_some_and(|text| text.contains("absent"));
                        if !whole && !required.contains(&name.as_str()) && !says_when {
                            problems.push(format!(
                                "{at}: `{name}` may be absent and does not say when"
                            ));
                        }
                        if whole && !required.contains(&name.as_str()) {
                            problems.push(format!("{at}: `{name}` is not required"));
                        }
                    }
                }
                let null = Value::Null;
                let null_type = Value::String("null".to_string());
                let nullable = map.get("type").is_some_and(|kind| {
                    kind == &null_type
                        || kind
                            .as_array()
                            .is_some_and(|kinds| kinds.contains(&null_type))
                }) || map
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|values| values.contains(&null));
                if nullable && !whole {
                    problems.push(format!("{at}: may be null"));
                }
                for (key, child) in map {
                    walk(child, &format!("{at}/{key}"), problems);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, &format!("{at}/{index}"), problems);
                }
            }
            _ => {}
        }
    }
    let mut problems = Vec::new();
    walk(&schema(), "#", &mut problems);
    assert_eq!(problems, Vec::<String>::new());
}

/// Each mutation breaks one promise of the contract; the schema must reject every one.
#[test]
fn mutated_documents_fail_validation() {
    let validator = validator();
    let original = document(PROJECT);
    type Mutation = fn(&mut Value);
    let mutations: &[(&str, Mutation)] = &[
        ("wrong schema id", |d| d["schema"] = "jixiao/1".into()),
        ("unknown kind", |d| d["kind"] = "programme".into()),
        ("extra top-level key", |d| {
            d["extra"] = Value::Null;
        }),
        ("missing name", |d| {
            d.as_object_mut().unwrap().remove("name");
        }),
        ("total as a float", |d| {
            d["total"]["computed"] = 99.42.into();
        }),
        ("total in scientific notation", |d| {
            d["total"]["computed"] = "9.942e1".into();
        }),
        ("agrees as a string", |d| {
            d["total"]["agrees"] = "false".into();
        }),
        ("grade as a number", |d| d["grade"]["computed"] = 1.into()),
        ("agrees without a declared value", |d| {
            d["budget"]["execution_rate"]
                .as_object_mut()
                .unwrap()
                .remove("declared");
        }),
        ("a null member", |d| {
            d["indicators"][0]["unit"] = Value::Null;
        }),
        ("a null year", |d| d["year"] = Value::Null),
        ("an empty checked value", |d| {
            d["total"] = serde_json::json!({});
        }),
        ("an empty list", |d| d["categories"] = serde_json::json!([])),
        ("a false flag is written", |d| {
            d["indicators"][0]["core"] = false.into();
        }),
        ("the default basis is written", |d| {
            d["indicators"][0]["basis"] = "computed".into();
        }),
        ("unknown money unit", |d| {
            d["budget"]["unit"] = "美元".into();
        }),
        ("unknown fund source", |d| {
            d["budget"]["rows"][0]["source"] = "loan".into();
        }),
        ("unknown quantity type", |d| {
            d["indicators"][0]["target"]["parsed"]["type"] = "fraction".into();
        }),
        ("number quantity without amount", |d| {
            d["indicators"][0]["target"]["parsed"]
                .as_object_mut()
                .unwrap()
                .remove("amount");
        }),
        ("unknown comparator", |d| {
            d["indicators"][0]["target"]["parsed"]["comparator"] = "about".into();
        }),
        ("unknown direction", |d| {
            d["indicators"][0]["direction"] = "sideways".into();
        }),
        ("extra indicator key", |d| {
            d["indicators"][0]["colour"] = "red".into();
        }),
        ("weight as a number", |d| {
            d["indicators"][0]["weight"] = 10.into();
        }),
        ("unknown severity", |d| {
            d["diagnostics"][0]["severity"] = "info".into();
        }),
        ("malformed code", |d| {
            d["diagnostics"][0]["code"] = "W1".into();
        }),
        ("line 0", |d| d["diagnostics"][0]["line"] = 0.into()),
    ];
    assert!(
        original["diagnostics"]
            .as_array()
            .is_some_and(|d| !d.is_empty()),
        "the project example has diagnostics to mutate"
    );
    for (what, mutate) in mutations {
        let mut instance = original.clone();
        mutate(&mut instance);
        assert_ne!(instance, original, "{what}: the mutation changed nothing");
        assert!(
            !validator.is_valid(&instance),
            "{what}: the schema accepted a broken document"
        );
    }
}

/// Validates `instance` against the shipped schema `file`.
fn validate_with(file: &str, instance: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(file)).expect("the schema file is shipped");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::meta::validate(&schema).expect("a valid JSON Schema");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    errors(&validator, instance)
}

/// Runs the binary in the crate root and parses its stdout as JSON.
fn json_of(arguments: &[&str]) -> Value {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(arguments)
        .current_dir(root())
        .output()
        .expect("the binary runs");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{error}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn check_and_diff_documents_validate_against_their_schemas() {
    let check = json_of(&["check", "--format", "json", "examples", "tests/errors"]);
    assert_eq!(check["schema"], "jixiao-check/1");
    assert_eq!(
        validate_with("schema/jixiao-check-1.schema.json", &check),
        Vec::<String>::new()
    );
    let diff = json_of(&[
        "diff",
        "--format",
        "json",
        "examples/renda-2021",
        "examples/renda-2022",
    ]);
    assert_eq!(
        validate_with("schema/jixiao-diff-1.schema.json", &diff),
        Vec::<String>::new()
    );
    // The schemas are strict: an unknown field is refused.
    let mut broken = check.clone();
    broken["surprise"] = Value::Bool(true);
    assert!(!validate_with("schema/jixiao-check-1.schema.json", &broken).is_empty());
}

#[test]
fn an_undecodable_file_is_an_error_record_that_validates() {
    let directory = common::scratch("undecodable");
    std::fs::write(
        directory.join("bad.jx"),
        // A UTF-16 byte-order mark, then a lone surrogate: text in no encoding jixiao reads.
        [0xff_u8, 0xfe, 0x00, 0xd8, 0x80, 0x81],
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/errors/clean.jx"),
        directory.join("good.jx"),
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "--format", "json", directory.to_str().unwrap()])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(1));
    let check: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(check["errors"], 1);
    assert_eq!(check["files"], 2);
    let record = &check["diagnostics"][0];
    assert_eq!(record["code"], "E0007");
    assert!(record["file"].as_str().unwrap().ends_with("bad.jx"));
    assert_eq!(
        validate_with("schema/jixiao-check-1.schema.json", &check),
        Vec::<String>::new()
    );
}

/// Every member the schema describes, optional ones included, appears in some document of the
/// shipped examples and test forms, and every such document validates: a member that `jixiao/2`
/// omits when empty is still described, and described as it is written when present.
#[test]
fn every_member_of_the_schema_is_written_by_some_form_and_validates() {
    fn files(directory: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(directory) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().map(|entry| entry.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                files(&path, found);
            } else if path.extension().is_some_and(|extension| extension == "jx") {
                found.push(path);
            }
        }
    }
    fn keys(value: &Value, seen: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    seen.insert(key.clone());
                    keys(child, seen);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| keys(item, seen)),
            _ => {}
        }
    }
    fn described(node: &Value, names: &mut std::collections::BTreeSet<String>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    names.extend(properties.keys().cloned());
                }
                map.values().for_each(|child| described(child, names));
            }
            Value::Array(items) => items.iter().for_each(|item| described(item, names)),
            _ => {}
        }
    }
    let validator = validator();
    let mut paths = Vec::new();
    for directory in ["examples", "tests"] {
        files(&root().join(directory), &mut paths);
    }
    let options = jixiao::Options {
        workspace_file: Some("jixiao.toml".to_string()),
        default_profile: Some("central-2020".to_string()),
        ..jixiao::Options::default()
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut invalid = Vec::new();
    for path in &paths {
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        let compilation = jixiao::compile(&source, path.to_str(), &options);
        // A form with errors is written nowhere.
        for form in compilation.forms.iter().filter(|form| !form.has_errors) {
            let instance: Value = serde_json::from_str(&to_json(&form.evaluation)).unwrap();
            for error in errors(&validator, &instance) {
                invalid.push(format!("{}: {error}", path.display()));
            }
            keys(&instance, &mut seen);
        }
    }
    // What no shipped form has: an adjusted target, a date with its day, the reason for a low
    // execution rate, a workspace that changes a setting.
    let rare = "项目 \"全部成员\" 2021 {\n    资金 万元 {\n        财政拨款 100 100 80\n        分值 10\n        原因 \"部分工程延期\"\n    }\n    产出指标 {\n        时效指标 {\n            \"完工时间\" 年初指标值 2021年10月 调整指标值 2021年12月30日 实际 2021年12月20日 分值 90\n        }\n    }\n}\n";
    let options = jixiao::Options {
        settings: jixiao::Settings {
            tolerance: Some("0.5".to_string()),
            ..jixiao::Settings::default()
        },
        ..options
    };
    let compilation = jixiao::compile(rare, Some("rare.jx"), &options);
    assert!(compilation.forms.iter().all(|form| !form.has_errors));
    for form in &compilation.forms {
        let instance: Value = serde_json::from_str(&to_json(&form.evaluation)).unwrap();
        invalid.extend(errors(&validator, &instance));
        keys(&instance, &mut seen);
    }
    assert_eq!(invalid, Vec::<String>::new());
    let mut names = std::collections::BTreeSet::new();
    described(&schema(), &mut names);
    let unwritten: Vec<&String> = names.difference(&seen).collect();
    assert_eq!(unwritten, Vec::<&String>::new(), "described, never written");
}
