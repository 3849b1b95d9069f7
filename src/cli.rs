//! The command line: argument parsing (clap), file discovery, output writing and exit codes.
//!
//! Exit codes (DESIGN.md): 0 clean, 1 errors (or warnings under `--deny-warnings`), 2 usage or
//! I/O problems. Human diagnostics go to stderr, machine output (`--format json`) to stdout.

use crate::diag::render::{render_human, Style};
use crate::diag::{Code, Counts};
use crate::lang::Lang;
use crate::render::html::{IndexEntry, ReportTemplate, Templates};
use crate::render::json::to_json;
use crate::{compile, Compilation, Options};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
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
        /// Draw reports with ASCII characters only.
        #[arg(long)]
        ascii: bool,
        /// Files compiled in parallel (default: one per core, or `RAYON_NUM_THREADS`; at most 256).
        #[arg(short, long, value_name = "N")]
        jobs: Option<usize>,
        /// Print the elapsed time in the summary even when stderr is not a terminal.
        #[arg(long)]
        timings: bool,
        /// How forms are compiled.
        #[command(flatten)]
        compile: CompileArgs,
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
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// A directory of Tera templates overriding the built-in ones by name (`form.html`,
        /// `index.html`, `base.html`, `cell.html`), or one template FILE rendered per form with
        /// the Evaluation model as `form` (`report.md` writes `NAME.md`).
        #[arg(long, value_name = "DIR|FILE")]
        template: Option<PathBuf>,
        /// Files compiled in parallel (default: one per core, or `RAYON_NUM_THREADS`; at most 256).
        #[arg(short, long, value_name = "N")]
        jobs: Option<usize>,
        /// Print the elapsed time in the summary even when stderr is not a terminal.
        #[arg(long)]
        timings: bool,
        /// How forms are compiled.
        #[command(flatten)]
        compile: CompileArgs,
    },
    /// Print the long explanation of a diagnostic code (e.g. `jixiao explain W0302`).
    Explain {
        /// The code; omit to list every code.
        code: Option<String>,
    },
    /// Print a commented template of a new form (`jixiao new --project > 项目.jx`).
    New {
        /// A project form (项目支出绩效自评表).
        #[arg(
            long,
            conflicts_with = "department",
            required_unless_present = "department"
        )]
        project: bool,
        /// A department form (部门整体支出绩效自评表).
        #[arg(long)]
        department: bool,
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
    /// Import filed forms (.docx, .xlsx, or text copies with one cell a line) into `.jx` files, one per form.
    Import {
        /// Filed forms: .docx, .xlsx/.xls, or text copies.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output directory (created if missing).
        #[arg(short, long, required_unless_present = "dry_run")]
        output: Option<PathBuf>,
        /// Budget year for forms that print none (a form's own year always wins).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1949..=2200))]
        year: Option<u32>,
        /// Overwrite `.jx` files that exist already in the output directory.
        #[arg(long)]
        force: bool,
        /// Print the `.jx` texts on stdout and write nothing (the report goes to stderr).
        #[arg(long)]
        dry_run: bool,
        /// Import a form whose indicator table could not be read (exit 0; the report says so).
        #[arg(long)]
        allow_partial: bool,
        /// Report format: text lines or JSON.
        #[arg(long, value_parser = ["text", "json"], default_value = "text")]
        format: String,
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
        /// Run as git's external diff driver (docs/GIT.md): git passes
        /// `PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE`.
        #[arg(long, hide = true)]
        git_external: bool,
        /// The rest of git's arguments (with `--git-external`).
        #[arg(hide = true)]
        git_arguments: Vec<PathBuf>,
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

/// Options shared by `check` and `build`: how forms are compiled.
#[derive(Debug, Clone, clap::Args)]
pub struct CompileArgs {
    /// Profile for forms that name none (default: the workspace's `jixiao.toml`, else
    /// central-2020).
    #[arg(long)]
    pub profile: Option<String>,
    /// Language of the diagnostics: zh (default) or en.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// Also report the judgement heuristics (W06xx: inflated scores, satisfaction without a
    /// survey figure, adjusted level-1 weights).
    #[arg(long)]
    pub strict: bool,
}

/// Whether to colour what goes to stderr: on a terminal, unless `NO_COLOR` is set to a
/// non-empty value (no-color.org: an empty value does not count).
pub(crate) fn color_stderr() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// Writes machine or listing output to stdout. A closed pipe (`jixiao explain | head -1`) means
/// the reader has what it wanted: the error is ignored rather than panicking as `print!` would.
pub(crate) fn print_out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check {
            paths,
            format,
            deny_warnings,
            ascii,
            jobs,
            timings,
            compile,
        } => check(
            &paths,
            format,
            deny_warnings,
            ascii,
            jobs,
            timings,
            &compile,
        ),
        Command::Build {
            paths,
            output,
            format,
            deny_warnings,
            template,
            jobs,
            timings,
            compile,
        } => build(
            &paths,
            &output,
            format,
            deny_warnings,
            template.as_deref(),
            jobs,
            timings,
            &compile,
        ),
        Command::Explain { code } => explain(code.as_deref()),
        Command::New { department, .. } => {
            let kind = if department {
                crate::syntax::ast::FormKind::Department
            } else {
                crate::syntax::ast::FormKind::Project
            };
            print_out(crate::scaffold::template(kind));
            ExitCode::SUCCESS
        }
        Command::Fmt { paths, check, lang } => crate::fmt::cli::run(&paths, check, lang),
        Command::Import {
            paths,
            output,
            year,
            force,
            dry_run,
            allow_partial,
            format,
        } => crate::import::cli::run(
            &paths,
            output.as_deref().unwrap_or(std::path::Path::new(".")),
            &crate::import::cli::Options {
                year,
                force,
                dry_run,
                allow_partial,
                json: format == "json",
            },
        ),
        Command::Diff {
            old,
            new,
            format,
            git_external,
            git_arguments,
        } => crate::diff::cli::dispatch(&old, &new, format, git_external, &git_arguments),
    }
}

/// A source file found under one of the given paths.
pub(crate) struct SourceFile {
    /// The path as given or found.
    pub(crate) path: PathBuf,
    /// The path relative to the argument it was found under (for output names).
    pub(crate) relative: PathBuf,
}

/// Expands files and directories into `.jx` files, sorted, without duplicates.
///
/// Never stops at the first problem: a missing path, an unreadable directory or a special file
/// (a FIFO would block the reader forever) is reported in the second list and the rest is
/// still found. Symlinked directories are not followed (no loops).
pub(crate) fn discover(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                problems.push(format!("{}: {error}", path.display()));
                continue;
            }
        };
        if metadata.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, &mut problems, 0);
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
        } else if metadata.is_file() {
            let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            files.push(SourceFile {
                path: path.clone(),
                relative,
            });
        } else {
            problems.push(format!(
                "{}: not a regular file (不是普通文件), skipped",
                path.display()
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(file.path.clone()));
    (files, problems)
}

/// Collects `*.jx` regular files below `directory`, reporting what it cannot read.
fn walk(directory: &Path, found: &mut Vec<PathBuf>, problems: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        problems.push(format!(
            "{}: nested more than 64 directories deep, skipped",
            directory.display()
        ));
        return;
    }
    let entries = match std::fs::read_dir(directory) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(format!("{}: {error}", directory.display()));
            return;
        }
    };
    for entry in entries {
        let (path, file_type) = match entry.and_then(|entry| Ok((entry.path(), entry.file_type()?)))
        {
            Ok(found) => found,
            Err(error) => {
                problems.push(format!("{}: {error}", directory.display()));
                continue;
            }
        };
        if file_type.is_dir() {
            walk(&path, found, problems, depth + 1);
        } else if path.extension().is_some_and(|extension| extension == "jx") {
            if file_type.is_file() {
                found.push(path);
            } else if file_type.is_symlink() && path.is_file() {
                // A symlink to a regular file is read through; one to anything else is not.
                found.push(path);
            } else {
                problems.push(format!(
                    "{}: not a regular file (不是普通文件), skipped",
                    path.display()
                ));
            }
        }
    }
}

/// Reads a source file; a BOM is kept (the grammar treats it as whitespace so spans stay true).
pub(crate) fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "{}: 不是 UTF-8 编码的文本（第 {} 字节处）；请另存为 UTF-8",
            path.display(),
            error.utf8_error().valid_up_to() + 1
        )
    })
}

/// The files `check` and `build` work on: the profile is checked, the paths expanded, every
/// problem printed. `Err` is the exit code when there is nothing to do (an unknown profile, no
/// `.jx` file); `Ok` carries the files and whether some path could not be read.
fn inputs(compile: &CompileArgs, paths: &[PathBuf]) -> Result<(Vec<SourceFile>, bool), ExitCode> {
    let lang = compile.lang;
    if let Some(code) = unknown_profile(compile.profile.as_deref()) {
        return Err(code);
    }
    let (files, problems) = discover(paths);
    for problem in &problems {
        eprintln!("{}{problem}", error_prefix(lang));
    }
    if files.is_empty() {
        return Err(usage_error_in(
            match lang {
                Lang::Zh => "没有找到 .jx 文件",
                Lang::En => "no .jx files found",
            },
            lang,
        ));
    }
    Ok((files, !problems.is_empty()))
}

/// Compilation options: the `--profile` flag, else the workspace `jixiao.toml` (the nearest one
/// above the first path), with the workspace's settings.
fn options(compile: &CompileArgs, paths: &[PathBuf]) -> Result<Options, String> {
    let config = match paths.first() {
        Some(path) => crate::policy::config::WorkspaceConfig::discover(path)
            .map_err(|error| error.to_string())?,
        None => None,
    }
    .unwrap_or_default();
    Ok(Options {
        default_profile: compile.profile.clone().or(config.profile),
        settings: config.settings,
        lang: compile.lang,
        strict: compile.strict,
    })
}

fn usage_error(message: &str) -> ExitCode {
    usage_error_in(message, Lang::Zh)
}

/// A usage error, with the `错误:` prefix in `lang`.
fn usage_error_in(message: &str, lang: Lang) -> ExitCode {
    eprintln!("{}{message}", error_prefix(lang));
    ExitCode::from(2)
}

/// The prefix of an error line: `错误: ` or `error: `.
fn error_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "错误: ",
        Lang::En => "error: ",
    }
}

/// `1 file`, `2 files` (English summary lines).
fn english_count(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}

/// What `check` learnt from one file. Computed in parallel (nothing is printed there) and
/// printed afterwards in path order, so the output does not depend on the number of threads.
struct CheckedFile {
    /// The message when the file could not be read.
    read_error: Option<String>,
    /// The diagnostics rendered for people (`--format human`).
    human: String,
    /// The diagnostics as JSON records (`--format json`).
    records: Vec<crate::model::DiagnosticRecord>,
    /// Errors and warnings.
    counts: Counts,
    /// Forms in the file.
    forms: usize,
}

/// Reads, compiles and renders the diagnostics of one file; prints nothing.
fn check_file(
    file: &SourceFile,
    options: &Options,
    format: DiagnosticFormat,
    style: Style,
) -> CheckedFile {
    let display = file.path.display().to_string();
    let mut checked = CheckedFile {
        read_error: None,
        human: String::new(),
        records: Vec::new(),
        counts: Counts::default(),
        forms: 0,
    };
    let source = match read(&file.path) {
        Ok(source) => source,
        Err(message) => {
            checked.read_error = Some(message);
            return checked;
        }
    };
    let compilation = compile(&source, Some(&display), options);
    checked.counts = compilation.counts();
    checked.forms = compilation.forms.len();
    match format {
        DiagnosticFormat::Human => {
            checked.human = render_human(&display, &source, &compilation.diagnostics, style);
        }
        DiagnosticFormat::Json => {
            checked.records = crate::diag::render::records(
                Some(&display),
                &source,
                &compilation.diagnostics,
                style.lang,
            );
        }
    }
    checked
}

#[allow(clippy::too_many_arguments)]
fn check(
    paths: &[PathBuf],
    format: DiagnosticFormat,
    deny_warnings: bool,
    ascii: bool,
    jobs: Option<usize>,
    timings: bool,
    compile: &CompileArgs,
) -> ExitCode {
    let started = std::time::Instant::now();
    let lang = compile.lang;
    let (files, discovery_failed) = match inputs(compile, paths) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let options = match options(compile, paths) {
        Ok(options) => options,
        Err(message) => return usage_error_in(&message, lang),
    };
    let pool = match thread_pool(jobs, files.len()) {
        Ok(pool) => pool,
        Err(message) => return usage_error_in(&message, lang),
    };
    let style = Style {
        color: crate::cli::color_stderr(),
        ascii,
        lang,
    };
    let progress = Progress::new(files.len());
    let results: Vec<CheckedFile> = pool.install(|| {
        files
            .par_iter()
            .map(|file| {
                let checked = check_file(file, &options, format, style);
                progress.advance();
                checked
            })
            .collect()
    });
    progress.finish();

    let mut totals = Counts::default();
    let mut forms = 0;
    let mut io_failed = discovery_failed;
    let mut records = Vec::new();
    let mut stderr = std::io::stderr().lock();
    for checked in results {
        if let Some(message) = checked.read_error {
            let _ = writeln!(stderr, "{}{message}", error_prefix(lang));
            io_failed = true;
            continue;
        }
        totals.errors += checked.counts.errors;
        totals.warnings += checked.counts.warnings;
        forms += checked.forms;
        let _ = write!(stderr, "{}", checked.human);
        records.extend(checked.records);
    }
    let elapsed = elapsed_note(started, timings, lang);
    match format {
        DiagnosticFormat::Human => {
            let _ = match lang {
                Lang::Zh => writeln!(
                    stderr,
                    "检查了 {} 个文件、{forms} 个表单：{} 个错误，{} 个警告{elapsed}",
                    files.len(),
                    totals.errors,
                    totals.warnings
                ),
                Lang::En => writeln!(
                    stderr,
                    "checked {}, {}: {}, {}{elapsed}",
                    english_count(files.len(), "file"),
                    english_count(forms, "form"),
                    english_count(totals.errors, "error"),
                    english_count(totals.warnings, "warning")
                ),
            };
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
            print_out(&format!("{}\n", crate::render::json::html_safe(&text)));
            // The time never goes into the JSON document, which must stay deterministic.
            if !elapsed.is_empty() {
                let _ = match lang {
                    Lang::Zh => writeln!(stderr, "检查了 {} 个文件{elapsed}", files.len()),
                    Lang::En => {
                        writeln!(
                            stderr,
                            "checked {}{elapsed}",
                            english_count(files.len(), "file")
                        )
                    }
                };
            }
        }
    }
    exit_code(io_failed, totals, deny_warnings)
}

/// A rayon pool of `jobs` threads (`None`: rayon's default, one per core or `RAYON_NUM_THREADS`).
/// A local pool rather than the global one, so that library users and tests are not affected.
///
/// The count is capped at the number of files and at [`MAX_JOBS`]: `--jobs 100000` once started
/// 14,000 threads for one file, which then spun for minutes instead of checking it.
fn thread_pool(jobs: Option<usize>, files: usize) -> Result<rayon::ThreadPool, String> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = jobs {
        if jobs == 0 {
            return Err("`--jobs` 至少为 1".to_string());
        }
        builder = builder.num_threads(jobs.min(files.max(1)).min(MAX_JOBS));
    }
    builder.build().map_err(|error| error.to_string())
}

/// The most threads `--jobs` starts: far above any core count this tool will meet.
const MAX_JOBS: usize = 256;

/// `，用时 1.23 秒` (`, took 1.23 s`) on a terminal or with `--timings`, else nothing: piped output (CI logs,
/// snapshots, `diff` of two runs) stays byte-identical from run to run.
fn elapsed_note(started: std::time::Instant, timings: bool, lang: Lang) -> String {
    if timings || std::io::stderr().is_terminal() {
        // Timing figures are not money: a float is fine here.
        let seconds = started.elapsed().as_secs_f64();
        match lang {
            Lang::Zh => format!("，用时 {seconds:.2} 秒"),
            Lang::En => format!(", took {seconds:.2} s"),
        }
    } else {
        String::new()
    }
}

/// A progress bar on stderr, shown only on a terminal and only for runs long enough to need one.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// Below this many files a run takes well under a second: a bar would only flicker.
    const MINIMUM_FILES: usize = 200;

    fn new(files: usize) -> Progress {
        if files < Self::MINIMUM_FILES || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new(files as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} 个文件 {per_sec} 剩余 {eta}",
        ) {
            bar.set_style(style);
        }
        Progress(Some(bar))
    }

    fn advance(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Set by the SIGINT handler of `build`: stop scheduling files, finish the writes under way
/// (each is a temporary file and a rename, so none is left half done) and exit 130.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Installs the SIGINT (Ctrl-C) handler once per process. Failure (a handler already set by an
/// embedding program) only means an interrupt kills the process the default way.
fn catch_interrupts() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
        });
    });
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
///
/// An existing file keeps what the user gave it: a symlink is followed (the file it points to
/// is replaced, the link stays a link), the permissions are carried over, and a read-only file
/// is refused with `PermissionDenied` rather than silently replaced.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let existing = std::fs::metadata(path).ok();
    if existing
        .as_ref()
        .is_some_and(|metadata| metadata.permissions().readonly())
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only (只读文件，未改写)",
        ));
    }
    let resolved = if existing.is_some() {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let path = resolved.as_path();
    let directory = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(directory)?;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The process id and a counter: two writers in this process (parallel builds) never share
    // a temporary file, even for the same target.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let serial = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = directory.join(format!(".{file_name}.{}.{serial}.tmp", std::process::id()));
    let result = std::fs::write(&temporary, contents)
        .and_then(|()| match &existing {
            Some(metadata) => std::fs::set_permissions(&temporary, metadata.permissions()),
            None => Ok(()),
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// What `build` did with one file. Computed in parallel (nothing is printed there) and reported
/// afterwards in path order; the files written do not depend on the number of threads either.
#[derive(Default)]
struct BuiltFile {
    /// The message when the file could not be read.
    read_error: Option<String>,
    /// The run was interrupted before this file was started.
    not_started: bool,
    /// The diagnostics rendered for people.
    human: String,
    /// Render and write failures, each a full message.
    failures: Vec<String>,
    /// Errors and warnings.
    counts: Counts,
    /// Forms whose outputs were all written.
    written: usize,
    /// Forms not written because of an error.
    skipped: usize,
    /// Every form for the index (only when HTML is written), with its page if written.
    listed: Vec<(crate::model::Evaluation, Option<String>)>,
    /// Every output file written, to detect two forms sharing one name.
    outputs: Vec<PathBuf>,
}

/// Reads, compiles and writes the outputs of one file; prints nothing.
fn build_file(
    file: &SourceFile,
    options: &Options,
    format: OutputFormat,
    templates: Option<&Templates>,
    report: Option<&ReportTemplate>,
    output: &Path,
    style: Style,
) -> BuiltFile {
    let mut built = BuiltFile::default();
    if interrupted() {
        built.not_started = true;
        return built;
    }
    let display = file.path.display().to_string();
    let source = match read(&file.path) {
        Ok(source) => source,
        Err(message) => {
            built.read_error = Some(message);
            return built;
        }
    };
    let compilation: Compilation = compile(&source, Some(&display), options);
    built.counts = compilation.counts();
    built.human = render_human(&display, &source, &compilation.diagnostics, style);
    let count = compilation.forms.len();
    for (index, form) in compilation.forms.into_iter().enumerate() {
        if form.has_errors {
            // Never leave a stale output that looks current: remove the previous run's files.
            let report_extension = report.map(ReportTemplate::extension);
            for extension in format.extensions().iter().copied().chain(report_extension) {
                let stale = output.join(output_name(&file.relative, index, count, extension));
                let _ = std::fs::remove_file(&stale);
            }
            if templates.is_some() {
                built.listed.push((index_summary(form.evaluation), None));
            }
            built.skipped += 1;
            continue;
        }
        let mut page = None;
        let mut form_failed = false;
        for extension in format.extensions() {
            let name = output_name(&file.relative, index, count, extension);
            let target = output.join(&name);
            let contents = match (*extension, templates) {
                ("html", Some(templates)) => match templates.render_form(&form.evaluation) {
                    Ok(html) => html,
                    Err(error) => {
                        built
                            .failures
                            .push(format!("{}{display}: {error}", error_prefix(style.lang)));
                        form_failed = true;
                        continue;
                    }
                },
                _ => to_json(&form.evaluation),
            };
            built.outputs.push(target.clone());
            match write_atomically(&target, contents.as_bytes()) {
                Ok(()) if *extension == "html" => page = Some(relative_link(&name)),
                Ok(()) => {}
                Err(error) => {
                    built.failures.push(format!(
                        "{}{}: {error}",
                        error_prefix(style.lang),
                        target.display()
                    ));
                    form_failed = true;
                }
            }
        }
        if let Some(report) = report {
            let target = output.join(output_name(
                &file.relative,
                index,
                count,
                report.extension(),
            ));
            built.outputs.push(target.clone());
            let written = report
                .render(&form.evaluation)
                .map_err(|error| format!("{}{display}: {error}", error_prefix(style.lang)))
                .and_then(|text| {
                    write_atomically(&target, text.as_bytes()).map_err(|error| {
                        format!("{}{}: {error}", error_prefix(style.lang), target.display())
                    })
                });
            if let Err(failure) = written {
                built.failures.push(failure);
                form_failed = true;
            }
        }
        if !form_failed {
            built.written += 1;
        }
        if templates.is_some() {
            built.listed.push((index_summary(form.evaluation), page));
        }
    }
    built
}

/// The part of an evaluation that `index.html` shows (`render::html::IndexView` reads the kind,
/// year, name, execution rate, total, grade and diagnostics). The goals and indicators are
/// dropped: a build keeps one summary per form until the end, and with them a province-sized
/// workspace held ~45 KB per form (2.2 GB for 50,000 forms, BENCHMARKS.md).
fn index_summary(mut evaluation: crate::model::Evaluation) -> crate::model::Evaluation {
    evaluation.goals = Vec::new();
    evaluation.indicators = Vec::new();
    evaluation.categories = Vec::new();
    evaluation
}

#[allow(clippy::too_many_arguments)]
fn build(
    paths: &[PathBuf],
    output: &Path,
    format: OutputFormat,
    deny_warnings: bool,
    template: Option<&Path>,
    jobs: Option<usize>,
    timings: bool,
    compile: &CompileArgs,
) -> ExitCode {
    let started = std::time::Instant::now();
    let lang = compile.lang;
    let (files, discovery_failed) = match inputs(compile, paths) {
        Ok(found) => found,
        Err(code) => return code,
    };
    // Templates load before anything is written: a broken template writes nothing.
    let wants_html = format != OutputFormat::Json;
    // `--template FILE`: a user's template rendered per form beside the chosen formats.
    let report = match template.filter(|path| path.is_file()) {
        Some(path) => match ReportTemplate::load(path) {
            Ok(report) => Some(report),
            Err(error) => return usage_error_in(&error.to_string(), lang),
        },
        None => None,
    };
    let template = template.filter(|path| !path.is_file());
    let templates = match (wants_html, template) {
        (false, None) => None,
        (false, Some(_)) => {
            return usage_error_in(
                "`--template` 目录只用于 HTML 输出；请加上 `--format html` 或 `--format both`（单个模板文件可用于任何格式）",
                lang,
            )
        }
        (true, None) => Some(Templates::builtin()),
        (true, Some(directory)) if !directory.is_dir() => {
            return usage_error_in(
                &format!("{}: 模板目录不存在或不是目录", directory.display()),
                lang,
            )
        }
        (true, Some(directory)) => Some(Templates::with_overrides(directory)),
    };
    let templates = match templates.transpose() {
        Ok(templates) => templates,
        Err(error) => return usage_error_in(&error.to_string(), lang),
    };
    if let Err(error) = std::fs::create_dir_all(output) {
        return usage_error_in(&format!("{}: {error}", output.display()), lang);
    }
    let options = match options(compile, paths) {
        Ok(options) => options,
        Err(message) => return usage_error_in(&message, lang),
    };
    let pool = match thread_pool(jobs, files.len()) {
        Ok(pool) => pool,
        Err(message) => return usage_error_in(&message, lang),
    };
    let style = Style {
        color: crate::cli::color_stderr(),
        ascii: false,
        lang,
    };
    catch_interrupts();
    let progress = Progress::new(files.len());
    let results: Vec<BuiltFile> = pool.install(|| {
        files
            .par_iter()
            .map(|file| {
                let built = build_file(
                    file,
                    &options,
                    format,
                    templates.as_ref(),
                    report.as_ref(),
                    output,
                    style,
                );
                progress.advance();
                built
            })
            .collect()
    });
    progress.finish();

    let mut totals = Counts::default();
    let mut io_failed = discovery_failed;
    let (mut written, mut skipped, mut not_started) = (0, 0, 0);
    let mut stderr = std::io::stderr().lock();
    // Every form for the index, with its page (relative to the output directory) if written.
    let mut listed: Vec<(crate::model::Evaluation, Option<String>)> = Vec::new();
    // Which source wrote each output: two forms must never share a file (a file holding two
    // forms writes `NAME.1` and `NAME.2`, which another file `NAME.1.jx` would also claim).
    let mut claimed: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    let index_target = output.join("index.html");
    let mut index_taken = false;
    for (position, built) in results.iter().enumerate() {
        for target in &built.outputs {
            if *target == index_target && !matches!(format, OutputFormat::Json) {
                index_taken = true;
            }
            if let Some(first) = claimed.insert(target.clone(), position) {
                let _ = writeln!(
                    stderr,
                    "{}{}: {}",
                    error_prefix(lang),
                    target.display(),
                    match lang {
                        Lang::Zh => format!("两个表单写到了同一个输出文件（{} 与 {}）；请给其中一个文件改名", files[first].path.display(), files[position].path.display()),
                        Lang::En => format!("two forms were written to the same output ({} and {}); rename one of the files", files[first].path.display(), files[position].path.display()),
                    }
                );
                io_failed = true;
            }
        }
    }
    if index_taken {
        let _ = writeln!(
            stderr,
            "{}{}: {}",
            error_prefix(lang),
            index_target.display(),
            match lang {
                Lang::Zh => "一个表单的页面与目录页 index.html 同名，目录页未写出；请给 index.jx 改名",
                Lang::En => "a form's page is named like the listing index.html, which is not written; rename index.jx",
            }
        );
        io_failed = true;
    }
    for built in results {
        if built.not_started {
            not_started += 1;
            continue;
        }
        if let Some(message) = built.read_error {
            let _ = writeln!(stderr, "{}{message}", error_prefix(lang));
            io_failed = true;
            continue;
        }
        totals.errors += built.counts.errors;
        totals.warnings += built.counts.warnings;
        let _ = write!(stderr, "{}", built.human);
        for failure in &built.failures {
            let _ = writeln!(stderr, "{failure}");
        }
        io_failed |= !built.failures.is_empty();
        written += built.written;
        skipped += built.skipped;
        listed.extend(built.listed);
    }
    if interrupted() {
        // The index would list only part of the workspace: keep the previous one.
        let _ = match lang {
            Lang::Zh => writeln!(
                stderr,
                "已中断：写出 {written} 个表单，{not_started} 个文件未处理；没有留下临时文件，index.html 未更新"
            ),
            Lang::En => writeln!(
                stderr,
                "interrupted: wrote {}, {} not processed; no temporary files left, index.html not updated",
                english_count(written, "form"),
                english_count(not_started, "file")
            ),
        };
        return ExitCode::from(130);
    }
    if let Some(templates) = templates.as_ref().filter(|_| !index_taken) {
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
                    let _ = writeln!(
                        stderr,
                        "{}{}: {error}",
                        error_prefix(lang),
                        target.display()
                    );
                    io_failed = true;
                }
            }
            Err(error) => {
                let _ = writeln!(stderr, "{}{error}", error_prefix(lang));
                io_failed = true;
            }
        }
    }
    let elapsed = elapsed_note(started, timings, lang);
    let _ = match lang {
        Lang::Zh => writeln!(
            stderr,
            "写出 {written} 个表单，{skipped} 个因错误未写出：{} 个错误，{} 个警告{elapsed}",
            totals.errors, totals.warnings
        ),
        Lang::En => writeln!(
            stderr,
            "wrote {}, {skipped} not written because of errors: {}, {}{elapsed}",
            english_count(written, "form"),
            english_count(totals.errors, "error"),
            english_count(totals.warnings, "warning")
        ),
    };
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
        let mut codes = Code::ALL.to_vec();
        codes.sort_by_key(|code| code.as_str());
        for code in codes {
            print_out(&format!("{code}  {}\n", code.title()));
        }
        return ExitCode::SUCCESS;
    };
    match Code::parse(text) {
        Some(code) => {
            print_out(&format!(
                "{code}: {} ({})\n\n{}\n\nHow to fix: {}\n（{}）\nSource: {}\n",
                code.title(),
                code.title_en(),
                code.explanation(),
                code.help_en(),
                code.help(),
                code.source()
            ));
            ExitCode::SUCCESS
        }
        None => usage_error(&format!(
            "没有诊断代码 `{text}`；`jixiao explain` 列出全部代码"
        )),
    }
}
