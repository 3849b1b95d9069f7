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
