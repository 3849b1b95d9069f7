//! The web-page reader: every `<table>` of an HTML page (and the text between the tables:
//! titles, `（2022年度）`, notes) as a cell stream, parsed by a real HTML parser (`scraper`,
//! html5ever), so that a government page's tables go through the same recogniser as a Word file.
//!
//! Merged cells follow the Word reader: a cell spanning columns (`colspan`) is one cell; a cell
//! spanning rows (`rowspan`) gives its text to its first row and a blank cell to each row below
//! it, so the level-1/level-2 labels apply to all their rows. Each cell's place is counted as a
//! user counts it: `表格2 第5行第3格` (the table on the page, its row, the cell in that row).

use super::{OfficeError, Stream};
use scraper::{ElementRef, Html, Node};

/// The most rows or columns one cell may span (a page's `rowspan="65534"` spans its table).
const MAX_SPAN: usize = 1000;

/// The deepest nesting of elements read as structure; below it, text only (no recursion).
const MAX_DEPTH: usize = 200;

/// Elements whose text starts and ends a paragraph of its own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "center",
    "blockquote",
    "pre",
    "form",
    "body",
    "dt",
    "dd",
    "caption",
];

/// Whether a text is an HTML page with a table: it starts with a tag (after spaces) and holds a
/// `<table`, whatever its file name.
pub fn is_html(text: &str) -> bool {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let head: String = start
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    (head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with('<'))
        && text.to_ascii_lowercase().contains("<table")
}

/// Reads the tables (and the text between them) of an HTML page as a cell stream.
pub fn html_rows(text: &str) -> Result<Vec<Vec<Cell>>, OfficeError> {
    let document = Html::parse_document(text);
    let mut reader = PageReader::default();
    reader.walk(document.root_element());
    reader.finish_paragraph();
    if reader.tables == 0 {
        return Err(OfficeError(
            "网页中没有表格（<table>），没有找到绩效自评表".into(),
        ));
    }
    Ok(reader.stream.rows)
}

use super::Cell;

/// Walks a page in document order.
#[derive(Default)]
struct PageReader {
    stream: Stream,
    /// The text of the paragraph being read outside the tables.
    paragraph: String,
    /// The tables read so far.
    tables: usize,
}

impl PageReader {
    fn walk(&mut self, element: ElementRef) {
        self.walk_at(element, 0);
    }

    fn walk_at(&mut self, element: ElementRef, depth: usize) {
        let name = element.value().name();
        if depth > MAX_DEPTH {
            // A page nested deeper than any form (hostile or broken): its tables, found without
            // recursion (the outermost ones), and nothing else.
            let mut inner_tables = 0usize;
            for node in element.descendants() {
                let Some(found) = ElementRef::wrap(node) else {
                    continue;
                };
                if found.value().name() != "table" {
                    continue;
                }
                let nested = found
                    .ancestors()
                    .take_while(|a| a.id() != element.id())
                    .filter_map(ElementRef::wrap)
                    .any(|a| a.value().name() == "table");
                if !nested {
                    self.finish_paragraph();
                    self.table(found);
                    inner_tables += 1;
                }
            }
            if inner_tables == 0 {
                self.paragraph.extend(element.text());
            }
            return;
        }
        match name {
            "script" | "style" | "head" | "noscript" | "template" | "select" => return,
            "table" if has_inner_table(element) => {
                // A layout table (a page framed by a table, the form inside one of its cells):
                // its cells are read as the page's content, the tables inside them as tables.
                self.finish_paragraph();
                let mut rows = Vec::new();
                collect_rows(element, &mut rows);
                for row in rows {
                    for cell in row.children().filter_map(ElementRef::wrap) {
                        self.walk_at(cell, depth + 1);
                        self.finish_paragraph();
                    }
                }
                return;
            }
            "table" => {
                self.finish_paragraph();
                self.table(element);
                return;
            }
            "br" => {
                self.finish_paragraph();
                return;
            }
            _ => {}
        }
        let block = BLOCKS.contains(&name);
        if block {
            self.finish_paragraph();
        }
        for child in element.children() {
            if let Some(child) = ElementRef::wrap(child) {
                self.walk_at(child, depth + 1);
            } else if let Node::Text(text) = child.value() {
                self.paragraph.push_str(text);
            }
        }
        if block {
            self.finish_paragraph();
        }
    }

    /// Files the paragraph read so far as a one-cell row, when it is not blank.
    fn finish_paragraph(&mut self) {
        let text = collapse(&std::mem::take(&mut self.paragraph));
        if !text.is_empty() {
            self.stream.push(vec![text]);
        }
    }

    /// Reads one table: its rows (in `thead`, `tbody`, `tfoot` or directly under it, not those
    /// of a table inside a cell), each cell with its spans.
    fn table(&mut self, table: ElementRef) {
        self.tables += 1;
        let number = self.tables;
        let mut rows: Vec<ElementRef> = Vec::new();
        collect_rows(table, &mut rows);
        // Cells spanning rows: (first column, columns spanned, rows still covered).
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            let cells: Vec<ElementRef> = row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let mut texts: Vec<String> = Vec::new();
            let mut column = 0;
            let mut next = cells.into_iter().peekable();
            let mut new_spans = Vec::new();
            loop {
                if let Some(span) = spans.iter_mut().find(|s| s.0 == column && s.2 > 0) {
                    // The blank cell of a cell merged from above.
                    texts.push(String::new());
                    span.2 -= 1;
                    column += span.1;
                    continue;
                }
                let Some(cell) = next.next() else {
                    // Cells merged from above to the right of the last cell of the row.
                    match spans
                        .iter_mut()
                        .filter(|s| s.0 >= column && s.2 > 0)
                        .min_by_key(|s| s.0)
                    {
                        Some(span) => {
                            texts.push(String::new());
                            span.2 -= 1;
                            column = span.0 + span.1;
                            continue;
                        }
                        None => break,
                    }
                };
                let span = |name: &str| {
                    cell.value()
                        .attr(name)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, MAX_SPAN)
                };
                let (width, height) = (span("colspan"), span("rowspan"));
                texts.push(cell_text(cell));
                if height > 1 {
                    new_spans.push((column, width, height - 1));
                }
                column += width;
            }
            spans.retain(|s| s.2 > 0);
            spans.extend(new_spans);
            let placed = texts
                .into_iter()
                .enumerate()
                .map(|(k, text)| {
                    let place = format!("表格{number} 第{}行第{}格", index + 1, k + 1);
                    (text, Some(place))
                })
                .collect();
            self.stream.push_placed(placed);
        }
    }
}

/// Whether a table holds another table in one of its cells (then it frames the page).
fn has_inner_table(table: ElementRef) -> bool {
    table
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .any(|e| e.value().name() == "table")
}

/// The `tr` rows of a table, in order, without those of the tables inside its cells.
fn collect_rows<'a>(element: ElementRef<'a>, rows: &mut Vec<ElementRef<'a>>) {
    for child in element.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => {
                for row in child.children().filter_map(ElementRef::wrap) {
                    if row.value().name() == "tr" {
                        rows.push(row);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A cell's text: its words with spaces collapsed as a browser shows them, a `<br>` or a
/// paragraph inside the cell a line break.
fn cell_text(cell: ElementRef) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    fn walk(element: ElementRef, lines: &mut Vec<String>, depth: usize) {
        if depth > MAX_DEPTH {
            if let Some(last) = lines.last_mut() {
                last.extend(element.text());
            }
            return;
        }
        for child in element.children() {
            if let Some(child) = ElementRef::wrap(child) {
                let name = child.value().name();
                if matches!(name, "script" | "style") {
                    continue;
                }
                let block = name == "br" || BLOCKS.contains(&name);
                if block {
                    lines.push(String::new());
                }
                walk(child, lines, depth + 1);
                if block {
                    lines.push(String::new());
                }
            } else if let Node::Text(text) = child.value() {
                if let Some(last) = lines.last_mut() {
                    last.push_str(text);
                }
            }
        }
    }
    walk(cell, &mut lines, 0);
    lines
        .iter()
        .map(|line| collapse(line))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Spaces as a browser shows them: runs of white space (and `&nbsp;`) one space, trimmed.
fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn spans_give_one_cell_and_blanks_below() {
        let page = "<html><body><h3>某某项目支出绩效自评表</h3><p>（2022年度）</p>\
            <table><tr><td rowspan=3>产出指标</td><td colspan=2>数量<br>指标</td><td>10</td></tr>\
            <tr><td>a</td><td>b</td><td>1</td></tr>\
            <tr><td>c</td><td rowspan=2>d</td><td>2</td></tr>\
            <tr><td>x</td><td>y</td><td>z</td></tr></table></body></html>";
        let rows = html_rows(page).expect("a table");
        assert_eq!(
            texts(&rows),
            vec![
                vec!["某某项目支出绩效自评表"],
                vec!["（2022年度）"],
                vec!["产出指标", "数量\n指标", "10"],
                vec!["", "a", "b", "1"],
                vec!["", "c", "d", "2"],
                vec!["x", "y", "", "z"],
            ]
        );
        assert_eq!(rows[3][1].place.as_deref(), Some("表格1 第2行第2格"));
    }

    #[test]
    fn a_deeply_nested_page_is_read_without_recursion_limits() {
        let depth = 3_000;
        let page = format!(
            "<html><body>{}<table><tr><td>项目名称</td><td>x</td></tr></table>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let rows = html_rows(&page).expect("read");
        assert!(rows.iter().flatten().any(|c| c.text.contains("项目名称")));
        let cell = format!(
            "<table><tr><td>{}深{}</td></tr></table>",
            "<b>".repeat(depth),
            "</b>".repeat(depth)
        );
        assert!(html_rows(&cell).is_ok());
    }

    #[test]
    fn a_layout_table_frames_the_form_it_holds() {
        let page = "<html><body><table><tr><td>网站导航</td></tr><tr><td>\
            <p>项目支出绩效自评表</p>\
            <table><tr><td>项目名称</td><td>道路养护</td></tr></table>\
            </td></tr></table></body></html>";
        let rows = html_rows(page).expect("a table");
        assert_eq!(
            texts(&rows),
            vec![
                vec!["网站导航"],
                vec!["项目支出绩效自评表"],
                vec!["项目名称", "道路养护"],
            ]
        );
        assert_eq!(rows[2][1].place.as_deref(), Some("表格1 第1行第2格"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any page, however broken its markup or its spans (0, huge, tables in tables), reads
        /// without a panic.
        #[test]
        fn any_page_reads_without_a_panic(
            cells in proptest::collection::vec(
                ("[a-z项目0-9<>/ ]{0,6}", 0usize..5, 0usize..5, proptest::bool::ANY),
                0..40,
            )
        ) {
            let mut page = String::from("<table><tr>");
            for (text, rowspan, colspan, new_row) in cells {
                if new_row {
                    page.push_str("</tr><tr>");
                }
                page.push_str(&format!(
                    "<td rowspan=\"{rowspan}\" colspan=\"{colspan}\">{text}</td>"
                ));
            }
            page.push_str("</tr></table>");
            let _ = html_rows(&page);
            let _ = html_rows(&page.replace("<table>", "<table><table>"));
        }
    }

    #[test]
    fn a_page_without_a_table_is_refused() {
        assert!(html_rows("<html><body><p>没有表</p></body></html>").is_err());
        assert!(is_html("  <!DOCTYPE html><html><table></table></html>"));
        assert!(!is_html("项目名称\n<table>"));
    }
}
