//! The `jixiao fmt` command: format files in place, or check that they are formatted.
//!
//! Exit codes: 0 every file is formatted (or was rewritten); 1 with `--check` when a file would
//! change, or when a file has errors (reported, file untouched); 2 on usage or I/O errors.

use super::{format, FormatOptions, Lang};
use crate::diag::render::{render_human, Style};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `jixiao fmt PATH… [--check] [--lang zh|en]`.
///
/// `paths` are `.jx` files or directories (searched recursively for `*.jx`). Files are
/// rewritten atomically ([`crate::cli::write_atomically`]) and only when their text changes.
pub fn run(paths: &[PathBuf], check: bool, lang: Option<Lang>) -> ExitCode {
    let files = match discover(paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("错误: {message}");
            return ExitCode::from(2);
        }
    };
    let style = Style {
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        ascii: false,
        lang: crate::lang::Lang::Zh,
    };
    let options = FormatOptions { lang };
    let mut stderr = std::io::stderr().lock();
    let (mut changed, mut failed, mut io_failed) = (0usize, 0usize, false);
    for path in &files {
        let display = path.display().to_string();
        let source = match read(path) {
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
        changed += 1;
        if check {
            let _ = writeln!(stderr, "需要格式化: {display}");
        } else if let Err(error) = crate::cli::write_atomically(path, formatted.as_bytes()) {
            let _ = writeln!(stderr, "错误: {display}: {error}");
            io_failed = true;
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

/// Reads a UTF-8 source file.
pub(crate) fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    String::from_utf8(bytes)
        .map_err(|_| format!("{}: 不是 UTF-8 编码的文本；请另存为 UTF-8", path.display()))
}

/// Expands files and directories into `.jx` files: a directory's files sorted, duplicates
/// dropped, symlinked directories not followed. A file given by name is taken whatever its
/// extension. Errors name the path that could not be read.
pub(crate) fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        let metadata =
            std::fs::metadata(path).map_err(|error| format!("{}: {error}", path.display()))?;
        if metadata.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, 0).map_err(|error| format!("{}: {error}", path.display()))?;
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(file.clone()));
    Ok(files)
}

fn walk(directory: &Path, found: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    // Deep enough for any workspace; a bound instead of trusting the file system.
    if depth > 64 {
        return Ok(());
    }
    for entry in std::fs::read_dir(directory)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, found, depth + 1)?;
        } else if path.extension().is_some_and(|extension| extension == "jx") {
            found.push(path);
        }
    }
    Ok(())
}
