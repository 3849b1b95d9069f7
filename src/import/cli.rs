//! The `jixiao import FILE… -o DIR` command.
//!
//! Inputs: `.docx` (its tables), `.xlsx`/`.xlsm`/`.xls` (every sheet) through
//! [`super::office`], anything else as a text copy with one cell a line; all of them go through
//! the one recogniser [`super::import_rows`].
//!
//! Exit codes: 0 every file gave at least one form; 1 when a file holds no form, is unreadable
//! (not a zip, corrupt, password-protected, no table, old `.doc`), or a generated form could not
//! be formatted (nothing is written for that file); 2 on I/O errors.

use super::{import_rows, office, rows, ImportedForm};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `jixiao import FILE… -o DIR`: one `.jx` per form found, written atomically into
/// `output` ([`crate::cli::write_atomically`]), and a report on stdout (forms found, indicators,
/// skipped placeholder rows, unmapped cells).
/// `year` is the budget year for forms that print none.
pub fn run(paths: &[PathBuf], output: &Path, year: Option<u32>) -> ExitCode {
    let mut failed = false;
    let mut io_failed = false;
    let mut written: Vec<PathBuf> = Vec::new();
    for path in paths {
        let display = path.display();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if extension.as_deref() == Some("doc") {
            eprintln!("错误: {display}: 暂不支持旧版 .doc 格式，请在 Word 中另存为 .docx 后再导入");
            failed = true;
            continue;
        }
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("错误: {display}: {error}");
                io_failed = true;
                continue;
            }
        };
        let rows = match extension.as_deref() {
            Some("docx") => office::docx_rows(&bytes),
            Some("xlsx" | "xlsm" | "xls") => office::sheet_rows(&bytes),
            _ => match String::from_utf8(bytes) {
                Ok(text) => Ok(rows(text.strip_prefix('\u{feff}').unwrap_or(&text))),
                Err(_) => Err(office::OfficeError(
                    "不是 UTF-8 文本，没有找到绩效自评表".into(),
                )),
            },
        };
        let forms = match rows
            .map_err(|e| e.to_string())
            .and_then(|rows| import_rows(&rows, year).map_err(|e| e.to_string()))
        {
            Ok(forms) => forms,
            Err(error) => {
                eprintln!("错误: {display}: {error}");
                failed = true;
                continue;
            }
        };
        if let Err(error) = std::fs::create_dir_all(output) {
            eprintln!("错误: {}: {error}", output.display());
            io_failed = true;
            break;
        }
        crate::cli::print_out(&format!("{display}: {} 张表\n", forms.len()));
        for form in &forms {
            let mut target = output.join(form.file_name());
            let mut counter = 2;
            while written.contains(&target) {
                target = output.join(form.file_name().replace(".jx", &format!("-{counter}.jx")));
                counter += 1;
            }
            if let Err(error) = crate::cli::write_atomically(&target, form.source.as_bytes()) {
                eprintln!("错误: {}: {error}", target.display());
                io_failed = true;
                continue;
            }
            report(form, &target);
            written.push(target);
        }
    }
    if io_failed {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints what was imported from one form (a closed stdout, e.g. `| head`, is not an error).
fn report(form: &ImportedForm, target: &Path) {
    let mut text = format!(
        "  {} 「{}」 → {}: {} 个指标, {} 个未能识别的单元格\n",
        form.kind.keyword(),
        form.name,
        target.display(),
        form.indicators,
        form.unmapped.len()
    );
    for item in &form.warnings {
        text.push_str(&format!("    注意 {item}\n"));
    }
    for item in &form.skipped {
        text.push_str(&format!("    跳过 {item}\n"));
    }
    for item in &form.unmapped {
        text.push_str(&format!("    未能识别 {item}\n"));
    }
    crate::cli::print_out(&text);
}
