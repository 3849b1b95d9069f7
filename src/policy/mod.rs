//! Scoring policy as data: the profiles a form can be scored under.
//!
//! A [`Profile`] holds every setting the scoring rules depend on (weights, formulas, rounding,
//! tolerances, grade bands, the word → level mapping). It knows nothing about the AST. The
//! built-in default is `central-2020`, 财政部《项目支出绩效评价管理办法》(财预〔2020〕10号) as
//! docs/DOMAIN.md states it.

pub(crate) mod config;
pub(crate) mod layout;

pub use layout::{FundColumn, Layout, LayoutSettings};

use rust_decimal::Decimal;
use serde::Serialize;

/// The qualitative levels, shared with the `jixiao/2` model (defined there).
pub(crate) use crate::model::Level;

/// How a reverse (lower-is-better) indicator loses points when its actual exceeds the target
/// (docs/DOMAIN.md scoring rule 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReverseRule {
    /// `weight × target / actual` (the published 填表说明; default).
    Ratio,
    /// `weight × (1 − (actual − target) / target)`, zero from twice the target (provincial
    /// software).
    Linear,
}

/// A score band of a qualitative level, in percent of the weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Band {
    /// Lowest coefficient allowed (inclusive), percent.
    pub low: Decimal,
    /// Highest coefficient allowed, percent.
    pub high: Decimal,
    /// Whether `high` itself is allowed.
    pub high_inclusive: bool,
}

impl Band {
    /// `true` if `coefficient` (percent) lies inside the band.
    pub fn contains(self, coefficient: Decimal) -> bool {
        coefficient >= self.low
            && (coefficient < self.high || (self.high_inclusive && coefficient == self.high))
    }
}

/// A grade band: the lowest total (inclusive) that earns the grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeBand {
    /// The grade (优, 良, 中, 差).
    pub grade: String,
    /// Lowest total for it, points.
    pub minimum: Decimal,
}

/// The denominator of the execution rate (docs/DOMAIN.md scoring rule 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RateBase {
    /// 全年预算数 (adjusted, with carry-over): the standard.
    Adjusted,
    /// 年初预算数: seen in older county assessments only.
    Initial,
}

/// All settings of a scoring profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// The profile's name, e.g. `central-2020`.
    pub name: String,
    /// Where the rules come from.
    pub source: String,
    /// Denominator of the execution rate.
    pub rate_base: RateBase,
    /// Execution rate, percent, below which a reason must be written (四川: 90); `None`: never.
    pub execution_reason_threshold: Option<Decimal>,
    /// Whether every indicator must carry a weight (false for forms with no 分值 column, e.g. 湖南
    /// 县级专项资金绩效目标自评表): unweighted forms are checked but not scored.
    pub require_weights: bool,
    /// Default weight of the execution rate, points (used when the form states none).
    pub execution_weight: Decimal,
    /// Total of all weights, points.
    pub total_weight: Decimal,
    /// Default level-1 weights, points.
    pub level1_weights: Vec<(String, Decimal)>,
    /// Formula for reverse indicators.
    pub reverse_rule: ReverseRule,
    /// Decimals each computed score is rounded to (half away from zero, 四舍五入).
    pub decimals: u32,
    /// Largest difference, points, at which a declared score still agrees.
    pub tolerance: Decimal,
    /// Actual / target ratio, percent, from which over-completion needs a deviation note.
    pub over_completion_threshold: Decimal,
    /// Percent of the weight a missed deadline earns when the unit declares no lower score
    /// (docs/LANGUAGE.md §12.9; `central-2020`: 0, 逾期未完成不得分).
    pub missed_deadline_share: Decimal,
    /// Score bands of the qualitative levels, percent of the weight.
    pub bands: Vec<(Level, Band)>,
    /// Words that name a qualitative level.
    pub level_words: Vec<(String, Level)>,
    /// Grade bands, highest first; the last is the grade below every minimum.
    pub grades: Vec<GradeBand>,
    /// The printed layout of the profile's form template (column headers, budget shape): what
    /// the published page follows; it changes no number.
    pub layout: Layout,
}

impl Profile {
    /// The built-in default: 财预〔2020〕10号 as stated in docs/DOMAIN.md (scoring rules 1–10).
    pub fn central_2020() -> Profile {
        let points = Decimal::from;
        let owned = |pairs: &[(&str, Level)]| {
            pairs
                .iter()
                .map(|(word, level)| (word.to_string(), *level))
                .collect()
        };
        Profile {
            name: "central-2020".to_string(),
            source: "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）".to_string(),
            rate_base: RateBase::Adjusted,
            execution_reason_threshold: None,
            require_weights: true,
            execution_weight: points(10),
            total_weight: points(100),
            level1_weights: vec![
                ("产出指标".to_string(), points(50)),
                ("效益指标".to_string(), points(30)),
                ("满意度指标".to_string(), points(10)),
            ],
            reverse_rule: ReverseRule::Ratio,
            decimals: 2,
            tolerance: Decimal::new(1, 2),
            over_completion_threshold: points(130),
            missed_deadline_share: Decimal::ZERO,
            bands: vec![
                (
                    Level::Achieved,
                    Band {
                        low: points(80),
                        high: points(100),
                        high_inclusive: true,
                    },
                ),
                (
                    Level::PartlyAchieved,
                    Band {
                        low: points(60),
                        high: points(80),
                        high_inclusive: false,
                    },
                ),
                (
                    Level::NotAchieved,
                    Band {
                        low: points(0),
                        high: points(60),
                        high_inclusive: false,
                    },
                ),
            ],
            level_words: owned(&[
                ("达成年度指标", Level::Achieved),
                ("达成预期指标", Level::Achieved),
                ("达成", Level::Achieved),
                ("完成", Level::Achieved),
                ("优", Level::Achieved),
                ("好", Level::Achieved),
                ("高", Level::Achieved),
                ("效果明显", Level::Achieved),
                ("部分达成年度指标并具有一定效果", Level::PartlyAchieved),
                ("部分达成", Level::PartlyAchieved),
                ("基本达成", Level::PartlyAchieved),
                ("良", Level::PartlyAchieved),
                ("较好", Level::PartlyAchieved),
                ("未达成年度指标且效果较差", Level::NotAchieved),
                ("未达成", Level::NotAchieved),
                ("中", Level::NotAchieved),
                ("一般", Level::NotAchieved),
                ("差", Level::NotAchieved),
            ]),
            grades: vec![
                GradeBand {
                    grade: "优".to_string(),
                    minimum: points(90),
                },
                GradeBand {
                    grade: "良".to_string(),
                    minimum: points(80),
                },
                GradeBand {
                    grade: "中".to_string(),
                    minimum: points(60),
                },
                GradeBand {
                    grade: "差".to_string(),
                    minimum: points(0),
                },
            ],
            layout: Layout::central_2020(),
        }
    }

    /// Looks a built-in profile up by name (see [`Profile::BUILTIN`]).
    pub fn builtin(name: &str) -> Option<Profile> {
        let central = Profile::central_2020();
        let named = |name: &str, source: &str| Profile {
            name: name.to_string(),
            source: source.to_string(),
            ..Profile::central_2020()
        };
        match name.trim() {
            "central-2020" | "财预〔2020〕10号" => Some(central),
            // Execution worth 20 points, targets 80 (云南, 湖北, 安徽 towns; samples 013, 015, 016, 024).
            "execution-20" => Some(Profile {
                execution_weight: Decimal::from(20),
                level1_weights: Vec::new(),
                ..named(
                    "execution-20",
                    "财预〔2020〕10号，地方“预算执行 20 分 + 绩效目标 80 分”版式",
                )
            }),
            // 四川 部门预算项目支出绩效自评表 (报表编号 510000_0013zp): a reason below 90% execution.
            "sichuan-2023" => Some(Profile {
                execution_reason_threshold: Some(Decimal::from(90)),
                layout: Layout::builtin("sichuan").unwrap_or_default(),
                level1_weights: vec![
                    ("产出指标".to_string(), Decimal::from(60)),
                    ("效益指标".to_string(), Decimal::from(30)),
                ],
                ..named(
                    "sichuan-2023",
                    "四川省部门预算项目支出绩效自评表（2023年度），填表说明第1条",
                )
            }),
            // 重庆 部门整体绩效自评表: flat list, 得分系数, one decimal printed.
            "chongqing-dept" => Some(Profile {
                tolerance: Decimal::new(5, 2),
                layout: Layout::builtin("chongqing").unwrap_or_default(),
                level1_weights: Vec::new(),
                ..named("chongqing-dept", "重庆市部门整体绩效自评表")
            }),
            // Forms that print whole numbers (河北 廊坊 9 for 8.62): each score rounded to a whole
            // point, the total the sum of those, half a point of tolerance.
            "integer" => Some(Profile {
                decimals: 0,
                tolerance: Decimal::new(5, 1),
                ..named("integer", "财预〔2020〕10号；得分按整数填报的地方版式")
            }),
            // 湖南 县级专项资金绩效目标自评表: no 分值 / 得分 columns; checked, not scored.
            "hunan-county" => Some(Profile {
                require_weights: false,
                ..named("hunan-county", "湖南省县级专项资金绩效目标自评表")
            }),
            // 中央对地方转移支付区域绩效自评表 (and provincial 专项资金 forms): no 分值 / 得分
            // columns either; checked, not scored.
            "transfer-payment" => Some(Profile {
                require_weights: false,
                ..named(
                    "transfer-payment",
                    "财政部 中央对地方转移支付区域绩效自评表（财预〔2020〕10号 附件）",
                )
            }),
            _ => None,
        }
    }

    /// The built-in profile named `name` (surrounding blanks ignored): the one lookup every
    /// caller uses (a form's `评分规则`, `--profile`, `jixiao.toml`).
    ///
    /// Errors: [`UnknownProfile`], which says which names exist and the likely one meant.
    pub fn resolve(name: &str) -> Result<Profile, UnknownProfile> {
        Profile::builtin(name).ok_or_else(|| UnknownProfile {
            name: name.trim().to_string(),
            suggestion: crate::suggest::did_you_mean(name.trim(), Profile::BUILTIN.iter().copied()),
        })
    }

    /// Names of the built-in profiles.
    pub const BUILTIN: &'static [&'static str] = &[
        "central-2020",
        "execution-20",
        "sichuan-2023",
        "chongqing-dept",
        "integer",
        "hunan-county",
        "transfer-payment",
    ];

    /// The level a word names, if the mapping knows it.
    pub fn level_of(&self, word: &str) -> Option<Level> {
        let word = word.trim();
        self.level_words
            .iter()
            .find(|(known, _)| known == word)
            .map(|(_, level)| *level)
    }

    /// The band of a level.
    pub fn band(&self, level: Level) -> Band {
        self.bands.iter().find(|(known, _)| *known == level).map_or(
            Band {
                low: Decimal::ZERO,
                high: Decimal::ONE_HUNDRED,
                high_inclusive: true,
            },
            |(_, band)| *band,
        )
    }

    /// The profile's grade a declared word names: the grade itself (`优`), or its usual longer
    /// spelling on printed forms (`优秀`, `良好`, `中等`, `较差`); `None` for any other word.
    pub fn grade_named(&self, word: &str) -> Option<&str> {
        const SPELLINGS: &[(&str, &str)] = &[
            ("优秀", "优"),
            ("良好", "良"),
            ("中等", "中"),
            ("较差", "差"),
        ];
        let word = word.trim();
        let word = SPELLINGS
            .iter()
            .find(|(spelling, _)| *spelling == word)
            .map_or(word, |(_, grade)| *grade);
        self.grades
            .iter()
            .find(|band| band.grade == word)
            .map(|band| band.grade.as_str())
    }

    /// The grade of a total (lower bounds inclusive, compared with the exact total).
    pub fn grade(&self, total: Decimal) -> &str {
        self.grades
            .iter()
            .find(|band| total >= band.minimum)
            .or(self.grades.last())
            .map_or("", |band| band.grade.as_str())
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::central_2020()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_bounds_are_inclusive() {
        let profile = Profile::central_2020();
        let grade = |text: &str| profile.grade(text.parse().unwrap());
        assert_eq!(grade("100"), "优");
        assert_eq!(grade("90"), "优");
        assert_eq!(grade("89.99"), "良");
        assert_eq!(grade("80"), "良");
        assert_eq!(grade("79.99"), "中");
        assert_eq!(grade("60"), "中");
        assert_eq!(grade("59.99"), "差");
        assert_eq!(grade("0"), "差");
    }

    #[test]
    fn qualitative_bands() {
        let profile = Profile::central_2020();
        let achieved = profile.band(Level::Achieved);
        assert!(achieved.contains(Decimal::from(80)) && achieved.contains(Decimal::from(100)));
        assert!(!achieved.contains(Decimal::new(7999, 2)));
        let partly = profile.band(Level::PartlyAchieved);
        assert!(partly.contains(Decimal::from(60)) && !partly.contains(Decimal::from(80)));
        assert_eq!(profile.level_of("优"), Some(Level::Achieved));
        assert_eq!(profile.level_of("良"), Some(Level::PartlyAchieved));
        assert_eq!(profile.level_of("差"), Some(Level::NotAchieved));
    }
}

/// A profile name that is not built in ([`Profile::resolve`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownProfile {
    /// The name as written, trimmed.
    pub name: String,
    /// The built-in name one or two edits away, if any.
    pub suggestion: Option<&'static str>,
}

impl UnknownProfile {
    /// `未知的评分规则 `x`；可用：central-2020、…` with its English translation.
    pub fn message(&self) -> crate::lang::Text {
        let name = &self.name;
        let builtin = Profile::BUILTIN.join("、");
        let builtin_en = Profile::BUILTIN.join(", ");
        crate::tr!(
            "未知的评分规则 `{name}`；可用：{builtin}",
            "unknown profile `{name}`; built-in: {builtin_en}"
        )
    }

    /// The help line of the diagnostic: the likely name meant, and the built-in names.
    pub fn help(&self) -> crate::lang::Text {
        let builtin = Profile::BUILTIN.join("、");
        let builtin_en = Profile::BUILTIN.join(", ");
        match self.suggestion {
            Some(word) => crate::tr!(
                "是否想写 `{word}`？可用的评分规则：{builtin}",
                "did you mean `{word}`? built-in profiles: {builtin_en}"
            ),
            None => crate::tr!(
                "可用的评分规则：{builtin}",
                "built-in profiles: {builtin_en}"
            ),
        }
    }
}

impl std::fmt::Display for UnknownProfile {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.message().en)
    }
}
