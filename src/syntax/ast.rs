//! The typed syntax tree of a `.jx` file, with byte spans.
//!
//! The AST is what the author *wrote*: declared values stay declared, nothing is computed here.
//! It knows nothing about pest (lowering happens in `lower.rs`) and nothing about scoring.
//! Amounts are in the unit the budget block states (万元 by default); percentages are kept as
//! written in percent (`78%` is `78`).

pub(crate) use super::keywords::FundSource;
use super::quantity::Quantity;
use crate::span::{Span, Spanned};
use std::rc::Rc;

/// The vocabulary the AST shares with the `jixiao/2` model (defined there, see `model::vocabulary`).
pub(crate) use crate::model::{FormKind, MoneyUnit, Nature};
use rust_decimal::Decimal;

/// A parsed file: zero or more forms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct File {
    /// The forms, in source order.
    pub forms: Vec<Form>,
}

/// One evaluation form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Project or department.
    pub kind: FormKind,
    /// The keyword that opened the form.
    pub kind_span: Span,
    /// 项目名称 / 部门名称.
    pub name: Spanned<String>,
    /// The budget year evaluated.
    pub year: Option<Spanned<u16>>,
    /// Header fields (主管部门, 实施单位, contact, and any others kept as written).
    pub header: Header,
    /// 评分规则: the profile chosen by the file, if any.
    pub profile: Option<Spanned<String>>,
    /// 自评总得分 as declared.
    pub declared_total: Option<Spanned<Decimal>>,
    /// 评价等级 as declared.
    pub declared_grade: Option<Spanned<String>>,
    /// 绩效指标总分 as declared: the sum of all indicator weights and scores.
    pub declared_indicator_subtotal: Option<DeclaredSubtotal>,
    /// The budget block.
    pub budget: Option<Budget>,
    /// The goal blocks (预期目标 / 实际完成情况).
    pub goals: Vec<Goal>,
    /// The indicator tree: categories and indicators, in source order.
    pub items: Vec<Item>,
    /// The facts an error left unreadable: the rules that read them stay silent (a warning
    /// that only follows from an error already reported is not a second finding).
    pub lost: Lost,
    /// The whole form.
    pub span: Span,
}

/// The parts of a form that lowering could not read in full, because an error was reported
/// inside them (an unreadable amount, an indicator line that could not be read). A value that
/// is only declared (an indicator's 得分) loses nothing: the computed figures do not read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lost {
    /// An amount, the execution rate or a budget line of the budget block (资金).
    pub budget: bool,
    /// The set of indicators and their weights: a line of the indicator tree that is not an
    /// indicator, or an indicator whose 分值 could not be read (weight sums are unknown).
    pub indicators: bool,
    /// What the computed scores read: the indicators, or an indicator's target, actual,
    /// coefficient or a word that may have been one of them (the total is unknown).
    pub scores: bool,
    /// A purpose or an amount of a uses-of-funds block (资金用途).
    pub uses_of_funds: bool,
}

impl Lost {
    /// Everything: after a line of the form that could not be read at all.
    pub const ALL: Lost = Lost {
        budget: true,
        indicators: true,
        scores: true,
        uses_of_funds: true,
    };
}

/// Header fields other than name and year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// 主管部门.
    pub supervising_department: Option<Spanned<String>>,
    /// 实施单位.
    pub implementing_unit: Option<Spanned<String>>,
    /// 联系人.
    pub contact_person: Option<Spanned<String>>,
    /// 联系电话.
    pub contact_phone: Option<Spanned<String>>,
    /// Any other field, kept as written (key, value).
    pub extra: Vec<(Spanned<String>, Spanned<String>)>,
}

/// A declared subtotal: weight and/or score.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeclaredSubtotal {
    /// Declared weight (points).
    pub weight: Option<Spanned<Decimal>>,
    /// Declared score (points).
    pub score: Option<Spanned<Decimal>>,
}

/// The budget block: fund rows, the execution-rate weight and the declared rate and score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    /// 万元 or 元.
    pub unit: MoneyUnit,
    /// Fund rows in source order (a department form usually has only the total row).
    pub rows: Vec<BudgetRow>,
    /// 分值 of the execution rate (points).
    pub weight: Option<Spanned<Decimal>>,
    /// 执行率 as declared, in percent.
    pub declared_rate: Option<Spanned<Decimal>>,
    /// Whether the declared 执行率 was written as a fraction (`0.958`, `0.1`, `1`), whose precision
    /// is its own decimals of a fraction, not of a percentage.
    pub declared_rate_is_fraction: bool,
    /// 得分 of the execution rate as declared (points).
    pub declared_score: Option<Spanned<Decimal>>,
    /// Where the form prints the execution 得分 cell blank (`得分 -`).
    pub declared_score_blank: Option<Span>,
    /// 原因: why the execution rate is low (四川 forms require it below 90%).
    pub reason: Option<Spanned<String>>,
    /// The whole block.
    pub span: Span,
}

/// One fund row: 年初预算数, 全年预算数, 全年执行数.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRow {
    /// The row label as written (财政拨款, 合计, …).
    pub label: Spanned<String>,
    /// What the row is; `None` for a label jixiao does not know (kept, not added into sums).
    pub source: Option<FundSource>,
    /// 年初预算数.
    pub initial_budget: Option<Spanned<Decimal>>,
    /// 全年预算数.
    pub adjusted_budget: Option<Spanned<Decimal>>,
    /// 全年执行数.
    pub executed: Option<Spanned<Decimal>>,
    /// The whole row.
    pub span: Span,
}

/// One goal block: what was planned and what was achieved (free text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// The block's title as written (`年度总体目标`, `年度绩效目标1`).
    pub title: Spanned<String>,
    /// A declared weight (`年度绩效目标1(40分)`), points.
    pub declared_weight: Option<Spanned<Decimal>>,
    /// 预期目标.
    pub planned: Option<Spanned<String>>,
    /// 实际完成情况.
    pub achieved: Option<Spanned<String>>,
    /// The goal's own indicator tree (湖北: one tree per goal), in source order.
    pub items: Vec<Item>,
    /// 资金用途: the planned and actual amounts by purpose, when the goal text itemises them
    /// (安徽 forms write them in 元 inside the goal text).
    pub uses_of_funds: Option<UsesOfFunds>,
}

/// A 资金用途 block: amounts by purpose, planned and actual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsesOfFunds {
    /// 万元 or 元.
    pub unit: MoneyUnit,
    /// The purposes, in source order.
    pub rows: Vec<UseOfFunds>,
    /// The stated total row (`合计 计划 实际`), if written.
    pub total: Option<UseOfFunds>,
    /// The whole block.
    pub span: Span,
}

/// One purpose: its label, planned amount and actual amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseOfFunds {
    /// The purpose as written.
    pub label: Spanned<String>,
    /// Planned amount.
    pub planned: Option<Spanned<Decimal>>,
    /// Actual amount.
    pub actual: Option<Spanned<Decimal>>,
}

/// An entry of the indicator tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A level-1 or level-2 category with its children.
    Category(Category),
    /// A level-3 indicator (boxed: it is much larger than a category).
    Indicator(Box<Indicator>),
}

/// A category block (一级指标 or 二级指标).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// Its name as written (English aliases resolved to the Chinese name).
    pub name: Spanned<String>,
    /// A declared weight (`产出指标 50分`).
    pub declared_weight: Option<Spanned<Decimal>>,
    /// A declared score (`得分 48`).
    pub declared_score: Option<Spanned<Decimal>>,
    /// Children, in source order.
    pub items: Vec<Item>,
    /// The whole block.
    pub span: Span,
}

/// 正向 or 反向, when stated explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredDirection {
    /// Higher is better.
    Positive,
    /// Lower is better.
    Reverse,
}

/// A level-3 indicator: one line (or one block) of the indicator table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// 三级指标 name.
    pub name: Spanned<String>,
    /// A stable identity across years (`id …`).
    pub id: Option<Spanned<String>>,
    /// 定量 / 定性, if stated.
    pub nature: Option<Spanned<Nature>>,
    /// 正向 / 反向, if stated.
    pub direction: Option<Spanned<DeclaredDirection>>,
    /// 度量单位, if stated separately.
    pub unit: Option<Spanned<String>>,
    /// 年度指标值.
    pub target: Option<Quantity>,
    /// 年初指标值 (Chongqing).
    pub initial_target: Option<Quantity>,
    /// 调整指标值 (Chongqing).
    pub adjusted_target: Option<Quantity>,
    /// 实际完成值.
    pub actual: Option<Quantity>,
    /// 分值 (points).
    pub weight: Option<Spanned<Decimal>>,
    /// 得分系数 as declared, in percent.
    pub declared_coefficient: Option<Spanned<Decimal>>,
    /// 得分 as declared (points).
    pub declared_score: Option<Spanned<Decimal>>,
    /// 权重占比 as declared, percent (河北).
    pub weight_share: Option<Spanned<Decimal>>,
    /// 折算得分 as declared, points (河北).
    pub declared_converted_score: Option<Spanned<Decimal>>,
    /// 等级: a qualitative level stated explicitly.
    pub level: Option<Spanned<String>>,
    /// 偏差原因分析及改进措施.
    pub deviation_note: Option<Spanned<String>>,
    /// 核心指标.
    pub core: bool,
    /// 不适用, with its reason if given.
    pub not_applicable: Option<Spanned<String>>,
    /// `其中` sub-rows: parts of this indicator with a target and actual but no weight of their own
    /// (安徽 forms: `其中桃树种植面积 1.5亩`).
    pub parts: Vec<Indicator>,
    /// The whole indicator.
    pub span: Span,
}

/// An indicator with where it sits: its goal block (if the form has per-goal trees) and its
/// enclosing categories, outermost first.
#[derive(Debug, Clone)]
pub struct IndicatorRef<'a> {
    /// Index into `Form::goals` when the indicator sits inside a goal block.
    pub goal: Option<usize>,
    /// Enclosing categories (level 1 first), shared by the indicators of one category.
    pub path: Rc<[&'a Category]>,
    /// The indicator.
    pub indicator: &'a Indicator,
}

/// A category with where it sits.
#[derive(Debug, Clone)]
pub struct CategoryRef<'a> {
    /// Index into `Form::goals` when the category sits inside a goal block.
    pub goal: Option<usize>,
    /// The category and its ancestors (level 1 first); the last is the category itself.
    pub path: Vec<&'a Category>,
}

impl Form {
    /// The indicator trees of the form: the form's own items, then each goal block's.
    fn trees(&self) -> impl Iterator<Item = (Option<usize>, &[Item])> {
        std::iter::once((None, self.items.as_slice())).chain(
            self.goals
                .iter()
                .enumerate()
                .map(|(index, goal)| (Some(index), goal.items.as_slice())),
        )
    }

    /// Every indicator, tree by tree in source order, with its goal and enclosing categories.
    pub fn indicators(&self) -> Vec<IndicatorRef<'_>> {
        // The checks call this a score of times per form: one shared path per category, not
        // one copied per indicator.
        fn walk<'a>(
            goal: Option<usize>,
            items: &'a [Item],
            path: &mut Vec<&'a Category>,
            out: &mut Vec<IndicatorRef<'a>>,
        ) {
            let mut shared: Option<Rc<[&'a Category]>> = None;
            for item in items {
                match item {
                    Item::Indicator(indicator) => out.push(IndicatorRef {
                        goal,
                        path: Rc::clone(shared.get_or_insert_with(|| Rc::from(path.as_slice()))),
                        indicator,
                    }),
                    Item::Category(category) => {
                        path.push(category);
                        walk(goal, &category.items, path, out);
                        path.pop();
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (goal, items) in self.trees() {
            walk(goal, items, &mut Vec::new(), &mut out);
        }
        out
    }

    /// Every category in pre-order, tree by tree.
    pub fn categories(&self) -> Vec<CategoryRef<'_>> {
        fn walk<'a>(
            goal: Option<usize>,
            items: &'a [Item],
            path: &mut Vec<&'a Category>,
            out: &mut Vec<CategoryRef<'a>>,
        ) {
            for item in items {
                if let Item::Category(category) = item {
                    path.push(category);
                    out.push(CategoryRef {
                        goal,
                        path: path.clone(),
                    });
                    walk(goal, &category.items, path, out);
                    path.pop();
                }
            }
        }
        let mut out = Vec::new();
        for (goal, items) in self.trees() {
            walk(goal, items, &mut Vec::new(), &mut out);
        }
        out
    }
}

impl Category {
    /// Every indicator below this category, at any depth.
    pub fn indicators(&self) -> Vec<&Indicator> {
        let mut out = Vec::new();
        let mut stack: Vec<&Item> = self.items.iter().rev().collect();
        while let Some(item) = stack.pop() {
            match item {
                Item::Indicator(indicator) => out.push(&**indicator),
                Item::Category(category) => stack.extend(category.items.iter().rev()),
            }
        }
        out
    }
}
