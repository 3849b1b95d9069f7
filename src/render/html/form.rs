//! The view of one form page: every value cell with its `data-fact`, the footnotes that explain
//! each disagreement, and the budget, goals and indicator tables, all numbers already strings.

use super::templates::{Audience, PageOptions};
use crate::lang::Lang;
use crate::model::Severity;
use crate::model::{Checked, DiagnosticRecord, Evaluation, Indicator, Number};
use crate::model::{FormKind, FundSource, MoneyUnit, Nature};
use crate::policy::{Layout, Profile};
use serde::Serialize;

/// `zh` or `en` as `lang` asks: the review page's own words.
fn tr(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The page's own words around the form (the "chrome"): Chinese on the public page, the
/// review page's language on the review page. The form's labels are the layout's.
#[derive(Debug, Clone, Serialize)]
struct Chrome {
    /// `lang` of the page's text (`zh-CN` or `en`).
    lang: &'static str,
    nav: String,
    back: String,
    previous: String,
    diff: String,
    json: String,
    review_note: String,
    /// Before a declared value beside a marked cell (`填报`).
    declared: String,
    /// Before a computed value in a footnote (`计算`).
    computed: String,
    /// After a label (`：`).
    colon: String,
    /// Between clauses (`，`).
    comma: String,
    /// After a sentence (`。`).
    stop: String,
    notes_heading: String,
    /// Before a rule's source (`依据：`).
    source: String,
    /// Before a suggestion (`建议：`).
    suggestion: String,
    /// `审核意见：0 个错误，10 条提示`.
    findings_heading: String,
}

impl Chrome {
    fn new(lang: Lang, errors: usize, warnings: usize) -> Chrome {
        let t = |zh: &str, en: &str| tr(lang, zh, en);
        Chrome {
            lang: match lang {
                Lang::Zh => "zh-CN",
                Lang::En => "en",
            },
            nav: t("相关页面", "Related pages"),
            back: t("← 返回目录", "← Back to the index"),
            previous: t("上一年度", "Previous year"),
            diff: t("与上一年度比较", "Compare with the previous year"),
            json: t("数据（JSON）", "Data (JSON)"),
            review_note: t(
                "复核页（供财政部门审核，不对外公开）：表中为按规则计算的数值；与填报值不符之处以 ※ 标出并注明填报值，不可能的数值以红框标出。",
                "Review page (for the finance bureau, not for publication): the table shows the values computed under the rules; where a filed value differs, the cell is marked ※ and shows the filed value; impossible values are framed in red.",
            ),
            declared: t("填报", "filed"),
            computed: t("计算", "computed"),
            colon: t("：", ": "),
            comma: t("，", ", "),
            stop: t("。", ". "),
            notes_heading: t(
                "注：填报值与计算值不符之处（表中以 ※ 标出，显示计算值）",
                "Notes: where the filed value differs from the computed one (marked ※ in the table, which shows the computed value)",
            ),
            source: t("依据：", "Source: "),
            suggestion: t("建议：", "Suggestion: "),
            findings_heading: match lang {
                Lang::Zh => format!("审核意见：{errors} 个错误，{warnings} 条提示"),
                Lang::En => format!(
                    "Findings: {errors} error{}, {warnings} warning{}",
                    if errors == 1 { "" } else { "s" },
                    if warnings == 1 { "" } else { "s" }
                ),
            },
        }
    }
}

/// One value cell of the page.
///
/// Templates see it (as `cell`) through its own [`Serialize`]: `text`, `attributes` (the
/// whole attribute list of its `td`, already escaped and marked safe), `fact` (its `data-fact`
/// path; absent on a cell of an indicator row, whose row and column header make the path),
/// and only when they apply `marked` with `declared` and `note`, and `impossible`. A member
/// that does not apply is absent rather than empty: issue 19, the page's Tera context was a
/// fifth of its cost, and a cell of seven members is looked up by hashing where one of at most
/// six is scanned.
#[derive(Debug, Clone)]
struct Cell {
    /// What the cell shows (the computed value when there is one).
    text: String,
    /// `data-fact` path into the JSON; empty for none. Also what a footnote is found by.
    fact: String,
    /// `true` in an indicator row, where the cell writes no `data-fact`: the row's
    /// `data-indicator` and its column header's `data-field` make the path
    /// (`indicators.3.score`).
    in_row: bool,
    /// `true` when declared and computed disagree: the cell is marked.
    marked: bool,
    /// The declared value as written, shown beside a marked cell.
    declared: String,
    /// Footnote number of a marked cell (1-based), 0 otherwise.
    note: usize,
    /// Review page only: why the value cannot be right (a total over 100, a score over its
    /// weight); empty otherwise.
    impossible: String,
    /// The cell's own class, before `mismatch` / `impossible`.
    class: CellClass,
    /// Columns and rows the cell spans (1 or 0: none).
    colspan: usize,
    rowspan: usize,
}

/// The class a value cell's `td` starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellClass {
    /// `num`: a number cell of the budget, indicator and total blocks.
    Number,
    /// `value`: a value of the header block.
    Value,
}

impl Default for Cell {
    fn default() -> Cell {
        Cell {
            text: String::new(),
            fact: String::new(),
            in_row: false,
            marked: false,
            declared: String::new(),
            note: 0,
            impossible: String::new(),
            class: CellClass::Number,
            colspan: 1,
            rowspan: 1,
        }
    }
}

impl Cell {
    fn plain(text: impl Into<String>, fact: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            fact: fact.into(),
            ..Cell::default()
        }
    }

    /// The cell as a cell of an indicator row (its path not written on it).
    fn in_row(self) -> Cell {
        Cell {
            in_row: true,
            ..self
        }
    }

    /// The attributes of the cell's `td`, each with its leading blank, in the order the
    /// templates wrote them: `class`, `colspan`, `rowspan`, `data-fact` (not in an indicator
    /// row), `data-declared` (marked cells). Values are escaped as Tera's autoescape escapes
    /// them ([`tera::escape_html`]), so the page is byte for byte what the template wrote.
    fn attributes(&self) -> std::borrow::Cow<'static, str> {
        let plain = !self.marked
            && self.impossible.is_empty()
            && self.colspan <= 1
            && self.rowspan <= 1
            && (self.fact.is_empty() || self.in_row);
        if plain {
            // Most cells (every cell of an indicator row on a public page).
            return std::borrow::Cow::Borrowed(match self.class {
                CellClass::Number => " class=\"num\"",
                CellClass::Value => " class=\"value\"",
            });
        }
        let mut html = String::with_capacity(48 + self.fact.len() + self.declared.len());
        html.push_str(" class=\"");
        html.push_str(match self.class {
            CellClass::Number => "num",
            CellClass::Value => "value",
        });
        if self.marked {
            html.push_str(" mismatch");
        }
        if !self.impossible.is_empty() {
            html.push_str(" impossible");
        }
        html.push('"');
        for (name, span) in [("colspan", self.colspan), ("rowspan", self.rowspan)] {
            if span > 1 {
                html.push(' ');
                html.push_str(name);
                html.push_str("=\"");
                html.push_str(&span.to_string());
                html.push('"');
            }
        }
        if !self.fact.is_empty() && !self.in_row {
            html.push_str(" data-fact=\"");
            escape_into(&mut html, &self.fact);
            html.push('"');
        }
        if self.marked {
            html.push_str(" data-declared=\"");
            escape_into(&mut html, &self.declared);
            html.push('"');
        }
        std::borrow::Cow::Owned(html)
    }
}

/// Appends `text` escaped for HTML with Tera's own escaping, the one its autoescape applies.
fn escape_into(html: &mut String, text: &str) {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        html.push_str(text);
        return;
    }
    let mut bytes = Vec::with_capacity(text.len());
    // Writing into a `Vec` cannot fail.
    let _ = tera::escape_html(text, &mut bytes);
    // Escaping UTF-8 text replaces ASCII bytes with ASCII entities: still UTF-8.
    html.push_str(&String::from_utf8_lossy(&bytes));
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut cell = serializer.serialize_struct("Cell", 7)?;
        cell.serialize_field("text", &self.text)?;
        // A safe string: Tera's serializer takes a `tera::Value` as it is, so the template
        // writes it unescaped without a `safe` filter.
        cell.serialize_field("attributes", &tera::Value::safe_string(&self.attributes()))?;
        if !self.in_row {
            cell.serialize_field("fact", &self.fact)?;
        }
        if self.marked {
            cell.serialize_field("marked", &true)?;
            cell.serialize_field("declared", &self.declared)?;
            cell.serialize_field("note", &self.note)?;
        }
        if !self.impossible.is_empty() {
            cell.serialize_field("impossible", &self.impossible)?;
        }
        cell.end()
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
    /// Language of the footnotes' own words.
    lang: Lang,
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
    fn new(diagnostics: &'a [DiagnosticRecord], review: bool, lang: Lang) -> Self {
        Notes {
            review,
            lang,
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
                footnote.message = plain(&diagnostic.message, self.lang);
                footnote.formulas = diagnostic
                    .notes
                    .iter()
                    .map(|note| plain(note, self.lang))
                    .collect();
                footnote.source = plain_source(&diagnostic.source, self.lang);
            }
            None => footnote.formulas.extend(explain.fallback),
        }
        self.footnotes.push(footnote);
    }
}

/// A diagnostic's text in plain language for the review page: `x` quoted as 「x」 (“x” in
/// English), and no pointers into jixiao's own documentation (`（docs/LANGUAGE.md §12）`,
/// `(jixiao explain W0403)`).
pub(super) fn plain(text: &str, lang: Lang) -> String {
    let (open_quote, close_quote) = match lang {
        Lang::Zh => ('「', '」'),
        Lang::En => ('“', '”'),
    };
    let mut out = String::with_capacity(text.len());
    let mut open = true;
    for character in text.chars() {
        if character == '`' {
            out.push(if open { open_quote } else { close_quote });
            open = !open;
        } else {
            out.push(character);
        }
    }
    // Drop every parenthesised group (full-width or ASCII) that points into the tool.
    for (left, right) in [('（', '）'), ('(', ')')] {
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(start) = rest.find(left) {
            let Some(length) = rest[start..].find(right) else {
                break;
            };
            let group = &rest[start..start + length + right.len_utf8()];
            let points_into_tool =
                group.contains("docs/") || group.contains(".md") || group.contains("jixiao");
            if points_into_tool {
                // The blank before an ASCII group goes with it.
                result.push_str(rest[..start].trim_end_matches(' '));
            } else {
                result.push_str(&rest[..start]);
                result.push_str(group);
            }
            rest = &rest[start + group.len()..];
        }
        result.push_str(rest);
        out = result;
    }
    out.trim().to_string()
}

/// A rule's source in plain language: the official documents it cites, without jixiao's own
/// rule numbers and documentation paths.
fn plain_source(source: &str, lang: Lang) -> String {
    let source = plain(source, lang);
    let source = ["依据：", "source: ", "Source: "]
        .iter()
        .find_map(|prefix| source.strip_prefix(prefix))
        .unwrap_or(&source);
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
    /// The fund-source sub-columns under each amount column (总数 / 其中：财政资金) when the
    /// layout prints them and they cover every fund row of the form; empty: one row per fund
    /// source.
    sub_columns: Vec<String>,
    /// Columns the 偏差原因 text spans.
    reason_span: usize,
    /// Columns of the amounts (3 × sub-columns, or 3).
    amount_columns: usize,
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
pub(super) struct FormView<'d> {
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
    /// The column headers of the form's template (its profile's layout, with a workspace's
    /// `[settings.layout]`), e.g. `form.labels.weight` = `分值` or `权重分值`.
    labels: Layout,
    /// The page's own words (Chinese, or the review page's language).
    t: Chrome,
    /// Review page: the findings show their `.jx` position.
    positions: bool,
    /// The `jixiao/2` JSON document, compact and HTML-safe (no `<`, `>`, `&`): borrowed, so
    /// that `build` serialises it once for the page and its `.json` file. Empty for a page of
    /// the built-in templates that links its `.json` instead of embedding it.
    json: &'d str,
    /// The page embeds the document (no `.json` is written beside it); else it links the file.
    embed: bool,
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

/// The title a form states (`表名 "…"`, as an imported form keeps the one it was filed under),
/// if it states one.
pub(super) fn stated_title(evaluation: &Evaluation) -> Option<&str> {
    extra(evaluation, &["表名", "表格名称"]).map(str::trim)
}

/// The form's title: the one it states, else the official one (项目支出绩效自评表 / 部门整体支出
/// 绩效自评表).
pub(super) fn form_title(evaluation: &Evaluation) -> String {
    stated_title(evaluation).map_or_else(|| evaluation.kind.title().to_string(), str::to_string)
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

impl<'d> FormView<'d> {
    /// The view of `evaluation`'s page; `json` is its [`crate::render::json::to_json_compact`]
    /// document, which the page embeds when `embed`.
    pub(super) fn new(
        evaluation: &Evaluation,
        options: &PageOptions,
        links: LinksView,
        json: &'d str,
        embed: bool,
    ) -> FormView<'d> {
        let review = options.audience == Audience::Review;
        // The public page is the form as filed: Chinese whatever the run's language.
        let lang = if review { options.lang } else { Lang::Zh };
        // The layout of the form's profile (an unknown name cannot reach here: it is an error
        // and no page is written), with the workspace's layout settings, which were checked
        // when `jixiao.toml` was read.
        let profile_layout = Profile::builtin(&evaluation.profile)
            .map(|profile| profile.layout)
            .unwrap_or_default();
        let layout = match &options.layout {
            Some(settings) => profile_layout
                .clone()
                .with_settings(settings)
                .unwrap_or(profile_layout),
            None => profile_layout,
        };
        let mut notes = Notes::new(&evaluation.diagnostics, review, lang);
        let indicators = &evaluation.indicators;
        let show_unit = indicators.iter().any(|indicator| indicator.unit.is_some());
        // The model does not record whether 定量/定性 was written; the project forms print the
        // column, the department forms do not (seed 000).
        let show_nature = evaluation.kind == FormKind::Project;
        let show_coefficient = true;
        let show_core = indicators.iter().any(|indicator| indicator.core);

        let total_explain = || Explain {
            subject: tr(lang, "自评总得分", "total score (自评总得分)"),
            fallback: Some(match lang {
                Lang::Zh => format!(
                    "自评总得分 = {} + 各指标{}",
                    layout.execution_score, layout.score
                ),
                Lang::En => "total = execution score + every indicator's score".to_string(),
            }),
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
        mark_over_hundred(&mut total_cell, &evaluation.total, review, lang);
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
        for item in &mut pending {
            item.value.class = CellClass::Value;
        }
        // A row of one pair: its value spans the second pair's columns.
        let header_rows: Vec<Vec<HeaderItem>> = pending
            .chunks(2)
            .map(|pair| match pair {
                [single] => {
                    let mut single = single.clone();
                    single.value.colspan = 3;
                    vec![single]
                }
                _ => pair.to_vec(),
            })
            .collect();

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

        let budget = budget_view(evaluation, &mut notes, &layout);
        let goals = goals_view(evaluation);
        let indicator_table = indicator_table(
            evaluation,
            &mut notes,
            &layout,
            show_unit,
            show_nature,
            show_coefficient,
            show_core,
        );
        let grade = notes.word(
            &evaluation.grade,
            "grade",
            Explain {
                subject: tr(lang, "评价等级", "grade (评价等级)"),
                fallback: Some("优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60".to_string()),
            },
        );
        let mut total = notes.number(&evaluation.total, "total", "", total_explain);
        mark_over_hundred(&mut total, &evaluation.total, review, lang);
        // A disclosure shows no 评价等级 the unit did not file; the total then spans its place.
        let show_grade = review || evaluation.grade.declared.is_some();
        if !show_grade {
            total.colspan = 3;
        }

        let diagnostics: Vec<DiagnosticView> = if review {
            evaluation
                .diagnostics
                .iter()
                .map(|diagnostic| {
                    let (severity, severity_label) = match (diagnostic.severity, lang) {
                        (Severity::Error, Lang::Zh) => ("error", "错误"),
                        (Severity::Warning, Lang::Zh) => ("warning", "提示"),
                        (Severity::Error, Lang::En) => ("error", "Error"),
                        (Severity::Warning, Lang::En) => ("warning", "Warning"),
                    };
                    let (line, column) = (diagnostic.line, diagnostic.column);
                    DiagnosticView {
                        code: diagnostic.code.clone(),
                        severity,
                        severity_label,
                        // Only when asked: the bureau reads the page, not the `.jx` source.
                        location: match (options.positions, lang) {
                            (false, _) => String::new(),
                            (true, Lang::Zh) => format!("第 {line} 行第 {column} 列"),
                            (true, Lang::En) => format!("line {line}, column {column}"),
                        },
                        message: plain(&diagnostic.message, lang),
                        // The help says how to fix the `.jx` text: not for the bureau.
                        help: String::new(),
                        notes: diagnostic
                            .notes
                            .iter()
                            .map(|note| plain(note, lang))
                            .filter(|note| !note.is_empty())
                            .collect(),
                        source: plain_source(&diagnostic.source, lang),
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
        let warnings = diagnostics.len() - errors;
        let title = form_title(evaluation);
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
                show_grade,
            },
            footnotes: notes.footnotes,
            warnings,
            errors,
            diagnostics,
            sign_off,
            links,
            t: Chrome::new(lang, errors, warnings),
            labels: layout,
            positions: options.positions,
            json,
            embed,
        }
    }
}

/// Review page: a total over 100 points cannot be right; the cell says so.
fn mark_over_hundred(cell: &mut Cell, total: &Checked<Number>, review: bool, lang: Lang) {
    let hundred = Number(rust_decimal::Decimal::ONE_HUNDRED);
    let over = [total.declared, total.computed]
        .into_iter()
        .flatten()
        .any(|value| value > hundred);
    if review && over {
        cell.impossible = tr(lang, "总分超过 100 分", "a total over 100 points");
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

fn budget_view(evaluation: &Evaluation, notes: &mut Notes<'_>, layout: &Layout) -> BudgetView {
    let budget = &evaluation.budget;
    let unit = unit_label(budget.unit);
    let lang = notes.lang;
    let label = match evaluation.kind {
        FormKind::Project => format!("项目资金（{unit}）"),
        FormKind::Department => format!("全年预算执行情况（{unit}）"),
    };
    let columns: [(&str, &str); 3] = [
        ("initial_budget", &layout.initial_budget),
        ("adjusted_budget", &layout.adjusted_budget),
        ("executed", &layout.executed),
    ];
    let totals = [
        &budget.total.initial_budget,
        &budget.total.adjusted_budget,
        &budget.total.executed,
    ];
    let total_cell = |notes: &mut Notes<'_>, position: usize| {
        let (key, column) = columns[position];
        notes.number(totals[position], &format!("budget.total.{key}"), "", || {
            Explain {
                subject: match lang {
                    Lang::Zh => format!("资金合计（{column}）"),
                    Lang::En => format!("budget total ({column})"),
                },
                fallback: Some(match lang {
                    Lang::Zh => format!("合计 = 各资金来源的{column}之和"),
                    Lang::En => format!("total = sum of the fund sources' {column}"),
                }),
            }
        })
    };
    let total_row = |notes: &mut Notes<'_>, label: String| BudgetRowView {
        label,
        amounts: (0..columns.len())
            .map(|position| total_cell(notes, position))
            .collect(),
    };
    // The layout's fund-source sub-columns, when they cover every fund row of the form (a row
    // they do not name would be lost): one row of amounts, column by column.
    let covered = |source: Option<FundSource>| {
        source.is_some_and(|source| {
            layout
                .fund_columns
                .iter()
                .any(|column| column.source == source)
        })
    };
    let sub_columns = !layout.fund_columns.is_empty()
        && budget
            .rows
            .iter()
            .any(|row| row.source != Some(FundSource::Total))
        && budget.rows.iter().all(|row| covered(row.source));
    let mut rows = Vec::new();
    if sub_columns {
        let mut amounts = Vec::new();
        for (position, (key, _)) in columns.iter().enumerate() {
            for column in &layout.fund_columns {
                if column.source == FundSource::Total {
                    amounts.push(total_cell(notes, position));
                    continue;
                }
                let found = budget
                    .rows
                    .iter()
                    .enumerate()
                    .find(|(_, row)| row.source == Some(column.source));
                amounts.push(match found {
                    Some((index, row)) => Cell::plain(
                        optional_number(
                            [row.initial_budget, row.adjusted_budget, row.executed][position],
                        ),
                        format!("budget.rows.{index}.{key}"),
                    ),
                    None => Cell::default(),
                });
            }
        }
        rows.push(BudgetRowView {
            label: String::new(),
            amounts,
        });
    }
    let has_total_row = budget
        .rows
        .iter()
        .any(|row| row.source == Some(FundSource::Total));
    for (index, row) in budget.rows.iter().enumerate() {
        if sub_columns {
            break;
        }
        let label = fund_label(&row.label, row.source);
        if row.source == Some(FundSource::Total) {
            rows.push(total_row(notes, label));
            continue;
        }
        let values = [row.initial_budget, row.adjusted_budget, row.executed];
        rows.push(BudgetRowView {
            label,
            amounts: columns
                .iter()
                .zip(values)
                .map(|((key, _), value)| {
                    Cell::plain(optional_number(value), format!("budget.rows.{index}.{key}"))
                })
                .collect(),
        });
    }
    if !sub_columns && !has_total_row && budget.rows.len() > 1 {
        rows.insert(0, total_row(notes, "合计".to_string()));
    }
    if rows.is_empty() {
        rows.push(total_row(notes, String::new()));
    }
    let weight = Cell::plain(budget.weight.to_string(), "budget.weight");
    let rate_explain = || Explain {
        subject: tr(lang, "执行率", "execution rate"),
        fallback: Some(match lang {
            Lang::Zh => format!("执行率 = {} ÷ {}", layout.executed, layout.adjusted_budget),
            Lang::En => "execution rate = executed ÷ adjusted budget".to_string(),
        }),
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
            subject: tr(lang, "执行率得分", "execution score"),
            fallback: Some(match lang {
                Lang::Zh => format!(
                    "执行率得分 = {} × min(执行率, 100%)",
                    layout.execution_weight
                ),
                Lang::En => "execution score = weight × min(rate, 100%)".to_string(),
            }),
        },
    );
    let header_rows = if sub_columns { 2 } else { 1 };
    let amount_columns = if sub_columns {
        columns.len() * layout.fund_columns.len()
    } else {
        columns.len()
    };
    // The weight, rate and score span the fund rows, beside the first.
    let fund_rows = rows.len();
    let [weight, execution_rate, execution_score] =
        [weight, execution_rate, execution_score].map(|cell| Cell {
            rowspan: fund_rows,
            ..cell
        });
    BudgetView {
        label,
        rowspan: rows.len() + header_rows + usize::from(budget.reason.is_some()),
        fund_rows: rows.len(),
        sub_columns: if sub_columns {
            layout
                .fund_columns
                .iter()
                .map(|column| column.label.clone())
                .collect()
        } else {
            Vec::new()
        },
        // The 偏差原因 label takes the 资金来源 column in the row layout, the first amount
        // column in the sub-column layout.
        reason_span: amount_columns + 3 - usize::from(sub_columns),
        amount_columns,
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
    layout: &Layout,
    show_unit: bool,
    show_nature: bool,
    show_coefficient: bool,
    show_core: bool,
) -> IndicatorTable {
    let indicators = &evaluation.indicators;
    let lang = notes.lang;
    let review = notes.review;
    // A row is about a kilobyte: growing the vector copied them (issue 19).
    let mut rows = Vec::with_capacity(indicators.len());
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
                            subject: match lang {
                                Lang::Zh => format!("「{}」{}", category.name, layout.weight),
                                Lang::En => format!("weight of “{}”", category.name),
                            },
                            fallback: Some(match lang {
                                Lang::Zh => {
                                    format!("类别{w} = 其下各指标{w}之和", w = layout.weight)
                                }
                                Lang::En => "a category's weight = sum of its indicators' weights"
                                    .to_string(),
                            }),
                        },
                    );
                    let score = notes.number(
                        &category.score,
                        &format!("categories.{position}.score"),
                        "",
                        || Explain {
                            subject: match lang {
                                Lang::Zh => format!("「{}」{}", category.name, layout.score),
                                Lang::En => format!("score of “{}”", category.name),
                            },
                            fallback: Some(match lang {
                                Lang::Zh => {
                                    format!("类别{s} = 其下各指标{s}之和", s = layout.score)
                                }
                                Lang::En => {
                                    "a category's score = sum of its indicators' scores".to_string()
                                }
                            }),
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
        let fallback = indicator.rule.description().get(lang).to_string();
        // A cell of the row writes no path; only a marked one (review page) needs it, for its
        // footnote. `format!` a cell was a twentieth of the page's view (issue 19).
        let fact = |field: &str| {
            if review {
                format!("indicators.{index}.{field}")
            } else {
                String::new()
            }
        };
        let coefficient = notes.number(&indicator.coefficient, &fact("coefficient"), "%", || {
            Explain {
                subject: match lang {
                    Lang::Zh => format!("指标「{}」{}", indicator.name, layout.coefficient),
                    Lang::En => format!("coefficient of “{}”", indicator.name),
                },
                fallback: Some(fallback.clone()),
            }
        });
        let mut score = notes.number(&indicator.score, &fact("score"), "", || Explain {
            subject: match lang {
                Lang::Zh => format!("指标「{}」{}", indicator.name, layout.score),
                Lang::En => format!("score of “{}”", indicator.name),
            },
            fallback: Some(fallback.clone()),
        });
        if notes.review
            && [indicator.score.declared, indicator.score.computed]
                .into_iter()
                .flatten()
                .any(|score| score > indicator.weight)
        {
            score.impossible = match lang {
                Lang::Zh => format!("{}超过{}", layout.score, layout.weight),
                Lang::En => "a score over its weight".to_string(),
            };
        }
        // The row's plain cells (target, actual, weight) carry no path: they are never marked
        // (no footnote finds them), and the row and the column header name them on the page.
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
                String::new(),
            )
            .in_row(),
            actual: Cell::plain(
                indicator
                    .actual
                    .as_ref()
                    .map_or_else(String::new, |actual| actual.text.clone()),
                String::new(),
            )
            .in_row(),
            weight: Cell::plain(indicator.weight.to_string(), String::new()).in_row(),
            coefficient: coefficient.in_row(),
            score: score.in_row(),
            deviation_note: indicator.deviation_note.clone().unwrap_or_default(),
            core: indicator.core,
        });
    }
    let subtotal = &evaluation.indicator_subtotal;
    let subtotal_weight = notes.number(&subtotal.weight, "indicator_subtotal.weight", "", || {
        Explain {
            subject: match lang {
                Lang::Zh => format!("绩效指标总分（{}）", layout.weight),
                Lang::En => "indicator subtotal (weight)".to_string(),
            },
            fallback: Some(match lang {
                Lang::Zh => format!("绩效指标总分 = 各指标{}之和", layout.weight),
                Lang::En => "subtotal = sum of the indicators' weights".to_string(),
            }),
        }
    });
    let subtotal_score = notes.number(&subtotal.score, "indicator_subtotal.score", "", || {
        Explain {
            subject: match lang {
                Lang::Zh => format!("绩效指标总分（{}）", layout.score),
                Lang::En => "indicator subtotal (score)".to_string(),
            },
            fallback: Some(match lang {
                Lang::Zh => format!("绩效指标总分 = 各指标{}之和", layout.score),
                Lang::En => "subtotal = sum of the indicators' scores".to_string(),
            }),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What the templates wrote before the view wrote a cell's attributes (issue 19): the
    /// attribute list of `cell.html` and of the header's value cell, as Tera rendered it.
    const OLD_CELL: &str = r#"<td class="{{ class }}{% if cell.marked %} mismatch{% endif %}{% if cell.impossible %} impossible{% endif %}"{% if colspan > 1 %} colspan="{{ colspan }}"{% endif %}{% if rowspan > 1 %} rowspan="{{ rowspan }}"{% endif %}{% if cell.fact and not cell.in_row %} data-fact="{{ cell.fact }}"{% endif %}{% if cell.marked %} data-declared="{{ cell.declared }}"{% endif %}>"#;

    #[test]
    fn a_cells_attributes_are_what_the_template_wrote() {
        let hostile = r#"<b>"x" & 'y'</b>"#;
        let mut tera = tera::Tera::new();
        let Ok(()) = tera.add_raw_template("old.html", OLD_CELL) else {
            panic!("the old template parses");
        };
        let mut cells = Vec::new();
        for marked in [false, true] {
            for impossible in ["", "总分超过 100 分"] {
                for (fact, in_row) in [
                    ("", false),
                    ("total", false),
                    (hostile, false),
                    ("indicators.3.score", true),
                ] {
                    for (colspan, rowspan) in [(1, 1), (3, 1), (1, 2)] {
                        for class in [CellClass::Number, CellClass::Value] {
                            cells.push(Cell {
                                text: "1".to_string(),
                                fact: fact.to_string(),
                                in_row,
                                marked,
                                declared: if marked {
                                    hostile.to_string()
                                } else {
                                    String::new()
                                },
                                note: usize::from(marked),
                                impossible: impossible.to_string(),
                                class,
                                colspan,
                                rowspan,
                            });
                        }
                    }
                }
            }
        }
        for cell in cells {
            let mut context = tera::Context::new();
            context.insert(
                "cell",
                &serde_json::json!({
                    "fact": cell.fact,
                    "in_row": cell.in_row,
                    "marked": cell.marked,
                    "declared": cell.declared,
                    "impossible": cell.impossible,
                }),
            );
            context.insert(
                "class",
                match cell.class {
                    CellClass::Number => "num",
                    CellClass::Value => "value",
                },
            );
            context.insert("colspan", &cell.colspan);
            context.insert("rowspan", &cell.rowspan);
            let Ok(old) = tera.render("old.html", &context) else {
                panic!("the old template renders");
            };
            assert_eq!(format!("<td{}>", cell.attributes()), old, "{cell:?}");
        }
    }
}
