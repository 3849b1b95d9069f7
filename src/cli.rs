//! The command line: argument parsing (clap), file discovery, output writing and exit codes.
//!
//! Exit codes (DESIGN.md): 0 clean, 1 errors (or warnings under `--deny-warnings`), 2 usage or
//! I/O problems. Human diagnostics go to stderr, machine output (`--format json`) to stdout.

use crate::diag::render::{render_human, Style};
use crate::diag::{Code, Counts};
use crate::render::html::{IndexEntry, Templates};
use crate::render::json::to_json;
use crate::{compile, Compilation, Options};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// jixiao (绩效): check, score and publish budget performance self-evaluation forms (.jx).
#[derive(Debug, Parser)]
#[command(name = "jixiao", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse, check and score files or directories; print every diagnostic.
    Check {
        /// `.jx` files or directories (searched recursively for `*.jx`).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
        format: DiagnosticFormat,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Profile for forms that name none (default: central-2020).
        #[arg(long)]
        profile: Option<String>,
        /// Draw reports with ASCII characters only.
        #[arg(long)]
        ascii: bool,
    },
    /// Check and write one output file per form into a directory.
    Build {
        /// `.jx` files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output directory (created if missing).
        #[arg(short, long)]
        output: PathBuf,
        /// What to write.
        #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
        format: OutputFormat,
        /// Profile for forms that name none (default: central-2020).
        #[arg(long)]
        profile: Option<String>,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// A directory of Tera templates overriding the built-in ones by name (`form.html`,
        /// `index.html`, `base.html`, `cell.html`).
        #[arg(long, value_name = "DIR")]
        template: Option<PathBuf>,
    },
    /// Print the long explanation of a diagnostic code (e.g. `jixiao explain W0302`).
    Explain {
        /// The code; omit to list every code.
        code: Option<String>,
    },
    /// Format files in place in the canonical layout, keeping every comment.
    Fmt {
        /// `.jx` files or directories (searched recursively for `*.jx`).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing; exit 1 when a file is not formatted (for CI).
        #[arg(long)]
        check: bool,
        /// Keyword language (default: the one most keywords of each file use).
        #[arg(long, value_enum)]
        lang: Option<crate::fmt::Lang>,
    },
    /// Compare two evaluations (files) or two workspaces (directories): exit 0 equal, 1 different.
    Diff {
        /// The old file or directory (e.g. last year's).
        old: PathBuf,
        /// The new file or directory.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::diff::cli::DiffFormat::Text)]
        format: crate::diff::cli::DiffFormat,
    },
}

/// How `check` prints diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Annotated source, like rustc.
    Human,
    /// One JSON document: every file's diagnostics.
    Json,
}

/// What `build` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// `NAME.json`, the `jixiao/1` document.
    Json,
    /// `NAME.html`, the disclosure page, plus `index.html` listing every form.
    Html,
    /// Both `NAME.json` and `NAME.html`, plus `index.html`.
    Both,
}

impl OutputFormat {
    /// The file extensions written per form.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            OutputFormat::Json => &["json"],
            OutputFormat::Html => &["html"],
            OutputFormat::Both => &["json", "html"],
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check {
            paths,
            format,
            deny_warnings,
            profile,
            ascii,
        } => check(&paths, format, deny_warnings, profile, ascii),
        Command::Build {
            paths,
            output,
            format,
            profile,
            deny_warnings,
            template,
        } => build(
            &paths,
            &output,
            format,
            profile,
            deny_warnings,
            template.as_deref(),
        ),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Fmt { paths, check, lang } => crate::fmt::cli::run(&paths, check, lang),
        Command::Diff { old, new, format } => crate::diff::cli::run(&old, &new, format),
    }
}

/// A source file found under one of the given paths.
struct SourceFile {
    /// The path as given or found.
    path: PathBuf,
    /// The path relative to the argument it was found under (for output names).
    relative: PathBuf,
}

/// Expands files and directories into `.jx` files, sorted, without duplicates.
fn discover(paths: &[PathBuf]) -> Result<Vec<SourceFile>, String> {
    let mut files = Vec::new();
    for path in paths {
        let metadata =
            std::fs::metadata(path).map_err(|error| format!("{}: {error}", path.display()))?;
        if metadata.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, 0).map_err(|error| format!("{}: {error}", path.display()))?;
            found.sort();
            for file in found {
                let relative = file
                    .strip_prefix(path)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| file.clone());
                files.push(SourceFile {
                    path: file,
                    relative,
                });
            }
        } else {
            let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            files.push(SourceFile {
                path: path.clone(),
                relative,
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(file.path.clone()));
    Ok(files)
}

/// Collects `*.jx` files below `directory`. Symlinked directories are not followed (no loops).
fn walk(directory: &Path, found: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > 64 {
        return Ok(());
    }
    for entry in std::fs::read_dir(directory)? {
        let entry = entry?;
        let file_type = entry.file_type()?;
        let path = entry.path();
        if file_type.is_dir() {
            walk(&path, found, depth + 1)?;
        } else if path.extension().is_some_and(|extension| extension == "jx") {
            found.push(path);
        }
    }
    Ok(())
}

/// Reads a source file; a BOM is kept (the grammar treats it as whitespace so spans stay true).
fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "{}: 不是 UTF-8 编码的文本（第 {} 字节处）；请另存为 UTF-8",
            path.display(),
            error.utf8_error().valid_up_to()
        )
    })
}

/// Compilation options: the `--profile` flag, else the workspace `jixiao.toml` (the nearest one
/// above the first path), with the workspace's settings.
fn options(profile: Option<String>, paths: &[PathBuf]) -> Result<Options, String> {
    let config = match paths.first() {
        Some(path) => crate::policy::config::WorkspaceConfig::discover(path)
            .map_err(|error| error.to_string())?,
        None => None,
    }
    .unwrap_or_default();
    Ok(Options {
        default_profile: profile.or(config.profile),
        settings: config.settings,
    })
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("错误: {message}");
    ExitCode::from(2)
}

fn check(
    paths: &[PathBuf],
    format: DiagnosticFormat,
    deny_warnings: bool,
    profile: Option<String>,
    ascii: bool,
) -> ExitCode {
    if let Some(code) = unknown_profile(profile.as_deref()) {
        return code;
    }
    let files = match discover(paths) {
        Ok(files) => files,
        Err(message) => return usage_error(&message),
    };
    let options = match options(profile, paths) {
        Ok(options) => options,
        Err(message) => return usage_error(&message),
    };
    let style = Style {
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        ascii,
    };
    let mut totals = Counts::default();
    let mut forms = 0;
    let mut io_failed = false;
    let mut records = Vec::new();
    let mut stderr = std::io::stderr().lock();
    for file in &files {
        let display = file.path.display().to_string();
        let source = match read(&file.path) {
            Ok(source) => source,
            Err(message) => {
                let _ = writeln!(stderr, "错误: {message}");
                io_failed = true;
                continue;
            }
        };
        let compilation = compile(&source, Some(&display), &options);
        let counts = compilation.counts();
        totals.errors += counts.errors;
        totals.warnings += counts.warnings;
        forms += compilation.forms.len();
        match format {
            DiagnosticFormat::Human => {
                let _ = write!(
                    stderr,
                    "{}",
                    render_human(&display, &source, &compilation.diagnostics, style)
                );
            }
            DiagnosticFormat::Json => {
                records.extend(compilation.diagnostics.iter().map(|diagnostic| {
                    crate::diag::render::record(Some(&display), &source, diagnostic)
                }))
            }
        }
    }
    match format {
        DiagnosticFormat::Human => {
            let _ = writeln!(
                stderr,
                "检查了 {} 个文件、{forms} 个表单：{} 个错误，{} 个警告",
                files.len(),
                totals.errors,
                totals.warnings
            );
        }
        DiagnosticFormat::Json => {
            let document = serde_json::json!({
                "schema": crate::model::SCHEMA,
                "files": files.len(),
                "forms": forms,
                "errors": totals.errors,
                "warnings": totals.warnings,
                "diagnostics": records,
            });
            let text = serde_json::to_string_pretty(&document).unwrap_or_default();
            println!("{}", crate::render::json::html_safe(&text));
        }
    }
    exit_code(io_failed, totals, deny_warnings)
}

fn exit_code(io_failed: bool, totals: Counts, deny_warnings: bool) -> ExitCode {
    if io_failed {
        ExitCode::from(2)
    } else if totals.errors > 0 || (deny_warnings && totals.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn unknown_profile(profile: Option<&str>) -> Option<ExitCode> {
    let name = profile?;
    if crate::policy::Profile::builtin(name).is_some() {
        return None;
    }
    Some(usage_error(&format!(
        "未知的评分规则 `{name}`；可用：{}",
        crate::policy::Profile::BUILTIN.join("、")
    )))
}

/// The output file name of form `index` of `count` in a file: `department.json`, or
/// `forms.2.json` when a file holds several forms.
fn output_name(relative: &Path, index: usize, count: usize, extension: &str) -> PathBuf {
    let stem = relative.with_extension("");
    let name = if count == 1 {
        stem
    } else {
        PathBuf::from(format!("{}.{}", stem.display(), index + 1))
    };
    let mut name = name.into_os_string();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// Writes `contents` to `path` atomically: a temporary file in the same directory, then rename.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let directory = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(directory)?;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = directory.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result =
        std::fs::write(&temporary, contents).and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

fn build(
    paths: &[PathBuf],
    output: &Path,
    format: OutputFormat,
    profile: Option<String>,
    deny_warnings: bool,
    template: Option<&Path>,
) -> ExitCode {
    if let Some(code) = unknown_profile(profile.as_deref()) {
        return code;
    }
    let files = match discover(paths) {
        Ok(files) => files,
        Err(message) => return usage_error(&message),
    };
    // Templates load before anything is written: a broken template writes nothing.
    let wants_html = format != OutputFormat::Json;
    let templates = match (wants_html, template) {
        (false, None) => None,
        (false, Some(_)) => {
            return usage_error(
                "`--template` 只用于 HTML 输出；请加上 `--format html` 或 `--format both`",
            )
        }
        (true, None) => Some(Templates::builtin()),
        (true, Some(directory)) if !directory.is_dir() => {
            return usage_error(&format!(
                "{}: 模板目录不存在或不是目录",
                directory.display()
            ))
        }
        (true, Some(directory)) => Some(Templates::with_overrides(directory)),
    };
    let templates = match templates.transpose() {
        Ok(templates) => templates,
        Err(error) => return usage_error(&error.to_string()),
    };
    if let Err(error) = std::fs::create_dir_all(output) {
        return usage_error(&format!("{}: {error}", output.display()));
    }
    let options = match options(profile, paths) {
        Ok(options) => options,
        Err(message) => return usage_error(&message),
    };
    let style = Style {
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        ascii: false,
    };
    let mut totals = Counts::default();
    let mut io_failed = false;
    let (mut written, mut skipped) = (0, 0);
    let mut stderr = std::io::stderr().lock();
    // Every form for the index, with its page (relative to the output directory) if written.
    let mut listed: Vec<(crate::model::Evaluation, Option<String>)> = Vec::new();
    for file in &files {
        let display = file.path.display().to_string();
        let source = match read(&file.path) {
            Ok(source) => source,
            Err(message) => {
                let _ = writeln!(stderr, "错误: {message}");
                io_failed = true;
                continue;
            }
        };
        let compilation: Compilation = compile(&source, Some(&display), &options);
        let counts = compilation.counts();
        totals.errors += counts.errors;
        totals.warnings += counts.warnings;
        let _ = write!(
            stderr,
            "{}",
            render_human(&display, &source, &compilation.diagnostics, style)
        );
        let count = compilation.forms.len();
        for (index, form) in compilation.forms.iter().enumerate() {
            if form.has_errors {
                // Never leave a stale output that looks current: remove the previous run's files.
                for extension in format.extensions() {
                    let stale = output.join(output_name(&file.relative, index, count, extension));
                    let _ = std::fs::remove_file(&stale);
                }
                listed.push((form.evaluation.clone(), None));
                skipped += 1;
                continue;
            }
            let mut page = None;
            let mut form_failed = false;
            for extension in format.extensions() {
                let name = output_name(&file.relative, index, count, extension);
                let target = output.join(&name);
                let contents = match (*extension, &templates) {
                    ("html", Some(templates)) => match templates.render_form(&form.evaluation) {
                        Ok(html) => html,
                        Err(error) => {
                            let _ = writeln!(stderr, "错误: {display}: {error}");
                            io_failed = true;
                            form_failed = true;
                            continue;
                        }
                    },
                    _ => to_json(&form.evaluation),
                };
                match write_atomically(&target, contents.as_bytes()) {
                    Ok(()) if *extension == "html" => page = Some(relative_link(&name)),
                    Ok(()) => {}
                    Err(error) => {
                        let _ = writeln!(stderr, "错误: {}: {error}", target.display());
                        io_failed = true;
                        form_failed = true;
                    }
                }
            }
            if !form_failed {
                written += 1;
            }
            listed.push((form.evaluation.clone(), page));
        }
    }
    if let Some(templates) = &templates {
        let entries: Vec<IndexEntry<'_>> = listed
            .iter()
            .map(|(evaluation, page)| IndexEntry {
                evaluation,
                page: page.as_deref(),
            })
            .collect();
        let target = output.join("index.html");
        match templates.render_index(&entries) {
            Ok(html) => {
                if let Err(error) = write_atomically(&target, html.as_bytes()) {
                    let _ = writeln!(stderr, "错误: {}: {error}", target.display());
                    io_failed = true;
                }
            }
            Err(error) => {
                let _ = writeln!(stderr, "错误: {error}");
                io_failed = true;
            }
        }
    }
    let _ = writeln!(
        stderr,
        "写出 {written} 个表单，{skipped} 个因错误未写出：{} 个错误，{} 个警告",
        totals.errors, totals.warnings
    );
    exit_code(io_failed, totals, deny_warnings)
}

/// An output path relative to the output directory as a `/`-separated link.
fn relative_link(name: &Path) -> String {
    name.components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn explain(code: Option<&str>) -> ExitCode {
    let Some(text) = code else {
        for code in Code::ALL {
            println!("{code}  {}", code.title());
        }
        return ExitCode::SUCCESS;
    };
    match Code::parse(text) {
        Some(code) => {
            println!("{code}: {}\n", code.title());
            println!("{}\n", code.explanation());
            println!("How to fix: {}", code.help());
            println!("Source: {}", code.source());
            ExitCode::SUCCESS
        }
        None => usage_error(&format!(
            "没有诊断代码 `{text}`；`jixiao explain` 列出全部代码"
        )),
    }
}
