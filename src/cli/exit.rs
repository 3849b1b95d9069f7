//! Exit codes and error printing, in one place for every command.
//!
//! Exit codes (README.md, docs/LANGUAGE.md §13): 0 clean, 1 errors (or warnings under `--deny-warnings`, or a form or
//! file refused), 2 usage or I/O problems, 130 interrupted. Human output goes to stderr,
//! machine output to stdout; a closed pipe on either is not an error worth a panic.

use super::args::ColorChoice;
use jixiao::{Counts, Lang};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Exit code 1: errors found (or warnings under `--deny-warnings`), or an input refused.
pub(crate) const FAILURE: u8 = 1;
/// Exit code 2: a usage or I/O problem.
pub(crate) const USAGE: u8 = 2;
/// Exit code 130: interrupted by SIGINT (128 + 2, as shells report it).
pub(crate) const INTERRUPTED: u8 = 130;

/// The exit code of a run that compiled forms: 2 when some input could not be read, 1 on
/// errors (or on warnings with `deny_warnings`), else 0.
pub(crate) fn of_run(io_failed: bool, totals: Counts, deny_warnings: bool) -> ExitCode {
    if io_failed {
        ExitCode::from(USAGE)
    } else if totals.errors > 0 || (deny_warnings && totals.warnings > 0) {
        ExitCode::from(FAILURE)
    } else {
        ExitCode::SUCCESS
    }
}

/// The prefix of an error line: `错误: ` or `error: `.
pub(crate) fn error_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "错误: ",
        Lang::En => "error: ",
    }
}

/// The prefix of a note line: `注意: ` or `note: `.
pub(crate) fn note_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "注意: ",
        Lang::En => "note: ",
    }
}

/// Prints `错误: message` (or `error: …`) on stderr.
pub(crate) fn print_error(message: &str, lang: Lang) {
    let _ = writeln!(std::io::stderr().lock(), "{}{message}", error_prefix(lang));
}

/// A usage error: printed with the error prefix in `lang`, exit code 2.
pub(crate) fn usage_error(message: &str, lang: Lang) -> ExitCode {
    print_error(message, lang);
    ExitCode::from(USAGE)
}

/// Writes machine or listing output to stdout. A closed pipe (`jixiao explain | head -1`) means
/// the reader has what it wanted: the error is ignored rather than panicking as `print!` would.
pub(crate) fn print_out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Whether to colour what goes to stderr: `--color always|never`, or with `auto` on a
/// terminal unless `NO_COLOR` is set to a non-empty value (no-color.org: an empty value does
/// not count).
pub(crate) fn color_stderr(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stderr().is_terminal() && no_color_unset(),
    }
}

/// Whether to colour what goes to stdout (the same rule as [`color_stderr`]).
pub(crate) fn color_stdout(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && no_color_unset(),
    }
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// The message language of the run, as the command line chose it before parsing
/// ([`super::usage::lang_of`]): for the few places that print an I/O error without a language
/// at hand.
static RUN_LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Records the run's message language (once, before any command runs).
pub(crate) fn set_run_lang(lang: Lang) {
    let _ = RUN_LANG.set(lang);
}

/// An I/O error in the run's message language: [`io_message`] in the language the command
/// line chose (Chinese unless `--lang en`).
pub(crate) fn io_error(error: &std::io::Error) -> String {
    io_message(error, run_lang())
}

/// The run's message language (Chinese unless the command line chose `--lang en`).
pub(crate) fn run_lang() -> Lang {
    RUN_LANG.get().copied().unwrap_or_default()
}

/// An I/O error in words a finance office reads: under Chinese from its kind (找不到文件或目录,
/// 没有权限, 是目录…), since the system's own text is English; the system's text under English.
/// A kind without a Chinese wording keeps the system's text after it.
pub(crate) fn io_message(error: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind;
    if lang == Lang::En {
        return error.to_string();
    }
    let what = match error.kind() {
        ErrorKind::NotFound => "找不到文件或目录",
        ErrorKind::PermissionDenied => "没有权限（文件只读或属于别的用户）",
        ErrorKind::AlreadyExists => "已存在同名文件",
        ErrorKind::IsADirectory => "是目录，不是文件",
        ErrorKind::NotADirectory => "路径中有一段不是目录",
        ErrorKind::StorageFull => "磁盘已满",
        ErrorKind::InvalidFilename => "文件名不合法或过长",
        ErrorKind::DirectoryNotEmpty => "目录不是空的",
        ErrorKind::ReadOnlyFilesystem => "磁盘是只读的",
        ErrorKind::FileTooLarge => "文件太大",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::BrokenPipe => "输出管道已关闭",
        ErrorKind::AddrInUse => "地址或端口已被占用",
        ErrorKind::AddrNotAvailable => "地址不可用",
        ErrorKind::OutOfMemory => "内存不足",
        ErrorKind::InvalidData => "数据无法读取",
        _ => return format!("读写失败（{error}）"),
    };
    what.to_string()
}

/// `1 file`, `2 files` (English summary lines).
pub(crate) fn english_count(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}
