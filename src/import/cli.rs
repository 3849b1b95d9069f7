//! The `jixiao import FILE… -o DIR` command.
//!
//! Exit codes: 0 every file gave at least one form; 1 when a file holds no form, or is a kind
//! not yet supported (.docx, .xlsx, .xls), or a generated form could not be formatted (nothing is
//! written for that file); 2 on I/O errors.

use super::{import_text, ImportedForm};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `jixiao import FILE… -o DIR`: one `.jx` per form found, written atomically into
/// `output` ([`crate::cli::write_atomically`]), and a report on stdout (forms found, indicators,
/// skipped placeholder rows, unmapped cells).
pub fn run(paths: &[PathBuf], output: &Path) -> ExitCode {
    let mut failed = false;
    let mut io_failed = false;
    let mut written: Vec<PathBuf> = Vec::new();
    for path in paths {
        let display = path.display();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if matches!(extension.as_deref(), Some("docx" | "xlsx" | "xls" | "doc")) {
            eprintln!("错误: {display}: 暂不支持此格式（目前只能导入每格一行的纯文本副本）");
            failed = true;
            continue;
        }
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    eprintln!("错误: {display}: 不是 UTF-8 文本，没有找到绩效自评表");
                    failed = true;
                    continue;
                }
            },
            Err(error) => {
                eprintln!("错误: {display}: {error}");
                io_failed = true;
                continue;
            }
        };
        let forms = match import_text(&text) {
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
        println!("{display}: {} 张表", forms.len());
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

/// Prints what was imported from one form.
fn report(form: &ImportedForm, target: &Path) {
    println!(
        "  {} 「{}」 → {}: {} 个指标, {} 个未能识别的单元格",
        form.kind.keyword(),
        form.name,
        target.display(),
        form.indicators,
        form.unmapped.len()
    );
    for item in &form.skipped {
        println!("    跳过占位行 {item}");
    }
    for item in &form.unmapped {
        println!("    未能识别 {item}");
    }
}
