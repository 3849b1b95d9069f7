//! The editor side: the VS Code extension's manifest and grammar (`editors/vscode/`), its
//! grammar tests where npm installed the test tool, and Neovim headless with `jixiao lsp`
//! attached to the seed department form. A test whose tool is missing says so and passes.

mod common;

use common::{root, scratch};
use serde_json::Value;
use std::process::Command;

fn json(relative: &str) -> Value {
    let text = std::fs::read_to_string(root().join(relative)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

#[test]
fn the_vscode_extension_declares_the_language_and_its_grammar() {
    let manifest = json("editors/vscode/package.json");
    let contributes = &manifest["contributes"];
    let language = contributes["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|language| language["id"] == "jixiao")
        .expect("the jixiao language");
    assert_eq!(language["extensions"], serde_json::json!([".jx"]));
    let configuration = language["configuration"].as_str().unwrap();
    json(&format!(
        "editors/vscode/{}",
        configuration.trim_start_matches("./")
    ));
    let grammar = contributes["grammars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|grammar| grammar["language"] == "jixiao")
        .expect("the grammar");
    let path = grammar["path"].as_str().unwrap().trim_start_matches("./");
    let tm = json(&format!("editors/vscode/{path}"));
    assert_eq!(tm["scopeName"], grammar["scopeName"]);
    // The client starts `jixiao lsp`.
    let main = manifest["main"].as_str().unwrap().trim_start_matches("./");
    let client = std::fs::read_to_string(root().join("editors/vscode").join(main)).unwrap();
    assert!(client.contains("args: [\"lsp\"]"));
    assert!(manifest["dependencies"]["vscode-languageclient"].is_string());
}

#[test]
fn the_grammar_tests_pass_where_npm_installed_the_tool() {
    let directory = root().join("editors/vscode");
    let tool = directory.join("node_modules/.bin/vscode-tmgrammar-test");
    if !tool.exists() {
        eprintln!(
            "skipped: {} is missing (run `npm install` in editors/vscode; .ci/run does where npm is available)",
            tool.display()
        );
        return;
    }
    let output = Command::new(&tool)
        .args([
            "-g",
            "syntaxes/jixiao.tmLanguage.json",
            "test/department.test.jx",
        ])
        .current_dir(&directory)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn neovim_headless_shows_the_diagnostics_and_a_hover() {
    let available = Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !available {
        eprintln!("skipped: Neovim (nvim) is not installed (.ci/run installs Debian's neovim)");
        return;
    }
    let file = root().join("examples/renda-2021/department.jx");
    let text = std::fs::read_to_string(&file).unwrap();
    let (line, content) = text
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains("常委会召开次数"))
        .unwrap();
    let character = content[..content.find("常委会召开次数").unwrap()]
        .encode_utf16()
        .count()
        + 2;
    let out = scratch("nvim").join("out.txt");
    // `timeout`: a Lua error would leave a headless Neovim waiting for input for ever.
    let status = Command::new("timeout")
        .args([
            "60",
            "nvim",
            "--headless",
            "--clean",
            "-n",
            "-i",
            "NONE",
            "-c",
        ])
        .arg(format!(
            "luafile {}",
            root().join("tests/editors/nvim-lsp.lua").display()
        ))
        .env("JIXIAO_BIN", env!("CARGO_BIN_EXE_jixiao"))
        .env("JIXIAO_FILE", &file)
        .env("JIXIAO_OUT", &out)
        .env("JIXIAO_LINE", line.to_string())
        .env("JIXIAO_CHARACTER", character.to_string())
        .env("XDG_STATE_HOME", scratch("nvim-state"))
        .status()
        .unwrap();
    assert!(status.success());
    let report = std::fs::read_to_string(&out).unwrap();
    assert!(report.contains("diagnostic W0302 line 17"), "{report}");
    assert!(report.contains("hover **常委会召开次数**"), "{report}");
    assert!(report.contains("得分 **10.00"), "{report}");
}
