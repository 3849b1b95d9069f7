//! Keeps docs/LANGUAGE.md true: every example in it is compiled.
//!
//! - A block fenced as ```` ```jx ```` is a complete file and must compile without errors
//!   (warnings are allowed: some examples show what a reviewer is warned about).
//! - A block fenced as ```` ```jx-error ```` shows a mistake and must produce at least one error;
//!   codes written after the tag (```` ```jx-error E0102 E0107 ````) must each be reported.
//! - Other blocks (```` ```text ````) are fragments and are not compiled.
//!
//! The catalogue is checked too: every diagnostic code must be documented in the page.

use jixiao::Code;

const LANGUAGE: &str = include_str!("../docs/LANGUAGE.md");

/// A fenced example: its info string, first line number (1-based) and text.
struct Example {
    info: String,
    line: usize,
    source: String,
}

/// Every block fenced with an info string starting `jx`.
fn examples(markdown: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut current: Option<Example> = None;
    for (index, line) in markdown.lines().enumerate() {
        match current.as_mut() {
            Some(example) => {
                if line.trim_start().starts_with("```") {
                    examples.extend(current.take());
                } else {
                    example.source.push_str(line);
                    example.source.push('\n');
                }
            }
            None => {
                if let Some(info) = line.trim_start().strip_prefix("```") {
                    let info = info.trim();
                    let tag = info.split_whitespace().next().unwrap_or("");
                    if tag == "jx" || tag == "jx-error" {
                        current = Some(Example {
                            info: info.to_string(),
                            line: index + 2,
                            source: String::new(),
                        });
                    }
                }
            }
        }
    }
    assert!(current.is_none(), "docs/LANGUAGE.md: unclosed ```jx block");
    examples
}

fn describe(diagnostics: &[jixiao::Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| format!("  {} {}", diagnostic.code, diagnostic.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_jx_example_compiles_without_errors() {
    let examples = examples(LANGUAGE);
    let complete = examples
        .iter()
        .filter(|example| example.info == "jx")
        .count();
    assert!(
        complete >= 3,
        "expected the tour, a project and a department example; found {complete} ```jx blocks"
    );
    let mut failures = Vec::new();
    for example in examples.iter().filter(|example| example.info == "jx") {
        let compilation = jixiao::compile(&example.source, None, &jixiao::Options::default());
        let errors: Vec<_> = compilation
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .cloned()
            .collect();
        if compilation.forms.is_empty() || !errors.is_empty() {
            failures.push(format!(
                "docs/LANGUAGE.md:{}: the example has errors\n{}",
                example.line,
                describe(&errors)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_jx_error_example_reports_its_errors() {
    let mut failures = Vec::new();
    for example in examples(LANGUAGE)
        .iter()
        .filter(|example| example.info.starts_with("jx-error"))
    {
        let compilation = jixiao::compile(&example.source, None, &jixiao::Options::default());
        let errors: Vec<_> = compilation
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .cloned()
            .collect();
        if errors.is_empty() {
            failures.push(format!(
                "docs/LANGUAGE.md:{}: a ```jx-error example compiled without errors",
                example.line
            ));
        }
        for expected in example.info.split_whitespace().skip(1) {
            let reported = compilation
                .diagnostics
                .iter()
                .any(|diagnostic| diagnostic.code.as_str() == expected);
            if !reported {
                failures.push(format!(
                    "docs/LANGUAGE.md:{}: expected {expected}, got\n{}",
                    example.line,
                    describe(&compilation.diagnostics)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_diagnostic_code_is_documented() {
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|code| !LANGUAGE.contains(&format!("`{code}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/LANGUAGE.md does not document {missing:?} (add them to the table in section 13)"
    );
}
