//! The concrete syntax tree: pest's pairs turned into plain statements.
//!
//! This is the only file that touches pest types. It keeps the shape of the grammar (blocks,
//! fields, indicators, junk) and the exact spans, and unquotes strings; it gives no meaning to
//! keywords (that is `lower.rs`).

use super::keywords;
use crate::span::Span;
use pest::iterators::Pair;
use pest::Parser;
use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "../grammar/jixiao.pest"]
struct JxParser;

/// A word, number or string as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    /// The text, unquoted (and, for `"""` strings, with common indentation removed).
    pub text: String,
    /// The span of the token including its quotes.
    pub span: Span,
    /// `true` when written as a string.
    pub quoted: bool,
}

/// An indicator attribute: a keyword and the tokens up to the next keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attr {
    /// The keyword.
    pub key: Token,
    /// The values.
    pub values: Vec<Token>,
    /// Keyword and values.
    pub span: Span,
}

/// A statement of the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Statement {
    /// `KEY token* { … }`.
    Block {
        /// The opening word.
        key: Token,
        /// Words between the key and `{`.
        values: Vec<Token>,
        /// Statements inside.
        body: Vec<Statement>,
        /// The whole block.
        span: Span,
    },
    /// `KEY token*` on one line.
    Field {
        /// The key.
        key: Token,
        /// The values.
        values: Vec<Token>,
        /// The whole line.
        span: Span,
    },
    /// `"name" attribute*` or `"name" { … }`.
    Indicator {
        /// The quoted name.
        name: Token,
        /// Attributes in order.
        attrs: Vec<Attr>,
        /// Words before the first attribute keyword (not keywords: probable typos).
        strays: Vec<Token>,
        /// Lines inside a block form that could not be read.
        junk: Vec<Span>,
        /// The whole indicator.
        span: Span,
    },
    /// A line that fits nothing.
    Junk {
        /// The line, without its newline.
        span: Span,
    },
}

/// Why the parser stopped without a tree (only pathological inputs: the grammar accepts every
/// line as at least junk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ParseFailure {
    /// Where pest stopped.
    pub span: Span,
    /// pest's reason, for the note.
    pub reason: String,
}

/// Parses `source` into statements.
///
/// The text is parsed one top-level block at a time (the cuts come from the brace scan, which
/// has already checked that braces balance): pest builds every pair of its input before we see
/// any, so parsing a file of many forms whole would hold all their pairs at once.
pub(super) fn parse(source: &str) -> Result<Vec<Statement>, ParseFailure> {
    parse_in(source, &super::braces::top_level_chunks(source))
}

/// [`parse`] of `source` cut into `chunks` ([`super::braces::top_level_chunks`] of it).
pub(super) fn parse_in(
    source: &str,
    chunks: &[(usize, usize)],
) -> Result<Vec<Statement>, ParseFailure> {
    let mut statements = Vec::new();
    for &(start, end) in chunks {
        statements.extend(parse_chunk(source, start, end)?);
    }
    Ok(statements)
}

/// Parses the chunk `start..end` of `source` (one of [`super::braces::top_level_chunks`]) into
/// statements whose spans are offsets in the whole `source`. A blank chunk holds no statement.
pub(super) fn parse_chunk(
    source: &str,
    start: usize,
    end: usize,
) -> Result<Vec<Statement>, ParseFailure> {
    let mut statements = Vec::new();
    let chunk = &source[start..end];
    // Blank lines hold no statement (pest took 20 s over 60 MiB of them).
    if chunk.trim().is_empty() {
        return Ok(statements);
    }
    let mut pairs = JxParser::parse(Rule::file, chunk).map_err(|error| {
        let (from, to) = match error.location {
            pest::error::InputLocation::Pos(position) => (position, position),
            pest::error::InputLocation::Span(span) => span,
        };
        ParseFailure {
            span: Span::new(start + from, start + to).clamp_to(source),
            reason: error.variant.message().into_owned(),
        }
    })?;
    let file = pairs.next().map(Pair::into_inner);
    for mut statement in file
        .into_iter()
        .flatten()
        .filter_map(|pair| statement(pair, chunk))
    {
        shift(&mut statement, start);
        statements.push(statement);
    }
    Ok(statements)
}

/// Moves every span of a statement parsed from a chunk to its place in the whole text.
fn shift(statement: &mut Statement, offset: usize) {
    let move_span = |span: &mut Span| *span = Span::new(span.start + offset, span.end + offset);
    match statement {
        Statement::Block {
            key,
            values,
            body,
            span,
        } => {
            move_span(span);
            move_span(&mut key.span);
            values
                .iter_mut()
                .for_each(|value| move_span(&mut value.span));
            body.iter_mut().for_each(|inner| shift(inner, offset));
        }
        Statement::Field { key, values, span } => {
            move_span(span);
            move_span(&mut key.span);
            values
                .iter_mut()
                .for_each(|value| move_span(&mut value.span));
        }
        Statement::Indicator {
            name,
            attrs,
            strays,
            junk,
            span,
        } => {
            move_span(span);
            move_span(&mut name.span);
            for attr in attrs {
                move_span(&mut attr.span);
                move_span(&mut attr.key.span);
                attr.values
                    .iter_mut()
                    .for_each(|value| move_span(&mut value.span));
            }
            strays
                .iter_mut()
                .for_each(|stray| move_span(&mut stray.span));
            junk.iter_mut().for_each(move_span);
        }
        Statement::Junk { span } => move_span(span),
    }
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), span.end())
}

/// The span of a junk line: its text without the newline and trailing blanks.
fn junk_span(pair: &Pair<'_, Rule>) -> Span {
    let span = span_of(pair);
    let content = pair.as_str().lines().next().unwrap_or("").trim_end();
    Span::new(span.start, span.start + content.len())
}

fn statement(pair: Pair<'_, Rule>, source: &str) -> Option<Statement> {
    match pair.as_rule() {
        Rule::block => {
            let span = block_span(&pair);
            let mut key = None;
            let mut values = Vec::new();
            let mut body = Vec::new();
            for inner in pair.into_inner() {
                match inner.as_rule() {
                    Rule::key => key = Some(token(inner)),
                    Rule::bare | Rule::string => values.push(token(inner)),
                    Rule::open_brace | Rule::close_brace => {}
                    _ => body.extend(statement(inner, source)),
                }
            }
            Some(Statement::Block {
                key: key?,
                values: join_detached_percent(values, source),
                body,
                span,
            })
        }
        Rule::field => {
            let mut inner = pair.into_inner();
            let key = token(inner.next()?);
            let values = join_detached_percent(inner.map(token).collect(), source);
            let span = key
                .span
                .to(values.last().map_or(key.span, |value| value.span));
            Some(Statement::Field { key, values, span })
        }
        Rule::indicator => {
            let mut inner = pair.into_inner();
            let name = token(inner.next()?);
            let mut parts = IndicatorParts {
                span: name.span,
                ..IndicatorParts::default()
            };
            for part in inner {
                match part.as_rule() {
                    Rule::attr_line => parts.line(part, source),
                    Rule::junk => {
                        parts.span = parts.span.to(span_of(&part));
                        parts.junk.push(junk_span(&part));
                    }
                    // The braces of the block form.
                    _ => parts.span = parts.span.to(span_of(&part)),
                }
            }
            let IndicatorParts {
                attrs,
                strays,
                junk,
                span,
                ..
            } = parts;
            Some(Statement::Indicator {
                name,
                attrs,
                strays: join_detached_percent(strays, source),
                junk,
                span,
            })
        }
        Rule::junk => Some(Statement::Junk {
            span: junk_span(&pair),
        }),
        // `stray_close` is reported by the brace scan; EOI carries nothing.
        _ => None,
    }
}

/// What an indicator's lines are read into: each word that starts with an attribute keyword
/// ([`keywords::attribute_prefix`]) opens an attribute, which takes the words after it up to
/// the next keyword or the end of the line; the words before a line's first keyword are strays.
///
/// This is what the grammar did when it listed the keywords (`attr = { attr_key ~ colon? ~
/// (!attr_key ~ token)* }`, `stray = { !attr_key ~ token }`), spans included, done with one
/// look-up per word instead of pest trying every keyword at every token.
#[derive(Default)]
struct IndicatorParts {
    attrs: Vec<Attr>,
    strays: Vec<Token>,
    junk: Vec<Span>,
    /// The indicator's span so far.
    span: Span,
    /// The attribute being read, with where its key (and colon, once read) ends.
    open: Option<(Attr, usize)>,
    /// The open attribute's key ended a word with no colon after it: a colon starting the next
    /// word is still its colon (`实际 ：2次`).
    colon_may_follow: bool,
}

impl IndicatorParts {
    /// Reads one line (an `attr_line` pair: its tokens in order).
    fn line(&mut self, line: Pair<'_, Rule>, source: &str) {
        for pair in line.into_inner() {
            if pair.as_rule() == Rule::string {
                self.colon_may_follow = false;
                let value = token(pair);
                self.value(value);
                continue;
            }
            let word = span_of(&pair);
            let mut at = word.start;
            if std::mem::take(&mut self.colon_may_follow) {
                if let Some(colon) = colon_at(source, at, word.end) {
                    at += colon;
                    if let Some((_, read)) = &mut self.open {
                        *read = at;
                    }
                }
            }
            while at < word.end {
                let Some(length) = keywords::attribute_prefix(&source[at..word.end]) else {
                    // The rest of the word is one value (or stray).
                    self.value(Token {
                        text: without_invisible(source[at..word.end].to_string()),
                        span: Span::new(at, word.end),
                        quoted: false,
                    });
                    break;
                };
                self.finish(source);
                let key = Token {
                    text: source[at..at + length].to_string(),
                    span: Span::new(at, at + length),
                    quoted: false,
                };
                at += length;
                let colon = colon_at(source, at, word.end);
                at += colon.unwrap_or(0);
                self.colon_may_follow = colon.is_none() && at == word.end;
                self.open = Some((
                    Attr {
                        span: key.span,
                        key,
                        values: Vec::new(),
                    },
                    at,
                ));
            }
        }
        // An attribute ends with its line (the block form reads each line anew).
        self.finish(source);
        self.colon_may_follow = false;
    }

    /// A value of the open attribute, or a stray when none is open.
    fn value(&mut self, value: Token) {
        match &mut self.open {
            Some((attr, _)) => attr.values.push(value),
            None => {
                self.span = self.span.to(value.span);
                self.strays.push(value);
            }
        }
    }

    /// Closes the open attribute. Its span is pest's `attr` pair's: up to its last value, or
    /// when it has none, past its key (and colon) and the blanks and comment after them.
    fn finish(&mut self, source: &str) {
        let Some((mut attr, read)) = self.open.take() else {
            return;
        };
        let end = match attr.values.last() {
            Some(last) => last.span.end,
            None => skip_blanks(source, read),
        };
        attr.span = Span::new(attr.key.span.start, end);
        attr.values = join_detached_percent(std::mem::take(&mut attr.values), source);
        self.span = self.span.to(attr.span);
        self.attrs.push(attr);
    }
}

/// The length of a colon (`:` or `：`) at `at`, if one starts there before `end`.
fn colon_at(source: &str, at: usize, end: usize) -> Option<usize> {
    let rest = source.get(at..end)?;
    [":", "："]
        .into_iter()
        .find(|colon| rest.starts_with(colon))
        .map(str::len)
}

/// The offset after the blanks and comments that follow `at` on its line, as pest's implicit
/// `WHITESPACE* (COMMENT WHITESPACE*)*` skips them (the grammar's `WHITESPACE` and `COMMENT`).
fn skip_blanks(source: &str, mut at: usize) -> usize {
    loop {
        let rest = &source[at..];
        let blanks = rest.len()
            - rest
                .trim_start_matches([' ', '\t', '\u{3000}', '\u{A0}', '\u{FEFF}', ';', '；', '，'])
                .len();
        at += blanks;
        if source[at..].starts_with("//") {
            at += source[at..].find(['\n', '\r']).unwrap_or(source.len() - at);
        } else {
            return at;
        }
    }
}

/// A block's span without the newlines and comments after its closing brace.
fn block_span(pair: &Pair<'_, Rule>) -> Span {
    let span = span_of(pair);
    let text = pair.as_str();
    let end = match text.rfind(['}', '｝']) {
        Some(offset) => offset + text[offset..].chars().next().map_or(1, char::len_utf8),
        None => text.trim_end().len(),
    };
    Span::new(span.start, span.start + end)
}

fn token(pair: Pair<'_, Rule>) -> Token {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::string => {
            let quoted = pair.into_inner().next();
            let text = match quoted {
                Some(inner) => match inner.as_rule() {
                    Rule::triple_quoted => dedent(inner.into_inner().as_str()),
                    Rule::plain_quoted => unescape(inner.into_inner().as_str()),
                    _ => inner.into_inner().as_str().to_string(),
                },
                None => String::new(),
            };
            Token {
                text: without_invisible(text),
                span,
                quoted: true,
            }
        }
        _ => Token {
            text: without_invisible(pair.as_str().to_string()),
            span,
            quoted: false,
        },
    }
}

/// `text` without its invisible characters ([`invisible_name`]): a name pasted with a
/// zero-width space is the name without it (the file gets W0002 for it, and `fmt` removes it).
/// A line break of a `"""` text is kept.
fn without_invisible(text: String) -> String {
    if text.chars().any(|c| super::invisible_name(c).is_some()) {
        text.chars()
            .filter(|c| super::invisible_name(*c).is_none())
            .collect()
    } else {
        text
    }
}

/// Joins a `%` (or `％`) or a money unit (`万元`, `万`, `元`) written apart from its number on
/// the same line (`97 %`, `100 万元`, as an IME or a Word cell leaves it) to that number, so
/// `97 %` reads as `97%` and `100 万元` as `100万元` (which the amount readers then take or
/// refuse by the block's unit, E0009): the token's text is the joined one, its span covers
/// both. Quoted tokens are never joined.
fn join_detached_percent(tokens: Vec<Token>, source: &str) -> Vec<Token> {
    let joinable = |token: &Token| {
        !token.quoted && matches!(token.text.as_str(), "%" | "％" | "万元" | "万" | "元")
    };
    // Nearly always nothing to join: the tokens are kept as they are, not copied.
    if !tokens.iter().skip(1).any(joinable) {
        return tokens;
    }
    let mut joined: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        let is_percent = joinable(&token);
        match joined.last_mut() {
            Some(previous)
                if is_percent
                    && !previous.quoted
                    && previous
                        .text
                        .ends_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
                    && source
                        .get(previous.span.end..token.span.start)
                        .is_some_and(|gap| !gap.contains(['\n', '\r'])) =>
            {
                previous.text.push_str(&token.text);
                previous.span = previous.span.to(token.span);
            }
            _ => joined.push(token),
        }
    }
    joined
}

fn unescape(text: &str) -> String {
    // Most names have no backslash: one scan instead of two replacing copies.
    if !text.contains('\\') {
        return text.to_string();
    }
    text.replace("\\\"", "\"").replace("\\\\", "\\")
}

/// Removes the first line break after `"""`, trailing blank lines and the indentation common to
/// all non-blank lines.
pub(super) fn dedent(text: &str) -> String {
    let text = text
        .strip_prefix("\r\n")
        .or_else(|| text.strip_prefix('\n'))
        .unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches([' ', '\t', '\u{3000}']).len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = lines
        .iter()
        .map(|line| line.get(indent..).unwrap_or("").trim_end())
        .collect();
    while out.last().is_some_and(|line| line.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_strips_common_indentation() {
        assert_eq!(dedent("\n    a\n      b\n    "), "a\n  b");
        assert_eq!(dedent("one line"), "one line");
    }

    #[test]
    fn every_line_becomes_a_statement() {
        let source =
            "项目 \"x\" 2021 {\n  主管部门：某局\n  \"a\" 目标 2次 实际 2次 分值 10\n  { oops\n}\n";
        let statements = parse(source).unwrap();
        let Statement::Block {
            key, values, body, ..
        } = &statements[0]
        else {
            panic!("expected a block: {statements:?}");
        };
        assert_eq!(key.text, "项目");
        assert_eq!(values.len(), 2);
        assert!(
            matches!(&body[0], Statement::Field { key, values, .. } if key.text == "主管部门" && values[0].text == "某局")
        );
        assert!(matches!(&body[1], Statement::Indicator { attrs, .. } if attrs.len() == 3));
        assert!(matches!(&body[2], Statement::Junk { span } if span.text(source) == "{ oops"));
    }

    /// Not a check: writes the concrete syntax tree (`Debug` of every statement, spans
    /// included) of each file listed in `$JIXIAO_CST_FILES` (one path a line) to
    /// `$JIXIAO_CST_OUT`, so that a change of the grammar can be shown to give the same tree
    /// on a corpus (diff the output before and after). `cargo test --lib cst_dump -- --ignored`.
    #[test]
    #[ignore = "a tool: run with JIXIAO_CST_FILES and JIXIAO_CST_OUT set"]
    fn cst_dump() {
        use std::fmt::Write;
        let (Ok(list), Ok(out)) = (
            std::env::var("JIXIAO_CST_FILES"),
            std::env::var("JIXIAO_CST_OUT"),
        ) else {
            return;
        };
        let mut dump = String::new();
        for path in std::fs::read_to_string(list).unwrap_or_default().lines() {
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            let _ = writeln!(dump, "== {path}");
            match super::super::chunks(&text) {
                Some(chunks) => {
                    for (start, end) in chunks {
                        let _ = writeln!(dump, "{:#?}", parse_chunk(&text, start, end));
                    }
                }
                None => {
                    let _ = writeln!(dump, "{:#?}", parse(&text));
                }
            }
        }
        std::fs::write(out, dump).unwrap_or_default();
    }
}
