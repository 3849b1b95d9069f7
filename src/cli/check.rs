//! `jixiao check PATH…`: every diagnostic of every form, for people (stderr) or as JSON (stdout).

use super::args::{CheckArgs, DiagnosticFormat};
use super::exit::{self, english_count, error_prefix, print_out};
use super::workspace::{self, Progress, SourceFile};
use jixiao::{compile, Counts, DiagnosticRecord, Lang, Options, Style};
use rayon::prelude::*;
use std::io::Write;
use std::process::ExitCode;

/// What `check` learnt from one file. Computed in parallel (nothing is printed there) and
/// printed afterwards in path order, so the output does not depend on the number of threads.
struct CheckedFile {
    /// The message when the file could not be read.
    read_error: Option<String>,
    /// The diagnostics rendered for people (`--format human`).
    human: String,
    /// The diagnostics as JSON records (`--format json`).
    records: Vec<DiagnosticRecord>,
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
    let source = match workspace::read(&file.path) {
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
            checked.human =
                jixiao::render_human(&display, &source, &compilation.diagnostics, style);
        }
        DiagnosticFormat::Json => {
            checked.records = jixiao::diagnostic_records(
                Some(&display),
                &source,
                &compilation.diagnostics,
                style.lang,
            );
        }
    }
    checked
}

/// Runs `jixiao check`.
pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    let started = std::time::Instant::now();
    let lang: Lang = args.compile.lang.into();
    if let Err(code) = workspace::check_profile(args.compile.profile.as_deref()) {
        return code;
    }
    let (files, discovery_failed) = match workspace::inputs(&args.paths, lang) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let options = match workspace::compile_options(&args.compile, &args.paths) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let pool = match workspace::thread_pool(&args.run, files.len(), lang) {
        Ok(pool) => pool,
        Err(code) => return code,
    };
    let style = Style {
        color: exit::color_stderr(),
        ascii: args.ascii,
        lang,
    };
    let format = args.format;
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
    let elapsed = workspace::elapsed_note(started, args.run.timings, lang);
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
                "schema": jixiao::model::SCHEMA,
                "files": files.len(),
                "forms": forms,
                "errors": totals.errors,
                "warnings": totals.warnings,
                "diagnostics": records,
            });
            let text = serde_json::to_string_pretty(&document).unwrap_or_default();
            print_out(&format!("{}\n", jixiao::html_safe(&text)));
            // The time never goes into the JSON document, which must stay deterministic.
            if !elapsed.is_empty() {
                let _ = writeln!(
                    stderr,
                    "{}{elapsed}",
                    workspace::files_checked(files.len(), lang)
                );
            }
        }
    }
    exit::of_run(io_failed, totals, args.deny_warnings)
}
