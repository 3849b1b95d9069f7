//! Helpers shared by the integration tests: compile a file or a snippet through the public API
//! and read the results back as text.
//!
//! Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use jixiao::{compile, Compilation, Options};
use jixiao::{render_human, Style};
use std::path::{Path, PathBuf};

/// The crate root (tests run with it as the working directory, but be explicit).
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads `relative` (to the crate root) and compiles it, recording `relative` as its path.
pub(crate) fn compile_file(relative: &str) -> (String, Compilation) {
    let source = std::fs::read_to_string(root().join(relative))
        .unwrap_or_else(|error| panic!("cannot read {relative}: {error}"));
    // A fixture whose first line starts with `// strict` is compiled as `check --strict` would.
    let options = Options {
        strict: source.starts_with("// strict"),
        ..Options::default()
    };
    let compilation = compile(&source, Some(relative), &options);
    (source, compilation)
}

/// Compiles a snippet as `input.jx`.
pub(crate) fn compile_source(source: &str) -> Compilation {
    compile(source, Some("input.jx"), &Options::default())
}

/// The plain (uncoloured, Unicode) ariadne text of every diagnostic of a compilation.
pub(crate) fn human(path: &str, source: &str, compilation: &Compilation) -> String {
    render_human(
        path,
        source,
        &compilation.diagnostics,
        Style {
            color: false,
            ascii: false,
            lang: jixiao::Lang::Zh,
        },
    )
}

/// The printed codes of every diagnostic, in order.
pub(crate) fn codes(compilation: &Compilation) -> Vec<&'static str> {
    compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect()
}

/// The path of the examples directory's forms.
pub(crate) const DEPARTMENT: &str = "examples/renda-2021/department.jx";
pub(crate) const PROJECT: &str = "examples/renda-2021/project-congress-meetings.jx";

/// A unique, empty scratch directory under the target directory.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let directory =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("create scratch directory");
    directory
}

/// Runs the `jixiao` binary with `arguments` (no colours) and returns its output.
pub(crate) fn run(arguments: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(arguments)
        .env("NO_COLOR", "1")
        .output()
        .expect("run jixiao")
}

/// `jixiao check --format json` of `file`: each diagnostic as `CODE message`, in order.
pub(crate) fn check_messages(file: &Path) -> Vec<String> {
    let output = run(&[
        "check",
        "--format",
        "json",
        file.to_str().expect("utf-8 path"),
    ]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("check json");
    document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().expect("code"),
                d["message"].as_str().expect("message")
            )
        })
        .collect()
}

/// The expected diagnostics of a hand-written real sample (`tests/corpus/real/NAME.expected`),
/// as `CODE message` (positions dropped).
pub(crate) fn expected_messages(name: &str) -> Vec<String> {
    let path = root()
        .join("tests/corpus/real")
        .join(format!("{name}.expected"));
    std::fs::read_to_string(path)
        .expect("read expected")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut parts = line.splitn(3, ' ');
            let code = parts.next().unwrap_or_default();
            let _position = parts.next();
            format!("{code} {}", parts.next().unwrap_or_default())
        })
        .collect()
}

/// Runs `git ARGUMENTS` in `repository` with no system or user configuration (HOME is the
/// repository), panicking with git's message when it fails; returns its stdout.
pub(crate) fn git(repository: &Path, arguments: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .current_dir(repository)
        .args(arguments)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repository)
        .output()
        .unwrap_or_else(|error| panic!("git: {error}"));
    assert!(
        output.status.success(),
        "git {arguments:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
