//! `jixiao fmt [PATH…] [--check] [--lang zh|en]`: format files in place, check that they are
//! formatted (printing a diff), or format standard input to standard output (`-`).
//!
//! Exit codes: 0 every file is formatted (or was rewritten); 1 with `--check` when a file would
//! change, or when a file has errors (reported, file untouched); 2 on usage or I/O errors.

use super::args::FmtArgs;
use super::exit::{self, error_prefix, print_out};
use super::workspace::{self, STDIN};
use super::write::rewrite_in_place;
use jixiao::fmt::{format, FormatOptions};
use jixiao::{Lang, SourceEncoding, Style};
use std::io::Write;
use std::process::ExitCode;

/// Runs `jixiao fmt`. Files are rewritten in place (keeping owner, mode, hard links and
/// symlinks) only when their text changes, and never when another process changed them meanwhile.
///
/// `--lang` chooses the keywords and the language of fmt's own messages (Chinese without it).
pub(crate) fn run(args: &FmtArgs) -> ExitCode {
    let keywords: Option<Lang> = args.lang.map(Into::into);
    let lang = keywords.unwrap_or(Lang::Zh);
    let paths = workspace::paths_or_current(&args.paths);
    let (found, problems) = workspace::discover(&paths);
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
    let style = Style {
        color: exit::color_stderr(args.report.color),
        ascii: false,
        lang,
    };
    let options = FormatOptions { lang: keywords };
    let mut stderr = std::io::stderr().lock();
    let (mut changed, mut failed, mut io_failed) = (0usize, 0usize, !problems.is_empty());
    for file in &found {
        let path = &file.path;
        let from_stdin = path.as_os_str() == STDIN;
        let display = if from_stdin {
            args.stdin_filename
                .as_ref()
                .map_or_else(|| "<stdin>".to_string(), |name| name.display().to_string())
        } else {
            path.display().to_string()
        };
        let source = match workspace::read(path) {
            Ok(source) => source,
            Err(message) => {
                let _ = writeln!(stderr, "{}{message}", error_prefix(lang));
                io_failed = true;
                continue;
            }
        };
        // A GBK or UTF-16 file is read (one warning) and rewritten as UTF-8 (W0001).
        let reencoded = source.encoding != SourceEncoding::Utf8;
        let warning = jixiao::encoding_warning(source.encoding);
        let formatted = match format(&source, options) {
            Ok(formatted) => {
                if let Some(warning) = warning {
                    let _ = write!(
                        stderr,
                        "{}",
                        jixiao::render_human(&display, &source, &[warning], style)
                    );
                }
                formatted
            }
            Err(mut diagnostics) => {
                // Errors before warnings, as `check` lists them.
                diagnostics.extend(warning);
                let _ = write!(
                    stderr,
                    "{}",
                    jixiao::render_human(&display, &source, &diagnostics, style)
                );
                failed += 1;
                if from_stdin && !args.check {
                    // An editor formatting on save gets its text back unchanged.
                    print_out(&source);
                }
                continue;
            }
        };
        if from_stdin && !args.check {
            print_out(&formatted);
            changed += usize::from(formatted != source.text || reencoded);
            continue;
        }
        if formatted == source.text && !reencoded {
            continue;
        }
        changed += 1;
        if args.check {
            if !args.report.quiet {
                let _ = match lang {
                    Lang::Zh => writeln!(stderr, "需要格式化: {display}"),
                    Lang::En => writeln!(stderr, "not formatted: {display}"),
                };
                let diff = similar::TextDiff::from_lines(source.text.as_str(), &formatted)
                    .unified_diff()
                    .context_radius(2)
                    .header(&display, &format!("{display} (jixiao fmt)"))
                    .to_string();
                let _ = write!(stderr, "{}", jixiao::escape_for_terminal(&diff));
            }
        } else if let Err(error) = rewrite_in_place(path, &source, &formatted) {
            changed -= 1;
            let _ = writeln!(
                stderr,
                "{}{display}: {}",
                error_prefix(lang),
                super::exit::io_message(&error, lang)
            );
            io_failed = true;
        }
    }
    let clean = changed == 0 && failed == 0 && !io_failed;
    if !(args.report.quiet && clean) {
        let _ = match lang {
            Lang::Zh => writeln!(
                stderr,
                "{} 个文件：{changed} 个{}，{failed} 个因错误未处理",
                found.len(),
                if args.check {
                    "需要格式化"
                } else {
                    "已格式化"
                }
            ),
            Lang::En => writeln!(
                stderr,
                "{}: {changed} {}, {failed} not processed because of errors",
                exit::english_count(found.len(), "file"),
                if args.check {
                    "not formatted"
                } else {
                    "formatted"
                }
            ),
        };
    }
    if io_failed {
        ExitCode::from(exit::USAGE)
    } else if failed > 0 || (args.check && changed > 0) {
        ExitCode::from(exit::FAILURE)
    } else {
        ExitCode::SUCCESS
    }
}
