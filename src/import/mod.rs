//! `jixiao import`: bring forms filed elsewhere into `.jx` files.
//!
//! This first part reads **plain-text copies where each cell is on its own line** (the text of a
//! Word table: one cell a line, indented by a tab, a blank line between rows), as in the seed
//! document. The layout is recognised by its header cells (部门名称/项目名称, 主管部门, the budget
//! header 年初预算数 … 执行率得分, 年度总体目标, the indicator table's column names), and every
//! form found becomes one `.jx` text written through the formatter ([`crate::fmt::format`]).
//!
//! Declared values are imported as declared, so a later `jixiao check` reports the form's own
//! arithmetic mistakes. Nothing is dropped silently: every non-blank cell that could not be
//! placed is listed in a `// 未能识别: …` comment block at the top of the generated text.

mod budget;
pub mod cli;
mod indicators;
pub mod office;
mod stream;

use budget::{budget_table, money_column, Money};
use indicators::{Header, IndicatorTable};

use crate::fmt::{format, FormatOptions};

/// The kind of an imported form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// 部门整体支出绩效自评表.
    Department,
    /// 项目支出绩效自评表.
    Project,
}

impl FormKind {
    /// The form's keyword in the language (`部门整体`, `项目`).
    pub fn keyword(self) -> &'static str {
        match self {
            FormKind::Department => "部门整体",
            FormKind::Project => "项目",
        }
    }
}

/// One cell of the text copy.
#[derive(Debug, Clone)]
pub struct Cell {
    /// 1-based line of the cell in the input.
    pub line: usize,
    /// The cell's text, trimmed (ASCII and full-width spaces); empty for a blank cell.
    pub text: String,
}

/// One form read from the input.
#[derive(Debug, Clone)]
pub struct ImportedForm {
    /// Department or project form.
    pub kind: FormKind,
    /// The form's name (部门名称 or 项目名称).
    pub name: String,
    /// The number of indicators imported.
    pub indicators: usize,
    /// Placeholder rows skipped (`指标N：` with nothing else), as `line: text`.
    pub skipped: Vec<String>,
    /// Cells that could not be placed, as `第N行: text` (also in the comment block of `source`).
    pub unmapped: Vec<String>,
    /// The `.jx` text, in the canonical layout.
    pub source: String,
}

impl ImportedForm {
    /// The file name for this form: `部门整体-名称.jx` or `项目-名称.jx`, with characters that
    /// file systems refuse replaced by `_`.
    pub fn file_name(&self) -> String {
        let name: String = self
            .name
            .chars()
            .map(|c| {
                if c.is_control() || "/\\:*?\"<>|".contains(c) {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let name = name.trim_matches('.');
        let name = if name.is_empty() { "未命名" } else { name };
        format!("{}-{}.jx", self.kind.keyword(), name)
    }
}

/// Why an input could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// No form was recognised in the input.
    NoForm,
    /// A form was found but its generated text could not be formatted (the messages say why).
    Unformattable {
        /// The form's name.
        name: String,
        /// What went wrong.
        messages: Vec<String>,
    },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::NoForm => write!(
                f,
                "没有找到绩效自评表（应有 部门名称/项目名称 与 一级指标/三级指标 等表头）"
            ),
            ImportError::Unformattable { name, messages } => {
                write!(
                    f,
                    "表单「{name}」生成的文本无法格式化: {}",
                    messages.join("; ")
                )
            }
        }
    }
}

/// Whether `c` is a space for trimming cells (ASCII whitespace, the full-width space, NBSP).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

/// Removes Word artefacts such as `[bookmark: _GoBack]` and trims.
fn clean(text: &str) -> String {
    let mut text = text.to_string();
    while let Some(start) = text.find("[bookmark:") {
        match text[start..].find(']') {
            Some(end) => text.replace_range(start..start + end + 1, ""),
            None => break,
        }
    }
    text.trim_matches(is_blank).to_string()
}

/// Splits a text copy into rows of cells: one cell a line, rows separated by empty lines.
///
/// A sample copy (header lines `source:` / `kind:` / `year:`, cells without row breaks) is
/// regrouped into rows by its layout instead (see [`stream`]).
pub fn rows(text: &str) -> Vec<Vec<Cell>> {
    if stream::is_sample(text) {
        return stream::sample_rows(text);
    }
    let mut rows = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            continue;
        }
        row.push(Cell {
            line: index + 1,
            text: clean(line),
        });
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows
}

/// Imports every form of a text copy.
///
/// Returns [`ImportError::NoForm`] when no form is recognised.
pub fn import_text(text: &str) -> Result<Vec<ImportedForm>, ImportError> {
    import_rows(&rows(text.strip_prefix('\u{feff}').unwrap_or(text)))
}

/// Imports every form of a cell stream: rows of cells in reading order, as [`rows`] makes them
/// from a text copy and [`office`] from the tables of a `.docx`, `.xlsx` or `.xls` file.
/// A merged cell appears once, in its first row; the rows it also covers hold a blank cell in
/// its place, as the text copies show them.
///
/// Returns [`ImportError::NoForm`] when no form is recognised.
pub fn import_rows(rows: &[Vec<Cell>]) -> Result<Vec<ImportedForm>, ImportError> {
    // A form starts at its title row (…自评表) or, when the copy has no titles, at its name row.
    let mut starts: Vec<usize> = (0..rows.len()).filter(|&i| has_title(&rows[i])).collect();
    if starts.is_empty() {
        starts = (0..rows.len())
            .filter(|&i| {
                rows[i]
                    .iter()
                    .any(|c| c.text == "部门名称" || c.text == "项目名称")
            })
            .collect();
    }
    // The sample header's `year: NNNN`, used when the form prints no year.
    let fallback_year = rows
        .iter()
        .flatten()
        .find_map(|c| c.text.strip_prefix("year: ")?.trim().parse::<u32>().ok());
    let mut forms = Vec::new();
    let mut leading: Vec<&Cell> = Vec::new();
    if let Some(&first) = starts.first() {
        leading.extend(rows[..first].iter().flatten());
    }
    for (position, &start) in starts.iter().enumerate() {
        let end = starts.get(position + 1).copied().unwrap_or(rows.len());
        let extra = if position == 0 {
            std::mem::take(&mut leading)
        } else {
            Vec::new()
        };
        if let Some(form) = import_form(&rows[start..end], &extra, fallback_year)? {
            forms.push(form);
        }
    }
    if forms.is_empty() {
        return Err(ImportError::NoForm);
    }
    Ok(forms)
}

fn has_title(row: &[Cell]) -> bool {
    row.iter().any(|c| c.text.ends_with("自评表"))
}

/// A `"…"` string of the language.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A value written bare when it is one word, quoted otherwise.
fn value(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| !is_blank(c) && !"\"“”{}/#".contains(c))
    {
        text.to_string()
    } else {
        quote(text)
    }
}

fn year_of(text: &str) -> Option<u32> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        if w[..4].iter().all(char::is_ascii_digit) && w[4] == '年' {
            w[..4].iter().collect::<String>().parse().ok()
        } else {
            None
        }
    })
}

/// Imports one form from its rows. `extra` are cells before the first form (listed as
/// unmapped unless they are the attachment caption `附件`).
fn import_form(
    rows: &[Vec<Cell>],
    extra: &[&Cell],
    fallback_year: Option<u32>,
) -> Result<Option<ImportedForm>, ImportError> {
    let mut used = vec![Vec::new(); rows.len()];
    for (index, row) in rows.iter().enumerate() {
        used[index] = vec![false; row.len()];
    }
    let mut kind = None;
    let mut year = None;
    let mut name = None;
    let mut header: Vec<String> = Vec::new();
    let mut budget: Vec<String> = Vec::new();
    let mut goals: Vec<String> = Vec::new();
    let mut table = IndicatorTable::default();
    let mut index = 0;
    while index < rows.len() {
        let row = &rows[index];
        let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
        // Title and year.
        if let Some(position) = texts.iter().position(|t| t.ends_with("自评表")) {
            let title = texts[position];
            kind = Some(if title.contains("部门") {
                FormKind::Department
            } else {
                FormKind::Project
            });
            used[index][position] = true;
            if let Some(y) = year_of(title) {
                year = Some(y);
            }
        }
        for (position, text) in texts.iter().enumerate() {
            if text.starts_with("year: ") {
                used[index][position] = true;
            } else if year.is_none() && text.contains('年') && text.chars().count() <= 12 {
                if let Some(y) = year_of(text) {
                    year = Some(y);
                    used[index][position] = true;
                }
            } else if year.is_some()
                && year_of(text) == year
                && (text.starts_with('（') || text.starts_with('('))
            {
                used[index][position] = true;
            }
        }
        // The attachment caption (附件： / 附件1) printed above the title.
        for (position, text) in texts.iter().enumerate() {
            if let Some(rest) = text.strip_prefix("附件") {
                if rest
                    .trim_end_matches(['：', ':'])
                    .chars()
                    .all(|c| c.is_ascii_digit())
                {
                    used[index][position] = true;
                }
            }
        }
        // Header fields: label then value.
        let mut position = 0;
        while position + 1 < texts.len() {
            let label = texts[position];
            let field = match label {
                "部门名称" | "单位名称" => Some(("", FormKind::Department)),
                "项目名称" => Some(("", FormKind::Project)),
                "主管部门" => Some(("主管部门", FormKind::Project)),
                "实施单位" => Some(("实施单位", FormKind::Project)),
                "自评总得分" | "自评总分" => Some(("自评总得分", FormKind::Project)),
                "联系人" => Some(("联系人", FormKind::Project)),
                "联系电话" => Some(("联系电话", FormKind::Project)),
                _ => None,
            };
            if let Some((keyword, form_kind)) = field {
                let content = texts[position + 1];
                used[index][position] = true;
                used[index][position + 1] = true;
                if keyword.is_empty() {
                    if kind.is_none() {
                        kind = Some(form_kind);
                    }
                    name = Some(content.to_string());
                } else if !content.is_empty() {
                    let rendered = if keyword == "自评总得分" {
                        value(content)
                    } else {
                        quote(content)
                    };
                    header.push(format!("{keyword} {rendered}"));
                }
                position += 2;
            } else {
                position += 1;
            }
        }
        // Budget table.
        let columns: Vec<Option<Money>> = texts.iter().map(|t| money_column(t)).collect();
        if columns.iter().filter(|c| c.is_some()).count() >= 3
            && columns.contains(&Some(Money::Initial))
        {
            index = budget_table(rows, index, &columns, &mut used, &mut budget);
            continue;
        }
        // Goals.
        if texts.first() == Some(&"年度总体目标") && index + 1 < rows.len() {
            let planned_at = texts.iter().position(|t| t.contains("预期目标"));
            let achieved_at = texts.iter().position(|t| t.contains("实际完成"));
            used[index].iter_mut().for_each(|flag| *flag = true);
            let next = &rows[index + 1];
            // The value row has a leading blank cell under the merged 年度总体目标 label.
            let values: Vec<&Cell> = next.iter().collect();
            let offset = values.len() as isize - texts.len() as isize;
            let pick = |at: Option<usize>| {
                at.and_then(|a| usize::try_from(a as isize + offset).ok())
                    .filter(|a| *a < values.len())
            };
            for (keyword, at) in [
                ("预期目标", pick(planned_at)),
                ("实际完成", pick(achieved_at)),
            ] {
                if let Some(at) = at {
                    used[index + 1][at] = true;
                    let text = &values[at].text;
                    if !text.is_empty() && !text.contains("\"\"\"") {
                        goals.push(format!("{keyword} \"\"\"\n{text}\n\"\"\""));
                    } else if !text.is_empty() {
                        used[index + 1][at] = false;
                    }
                }
            }
            index += 2;
            continue;
        }
        // Indicator table.
        if let Some(header) = Header::at(rows, index) {
            for row in index..index + header.rows {
                for (position, cell) in rows[row].iter().enumerate() {
                    if indicators::indicator_column(&cell.text).is_some() {
                        used[row][position] = true;
                    }
                }
            }
            index = table.read(rows, index, &header, &mut used);
            continue;
        }
        index += 1;
    }
    let IndicatorTable {
        indicators,
        total_line,
        skipped,
        level1s,
    } = table;
    let (Some(kind), Some(name)) = (kind, name) else {
        return Ok(None);
    };
    if indicators.is_empty() && budget.is_empty() {
        return Ok(None);
    }
    let mut unmapped: Vec<String> = extra
        .iter()
        .filter(|c| {
            !c.text.is_empty() && !c.text.starts_with("附件") && !c.text.starts_with("year: ")
        })
        .map(|c| format!("第{}行: {}", c.line, c.text))
        .collect();
    for (row, flags) in rows.iter().zip(&used) {
        for (cell, used) in row.iter().zip(flags) {
            if !used && !cell.text.is_empty() {
                unmapped.push(format!("第{}行: {}", cell.line, cell.text));
            }
        }
    }
    let mut text = String::new();
    if !unmapped.is_empty() {
        text.push_str("// 未能识别:\n");
        for item in &unmapped {
            text.push_str(&format!("//   {}\n", item.replace(['\n', '\r'], " ")));
        }
        text.push('\n');
    }
    let year = year
        .or(fallback_year)
        .map(|y| y.to_string())
        .unwrap_or_else(|| "0".into());
    text.push_str(&format!(
        "{} {} {} {{\n",
        kind.keyword(),
        quote(&name),
        year
    ));
    for line in &header {
        text.push_str(&format!("{line}\n"));
    }
    if !budget.is_empty() {
        text.push_str("资金 万元 {\n");
        for line in &budget {
            text.push_str(&format!("{line}\n"));
        }
        text.push_str("}\n");
    }
    if !goals.is_empty() {
        text.push_str("年度总体目标 {\n");
        for goal in &goals {
            text.push_str(&format!("{goal}\n"));
        }
        text.push_str("}\n");
    }
    // Indicators grouped by level 1, then level 2, in order of first appearance; a level 1
    // with a weight in its label (`满意度指标(10分)`) is kept even when no indicator is under it.
    let mut order: Vec<&str> = Vec::new();
    for indicator in &indicators {
        if !order.contains(&indicator.level1.as_str()) {
            order.push(&indicator.level1);
        }
    }
    for (position, seen) in level1s.iter().enumerate() {
        if !order.contains(&seen.as_str()) && stream::has_weight(seen) {
            // After the level 1 seen just before it, or first.
            let at = level1s[..position]
                .iter()
                .rev()
                .find_map(|before| order.iter().position(|o| o == before))
                .map_or(0, |p| p + 1);
            order.insert(at, seen);
        }
    }
    let mut ordered: Vec<&indicators::Indicator> = Vec::new();
    for level1 in &order {
        ordered.extend(indicators.iter().filter(|i| i.level1 == *level1));
    }
    let paths: Vec<(Vec<&str>, &str)> = ordered
        .iter()
        .map(|i| (i.path(), i.line.as_str()))
        .collect();
    // Level-1 labels kept for their weight, with no indicator under them.
    let mut paths = paths;
    for level1 in &order {
        if !indicators.iter().any(|i| i.level1 == *level1) {
            let at = paths
                .iter()
                .rposition(|(path, _)| {
                    order
                        .iter()
                        .position(|o| Some(o) == path.first())
                        .is_some_and(|p| order.iter().position(|o| o == level1) > Some(p))
                })
                .map_or(0, |p| p + 1);
            paths.insert(at, (vec![level1], ""));
        }
    }
    write_tree(&mut text, &paths);
    if let Some(line) = &total_line {
        text.push_str(&format!("{line}\n"));
    }
    text.push_str("}\n");
    let source = format(&text, FormatOptions::default()).map_err(|diagnostics| {
        ImportError::Unformattable {
            name: name.clone(),
            messages: diagnostics.iter().map(|d| d.message.to_string()).collect(),
        }
    })?;
    Ok(Some(ImportedForm {
        kind,
        name,
        indicators: indicators.len(),
        skipped,
        unmapped,
        source,
    }))
}

/// Writes indicator lines under nested blocks: each line's path (goal, level 1, level 2; empty
/// parts left out) opens the blocks it shares with no earlier line, in order of first appearance.
/// A path with an empty line opens its blocks and writes nothing (a weighted level 1 with no
/// indicator under it).
fn write_tree(text: &mut String, lines: &[(Vec<&str>, &str)]) {
    let mut done = vec![false; lines.len()];
    write_level(text, lines, &mut done, &[]);
}

fn write_level(text: &mut String, lines: &[(Vec<&str>, &str)], done: &mut [bool], prefix: &[&str]) {
    let depth = prefix.len();
    for index in 0..lines.len() {
        let (path, line) = &lines[index];
        if done[index] || path.len() < depth || path[..depth] != *prefix {
            continue;
        }
        if path.len() == depth {
            done[index] = true;
            if !line.is_empty() {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        }
        let mut inner = prefix.to_vec();
        inner.push(path[depth]);
        text.push_str(&format!("{} {{\n", value(path[depth])));
        write_level(text, lines, done, &inner);
        text.push_str("}\n");
    }
}
