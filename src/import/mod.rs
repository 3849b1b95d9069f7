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
mod emit;
mod goals;
mod header;
mod indicators;
mod input;
pub mod office;
mod stream;

pub use input::read_input;

use budget::{budget_table, money_column, Money};
use emit::{caption_weight, deduce_weights, format_or_comment, label_weight, FormText};
use goals::{goal_column, goal_header, goal_line, goal_row, Goal};
use header::{
    has_title, header_field, inline_field, is_caption, is_hint, is_note, is_numbered,
    title_position, year_of, HeaderField, CONCLUSIONS,
};
use indicators::{Header, IndicatorTable};

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
    /// 1-based line of the cell in the input (for a Word or Excel file: in its text copy).
    pub line: usize,
    /// The cell's text, trimmed (ASCII and full-width spaces); empty for a blank cell.
    pub text: String,
    /// Where a user finds the cell in a Word or Excel file (`表格2 第5行第3格`, `表1!C5`);
    /// `None` in a text copy, where the line says it.
    pub place: Option<String>,
}

impl Cell {
    /// Where the cell is, for a report: its place in the Word or Excel file, else `第N行`.
    pub fn position(&self) -> String {
        self.place
            .clone()
            .unwrap_or_else(|| format!("第{}行", self.line))
    }
}

/// One form read from the input.
#[derive(Debug, Clone)]
pub struct ImportedForm {
    /// Department or project form.
    pub kind: FormKind,
    /// The form's name (部门名称 or 项目名称).
    pub name: String,
    /// The budget year written in the `.jx` header.
    pub year: String,
    /// The profile chosen from the layout (`评分规则` line), if any.
    pub profile: Option<String>,
    /// Whether only the tail of the form was found (no title, name or budget).
    pub headless: bool,
    /// The number of indicators imported.
    pub indicators: usize,
    /// Placeholder rows skipped (`指标N：` with nothing else, `……`, `/`) and template hints
    /// (`…(100字以内)`), as `第N行: text`.
    pub skipped: Vec<String>,
    /// What the user must know about the result: a form with no name, a table with no 分值
    /// column (the weights must be written by hand before `check` can score it).
    pub warnings: Vec<String>,
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
        // File systems take 255 bytes a name: a long project name is cut (the form keeps it).
        let mut cut = name.len().min(180);
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        let name = &name[..cut];
        format!("{}-{}.jx", self.kind.keyword(), name)
    }
}

/// Why an input could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// No form was recognised in the input.
    NoForm,
    /// A form prints no budget year and none was given (`--year`).
    NoYear {
        /// The form's name.
        name: String,
    },
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
            ImportError::NoYear { name } => write!(
                f,
                "表单「{name}」没有印年度；请用 --year 指定预算年度（如 --year 2021）"
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
    // Control characters (ESC, BEL from a pasted terminal text) and zero-width characters are
    // invisible in the form; line breaks inside a cell are kept.
    let mut text: String = text
        .chars()
        .filter(|c| {
            let invisible = matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}');
            let control = c.is_control() && !matches!(c, '\n' | '\t');
            !invisible && !control
        })
        .collect();
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
            place: None,
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
    import_rows(&rows(text.strip_prefix('\u{feff}').unwrap_or(text)), None)
}

/// Imports every form of a cell stream: rows of cells in reading order, as [`rows`] makes them
/// from a text copy and [`office`] from the tables of a `.docx`, `.xlsx` or `.xls` file.
/// A merged cell appears once, in its first row; the rows it also covers hold a blank cell in
/// its place, as the text copies show them.
///
/// Returns [`ImportError::NoForm`] when no form is recognised.
/// `year` is the budget year for forms that print none (`jixiao import --year`); a form's own
/// year always wins. Returns [`ImportError::NoYear`] for a form with no year when `year` is `None`
/// and the copy has no `year:` header line.
pub fn import_rows(
    rows: &[Vec<Cell>],
    year: Option<u32>,
) -> Result<Vec<ImportedForm>, ImportError> {
    // A form starts at its title row (…自评表), or at a name row (部门名称/项目名称; 单位名称
    // in a copy that has neither) when the form it would otherwise belong to already has one (a
    // copy without titles, or a lost title).
    let names: &[HeaderField] = if rows.iter().flatten().any(|c| {
        matches!(
            header_field(&c.text),
            Some(HeaderField::DepartmentName | HeaderField::ProjectName)
        )
    }) {
        &[HeaderField::DepartmentName, HeaderField::ProjectName]
    } else {
        &[HeaderField::UnitName]
    };
    let mut starts: Vec<usize> = Vec::new();
    let mut named = false;
    for (index, row) in rows.iter().enumerate() {
        let is_name = row
            .iter()
            .any(|c| header_field(&c.text).is_some_and(|f| names.contains(&f)));
        if has_title(row) {
            starts.push(index);
            named = is_name;
        } else if is_name {
            if named || starts.is_empty() {
                starts.push(index);
            }
            named = true;
        }
    }
    // The sample header's `year: NNNN`, used when the form prints no year.
    let fallback_year = year.or_else(|| {
        rows.iter()
            .flatten()
            .find_map(|c| c.text.strip_prefix("year: ")?.trim().parse::<u32>().ok())
    });
    // Rows before the first title (报表编号, 附件1) belong to the first form, unless they hold an
    // indicator table of their own: the tail of a form whose top is on an earlier page (004).
    match starts.first().copied() {
        Some(first) if first > 0 && (0..first).any(|i| Header::at(rows, i).is_some()) => {
            starts.insert(0, 0);
        }
        Some(_) => starts[0] = 0,
        None => {}
    }
    let range = |position: usize| {
        let end = starts.get(position + 1).copied().unwrap_or(rows.len());
        &rows[starts[position]..end]
    };
    let own = Inherited {
        year: fallback_year,
        ..Inherited::default()
    };
    let mut forms = Vec::new();
    let mut again = Vec::new();
    for position in 0..starts.len() {
        match import_form(range(position), &own) {
            Ok(Some(form)) if form.headless && form.profile.is_none() => again.push(position),
            Ok(Some(form)) => forms.push((position, form)),
            Ok(None) => {}
            Err(ImportError::NoYear { .. }) if starts.len() > 1 => again.push(position),
            Err(error) => return Err(error),
        }
    }
    // A form that lacks its year or its top (two forms on one page, the first one's top on an
    // earlier page) takes the year and the profile the other forms of the file share.
    let shared = |values: Vec<Option<String>>| -> Option<String> {
        let first = values.first()?.clone()?;
        values
            .iter()
            .all(|v| v.as_deref() == Some(first.as_str()))
            .then_some(first)
    };
    let others = Inherited {
        year: fallback_year.or_else(|| {
            shared(forms.iter().map(|(_, f)| Some(f.year.clone())).collect())?
                .parse()
                .ok()
        }),
        year_from_others: fallback_year.is_none(),
        profile: shared(forms.iter().map(|(_, f)| f.profile.clone()).collect()),
    };
    for position in again {
        if let Some(form) = import_form(range(position), &others)? {
            forms.push((position, form));
        }
    }
    forms.sort_by_key(|(position, _)| *position);
    let forms: Vec<ImportedForm> = forms.into_iter().map(|(_, form)| form).collect();
    if forms.is_empty() {
        return Err(ImportError::NoForm);
    }
    Ok(forms)
}

/// A `"…"` string of the language, on one line: a line break inside a cell (Enter in a Word
/// cell, Alt+Enter in Excel) becomes a space.
fn quote(text: &str) -> String {
    let line = one_line(text);
    format!("\"{}\"", line.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Digits with an optional decimal point and nothing else (`15`, `19.6`), as an exact decimal:
/// the language's own number reader, so a float parser's `NaN`, `inf` or `1e5` is no number.
fn plain_number(text: &str) -> Option<rust_decimal::Decimal> {
    crate::syntax::quantity::leading_number(text)
        .filter(|(_, rest)| rest.is_empty())
        .map(|(number, _)| number)
}

/// A label with its weight in brackets at the end, `产出指标(50分)` or
/// `预算执行情况(万元)(20分)`, as (the label before the weight, the weight's number).
fn split_weight(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_suffix(['）', ')'])?.strip_suffix('分')?;
    let open = body.rfind(['（', '('])?;
    let number = &body[open + body[open..].chars().next()?.len_utf8()..];
    plain_number(number).map(|_| (&text[..open], number))
}

/// A cell's text on one line: its lines joined by a space.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r'])
        .map(|part| part.trim_matches(is_blank))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value written bare when it is one word, quoted otherwise.
fn value(text: &str) -> String {
    // A word that starts with an attribute keyword (`实际完成值(B)`) would be read as that keyword.
    let keyword_like = crate::syntax::keywords::ATTRIBUTES
        .iter()
        .any(|(keyword, _)| !keyword.is_ascii() && text.starts_with(keyword));
    if !text.is_empty()
        && !keyword_like
        && text
            .chars()
            .all(|c| !is_blank(c) && !"\"“”{}/#".contains(c))
    {
        text.to_string()
    } else {
        quote(text)
    }
}

/// What a form may take from outside itself when it does not print it.
#[derive(Debug, Clone, Default)]
struct Inherited {
    /// The budget year (`--year`, the sample header, or the other forms of the file).
    year: Option<u32>,
    /// Whether `year` is the other forms' year (said in the report).
    year_from_others: bool,
    /// The profile the other forms of the file chose (for a form that lost its top).
    profile: Option<String>,
}

/// The name given to a form that prints none.
const UNNAMED: &str = "未填写名称";

/// Imports one form from its rows: reads them row by row ([`FormReader::read_row`]), then
/// deduces the weights, settles the form's name and profile and writes its text
/// ([`FormReader::finish`]).
fn import_form(
    rows: &[Vec<Cell>],
    inherited: &Inherited,
) -> Result<Option<ImportedForm>, ImportError> {
    let mut reader = FormReader::new(rows);
    let mut index = 0;
    while index < rows.len() {
        index = reader.read_row(index);
    }
    reader.finish(inherited)
}

/// What has been read of one form so far.
struct FormReader<'a> {
    /// The form's rows.
    rows: &'a [Vec<Cell>],
    /// Which cells were placed, by row and position; the others are reported as unmapped.
    used: Vec<Vec<bool>>,
    /// Department or project, from the title or the name field.
    kind: Option<FormKind>,
    /// The year the form prints.
    year: Option<u32>,
    /// 部门名称 or 项目名称.
    name: Option<String>,
    /// 单位名称: names the form only when it has no other name.
    unit_name: Option<String>,
    /// The header lines: fields, sections, conclusions.
    header: Vec<String>,
    /// The lines of the 资金 block.
    budget: Vec<String>,
    /// The 年度总体目标 blocks, each as its lines.
    goals: Vec<Vec<String>>,
    /// Template hints skipped, as `place: text`.
    skipped_hints: Vec<String>,
    /// The indicator table, read as its rows come.
    table: IndicatorTable,
    /// The profile a layout implies, with the evidence (first one wins).
    layouts: Vec<(&'static str, String)>,
    /// Notes printed under the table (注:1.…), kept as comments at the end.
    notes: Vec<String>,
    /// Whether a note was read: the numbered paragraphs that follow it belong to it.
    in_notes: bool,
}

/// Who a form is, settled once all its rows are read.
struct Identity {
    kind: FormKind,
    name: String,
    /// Whether the form prints no name (it is named [`UNNAMED`]).
    unnamed: bool,
    /// Whether only the tail of the form was found (no title, name or budget).
    headless: bool,
    /// The profile chosen from the layout, if any.
    profile: Option<String>,
}

impl<'a> FormReader<'a> {
    fn new(rows: &'a [Vec<Cell>]) -> Self {
        let mut used = vec![Vec::new(); rows.len()];
        for (index, row) in rows.iter().enumerate() {
            used[index] = vec![false; row.len()];
        }
        FormReader {
            rows,
            used,
            kind: None,
            year: None,
            name: None,
            unit_name: None,
            header: Vec::new(),
            budget: Vec::new(),
            goals: Vec::new(),
            skipped_hints: Vec::new(),
            table: IndicatorTable::default(),
            layouts: Vec::new(),
            notes: Vec::new(),
            in_notes: false,
        }
    }

    /// Reads the row at `index` and returns the index of the next row to read. Title, year and
    /// header fields are looked for in every row; a budget table, goals, a section, a group row
    /// or an indicator table takes the row and the rows it spans, and the first that does ends
    /// the row (the order matters); hints, notes and conclusions only mark the cells they read.
    fn read_row(&mut self, index: usize) -> usize {
        let texts: Vec<&str> = self.rows[index].iter().map(|c| c.text.as_str()).collect();
        self.read_title_and_year(index, &texts);
        self.read_header_fields(index, &texts);
        if let Some(next) = self.read_budget(index, &texts) {
            return next;
        }
        if let Some(next) = self.read_goal_text(index, &texts) {
            return next;
        }
        if let Some(next) = self.read_goals_table(index, &texts) {
            return next;
        }
        if let Some(next) = self.read_section(index, &texts) {
            return next;
        }
        self.read_hints_and_notes(index, &texts);
        self.read_conclusion(index, &texts);
        if let Some(next) = self.read_group_row(index, &texts) {
            return next;
        }
        if let Some(next) = self.read_indicator_table(index) {
            return next;
        }
        index + 1
    }

    /// Title and year, and the attachment caption above the title.
    fn read_title_and_year(&mut self, index: usize, texts: &[&str]) {
        if let Some(position) = title_position(&self.rows[index]) {
            let title = texts[position];
            self.kind = Some(
                if title.contains("部门整体") || title.contains("整体支出") {
                    FormKind::Department
                } else {
                    FormKind::Project
                },
            );
            self.used[index][position] = true;
            if let Some(y) = year_of(title) {
                self.year = Some(y);
            }
            if title.starts_with("部门预算项目支出绩效自评表") {
                self.layouts
                    .push(("sichuan-2023", format!("表题「{title}」")));
            } else if title.contains("县级专项资金") {
                self.layouts
                    .push(("hunan-county", format!("表题「{title}」")));
            }
        }
        for (position, text) in texts.iter().enumerate() {
            if text.starts_with("year: ") {
                self.used[index][position] = true;
            } else if self.year.is_none() && text.contains('年') && text.chars().count() <= 12 {
                if let Some(y) = year_of(text) {
                    self.year = Some(y);
                    self.used[index][position] = true;
                }
            } else if self.year.is_some()
                && year_of(text) == self.year
                && (text.starts_with('（') || text.starts_with('('))
            {
                self.used[index][position] = true;
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
                    self.used[index][position] = true;
                }
            }
        }
    }

    /// Header fields: label then value (a blank value is skipped), or `label:value` in one cell.
    fn read_header_fields(&mut self, index: usize, texts: &[&str]) {
        let mut position = 0;
        while position < texts.len() {
            let Some(field) = header_field(texts[position]) else {
                if let Some((field, content)) = inline_field(texts[position]) {
                    self.used[index][position] = true;
                    if field == HeaderField::ReportNumber && content.starts_with("51") {
                        self.layouts
                            .push(("sichuan-2023", format!("报表编号 {content}")));
                    }
                    if let Some(line) = field.line(content) {
                        self.header.push(line);
                    }
                }
                position += 1;
                continue;
            };
            self.used[index][position] = true;
            let content = texts
                .get(position + 1)
                .copied()
                .filter(|next| header_field(next).is_none())
                .unwrap_or("");
            if position + 1 < texts.len() && header_field(texts[position + 1]).is_none() {
                self.used[index][position + 1] = true;
                position += 2;
            } else {
                position += 1;
            }
            match field {
                HeaderField::DepartmentName => {
                    self.kind.get_or_insert(FormKind::Department);
                    self.name = Some(one_line(content));
                }
                HeaderField::ProjectName => {
                    self.kind.get_or_insert(FormKind::Project);
                    self.name = Some(one_line(content));
                }
                HeaderField::UnitName if !content.is_empty() => {
                    self.unit_name = Some(one_line(content));
                }
                other => {
                    if let Some(line) = other.line(content) {
                        self.header.push(line);
                    } else if !content.is_empty() && position >= 1 {
                        // A value the field cannot hold (自评总得分 `无`): left unmapped.
                        self.used[index][position - 1] = false;
                    }
                }
            }
        }
    }

    /// A budget table, in any of its layouts; returns the row after it.
    fn read_budget(&mut self, index: usize, texts: &[&str]) -> Option<usize> {
        // Budget table.
        let columns: Vec<Option<Money>> = texts.iter().map(|t| money_column(t)).collect();
        if columns.iter().filter(|c| c.is_some()).count() >= 3
            && (columns.contains(&Some(Money::Initial)) || columns.contains(&Some(Money::Adjusted)))
        {
            // The weight in a caption (`预算执行情况(万元)(20分)`) when no column holds one.
            let mut budget_weight: Option<String> = None;
            for text in texts {
                if let Some(weight) = caption_weight(text) {
                    if weight == "20" {
                        self.layouts.push(("execution-20", format!("「{text}」")));
                    }
                    if !columns.contains(&Some(Money::Weight)) {
                        budget_weight = Some(weight);
                    }
                }
            }
            let next = budget_table(self.rows, index, &columns, &mut self.used, &mut self.budget);
            if let Some(weight) = budget_weight {
                self.budget.push(format!("分值 {weight}"));
            }
            return Some(next);
        }
        // 湖北: the fund sources as columns (中央 / 省、地 / 本级 / 其他 / 合计, 执行数, 执行率).
        if let Some(next) =
            budget::source_columns_table(self.rows, index, &mut self.used, &mut self.budget)
        {
            for (position, text) in texts.iter().enumerate() {
                if text.starts_with("项目资金") {
                    self.used[index][position] = true;
                }
            }
            return Some(next);
        }
        // 河北: label and amount pairs (预算数 6.84 到位数 6.84 执行数 6.84) under captions.
        budget::paired_table(self.rows, index, &mut self.used, &mut self.budget)
    }

    /// Goals as a label and its text (湖北: `项目年度目标 | 1.完成…;`, then `2.` `3.` rows);
    /// returns the row after them.
    fn read_goal_text(&mut self, index: usize, texts: &[&str]) -> Option<usize> {
        let non_blank: Vec<usize> = (0..texts.len()).filter(|&p| !texts[p].is_empty()).collect();
        let [label_at, text_at] = non_blank[..] else {
            return None;
        };
        if !matches!(
            texts[label_at],
            "项目年度目标" | "年度目标" | "年度总体目标"
        ) || goal_column(texts[text_at]).is_some()
        {
            return None;
        }
        self.used[index][label_at] = true;
        self.used[index][text_at] = true;
        let mut lines = vec![texts[text_at].to_string()];
        let mut index = index + 1;
        // Continuation rows under the merged label: more items, or bare numbers.
        while let Some(row) = self.rows.get(index) {
            let filled: Vec<usize> = (0..row.len())
                .filter(|&p| !row[p].text.is_empty())
                .collect();
            let [at] = filled[..] else {
                break;
            };
            if at <= label_at || row.len() != texts.len() {
                break;
            }
            self.used[index][at] = true;
            let item = row[at].text.as_str();
            if item
                .chars()
                .any(|c| !c.is_ascii_digit() && !".、".contains(c))
            {
                lines.push(item.to_string());
            }
            index += 1;
        }
        self.goals
            .push(vec![goal_line("预期目标", &lines.join("\n"))]);
        Some(index)
    }

    /// Goals: a header row naming the planned and the achieved goal, then one row per goal;
    /// returns the row after them.
    fn read_goals_table(&mut self, index: usize, texts: &[&str]) -> Option<usize> {
        let columns = goal_header(texts)?;
        for (position, text) in texts.iter().enumerate() {
            if !text.is_empty() {
                self.used[index][position] = true;
            }
        }
        let mut index = index + 1;
        while let Some(row) = self.rows.get(index) {
            let Some(block) = goal_row(
                row,
                &columns,
                &mut self.used[index],
                &mut self.header,
                &mut self.skipped_hints,
            ) else {
                break;
            };
            if !block.is_empty() {
                self.goals.push(block);
            }
            index += 1;
        }
        Some(index)
    }

    /// A numbered section with its text in the row below (`2.项目实施内容及过程概述`), as a header
    /// field; returns the row after the text.
    fn read_section(&mut self, index: usize, texts: &[&str]) -> Option<usize> {
        let rows = self.rows;
        let filled_cells: Vec<usize> = (0..texts.len()).filter(|&p| !texts[p].is_empty()).collect();
        let [at] = filled_cells[..] else {
            return None;
        };
        let section = texts[at];
        let next_text = rows.get(index + 1).and_then(|next| {
            let cells: Vec<usize> = (0..next.len())
                .filter(|&p| !next[p].text.is_empty())
                .collect();
            match cells[..] {
                [only] => Some((only, next[only].text.as_str())),
                _ => None,
            }
        });
        let (true, Some((content_at, content))) = (is_caption(section), next_text) else {
            return None;
        };
        let plain = !is_caption(content)
            && !is_hint(content)
            && header_field(content).is_none()
            && Header::at(rows, index + 1).is_none()
            && goal_column(content).is_none()
            && money_column(content).is_none();
        let name = section.trim_start_matches(|c: char| {
            c.is_ascii_digit() || "一二三四五六七八九十、.".contains(c)
        });
        if plain && !name.is_empty() && value(name) == name {
            self.used[index][at] = true;
            self.used[index + 1][content_at] = true;
            self.header.push(format!("{name} {}", quote(content)));
            return Some(index + 2);
        }
        None
    }

    /// Template hints (`说明…(100字以内)`), signature labels (`项目负责人:`), section captions
    /// (`三、目标完成情况`): nothing to import, never data. Notes (注:/备注:) are kept.
    fn read_hints_and_notes(&mut self, index: usize, texts: &[&str]) {
        let row = &self.rows[index];
        let filled_cells = texts.iter().filter(|t| !t.is_empty()).count();
        for (position, text) in texts.iter().enumerate() {
            if is_hint(text) {
                self.used[index][position] = true;
                self.skipped_hints
                    .push(format!("{}: {text}", row[position].position()));
            } else if is_caption(text)
                && texts
                    .iter()
                    .all(|t| t.is_empty() || is_caption(t) || is_hint(t))
            {
                self.used[index][position] = true;
            } else if is_note(text) || (self.in_notes && filled_cells == 1 && is_numbered(text)) {
                // 注:/备注: and the paragraphs that follow it.
                self.used[index][position] = true;
                self.notes.push(text.to_string());
                self.in_notes = true;
            } else if let Some(label) = text.strip_suffix([':', '：']) {
                if header_field(label).is_some() || label.ends_with("负责人") {
                    self.used[index][position] = true;
                }
            }
        }
    }

    /// Conclusions (评价结论, 存在问题, 改进措施): a label and its text, blank or a hint.
    fn read_conclusion(&mut self, index: usize, texts: &[&str]) {
        let filled: Vec<&str> = texts.iter().copied().filter(|t| !t.is_empty()).collect();
        let [label, rest @ ..] = &filled[..] else {
            return;
        };
        if rest.len() <= 1 && CONCLUSIONS.contains(label) {
            let content = rest.first().copied().filter(|c| !is_hint(c));
            for (position, text) in texts.iter().enumerate() {
                if text == label || Some(*text) == content {
                    self.used[index][position] = true;
                }
            }
            if let Some(content) = content {
                self.header.push(format!("{label} {}", quote(content)));
            }
        }
    }

    /// A group row above an indicator table (湖北: `项目绩效 85分 | 项目年度目标1:…`): its label
    /// and goal text wait for the table; returns the table's first row.
    fn read_group_row(&mut self, index: usize, texts: &[&str]) -> Option<usize> {
        let next = self.rows.get(index + 1)?;
        let filled: Vec<&str> = texts.iter().copied().filter(|t| !t.is_empty()).collect();
        let [label, goal_text] = &filled[..] else {
            return None;
        };
        let label_at = texts.iter().position(|t| t == label).unwrap_or(0);
        let weighted = label_weight(label).is_some();
        // Under the label: the header's merged blank, or its 绩效指标 caption cell.
        let under_blank = next.get(label_at).is_some_and(|c| {
            c.text.is_empty()
                || indicators::indicator_column(&c.text) == Some(indicators::Column::Label)
        });
        if weighted && under_blank && Header::at(self.rows, index + 1).is_some() {
            for (position, text) in texts.iter().enumerate() {
                if !text.is_empty() {
                    self.used[index][position] = true;
                }
            }
            let goal_text = goal_text
                .split_once([':', '：'])
                .filter(|(head, _)| head.contains("目标"))
                .map_or(*goal_text, |(_, rest)| rest);
            // `年度目标1:(80分)` is the block `年度目标1(80分)`.
            let label: String = label.chars().filter(|c| !matches!(c, ':' | '：')).collect();
            self.table.pending_goal = Some((label, goal_text.to_string()));
            return Some(index + 1);
        }
        None
    }

    /// Indicator table; returns the row after it.
    fn read_indicator_table(&mut self, index: usize) -> Option<usize> {
        let header = Header::at(self.rows, index)?;
        for row in index..index + header.rows {
            for (position, cell) in self.rows[row].iter().enumerate() {
                if indicators::indicator_column(&cell.text).is_some() {
                    self.used[row][position] = true;
                }
            }
        }
        Some(self.table.read(self.rows, index, &header, &mut self.used))
    }

    /// The form once all its rows are read: the weights it implies deduced, its name and
    /// profile settled, its text written and formatted. `None` when the rows hold no form (no
    /// kind or name, or neither indicators nor a budget).
    fn finish(mut self, inherited: &Inherited) -> Result<Option<ImportedForm>, ImportError> {
        deduce_weights(&mut self.table.indicators);
        self.layouts_from_columns();
        let total_lines = self.total_lines();
        let Some(identity) = self.identity(inherited) else {
            return Ok(None);
        };
        if self.table.indicators.is_empty() && self.budget.is_empty() {
            return Ok(None);
        }
        let mut warnings = self.warnings(&identity);
        let mut unmapped = self.unmapped();
        let Some(year) = self.year.or(inherited.year) else {
            return Err(ImportError::NoYear {
                name: identity.name,
            });
        };
        if self.year.is_none() && inherited.year_from_others {
            warnings.push(format!(
                "表中没有印年度，按同一文件中其他表的年度 {year} 导入"
            ));
        }
        let text = FormText {
            unmapped: &unmapped,
            kind: identity.kind,
            name: &identity.name,
            year,
            header: self.header,
            budget: self.budget,
            goals: &self.goals,
            indicators: &self.table.indicators,
            level1s: &self.table.level1s,
            goal_texts: &self.table.goal_texts,
            total_lines: &total_lines,
            notes: &self.notes,
        }
        .write();
        let (source, refused) =
            format_or_comment(text).map_err(|diagnostics| ImportError::Unformattable {
                name: identity.name.clone(),
                messages: diagnostics.iter().map(|d| d.message.to_string()).collect(),
            })?;
        unmapped.extend(
            refused
                .into_iter()
                .map(|line| format!("无法导入的行: {line}")),
        );
        let mut skipped = self.table.skipped;
        skipped.extend(self.skipped_hints);
        Ok(Some(ImportedForm {
            kind: identity.kind,
            name: identity.name,
            year: year.to_string(),
            profile: identity.profile,
            headless: identity.headless,
            indicators: self.table.indicators.len(),
            skipped,
            warnings,
            unmapped,
            source,
        }))
    }

    /// The profiles the indicator table's columns imply, after those its rows implied.
    fn layouts_from_columns(&mut self) {
        let columns = &self.table.columns;
        // 重庆 部门整体绩效自评表: 年初指标值 / 调整指标值 and 是否核心指标 columns.
        if self.kind == Some(FormKind::Department)
            && columns.contains(&indicators::Column::InitialTarget)
            && columns.contains(&indicators::Column::Core)
        {
            self.layouts
                .push(("chongqing-dept", "年初指标值、是否核心指标栏".to_string()));
        }
        if !columns.contains(&indicators::Column::Weight)
            && !columns.contains(&indicators::Column::Score)
            && self
                .budget
                .iter()
                .all(|line| !line.starts_with("分值") && !line.starts_with("得分"))
        {
            self.layouts
                .push(("hunan-county", "表中没有分值、得分栏".to_string()));
        }
    }

    /// The lines of the indicator table's total row: the whole form's score becomes the header's
    /// 自评总得分 (unless a field gave it) and its weight a comment; a part's total becomes a
    /// `绩效指标总分` line.
    fn total_lines(&mut self) -> Vec<String> {
        let mut total_lines = Vec::new();
        if let Some(total) = &self.table.total {
            let whole_form = total.label != "绩效指标总分"
                && total
                    .weight
                    .as_deref()
                    .is_none_or(|w| w.trim_end_matches(".00") == "100");
            if whole_form {
                if let Some(score) = &total.score {
                    if !self
                        .header
                        .iter()
                        .any(|line| line.starts_with("自评总得分"))
                    {
                        self.header.push(format!("自评总得分 {}", value(score)));
                    }
                }
                if let Some(weight) = &total.weight {
                    total_lines.push(format!("// {} 分值 {weight}（全表）", total.label));
                }
            } else if let Some(weight) = &total.weight {
                let mut line = format!("绩效指标总分 分值 {}", value(weight));
                if let Some(score) = &total.score {
                    line.push_str(&format!(" 得分 {}", value(score)));
                }
                total_lines.push(line);
            }
        }
        total_lines
    }

    /// The form's kind and name, and the profile written at the top of its header; `None` when
    /// the rows name no form.
    fn identity(&mut self, inherited: &Inherited) -> Option<Identity> {
        let mut kind = self.kind;
        // 单位名称 names the form only when it has no 部门名称/项目名称 (湖北 prints both).
        let name = match (self.name.take(), self.unit_name.take()) {
            (Some(name), Some(unit)) => {
                self.header.insert(0, format!("单位名称 {}", quote(&unit)));
                Some(name)
            }
            (None, Some(unit)) => {
                kind.get_or_insert(FormKind::Department);
                Some(unit)
            }
            (name, None) => name,
        };
        // The tail of a form whose top (title, name, budget) is lost: a project form, said so.
        let headless = kind.is_none() && name.is_none() && !self.table.indicators.is_empty();
        let profile = match self.layouts.first() {
            Some((profile, evidence)) => {
                self.header.insert(
                    0,
                    format!("评分规则 {profile}  // 导入时选定，依据：{evidence}"),
                );
                Some(profile.to_string())
            }
            None if headless => inherited.profile.clone().inspect(|profile| {
                self.header.insert(
                    0,
                    format!("评分规则 {profile}  // 导入时选定，依据：同一文件中其他表的版式"),
                );
            }),
            None => None,
        };
        if headless {
            kind = Some(FormKind::Project);
        }
        // A form with a title and no name (重庆 005 prints none): named so, and said so.
        let unnamed = name.as_deref().is_none_or(str::is_empty);
        let name = match name.filter(|n| !n.is_empty()) {
            Some(name) => Some(name),
            None if kind.is_some() => Some(UNNAMED.to_string()),
            None => None,
        };
        let (Some(kind), Some(name)) = (kind, name) else {
            return None;
        };
        Some(Identity {
            kind,
            name,
            unnamed,
            headless,
            profile,
        })
    }

    /// What the user must know about the form: a lost top, a missing name, no 分值 column.
    fn warnings(&self, identity: &Identity) -> Vec<String> {
        let mut warnings = Vec::new();
        if identity.headless {
            warnings.push("只有表的后半部分（没有表题、名称和资金），按项目支出表导入".to_string());
        }
        if identity.unnamed {
            warnings.push(format!(
                "表中没有填写{}名称，暂名「{UNNAMED}」，请改为实际名称",
                identity.kind.keyword()
            ));
        }
        if self.table.indicators.iter().any(|i| i.weight.is_none())
            && self.table.columns.contains(&indicators::Column::Score)
            && !self.table.columns.contains(&indicators::Column::Weight)
        {
            warnings
                .push("表中没有分值栏：各指标的分值需按原表的评分办法补写，check 才能计分".into());
        }
        warnings
    }

    /// The non-blank cells no recogniser placed, as `place: text`.
    fn unmapped(&self) -> Vec<String> {
        let mut unmapped: Vec<String> = Vec::new();
        for (row, flags) in self.rows.iter().zip(&self.used) {
            for (cell, used) in row.iter().zip(flags) {
                if !used && !cell.text.is_empty() {
                    unmapped.push(format!("{}: {}", cell.position(), cell.text));
                }
            }
        }
        unmapped
    }
}
