//! `jixiao fmt`: the canonical layout of a `.jx` file, losing nothing.
//!
//! What changes: indentation (four spaces per block level), the spaces between cells (one; two
//! between aligned columns, which are padded by display width), colons after keys (`主管部门：…`
//! becomes `主管部门 …`), the IME separators `；，;` and ideographic spaces between cells, runs of
//! blank lines (at most one, none at the start or end of a block), trailing blanks, the
//! indentation of `"""` texts (moved with their block; the text read back is the same), the line
//! break style (the file's first line break, LF or CRLF, everywhere) and, with `--lang` or when a
//! file mixes languages, the spelling of keywords (see [`words`]).
//!
//! What never changes: every comment (file header, own line, end of line), the order of
//! everything, and every value byte for byte: numbers keep their spelling (`155.410`), targets
//! keep their comparators (`>=95%` is not rewritten to `≥95%`: the model keeps a target's text as
//! written and the disclosure prints it), strings keep their quotes (`“…”` stays), and the text
//! between the words of a multi-word value (`≥ 95%`, `区人大 常委会`) is kept as written because
//! the parser reads such a value as one slice of the source. The formatter never invents an `id`.
//!
//! Invariants, checked on every run before anything is returned: the result parses without
//! errors to the same AST as the input (spans aside), and keeps the same comments in the same
//! order. A file with syntax errors is returned unchanged, with its errors.
//! This module must not touch `syntax` internals: it reads the source with its own lexer
//! ([`lex`]) and uses only `syntax::parse` and the keyword tables.

mod lex;
mod print;
mod tree;
pub mod words;

pub use words::Lang;

use crate::diag::{Code, Diagnostic};
use crate::lang::Text;
use crate::syntax::{self, Span};
use crate::tr;

/// Options of [`format`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormatOptions {
    /// Keyword language; `None`: the language most keywords of the file are written in
    /// (Chinese on a tie).
    pub lang: Option<Lang>,
}

/// Formats `source` in the canonical layout.
///
/// Returns the formatted text (ending in one line break unless it is empty), or, when the file
/// has errors, the error diagnostics of [`syntax::parse`] (spans into `source`; at most 10 of one
/// code per line and 100 per file, then a summary). If the
/// formatter itself could not keep the meaning or the comments of the file (a bug), it returns
/// an E0001 diagnostic saying so, and the caller must leave the file alone.
pub fn format(source: &str, options: FormatOptions) -> Result<String, Vec<Diagnostic>> {
    let (file, diagnostics) = syntax::parse(source);
    // Invisible characters inside names and texts (W0002, on each character) go: the file reads
    // the same without them, as lowering reads names without them. Comments keep theirs.
    let mut invisible: Vec<Span> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code == Code::InvisibleCharacter)
        // The character itself: the span may go on over the visible one after it.
        .filter_map(|diagnostic| {
            let character = source.get(diagnostic.span.start..)?.chars().next()?;
            Some(Span::new(
                diagnostic.span.start,
                diagnostic.span.start + character.len_utf8(),
            ))
        })
        .collect();
    invisible.sort_by_key(|span| span.start);
    if !invisible.is_empty() && !diagnostics.iter().any(Diagnostic::is_error) {
        let mut cleaned = String::with_capacity(source.len());
        let mut from = 0;
        for span in invisible {
            if let Some(kept) = source.get(from..span.start) {
                cleaned.push_str(kept);
                from = span.end;
            }
        }
        cleaned.push_str(&source[from..]);
        return format(&cleaned, options);
    }
    let errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        // Bounded like `compile`'s: one line repeating a mistake 100,000 times gives 11.
        let lines = crate::span::LineIndex::new(source);
        let tagged = errors
            .into_iter()
            .map(|diagnostic| ((), diagnostic))
            .collect();
        return Err(crate::diag::limit::bound(tagged, &lines)
            .into_iter()
            .map(|(_, diagnostic)| diagnostic)
            .collect());
    }
    let refuse = |offset: usize, why: Text| {
        let Text {
            zh: why_zh,
            en: why_en,
        } = why;
        vec![Diagnostic::new(
            Code::Syntax,
            Span::new(offset, offset).clamp_to(source),
            tr!(
                "jixiao fmt 无法安全地格式化这个文件：{why_zh}",
                "`jixiao fmt` cannot format this file safely: {why_en}"
            ),
        )
        .with_span_message(tr!("文件未修改", "the file is left unchanged"))
        .with_note("this is a bug in `jixiao fmt`; please report it with the file")]
    };
    let lexemes = lex::lex(source).ok_or_else(|| refuse(0, tr!("引号未闭合", "unclosed quote")))?;
    let nodes = tree::build(source, &lexemes).map_err(|error| {
        refuse(
            error.offset,
            tr!("无法读取这一行", "this line cannot be read"),
        )
    })?;
    let lang = options.lang.unwrap_or_else(|| dominant_language(&nodes));
    let lines = print::print(&nodes, lang);
    let newline = if line_break_is_crlf(source) {
        "\r\n"
    } else {
        "\n"
    };
    let mut output = String::new();
    if source.starts_with('\u{FEFF}') {
        output.push('\u{FEFF}');
    }
    for line in &lines {
        output.push_str(&line.trim_end().replace('\n', newline));
        output.push_str(newline);
    }
    let (formatted, diagnostics) = syntax::parse(&output);
    if let Some(error) = diagnostics.iter().find(|diagnostic| diagnostic.is_error()) {
        let mut refusal = refuse(
            0,
            tr!("格式化后会出现错误", "the formatted text would have errors"),
        );
        for diagnostic in &mut refusal {
            diagnostic.notes.push(Text::new(
                format!("{}: {}", error.code, error.message.zh),
                format!("{}: {}", error.code, error.message.en),
            ));
        }
        return Err(refusal);
    }
    let (before, after) = (
        without_spans(&format!("{file:?}")),
        without_spans(&format!("{formatted:?}")),
    );
    if before != after {
        let mut refusal = refuse(
            0,
            tr!("格式化后含义会改变", "formatting would change the meaning"),
        );
        let at = before
            .char_indices()
            .zip(after.chars())
            .find(|((_, old), new)| old != new)
            .map_or(before.len().min(after.len()), |((index, _), _)| index);
        let context = |text: &str| -> String {
            let mut start = at.saturating_sub(60).min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            text[start..].chars().take(120).collect()
        };
        for diagnostic in &mut refusal {
            diagnostic
                .notes
                .push(format!("was: {}", context(&before)).into());
            diagnostic
                .notes
                .push(format!("now: {}", context(&after)).into());
        }
        return Err(refusal);
    }
    if comments(source) != comments(&output) {
        return Err(refuse(
            0,
            tr!("格式化后注释会改变", "formatting would change the comments"),
        ));
    }
    Ok(output)
}

/// `true` when the first line break of `source` is CRLF.
fn line_break_is_crlf(source: &str) -> bool {
    source
        .find('\n')
        .is_some_and(|index| source[..index].ends_with('\r'))
}

/// The comments of `source`, in order, without trailing blanks (empty if it cannot be lexed).
pub fn comments(source: &str) -> Vec<String> {
    lex::lex(source)
        .unwrap_or_default()
        .into_iter()
        .filter(|lexeme| lexeme.kind == lex::Kind::Comment)
        .map(|lexeme| lexeme.text.trim_end().to_string())
        .collect()
}

/// A `Debug` rendering of a syntax tree with every `Span { start: …, end: … }` removed, so that
/// two trees can be compared for meaning. Shape: the input with those substrings deleted.
pub fn without_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(position) = rest.find("Span { start: ") {
        out.push_str(&rest[..position]);
        let after = &rest[position..];
        match after.find(" }") {
            Some(end) => rest = &after[end + 2..],
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The language most keywords are written in (Chinese on a tie or when there are none).
fn dominant_language(nodes: &[tree::Node]) -> Lang {
    let mut counts = (0usize, 0usize);
    count_languages(nodes, &mut counts);
    if counts.1 > counts.0 {
        Lang::En
    } else {
        Lang::Zh
    }
}

fn count_languages(nodes: &[tree::Node], counts: &mut (usize, usize)) {
    let mut count_cell = |cell: &tree::Cell| {
        let keys = cell
            .key
            .iter()
            .filter_map(|(key, place)| Some((key.as_str(), (*place)?)))
            .chain(
                cell.values
                    .iter()
                    .filter_map(|value| Some((value.text.as_str(), value.place?))),
            );
        for (word, place) in keys {
            match words::language_of(word, place) {
                Some(Lang::Zh) => counts.0 += 1,
                Some(Lang::En) => counts.1 += 1,
                None => {}
            }
        }
    };
    let mut blocks = Vec::new();
    for node in nodes {
        match node {
            tree::Node::Line { cells, .. } => cells.iter().for_each(&mut count_cell),
            tree::Node::Block { head, children, .. } => {
                head.iter().for_each(&mut count_cell);
                blocks.push(children);
            }
            tree::Node::Blank | tree::Node::Comment(_) => {}
        }
    }
    for children in blocks {
        count_languages(children, counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(source: &str) -> String {
        match format(source, FormatOptions::default()) {
            Ok(text) => text,
            Err(diagnostics) => panic!("{diagnostics:?}"),
        }
    }

    #[test]
    fn spans_are_removed_from_debug_output() {
        assert_eq!(
            without_spans("Spanned { value: 1, span: Span { start: 3, end: 4 } }"),
            "Spanned { value: 1, span:  }"
        );
    }

    #[test]
    fn lays_out_and_aligns() {
        let source = "// 头\n项目 \"x\" 2021 {\n  主管部门：某局   // 注\n\n\n  产出指标 {\n    数量指标{\n\"甲\" 目标 2次 实际 2次 分值 10\n   \"乙乙乙\"  目标 10次 实际 9次 分值 10 // 少一次\n}\n}\n}\n";
        let expected = "// 头\n项目 \"x\" 2021 {\n    主管部门 某局  // 注\n\n    产出指标 {\n        数量指标 {\n            \"甲\"      目标 2次   实际 2次  分值 10\n            \"乙乙乙\"  目标 10次  实际 9次  分值 10  // 少一次\n        }\n    }\n}\n";
        assert_eq!(fmt(source), expected);
        assert_eq!(fmt(expected), expected);
    }

    #[test]
    fn keeps_crlf_and_translates_keywords() {
        let source = "project \"x\" 2021 {\r\n    supervising_department \"a\"\r\n    主管部门 \"b\"\r\n}\r\n";
        let out = format(source, FormatOptions::default());
        // Duplicate field: an error, so nothing is formatted.
        assert!(out.is_err());
        let source = "project \"x\" 2021 {\r\n    实施单位 \"a\"\r\n    supervising_department \"b\"\r\n}\r\n";
        assert_eq!(
            fmt(source),
            "project \"x\" 2021 {\r\n    implementing_unit \"a\"\r\n    supervising_department \"b\"\r\n}\r\n"
        );
        let zh = format(
            source,
            FormatOptions {
                lang: Some(Lang::Zh),
            },
        );
        assert_eq!(
            zh.as_deref().ok(),
            Some("项目 \"x\" 2021 {\r\n    实施单位 \"a\"\r\n    主管部门 \"b\"\r\n}\r\n")
        );
    }

    #[test]
    fn files_with_errors_are_refused() {
        assert!(format("项目 \"x\" 2021 {\n", FormatOptions::default()).is_err());
    }
}
