//! Scoring one level-3 indicator (docs/DOMAIN.md scoring rules 3–7).

use super::rounding::{
    agrees_at_declared_precision, agrees_within, difference, rate_rounded_first, round_score,
    round_to, score_agrees,
};
use crate::model::{
    Basis, Checked, Difference, Direction, Indicator, Number, QuantityRecord, ScoringIssue,
    ScoringRule,
};
use crate::policy::{Level, Profile, ReverseRule};
use crate::syntax::ast::{self, DeclaredDirection, Nature};
use crate::syntax::quantity::{Comparator, Quantity, QuantityValue};
use rust_decimal::Decimal;

/// The fraction of the weight earned and how it was obtained.
struct Outcome {
    /// Fraction of the weight, 0..=1; `None` when it cannot be obtained.
    coefficient: Option<Decimal>,
    basis: Basis,
    issue: Option<ScoringIssue>,
    rule: ScoringRule,
    direction: Option<Direction>,
    level: Option<Level>,
    completion: Option<Decimal>,
}

/// Evaluates an indicator inside the categories `path` (outermost first), in goal block `goal`
/// (titled `goal_title`) when the form has per-goal indicator trees.
pub(super) fn evaluate_indicator(
    goal: Option<usize>,
    goal_title: Option<&str>,
    path: &[&ast::Category],
    indicator: &ast::Indicator,
    profile: &Profile,
    year: Option<u16>,
) -> Indicator {
    let weight = indicator
        .weight
        .as_ref()
        .map_or(Decimal::ZERO, |weight| weight.value);
    let nature = nature_of(indicator);
    let mut outcome = match nature {
        Nature::Quantitative => match deadline(indicator, profile, year) {
            Some(outcome) => outcome,
            None => quantitative(indicator, profile, reads_as_cost_cap(path, indicator)),
        },
        Nature::Qualitative => qualitative(indicator, profile),
    };
    // Without a weight there is no score; forms with no 分值 column (profile `require_weights`
    // off) still get their completion coefficient.
    if indicator.weight.is_none() && profile.require_weights {
        outcome.coefficient = None;
        outcome.basis = Basis::Missing;
        outcome.issue = Some(ScoringIssue::WeightMissing);
    }
    let score = outcome
        .coefficient
        .filter(|_| indicator.weight.is_some())
        .map(|coefficient| round_score(weight * coefficient, profile));
    let coefficient_percent = outcome
        .coefficient
        .map(|coefficient| round_to(coefficient * Decimal::ONE_HUNDRED, 2));
    let declared_coefficient = indicator.declared_coefficient.as_ref().map(|c| c.value);
    let declared_score = indicator.declared_score.as_ref().map(|s| s.value);
    let exact_coefficient = outcome
        .coefficient
        .map(|coefficient| coefficient * Decimal::ONE_HUNDRED);

    let exact_score = outcome
        .coefficient
        .filter(|_| indicator.weight.is_some())
        .map(|coefficient| weight * coefficient);
    let score_difference = declared_score
        .zip(exact_score)
        .and_then(|(declared, exact)| {
            if score_agrees(declared, exact, profile) {
                return None;
            }
            let found = difference(declared, exact, profile.decimals);
            let rounded_first = outcome.coefficient.and_then(|coefficient| {
                rate_rounded_first(declared, weight, coefficient * Decimal::ONE_HUNDRED)
            });
            Some(match found {
                // Full marks for a line that falls short is a mistake (missed and scored in
                // full), not a rounding: `5` for 4.84 under a weight of 5.
                Difference::RoundedCoarser if declared >= weight && exact < weight => {
                    Difference::Other
                }
                Difference::RoundedCoarser => found,
                _ if rounded_first.is_some() => Difference::RateRoundedFirst,
                _ => found,
            })
        });
    let level1 = path.first().map(|category| category.name.value.clone());
    let level2 = path.get(1).map(|category| category.name.value.clone());
    let mut result = Indicator {
        id: String::new(),
        goal,
        level1,
        level2,
        name: indicator.name.value.clone(),
        nature,
        direction: outcome.direction,
        unit: indicator.unit.as_ref().map(|unit| unit.value.clone()),
        target: indicator.target.as_ref().map(record),
        initial_target: indicator.initial_target.as_ref().map(record),
        adjusted_target: indicator.adjusted_target.as_ref().map(record),
        actual: indicator.actual.as_ref().map(record),
        weight: Number(weight),
        level: outcome.level,
        completion: outcome
            .completion
            .map(|completion| Number(round_to(completion, 2))),
        coefficient: Checked {
            declared: declared_coefficient.map(Number),
            computed: coefficient_percent.map(Number),
            agrees: declared_coefficient
                .zip(exact_coefficient)
                .map(|(declared, computed)| agrees_at_declared_precision(declared, computed)),
        },
        score: Checked {
            declared: declared_score.map(Number),
            computed: score.map(Number),
            agrees: declared_score
                .zip(exact_score)
                .map(|(declared, exact)| score_agrees(declared, exact, profile)),
        },
        weight_share: indicator
            .weight_share
            .as_ref()
            .map(|share| Number(share.value)),
        converted_score: {
            // The converted score re-expresses the score on the weight share: coefficient ×
            // share. It equals the score when the share is the weight, as it should.
            let share = indicator.weight_share.as_ref().map(|share| share.value);
            let computed = outcome
                .coefficient
                .zip(share)
                .map(|(coefficient, share)| round_score(coefficient * share, profile));
            let declared = indicator
                .declared_converted_score
                .as_ref()
                .map(|score| score.value);
            Checked {
                agrees: declared.zip(computed).map(|(declared, computed)| {
                    agrees_within(declared, computed, profile.tolerance)
                }),
                declared: declared.map(Number),
                computed: computed.map(Number),
            }
        },
        basis: outcome.basis,
        issue: outcome.issue,
        rule: outcome.rule,
        deviation_note: indicator
            .deviation_note
            .as_ref()
            .map(|note| note.value.clone()),
        core: indicator.core,
        parts: indicator
            .parts
            .iter()
            .map(|part| crate::model::Part {
                name: part.name.value.clone(),
                target: part.target.as_ref().map(record),
                actual: part.actual.as_ref().map(record),
            })
            .collect(),
        score_difference,
    };
    result.id = match (&indicator.id, goal_title) {
        (Some(id), _) => id.value.clone(),
        (None, Some(title)) => format!("{title}/{}", result.id_path()),
        (None, None) => result.id_path(),
    };
    result
}

fn record(quantity: &Quantity) -> QuantityRecord {
    QuantityRecord {
        text: quantity.text.clone(),
        parsed: quantity.value.clone(),
    }
}

/// 定量 unless stated otherwise or the target (or, with no target, the actual) is words.
fn nature_of(indicator: &ast::Indicator) -> Nature {
    if let Some(nature) = &indicator.nature {
        return nature.value;
    }
    match (&indicator.target, &indicator.actual) {
        (Some(target), _) if target.is_words() => Nature::Qualitative,
        (None, Some(actual)) if actual.is_words() => Nature::Qualitative,
        (None, None) if indicator.level.is_some() => Nature::Qualitative,
        _ => Nature::Quantitative,
    }
}

/// The coefficient the form declared, as a fraction: 系数, else 得分 / 分值, held to [0, 1].
///
/// An indicator earns at most its weight (财预〔2020〕10号 附件1): a declared 150% or a score
/// of 80 on a weight of 50 counts as the full weight, so the computed total never exceeds what
/// the form can reach; the declaration itself is reported (W0408) and disagrees with the
/// computed score (W0401).
fn declared_fraction(indicator: &ast::Indicator) -> Option<Decimal> {
    let fraction = if let Some(coefficient) = &indicator.declared_coefficient {
        coefficient.value / Decimal::ONE_HUNDRED
    } else {
        let score = indicator.declared_score.as_ref()?.value;
        let weight = indicator.weight.as_ref()?.value;
        if weight.is_zero() {
            return None;
        }
        score / weight
    };
    Some(fraction.clamp(Decimal::ZERO, Decimal::ONE))
}

/// An outcome taken from the declared coefficient, or missing when none was declared.
fn from_declaration(
    indicator: &ast::Indicator,
    issue: ScoringIssue,
    direction: Option<Direction>,
    level: Option<Level>,
) -> Outcome {
    let declared = declared_fraction(indicator);
    Outcome {
        coefficient: declared,
        basis: if declared.is_some() {
            Basis::Declared
        } else {
            Basis::Missing
        },
        issue: Some(issue),
        rule: ScoringRule::Declared,
        direction,
        level,
        completion: None,
    }
}

/// Words that say a deadline was met without saying when (`按时完成`, `如期`, `提前完成`).
const ON_TIME_WORDS: &[&str] = &["按时", "及时", "如期", "提前", "按期", "准时"];

/// Words that say the work was done (`已完成`), against a deadline that is not known to be missed.
const DONE_WORDS: &[&str] = &["已完成", "全部完成", "已全部完成", "完成"];

/// Whether words say a deadline was kept: `按时完成`, `如期`, `已完成` (never `未…`).
pub(super) fn says_on_time(text: &str) -> bool {
    let text = text.trim();
    !text.contains('未')
        && !text.contains('不')
        && (ON_TIME_WORDS.iter().any(|word| text.contains(word)) || DONE_WORDS.contains(&text))
}

/// A time target (`9月前`, `2023年12月`): a deadline, met by any earlier or equal time
/// (docs/LANGUAGE.md §12, rule 11). `None` when the target is not a time, or the actual cannot
/// be compared with one (then the ordinary rules report it).
///
/// Missed: the indicator is not achieved. The unit's own deduction is kept when it declared a
/// score below the weight; otherwise it earns the profile's `missed_deadline_share` (0 in
/// `central-2020`; a late item declared at full weight then disagrees, W0401, beside W0511).
fn deadline(indicator: &ast::Indicator, profile: &Profile, year: Option<u16>) -> Option<Outcome> {
    let target = indicator
        .target
        .as_ref()
        .or(indicator.adjusted_target.as_ref())
        .or(indicator.initial_target.as_ref())?
        .time()?
        .in_year(year);
    let actual = indicator.actual.as_ref()?;
    let met = match (&actual.value, actual.time()) {
        (_, Some(done)) => done.in_year(year).meets(target),
        (QuantityValue::Words { text }, None)
            if says_on_time(text) || profile.level_of(text) == Some(Level::Achieved) =>
        {
            true
        }
        _ => return None,
    };
    let coefficient = if met {
        Decimal::ONE
    } else {
        let share = profile.missed_deadline_share / Decimal::ONE_HUNDRED;
        declared_fraction(indicator)
            .filter(|declared| *declared < Decimal::ONE)
            .map_or(share, |declared| declared.max(Decimal::ZERO))
    };
    Some(Outcome {
        coefficient: Some(coefficient),
        basis: Basis::Computed,
        issue: None,
        rule: ScoringRule::Deadline,
        direction: None,
        level: None,
        completion: None,
    })
}

/// Whether an indicator is a cost target written without a comparator (`成本指标 … 目标 20万元`,
/// `每平方米800元`): under a category named 成本, a bare amount of money, no stated direction.
/// It is a cap, scored as reverse (docs/LANGUAGE.md §12.3; W0512 names the missing comparator).
pub(crate) fn reads_as_cost_cap(path: &[&ast::Category], indicator: &ast::Indicator) -> bool {
    let in_cost = path
        .iter()
        .any(|category| category.name.value.contains("成本"));
    let target = indicator
        .target
        .as_ref()
        .or(indicator.adjusted_target.as_ref())
        .or(indicator.initial_target.as_ref());
    let money = |unit: Option<&str>| unit.is_some_and(|unit| unit.contains('元'));
    in_cost
        && indicator.direction.is_none()
        && target.is_some_and(|target| {
            matches!(
                target.value,
                QuantityValue::Number {
                    comparator: None,
                    ..
                }
            ) && money(
                target
                    .unit()
                    .or(indicator.unit.as_ref().map(|u| u.value.as_str())),
            )
        })
}

fn quantitative(indicator: &ast::Indicator, profile: &Profile, cost_cap: bool) -> Outcome {
    let Some(target) = indicator
        .target
        .as_ref()
        .or(indicator.adjusted_target.as_ref())
        .or(indicator.initial_target.as_ref())
    else {
        return match &indicator.actual {
            None => from_declaration(indicator, ScoringIssue::ActualMissing, None, None),
            Some(_) => from_declaration(indicator, ScoringIssue::TargetMissing, None, None),
        };
    };
    let direction = match direction_of(indicator, target) {
        Direction::Positive if cost_cap => Direction::Reverse,
        direction => direction,
    };
    let Some(actual) = &indicator.actual else {
        return from_declaration(
            indicator,
            ScoringIssue::ActualMissing,
            Some(direction),
            None,
        );
    };
    let actual_amount = match &actual.value {
        QuantityValue::Number { amount, .. } => (*amount).max(Decimal::ZERO),
        _ => {
            return from_declaration(
                indicator,
                ScoringIssue::WordAgainstNumber,
                Some(direction),
                None,
            )
        }
    };
    let (coefficient, rule) = match &target.value {
        QuantityValue::Range { low, high, .. } => {
            (interval(*low, *high, actual_amount), ScoringRule::Interval)
        }
        QuantityValue::Number { amount, .. } => match direction {
            Direction::Reverse => (
                reverse(*amount, actual_amount, profile.reverse_rule),
                match profile.reverse_rule {
                    ReverseRule::Ratio => ScoringRule::Reverse,
                    ReverseRule::Linear => ScoringRule::ReverseLinear,
                },
            ),
            _ => (positive(*amount, actual_amount), ScoringRule::Positive),
        },
        QuantityValue::Words { .. } | QuantityValue::Time { .. } => {
            return from_declaration(
                indicator,
                ScoringIssue::WordAgainstNumber,
                Some(direction),
                None,
            )
        }
    };
    let completion = match (&target.value, direction) {
        (QuantityValue::Number { amount, .. }, Direction::Positive | Direction::Equality)
            if !amount.is_zero() =>
        {
            Some(actual_amount / *amount * Decimal::ONE_HUNDRED)
        }
        _ => None,
    };
    Outcome {
        coefficient: Some(coefficient),
        basis: Basis::Computed,
        issue: None,
        rule,
        direction: Some(direction),
        level: None,
        completion,
    }
}

/// The scoring direction: from the comparator, else as stated, else positive.
fn direction_of(indicator: &ast::Indicator, target: &Quantity) -> Direction {
    if matches!(target.value, QuantityValue::Range { .. }) {
        return Direction::Interval;
    }
    match target.comparator() {
        Some(Comparator::AtLeast | Comparator::MoreThan) => Direction::Positive,
        Some(Comparator::AtMost | Comparator::LessThan) => Direction::Reverse,
        Some(Comparator::Equal) => Direction::Equality,
        None => match indicator
            .direction
            .as_ref()
            .map(|direction| direction.value)
        {
            Some(DeclaredDirection::Reverse) => Direction::Reverse,
            _ => Direction::Positive,
        },
    }
}

/// Positive (and equality): full when actual ≥ target, else actual / target (rule 3, 5).
fn positive(target: Decimal, actual: Decimal) -> Decimal {
    if actual >= target || target.is_zero() {
        Decimal::ONE
    } else {
        actual / target
    }
}

/// Reverse: full when actual ≤ target, else target / actual (ratio) or the linear variant
/// (rule 4). Target 0: full only for actual 0.
fn reverse(target: Decimal, actual: Decimal, rule: ReverseRule) -> Decimal {
    if actual <= target {
        return Decimal::ONE;
    }
    if target.is_zero() {
        return Decimal::ZERO;
    }
    match rule {
        ReverseRule::Ratio => target / actual,
        ReverseRule::Linear => (Decimal::ONE - (actual - target) / target).max(Decimal::ZERO),
    }
}

/// Interval: full inside `[low, high]`, else the ratio to the nearer bound (rule 5; an
/// implementation choice documented in docs/LANGUAGE.md).
fn interval(low: Decimal, high: Decimal, actual: Decimal) -> Decimal {
    if actual < low {
        if low.is_zero() {
            Decimal::ONE
        } else {
            actual / low
        }
    } else if actual > high {
        if actual.is_zero() {
            Decimal::ONE
        } else {
            high / actual
        }
    } else {
        Decimal::ONE
    }
}

/// A qualitative timeliness target (`按时完成`, `及时`) with a completion time as its actual.
pub(crate) fn timely_by_date(indicator: &ast::Indicator) -> bool {
    let target = indicator.target.as_ref().map(|target| target.text.as_str());
    let actual_is_time = indicator
        .actual
        .as_ref()
        .is_some_and(|actual| actual.time().is_some());
    actual_is_time && target.is_some_and(says_on_time)
}

fn qualitative(indicator: &ast::Indicator, profile: &Profile) -> Outcome {
    let target_text = indicator.target.as_ref().map(|target| target.text.trim());
    let stated_level = indicator
        .level
        .as_ref()
        .and_then(|level| profile.level_of(&level.value));
    let level = stated_level.or_else(|| {
        let actual = indicator.actual.as_ref()?.text.trim();
        profile
            .level_of(actual)
            .or_else(|| (Some(actual) == target_text).then_some(Level::Achieved))
            // A completion time against a timeliness target (`按时完成` → `7月`): nothing says
            // it was late (§12.9).
            .or_else(|| timely_by_date(indicator).then_some(Level::Achieved))
    });
    let declared = declared_fraction(indicator);
    let rule = ScoringRule::Qualitative;
    match (level, declared) {
        (_, Some(declared)) if indicator.actual.is_none() && indicator.level.is_none() => Outcome {
            coefficient: Some(declared),
            basis: Basis::Declared,
            issue: Some(ScoringIssue::ActualMissing),
            rule,
            direction: None,
            level: None,
            completion: None,
        },
        (None, None) if indicator.actual.is_none() && indicator.level.is_none() => {
            from_declaration(indicator, ScoringIssue::ActualMissing, None, None)
        }
        (None, _) => Outcome {
            coefficient: declared,
            basis: if declared.is_some() {
                Basis::Declared
            } else {
                Basis::Missing
            },
            issue: Some(ScoringIssue::UnknownLevelWord),
            rule,
            direction: None,
            level: None,
            completion: None,
        },
        (Some(level), Some(declared)) => Outcome {
            coefficient: Some(declared),
            basis: Basis::Computed,
            issue: None,
            rule,
            direction: None,
            level: Some(level),
            completion: None,
        },
        (Some(Level::Achieved), None) => Outcome {
            coefficient: Some(Decimal::ONE),
            basis: Basis::Computed,
            issue: None,
            rule,
            direction: None,
            level: Some(Level::Achieved),
            completion: None,
        },
        (Some(level), None) => Outcome {
            coefficient: None,
            basis: Basis::Missing,
            issue: Some(ScoringIssue::LevelNeedsScore),
            rule,
            direction: None,
            level: Some(level),
            completion: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// Scoring-rule table: (rule, target, actual, expected coefficient).
    #[test]
    fn quantitative_rules() {
        let cases = [
            ("positive met", positive(dec("8"), dec("13")), dec("1")),
            ("positive exact", positive(dec("2"), dec("2")), dec("1")),
            (
                "positive short",
                positive(dec("100"), dec("72.74")),
                dec("0.7274"),
            ),
            (
                "positive zero target",
                positive(dec("0"), dec("0")),
                dec("1"),
            ),
            (
                "reverse met",
                reverse(dec("90"), dec("89.974"), ReverseRule::Ratio),
                dec("1"),
            ),
            (
                "reverse over, ratio",
                reverse(dec("100"), dec("125"), ReverseRule::Ratio),
                dec("0.8"),
            ),
            (
                "reverse over, linear",
                reverse(dec("100"), dec("125"), ReverseRule::Linear),
                dec("0.75"),
            ),
            (
                "reverse linear floor",
                reverse(dec("100"), dec("250"), ReverseRule::Linear),
                dec("0"),
            ),
            (
                "reverse zero/zero",
                reverse(dec("0"), dec("0"), ReverseRule::Ratio),
                dec("1"),
            ),
            (
                "reverse zero target",
                reverse(dec("0"), dec("1"), ReverseRule::Ratio),
                dec("0"),
            ),
            (
                "interval inside",
                interval(dec("90"), dec("100"), dec("95")),
                dec("1"),
            ),
            (
                "interval below",
                interval(dec("90"), dec("100"), dec("81")),
                dec("0.9"),
            ),
            (
                "interval above",
                interval(dec("90"), dec("100"), dec("125")),
                dec("0.8"),
            ),
        ];
        for (name, computed, expected) in cases {
            assert_eq!(computed, expected, "{name}");
        }
    }
}
