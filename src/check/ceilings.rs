//! W0408: an indicator earns at most its weight. A declared coefficient above 100% (or below
//! 0) or a declared score above the weight (or below 0) is an error whether or not an actual is
//! written: scored as declared, it would lift the total above what the form can reach.

use crate::diag::{Code, Diagnostic};
use crate::syntax::ast::Form;
use crate::tr;
use rust_decimal::Decimal;

/// W0408 for every indicator of `form` that declares more than its weight.
pub(super) fn check(form: &Form, diagnostics: &mut Vec<Diagnostic>) {
    for reference in form.indicators() {
        let indicator = reference.indicator;
        let name = &indicator.name.value;
        if let Some(coefficient) = &indicator.declared_coefficient {
            let value = coefficient.value;
            if value > Decimal::ONE_HUNDRED || (value.is_sign_negative() && !value.is_zero()) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ScoreAboveWeight,
                        coefficient.span,
                        tr!(
                            "指标 `{name}` 的得分系数 {value}% 不在 0 到 100% 之间",
                            "indicator `{name}`: the coefficient {value}% is not between 0 and 100%"
                        ),
                    )
                    .with_span_message(tr!("得分系数", "the coefficient")),
                );
            }
        }
        if let Some(score) = &indicator.declared_score {
            let value = score.value;
            let weight = indicator.weight.as_ref();
            let above = weight.is_some_and(|weight| value > weight.value);
            if above || (value.is_sign_negative() && !value.is_zero()) {
                let mut diagnostic = Diagnostic::new(
                    Code::ScoreAboveWeight,
                    score.span,
                    match weight {
                        Some(weight) if above => tr!(
                            "指标 `{name}` 的得分 {value} 超过分值 {}",
                            "indicator `{name}`: the score {value} is above the weight {}",
                            weight.value
                        ),
                        _ => tr!(
                            "指标 `{name}` 的得分 {value} 小于 0",
                            "indicator `{name}`: the score {value} is below 0"
                        ),
                    },
                )
                .with_span_message(tr!("申报的得分", "the declared score"));
                if let Some(weight) = weight.filter(|_| above) {
                    diagnostic = diagnostic.with_label(weight.span, tr!("分值", "the weight"));
                }
                diagnostics.push(diagnostic);
            }
        }
    }
}
