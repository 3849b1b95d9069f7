//! The budget block: fund rows against their total, the execution rate and its score.
//! Source: 财预〔2020〕10号 附件1; docs/DOMAIN.md scoring rule 2.

use crate::diag::{Code, Diagnostic};
use crate::lang::Text;
use crate::model::{Basis, Checked, Evaluation, Number};
use crate::policy::Profile;
use crate::syntax::ast::{self, Form, FundSource};
use crate::syntax::keywords;
use crate::syntax::{Span, Spanned};
use crate::tr;
use rust_decimal::Decimal;

/// W0304, W0301, W0302, W0303, W0305, W0306, W0307, W0506.
pub(super) fn check(
    form: &Form,
    evaluation: &Evaluation,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(budget) = &form.budget else { return };
    fund_rows(budget, evaluation, diagnostics);
    execution_rate(budget, evaluation, diagnostics);
    execution_score(budget, evaluation, diagnostics);
    blank_execution_score(budget, evaluation, diagnostics);
    execution_reason(budget, evaluation, profile, diagnostics);
    unit_slip(form, budget, diagnostics);
    execution_as_indicator(form, budget, evaluation, diagnostics);
    spending_split(budget, evaluation, diagnostics);
}

/// W0304 for the split by type of spending (按支出性质分: 基本支出 + 项目支出): each column it
/// fills must add up to the budget's figure, like the fund sources (按收入性质分) do.
fn spending_split(
    budget: &ast::Budget,
    evaluation: &Evaluation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let rows: Vec<&ast::BudgetRow> = budget
        .rows
        .iter()
        .filter(|row| row.source.is_none() && keywords::is_spending_split_row(&row.label.value))
        .collect();
    let Some(first) = rows.first() else { return };
    let columns = columns(evaluation);
    let mut differences = Vec::new();
    let mut notes = Vec::new();
    for (column, column_en, checked, cell) in columns {
        let cells: Vec<(&str, Decimal)> = rows
            .iter()
            .filter_map(|row| {
                cell(row)
                    .as_ref()
                    .map(|value| (row.label.value.as_str(), value.value))
            })
            .collect();
        let Some(total) = crate::eval::fund_figure(checked) else {
            continue;
        };
        if cells.is_empty() {
            continue;
        }
        let sum: Decimal = cells.iter().map(|(_, value)| *value).sum();
        if sum == total.0 {
            continue;
        }
        let gap = total.0 - sum;
        let terms: Vec<String> = cells
            .iter()
            .map(|(label, value)| format!("{label} {value}"))
            .collect();
        let terms = terms.join(" + ");
        differences.push(tr!(
            "{column} {sum} ≠ {total}（差 {gap}）",
            "{column_en} {sum} ≠ {total} (gap {gap})"
        ));
        notes.push(tr!(
            "{column}：{terms} = {sum}",
            "{column_en}: {terms} = {sum}"
        ));
    }
    if differences.is_empty() {
        return;
    }
    let differences = join(&differences, "，", ", ");
    let mut diagnostic = Diagnostic::new(
        Code::FundRowsNotSumming,
        first.label.span,
        Text::new(
            format!(
                "按支出性质分（基本支出、项目支出）之和与资金总额不符：{}",
                differences.zh
            ),
            format!(
                "the split by type of spending (基本支出, 项目支出) does not add up to the budget: {}",
                differences.en
            ),
        ),
    )
    .with_span_message(tr!("按支出性质分", "split by type of spending"));
    for note in notes {
        diagnostic = diagnostic.with_note(note);
    }
    diagnostics.push(diagnostic.with_fact("budget.total"));
}

/// Whether an indicator's name says it is the budget execution rate (`预算执行率`,
/// `预算资金执行率`, `项目资金执行率`, `预算完成率`), not another rate (`政府采购执行率`).
fn names_execution_rate(name: &str) -> bool {
    (name.contains("执行率") && (name.contains("预算") || name.contains("资金")))
        && !name.contains("采购")
        || name.contains("预算完成率")
}

/// W0308: the execution rate scored in the budget block and again as an indicator; W0301: an
/// execution-rate indicator whose actual differs from the budget's computed rate.
fn execution_as_indicator(
    form: &Form,
    budget: &ast::Budget,
    evaluation: &Evaluation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (reference, evaluated) in form.indicators().into_iter().zip(&evaluation.indicators) {
        let indicator = reference.indicator;
        if !names_execution_rate(&indicator.name.value) {
            continue;
        }
        let name = &indicator.name.value;
        let block_weight = evaluation.budget.weight;
        if !block_weight.0.is_zero() && !evaluated.weight.0.is_zero() {
            let weight = evaluated.weight;
            let mut diagnostic = Diagnostic::new(
                Code::ExecutionCountedTwice,
                indicator.name.span,
                tr!(
                    "执行率已在资金块计 {block_weight} 分，指标 `{name}` 又计 {weight} 分",
                    "the execution rate already scores {block_weight} points in the budget block, and indicator `{name}` scores it again for {weight}"
                ),
            )
            .with_span_message(tr!("重复计分的执行率指标", "the execution rate again"));
            if let Some(weight) = &budget.weight {
                diagnostic = diagnostic.with_label(
                    weight.span,
                    tr!("资金块的执行率分值", "the budget block's weight"),
                );
            }
            diagnostics.push(diagnostic);
        }
        // The indicator's actual against the budget's computed rate, at its own precision.
        let (Some(actual), Some(rate)) = (
            indicator.actual.as_ref(),
            evaluation.budget.execution_rate.computed,
        ) else {
            continue;
        };
        let (Some(amount), Some("%")) = (actual.amount(), actual.unit()) else {
            continue;
        };
        // The model's rate has two decimals: compare at the actual's precision, at most two.
        if crate::eval::rounding::round_to(rate.0, amount.scale().min(2)) != amount {
            diagnostics.push(
                Diagnostic::new(
                    Code::ExecutionRateMismatch,
                    actual.span,
                    tr!(
                        "指标 `{name}` 的完成值 {amount}% 与计算的执行率 {rate}% 不符",
                        "indicator `{name}`: the actual {amount}% differs from the computed execution rate {rate}%"
                    ),
                )
                .with_span_message(tr!("完成值", "actual")),
            );
        }
    }
}

/// The smallest amount, 万元, that no single project's budget reaches: 10^5 万元 = 10 亿元.
const IMPLAUSIBLE_PROJECT_AMOUNT: i64 = 100_000;

/// W0307: a project's amounts under 万元 that look like 元: 10^5 万元 or more, or quoted by the
/// goal text as the same figure in 元 (`387664.62元`).
fn unit_slip(form: &Form, budget: &ast::Budget, diagnostics: &mut Vec<Diagnostic>) {
    if budget.unit != ast::MoneyUnit::TenThousandYuan {
        return;
    }
    let cells: Vec<&Spanned<Decimal>> = budget
        .rows
        .iter()
        .flat_map(|row| [&row.initial_budget, &row.adjusted_budget, &row.executed])
        .filter_map(Option::as_ref)
        .collect();
    let goal_text: String = form
        .goals
        .iter()
        .flat_map(|goal| [&goal.planned, &goal.achieved])
        .filter_map(|text| {
            text.as_ref()
                .map(|text| text.value.replace([',', '，'], ""))
        })
        .collect::<Vec<_>>()
        .join("\n");
    // A figure of at least five characters (`72890`, `38.35`): a short round number (`100元`)
    // in a goal text is more likely a standard per head than the budget.
    let quoted_in_yuan = |amount: Decimal| {
        let figure = amount.normalize().to_string();
        figure.len() >= 5
            && goal_text.match_indices(&figure).any(|(start, _)| {
                let before = goal_text[..start].chars().next_back();
                let after = &goal_text[start + figure.len()..];
                !before.is_some_and(|c| c.is_ascii_digit() || c == '.')
                    && after.trim_start().starts_with('元')
            })
    };
    let large = form.kind == ast::FormKind::Project
        && cells
            .iter()
            .any(|cell| cell.value >= Decimal::from(IMPLAUSIBLE_PROJECT_AMOUNT));
    let quoted = cells
        .iter()
        .find(|cell| !cell.value.is_zero() && quoted_in_yuan(cell.value));
    let Some(cell) =
        quoted.or_else(|| cells.iter().filter(|_| large).max_by_key(|cell| cell.value))
    else {
        return;
    };
    let amount = cell.value;
    let yuan = (amount * Decimal::from(10_000)).normalize();
    let message = if quoted.is_some() {
        tr!(
            "资金金额 {amount} 万元与年度目标文字中的 {amount}元 是同一数字，疑似以元填报",
            "the amount {amount} (万元) is the figure the goal text gives as {amount}元: it looks like an amount in 元"
        )
    } else {
        let yi = (amount / Decimal::from(10_000)).round_dp(2);
        tr!(
            "资金金额 {amount} 万元（{yi} 亿元）对一个项目过大，疑似以元填报",
            "the amount {amount} 万元 ({yi} × 10^8 元) is too large for one project: it looks like an amount in 元"
        )
    };
    let diagnostic = Diagnostic::new(Code::BudgetUnitSuspect, cell.span, message)
        .with_span_message(tr!("按万元读作 {amount} 万元", "read as {amount} 万元"))
        .with_note(tr!(
            "以元为单位的金额请写 `资金 元 {{`；按万元读，{amount} 万元 = {yuan} 元",
            "amounts in 元 are written `资金 元 {{`; read in 万元, {amount} 万元 = {yuan} 元"
        ));
    diagnostics.push(diagnostic.with_fact("budget.unit"));
}

/// W0507: an execution rate below the profile's threshold with no reason (四川 填表说明第1条).
fn execution_reason(
    budget: &ast::Budget,
    evaluation: &Evaluation,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (Some(threshold), Some(rate)) = (
        profile.execution_reason_threshold,
        evaluation.budget.execution_rate.computed,
    ) else {
        return;
    };
    if rate.0 >= threshold
        || budget
            .reason
            .as_ref()
            .is_some_and(|reason| !reason.value.trim().is_empty())
    {
        return;
    }
    diagnostics.push(
        Diagnostic::new(
            Code::ExecutionReasonMissing,
            budget
                .declared_rate
                .as_ref()
                .map_or(budget.span, |rate| rate.span),
            tr!(
                "执行率 {rate}% 低于 {threshold}%，但没有说明原因",
                "execution rate {rate}% is below {threshold}% but no reason is given"
            ),
        )
        .with_span_message(tr!("执行率", "execution rate"))
        .with_note(tr!(
            "评分规则 {} 要求执行率低于 {threshold}% 时说明原因",
            "profile `{}` requires a reason when the execution rate is below {threshold}%",
            profile.name
        )),
    );
}

type Cell = fn(&ast::BudgetRow) -> &Option<Spanned<Decimal>>;

/// The three amount columns of a budget: Chinese and English names, the evaluated total of the
/// column, and how to read the column's cell of a row.
fn columns(evaluation: &Evaluation) -> [(&'static str, &'static str, &Checked<Number>, Cell); 3] {
    let total = &evaluation.budget.total;
    [
        (
            "年初预算数",
            "initial budget",
            &total.initial_budget,
            |row| &row.initial_budget,
        ),
        (
            "全年预算数",
            "adjusted budget",
            &total.adjusted_budget,
            |row| &row.adjusted_budget,
        ),
        ("全年执行数", "executed", &total.executed, |row| {
            &row.executed
        }),
    ]
}

/// W0304: each column of a stated total row equals the sum of the fund-source rows. One
/// diagnostic per total row, with a label on every cell that is off.
fn fund_rows(budget: &ast::Budget, evaluation: &Evaluation, diagnostics: &mut Vec<Diagnostic>) {
    let Some(total_row) = budget
        .rows
        .iter()
        .find(|row| row.source == Some(FundSource::Total))
    else {
        return;
    };
    let columns = columns(evaluation);
    let sources: Vec<&ast::BudgetRow> = budget
        .rows
        .iter()
        .filter(|row| matches!(row.source, Some(source) if source != FundSource::Total))
        .collect();
    let mut differences: Vec<Text> = Vec::new();
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    let from_total_row = columns.iter().any(|(_, _, checked, _)| {
        checked.disagrees() && crate::eval::fund_figure(checked) == checked.declared
    });
    for (column, column_en, checked, cell) in columns {
        let (Some(declared), Some(computed), true) =
            (checked.declared, checked.computed, checked.disagrees())
        else {
            continue;
        };
        differences.push(tr!(
            "{column} {declared} ≠ {computed}",
            "{column_en} {declared} ≠ {computed}"
        ));
        if let Some(value) = cell(total_row) {
            labels.push((
                value.span,
                tr!(
                    "{column} {declared}，应为 {computed}",
                    "{column_en} {declared}, should be {computed}"
                ),
            ));
        }
        let parts: Vec<Text> = sources
            .iter()
            .filter_map(|row| {
                cell(row)
                    .as_ref()
                    .map(|value| tr!("{} {}", "`{}` {}", row.label.value, value.value))
            })
            .collect();
        let Text {
            zh: parts_zh,
            en: parts_en,
        } = join(&parts, " + ", " + ");
        notes.push(tr!(
            "{column}：{parts_zh} = {computed}",
            "{column_en}: {parts_en} = {computed}"
        ));
    }
    if differences.is_empty() {
        return;
    }
    let (label, differences) = (total_label(total_row), join(&differences, "，", ", "));
    let mut diagnostic = Diagnostic::new(
        Code::FundRowsNotSumming,
        total_row.label.span,
        Text::new(
            format!("{}与各资金来源之和不符：{}", label.zh, differences.zh),
            format!(
                "{} does not equal the sum of the fund sources: {}",
                label.en, differences.en
            ),
        ),
    )
    .with_span_message(tr!("合计行", "total row"));
    for (span, message) in labels {
        diagnostic = diagnostic.with_label(span, message);
    }
    for note in notes {
        diagnostic = diagnostic.with_note(note);
    }
    diagnostics.push(
        diagnostic
            .with_note(if from_total_row {
                tr!(
                    "执行率按已填写的 `合计` 行计算",
                    "the execution rate is computed from the filled total row"
                )
            } else {
                tr!(
                    "执行率按各资金来源之和计算",
                    "the execution rate is computed from the sum of the fund sources"
                )
            })
            .with_fact("budget.total"),
    );
}

/// Joins texts language by language, each with its own separator.
fn join(texts: &[Text], separator_zh: &str, separator_en: &str) -> Text {
    Text::new(
        texts
            .iter()
            .map(|text| text.zh.as_str())
            .collect::<Vec<_>>()
            .join(separator_zh),
        texts
            .iter()
            .map(|text| text.en.as_str())
            .collect::<Vec<_>>()
            .join(separator_en),
    )
}

fn total_label(row: &ast::BudgetRow) -> Text {
    if row.label.value.is_empty() {
        tr!("合计行", "the total row")
    } else {
        tr!("`{}` 行", "row `{}`", row.label.value)
    }
}

/// The span of the first row cell found by `cell` (for labels on the figures).
fn figure_span(budget: &ast::Budget, checked: &Checked<Number>, cell: Cell) -> Option<Span> {
    let sources: Vec<&ast::BudgetRow> = budget
        .rows
        .iter()
        .filter(|row| matches!(row.source, Some(source) if source != FundSource::Total))
        .collect();
    let from_total_row = checked.computed.is_some()
        && crate::eval::fund_figure(checked) == checked.declared
        && checked.declared != checked.computed;
    let rows: Vec<&ast::BudgetRow> = if from_total_row {
        budget
            .rows
            .iter()
            .filter(|row| row.source == Some(FundSource::Total))
            .collect()
    } else if sources.is_empty() {
        budget.rows.iter().collect()
    } else {
        sources
    };
    let spans: Vec<Span> = rows
        .iter()
        .filter_map(|row| cell(row).as_ref().map(|value| value.span))
        .collect();
    let first = *spans.first()?;
    Some(spans.iter().fold(first, |all, span| all.to(*span)))
}

/// W0301/W0302 (declared rate), W0305 (over budget), W0306 (zero budget), W0506 (no figures).
fn execution_rate(
    budget: &ast::Budget,
    evaluation: &Evaluation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let model = &evaluation.budget;
    let adjusted = crate::eval::fund_figure(&model.total.adjusted_budget);
    let executed = crate::eval::fund_figure(&model.total.executed);
    let initial = crate::eval::fund_figure(&model.total.initial_budget);
    let adjusted_span = figure_span(budget, &model.total.adjusted_budget, |row| {
        &row.adjusted_budget
    });
    let executed_span = figure_span(budget, &model.total.executed, |row| &row.executed);
    let initial_span = figure_span(budget, &model.total.initial_budget, |row| {
        &row.initial_budget
    });

    if let (Some(adjusted), Some(executed)) = (adjusted, executed) {
        if adjusted.0.is_zero() {
            let mut diagnostic = Diagnostic::new(
                Code::ZeroBudget,
                adjusted_span.unwrap_or(budget.span),
                tr!(
                    "全年预算数为 0，执行率无法计算",
                    "the adjusted budget is 0, so the execution rate cannot be computed"
                ),
            )
            .with_span_message(tr!("全年预算数", "adjusted budget"))
            .with_note(tr!("执行率得分按 0 计", "the execution score counts as 0"));
            // `0 / 0` printed as `100%`: a rate the figures cannot give.
            if let Some(declared) = &budget.declared_rate {
                let (text, executed) = (declared_text(budget), executed.0);
                diagnostic = diagnostic
                    .with_label(declared.span, tr!("申报 {text}", "declared {text}"))
                    .with_note(tr!(
                        "申报的执行率 {text} 没有依据：{executed} ÷ 0 无定义",
                        "the declared rate {text} has no basis: {executed} ÷ 0 is undefined"
                    ));
            }
            if let (Some(declared), true) =
                (&budget.declared_score, model.execution_score.disagrees())
            {
                let score = declared.value;
                diagnostic = diagnostic
                    .with_label(declared.span, tr!("申报 {score}", "declared {score}"))
                    .with_note(tr!(
                        "申报的执行率得分 {score} 因此不成立",
                        "so the declared execution score {score} does not stand"
                    ));
            }
            diagnostics.push(diagnostic);
        } else if executed.0 > adjusted.0 {
            let rate = model
                .execution_rate
                .computed
                .map_or_else(String::new, |rate| rate.to_string());
            diagnostics.push(
                Diagnostic::new(
                    Code::ExecutionOverBudget,
                    executed_span.unwrap_or(budget.span),
                    tr!(
                        "全年执行数 {executed} 超过全年预算数 {adjusted}（执行率 {rate}%）",
                        "executed {executed} exceeds the adjusted budget {adjusted} (execution rate {rate}%)"
                    ),
                )
                .with_span_message(tr!("全年执行数", "executed"))
                .with_label(
                    adjusted_span.unwrap_or(budget.span),
                    tr!("全年预算数", "adjusted budget"),
                )
                .with_note(tr!("执行率按 100% 计分", "the execution rate is scored as 100%")),
            );
        }
    }

    let Some(declared) = &budget.declared_rate else {
        return;
    };
    if model.execution_rate.computed.is_none()
        && adjusted.is_none_or(|adjusted| !adjusted.0.is_zero())
    {
        diagnostics.push(
            Diagnostic::new(
                Code::DeclaredWithoutBasis,
                declared.span,
                tr!(
                    "申报的执行率 {}% 无法核对",
                    "the declared execution rate {}% cannot be verified",
                    declared.value
                ),
            )
            .with_span_message(tr!(
                "缺少全年预算数或全年执行数",
                "adjusted budget or executed amount missing"
            ))
            .with_help(tr!(
                "写出资金行的全年预算数和全年执行数",
                "write the adjusted budget and the executed amount in the fund rows"
            ))
            .with_note(tr!(
                "执行率得分按申报的执行率计算",
                "the execution score uses the declared execution rate"
            )),
        );
        return;
    }
    if !model.execution_rate.disagrees() {
        return;
    }
    let computed = model
        .execution_rate
        .computed
        .map_or_else(String::new, |rate| rate.to_string());
    let (adjusted_text, executed_text) = (display(adjusted), display(executed));
    if model.declared_rate_uses_initial_budget {
        let on_initial = model
            .rate_on_initial_budget
            .map_or_else(String::new, |rate| rate.to_string());
        let mut diagnostic = Diagnostic::new(
            Code::ExecutionRateWrongBase,
            declared.span,
            tr!(
                "执行率 {}% 是以年初预算数为分母算出的；应为 {computed}%",
                "execution rate {}% was computed on the initial budget; it should be {computed}%",
                declared.value
            ),
        )
        .with_span_message(format!(
            "{executed_text} ÷ {} = {on_initial}%",
            display(initial)
        ))
        .with_note(tr!(
            "执行率 = 全年执行数 ÷ 全年预算数 = {executed_text} ÷ {adjusted_text} = {computed}%",
            "execution rate = executed ÷ adjusted budget = {executed_text} ÷ {adjusted_text} = {computed}%"
        ))
        .with_note(tr!(
            "申报：{}%；计算：{computed}%",
            "declared: {}%; computed: {computed}%",
            declared.value
        ));
        if let Some(span) = initial_span {
            diagnostic = diagnostic.with_label(
                span,
                tr!(
                    "年初预算数（错误的分母）",
                    "initial budget (the wrong base)"
                ),
            );
        }
        if let Some(span) = adjusted_span {
            diagnostic = diagnostic.with_label(
                span,
                tr!(
                    "全年预算数（应使用的分母）",
                    "adjusted budget (the right base)"
                ),
            );
        }
        diagnostics.push(diagnostic.with_fact("budget.execution_rate"));
    } else {
        let mut diagnostic = Diagnostic::new(
            Code::ExecutionRateMismatch,
            declared.span,
            tr!(
                "申报的执行率 {} 与计算的 {computed}% 不符",
                "the declared execution rate {} differs from the computed {computed}%",
                declared_text(budget)
            ),
        )
        .with_span_message(tr!("申报 {}", "declared {}", declared_text(budget)))
        .with_note(tr!(
            "执行率 = 全年执行数 ÷ 全年预算数 = {executed_text} ÷ {adjusted_text} = {computed}%",
            "execution rate = executed ÷ adjusted budget = {executed_text} ÷ {adjusted_text} = {computed}%"
        ));
        if let Some(span) = executed_span {
            diagnostic = diagnostic.with_label(span, tr!("全年执行数", "executed"));
        }
        if let Some(span) = adjusted_span {
            diagnostic = diagnostic.with_label(span, tr!("全年预算数", "adjusted budget"));
        }
        if evaluation.budget.rate_difference == Some(crate::model::Difference::Truncated) {
            diagnostic = diagnostic.with_note(tr!(
                "申报值 {} 是计算值 {computed}% 截尾（舍去尾数）所得，未按四舍五入取值",
                "the declared {} is the computed {computed}% cut off instead of rounded half up",
                declared_text(budget)
            ));
        }
        diagnostics.push(diagnostic.with_fact("budget.execution_rate"));
    }
}

/// W0303: an execution score cell printed blank while the form gives execution a weight (a
/// common result of over-execution, a rate above 100%).
fn blank_execution_score(
    budget: &ast::Budget,
    evaluation: &Evaluation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let model = &evaluation.budget;
    let (Some(span), Some(computed), Some(rate)) = (
        budget.declared_score_blank,
        model.execution_score.computed,
        model.execution_rate.computed,
    ) else {
        return;
    };
    if model.weight.0.is_zero() {
        return;
    }
    let weight = model.weight;
    let capped = rate.0.min(Decimal::ONE_HUNDRED);
    let mut diagnostic = Diagnostic::new(
        Code::ExecutionScoreMismatch,
        span,
        tr!(
            "执行率得分一栏为空，而执行率有 {weight} 分：应为 {computed}",
            "the execution score is left blank although the execution rate carries {weight} points: it should be {computed}"
        ),
    )
    .with_span_message(tr!("空白", "blank"))
    .with_note(tr!(
        "执行率得分 = 分值 × min(执行率, 100%) = {weight} × {capped}% = {computed}",
        "execution score = weight × min(execution rate, 100%) = {weight} × {capped}% = {computed}"
    ));
    if rate.0 > Decimal::ONE_HUNDRED {
        diagnostic = diagnostic.with_note(tr!(
            "执行率 {rate}% 超过 100% 时按 100% 计分，不是不计分",
            "an execution rate of {rate}%, above 100%, scores as 100%, not as nothing"
        ));
    }
    diagnostics.push(diagnostic.with_fact("budget.execution_score"));
}

/// W0303: the declared execution score against weight × min(rate, 100%).
fn execution_score(
    budget: &ast::Budget,
    evaluation: &Evaluation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let model = &evaluation.budget;
    // A score printed coarser than the profile's precision is one note for the form (W0407).
    // A budget of 0 is W0306, which names the declared score too.
    let zero_budget = model.basis == Basis::Computed && model.execution_rate.computed.is_none();
    if !model.execution_score.disagrees()
        || model.score_difference == Some(crate::model::Difference::RoundedCoarser)
        || zero_budget
    {
        return;
    }
    let (Some(declared), Some(computed)) = (&budget.declared_score, model.execution_score.computed)
    else {
        return;
    };
    let rate = match model.basis {
        Basis::Declared => model.execution_rate.declared,
        _ => model.execution_rate.computed,
    }
    // With a budget of 0 the rate is undefined and scores as 0% (W0306 says so).
    .map_or_else(
        || "0%".to_string(),
        |rate| format!("{}%", rate.0.min(Decimal::ONE_HUNDRED)),
    );
    let mut diagnostic = Diagnostic::new(
        Code::ExecutionScoreMismatch,
        declared.span,
        tr!(
            "申报的执行率得分 {} 与计算的 {computed} 不符",
            "the declared execution score {} differs from the computed {computed}",
            declared.value
        ),
    )
    .with_span_message(tr!("申报 {}", "declared {}", declared.value))
    .with_note(tr!(
        "执行率得分 = 分值 × min(执行率, 100%) = {} × {rate} = {computed}",
        "execution score = weight × min(execution rate, 100%) = {} × {rate} = {computed}",
        model.weight
    ));
    if let Some(weight) = &budget.weight {
        diagnostic = diagnostic.with_label(weight.span, tr!("分值", "weight"));
    }
    let exact_rate = match model.basis {
        Basis::Declared => model.execution_rate.declared,
        _ => model.execution_rate.computed,
    };
    if let (Some(crate::model::Difference::RateRoundedFirst), Some(rate)) =
        (model.score_difference, exact_rate)
    {
        if let Some(rounded) =
            crate::eval::rounding::rate_rounded_first(declared.value, model.weight.0, rate.0)
        {
            diagnostic = diagnostic.with_note(tr!(
                "申报值 {} = {} × {rounded}%：先把执行率取整为 {rounded}% 再计算；应以未取整的执行率计算，再将得分四舍五入",
                "the declared {} = {} × {rounded}%: the rate was rounded to {rounded}% first; compute with the unrounded rate and round the score",
                declared.value,
                model.weight
            ));
        }
    }
    diagnostics.push(diagnostic.with_fact("budget.execution_score"));
}

/// The declared execution rate as written: `0.958` for a fraction, `95.8%` for a percentage.
fn declared_text(budget: &ast::Budget) -> String {
    budget
        .declared_rate
        .as_ref()
        .map_or_else(String::new, |rate| match budget.declared_rate_is_fraction {
            true => (rate.value / Decimal::ONE_HUNDRED).to_string(),
            false => format!("{}%", rate.value),
        })
}

fn display(number: Option<Number>) -> String {
    number.map_or_else(|| "?".to_string(), |number| number.to_string())
}
