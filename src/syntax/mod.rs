//! Syntax: `.jx` text → typed AST with byte spans, plus the syntax diagnostics.
//!
//! Stages inside: a brace/string scan (`braces`), pest (`cst`, the only user of pest types), and
//! lowering (`lower`) which gives keywords their meaning. Parsing never panics and never fails:
//! it returns the forms it could read and a diagnostic for everything it could not.

pub(crate) mod ast;
mod braces;
mod cst;
pub(crate) mod keywords;
mod lower;
pub(crate) mod quantity;

pub(crate) use crate::span::{Span, Spanned};
pub(crate) use braces::find_closing;
pub use braces::MAX_DEPTH;

use crate::diag::{Code, Diagnostic};
use crate::tr;

/// Parses a `.jx` source text.
///
/// Returns the file's forms and the diagnostics found while reading it. When the brace scan
/// finds unbalanced blocks or an unclosed string, only those diagnostics are returned (with no
/// forms): anything read past them would be a cascade of misleading messages.
pub fn parse(source: &str) -> (ast::File, Vec<Diagnostic>) {
    let structural = braces::scan(source);
    if !structural.is_empty() {
        return (ast::File::default(), structural);
    }
    match cst::parse(source) {
        Ok(statements) => {
            let mut diagnostics = Vec::new();
            let file = lower::lower(source, &statements, &mut diagnostics);
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
