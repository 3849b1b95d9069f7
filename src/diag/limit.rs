//! Bounded reports: at most [`PER_LINE`] diagnostics of one code on one line and [`PER_FILE`] of
//! one code in one file, then one summary diagnostic saying how many more there are
//! ("另有 9,990 处相同问题"). A line that repeats one mistake 10,000 times gives eleven
//! diagnostics, not 10,000 (each of which a terminal renderer would draw with the whole line).
//!
//! The summary has the code and severity of the diagnostics it stands for, so counts by code and
//! `--deny-warnings` still see them; it sits on the first diagnostic left out.

use super::{Code, Diagnostic};
use crate::span::LineIndex;
use crate::tr;
use std::collections::HashMap;

/// The most diagnostics of one code shown for one line.
pub const PER_LINE: usize = 10;
/// The most diagnostics of one code shown for one file.
pub const PER_FILE: usize = 100;

/// Keeps at most [`PER_LINE`] diagnostics of a code per line and [`PER_FILE`] per file, in the
/// order given (by position), and adds one summary for each group cut. Each diagnostic carries a
/// tag (for the caller: which form it belongs to); a summary takes the tag of the first
/// diagnostic it replaces. The result is in the order of the input, summaries where their
/// first left-out diagnostic was.
pub(crate) fn bound<T: Copy>(
    items: Vec<(T, Diagnostic)>,
    lines: &LineIndex,
) -> Vec<(T, Diagnostic)> {
    let mut per_line: HashMap<(Code, usize), usize> = HashMap::new();
    let mut per_file: HashMap<Code, usize> = HashMap::new();
    // Position in `kept` of the summary of a group, and how many it stands for.
    let mut line_summaries: HashMap<(Code, usize), (usize, usize)> = HashMap::new();
    let mut file_summaries: HashMap<Code, (usize, usize)> = HashMap::new();
    let mut kept: Vec<(T, Diagnostic, Option<Summary>)> = Vec::with_capacity(items.len().min(1024));
    for (tag, diagnostic) in items {
        let code = diagnostic.code;
        let line = lines.line(diagnostic.span.start);
        let on_line = per_line.entry((code, line)).or_insert(0);
        *on_line += 1;
        if *on_line > PER_LINE {
            let (_, count) = line_summaries.entry((code, line)).or_insert_with(|| {
                kept.push((tag, diagnostic, Some(Summary::Line)));
                (kept.len() - 1, 0)
            });
            *count += 1;
            continue;
        }
        let in_file = per_file.entry(code).or_insert(0);
        *in_file += 1;
        if *in_file > PER_FILE {
            let (_, count) = file_summaries.entry(code).or_insert_with(|| {
                kept.push((tag, diagnostic, Some(Summary::File)));
                (kept.len() - 1, 0)
            });
            *count += 1;
            continue;
        }
        kept.push((tag, diagnostic, None));
    }
    let counts: HashMap<usize, usize> = line_summaries
        .into_values()
        .chain(file_summaries.into_values())
        .collect();
    kept.into_iter()
        .enumerate()
        .map(|(position, (tag, diagnostic, summary))| match summary {
            None => (tag, diagnostic),
            Some(scope) => (
                tag,
                summarise(
                    &diagnostic,
                    counts.get(&position).copied().unwrap_or(0),
                    scope,
                ),
            ),
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Summary {
    Line,
    File,
}

/// The summary standing for `count` diagnostics like `first` (the first of them).
fn summarise(first: &Diagnostic, count: usize, scope: Summary) -> Diagnostic {
    let code = first.code;
    let count = grouped(count);
    let (message, note) = match scope {
        Summary::Line => (
            tr!(
                "这一行另有 {count} 处相同问题（{code}），不再逐一列出",
                "{count} more of the same ({code}) on this line, not listed one by one"
            ),
            tr!(
                "每行每种问题最多列出 {PER_LINE} 处",
                "at most {PER_LINE} diagnostics of one code are listed per line"
            ),
        ),
        Summary::File => (
            tr!(
                "本文件另有 {count} 处相同问题（{code}），不再逐一列出",
                "{count} more of the same ({code}) in this file, not listed one by one"
            ),
            tr!(
                "每个文件每种问题最多列出 {PER_FILE} 处",
                "at most {PER_FILE} diagnostics of one code are listed per file"
            ),
        ),
    };
    let mut summary = Diagnostic::new(code, first.span, message)
        .with_span_message(tr!("从这里起", "from here on"))
        .with_help(tr!(
            "改正列出的问题后再检查一次，可看到其余的",
            "fix the ones listed and check again to see the rest"
        ))
        .with_note(note);
    summary.severity = first.severity;
    summary
}

/// `9990` → `9,990`.
fn grouped(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(9_990), "9,990");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn one_line_of_ten_thousand_gives_eleven() {
        let source = "x".repeat(20_000);
        let lines = LineIndex::new(&source);
        let items: Vec<((), Diagnostic)> = (0..10_000)
            .map(|index| {
                (
                    (),
                    Diagnostic::new(Code::DuplicateField, Span::new(index, index + 1), "dup"),
                )
            })
            .collect();
        let bounded = bound(items, &lines);
        assert_eq!(bounded.len(), PER_LINE + 1);
        assert!(bounded[PER_LINE]
            .1
            .message
            .zh
            .contains("另有 9,990 处相同问题"));
        assert!(bounded[PER_LINE]
            .1
            .message
            .en
            .contains("9,990 more of the same"));
    }

    #[test]
    fn many_lines_are_cut_per_file() {
        let source = "x\n".repeat(500);
        let lines = LineIndex::new(&source);
        let items: Vec<(usize, Diagnostic)> = (0..500)
            .map(|line| {
                (
                    line,
                    Diagnostic::new(Code::ActualMissing, Span::new(line * 2, line * 2 + 1), "w"),
                )
            })
            .collect();
        let bounded = bound(items, &lines);
        assert_eq!(bounded.len(), PER_FILE + 1);
        assert_eq!(bounded[PER_FILE].0, PER_FILE);
        assert!(bounded[PER_FILE].1.message.zh.contains("另有 400 处"));
    }
}
