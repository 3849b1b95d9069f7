//! `jixiao fmt PATH… [--check] [--lang zh|en]`: format files in place, or check that they are.
//!
//! Exit codes: 0 every file is formatted (or was rewritten); 1 with `--check` when a file would
//! change, or when a file has errors (reported, file untouched); 2 on usage or I/O errors.

use super::args::FmtArgs;
use super::exit::{self, error_prefix};
use super::workspace;
use super::write::rewrite_in_place;
use jixiao::fmt::{format, FormatOptions};
use jixiao::{Lang, Style};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs `jixiao fmt`. Files are rewritten in place (keeping owner, mode, hard links and
/// symlinks) only when their text changes, and never when another process changed them meanwhile.
///
/// `--lang` chooses the keywords and the language of fmt's own messages (Chinese without it).
pub(crate) fn run(args: &FmtArgs) -> ExitCode {
    let keywords: Option<Lang> = args.lang.map(Into::into);
    let lang = keywords.unwrap_or(Lang::Zh);
    let (found, problems) = workspace::discover(&args.paths);
    for problem in &problems {
        exit::print_error(problem, lang);
    }
    if found.is_empty() {
        return exit::usage_error(
            match lang {
                Lang::Zh => "没有找到 .jx 文件",
                Lang::En => "no .jx files found",
            },
            lang,
        );
    }
    let files: Vec<PathBuf> = found.into_iter().map(|file| file.path).collect();
    let style = Style {
        color: exit::color_stderr(),
        ascii: false,
        lang,
    };
    let options = FormatOptions { lang: keywords };
    let mut stderr = std::io::stderr().lock();
    let (mut changed, mut failed, mut io_failed) = (0usize, 0usize, !problems.is_empty());
    for path in &files {
        let display = path.display().to_string();
        let source = match workspace::read(path) {
            Ok(source) => source,
            Err(message) => {
                let _ = writeln!(stderr, "{}{message}", error_prefix(lang));
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
                    jixiao::render_human(&display, &source, &diagnostics, style)
                );
                failed += 1;
                continue;
            }
        };
        if formatted == source {
            continue;
        }
        if args.check {
            changed += 1;
            let _ = match lang {
                Lang::Zh => writeln!(stderr, "需要格式化: {display}"),
                Lang::En => writeln!(stderr, "not formatted: {display}"),
            };
        } else if let Err(error) = rewrite_in_place(path, &source, &formatted) {
            let _ = writeln!(stderr, "{}{display}: {error}", error_prefix(lang));
            io_failed = true;
        } else {
            changed += 1;
        }
    }
    let _ = match lang {
        Lang::Zh => writeln!(
            stderr,
            "{} 个文件：{changed} 个{}，{failed} 个因错误未处理",
            files.len(),
            if args.check {
                "需要格式化"
            } else {
                "已格式化"
            }
        ),
        Lang::En => writeln!(
            stderr,
            "{}: {changed} {}, {failed} not processed because of errors",
            exit::english_count(files.len(), "file"),
            if args.check {
                "not formatted"
            } else {
                "formatted"
            }
        ),
    };
    if io_failed {
        ExitCode::from(exit::USAGE)
    } else if failed > 0 || (args.check && changed > 0) {
        ExitCode::from(exit::FAILURE)
    } else {
        ExitCode::SUCCESS
    }
}
