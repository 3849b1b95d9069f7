//! The `jixiao fmt` command: format files in place, or check that they are formatted.
//!
//! Exit codes: 0 every file is formatted (or was rewritten); 1 with `--check` when a file would
//! change, or when a file has errors (reported, file untouched); 2 on usage or I/O errors.

use super::{format, FormatOptions, Lang};
use crate::diag::render::{render_human, Style};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs `jixiao fmt PATH… [--check] [--lang zh|en]`.
///
/// `paths` are `.jx` files or directories (searched recursively for `*.jx`). Files are
/// rewritten atomically ([`crate::cli::write_atomically`]) and only when their text changes.
pub fn run(paths: &[PathBuf], check: bool, lang: Option<Lang>) -> ExitCode {
    let (found, problems) = crate::cli::discover(paths);
    for problem in &problems {
        eprintln!("错误: {problem}");
    }
    if found.is_empty() {
        eprintln!("错误: 没有找到 .jx 文件");
        return ExitCode::from(2);
    }
    let files: Vec<PathBuf> = found.into_iter().map(|file| file.path).collect();
    let style = Style {
        color: crate::cli::color_stderr(),
        ascii: false,
        lang: crate::lang::Lang::Zh,
    };
    let options = FormatOptions { lang };
    let mut stderr = std::io::stderr().lock();
    let (mut changed, mut failed, mut io_failed) = (0usize, 0usize, !problems.is_empty());
    for path in &files {
        let display = path.display().to_string();
        let source = match crate::cli::read(path) {
            Ok(source) => source,
            Err(message) => {
                let _ = writeln!(stderr, "错误: {message}");
                io_failed = true;
                continue;
            }
        };
        let formatted = match format(&source, options) {
            Ok(formatted) => formatted,
            Err(diagnostics) => {
                let _ = write!(
                    stderr,
                    "{}",
                    render_human(&display, &source, &diagnostics, style)
                );
                failed += 1;
                continue;
            }
        };
        if formatted == source {
            continue;
        }
        if check {
            changed += 1;
            let _ = writeln!(stderr, "需要格式化: {display}");
        } else if let Err(error) = crate::cli::write_atomically(path, formatted.as_bytes()) {
            let _ = writeln!(stderr, "错误: {display}: {error}");
            io_failed = true;
        } else {
            changed += 1;
        }
    }
    let verb = if check {
        "需要格式化"
    } else {
        "已格式化"
    };
    let _ = writeln!(
        stderr,
        "{} 个文件：{changed} 个{verb}，{failed} 个因错误未处理",
        files.len()
    );
    if io_failed {
        ExitCode::from(2)
    } else if failed > 0 || (check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
