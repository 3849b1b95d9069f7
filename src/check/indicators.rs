//! Indicators: declared scores and coefficients, qualitative bands, deviation notes, units.
//! Source: 财预〔2020〕10号 第二十一、二十二条; docs/DOMAIN.md scoring rules 3–7.

use crate::diag::{Code, Diagnostic};
use crate::lang::Text;
use crate::model::{self, Basis, Evaluation, ScoringIssue};
use crate::policy::Profile;
use crate::syntax::ast::{self, Form};
use crate::syntax::keywords;
use crate::tr;

/// E0107, E0108, W0401, W0402, W0501, W0502, W0503, W0504, W0511, W0512, W0513.
pub(super) fn check(
    form: &Form,
    evaluation: &Evaluation,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (index, (reference, evaluated)) in form
        .indicators()
        .into_iter()
        .zip(&evaluation.indicators)
        .enumerate()
    {
        let indicator = reference.indicator;
        // A criterion of 项目决策 / 项目管理 is scored by the unit against its 评价标准: it has no
        // target or actual to miss.
        let criterion = indicator.target.is_none()
            && indicator.actual.is_none()
            && (indicator.declared_score.is_some() || indicator.declared_coefficient.is_some())
            && reference.path.first().is_some_and(|level1| {
                keywords::CRITERIA_LEVEL1.contains(&level1.name.value.as_str())
            });
        if !criterion {
            scoring_issue(indicator, evaluated, profile, diagnostics);
        }
        qualitative_band(indicator, evaluated, profile, diagnostics);
        declared_values(index, indicator, evaluated, diagnostics);
        converted_score(index, indicator, evaluated, diagnostics);
        deviation(indicator, evaluated, profile, diagnostics);
        deadline(indicator, evaluation.year, diagnostics);
        cost_cap(&reference.path, indicator, evaluated, diagnostics);
        actual_restates_target(indicator, diagnostics);
        units(indicator, diagnostics);
        direction_conflict(indicator, evaluated, diagnostics);
        not_applicable(indicator, diagnostics);
        parts(indicator, diagnostics);
    }
}

fn scoring_issue(
    indicator: &ast::Indicator,
    evaluated: &model::Indicator,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    word_target_number_actual(indicator, diagnostics);
    let Some(issue) = evaluated.issue else { return };
    // A not-applicable indicator is reported as such (E0109); its missing figures are not news.
    if indicator.not_applicable.is_some() {
        return;
    }
    // On a form with no weights (profile `require_weights` off) nothing is scored, so an
    // indicator that cannot be scored is no error; what is wrong with its figures still is.
    let unscored = indicator.weight.is_none() && !profile.require_weights;
    let name = &indicator.name.value;
    let missing = evaluated.basis == Basis::Missing && !unscored;
    match issue {
        ScoringIssue::WeightMissing => {} // E0102, reported by the structure check.
        ScoringIssue::ActualMissing if evaluated.basis == Basis::Declared => diagnostics.push(
            Diagnostic::new(
                Code::ActualMissing,
                indicator.name.span,
                tr!("指标 `{name}` 没有实际完成值", "indicator `{name}` has no actual value"),
            )
            .with_span_message(tr!("缺少 `实际 …`", "`实际 …` missing"))
            .with_note(tr!(
                "按申报的得分系数 {}% 计分，读者无法核对",
                "scored with the declared coefficient {}%, which readers cannot verify",
                evaluated
                    .coefficient
                    .computed
                    .map_or_else(String::new, |c| c.to_string())
            )),
        ),
        ScoringIssue::WordAgainstNumber => {
            let (target, actual) = (text(&indicator.target), text(&indicator.actual));
            let mut diagnostic = Diagnostic::new(
                Code::UnitMismatch,
                indicator
                    .actual
                    .as_ref()
                    .map_or(indicator.name.span, |actual| actual.span),
                tr!(
                    "指标 `{name}` 的指标值 `{target}` 与完成值 `{actual}` 无法比较",
                    "indicator `{name}`: target `{target}` and actual `{actual}` cannot be compared"
                ),
            )
            .with_span_message(tr!("完成值", "actual"));
            if let Some(target) = &indicator.target {
                diagnostic = diagnostic.with_label(target.span, tr!("指标值", "target"));
            }
            if !missing {
                diagnostic = diagnostic.with_note(tr!(
                    "按申报的得分系数计分",
                    "scored with the declared coefficient"
                ));
            }
            diagnostics.push(diagnostic);
            if missing {
                let both_words = indicator.target.as_ref().is_some_and(super::super::syntax::quantity::Quantity::is_words)
                    && indicator.actual.as_ref().is_some_and(super::super::syntax::quantity::Quantity::is_words);
                let why = if both_words {
                    tr!(
                        "定量指标的指标值和完成值都不是数字，且没有申报得分系数",
                        "the target and the actual of a quantitative indicator are both words, and no coefficient is declared"
                    )
                } else {
                    tr!(
                        "指标值是数字而完成值是文字（或相反），且没有申报得分系数",
                        "the target is a number and the actual is words (or the reverse), and no coefficient is declared"
                    )
                };
                let mut diagnostic = cannot_score(indicator, why);
                if starts_with_chinese_numeral(target) || starts_with_chinese_numeral(actual) {
                    diagnostic = diagnostic.with_help(arabic_numerals_help());
                } else if both_words {
                    diagnostic = diagnostic.with_help(tr!(
                        "文字指标值请标为 `定性`，或写成数字",
                        "mark an indicator with a word target `定性`, or write the target as a number"
                    ));
                }
                diagnostics.push(diagnostic);
            }
        }
        ScoringIssue::ActualMissing if missing => diagnostics.push(cannot_score(
            indicator,
            tr!(
                "没有实际完成值，也没有申报得分系数或得分",
                "there is no actual value, and no declared coefficient or score"
            ),
        )),
        ScoringIssue::TargetMissing if missing => diagnostics.push(cannot_score(
            indicator,
            tr!(
                "没有年度指标值，也没有申报得分系数或得分",
                "there is no target, and no declared coefficient or score"
            ),
        )),
        ScoringIssue::TargetMissing if evaluated.basis == Basis::Declared => diagnostics.push(
            Diagnostic::new(
                Code::DeclaredWithoutBasis,
                indicator.name.span,
                tr!(
                    "指标 `{name}` 申报的得分系数 {}% 无法核对：没有指标值",
                    "indicator `{name}`: the declared coefficient {}% cannot be verified: there is no target",
                    indicator
                        .declared_coefficient
                        .as_ref()
                        .map_or_else(|| evaluated.coefficient.computed.map_or_else(String::new, |c| c.to_string()), |c| c.value.to_string())
                ),
            )
            .with_span_message(tr!("缺少 `目标 …`", "`目标 …` missing"))
            .with_help(tr!("写出年度指标值（`目标 …`）", "write the target (`目标 …`)"))
            .with_note(tr!("按申报的得分系数计分", "scored with the declared coefficient")),
        ),
        ScoringIssue::LevelNeedsScore if missing => diagnostics.push(
            cannot_score(
                indicator,
                tr!(
                    "定性指标未完全达成时，须由单位在档次范围内确定得分",
                    "a qualitative indicator not fully achieved needs a score chosen by the unit within its level's band"
                ),
            )
            .with_help(match evaluated.level {
                Some(crate::policy::Level::PartlyAchieved) => tr!(
                    "部分达成：写 `系数 60%`–`系数 79%` 之间的值",
                    "partly achieved: write a value from `系数 60%` to `系数 79%`"
                ),
                _ => tr!(
                    "未达成：写 `系数 0%`–`系数 59%` 之间的值",
                    "not achieved: write a value from `系数 0%` to `系数 59%`"
                ),
            }),
        ),
        ScoringIssue::UnknownLevelWord if missing && (starts_with_chinese_numeral(text(&indicator.target)) || starts_with_chinese_numeral(text(&indicator.actual))) => diagnostics.push(
            cannot_score(
                indicator,
                tr!(
                    "指标值或完成值以汉字数字开头，无法作为数量读取",
                    "the target or the actual starts with a Chinese numeral and cannot be read as a quantity"
                ),
            )
            .with_help(arabic_numerals_help()),
        ),
        ScoringIssue::UnknownLevelWord if missing => diagnostics.push(
            cannot_score(
                indicator,
                tr!(
                    "完成值不是已知的等级词，且与指标值不同",
                    "the actual is not a known level word and differs from the target"
                ),
            )
            .with_help(tr!(
                "写明 `等级 达成`（或 部分达成、未达成），或写出 `系数 …%`",
                "write `等级 达成` (or `部分达成`, `未达成`), or a `系数 …%`"
            )),
        ),
        ScoringIssue::UnknownLevelWord
        | ScoringIssue::ActualMissing
        | ScoringIssue::TargetMissing
        | ScoringIssue::LevelNeedsScore => {}
    }
}

fn cannot_score(indicator: &ast::Indicator, why: Text) -> Diagnostic {
    let name = &indicator.name.value;
    let Text {
        zh: why_zh,
        en: why_en,
    } = why;
    Diagnostic::new(
        Code::CannotScore,
        indicator.name.span,
        tr!(
            "无法计算指标 `{name}` 的得分：{why_zh}",
            "cannot score indicator `{name}`: {why_en}"
        ),
    )
    .with_span_message(tr!("这个指标", "this indicator"))
}

fn arabic_numerals_help() -> Text {
    tr!(
        "数量请用阿拉伯数字书写，如 `2次` 而不是 `两次`",
        "write quantities in Arabic numerals: `2次`, not `两次`"
    )
}

/// The English of a qualitative level's official wording ([`crate::policy::Level::official_name`]).
fn level_en(level: crate::policy::Level) -> &'static str {
    match level {
        crate::policy::Level::Achieved => "achieved the annual target",
        crate::policy::Level::PartlyAchieved => {
            "partly achieved the annual target, with some effect"
        }
        crate::policy::Level::NotAchieved => "did not achieve the annual target, with poor effect",
    }
}

fn text(quantity: &Option<crate::syntax::quantity::Quantity>) -> &str {
    quantity
        .as_ref()
        .map_or("", |quantity| quantity.text.as_str())
}

/// E0108: a qualitative coefficient outside its level's band.
fn qualitative_band(
    indicator: &ast::Indicator,
    evaluated: &model::Indicator,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (Some(level), Some(coefficient)) = (evaluated.level, evaluated.coefficient.computed) else {
        return;
    };
    let band = profile.band(level);
    if band.contains(coefficient.0) {
        return;
    }
    let span = indicator
        .declared_coefficient
        .as_ref()
        .or(indicator.declared_score.as_ref())
        .map_or(indicator.name.span, |value| value.span);
    let level_span = indicator
        .level
        .as_ref()
        .map(|level| level.span)
        .or(indicator.actual.as_ref().map(|actual| actual.span))
        .unwrap_or(indicator.name.span);
    let upper = if band.high_inclusive { "]" } else { ")" };
    let name = &indicator.name.value;
    let (level_zh, level_en) = (level.official_name(), level_en(level));
    let (low, high) = (band.low, band.high);
    diagnostics.push(
        Diagnostic::new(
            Code::QualitativeOutOfBand,
            span,
            tr!(
                "定性指标 `{name}` 的得分系数 {coefficient}% 不在「{level_zh}」的范围 [{low}%, {high}%{upper} 内",
                "qualitative indicator `{name}`: coefficient {coefficient}% is outside the band [{low}%, {high}%{upper} of “{level_en}”"
            ),
        )
        .with_span_message(tr!("单位自定的得分", "the unit's own score"))
        .with_label(
            level_span,
            tr!("完成等级：{level_zh}", "level of achievement: {level_en}"),
        ),
    );
}

/// W0402 (coefficient) and W0401 (score): declared against computed.
fn declared_values(
    index: usize,
    indicator: &ast::Indicator,
    evaluated: &model::Indicator,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // The note is written only for a mismatch: most indicators have none.
    let formula = || formula(evaluated);
    if evaluated.coefficient.disagrees() {
        if let (Some(declared), Some(computed)) = (
            &indicator.declared_coefficient,
            evaluated.coefficient.computed,
        ) {
            diagnostics.push(
                Diagnostic::new(
                    Code::CoefficientMismatch,
                    declared.span,
                    tr!(
                        "指标 `{}` 申报的得分系数 {}% 与计算的 {computed}% 不符",
                        "indicator `{}`: the declared coefficient {}% differs from the computed {computed}%",
                        indicator.name.value,
                        declared.value
                    ),
                )
                .with_span_message(tr!("申报 {}%", "declared {}%", declared.value))
                .with_note(formula())
                .with_fact(format!("indicators.{index}.coefficient")),
            );
        }
    }
    // A score printed coarser than the profile's precision is one note for the form (W0407).
    if evaluated.score.disagrees()
        && evaluated.score_difference != Some(model::Difference::RoundedCoarser)
    {
        if let (Some(declared), Some(computed)) =
            (&indicator.declared_score, evaluated.score.computed)
        {
            let mut diagnostic = Diagnostic::new(
                Code::ScoreMismatch,
                declared.span,
                tr!(
                    "指标 `{}` 申报的得分 {} 与计算的 {computed} 不符",
                    "indicator `{}`: the declared score {} differs from the computed {computed}",
                    indicator.name.value,
                    declared.value
                ),
            )
            .with_span_message(tr!("申报 {}", "declared {}", declared.value))
            .with_note(formula());
            if let Some(weight) = &indicator.weight {
                diagnostic = diagnostic.with_label(weight.span, tr!("分值", "weight"));
            }
            match evaluated.score_difference {
                Some(model::Difference::Truncated) => {
                    diagnostic = diagnostic.with_note(tr!(
                        "申报值 {} 是计算值截尾（舍去尾数）所得，未按四舍五入取值",
                        "the declared {} is the computed score cut off instead of rounded half up",
                        declared.value
                    ));
                }
                Some(model::Difference::RateRoundedFirst) => {
                    let weight = evaluated.weight;
                    if let Some(rounded) = evaluated.coefficient.computed.and_then(|c| {
                        crate::eval::rounding::rate_rounded_first(declared.value, weight.0, c.0)
                    }) {
                        diagnostic = diagnostic.with_note(tr!(
                            "申报值 {} = {weight} × {rounded}%：先把得分系数取整为 {rounded}% 再计算",
                            "the declared {} = {weight} × {rounded}%: the coefficient was rounded to {rounded}% first",
                            declared.value
                        ));
                    }
                }
                _ => {}
            }
            diagnostics.push(diagnostic.with_fact(format!("indicators.{index}.score")));
        }
    }
}

/// The computation behind an indicator's score, with its numbers.
fn formula(evaluated: &model::Indicator) -> Text {
    let score = evaluated
        .score
        .computed
        .map_or_else(|| "?".to_string(), |s| s.to_string());
    let coefficient = evaluated
        .coefficient
        .computed
        .map_or_else(|| "?".to_string(), |c| c.to_string());
    let target = evaluated.target.as_ref().map_or("", |t| t.text.as_str());
    let actual = evaluated.actual.as_ref().map_or("", |a| a.text.as_str());
    let description = evaluated.rule.description();
    let (rule, rule_en, weight) = (&description.zh, &description.en, evaluated.weight);
    let quoted = |text: &str| match text {
        "" => "none".to_string(),
        text => format!("`{text}`"),
    };
    let (target_en, actual_en) = (quoted(target), quoted(actual));
    tr!(
        "{rule}；指标值 {target}，完成值 {actual}：得分 = {weight} × {coefficient}% = {score}",
        "{rule_en}; target {target_en}, actual {actual_en}: score = {weight} × {coefficient}% = {score}"
    )
}

/// W0406: a declared 折算得分 (河北) against coefficient × 权重占比. A converted score of
/// 得分 × 权重占比 applies the weight twice (25 points × 25% = 6.25 for a full-marks indicator).
fn converted_score(
    index: usize,
    indicator: &ast::Indicator,
    evaluated: &model::Indicator,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (Some(declared), Some(computed), true) = (
        &indicator.declared_converted_score,
        evaluated.converted_score.computed,
        evaluated.converted_score.disagrees(),
    ) else {
        return;
    };
    let share = evaluated
        .weight_share
        .map_or_else(String::new, |share| share.to_string());
    let coefficient = evaluated
        .coefficient
        .computed
        .map_or_else(String::new, |c| c.to_string());
    let mut diagnostic = Diagnostic::new(
        Code::ConvertedScoreMismatch,
        declared.span,
        tr!(
            "指标 `{}` 申报的折算得分 {} 与计算的 {computed} 不符",
            "indicator `{}`: the declared converted score {} differs from the computed {computed}",
            indicator.name.value,
            declared.value
        ),
    )
    .with_span_message(tr!("申报 {}", "declared {}", declared.value))
    .with_note(tr!(
        "折算得分 = 得分系数 × 权重占比 = {coefficient}% × {share} = {computed}",
        "converted score = coefficient × weight share = {coefficient}% × {share} = {computed}"
    ))
    .with_fact(format!("indicators.{index}.converted_score"));
    if let Some(score) = evaluated.score.declared.or(evaluated.score.computed) {
        let twice = (score.0
            * evaluated
                .weight_share
                .map_or(rust_decimal::Decimal::ZERO, |s| s.0)
            / rust_decimal::Decimal::ONE_HUNDRED)
            .normalize();
        if twice == declared.value.normalize() {
            diagnostic = diagnostic.with_note(tr!(
                "申报值 = 得分 {score} × 权重占比 {share}%：得分已按分值计，又乘了一次权重",
                "the declared value is score {score} × weight share {share}%: the score is already weighted, and was weighted again"
            ));
        }
    }
    diagnostics.push(diagnostic);
}

/// W0501 (below full score, no note) and W0502 (over-completion, no note).
fn deviation(
    indicator: &ast::Indicator,
    evaluated: &model::Indicator,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if indicator
        .deviation_note
        .as_ref()
        .is_some_and(|note| !note.value.trim().is_empty())
    {
        return;
    }
    let name = &indicator.name.value;
    if let Some(coefficient) = evaluated.coefficient.computed {
        if coefficient.0 < rust_decimal::Decimal::ONE_HUNDRED {
            let message = match evaluated.score.computed {
                Some(score) => tr!(
                    "指标 `{name}` 得分 {score} 低于分值 {}，但没有偏差原因分析",
                    "indicator `{name}` scores {score}, below its weight {}, but has no deviation note",
                    evaluated.weight
                ),
                None => tr!(
                    "指标 `{name}` 完成系数 {coefficient}%，未完全达成，但没有偏差原因分析",
                    "indicator `{name}` has coefficient {coefficient}%, not fully achieved, but has no deviation note"
                ),
            };
            diagnostics.push(
                Diagnostic::new(Code::DeviationNoteMissing, indicator.name.span, message)
                    .with_span_message(tr!("未完全达成", "not fully achieved"))
                    .with_note(formula(evaluated)),
            );
            return;
        }
    }
    if let Some(completion) = evaluated.completion {
        if completion.0 >= profile.over_completion_threshold {
            let span = indicator
                .actual
                .as_ref()
                .map_or(indicator.name.span, |actual| actual.span);
            let mut diagnostic = Diagnostic::new(
                Code::OverCompletionUnexplained,
                span,
                tr!(
                    "指标 `{name}` 完成值达到指标值的 {completion}%（≥ {}%），但没有说明原因",
                    "indicator `{name}`: the actual reaches {completion}% of the target (≥ {}%), but no reason is given",
                    profile.over_completion_threshold
                ),
            )
            .with_span_message(tr!(
                "完成值 {}",
                "actual {}",
                indicator.actual.as_ref().map_or("", |a| a.text.as_str())
            ));
            if let Some(target) = &indicator.target {
                diagnostic =
                    diagnostic.with_label(target.span, tr!("指标值 {}", "target {}", target.text));
            }
            diagnostics.push(diagnostic.with_note(tr!(
                "不扣分；但目标可能定得过低，应在偏差原因分析中说明",
                "no deduction, but the target may have been set too low: explain it in the deviation note"
            )));
        }
    }
}

/// W0504: target and actual in different units (the indicator's 度量单位 fills in a missing one).
/// W0504: a qualitative (word) target against a number actual (`按时限完成` → `100%`). The
/// reverse case, a number target against a word actual, is reported from the scoring issue.
fn word_target_number_actual(indicator: &ast::Indicator, diagnostics: &mut Vec<Diagnostic>) {
    let (Some(target), Some(actual)) = (&indicator.target, &indicator.actual) else {
        return;
    };
    // A placeholder target (`≥**人`) is reported as such (W0510), not as a mismatch.
    if !target.is_words()
        || actual.is_words()
        || super::judgement::is_placeholder(&target.text)
        || crate::eval::timely_by_date(indicator)
    {
        return;
    }
    diagnostics.push(
        Diagnostic::new(
            Code::UnitMismatch,
            actual.span,
            tr!(
                "指标 `{}` 的指标值 `{}` 与完成值 `{}` 无法比较",
                "indicator `{}`: target `{}` and actual `{}` cannot be compared",
                indicator.name.value,
                target.text,
                actual.text
            ),
        )
        .with_span_message(tr!("完成值是数字", "the actual is a number"))
        .with_label(target.span, tr!("指标值是文字", "the target is words")),
    );
}

/// `两次`, `十个`: a number written in Chinese numerals.
fn starts_with_chinese_numeral(text: &str) -> bool {
    text.trim_start_matches(['≥', '≤', '>', '<', '='])
        .chars()
        .next()
        .is_some_and(|first| "零一二两三四五六七八九十百千万".contains(first))
}

/// W0508: `反向` stated against a `≥` target (or `正向` against `≤`): the comparator decides the
/// scoring, so the stated direction is a contradiction.
fn direction_conflict(
    indicator: &ast::Indicator,
    evaluated: &model::Indicator,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (Some(stated), Some(direction)) = (&indicator.direction, evaluated.direction) else {
        return;
    };
    let conflict = match stated.value {
        ast::DeclaredDirection::Reverse => matches!(
            direction,
            model::Direction::Positive | model::Direction::Equality
        ),
        ast::DeclaredDirection::Positive => direction == model::Direction::Reverse,
    };
    let Some(target) = indicator
        .target
        .as_ref()
        .filter(|target| target.comparator().is_some())
    else {
        return;
    };
    if conflict {
        let (name, target_text) = (&indicator.name.value, &target.text);
        let (stated_zh, stated_en) = match stated.value {
            ast::DeclaredDirection::Reverse => ("反向", "reverse"),
            ast::DeclaredDirection::Positive => ("正向", "positive"),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::DirectionConflict,
                stated.span,
                tr!(
                    "指标 `{name}` 标为{stated_zh}，但指标值 `{target_text}` 的比较符表示相反方向",
                    "indicator `{name}` is marked {stated_en}, but the comparator of its target `{target_text}` means the opposite direction"
                ),
            )
            .with_span_message(tr!("写明的方向", "stated direction"))
            .with_label(
                target.span,
                tr!("比较符决定计分方向", "the comparator decides the scoring direction"),
            ),
        );
    }
}

/// E0109: 不适用 under a profile that does not allow it (central-2020: docs/DOMAIN.md rule 10).
fn not_applicable(indicator: &ast::Indicator, diagnostics: &mut Vec<Diagnostic>) {
    let Some(marker) = &indicator.not_applicable else {
        return;
    };
    diagnostics.push(
        Diagnostic::new(
            Code::NotApplicableForbidden,
            marker.span,
            tr!(
                "指标 `{}` 标为不适用，但当前评分规则不允许不适用指标",
                "indicator `{}` is marked not applicable, but the profile does not allow not-applicable indicators",
                indicator.name.value
            ),
        )
        .with_span_message(tr!("不适用", "not applicable")),
    );
}

/// W0509: `其中` sub-rows whose figures do not add up to their indicator's, or that add
/// different units (180只 + 12头 printed as 192只).
fn parts(indicator: &ast::Indicator, diagnostics: &mut Vec<Diagnostic>) {
    if indicator.parts.is_empty() {
        return;
    }
    let stated = indicator.unit.as_ref().map(|unit| unit.value.as_str());
    type Pick = fn(&ast::Indicator) -> Option<&crate::syntax::quantity::Quantity>;
    let columns: [(&str, &str, Pick); 2] = [
        ("年度指标值", "target", |i| i.target.as_ref()),
        ("实际完成值", "actual", |i| i.actual.as_ref()),
    ];
    for (column, column_en, pick) in columns {
        let Some(whole) = pick(indicator) else {
            continue;
        };
        let Some(whole_amount) = whole.amount() else {
            continue;
        };
        let pieces: Vec<&crate::syntax::quantity::Quantity> =
            indicator.parts.iter().filter_map(pick).collect();
        if pieces.len() != indicator.parts.len()
            || pieces.iter().any(|piece| piece.amount().is_none())
        {
            continue;
        }
        let sum: rust_decimal::Decimal = pieces.iter().filter_map(|piece| piece.amount()).sum();
        let whole_unit = whole.unit().or(stated);
        let units: Vec<Option<&str>> = pieces
            .iter()
            .map(|piece| piece.unit().or(whole_unit))
            .collect();
        let mixed = units.iter().any(|unit| *unit != units[0]);
        let terms: Vec<&str> = pieces.iter().map(|piece| piece.text.as_str()).collect();
        let message = if mixed {
            tr!(
                "指标 `{}` 的{column} `{}` 把不同单位的其中项相加：{}",
                "indicator `{}`: the {column_en} `{}` adds sub-rows in different units: {}",
                indicator.name.value,
                whole.text,
                terms.join(" + ")
            )
        } else if sum != whole_amount {
            tr!(
                "指标 `{}` 的{column}为 {}，其中项之和为 {sum}",
                "indicator `{}`: the {column_en} is {}, but its sub-rows sum to {sum}",
                indicator.name.value,
                whole.text
            )
        } else {
            continue;
        };
        let mut diagnostic = Diagnostic::new(Code::PartsNotSumming, whole.span, message)
            .with_span_message(Text::new(column, column_en));
        for piece in &pieces {
            diagnostic =
                diagnostic.with_label(piece.span, tr!("其中 {}", "sub-row {}", piece.text));
        }
        diagnostics.push(diagnostic);
    }
}

fn units(indicator: &ast::Indicator, diagnostics: &mut Vec<Diagnostic>) {
    let (Some(target), Some(actual)) = (&indicator.target, &indicator.actual) else {
        return;
    };
    let stated = indicator.unit.as_ref().map(|unit| unit.value.as_str());
    let (Some(target_unit), Some(actual_unit)) =
        (target.unit().or(stated), actual.unit().or(stated))
    else {
        return;
    };
    if target.amount().is_none() || actual.amount().is_none() || same_unit(target_unit, actual_unit)
    {
        return;
    }
    diagnostics.push(
        Diagnostic::new(
            Code::UnitMismatch,
            actual.span,
            tr!(
                "指标 `{}` 的指标值单位 `{target_unit}` 与完成值单位 `{actual_unit}` 不一致",
                "indicator `{}`: the target's unit `{target_unit}` differs from the actual's unit `{actual_unit}`",
                indicator.name.value
            ),
        )
        .with_span_message(tr!("单位 {actual_unit}", "unit {actual_unit}"))
        .with_label(target.span, tr!("单位 {target_unit}", "unit {target_unit}")),
    );
}

/// W0511: a time target whose actual completion time is later (§12.9).
fn deadline(indicator: &ast::Indicator, year: Option<u16>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(target) = indicator
        .target
        .as_ref()
        .or(indicator.adjusted_target.as_ref())
        .or(indicator.initial_target.as_ref())
    else {
        return;
    };
    let (Some(actual), Some(target_time)) = (indicator.actual.as_ref(), target.time()) else {
        return;
    };
    let Some(done) = actual.time() else { return };
    let (target_time, done) = (target_time.in_year(year), done.in_year(year));
    if done.meets(target_time) {
        return;
    }
    let name = &indicator.name.value;
    let (done_en, target_en) = (done.english(), target_time.english());
    diagnostics.push(
        Diagnostic::new(
            Code::DeadlineMissed,
            actual.span,
            tr!(
                "指标 `{name}` 完成时间 {done} 晚于目标 {target_time}",
                "indicator `{name}`: completed {done_en}, later than the target {target_en}"
            ),
        )
        .with_span_message(tr!("完成时间 {done}", "completed {done_en}"))
        .with_label(
            target.span,
            tr!("目标时间 {target_time}", "target time {target_en}"),
        )
        .with_note(tr!(
            "时限指标不晚于目标时间完成得满分；逾期为未达成",
            "a deadline is met by any earlier or equal time; late is not achieved"
        )),
    );
}

/// W0512: a cost target without a comparator, scored as a cap (§12.3).
fn cost_cap(
    path: &[&ast::Category],
    indicator: &ast::Indicator,
    evaluated: &model::Indicator,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !crate::eval::reads_as_cost_cap(path, indicator) {
        return;
    }
    let Some(target) = indicator
        .target
        .as_ref()
        .or(indicator.adjusted_target.as_ref())
        .or(indicator.initial_target.as_ref())
    else {
        return;
    };
    let (name, text) = (&indicator.name.value, &target.text);
    let mut diagnostic = Diagnostic::new(
        Code::CostCapWithoutComparator,
        target.span,
        tr!(
            "成本指标 `{name}` 的指标值 `{text}` 没有比较符，按上限（≤）计分",
            "cost indicator `{name}`: the target `{text}` has no comparator; it is scored as a cap (≤)"
        ),
    )
    .with_span_message(tr!("应为 `≤{text}`", "should be `≤{text}`"));
    // The declared score is weight × actual ÷ target: scored as if higher were better.
    let amounts = target.amount().zip(
        indicator
            .actual
            .as_ref()
            .and_then(super::super::syntax::quantity::Quantity::amount),
    );
    if let (Some(declared), Some((target_amount, actual_amount)), Some(weight)) =
        (&indicator.declared_score, amounts, &indicator.weight)
    {
        if !target_amount.is_zero() && actual_amount < target_amount {
            let positive = weight.value * actual_amount / target_amount;
            let as_positive = crate::eval::rounding::round_to(positive, declared.value.scale());
            if as_positive == declared.value && evaluated.score.disagrees() {
                let (declared, weight) = (declared.value, weight.value);
                diagnostic = diagnostic.with_note(tr!(
                    "申报的得分 {declared} = {weight} × {actual_amount} ÷ {target_amount}：按“越高越好”计分；低于上限的成本应得满分",
                    "the declared score {declared} = {weight} × {actual_amount} ÷ {target_amount}: scored as if higher were better; a cost under its cap earns the full weight"
                ));
            }
        }
    }
    diagnostics.push(diagnostic);
}

/// W0513: an actual written with a comparator (`实际 ≥266米`) restates the target.
fn actual_restates_target(indicator: &ast::Indicator, diagnostics: &mut Vec<Diagnostic>) {
    let Some(actual) = &indicator.actual else {
        return;
    };
    // A postfix word (`2天以内`, `98%以上`) reads as a statement of what was done; a prefix
    // comparator (`≥266米`) is the target's own notation.
    if !crate::syntax::quantity::has_prefix_comparator(&actual.text) {
        return;
    }
    if !matches!(
        actual.comparator(),
        Some(
            crate::syntax::quantity::Comparator::AtLeast
                | crate::syntax::quantity::Comparator::MoreThan
                | crate::syntax::quantity::Comparator::AtMost
                | crate::syntax::quantity::Comparator::LessThan
        )
    ) {
        return;
    }
    let (name, text) = (&indicator.name.value, &actual.text);
    let mut diagnostic = Diagnostic::new(
        Code::ActualRestatesTarget,
        actual.span,
        tr!(
            "指标 `{name}` 的完成值 `{text}` 是一个范围而不是实际达到的数值，无法核对是否达成",
            "indicator `{name}`: the actual `{text}` is a bound, not the value reached; attainment cannot be checked"
        ),
    )
    .with_span_message(tr!("完成值带比较符", "an actual with a comparator"));
    if let Some(target) = &indicator.target {
        if target.text.trim() == text.trim() {
            diagnostic =
                diagnostic.with_label(target.span, tr!("与指标值相同", "the same as the target"));
        }
    }
    diagnostics.push(diagnostic);
}

fn same_unit(left: &str, right: &str) -> bool {
    left == right || (is_percent(left) && is_percent(right))
}

fn is_percent(unit: &str) -> bool {
    matches!(unit, "%" | "％" | "百分比")
}
