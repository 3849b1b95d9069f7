//! The view of one form page: every value cell with its `data-fact`, the footnotes that explain
//! each disagreement, and the budget, goals and indicator tables, all numbers already strings.

use crate::model::Severity;
use crate::model::{Checked, DiagnosticRecord, Evaluation, Indicator, Number};
use crate::model::{FormKind, FundSource, MoneyUnit, Nature};
use crate::render::json::to_json;
use serde::Serialize;

/// One value cell of the page.
#[derive(Debug, Clone, Default, Serialize)]
struct Cell {
    /// What the cell shows (the computed value when there is one).
    text: String,
    /// `data-fact` path into the embedded JSON; empty for none.
    fact: String,
    /// `true` when declared and computed disagree: the cell is marked.
    marked: bool,
    /// The declared value as written, shown beside a marked cell.
    declared: String,
    /// Footnote number of a marked cell (1-based), 0 otherwise.
    note: usize,
    /// Review page only: why the value cannot be right (a total over 100, a score over its
    /// weight); empty otherwise.
    impossible: String,
}

impl Cell {
    fn plain(text: impl Into<String>, fact: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            fact: fact.into(),
            ..Cell::default()
        }
    }
}

/// A footnote on a marked cell.
#[derive(Debug, Clone, Serialize)]
struct Footnote {
    /// 1-based.
    number: usize,
    /// What the cell is, e.g. `自评总得分`.
    subject: String,
    /// `data-fact` path of the cell.
    fact: String,
    /// The declared value as written (with its unit sign).
    declared: String,
    /// The computed value (with its unit sign).
    computed: String,
    /// The diagnostic's code, if one was found.
    code: String,
    /// The diagnostic's message.
    message: String,
    /// Formulas and both sides (the diagnostic's notes, else the indicator's rule).
    formulas: Vec<String>,
    /// The rule's source.
    source: String,
}

/// Builds footnotes in document order and finds the diagnostic that explains each.
struct Notes<'a> {
    /// The review page marks disagreements; the public page shows what the form declared.
    review: bool,
    diagnostics: &'a [DiagnosticRecord],
    used: Vec<bool>,
    footnotes: Vec<Footnote>,
}

/// What a footnote says of a disagreement; the diagnostic is found by its fact.
struct Explain {
    subject: String,
    /// Formula to show when no diagnostic is found.
    fallback: Option<String>,
}

impl<'a> Notes<'a> {
    fn new(diagnostics: &'a [DiagnosticRecord], review: bool) -> Self {
        Notes {
            review,
            diagnostics,
            used: vec![false; diagnostics.len()],
            footnotes: Vec::new(),
        }
    }

    /// A cell for a checked number. On the public page: the declared value when the form
    /// declares one, else the computed one, never marked. On the review page: the computed
    /// value when there is one, else the declared; a disagreement marks the cell and adds (or
    /// reuses, for the same fact) a footnote.
    fn number(
        &mut self,
        checked: &Checked<Number>,
        fact: &str,
        suffix: &str,
        explain: impl FnOnce() -> Explain,
    ) -> Cell {
        let shown = if self.review {
            checked.computed.or(checked.declared)
        } else {
            checked.declared.or(checked.computed)
        };
        let text = shown.map_or_else(String::new, |value| format!("{value}{suffix}"));
        let mut cell = Cell::plain(text, fact);
        if self.review && checked.disagrees() {
            let declared = checked
                .declared
                .map_or_else(String::new, |value| format!("{value}{suffix}"));
            self.mark(&mut cell, declared, explain());
        }
        cell
    }

    /// A cell for a checked word (the grade).
    fn word(&mut self, checked: &Checked<String>, fact: &str, explain: Explain) -> Cell {
        let shown = if self.review {
            checked.computed.as_ref().or(checked.declared.as_ref())
        } else {
            checked.declared.as_ref().or(checked.computed.as_ref())
        };
        let mut cell = Cell::plain(shown.cloned().unwrap_or_default(), fact);
        if self.review && checked.disagrees() {
            let declared = checked.declared.clone().unwrap_or_default();
            self.mark(&mut cell, declared, explain);
        }
        cell
    }

    fn mark(&mut self, cell: &mut Cell, declared: String, explain: Explain) {
        cell.marked = true;
        cell.declared = declared.clone();
        if let Some(existing) = self
            .footnotes
            .iter()
            .find(|footnote| footnote.fact == cell.fact)
        {
            cell.note = existing.number;
            return;
        }
        let number = self.footnotes.len() + 1;
        cell.note = number;
        // The diagnostic that names this cell's fact (or a prefix of it: `budget.total` for
        // `budget.total.executed`): the check that found the disagreement names the fact, so no
        // message text or code is matched (messages change with `--lang`).
        let names_fact = |d: &DiagnosticRecord| {
            d.fact.as_deref().is_some_and(|fact| {
                cell.fact == fact
                    || cell
                        .fact
                        .strip_prefix(fact)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        };
        let by_fact = self
            .diagnostics
            .iter()
            .enumerate()
            .position(|(index, d)| !self.used[index] && names_fact(d));
        let found = by_fact;
        let mut footnote = Footnote {
            number,
            subject: explain.subject,
            fact: cell.fact.clone(),
            declared,
            computed: cell.text.clone(),
            code: String::new(),
            message: String::new(),
            formulas: Vec::new(),
            source: String::new(),
        };
        match found {
            Some(index) => {
                self.used[index] = true;
                let diagnostic = &self.diagnostics[index];
                footnote.code = diagnostic.code.clone();
                footnote.message = plain(&diagnostic.message);
                footnote.formulas = diagnostic.notes.iter().map(|note| plain(note)).collect();
                footnote.source = plain_source(&diagnostic.source);
            }
            None => footnote.formulas.extend(explain.fallback),
        }
        self.footnotes.push(footnote);
    }
}

/// A diagnostic's text in plain language for the review page: `x` quoted as 「x」, and no
/// pointers into jixiao's own documentation (`（docs/LANGUAGE.md §12）`, `（jixiao explain W0403）`).
pub(super) fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open = true;
    for character in text.chars() {
        if character == '`' {
            out.push(if open { '「' } else { '」' });
            open = !open;
        } else {
            out.push(character);
        }
    }
    // Drop every full-width parenthesised group that points into the tool.
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(start) = rest.find('（') {
        let Some(length) = rest[start..].find('）') else {
            break;
        };
        let group = &rest[start..start + length + '）'.len_utf8()];
        result.push_str(&rest[..start]);
        if !(group.contains("docs/") || group.contains(".md") || group.contains("jixiao")) {
            result.push_str(group);
        }
        rest = &rest[start + group.len()..];
    }
    result.push_str(rest);
    result.trim().to_string()
}

/// A rule's source in plain language: the official documents it cites, without jixiao's own
/// rule numbers and documentation paths.
fn plain_source(source: &str) -> String {
    let source = plain(source);
    let source = source.strip_prefix("依据：").unwrap_or(&source);
    source
        .split('；')
        .filter(|part| !part.contains("jixiao") && !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join("；")
}

/// A label and its value in the header block.
#[derive(Debug, Clone, Serialize)]
struct HeaderItem {
    label: String,
    value: Cell,
}

/// The budget block.
#[derive(Debug, Clone, Serialize)]
struct BudgetView {
    /// `项目资金（万元）` or `全年预算执行情况（万元）`.
    label: String,
    /// Rows of the block, header row included (for the label's rowspan).
    rowspan: usize,
    rows: Vec<BudgetRowView>,
    /// Rows the weight/rate/score cells span.
    fund_rows: usize,
    weight: Cell,
    execution_rate: Cell,
    execution_score: Cell,
    /// 原因: why the execution rate is what it is, as written; empty for none.
    reason: String,
}

/// One fund row.
#[derive(Debug, Clone, Serialize)]
struct BudgetRowView {
    label: String,
    amounts: Vec<Cell>,
}

/// The goals block.
#[derive(Debug, Clone, Serialize)]
struct GoalsView {
    rowspan: usize,
    items: Vec<GoalView>,
}

/// One goal row.
#[derive(Debug, Clone, Serialize)]
struct GoalView {
    planned: String,
    achieved: String,
}

/// The indicator table.
#[derive(Debug, Clone, Serialize)]
struct IndicatorTable {
    /// Body rows beside the `绩效指标` label (its header cell repeats on each printed page):
    /// indicators and subtotal.
    rowspan: usize,
    show_unit: bool,
    show_nature: bool,
    show_coefficient: bool,
    show_core: bool,
    rows: Vec<IndicatorRow>,
    /// Columns the `绩效指标总分` label spans (一级指标 … 实际完成值).
    subtotal_label_span: usize,
    subtotal_weight: Cell,
    subtotal_score: Cell,
}

/// A merged category cell (level 1 or 2) on the first row of its group.
#[derive(Debug, Clone, Serialize)]
struct GroupCell {
    name: String,
    rowspan: usize,
    /// The category's declared weight/score disagreements, if any (marked).
    weight: Cell,
    score: Cell,
}

/// One indicator row.
#[derive(Debug, Clone, Serialize)]
struct IndicatorRow {
    /// 0-based index in `indicators` (the `data-fact` index).
    index: usize,
    /// Present on the first row of a level-1 group.
    level1: Option<GroupCell>,
    /// Present on the first row of a level-2 group.
    level2: Option<GroupCell>,
    name: String,
    unit: String,
    nature: &'static str,
    target: Cell,
    actual: Cell,
    weight: Cell,
    coefficient: Cell,
    score: Cell,
    deviation_note: String,
    core: bool,
}

/// The final row: 自评总得分 and 评价等级.
#[derive(Debug, Clone, Serialize)]
struct TotalView {
    total: Cell,
    grade: Cell,
    /// Whether the row shows 评价等级: always on the review page, on the public page only
    /// when the form files one.
    show_grade: bool,
}

/// One diagnostic listed under the table.
#[derive(Debug, Clone, Serialize)]
struct DiagnosticView {
    code: String,
    /// `error` or `warning` (for the class).
    severity: &'static str,
    /// `错误` or `警告`.
    severity_label: &'static str,
    /// `第 10 行第 11 列`.
    location: String,
    message: String,
    help: String,
    notes: Vec<String>,
    source: String,
}

/// Everything `form.html` reads, as `form`.
#[derive(Debug, Clone, Serialize)]
pub(super) struct FormView {
    /// `project` or `department`.
    kind: &'static str,
    /// `public` (the form as filed) or `review` (computed beside declared, for the bureau).
    audience: &'static str,
    /// `true` on the review page.
    review: bool,
    /// The title the form states (`表名`), else the official one (项目支出绩效自评表 /
    /// 部门整体支出绩效自评表).
    title: String,
    /// `（2021年度）`, or empty when the year is unknown.
    year_label: String,
    /// `2021` or empty.
    year: String,
    /// 项目名称 / 部门名称.
    name_label: &'static str,
    name: String,
    /// The header block, two label/value pairs a row (the last row may hold one).
    header: Vec<Vec<HeaderItem>>,
    budget: BudgetView,
    goals: GoalsView,
    indicators: IndicatorTable,
    total: TotalView,
    footnotes: Vec<Footnote>,
    diagnostics: Vec<DiagnosticView>,
    errors: usize,
    warnings: usize,
    /// 填报单位（盖章）, 单位负责人, 填表人, 联系电话, 填报日期.
    sign_off: Vec<SignOff>,
    /// Links to the index, the JSON, the previous year's page and the diff.
    links: LinksView,
    /// The `jixiao/1` JSON document, HTML-safe (no `<`, `>`, `&`).
    json: String,
}

fn unit_label(unit: MoneyUnit) -> &'static str {
    match unit {
        MoneyUnit::TenThousandYuan => "万元",
        MoneyUnit::Yuan => "元",
    }
}

/// The row label as written; for an unlabelled row, the official word for its source (the
/// first word the language accepts for it, e.g. `合计`, `财政拨款`).
fn fund_label(label: &str, source: Option<FundSource>) -> String {
    if !label.trim().is_empty() {
        return label.to_string();
    }
    if source == Some(FundSource::Total) {
        return "年度资金总额".to_string();
    }
    source.map_or_else(String::new, |source| source.official_label().to_string())
}

pub(super) fn optional_number(value: Option<Number>) -> String {
    value.map_or_else(String::new, |value| value.to_string())
}

/// The header fields that the sign-off block or the title show (not repeated in the header).
const SIGN_OFF_KEYS: &[&str] = &[
    "表名",
    "表格名称",
    "填报单位",
    "单位负责人",
    "填表人",
    "填报人",
    "填报日期",
];

/// The value of an extra header field named by one of `keys`, if written.
fn extra<'e>(evaluation: &'e Evaluation, keys: &[&str]) -> Option<&'e str> {
    keys.iter().find_map(|key| {
        evaluation
            .header
            .extra
            .iter()
            .find(|field| field.key == *key && !field.value.trim().is_empty())
            .map(|field| field.value.as_str())
    })
}

/// Where the page links to, relative to the page (`/`-separated, percent-encoded); empty for
/// none.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct LinksView {
    pub(super) index: String,
    pub(super) json: String,
    pub(super) previous: String,
    pub(super) previous_label: String,
    pub(super) diff: String,
}

impl FormView {
    pub(super) fn new(evaluation: &Evaluation, review: bool, links: LinksView) -> FormView {
        let mut notes = Notes::new(&evaluation.diagnostics, review);
        let indicators = &evaluation.indicators;
        let show_unit = indicators.iter().any(|indicator| indicator.unit.is_some());
        // The model does not record whether 定量/定性 was written; the project forms print the
        // column, the department forms do not (seed 000).
        let show_nature = evaluation.kind == FormKind::Project;
        let show_coefficient = true;
        let show_core = indicators.iter().any(|indicator| indicator.core);

        let total_explain = || Explain {
            subject: "自评总得分".to_string(),
            fallback: Some("自评总得分 = 执行率得分 + 各指标得分".to_string()),
        };

        // Header block: pairs of (label, value), two pairs a row.
        let mut items: Vec<(&'static str, Cell)> = Vec::new();
        let name_label = match evaluation.kind {
            FormKind::Project => "项目名称",
            FormKind::Department => "部门名称",
        };
        items.push((name_label, Cell::plain(evaluation.name.clone(), "name")));
        let header = &evaluation.header;
        if let Some(value) = &header.supervising_department {
            items.push((
                "主管部门",
                Cell::plain(value.clone(), "header.supervising_department"),
            ));
        }
        if let Some(value) = &header.implementing_unit {
            items.push((
                "实施单位",
                Cell::plain(value.clone(), "header.implementing_unit"),
            ));
        }
        let mut total_cell = notes.number(&evaluation.total, "total", "", total_explain);
        mark_over_hundred(&mut total_cell, &evaluation.total, review);
        items.push(("自评总得分", total_cell));
        let mut pending: Vec<HeaderItem> = items
            .into_iter()
            .map(|(label, value)| HeaderItem {
                label: label.to_string(),
                value,
            })
            .collect();
        for (index, field) in header.extra.iter().enumerate() {
            if SIGN_OFF_KEYS.contains(&field.key.as_str()) {
                continue;
            }
            pending.push(HeaderItem {
                label: field.key.clone(),
                value: Cell::plain(field.value.clone(), format!("header.extra.{index}.value")),
            });
        }
        let header_rows: Vec<Vec<HeaderItem>> =
            pending.chunks(2).map(<[HeaderItem]>::to_vec).collect();

        // Sign-off block: what the header states, else a blank line to sign on.
        let unit = extra(evaluation, &["填报单位"])
            .or(match evaluation.kind {
                FormKind::Department => Some(evaluation.name.as_str()),
                FormKind::Project => header.implementing_unit.as_deref(),
            })
            .unwrap_or_default();
        let sign_off = vec![
            SignOff::new("填报单位（盖章）", unit),
            SignOff::new(
                "单位负责人",
                extra(evaluation, &["单位负责人"]).unwrap_or_default(),
            ),
            SignOff::new(
                "填表人",
                extra(evaluation, &["填表人", "填报人"])
                    .or(header.contact_person.as_deref())
                    .unwrap_or_default(),
            ),
            SignOff::new(
                "联系电话",
                header.contact_phone.as_deref().unwrap_or_default(),
            ),
            SignOff::new(
                "填报日期",
                extra(evaluation, &["填报日期"]).unwrap_or_default(),
            ),
        ];

        let budget = budget_view(evaluation, &mut notes);
        let goals = goals_view(evaluation);
        let indicator_table = indicator_table(
            evaluation,
            &mut notes,
            show_unit,
            show_nature,
            show_coefficient,
            show_core,
        );
        let grade = notes.word(
            &evaluation.grade,
            "grade",
            Explain {
                subject: "评价等级".to_string(),
                fallback: Some("优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60".to_string()),
            },
        );
        let mut total = notes.number(&evaluation.total, "total", "", total_explain);
        mark_over_hundred(&mut total, &evaluation.total, review);

        let diagnostics: Vec<DiagnosticView> = if review {
            evaluation
                .diagnostics
                .iter()
                .map(|diagnostic| {
                    let (severity, severity_label) = match diagnostic.severity {
                        Severity::Error => ("error", "错误"),
                        Severity::Warning => ("warning", "提示"),
                    };
                    DiagnosticView {
                        code: diagnostic.code.clone(),
                        severity,
                        severity_label,
                        location: format!("第 {} 行第 {} 列", diagnostic.line, diagnostic.column),
                        message: plain(&diagnostic.message),
                        // The help says how to fix the `.jx` text: not for the bureau.
                        help: String::new(),
                        notes: diagnostic
                            .notes
                            .iter()
                            .map(|note| plain(note))
                            .filter(|note| !note.is_empty())
                            .collect(),
                        source: plain_source(&diagnostic.source),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let errors = diagnostics
            .iter()
            .filter(|view| view.severity == "error")
            .count();
        let title = extra(evaluation, &["表名", "表格名称"])
            .map_or_else(|| evaluation.kind.title().to_string(), str::to_string);
        FormView {
            kind: match evaluation.kind {
                FormKind::Project => "project",
                FormKind::Department => "department",
            },
            audience: if review { "review" } else { "public" },
            review,
            title,
            year_label: evaluation
                .year
                .map_or_else(String::new, |year| format!("（{year}年度）")),
            year: evaluation
                .year
                .map_or_else(String::new, |year| year.to_string()),
            name_label,
            name: evaluation.name.clone(),
            header: header_rows,
            budget,
            goals,
            indicators: indicator_table,
            total: TotalView {
                total,
                grade,
                // A disclosure shows no 评价等级 the unit did not file.
                show_grade: review || evaluation.grade.declared.is_some(),
            },
            footnotes: notes.footnotes,
            warnings: diagnostics.len() - errors,
            errors,
            diagnostics,
            sign_off,
            links,
            json: to_json(evaluation),
        }
    }
}

/// Review page: a total over 100 points cannot be right; the cell says so.
fn mark_over_hundred(cell: &mut Cell, total: &Checked<Number>, review: bool) {
    let hundred = Number(rust_decimal::Decimal::ONE_HUNDRED);
    let over = [total.declared, total.computed]
        .into_iter()
        .flatten()
        .any(|value| value > hundred);
    if review && over {
        cell.impossible = "总分超过 100 分".to_string();
    }
}

/// One line of the sign-off block; an empty value prints a line to sign on.
#[derive(Debug, Clone, Serialize)]
struct SignOff {
    label: &'static str,
    value: String,
}

impl SignOff {
    fn new(label: &'static str, value: &str) -> SignOff {
        SignOff {
            label,
            value: value.trim().to_string(),
        }
    }
}

fn budget_view(evaluation: &Evaluation, notes: &mut Notes<'_>) -> BudgetView {
    let budget = &evaluation.budget;
    let unit = unit_label(budget.unit);
    let label = match evaluation.kind {
        FormKind::Project => format!("项目资金（{unit}）"),
        FormKind::Department => format!("全年预算执行情况（{unit}）"),
    };
    const COLUMNS: [(&str, &str); 3] = [
        ("initial_budget", "年初预算数"),
        ("adjusted_budget", "全年预算数"),
        ("executed", "全年执行数"),
    ];
    let totals = [
        &budget.total.initial_budget,
        &budget.total.adjusted_budget,
        &budget.total.executed,
    ];
    let total_row = |notes: &mut Notes<'_>, label: String| BudgetRowView {
        label,
        amounts: COLUMNS
            .iter()
            .zip(totals)
            .map(|((key, column), checked)| {
                notes.number(checked, &format!("budget.total.{key}"), "", || Explain {
                    subject: format!("资金合计（{column}）"),
                    fallback: Some(format!("合计 = 各资金来源的{column}之和")),
                })
            })
            .collect(),
    };
    let mut rows = Vec::new();
    let has_total_row = budget
        .rows
        .iter()
        .any(|row| row.source == Some(FundSource::Total));
    for (index, row) in budget.rows.iter().enumerate() {
        let label = fund_label(&row.label, row.source);
        if row.source == Some(FundSource::Total) {
            rows.push(total_row(notes, label));
            continue;
        }
        let values = [row.initial_budget, row.adjusted_budget, row.executed];
        rows.push(BudgetRowView {
            label,
            amounts: COLUMNS
                .iter()
                .zip(values)
                .map(|((key, _), value)| {
                    Cell::plain(optional_number(value), format!("budget.rows.{index}.{key}"))
                })
                .collect(),
        });
    }
    if !has_total_row && budget.rows.len() > 1 {
        rows.insert(0, total_row(notes, "合计".to_string()));
    }
    if rows.is_empty() {
        rows.push(total_row(notes, String::new()));
    }
    let weight = Cell::plain(budget.weight.to_string(), "budget.weight");
    let rate_explain = || Explain {
        subject: "执行率".to_string(),
        fallback: Some("执行率 = 全年执行数 ÷ 全年预算数".to_string()),
    };
    let execution_rate = notes.number(
        &budget.execution_rate,
        "budget.execution_rate",
        "%",
        rate_explain,
    );
    let execution_score = notes.number(
        &budget.execution_score,
        "budget.execution_score",
        "",
        || Explain {
            subject: "执行率得分".to_string(),
            fallback: Some("执行率得分 = 分值 × min(执行率, 100%)".to_string()),
        },
    );
    BudgetView {
        label,
        rowspan: rows.len() + 1 + usize::from(budget.reason.is_some()),
        fund_rows: rows.len(),
        rows,
        weight,
        execution_rate,
        execution_score,
        reason: budget.reason.clone().unwrap_or_default(),
    }
}

fn goals_view(evaluation: &Evaluation) -> GoalsView {
    let mut items: Vec<GoalView> = evaluation
        .goals
        .iter()
        .map(|goal| GoalView {
            planned: goal.planned.clone().unwrap_or_default(),
            achieved: goal.achieved.clone().unwrap_or_default(),
        })
        .collect();
    if items.is_empty() {
        items.push(GoalView {
            planned: String::new(),
            achieved: String::new(),
        });
    }
    GoalsView {
        rowspan: items.len() + 1,
        items,
    }
}

/// The group key of an indicator at a level: the category path up to that level.
fn group_key(indicator: &Indicator, level: u8) -> (Option<&str>, Option<&str>) {
    match level {
        1 => (indicator.level1.as_deref(), None),
        _ => (indicator.level1.as_deref(), indicator.level2.as_deref()),
    }
}

fn indicator_table(
    evaluation: &Evaluation,
    notes: &mut Notes<'_>,
    show_unit: bool,
    show_nature: bool,
    show_coefficient: bool,
    show_core: bool,
) -> IndicatorTable {
    let indicators = &evaluation.indicators;
    let mut rows = Vec::new();
    for (index, indicator) in indicators.iter().enumerate() {
        let mut cells = [None, None];
        for level in [1u8, 2] {
            let key = group_key(indicator, level);
            let starts = index == 0 || group_key(&indicators[index - 1], level) != key;
            if !starts {
                continue;
            }
            let rowspan = indicators[index..]
                .iter()
                .take_while(|other| group_key(other, level) == key)
                .count();
            let name = match level {
                1 => indicator.level1.clone(),
                _ => indicator.level2.clone(),
            }
            .unwrap_or_default();
            let path = match key {
                (Some(level1), Some(level2)) => format!("{level1}/{level2}"),
                (Some(level1), None) => level1.to_string(),
                (None, Some(level2)) => level2.to_string(),
                (None, None) => String::new(),
            };
            let category = evaluation
                .categories
                .iter()
                .enumerate()
                .find(|(_, category)| category.level == level && category.path == path);
            let (weight, score) = match category {
                Some((position, category)) if !path.is_empty() => {
                    let weight = notes.number(
                        &category.weight,
                        &format!("categories.{position}.weight"),
                        "",
                        || Explain {
                            subject: format!("「{}」分值", category.name),
                            fallback: Some("类别分值 = 其下各指标分值之和".to_string()),
                        },
                    );
                    let score = notes.number(
                        &category.score,
                        &format!("categories.{position}.score"),
                        "",
                        || Explain {
                            subject: format!("「{}」得分", category.name),
                            fallback: Some("类别得分 = 其下各指标得分之和".to_string()),
                        },
                    );
                    (weight, score)
                }
                _ => (Cell::default(), Cell::default()),
            };
            cells[usize::from(level - 1)] = Some(GroupCell {
                name,
                rowspan,
                weight,
                score,
            });
        }
        let [level1, level2] = cells;
        let fallback = indicator.rule.description().zh;
        let fact = |field: &str| format!("indicators.{index}.{field}");
        let coefficient = notes.number(&indicator.coefficient, &fact("coefficient"), "%", || {
            Explain {
                subject: format!("指标「{}」得分系数", indicator.name),
                fallback: Some(fallback.clone()),
            }
        });
        let mut score = notes.number(&indicator.score, &fact("score"), "", || Explain {
            subject: format!("指标「{}」得分", indicator.name),
            fallback: Some(fallback.clone()),
        });
        if notes.review
            && [indicator.score.declared, indicator.score.computed]
                .into_iter()
                .flatten()
                .any(|score| score > indicator.weight)
        {
            score.impossible = "得分超过分值".to_string();
        }
        rows.push(IndicatorRow {
            index,
            level1,
            level2,
            name: indicator.name.clone(),
            unit: indicator.unit.clone().unwrap_or_default(),
            nature: match indicator.nature {
                Nature::Quantitative => "定量",
                Nature::Qualitative => "定性",
            },
            target: Cell::plain(
                indicator
                    .target
                    .as_ref()
                    .map_or_else(String::new, |target| target.text.clone()),
                fact("target"),
            ),
            actual: Cell::plain(
                indicator
                    .actual
                    .as_ref()
                    .map_or_else(String::new, |actual| actual.text.clone()),
                fact("actual"),
            ),
            weight: Cell::plain(indicator.weight.to_string(), fact("weight")),
            coefficient,
            score,
            deviation_note: indicator.deviation_note.clone().unwrap_or_default(),
            core: indicator.core,
        });
    }
    let subtotal = &evaluation.indicator_subtotal;
    let subtotal_weight = notes.number(&subtotal.weight, "indicator_subtotal.weight", "", || {
        Explain {
            subject: "绩效指标总分（分值）".to_string(),
            fallback: Some("绩效指标总分 = 各指标分值之和".to_string()),
        }
    });
    let subtotal_score = notes.number(&subtotal.score, "indicator_subtotal.score", "", || {
        Explain {
            subject: "绩效指标总分（得分）".to_string(),
            fallback: Some("绩效指标总分 = 各指标得分之和".to_string()),
        }
    });
    IndicatorTable {
        rowspan: rows.len() + 1,
        show_unit,
        show_nature,
        show_coefficient,
        show_core,
        rows,
        subtotal_label_span: 3 + usize::from(show_unit) + usize::from(show_nature) + 2,
        subtotal_weight,
        subtotal_score,
    }
}

// ---------------------------------------------------------------------------------------------
// The index.
// ---------------------------------------------------------------------------------------------
