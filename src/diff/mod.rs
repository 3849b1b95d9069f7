//! `jixiao diff`: what changed between two evaluations of the same unit (typically two years).
//!
//! The diff compares [`Evaluation`] models, never text: it sees what the forms *mean* (a moved
//! line or a re-indented block is no change). Numbers compared are the effective ones: what
//! jixiao computed, or the declared value when nothing could be computed. Indicators are matched
//! by identity (the explicit `id`, else `level1/level2/name`), then, among those left over, by a
//! name that is unique on both sides (a move between categories); so a renamed indicator keeps
//! its `id` and shows as renamed, not removed and added.
//!
//! The result ([`DiffDocument`]) is the JSON contract `jixiao-diff/1` documented in
//! `docs/DIFF.md`; [`text`] and [`html`] render it. This module must not compute scores (that is
//! `eval`) nor read files (the command line does).

mod html;
mod text;

use crate::eval::rounding::round_to;
use crate::model::{Checked, Evaluation, Indicator, Number, QuantityRecord};
use crate::syntax::ast::{FormKind, FundSource};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

/// How [`to_text`] draws a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rendering {
    /// ANSI colours (for a terminal).
    pub color: bool,
    /// Every change (two files) rather than one line per pair of forms (two directories).
    pub detail: bool,
}

/// The diff as aligned text (`jixiao diff`'s default output), for a terminal: every text that
/// comes from the forms has its control characters escaped before the colours are added.
pub fn to_text(document: &DiffDocument, rendering: Rendering) -> String {
    text::render(&for_terminal(document), rendering.color, rendering.detail)
}

/// `document` with every string from the forms escaped for a terminal.
fn for_terminal(document: &DiffDocument) -> DiffDocument {
    use crate::diag::render::escape;
    let optional = |text: &Option<String>| text.as_deref().map(escape);
    let form = |id: &FormId| FormId {
        name: escape(&id.name),
        file: optional(&id.file),
        ..id.clone()
    };
    let change = |change: &Change| Change {
        field: escape(&change.field),
        old: optional(&change.old),
        new: optional(&change.new),
        ..change.clone()
    };
    let changes = |changes: &[Change]| changes.iter().map(change).collect::<Vec<_>>();
    let side = |side: &Option<IndicatorSide>| {
        side.as_ref().map(|side| IndicatorSide {
            id: escape(&side.id),
            level1: optional(&side.level1),
            level2: optional(&side.level2),
            name: escape(&side.name),
        })
    };
    DiffDocument {
        forms: document
            .forms
            .iter()
            .map(|pair| FormDiff {
                old: form(&pair.old),
                new: form(&pair.new),
                header: changes(&pair.header),
                budget: changes(&pair.budget),
                budget_rows: pair
                    .budget_rows
                    .iter()
                    .map(|row| RowDiff {
                        label: escape(&row.label),
                        changes: changes(&row.changes),
                        ..row.clone()
                    })
                    .collect(),
                goals: changes(&pair.goals),
                indicators: pair
                    .indicators
                    .iter()
                    .map(|indicator| IndicatorDiff {
                        old: side(&indicator.old),
                        new: side(&indicator.new),
                        changes: changes(&indicator.changes),
                        ..indicator.clone()
                    })
                    .collect(),
                categories: pair
                    .categories
                    .iter()
                    .map(|category| CategoryDiff {
                        path: escape(&category.path),
                        changes: changes(&category.changes),
                        ..category.clone()
                    })
                    .collect(),
                total: change(&pair.total),
                grade: change(&pair.grade),
                ..pair.clone()
            })
            .collect(),
        only_in_old: document.only_in_old.iter().map(form).collect(),
        only_in_new: document.only_in_new.iter().map(form).collect(),
        ..document.clone()
    }
}

/// The diff as the `jixiao-diff/1` JSON document (docs/DIFF.md), pretty-printed, with a final
/// newline. Errors: serialisation failures, as text.
pub fn to_json(document: &DiffDocument) -> Result<String, String> {
    serde_json::to_string_pretty(document)
        .map(|json| json + "\n")
        .map_err(|error| error.to_string())
}

/// The diff as a self-contained side-by-side HTML page. Errors: template failures, as text.
pub fn to_html(document: &DiffDocument) -> Result<String, String> {
    html::render(document)
}

/// The schema identifier of the diff JSON.
pub const SCHEMA: &str = "jixiao-diff/1";

/// The whole diff of two sides (two files, or two directories).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffDocument {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// `true` when no paired form changed and every form has a partner.
    pub equal: bool,
    /// One entry per pair of forms, in the old side's order.
    pub forms: Vec<FormDiff>,
    /// Forms only on the old side.
    pub only_in_old: Vec<FormId>,
    /// Forms only on the new side.
    pub only_in_new: Vec<FormId>,
}

/// Which form: kind, name, year and the file it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormId {
    /// `project` or `department`.
    pub kind: FormKind,
    /// 项目名称 / 部门名称.
    pub name: String,
    /// The budget year.
    pub year: Option<u16>,
    /// The file, as given on the command line or found in the directory.
    pub file: Option<String>,
}

/// One change of one value. Numbers are decimal strings of their exact digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed: a field name from docs/DIFF.md (`target`, `executed`, …), or a header
    /// field's key as written for fields jixiao does not interpret.
    pub field: String,
    /// The old value; `null` when absent.
    pub old: Option<String>,
    /// The new value; `null` when absent.
    pub new: Option<String>,
    /// `new − old`, for numbers present on both sides.
    pub delta: Option<String>,
    /// `delta / old × 100`, percent, two decimals rounded half away from zero; `null` when old
    /// is zero or either side is missing.
    pub percent: Option<String>,
}

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Only on the new side.
    Added,
    /// Only on the old side.
    Removed,
    /// On both sides, with changes.
    Changed,
}

/// A fund row that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowDiff {
    /// The row's label as written (new side's when both exist); empty for the keyed total
    /// (`年初预算数 …` lines).
    pub label: String,
    /// What the row is.
    pub source: Option<FundSource>,
    /// Added, removed or changed.
    pub status: Status,
    /// `initial_budget`, `adjusted_budget`, `executed` (万元 or 元, the form's unit).
    pub changes: Vec<Change>,
}

/// Where an indicator sits and what it is called on one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorSide {
    /// Its identity.
    pub id: String,
    /// 一级指标.
    pub level1: Option<String>,
    /// 二级指标.
    pub level2: Option<String>,
    /// 三级指标 name.
    pub name: String,
}

/// An indicator that was added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorDiff {
    /// Added, removed or changed.
    pub status: Status,
    /// The old side; `null` when added.
    pub old: Option<IndicatorSide>,
    /// The new side; `null` when removed.
    pub new: Option<IndicatorSide>,
    /// Same identity, different name.
    pub renamed: bool,
    /// Different level-1 or level-2 category.
    pub moved: bool,
    /// Value changes (for a changed indicator), or the values (for an added or removed one,
    /// with the other side `null`).
    pub changes: Vec<Change>,
}

/// A category whose weight or score changed, or that was added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryDiff {
    /// `level1` or `level1/level2`.
    pub path: String,
    /// Added, removed or changed.
    pub status: Status,
    /// `weight`, `score` (points).
    pub changes: Vec<Change>,
}

/// The diff of one pair of forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormDiff {
    /// The old form.
    pub old: FormId,
    /// The new form.
    pub new: FormId,
    /// `true` when nothing below changed.
    pub equal: bool,
    /// Header fields: `kind`, `name`, `year`, `profile`, `supervising_department`,
    /// `implementing_unit`, `contact_person`, `contact_phone`, other fields by key.
    pub header: Vec<Change>,
    /// The budget block's own values: `unit`, `weight`, `execution_rate` (percent),
    /// `execution_score` (points), and, when neither side states a total row (so the row diff
    /// cannot show it), the summed totals `total_initial_budget`, `total_adjusted_budget`,
    /// `total_executed`.
    pub budget: Vec<Change>,
    /// Fund rows added, removed or changed.
    pub budget_rows: Vec<RowDiff>,
    /// Goal texts: `goal[N].planned`, `goal[N].achieved` (N from 1).
    pub goals: Vec<Change>,
    /// Indicators added, removed, renamed, moved or changed, old order then new additions.
    pub indicators: Vec<IndicatorDiff>,
    /// Categories added, removed or with a changed weight or score.
    pub categories: Vec<CategoryDiff>,
    /// 自评总得分, points: always present.
    pub total: Change,
    /// 评价等级: always present.
    pub grade: Change,
}

/// Compares two evaluations. `old_file`/`new_file` are recorded in the [`FormId`]s.
pub fn diff_forms(
    old: &Evaluation,
    old_file: Option<&str>,
    new: &Evaluation,
    new_file: Option<&str>,
) -> FormDiff {
    let mut header = Vec::new();
    push_text(
        &mut header,
        "kind",
        Some(kind_name(old.kind)),
        Some(kind_name(new.kind)),
    );
    push_text(
        &mut header,
        "name",
        Some(old.name.as_str()),
        Some(new.name.as_str()),
    );
    push_text(
        &mut header,
        "year",
        old.year.map(|year| year.to_string()).as_deref(),
        new.year.map(|year| year.to_string()).as_deref(),
    );
    push_text(
        &mut header,
        "profile",
        Some(old.profile.as_str()),
        Some(new.profile.as_str()),
    );
    let fields = [
        (
            "supervising_department",
            &old.header.supervising_department,
            &new.header.supervising_department,
        ),
        (
            "implementing_unit",
            &old.header.implementing_unit,
            &new.header.implementing_unit,
        ),
        (
            "contact_person",
            &old.header.contact_person,
            &new.header.contact_person,
        ),
        (
            "contact_phone",
            &old.header.contact_phone,
            &new.header.contact_phone,
        ),
    ];
    for (field, old_value, new_value) in fields {
        push_text(
            &mut header,
            field,
            old_value.as_deref(),
            new_value.as_deref(),
        );
    }
    let mut extra_keys: Vec<&str> = Vec::new();
    for field in old.header.extra.iter().chain(&new.header.extra) {
        if !extra_keys.contains(&field.key.as_str()) {
            extra_keys.push(&field.key);
        }
    }
    for key in extra_keys {
        let find = |evaluation: &'_ Evaluation| {
            evaluation
                .header
                .extra
                .iter()
                .find(|field| field.key == key)
                .map(|field| field.value.clone())
        };
        push_text(&mut header, key, find(old).as_deref(), find(new).as_deref());
    }

    let mut budget = Vec::new();
    let unit = |evaluation: &Evaluation| {
        serde_json::to_value(evaluation.budget.unit)
            .ok()
            .and_then(|value| value.as_str().map(str::to_string))
    };
    push_text(
        &mut budget,
        "unit",
        unit(old).as_deref(),
        unit(new).as_deref(),
    );
    push_number(
        &mut budget,
        "weight",
        Some(old.budget.weight),
        Some(new.budget.weight),
    );
    push_number(
        &mut budget,
        "execution_rate",
        effective(&old.budget.execution_rate),
        effective(&new.budget.execution_rate),
    );
    push_number(
        &mut budget,
        "execution_score",
        effective(&old.budget.execution_score),
        effective(&new.budget.execution_score),
    );
    let totals = [
        (
            "total_initial_budget",
            &old.budget.total.initial_budget,
            &new.budget.total.initial_budget,
        ),
        (
            "total_adjusted_budget",
            &old.budget.total.adjusted_budget,
            &new.budget.total.adjusted_budget,
        ),
        (
            "total_executed",
            &old.budget.total.executed,
            &new.budget.total.executed,
        ),
    ];
    // A stated total row (合计, or the keyed 年初预算数 … lines) already shows in the row diff.
    let states_total = |evaluation: &Evaluation| {
        evaluation
            .budget
            .rows
            .iter()
            .any(|row| row.source == Some(FundSource::Total))
    };
    if !states_total(old) && !states_total(new) {
        for (field, old_value, new_value) in totals {
            push_number(
                &mut budget,
                field,
                effective(old_value),
                effective(new_value),
            );
        }
    }

    let mut goals = Vec::new();
    for index in 0..old.goals.len().max(new.goals.len()) {
        let (old_goal, new_goal) = (old.goals.get(index), new.goals.get(index));
        push_text(
            &mut goals,
            &format!("goal[{}].planned", index + 1),
            old_goal.and_then(|goal| goal.planned.as_deref()),
            new_goal.and_then(|goal| goal.planned.as_deref()),
        );
        push_text(
            &mut goals,
            &format!("goal[{}].achieved", index + 1),
            old_goal.and_then(|goal| goal.achieved.as_deref()),
            new_goal.and_then(|goal| goal.achieved.as_deref()),
        );
    }

    let budget_rows = diff_rows(old, new);
    let indicators = diff_indicators(&old.indicators, &new.indicators);
    let categories = diff_categories(old, new);
    let total = number_change("total", effective(&old.total), effective(&new.total));
    let grade = text_change(
        "grade",
        effective_text(&old.grade),
        effective_text(&new.grade),
    );
    let equal = header.is_empty()
        && budget.is_empty()
        && budget_rows.is_empty()
        && goals.is_empty()
        && indicators.is_empty()
        && categories.is_empty()
        && total.old == total.new
        && grade.old == grade.new;
    FormDiff {
        old: form_id(old, old_file),
        new: form_id(new, new_file),
        equal,
        header,
        budget,
        budget_rows,
        goals,
        indicators,
        categories,
        total,
        grade,
    }
}

/// Pairs the forms of two sides by kind and name and diffs each pair. When each side has
/// exactly one form they are paired whatever their names (a unit may be renamed).
/// Each side is a list of (file, evaluation).
pub fn diff_sides(
    old: &[(Option<String>, &Evaluation)],
    new: &[(Option<String>, &Evaluation)],
) -> DiffDocument {
    let mut forms = Vec::new();
    let mut only_in_old = Vec::new();
    let mut used = vec![false; new.len()];
    if old.len() == 1 && new.len() == 1 {
        let ((old_file, old_form), (new_file, new_form)) = (&old[0], &new[0]);
        forms.push(diff_forms(
            old_form,
            old_file.as_deref(),
            new_form,
            new_file.as_deref(),
        ));
        used[0] = true;
    } else {
        for (old_file, old_form) in old {
            let partner = new.iter().enumerate().position(|(index, (_, new_form))| {
                !used[index] && new_form.kind == old_form.kind && new_form.name == old_form.name
            });
            match partner {
                Some(index) => {
                    used[index] = true;
                    let (new_file, new_form) = &new[index];
                    forms.push(diff_forms(
                        old_form,
                        old_file.as_deref(),
                        new_form,
                        new_file.as_deref(),
                    ));
                }
                None => only_in_old.push(form_id(old_form, old_file.as_deref())),
            }
        }
    }
    let only_in_new: Vec<FormId> = new
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|((file, form), _)| form_id(form, file.as_deref()))
        .collect();
    DiffDocument {
        schema: SCHEMA,
        equal: forms.iter().all(|form| form.equal)
            && only_in_old.is_empty()
            && only_in_new.is_empty(),
        forms,
        only_in_old,
        only_in_new,
    }
}

fn form_id(evaluation: &Evaluation, file: Option<&str>) -> FormId {
    FormId {
        kind: evaluation.kind,
        name: evaluation.name.clone(),
        year: evaluation.year,
        file: file.map(str::to_string),
    }
}

fn kind_name(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Project => "project",
        FormKind::Department => "department",
    }
}

/// The computed value, else the declared one.
fn effective(checked: &Checked<Number>) -> Option<Number> {
    checked.computed.or(checked.declared)
}

fn effective_text(checked: &Checked<String>) -> Option<&str> {
    checked.computed.as_deref().or(checked.declared.as_deref())
}

fn text_change(field: &str, old: Option<&str>, new: Option<&str>) -> Change {
    Change {
        field: field.to_string(),
        old: old.map(str::to_string),
        new: new.map(str::to_string),
        delta: None,
        percent: None,
    }
}

fn push_text(changes: &mut Vec<Change>, field: &str, old: Option<&str>, new: Option<&str>) {
    if old != new {
        changes.push(text_change(field, old, new));
    }
}

/// A number change with its delta and percentage.
fn number_change(field: &str, old: Option<Number>, new: Option<Number>) -> Change {
    // Checked: two execution rates near the bound of `syntax::limits` would overflow.
    let delta = old.zip(new).and_then(|(old, new)| new.0.checked_sub(old.0));
    let percent = old.zip(delta).and_then(|(old, delta)| {
        delta
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|delta| delta.checked_div(old.0))
            .map(|percent| round_to(percent, 2))
    });
    Change {
        field: field.to_string(),
        old: old.map(|number| number.to_string()),
        new: new.map(|number| number.to_string()),
        delta: delta.map(|delta| delta.normalize().to_string()),
        percent: percent.map(|percent| percent.to_string()),
    }
}

/// Records a number change; `165` and `165.00` are the same number (compared by value).
fn push_number(changes: &mut Vec<Change>, field: &str, old: Option<Number>, new: Option<Number>) {
    if old.map(|number| number.0.normalize()) != new.map(|number| number.0.normalize()) {
        changes.push(number_change(field, old, new));
    }
}

fn row_key(row: &crate::model::FundRow) -> String {
    match row.source {
        Some(source) => format!("{source:?}"),
        None => format!("label:{}", row.label),
    }
}

fn diff_rows(old: &Evaluation, new: &Evaluation) -> Vec<RowDiff> {
    let old_rows = &old.budget.rows;
    let new_rows = &new.budget.rows;
    let mut used = vec![false; new_rows.len()];
    let mut out = Vec::new();
    for old_row in old_rows {
        let key = row_key(old_row);
        let partner = new_rows
            .iter()
            .enumerate()
            .position(|(index, row)| !used[index] && row_key(row) == key);
        let new_row = partner.map(|index| {
            used[index] = true;
            &new_rows[index]
        });
        let mut changes = Vec::new();
        let columns = [
            (
                "initial_budget",
                old_row.initial_budget,
                new_row.and_then(|row| row.initial_budget),
            ),
            (
                "adjusted_budget",
                old_row.adjusted_budget,
                new_row.and_then(|row| row.adjusted_budget),
            ),
            (
                "executed",
                old_row.executed,
                new_row.and_then(|row| row.executed),
            ),
        ];
        for (field, old_value, new_value) in columns {
            push_number(&mut changes, field, old_value, new_value);
        }
        if new_row.is_none() || !changes.is_empty() {
            out.push(RowDiff {
                label: new_row.map_or(&old_row.label, |row| &row.label).clone(),
                source: old_row.source,
                status: if new_row.is_some() {
                    Status::Changed
                } else {
                    Status::Removed
                },
                changes,
            });
        }
    }
    for (new_row, _) in new_rows.iter().zip(&used).filter(|(_, used)| !**used) {
        let mut changes = Vec::new();
        let columns = [
            ("initial_budget", new_row.initial_budget),
            ("adjusted_budget", new_row.adjusted_budget),
            ("executed", new_row.executed),
        ];
        for (field, value) in columns {
            push_number(&mut changes, field, None, value);
        }
        out.push(RowDiff {
            label: new_row.label.clone(),
            source: new_row.source,
            status: Status::Added,
            changes,
        });
    }
    out
}

fn side(indicator: &Indicator) -> IndicatorSide {
    IndicatorSide {
        id: indicator.id.clone(),
        level1: indicator.level1.clone(),
        level2: indicator.level2.clone(),
        name: indicator.name.clone(),
    }
}

/// Reads one of an indicator's quantities (target, actual, …).
type QuantityOf = fn(&Indicator) -> &Option<QuantityRecord>;

fn quantity(record: &Option<QuantityRecord>) -> Option<&str> {
    record.as_ref().map(|record| record.text.as_str())
}

/// The value changes of one indicator (either side may be absent: an added or removed one).
fn indicator_changes(old: Option<&Indicator>, new: Option<&Indicator>) -> Vec<Change> {
    let mut changes = Vec::new();
    let nature = |indicator: Option<&Indicator>| {
        // The Chinese column value (定量/定性), as the form prints it.
        indicator.map(|indicator| indicator.nature.label().to_string())
    };
    push_text(
        &mut changes,
        "nature",
        nature(old).as_deref(),
        nature(new).as_deref(),
    );
    push_text(
        &mut changes,
        "unit",
        old.and_then(|i| i.unit.as_deref()),
        new.and_then(|i| i.unit.as_deref()),
    );
    let quantities: [(&str, QuantityOf); 4] = [
        ("target", |i| &i.target),
        ("initial_target", |i| &i.initial_target),
        ("adjusted_target", |i| &i.adjusted_target),
        ("actual", |i| &i.actual),
    ];
    for (field, get) in quantities {
        push_text(
            &mut changes,
            field,
            old.and_then(|i| quantity(get(i))),
            new.and_then(|i| quantity(get(i))),
        );
    }
    push_number(
        &mut changes,
        "weight",
        old.map(|i| i.weight),
        new.map(|i| i.weight),
    );
    push_number(
        &mut changes,
        "coefficient",
        old.and_then(|i| effective(&i.coefficient)),
        new.and_then(|i| effective(&i.coefficient)),
    );
    push_number(
        &mut changes,
        "score",
        old.and_then(|i| effective(&i.score)),
        new.and_then(|i| effective(&i.score)),
    );
    push_text(
        &mut changes,
        "deviation_note",
        old.and_then(|i| i.deviation_note.as_deref()),
        new.and_then(|i| i.deviation_note.as_deref()),
    );
    let core = |indicator: Option<&Indicator>| {
        indicator.and_then(|indicator| indicator.core.then_some("true"))
    };
    push_text(&mut changes, "core", core(old), core(new));
    changes
}

/// Matches indicators by identity, then by a name unique among the leftovers on both sides.
fn diff_indicators(old: &[Indicator], new: &[Indicator]) -> Vec<IndicatorDiff> {
    let mut partner: Vec<Option<usize>> = vec![None; old.len()];
    let mut taken = vec![false; new.len()];
    let new_by_id: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .map(|(index, indicator)| (indicator.id.as_str(), index))
        .collect();
    for (index, indicator) in old.iter().enumerate() {
        if let Some(&other) = new_by_id.get(indicator.id.as_str()) {
            if !taken[other] {
                taken[other] = true;
                partner[index] = Some(other);
            }
        }
    }
    let unique = |list: &[Indicator], name: &str, free: &dyn Fn(usize) -> bool| {
        let mut matches = list
            .iter()
            .enumerate()
            .filter(|(index, indicator)| free(*index) && indicator.name == name);
        match (matches.next(), matches.next()) {
            (Some((index, _)), None) => Some(index),
            _ => None,
        }
    };
    for index in 0..old.len() {
        if partner[index].is_some() {
            continue;
        }
        let name = old[index].name.as_str();
        let taken_now = taken.clone();
        let partner_now = partner.clone();
        let other = unique(new, name, &|other| !taken_now[other]);
        let same = unique(old, name, &|mine| partner_now[mine].is_none());
        if let (Some(other), Some(same)) = (other, same) {
            if same == index {
                taken[other] = true;
                partner[index] = Some(other);
            }
        }
    }
    let mut out = Vec::new();
    for (index, old_indicator) in old.iter().enumerate() {
        match partner[index] {
            Some(other) => {
                let new_indicator = &new[other];
                let renamed = old_indicator.name != new_indicator.name;
                let moved = (&old_indicator.level1, &old_indicator.level2)
                    != (&new_indicator.level1, &new_indicator.level2);
                let changes = indicator_changes(Some(old_indicator), Some(new_indicator));
                if renamed || moved || !changes.is_empty() {
                    out.push(IndicatorDiff {
                        status: Status::Changed,
                        old: Some(side(old_indicator)),
                        new: Some(side(new_indicator)),
                        renamed,
                        moved,
                        changes,
                    });
                }
            }
            None => out.push(IndicatorDiff {
                status: Status::Removed,
                old: Some(side(old_indicator)),
                new: None,
                renamed: false,
                moved: false,
                changes: indicator_changes(Some(old_indicator), None),
            }),
        }
    }
    for (index, new_indicator) in new.iter().enumerate() {
        if !taken[index] {
            out.push(IndicatorDiff {
                status: Status::Added,
                old: None,
                new: Some(side(new_indicator)),
                renamed: false,
                moved: false,
                changes: indicator_changes(None, Some(new_indicator)),
            });
        }
    }
    out
}

fn diff_categories(old: &Evaluation, new: &Evaluation) -> Vec<CategoryDiff> {
    let mut out = Vec::new();
    let key = |category: &crate::model::Category| (category.goal, category.path.clone());
    for old_category in &old.categories {
        let new_category = new
            .categories
            .iter()
            .find(|category| key(category) == key(old_category));
        let mut changes = Vec::new();
        push_number(
            &mut changes,
            "weight",
            effective(&old_category.weight),
            new_category.and_then(|category| effective(&category.weight)),
        );
        push_number(
            &mut changes,
            "score",
            effective(&old_category.score),
            new_category.and_then(|category| effective(&category.score)),
        );
        if new_category.is_none() || !changes.is_empty() {
            out.push(CategoryDiff {
                path: old_category.path.clone(),
                status: if new_category.is_some() {
                    Status::Changed
                } else {
                    Status::Removed
                },
                changes,
            });
        }
    }
    for new_category in &new.categories {
        if !old
            .categories
            .iter()
            .any(|category| key(category) == key(new_category))
        {
            let mut changes = Vec::new();
            push_number(
                &mut changes,
                "weight",
                None,
                effective(&new_category.weight),
            );
            push_number(&mut changes, "score", None, effective(&new_category.score));
            out.push(CategoryDiff {
                path: new_category.path.clone(),
                status: Status::Added,
                changes,
            });
        }
    }
    out
}

/// The Chinese label of a change's field, for text and HTML output.
pub fn field_label(field: &str) -> String {
    let label = match field {
        "kind" => "表单类型",
        "name" => "名称",
        "year" => "年度",
        "profile" => "评分规则",
        "supervising_department" => "主管部门",
        "implementing_unit" => "实施单位",
        "contact_person" => "联系人",
        "contact_phone" => "联系电话",
        "unit" => "单位",
        "weight" => "分值",
        "execution_rate" => "执行率(%)",
        "execution_score" => "执行率得分",
        "total_initial_budget" => "合计 年初预算数",
        "total_adjusted_budget" => "合计 全年预算数",
        "total_executed" => "合计 全年执行数",
        "initial_budget" => "年初预算数",
        "adjusted_budget" => "全年预算数",
        "executed" => "全年执行数",
        "nature" => "性质",
        "target" => "目标",
        "initial_target" => "年初指标值",
        "adjusted_target" => "调整指标值",
        "actual" => "实际",
        "coefficient" => "系数(%)",
        "score" => "得分",
        "deviation_note" => "偏差原因",
        "core" => "核心指标",
        "total" => "自评总得分",
        "grade" => "评价等级",
        other => {
            if let Some(rest) = other.strip_prefix("goal[") {
                let (number, what) = rest.split_once("].").unwrap_or((rest, ""));
                let what = if what == "planned" {
                    "预期目标"
                } else {
                    "实际完成"
                };
                return format!("目标{number} {what}");
            }
            other
        }
    };
    label.to_string()
}

/// A form kind in Chinese.
pub fn kind_label(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Project => "项目",
        FormKind::Department => "部门整体",
    }
}

/// `level1/level2/name` of one side, for display.
pub fn indicator_path(side: &IndicatorSide) -> String {
    [
        side.level1.as_deref(),
        side.level2.as_deref(),
        Some(side.name.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("/")
}
