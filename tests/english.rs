//! Diagnostics in English (`jixiao check --lang en`): every message, label, help line and note
//! is translated, and the two seed forms are snapshotted as an English reader sees them.
//!
//! An untranslated string is found two ways: its English equals its Chinese, or CJK text is left
//! once the user's own words are taken out of it (backticked and quoted spans, and any run of
//! CJK characters that occurs in the source file: names, units, values). Whatever CJK text
//! remains came from the compiler. The catalogue's help lines are exempt from the second rule:
//! they gloss terms in Chinese on purpose.

mod common;

use common::{root, DEPARTMENT, PROJECT};
use jixiao::Diagnostic;
use jixiao::{compile, Compilation, Options};
use jixiao::{render_human, Style};
use jixiao::{Lang, Text};
use std::path::{Path, PathBuf};

const ENGLISH: Style = Style {
    color: false,
    ascii: false,
    lang: Lang::En,
};

fn english_options() -> Options {
    Options {
        lang: Lang::En,
        ..Default::default()
    }
}

/// Reads `relative` (to the crate root) and compiles it with English diagnostics.
fn compile_english(relative: &str) -> (String, Compilation) {
    let source = std::fs::read_to_string(root().join(relative))
        .unwrap_or_else(|error| panic!("cannot read {relative}: {error}"));
    let compilation = compile(&source, Some(relative), &english_options());
    (source, compilation)
}

/// The `.jx` files of `directory` (relative to the crate root), sorted, as relative paths.
fn jx_files(directory: &str) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(directory))
        .unwrap_or_else(|error| panic!("cannot list {directory}: {error}"))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "jx"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            Path::new(directory)
                .join(path.file_name().expect("a file name"))
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// Han ideographs, CJK punctuation and full-width forms: none of them belongs in English text.
fn is_cjk(character: char) -> bool {
    matches!(character,
        '\u{3000}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}')
}

/// `text` without its backticked, “quoted”, "quoted" and 「quoted」 spans.
fn without_quoted(text: &str) -> String {
    let mut out = String::new();
    let mut closing: Option<char> = None;
    for character in text.chars() {
        match closing {
            Some(close) if character == close => closing = None,
            Some(_) => {}
            None => match character {
                '`' => closing = Some('`'),
                '“' => closing = Some('”'),
                '"' => closing = Some('"'),
                '「' => closing = Some('」'),
                _ => out.push(character),
            },
        }
    }
    out
}

/// The runs of CJK characters of `text` (outside quotes) that do not occur in `source`.
fn foreign_runs(text: &str, source: &str) -> Vec<String> {
    let text = without_quoted(text);
    let mut runs = Vec::new();
    let mut run = String::new();
    for character in text.chars().chain([' ']) {
        if is_cjk(character) {
            run.push(character);
        } else if !run.is_empty() {
            if !source.contains(&run) {
                runs.push(run.clone());
            }
            run.clear();
        }
    }
    runs
}

/// Every text of a diagnostic a reader sees, with what it is.
fn texts(diagnostic: &Diagnostic) -> Vec<(&'static str, &Text)> {
    let mut texts = vec![
        ("message", &diagnostic.message),
        ("span message", &diagnostic.span_message),
    ];
    texts.extend(
        diagnostic
            .labels
            .iter()
            .map(|label| ("label", &label.message)),
    );
    texts.extend(diagnostic.help.iter().map(|help| ("help", help)));
    texts.extend(diagnostic.notes.iter().map(|note| ("note", note)));
    texts
}

/// The problems with the English of one compiled file: untranslated texts (English equal to a
/// Chinese text) and CJK text the compiler wrote itself.
fn english_problems(path: &str, source: &str, compilation: &Compilation) -> Vec<String> {
    let mut problems = Vec::new();
    for diagnostic in &compilation.diagnostics {
        let code = diagnostic.code;
        for (what, text) in texts(diagnostic) {
            if text.zh.chars().any(is_cjk) && text.en == text.zh {
                problems.push(format!("{path}: {code} {what} not translated: {}", text.zh));
            }
            let runs = foreign_runs(&text.en, source);
            if !runs.is_empty() {
                problems.push(format!("{path}: {code} {what} `{}` has {runs:?}", text.en));
            }
        }
        // The catalogue's help lines gloss terms in Chinese on purpose (`adjusted budget
        // (全年预算数)`); they only need to exist.
        if diagnostic.help.is_none() && diagnostic.code.help_en() == diagnostic.code.help() {
            problems.push(format!("{path}: {code} catalogue help not translated"));
        }
    }
    // The records in the evaluations (JSON output) carry the chosen language too.
    for form in &compilation.forms {
        for record in &form.evaluation.diagnostics {
            let catalogue_help = compilation
                .diagnostics
                .iter()
                .any(|diagnostic| diagnostic.code.help_en() == record.help);
            let mut all = vec![record.message.as_str()];
            if !catalogue_help {
                all.push(record.help.as_str());
            }
            all.extend(record.notes.iter().map(String::as_str));
            all.extend(record.labels.iter().map(|label| label.message.as_str()));
            for text in all {
                let runs = foreign_runs(text, source);
                if !runs.is_empty() {
                    problems.push(format!(
                        "{path}: {} record `{text}` has {runs:?}",
                        record.code
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn the_rule_finds_untranslated_text() {
    let source = "项目 \"人代会\" 2021 {}";
    assert!(foreign_runs("indicator `开展次数` has no weight", source).is_empty());
    assert!(foreign_runs("target 2次 for 人代会", "2次 人代会").is_empty());
    assert_eq!(
        foreign_runs("指标 `x` 缺少分值", source),
        ["指标", "缺少分值"]
    );
    assert_eq!(foreign_runs("declared 10，should be 9", source), ["，"]);
}

#[test]
fn every_diagnostic_of_the_error_fixtures_is_in_english() {
    let mut files = jx_files("tests/errors");
    assert!(files.len() > 30, "one fixture per code");
    files.extend(jx_files("examples/renda-2021"));
    files.extend(jx_files("examples/renda-2022"));
    let mut problems = Vec::new();
    let mut diagnostics = 0;
    for path in &files {
        let (source, compilation) = compile_english(path);
        diagnostics += compilation.diagnostics.len();
        problems.extend(english_problems(path, &source, &compilation));
    }
    assert!(diagnostics > 40, "the fixtures report diagnostics");
    assert!(
        problems.is_empty(),
        "untranslated:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_diagnostic_of_the_real_forms_is_in_english() {
    let mut problems = Vec::new();
    for path in jx_files("tests/corpus/real") {
        let (source, compilation) = compile_english(&path);
        problems.extend(english_problems(&path, &source, &compilation));
    }
    assert!(
        problems.is_empty(),
        "untranslated:\n{}",
        problems.join("\n")
    );
}

#[test]
fn chinese_stays_the_default() {
    let (source, compilation) = compile_english(PROJECT);
    let english = render_human(PROJECT, &source, &compilation.diagnostics, ENGLISH);
    let chinese = render_human(
        PROJECT,
        &source,
        &compilation.diagnostics,
        Style {
            lang: Lang::Zh,
            ..ENGLISH
        },
    );
    assert_ne!(english, chinese);
    let default = compile(&source, Some(PROJECT), &Options::default());
    assert_eq!(
        default.diagnostics, compilation.diagnostics,
        "the language is chosen at rendering"
    );
}

#[test]
fn department_diagnostics_in_english() {
    let (source, compilation) = compile_english(DEPARTMENT);
    insta::assert_snapshot!(render_human(
        DEPARTMENT,
        &source,
        &compilation.diagnostics,
        ENGLISH
    ));
}

#[test]
fn project_diagnostics_in_english() {
    let (source, compilation) = compile_english(PROJECT);
    insta::assert_snapshot!(render_human(
        PROJECT,
        &source,
        &compilation.diagnostics,
        ENGLISH
    ));
}
