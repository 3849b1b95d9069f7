//! A quick scan for unbalanced braces and unclosed strings, before pest runs.
//!
//! pest has no error recovery: an unclosed `{` makes the enclosing block fail and the lines after
//! it re-parse at the wrong level, which would produce a cascade of misleading messages. This scan
//! finds the real cause first and points at *both* ends (the opening brace and where the file or
//! block ended), so the parser is only run on text whose blocks are balanced.

use crate::diag::{Code, Diagnostic};
use crate::span::Span;
use crate::tr;

/// Most brace and quote problems reported for one file; the rest are counted in a note.
const MAX_REPORTS: usize = 10;

/// Deepest nesting of blocks the scan accepts: form → level-1 → level-2 → indicator block, with
/// room to spare. Deeper files get [`Code::NestingTooDeep`] instead of a deep recursion.
pub const MAX_DEPTH: usize = 8;

/// What the scanner meets outside comments and strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    /// A `{` (or a full-width `｛`) at this byte offset.
    Open(usize),
    /// A `}` (or a full-width `｝`) at this byte offset.
    Close(usize),
    /// A `"""` at this offset that is never closed (the scan stops there).
    UnclosedText(usize),
    /// A `"` or `“` at this offset (of this byte length) not closed on its line.
    UnclosedQuote(usize, usize),
}

/// An opening or closing brace, ASCII or full-width.
fn is_brace(character: char) -> bool {
    matches!(character, '{' | '}' | '｛' | '｝')
}

/// The span of the brace at `index`: one byte, or three for a full-width one.
fn brace_span(source: &str, index: usize) -> Span {
    let width = source[index..].chars().next().map_or(1, char::len_utf8);
    Span::new(index, index + width)
}

/// Walks `source` once, skipping comments and strings as the grammar reads them, and yields the
/// braces and the unclosed strings. Shared by [`scan`] and [`top_level_chunks`], so the two
/// never disagree about what is inside a string.
fn events(source: &str) -> impl Iterator<Item = Event> + '_ {
    let mut index = 0;
    std::iter::from_fn(move || {
        while index < source.len() {
            let rest = &source[index..];
            if rest.starts_with("//") {
                index += rest.find('\n').unwrap_or(rest.len());
            } else if let Some(body) = rest.strip_prefix("\"\"\"") {
                match body.find("\"\"\"") {
                    Some(end) => index += 3 + end + 3,
                    None => {
                        let at = index;
                        index = source.len();
                        return Some(Event::UnclosedText(at));
                    }
                }
            } else if rest.starts_with('"') || rest.starts_with('“') {
                let (quote, close) = if rest.starts_with('"') {
                    ('"', '"')
                } else {
                    ('“', '”')
                };
                let body_start = index + quote.len_utf8();
                let line_end = source[body_start..]
                    .find('\n')
                    .map_or(source.len(), |offset| body_start + offset);
                match find_closing(&source[body_start..line_end], close) {
                    Some(offset) => index = body_start + offset + close.len_utf8(),
                    None => {
                        let at = index;
                        index = line_end;
                        return Some(Event::UnclosedQuote(at, quote.len_utf8()));
                    }
                }
            } else if let Some(brace) = rest.chars().next().filter(|c| is_brace(*c)) {
                // A full-width `｛｝` (a Chinese IME's) is a brace too: refusing it would drop
                // the whole form it opens.
                let at = index;
                index += brace.len_utf8();
                return Some(if matches!(brace, '{' | '｛') {
                    Event::Open(at)
                } else {
                    Event::Close(at)
                });
            } else {
                index += rest.chars().next().map_or(1, char::len_utf8);
                // Jump to the next byte that can start a comment, a quote or a brace (`/`, `"`,
                // `{`, `}`, and the lead byte 0xE2 of `“` or 0xEF of `｛｝`): a form is mostly
                // CJK text, and testing every character for all of them was most of the scan.
                // Those bytes never continue a UTF-8 character, so `index` stays on a boundary.
                index += source.as_bytes()[index..]
                    .iter()
                    .position(|byte| matches!(byte, b'/' | b'"' | b'{' | b'}' | 0xE2 | 0xEF))
                    .unwrap_or(source.len() - index);
            }
        }
        None
    })
}

/// Scans `source` and returns the diagnostics for unbalanced braces, unclosed strings and
/// nesting deeper than [`MAX_DEPTH`]. Empty when the structure is sound.
pub(super) fn scan(source: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut open: Vec<Span> = Vec::new();
    // The first `}` whose indentation differs from the line of the `{` it closes: when a block
    // is left open, this is usually where (the brace meant for the outer block closed the inner).
    let mut misaligned: Option<(Span, Span)> = None;
    let mut deepest_reported = false;
    // After an unclosed quote the braces on its line were swallowed: stop judging braces.
    let mut braces_reliable = true;
    for event in events(source) {
        match event {
            Event::UnclosedText(index) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnclosedString,
                        Span::new(index, index + 3),
                        tr!(
                            "多行文字没有结束的 `\"\"\"`",
                            "multi-line text without a closing `\"\"\"`"
                        ),
                    )
                    .with_span_message(tr!(
                        "从这里开始的文字一直没有结束",
                        "the text starting here never ends"
                    )),
                );
                return diagnostics;
            }
            Event::UnclosedQuote(index, length) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnclosedString,
                        Span::new(index, index + length),
                        tr!("引号没有闭合", "unclosed quote"),
                    )
                    .with_span_message(tr!(
                        "这个引号在本行内没有对应的结束引号",
                        "this quote has no closing quote on its line"
                    )),
                );
                braces_reliable = false;
            }
            Event::Open(index) => {
                open.push(brace_span(source, index));
                if open.len() > MAX_DEPTH && !deepest_reported {
                    deepest_reported = true;
                    diagnostics.push(
                        Diagnostic::new(
                            Code::NestingTooDeep,
                            brace_span(source, index),
                            tr!(
                                "块嵌套超过 {MAX_DEPTH} 层",
                                "blocks nested deeper than {MAX_DEPTH} levels"
                            ),
                        )
                        .with_span_message(tr!("这里已是第 9 层", "this is level 9")),
                    );
                }
            }
            Event::Close(index) => {
                let popped = open.pop();
                if let Some(opening) = popped {
                    if misaligned.is_none()
                        && indentation(source, opening.start) != indentation(source, index)
                    {
                        misaligned = Some((opening, brace_span(source, index)));
                    }
                }
                if popped.is_none() && braces_reliable {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::UnmatchedClose,
                            brace_span(source, index),
                            tr!(
                                "这个 `}}` 没有对应的 `{{`",
                                "this `}}` has no matching `{{`"
                            ),
                        )
                        .with_span_message(tr!("多余的 `}}`", "extra `}}`")),
                    );
                }
            }
        }
    }
    let end = source.trim_end().len();
    if braces_reliable && !open.is_empty() {
        // Counting says the outermost blocks are open; the indentation usually says which inner
        // block really lost its `}`.
        match misaligned {
            Some((opening, closing)) => diagnostics.push(
                Diagnostic::new(Code::UnclosedBlock, opening, unclosed_block())
                    .with_span_message(no_matching_close())
                    .with_label(
                        closing,
                        tr!(
                            "这个 `}}` 的缩进对应外层的块",
                            "the indentation of this `}}` matches the outer block"
                        ),
                    )
                    .with_label(Span::new(end, end), file_ends_here()),
            ),
            None => {
                for opening in open.into_iter().rev() {
                    diagnostics.push(
                        Diagnostic::new(Code::UnclosedBlock, opening, unclosed_block())
                            .with_span_message(no_matching_close())
                            .with_label(Span::new(end, end), file_ends_here()),
                    );
                }
            }
        }
    }
    // A line of ten thousand braces would otherwise give ten thousand reports, each printing
    // the whole line: report the first few and count the rest.
    if diagnostics.len() > MAX_REPORTS {
        let hidden = diagnostics.len() - MAX_REPORTS;
        diagnostics.truncate(MAX_REPORTS);
        if let Some(last) = diagnostics.last_mut() {
            last.notes.push(tr!(
                "另有 {hidden} 处括号或引号问题未列出",
                "{hidden} more brace or quote problems are not listed"
            ));
        }
    }
    diagnostics
}

fn unclosed_block() -> crate::lang::Text {
    tr!("块没有闭合", "unclosed block")
}

fn no_matching_close() -> crate::lang::Text {
    tr!(
        "这个 `{{` 没有对应的 `}}`",
        "this `{{` has no matching `}}`"
    )
}

fn file_ends_here() -> crate::lang::Text {
    tr!("文件在这里结束", "the file ends here")
}

/// The indentation (leading spaces, tabs and ideographic spaces) of the line holding `offset`,
/// in characters.
fn indentation(source: &str, offset: usize) -> usize {
    let line_start = source[..offset].rfind('\n').map_or(0, |index| index + 1);
    source[line_start..]
        .chars()
        .take_while(|character| matches!(character, ' ' | '\t' | '\u{3000}'))
        .count()
}

/// The offset of the first `{` (or `｛`) of `source` outside comments and strings, as the
/// brace scan reads them: where the body of a chunk's top-level block starts.
pub(super) fn first_open(source: &str) -> Option<usize> {
    events(source).find_map(|event| match event {
        Event::Open(index) => Some(index),
        _ => None,
    })
}

/// Cuts `source` into chunks that each end after a top-level block (at the end of the line of
/// its closing brace), so that each can be parsed on its own. On text whose braces or strings
/// are unbalanced the whole text is one chunk.
pub(super) fn top_level_chunks(source: &str) -> Vec<(usize, usize)> {
    let mut chunks = Vec::new();
    let mut depth = 0usize;
    let mut chunk_start = 0;
    for event in events(source) {
        match event {
            Event::Open(index) => {
                // Lines before a top-level block are a chunk of their own (so that megabytes of
                // blank lines before a form are not parsed with it), unless a string could span
                // the cut.
                let line_start = source[..index].rfind('\n').map_or(0, |offset| offset + 1);
                if depth == 0
                    && line_start > chunk_start
                    && !source[chunk_start..line_start].contains(['"', '“', '”'])
                {
                    chunks.push((chunk_start, line_start));
                    chunk_start = line_start;
                }
                depth += 1;
            }
            Event::Close(index) => {
                let Some(inner) = depth.checked_sub(1) else {
                    return vec![(0, source.len())];
                };
                depth = inner;
                // The chunk ends with the closing brace's line; a later event on that same line
                // (a comment cannot hold one) would belong to the next chunk, which is harmless.
                if depth == 0 {
                    let end = source[index..]
                        .find('\n')
                        .map_or(source.len(), |offset| index + offset + 1);
                    if end > chunk_start {
                        chunks.push((chunk_start, end));
                        chunk_start = end;
                    }
                }
            }
            Event::UnclosedText(_) | Event::UnclosedQuote(..) => return vec![(0, source.len())],
        }
    }
    if chunk_start < source.len() || chunks.is_empty() {
        chunks.push((chunk_start, source.len()));
    }
    chunks
}

/// The offset of the closing quote in `body`, skipping `\"` escapes for ASCII quotes.
pub(crate) fn find_closing(body: &str, close: char) -> Option<usize> {
    let mut escaped = false;
    for (offset, character) in body.char_indices() {
        if escaped {
            escaped = false;
        } else if character == '\\' && close == '"' {
            escaped = true;
        } else if character == close {
            return Some(offset);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(source: &str) -> Vec<&'static str> {
        scan(source).iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn chunks_cover_the_text_and_end_after_top_level_blocks() {
        let source = "// 头\n项目 \"a{\" 2021 {\n  x { }\n} // 尾\n部门整体 \"b\" 2021 {\n}\n末尾";
        let chunks = top_level_chunks(source);
        // The lines before the first form are a chunk of their own.
        assert_eq!(chunks.len(), 4);
        assert_eq!(chunks[0].0, 0);
        assert_eq!(chunks.last().map(|chunk| chunk.1), Some(source.len()));
        for pair in chunks.windows(2) {
            assert_eq!(pair[0].1, pair[1].0);
        }
        assert_eq!(&source[chunks[0].0..chunks[0].1], "// 头\n");
        assert!(source[chunks[1].0..chunks[1].1].ends_with("} // 尾\n"));
        // Unless a string could span the cut.
        let quoted = "x \"\"\"\n项目 {\n\"\"\"\n项目 \"a\" 2021 {\n}\n";
        assert_eq!(top_level_chunks(quoted).len(), 1);
    }

    #[test]
    fn balanced_files_are_clean() {
        assert!(codes("项目 \"a{\" 2021 {\n  // }\n  x \"\"\"\n}\n\"\"\"\n}\n").is_empty());
    }

    #[test]
    fn finds_each_kind_of_imbalance() {
        assert_eq!(codes("项目 \"a\" 2021 {\n"), ["E0002"]);
        // The inner block lost its `}`: the diagnostic points at the inner `{`.
        let inner = "项目 \"a\" 2021 {\n    产出指标 {\n        数量指标 {\n    }\n}\n";
        let found = scan(inner);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.text(inner), "{");
        assert_eq!(
            found[0].span.start,
            inner.find("数量指标 {").unwrap() + "数量指标 ".len()
        );
        assert_eq!(codes("}\n"), ["E0003"]);
        assert_eq!(codes("项目 \"a 2021 {\n}\n"), ["E0004"]);
        assert_eq!(codes("x \"\"\"\n never closed"), ["E0004"]);
        let deep = "{".repeat(20) + &"}".repeat(20);
        assert_eq!(codes(&deep), ["E0005"]);
    }
}
