//! Syntax: `.jx` text → typed AST with byte spans, plus the syntax diagnostics.
//!
//! Stages inside: a brace/string scan (`braces`), pest (`cst`, the only user of pest types), and
//! lowering (`lower`) which gives keywords their meaning. Parsing never panics and never fails:
//! it returns the forms it could read and a diagnostic for everything it could not.

pub(crate) mod ast;
mod braces;
mod cst;
pub(crate) mod keywords;
pub(crate) mod limits;
mod lower;
pub(crate) mod quantity;

pub(crate) use crate::span::{Span, Spanned};
pub(crate) use braces::find_closing;
pub use braces::MAX_DEPTH;
pub use limits::{
    MAX_AMOUNT, MAX_DECIMALS, MAX_FILE_BYTES, MAX_FORMS, MAX_INDICATORS, MAX_LINE_BYTES,
    MAX_PERCENT, MAX_POINTS, MAX_QUANTITY,
};

use crate::diag::{Code, Diagnostic};
use crate::tr;

/// Parses a `.jx` source text.
///
/// Returns the file's forms and the diagnostics found while reading it. When the brace scan
/// finds unbalanced blocks or an unclosed string, only those diagnostics are returned (with no
/// forms): anything read past them would be a cascade of misleading messages. A text over the
/// size or line-length cap ([`MAX_FILE_BYTES`], [`MAX_LINE_BYTES`]) is not read either; forms
/// and indicators past [`MAX_FORMS`] and [`MAX_INDICATORS`] are left out (E0006).
pub fn parse(source: &str) -> (ast::File, Vec<Diagnostic>) {
    if let Some(too_large) = limits::check_size(source) {
        return (ast::File::default(), vec![too_large]);
    }
    let structural = braces::scan(source);
    if !structural.is_empty() {
        return (ast::File::default(), structural);
    }
    read(source, cst::parse(source))
}

/// [`parse`] of `source` already cut into its `chunks` by [`chunks`] (which ran the size and
/// brace checks): the same file and diagnostics, without scanning the text a second time.
pub(crate) fn parse_chunks(
    source: &str,
    chunks: &[(usize, usize)],
) -> (ast::File, Vec<Diagnostic>) {
    read(source, cst::parse_in(source, chunks))
}

/// The end of [`parse`]: the statements pest gave, lowered, or why it gave none.
fn read(
    source: &str,
    parsed: Result<Vec<cst::Statement>, cst::ParseFailure>,
) -> (ast::File, Vec<Diagnostic>) {
    match parsed {
        Ok(statements) => {
            let mut diagnostics = Vec::new();
            invisible_characters(source, &statements, &mut diagnostics);
            let mut file = lower::lower(source, &statements, &mut diagnostics);
            diagnostics.extend(limits::cap_counts(&mut file));
            (file, diagnostics)
        }
        Err(failure) => {
            let diagnostic = Diagnostic::new(
                Code::NestingTooDeep,
                failure.span,
                tr!("解析器在这里停止", "the parser stopped here"),
            )
            .with_span_message(tr!("输入过于复杂", "the input is too complex"))
            .with_note(format!("parser: {}", failure.reason));
            (ast::File::default(), vec![diagnostic])
        }
    }
}

/// W0002 for every invisible character ([`invisible_name`]) inside a word, a name or a
/// text of `statements`, on the character itself. Lowering reads the tokens without them.
fn invisible_characters(
    source: &str,
    statements: &[cst::Statement],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut tokens = Vec::new();
    collect_tokens(statements, &mut tokens);
    for token in tokens {
        let written = token.span.text(source);
        for (offset, character) in written.char_indices() {
            let Some((zh, en)) = invisible_name(character) else {
                continue;
            };
            // A tab indenting a line of a `"""` text is layout (dedented), not content.
            let line_start = written[..offset].rfind('\n').map_or(0, |index| index + 1);
            if character == '\t'
                && line_start > 0
                && written[line_start..offset].chars().all(char::is_whitespace)
            {
                continue;
            }
            let start = token.span.start + offset;
            let code_point = format!("U+{:04X}", u32::from(character));
            // A character that takes no column cannot be underlined alone: the span also
            // covers the visible character after it, when there is one in the token.
            let mut end = start + character.len_utf8();
            if let Some(next) = written[offset + character.len_utf8()..]
                .chars()
                .next()
                .filter(|next| invisible_name(*next).is_none() && !next.is_whitespace())
            {
                end += next.len_utf8();
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::InvisibleCharacter,
                    Span::new(start, end),
                    tr!(
                        "`{}` 中有不可见字符：{zh}（{code_point}）",
                        "`{}` contains an invisible character: {en} ({code_point})",
                        token.text
                    ),
                )
                .with_span_message(tr!("这里有{zh}", "{en} here")),
            );
        }
    }
}

/// Every token of `statements` (keys, values, names, attributes), depth first.
fn collect_tokens<'a>(statements: &'a [cst::Statement], tokens: &mut Vec<&'a cst::Token>) {
    for statement in statements {
        match statement {
            cst::Statement::Block {
                key, values, body, ..
            } => {
                tokens.push(key);
                tokens.extend(values);
                collect_tokens(body, tokens);
            }
            cst::Statement::Field { key, values, .. } => {
                tokens.push(key);
                tokens.extend(values);
            }
            cst::Statement::Indicator {
                name,
                attrs,
                strays,
                ..
            } => {
                tokens.push(name);
                for attr in attrs {
                    tokens.push(&attr.key);
                    tokens.extend(&attr.values);
                }
                tokens.extend(strays);
            }
            cst::Statement::Junk { .. } => {}
        }
    }
}

/// The Chinese and English name of a character that cannot be seen inside a name or a text
/// (zero-width characters, a soft hyphen, a tab, other control characters); `None` for any
/// other character, and for a line break.
pub(crate) fn invisible_name(character: char) -> Option<(&'static str, &'static str)> {
    Some(match character {
        '\u{200B}' => ("零宽空格", "zero-width space"),
        '\u{200C}' => ("零宽不连字", "zero-width non-joiner"),
        '\u{200D}' => ("零宽连字", "zero-width joiner"),
        '\u{2060}' => ("字连接符", "word joiner"),
        '\u{FEFF}' => ("零宽不换行空格", "zero-width no-break space"),
        '\u{00AD}' => ("软连字符", "soft hyphen"),
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            ("文字方向控制符", "bidirectional control")
        }
        '\t' => ("制表符", "tab"),
        '\n' | '\r' => return None,
        other if other.is_control() => ("控制字符", "control character"),
        _ => return None,
    })
}

/// The forms of `source` as [`parse`] reads them, headers only (kind, name, year and the
/// other header-line fields; every body empty, spans relative to each header's own text): each
/// top-level chunk is parsed up to its block's opening brace, the body replaced by an empty
/// block, so a `build` learns which unit has a form of which year without parsing every body
/// a second time. The same forms in the same order as [`parse`]'s, except on text pest gives
/// up on (nesting too deep to parse), where [`parse`] reads no form at all.
pub(crate) fn form_headers(source: &str) -> Vec<ast::Form> {
    match chunks(source) {
        Some(chunks) => form_headers_in(source, &chunks),
        // Not read chunk by chunk: `parse` reads no form either (size cap, unbalanced text).
        None => Vec::new(),
    }
}

/// [`form_headers`] of `source` cut into the `chunks` that [`chunks`] gave for it (a caller
/// that compiles the chunks afterwards cuts the text once). A range that is not inside the
/// text on character boundaries is skipped.
pub(crate) fn form_headers_in(source: &str, chunks: &[(usize, usize)]) -> Vec<ast::Form> {
    let mut forms = Vec::new();
    for &(start, end) in chunks {
        let Some(chunk) = source.get(start..end) else {
            continue;
        };
        let (file, _) = match braces::first_open(chunk) {
            Some(open) => {
                let (width, close) = if chunk[open..].starts_with('｛') {
                    ('｛'.len_utf8(), '｝')
                } else {
                    (1, '}')
                };
                parse(&format!("{}\n{close}\n", &chunk[..open + width]))
            }
            // Comments, blank lines, or a header without a block: cheap to read whole.
            None => parse(chunk),
        };
        forms.extend(file.forms);
    }
    forms.truncate(limits::MAX_FORMS);
    forms
}

/// The top-level chunks of `source` (byte ranges, in order, covering the text), each of which
/// [`parse_chunk`] reads on its own: the cuts [`parse`] itself parses by, so that the forms of a
/// large file can be compiled one by one (`crate::forms`). `None` when [`parse`] would not read
/// the text chunk by chunk: over a size cap, or with unbalanced braces or an unclosed string
/// (then only the whole-text [`parse`] gives the right diagnostics).
pub(crate) fn chunks(source: &str) -> Option<Vec<(usize, usize)>> {
    if limits::check_size(source).is_some() || !braces::scan(source).is_empty() {
        return None;
    }
    Some(braces::top_level_chunks(source))
}

/// Parses the chunk `start..end` of `source` (one of [`chunks`]) as [`parse`] parses it inside
/// the whole text: the same forms and diagnostics, spans as offsets in the whole `source`, the
/// indicator cap applied per form. The caps on the number of forms, and what depends on other
/// chunks (a form header without `{` swallowing the lines after it), are for the caller to
/// rule out: it must fall back to [`parse`] unless the chunk holds at most one form and every
/// diagnostic lies inside it. `None` when pest gives up on the chunk (fall back likewise).
pub(crate) fn parse_chunk(
    source: &str,
    start: usize,
    end: usize,
) -> Option<(ast::File, Vec<Diagnostic>)> {
    let statements = cst::parse_chunk(source, start, end).ok()?;
    let mut diagnostics = Vec::new();
    invisible_characters(source, &statements, &mut diagnostics);
    let mut file = lower::lower(source, &statements, &mut diagnostics);
    diagnostics.extend(limits::cap_counts(&mut file));
    Some((file, diagnostics))
}
