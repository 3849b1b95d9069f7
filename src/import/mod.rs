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
mod reader;
pub mod report;
mod stream;

pub use input::{read_input, InputError};

use budget::{money_column, Money};
use goals::{goal_column, Goal};
use header::{has_title, header_field, is_hint, HeaderField};
use indicators::Header;
use reader::{import_form, Inherited};

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
    /// Why the profile was chosen (the evidence written after `评分规则`), if one was.
    pub profile_evidence: Option<String>,
    /// What chose the kind (`表题「…」`, `「部门名称」栏`, `部门整体表的指标「…」`), if anything
    /// the form prints did.
    pub kind_evidence: Option<String>,
    /// Where the form has an indicator-like region (indicator headers, level labels) of which
    /// no indicator was read, as `第 N–M 行` (or the first and last cells' places): the import
    /// is partial and the report says so (`jixiao import` exits 1 unless `--allow-partial`).
    pub missing_indicators: Option<String>,
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
    /// The input lists several forms (a table of contents) and holds none of them.
    TableOfContents {
        /// The forms it lists.
        listed: usize,
        /// Where the list is (`第 N–M 行`).
        place: String,
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
            ImportError::TableOfContents { listed, place } => write!(
                f,
                "这是一页目录（{place}，列出 {listed} 张表），不是表单本身；请导入各表所在的页面或文件"
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

impl ImportError {
    /// The message in English (`--lang en`); [`Display`](std::fmt::Display) gives the Chinese.
    pub fn english(&self) -> String {
        match self {
            ImportError::NoForm => "no self-evaluation form found (it should have headers such \
                as 部门名称/项目名称 and 一级指标/三级指标)"
                .to_string(),
            ImportError::NoYear { name } => format!(
                "form「{name}」prints no year; give the budget year with --year (such as --year 2021)"
            ),
            ImportError::TableOfContents { listed, place } => format!(
                "this is a table of contents ({place}, listing {listed} forms), not a form; \
                 import the pages or files that hold the forms"
            ),
            ImportError::Unformattable { name, messages } => format!(
                "the text generated for form「{name}」could not be formatted: {}",
                messages.join("; ")
            ),
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
        // No title and no name at all, but an indicator table: the tail of a form whose top is
        // lost (a page cut before its table), read as one headless form.
        None if (0..rows.len()).any(|i| Header::at(rows, i).is_some()) => starts.push(0),
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
    // Titles with nothing under them: the entries of a table of contents (a page listing its
    // forms), skipped and said so.
    let mut listed: Vec<&Cell> = Vec::new();
    for position in 0..starts.len() {
        let rows_of = range(position);
        let filled: Vec<&Cell> = rows_of
            .iter()
            .flatten()
            .filter(|c| !c.text.is_empty())
            .collect();
        if filled.len() <= 2 && rows_of.iter().any(|row| has_title(row)) {
            if let Some(title) = filled.iter().find(|c| c.text.contains("自评表")) {
                listed.push(title);
            }
        }
        match import_form(rows_of, &own) {
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
    let mut forms: Vec<ImportedForm> = forms.into_iter().map(|(_, form)| form).collect();
    let contents = match (listed.first(), listed.last()) {
        (Some(first), Some(last)) if listed.len() >= 2 => Some(ImportError::TableOfContents {
            listed: listed.len(),
            place: if first.place.is_none() {
                format!("第 {}–{} 行", first.line, last.line)
            } else {
                format!("{} – {}", first.position(), last.position())
            },
        }),
        _ => None,
    };
    match (forms.first_mut(), contents) {
        (None, Some(contents)) => Err(contents),
        (None, None) => Err(ImportError::NoForm),
        (Some(form), contents) => {
            if let Some(ImportError::TableOfContents { listed, place }) = contents {
                form.skipped.insert(
                    0,
                    format!("{place}: 目录（列出 {listed} 张表），不是表单，没有导入"),
                );
            }
            Ok(forms)
        }
    }
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
