//! The vocabulary of the `jixiao/2` contract: the enums that appear in its JSON.
//!
//! They live here, not in `syntax`, so that the public JSON changes only when the model does:
//! the AST and the keyword tables map the language's words onto these types, and renaming an
//! AST item never renames a JSON value.

use rust_decimal::Decimal;
use serde::Serialize;

/// `skip_serializing_if` of a flag: written only when set.
fn is_false(flag: &bool) -> bool {
    !flag
}

/// Which of the two official forms this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FormKind {
    /// 项目支出绩效自评表.
    Project,
    /// 部门整体支出绩效自评表.
    Department,
}

impl FormKind {
    /// The official title of the form.
    pub fn title(self) -> &'static str {
        match self {
            FormKind::Project => "项目支出绩效自评表",
            FormKind::Department => "部门整体支出绩效自评表",
        }
    }
}

/// The currency unit of the budget block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum MoneyUnit {
    /// 万元 (the default of the official forms).
    #[default]
    #[serde(rename = "万元")]
    TenThousandYuan,
    /// 元.
    #[serde(rename = "元")]
    Yuan,
}

/// 定量 or 定性.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Nature {
    /// 定量: scored by actual / target.
    Quantitative,
    /// 定性: scored by level bands.
    Qualitative,
}

impl Nature {
    /// The form's word for it: 定量 or 定性.
    pub fn label(self) -> &'static str {
        match self {
            Nature::Quantitative => "定量",
            Nature::Qualitative => "定性",
        }
    }
}

/// A fund-source row of the budget block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FundSource {
    /// 年度资金总额 / 合计: the stated total row.
    Total,
    /// 财政拨款 (当年/本年财政拨款, 财政资金).
    FiscalAppropriation,
    /// 上年结转.
    Carryover,
    /// 其他资金.
    OtherFunds,
    /// 财政专户管理资金 (四川).
    SpecialAccountFunds,
    /// 单位资金 (四川).
    UnitFunds,
    /// 中央 (transfers from the central government; 湖北 县级 forms).
    CentralTransfer,
    /// 省、地 / 中央、省、市补助县级资金 (transfers from higher levels).
    HigherLevelTransfer,
    /// 本级 (the unit's own level of government).
    OwnLevel,
}

/// A comparator of a target (docs/DOMAIN.md scoring rules 3–5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// `≥`, `不低于`, `以上`: positive direction.
    AtLeast,
    /// `>`: positive direction.
    MoreThan,
    /// `≤`, `不超过`, `以下`, `以内`: reverse direction.
    AtMost,
    /// `<`: reverse direction.
    LessThan,
    /// `=`: scored as positive by default.
    Equal,
}

impl Comparator {
    /// The canonical symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::MoreThan => ">",
            Comparator::AtMost => "≤",
            Comparator::LessThan => "<",
            Comparator::Equal => "=",
        }
    }
}

/// What a target or actual says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuantityValue {
    /// `[comparator] number [unit]`.
    Number {
        /// The comparator, if written.
        #[serde(skip_serializing_if = "Option::is_none")]
        comparator: Option<Comparator>,
        /// The number as written (exact).
        #[serde(with = "rust_decimal::serde::str")]
        amount: Decimal,
        /// The unit, normalised (`％`/`百分比` → `%`), if written.
        #[serde(skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    /// `low~high [unit]` (also `-`, `～`, `至`).
    Range {
        /// Lower bound.
        #[serde(with = "rust_decimal::serde::str")]
        low: Decimal,
        /// Upper bound.
        #[serde(with = "rust_decimal::serde::str")]
        high: Decimal,
        /// The unit, if written.
        #[serde(skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    /// A point in time: `9月前`, `12月底之前完成`, `年底前`, `2023年12月`, `2023年12月30日`,
    /// `第三季度`, `2023年1月-12月` (a period: its end). Compared as a time, never as a number.
    Time {
        /// The year, when written (`2023年12月`); `None` takes the form's year.
        #[serde(skip_serializing_if = "Option::is_none")]
        year: Option<u16>,
        /// The month, 1–12 (the last month of a quarter, a half year or a year).
        month: u8,
        /// The day of the month, when written.
        #[serde(skip_serializing_if = "Option::is_none")]
        day: Option<u8>,
        /// `true` when written as a deadline (`前`, `之前`, `以前`, `底前`, `内`, `截至`); a target
        /// without it is read as a deadline all the same.
        #[serde(skip_serializing_if = "is_false")]
        deadline: bool,
    },
    /// Anything else: a qualitative word or phrase (`优`, `按时完成`).
    Words {
        /// The words, trimmed.
        text: String,
    },
}

/// A qualitative level of achievement (docs/DOMAIN.md scoring rule 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 达成年度指标: 80%–100% of the weight.
    Achieved,
    /// 部分达成年度指标并具有一定效果: 60%–80% (exclusive).
    PartlyAchieved,
    /// 未达成年度指标且效果较差: 0–60% (exclusive).
    NotAchieved,
}

impl Level {
    /// The official wording.
    pub fn official_name(self) -> &'static str {
        match self {
            Level::Achieved => "达成年度指标",
            Level::PartlyAchieved => "部分达成年度指标并具有一定效果",
            Level::NotAchieved => "未达成年度指标且效果较差",
        }
    }
}

/// How serious a diagnostic is (docs/LANGUAGE.md §13).
///
/// - `Error`: the form cannot be evaluated faithfully; no output is written for it.
/// - `Warning`: a problem *in the form* a reviewer must see; shown in every output, and a failure
///   under `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file cannot be evaluated.
    Error,
    /// The form contains a mistake.
    Warning,
}

impl FundSource {
    /// The official label of the row, shown for a row written without one (the first spelling
    /// the language accepts for it; `syntax::keywords` has a test that they agree).
    pub fn official_label(self) -> &'static str {
        match self {
            FundSource::Total => "合计",
            FundSource::FiscalAppropriation => "财政拨款",
            FundSource::Carryover => "上年结转",
            FundSource::OtherFunds => "其他资金",
            FundSource::SpecialAccountFunds => "财政专户管理资金",
            FundSource::UnitFunds => "单位资金",
            FundSource::CentralTransfer => "中央",
            FundSource::HigherLevelTransfer => "省、地",
            FundSource::OwnLevel => "本级",
        }
    }
}
