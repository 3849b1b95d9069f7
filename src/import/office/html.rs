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

/// The most blank cells a row is given for the grid columns it leaves out (a form has a dozen
/// columns; Excel 97–2003 had 256): spans of a hostile page may reach a million columns, and
/// filling them all in every row would exhaust the machine.
const MAX_FILLED: usize = 256;

/// The most work one table may cost: steps over its grid plus the merged cells looked at in each
/// (a form's table costs a few thousand). A hostile page of 20 000 rows, each with a cell
/// spanning 1000 rows and 1000 columns, would otherwise build tens of millions of blank cells
/// (more than a gigabyte) over minutes; past this the page is refused.
const MAX_TABLE_WORK: usize = 20_000_000;

/// The most cells one table may give (a form has a few hundred): past it the page is refused.
const MAX_TABLE_CELLS: usize = 1_000_000;

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
    if reader.too_large {
        return Err(OfficeError::new(
            "网页中的表格大得不像绩效自评表（格子数是一张表的上千倍），没有导入",
            "a table of the web page is far larger than any self-evaluation form \
             (thousands of times its cells): not imported",
        ));
    }
    if reader.tables == 0 {
        return Err(OfficeError::new(
            "网页中没有表格（<table>），没有找到绩效自评表",
            "the web page holds no table (<table>): no self-evaluation form found",
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
    /// Whether a table was too large to be a form ([`MAX_TABLE_WORK`], [`MAX_TABLE_CELLS`]).
    too_large: bool,
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
            "table" if is_layout(element) => {
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
        if self.too_large {
            return;
        }
        self.tables += 1;
        let number = self.tables;
        // A `<caption>` is the table's title (`项目支出绩效自评表`): a paragraph before it.
        for caption in table
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| c.value().name() == "caption")
        {
            let text = cell_text(caption);
            for line in text.lines() {
                self.stream.push(vec![line.to_string()]);
            }
        }
        let groups = sections(table);
        // The last row of each row's group (a `rowspan="0"` spans to it).
        let mut group_end: Vec<usize> = Vec::new();
        for group in &groups {
            let end = group_end.len() + group.len();
            group_end.extend(std::iter::repeat_n(end, group.len()));
        }
        let rows: Vec<ElementRef> = groups.into_iter().flatten().collect();
        // Cells spanning rows: (first column, columns spanned, rows still covered).
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        let mut built: Vec<Vec<String>> = Vec::with_capacity(rows.len());
        // Each row's width in grid columns.
        let mut widths: Vec<usize> = Vec::with_capacity(rows.len());
        // Where each row's last cell starts, plus one: the table's width is the largest, so that
        // a title cell with a `colspan` wider than the table widens nothing.
        let mut starts: Vec<usize> = Vec::with_capacity(rows.len());
        // The work done and the cells given so far (see MAX_TABLE_WORK).
        let (mut work, mut given) = (0usize, 0usize);
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
            let mut last_start = 0;
            loop {
                work += spans.len() + 1;
                if work > MAX_TABLE_WORK || given + texts.len() > MAX_TABLE_CELLS {
                    self.too_large = true;
                    return;
                }
                if let Some(span) = spans.iter_mut().find(|s| s.0 == column && s.2 > 0) {
                    // The blank cell of a cell merged from above.
                    texts.push(String::new());
                    span.2 -= 1;
                    last_start = column + 1;
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
                            // The grid columns before it that the row left out are blank too.
                            texts.extend(std::iter::repeat_n(
                                String::new(),
                                (span.0 - column).min(MAX_FILLED),
                            ));
                            texts.push(String::new());
                            span.2 -= 1;
                            last_start = span.0 + 1;
                            column = span.0 + span.1;
                            continue;
                        }
                        None => break,
                    }
                };
                let span = |name: &str| {
                    cell.value()
                        .attr(name)
                        .and_then(leading_number)
                        .map(|n| n.min(MAX_SPAN))
                };
                // `colspan="0"` is no span (1); `rowspan="0"` spans to the end of the row group.
                let width = span("colspan").unwrap_or(1).max(1);
                // A span never leaves its row group (a `thead` cell does not reach the body).
                let to_group_end = group_end
                    .get(index)
                    .map_or(1, |end| end.saturating_sub(index).max(1));
                let height = match span("rowspan") {
                    Some(0) => to_group_end,
                    other => other.unwrap_or(1).clamp(1, to_group_end),
                };
                texts.push(cell_text(cell));
                last_start = column + 1;
                if height > 1 {
                    new_spans.push((column, width, height - 1));
                }
                column += width;
            }
            spans.retain(|s| s.2 > 0);
            spans.extend(new_spans);
            widths.push(column);
            starts.push(last_start);
            given += texts.len();
            built.push(texts);
        }
        // A row that stops before the table's last column (a page that left out its trailing
        // empty `<td>`s, which a browser shows as blank) gets a blank cell for each grid column
        // it left out, as a Word row's `w:gridAfter` does: every row keeps the table's columns.
        let width = starts.iter().copied().max().unwrap_or(0);
        for (index, (mut texts, row_width)) in built.into_iter().zip(widths).enumerate() {
            texts.extend(std::iter::repeat_n(
                String::new(),
                width.saturating_sub(row_width).min(MAX_FILLED),
            ));
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

/// Whether a table frames the page rather than holding data: it has a table in one of its
/// cells, and fewer rows of its own with text outside the inner tables than the inner tables
/// have rows. A data table with a small table in one cell (a Word table nested in a cell) is
/// read as data, the inner table's text in its cell, as the Word reader does.
fn is_layout(table: ElementRef) -> bool {
    let inner: Vec<ElementRef> = table
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "table")
        .collect();
    if inner.is_empty() {
        return false;
    }
    let mut own = Vec::new();
    collect_rows(table, &mut own);
    // Rows of its own that hold data: two or more cells with text, not inside an inner table.
    let data_rows = own
        .iter()
        .filter(|row| {
            row.children()
                .filter_map(ElementRef::wrap)
                .filter(|cell| matches!(cell.value().name(), "td" | "th"))
                .filter(|cell| {
                    !has_table(*cell) && !collapse(&cell.text().collect::<String>()).is_empty()
                })
                .count()
                >= 2
        })
        .count();
    let inner_rows: usize = inner
        .iter()
        .map(|t| {
            let mut rows = Vec::new();
            collect_rows(*t, &mut rows);
            rows.len()
        })
        .sum();
    data_rows < 3 || data_rows < inner_rows
}

/// A span attribute as a browser reads it: leading digits after spaces (`2`, ` 3 `, `2px`),
/// `None` when there are none.
fn leading_number(value: &str) -> Option<usize> {
    let digits: String = value
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    digits.parse().ok()
}

/// Whether an element holds a table.
fn has_table(element: ElementRef) -> bool {
    element
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .any(|e| e.value().name() == "table")
}

/// The `tr` rows of a table, in the order a browser shows them (a `tfoot` last, wherever the
/// page puts it), without those of the tables inside its cells.
fn collect_rows<'a>(element: ElementRef<'a>, rows: &mut Vec<ElementRef<'a>>) {
    rows.extend(sections(element).into_iter().flatten());
}

/// The rows of a table by row group (`thead`, each `tbody`, the rows directly under the table,
/// `tfoot` last), as a browser groups them: a `rowspan="0"` spans to the end of its group.
fn sections(table: ElementRef<'_>) -> Vec<Vec<ElementRef<'_>>> {
    let mut groups: Vec<Vec<ElementRef>> = Vec::new();
    let mut feet: Vec<Vec<ElementRef>> = Vec::new();
    let mut loose: Vec<ElementRef> = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => loose.push(child),
            name @ ("thead" | "tbody" | "tfoot") => {
                if !loose.is_empty() {
                    groups.push(std::mem::take(&mut loose));
                }
                let rows: Vec<ElementRef> = child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|row| row.value().name() == "tr")
                    .collect();
                if name == "tfoot" {
                    feet.push(rows);
                } else {
                    groups.push(rows);
                }
            }
            _ => {}
        }
    }
    if !loose.is_empty() {
        groups.push(loose);
    }
    groups.extend(feet);
    groups
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
                // A table nested in a data cell: each of its rows a line, its cells apart.
                let block = matches!(name, "br" | "tr") || BLOCKS.contains(&name);
                if matches!(name, "td" | "th") {
                    if let Some(last) = lines.last_mut() {
                        last.push(' ');
                    }
                }
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

/// Spaces as a browser shows them: runs of white space (and `&nbsp;`) one space, trimmed. A
/// line break of the page's source between two Chinese characters is no space (Word's "save
/// as web page" breaks long lines anywhere, `项目\r\n名称`; CSS drops such a break between
/// wide characters): the words join.
fn collapse(text: &str) -> String {
    let is_space = |c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}';
    let wide = |c: char| !c.is_ascii() && !is_space(c);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_space(c) {
            out.push(c);
            continue;
        }
        let mut run = String::from(c);
        while let Some(&next) = chars.peek() {
            if !is_space(next) {
                break;
            }
            run.push(next);
            chars.next();
        }
        let before = out.chars().next_back();
        let after = chars.peek().copied();
        let (Some(before), Some(after)) = (before, after) else {
            continue; // leading or trailing: trimmed
        };
        let source_break = run.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
            && run.contains(['\r', '\n']);
        if !(source_break && wide(before) && wide(after)) {
            out.push(' ');
        }
    }
    out
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
    fn a_table_far_larger_than_a_form_is_refused_quickly() {
        // Every row a cell spanning 1000 rows and 1000 columns: each row has one more blank
        // than the last, millions of cells in all. Refused, never built.
        let page = format!(
            "<html><body><table>{}</table></body></html>",
            "<tr><td rowspan=1000 colspan=1000>x</td></tr>".repeat(3000)
        );
        let started = std::time::Instant::now();
        let error = html_rows(&page).expect_err("refused");
        assert!(error.zh.contains("大得不像"), "{}", error.zh);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
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
    fn spans_and_rows_as_a_browser_lays_them_out() {
        // rowspan="0" spans to the end of its row group (not into the tfoot, written first
        // and shown last); colspan="0" is one column; a title wider than the table widens
        // nothing; a row that stops early gets blank cells up to the table's last column.
        let page = "<table><caption>某某项目支出绩效自评表</caption>\
            <tfoot><tr><td>合计</td><td>100</td><td>96</td></tr></tfoot>\
            <thead><tr><th colspan=\"9\">绩效指标</th></tr>\
            <tr><th>一级指标</th><th colspan=\"0\">分值</th><th>得分</th></tr></thead>\
            <tbody><tr><td rowspan=\"0\">产出指标</td><td>50</td><td>48</td></tr>\
            <tr><td>40</td></tr>\
            <tr><td rowspan=\"2px\">10</td><td>8</td></tr>\
            <tr><td>x</td></tr></tbody></table>";
        let rows = html_rows(page).expect("a table");
        assert_eq!(
            texts(&rows),
            vec![
                vec!["某某项目支出绩效自评表"],
                vec!["绩效指标"],
                vec!["一级指标", "分值", "得分"],
                vec!["产出指标", "50", "48"],
                vec!["", "40", ""],
                vec!["", "10", "8"],
                vec!["", "", "x"],
                vec!["合计", "100", "96"],
            ]
        );
        assert_eq!(rows[6][2].place.as_deref(), Some("表格1 第6行第3格"));
    }

    #[test]
    fn huge_spans_fill_no_more_than_a_form_could_have() {
        // A row of 1,000 cells each 1,000 columns wide, the last spanning 1,000 rows, then 1,000
        // rows of one cell: a million grid columns, never a billion blank cells.
        let wide = "<td colspan=1000>x</td>".repeat(999) + "<td colspan=1000 rowspan=1000>y</td>";
        let page = format!(
            "<table><tr>{wide}</tr>{}</table>",
            "<tr><td>z</td></tr>".repeat(999)
        );
        let rows = html_rows(&page).expect("a table");
        assert_eq!(rows.len(), 1000);
        assert!(rows.iter().all(|row| row.len() <= 1000 + 2 * MAX_FILLED));
    }

    #[test]
    fn word_exported_cells_read_as_their_text() {
        // Word's "save as web page": paragraphs and spans in each cell, `<o:p>&nbsp;</o:p>`,
        // conditional markers, and the source's lines broken between Chinese characters.
        let page = "<html><body lang=ZH-CN><div class=WordSection1>\
            <table class=MsoNormalTable><tr>\
            <td><p class=MsoNormal><![if !supportMisc]><span lang=EN-US>项目\r\n名称<o:p></o:p></span><![endif]></p></td>\
            <td><p class=MsoNormal><span>道路 养护</span></p><p class=MsoNormal><span>二期<o:p>&nbsp;</o:p></span></p></td>\
            <td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td>\
            </tr></table></div></body></html>";
        let rows = html_rows(page).expect("a table");
        assert_eq!(texts(&rows), vec![vec!["项目名称", "道路 养护\n二期", ""]]);
    }

    #[test]
    fn a_small_table_in_a_data_cell_stays_in_its_cell() {
        // A data table whose one cell holds a small table (a Word table nested in a cell): the
        // outer table is data, read once, the inner table's text in its cell.
        let page = "<table>\
            <tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>分值</td></tr>\
            <tr><td>产出指标</td><td>数量指标</td><td>培训人次</td><td>10</td></tr>\
            <tr><td>效益指标</td><td>社会效益指标</td>\
            <td><table><tr><td>就业</td><td>人数</td></tr></table></td><td>20</td></tr>\
            <tr><td>满意度指标</td><td>满意度</td><td>群众满意度</td><td>10</td></tr></table>";
        let rows = html_rows(page).expect("a table");
        assert_eq!(rows.len(), 4, "{:?}", texts(&rows));
        assert_eq!(
            texts(&rows)[2],
            vec!["效益指标", "社会效益指标", "就业 人数", "20"]
        );
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
