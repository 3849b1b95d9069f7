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
    match cst::parse(source) {
        Ok(statements) => {
            let mut diagnostics = Vec::new();
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
    let mut file = lower::lower(source, &statements, &mut diagnostics);
    diagnostics.extend(limits::cap_counts(&mut file));
    Some((file, diagnostics))
}
