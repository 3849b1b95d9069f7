//! The Evaluation model: what a form declared beside what jixiao computed.
//!
//! This is the public data contract (`"schema": "jixiao/2"`, documented in
//! `schema/jixiao-2.schema.json`) and the only input of the renderers. Every number a form can
//! declare and jixiao computes is a [`Checked`]: `{"declared", "computed", "agrees"}`, decimals
//! written as strings of their exact digits. Amounts are in the form's unit (万元 unless stated),
//! rates and coefficients in percent, weights and scores in points.
//!
//! The JSON writes nothing a reader can rebuild and nothing that says nothing (issue 19: an
//! indicator of a 75-byte `.jx` line was 800 bytes of JSON in `jixiao/1`): a member that would
//! be null is absent (absent = null), an empty list is absent (absent = `[]`), a flag is written
//! only when true, a [`Checked`] keeps only the members it has (`agrees` only when both sides
//! exist) and is absent when it has none, and an indicator's `id` is absent when it is the
//! default `level1/level2/name` path outside a goal block. The Rust types keep every field;
//! only their serialisation omits.
//!
//! Invariant: the model holds no spans and no AST, and imports neither `syntax` nor `diag`
//! (its vocabulary is its own, [`vocabulary`]); renderers never compute.

mod vocabulary;

pub use vocabulary::{
    Comparator, FormKind, FundSource, Level, MoneyUnit, Nature, QuantityValue, Severity,
};

use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// The schema identifier written at the top of every JSON document.
pub const SCHEMA: &str = "jixiao/2";

/// A value as declared by the form beside the value jixiao computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checked<T> {
    /// What the form declared, exactly as written; `None` when it declared nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<T>,
    /// What jixiao computed; `None` when it cannot be computed (reported by a diagnostic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<T>,
    /// Whether they agree under the profile's rules; `None` when either is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agrees: Option<bool>,
}

impl<T> Checked<T> {
    /// A computed value with nothing declared.
    pub fn computed(value: Option<T>) -> Self {
        Checked {
            declared: None,
            computed: value,
            agrees: None,
        }
    }

    /// `true` when it holds nothing: neither declared nor computed (the JSON then omits it).
    pub fn is_empty(&self) -> bool {
        self.declared.is_none() && self.computed.is_none() && self.agrees.is_none()
    }

    /// `true` when a declared value disagrees with the computed one.
    pub fn disagrees(&self) -> bool {
        self.agrees == Some(false)
    }
}

/// `skip_serializing_if` of a flag: the JSON writes a flag only when it is set.
fn is_false(flag: &bool) -> bool {
    !flag
}

/// A decimal written as a string of its digits, e.g. `"94.19"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Number(pub Decimal);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(formatter)
    }
}

/// One evaluated form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// `project` or `department`.
    pub kind: FormKind,
    /// 项目名称 / 部门名称.
    pub name: String,
    /// The budget year evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The scoring profile used.
    pub profile: String,
    /// The workspace configuration (`jixiao.toml`) that chose the default profile or changed
    /// settings; null when none applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<Workspace>,
    /// Header fields.
    pub header: Header,
    /// Budget, execution rate and its score.
    pub budget: Budget,
    /// Goal blocks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    /// Level-3 indicators, in source order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// Level-1 and level-2 categories with their weight and score subtotals. The JSON leaves
    /// out a category's `path` where a reader derives it ([`Category`]).
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "serialize_categories"
    )]
    pub categories: Vec<Category>,
    /// 绩效指标总分: all indicator weights and scores.
    pub indicator_subtotal: Subtotal,
    /// Sum of every weight, execution rate included (should be 100), points.
    pub weights_total: Number,
    /// 自评总得分, points (computed: two decimals).
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub total: Checked<Number>,
    /// Why the declared total differs from the computed one; null when it agrees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_difference: Option<Difference>,
    /// 评价等级 (优/良/中/差).
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub grade: Checked<String>,
    /// Every diagnostic of the form.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<DiagnosticRecord>,
}

/// Header fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Header {
    /// 主管部门.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supervising_department: Option<String>,
    /// 实施单位.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implementing_unit: Option<String>,
    /// 联系人.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_person: Option<String>,
    /// 联系电话.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    /// Other fields, as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<ExtraField>,
}

/// A header field jixiao does not interpret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtraField {
    /// The field name as written.
    pub key: String,
    /// Its value as written.
    pub value: String,
}

/// The budget block evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Budget {
    /// 万元 or 元.
    pub unit: MoneyUnit,
    /// Fund rows as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<FundRow>,
    /// The total row: declared (a stated 合计 row) against the sum of the fund-source rows.
    pub total: FundTotals,
    /// Weight of the execution rate, points.
    pub weight: Number,
    /// 执行率 = 全年执行数 / 全年预算数, percent (computed: two decimals).
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub execution_rate: Checked<Number>,
    /// 全年执行数 / 年初预算数, percent, when the two budgets differ (to name a wrong base).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_on_initial_budget: Option<Number>,
    /// `true` when the declared rate matches the initial-budget base instead of the adjusted one.
    #[serde(skip_serializing_if = "is_false")]
    pub declared_rate_uses_initial_budget: bool,
    /// 执行率得分 = weight × min(rate, 100%), points.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub execution_score: Checked<Number>,
    /// How the execution score was obtained; absent when `computed`, the usual case.
    #[serde(skip_serializing_if = "Basis::is_computed")]
    pub basis: Basis,
    /// 原因: why the execution rate is low, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Why the declared execution rate differs from the computed one; null when it agrees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_difference: Option<Difference>,
    /// Why the declared execution score differs from the computed one; null when it agrees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score_difference: Option<Difference>,
}

/// Why a declared value differs from the computed one (docs/LANGUAGE.md §12.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Difference {
    /// The computed value rounded (四舍五入) to the coarser precision the form prints (`1.4` for
    /// 1.43, `9` for 9.42): not a mistake of the line, one note for the form.
    RoundedCoarser,
    /// The computed value cut off instead of rounded (`0.958` for 0.95875, `97.80%` for 97.809%).
    Truncated,
    /// A score computed from a rate (or coefficient) rounded first (20 × 10.8% = 2.16 instead of
    /// 20 × 10.774% = 2.15).
    RateRoundedFirst,
    /// An execution rate computed on 年初预算数 instead of 全年预算数.
    WrongBase,
    /// Any other difference.
    Other,
}

/// One fund row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundRow {
    /// Label as written.
    pub label: String,
    /// What the row is; `null` for a label jixiao does not know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<FundSource>,
    /// 年初预算数.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_budget: Option<Number>,
    /// 全年预算数.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjusted_budget: Option<Number>,
    /// 全年执行数.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executed: Option<Number>,
}

/// The three columns of the total row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundTotals {
    /// 年初预算数.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub initial_budget: Checked<Number>,
    /// 全年预算数.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub adjusted_budget: Checked<Number>,
    /// 全年执行数.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub executed: Checked<Number>,
}

/// One goal block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Goal {
    /// The block's title as written (`年度总体目标`, `年度绩效目标1`).
    pub title: String,
    /// 预期目标.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<String>,
    /// 实际完成情况.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achieved: Option<String>,
    /// For a goal with its own indicator tree: declared weight against the sum of its
    /// indicators' weights, points.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub weight: Checked<Number>,
    /// For a goal with its own indicator tree: the sum of its indicators' scores, points.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub score: Checked<Number>,
    /// 资金用途: amounts by purpose, when the goal itemises them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uses_of_funds: Option<UsesOfFunds>,
}

/// Amounts by purpose (资金用途), planned and actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsesOfFunds {
    /// 万元 or 元.
    pub unit: MoneyUnit,
    /// The purposes, in source order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<UseOfFunds>,
    /// Declared total (合计) against the sum of the planned amounts.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub planned_total: Checked<Number>,
    /// Declared total (合计) against the sum of the actual amounts.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub actual_total: Checked<Number>,
    /// Whether the planned total (declared, else computed), in the budget's unit and at the
    /// precision each budget figure is written with, equals 年初预算数 or 全年预算数; null when
    /// either side is missing (W0312 reports `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_matches_budget: Option<bool>,
    /// Whether the actual total equals 全年执行数, likewise; null when either is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_matches_executed: Option<bool>,
}

/// One purpose with its planned and actual amounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UseOfFunds {
    /// The purpose as written.
    pub label: String,
    /// Planned amount, in the block's unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<Number>,
    /// Actual amount, in the block's unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Number>,
}

/// How a score was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Computed from the figures.
    Computed,
    /// Taken from the form's declared coefficient or score (no figures to compute it from).
    Declared,
    /// Could not be obtained at all (an error says why).
    Missing,
}

impl Basis {
    /// `true` for [`Basis::Computed`], the basis of almost every score: `jixiao/2` writes a
    /// basis only when it is another (an absent `basis` reads as `computed`).
    pub fn is_computed(&self) -> bool {
        matches!(self, Basis::Computed)
    }
}

/// Which scoring rule applies to an indicator (docs/DOMAIN.md scoring rules 3–7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (≥, >, bare number).
    Positive,
    /// Lower is better (≤, <).
    Reverse,
    /// `=`: scored as positive.
    Equality,
    /// `low~high`.
    Interval,
}

/// Why an indicator was scored from its declared values rather than computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoringIssue {
    /// No actual value was written.
    ActualMissing,
    /// A numeric target with a word actual (or the reverse).
    WordAgainstNumber,
    /// The actual's level is not 达成 and no score was stated.
    LevelNeedsScore,
    /// The actual is a word that names no level and differs from the target.
    UnknownLevelWord,
    /// No target was written for a quantitative indicator.
    TargetMissing,
    /// No weight was written.
    WeightMissing,
}

/// The rule that produced an indicator's score (docs/DOMAIN.md scoring rules 3–7); a stable key in
/// the JSON, with a description in both languages for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoringRule {
    /// Higher is better: full weight when actual ≥ target, else weight × actual ÷ target.
    Positive,
    /// Lower is better: full weight when actual ≤ target, else weight × target ÷ actual.
    Reverse,
    /// Lower is better, linear variant: weight × (1 − (actual − target) ÷ target), at least 0.
    ReverseLinear,
    /// A range: full weight inside, else the ratio of actual to the nearer bound.
    Interval,
    /// Qualitative: a band of the weight per level, the unit choosing inside it.
    Qualitative,
    /// No figures to compute from: the form's declared coefficient (or score ÷ weight).
    Declared,
    /// A time target: full weight when done by the target time, else not achieved.
    Deadline,
}

impl ScoringRule {
    /// The rule in words, in both languages.
    pub fn description(self) -> crate::lang::Text {
        let (zh, en) = match self {
            ScoringRule::Positive => (
                "正向：实际值≥指标值得满分，否则 分值×实际值÷指标值",
                "positive: full weight when actual ≥ target, else weight × actual ÷ target",
            ),
            ScoringRule::Reverse => (
                "反向：实际值≤指标值得满分，否则 分值×指标值÷实际值",
                "reverse: full weight when actual ≤ target, else weight × target ÷ actual",
            ),
            ScoringRule::ReverseLinear => (
                "反向（线性）：实际值≤指标值得满分，否则 分值×(1−(实际值−指标值)÷指标值)",
                "reverse (linear): full weight when actual ≤ target, else weight × (1 − (actual − target) ÷ target)",
            ),
            ScoringRule::Interval => (
                "区间：区间内满分，区间外按实际值与较近端点之比",
                "interval: full weight inside, else weight × the ratio of actual to the nearer bound",
            ),
            ScoringRule::Qualitative => (
                "定性：达成年度指标 80%–100%，部分达成 60%–80%，未达成 0–60%，单位在档内自定",
                "qualitative: achieved 80%–100%, partly achieved 60%–80%, not achieved 0–60%, the unit choosing within the band",
            ),
            ScoringRule::Declared => (
                "采用申报的得分系数（无法由数据计算）",
                "the declared coefficient (it cannot be computed from the figures)",
            ),
            ScoringRule::Deadline => (
                "时限：不晚于目标时间完成得满分，逾期为未达成（采用单位申报的低于满分的得分，否则 0 分）",
                "deadline: full weight when done by the target time; late is not achieved (the unit's declared score below the weight is kept, else 0)",
            ),
        };
        crate::lang::Text::new(zh, en)
    }
}

/// A target or actual value.
///
/// `jixiao/2` writes `parsed` only when it says more than the text: a quantity that is words
/// exactly as written (`优`, `按时完成`: `{"type": "words", "text": …}` repeating `text`) is
/// written `{"text": "优"}`, and a reader takes an absent `parsed` as those words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityRecord {
    /// The text as written.
    pub text: String,
    /// What it says (number with comparator and unit, range, or words).
    pub parsed: QuantityValue,
}

impl QuantityRecord {
    /// `true` when `parsed` is the text itself as words, which `jixiao/2` leaves out.
    fn is_its_own_words(&self) -> bool {
        matches!(&self.parsed, QuantityValue::Words { text } if *text == self.text)
    }
}

impl Serialize for QuantityRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let words = self.is_its_own_words();
        let mut state = serializer.serialize_struct("QuantityRecord", if words { 1 } else { 2 })?;
        state.serialize_field("text", &self.text)?;
        if words {
            state.skip_field("parsed")?;
        } else {
            state.serialize_field("parsed", &self.parsed)?;
        }
        state.end()
    }
}

/// One level-3 indicator, evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// Stable identity: the explicit `id`, else `level1/level2/name` (prefixed by the goal's
    /// title when the indicator sits in a goal block). The JSON omits it outside goal blocks
    /// when it is that default path, which a reader joins from the fields below.
    pub id: String,
    /// Index into `goals` when the indicator sits in a goal block with its own tree.
    pub goal: Option<usize>,
    /// 一级指标 name, if the indicator sits in one.
    pub level1: Option<String>,
    /// 二级指标 name, if the indicator sits in one.
    pub level2: Option<String>,
    /// 三级指标 name.
    pub name: String,
    /// 定量 / 定性.
    pub nature: Nature,
    /// Scoring direction (quantitative only).
    pub direction: Option<Direction>,
    /// 度量单位 as stated.
    pub unit: Option<String>,
    /// 年度指标值.
    pub target: Option<QuantityRecord>,
    /// 年初指标值.
    pub initial_target: Option<QuantityRecord>,
    /// 调整指标值.
    pub adjusted_target: Option<QuantityRecord>,
    /// 实际完成值.
    pub actual: Option<QuantityRecord>,
    /// 分值, points.
    pub weight: Number,
    /// Qualitative level reached.
    pub level: Option<Level>,
    /// Actual / target, percent (quantitative, when both are numbers and the target is not 0).
    pub completion: Option<Number>,
    /// 得分系数, percent (computed: two decimals).
    pub coefficient: Checked<Number>,
    /// 得分, points (computed: two decimals).
    pub score: Checked<Number>,
    /// 权重占比 as declared, percent (河北 forms); null when not written.
    pub weight_share: Option<Number>,
    /// 折算得分 (河北 forms): declared against coefficient × weight share, points; all null
    /// when the form has no such column.
    pub converted_score: Checked<Number>,
    /// How the score was obtained.
    pub basis: Basis,
    /// Why it was not computed from the figures, if it was not.
    pub issue: Option<ScoringIssue>,
    /// The rule that produced the score.
    pub rule: ScoringRule,
    /// 偏差原因分析及改进措施.
    pub deviation_note: Option<String>,
    /// 核心指标.
    pub core: bool,
    /// `其中` sub-rows: parts with a target and actual but no weight.
    pub parts: Vec<Part>,
    /// Why the declared score differs from the computed one; null when it agrees.
    pub score_difference: Option<Difference>,
}

impl Indicator {
    /// Whether `id` is the default identity a reader can rebuild: `level1/level2/name` of an
    /// indicator outside any goal block (inside one it is prefixed by the goal's title, and
    /// kept). A user-given `id` that differs is always written.
    fn has_default_id(&self) -> bool {
        if self.goal.is_some() {
            return false;
        }
        let mut rest = self.id.as_str();
        for level in [&self.level1, &self.level2].into_iter().flatten() {
            let Some(after) = rest
                .strip_prefix(level.as_str())
                .and_then(|after| after.strip_prefix('/'))
            else {
                return false;
            };
            rest = after;
        }
        rest == self.name
    }
}

/// Written by hand rather than derived only because `id`'s omission depends on other fields
/// (serde's `skip_serializing_if` sees one field); every other member follows the document's
/// rules as the derived structs do (absent when null, empty, false, or a checked value with
/// nothing in it).
impl Serialize for Indicator {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn field<M: SerializeStruct, T: Serialize + ?Sized>(
            state: &mut M,
            key: &'static str,
            value: &T,
            present: bool,
        ) -> Result<(), M::Error> {
            if present {
                state.serialize_field(key, value)
            } else {
                state.skip_field(key)
            }
        }
        let mut state = serializer.serialize_struct("Indicator", 26)?;
        field(&mut state, "id", &self.id, !self.has_default_id())?;
        field(&mut state, "goal", &self.goal, self.goal.is_some())?;
        field(&mut state, "level1", &self.level1, self.level1.is_some())?;
        field(&mut state, "level2", &self.level2, self.level2.is_some())?;
        state.serialize_field("name", &self.name)?;
        state.serialize_field("nature", &self.nature)?;
        field(
            &mut state,
            "direction",
            &self.direction,
            self.direction.is_some(),
        )?;
        field(&mut state, "unit", &self.unit, self.unit.is_some())?;
        field(&mut state, "target", &self.target, self.target.is_some())?;
        field(
            &mut state,
            "initial_target",
            &self.initial_target,
            self.initial_target.is_some(),
        )?;
        field(
            &mut state,
            "adjusted_target",
            &self.adjusted_target,
            self.adjusted_target.is_some(),
        )?;
        field(&mut state, "actual", &self.actual, self.actual.is_some())?;
        state.serialize_field("weight", &self.weight)?;
        field(&mut state, "level", &self.level, self.level.is_some())?;
        field(
            &mut state,
            "completion",
            &self.completion,
            self.completion.is_some(),
        )?;
        field(
            &mut state,
            "coefficient",
            &self.coefficient,
            !self.coefficient.is_empty(),
        )?;
        field(&mut state, "score", &self.score, !self.score.is_empty())?;
        field(
            &mut state,
            "weight_share",
            &self.weight_share,
            self.weight_share.is_some(),
        )?;
        field(
            &mut state,
            "converted_score",
            &self.converted_score,
            !self.converted_score.is_empty(),
        )?;
        field(&mut state, "basis", &self.basis, !self.basis.is_computed())?;
        field(&mut state, "issue", &self.issue, self.issue.is_some())?;
        state.serialize_field("rule", &self.rule)?;
        field(
            &mut state,
            "deviation_note",
            &self.deviation_note,
            self.deviation_note.is_some(),
        )?;
        field(&mut state, "core", &self.core, self.core)?;
        field(&mut state, "parts", &self.parts, !self.parts.is_empty())?;
        field(
            &mut state,
            "score_difference",
            &self.score_difference,
            self.score_difference.is_some(),
        )?;
        state.end()
    }
}

/// A `其中` sub-row of an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// The row's name as written (`其中桃树种植面积`).
    pub name: String,
    /// 年度指标值.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<QuantityRecord>,
    /// 实际完成值.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<QuantityRecord>,
}

/// A category with its subtotals.
///
/// `jixiao/2` writes `path` only where a reader cannot join it: it is absent when it is the
/// category's name (a top-level category) or, for a category of level 2 or 3, the path of the
/// nearest category before it in the list one level up, `/`, and its name (the list is in
/// the form's order, each category after its parent). A category in a goal block keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// Index into `goals` when the category sits in a goal block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<usize>,
    /// `level1` or `level1/level2`.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub path: String,
    /// The category's name.
    pub name: String,
    /// 1, 2, or 3 for a parent row that groups indicators (一、 with 1、 2、 below).
    pub level: u8,
    /// Declared weight against the sum of the children's weights.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub weight: Checked<Number>,
    /// Declared score against the sum of the children's scores.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub score: Checked<Number>,
}

/// The categories as `jixiao/2` writes them: each `path` that a reader joins from the list
/// (see [`Category`]) left out.
fn serialize_categories<S: Serializer>(
    categories: &[Category],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    // The last path seen at each level: a category's parent is the nearest one level up.
    let mut last: Vec<Option<&str>> = Vec::new();
    let written: Vec<Category> = categories
        .iter()
        .map(|category| {
            let level = usize::from(category.level);
            let parent = match level {
                0 | 1 => None,
                _ => last.get(level - 2).copied().flatten(),
            };
            let derived = match parent {
                None => level <= 1 && category.path == category.name,
                Some(parent) => {
                    category.path.len() == parent.len() + 1 + category.name.len()
                        && category.path.starts_with(parent)
                        && category.path[parent.len()..].starts_with('/')
                        && category.path.ends_with(category.name.as_str())
                }
            };
            if last.len() < level.max(1) {
                last.resize(level.max(1), None);
            }
            last[level.max(1) - 1] = Some(category.path.as_str());
            last.truncate(level.max(1));
            let mut category = category.clone();
            if derived && category.goal.is_none() {
                category.path = String::new();
            }
            category
        })
        .collect();
    written.serialize(serializer)
}

/// A subtotal of weights and scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subtotal {
    /// Weights, points.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub weight: Checked<Number>,
    /// Scores, points.
    #[serde(skip_serializing_if = "Checked::is_empty")]
    pub score: Checked<Number>,
}

/// The workspace configuration applied to a form: no silent context (a `jixiao.toml` changes
/// tolerances and grade bands, so the output says which one did).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workspace {
    /// The file: in `build` outputs relative to the build path (never the builder's local
    /// path), elsewhere as the command line found it (relative to the working directory when
    /// below it).
    pub file: String,
    /// Its default profile (for forms that name none), if it sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Its settings as `key = value` lines (`tolerance = 0.5`), in a fixed order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<String>,
}

/// A diagnostic as data (the JSON form of `diag::Diagnostic`).
///
/// Written whole, nulls and empty lists included, unlike the rest of the document: it is the
/// same record as in the `jixiao-check/1` document (`check --format json`), which keeps its
/// schema, and a form has few of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagnosticRecord {
    /// Stable code, e.g. `W0301`.
    pub code: String,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The rule's source.
    pub source: String,
    /// The file, when known.
    pub file: Option<String>,
    /// 1-based line of the primary span.
    pub line: usize,
    /// 1-based column (characters) of the primary span.
    pub column: usize,
    /// Byte range of the primary span.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Formulas and both sides of a disagreement.
    pub notes: Vec<String>,
    /// The value this is about, as a path into this document (`total`, `indicators.3.score`);
    /// null when it is not about one value.
    pub fact: Option<String>,
    /// Related spans.
    pub labels: Vec<LabelRecord>,
}

/// A related span of a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelRecord {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// Byte offset.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// What it says.
    pub message: String,
}

impl Default for Checked<Number> {
    fn default() -> Self {
        Checked::computed(None)
    }
}

impl From<Decimal> for Number {
    fn from(value: Decimal) -> Self {
        Number(value)
    }
}
