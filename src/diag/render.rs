//! Rendering diagnostics: ariadne reports for people, records for JSON.
//!
//! ariadne is configured for byte offsets (pest spans are bytes; with the default char index,
//! labels on CJK lines are silently dropped) and every span is clamped to character boundaries
//! first (ariadne panics inside a character, issue #156).

use super::{Diagnostic, Severity};
use crate::lang::Lang;
use crate::model::{DiagnosticRecord, LabelRecord};
use crate::span::{LineIndex, Span};
use ariadne::{CharSet, Color, Config, Fmt, IndexType, Label, Report, ReportKind, Source};

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
///
/// What reaches the terminal is safe and bounded: control characters of the file (terminal
/// escape codes, a lone carriage return, bidirectional overrides) are shown as `?` or `�`, both
/// in the source lines and in the messages that quote the file (`escape`), and a line longer
/// than [`LONG_LINE`] bytes is shown as a window of about 80 characters around each span
/// (`excerpt`), so that a 1 MB line costs a few hundred bytes per diagnostic, not a megabyte.
/// The JSON records ([`record`]) stay exact.
pub fn render_human(path: &str, source: &str, diagnostics: &[Diagnostic], style: Style) -> String {
    // Most files of a directory have nothing to report: no copy and no line index of their text.
    if diagnostics.is_empty() {
        return String::new();
    }
    let mut out = Vec::new();
    let path = escape(path);
    let path = path.as_str();
    // A large file is never handed to ariadne whole (its index of a 64 MiB file of blank lines
    // takes gigabytes): every diagnostic is drawn from an excerpt of its lines.
    let whole = source.len() <= WHOLE_SOURCE;
    // Same length as `source`, character for character: spans stay valid. One index for the
    // whole file: building it per diagnostic made files with many forms quadratic.
    let shown = if whole {
        visible_source(source)
    } else {
        std::borrow::Cow::Borrowed("")
    };
    let cache = Source::from(shown.as_ref());
    let mut diagnostics: Vec<Diagnostic> = diagnostics.to_vec();
    for diagnostic in &mut diagnostics {
        diagnostic.clamp(source);
    }
    let lines = Lines::of(source, &diagnostics);
    for diagnostic in diagnostics {
        let excerpt = excerpt(source, &lines, &diagnostic, style.ascii, !whole);
        let mut report_out = Vec::new();
        let written = match &excerpt {
            None => report(path, &diagnostic, style).write((path, &cache), &mut report_out),
            Some(excerpt) => {
                let mut shifted = diagnostic.clone();
                shifted.span = excerpt.map(diagnostic.span);
                for label in &mut shifted.labels {
                    label.span = excerpt.map(label.span);
                }
                let source = Source::from(excerpt.text.as_str())
                    .with_display_line_offset(excerpt.first_line - 1);
                report(path, &shifted, style).write((path, &source), &mut report_out)
            }
        };
        let drawn = written.is_ok();
        // Writing into a Vec cannot fail for I/O reasons; a formatting failure is shown inline.
        if let Err(error) = written {
            report_out = format!(
                "{}: {} ({error})\n",
                diagnostic.code,
                escape(diagnostic.message.get(style.lang))
            )
            .into_bytes();
        }
        let mut text = String::from_utf8_lossy(&report_out).into_owned();
        if !style.color {
            text = without_colour_in_header(&text);
        }
        if let Some(excerpt) = &excerpt {
            text = renumber(&text, excerpt, style.ascii);
            // ariadne counts the column in the excerpt; the reader wants it in the file.
            text = text.replacen(
                &format!("{path}{}", excerpt.shown_location),
                &format!("{path}{}", excerpt.true_location),
                1,
            );
        }
        if drawn {
            text = with_help_and_notes(&text, &diagnostic, style);
        }
        out.extend_from_slice(text.as_bytes());
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The ariadne report of one diagnostic, every message escaped.
fn report<'a>(
    path: &'a str,
    diagnostic: &Diagnostic,
    style: Style,
) -> Report<'a, (&'a str, std::ops::Range<usize>)> {
    // ariadne's own kinds print `Error`/`Warning`; under Chinese the kind is ours, in the same
    // colours ariadne gives its own.
    let kind = match (diagnostic.severity, style.lang) {
        (Severity::Error, Lang::Zh) => ReportKind::Custom("错误", Color::Red),
        (Severity::Warning, Lang::Zh) => ReportKind::Custom("警告", Color::Yellow),
        (Severity::Error, Lang::En) => ReportKind::Error,
        (Severity::Warning, Lang::En) => ReportKind::Warning,
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
        .with_message(escape(diagnostic.message.get(style.lang)))
        .with_label(
            Label::new((path, primary))
                .with_message(escape(diagnostic.span_message.get(style.lang)))
                .with_color(color)
                .with_order(0),
        );
    for (order, label) in diagnostic.labels.iter().enumerate() {
        report = report.with_label(
            Label::new((path, label.span.start..label.span.end))
                .with_message(escape(label.message.get(style.lang)))
                .with_color(Color::Blue)
                .with_order(i32::try_from(order + 1).unwrap_or(i32::MAX)),
        );
    }
    // Help and notes are drawn by `with_help_and_notes` where ariadne draws the probe: ariadne
    // 0.6 prints their headings (`Help`, `Note 1`) in English only.
    report.with_help(PROBE).finish()
}

/// The help line and the notes of `diagnostic` in `style.lang`: the catalogue's or the
/// diagnostic's own help, its notes, and last the rule's source.
fn help_and_notes(diagnostic: &Diagnostic, lang: Lang) -> (String, Vec<String>) {
    let help = escape(diagnostic.help_text(lang));
    let mut notes: Vec<String> = diagnostic
        .notes
        .iter()
        .map(|note| escape(note.get(lang)))
        .collect();
    notes.push(match lang {
        Lang::Zh => format!(
            "依据：{}（jixiao explain {}）",
            diagnostic.code.source(),
            diagnostic.code
        ),
        Lang::En => format!(
            "source: {} (jixiao explain {})",
            diagnostic.code.source_en(),
            diagnostic.code
        ),
    });
    (help, notes)
}

/// The report with the colour codes of its first line (the header) removed: ariadne 0.6 colours
/// a `ReportKind::Custom` kind (错误, 警告) even when its config says no colour. Nothing else on
/// that line can hold an escape character: the message is [`escape`]d.
fn without_colour_in_header(text: &str) -> String {
    let (header, rest) = text.split_at(text.find('\n').unwrap_or(text.len()));
    if !header.contains('\u{1b}') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut characters = header.chars();
    while let Some(character) = characters.next() {
        if character == '\u{1b}' {
            // `ESC [ … m`: skip through the final `m`.
            for inner in characters.by_ref() {
                if inner == 'm' {
                    break;
                }
            }
        } else {
            out.push(character);
        }
    }
    out.push_str(rest);
    out
}

/// Columns a heading takes on a terminal: CJK characters are drawn two columns wide.
fn heading_width(heading: &str) -> usize {
    heading
        .chars()
        .map(|character| if character.is_ascii() { 1 } else { 2 })
        .sum()
}

/// ariadne's default colour of help and note headings (`Config::note_color`), used for the
/// headings drawn here so that they match its own.
const NOTE_COLOR: Color = Color::Fixed(115);

/// The help ariadne is given in place of the real one: a private-use character no message
/// holds. The line ariadne draws for it shows where, and behind which margin, the help and the
/// notes go (`with_help_and_notes`).
const PROBE: &str = "\u{E000}";

/// Replaces the probe help line ariadne drew (and the blank margin line before it) by the help
/// line and the notes of `diagnostic`, laid out as ariadne lays out its own (`│ Help: …`,
/// `│ Note 1: …`) behind the same margin, but with the headings in `style.lang`: 帮助 / 注 under
/// Chinese. ariadne 0.6 writes its headings in English only. Multi-line texts continue under
/// their first line, as ariadne indents them.
fn with_help_and_notes(text: &str, diagnostic: &Diagnostic, style: Style) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // The last such line: a source line above it may quote the character from the file.
    let ending = format!(": {PROBE}");
    let Some(probe) = lines
        .iter()
        .rposition(|line| line.contains("Help") && line.trim_end().ends_with(&ending))
    else {
        return text.to_string();
    };
    let probe_line = lines[probe];
    // The margin is what precedes the heading, less the heading's own colour code.
    let mut margin = &probe_line[..probe_line.find("Help").unwrap_or(0)];
    if let Some(code) = margin.rfind('\u{1b}') {
        if margin[code..].ends_with('m') {
            margin = &margin[..code];
        }
    }
    let blank = if probe > 0 && lines[probe - 1].trim_end().ends_with(['│', '|']) {
        probe - 1
    } else {
        probe
    };
    let blank_line = lines[blank];
    let (help, notes) = help_and_notes(diagnostic, style.lang);
    let (help_word, note_word) = match style.lang {
        Lang::Zh => ("帮助", "注"),
        Lang::En => ("Help", "Note"),
    };
    let mut out = String::with_capacity(text.len() + 256);
    for line in &lines[..blank] {
        out.push_str(line);
    }
    let mut section = |heading: String, body: &str| {
        if blank != probe {
            out.push_str(blank_line);
        }
        let indent = " ".repeat(heading_width(&heading) + 2);
        let shown = if style.color {
            format!("{}", heading.fg(NOTE_COLOR))
        } else {
            heading
        };
        let mut body_lines = body.lines();
        let first = body_lines.next().unwrap_or_default();
        out.push_str(&format!("{margin}{shown}: {first}\n"));
        for line in body_lines {
            out.push_str(&format!("{margin}{indent}{line}\n"));
        }
    };
    section(help_word.to_string(), &help);
    let numbered = notes.len() > 1;
    for (index, note) in notes.iter().enumerate() {
        let heading = if numbered {
            format!("{note_word} {}", index + 1)
        } else {
            note_word.to_string()
        };
        section(heading, note);
    }
    for line in &lines[probe + 1..] {
        out.push_str(line);
    }
    out
}

/// Whether a character must not reach a terminal raw: C0 and C1 controls (but tab and line
/// feed), DEL, and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) that can make text read differently from what it is.
fn is_unsafe(character: char) -> bool {
    (character.is_control() && character != '\n' && character != '\t')
        || ('\u{202A}'..='\u{202E}').contains(&character)
        || ('\u{2066}'..='\u{2069}').contains(&character)
}

/// Text quoted from the file, for a terminal: every unsafe character (C0/C1 controls but tab
/// and line feed, DEL, bidirectional overrides) as `\u{1b}`. Front-ends that print user text
/// outside a rendered diagnostic (a diff, a one-line message) pass it through this.
pub fn escape(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if is_unsafe(character) {
            out.push_str(&character.escape_unicode().to_string());
        } else {
            out.push(character);
        }
    }
    out
}

/// The source with every unsafe character replaced by one of the same UTF-8 length (`?` for
/// one byte, `¿` for two, `�` for three), so that every byte offset and character count stays
/// the same. A carriage return before a line feed is kept (CRLF files).
fn visible_source(source: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_at = |index: usize, character: char| {
        is_unsafe(character) && !(character == '\r' && source[index + 1..].starts_with('\n'))
    };
    if !source
        .char_indices()
        .any(|(index, character)| unsafe_at(index, character))
    {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    for (index, character) in source.char_indices() {
        if unsafe_at(index, character) {
            out.push(match character.len_utf8() {
                1 => '?',
                2 => '¿',
                _ => '\u{FFFD}',
            });
        } else {
            out.push(character);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The largest file drawn by ariadne from the whole text (1 MiB); larger ones by excerpts.
const WHOLE_SOURCE: usize = 1024 * 1024;

/// The line numbers of the offsets the diagnostics point at, found in one pass over the text
/// (a line index of a large file would be as large as the file).
struct Lines {
    /// Sorted offsets and their lines (1-based).
    offsets: Vec<(usize, usize)>,
}

impl Lines {
    fn of(source: &str, diagnostics: &[Diagnostic]) -> Lines {
        let mut wanted: Vec<usize> = diagnostics
            .iter()
            .flat_map(|diagnostic| {
                std::iter::once(diagnostic.span.start)
                    .chain(diagnostic.labels.iter().map(|label| label.span.start))
            })
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let bytes = source.as_bytes();
        let (mut line, mut at) = (1, 0);
        let offsets = wanted
            .into_iter()
            .map(|offset| {
                let offset = offset.min(bytes.len());
                line += bytes[at..offset]
                    .iter()
                    .filter(|byte| **byte == b'\n')
                    .count();
                at = offset;
                (offset, line)
            })
            .collect();
        Lines { offsets }
    }

    fn line(&self, offset: usize) -> usize {
        self.offsets
            .binary_search_by_key(&offset, |(offset, _)| *offset)
            .map_or(1, |index| self.offsets[index].1)
    }
}

/// A line longer than this, in bytes, is shown as windows around the spans on it.
const LONG_LINE: usize = 240;
/// Bytes of context shown on each side of a span in a window.
const CONTEXT: usize = 40;
/// The most bytes of one span shown (a longer span is cut).
const LONGEST_SPAN: usize = 80;
/// Labels farther than this many lines from the primary span are left out of an excerpt.
const FARTHEST_LABEL: usize = 200;

/// A short text standing for some lines of the source: windows of long lines, joined by `…`.
struct Excerpt {
    /// The lines `first_line..`, each cut to its windows (lines without a span are empty).
    text: String,
    /// The first line (1-based) of the excerpt in the source.
    first_line: usize,
    /// The windows: `(start, end)` in the source and where they start in `text`.
    windows: Vec<(usize, usize, usize)>,
    /// The location ariadne prints for the excerpt (`path:line:column`), and the true one.
    shown_location: String,
    true_location: String,
}

impl Excerpt {
    /// Where a (cut) span of the source lies in the excerpt.
    fn map(&self, span: Span) -> Span {
        let at = |offset: usize| {
            self.windows
                .iter()
                .find(|(start, end, _)| *start <= offset && offset <= *end)
                .map_or(0, |(start, _, shown)| shown + (offset - start))
        };
        let start = at(span.start);
        Span::new(start, at(span.end).max(start))
    }
}

/// Puts the file's line numbers in the margin of a report drawn from an excerpt: ariadne 0.6
/// numbers the margin from 1 whatever the source's display offset (only the header uses it),
/// and sizes the margin for those numbers. Every line but the first (the message) starts with
/// the margin, possibly after a colour code: a line number is replaced, and every margin is
/// widened by the difference in width (spaces, or `─` on the closing line).
fn renumber(text: &str, excerpt: &Excerpt, ascii: bool) -> String {
    let digits = |number: usize| number.to_string().len();
    let local_end = excerpt.text.lines().count().max(1);
    let local_width = digits(local_end);
    let true_width = digits(excerpt.first_line - 1 + local_end);
    let widen = true_width.saturating_sub(local_width);
    let (vbar, hbar) = if ascii { ('|', '-') } else { ('│', '─') };
    let mut out = String::with_capacity(text.len() + 64);
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if index == 0 {
            out.push_str(line);
            continue;
        }
        // The margin: spaces, perhaps a colour code, spaces, perhaps a line number and `│`.
        let lead = line.len() - line.trim_start_matches(' ').len();
        let after_lead = &line[lead..];
        let code_len = if after_lead.starts_with('\u{1b}') {
            after_lead.find('m').map_or(0, |end| end + 1)
        } else {
            0
        };
        let (code, rest) = after_lead.split_at(code_len);
        let trimmed = rest.trim_start_matches(' ');
        let spaces = lead + rest.len() - trimmed.len();
        let number_end = trimmed
            .find(|character: char| !character.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let after = &trimmed[number_end..];
        let is_source_line = number_end > 0
            && after
                .strip_prefix(' ')
                .is_some_and(|after| after.starts_with(vbar));
        if is_source_line {
            let local: usize = trimmed[..number_end].parse().unwrap_or(1);
            let number = (excerpt.first_line - 1 + local).to_string();
            // The padding keeps the numbers right-aligned in the widened margin.
            let padding = (spaces + widen + number_end).saturating_sub(number.len());
            out.extend(std::iter::repeat_n(' ', padding));
            out.push_str(code);
            out.push_str(&number);
            out.push_str(after);
        } else {
            out.push_str(&line[..lead]);
            out.push_str(code);
            let fill = if rest.starts_with(hbar) { hbar } else { ' ' };
            out.extend(std::iter::repeat_n(fill, widen));
            out.push_str(rest);
        }
    }
    out
}

/// An excerpt for `diagnostic` when a line it points into is longer than [`LONG_LINE`] (or
/// `always`, for a file too large to index whole); `None` when the whole lines can be shown. Spans are cut to their first line and to
/// [`LONGEST_SPAN`] bytes, so the result is a few hundred bytes whatever the file.
fn excerpt(
    source: &str,
    lines: &Lines,
    diagnostic: &Diagnostic,
    ascii: bool,
    always: bool,
) -> Option<Excerpt> {
    let line_of = |offset: usize| {
        let start = source[..offset].rfind('\n').map_or(0, |index| index + 1);
        let end = source[offset..]
            .find('\n')
            .map_or(source.len(), |index| offset + index);
        (start, end)
    };
    let spans: Vec<Span> = std::iter::once(diagnostic.span)
        .chain(diagnostic.labels.iter().map(|label| label.span))
        .collect();
    let long = spans.iter().any(|span| {
        [span.start, span.end].into_iter().any(|offset| {
            let (start, end) = line_of(offset);
            end - start > LONG_LINE
        })
    });
    if !long && !always {
        return None;
    }
    let primary_line = lines.line(diagnostic.span.start);
    let floor = |mut offset: usize| {
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let ceil = |mut offset: usize| {
        while !source.is_char_boundary(offset) {
            offset += 1;
        }
        offset
    };
    // (line, line start, line end, cut span) of every span kept.
    let mut cut: Vec<(usize, usize, usize, Span)> = Vec::new();
    for span in spans {
        let line = lines.line(span.start);
        if line.abs_diff(primary_line) > FARTHEST_LABEL {
            continue;
        }
        let (start, end) = line_of(span.start);
        let span_end = floor(span.end.min(end).min(span.start + LONGEST_SPAN)).max(span.start);
        cut.push((line, start, end, Span::new(span.start, span_end)));
    }
    cut.sort_by_key(|(line, _, _, span)| (*line, span.start));
    let first_line = cut.first().map_or(primary_line, |(line, ..)| *line);
    let ellipsis = if ascii { "..." } else { "…" };
    let mut text = String::new();
    let mut windows = Vec::new();
    let mut current_line = first_line;
    let mut index = 0;
    while index < cut.len() {
        let (line, line_start, line_end, _) = cut[index];
        while current_line < line {
            text.push('\n');
            current_line += 1;
        }
        // Windows of this line, merged when they overlap.
        let mut line_windows: Vec<(usize, usize)> = Vec::new();
        while index < cut.len() && cut[index].0 == line {
            let span = cut[index].3;
            let start = ceil(span.start.saturating_sub(CONTEXT).max(line_start));
            let end = floor((span.end + CONTEXT).min(line_end));
            match line_windows.last_mut() {
                Some(last) if start <= last.1 + ellipsis.len() => last.1 = last.1.max(end),
                _ => line_windows.push((start, end)),
            }
            index += 1;
        }
        if line_end - line_start <= LONG_LINE {
            line_windows = vec![(line_start, line_end)];
        }
        for (position, (start, end)) in line_windows.iter().enumerate() {
            if position > 0 || *start > line_start {
                text.push_str(ellipsis);
            }
            windows.push((*start, *end, text.len()));
            text.push_str(&source[*start..*end]);
        }
        if line_windows.last().is_some_and(|(_, end)| *end < line_end) {
            text.push_str(ellipsis);
        }
    }
    text.push('\n');
    let mut excerpt = Excerpt {
        text: visible_source(&text).into_owned(),
        first_line,
        windows,
        shown_location: String::new(),
        true_location: String::new(),
    };
    let start = diagnostic.span.start;
    let shown = excerpt.map(Span::new(start, start)).start;
    let shown_line_start = excerpt.text[..shown]
        .rfind('\n')
        .map_or(0, |index| index + 1);
    let shown_column = excerpt.text[shown_line_start..shown].chars().count() + 1;
    let true_column = source[line_of(start).0..start].chars().count() + 1;
    excerpt.shown_location = format!(":{primary_line}:{shown_column} ");
    excerpt.true_location = format!(":{primary_line}:{true_column} ");
    Some(excerpt)
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
        source: diagnostic.code.source_in(lang).to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn diagnostic(start: usize, end: usize, label: Option<(usize, usize)>) -> Diagnostic {
        let mut diagnostic = Diagnostic::new(Code::DuplicateField, Span::new(start, end), "dup");
        if let Some((start, end)) = label {
            diagnostic = diagnostic.with_label(Span::new(start, end), "first");
        }
        diagnostic
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let source = "x \"\u{1b}[31mred\u{7}\u{202e}\"\r\ny\n";
        let mut found = diagnostic(2, 14, None);
        found.message = crate::lang::Text::new("名称 `\u{1b}[2J`", "name `\u{1b}[2J`");
        for color in [false, true] {
            let style = Style {
                color,
                ..Style::default()
            };
            let text = render_human("a\u{1b}.jx", source, std::slice::from_ref(&found), style);
            // Colour codes are ours; none comes from the file.
            assert!(!text.contains("\u{1b}[31mred"), "{text}");
            assert!(!text.contains("\u{1b}[2J"), "{text}");
            assert!(
                !text.contains('\u{7}') && !text.contains('\u{202e}'),
                "{text}"
            );
            if !color {
                assert!(text.contains("?[31mred"), "{text}");
            }
            assert!(text.contains("\\u{1b}[2J"), "{text}");
        }
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_with_the_true_location() {
        let prefix = "\n".repeat(120);
        let line = format!("\"name\" 分值 90{}", " 偏差 x".repeat(10_000));
        let source = format!("{prefix}{line}\n");
        let first = prefix.len() + line.find("偏差").unwrap();
        let later = prefix.len() + line.len() - "偏差 x".len();
        let found = diagnostic(later, later + "偏差".len(), Some((first, first + 6)));
        for color in [false, true] {
            let style = Style {
                color,
                ..Style::default()
            };
            let text = render_human("a.jx", &source, std::slice::from_ref(&found), style);
            let bound = if color { 40_000 } else { 4_000 };
            assert!(text.len() < bound, "{} bytes: {text}", text.len());
            let column = source[prefix.len()..later].chars().count() + 1;
            assert!(text.contains(&format!("a.jx:121:{column} ")), "{text}");
            assert!(text.contains("121 │"), "{text}");
            assert!(text.contains('…'), "{text}");
        }
        let short = "\"name\" 分值 90 偏差 x 偏差 y\n";
        let text = render_human(
            "a.jx",
            short,
            &[diagnostic(29, 35, Some((20, 26)))],
            Style::default(),
        );
        assert!(!text.contains('…') && text.contains("a.jx:1:"), "{text}");
    }
}
