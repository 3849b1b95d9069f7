//! One file of many forms, compiled form by form: [`chunks`] cuts the text where the parser
//! itself cuts it (one top-level block each), [`compile_chunk`] parses, evaluates and checks
//! one chunk on its own (any thread: nothing is shared), and [`assemble`] puts the parts
//! together in file order, exactly as [`compile`] would have: the same forms, diagnostics,
//! order, bounds (`diag::limit` runs over the whole file) and records.
//!
//! A province's file of 4,800 forms (50 MB) held every tree at once in [`compile`] (695 MB,
//! one core); here a caller holds one chunk's tree per thread, and keeps of each form only its
//! diagnostics and, if it asks, its evaluation. Whatever depends on more than one chunk makes
//! [`assemble`] fall back to [`compile`] on the whole text, so the result never differs: a
//! line outside every form (its diagnostic belongs to every form), a form header without `{`
//! (it swallows the lines after it), more than [`crate::MAX_FORMS`] forms, no form at all, or a
//! chunk pest gives up on. The same forms twice (W0204) is found when assembling.

use crate::compile::{self, Compilation, Options};
use crate::diag::{self, Diagnostic};
use crate::model::Evaluation;
use crate::span::{LineIndex, Span};
use crate::{check, syntax};

/// The chunks of `source` to compile one by one (byte ranges, in order), or `None` when the
/// text must be compiled whole with [`compile::compile`] (over a size cap, unbalanced braces,
/// an unclosed string: diagnostics about the whole text).
pub fn chunks(source: &str) -> Option<Vec<(usize, usize)>> {
    syntax::chunks(source)
}

/// The forms of `source` with their headers only (kind, name, year; no goal or indicator),
/// in the order [`crate::parse`] gives them: what a caller needs to know which unit has a form
/// of which year, for a fraction of a full parse (each chunk is read up to its opening brace).
/// On text pest gives up on, [`crate::parse`] reads no form while this still lists them.
pub fn headers(source: &str) -> Vec<syntax::ast::Form> {
    syntax::form_headers(source)
}

/// [`headers`] of `source` cut into the `chunks` that [`chunks`] gave for it: a caller that
/// reads the headers first and compiles the chunks afterwards (`jixiao build`, which needs
/// every unit's years before it renders a page) cuts the text once, not twice. A range that is
/// not inside the text on character boundaries is skipped.
pub fn headers_in(source: &str, chunks: &[(usize, usize)]) -> Vec<syntax::ast::Form> {
    syntax::form_headers_in(source, chunks)
}

/// What one chunk gave: nothing (blank lines and comments), one form, or something only the
/// whole text can be compiled with. A clone is what the language server keeps of a form it
/// need not compile again after an edit elsewhere.
#[derive(Debug, Clone)]
pub struct FormPart(Part);

#[derive(Debug, Clone)]
enum Part {
    /// Blank lines and comments only.
    Empty,
    /// One form and nothing else.
    Form(Box<CompiledPart>),
    /// Anything else: [`assemble`] compiles the whole text.
    Whole,
}

#[derive(Debug, Clone)]
struct CompiledPart {
    /// The form's header (kind, name, year) without its body, for W0204 across the file.
    header: syntax::ast::Form,
    /// The evaluation, unless the caller dropped it (or even the bare form failed).
    evaluation: Option<Evaluation>,
    /// Whether an evaluation was made (the form counts in [`Compilation::forms`]).
    evaluated: bool,
    /// The form's diagnostics, not yet sorted or bounded.
    diagnostics: Vec<Diagnostic>,
}

impl FormPart {
    /// Whether this part makes [`assemble`] compile the whole text instead (see the module).
    pub fn needs_whole_text(&self) -> bool {
        matches!(self.0, Part::Whole)
    }

    /// Drops the evaluation, keeping the diagnostics: what `check` needs, so that a file of
    /// thousands of forms holds no form's model past its chunk.
    #[must_use]
    pub fn without_evaluation(mut self) -> FormPart {
        if let Part::Form(part) = &mut self.0 {
            part.evaluation = None;
        }
        self
    }
}

/// Parses, evaluates and checks the chunk `range` of `source` (one of [`chunks`]): the form's
/// part of [`compile::compile`], independent of every other chunk.
pub fn compile_chunk(source: &str, range: (usize, usize), options: &Options) -> FormPart {
    let (start, end) = range;
    if start > end || !source.is_char_boundary(start) || !source.is_char_boundary(end) {
        return FormPart(Part::Whole);
    }
    let Some((mut file, mut diagnostics)) = syntax::parse_chunk(source, start, end) else {
        return FormPart(Part::Whole);
    };
    diagnostics.extend(syntax::limits::bound_numbers(&mut file));
    let form = match file.forms.len() {
        0 if diagnostics.is_empty() => return FormPart(Part::Empty),
        1 => file.forms.remove(0),
        _ => return FormPart(Part::Whole),
    };
    // Every diagnostic must belong to the form (the rule of `compile`), or it is the file's.
    let inside = |diagnostic: &Diagnostic| {
        form.span.start <= diagnostic.span.start
            && diagnostic.span.start < form.span.end.max(form.span.start + 1)
    };
    if !diagnostics.iter().all(inside) {
        return FormPart(Part::Whole);
    }
    let (evaluation, diagnostics) = compile::compile_form(&form, diagnostics, options);
    let header = syntax::ast::Form {
        header: syntax::ast::Header::default(),
        declared_total: None,
        declared_grade: None,
        declared_indicator_subtotal: None,
        budget: None,
        goals: Vec::new(),
        items: Vec::new(),
        ..form
    };
    FormPart(Part::Form(Box::new(CompiledPart {
        header,
        evaluated: evaluation.is_some(),
        evaluation,
        diagnostics,
    })))
}

/// The compilation of `source` from its `parts` (one per chunk of [`chunks`], in order):
/// identical to `compile(source, path, options)`, which it runs instead when a part needs the
/// whole text. Forms whose evaluation was dropped ([`FormPart::without_evaluation`]) are left
/// out of [`Compilation::forms`].
pub fn assemble(
    source: &str,
    path: Option<&str>,
    options: &Options,
    parts: Vec<FormPart>,
) -> Compilation {
    match tagged(parts) {
        Some((tagged, evaluated, _)) => compile::finish(
            source,
            path,
            options,
            tagged,
            evaluated,
            compile::Record::Yes,
        ),
        None => compile::compile(source, path, options),
    }
}

/// The diagnostics of `source` from its `parts` (sorted and bounded, as
/// [`Compilation::diagnostics`]) and the number of forms (as `Compilation::forms.len()`),
/// without recording any diagnostic in an evaluation: what `check` prints.
pub fn assemble_diagnostics(
    source: &str,
    options: &Options,
    parts: Vec<FormPart>,
) -> (Vec<Diagnostic>, usize) {
    let Some((mut tagged, _, forms)) = tagged(parts) else {
        let compilation = compile::compile(source, None, options);
        let forms = compilation.forms.len();
        return (compilation.diagnostics, forms);
    };
    tagged.sort_by(|(_, left), (_, right)| compile::order(left, right));
    let tagged = if tagged.len() > diag::limit::PER_LINE {
        diag::limit::bound(tagged, &LineIndex::new(source))
    } else {
        tagged
    };
    (
        tagged
            .into_iter()
            .map(|(_, diagnostic)| diagnostic)
            .collect(),
        forms,
    )
}

/// Every part's diagnostics tagged with its form's index (with W0204 across the file), each
/// form's (evaluation, `has_errors`, span) as [`compile::finish`] takes them, and how many forms
/// were evaluated; `None` when the whole text must be compiled.
type Tagged = (
    Vec<(Option<usize>, Diagnostic)>,
    Vec<(Option<Evaluation>, bool, Span)>,
    usize,
);

fn tagged(parts: Vec<FormPart>) -> Option<Tagged> {
    let mut forms = Vec::new();
    for part in parts {
        match part.0 {
            Part::Empty => {}
            Part::Form(part) => forms.push(*part),
            Part::Whole => return None,
        }
    }
    if forms.is_empty() || forms.len() > syntax::MAX_FORMS {
        return None;
    }
    let headers = syntax::ast::File {
        forms: forms.iter().map(|part| part.header.clone()).collect(),
    };
    let duplicates = check::duplicate_forms(&headers);
    let counted = forms.iter().filter(|part| part.evaluated).count();
    let mut tagged = Vec::new();
    let mut evaluated = Vec::with_capacity(forms.len());
    for (index, part) in forms.into_iter().enumerate() {
        // No diagnostic lies outside the forms here, so no error of the file's taints them.
        let has_errors = part.diagnostics.iter().any(Diagnostic::is_error);
        tagged.extend(
            part.diagnostics
                .into_iter()
                .map(|diagnostic| (Some(index), diagnostic)),
        );
        evaluated.push((part.evaluation, has_errors, part.header.span));
    }
    // W0204 is a warning: it changes neither `has_errors` nor what the checks filter, and the
    // stable sort by (position, code) puts it where `compile` has it.
    tagged.extend(
        duplicates
            .into_iter()
            .map(|(index, diagnostic)| (Some(index), diagnostic)),
    );
    Some((tagged, evaluated, counted))
}
