//! `docs/DIAGNOSTICS.md` is generated from the diagnostic catalogue (`jixiao::Code::ALL`):
//! code, severity, title, meaning (the first paragraph of the explanation) and source.
//!
//! The test regenerates the text and fails if the file differs. `UPDATE_DOCS=1 cargo test --test
//! diagnostics_doc` rewrites the file instead.

use jixiao::{Code, Severity};
use std::path::Path;

const HEADER: &str = "\
# Diagnostics

<!-- Generated from `jixiao::Code::ALL` (src/diag/catalogue.rs) by tests/diagnostics_doc.rs.
     Do not edit by hand: run `UPDATE_DOCS=1 cargo test --test diagnostics_doc`. -->

Every diagnostic jixiao can report, in catalogue order.
`jixiao explain CODE` prints the full explanation with an example.
An error (`E…`) means the form cannot be evaluated faithfully; a warning (`W…`) is a problem in
the form that a reviewer must see (see docs/LANGUAGE.md, section 13).

| code | severity | title | meaning | source |
|---|---|---|---|---|
";

/// Makes `text` safe inside one Markdown table cell.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The first paragraph of an explanation, without its `What it flags:` lead-in.
fn meaning(explanation: &str) -> &str {
    let first = explanation.split("\n\n").next().unwrap_or_default().trim();
    first.strip_prefix("What it flags:").unwrap_or(first).trim()
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn generate() -> String {
    let mut text = String::from(HEADER);
    for code in Code::ALL {
        text.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            code.as_str(),
            severity(code.severity()),
            cell(code.title()),
            cell(meaning(code.explanation())),
            cell(code.source()),
        ));
    }
    text
}

#[test]
fn diagnostics_md_matches_the_catalogue() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/DIAGNOSTICS.md");
    let generated = generate();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("write docs/DIAGNOSTICS.md");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != generated {
        let diff = similar::TextDiff::from_lines(&current, &generated)
            .unified_diff()
            .header("docs/DIAGNOSTICS.md", "generated")
            .to_string();
        panic!(
            "docs/DIAGNOSTICS.md is out of date with the diagnostic catalogue; \
             run `UPDATE_DOCS=1 cargo test --test diagnostics_doc`\n{diff}"
        );
    }
}

#[test]
fn every_code_has_a_row() {
    let generated = generate();
    for code in Code::ALL {
        assert!(
            generated.contains(&format!("| `{}` |", code.as_str())),
            "{} has no row",
            code.as_str()
        );
        assert!(
            !meaning(code.explanation()).is_empty(),
            "{} has an empty explanation",
            code.as_str()
        );
    }
}
