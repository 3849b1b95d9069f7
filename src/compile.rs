//! The whole pipeline for one source text: parse, check, evaluate, record the diagnostics.
//!
//! This is the one driver every front-end calls (the command line, `diff`, the tests): data
//! flows down from here (`syntax` → `check`/`eval` → `model`) and never back up.

use crate::diag::{self, Code, Diagnostic};
use crate::encoding::{DecodedText, SourceEncoding};
use crate::model::{self, Evaluation};
use crate::span::{LineIndex, Span};
use crate::{check, eval, lang, policy, syntax, tr};
use std::cell::{Cell, OnceCell};
use std::panic::AssertUnwindSafe;
use std::sync::Once;

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
    /// Every diagnostic of the file: errors first, each kind sorted by position.
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
/// has an error diagnostic. Numbers outside their documented range are reported (E0110) and left
/// out before evaluation; should the evaluation of one form panic all the same (a bug), that form
/// gets an error diagnostic and the others are compiled as usual. The diagnostics are bounded
/// (`diag::limit`): at most 10 of one code per line and 100 per file, then one summary.
pub fn compile(source: &str, path: Option<&str>, options: &Options) -> Compilation {
    compile_in(
        source,
        SourceEncoding::Utf8,
        path,
        options,
        None,
        Record::Yes,
    )
}

/// Whether [`finish`] records the diagnostics in the forms' evaluations (what the JSON and
/// pages show). The language server publishes [`Compilation::diagnostics`] only and never
/// reads the records: rendering them (a line and column, a snippet, both languages' texts)
/// was a tenth of its work after an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Record {
    /// Each evaluation gets its diagnostics' records.
    Yes,
    /// Every evaluation's `diagnostics` stays empty.
    No,
}

/// [`compile`] for the language server: `chunks` are [`crate::forms::chunks`] of `source`
/// (the caller cut the text already; the brace scan is not run twice), and no diagnostic is
/// recorded in an evaluation ([`Record::No`]). `Compilation::diagnostics` is [`compile`]'s.
pub(crate) fn compile_for_editor(
    source: &str,
    chunks: Option<Vec<(usize, usize)>>,
    path: Option<&str>,
    options: &Options,
) -> Compilation {
    compile_in(
        source,
        SourceEncoding::Utf8,
        path,
        options,
        chunks,
        Record::No,
    )
}

/// [`compile`] for a text decoded from a file's bytes ([`crate::decode`]): a file that was not
/// UTF-8 gets one warning (W0001) at its start, and is otherwise compiled like its UTF-8 copy
/// (spans point into the decoded text).
pub fn compile_decoded(source: &DecodedText, path: Option<&str>, options: &Options) -> Compilation {
    compile_in(
        &source.text,
        source.encoding,
        path,
        options,
        None,
        Record::Yes,
    )
}

/// The warning of a file read in `encoding`; `None` for UTF-8.
pub fn encoding_warning(encoding: SourceEncoding) -> Option<Diagnostic> {
    (encoding != SourceEncoding::Utf8).then(|| {
        Diagnostic::new(
            Code::SourceEncoding,
            Span::new(0, 0),
            tr!(
                "文件是 {} 编码，不是 UTF-8；已按 {} 读取",
                "the file is {} text, not UTF-8; it was read as {}",
                encoding.name(),
                encoding.name()
            ),
        )
        .with_span_message(tr!("按 {} 解码", "decoded as {}", encoding.name()))
    })
}

fn compile_in(
    source: &str,
    encoding: SourceEncoding,
    path: Option<&str>,
    options: &Options,
    chunks: Option<Vec<(usize, usize)>>,
    record: Record,
) -> Compilation {
    let (mut file, mut file_diagnostics) = match chunks {
        Some(chunks) => syntax::parse_chunks(source, &chunks),
        None => syntax::parse(source),
    };
    file_diagnostics.extend(encoding_warning(encoding));
    file_diagnostics.extend(syntax::limits::bound_numbers(&mut file));
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
    // Every diagnostic of the file, tagged with its form (`None`: outside every form).
    let mut tagged: Vec<(Option<usize>, Diagnostic)> = outside
        .into_iter()
        .map(|diagnostic| (None, diagnostic))
        .collect();
    let mut evaluated = Vec::new();
    for (index, (form, diagnostics)) in file.forms.iter().zip(by_form).enumerate() {
        let (evaluation, diagnostics) = compile_form(form, diagnostics, options);
        let has_errors = file_has_errors || diagnostics.iter().any(Diagnostic::is_error);
        tagged.extend(
            diagnostics
                .into_iter()
                .map(|diagnostic| (Some(index), diagnostic)),
        );
        evaluated.push((evaluation, has_errors, form.span));
    }
    finish(source, path, options, tagged, evaluated, record)
}

/// Profile, evaluation and checks of one parsed `form`, whose syntax `diagnostics` (and any
/// file's W0204 on it) are given: the evaluation (`None` when even the bare form could not be
/// evaluated) and every diagnostic of the form, not yet sorted or bounded. The part of
/// [`compile`] that needs no other form (`crate::forms` runs it on many threads).
pub(crate) fn compile_form(
    form: &syntax::ast::Form,
    mut diagnostics: Vec<Diagnostic>,
    options: &Options,
) -> (Option<Evaluation>, Vec<Diagnostic>) {
    let profile = check::select_profile(
        form,
        options.default_profile.as_deref(),
        &options.settings,
        &mut diagnostics,
    );
    let mut tainted = tainted_indicators(form, &diagnostics);
    // A budget figure out of range is left out: what the checks would say about the
    // figures missing then only repeats E0110.
    if let Some(budget) = &form.budget {
        let within = |span: Span| budget.span.start <= span.start && span.start < budget.span.end;
        if diagnostics
            .iter()
            .any(|diagnostic| diagnostic.code == Code::NumberOutOfRange && within(diagnostic.span))
        {
            tainted.push(budget.span);
        }
    }
    let outcome = guarded(|| {
        let evaluation = eval::evaluate(form, &profile);
        let checks: Vec<Diagnostic> = check::check_structure(form, &profile)
            .into_iter()
            .chain(check::check_evaluation(form, &evaluation, &profile))
            .collect();
        (evaluation, checks)
    });
    let evaluation = match outcome {
        Some((evaluation, checks)) => {
            diagnostics.extend(checks.into_iter().filter(|diagnostic| {
                !is_cascade(diagnostic, &tainted)
                    && (options.strict || !diagnostic.code.is_strict_only())
            }));
            Some(evaluation)
        }
        None => {
            diagnostics.push(evaluation_failed(form));
            // The form's name, kind and year, with nothing to score: enough for an index.
            let bare = bare(form);
            guarded(|| eval::evaluate(&bare, &profile))
        }
    };
    // A coefficient above 100% is also outside every qualitative band: say it once (W0408).
    let above: Vec<Span> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code == Code::ScoreAboveWeight)
        .map(|diagnostic| diagnostic.span)
        .collect();
    diagnostics.retain(|diagnostic| {
        diagnostic.code != Code::QualitativeOutOfBand || !above.contains(&diagnostic.span)
    });
    (evaluation, diagnostics)
}

/// The end of [`compile`]: the diagnostics of the file, each `tagged` with its form (`None`:
/// outside every form), sorted and bounded (`diag::limit`) across the whole file, then recorded
/// in the forms' evaluations (`evaluated`: evaluation, `has_errors`, span of each form, in
/// order). The file's diagnostics go into every form's evaluation, unless `record` is
/// [`Record::No`].
pub(crate) fn finish(
    source: &str,
    path: Option<&str>,
    options: &Options,
    mut tagged: Vec<(Option<usize>, Diagnostic)>,
    evaluated: Vec<(Option<Evaluation>, bool, Span)>,
    record: Record,
) -> Compilation {
    tagged.sort_by(|(_, left), (_, right)| order(left, right));
    // One line index for every record of the file (a file may hold hundreds of forms), built
    // only when needed: a file refused for its size has no form and one diagnostic.
    let line_index: OnceCell<LineIndex> = OnceCell::new();
    let index = || line_index.get_or_init(|| LineIndex::new(source));
    let tagged = if tagged.len() > diag::limit::PER_LINE {
        diag::limit::bound(tagged, index())
    } else {
        tagged
    };
    let mut per_form: Vec<Vec<&Diagnostic>> = vec![Vec::new(); evaluated.len()];
    for (tag, diagnostic) in tagged.iter().filter(|_| record == Record::Yes) {
        match tag {
            Some(index) => per_form[*index].push(diagnostic),
            None => per_form.iter_mut().for_each(|list| list.push(diagnostic)),
        }
    }
    let forms = evaluated
        .into_iter()
        .zip(per_form)
        .filter_map(|((evaluation, has_errors, span), diagnostics)| {
            let mut evaluation = evaluation?;
            evaluation.workspace = options
                .workspace_file
                .as_ref()
                .map(|file| model::Workspace {
                    file: file.clone(),
                    profile: options.default_profile.clone(),
                    settings: options.settings.lines(),
                });
            evaluation.diagnostics = diagnostics
                .into_iter()
                .map(|d| diag::render::record_with_index(path, source, index(), d, options.lang))
                .collect();
            Some(CompiledForm {
                evaluation,
                has_errors,
                span,
            })
        })
        .collect();
    Compilation {
        forms,
        diagnostics: tagged
            .into_iter()
            .map(|(_, diagnostic)| diagnostic)
            .collect(),
    }
}

/// Runs `work`, turning a panic into `None` without printing the default panic message (the
/// caller reports it as a diagnostic). The last safety net of [`compile`]: one form that cannot
/// be evaluated never takes the others, or the run, down.
fn guarded<R>(work: impl FnOnce() -> R) -> Option<R> {
    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|quiet| quiet.replace(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(work));
    QUIET.with(|quiet| quiet.set(was_quiet));
    result.ok()
}

/// The error of a form whose evaluation failed.
fn evaluation_failed(form: &syntax::ast::Form) -> Diagnostic {
    Diagnostic::new(
        Code::CannotScore,
        form.kind_span,
        tr!(
            "无法计算表单 `{}`：计算中出现内部错误",
            "cannot evaluate form `{}`: an internal error occurred",
            form.name.value
        ),
    )
    .with_span_message(tr!("这个表单未计分", "this form is not scored"))
    .with_note(tr!(
        "这是 jixiao 的缺陷，请连同文件一起报告；同一文件的其他表单不受影响",
        "this is a bug in jixiao; please report it with the file. The other forms of the file are not affected"
    ))
}

/// The form with nothing to score: its kind, name, year and header only.
fn bare(form: &syntax::ast::Form) -> syntax::ast::Form {
    syntax::ast::Form {
        declared_total: None,
        declared_grade: None,
        declared_indicator_subtotal: None,
        budget: None,
        goals: Vec::new(),
        items: Vec::new(),
        ..form.clone()
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

/// The order of diagnostics: errors before warnings (a warning never stands before the error
/// it may follow from), then by position, then code.
pub(crate) fn order(left: &Diagnostic, right: &Diagnostic) -> std::cmp::Ordering {
    let key = |diagnostic: &Diagnostic| {
        (
            !diagnostic.is_error(),
            diagnostic.span.start,
            diagnostic.code,
            diagnostic.span.end,
        )
    };
    key(left).cmp(&key(right))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_guarded_work_is_caught_quietly() {
        let caught: Option<()> = guarded(|| panic!("a bug"));
        assert!(caught.is_none());
        assert_eq!(guarded(|| 2 + 2), Some(4));
    }

    #[test]
    fn the_editor_gets_the_same_diagnostics_without_records() {
        let source = "项目 \"x\" 2021 {\n  资金 万元 {\n    财政拨款 100 90 80\n    分值 10\n  }\n  产出指标 {\n    数量指标 {\n      \"a\" 单位 次 目标 2次 实际 1次 分值 9\n      \"a\" 目标 2次 实际 2次 分值 9 偏差 \"\"\n    }\n  }\n}\n";
        let options = Options::default();
        let whole = compile(source, Some("x.jx"), &options);
        assert!(!whole.diagnostics.is_empty());
        assert!(!whole.forms[0].evaluation.diagnostics.is_empty());
        for chunks in [crate::forms::chunks(source), None] {
            let editor = compile_for_editor(source, chunks, Some("x.jx"), &options);
            assert_eq!(
                format!("{:?}", editor.diagnostics),
                format!("{:?}", whole.diagnostics)
            );
            assert_eq!(editor.forms.len(), whole.forms.len());
            assert!(editor.forms[0].evaluation.diagnostics.is_empty());
        }
    }
}
