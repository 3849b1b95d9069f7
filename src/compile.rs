//! The whole pipeline for one source text: parse, check, evaluate, record the diagnostics.
//!
//! This is the one driver every front-end calls (the command line, `diff`, the tests): data
//! flows down from here (`syntax` → `check`/`eval` → `model`) and never back up.

use crate::diag::{self, Code, Diagnostic};
use crate::model::{self, Evaluation};
use crate::span::{LineIndex, Span};
use crate::{check, eval, lang, policy, syntax};

/// Options of a compilation.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The profile for forms that do not name one (`None`: `central-2020`).
    pub default_profile: Option<String>,
    /// Settings overriding every profile (from `jixiao.toml`).
    pub settings: policy::config::Settings,
    /// Language of the diagnostics recorded in the evaluations.
    pub lang: lang::Lang,
    /// Also report the judgement heuristics (`W06xx`, `--strict`).
    pub strict: bool,
    /// The workspace file `settings` and `default_profile` came from (`jixiao.toml`, as the
    /// caller names it), recorded in every evaluation; `None` when there is none.
    pub workspace_file: Option<String>,
}

/// One form of a compiled file.
#[derive(Debug, Clone)]
pub struct CompiledForm {
    /// The evaluation, with the form's diagnostics (and the file's) recorded in it.
    pub evaluation: Evaluation,
    /// `true` when an error makes the evaluation unfaithful: no output may be written for it.
    pub has_errors: bool,
    /// Where the form is in the source.
    pub span: Span,
}

/// The result of compiling one source text.
#[derive(Debug, Clone)]
pub struct Compilation {
    /// The forms, in source order.
    pub forms: Vec<CompiledForm>,
    /// Every diagnostic of the file, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    /// Counts of errors and warnings.
    pub fn counts(&self) -> diag::Counts {
        diag::Counts::of(&self.diagnostics)
    }
}

/// Parses, checks and evaluates `source`. `path` is recorded in the diagnostics' JSON.
///
/// Never panics on any input. A form gets `has_errors` when it, or the file outside any form,
/// has an error diagnostic.
pub fn compile(source: &str, path: Option<&str>, options: &Options) -> Compilation {
    let (file, mut file_diagnostics) = syntax::parse(source);
    if let Some(diagnostic) = check::no_form(&file, &file_diagnostics) {
        file_diagnostics.push(diagnostic);
    }
    // Syntax diagnostics belong to the form whose span holds them; the rest to the file.
    let mut by_form: Vec<Vec<Diagnostic>> = vec![Vec::new(); file.forms.len()];
    let mut outside = Vec::new();
    for diagnostic in file_diagnostics {
        match file.forms.iter().position(|form| {
            form.span.start <= diagnostic.span.start
                && diagnostic.span.start < form.span.end.max(form.span.start + 1)
        }) {
            Some(index) => by_form[index].push(diagnostic),
            None => outside.push(diagnostic),
        }
    }
    for (index, diagnostic) in check::duplicate_forms(&file) {
        by_form[index].push(diagnostic);
    }
    let file_has_errors = outside.iter().any(Diagnostic::is_error);
    let mut all = outside.clone();
    // One line index for every record of the file (a file may hold hundreds of forms).
    let line_index = LineIndex::new(source);
    let mut forms = Vec::new();
    for (form, mut diagnostics) in file.forms.iter().zip(by_form) {
        let profile = check::select_profile(
            form,
            options.default_profile.as_deref(),
            &options.settings,
            &mut diagnostics,
        );
        let tainted = tainted_indicators(form, &diagnostics);
        let mut evaluation = eval::evaluate(form, &profile);
        let checks = check::check_structure(form, &profile)
            .into_iter()
            .chain(check::check_evaluation(form, &evaluation, &profile));
        diagnostics.extend(checks.filter(|diagnostic| {
            !is_cascade(diagnostic, &tainted)
                && (options.strict || !diagnostic.code.is_strict_only())
        }));
        diagnostics.extend(outside.iter().cloned());
        sort(&mut diagnostics);
        evaluation.workspace = options
            .workspace_file
            .as_ref()
            .map(|file| model::Workspace {
                file: file.clone(),
                profile: options.default_profile.clone(),
                settings: options.settings.lines(),
            });
        evaluation.diagnostics = diagnostics
            .iter()
            .map(|d| diag::render::record_with_index(path, source, &line_index, d, options.lang))
            .collect();
        let has_errors = file_has_errors || diagnostics.iter().any(Diagnostic::is_error);
        all.extend(diagnostics.into_iter().filter(|d| !outside.contains(d)));
        forms.push(CompiledForm {
            evaluation,
            has_errors,
            span: form.span,
        });
    }
    sort(&mut all);
    Compilation {
        forms,
        diagnostics: all,
    }
}

/// Spans of the indicators that already have a syntax error: what the checks say about them
/// would only repeat it (a misspelt `实际` also makes the indicator "unscorable").
fn tainted_indicators(form: &syntax::ast::Form, diagnostics: &[Diagnostic]) -> Vec<Span> {
    form.indicators()
        .into_iter()
        .map(|reference| reference.indicator.span)
        .filter(|span| {
            diagnostics.iter().any(|diagnostic| {
                diagnostic.is_error()
                    && span.start <= diagnostic.span.start
                    && diagnostic.span.start < span.end
            })
        })
        .collect()
}

/// A check diagnostic inside a tainted indicator, except a duplicate (which is independent).
fn is_cascade(diagnostic: &Diagnostic, tainted: &[Span]) -> bool {
    diagnostic.code != Code::DuplicateIndicator
        && tainted
            .iter()
            .any(|span| span.start <= diagnostic.span.start && diagnostic.span.start < span.end)
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|left, right| {
        (left.span.start, left.code, left.span.end).cmp(&(
            right.span.start,
            right.code,
            right.span.end,
        ))
    });
}
