//! The front half shared by every command that compiles forms: which files, their text, the
//! workspace `jixiao.toml`, the profile, the message language and the thread pool.
//!
//! `check`, `build`, `diff` and `fmt` all start here, so they cannot drift apart: a workspace
//! on `execution-20` is checked, built and diffed under `execution-20`.

use super::args::{CompileArgs, RunArgs};
use super::exit::{english_count, usage_error};
use jixiao::{
    compile_decoded, forms, Compilation, DecodedText, Diagnostic, Lang, Options, Profile,
    SourceEncoding, WorkspaceConfig,
};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A source file found under one of the given paths.
pub(crate) struct SourceFile {
    /// The path as given or found.
    pub(crate) path: PathBuf,
    /// The path relative to the argument it was found under (for output names).
    pub(crate) relative: PathBuf,
}

/// The path that stands for standard input (`jixiao check -`, `jixiao fmt -`).
pub(crate) const STDIN: &str = "-";

/// Expands files and directories into `.jx` files, sorted, without duplicates. `-` stands for
/// standard input and is kept as it is.
///
/// Directories are walked by the `ignore` crate (the walker ripgrep uses): hidden files and
/// directories are skipped and `.gitignore` / `.ignore` are honoured, as in cargo and ruff; a
/// path given explicitly is always taken. Never stops at the first problem: a missing path, an
/// unreadable directory or a special file (a FIFO would block the reader forever) is reported in
/// the second list and the rest is still found. Symlinked directories are not followed (no
/// loops); a symlink to a regular `.jx` file is read through.
pub(crate) fn discover(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN {
            files.push(SourceFile {
                path: path.clone(),
                relative: path.clone(),
            });
            continue;
        }
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                problems.push(format!(
                    "{}: {}",
                    path.display(),
                    super::exit::io_error(&error)
                ));
                continue;
            }
        };
        if metadata.is_dir() {
            let mut found = walk(path, &mut problems);
            found.sort();
            for file in found {
                let relative = file
                    .strip_prefix(path)
                    .map_or_else(|_| file.clone(), Path::to_path_buf);
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

/// The paths a command was given, or `.` when none (as cargo and most linters do).
pub(crate) fn paths_or_current(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}

/// The deepest directory level searched: far below any real workspace, and a bound on a
/// hostile tree.
const MAX_DEPTH: usize = 64;

/// The `*.jx` regular files below `directory`, reporting what cannot be read.
fn walk(directory: &Path, problems: &mut Vec<String>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(directory)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .ignore(true)
        .parents(true)
        .follow_links(false)
        .max_depth(Some(MAX_DEPTH + 1))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                problems.push(format!("{}: {error}", directory.display()));
                continue;
            }
        };
        let path = entry.path();
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if entry.depth() > MAX_DEPTH {
                problems.push(format!(
                    "{}: nested more than {MAX_DEPTH} directories deep, skipped",
                    path.display()
                ));
            }
            continue;
        }
        if path.extension().is_none_or(|extension| extension != "jx") {
            continue;
        }
        if file_type.is_file() || (file_type.is_symlink() && path.is_file()) {
            found.push(path.to_path_buf());
        } else {
            problems.push(format!(
                "{}: not a regular file (不是普通文件), skipped",
                path.display()
            ));
        }
    }
    found
}

/// Reads a source file (`-`: standard input) in UTF-8, UTF-16 or GBK ([`jixiao::decode`]); a
/// UTF-8 BOM is kept (the grammar treats it as whitespace so spans stay true). Compile the
/// result with [`jixiao::compile_decoded`], which warns about an encoding other than UTF-8.
/// Errors: the message of [`read_source`]'s failure.
pub(crate) fn read(path: &Path) -> Result<DecodedText, String> {
    read_source(path).map_err(|failure| match failure {
        ReadFailure::TooLarge(message) | ReadFailure::Unreadable(message) => message,
    })
}

/// Why a source could not be read.
pub(crate) enum ReadFailure {
    /// Larger than [`jixiao::MAX_FILE_BYTES`]: refused before it is read whole (a 1 GiB file
    /// of blank lines once took 9.4 GB), reported as the library reports the limit (E0006).
    TooLarge(String),
    /// Not readable, or not text in UTF-8, UTF-16 or GBK (E0007).
    Unreadable(String),
}

/// Reads a source file (`-`: standard input), at most [`jixiao::MAX_FILE_BYTES`] of it.
pub(crate) fn read_source(path: &Path) -> Result<DecodedText, ReadFailure> {
    decode_source(path, &read_bytes(path)?)
}

/// The bytes of a source file (`-`: standard input), at most [`jixiao::MAX_FILE_BYTES`] of
/// them, not yet decoded: `build` hashes them and decodes only a source that changed.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadFailure> {
    use std::io::Read;
    let limit = jixiao::MAX_FILE_BYTES as u64;
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == STDIN {
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|file| {
            // Room for the whole file first: `read_to_end` through `take` has no size hint
            // and grew the buffer from 32 bytes, ten `read` calls for a 10 KB form.
            let size = file.metadata().map_or(0, |metadata| metadata.len());
            bytes.reserve_exact(size.min(limit) as usize + 1);
            file.take(limit + 1).read_to_end(&mut bytes)
        })
    };
    result.map_err(|error| {
        ReadFailure::Unreadable(format!(
            "{}: {}",
            shown_name(path),
            super::exit::io_error(&error)
        ))
    })?;
    if bytes.len() as u64 > limit {
        return Err(ReadFailure::TooLarge(match super::exit::run_lang() {
            Lang::Zh => format!(
                "{}: 文件超过 {limit} 字节（64 MiB）的限制，未读取",
                shown_name(path)
            ),
            Lang::En => {
                format!(
                    "{}: the file is over the {limit}-byte (64 MiB) limit; not read",
                    shown_name(path)
                )
            }
        }));
    }
    Ok(bytes)
}

/// Decodes the bytes [`read_bytes`] read of `path` (UTF-8, UTF-16 or GBK).
pub(crate) fn decode_source(path: &Path, bytes: &[u8]) -> Result<DecodedText, ReadFailure> {
    jixiao::decode(bytes).ok_or_else(|| {
        let name = shown_name(path);
        ReadFailure::Unreadable(match super::exit::run_lang() {
            Lang::Zh => format!("{name}: 不是 UTF-8、UTF-16 或 GBK 编码的文本；请另存为 UTF-8"),
            Lang::En => format!("{name}: not UTF-8, UTF-16 or GBK text; save it as UTF-8"),
        })
    })
}

/// A source as its messages name it.
fn shown_name(path: &Path) -> String {
    if path.as_os_str() == STDIN {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// The files a compiling command works on: the paths expanded, every problem printed. `Err` is
/// the exit code when there is nothing to do (no `.jx` file); `Ok` carries the files and
/// whether some path could not be read.
pub(crate) fn inputs(paths: &[PathBuf], lang: Lang) -> Result<(Vec<SourceFile>, bool), ExitCode> {
    let (files, problems) = discover(paths);
    for problem in &problems {
        super::exit::print_error(problem, lang);
    }
    if files.is_empty() {
        return Err(usage_error(
            match lang {
                Lang::Zh => "没有找到 .jx 文件",
                Lang::En => "no .jx files found",
            },
            lang,
        ));
    }
    Ok((files, !problems.is_empty()))
}

/// Compilation options for forms under `paths`: the `--profile` flag, else the workspace's
/// `jixiao.toml` (the nearest one above the first path), with the workspace's settings.
///
/// Errors (exit 2, printed): an unknown `--profile`, an unreadable or invalid `jixiao.toml`.
pub(crate) fn options(
    profile: Option<&str>,
    lang: Lang,
    strict: bool,
    paths: &[PathBuf],
) -> Result<Options, ExitCode> {
    check_profile(profile)?;
    let found = match paths.first() {
        Some(path) => find_config(path).map_err(|message| usage_error(&message, lang))?,
        None => None,
    };
    let workspace_file = found.as_ref().map(|(file, _)| shown_path(file));
    let config = found.map(|(_, config)| config).unwrap_or_default();
    Ok(Options {
        default_profile: profile.map(str::to_string).or(config.profile),
        settings: config.settings,
        lang,
        strict,
        workspace_file,
    })
}

/// Refuses an unknown `--profile` before anything is read (exit 2, with the built-in names).
pub(crate) fn check_profile(profile: Option<&str>) -> Result<(), ExitCode> {
    match profile.map(Profile::resolve) {
        Some(Err(unknown)) => Err(usage_error(&unknown.message().zh, Lang::Zh)),
        _ => Ok(()),
    }
}

/// [`options`] from the flags of `check` and `build`.
pub(crate) fn compile_options(
    compile: &CompileArgs,
    paths: &[PathBuf],
) -> Result<Options, ExitCode> {
    options(
        compile.profile.as_deref(),
        compile.lang.into(),
        compile.strict,
        paths,
    )
}

/// Finds and reads the nearest `jixiao.toml` in `start` or its parents, up to the workspace
/// root: the nearest directory holding `.git`. Outside a git repository only `start`'s own
/// directory counts: a `jixiao.toml` three folders up must not change scores silently.
/// `Ok(None)` when there is none. The file system is read here, at the edge: the library only
/// parses the text.
pub(crate) fn find_config(start: &Path) -> Result<Option<(PathBuf, WorkspaceConfig)>, String> {
    let start = if start.is_dir() {
        start
    } else {
        start.parent().unwrap_or(Path::new("."))
    };
    let absolute = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let in_repository = absolute
        .ancestors()
        .any(|directory| directory.join(".git").exists());
    for directory in absolute.ancestors() {
        let candidate = directory.join(WorkspaceConfig::FILE_NAME);
        if candidate.is_file() {
            let text = std::fs::read_to_string(&candidate).map_err(|error| {
                format!("{}: {}", candidate.display(), super::exit::io_error(&error))
            })?;
            return WorkspaceConfig::parse(&text, &candidate)
                .map(|config| Some((candidate, config)))
                .map_err(|error| error.to_string());
        }
        if !in_repository || directory.join(".git").exists() {
            break;
        }
    }
    Ok(None)
}

/// `path` relative to the working directory when it lies below it (outputs carry no absolute
/// paths of the machine that built them), else as it is.
fn shown_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|directory| std::fs::canonicalize(directory).ok())
        .and_then(|directory| path.strip_prefix(directory).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// A rayon pool of `jobs` threads (`None`: rayon's default, one per core or `RAYON_NUM_THREADS`).
/// A local pool rather than the global one, so that library users and tests are not affected.
///
/// The count is capped at [`MAX_JOBS`] and at the larger of the number of files and of cores:
/// `--jobs 100000` once started 14,000 threads for one file, which then spun for minutes
/// instead of checking it. (Not at the number of files alone: the forms of one file are
/// compiled on every thread too, so `--jobs 2` on one file of 4,800 forms uses two.)
pub(crate) fn thread_pool(
    run: &RunArgs,
    files: usize,
    lang: Lang,
) -> Result<rayon::ThreadPool, ExitCode> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = run.jobs {
        if jobs == 0 {
            return Err(usage_error("`--jobs` 至少为 1", lang));
        }
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        builder = builder.num_threads(jobs.min(files.max(cores)).min(MAX_JOBS));
    }
    builder
        .build()
        .map_err(|error| usage_error(&error.to_string(), lang))
}

/// The most threads `--jobs` starts: far above any core count this tool will meet.
const MAX_JOBS: usize = 256;

/// `，用时 1.23 秒` (`, took 1.23 s`) on a terminal or with `--timings`, else nothing: piped
/// output (CI logs, snapshots, `diff` of two runs) stays byte-identical from run to run.
pub(crate) fn elapsed_note(started: std::time::Instant, timings: bool, lang: Lang) -> String {
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

/// `检查了 3 个文件` / `checked 3 files`.
pub(crate) fn files_checked(files: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("检查了 {files} 个文件"),
        Lang::En => format!("checked {}", english_count(files, "file")),
    }
}

/// A progress bar on stderr, shown only on a terminal and only for runs long enough to need one.
pub(crate) struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// Below this many files a run takes well under a second: a bar would only flicker.
    const MINIMUM_FILES: usize = 200;

    pub(crate) fn new(files: usize) -> Progress {
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

    pub(crate) fn advance(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// [`jixiao::compile`] with the forms of a file of several compiled on the current rayon pool
/// ([`jixiao::forms`]): the same compilation, whatever the number of threads.
///
/// A file that was not UTF-8 is compiled whole: its encoding warning (W0001) belongs to no
/// form, which the form-by-form path would only find out after compiling every chunk.
///
/// `chunks` are what [`forms::chunks`] gives for this very text (`build` cuts each text once,
/// for its forms' headers and for its compilation).
pub(crate) fn compile_forms(
    decoded: &DecodedText,
    chunks: Option<Vec<(usize, usize)>>,
    path: Option<&str>,
    options: &Options,
) -> Compilation {
    let source = decoded.text.as_str();
    match chunks.filter(|chunks| chunks.len() > 1 && decoded.encoding == SourceEncoding::Utf8) {
        Some(chunks) => {
            let parts = chunks
                .par_iter()
                .map(|range| forms::compile_chunk(source, *range, options))
                .collect();
            forms::assemble(source, path, options, parts)
        }
        None => compile_decoded(decoded, path, options),
    }
}

/// The diagnostics of `source` and its number of forms, as [`compile_forms`] finds them, with
/// no form's evaluation kept past its chunk (`check`: a file of thousands of forms is checked
/// on every thread in little more memory than its text).
pub(crate) fn check_forms(decoded: &DecodedText, options: &Options) -> (Vec<Diagnostic>, usize) {
    let source = decoded.text.as_str();
    match forms::chunks(source)
        .filter(|chunks| chunks.len() > 1 && decoded.encoding == SourceEncoding::Utf8)
    {
        Some(chunks) => {
            let parts = chunks
                .par_iter()
                .map(|range| forms::compile_chunk(source, *range, options).without_evaluation())
                .collect();
            forms::assemble_diagnostics(source, options, parts)
        }
        None => {
            let compilation = compile_decoded(decoded, None, options);
            let forms = compilation.forms.len();
            (compilation.diagnostics, forms)
        }
    }
}
