//! Structure: required fields, duplicate indicators, the category taxonomy.

use crate::diag::{Code, Diagnostic};
use crate::lang::Text;
use crate::policy::Profile;
use crate::syntax::ast::{Category, Form, FundSource, Item};
use crate::syntax::keywords::{self, TAXONOMY};
use crate::tr;
use std::collections::HashMap;

/// E0102, E0103, E0005, W0201.
pub(super) fn check(form: &Form, profile: &Profile, diagnostics: &mut Vec<Diagnostic>) {
    required_fields(form, profile, diagnostics);
    duplicate_indicators(form, diagnostics);
    categories(form, diagnostics);
}

/// E0102: name, year, budget figures, at least one indicator, and a weight on each indicator.
/// Source: 财预〔2020〕10号 附件1 (the cells every form must fill).
fn required_fields(form: &Form, profile: &Profile, diagnostics: &mut Vec<Diagnostic>) {
    let missing = |what: Text, help: Text| {
        let Text {
            zh: what_zh,
            en: what_en,
        } = what;
        Diagnostic::new(
            Code::MissingField,
            form.kind_span,
            tr!("表单缺少{what_zh}", "the form has no {what_en}"),
        )
        .with_span_message(tr!("在这个表单中", "in this form"))
        .with_help(help)
    };
    if form.name.value.trim().is_empty() {
        // Reported by lowering when the name token is absent; here only an empty string.
        if form.name.span != form.kind_span {
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingField,
                    form.name.span,
                    tr!("表单名称为空", "the form's name is empty"),
                )
                .with_span_message(tr!(
                    "这里应写项目或部门名称",
                    "write the project's or the department's name here"
                )),
            );
        }
    }
    if form.year.is_none() {
        diagnostics.push(missing(
            tr!("年度", "year"),
            tr!(
                "在名称后写年度：`项目 \"名称\" 2021 {{`",
                "write the year after the name: `项目 \"名称\" 2021 {{`"
            ),
        ));
    }
    match &form.budget {
        None => diagnostics.push(missing(
            tr!("资金块", "budget block"),
            tr!(
                "加上 `资金 万元 {{ 财政拨款 年初预算数 全年预算数 全年执行数 }}`",
                "add `资金 万元 {{ 财政拨款 年初预算数 全年预算数 全年执行数 }}`"
            ),
        )),
        Some(budget) => {
            let has =
                |pick: fn(&crate::syntax::ast::BudgetRow) -> bool| budget.rows.iter().any(pick);
            // A budget printed with one column (年初预算数 and 全年执行数 only) is rated against it.
            let has_budget =
                has(|row| row.adjusted_budget.is_some()) || has(|row| row.initial_budget.is_some());
            let has_executed = has(|row| row.executed.is_some());
            let has_figures = has_budget && has_executed;
            // A budget that prints no 执行数 (some transfer-payment forms): checked for what it
            // has, the indicators scored, no execution score and so no total.
            if has_budget && !has_executed && budget.declared_rate.is_none() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ExecutedMissing,
                        budget.span,
                        tr!(
                            "资金块没有全年执行数：执行率和执行率得分无法计算，自评总分也无法核对",
                            "the budget block prints no executed amount: the execution rate and its score cannot be computed, nor the total"
                        ),
                    )
                    .with_span_message(tr!("没有执行数", "no executed amount"))
                    .with_help(tr!(
                        "在资金行的第三栏写出全年执行数",
                        "write the executed amount in the third column of the fund rows"
                    )),
                );
            } else if !has_figures && budget.declared_rate.is_none() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::MissingField,
                        budget.span,
                        tr!(
                            "资金块缺少全年预算数或全年执行数",
                            "the budget block has no adjusted budget or no executed amount"
                        ),
                    )
                    .with_span_message(tr!(
                        "无法计算执行率",
                        "the execution rate cannot be computed"
                    ))
                    .with_help(tr!(
                        "写出资金行：`财政拨款 年初预算数 全年预算数 全年执行数`",
                        "write the fund rows: `财政拨款 年初预算数 全年预算数 全年执行数`"
                    )),
                );
            }
            let totals = budget
                .rows
                .iter()
                .filter(|row| row.source == Some(FundSource::Total))
                .count();
            if totals > 1 {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateField,
                        budget.span,
                        tr!(
                            "资金块有多个合计行",
                            "the budget block has more than one total row"
                        ),
                    )
                    .with_span_message(tr!(
                        "只能有一个 合计 / 年度资金总额 行",
                        "only one `合计` / `年度资金总额` row is allowed"
                    )),
                );
            }
        }
    }
    let indicators = form.indicators();
    // No indicator, unless a line that could not be read (its error reported) was one.
    if indicators.is_empty() && !form.lost.indicators {
        diagnostics.push(missing(
            tr!("绩效指标", "performance indicators"),
            tr!(
                "加上指标，如 `产出指标 {{ 数量指标 {{ \"名称\" 目标 … 实际 … 分值 … }} }}`",
                "add indicators, e.g. `产出指标 {{ 数量指标 {{ \"名称\" 目标 … 实际 … 分值 … }} }}`"
            ),
        ));
    }
    for indicator in indicators.iter().map(|reference| reference.indicator) {
        if indicator.name.value.trim().is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingField,
                    indicator.name.span,
                    tr!("指标名称为空", "the indicator's name is empty"),
                )
                .with_span_message(tr!(
                    "这里应写三级指标的名称",
                    "write the level-3 indicator's name here"
                )),
            );
        }
        if indicator.weight.is_none() && profile.require_weights {
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingField,
                    indicator.name.span,
                    tr!(
                        "指标 `{}` 缺少分值",
                        "indicator `{}` has no weight",
                        indicator.name.value
                    ),
                )
                .with_span_message(tr!("没有 `分值`", "no `分值`"))
                .with_help(tr!(
                    "在这一行写上 `分值 10`（分值即权重，单位为分）",
                    "write `分值 10` on this line (the weight, in points)"
                )),
            );
        }
    }
}

/// E0103: the same name under the same categories (or the same explicit id) twice.
fn duplicate_indicators(form: &Form, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, crate::syntax::Span> = HashMap::new();
    for reference in form.indicators() {
        let (path, indicator) = (&reference.path, reference.indicator);
        let identity = match &indicator.id {
            Some(id) => format!("id:{}", id.value),
            None => format!(
                "{:?}/{}",
                reference.goal,
                path.iter()
                    .map(|category| category.name.value.as_str())
                    .chain([indicator.name.value.as_str()])
                    .collect::<Vec<_>>()
                    .join("/")
            ),
        };
        if let Some(first) = seen.get(&identity) {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateIndicator,
                    indicator.name.span,
                    tr!(
                        "指标 `{}` 重复",
                        "indicator `{}` is duplicated",
                        indicator.name.value
                    ),
                )
                .with_span_message(tr!("第二次出现", "second occurrence"))
                .with_label(*first, tr!("第一次出现", "first occurrence")),
            );
        } else {
            seen.insert(identity, indicator.name.span);
        }
    }
}

/// E0005 for categories nested below level 2; W0201 for names outside the standard taxonomy
/// (财预〔2020〕10号 附件1) or a level-2 under the wrong level-1.
fn categories(form: &Form, diagnostics: &mut Vec<Diagnostic>) {
    let goal_items = form.goals.iter().flat_map(|goal| goal.items.iter());
    for item in form.items.iter().chain(goal_items) {
        if let Item::Category(level1) = item {
            check_level1(level1, diagnostics);
        }
    }
}

fn check_level1(level1: &Category, diagnostics: &mut Vec<Diagnostic>) {
    let name = keywords::standard_category(level1.name.value.as_str());
    // A template's own level-1 names (项目决策, 项目管理, …) hold their own level-2 names.
    if keywords::TEMPLATE_LEVEL1.contains(&name) {
        return;
    }
    let standard = TAXONOMY.iter().find(|(known, _)| *known == name);
    if standard.is_none() {
        let level1_names = TAXONOMY.iter().map(|(known, _)| *known);
        let mut diagnostic = Diagnostic::new(
            Code::UnknownCategory,
            level1.name.span,
            tr!(
                "`{name}` 不是标准的一级指标",
                "`{name}` is not a standard level-1 indicator"
            ),
        )
        .with_span_message(tr!("一级指标", "level-1 indicator"));
        if let Some(word) = keywords::did_you_mean(name, level1_names) {
            diagnostic = diagnostic.with_help(did_you_mean(word));
        } else if let Some((parent, _)) = TAXONOMY
            .iter()
            .find(|(_, children)| children.contains(&name))
        {
            diagnostic = diagnostic.with_help(tr!(
                "`{name}` 是二级指标，应写在 `{parent}` 块内",
                "`{name}` is a level-2 indicator: write it inside the `{parent}` block"
            ));
        }
        diagnostics.push(diagnostic);
    }
    for item in &level1.items {
        let Item::Category(level2) = item else {
            continue;
        };
        let child = keywords::standard_category(level2.name.value.as_str());
        if let Some((_, children)) = standard {
            if !children.contains(&child) {
                let home = TAXONOMY
                    .iter()
                    .find(|(_, children)| children.contains(&child));
                let all_level2 = TAXONOMY
                    .iter()
                    .flat_map(|(_, children)| children.iter().copied());
                let mut diagnostic = Diagnostic::new(
                    Code::UnknownCategory,
                    level2.name.span,
                    match home {
                        Some((parent, _)) => tr!(
                            "`{child}` 属于 `{parent}`，不应在 `{name}` 下",
                            "`{child}` belongs under `{parent}`, not under `{name}`"
                        ),
                        None => tr!(
                            "`{child}` 不是 `{name}` 的标准二级指标",
                            "`{child}` is not a standard level-2 indicator of `{name}`"
                        ),
                    },
                )
                .with_span_message(tr!("二级指标", "level-2 indicator"))
                .with_label(
                    level1.name.span,
                    tr!("所在的一级指标", "its level-1 indicator"),
                );
                diagnostic = match keywords::did_you_mean(child, all_level2) {
                    Some(word) if home.is_none() => diagnostic.with_help(did_you_mean(word)),
                    _ => {
                        let children_zh = children.join("、");
                        let children_en = children
                            .iter()
                            .map(|child| format!("`{child}`"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        diagnostic.with_help(tr!(
                            "`{name}` 的二级指标：{children_zh}",
                            "the level-2 indicators of `{name}`: {children_en}"
                        ))
                    }
                };
                diagnostics.push(diagnostic);
            }
        }
        // A third level is a parent row and its children (一、 with 1、 2、 3、 below): it may hold
        // indicators only; a category inside it is too deep.
        let too_deep = level2.items.iter().flat_map(|item| match item {
            Item::Category(level3) => level3
                .items
                .iter()
                .filter_map(|inner| match inner {
                    Item::Category(level4) => Some(level4),
                    Item::Indicator(_) => None,
                })
                .collect::<Vec<&Category>>(),
            Item::Indicator(_) => Vec::new(),
        });
        for level3 in too_deep {
            {
                diagnostics.push(
                    Diagnostic::new(
                        Code::NestingTooDeep,
                        level3.name.span,
                        tr!(
                            "类别 `{}` 在第四层",
                            "category `{}` is at the fourth level",
                            level3.name.value
                        ),
                    )
                    .with_span_message(tr!(
                        "父行（如“一、示范区建立”）之下只能写指标",
                        "only indicators may be written under a parent row"
                    ))
                    .with_help(tr!(
                        "指标名称要加引号：`\"名称\" 目标 … 实际 … 分值 …`",
                        "quote the indicator's name: `\"名称\" 目标 … 实际 … 分值 …`"
                    )),
                );
            }
        }
    }
}

/// The help line suggesting `word`.
fn did_you_mean(word: &str) -> Text {
    tr!("是否想写 `{word}`？", "did you mean `{word}`?")
}
