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

use crate::diag::Diagnostic;
use crate::model::Evaluation;
use crate::policy::Profile;
use crate::syntax::ast::Form;

/// Structural checks that need no evaluation. Errors here mean the form cannot be evaluated
/// faithfully.
pub(crate) fn check_structure(form: &Form, profile: &Profile) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    structure::check(form, profile, &mut diagnostics);
    ceilings::check(form, &mut diagnostics);
    diagnostics
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
    diagnostics
}
