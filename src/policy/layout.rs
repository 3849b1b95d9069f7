//! The printed layout of a form's template: the column headers and the shape of the budget
//! table that the published page follows.
//!
//! Scoring does not depend on any of this; the page does. The provinces print the same form
//! under different headers — 分值/得分 on the official template (财预〔2020〕10号 附件),
//! 权重分值/指标得分 and 全年（调整）预算数 on 重庆's, 权重 and 调整后预算数 on 四川's — and some
//! print the budget's fund sources as sub-columns (总数 / 其中：财政资金 under each amount)
//! instead of rows. Each built-in profile names the layout of the template it comes from
//! ([`Layout::builtin`]); a workspace's `jixiao.toml` may choose another one and override single
//! labels (`[settings.layout]`, [`LayoutSettings`]).

use crate::model::FundSource;
use serde::{Deserialize, Serialize};

/// A fund-source sub-column of the budget table: its header and the row of the model it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundColumn {
    /// The header as printed, e.g. `其中：财政资金`.
    pub label: String,
    /// The fund source whose amounts it shows ([`FundSource::Total`]: the budget's total).
    pub source: FundSource,
}

/// The labels and budget shape of a form template. Every label is the text printed in the
/// column header; none changes a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// The layout's name (`central-2020`, `chongqing`, `sichuan`).
    pub name: String,
    /// Budget column of the budget at the start of the year (年初预算数).
    pub initial_budget: String,
    /// Budget column of the adjusted budget (全年预算数, 全年（调整）预算数, 调整后预算数).
    pub adjusted_budget: String,
    /// Budget column of the amount executed (全年执行数, 预算执行数).
    pub executed: String,
    /// Weight of the execution rate (分值, 执行率权重分值, 权重).
    pub execution_weight: String,
    /// The execution rate (执行率, 执行率（%）, 预算执行率).
    pub execution_rate: String,
    /// Score of the execution rate (得分, 执行率得分).
    pub execution_score: String,
    /// Header of the fund-source rows (资金来源).
    pub fund_source: String,
    /// Fund sources printed as sub-columns of each amount column (总数 / 其中：财政资金), in
    /// order; empty: one row per fund source (the official template). A form whose fund rows
    /// the sub-columns do not all cover is printed with rows, so that no amount is lost.
    pub fund_columns: Vec<FundColumn>,
    /// Goals: what was planned (预期目标, 年初预期目标).
    pub goal_planned: String,
    /// Goals: what was achieved (实际完成情况, 全年目标实际完成情况).
    pub goal_achieved: String,
    /// Indicator column of the target (年度指标值).
    pub target: String,
    /// Indicator column of the actual (实际完成值).
    pub actual: String,
    /// Indicator column of the weight (分值, 权重分值, 权重).
    pub weight: String,
    /// Indicator column of the score coefficient (得分系数).
    pub coefficient: String,
    /// Indicator column of the score (得分, 指标得分).
    pub score: String,
    /// Indicator column of the deviation note (偏差原因分析及改进措施).
    pub deviation_note: String,
}

impl Layout {
    /// Names of the built-in layouts.
    pub const BUILTIN: &'static [&'static str] = &["central-2020", "chongqing", "sichuan"];

    /// The official template of 财预〔2020〕10号 (附件1 项目支出绩效自评表, 附件2 部门整体支出
    /// 绩效自评表), as the central and most provincial forms print it (samples 001, 002, 006,
    /// 009, 020): 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分, fund sources as rows.
    pub fn central_2020() -> Layout {
        Layout {
            name: "central-2020".to_string(),
            initial_budget: "年初预算数".to_string(),
            adjusted_budget: "全年预算数".to_string(),
            executed: "全年执行数".to_string(),
            execution_weight: "分值".to_string(),
            execution_rate: "执行率".to_string(),
            execution_score: "得分".to_string(),
            fund_source: "资金来源".to_string(),
            fund_columns: Vec::new(),
            goal_planned: "预期目标".to_string(),
            goal_achieved: "实际完成情况".to_string(),
            target: "年度指标值".to_string(),
            actual: "实际完成值".to_string(),
            weight: "分值".to_string(),
            coefficient: "得分系数".to_string(),
            score: "得分".to_string(),
            deviation_note: "偏差原因分析及改进措施".to_string(),
        }
    }

    /// A built-in layout by name ([`Layout::BUILTIN`]).
    ///
    /// - `chongqing`: 重庆's 部门整体/项目资金绩效目标自评表 (seed 000, sample 005): 全年（调整）
    ///   预算数, 执行率权重分值 / 执行率（%）/ 执行率得分, 权重分值 / 指标得分, the fund sources as
    ///   总数 / 其中：财政资金 sub-columns, 年初预期目标 / 全年目标实际完成情况.
    /// - `sichuan`: 四川's 部门预算项目支出绩效自评表 (报表编号 510000_0013zp; samples 003,
    ///   004): 调整后预算数 / 预算执行数 / 权重 / 预算执行率, indicators weighted by 权重.
    pub fn builtin(name: &str) -> Option<Layout> {
        let label = str::to_string;
        match name.trim() {
            "central-2020" | "财预〔2020〕10号" => Some(Layout::central_2020()),
            "chongqing" => Some(Layout {
                name: label("chongqing"),
                adjusted_budget: label("全年（调整）预算数"),
                execution_weight: label("执行率权重分值"),
                execution_rate: label("执行率（%）"),
                execution_score: label("执行率得分"),
                fund_columns: vec![
                    FundColumn {
                        label: label("总数"),
                        source: FundSource::Total,
                    },
                    FundColumn {
                        label: label("其中：财政资金"),
                        source: FundSource::FiscalAppropriation,
                    },
                ],
                goal_planned: label("年初预期目标"),
                goal_achieved: label("全年目标实际完成情况"),
                weight: label("权重分值"),
                score: label("指标得分"),
                ..Layout::central_2020()
            }),
            "sichuan" => Some(Layout {
                name: label("sichuan"),
                adjusted_budget: label("调整后预算数"),
                executed: label("预算执行数"),
                execution_weight: label("权重"),
                execution_rate: label("预算执行率"),
                weight: label("权重"),
                ..Layout::central_2020()
            }),
            _ => None,
        }
    }

    /// This layout with `settings` applied: first the layout they choose, then each label they
    /// set. Errors name the setting (an unknown layout, an unknown fund source, an empty label).
    pub fn with_settings(self, settings: &LayoutSettings) -> Result<Layout, String> {
        let mut layout = match settings.template.as_deref() {
            Some(name) => Layout::builtin(name).ok_or_else(|| {
                format!(
                    "setting `layout.template`: unknown layout `{name}` ({})",
                    Layout::BUILTIN.join(" | ")
                )
            })?,
            None => self,
        };
        let labels: [(&str, &Option<String>, &mut String); 15] = [
            (
                "initial_budget",
                &settings.initial_budget,
                &mut layout.initial_budget,
            ),
            (
                "adjusted_budget",
                &settings.adjusted_budget,
                &mut layout.adjusted_budget,
            ),
            ("executed", &settings.executed, &mut layout.executed),
            (
                "execution_weight",
                &settings.execution_weight,
                &mut layout.execution_weight,
            ),
            (
                "execution_rate",
                &settings.execution_rate,
                &mut layout.execution_rate,
            ),
            (
                "execution_score",
                &settings.execution_score,
                &mut layout.execution_score,
            ),
            (
                "fund_source",
                &settings.fund_source,
                &mut layout.fund_source,
            ),
            (
                "goal_planned",
                &settings.goal_planned,
                &mut layout.goal_planned,
            ),
            (
                "goal_achieved",
                &settings.goal_achieved,
                &mut layout.goal_achieved,
            ),
            ("target", &settings.target, &mut layout.target),
            ("actual", &settings.actual, &mut layout.actual),
            ("weight", &settings.weight, &mut layout.weight),
            (
                "coefficient",
                &settings.coefficient,
                &mut layout.coefficient,
            ),
            ("score", &settings.score, &mut layout.score),
            (
                "deviation_note",
                &settings.deviation_note,
                &mut layout.deviation_note,
            ),
        ];
        for (key, value, slot) in labels {
            if let Some(value) = value {
                if value.trim().is_empty() {
                    return Err(format!("setting `layout.{key}`: a label cannot be empty"));
                }
                *slot = value.trim().to_string();
            }
        }
        if let Some(columns) = &settings.fund_columns {
            layout.fund_columns = columns
                .iter()
                .map(|[label, source]| {
                    let source = fund_source_named(source).ok_or_else(|| {
                        format!(
                            "setting `layout.fund_columns`: unknown fund source `{source}` ({})",
                            FUND_SOURCE_NAMES
                                .iter()
                                .map(|(name, _)| *name)
                                .collect::<Vec<_>>()
                                .join(" | ")
                        )
                    })?;
                    if label.trim().is_empty() {
                        return Err(
                            "setting `layout.fund_columns`: a label cannot be empty".to_string()
                        );
                    }
                    Ok(FundColumn {
                        label: label.trim().to_string(),
                        source,
                    })
                })
                .collect::<Result<_, String>>()?;
        }
        Ok(layout)
    }
}

impl Default for Layout {
    fn default() -> Self {
        Layout::central_2020()
    }
}

/// The fund sources by their names in `jixiao.toml` (the JSON's `source` values).
const FUND_SOURCE_NAMES: &[(&str, FundSource)] = &[
    ("total", FundSource::Total),
    ("fiscal_appropriation", FundSource::FiscalAppropriation),
    ("carryover", FundSource::Carryover),
    ("other_funds", FundSource::OtherFunds),
    ("special_account_funds", FundSource::SpecialAccountFunds),
    ("unit_funds", FundSource::UnitFunds),
    ("central_transfer", FundSource::CentralTransfer),
    ("higher_level_transfer", FundSource::HigherLevelTransfer),
    ("own_level", FundSource::OwnLevel),
];

fn fund_source_named(name: &str) -> Option<FundSource> {
    FUND_SOURCE_NAMES
        .iter()
        .find(|(known, _)| *known == name.trim())
        .map(|(_, source)| *source)
}

/// `[settings.layout]` of a `jixiao.toml`: a built-in layout to start from and single labels
/// to print instead. Every field is optional.
///
/// ```toml
/// [settings.layout]
/// template = "chongqing"            # central-2020 (default) | chongqing | sichuan
/// weight = "权重分值"
/// score = "指标得分"
/// adjusted_budget = "全年（调整）预算数"
/// fund_columns = [["总数", "total"], ["其中：财政资金", "fiscal_appropriation"], ["其他资金", "other_funds"]]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutSettings {
    /// The built-in layout to start from (else the profile's).
    pub template: Option<String>,
    /// See [`Layout::initial_budget`].
    pub initial_budget: Option<String>,
    /// See [`Layout::adjusted_budget`].
    pub adjusted_budget: Option<String>,
    /// See [`Layout::executed`].
    pub executed: Option<String>,
    /// See [`Layout::execution_weight`].
    pub execution_weight: Option<String>,
    /// See [`Layout::execution_rate`].
    pub execution_rate: Option<String>,
    /// See [`Layout::execution_score`].
    pub execution_score: Option<String>,
    /// See [`Layout::fund_source`].
    pub fund_source: Option<String>,
    /// `[label, source]` pairs, in order ([`Layout::fund_columns`]; `[]`: rows).
    pub fund_columns: Option<Vec<[String; 2]>>,
    /// See [`Layout::goal_planned`].
    pub goal_planned: Option<String>,
    /// See [`Layout::goal_achieved`].
    pub goal_achieved: Option<String>,
    /// See [`Layout::target`].
    pub target: Option<String>,
    /// See [`Layout::actual`].
    pub actual: Option<String>,
    /// See [`Layout::weight`].
    pub weight: Option<String>,
    /// See [`Layout::coefficient`].
    pub coefficient: Option<String>,
    /// See [`Layout::score`].
    pub score: Option<String>,
    /// See [`Layout::deviation_note`].
    pub deviation_note: Option<String>,
}

impl LayoutSettings {
    /// The settings that are set, as one `layout = …` summary (`template chongqing, weight
    /// 权重分值`), or `None` when nothing is set.
    pub fn summary(&self) -> Option<String> {
        let mut parts = Vec::new();
        let mut push = |key: &str, value: &Option<String>| {
            if let Some(value) = value {
                parts.push(format!("{key} {value}"));
            }
        };
        push("template", &self.template);
        push("initial_budget", &self.initial_budget);
        push("adjusted_budget", &self.adjusted_budget);
        push("executed", &self.executed);
        push("execution_weight", &self.execution_weight);
        push("execution_rate", &self.execution_rate);
        push("execution_score", &self.execution_score);
        push("fund_source", &self.fund_source);
        push("goal_planned", &self.goal_planned);
        push("goal_achieved", &self.goal_achieved);
        push("target", &self.target);
        push("actual", &self.actual);
        push("weight", &self.weight);
        push("coefficient", &self.coefficient);
        push("score", &self.score);
        push("deviation_note", &self.deviation_note);
        if let Some(columns) = &self.fund_columns {
            let columns: Vec<String> = columns
                .iter()
                .map(|[label, source]| format!("{label}={source}"))
                .collect();
            parts.push(format!("fund_columns {}", columns.join("/")));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_choose_a_layout_and_override_labels() {
        let settings = LayoutSettings {
            template: Some("chongqing".to_string()),
            score: Some("自评得分".to_string()),
            fund_columns: Some(vec![
                ["总数".to_string(), "total".to_string()],
                ["其他资金".to_string(), "other_funds".to_string()],
            ]),
            ..LayoutSettings::default()
        };
        let layout = Layout::central_2020().with_settings(&settings).unwrap();
        assert_eq!(layout.name, "chongqing");
        assert_eq!(layout.weight, "权重分值");
        assert_eq!(layout.score, "自评得分");
        assert_eq!(layout.fund_columns[1].source, FundSource::OtherFunds);
        let unknown = LayoutSettings {
            template: Some("hubei".to_string()),
            ..LayoutSettings::default()
        };
        assert!(Layout::central_2020()
            .with_settings(&unknown)
            .unwrap_err()
            .contains("layout.template"));
        let bad_source = LayoutSettings {
            fund_columns: Some(vec![["总数".to_string(), "sum".to_string()]]),
            ..LayoutSettings::default()
        };
        assert!(Layout::central_2020()
            .with_settings(&bad_source)
            .unwrap_err()
            .contains("layout.fund_columns"));
    }

    #[test]
    fn every_builtin_layout_exists() {
        for name in Layout::BUILTIN {
            assert_eq!(
                Layout::builtin(name).map(|layout| layout.name),
                Some(name.to_string())
            );
        }
    }
}
