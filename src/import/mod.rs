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

fn has_title(row: &[Cell]) -> bool {
    title_position(row).is_some()
}

/// The position of a form's title (`…绩效自评表`, `…自评表(2023年度)`): the one non-blank cell of
/// its row. A project name that happens to contain 自评表 sits beside its label, so it is no title.
fn title_position(row: &[Cell]) -> Option<usize> {
    let at = row
        .iter()
        .position(|c| c.text.contains("自评表") && c.text.chars().count() <= 60)?;
    // Beside the title only the attachment caption (附件1：) or the year line may stand; a cell
    // that mentions a 自评表 in a table row (`详见单位自评表`) is no title.
    let alone = row.iter().enumerate().all(|(position, cell)| {
        position == at
            || cell.text.is_empty()
            || cell.text.starts_with("附件")
            || (year_of(&cell.text).is_some() && cell.text.chars().count() <= 12)
    });
    (alone && !cell_is_sentence(&row[at].text)).then_some(at)
}

/// Whether a cell reads as a sentence (a note or a remark), not as a title.
fn cell_is_sentence(text: &str) -> bool {
    // `附件1：项目支出绩效自评表` is a title with its attachment caption.
    let text = match text.split_once(['：', ':']) {
        Some((head, rest)) if head.starts_with("附件") => rest,
        _ => text,
    };
    text.contains(['，', ',', '。', '：', ':', '；', ';'])
}

/// A `"…"` string of the language.
/// A `"…"` string of the language, on one line: a line break inside a cell (Enter in a Word
/// cell, Alt+Enter in Excel) becomes a space.
fn quote(text: &str) -> String {
    let line = one_line(text);
    format!("\"{}\"", line.replace('\\', "\\\\").replace('"', "\\\""))
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

/// The budget year in a text (`（2021年度）`, `2021 年度`, `２０２１年度`, `二〇二一年度`): four
/// digits before 年, within the years a budget can have (1949–2200).
fn year_of(text: &str) -> Option<u32> {
    let digit = |c: char| -> Option<char> {
        match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => "〇一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .and_then(|n| char::from_digit(n as u32, 10)),
        }
    };
    // Digits as ASCII; blanks between the number and 年 dropped.
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !is_blank(*c))
        .map(|c| digit(c).unwrap_or(c))
        .collect();
    chars.windows(5).find_map(|w| {
        if w[..4].iter().all(char::is_ascii_digit) && w[4] == '年' {
            w[..4]
                .iter()
                .collect::<String>()
                .parse()
                .ok()
                .filter(|y| (1949..=2200).contains(y))
        } else {
            None
        }
    })
}

/// Imports one form from its rows.
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

fn import_form(
    rows: &[Vec<Cell>],
    inherited: &Inherited,
) -> Result<Option<ImportedForm>, ImportError> {
    let mut used = vec![Vec::new(); rows.len()];
    for (index, row) in rows.iter().enumerate() {
        used[index] = vec![false; row.len()];
    }
    let mut kind = None;
    let mut year = None;
    let mut name = None;
    let mut unit_name: Option<String> = None;
    let mut header: Vec<String> = Vec::new();
    let mut budget: Vec<String> = Vec::new();
    let mut goals: Vec<Vec<String>> = Vec::new();
    let mut skipped_hints: Vec<String> = Vec::new();
    let mut table = IndicatorTable::default();
    // The profile a layout implies, with the evidence (first one wins).
    let mut layouts: Vec<(&'static str, String)> = Vec::new();
    let mut budget_weight: Option<String> = None;
    // Notes printed under the table (注:1.…), kept as comments at the end.
    let mut notes: Vec<String> = Vec::new();
    let mut in_notes = false;
    let mut index = 0;
    while index < rows.len() {
        let row = &rows[index];
        let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
        // Title and year.
        if let Some(position) = title_position(row) {
            let title = texts[position];
            kind = Some(
                if title.contains("部门整体") || title.contains("整体支出") {
                    FormKind::Department
                } else {
                    FormKind::Project
                },
            );
            used[index][position] = true;
            if let Some(y) = year_of(title) {
                year = Some(y);
            }
            if title.starts_with("部门预算项目支出绩效自评表") {
                layouts.push(("sichuan-2023", format!("表题「{title}」")));
            } else if title.contains("县级专项资金") {
                layouts.push(("hunan-county", format!("表题「{title}」")));
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
        // Header fields: label then value (a blank value is skipped), or `label:value` in one cell.
        let mut position = 0;
        while position < texts.len() {
            let Some(field) = header_field(texts[position]) else {
                if let Some((field, content)) = inline_field(texts[position]) {
                    used[index][position] = true;
                    if field == HeaderField::ReportNumber && content.starts_with("51") {
                        layouts.push(("sichuan-2023", format!("报表编号 {content}")));
                    }
                    if let Some(line) = field.line(content) {
                        header.push(line);
                    }
                }
                position += 1;
                continue;
            };
            used[index][position] = true;
            let content = texts
                .get(position + 1)
                .copied()
                .filter(|next| header_field(next).is_none())
                .unwrap_or("");
            if position + 1 < texts.len() && header_field(texts[position + 1]).is_none() {
                used[index][position + 1] = true;
                position += 2;
            } else {
                position += 1;
            }
            match field {
                HeaderField::DepartmentName => {
                    kind.get_or_insert(FormKind::Department);
                    name = Some(one_line(content));
                }
                HeaderField::ProjectName => {
                    kind.get_or_insert(FormKind::Project);
                    name = Some(one_line(content));
                }
                HeaderField::UnitName if !content.is_empty() => unit_name = Some(one_line(content)),
                other => {
                    if let Some(line) = other.line(content) {
                        header.push(line);
                    } else if !content.is_empty() && position >= 1 {
                        // A value the field cannot hold (自评总得分 `无`): left unmapped.
                        used[index][position - 1] = false;
                    }
                }
            }
        }
        // Budget table.
        let columns: Vec<Option<Money>> = texts.iter().map(|t| money_column(t)).collect();
        if columns.iter().filter(|c| c.is_some()).count() >= 3
            && (columns.contains(&Some(Money::Initial)) || columns.contains(&Some(Money::Adjusted)))
        {
            for text in &texts {
                if let Some(weight) = caption_weight(text) {
                    if weight == "20" {
                        layouts.push(("execution-20", format!("「{text}」")));
                    }
                    if !columns.contains(&Some(Money::Weight)) {
                        budget_weight = Some(weight);
                    }
                }
            }
            index = budget_table(rows, index, &columns, &mut used, &mut budget);
            if let Some(weight) = budget_weight.take() {
                budget.push(format!("分值 {weight}"));
            }
            continue;
        }
        // 湖北: the fund sources as columns (中央 / 省、地 / 本级 / 其他 / 合计, 执行数, 执行率).
        if let Some(next) = budget::source_columns_table(rows, index, &mut used, &mut budget) {
            for (position, text) in texts.iter().enumerate() {
                if text.starts_with("项目资金") {
                    used[index][position] = true;
                }
            }
            index = next;
            continue;
        }
        // 河北: label and amount pairs (预算数 6.84 到位数 6.84 执行数 6.84) under captions.
        if let Some(next) = budget::paired_table(rows, index, &mut used, &mut budget) {
            index = next;
            continue;
        }
        // Goals as a label and its text (湖北: `项目年度目标 | 1.完成…;`, then `2.` `3.` rows).
        let non_blank: Vec<usize> = (0..texts.len()).filter(|&p| !texts[p].is_empty()).collect();
        if let [label_at, text_at] = non_blank[..] {
            if matches!(
                texts[label_at],
                "项目年度目标" | "年度目标" | "年度总体目标"
            ) && goal_column(texts[text_at]).is_none()
            {
                used[index][label_at] = true;
                used[index][text_at] = true;
                let mut lines = vec![texts[text_at].to_string()];
                index += 1;
                // Continuation rows under the merged label: more items, or bare numbers.
                while let Some(row) = rows.get(index) {
                    let filled: Vec<usize> = (0..row.len())
                        .filter(|&p| !row[p].text.is_empty())
                        .collect();
                    let [at] = filled[..] else {
                        break;
                    };
                    if at <= label_at || row.len() != texts.len() {
                        break;
                    }
                    used[index][at] = true;
                    let item = row[at].text.as_str();
                    if item
                        .chars()
                        .any(|c| !c.is_ascii_digit() && !".、".contains(c))
                    {
                        lines.push(item.to_string());
                    }
                    index += 1;
                }
                goals.push(vec![goal_line("预期目标", &lines.join("\n"))]);
                continue;
            }
        }
        // Goals: a header row naming the planned and the achieved goal, then one row per goal.
        if let Some(columns) = goal_header(&texts) {
            for (position, text) in texts.iter().enumerate() {
                if !text.is_empty() {
                    used[index][position] = true;
                }
            }
            index += 1;
            while let Some(row) = rows.get(index) {
                let Some(block) = goal_row(
                    row,
                    &columns,
                    &mut used[index],
                    &mut header,
                    &mut skipped_hints,
                ) else {
                    break;
                };
                if !block.is_empty() {
                    goals.push(block);
                }
                index += 1;
            }
            continue;
        }
        // A numbered section with its text in the row below (`2.项目实施内容及过程概述`).
        let filled_cells: Vec<usize> = (0..texts.len()).filter(|&p| !texts[p].is_empty()).collect();
        if let [at] = filled_cells[..] {
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
            if let (true, Some((content_at, content))) = (is_caption(section), next_text) {
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
                    used[index][at] = true;
                    used[index + 1][content_at] = true;
                    header.push(format!("{name} {}", quote(content)));
                    index += 2;
                    continue;
                }
            }
        }
        // Template hints (`说明…(100字以内)`), signature labels (`项目负责人:`), section captions
        // (`三、目标完成情况`): nothing to import, never data.
        for (position, text) in texts.iter().enumerate() {
            if is_hint(text) {
                used[index][position] = true;
                skipped_hints.push(format!("{}: {text}", row[position].position()));
            } else if is_caption(text)
                && texts
                    .iter()
                    .all(|t| t.is_empty() || is_caption(t) || is_hint(t))
            {
                used[index][position] = true;
            } else if is_note(text) || (in_notes && filled_cells.len() == 1 && is_numbered(text)) {
                // 注:/备注: and the paragraphs that follow it.
                used[index][position] = true;
                notes.push(text.to_string());
                in_notes = true;
            } else if let Some(label) = text.strip_suffix([':', '：']) {
                if header_field(label).is_some() || label.ends_with("负责人") {
                    used[index][position] = true;
                }
            }
        }
        // Conclusions (评价结论, 存在问题, 改进措施): a label and its text, blank or a hint.
        let filled: Vec<&str> = texts.iter().copied().filter(|t| !t.is_empty()).collect();
        if let [label, rest @ ..] = &filled[..] {
            if rest.len() <= 1 && CONCLUSIONS.contains(label) {
                let content = rest.first().copied().filter(|c| !is_hint(c));
                for (position, text) in texts.iter().enumerate() {
                    if text == label || Some(*text) == content {
                        used[index][position] = true;
                    }
                }
                if let Some(content) = content {
                    header.push(format!("{label} {}", quote(content)));
                }
            }
        }
        // A group row above an indicator table (湖北: `项目绩效 85分 | 项目年度目标1:…`).
        if let Some(next) = rows.get(index + 1) {
            if let [label, goal_text] = &filled[..] {
                let label_at = texts.iter().position(|t| t == label).unwrap_or(0);
                let weighted = label_weight(label).is_some();
                // Under the label: the header's merged blank, or its 绩效指标 caption cell.
                let under_blank = next.get(label_at).is_some_and(|c| {
                    c.text.is_empty()
                        || indicators::indicator_column(&c.text) == Some(indicators::Column::Label)
                });
                if weighted && under_blank && Header::at(rows, index + 1).is_some() {
                    for (position, text) in texts.iter().enumerate() {
                        if !text.is_empty() {
                            used[index][position] = true;
                        }
                    }
                    let goal_text = goal_text
                        .split_once([':', '：'])
                        .filter(|(head, _)| head.contains("目标"))
                        .map_or(*goal_text, |(_, rest)| rest);
                    // `年度目标1:(80分)` is the block `年度目标1(80分)`.
                    let label: String =
                        label.chars().filter(|c| !matches!(c, ':' | '：')).collect();
                    table.pending_goal = Some((label, goal_text.to_string()));
                    index += 1;
                    continue;
                }
            }
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
        mut indicators,
        total,
        mut skipped,
        level1s,
        columns,
        goal_texts,
        ..
    } = table;
    // The only indicator under a weighted label (湖北 `数量指标 15分`) carries that weight.
    for at in 0..indicators.len() {
        let indicator = &indicators[at];
        let label = if indicator.level2.is_empty() {
            &indicator.level1
        } else {
            &indicator.level2
        };
        let alone = indicators
            .iter()
            .filter(|i| i.goal == indicator.goal && i.level1 == indicator.level1)
            .filter(|i| i.level2 == indicator.level2)
            .count()
            == 1;
        if let Some(weight) = label_weight(label).filter(|_| alone && indicator.weight.is_none()) {
            let note = format!("分值取自「{label}」（其下唯一的指标）");
            set_weight(&mut indicators[at], &weight, &note);
        }
    }
    // A weighted block (年度目标1(80分), 产出指标(60分)) whose indicators print scores and no
    // weights, with the scores adding up to the block's weight: every indicator has full marks
    // (each score is at most its weight), so each weight is its score.
    let mut blocks: Vec<String> = Vec::new();
    for indicator in &indicators {
        for label in [&indicator.goal, &indicator.level1] {
            if label_weight(label).is_some() && !blocks.contains(label) {
                blocks.push(label.clone());
            }
        }
    }
    for block in blocks {
        let members: Vec<usize> = (0..indicators.len())
            .filter(|&i| indicators[i].goal == block || indicators[i].level1 == block)
            .collect();
        let scores: Option<Vec<rust_decimal::Decimal>> = members
            .iter()
            .map(|&i| indicators[i].score.as_deref().and_then(points))
            .collect();
        let block_weight = label_weight(&block).as_deref().and_then(points);
        let unweighted = members.iter().all(|&i| indicators[i].weight.is_none());
        if let (Some(scores), Some(block_weight)) = (scores, block_weight) {
            let total: rust_decimal::Decimal = scores.iter().copied().sum();
            if unweighted && !members.is_empty() && total == block_weight {
                let note = format!("分值按「{block}」推定：得分之和等于其分值，各指标均为满分");
                for &i in &members {
                    if let Some(score) = indicators[i].score.clone() {
                        set_weight(&mut indicators[i], score.trim_end_matches('分'), &note);
                    }
                }
            }
        }
    }
    // 重庆 部门整体绩效自评表: 年初指标值 / 调整指标值 and 是否核心指标 columns.
    if kind == Some(FormKind::Department)
        && columns.contains(&indicators::Column::InitialTarget)
        && columns.contains(&indicators::Column::Core)
    {
        layouts.push(("chongqing-dept", "年初指标值、是否核心指标栏".to_string()));
    }
    if !columns.contains(&indicators::Column::Weight)
        && !columns.contains(&indicators::Column::Score)
        && budget
            .iter()
            .all(|line| !line.starts_with("分值") && !line.starts_with("得分"))
    {
        layouts.push(("hunan-county", "表中没有分值、得分栏".to_string()));
    }
    let mut total_lines = Vec::new();
    if let Some(total) = total {
        let whole_form = total.label != "绩效指标总分"
            && total
                .weight
                .as_deref()
                .is_none_or(|w| w.trim_end_matches(".00") == "100");
        if whole_form {
            if let Some(score) = &total.score {
                if !header.iter().any(|line| line.starts_with("自评总得分")) {
                    header.push(format!("自评总得分 {}", value(score)));
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
    skipped.extend(skipped_hints);
    // 单位名称 names the form only when it has no 部门名称/项目名称 (湖北 prints both).
    let name = match (name, unit_name) {
        (Some(name), Some(unit)) => {
            header.insert(0, format!("单位名称 {}", quote(&unit)));
            Some(name)
        }
        (None, Some(unit)) => {
            kind.get_or_insert(FormKind::Department);
            Some(unit)
        }
        (name, None) => name,
    };
    // The tail of a form whose top (title, name, budget) is lost: a project form, said so.
    let headless = kind.is_none() && name.is_none() && !indicators.is_empty();
    let profile = match layouts.first() {
        Some((profile, evidence)) => {
            header.insert(
                0,
                format!("评分规则 {profile}  // 导入时选定，依据：{evidence}"),
            );
            Some(profile.to_string())
        }
        None if headless => inherited.profile.clone().inspect(|profile| {
            header.insert(
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
        return Ok(None);
    };
    if indicators.is_empty() && budget.is_empty() {
        return Ok(None);
    }
    let mut unmapped: Vec<String> = Vec::new();
    let mut warnings = Vec::new();
    let year_missing = year.is_none();
    if headless {
        warnings.push("只有表的后半部分（没有表题、名称和资金），按项目支出表导入".to_string());
    }
    if unnamed {
        warnings.push(format!(
            "表中没有填写{}名称，暂名「{UNNAMED}」，请改为实际名称",
            kind.keyword()
        ));
    }
    if indicators.iter().any(|i| i.weight.is_none())
        && columns.contains(&indicators::Column::Score)
        && !columns.contains(&indicators::Column::Weight)
    {
        warnings.push("表中没有分值栏：各指标的分值需按原表的评分办法补写，check 才能计分".into());
    }
    for (row, flags) in rows.iter().zip(&used) {
        for (cell, used) in row.iter().zip(flags) {
            if !used && !cell.text.is_empty() {
                unmapped.push(format!("{}: {}", cell.position(), cell.text));
            }
        }
    }
    let header = once_each(header);
    let budget = once_each(budget);
    let mut text = String::new();
    if !unmapped.is_empty() {
        text.push_str("// 未能识别:\n");
        for item in &unmapped {
            text.push_str(&format!("//   {}\n", item.replace(['\n', '\r'], " ")));
        }
        text.push('\n');
    }
    let Some(year) = year.or(inherited.year) else {
        return Err(ImportError::NoYear { name });
    };
    if year_missing && inherited.year_from_others {
        warnings.push(format!(
            "表中没有印年度，按同一文件中其他表的年度 {year} 导入"
        ));
    }
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
    for block in &goals {
        text.push_str("年度总体目标 {\n");
        for line in block {
            text.push_str(&format!("{line}\n"));
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
    // A goal's own text first inside its block.
    let goal_lines: Vec<(String, String)> = goal_texts
        .iter()
        .map(|(goal, text)| (goal.clone(), format!("预期目标 {}", quote(text))))
        .collect();
    for (goal, line) in &goal_lines {
        let at = paths
            .iter()
            .position(|(path, _)| path.first() == Some(&goal.as_str()))
            .unwrap_or(paths.len());
        paths.insert(at, (vec![goal.as_str()], line.as_str()));
    }
    write_tree(&mut text, &paths);
    for line in &total_lines {
        text.push_str(&format!("{line}\n"));
    }
    for note in &notes {
        text.push_str(&format!("// {}\n", note.replace(['\n', '\r'], " ")));
    }
    text.push_str("}\n");
    let (source, refused) =
        format_or_comment(text).map_err(|diagnostics| ImportError::Unformattable {
            name: name.clone(),
            messages: diagnostics.iter().map(|d| d.message.to_string()).collect(),
        })?;
    unmapped.extend(
        refused
            .into_iter()
            .map(|line| format!("无法导入的行: {line}")),
    );
    Ok(Some(ImportedForm {
        kind,
        name,
        year: year.to_string(),
        profile,
        headless,
        indicators: indicators.len(),
        skipped,
        warnings,
        unmapped,
        source,
    }))
}

/// A category or goal label as a block name: one word, or a word and its weight (`产出指标 40分`,
/// as 湖北 prints them; `产出指标(50分)` is one word). Anything else is quoted, which the language
/// reads as an indicator, never as a block: such a label is reduced to its first word instead.
fn block_name(label: &str) -> String {
    let words: Vec<&str> = label.split(is_blank).filter(|w| !w.is_empty()).collect();
    // A block name is a key of the language: a bare word that stops at a colon.
    let bare = |word: &str| value(word) == word && !word.contains([':', '：']);
    match words[..] {
        [word] if bare(word) => word.to_string(),
        [word, weight] if bare(word) && caption_weight(&format!("({weight})")).is_some() => {
            format!("{word} {weight}")
        }
        _ => {
            let joined: String = words
                .concat()
                .chars()
                .filter(|c| !"\"“”{}/#\\:：".contains(*c))
                .collect();
            if bare(&joined) {
                joined
            } else {
                "未命名".to_string()
            }
        }
    }
}

/// Formats the generated text through the formatter. A one-line statement the language refuses
/// (a cell value it cannot read, e.g. 指标性质 `定 量`) becomes a comment in place, `// 无法导入:
/// …`, and is returned, so that one odd cell never costs the whole form; block lines, the form's
/// own line and text blocks are never commented out (their errors are real import bugs).
fn format_or_comment(
    mut text: String,
) -> Result<(String, Vec<String>), Vec<crate::diag::Diagnostic>> {
    let mut refused = Vec::new();
    loop {
        let diagnostics = match format(&text, FormatOptions::default()) {
            Ok(source) => return Ok((source, refused)),
            Err(diagnostics) => diagnostics,
        };
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // Which lines may be commented: one-line statements outside `"""` blocks.
        let mut eligible = vec![false; lines.len()];
        let mut in_block = false;
        for (index, line) in lines.iter().enumerate() {
            let trimmed = line.trim();
            // A `"""` in a comment (an unmapped cell's text) opens nothing.
            let opens_or_closes =
                !trimmed.starts_with("//") && trimmed.matches("\"\"\"").count() % 2 == 1;
            eligible[index] = !in_block
                && !opens_or_closes
                && index > 0
                && !trimmed.is_empty()
                && !trimmed.starts_with("//")
                && !trimmed.ends_with('{')
                && trimmed != "}";
            if opens_or_closes {
                in_block = !in_block;
            }
        }
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut hit = false;
        for diagnostic in &diagnostics {
            let line = starts
                .partition_point(|&start| start <= diagnostic.span.start)
                .saturating_sub(1);
            if eligible.get(line).copied().unwrap_or(false) {
                refused.push(lines[line].trim().to_string());
                lines[line] = format!("// 无法导入: {}", lines[line].trim());
                eligible[line] = false;
                hit = true;
            }
        }
        if !hit {
            // A block the language refuses (a category named like a block keyword, 预算执行情况):
            // its opening and closing lines become comments, its content stays.
            let opener = diagnostics.iter().find_map(|diagnostic| {
                let line = starts
                    .partition_point(|&start| start <= diagnostic.span.start)
                    .saturating_sub(1);
                let trimmed = lines.get(line)?.trim();
                (line > 0 && trimmed.ends_with('{') && !trimmed.starts_with("//")).then_some(line)
            });
            let Some(opener) = opener else {
                return Err(diagnostics);
            };
            let mut depth = 0usize;
            let closer = (opener..lines.len()).find(|&index| {
                let trimmed = lines[index].trim();
                if trimmed.ends_with('{') && !trimmed.starts_with("//") {
                    depth += 1;
                } else if trimmed == "}" {
                    depth -= 1;
                }
                depth == 0
            });
            let Some(closer) = closer else {
                return Err(diagnostics);
            };
            refused.push(
                lines[opener]
                    .trim()
                    .trim_end_matches('{')
                    .trim()
                    .to_string(),
            );
            lines[opener] = format!("// 无法导入: {}", lines[opener].trim());
            lines[closer] = "// }".to_string();
        }
        text = lines.join("\n") + "\n";
    }
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
        text.push_str(&format!("{} {{\n", block_name(path[depth])));
        write_level(text, lines, done, &inner);
        text.push_str("}\n");
    }
}

/// A header label of the forms and the `.jx` field it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderField {
    /// 部门名称: the name of a department form.
    DepartmentName,
    /// 项目名称: the name of a project form.
    ProjectName,
    /// 单位名称: the form's name when it has no 部门名称/项目名称, a field otherwise.
    UnitName,
    /// 自评总得分 (points): written bare.
    Total,
    /// 自评等级 (优/良/中/差): written bare.
    Grade,
    /// 报表编号 (the Sichuan form number 510000_0013zp).
    ReportNumber,
    /// 金额单位:万元 (the budget block says 万元 already).
    MoneyUnit,
    /// Any other field, written `keyword "text"`.
    Text(&'static str),
}

impl HeaderField {
    /// The header line for this field's value, `None` when there is nothing to write.
    fn line(self, content: &str) -> Option<String> {
        if content.is_empty() {
            return None;
        }
        Some(match self {
            HeaderField::Total => match points(content) {
                Some(_) => format!("自评总得分 {}", value(content)),
                None => return None,
            },
            HeaderField::Grade => format!("自评等级 {}", value(content)),
            HeaderField::ReportNumber => format!("报表编号 {}", quote(content)),
            HeaderField::UnitName => format!("单位名称 {}", quote(content)),
            HeaderField::Text(keyword) => format!("{keyword} {}", quote(content)),
            HeaderField::DepartmentName | HeaderField::ProjectName | HeaderField::MoneyUnit => {
                return None
            }
        })
    }
}

/// Header labels kept as free-text fields under their own name.
const TEXT_FIELDS: &[&str] = &[
    "项目负责人及电话",
    "负责人及电话",
    "项目负责人",
    "财务负责人",
    "填报日期",
    "填报单位",
    "财政处室",
    "是否为专项资金",
    "项目类别",
    "项目属性",
    "项目类型",
    "说明",
    "单位领导审签",
    "基本支出总额",
    "项目支出总额",
];

/// The header field a label cell names (`项目名称`, `实施单位(盖章)`, `自评总分(分)`,
/// `项目名称:`), by the labels of the published layouts.
fn header_field(label: &str) -> Option<HeaderField> {
    let label: String = label
        .trim_end_matches([':', '：'])
        .chars()
        .filter(|c| !is_blank(*c))
        .collect();
    Some(match label.as_str() {
        "部门名称" => HeaderField::DepartmentName,
        "项目名称" | "专项资金名称" => HeaderField::ProjectName,
        "单位名称" => HeaderField::UnitName,
        "主管部门" | "县级主管部门" | "主管部门（单位）" | "主管部门(单位)" | "项目主管单位" => {
            HeaderField::Text("主管部门")
        }
        "实施单位"
        | "实施单位(盖章)"
        | "实施单位（盖章）"
        | "项目实施单位"
        | "实施(主管)单位"
        | "实施（主管）单位" => HeaderField::Text("实施单位"),
        "自评总得分" | "自评总分" | "自评总分(分)" | "自评总分（分）" | "自评得分" => {
            HeaderField::Total
        }
        "自评等级" | "评价等级" => HeaderField::Grade,
        "联系人" | "部门联系人" => HeaderField::Text("联系人"),
        "联系电话" => HeaderField::Text("联系电话"),
        "报表编号" => HeaderField::ReportNumber,
        "金额单位" => HeaderField::MoneyUnit,
        other => {
            return TEXT_FIELDS
                .iter()
                .find(|field| **field == other)
                .map(|field| HeaderField::Text(field))
        }
    })
}

/// A header field written in one cell, `报表编号:510000_0013zp` or `金额单位:万元`.
fn inline_field(text: &str) -> Option<(HeaderField, &str)> {
    let at = text.find([':', '：'])?;
    let separator = text[at..].chars().next()?.len_utf8();
    let field = header_field(&text[..at])?;
    let content = text[at + separator..].trim_matches(is_blank);
    (!content.is_empty()).then_some((field, content))
}

/// The name given to a form that prints none.
const UNNAMED: &str = "未填写名称";

/// Rows with a label and its text after the indicator table.
const CONCLUSIONS: &[&str] = &[
    "评价结论",
    "存在问题",
    "改进措施",
    "主要经验及做法",
    "偏差大或目标未完成原因分析",
    "改进措施及结果应用方案",
];

/// A numbered item (`1.预算执行情况口径:…`, `2、…`): the continuation of a note.
fn is_numbered(text: &str) -> bool {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < text.len() && rest.starts_with(['.', '、', '．'])
}

/// A note printed under the table (`注:1.…`, `备注:…`).
fn is_note(text: &str) -> bool {
    ["注:", "注：", "备注:", "备注：", "说明:", "说明："]
        .iter()
        .any(|p| text.starts_with(p))
}

/// Adds a deduced weight to an indicator's line, with the reason as its comment.
fn set_weight(indicator: &mut indicators::Indicator, weight: &str, note: &str) {
    let (body, comment) = match indicator.line.split_once("  // ") {
        Some((body, comment)) => (body.to_string(), format!("；{comment}")),
        None => (indicator.line.clone(), String::new()),
    };
    indicator.line = format!("{body} 分值 {weight}  // {note}{comment}");
    indicator.weight = Some(weight.to_string());
}

/// A number of points (`15`, `19.6`, `100分`) as an exact decimal.
fn points(text: &str) -> Option<rust_decimal::Decimal> {
    crate::syntax::quantity::leading_number(text.trim_end_matches('分'))
        .filter(|(_, rest)| rest.is_empty())
        .map(|(number, _)| number)
}

/// The weight of a category label, `数量指标 15分` or `数量指标(15分)` → `15`.
fn label_weight(label: &str) -> Option<String> {
    caption_weight(label).or_else(|| {
        let (_, last) = label.rsplit_once(is_blank)?;
        caption_weight(&format!("({last})"))
    })
}

/// The weight written in a caption, `预算执行情况(万元)(20分)` → `20`.
fn caption_weight(text: &str) -> Option<String> {
    let body = text.strip_suffix(['）', ')'])?.strip_suffix('分')?;
    let open = body.rfind(['（', '('])?;
    let number = &body[open + body[open..].chars().next()?.len_utf8()..];
    crate::syntax::quantity::leading_number(number)
        .filter(|(_, rest)| rest.is_empty())
        .map(|_| number.to_string())
}

/// A cell that only tells the filer what to write (`对照年度目标,说明…(100字以内)`).
fn is_hint(text: &str) -> bool {
    text.contains("字以内)") || text.contains("字以内）")
}

/// A section caption of the form (`项目基本情况`, `三、目标完成情况`, `2.项目实施内容及过程概述`).
fn is_caption(text: &str) -> bool {
    let numbered = text
        .char_indices()
        .find(|(_, c)| *c == '、' || *c == '.')
        .is_some_and(|(at, separator)| {
            let rest = &text[at + separator.len_utf8()..];
            at > 0
                && text[..at]
                    .chars()
                    .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
                && rest.chars().next().is_some_and(|c| !c.is_ascii_digit())
        });
    // A caption is a short heading; a numbered sentence (`1.预算执行情况口径:…`) is a note.
    let heading = text.chars().count() <= 24 && !text.contains([':', '：', '，', ',', '。']);
    (numbered && heading) || matches!(text, "项目基本情况" | "基本情况")
}

/// The role of a column of the goals table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    /// 预期目标 / 年初设定目标 / 全年(调整)绩效目标.
    Planned,
    /// 年初绩效目标 where the form also has 全年(调整)绩效目标 (重庆): used when that is empty.
    PlannedInitial,
    /// 实际完成情况 / 年度目标完成情况.
    Achieved,
    /// 总体完成率(%) (河北): a header field.
    Rate,
}

fn goal_column(text: &str) -> Option<Goal> {
    let text: String = text.chars().filter(|c| !is_blank(*c)).collect();
    Some(match text.as_str() {
        "预期目标"
        | "年初设定目标"
        | "项目年度目标"
        | "年度目标"
        | "年度预期目标"
        | "年初预期目标"
        | "全年(调整)绩效目标"
        | "全年（调整）绩效目标" => Goal::Planned,
        "年初绩效目标" => Goal::PlannedInitial,
        "实际完成情况"
        | "实际完成"
        | "年度目标完成情况"
        | "年度总体目标完成情况综述"
        | "全年目标实际完成情况"
        | "具体完成情况"
        | "目标完成情况"
        | "全年实际完成情况" => Goal::Achieved,
        "总体完成率(%)" | "总体完成率（%）" | "总体完成率" => Goal::Rate,
        _ => return None,
    })
}

/// The goal columns of a goals header row: needs a planned and an achieved column.
fn goal_header(texts: &[&str]) -> Option<Vec<Option<Goal>>> {
    let columns: Vec<Option<Goal>> = texts.iter().map(|t| goal_column(t)).collect();
    let planned = columns
        .iter()
        .any(|c| matches!(c, Some(Goal::Planned | Goal::PlannedInitial)));
    (planned && columns.contains(&Some(Goal::Achieved))).then_some(columns)
}

/// Reads one goal row under a goals header: the planned and achieved texts as the lines of a
/// `年度总体目标` block (empty when the row holds only template hints). `None` when the row is
/// not a goal row (no text under a goal column, or another table starts).
fn goal_row(
    row: &[Cell],
    columns: &[Option<Goal>],
    used: &mut [bool],
    header: &mut Vec<String>,
    hints: &mut Vec<String>,
) -> Option<Vec<String>> {
    let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
    if texts.iter().any(|t| {
        is_caption(t)
            || header_field(t).is_some()
            || money_column(t).is_some()
            || indicators::indicator_column(t).is_some()
            || goal_column(t).is_some()
    }) {
        return None;
    }
    // A row as wide as the header is read cell by cell; a narrower one (a text copy that dropped
    // the blank cell under a merged caption) is aligned on its last cell.
    let offset = texts.len() as isize - columns.len() as isize;
    let mut found: Vec<(Goal, usize)> = Vec::new();
    for (position, column) in columns.iter().enumerate() {
        let Some(column) = column else {
            continue;
        };
        let at = position as isize
            + if texts.len() == columns.len() {
                0
            } else {
                offset
            };
        let Some(at) = usize::try_from(at).ok().filter(|a| *a < texts.len()) else {
            continue;
        };
        found.push((*column, at));
    }
    if found.iter().all(|(_, at)| texts[*at].is_empty()) {
        return None;
    }
    let text_of = |goal: Goal| {
        found
            .iter()
            .find(|(g, _)| *g == goal)
            .map(|(_, at)| texts[*at])
            .filter(|t| !t.is_empty())
    };
    let mut lines = Vec::new();
    let adjusted = text_of(Goal::Planned).filter(|t| *t != "无");
    let initial = text_of(Goal::PlannedInitial);
    let planned = adjusted.or(initial);
    for (goal, at) in &found {
        let text = texts[*at];
        if text.is_empty() {
            continue;
        }
        used[*at] = true;
        if is_hint(text) {
            hints.push(format!("{}: {text}", row[*at].position()));
            continue;
        }
        match goal {
            Goal::Rate => header.push(format!("总体完成率 {}", quote(text))),
            Goal::Planned | Goal::PlannedInitial if Some(text) != planned => {
                lines.push(format!("// {}", text.replace(['\n', '\r'], " ")));
            }
            Goal::Planned | Goal::PlannedInitial => lines.insert(0, goal_line("预期目标", text)),
            Goal::Achieved => lines.push(goal_line("实际完成", text)),
        }
    }
    Some(lines)
}

/// A goal line: the text in a block string, or quoted when it holds `"""`.
fn goal_line(keyword: &str, text: &str) -> String {
    if text.contains("\"\"\"") {
        format!("{keyword} {}", quote(text))
    } else {
        format!("{keyword} \"\"\"\n{text}\n\"\"\"")
    }
}

/// Keeps the first line of each keyword and turns a repeat into a comment (`// 又见: 分值 10`):
/// a copy that lost a row can put two tables' fields into one form, and a field written twice is
/// an error of the language, so the repeat is shown instead of breaking the file.
fn once_each(lines: Vec<String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    lines
        .into_iter()
        .map(|line| {
            if line.starts_with("//") {
                return line;
            }
            let keyword = line
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            if seen.contains(&keyword) {
                format!("// 又见: {}", line.replace(['\n', '\r'], " "))
            } else {
                seen.push(keyword);
                line
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{block_name, year_of};

    /// A block name is a key of the language: one word, or a word and its weight; a colon would
    /// end the key (a fuzzed copy once put `指标1：效益指标(10分)` there and the form was refused).
    #[test]
    fn block_names_are_keys() {
        assert_eq!(block_name("产出指标(50分)"), "产出指标(50分)");
        assert_eq!(block_name("产出指标 40分"), "产出指标 40分");
        assert_eq!(block_name("指标1：效益指标(10分)"), "指标1效益指标(10分)");
        assert_eq!(block_name("年度目标1:(80分)"), "年度目标1(80分)");
        assert_eq!(block_name("效益 指标"), "效益指标");
        assert_eq!(block_name("\"{}\""), "未命名");
    }

    #[test]
    fn years_as_forms_write_them() {
        for (text, year) in [
            ("（2021年度）", Some(2021)),
            ("（２０２１年度）", Some(2021)),
            ("二〇二一年度", Some(2021)),
            ("2021 年度", Some(2021)),
            ("（9999年度）", None),
            ("填报日期:2021.5.18", None),
        ] {
            assert_eq!(year_of(text), year, "{text}");
        }
    }
}
