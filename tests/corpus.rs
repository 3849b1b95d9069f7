//! The real forms of `../shared/samples/` written as `.jx` files (`tests/corpus/real/`), each with
//! its expected diagnostics in `NAME.expected`: one line per diagnostic, `CODE line:column message`.
//! Blank lines and lines starting with `#` in an expected file are comments.
//!
//! The expected files were produced by the tool and then reviewed against `samples/INDEX.md`:
//! they say what jixiao *should* report. Where jixiao does not (yet) say it, the file is listed in
//! [`KNOWN_GAPS`] with the reason, and `tests/corpus/real/KNOWN_GAPS.md` describes the gap; the
//! mismatch is printed but does not fail the suite. A listed file that starts to match fails, so
//! that the allowlist shrinks as the gaps are fixed.
//!
//! `JIXIAO_BLESS=1 cargo test --test corpus` rewrites the expected files of the files that are
//! *not* allowlisted from the current output (review the diff before keeping it).

use jixiao::diagnostic_record as record;
use jixiao::{compile, Options};
use similar::{ChangeTag, TextDiff};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Files whose expected diagnostics jixiao does not produce yet, with the gap in one line.
/// Each is described in `tests/corpus/real/KNOWN_GAPS.md`.
const KNOWN_GAPS: &[(&str, &str)] = &[];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real")
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/corpus/real exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jx"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .expect("UTF-8 file name")
        .to_string()
}

/// The diagnostics of one file as `CODE line:column message` lines.
fn actual_lines(path: &Path) -> Vec<String> {
    let source = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let relative = format!("tests/corpus/real/{}.jx", stem(path));
    let compilation = compile(&source, Some(&relative), &Options::default());
    compilation
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let record = record(Some(&relative), &source, diagnostic, jixiao::Lang::Zh);
            format!(
                "{} {}:{} {}",
                record.code,
                record.line,
                record.column,
                record.message.replace('\n', "\\n")
            )
        })
        .collect()
}

/// The diagnostic lines of an expected file (comments and blank lines dropped).
fn expected_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn diff(expected: &[String], actual: &[String]) -> String {
    let expected = expected.join("\n") + "\n";
    let actual = actual.join("\n") + "\n";
    let mut out = String::new();
    for change in TextDiff::from_lines(&expected, &actual).iter_all_changes() {
        let sign = match change.tag() {
            ChangeTag::Delete => "- expected ",
            ChangeTag::Insert => "+ actual   ",
            ChangeTag::Equal => "           ",
        };
        out.push_str(sign);
        out.push_str(change.value());
    }
    out
}

fn bless_text(name: &str, actual: &[String], previous: Option<&str>) -> String {
    // Keep the leading comment block of an existing expected file.
    let header: String = previous
        .unwrap_or_default()
        .lines()
        .take_while(|line| line.starts_with('#') || line.trim().is_empty())
        .map(|line| format!("{line}\n"))
        .collect();
    let header = if header.trim().is_empty() {
        format!("# {name}: expected diagnostics, `CODE line:column message`\n")
    } else {
        header
    };
    let mut text = header;
    for line in actual {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[test]
fn real_forms_report_exactly_the_expected_diagnostics() {
    let files = corpus_files();
    assert!(
        files.len() >= 18,
        "expected the 18 forms of ../shared/samples, found {}",
        files.len()
    );
    let bless = std::env::var_os("JIXIAO_BLESS").is_some();
    if KNOWN_GAPS.is_empty() {
        println!("KNOWN_GAPS allowlist: empty");
    } else {
        println!("KNOWN_GAPS allowlist (mismatches reported, not failed):");
        for (name, gap) in KNOWN_GAPS {
            println!("  {name}: {gap}");
        }
    }
    for (name, _) in KNOWN_GAPS {
        assert!(
            files.iter().any(|path| &stem(path) == name),
            "KNOWN_GAPS names `{name}`, which is not in tests/corpus/real"
        );
    }

    let mut failures = Vec::new();
    for path in &files {
        let name = stem(path);
        let expected_path = path.with_extension("expected");
        let previous = std::fs::read_to_string(&expected_path).ok();
        let actual = actual_lines(path);
        let allowlisted = KNOWN_GAPS.iter().any(|(gap, _)| *gap == name);
        if bless && !allowlisted {
            std::fs::write(
                &expected_path,
                bless_text(&name, &actual, previous.as_deref()),
            )
            .expect("write expected file");
            continue;
        }
        let Some(previous) = previous else {
            failures.push(format!(
                "{name}: no {name}.expected; the actual diagnostics are:\n{}\n",
                actual.join("\n")
            ));
            continue;
        };
        let expected = expected_lines(&previous);
        match (expected == actual, allowlisted) {
            (true, false) => println!("ok    {name}"),
            (false, true) => println!(
                "GAP   {name} (allowlisted in KNOWN_GAPS):\n{}",
                diff(&expected, &actual)
            ),
            (true, true) => failures.push(format!(
                "{name} now matches its expected file: remove it from KNOWN_GAPS and \
                 from tests/corpus/real/KNOWN_GAPS.md"
            )),
            (false, false) => failures.push(format!(
                "{name}: diagnostics differ from {name}.expected\n{}",
                diff(&expected, &actual)
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_expected_file_has_its_form() {
    for entry in std::fs::read_dir(corpus_dir()).expect("tests/corpus/real exists") {
        let path = entry.expect("readable directory entry").path();
        if path.extension().is_some_and(|ext| ext == "expected") {
            assert!(
                path.with_extension("jx").exists(),
                "{} has no .jx file",
                path.display()
            );
        }
    }
}

#[test]
fn check_runs_on_the_whole_corpus() {
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "tests/corpus/real"])
        .output()
        .expect("run jixiao check");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !stderr.contains("panicked") && !stdout.contains("panicked"),
        "jixiao check panicked:\n{stderr}"
    );
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "jixiao check tests/corpus/real exited with {code:?} (0 or 1 expected):\n{stderr}"
    );
}
