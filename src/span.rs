//! Byte spans into a source text, and the line index that turns them into lines and columns.
//!
//! Ground floor: imports nothing of ours. `syntax` makes spans, `diag` points at them, `fmt`
//! and the renderers turn them into places.

use serde::Serialize;

/// A byte range `start..end` of a source text.
///
/// Invariant: produced by the parser, both ends lie on UTF-8 character boundaries. Spans built
/// by hand (sub-spans inside a token) must keep that invariant; [`Span::clamp_to`] restores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span covers, or `""` if it does not fit `source`.
    pub fn text(self, source: &str) -> &str {
        source.get(self.start..self.end).unwrap_or("")
    }

    /// This span moved inside `source` and onto character boundaries (outwards).
    pub fn clamp_to(self, source: &str) -> Span {
        let mut start = self.start.min(source.len());
        let mut end = self.end.min(source.len()).max(start);
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        while !source.is_char_boundary(end) {
            end += 1;
        }
        Span::new(start, end)
    }
}

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// The start offsets of the lines of a text, for repeated line/column look-ups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `source` (one pass).
    pub fn new(source: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(index, _)| index + 1))
            .collect();
        LineIndex { starts }
    }

    /// The line (1-based) of a byte offset of the indexed text; offsets past the end are on the
    /// last line.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|start| *start <= offset).max(1)
    }

    /// Line and column (both 1-based; the column counts characters) of a byte offset of the
    /// indexed `source`.
    pub fn line_column(&self, source: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(source.len());
        let line = self.starts.partition_point(|start| *start <= offset).max(1);
        let start = self.starts[line - 1];
        let column = source
            .get(start..offset)
            .map_or(0, |text| text.chars().count())
            + 1;
        (line, column)
    }
}

/// Line and column (both 1-based; the column counts characters) of a byte offset: the slow,
/// obviously right oracle that the tests hold [`LineIndex::line_column`] to.
#[cfg(test)]
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamp_moves_outwards_to_char_boundaries() {
        let source = "目标 2次";
        // 1..4 starts inside 目 and ends at the end of 目's first successor byte.
        assert_eq!(Span::new(1, 4).clamp_to(source), Span::new(0, 6));
        assert_eq!(
            Span::new(5, 100).clamp_to(source),
            Span::new(3, source.len())
        );
    }

    #[test]
    fn line_index_agrees_with_line_column() {
        let source = "项目 \"x\"\n  目标 2次\r\n\n末行";
        let index = LineIndex::new(source);
        for (offset, _) in source.char_indices().chain([(source.len(), ' ')]) {
            assert_eq!(
                index.line_column(source, offset),
                line_column(source, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn line_column_counts_characters() {
        let source = "项目 \"x\"\n  目标 2次";
        assert_eq!(line_column(source, 0), (1, 1));
        let offset = source.find("2次").unwrap();
        assert_eq!(line_column(source, offset), (2, 6));
    }
}
