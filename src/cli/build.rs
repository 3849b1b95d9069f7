//! `jixiao build PATH… -o DIR`: check, then write one output per form (JSON, HTML, or a
//! user's template) and the index page.

use super::args::{BuildArgs, OutputFormat};
use super::exit::{self, english_count, error_prefix, usage_error};
use super::workspace::{self, Progress, SourceFile};
use super::write::{catch_interrupts, interrupted, OutputDirectory};
use jixiao::model::Evaluation;
use jixiao::{
    compile, to_json, Compilation, Counts, IndexEntry, Lang, Options, ReportTemplate, Style,
    Templates,
};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    listed: Vec<(Evaluation, Option<String>)>,
    /// Every output file written, to detect two forms sharing one name.
    outputs: Vec<PathBuf>,
    /// The same, relative to the output directory (for the manifest).
    names: Vec<PathBuf>,
}

/// What every file of one `build` is compiled with and written to.
#[derive(Clone, Copy)]
struct Plan<'a> {
    /// How forms are compiled.
    options: &'a Options,
    /// Which outputs are written per form.
    format: OutputFormat,
    /// The page templates, when HTML is written.
    templates: Option<&'a Templates>,
    /// The user's per-form template (`--template FILE`).
    report: Option<&'a ReportTemplate>,
    /// The output directory.
    output: &'a OutputDirectory,
    /// How diagnostics are rendered.
    style: Style,
}

/// Reads, compiles and writes the outputs of one file; prints nothing.
fn build_file(file: &SourceFile, plan: &Plan<'_>) -> BuiltFile {
    let Plan {
        options,
        format,
        templates,
        report,
        output,
        style,
    } = *plan;
    let mut built = BuiltFile::default();
    if interrupted() {
        built.not_started = true;
        return built;
    }
    let display = file.path.display().to_string();
    let source = match workspace::read(&file.path) {
        Ok(source) => source,
        Err(message) => {
            built.read_error = Some(message);
            return built;
        }
    };
    let compilation: Compilation = compile(&source, Some(&display), options);
    built.counts = compilation.counts();
    built.human = jixiao::render_human(&display, &source, &compilation.diagnostics, style);
    let count = compilation.forms.len();
    for (index, form) in compilation.forms.into_iter().enumerate() {
        if form.has_errors {
            // Never leave a stale output that looks current: remove the previous run's files.
            let report_extension = report.map(ReportTemplate::extension);
            for extension in format.extensions().iter().copied().chain(report_extension) {
                let stale = output_name(&file.relative, index, count, extension);
                if let Err(error) = output.remove(&stale) {
                    built.failures.push(format!(
                        "{}{}: {error}",
                        error_prefix(style.lang),
                        output.path(&stale).display()
                    ));
                }
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
            let target = output.path(&name);
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
            built.names.push(name.clone());
            match output.write(&name, contents.as_bytes()) {
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
            let name = output_name(&file.relative, index, count, report.extension());
            let target = output.path(&name);
            built.outputs.push(target.clone());
            built.names.push(name.clone());
            let written = report
                .render(&form.evaluation)
                .map_err(|error| format!("{}{display}: {error}", error_prefix(style.lang)))
                .and_then(|text| {
                    output.write(&name, text.as_bytes()).map_err(|error| {
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
fn index_summary(mut evaluation: Evaluation) -> Evaluation {
    evaluation.goals = Vec::new();
    evaluation.indicators = Vec::new();
    evaluation.categories = Vec::new();
    evaluation
}

/// Runs `jixiao build`.
pub(crate) fn run(args: &BuildArgs) -> ExitCode {
    // Before anything is written: a signal from now on stops the run cleanly (lock released,
    // no temporary file left).
    catch_interrupts();
    let paths = &workspace::paths_or_current(&args.paths);
    let (output, format) = (args.output.as_path(), args.format);
    let template = args.template.as_deref();
    let started = std::time::Instant::now();
    let lang: Lang = args.compile.lang.into();
    if let Err(code) = workspace::check_profile(args.compile.profile.as_deref()) {
        return code;
    }
    let (files, discovery_failed) = match workspace::inputs(paths, lang) {
        Ok(found) => found,
        Err(code) => return code,
    };
    // Templates load before anything is written: a broken template writes nothing.
    let wants_html = format != OutputFormat::Json;
    // `--template FILE`: a user's template rendered per form beside the chosen formats.
    let report = match template.filter(|path| path.is_file()) {
        Some(path) => match ReportTemplate::load(path) {
            Ok(report) => Some(report),
            Err(error) => return usage_error(&error.to_string(), lang),
        },
        None => None,
    };
    let template = template.filter(|path| !path.is_file());
    let templates = match (wants_html, template) {
        (false, None) => None,
        (false, Some(_)) => {
            return usage_error(
                "`--template` 目录只用于 HTML 输出；请加上 `--format html` 或 `--format both`（单个模板文件可用于任何格式）",
                lang,
            )
        }
        (true, None) => Some(Templates::builtin()),
        (true, Some(directory)) if !directory.is_dir() => {
            return usage_error(
                &format!("{}: 模板目录不存在或不是目录", directory.display()),
                lang,
            )
        }
        (true, Some(directory)) => Some(Templates::with_overrides(directory)),
    };
    let templates = match templates.transpose() {
        Ok(templates) => templates,
        Err(error) => return usage_error(&error.to_string(), lang),
    };
    let sources: Vec<PathBuf> = files.iter().map(|file| file.path.clone()).collect();
    let output_directory = match OutputDirectory::create(output, &sources) {
        Ok(directory) => directory,
        Err(error) => return usage_error(&format!("{}: {error}", output.display()), lang),
    };
    // One run writes a directory at a time: two at once left an index of deleted pages.
    let _lock = match output_directory.lock() {
        Ok(lock) => lock,
        Err(message) => return usage_error(&message, lang),
    };
    output_directory.remove_stale_temporaries();
    let options = match workspace::compile_options(&args.compile, paths) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let pool = match workspace::thread_pool(&args.run, files.len(), lang) {
        Ok(pool) => pool,
        Err(code) => return code,
    };
    let style = Style {
        color: exit::color_stderr(args.report.color),
        ascii: false,
        lang,
    };
    let plan = Plan {
        options: &options,
        format,
        templates: templates.as_ref(),
        report: report.as_ref(),
        output: &output_directory,
        style,
    };
    let progress = Progress::new(files.len());
    let results: Vec<BuiltFile> = pool.install(|| {
        files
            .par_iter()
            .map(|file| {
                let built = build_file(file, &plan);
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
    let mut listed: Vec<(Evaluation, Option<String>)> = Vec::new();
    // Which source wrote each output: two forms must never share a file (a file holding two
    // forms writes `NAME.1` and `NAME.2`, which another file `NAME.1.jx` would also claim).
    let mut claimed: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    let index_target = output_directory.path(Path::new("index.html"));
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
    let results_names: Vec<PathBuf> = results
        .iter()
        .flat_map(|built| built.names.iter().cloned())
        .collect();
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
        if !args.report.quiet {
            let _ = write!(stderr, "{}", built.human);
        }
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
        return ExitCode::from(exit::INTERRUPTED);
    }
    let mut written_names: Vec<PathBuf> = results_names;
    if templates.is_some() && !index_taken {
        written_names.push(PathBuf::from("index.html"));
    }
    // Outputs of forms that are gone (a source deleted or renamed since the last build) are
    // removed, and only those: the manifest lists what jixiao wrote, never a foreign file.
    for failure in output_directory.replace_manifest(&written_names) {
        let _ = writeln!(stderr, "{}{failure}", error_prefix(lang));
        io_failed = true;
    }
    if let Some(templates) = templates.as_ref().filter(|_| !index_taken) {
        let entries: Vec<IndexEntry<'_>> = listed
            .iter()
            .map(|(evaluation, page)| IndexEntry {
                evaluation,
                page: page.as_deref(),
            })
            .collect();
        let target = output_directory.path(Path::new("index.html"));
        match templates.render_index(&entries) {
            Ok(html) => {
                if let Err(error) = output_directory.write(Path::new("index.html"), html.as_bytes())
                {
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
    let elapsed = workspace::elapsed_note(started, args.run.timings, lang);
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
    exit::of_run(io_failed, totals, args.deny_warnings)
}
/// An output path relative to the output directory as a `/`-separated link.
fn relative_link(name: &Path) -> String {
    name.components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
