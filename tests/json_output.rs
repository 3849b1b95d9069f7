//! The JSON documents `build` writes (issue 19, outputs in proportion): compact by default (one
//! line, the same data as the indented form), `--pretty` for people.

mod common;

use std::process::Command;

fn build(output: &std::path::Path, extra: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("build")
        .arg(common::root().join(common::DEPARTMENT))
        .arg("-o")
        .arg(output)
        .args(["--format", "json"])
        .args(extra)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn build_writes_compact_json_unless_pretty() {
    let scratch = tempfile::tempdir().unwrap();
    let compact = scratch.path().join("compact");
    build(&compact, &[]);
    let text = std::fs::read_to_string(compact.join("department.json")).unwrap();
    let pretty = scratch.path().join("pretty");
    build(&pretty, &["--pretty"]);
    let pretty_text = std::fs::read_to_string(pretty.join("department.json")).unwrap();

    assert_eq!(text.lines().count(), 1, "one line");
    assert!(pretty_text.lines().count() > 100, "indented");
    // A form's document loses a quarter of its bytes or more (71% on this form).
    assert!(
        text.len() * 4 < pretty_text.len() * 3,
        "well under the indented size"
    );
    let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
    let indented: serde_json::Value = serde_json::from_str(&pretty_text).unwrap();
    assert_eq!(parsed, indented, "the same data");
    // HTML-safe like the indented form, and ending with a newline.
    assert!(!text.contains('<') && !text.contains('&') && text.ends_with('\n'));
    // The library gives the same two texts.
    let (_, compilation) = common::compile_file(common::DEPARTMENT);
    let evaluation = &compilation.forms[0].evaluation;
    let library: serde_json::Value =
        serde_json::from_str(&jixiao::to_json_compact(evaluation)).unwrap();
    assert_eq!(
        library,
        serde_json::from_str::<serde_json::Value>(&jixiao::to_json(evaluation)).unwrap()
    );
}

/// `jixiao/2` omits an indicator's `id` only where a reader rebuilds it: the default
/// `level1/level2/name` path outside a goal block. A user-given `id` is written, and so is every
/// `id` in a goal block (prefixed by the goal's title, which the indicator does not carry).
#[test]
fn an_indicator_id_is_written_unless_it_is_the_default_path() {
    let source = "项目 \"测试项目\" 2021 {\n    资金 万元 {\n        财政拨款 100 100 100\n        分值 10\n    }\n    产出指标 {\n        数量指标 {\n            \"开展培训次数\" 目标 10次 实际 10次 分值 45\n            \"开展培训次数\" id \"培训-2\" 目标 10次 实际 10次 分值 45\n        }\n    }\n}\n";
    let compilation = jixiao::compile(source, Some("id.jx"), &jixiao::Options::default());
    let evaluation = &compilation.forms[0].evaluation;
    assert_eq!(
        evaluation.indicators[0].id,
        "产出指标/数量指标/开展培训次数"
    );
    let document: serde_json::Value =
        serde_json::from_str(&jixiao::to_json_compact(evaluation)).unwrap();
    let ids: Vec<&serde_json::Value> = document["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|indicator| &indicator["id"])
        .collect();
    assert_eq!(ids, [&serde_json::Value::Null, &"培训-2".into()]);

    let (_, compilation) = common::compile_file("tests/corpus/real/016-huanggang-shuitu-jiance.jx");
    let evaluation = &compilation.forms[0].evaluation;
    let document: serde_json::Value =
        serde_json::from_str(&jixiao::to_json_compact(evaluation)).unwrap();
    let in_goals: Vec<(&serde_json::Value, &str)> = document["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&evaluation.indicators)
        .filter(|(_, indicator)| indicator.goal.is_some())
        .map(|(written, indicator)| (&written["id"], indicator.id.as_str()))
        .collect();
    assert!(!in_goals.is_empty());
    for (written, id) in in_goals {
        assert_eq!(written, id);
    }
}

/// `jixiao/2` writes nothing that says nothing: no null member outside the diagnostics (which
/// are the `jixiao-check/1` records, written whole), no empty list, no false flag, no empty
/// checked value.
#[test]
fn a_document_holds_no_null_no_empty_list_and_no_false_flag() {
    fn walk(value: &serde_json::Value, at: &str, problems: &mut Vec<String>) {
        match value {
            serde_json::Value::Null => problems.push(format!("{at}: null")),
            serde_json::Value::Bool(false)
                if !at.ends_with("agrees")
                    && !at.ends_with("matches_budget")
                    && !at.ends_with("matches_executed") =>
            {
                problems.push(format!("{at}: false"));
            }
            serde_json::Value::Array(items) if items.is_empty() => {
                problems.push(format!("{at}: []"));
            }
            serde_json::Value::Object(map) if map.is_empty() => {
                problems.push(format!("{at}: {{}}"));
            }
            serde_json::Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, &format!("{at}.{index}"), problems);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    if key != "diagnostics" {
                        walk(item, &format!("{at}.{key}"), problems);
                    }
                }
            }
            _ => {}
        }
    }
    for path in [common::DEPARTMENT, common::PROJECT] {
        let (_, compilation) = common::compile_file(path);
        let document: serde_json::Value =
            serde_json::from_str(&jixiao::to_json_compact(&compilation.forms[0].evaluation))
                .unwrap();
        let mut problems = Vec::new();
        walk(&document, "", &mut problems);
        assert_eq!(problems, Vec::<String>::new(), "{path}");
    }
}

/// A target or actual that is words exactly as written (`优`) is written as its text alone:
/// `parsed` would repeat it (`{"type": "words", "text": "优"}`). Numbers, ranges and times keep
/// `parsed`, which says more than the text.
#[test]
fn a_quantity_that_is_its_own_words_is_written_as_its_text() {
    let source = "项目 \"测试项目\" 2021 {\n    资金 万元 {\n        财政拨款 100 100 100\n        分值 10\n    }\n    产出指标 {\n        质量指标 {\n            \"验收质量\" 定性 目标 优 实际 良 分值 45 得分 40\n            \"培训次数\" 目标 ≥10次 实际 12次 分值 45\n        }\n    }\n}\n";
    let compilation = jixiao::compile(source, Some("words.jx"), &jixiao::Options::default());
    let evaluation = &compilation.forms[0].evaluation;
    let document: serde_json::Value =
        serde_json::from_str(&jixiao::to_json_compact(evaluation)).unwrap();
    let indicators = document["indicators"].as_array().unwrap();
    assert_eq!(indicators[0]["target"], serde_json::json!({"text": "优"}));
    assert_eq!(indicators[0]["actual"], serde_json::json!({"text": "良"}));
    assert_eq!(
        indicators[1]["target"],
        serde_json::json!({"text": "≥10次", "parsed": {"type": "number", "comparator": "at_least", "amount": "10", "unit": "次"}})
    );
    // The model itself keeps what the words are.
    assert!(matches!(
        &evaluation.indicators[0].target.as_ref().unwrap().parsed,
        jixiao::model::QuantityValue::Words { text } if text == "优"
    ));
}

/// A category's `path` is left out where a reader joins it from the list, and the reader's rule
/// gives back every path of the model: the examples, the reviewed real forms and a generated
/// corpus's forms (goal blocks, level-3 parent rows and names with `/` included where they occur).
#[test]
fn a_reader_joins_every_left_out_category_path() {
    let mut files = vec![
        "examples/renda-2021/department.jx".to_string(),
        "examples/renda-2021/project-congress-meetings.jx".to_string(),
        "examples/renda-2022/department.jx".to_string(),
        "examples/renda-2022/project-congress-meetings.jx".to_string(),
    ];
    for entry in std::fs::read_dir(common::root().join("tests/corpus/real")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "jx") {
            files.push(path.to_string_lossy().into_owned());
        }
    }
    let mut left_out = 0;
    for file in &files {
        let (_, compilation) = common::compile_file(file);
        for form in &compilation.forms {
            let evaluation = &form.evaluation;
            let document: serde_json::Value =
                serde_json::from_str(&jixiao::to_json_compact(evaluation)).unwrap();
            let written = document["categories"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(written.len(), evaluation.categories.len(), "{file}");
            // The reader: the last path at each level; a missing path is the parent's + `/` + name.
            let mut last: Vec<String> = Vec::new();
            for (category, model) in written.iter().zip(&evaluation.categories) {
                let level = category["level"].as_u64().unwrap() as usize;
                let name = category["name"].as_str().unwrap();
                let path = match category["path"].as_str() {
                    Some(path) => path.to_string(),
                    None => {
                        left_out += 1;
                        assert!(category.get("goal").is_none(), "{file}: {category}");
                        if level <= 1 {
                            name.to_string()
                        } else {
                            format!("{}/{name}", last[level - 2])
                        }
                    }
                };
                assert_eq!(path, model.path, "{file}: {category}");
                last.truncate(level.max(1) - 1);
                last.resize(level.max(1) - 1, String::new());
                last.push(path);
            }
        }
    }
    assert!(left_out > 0, "no path was left out");
}
