//! Rounding and agreement (docs/DOMAIN.md scoring rule 8).
//!
//! Scores are rounded half away from zero (四舍五入), not with rust_decimal's default banker's
//! rounding: `2.345` → `2.35`. A computed score keeps exactly the profile's decimals so that it
//! prints as `100.00`, not `100`.

use crate::model::Difference;
use crate::policy::Profile;
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds `value` half away from zero to `decimals` places and fixes the scale to `decimals`.
pub(crate) fn round_to(value: Decimal, decimals: u32) -> Decimal {
    let mut rounded =
        value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(decimals);
    rounded
}

/// A computed score (points), rounded to the profile's decimals.
pub(crate) fn round_score(value: Decimal, profile: &Profile) -> Decimal {
    round_to(value, profile.decimals)
}

/// Whether a declared number agrees with a computed one within `tolerance` (inclusive).
pub(crate) fn agrees_within(declared: Decimal, computed: Decimal, tolerance: Decimal) -> bool {
    (declared - computed).abs() <= tolerance
}

/// Whether a declared percentage agrees with an exact computed one *at the precision it was
/// written with*: `78%` agrees with 78.12%, `94.2%` with 94.19%. A printed rate is a rounded
/// rate, so this is the only fair comparison.
pub(crate) fn agrees_at_declared_precision(declared: Decimal, computed: Decimal) -> bool {
    round_to(computed, declared.scale()) == declared
}

/// Cuts `value` off (toward zero) at `decimals` places: what a form that truncates prints.
pub(crate) fn truncate_to(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::ToZero)
}

/// Whether a declared score agrees with the exact computed one: equal at the profile's precision
/// or the declared one's, whichever is finer (`2.16` ≠ 2.1548, `1.43` = 1.4296). A profile with a
/// tolerance wider than its last decimal (`integer`: 0.5) agrees within that tolerance instead.
pub(crate) fn score_agrees(declared: Decimal, exact: Decimal, profile: &Profile) -> bool {
    let last_decimal = Decimal::new(1, profile.decimals);
    if profile.tolerance > last_decimal {
        return agrees_within(declared, round_score(exact, profile), profile.tolerance);
    }
    round_to(exact, declared.scale().max(profile.decimals)) == declared
}

/// Why a declared value differs from the exact computed one, at the precision it is written with
/// (`profile_decimals`: the precision the profile prints): rounded to fewer decimals than the
/// profile's, cut off instead of rounded (a value with decimals), or otherwise.
pub(crate) fn difference(declared: Decimal, exact: Decimal, profile_decimals: u32) -> Difference {
    let scale = declared.scale();
    if scale < profile_decimals && round_to(exact, scale) == declared {
        Difference::RoundedCoarser
    } else if scale >= 1
        && truncate_to(exact, scale) == declared
        && round_to(exact, scale) != declared
    {
        // A whole number below the score (`9` for 9.8) reads as a deduction, not a truncation.
        Difference::Truncated
    } else {
        Difference::Other
    }
}

/// Whether `declared` is `weight × rate` with the rate (percent) rounded first to 0, 1 or 2
/// decimals (a score computed from a printed rate); returns the rounded rate.
pub(crate) fn rate_rounded_first(
    declared: Decimal,
    weight: Decimal,
    rate: Decimal,
) -> Option<Decimal> {
    (0..=2)
        .map(|decimals| round_to(rate, decimals))
        .find(|rounded| {
            *rounded != rate
                && round_to(
                    weight * (*rounded).min(Decimal::ONE_HUNDRED) / Decimal::ONE_HUNDRED,
                    declared.scale(),
                ) == declared
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero_with_fixed_scale() {
        assert_eq!(round_to(dec("2.345"), 2).to_string(), "2.35");
        assert_eq!(round_to(dec("2.344"), 2).to_string(), "2.34");
        assert_eq!(round_to(dec("100"), 2).to_string(), "100.00");
        assert_eq!(round_to(dec("9.4187878"), 2).to_string(), "9.42");
    }

    #[test]
    fn agreement() {
        assert!(agrees_within(dec("99.41"), dec("99.42"), dec("0.01")));
        assert!(!agrees_within(dec("99"), dec("99.42"), dec("0.01")));
        assert!(agrees_at_declared_precision(dec("78"), dec("78.117")));
        assert!(!agrees_at_declared_precision(dec("78"), dec("100")));
        assert!(agrees_at_declared_precision(dec("94.19"), dec("94.1878")));
        assert!(!agrees_at_declared_precision(dec("94.2"), dec("94.1478")));
    }
}
