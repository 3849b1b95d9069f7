//! Checks: every rule that turns a form's content into diagnostics.
//!
//! One file per rule family. `file` holds the rules about a file as a whole (no form, a form
//! twice) and the choice of profile; `structure` reads only the AST (required fields, duplicates,
//! categories); the others read the AST for spans and the [`Evaluation`] for numbers, and never
//! compute a score themselves (that is `eval`'s job).

mod budget;
mod ceilings;
mod file;
mod indicators;
mod judgement;
mod precision;
mod structure;
mod totals;
mod uses_of_funds;

pub(crate) use file::{duplicate_forms, no_form, select_profile};

use crate::diag::{Code, Diagnostic};
use crate::model::Evaluation;
use crate::policy::Profile;
use crate::syntax::ast::{Form, Lost};

/// Structural checks that need no evaluation. Errors here mean the form cannot be evaluated
/// faithfully.
pub(crate) fn check_structure(form: &Form, profile: &Profile) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    structure::check(form, profile, &mut diagnostics);
    ceilings::check(form, &mut diagnostics);
    without_cascades(form, diagnostics)
}

/// Checks of the form's figures against the evaluation: declared vs computed values, weights,
/// fund rows, deviation notes, units.
pub(crate) fn check_evaluation(
    form: &Form,
    evaluation: &Evaluation,
    profile: &Profile,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    budget::check(form, evaluation, profile, &mut diagnostics);
    indicators::check(form, evaluation, profile, &mut diagnostics);
    totals::check(form, evaluation, profile, &mut diagnostics);
    precision::check(form, evaluation, profile, &mut diagnostics);
    judgement::check(form, evaluation, profile, &mut diagnostics);
    uses_of_funds::check(form, evaluation, &mut diagnostics);
    without_cascades(form, diagnostics)
}

/// The findings of `form` less those of rules that read a fact an error left unreadable
/// ([`Form::lost`]): after three unreadable amounts the budget "is 0", after an unreadable
/// indicator line the weights "sum to 80"; the error already says what is wrong.
fn without_cascades(form: &Form, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let lost = form.lost;
    if lost == Lost::default() {
        return diagnostics;
    }
    let in_budget = |diagnostic: &Diagnostic| {
        form.budget.as_ref().is_some_and(|budget| {
            budget.span.start <= diagnostic.span.start && diagnostic.span.start < budget.span.end
        })
    };
    diagnostics.retain(|diagnostic| {
        let reads = match diagnostic.code {
            // A declared figure that "cannot be verified" reads what its place holds: the
            // budget's figures in the budget block, the scores elsewhere.
            Code::DeclaredWithoutBasis if in_budget(diagnostic) => Lost {
                budget: true,
                ..Lost::default()
            },
            Code::DeclaredWithoutBasis => Lost {
                scores: true,
                ..Lost::default()
            },
            // "The budget has no adjusted budget or executed amount" after the amounts could
            // not be read.
            Code::MissingField if in_budget(diagnostic) => Lost {
                budget: true,
                ..Lost::default()
            },
            code => reads(code),
        };
        !((reads.budget && lost.budget)
            || (reads.indicators && lost.indicators)
            || (reads.scores && lost.scores)
            || (reads.uses_of_funds && lost.uses_of_funds))
    });
    diagnostics
}

/// The facts the rule behind `code` reads across the whole form (a sum, a rate, a total):
/// when one of them is [lost](Form::lost), the rule's finding would only repeat an error.
/// Rules about one indicator are silenced by the indicator's own error instead
/// (`compile::tainted_indicators`).
fn reads(code: Code) -> Lost {
    let none = Lost::default();
    match code {
        // Weights and their sums over the indicator tree.
        Code::WeightsNotHundred | Code::CategoryWeightMismatch | Code::Level1WeightAdjusted => {
            Lost {
                indicators: true,
                ..none
            }
        }
        // Sums of weights and of computed scores.
        Code::SubtotalMismatch | Code::InflatedScores => Lost {
            indicators: true,
            scores: true,
            ..none
        },
        // The budget's amounts and execution rate.
        Code::ExecutionRateMismatch
        | Code::ExecutionRateWrongBase
        | Code::ExecutionScoreMismatch
        | Code::FundRowsNotSumming
        | Code::ExecutionOverBudget
        | Code::ZeroBudget
        | Code::ExecutionCountedTwice
        | Code::ExecutedMissing
        | Code::BudgetUnitSuspect
        | Code::ExecutionReasonMissing => Lost {
            budget: true,
            ..none
        },
        // The uses of funds, alone or against the budget.
        Code::UsesNotSumming | Code::UseOverspent => Lost {
            uses_of_funds: true,
            ..none
        },
        Code::UsesDisagreeWithBudget => Lost {
            budget: true,
            uses_of_funds: true,
            ..none
        },
        // The total: every indicator's score and the execution score.
        Code::TotalMismatch | Code::GradeMismatch | Code::OutputsWithoutSpending => Lost {
            budget: true,
            indicators: true,
            scores: true,
            ..none
        },
        _ => none,
    }
}
