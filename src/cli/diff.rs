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
use jixiao::{compile, Lang, Options, Style};
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
    match args.git_arguments.as_slice() {
        [_old_hex, _old_mode, new_file, _new_hex, _new_mode] => {
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

/// git's external diff driver: a header naming the path, then the diff; exit 0 whether or not
/// the sides differ (git stops at a non-zero exit), 2 when a side cannot be compared.
fn git(args: &DiffArgs, path: &Path, old_file: &Path, new_file: &Path, lang: Lang) -> ExitCode {
    // git's temporary files live outside the repository: the workspace is the one of `path`.
    let options = match side_options(args, path, lang) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let (old_side, new_side) = match (
        side(old_file, &options, lang),
        side(new_file, &options, lang),
    ) {
        (Ok(old_side), Ok(new_side)) => (old_side, new_side),
        (Err(message), _) | (_, Err(message)) => {
            say!("{}", message.trim_end_matches('\n'));
            return ExitCode::from(exit::USAGE);
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
    match render(&document, args.format, true) {
        Ok(output) => {
            print_out(&format!("jixiao diff a/{name} b/{name}\n{output}"));
            ExitCode::SUCCESS
        }
        Err(message) => usage_error(&message, lang),
    }
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
    let (old_side, new_side) = match (side(old, &old_options, lang), side(new, &new_options, lang))
    {
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
    let output = match render(&document, args.format, !both_directories) {
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
fn render(document: &DiffDocument, format: DiffFormat, detail: bool) -> Result<String, String> {
    let rendering = Rendering {
        color: exit::color_stdout(),
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
fn side(path: &Path, options: &Options, lang: Lang) -> Result<Vec<(String, Evaluation)>, String> {
    let prefix = error_prefix(lang);
    let (found, problems) = workspace::discover(&[path.to_path_buf()]);
    if let Some(problem) = problems.first() {
        return Err(format!("{prefix}{problem}\n"));
    }
    let files: Vec<PathBuf> = found.into_iter().map(|file| file.path).collect();
    let style = Style {
        color: exit::color_stderr(),
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
        let compilation = compile(&source, Some(&display), options);
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
