//! The printer: the tree laid out in the house style.
//!
//! Four spaces per block level; one statement per line; fields as `KEY value`; the name and the
//! attributes of consecutive indicator lines, and the label and amounts of consecutive fund rows,
//! aligned in columns by display width (CJK characters count two, as a terminal and a
//! fixed-width editor font show them); two spaces between columns and before an end-of-line
//! comment; at most one blank line in a row, none at the start or end of a block.

use super::tree::{Cell, Node, Role};
use super::words::{respell_at, Lang};
use crate::syntax::keywords;
use unicode_width::UnicodeWidthStr;

const INDENT: &str = "    ";
const COLUMN_GAP: &str = "  ";

/// Prints `nodes` at the top level; lines without line breaks.
pub(super) fn print(nodes: &[Node], lang: Lang) -> Vec<String> {
    let mut printer = Printer {
        lang,
        lines: Vec::new(),
    };
    printer.nodes(nodes, 0);
    printer.lines
}

struct Printer {
    lang: Lang,
    lines: Vec<String>,
}

/// A rendered line before alignment: its columns and comment.
struct Row {
    columns: Vec<String>,
    /// Alignment key of each column (`None`: never aligned by meaning).
    keys: Vec<Option<String>>,
    comment: Option<String>,
}

fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn pad(text: &str, to: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(' ', to.saturating_sub(width(text))));
    padded
}

impl Printer {
    fn nodes(&mut self, nodes: &[Node], depth: usize) {
        let nodes = tidy_blanks(nodes);
        let mut index = 0;
        while index < nodes.len() {
            match nodes[index] {
                Node::Blank => {
                    self.lines.push(String::new());
                    index += 1;
                }
                Node::Comment(text) => {
                    self.lines.push(format!("{}{text}", INDENT.repeat(depth)));
                    index += 1;
                }
                Node::Line { role, .. } if matches!(role, Role::Indicator | Role::FundRow) => {
                    // A run of consecutive lines of the same role is aligned as one table.
                    let mut rows = Vec::new();
                    while let Some(Node::Line {
                        role: next_role,
                        cells,
                        comment,
                    }) = nodes.get(index)
                    {
                        if next_role != role {
                            break;
                        }
                        let row = self.row(cells, comment, depth);
                        if row.columns.iter().any(|column| column.contains('\n')) {
                            // A multi-line text breaks the table.
                            if !rows.is_empty() {
                                self.table(std::mem::take(&mut rows), depth, min_width(*role));
                            }
                            self.table(vec![row], depth, min_width(*role));
                        } else {
                            rows.push(row);
                        }
                        index += 1;
                    }
                    if !rows.is_empty() {
                        self.table(rows, depth, min_width(*role));
                    }
                }
                Node::Line {
                    role,
                    cells,
                    comment,
                } => {
                    let row = self.row(cells, comment, depth);
                    // Attributes are separated like the columns of an indicator line.
                    let separator = if *role == Role::AttrLine {
                        COLUMN_GAP
                    } else {
                        " "
                    };
                    let text = row.columns.join(separator);
                    self.push_line(depth, &text, comment.as_deref());
                    index += 1;
                }
                Node::Block {
                    head,
                    open_comment,
                    children,
                    close_comment,
                } => {
                    let head_text: Vec<String> =
                        head.iter().map(|cell| self.cell(cell, depth)).collect();
                    let mut text = head_text.join(" ");
                    text.push_str(" {");
                    self.push_line(depth, &text, open_comment.as_deref());
                    self.nodes(children, depth + 1);
                    self.push_line(depth, "}", close_comment.as_deref());
                    index += 1;
                }
            }
        }
    }

    fn push_line(&mut self, depth: usize, text: &str, comment: Option<&str>) {
        let mut line = format!("{}{text}", INDENT.repeat(depth));
        if let Some(comment) = comment {
            line.push_str(COLUMN_GAP);
            line.push_str(comment);
        }
        self.lines.push(line);
    }

    fn row(&self, cells: &[Cell], comment: &Option<String>, depth: usize) -> Row {
        Row {
            columns: cells.iter().map(|cell| self.cell(cell, depth)).collect(),
            // Columns are matched by meaning: `目标` and `指标值` share a column.
            keys: cells
                .iter()
                .map(|cell| {
                    cell.key.as_ref().map(|(key, _)| {
                        keywords::lookup(keywords::ATTRIBUTES, key)
                            .map_or_else(|| key.clone(), column_of)
                    })
                })
                .collect(),
            comment: comment.clone(),
        }
    }

    /// Aligns rows as a table: the first column always; each further column while every row
    /// that has it holds the same attribute there; comments after the widest line. Rows are
    /// first spread into columns by attribute meaning ([`by_meaning`]) when their attribute
    /// orders agree, so a 定性 line beside a 定量 line leaves the 单位 column blank.
    fn table(&mut self, rows: Vec<Row>, depth: usize, min_width: usize) {
        let rows = by_meaning(&rows).unwrap_or(rows);
        let columns = rows.iter().map(|row| row.columns.len()).max().unwrap_or(0);
        let mut widths = Vec::new();
        for column in 0..columns {
            let mut keys = rows.iter().filter_map(|row| row.keys.get(column));
            let first_key = keys.next();
            let same = column == 0 || keys.all(|key| Some(key) == first_key);
            if !same {
                break;
            }
            let width = rows
                .iter()
                .filter_map(|row| row.columns.get(column))
                .map(|text| width(text))
                .max()
                .unwrap_or(0);
            widths.push(if column == 0 {
                width
            } else {
                width.max(min_width)
            });
        }
        let texts: Vec<String> = rows
            .iter()
            .map(|row| {
                let last = row.columns.len().saturating_sub(1);
                let mut text = String::new();
                for (column, cell) in row.columns.iter().enumerate() {
                    if column > 0 {
                        text.push_str(COLUMN_GAP);
                    }
                    match widths.get(column) {
                        Some(width) if column < last => text.push_str(&pad(cell, *width)),
                        _ => text.push_str(cell),
                    }
                }
                text
            })
            .collect();
        let comment_column = rows
            .iter()
            .zip(&texts)
            .filter(|(row, _)| row.comment.is_some())
            .map(|(_, text)| width(text))
            .max();
        for (row, text) in rows.iter().zip(texts) {
            let mut line = format!("{}{text}", INDENT.repeat(depth));
            if let (Some(comment), Some(column)) = (&row.comment, comment_column) {
                line = pad(&line, column + INDENT.len() * depth);
                line.push_str(COLUMN_GAP);
                line.push_str(comment);
            }
            self.lines.push(line);
        }
    }

    fn key<'a>(&self, key: &'a str, place: Option<super::words::Place>) -> &'a str {
        place
            .and_then(|place| respell_at(key, place, self.lang))
            .unwrap_or(key)
    }

    fn cell(&self, cell: &Cell, depth: usize) -> String {
        let mut text = String::new();
        if let Some((key, place)) = &cell.key {
            text.push_str(self.key(key, *place));
        }
        for (index, value) in cell.values.iter().enumerate() {
            if index == 0 {
                if !text.is_empty() {
                    text.push(' ');
                }
            } else if cell.verbatim {
                text.push_str(&value.gap);
            } else {
                text.push(' ');
            }
            if value.triple {
                text.push_str(&reindent_triple(&value.text, depth));
            } else {
                text.push_str(self.key(&value.text, value.place));
            }
        }
        text
    }
}

/// The column an attribute goes in: its meaning, except that the words which fill the same
/// column of the paper form share one (定量/定性/指标性质; 正向/反向).
fn column_of(meaning: keywords::Attribute) -> String {
    use keywords::Attribute;
    match meaning {
        Attribute::Nature | Attribute::Quantitative | Attribute::Qualitative => "nature".into(),
        Attribute::Positive | Attribute::Reverse => "direction".into(),
        other => format!("{other:?}"),
    }
}

/// Spreads indicator rows into one column per attribute meaning, in an order every row agrees
/// with (`目标` before `实际` …), leaving a blank cell where a row lacks an attribute.
///
/// `None` (keep the rows as they are) when a row has a cell without a keyword, the same meaning
/// twice, or an order that contradicts another row's.
fn by_meaning(rows: &[Row]) -> Option<Vec<Row>> {
    let mut order: Vec<String> = Vec::new();
    for row in rows {
        let mut at = 0;
        for key in row.keys.iter().skip(1) {
            let key = key.as_ref()?;
            match order.iter().position(|known| known == key) {
                Some(position) if position >= at => at = position + 1,
                Some(_) => return None,
                None => {
                    order.insert(at, key.clone());
                    at += 1;
                }
            }
        }
    }
    let mut spread = Vec::new();
    for row in rows {
        let mut columns = vec![row.columns.first().cloned().unwrap_or_default()];
        let mut keys = vec![None];
        for key in &order {
            let index = row.keys.iter().position(|own| own.as_ref() == Some(key));
            columns.push(
                index
                    .map(|index| row.columns[index].clone())
                    .unwrap_or_default(),
            );
            keys.push(Some(key.clone()));
        }
        while columns.len() > 1 && columns.last().is_some_and(String::is_empty) {
            columns.pop();
            keys.pop();
        }
        spread.push(Row {
            columns,
            keys,
            comment: row.comment.clone(),
        });
    }
    Some(spread)
}

/// The narrowest a column after the first may be: fund-row amounts are as wide as the column
/// titles `年初预算数 全年预算数 全年执行数` (10 columns each), so a title comment can sit above them.
fn min_width(role: Role) -> usize {
    match role {
        Role::FundRow => UnicodeWidthStr::width("年初预算数"),
        _ => 0,
    }
}

/// Drops blank lines at the start and end and merges runs of them.
fn tidy_blanks(nodes: &[Node]) -> Vec<&Node> {
    let mut out: Vec<&Node> = Vec::new();
    for node in nodes {
        if *node == Node::Blank && out.last().is_none_or(|last| **last == Node::Blank) {
            continue;
        }
        out.push(node);
    }
    while out.last().is_some_and(|last| **last == Node::Blank) {
        out.pop();
    }
    out
}

/// Re-indents a `"""` text to the block it stands in: its lines one level deeper than the line
/// holding it, the closing quotes at that line's level.
///
/// Only the canonical shape is touched (line break right after the opening quotes, closing
/// quotes on a line of their own); the lines keep everything after the indentation the parser
/// strips (`syntax::cst::dedent`: the smallest indentation of the non-blank lines, in bytes), so
/// the text read back is the same. Anything else is kept as written, line breaks included.
fn reindent_triple(raw: &str, depth: usize) -> String {
    let Some(body) = raw
        .strip_prefix("\"\"\"")
        .and_then(|rest| rest.strip_suffix("\"\"\""))
    else {
        return raw.to_string();
    };
    let Some(body) = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
    else {
        return raw.replace("\r\n", "\n");
    };
    // A lone `\r` is a line break for the grammar but not for `str::lines` (used by dedent).
    if body.replace("\r\n", "\n").contains('\r') {
        return raw.to_string();
    }
    let Some((content, closing)) = body.rsplit_once('\n') else {
        return raw.replace("\r\n", "\n");
    };
    let is_indent = |character: char| matches!(character, ' ' | '\t' | '\u{3000}');
    if !closing.chars().all(is_indent) {
        return raw.replace("\r\n", "\n");
    }
    let lines: Vec<&str> = content
        .split('\n')
        .map(|line| line.trim_end_matches('\r'))
        .collect();
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(is_indent).len())
        .min()
        .unwrap_or(0);
    let inner = INDENT.repeat(depth + 1);
    let mut out = String::from("\"\"\"\n");
    for line in lines {
        let rest = line.get(indent..).unwrap_or("").trim_end();
        if !line.trim().is_empty() && !rest.is_empty() {
            out.push_str(&inner);
            out.push_str(rest);
        }
        out.push('\n');
    }
    out.push_str(&INDENT.repeat(depth));
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triple_quoted_text_moves_with_its_block() {
        let raw = "\"\"\"\n  一\n    二\n\n  \"\"\"";
        assert_eq!(
            reindent_triple(raw, 1),
            "\"\"\"\n        一\n          二\n\n    \"\"\""
        );
        assert_eq!(reindent_triple("\"\"\"一行\"\"\"", 2), "\"\"\"一行\"\"\"");
    }
}
