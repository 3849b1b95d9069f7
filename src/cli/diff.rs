//! `jixiao diff OLD NEW`: two files, or two directories whose forms are paired by kind and name.
//!
//! Exit codes, like `diff(1)`: 0 the two sides are equal, 1 they differ, 2 on usage or I/O
//! errors or when a form on either side has errors (its diagnostics go to stderr: an evaluation
//! with errors is not faithful, so comparing it would mislead). An empty file (such as
//! `/dev/null`, which git passes for an added or deleted file) has no forms.
//!
//! Each side is compiled as `check` and `build` compile it: under the `jixiao.toml` of its
//! workspace, `--profile` and `--lang`.

use super::args::{DiffArgs, DiffFormat};
use super::exit::{self, error_prefix, print_out, usage_error};
use super::workspace;
use jixiao::diff::{diff_sides, DiffDocument, Rendering};
use jixiao::model::Evaluation;
use jixiao::{compile_decoded, Lang, Options, Style};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `jixiao diff` as parsed by clap: `OLD NEW`, or, with `--git-external`, git's seven
/// external-diff arguments (`OLD` is then git's path, `NEW` the old file and the rest the others).
pub(crate) fn run(args: &DiffArgs) -> ExitCode {
    let lang: Lang = args.lang.into();
    if let Err(code) = workspace::check_profile(args.profile.as_deref()) {
        return code;
    }
    if !args.git_external {
        if !args.git_arguments.is_empty() {
            return usage_error(
                match lang {
                    Lang::Zh => "`jixiao diff` 只接受两个路径：OLD NEW",
                    Lang::En => "`jixiao diff` takes two paths: OLD NEW",
                },
                lang,
            );
        }
        return compare(args, &args.old, &args.new, lang);
    }
    // git passes 7 arguments, and 9 for a rename or copy (the new path and the similarity).
    match args.git_arguments.as_slice() {
        [_old_hex, _old_mode, new_file, _new_hex, _new_mode]
        | [_old_hex, _old_mode, new_file, _new_hex, _new_mode, _, _] => {
            git(args, &args.old, &args.new, new_file, lang)
        }
        _ => usage_error(
            match lang {
                Lang::Zh => "--git-external 需要 git 传入的 7 个参数",
                Lang::En => "--git-external needs the 7 arguments git passes",
            },
            lang,
        ),
    }
}

/// git's external diff driver: a header naming the path, then the diff; exit 0 whatever
/// happens, for git stops the whole `git diff` at a non-zero exit. An added or deleted file
/// (git passes `/dev/null`) is an empty side: its forms are listed as added or removed. A side
/// that does not compile (a commit with a syntax error) falls back to a plain line diff with a
/// one-line note.
fn git(args: &DiffArgs, path: &Path, old_file: &Path, new_file: &Path, lang: Lang) -> ExitCode {
    let name = path.display().to_string();
    // git's temporary files live outside the repository: the workspace is the one of `path`.
    // A broken workspace jixiao.toml still gives a diff (the note says a side did not compile).
    let Ok(options) = side_options(args, path, lang) else {
        return plain_diff(&name, old_file, new_file, lang);
    };
    let sides = (
        git_side(old_file, &options, lang, args.color),
        git_side(new_file, &options, lang, args.color),
    );
    let (Ok(old_side), Ok(new_side)) = sides else {
        return plain_diff(&name, old_file, new_file, lang);
    };
    // Name both sides by the repository path, not git's temporary files.
    let old_refs: Vec<(Option<String>, &Evaluation)> = old_side
        .iter()
        .map(|(_, evaluation)| (Some(format!("a/{name}")), evaluation))
        .collect();
    let new_refs: Vec<(Option<String>, &Evaluation)> = new_side
        .iter()
        .map(|(_, evaluation)| (Some(format!("b/{name}")), evaluation))
        .collect();
    let document = diff_sides(&old_refs, &new_refs);
    match render(&document, args.format, true, args.color) {
        Ok(output) => print_out(&format!("jixiao diff a/{name} b/{name}\n{output}")),
        Err(_) => return plain_diff(&name, old_file, new_file, lang),
    }
    ExitCode::SUCCESS
}

/// One side of git's external diff: `/dev/null` (or any file that is not a regular file) is an
/// empty side.
fn git_side(
    file: &Path,
    options: &Options,
    lang: Lang,
    color: super::args::ColorChoice,
) -> Result<Vec<(String, Evaluation)>, String> {
    if !std::fs::metadata(file).is_ok_and(|metadata| metadata.is_file()) {
        return Ok(Vec::new());
    }
    side(file, options, lang, color)
}

/// A plain line diff of git's two versions, with a one-line note saying why the semantic diff
/// could not be shown; always exit 0 (git must never stop).
fn plain_diff(name: &str, old_file: &Path, new_file: &Path, lang: Lang) -> ExitCode {
    let read = |file: &Path| {
        std::fs::read(file)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    };
    let (old_text, new_text) = (read(old_file), read(new_file));
    let note = match lang {
        Lang::Zh => {
            "注意: 有一方无法编译（有错误），以下是逐行对比；修正后 `jixiao check` 再看语义对比"
        }
        Lang::En => "note: one side does not compile (it has errors); a line diff follows",
    };
    let diff = similar::TextDiff::from_lines(&old_text, &new_text)
        .unified_diff()
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    let diff = jixiao::escape_for_terminal(&diff);
    print_out(&format!("jixiao diff a/{name} b/{name}\n{note}\n{diff}"));
    ExitCode::SUCCESS
}

/// `jixiao diff OLD NEW --format …`.
fn compare(args: &DiffArgs, old: &Path, new: &Path, lang: Lang) -> ExitCode {
    let both_directories = old.is_dir() && new.is_dir();
    if old.is_dir() != new.is_dir() {
        return usage_error(
            match lang {
                Lang::Zh => "要么比较两个文件，要么比较两个目录",
                Lang::En => "compare two files or two directories, not one of each",
            },
            lang,
        );
    }
    let sides = side_options(args, old, lang).and_then(|old_options| {
        side_options(args, new, lang).map(|new_options| (old_options, new_options))
    });
    let (old_options, new_options) = match sides {
        Ok(options) => options,
        Err(code) => return code,
    };
    let (old_side, new_side) = match (
        side(old, &old_options, lang, args.color),
        side(new, &new_options, lang, args.color),
    ) {
        (Ok(old_side), Ok(new_side)) => (old_side, new_side),
        (Err(message), _) | (_, Err(message)) => {
            say!("{}", message.trim_end_matches('\n'));
            return ExitCode::from(exit::USAGE);
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
    let output = match render(&document, args.format, !both_directories, args.color) {
        Ok(output) => output,
        Err(message) => return usage_error(&message, lang),
    };
    print_out(&output);
    if document.equal {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(exit::FAILURE)
    }
}

/// The compilation options of one side: its workspace's `jixiao.toml`, `--profile`, `--lang`.
fn side_options(args: &DiffArgs, path: &Path, lang: Lang) -> Result<Options, ExitCode> {
    workspace::options(args.profile.as_deref(), lang, false, &[path.to_path_buf()])
}

/// Renders a diff document in `format`. `detail`: every change (two files) rather than one
/// line per pair (two directories; JSON and HTML always carry every change).
fn render(
    document: &DiffDocument,
    format: DiffFormat,
    detail: bool,
    color: super::args::ColorChoice,
) -> Result<String, String> {
    let rendering = Rendering {
        color: exit::color_stdout(color),
        detail,
    };
    match format {
        DiffFormat::Text => Ok(jixiao::diff::to_text(document, rendering)),
        DiffFormat::Json => jixiao::diff::to_json(document),
        DiffFormat::Html => jixiao::diff::to_html(document),
    }
}

/// Reads and compiles every form of one side. Errors: an unreadable path, or the rendered
/// diagnostics of files with errors (each line ends with a newline).
fn side(
    path: &Path,
    options: &Options,
    lang: Lang,
    color: super::args::ColorChoice,
) -> Result<Vec<(String, Evaluation)>, String> {
    let prefix = error_prefix(lang);
    let (found, problems) = workspace::discover(&[path.to_path_buf()]);
    if let Some(problem) = problems.first() {
        return Err(format!("{prefix}{problem}\n"));
    }
    let files: Vec<PathBuf> = found.into_iter().map(|file| file.path).collect();
    let style = Style {
        color: exit::color_stderr(color),
        ascii: false,
        lang,
    };
    let mut forms = Vec::new();
    let mut problems = String::new();
    for file in files {
        let display = file.display().to_string();
        let source = workspace::read(&file).map_err(|message| format!("{prefix}{message}\n"))?;
        if source.trim_start_matches('\u{FEFF}').trim().is_empty() {
            continue;
        }
        let compilation = compile_decoded(&source, Some(&display), options);
        let has_errors = compilation
            .diagnostics
            .iter()
            .any(jixiao::Diagnostic::is_error)
            || compilation.forms.iter().any(|form| form.has_errors);
        if has_errors {
            let errors: Vec<_> = compilation
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.is_error())
                .cloned()
                .collect();
            problems.push_str(&jixiao::render_human(&display, &source, &errors, style));
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
        Err(match lang {
            Lang::Zh => format!("{problems}{prefix}有错误的表单无法对比；请先用 `jixiao check` 修正\n"),
            Lang::En => format!(
                "{problems}{prefix}forms with errors cannot be compared; fix them first (`jixiao check`)\n"
            ),
        })
    }
}
