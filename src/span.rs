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

impl LineIndex {
    /// Line (0-based) and column in UTF-16 code units (0-based) of a byte offset of the indexed
    /// `source`: a Language Server Protocol position (a CJK character is one unit, an emoji two).
    pub fn utf16_position(&self, source: &str, offset: usize) -> (u32, u32) {
        let offset = Span::new(offset, offset).clamp_to(source).start;
        let line = self.starts.partition_point(|start| *start <= offset).max(1);
        let start = self.starts[line - 1];
        let column: usize = source
            .get(start..offset)
            .map_or(0, |text| text.chars().map(char::len_utf16).sum());
        (
            u32::try_from(line - 1).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }

    /// The byte offset of a line (0-based) and UTF-16 column: the inverse of
    /// [`LineIndex::utf16_position`]. A column past the end of the line (or inside a surrogate
    /// pair) gives the end of the line (the character); a line past the end gives `source.len()`.
    pub fn utf16_offset(&self, source: &str, line: u32, column: u32) -> usize {
        let Some(&start) = usize::try_from(line)
            .ok()
            .and_then(|line| self.starts.get(line))
        else {
            return source.len();
        };
        let rest = &source[start.min(source.len())..];
        let line_text = rest.split('\n').next().unwrap_or("");
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        let mut units = 0usize;
        for (index, character) in line_text.char_indices() {
            if units >= column as usize {
                return start + index;
            }
            units += character.len_utf16();
        }
        start + line_text.len()
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
    fn utf16_positions_count_code_units_both_ways() {
        let source = "项目 \"😀x\"\r\n  目标 2次\n";
        let index = LineIndex::new(source);
        let x = source.find('x').unwrap();
        assert_eq!(index.utf16_position(source, x), (0, 6));
        assert_eq!(index.utf16_offset(source, 0, 6), x);
        let two = source.find("2次").unwrap();
        assert_eq!(index.utf16_position(source, two), (1, 5));
        assert_eq!(index.utf16_offset(source, 1, 5), two);
        assert_eq!(
            index.utf16_offset(source, 0, 99),
            source.find('\r').unwrap()
        );
        assert_eq!(index.utf16_offset(source, 9, 0), source.len());
        assert_eq!(index.utf16_position(source, source.len()), (2, 0));
    }

    #[test]
    fn line_column_counts_characters() {
        let source = "项目 \"x\"\n  目标 2次";
        assert_eq!(line_column(source, 0), (1, 1));
        let offset = source.find("2次").unwrap();
        assert_eq!(line_column(source, offset), (2, 6));
    }
}
