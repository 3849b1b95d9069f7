//! The `jixiao diff OLD NEW` command: two files, or two directories whose forms are paired by
//! kind and name.
//!
//! Exit codes, like `diff(1)`: 0 the two sides are equal, 1 they differ, 2 on usage or I/O
//! errors or when a form on either side has errors (its diagnostics go to stderr: an evaluation
//! with errors is not faithful, so comparing it would mislead). An empty file (such as
//! `/dev/null`, which git passes for an added or deleted file) has no forms.

use super::{diff_sides, html, text, DiffDocument};
use crate::diag::render::{render_human, Style};
use crate::fmt::cli::{discover, read};
use crate::model::Evaluation;
use crate::{compile, Options};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output format of `jixiao diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Aligned text; coloured on a terminal unless `NO_COLOR` is set.
    Text,
    /// The `jixiao-diff/1` document (docs/DIFF.md).
    Json,
    /// A self-contained side-by-side HTML page.
    Html,
}

/// Runs `jixiao diff OLD NEW --format …` and returns the exit code.
pub fn run(old: &Path, new: &Path, format: DiffFormat) -> ExitCode {
    let both_directories = old.is_dir() && new.is_dir();
    if old.is_dir() != new.is_dir() {
        eprintln!("错误: 要么比较两个文件，要么比较两个目录");
        return ExitCode::from(2);
    }
    let (old_side, new_side) = match (side(old), side(new)) {
        (Ok(old_side), Ok(new_side)) => (old_side, new_side),
        (Err(message), _) | (_, Err(message)) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let old_refs: Vec<(Option<String>, &Evaluation)> = old_side
        .iter()
        .map(|(file, evaluation)| (Some(file.clone()), evaluation))
        .collect();
    let new_refs: Vec<(Option<String>, &Evaluation)> = new_side
        .iter()
        .map(|(file, evaluation)| (Some(file.clone()), evaluation))
        .collect();
    let document = diff_sides(&old_refs, &new_refs);
    let output = match render(&document, format, !both_directories) {
        Ok(output) => output,
        Err(message) => {
            eprintln!("错误: {message}");
            return ExitCode::from(2);
        }
    };
    // A closed pipe (`jixiao diff … | head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(output.as_bytes());
    if document.equal {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Renders a diff document in `format`. `detail`: every change (two files) rather than one
/// line per pair (two directories; JSON and HTML always carry every change).
pub fn render(document: &DiffDocument, format: DiffFormat, detail: bool) -> Result<String, String> {
    match format {
        DiffFormat::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            Ok(text::render(document, color, detail))
        }
        DiffFormat::Json => serde_json::to_string_pretty(document)
            .map(|json| json + "\n")
            .map_err(|error| error.to_string()),
        DiffFormat::Html => html::render(document),
    }
}

/// Reads and compiles every form of one side. Errors: an unreadable path, or the rendered
/// diagnostics of files with errors.
fn side(path: &Path) -> Result<Vec<(String, Evaluation)>, String> {
    let files: Vec<PathBuf> = discover(&[path.to_path_buf()]).map_err(|message| format!("错误: {message}"))?;
    let style = Style {
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        ascii: false,
    };
    let mut forms = Vec::new();
    let mut problems = String::new();
    for file in files {
        let display = file.display().to_string();
        let source = read(&file).map_err(|message| format!("错误: {message}"))?;
        if source.trim_start_matches('\u{FEFF}').trim().is_empty() {
            continue;
        }
        let compilation = compile(&source, Some(&display), &Options::default());
        let has_errors = compilation.diagnostics.iter().any(|diagnostic| diagnostic.is_error())
            || compilation.forms.iter().any(|form| form.has_errors);
        if has_errors {
            let errors: Vec<_> = compilation
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.is_error())
                .cloned()
                .collect();
            problems.push_str(&render_human(&display, &source, &errors, style));
            continue;
        }
        forms.extend(
            compilation
                .forms
                .into_iter()
                .map(|form| (display.clone(), form.evaluation)),
        );
    }
    if problems.is_empty() {
        Ok(forms)
    } else {
        Err(format!("{problems}错误: 有错误的表单无法对比；请先用 `jixiao check` 修正"))
    }
}
