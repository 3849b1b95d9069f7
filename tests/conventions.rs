//! The command line behaves like the tools people already use (issue 16): git's external diff
//! survives added, deleted and broken files; stdin with `-`; one-line messages; `--quiet`;
//! `fmt --check` shows a diff; no path means `.`; hidden and git-ignored files are skipped;
//! `build` removes the outputs of deleted sources and nothing else.

mod common;

use common::{root, scratch};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const DEPARTMENT: &str = "examples/renda-2021/department.jx";
const CLEAN: &str = "tests/errors/clean.jx";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs the binary in `directory` with `stdin` as its standard input.
fn run_in(directory: &Path, arguments: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(arguments)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("the binary ends")
}

#[test]
fn git_diff_survives_added_deleted_renamed_and_broken_files() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git not installed: skipped");
        return;
    }
    let repository = scratch("git-recipe");
    let git = |arguments: &[&str]| common::git(&repository, arguments);
    git(&["init", "-q"]);
    git(&["config", "user.email", "test@example.com"]);
    git(&["config", "user.name", "test"]);
    let binary = env!("CARGO_BIN_EXE_jixiao");
    git(&[
        "config",
        "diff.jixiao.command",
        &format!("{binary} diff --git-external"),
    ]);
    std::fs::write(repository.join(".gitattributes"), "*.jx diff=jixiao\n").unwrap();
    std::fs::copy(root().join(DEPARTMENT), repository.join("a.jx")).unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "one"]);
    // Added: compared against /dev/null.
    std::fs::copy(root().join(CLEAN), repository.join("b.jx")).unwrap();
    git(&["add", "b.jx"]);
    let added = git(&["diff", "--cached"]);
    assert!(added.contains("jixiao diff a/b.jx b/b.jx"), "{added}");
    git(&["commit", "-q", "-m", "two"]);
    // Deleted, renamed and broken in one commit.
    git(&["rm", "-q", "b.jx"]);
    git(&["mv", "a.jx", "c.jx"]);
    std::fs::write(
        repository.join("broken.jx"),
        "项目 \"坏\" 2021 {\n  实祭 1\n",
    )
    .unwrap();
    git(&["add", "."]);
    let mixed = git(&["diff", "--cached", "-M"]);
    assert!(
        mixed.contains("b/b.jx") || mixed.contains("a/b.jx"),
        "{mixed}"
    );
    assert!(mixed.contains("broken.jx"), "{mixed}");
    git(&["commit", "-q", "-m", "three"]);
    let log = git(&["log", "-p", "--ext-diff"]);
    assert!(log.contains("jixiao diff a/b.jx"), "{log}");
    assert!(log.contains("broken.jx"), "{log}");
}

#[test]
fn check_reads_stdin_and_prints_one_line_per_diagnostic() {
    let source = std::fs::read(root().join(DEPARTMENT)).unwrap();
    let output = run_in(
        &root(),
        &[
            "check",
            "-",
            "--message-format",
            "short",
            "--stdin-filename",
            "department.jx",
        ],
        &source,
    );
    let stderr = text(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines.len() >= 2, "{stderr}");
    for line in &lines[..lines.len() - 1] {
        assert!(line.starts_with("department.jx:"), "{line}");
        assert!(
            line.contains(": warning[W") || line.contains(": error[E"),
            "{line}"
        );
    }
    assert!(stderr.contains("warning[W0302]"), "{stderr}");
}

#[test]
fn quiet_check_prints_nothing_when_clean_and_the_summary_otherwise() {
    let clean = run_in(&root(), &["check", "-q", CLEAN], b"");
    assert!(clean.status.success());
    assert_eq!(text(&clean.stderr), "");
    let warned = run_in(&root(), &["check", "-q", DEPARTMENT], b"");
    assert_eq!(
        text(&warned.stderr).lines().count(),
        1,
        "{}",
        text(&warned.stderr)
    );
}

#[test]
fn fmt_formats_stdin_to_stdout_and_check_prints_a_diff() {
    let source = std::fs::read_to_string(root().join(DEPARTMENT)).unwrap();
    let messy = source.replacen("    联系人", "联系人", 1);
    let output = run_in(&root(), &["fmt", "-"], messy.as_bytes());
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), source);
    let directory = scratch("fmt-check-diff");
    std::fs::write(directory.join("form.jx"), &messy).unwrap();
    let output = run_in(&directory, &["fmt", "--check", "form.jx"], b"");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("-联系人") && stderr.contains("+    联系人"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(directory.join("form.jx")).unwrap(),
        messy
    );
}

#[test]
fn no_path_means_the_current_directory_without_hidden_or_ignored_files() {
    let directory = scratch("current-directory");
    std::fs::copy(root().join(CLEAN), directory.join("a.jx")).unwrap();
    for hidden in [".hidden", "ignored"] {
        std::fs::create_dir_all(directory.join(hidden)).unwrap();
        std::fs::write(directory.join(hidden).join("bad.jx"), "项目 {\n").unwrap();
    }
    std::fs::write(directory.join(".ignore"), "ignored/\n").unwrap();
    let output = run_in(&directory, &["check"], b"");
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("检查了 1 个文件"), "{stderr}");
}

#[test]
fn build_removes_the_outputs_of_a_deleted_source_and_nothing_else() {
    let source = scratch("manifest-sources");
    std::fs::copy(root().join(CLEAN), source.join("a.jx")).unwrap();
    std::fs::copy(root().join(CLEAN), source.join("b.jx")).unwrap();
    // The same form twice would be W0204 only within a file; two files are fine.
    let output = scratch("manifest-output");
    std::fs::write(output.join("foreign.txt"), "not ours").unwrap();
    let build = || {
        run_in(
            &root(),
            &[
                "build",
                source.to_str().unwrap(),
                "-o",
                output.to_str().unwrap(),
                "--format",
                "both",
            ],
            b"",
        )
    };
    let first = build();
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(output.join("b.json").exists() && output.join("b.html").exists());
    std::fs::remove_file(source.join("b.jx")).unwrap();
    let second = build();
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(!output.join("b.json").exists() && !output.join("b.html").exists());
    assert!(output.join("a.json").exists() && output.join("index.html").exists());
    assert_eq!(
        std::fs::read_to_string(output.join("foreign.txt")).unwrap(),
        "not ours"
    );
}
