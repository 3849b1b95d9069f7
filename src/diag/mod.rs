//! Diagnostics: what every stage reports, as data.
//!
//! A [`Diagnostic`] carries a stable [`Code`], a [`Severity`], a message, a primary span, labels on
//! related spans, a help line and the rule's source. Stages only *build* diagnostics; rendering
//! (ariadne for people, JSON for machines) happens at the edge, in [`render`].
//!
//! Invariant: every span is a byte range of the source text that starts and ends on a UTF-8
//! character boundary (ariadne panics otherwise, see ariadne issue #156). [`Diagnostic::clamp`]
//! enforces it before rendering.

pub(crate) mod catalogue;
pub(crate) mod limit;
pub(crate) mod render;

pub use catalogue::Code;

use crate::lang::{Lang, Text};
use crate::span::Span;
use serde::Serialize;

pub(crate) use crate::model::Severity;

/// A secondary span with its own short message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Byte range in the source.
    pub span: Span,
    /// What this span has to do with the problem.
    pub message: Text,
}

/// One finding about one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable identifier, e.g. `W0301`; see [`catalogue`].
    pub code: Code,
    /// Error or warning; the catalogue's default unless a profile changed it.
    pub severity: Severity,
    /// One sentence saying what is wrong, with the numbers involved.
    pub message: Text,
    /// Where the problem is (byte range).
    pub span: Span,
    /// What to say under the primary span.
    pub span_message: Text,
    /// Related places, each with its own message.
    pub labels: Vec<Label>,
    /// How to fix it; defaults to the catalogue's help line.
    pub help: Option<Text>,
    /// Extra lines: formulas, both sides of a disagreement.
    pub notes: Vec<Text>,
    /// The value of the Evaluation model this is about, as a JSON path (`total`,
    /// `budget.execution_rate`, `indicators.3.score`), for disagreements; renderers use it to
    /// attach the diagnostic to the right cell.
    pub fact: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and help line.
    pub fn new(code: Code, span: Span, message: impl Into<Text>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            span,
            span_message: Text::default(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            fact: None,
        }
    }

    /// Names the model value this diagnostic is about (a JSON path into the Evaluation).
    pub fn with_fact(mut self, fact: impl Into<String>) -> Self {
        self.fact = Some(fact.into());
        self
    }

    /// Sets the text under the primary span.
    pub fn with_span_message(mut self, message: impl Into<Text>) -> Self {
        self.span_message = message.into();
        self
    }

    /// Adds a label on a related span.
    pub fn with_label(mut self, span: Span, message: impl Into<Text>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Replaces the catalogue's help line.
    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note (formula, declared vs computed).
    pub fn with_note(mut self, note: impl Into<Text>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The help line to show in `lang`: the specific one, else the catalogue's.
    pub fn help_text(&self, lang: Lang) -> &str {
        match (&self.help, lang) {
            (Some(help), _) => help.get(lang),
            (None, Lang::Zh) => self.code.help(),
            (None, Lang::En) => self.code.help_en(),
        }
    }

    /// Moves every span onto character boundaries of `source` and inside it, so that no
    /// renderer can panic on a bad span.
    pub fn clamp(&mut self, source: &str) {
        self.span = self.span.clamp_to(source);
        for label in &mut self.labels {
            label.span = label.span.clamp_to(source);
        }
    }

    /// `true` for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Counts of errors and warnings in a list of diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
}

impl Counts {
    /// Counts the diagnostics by severity.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Counts {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}
