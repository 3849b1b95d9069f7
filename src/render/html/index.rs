//! The view of the index for a bureau: one row per form, grouped by 主管部门, with filters, a
//! search box, summary charts (inline SVG) and links to the pages; split into pages of
//! [`ROWS_PER_PAGE`] rows so that the first page stays small for a province's 20,000 forms.
//! Also the summary records of `index.json`.
//!
//! Numbers are the model's exact decimals written as strings. The charts count forms into
//! bands by comparing the exact decimals with the band limits; the only arithmetic is on counts
//! (bar lengths and shades, integers).

use crate::model::{Checked, Evaluation, FormKind, Number, Severity};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeSet;

/// Rows on one index page: at ~700 bytes a row, a page stays well under 2 MB with its charts.
pub const ROWS_PER_PAGE: usize = 1000;

/// The label of the group of forms that state no 主管部门.
const NO_DEPARTMENT: &str = "（未填主管部门）";

/// One form listed in the index.
#[derive(Debug, Clone, Copy)]
pub struct IndexEntry<'a> {
    /// The form.
    pub evaluation: &'a Evaluation,
    /// Its page, relative to the index (`/`-separated, unencoded); `None` when no page was
    /// written (the form has errors).
    pub page: Option<&'a str>,
    /// Its JSON document, relative to the index, when written.
    pub json: Option<&'a str>,
    /// Its source file, relative to the workspace (for `index.json`).
    pub source: Option<&'a str>,
}

/// One row of the index.
#[derive(Debug, Clone, Serialize)]
struct IndexRow {
    /// 主管部门, or [`NO_DEPARTMENT`].
    department: String,
    /// `项目` / `部门整体`.
    kind: &'static str,
    year: String,
    name: String,
    /// The title the form states (`表名`, kept by imported forms), shown under the name; empty
    /// when it states none (the official title goes without saying).
    title: String,
    /// Percent-encoded relative link; empty when no page was written.
    href: String,
    /// Percent-encoded relative link to the JSON; empty when none was written.
    json: String,
    /// The execution rate as filed (computed when the form states none).
    execution_rate: String,
    /// 自评总得分 as filed; empty when the form states none.
    total: String,
    /// 计算总分.
    computed_total: String,
    /// `true` when the filed total disagrees with the computed one.
    total_differs: bool,
    /// 评价等级 as filed (computed when the form states none).
    grade: String,
    errors: usize,
    warnings: usize,
    /// Sort ranks (0-based) per column, from the exact values: `[department, name, year,
    /// kind, execution_rate, total, computed_total, grade, warnings]`. A script may sort by
    /// them; the table reads fine in its given order without one.
    ranks: Vec<usize>,
}

/// A group of rows under one 主管部门 on one page.
#[derive(Debug, Clone, Serialize)]
struct Group {
    department: String,
    /// The anchor of the group (`g12`).
    anchor: String,
    /// Forms of the department in the whole index.
    forms: usize,
    rows: Vec<IndexRow>,
}

/// A 主管部门 in the list of departments, with the page its forms start on.
#[derive(Debug, Clone, Serialize)]
struct DepartmentLink {
    department: String,
    forms: usize,
    warnings: usize,
    /// `index.html#g3`, `index.p2.html#g40`.
    href: String,
}

/// A link to another index page.
#[derive(Debug, Clone, Serialize)]
struct PageLink {
    number: usize,
    href: String,
    current: bool,
}

/// One bar of a chart.
#[derive(Debug, Clone, Serialize)]
struct Bar {
    label: String,
    count: usize,
    /// Length in SVG units (0–[`BAR_LENGTH`]).
    length: usize,
    /// Position of the bar in SVG units.
    position: usize,
}

/// One cell of the score-against-rate grid.
#[derive(Debug, Clone, Serialize)]
struct GridCell {
    x: usize,
    y: usize,
    count: usize,
    /// 1–4: how dark the cell is.
    shade: usize,
}

/// The summary charts.
#[derive(Debug, Clone, Serialize)]
struct Charts {
    grades: Vec<Bar>,
    rates: Vec<Bar>,
    grid: Vec<GridCell>,
    /// Labels of the grid's axes, with their positions.
    grid_x: Vec<Bar>,
    grid_y: Vec<Bar>,
}

/// Everything `index.html` reads, as `index`.
#[derive(Debug, Clone, Serialize)]
pub(super) struct IndexView {
    /// Groups on this page.
    groups: Vec<Group>,
    /// Every row of this page, in order (for templates that want a flat list).
    rows: Vec<IndexRow>,
    forms: usize,
    errors: usize,
    warnings: usize,
    /// Forms whose filed total differs from the computed one.
    differing: usize,
    departments: Vec<DepartmentLink>,
    /// How many 主管部门 the whole index lists.
    department_count: usize,
    /// The filter's choices.
    years: Vec<String>,
    kinds: Vec<String>,
    grades: Vec<String>,
    pages: Vec<PageLink>,
    /// 1-based number of this page.
    page: usize,
    charts: Charts,
}

/// The sort key of one index column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Number(Option<Number>),
    Text(String),
    Count(usize),
}

/// The file name of index page `number` (1-based): `index.html`, `index.p2.html`, ….
pub fn index_page_name(number: usize) -> String {
    if number <= 1 {
        "index.html".to_string()
    } else {
        format!("index.p{number}.html")
    }
}

fn filed(checked: &Checked<Number>) -> Option<Number> {
    checked.declared.or(checked.computed)
}

fn kind_label(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Project => "项目",
        FormKind::Department => "部门整体",
    }
}

fn row(entry: &IndexEntry<'_>) -> IndexRow {
    let evaluation = entry.evaluation;
    let errors = evaluation
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    IndexRow {
        department: department(evaluation),
        kind: kind_label(evaluation.kind),
        year: evaluation
            .year
            .map_or_else(String::new, |year| year.to_string()),
        name: evaluation.name.clone(),
        title: super::form::stated_title(evaluation)
            .unwrap_or_default()
            .to_string(),
        href: entry.page.map_or_else(String::new, encode_href),
        json: entry.json.map_or_else(String::new, encode_href),
        execution_rate: filed(&evaluation.budget.execution_rate)
            .map_or_else(String::new, |rate| format!("{rate}%")),
        total: evaluation
            .total
            .declared
            .map_or_else(String::new, |total| total.to_string()),
        computed_total: evaluation
            .total
            .computed
            .map_or_else(String::new, |total| total.to_string()),
        total_differs: evaluation.total.disagrees(),
        grade: evaluation
            .grade
            .declared
            .clone()
            .or_else(|| evaluation.grade.computed.clone())
            .unwrap_or_default(),
        errors,
        warnings: evaluation.diagnostics.len() - errors,
        ranks: Vec::new(),
    }
}

fn department(evaluation: &Evaluation) -> String {
    evaluation
        .header
        .supervising_department
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map_or_else(|| NO_DEPARTMENT.to_string(), str::to_string)
}

/// The rows of every entry, grouped by 主管部门 (departments in name order, forms without one
/// last), then by year, kind and name, with their sort ranks.
fn sorted_rows(entries: &[IndexEntry<'_>]) -> Vec<IndexRow> {
    let mut rows: Vec<IndexRow> = entries.iter().map(row).collect();
    let keys: Vec<Vec<SortKey>> = entries
        .iter()
        .zip(&rows)
        .map(|(entry, row)| {
            let evaluation = entry.evaluation;
            vec![
                SortKey::Text(row.department.clone()),
                SortKey::Text(row.name.clone()),
                SortKey::Count(usize::from(evaluation.year.unwrap_or(0))),
                SortKey::Text(row.kind.to_string()),
                SortKey::Number(filed(&evaluation.budget.execution_rate)),
                SortKey::Number(evaluation.total.declared),
                SortKey::Number(evaluation.total.computed),
                SortKey::Text(row.grade.clone()),
                SortKey::Count(row.warnings),
            ]
        })
        .collect();
    let columns: Vec<Vec<&SortKey>> = (0..9)
        .map(|column| keys.iter().map(|row| &row[column]).collect())
        .collect();
    for column in columns {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|row| column[*row]);
        let mut ranks = vec![0; rows.len()];
        for (rank, row) in order.into_iter().enumerate() {
            ranks[row] = rank;
        }
        for (row, rank) in rows.iter_mut().zip(ranks) {
            row.ranks.push(rank);
        }
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|a, b| {
        let (left, right) = (&rows[*a], &rows[*b]);
        (left.department == NO_DEPARTMENT)
            .cmp(&(right.department == NO_DEPARTMENT))
            .then_with(|| left.department.cmp(&right.department))
            .then_with(|| right.year.cmp(&left.year))
            .then_with(|| left.kind.cmp(right.kind))
            .then_with(|| left.name.cmp(&right.name))
            .then_with(|| a.cmp(b))
    });
    let mut slots: Vec<Option<IndexRow>> = rows.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|index| slots[index].take())
        .collect()
}

const BAR_LENGTH: usize = 240;

/// Bar lengths proportional to the counts (integers).
fn bars(counts: Vec<(String, usize)>, step: usize) -> Vec<Bar> {
    let largest = counts.iter().map(|(_, count)| *count).max().unwrap_or(0);
    counts
        .into_iter()
        .enumerate()
        .map(|(position, (label, count))| Bar {
            length: if largest == 0 {
                0
            } else {
                (count * BAR_LENGTH).div_ceil(largest)
            },
            label,
            count,
            position: position * step,
        })
        .collect()
}

/// Which of the bands `0–10, 10–20, …, 90–100, ≥100` holds `value` (percent or points):
/// the number of limits it reaches, by comparison of exact decimals.
fn band(value: Number) -> usize {
    (1..=10)
        .filter(|tenth| value.0 >= Decimal::from(tenth * 10))
        .count()
}

fn charts(entries: &[IndexEntry<'_>]) -> Charts {
    let mut grade_counts: Vec<(String, usize)> = ["优", "良", "中", "差"]
        .iter()
        .map(|grade| ((*grade).to_string(), 0))
        .collect();
    let mut rate_counts = vec![0usize; 11];
    let mut grid = vec![[0usize; 11]; 11];
    for entry in entries {
        let evaluation = entry.evaluation;
        let grade = evaluation
            .grade
            .declared
            .as_ref()
            .or(evaluation.grade.computed.as_ref());
        if let Some(slot) = grade_counts
            .iter_mut()
            .find(|(label, _)| Some(label) == grade)
        {
            slot.1 += 1;
        }
        let rate = filed(&evaluation.budget.execution_rate);
        if let Some(rate) = rate {
            rate_counts[band(rate)] += 1;
        }
        if let (Some(rate), Some(total)) = (rate, filed(&evaluation.total)) {
            grid[band(total)][band(rate)] += 1;
        }
    }
    let band_label = |band: usize| match band {
        10 => "≥100".to_string(),
        _ => format!("{}–{}", band * 10, band * 10 + 10),
    };
    let rates = bars(
        rate_counts
            .into_iter()
            .enumerate()
            .map(|(band, count)| (format!("{}%", band_label(band)), count))
            .collect(),
        20,
    );
    let largest = grid.iter().flatten().copied().max().unwrap_or(0);
    let mut cells = Vec::new();
    for (score_band, columns) in grid.iter().enumerate() {
        for (rate_band, count) in columns.iter().enumerate() {
            if *count == 0 {
                continue;
            }
            cells.push(GridCell {
                x: rate_band * 20,
                y: (10 - score_band) * 20,
                count: *count,
                shade: 1 + (count * 3) / largest.max(1),
            });
        }
    }
    let axis = |step: usize| -> Vec<Bar> {
        (0..=10)
            .step_by(2)
            .map(|band| Bar {
                label: (band * 10).to_string(),
                count: 0,
                length: 0,
                position: band * step,
            })
            .collect()
    };
    Charts {
        grades: bars(grade_counts, 24),
        rates,
        grid: cells,
        grid_x: axis(20),
        grid_y: axis(20)
            .into_iter()
            .map(|bar| Bar {
                position: 220 - bar.position,
                ..bar
            })
            .collect(),
    }
}

impl IndexView {
    /// Every page of the index, first page first (the first page has the charts and the list
    /// of departments).
    pub(super) fn pages(entries: &[IndexEntry<'_>]) -> Vec<IndexView> {
        let rows = sorted_rows(entries);
        let forms = rows.len();
        let errors: usize = rows.iter().map(|row| row.errors).sum();
        let warnings: usize = rows.iter().map(|row| row.warnings).sum();
        let differing = rows.iter().filter(|row| row.total_differs).count();
        let set = |field: fn(&IndexRow) -> String| -> Vec<String> {
            rows.iter()
                .map(field)
                .filter(|value| !value.is_empty())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let mut years = set(|row| row.year.clone());
        years.reverse();
        let kinds = set(|row| row.kind.to_string());
        let grades: Vec<String> = ["优", "良", "中", "差"]
            .iter()
            .map(|grade| (*grade).to_string())
            .filter(|grade| rows.iter().any(|row| &row.grade == grade))
            .collect();
        let page_count = forms.div_ceil(ROWS_PER_PAGE).max(1);
        // Groups, numbered over the whole index; a group may continue on the next page.
        let mut departments: Vec<DepartmentLink> = Vec::new();
        let mut pages: Vec<Vec<Group>> = vec![Vec::new(); page_count];
        for (position, row) in rows.into_iter().enumerate() {
            let page = position / ROWS_PER_PAGE;
            let new_department = departments
                .last()
                .is_none_or(|last| last.department != row.department);
            if new_department {
                departments.push(DepartmentLink {
                    department: row.department.clone(),
                    forms: 0,
                    warnings: 0,
                    href: format!("{}#g{}", index_page_name(page + 1), departments.len() + 1),
                });
            }
            let number = departments.len();
            let link = departments.last_mut().expect("pushed above");
            link.forms += 1;
            link.warnings += row.warnings;
            let groups = &mut pages[page];
            if groups
                .last()
                .is_none_or(|group| group.department != row.department)
            {
                groups.push(Group {
                    department: row.department.clone(),
                    anchor: format!("g{number}"),
                    forms: 0,
                    rows: Vec::new(),
                });
            }
            groups.last_mut().expect("pushed above").rows.push(row);
        }
        for groups in &mut pages {
            for group in groups.iter_mut() {
                group.forms = departments
                    .iter()
                    .find(|link| link.department == group.department)
                    .map_or(0, |link| link.forms);
            }
        }
        let charts = charts(entries);
        pages
            .into_iter()
            .enumerate()
            .map(|(index, groups)| IndexView {
                rows: groups.iter().flat_map(|group| group.rows.clone()).collect(),
                groups,
                forms,
                errors,
                warnings,
                differing,
                departments: if index == 0 {
                    departments.clone()
                } else {
                    Vec::new()
                },
                department_count: departments.len(),
                years: years.clone(),
                kinds: kinds.clone(),
                grades: grades.clone(),
                pages: if page_count > 1 {
                    (1..=page_count)
                        .map(|number| PageLink {
                            number,
                            href: index_page_name(number),
                            current: number == index + 1,
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                page: index + 1,
                charts: charts.clone(),
            })
            .collect()
    }
}

/// One record of `index.json`.
#[derive(Debug, Serialize)]
struct IndexRecord<'a> {
    name: &'a str,
    /// The title the form states (`表名`), else the official one.
    title: String,
    kind: FormKind,
    year: Option<u16>,
    supervising_department: Option<&'a str>,
    /// The source file, relative to the workspace.
    source: Option<&'a str>,
    /// The HTML page, relative to the index; null when none was written.
    page: Option<&'a str>,
    /// The JSON document, relative to the index; null when none was written.
    json: Option<&'a str>,
    #[serde(serialize_with = "whole")]
    execution_rate: &'a Checked<Number>,
    #[serde(serialize_with = "whole")]
    total: &'a Checked<Number>,
    #[serde(serialize_with = "whole")]
    grade: &'a Checked<String>,
    errors: usize,
    warnings: usize,
}

/// A checked value with all three members, null or not: `index.json` keeps its own schema
/// (`jixiao-index/1`), where the form's `jixiao/2` document omits the null ones.
fn whole<T: Serialize, S: serde::Serializer>(
    checked: &&Checked<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut state = serializer.serialize_struct("Checked", 3)?;
    state.serialize_field("declared", &checked.declared)?;
    state.serialize_field("computed", &checked.computed)?;
    state.serialize_field("agrees", &checked.agrees)?;
    state.end()
}

/// The document `index.json`.
#[derive(Debug, Serialize)]
struct IndexDocument<'a> {
    schema: &'static str,
    forms: Vec<IndexRecord<'a>>,
}

/// `index.json`: one summary record per form, in the order given, pretty-printed, HTML-safe.
pub fn index_json(entries: &[IndexEntry<'_>]) -> String {
    let forms = entries
        .iter()
        .map(|entry| {
            let evaluation = entry.evaluation;
            let errors = evaluation
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            IndexRecord {
                name: &evaluation.name,
                title: super::form::form_title(evaluation),
                kind: evaluation.kind,
                year: evaluation.year,
                supervising_department: evaluation.header.supervising_department.as_deref(),
                source: entry.source,
                page: entry.page,
                json: entry.json,
                execution_rate: &evaluation.budget.execution_rate,
                total: &evaluation.total,
                grade: &evaluation.grade,
                errors,
                warnings: evaluation.diagnostics.len() - errors,
            }
        })
        .collect();
    let document = IndexDocument {
        schema: "jixiao-index/1",
        forms,
    };
    let mut text = crate::render::json::serialize_html_safe(&document, true);
    text.push('\n');
    text
}

/// Percent-encodes a relative path for an `href` (keeps `/` and unreserved ASCII).
pub(super) fn encode_href(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~' | b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_percent_encoded() {
        assert_eq!(
            encode_href("a b/部门.html"),
            "a%20b/%E9%83%A8%E9%97%A8.html"
        );
        assert_eq!(encode_href("x\"<&.html"), "x%22%3C%26.html");
    }

    #[test]
    fn bands_compare_exact_decimals() {
        let number = |text: &str| Number(text.parse().expect("decimal"));
        assert_eq!(band(number("0")), 0);
        assert_eq!(band(number("9.99")), 0);
        assert_eq!(band(number("10")), 1);
        assert_eq!(band(number("99.99")), 9);
        assert_eq!(band(number("100")), 10);
        assert_eq!(band(number("104.5")), 10);
    }

    #[test]
    fn page_names() {
        assert_eq!(index_page_name(1), "index.html");
        assert_eq!(index_page_name(3), "index.p3.html");
    }
}
