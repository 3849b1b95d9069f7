//! The text rendering of a diff: sections of aligned tables, for a terminal or a pager.
//!
//! Columns are padded by display width (a CJK character is two columns wide), so Chinese names
//! line up. Colour (added green, removed red, changed yellow) only when the caller asks for it:
//! the CLI asks on a terminal without `NO_COLOR`. Long texts (goals, deviation notes) are
//! shortened to one line; the JSON and HTML renderings carry them whole.

use super::{field_label, indicator_path, kind_label, Change, DiffDocument, FormDiff, Status};
use unicode_width::UnicodeWidthStr;

/// Colour of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paint {
    Plain,
    Bold,
    Green,
    Red,
    Yellow,
    Dim,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Plain => "",
            Paint::Bold => "\x1b[1m",
            Paint::Green => "\x1b[32m",
            Paint::Red => "\x1b[31m",
            Paint::Yellow => "\x1b[33m",
            Paint::Dim => "\x1b[2m",
        }
    }
}

/// Rows with at least this many cells are aligned in columns.
const ALIGNED: usize = 4;

struct Out {
    color: bool,
    text: String,
}

impl Out {
    fn paint(&self, text: &str, paint: Paint) -> String {
        if self.color && paint != Paint::Plain && !text.is_empty() {
            format!("{}{text}\x1b[0m", paint.code())
        } else {
            text.to_string()
        }
    }

    fn line(&mut self, text: &str) {
        self.text.push_str(text.trim_end());
        self.text.push('\n');
    }

    fn heading(&mut self, text: &str) {
        let painted = self.paint(text, Paint::Bold);
        self.line(&painted);
    }

    /// Writes rows as a table: every column but the last padded to its widest cell. Rows of
    /// fewer than [`ALIGNED`] cells are titles: written as they are and not measured.
    fn table(&mut self, rows: &[Vec<(String, Paint)>]) {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|column| {
                rows.iter()
                    .filter(|row| row.len() >= ALIGNED)
                    .filter_map(|row| row.get(column))
                    .map(|(text, _)| text.width())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in rows {
            let mut line = String::new();
            let last = row
                .iter()
                .rposition(|(text, _)| !text.is_empty())
                .unwrap_or(0);
            for (column, (text, paint)) in row.iter().enumerate().take(last + 1) {
                if column > 0 {
                    line.push_str("  ");
                }
                line.push_str(&self.paint(text, *paint));
                if column < last && row.len() >= ALIGNED {
                    let width = widths.get(column).copied().unwrap_or(0);
                    line.extend(std::iter::repeat_n(' ', width.saturating_sub(text.width())));
                }
            }
            self.line(&line);
        }
    }
}

/// Renders a whole diff document. `detail`: print every change of every pair (one pair of
/// files); otherwise a summary line per pair (directory mode).
pub(super) fn render(document: &DiffDocument, color: bool, detail: bool) -> String {
    let mut out = Out {
        color,
        text: String::new(),
    };
    if detail {
        for (index, form) in document.forms.iter().enumerate() {
            if index > 0 {
                out.line("");
            }
            render_form(&mut out, form);
        }
    } else {
        summary(&mut out, document);
    }
    if detail && (!document.only_in_old.is_empty() || !document.only_in_new.is_empty()) {
        out.line("");
        unpaired(&mut out, document);
    }
    out.text
}

fn form_title(form: &FormDiff) -> String {
    let year = |year: Option<u16>| year.map_or("?".to_string(), |year| year.to_string());
    let name = if form.old.name == form.new.name {
        form.new.name.clone()
    } else {
        format!("{} → {}", form.old.name, form.new.name)
    };
    format!(
        "{} {name}  {} → {}",
        kind_label(form.new.kind),
        year(form.old.year),
        year(form.new.year)
    )
}

fn summary(out: &mut Out, document: &DiffDocument) {
    out.heading("表单对比");
    let mut rows = Vec::new();
    for form in &document.forms {
        let counts = |status: Status| {
            form.indicators
                .iter()
                .filter(|indicator| indicator.status == status)
                .count()
        };
        let (mark, paint) = if form.equal {
            ("=", Paint::Dim)
        } else {
            ("~", Paint::Yellow)
        };
        rows.push(vec![
            (format!("  {mark}"), paint),
            (form_title(form), Paint::Plain),
            (
                format!(
                    "指标 +{} -{} ~{}",
                    counts(Status::Added),
                    counts(Status::Removed),
                    counts(Status::Changed)
                ),
                Paint::Plain,
            ),
            (
                format!(
                    "总分 {} → {}",
                    form.total.old.as_deref().unwrap_or("—"),
                    form.total.new.as_deref().unwrap_or("—")
                ),
                Paint::Plain,
            ),
        ]);
    }
    out.table(&rows);
    if !document.only_in_old.is_empty() || !document.only_in_new.is_empty() {
        out.line("");
        unpaired(out, document);
    }
}

fn unpaired(out: &mut Out, document: &DiffDocument) {
    out.heading("未配对的表单");
    let mut rows = Vec::new();
    for (forms, mark, paint, side) in [
        (&document.only_in_old, "-", Paint::Red, "仅在旧版"),
        (&document.only_in_new, "+", Paint::Green, "仅在新版"),
    ] {
        for form in forms {
            rows.push(vec![
                (format!("  {mark}"), paint),
                (side.to_string(), paint),
                (
                    format!("{} {}", kind_label(form.kind), form.name),
                    Paint::Plain,
                ),
                (form.file.clone().unwrap_or_default(), Paint::Dim),
            ]);
        }
    }
    out.table(&rows);
}

/// One line for a long text: its first line, cut at 40 columns.
fn short(text: Option<&str>) -> String {
    let Some(text) = text else {
        return "—".to_string();
    };
    let first = text.lines().next().unwrap_or("");
    let mut out = String::new();
    for character in first.chars() {
        if out.width() >= 40 {
            out.push('…');
            return out;
        }
        out.push(character);
    }
    if text.lines().nth(1).is_some() {
        out.push('…');
    }
    out
}

fn change_row(indent: &str, change: &Change) -> Vec<(String, Paint)> {
    vec![
        (
            format!("{indent}{}", field_label(&change.field)),
            Paint::Plain,
        ),
        (short(change.old.as_deref()), Paint::Red),
        ("→".to_string(), Paint::Dim),
        (short(change.new.as_deref()), Paint::Green),
        (
            change.delta.as_deref().map(signed).unwrap_or_default(),
            Paint::Plain,
        ),
        (
            change
                .percent
                .as_deref()
                .map(|percent| format!("{}%", signed(percent)))
                .unwrap_or_default(),
            Paint::Plain,
        ),
    ]
}

fn signed(number: &str) -> String {
    if number.starts_with('-') || number.trim_start_matches(['0', '.']).is_empty() {
        number.to_string()
    } else {
        format!("+{number}")
    }
}

fn render_form(out: &mut Out, form: &FormDiff) {
    out.heading(&form_title(form));
    if let (Some(old), Some(new)) = (&form.old.file, &form.new.file) {
        let files = out.paint(&format!("{old} → {new}"), Paint::Dim);
        out.line(&files);
    }
    if form.equal {
        out.line("没有变化");
        return;
    }
    if !form.header.is_empty() {
        out.line("");
        out.heading("表头");
        let rows: Vec<_> = form
            .header
            .iter()
            .map(|change| change_row("  ", change))
            .collect();
        out.table(&rows);
    }
    if !form.budget.is_empty() || !form.budget_rows.is_empty() {
        out.line("");
        out.heading("资金");
        let mut rows: Vec<_> = form
            .budget
            .iter()
            .map(|change| change_row("  ", change))
            .collect();
        for row in &form.budget_rows {
            let label = if row.label.is_empty() {
                "合计"
            } else {
                row.label.as_str()
            };
            let (mark, paint) = status_mark(row.status);
            rows.push(vec![(format!("  {mark} {label}"), paint)]);
            rows.extend(
                row.changes
                    .iter()
                    .map(|change| change_row("      ", change)),
            );
        }
        out.table(&rows);
    }
    if !form.goals.is_empty() {
        out.line("");
        out.heading("年度总体目标");
        let rows: Vec<_> = form
            .goals
            .iter()
            .map(|change| change_row("  ", change))
            .collect();
        out.table(&rows);
    }
    if !form.indicators.is_empty() {
        out.line("");
        out.heading("指标");
        let mut rows = Vec::new();
        for indicator in &form.indicators {
            let (old, new) = (indicator.old.as_ref(), indicator.new.as_ref());
            let (word, paint) = match indicator.status {
                Status::Added => ("+ 新增", Paint::Green),
                Status::Removed => ("- 删除", Paint::Red),
                Status::Changed if indicator.renamed => ("~ 改名", Paint::Yellow),
                Status::Changed if indicator.moved => ("~ 移动", Paint::Yellow),
                Status::Changed => ("~ 变更", Paint::Yellow),
            };
            let title = match (old, new) {
                (Some(old), Some(new)) if indicator.renamed || indicator.moved => {
                    format!("{} → {}", indicator_path(old), indicator_path(new))
                }
                (_, Some(side)) | (Some(side), None) => indicator_path(side),
                (None, None) => String::new(),
            };
            let mut row = vec![(format!("  {word}"), paint), (title, Paint::Plain)];
            if indicator.renamed {
                if let Some(new) = new {
                    row.push((format!("(id {})", new.id), Paint::Dim));
                }
            }
            rows.push(row);
            if indicator.status == Status::Changed {
                rows.extend(
                    indicator
                        .changes
                        .iter()
                        .map(|change| change_row("      ", change)),
                );
            } else {
                let values: Vec<String> = indicator
                    .changes
                    .iter()
                    .filter(|change| {
                        matches!(
                            change.field.as_str(),
                            "target" | "actual" | "weight" | "score"
                        )
                    })
                    .map(|change| {
                        let value = change.new.as_deref().or(change.old.as_deref());
                        format!("{} {}", field_label(&change.field), value.unwrap_or("—"))
                    })
                    .collect();
                rows.push(vec![(format!("      {}", values.join("  ")), Paint::Dim)]);
            }
        }
        out.table(&rows);
    }
    if !form.categories.is_empty() {
        out.line("");
        out.heading("指标类别");
        let mut rows = Vec::new();
        for category in &form.categories {
            let (mark, paint) = status_mark(category.status);
            rows.push(vec![(format!("  {mark} {}", category.path), paint)]);
            rows.extend(
                category
                    .changes
                    .iter()
                    .map(|change| change_row("      ", change)),
            );
        }
        out.table(&rows);
    }
    out.line("");
    out.heading("总分");
    out.table(&[change_row("  ", &form.total), change_row("  ", &form.grade)]);
}

fn status_mark(status: Status) -> (&'static str, Paint) {
    match status {
        Status::Added => ("+", Paint::Green),
        Status::Removed => ("-", Paint::Red),
        Status::Changed => ("~", Paint::Yellow),
    }
}
