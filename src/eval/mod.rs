//! Scoring: the only place with formulas. AST + profile → [`Evaluation`].
//!
//! `eval` computes every derived number (rates, coefficients, scores, subtotals, the total and
//! the grade) in exact decimals, and decides whether each declared value agrees with its computed
//! counterpart. It reports nothing itself: the model records what could not be computed
//! ([`Basis`], [`ScoringIssue`]) and `check` turns that into diagnostics.
//!
//! Invariant: no floats; every score is rounded half away from zero (四舍五入) to the profile's
//! decimals before it is summed (docs/DOMAIN.md scoring rule 8).

mod execution;
mod indicator;
pub(crate) mod rounding;
mod uses_of_funds;

pub(crate) use execution::fund_figure;
pub(crate) use indicator::{reads_as_cost_cap, timely_by_date};

use crate::model::{self, Category, Checked, Evaluation, Number, Subtotal};
use crate::policy::Profile;
use crate::syntax::ast;
use rounding::{agrees_within, round_score};
use rust_decimal::Decimal;

/// Evaluates one form under `profile`.
///
/// The result's `diagnostics` is empty; the caller fills it after `check` has run.
pub(crate) fn evaluate(form: &ast::Form, profile: &Profile) -> Evaluation {
    let budget = execution::evaluate_budget(form.budget.as_ref(), profile);
    let references = form.indicators();
    let indicators: Vec<model::Indicator> = references
        .iter()
        .map(|reference| {
            let goal_title = reference
                .goal
                .and_then(|index| form.goals.get(index))
                .map(|goal| goal.title.value.as_str());
            indicator::evaluate_indicator(
                reference.goal,
                goal_title,
                &reference.path,
                reference.indicator,
                profile,
                form.year.as_ref().map(|year| year.value),
            )
        })
        .collect();
    let categories = form
        .categories()
        .into_iter()
        .map(|reference| {
            evaluate_category(
                reference.goal,
                &reference.path,
                &references,
                &indicators,
                profile,
            )
        })
        .collect();

    let weight_sum: Decimal = indicators.iter().map(|indicator| indicator.weight.0).sum();
    let score_sum = sum_scores(indicators.iter().map(|indicator| indicator.score.computed));
    let declared_subtotal = form.declared_indicator_subtotal.as_ref();
    let indicator_subtotal = Subtotal {
        weight: exact_check(
            declared_subtotal
                .and_then(|s| s.weight.as_ref())
                .map(|w| w.value),
            Some(weight_sum),
        ),
        score: score_check(
            declared_subtotal
                .and_then(|s| s.score.as_ref())
                .map(|s| s.value),
            score_sum,
            profile,
        ),
    };

    let total_computed = match (budget.execution_score.computed, score_sum) {
        (Some(execution), Some(indicators)) => Some(round_score(execution.0 + indicators, profile)),
        _ => None,
    };
    let total = score_check(
        form.declared_total.as_ref().map(|t| t.value),
        total_computed,
        profile,
    );
    let total_difference = total_difference(&total, &budget, &indicators, profile);
    let grade_computed = total_computed.map(|total| profile.grade(total).to_string());
    let grade_declared = form
        .declared_grade
        .as_ref()
        .map(|grade| grade.value.trim().to_string());
    let grade = Checked {
        agrees: match (&grade_declared, &grade_computed) {
            // `优秀` names the grade `优`.
            (Some(declared), Some(computed)) => {
                Some(profile.grade_named(declared).unwrap_or(declared) == computed)
            }
            _ => None,
        },
        declared: grade_declared,
        computed: grade_computed,
    };

    let mut goals: Vec<model::Goal> = form
        .goals
        .iter()
        .enumerate()
        .map(|(index, goal)| evaluate_goal(index, goal, &indicators, profile))
        .collect();
    for uses in goals
        .iter_mut()
        .filter_map(|goal| goal.uses_of_funds.as_mut())
    {
        uses_of_funds::compare_with_budget(uses, &budget);
    }

    Evaluation {
        schema: model::SCHEMA,
        kind: form.kind,
        name: form.name.value.clone(),
        year: form.year.as_ref().map(|year| year.value),
        profile: profile.name.clone(),
        workspace: None,
        header: header(&form.header),
        weights_total: Number(budget.weight.0 + weight_sum),
        budget,
        goals,
        indicators,
        categories,
        indicator_subtotal,
        total,
        total_difference,
        grade,
        diagnostics: Vec::new(),
    }
}

/// Why a declared total differs from the computed one: rounded coarser when the total itself is
/// the computed one rounded coarser, or when it is the sum of lines that differ only by being
/// rounded coarser (`9 + 9 + 9 = 27` for 9.4 + 9.4 + 9.4 = 28.2); otherwise other.
fn total_difference(
    total: &Checked<Number>,
    budget: &model::Budget,
    indicators: &[model::Indicator],
    profile: &Profile,
) -> Option<model::Difference> {
    use model::Difference;
    let (Some(declared), Some(computed), Some(false)) =
        (total.declared, total.computed, total.agrees)
    else {
        return None;
    };
    let differences: Vec<Option<Difference>> = std::iter::once(budget.score_difference)
        .chain(
            indicators
                .iter()
                .map(|indicator| indicator.score_difference),
        )
        .collect();
    let coarse_lines = differences.contains(&Some(Difference::RoundedCoarser));
    let other_lines = differences
        .iter()
        .any(|difference| difference.is_some_and(|d| d != Difference::RoundedCoarser));
    let line = |checked: &Checked<Number>| checked.declared.or(checked.computed).map(|n| n.0);
    let declared_sum: Option<Decimal> = std::iter::once(line(&budget.execution_score))
        .chain(indicators.iter().map(|indicator| line(&indicator.score)))
        .sum();
    let rounded = rounding::difference(declared.0, computed.0, profile.decimals)
        == Difference::RoundedCoarser;
    Some(
        if rounded || (coarse_lines && !other_lines && declared_sum == Some(declared.0)) {
            Difference::RoundedCoarser
        } else {
            Difference::Other
        },
    )
}

fn header(header: &ast::Header) -> model::Header {
    let text = |field: &Option<crate::syntax::Spanned<String>>| {
        field.as_ref().map(|value| value.value.clone())
    };
    model::Header {
        supervising_department: text(&header.supervising_department),
        implementing_unit: text(&header.implementing_unit),
        contact_person: text(&header.contact_person),
        contact_phone: text(&header.contact_phone),
        extra: header
            .extra
            .iter()
            .map(|(key, value)| model::ExtraField {
                key: key.value.clone(),
                value: value.value.clone(),
            })
            .collect(),
    }
}

/// The sum of already-rounded scores; `None` if any is missing.
fn sum_scores(scores: impl Iterator<Item = Option<Number>>) -> Option<Decimal> {
    scores.map(|score| score.map(|score| score.0)).sum()
}

/// A goal block: its texts, and for a goal with its own indicator tree the declared weight
/// against the sum of its indicators' weights, and the sum of their scores.
fn evaluate_goal(
    index: usize,
    goal: &ast::Goal,
    indicators: &[model::Indicator],
    profile: &Profile,
) -> model::Goal {
    let members: Vec<&model::Indicator> = indicators
        .iter()
        .filter(|indicator| indicator.goal == Some(index))
        .collect();
    let (weight_sum, score_sum) = if members.is_empty() {
        (None, None)
    } else {
        (
            Some(members.iter().map(|indicator| indicator.weight.0).sum()),
            sum_scores(members.iter().map(|indicator| indicator.score.computed)),
        )
    };
    model::Goal {
        title: goal.title.value.clone(),
        planned: goal.planned.as_ref().map(|text| text.value.clone()),
        achieved: goal.achieved.as_ref().map(|text| text.value.clone()),
        weight: exact_check(
            goal.declared_weight.as_ref().map(|weight| weight.value),
            weight_sum,
        ),
        score: score_check(None, score_sum, profile),
        uses_of_funds: goal.uses_of_funds.as_ref().map(evaluate_uses_of_funds),
    }
}

/// A 资金用途 block: the declared 合计 against the sums of the purposes (exact).
fn evaluate_uses_of_funds(uses: &ast::UsesOfFunds) -> model::UsesOfFunds {
    let value =
        |cell: &Option<crate::syntax::Spanned<Decimal>>| cell.as_ref().map(|cell| cell.value);
    let total = |pick: fn(&ast::UseOfFunds) -> Option<Decimal>| {
        let present: Vec<Decimal> = uses.rows.iter().filter_map(pick).collect();
        let computed = (!present.is_empty()).then(|| present.iter().copied().sum::<Decimal>());
        exact_check(uses.total.as_ref().and_then(pick), computed)
    };
    model::UsesOfFunds {
        unit: uses.unit,
        rows: uses
            .rows
            .iter()
            .map(|row| model::UseOfFunds {
                label: row.label.value.clone(),
                planned: value(&row.planned).map(Number),
                actual: value(&row.actual).map(Number),
            })
            .collect(),
        planned_total: total(|row| row.planned.as_ref().map(|cell| cell.value)),
        actual_total: total(|row| row.actual.as_ref().map(|cell| cell.value)),
        // Filled by `uses_of_funds::compare_with_budget` once the budget is evaluated.
        planned_matches_budget: None,
        actual_matches_executed: None,
    }
}

fn evaluate_category(
    goal: Option<usize>,
    path: &[&ast::Category],
    references: &[ast::IndicatorRef<'_>],
    indicators: &[model::Indicator],
    profile: &Profile,
) -> Category {
    let names: Vec<&str> = path
        .iter()
        .map(|category| category.name.value.as_str())
        .collect();
    let path_text = names.join("/");
    let depth = path.len();
    // Members by the names of their categories, at every level (a third level is a parent row
    // and its children: 一、示范区建立 / 1、 2、 3、).
    let members: Vec<&model::Indicator> = references
        .iter()
        .zip(indicators)
        .filter(|(reference, _)| {
            reference.goal == goal
                && reference.path.len() >= names.len()
                && names
                    .iter()
                    .zip(reference.path.iter())
                    .all(|(name, category)| category.name.value == *name)
        })
        .map(|(_, indicator)| indicator)
        .collect();
    let category = path[path.len() - 1];
    let weight_sum: Decimal = members.iter().map(|indicator| indicator.weight.0).sum();
    let score_sum = sum_scores(members.iter().map(|indicator| indicator.score.computed));
    Category {
        goal,
        path: path_text,
        name: category.name.value.clone(),
        level: u8::try_from(depth).unwrap_or(u8::MAX),
        weight: exact_check(
            category.declared_weight.as_ref().map(|w| w.value),
            Some(weight_sum),
        ),
        score: score_check(
            category.declared_score.as_ref().map(|s| s.value),
            score_sum,
            profile,
        ),
    }
}

/// A check where agreement means equality (weights are exact).
fn exact_check(declared: Option<Decimal>, computed: Option<Decimal>) -> Checked<Number> {
    Checked {
        agrees: declared
            .zip(computed)
            .map(|(declared, computed)| declared == computed),
        declared: declared.map(Number),
        computed: computed.map(Number),
    }
}

/// A check of points: computed rounded to the profile's decimals, agreement within tolerance.
fn score_check(
    declared: Option<Decimal>,
    computed: Option<Decimal>,
    profile: &Profile,
) -> Checked<Number> {
    let computed = computed.map(|value| round_score(value, profile));
    Checked {
        agrees: declared
            .zip(computed)
            .map(|(declared, computed)| agrees_within(declared, computed, profile.tolerance)),
        declared: declared.map(Number),
        computed: computed.map(Number),
    }
}

impl model::Indicator {
    /// `level1/level2/name` (the path part of the identity, even when an explicit id is set).
    pub fn id_path(&self) -> String {
        [
            self.level1.as_deref(),
            self.level2.as_deref(),
            Some(self.name.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("/")
    }
}
