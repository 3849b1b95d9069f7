//! Rendering diagnostics: ariadne reports for people, records for JSON.
//!
//! ariadne is configured for byte offsets (pest spans are bytes; with the default char index,
//! labels on CJK lines are silently dropped) and every span is clamped to character boundaries
//! first (ariadne panics inside a character, issue #156).

use super::{Diagnostic, Severity};
use crate::lang::Lang;
use crate::model::{DiagnosticRecord, LabelRecord};
use crate::span::LineIndex;
use ariadne::{CharSet, Color, Config, IndexType, Label, Report, ReportKind, Source};

/// How to draw reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// ANSI colours (only on a terminal, never in tests).
    pub color: bool,
    /// ASCII box drawing, for terminals where ambiguous-width characters are drawn wide.
    pub ascii: bool,
    /// Language of the messages.
    pub lang: Lang,
}

/// Renders diagnostics of one file as text, in the order given.
///
/// `path` names the file in the report header. Never panics: spans are clamped first.
pub fn render_human(path: &str, source: &str, diagnostics: &[Diagnostic], style: Style) -> String {
    let mut out = Vec::new();
    // One line index for the whole file: building it per diagnostic made files with many
    // forms quadratic (41 s for a 50 MB file).
    let cache = Source::from(source);
    for diagnostic in diagnostics {
        let mut diagnostic = diagnostic.clone();
        diagnostic.clamp(source);
        let kind = match diagnostic.severity {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
        };
        let config = Config::default()
            .with_index_type(IndexType::Byte)
            .with_color(style.color)
            .with_char_set(if style.ascii {
                CharSet::Ascii
            } else {
                CharSet::Unicode
            });
        let primary = diagnostic.span.start..diagnostic.span.end;
        let color = match diagnostic.severity {
            Severity::Error => Color::Red,
            Severity::Warning => Color::Yellow,
        };
        let mut report = Report::build(kind, (path, primary.clone()))
            .with_config(config)
            .with_code(diagnostic.code.as_str())
            .with_message(diagnostic.message.get(style.lang))
            .with_label(
                Label::new((path, primary))
                    .with_message(diagnostic.span_message.get(style.lang))
                    .with_color(color)
                    .with_order(0),
            );
        for (order, label) in diagnostic.labels.iter().enumerate() {
            report = report.with_label(
                Label::new((path, label.span.start..label.span.end))
                    .with_message(label.message.get(style.lang))
                    .with_color(Color::Blue)
                    .with_order(i32::try_from(order + 1).unwrap_or(i32::MAX)),
            );
        }
        for note in &diagnostic.notes {
            report = report.with_note(note.get(style.lang));
        }
        report = report
            .with_help(diagnostic.help_text(style.lang))
            .with_note(match style.lang {
                Lang::Zh => format!(
                    "依据：{}（jixiao explain {}）",
                    diagnostic.code.source(),
                    diagnostic.code
                ),
                Lang::En => format!(
                    "source: {} (jixiao explain {})",
                    diagnostic.code.source(),
                    diagnostic.code
                ),
            });
        // Writing into a Vec cannot fail for I/O reasons; a formatting failure is shown inline.
        if let Err(error) = report.finish().write((path, &cache), &mut out) {
            out.extend_from_slice(
                format!(
                    "{}: {} ({error})\n",
                    diagnostic.code,
                    diagnostic.message.get(style.lang)
                )
                .as_bytes(),
            );
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The JSON record of a diagnostic (line and column are 1-based; the column counts characters).
pub fn record(
    path: Option<&str>,
    source: &str,
    diagnostic: &Diagnostic,
    lang: Lang,
) -> DiagnosticRecord {
    record_with_index(path, source, &LineIndex::new(source), diagnostic, lang)
}

/// The JSON records of many diagnostics of one file (one line index for all of them).
pub fn records(
    path: Option<&str>,
    source: &str,
    diagnostics: &[Diagnostic],
    lang: Lang,
) -> Vec<DiagnosticRecord> {
    let index = LineIndex::new(source);
    diagnostics
        .iter()
        .map(|diagnostic| record_with_index(path, source, &index, diagnostic, lang))
        .collect()
}

/// The JSON record of a diagnostic, with the file's line index built once by the caller.
pub(crate) fn record_with_index(
    path: Option<&str>,
    source: &str,
    index: &LineIndex,
    diagnostic: &Diagnostic,
    lang: Lang,
) -> DiagnosticRecord {
    let mut diagnostic = diagnostic.clone();
    diagnostic.clamp(source);
    let (line, column) = index.line_column(source, diagnostic.span.start);
    DiagnosticRecord {
        code: diagnostic.code.as_str().to_string(),
        severity: diagnostic.severity,
        message: diagnostic.message.get(lang).to_string(),
        help: diagnostic.help_text(lang).to_string(),
        source: diagnostic.code.source().to_string(),
        file: path.map(str::to_string),
        line,
        column,
        start: diagnostic.span.start,
        end: diagnostic.span.end,
        notes: diagnostic
            .notes
            .iter()
            .map(|note| note.get(lang).to_string())
            .collect(),
        fact: diagnostic.fact.clone(),
        labels: diagnostic
            .labels
            .iter()
            .map(|label| {
                let (line, column) = index.line_column(source, label.span.start);
                LabelRecord {
                    line,
                    column,
                    start: label.span.start,
                    end: label.span.end,
                    message: label.message.get(lang).to_string(),
                }
            })
            .collect(),
    }
}
