//! A trivia-keeping lexer for the formatter: the source cut into words, strings, braces,
//! comments, blanks and line breaks, every byte accounted for.
//!
//! The token rules mirror `grammar/jixiao.pest` (`bare`, `string`, `separator`, `COMMENT`,
//! `NEWLINE`); the CST in `src/syntax/cst.rs` drops comments and the gaps between tokens, which
//! the formatter must keep. Where this lexer and the grammar could disagree on an exotic input,
//! the formatter's final check (re-parse and compare the AST) refuses to write the result.

/// What a lexeme is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Space, tab, U+3000, BOM and the IME separators `;；，`: no meaning.
    Space,
    /// `\n`, `\r\n` or `\r`.
    Newline,
    /// `//` to the end of the line.
    Comment,
    /// `"…"`, `“…”` or `"""…"""` (may span lines), quotes included.
    Str,
    /// `{`.
    Open,
    /// `}`.
    Close,
    /// A run of anything else (`bare` in the grammar).
    Word,
}

/// One lexeme: a kind and the exact source text it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Lexeme<'a> {
    /// What it is.
    pub kind: Kind,
    /// The exact text.
    pub text: &'a str,
    /// Byte offset of the first byte.
    pub start: usize,
}

impl Lexeme<'_> {
    /// Byte offset one past the last byte.
    pub(super) fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// Characters the grammar treats as in-line whitespace.
pub(super) fn is_space(character: char) -> bool {
    matches!(
        character,
        ' ' | '\t' | '\u{3000}' | '\u{A0}' | '\u{FEFF}' | ';' | '；' | '，'
    )
}

fn ends_word(rest: &str) -> bool {
    rest.starts_with("//")
        || rest.chars().next().is_some_and(|character| {
            is_space(character)
                || matches!(
                    character,
                    '\n' | '\r' | '"' | '“' | '”' | '{' | '}' | '｛' | '｝'
                )
        })
}

/// Cuts `source` into lexemes. `None` when a string is not closed (the syntax check reports
/// that first, so the formatter never gets here with such a file).
pub(super) fn lex(source: &str) -> Option<Vec<Lexeme<'_>>> {
    let mut lexemes = Vec::new();
    let mut index = 0;
    while index < source.len() {
        let rest = &source[index..];
        let first = rest.chars().next()?;
        let (kind, length) = if rest.starts_with("\r\n") {
            (Kind::Newline, 2)
        } else if first == '\n' || first == '\r' {
            (Kind::Newline, 1)
        } else if is_space(first) {
            let length = rest
                .char_indices()
                .find(|(_, character)| !is_space(*character))
                .map_or(rest.len(), |(offset, _)| offset);
            (Kind::Space, length)
        } else if rest.starts_with("//") {
            let length = rest.find(['\n', '\r']).unwrap_or(rest.len());
            (Kind::Comment, length)
        } else if let Some(body) = rest.strip_prefix("\"\"\"") {
            (Kind::Str, 3 + body.find("\"\"\"")? + 3)
        } else if first == '"' {
            (Kind::Str, 1 + closing(&rest[1..], '"')? + 1)
        } else if first == '“' {
            let close = closing(&rest['“'.len_utf8()..], '”')?;
            (Kind::Str, '“'.len_utf8() + close + '”'.len_utf8())
        } else if matches!(first, '{' | '｛') {
            (Kind::Open, first.len_utf8())
        } else if matches!(first, '}' | '｝') {
            (Kind::Close, first.len_utf8())
        } else {
            // A word runs to the next separator; a stray `”` is a word of its own so that the
            // lexer always advances (such a line is a syntax error anyway).
            let mut length = first.len_utf8();
            while length < rest.len() && !ends_word(&rest[length..]) {
                length += rest[length..].chars().next().map_or(1, char::len_utf8);
            }
            (Kind::Word, length)
        };
        lexemes.push(Lexeme {
            kind,
            text: &rest[..length],
            start: index,
        });
        index += length;
    }
    Some(lexemes)
}

/// The offset of the closing quote of a one-line string body (`\"` and `\\` escapes for ASCII
/// quotes, as `plain_body` in the grammar).
fn closing(body: &str, close: char) -> Option<usize> {
    let line = body.split(['\n', '\r']).next().unwrap_or("");
    crate::syntax::find_closing(line, close)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(Kind, &str)> {
        lex(source)
            .unwrap_or_default()
            .into_iter()
            .map(|lexeme| (lexeme.kind, lexeme.text))
            .collect()
    }

    #[test]
    fn every_byte_is_covered() {
        let source = "项目 \"a\\\"b\" 2021 {  // c\r\n  x：1；2 “名” \"\"\"\n t \"\"\"\n}";
        let joined: String = kinds(source).iter().map(|(_, text)| *text).collect();
        assert_eq!(joined, source);
    }

    #[test]
    fn words_stop_at_comments_and_braces() {
        assert_eq!(
            kinds("a//b\nc{"),
            [
                (Kind::Word, "a"),
                (Kind::Comment, "//b"),
                (Kind::Newline, "\n"),
                (Kind::Word, "c"),
                (Kind::Open, "{"),
            ]
        );
    }
}
