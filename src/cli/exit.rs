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

/// `1 file`, `2 files` (English summary lines).
pub(crate) fn english_count(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}
