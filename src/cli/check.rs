//! `jixiao check [PATH…]`: every diagnostic of every form, for people (stderr) or as JSON
//! (stdout: one `jixiao-check/1` document, or one record per line with `--format ndjson`).
//!
//! A file that exists but cannot be read or decoded is an error diagnostic (E0007) like any
//! other: in the human output, in the JSON and in the counts (exit 1). A path that does not
//! exist, or a bad flag, is a usage problem (exit 2).

use super::args::{CheckArgs, DiagnosticFormat, MessageFormat};
use super::exit::{self, english_count, print_out};
use super::workspace::{self, Progress, ReadFailure, SourceFile, STDIN};
use jixiao::{Code, Counts, Diagnostic, DiagnosticRecord, Lang, Options, Span, Style};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The tag of the document `check --format json` prints (`schema/jixiao-check-1.schema.json`).
pub(crate) const CHECK_SCHEMA: &str = "jixiao-check/1";

/// What `check` learnt from one file. Computed in parallel (nothing is printed there) and
/// printed afterwards in path order, so the output does not depend on the number of threads.
struct CheckedFile {
    /// The diagnostics rendered for people (`--format human`).
    human: String,
    /// The diagnostics as JSON records (`--format json`, `ndjson`, and the short format).
    records: Vec<DiagnosticRecord>,
    /// Errors and warnings.
    counts: Counts,
    /// Forms in the file.
    forms: usize,
}

/// How one run renders what it found.
#[derive(Clone, Copy)]
struct Rendering {
    format: DiagnosticFormat,
    message_format: MessageFormat,
    style: Style,
}

/// Reads, compiles and renders the diagnostics of one file; prints nothing. `display` is the
/// name the file goes by in messages.
fn check_file(path: &Path, display: &str, options: &Options, rendering: Rendering) -> CheckedFile {
    let (source, diagnostics, forms) = match workspace::read_source(path) {
        Ok(source) => {
            let (diagnostics, forms) = workspace::check_forms(&source, options);
            (source.text, diagnostics, forms)
        }
        Err(ReadFailure::Unreadable(message)) => (
            String::new(),
            vec![refused(Code::UnreadableFile, &message)],
            0,
        ),
        Err(ReadFailure::TooLarge(message)) => (
            String::new(),
            vec![refused(Code::LimitExceeded, &message)],
            0,
        ),
    };
    let counts = Counts::of(&diagnostics);
    let human_full = rendering.format == DiagnosticFormat::Human
        && rendering.message_format == MessageFormat::Full;
    CheckedFile {
        human: if human_full {
            jixiao::render_human(display, &source, &diagnostics, rendering.style)
        } else {
            String::new()
        },
        records: if human_full {
            Vec::new()
        } else {
            jixiao::diagnostic_records(Some(display), &source, &diagnostics, rendering.style.lang)
        },
        counts,
        forms,
    }
}

/// A file refused before compiling: E0007 (cannot be read or decoded) or E0006 (over the size
/// limit); `message` says why.
fn refused(code: Code, message: &str) -> Diagnostic {
    Diagnostic::new(code, Span::new(0, 0), message.to_string())
}

/// `file:line:col: warning[W0403]: message`, one line per diagnostic.
fn short_line(record: &DiagnosticRecord) -> String {
    let severity = match record.severity {
        jixiao::Severity::Error => "error",
        jixiao::Severity::Warning => "warning",
    };
    let line = format!(
        "{}:{}:{}: {severity}[{}]: {}",
        record.file.as_deref().unwrap_or("<stdin>"),
        record.line,
        record.column,
        record.code,
        record.message
    );
    // One line each: a line break inside a message would break the format.
    format!(
        "{}\n",
        jixiao::escape_for_terminal(&line).replace('\n', " ")
    )
}

/// Runs `jixiao check`.
pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    let started = std::time::Instant::now();
    let lang: Lang = args.compile.lang.into();
    if let Err(code) = workspace::check_profile(args.compile.profile.as_deref()) {
        return code;
    }
    let paths = workspace::paths_or_current(&args.paths);
    let (files, discovery_failed) = match workspace::inputs(&paths, lang) {
        Ok(found) => found,
        Err(code) => return code,
    };
    // The workspace of standard input is the one its stand-in name lives in.
    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdin>"));
    let lookup: Vec<PathBuf> = paths
        .iter()
        .map(|path| {
            if path.as_os_str() == STDIN {
                stdin_name
                    .parent()
                    .filter(|parent| !parent.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            } else {
                path.clone()
            }
        })
        .collect();
    let options = match workspace::compile_options(&args.compile, &lookup) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let pool = match workspace::thread_pool(&args.run, files.len(), lang) {
        Ok(pool) => pool,
        Err(code) => return code,
    };
    let rendering = Rendering {
        format: args.format,
        message_format: args.message_format,
        style: Style {
            color: exit::color_stderr(args.report.color),
            ascii: args.ascii,
            lang,
        },
    };
    let display = |file: &SourceFile| {
        if file.path.as_os_str() == STDIN {
            stdin_name.display().to_string()
        } else {
            file.path.display().to_string()
        }
    };
    let progress = Progress::new(files.len());
    let results: Vec<CheckedFile> = pool.install(|| {
        files
            .par_iter()
            .map(|file| {
                let checked = check_file(&file.path, &display(file), &options, rendering);
                progress.advance();
                checked
            })
            .collect()
    });
    progress.finish();

    let mut totals = Counts::default();
    let mut forms = 0;
    let mut records = Vec::new();
    let mut stderr = std::io::stderr().lock();
    for checked in results {
        totals.errors += checked.counts.errors;
        totals.warnings += checked.counts.warnings;
        forms += checked.forms;
        if args.report.quiet {
            continue;
        }
        match (args.format, args.message_format) {
            (DiagnosticFormat::Human, MessageFormat::Full) => {
                let _ = write!(stderr, "{}", checked.human);
            }
            (DiagnosticFormat::Human, MessageFormat::Short) => {
                for record in &checked.records {
                    let _ = write!(stderr, "{}", short_line(record));
                }
            }
            (DiagnosticFormat::Ndjson, _) => {
                for record in &checked.records {
                    let line = serde_json::to_string(record).unwrap_or_default();
                    print_out(&format!("{}\n", jixiao::html_safe(&line)));
                }
            }
            (DiagnosticFormat::Json, _) => records.extend(checked.records),
        }
    }
    let elapsed = workspace::elapsed_note(started, args.run.timings, lang);
    let clean = totals.errors == 0 && totals.warnings == 0 && !discovery_failed;
    match args.format {
        DiagnosticFormat::Human | DiagnosticFormat::Ndjson => {
            if !(args.report.quiet && clean) {
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
        }
        DiagnosticFormat::Json => {
            let document = serde_json::json!({
                "schema": CHECK_SCHEMA,
                "files": files.len(),
                "forms": forms,
                "errors": totals.errors,
                "warnings": totals.warnings,
                "diagnostics": records,
            });
            let text = serde_json::to_string_pretty(&document).unwrap_or_default();
            print_out(&format!("{}\n", jixiao::html_safe(&text)));
            // The time never goes into the JSON document, which must stay deterministic.
            if !elapsed.is_empty() && !args.report.quiet {
                let _ = writeln!(
                    stderr,
                    "{}{elapsed}",
                    workspace::files_checked(files.len(), lang)
                );
            }
        }
    }
    exit::of_run(discovery_failed, totals, args.deny_warnings)
}
