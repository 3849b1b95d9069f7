//! `jixiao import FILE… -o DIR`: filed forms (Word, Excel, web pages, text copies) → one `.jx`
//! per form.
//!
//! The bytes of each input go to the library ([`jixiao::import::read_input`]), which sniffs,
//! reads and recognises them and says what it read ([`jixiao::import::report`]); this command
//! reads and writes files and prints the report.
//!
//! Exit codes: 0 every file gave at least one form; 1 when a file holds no form, is unreadable
//! (not a zip, corrupt, password-protected, no table, old `.doc`), a generated form could not be
//! formatted, a form's indicator table could not be read (unless `--allow-partial`), or an
//! output file exists already and `--force` was not given (nothing is written for that file);
//! 2 on I/O errors.

use super::args::{ImportArgs, ReportFormat};
use super::exit::{self, error_prefix, io_message, note_prefix, print_out};
use super::write::OutputDirectory;
use jixiao::import::report::{FormReport, InputReport};
use jixiao::import::{read_input, ImportedForm};
use jixiao::Lang;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Why an input gave no forms: a refused input (exit 1) or an I/O error (exit 2).
enum Refusal {
    Input(String),
    Io(String),
}

/// Runs `jixiao import`: one `.jx` per form found, written atomically into the output
/// directory (or printed, with `--dry-run`), and a report (forms found, indicators, skipped
/// placeholder rows, unmapped cells). An input given twice is read once. A form with an
/// indicator-like region of which no indicator was read is partial: its report ends with
/// `注意: 没有读出绩效指标表（…）`, nothing is written for its file and the exit code is 1, unless
/// `--allow-partial`.
pub(crate) fn run(args: &ImportArgs) -> ExitCode {
    let lang: Lang = args.lang.into();
    let json = args.format == ReportFormat::Json;
    let output = args.output.as_deref().unwrap_or(Path::new("."));
    let mut failed = false;
    let mut io_failed = false;
    let mut written: Vec<PathBuf> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut reports: Vec<InputReport> = Vec::new();
    let mut directory: Option<OutputDirectory> = None;
    // The report goes to stderr when stdout carries the `.jx` texts.
    let tell = |text: &str| {
        if args.dry_run {
            say!("{}", text.trim_end_matches('\n'));
        } else {
            print_out(text);
        }
    };
    for path in &args.paths {
        let display = path.display();
        let identity = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if seen.contains(&identity) {
            say!(
                "{}{display}: {}",
                note_prefix(lang),
                match lang {
                    Lang::Zh => "同一文件给了两次，只导入一次",
                    Lang::En => "the same file was given twice; imported once",
                }
            );
            continue;
        }
        seen.push(identity);
        let mut report = InputReport {
            input: display.to_string(),
            ..InputReport::default()
        };
        let forms = match read_forms(path, args.year, lang) {
            Ok(forms) => forms,
            Err(refusal) => {
                let message = match refusal {
                    Refusal::Input(message) => {
                        failed = true;
                        message
                    }
                    Refusal::Io(message) => {
                        io_failed = true;
                        message
                    }
                };
                if !json {
                    say!("{}{display}: {message}", error_prefix(lang));
                }
                report.error = Some(message);
                reports.push(report);
                continue;
            }
        };
        let partial = forms.iter().any(|form| form.missing_indicators.is_some());
        if args.dry_run {
            for form in &forms {
                print_out(&form.source);
                report.forms.push(FormReport::new(form, None));
            }
            if partial && !args.allow_partial {
                failed = true;
            }
            if !json {
                tell(&input_text(&report, lang));
            }
            reports.push(report);
            continue;
        }
        // Names first, so that nothing is written for a file whose output would overwrite.
        let mut targets: Vec<PathBuf> = Vec::new();
        for form in &forms {
            let mut target = PathBuf::from(form.file_name());
            let mut counter = 2;
            while written.contains(&target) || targets.contains(&target) {
                target = PathBuf::from(form.file_name().replace(".jx", &format!("-{counter}.jx")));
                counter += 1;
            }
            targets.push(target);
        }
        if partial && !args.allow_partial {
            failed = true;
            report.forms = forms
                .iter()
                .map(|form| FormReport::new(form, None))
                .collect();
            report.not_written = Some(
                match lang {
                    Lang::Zh => "有表没有读出绩效指标表；要导入已读出的部分，加 --allow-partial",
                    Lang::En => "a form's indicator table was not read; add --allow-partial to import what was read",
                }
                .to_string(),
            );
            if !json {
                tell(&input_text(&report, lang));
            }
            reports.push(report);
            continue;
        }
        if !args.force {
            if let Some(existing) = targets
                .iter()
                .map(|target| output.join(target))
                .find(|target| std::fs::symlink_metadata(target).is_ok())
            {
                let message = match lang {
                    Lang::Zh => format!(
                        "{} 已存在（可能有手工修改）；确认要覆盖时加 --force，或换一个输出目录",
                        existing.display()
                    ),
                    Lang::En => format!(
                        "{} exists already (it may hold hand edits); add --force to overwrite it, or choose another output directory",
                        existing.display()
                    ),
                };
                if !json {
                    say!("{}{display}: {message}", error_prefix(lang));
                }
                report.error = Some(message);
                reports.push(report);
                failed = true;
                continue;
            }
        }
        if directory.is_none() {
            match OutputDirectory::create(output, &args.paths) {
                Ok(created) => {
                    created.remove_stale_temporaries();
                    directory = Some(created);
                }
                Err(error) => {
                    say!(
                        "{}{}: {}",
                        error_prefix(lang),
                        output.display(),
                        io_message(&error, lang)
                    );
                    io_failed = true;
                    break;
                }
            }
        }
        let Some(directory) = directory.as_ref() else {
            break;
        };
        if !json {
            tell(&match lang {
                Lang::Zh => format!("{display}: {} 张表\n", forms.len()),
                Lang::En => format!("{display}: {}\n", exit::english_count(forms.len(), "form")),
            });
        }
        for (form, target) in forms.iter().zip(targets) {
            if let Err(error) = directory.write(&target, form.source.as_bytes()) {
                say!(
                    "{}{}: {error}",
                    error_prefix(lang),
                    directory.path(&target).display()
                );
                io_failed = true;
                continue;
            }
            let form_report =
                FormReport::new(form, Some(directory.path(&target).display().to_string()));
            if !json {
                tell(&form_text(&form_report, lang));
            }
            report.forms.push(form_report);
            written.push(target);
        }
        reports.push(report);
    }
    if json {
        tell(&InputReport::json(&reports));
    }
    if io_failed {
        ExitCode::from(exit::USAGE)
    } else if failed {
        ExitCode::from(exit::FAILURE)
    } else {
        ExitCode::SUCCESS
    }
}

/// The report of one input as text lines in `lang` (the library writes the Chinese).
fn input_text(report: &InputReport, lang: Lang) -> String {
    match lang {
        Lang::Zh => report.text(),
        Lang::En => {
            if let Some(error) = &report.error {
                return format!("error: {}: {error}\n", report.input);
            }
            let mut text = format!(
                "{}: {}",
                report.input,
                exit::english_count(report.forms.len(), "form")
            );
            if let Some(reason) = &report.not_written {
                text.push_str(&format!(", not written: {reason}"));
            }
            text.push('\n');
            for form in &report.forms {
                text.push_str(&form_text(form, lang));
            }
            text
        }
    }
}

/// The report of one form as text lines in `lang` (cell texts and places stay as read).
fn form_text(form: &FormReport, lang: Lang) -> String {
    if lang == Lang::Zh {
        return form.text();
    }
    let mut text = format!(
        "  {} 「{}」 → {}: {} indicators, {} cells not recognised\n",
        form.kind,
        form.name,
        form.written.as_deref().unwrap_or("(not written)"),
        form.indicators,
        form.unmapped.len()
    );
    for item in &form.warnings {
        text.push_str(&format!("    note {item}\n"));
    }
    for item in &form.skipped {
        text.push_str(&format!("    skipped {item}\n"));
    }
    for cell in &form.unmapped {
        text.push_str(&format!(
            "    not recognised {}: {}\n",
            cell.place, cell.text
        ));
    }
    if let Some(region) = &form.missing_indicators {
        text.push_str(&format!("  note: no indicator table was read ({region})\n"));
    }
    text
}

/// Reads one input file and recognises its forms.
fn read_forms(path: &Path, year: Option<u32>, lang: Lang) -> Result<Vec<ImportedForm>, Refusal> {
    if path.is_dir() {
        return Err(Refusal::Io(
            match lang {
                Lang::Zh => "是目录：请给出文件（如 目录/*.docx 目录/*.xlsx）",
                Lang::En => "is a directory: give files (such as dir/*.docx dir/*.xlsx)",
            }
            .into(),
        ));
    }
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    if extension.as_deref() == Some("jx") {
        // Refused before it is read (a .jx may be large); the library says the same.
        return read_input(b"", Some("jx"), year)
            .map_err(|error| Refusal::Input(error.message(lang).to_string()));
    }
    // A named pipe would block forever, a device would never end: only regular files are read,
    // and no more than the largest filed form could be.
    let metadata =
        std::fs::metadata(path).map_err(|error| Refusal::Io(io_message(&error, lang)))?;
    if !metadata.is_file() {
        return Err(Refusal::Input(
            match lang {
                Lang::Zh => "不是普通文件（管道、设备或套接字），未读取",
                Lang::En => "not a regular file (a pipe, device or socket); not read",
            }
            .into(),
        ));
    }
    let bytes = read_at_most(path, MAX_INPUT_BYTES)
        .map_err(|error| Refusal::Io(io_message(&error, lang)))?
        .ok_or_else(|| {
            Refusal::Input(match lang {
                Lang::Zh => format!(
                    "文件超过 {} MB，不像一份自评表，未读取",
                    MAX_INPUT_BYTES / (1024 * 1024)
                ),
                Lang::En => format!(
                    "larger than {} MB, which no filed form is; not read",
                    MAX_INPUT_BYTES / (1024 * 1024)
                ),
            })
        })?;
    read_input(&bytes, extension.as_deref(), year)
        .map_err(|error| Refusal::Input(error.message(lang).to_string()))
}

/// The largest input `import` reads: 256 MB, far above any filed form (the Word and Excel
/// readers have their own limits inside the file).
const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The bytes of `path`, or `None` when it holds more than `limit` bytes (read no further).
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}
