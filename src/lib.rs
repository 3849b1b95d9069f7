//! jixiao (绩效): a compiler for budget performance self-evaluation forms (绩效自评表).
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! .jx text ─syntax::parse─▶ AST ─check::check_structure─▶ diagnostics
//!                            └─eval::evaluate (policy)─▶ Evaluation ─check::check_evaluation─▶ diagnostics
//!                                                           └─render (JSON, HTML)
//! ```
//!
//! [`compile`] runs the whole pipeline on one source text.

// pest is built without `std` (no per-rule stack probe; depth is capped by the brace scan before
// pest runs, `syntax::MAX_DEPTH`), and its generated parser then names the `alloc` crate.
extern crate alloc;

pub mod check;
pub mod cli;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod fmt;
pub mod import;
pub mod lang;
pub mod model;
pub mod policy;
pub mod render;
pub mod scaffold;
pub mod syntax;

use diag::{Code, Diagnostic};
use model::Evaluation;
use policy::Profile;
use syntax::Span;

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
    if file.forms.is_empty() && file_diagnostics.iter().all(|d| !d.is_error()) {
        file_diagnostics.push(
            Diagnostic::new(
                Code::MissingField,
                Span::new(0, 0),
                tr!("文件中没有表单", "the file has no form"),
            )
            .with_span_message(tr!(
                "这里应有 `项目 \"名称\" 年度 {{` 或 `部门整体 \"名称\" 年度 {{`",
                "expected `项目 \"名称\" 年度 {{` or `部门整体 \"名称\" 年度 {{` here"
            ))
            .with_help(tr!(
                "用 `jixiao new --project` 或 `jixiao new --department` 生成一个模板",
                "generate a template with `jixiao new --project` or `jixiao new --department`"
            )),
        );
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
    // The same form twice in one file (a copy pasted twice) publishes two identical pages.
    for (index, form) in file.forms.iter().enumerate() {
        let earlier = file.forms[..index].iter().find(|other| {
            other.kind == form.kind
                && other.name.value == form.name.value
                && other.year.as_ref().map(|year| year.value)
                    == form.year.as_ref().map(|year| year.value)
        });
        if let Some(earlier) = earlier {
            by_form[index].push(
                Diagnostic::new(
                    Code::DuplicateForm,
                    form.name.span,
                    tr!(
                        "表单 `{}` 在本文件中出现了两次",
                        "the form `{}` appears twice in this file",
                        form.name.value
                    ),
                )
                .with_span_message(tr!("第二次", "second time"))
                .with_label(earlier.name.span, tr!("第一次", "first time")),
            );
        }
    }
    let file_has_errors = outside.iter().any(Diagnostic::is_error);
    let mut all = outside.clone();
    // One line index for every record of the file (a file may hold hundreds of forms).
    let line_index = syntax::LineIndex::new(source);
    let mut forms = Vec::new();
    for (form, mut diagnostics) in file.forms.iter().zip(by_form) {
        let profile = select_profile(form, options, &mut diagnostics);
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

/// The form's own profile, else the workspace default, else `central-2020`, with the workspace
/// settings applied. An unknown name is an error (E0101) and the default is used to go on.
fn select_profile(
    form: &syntax::ast::Form,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> Profile {
    let mut chosen = None;
    if let Some(name) = &form.profile {
        chosen = Profile::builtin(name.value.trim());
        if chosen.is_none() {
            let builtin = Profile::BUILTIN.join("、");
            let builtin_en = Profile::BUILTIN.join(", ");
            let help = match syntax::keywords::did_you_mean(
                name.value.trim(),
                Profile::BUILTIN.iter().copied(),
            ) {
                Some(word) => tr!(
                    "是否想写 `{word}`？可用的评分规则：{builtin}",
                    "did you mean `{word}`? built-in profiles: {builtin_en}"
                ),
                None => tr!(
                    "可用的评分规则：{builtin}",
                    "built-in profiles: {builtin_en}"
                ),
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::UnknownKeyword,
                    name.span,
                    tr!("未知的评分规则 `{}`", "unknown profile `{}`", name.value),
                )
                .with_span_message(tr!("没有这个内置规则", "no built-in profile has this name"))
                .with_help(help),
            );
        }
    }
    let profile = chosen
        .or_else(|| {
            options
                .default_profile
                .as_deref()
                .and_then(Profile::builtin)
        })
        .unwrap_or_default();
    // Settings were validated when the configuration was loaded; a failure here keeps the profile.
    profile
        .clone()
        .with_settings(&options.settings)
        .unwrap_or(profile)
}
