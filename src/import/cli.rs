//! The `jixiao import FILE… -o DIR` command.
//!
//! Inputs: `.docx` (its tables), `.xlsx`/`.xlsm`/`.xls` (every sheet) through
//! [`super::office`], anything else as a text copy with one cell a line (UTF-8, UTF-16 with a
//! byte-order mark, or GBK as Word's "save as text" writes it on Chinese Windows); all of them go
//! through the one recogniser [`super::import_rows`].
//!
//! Exit codes: 0 every file gave at least one form; 1 when a file holds no form, is unreadable
//! (not a zip, corrupt, password-protected, no table, old `.doc`), a generated form could not be
//! formatted, or an output file exists already and `--force` was not given (nothing is written
//! for that file); 2 on I/O errors.

use super::report::{FormReport, InputReport};
use super::{import_rows, office, rows, ImportedForm};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options of `jixiao import`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The budget year for forms that print none.
    pub year: Option<u32>,
    /// Overwrite `.jx` files that exist already (they may hold hand edits).
    pub force: bool,
    /// Print the `.jx` texts on stdout and write nothing (the report goes to stderr).
    pub dry_run: bool,
    /// Write a form whose indicator table could not be read (exit 0; the report says so).
    pub allow_partial: bool,
    /// The report as JSON ([`super::report::InputReport::json`]) instead of text lines.
    pub json: bool,
}

/// Runs `jixiao import FILE… -o DIR`: one `.jx` per form found, written atomically into
/// `output` ([`crate::cli::write_atomically`]), and a report on stdout (forms found, indicators,
/// skipped placeholder rows, unmapped cells). An input given twice is read once. A form with an
/// indicator-like region of which no indicator was read is partial: its report ends with
/// `注意: 没有读出绩效指标表（…）`, nothing is written for its file and the exit code is 1, unless
/// `--allow-partial`.
pub fn run(paths: &[PathBuf], output: &Path, options: &Options) -> ExitCode {
    let mut failed = false;
    let mut io_failed = false;
    let mut written: Vec<PathBuf> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut reports: Vec<InputReport> = Vec::new();
    // The report goes to stderr when stdout carries the `.jx` texts.
    let say = |text: &str| {
        if options.dry_run {
            eprint!("{text}");
        } else {
            crate::cli::print_out(text);
        }
    };
    for path in paths {
        let display = path.display();
        let identity = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if seen.contains(&identity) {
            eprintln!("注意: {display}: 同一文件给了两次，只导入一次");
            continue;
        }
        seen.push(identity);
        let mut report = InputReport {
            input: display.to_string(),
            ..InputReport::default()
        };
        let forms = match read_forms(path, options) {
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
                if !options.json {
                    eprintln!("错误: {display}: {message}");
                }
                report.error = Some(message);
                reports.push(report);
                continue;
            }
        };
        let partial = forms.iter().any(|f| f.missing_indicators.is_some());
        if options.dry_run {
            for form in &forms {
                crate::cli::print_out(&form.source);
                report.forms.push(FormReport::new(form, None));
            }
            if partial && !options.allow_partial {
                failed = true;
            }
            if !options.json {
                say(&report.text());
            }
            reports.push(report);
            continue;
        }
        // Names first, so that nothing is written for a file whose output would overwrite.
        let mut targets = Vec::new();
        for form in &forms {
            let mut target = output.join(form.file_name());
            let mut counter = 2;
            while written.contains(&target) || targets.contains(&target) {
                target = output.join(form.file_name().replace(".jx", &format!("-{counter}.jx")));
                counter += 1;
            }
            targets.push(target);
        }
        if partial && !options.allow_partial {
            failed = true;
            report.forms = forms.iter().map(|f| FormReport::new(f, None)).collect();
            report.not_written =
                Some("有表没有读出绩效指标表；要导入已读出的部分，加 --allow-partial".to_string());
            if !options.json {
                say(&report.text());
            }
            reports.push(report);
            continue;
        }
        if !options.force {
            if let Some(existing) = targets.iter().find(|t| t.exists()) {
                let message = format!(
                    "{} 已存在（可能有手工修改）；确认要覆盖时加 --force，或换一个输出目录",
                    existing.display()
                );
                if !options.json {
                    eprintln!("错误: {display}: {message}");
                }
                report.error = Some(message);
                reports.push(report);
                failed = true;
                continue;
            }
        }
        if let Err(error) = std::fs::create_dir_all(output) {
            eprintln!("错误: {}: {}", output.display(), io_message(&error));
            io_failed = true;
            break;
        }
        if !options.json {
            say(&format!("{display}: {} 张表\n", forms.len()));
        }
        for (form, target) in forms.iter().zip(targets) {
            if let Err(error) = crate::cli::write_atomically(&target, form.source.as_bytes()) {
                eprintln!("错误: {}: {}", target.display(), io_message(&error));
                io_failed = true;
                continue;
            }
            let form_report = FormReport::new(form, Some(target.display().to_string()));
            if !options.json {
                say(&form_report.text());
            }
            report.forms.push(form_report);
            written.push(target);
        }
        reports.push(report);
    }
    if options.json {
        say(&InputReport::json(&reports));
    }
    if io_failed {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Why an input gave no forms: a refused input (exit 1) or an I/O error (exit 2).
enum Refusal {
    Input(String),
    Io(String),
}

/// Reads one input and recognises its forms.
fn read_forms(path: &Path, options: &Options) -> Result<Vec<ImportedForm>, Refusal> {
    if path.is_dir() {
        return Err(Refusal::Io(
            "是目录：请给出文件（如 目录/*.docx 目录/*.xlsx）".into(),
        ));
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if extension.as_deref() == Some("jx") {
        return Err(Refusal::Input(
            "已经是 .jx 文件，不需要导入（用 jixiao check 检查它）".into(),
        ));
    }
    let bytes = std::fs::read(path).map_err(|error| Refusal::Io(io_message(&error)))?;
    // By what the file is, not by its name: a .docx saved as .doc, an .xlsx named .docx. A file
    // that is no Office file at all is read as its extension says (so a damaged .xlsx is told
    // it is damaged, not that it holds no form).
    let kind = office::sniff(&bytes);
    let rows =
        match (kind, extension.as_deref()) {
            (office::Sniffed::Docx, _) => office::docx_rows(&bytes),
            (office::Sniffed::Xlsx | office::Sniffed::Xls, _) => office::sheet_rows(&bytes),
            (office::Sniffed::OleCompound, Some("doc")) => {
                return Err(Refusal::Input(
                    "暂不支持旧版 .doc 格式，请在 Word 中另存为 .docx 后再导入".into(),
                ))
            }
            (office::Sniffed::OleCompound, Some("docx" | "xlsx" | "xlsm" | "xls")) => {
                office::sheet_rows(&bytes)
            }
            (office::Sniffed::Text, Some("docx" | "doc")) => office::docx_rows(&bytes),
            (office::Sniffed::Text, Some("xlsx" | "xlsm" | "xls")) => office::sheet_rows(&bytes),
            (office::Sniffed::Text, _) => {
                let text = decode_text(&bytes).map_err(Refusal::Input)?;
                // A web page (`.html`, `.htm`, or a saved page under any name): its tables.
                if matches!(
                    extension.as_deref(),
                    Some("html" | "htm" | "shtml" | "xhtml")
                ) || office::is_html(&text)
                {
                    office::html_rows(&text)
                } else {
                    Ok(rows(&text))
                }
            }
            (other, _) => Err(office::refusal(other)
                .unwrap_or_else(|| office::OfficeError("无法识别的文件".into()))),
        };
    rows.map_err(|e| Refusal::Input(e.to_string()))
        .and_then(|rows| {
            import_rows(&rows, options.year).map_err(|e| Refusal::Input(e.to_string()))
        })
}

/// A text copy's characters: UTF-8 (a byte-order mark dropped), UTF-16 with a byte-order mark, or
/// GBK (GB 18030), which Word's "save as text" writes on Chinese Windows.
fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, malformed) = encoding.decode(bytes);
        if !malformed {
            return Ok(text.trim_start_matches('\u{feff}').to_string());
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, _, malformed) = encoding_rs::GB18030.decode(bytes);
    if malformed {
        return Err("既不是 UTF-8 也不是 GBK 文本，没有找到绩效自评表；\
                    如果这是 Word 或 Excel 文件，请用 .docx/.xlsx 扩展名"
            .into());
    }
    Ok(text.into_owned())
}

/// An I/O error in words a finance office reads (the system's own text is English).
fn io_message(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let what = match error.kind() {
        ErrorKind::NotFound => "文件或目录不存在",
        ErrorKind::PermissionDenied => "没有权限（只读或属于别的用户）",
        ErrorKind::AlreadyExists => "已存在同名文件",
        ErrorKind::IsADirectory => "是目录，不是文件",
        ErrorKind::NotADirectory => "路径中有一段不是目录",
        ErrorKind::StorageFull => "磁盘已满",
        ErrorKind::InvalidFilename => "文件名不合法或过长",
        _ => "读写失败",
    };
    format!("{what}（{error}）")
}
