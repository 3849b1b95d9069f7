//! The `jixiao diff OLD NEW` command: two files, or two directories whose forms are paired by
//! kind and name.
//!
//! Exit codes, like `diff(1)`: 0 the two sides are equal, 1 they differ, 2 on usage or I/O
//! errors or when a form on either side has errors (its diagnostics go to stderr: an evaluation
//! with errors is not faithful, so comparing it would mislead). An empty file (such as
//! `/dev/null`, which git passes for an added or deleted file) has no forms.

use super::{diff_sides, html, text, DiffDocument};
use crate::cli::{discover, read};
use crate::diag::render::{render_human, Style};
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

/// Runs `jixiao diff` as parsed by clap: `OLD NEW`, or, with `--git-external`, git's seven
/// external-diff arguments (`OLD` is then git's path, `NEW` the old file and `rest` the others).
pub fn dispatch(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    git_external: bool,
    rest: &[PathBuf],
) -> ExitCode {
    if !git_external {
        if !rest.is_empty() {
            eprintln!("错误: `jixiao diff` 只接受两个路径：OLD NEW");
            return ExitCode::from(2);
        }
        return run(old, new, format);
    }
    match rest {
        [_old_hex, _old_mode, new_file, _new_hex, _new_mode] => git(old, new, new_file, format),
        _ => {
            eprintln!("错误: --git-external 需要 git 传入的 7 个参数");
            ExitCode::from(2)
        }
    }
}

/// git's external diff driver: a header naming the path, then the diff; exit 0 whether or not
/// the sides differ (git stops at a non-zero exit), 2 when a side cannot be compared.
fn git(path: &Path, old_file: &Path, new_file: &Path, format: DiffFormat) -> ExitCode {
    let (old_side, new_side) = match (side(old_file), side(new_file)) {
        (Ok(old_side), Ok(new_side)) => (old_side, new_side),
        (Err(message), _) | (_, Err(message)) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    // Name both sides by the repository path, not git's temporary files.
    let name = path.display().to_string();
    let old_refs: Vec<(Option<String>, &Evaluation)> = old_side
        .iter()
        .map(|(_, evaluation)| (Some(format!("a/{name}")), evaluation))
        .collect();
    let new_refs: Vec<(Option<String>, &Evaluation)> = new_side
        .iter()
        .map(|(_, evaluation)| (Some(format!("b/{name}")), evaluation))
        .collect();
    let document = diff_sides(&old_refs, &new_refs);
    match render(&document, format, true) {
        Ok(output) => {
            let header = format!("jixiao diff a/{name} b/{name}\n");
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(header.as_bytes());
            let _ = stdout.write_all(output.as_bytes());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("错误: {message}");
            ExitCode::from(2)
        }
    }
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
            let color = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
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
    let (found, problems) = discover(&[path.to_path_buf()]);
    if let Some(problem) = problems.first() {
        return Err(format!("错误: {problem}"));
    }
    let files: Vec<PathBuf> = found.into_iter().map(|file| file.path).collect();
    let style = Style {
        color: crate::cli::color_stderr(),
        ascii: false,
        lang: crate::lang::Lang::Zh,
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
        let has_errors = compilation
            .diagnostics
            .iter()
            .any(|diagnostic| diagnostic.is_error())
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
        Err(format!(
            "{problems}错误: 有错误的表单无法对比；请先用 `jixiao check` 修正"
        ))
    }
}
