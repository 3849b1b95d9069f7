//! One document compiled for the editor: its diagnostics, hover texts, inlay hints, code actions
//! and formatting. The syntax tree gives the places (byte spans), the Evaluation model the
//! figures; the two are matched by position in the form (the model lists indicators and
//! categories in the order `Form::indicators` and `Form::categories` walk them).

use crate::compile::{compile, compile_for_editor, Compilation, Options};
use crate::diag::Diagnostic;
use crate::fmt::{format, FormatOptions};
use crate::forms;
use crate::lang::Lang;
use crate::model::{Checked, Evaluation, Number};
use crate::span::{LineIndex, Span};
use crate::syntax::{self, ast};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeDescription, DiagnosticRelatedInformation,
    DiagnosticSeverity, Hover, HoverContents, InlayHint, InlayHintLabel, Location, MarkupContent,
    MarkupKind, NumberOrString, Position, Range, TextEdit, Url, WorkspaceEdit,
};
use std::cell::RefCell;
use std::collections::HashMap;

/// A document's text with its syntax tree and compilation.
pub(super) struct Analysis<'a> {
    pub(super) source: &'a str,
    pub(super) index: LineIndex,
    /// The syntax tree as parsed (numbers not bounded), made on first use: the diagnostics
    /// published after every edit need only the compilation, and parsing is most of it.
    file: std::cell::OnceCell<ast::File>,
    pub(super) compilation: Compilation,
    pub(super) lang: Lang,
}

/// The forms of a document's last compilation, by chunk ([`crate::forms::chunks`]): a form
/// whose text and place are unchanged after an edit is not parsed, evaluated or checked again
/// (a document of many forms costs one form per keystroke, not all of them). Kept only for the
/// options it was compiled with.
#[derive(Debug, Default)]
pub(super) struct FormCache {
    /// The options' `Debug` text.
    options: String,
    /// Per chunk (byte range): its text and what it gave.
    parts: HashMap<(usize, usize), (String, forms::FormPart)>,
}

/// `compile(source, path, options)`, re-using the forms of `cache` whose chunk is unchanged
/// (the same text at the same place): [`forms::assemble`] gives the same compilation.
fn compile_reusing(
    source: &str,
    path: Option<&str>,
    options: &Options,
    cache: &RefCell<FormCache>,
) -> Compilation {
    let chunks = match forms::chunks(source) {
        Some(chunks) if chunks.len() > 1 => chunks,
        // One form (or text only the whole parse reads): compiled at once, on the cuts just
        // made. Through the cache it was 27 % slower (its clones cost more than they save).
        chunks => return compile_for_editor(source, chunks, path, options),
    };
    let Ok(mut cache) = cache.try_borrow_mut() else {
        return compile(source, path, options);
    };
    let key = format!("{options:?}");
    if cache.options != key {
        cache.parts.clear();
        cache.options = key;
    }
    let mut kept = HashMap::with_capacity(chunks.len());
    let parts = chunks
        .into_iter()
        .map(|range| {
            let text = source.get(range.0..range.1).unwrap_or_default();
            let part = match cache.parts.remove(&range) {
                Some((old, part)) if old == text => part,
                _ => forms::compile_chunk(source, range, options),
            };
            kept.insert(range, (text.to_string(), part.clone()));
            part
        })
        .collect();
    cache.parts = kept;
    forms::assemble(source, path, options, parts)
}

impl<'a> Analysis<'a> {
    /// The analysis of `source`, its forms re-used from `cache` where unchanged.
    pub(super) fn new(
        source: &'a str,
        path: Option<&str>,
        options: &Options,
        lang: Lang,
        cache: &RefCell<FormCache>,
    ) -> Self {
        Analysis {
            source,
            index: LineIndex::new(source),
            file: std::cell::OnceCell::new(),
            compilation: compile_reusing(source, path, options, cache),
            lang,
        }
    }

    /// The syntax tree (hover, hints, actions, symbols: the places of things).
    pub(super) fn file(&self) -> &ast::File {
        self.file.get_or_init(|| syntax::parse(self.source).0)
    }

    /// Chooses the message in the session's language.
    pub(super) fn say(&self, zh: String, en: String) -> String {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub(super) fn position(&self, offset: usize) -> Position {
        let (line, character) = self.index.utf16_position(self.source, offset);
        Position::new(line, character)
    }

    pub(super) fn range(&self, span: Span) -> Range {
        let span = span.clamp_to(self.source);
        Range::new(self.position(span.start), self.position(span.end))
    }

    pub(super) fn offset(&self, position: Position) -> usize {
        self.index
            .utf16_offset(self.source, position.line, position.character)
    }

    /// The byte offset of the end of the line holding `offset` (before `\r\n`).
    pub(super) fn line_end(&self, offset: usize) -> usize {
        let offset = offset.min(self.source.len());
        let end = self.source[offset..]
            .find('\n')
            .map_or(self.source.len(), |index| offset + index);
        if end > 0 && self.source.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    }

    /// The form holding `offset` and its evaluation.
    pub(super) fn form_at(&self, offset: usize) -> Option<(&ast::Form, &Evaluation)> {
        let index = self
            .file()
            .forms
            .iter()
            .position(|form| form.span.start <= offset && offset <= form.span.end)?;
        let evaluation = &self.compilation.forms.get(index)?.evaluation;
        Some((&self.file().forms[index], evaluation))
    }

    /// Every diagnostic of the document, for `publishDiagnostics`.
    pub(super) fn diagnostics(
        &self,
        uri: &Url,
        catalogue: Option<&Url>,
    ) -> Vec<lsp_types::Diagnostic> {
        self.compilation
            .diagnostics
            .iter()
            .map(|diagnostic| self.diagnostic(uri, catalogue, diagnostic))
            .collect()
    }

    fn diagnostic(
        &self,
        uri: &Url,
        catalogue: Option<&Url>,
        diagnostic: &Diagnostic,
    ) -> lsp_types::Diagnostic {
        // Every span is clamped to the text where it becomes a range (`Analysis::range`).
        let mut message = diagnostic.message.get(self.lang).to_string();
        for note in &diagnostic.notes {
            message.push('\n');
            message.push_str(note.get(self.lang));
        }
        let help = diagnostic.help_text(self.lang);
        if !help.is_empty() {
            message.push('\n');
            // Only the session's language is written (`say` would format both).
            message.push_str(match self.lang {
                Lang::Zh => "帮助：",
                Lang::En => "help: ",
            });
            message.push_str(help);
        }
        let code = diagnostic.code.as_str();
        let related: Vec<DiagnosticRelatedInformation> = diagnostic
            .labels
            .iter()
            .map(|label| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), self.range(label.span)),
                message: label.message.get(self.lang).to_string(),
            })
            .collect();
        lsp_types::Diagnostic {
            range: self.range(diagnostic.span),
            severity: Some(if diagnostic.is_error() {
                DiagnosticSeverity::ERROR
            } else {
                DiagnosticSeverity::WARNING
            }),
            code: Some(NumberOrString::String(code.to_string())),
            code_description: catalogue.map(|catalogue| {
                let mut href = catalogue.clone();
                href.set_fragment(Some(&code.to_ascii_lowercase()));
                CodeDescription { href }
            }),
            source: Some("jixiao".to_string()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: diagnostic
                .fact
                .as_ref()
                .map(|fact| serde_json::json!({ "fact": fact })),
        }
    }

    /// The hover text at `offset`: the indicator, budget, category or total under it.
    pub(super) fn hover(&self, offset: usize) -> Option<Hover> {
        let (form, evaluation) = self.form_at(offset)?;
        let contains = |span: Span| span.start <= offset && offset <= span.end;
        let on_line = |span: Span| {
            let start = self.source[..span.start.min(self.source.len())]
                .rfind('\n')
                .map_or(0, |index| index + 1);
            start <= offset && offset <= self.line_end(span.start)
        };
        let (text, span) = if let Some(total) = form
            .declared_total
            .as_ref()
            .filter(|total| on_line(total.span))
        {
            (self.total_text(evaluation), total.span)
        } else if let Some((index, reference)) = form
            .indicators()
            .into_iter()
            .enumerate()
            .find(|(_, reference)| contains(reference.indicator.span))
        {
            let indicator = evaluation.indicators.get(index)?;
            (
                self.indicator_text(&reference, indicator),
                reference.indicator.name.span,
            )
        } else if let Some(budget) = form.budget.as_ref().filter(|budget| contains(budget.span)) {
            (self.budget_text(evaluation), budget.span)
        } else if let Some((index, reference)) = form
            .categories()
            .into_iter()
            .enumerate()
            .rev()
            .find(|(_, reference)| {
                reference
                    .path
                    .last()
                    .is_some_and(|category| contains(category.span))
            })
        {
            let category = evaluation.categories.get(index)?;
            let span = reference
                .path
                .last()
                .map_or(form.span, |category| category.name.span);
            (self.category_text(category), span)
        } else if on_line(form.name.span) {
            (self.total_text(evaluation), form.name.span)
        } else {
            return None;
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(self.range(span)),
        })
    }

    /// `10.00（申报 8 ✗）`: the computed value, then the declared one and whether they agree.
    pub(super) fn checked(&self, value: &Checked<Number>, suffix: &str) -> String {
        let computed = value.computed.map_or_else(
            || self.say("无法计算".into(), "cannot be computed".into()),
            |number| format!("{}{suffix}", number.0),
        );
        match (value.declared, value.agrees) {
            (Some(declared), agrees) => {
                let mark = match agrees {
                    Some(true) => " ✓",
                    Some(false) => " ✗",
                    None => "",
                };
                self.say(
                    format!("{computed}（申报 {}{suffix}{mark}）", declared.0),
                    format!("{computed} (declared {}{suffix}{mark})", declared.0),
                )
            }
            (None, _) => computed,
        }
    }

    fn indicator_text(
        &self,
        reference: &ast::IndicatorRef<'_>,
        indicator: &crate::model::Indicator,
    ) -> String {
        let path: Vec<&str> = reference
            .path
            .iter()
            .map(|category| category.name.value.as_str())
            .collect();
        let mut lines = vec![format!("**{}** · {}", indicator.name, path.join(" / "))];
        lines.push(self.say(
            format!(
                "得分 **{}** / 分值 {}",
                self.checked(&indicator.score, ""),
                indicator.weight.0
            ),
            format!(
                "score **{}** / weight {}",
                self.checked(&indicator.score, ""),
                indicator.weight.0
            ),
        ));
        let mut coefficient = self.say(
            format!("得分系数 {}", self.checked(&indicator.coefficient, "%")),
            format!("coefficient {}", self.checked(&indicator.coefficient, "%")),
        );
        if let Some(completion) = indicator.completion {
            coefficient.push_str(&self.say(
                format!(" · 完成率 {}%", completion.0),
                format!(" · completion {}%", completion.0),
            ));
        }
        lines.push(coefficient);
        if let (Some(target), Some(actual)) = (&indicator.target, &indicator.actual) {
            lines.push(self.say(
                format!("指标值 {} · 实际完成值 {}", target.text, actual.text),
                format!("target {} · actual {}", target.text, actual.text),
            ));
        }
        if let (Some(coefficient), Some(score)) =
            (indicator.coefficient.computed, indicator.score.computed)
        {
            lines.push(self.say(
                format!(
                    "公式：得分 = 分值 × 得分系数 = {} × {}% = {}",
                    indicator.weight.0, coefficient.0, score.0
                ),
                format!(
                    "formula: score = weight × coefficient = {} × {}% = {}",
                    indicator.weight.0, coefficient.0, score.0
                ),
            ));
        }
        lines.push(self.say(
            format!("规则：{}", indicator.rule.description().get(self.lang)),
            format!("rule: {}", indicator.rule.description().get(self.lang)),
        ));
        lines.push(self.say(
            "依据：财预〔2020〕10号 附件1、第二十二条；jixiao 评分规则 3–7（docs/LANGUAGE.md §12）"
                .to_string(),
            "source: 财预〔2020〕10号 annex 1, art. 22; jixiao scoring rules 3–7 (docs/LANGUAGE.md §12)"
                .to_string(),
        ));
        lines.join("\n\n")
    }

    fn budget_text(&self, evaluation: &Evaluation) -> String {
        let budget = &evaluation.budget;
        let mut lines = vec![self.say(
            format!(
                "**预算执行** 执行率 {} · 得分 {} / 分值 {}",
                self.checked(&budget.execution_rate, "%"),
                self.checked(&budget.execution_score, ""),
                budget.weight.0
            ),
            format!(
                "**budget** execution rate {} · score {} / weight {}",
                self.checked(&budget.execution_rate, "%"),
                self.checked(&budget.execution_score, ""),
                budget.weight.0
            ),
        )];
        let adjusted = budget
            .total
            .adjusted_budget
            .computed
            .or(budget.total.adjusted_budget.declared);
        let executed = budget
            .total
            .executed
            .computed
            .or(budget.total.executed.declared);
        if let (Some(adjusted), Some(executed), Some(rate)) =
            (adjusted, executed, budget.execution_rate.computed)
        {
            lines.push(self.say(
                format!(
                    "执行率 = 全年执行数 ÷ 全年预算数 = {} ÷ {} = {}%",
                    executed.0, adjusted.0, rate.0
                ),
                format!(
                    "rate = executed ÷ adjusted budget = {} ÷ {} = {}%",
                    executed.0, adjusted.0, rate.0
                ),
            ));
        }
        if let (Some(rate), Some(score)) = (
            budget.execution_rate.computed,
            budget.execution_score.computed,
        ) {
            lines.push(self.say(
                format!(
                    "执行率得分 = 分值 × min(执行率, 100%) = {} × min({}%, 100%) = {}",
                    budget.weight.0, rate.0, score.0
                ),
                format!(
                    "score = weight × min(rate, 100%) = {} × min({}%, 100%) = {}",
                    budget.weight.0, rate.0, score.0
                ),
            ));
        }
        if let Some(initial) = budget.rate_on_initial_budget {
            lines.push(self.say(
                format!("以年初预算数为分母：{}%", initial.0),
                format!("on the initial budget: {}%", initial.0),
            ));
        }
        lines.push(self.say(
            "依据：财预〔2020〕10号 附件1；jixiao 评分规则 2".to_string(),
            "source: 财预〔2020〕10号 annex 1; jixiao scoring rule 2".to_string(),
        ));
        lines.join("\n\n")
    }

    fn category_text(&self, category: &crate::model::Category) -> String {
        self.say(
            format!(
                "**{}**（{}级指标）\n\n分值 {}（下级合计）· 得分 {}",
                category.name,
                if category.level == 1 { "一" } else { "二" },
                self.checked(&category.weight, ""),
                self.checked(&category.score, "")
            ),
            format!(
                "**{}** (level {})\n\nweight {} (sum of its children) · score {}",
                category.name,
                category.level,
                self.checked(&category.weight, ""),
                self.checked(&category.score, "")
            ),
        )
    }

    fn total_text(&self, evaluation: &Evaluation) -> String {
        let mut lines = vec![self.say(
            format!("**自评总得分** {}", self.checked(&evaluation.total, "")),
            format!("**total** {}", self.checked(&evaluation.total, "")),
        )];
        if let (Some(execution), Some(indicators), Some(total)) = (
            evaluation.budget.execution_score.computed,
            evaluation.indicator_subtotal.score.computed,
            evaluation.total.computed,
        ) {
            lines.push(self.say(
                format!(
                    "自评总得分 = 执行率得分 + 各指标得分 = {} + {} = {}",
                    execution.0, indicators.0, total.0
                ),
                format!(
                    "total = execution score + indicator scores = {} + {} = {}",
                    execution.0, indicators.0, total.0
                ),
            ));
        }
        if let Some(grade) = &evaluation.grade.computed {
            lines.push(self.say(format!("等级 {grade}"), format!("grade {grade}")));
        }
        lines.join("\n\n")
    }

    /// Inlay hints between `start` and `end`: each indicator's score at the end of its line, the
    /// execution rate and score on the budget block's line, each category's score, and the
    /// computed total beside 自评总得分 (or the form's first line when it declares none).
    pub(super) fn inlay_hints(&self, start: usize, end: usize) -> Vec<InlayHint> {
        let mut hints = Vec::new();
        let mut hint = |offset: usize, label: String| {
            if start <= offset && offset <= end {
                hints.push(InlayHint {
                    position: self.position(offset),
                    label: InlayHintLabel::String(label),
                    kind: None,
                    text_edits: None,
                    tooltip: None,
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                });
            }
        };
        for (form, compiled) in self.file().forms.iter().zip(&self.compilation.forms) {
            let evaluation = &compiled.evaluation;
            let total = evaluation
                .total
                .computed
                .map_or_else(|| "?".to_string(), |total| total.0.to_string());
            match &form.declared_total {
                Some(declared) => hint(
                    self.line_end(declared.span.start),
                    self.say(format!("= {total}"), format!("= {total}")),
                ),
                None => hint(
                    self.line_end(form.name.span.start),
                    self.say(format!("自评总得分 {total}"), format!("total {total}")),
                ),
            }
            // 绩效指标总分 分值 90 得分 90: the computed sum of the indicator scores.
            let subtotal = form
                .declared_indicator_subtotal
                .as_ref()
                .and_then(|subtotal| {
                    subtotal
                        .score
                        .as_ref()
                        .or(subtotal.weight.as_ref())
                        .map(|value| value.span)
                });
            if let (Some(span), Some(score)) =
                (subtotal, evaluation.indicator_subtotal.score.computed)
            {
                hint(self.line_end(span.start), format!("= {}", score.0));
            }
            if let Some(budget) = &form.budget {
                let rate = evaluation
                    .budget
                    .execution_rate
                    .computed
                    .map_or_else(|| "?".to_string(), |rate| format!("{}%", rate.0));
                let score = evaluation
                    .budget
                    .execution_score
                    .computed
                    .map_or_else(|| "?".to_string(), |score| score.0.to_string());
                hint(
                    self.line_end(budget.span.start),
                    self.say(
                        format!("执行率 {rate} · 得分 {score}"),
                        format!("rate {rate} · score {score}"),
                    ),
                );
            }
            for (reference, category) in form.categories().iter().zip(&evaluation.categories) {
                if let (Some(block), Some(score)) = (reference.path.last(), category.score.computed)
                {
                    hint(
                        self.line_end(block.span.start),
                        self.say(format!("得分 {}", score.0), format!("score {}", score.0)),
                    );
                }
            }
            for (reference, indicator) in form.indicators().iter().zip(&evaluation.indicators) {
                let score = indicator
                    .score
                    .computed
                    .map_or_else(|| "?".to_string(), |score| score.0.to_string());
                let label = match (indicator.score.declared, indicator.score.agrees) {
                    (Some(declared), Some(false)) => self.say(
                        format!("= {score}（申报 {}）", declared.0),
                        format!("= {score} (declared {})", declared.0),
                    ),
                    _ => format!("= {score}"),
                };
                hint(self.line_end(reference.indicator.span.start), label);
            }
        }
        hints.sort_by_key(|hint| (hint.position.line, hint.position.character));
        hints
    }

    /// Code actions for the diagnostics touching `start..end`, and formatting as a fix-all.
    pub(super) fn code_actions(
        &self,
        uri: &Url,
        catalogue: Option<&Url>,
        start: usize,
        end: usize,
    ) -> Vec<CodeActionOrCommand> {
        let mut actions = Vec::new();
        let edit = |span: Span, text: String| {
            let mut changes = HashMap::new();
            changes.insert(uri.clone(), vec![TextEdit::new(self.range(span), text)]);
            WorkspaceEdit {
                changes: Some(changes),
                ..WorkspaceEdit::default()
            }
        };
        for diagnostic in &self.compilation.diagnostics {
            let mut span = diagnostic.span;
            span = span.clamp_to(self.source);
            if span.start > end || span.end < start {
                continue;
            }
            let attached = vec![self.diagnostic(uri, catalogue, diagnostic)];
            let mut push = |title: String, change: WorkspaceEdit, preferred: bool| {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(attached.clone()),
                    edit: Some(change),
                    command: None,
                    is_preferred: Some(preferred),
                    disabled: None,
                    data: None,
                }));
            };
            if let Some(replacement) = self.computed_replacement(diagnostic, span) {
                push(
                    self.say(
                        format!("改为计算值 {replacement}"),
                        format!("replace with the computed {replacement}"),
                    ),
                    edit(span, replacement),
                    true,
                );
            }
            if let Some(at) = self.missing_deviation(diagnostic, span) {
                push(
                    self.say(
                        "补写偏差说明 `偏差 \"\"`".to_string(),
                        "add a deviation note `偏差 \"\"`".to_string(),
                    ),
                    edit(Span::new(at, at), " 偏差 \"\"".to_string()),
                    false,
                );
            }
            if let Some((word, word_span)) = self.suggestion(diagnostic, span) {
                push(
                    self.say(format!("改为 `{word}`"), format!("change to `{word}`")),
                    edit(word_span, word),
                    true,
                );
            }
        }
        let formatted =
            |edits: &Vec<TextEdit>| edits.iter().any(|edit| edit.new_text != self.source);
        if let Some(edits) = self.formatting().filter(formatted) {
            let mut changes = HashMap::new();
            changes.insert(uri.clone(), edits);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: self.say(
                    "按 jixiao fmt 整理（全角标点、缩进、对齐）".to_string(),
                    "tidy as jixiao fmt does (full-width punctuation, indentation, alignment)"
                        .to_string(),
                ),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..WorkspaceEdit::default()
                }),
                ..CodeAction::default()
            }));
        }
        actions
    }

    /// The computed value a disagreeing declared value (the diagnostic's span) should become:
    /// the model value the diagnostic's `fact` names, keeping a `%` or `分` written after it.
    fn computed_replacement(&self, diagnostic: &Diagnostic, span: Span) -> Option<String> {
        let fact = diagnostic.fact.as_deref()?;
        let (_, evaluation) = self.form_at(span.start)?;
        let mut value = serde_json::to_value(evaluation).ok()?;
        for key in fact.split('.') {
            value = match key.parse::<usize>() {
                Ok(index) => value.get_mut(index)?.take(),
                Err(_) => value.get_mut(key)?.take(),
            };
        }
        let computed = value.get("computed")?.as_str()?.to_string();
        let written = span.text(self.source);
        let number_end = written
            .find(|character: char| {
                !(character.is_ascii_digit() || character == '.' || character == '-')
            })
            .unwrap_or(written.len());
        if number_end == 0 {
            return None;
        }
        let suffix = &written[number_end..];
        let percent = fact.ends_with("execution_rate") || fact.ends_with("coefficient");
        let computed = if percent && suffix.is_empty() {
            // A rate written as a fraction (0.78) stays a fraction.
            let number: rust_decimal::Decimal = computed.parse().ok()?;
            (number / rust_decimal::Decimal::ONE_HUNDRED)
                .normalize()
                .to_string()
        } else {
            computed
        };
        (computed != written[..number_end]).then(|| format!("{computed}{suffix}"))
    }

    /// Where to insert `偏差 ""` for a diagnostic asking for a deviation note: the end of the
    /// indicator holding it, when it has none.
    fn missing_deviation(&self, diagnostic: &Diagnostic, span: Span) -> Option<usize> {
        if !diagnostic.help_text(Lang::Zh).contains("偏差") {
            return None;
        }
        let (form, _) = self.form_at(span.start)?;
        form.indicators()
            .into_iter()
            .map(|reference| reference.indicator)
            .find(|indicator| {
                indicator.span.start <= span.start && span.start <= indicator.span.end
            })
            .filter(|indicator| indicator.deviation_note.is_none())
            .map(|indicator| indicator.span.end)
    }

    /// The did-you-mean word of a diagnostic (`是否想写 `实际`？`) and the word it replaces.
    fn suggestion(&self, diagnostic: &Diagnostic, span: Span) -> Option<(String, Span)> {
        let help = diagnostic.help.as_ref()?.get(Lang::Zh);
        let rest = help.split("是否想写 `").nth(1)?;
        let word = rest.split('`').next()?.to_string();
        let text = span.text(self.source);
        let leading = text.len() - text.trim_start().len();
        let first = text.split_whitespace().next()?;
        let unquoted = first.trim_matches(|character| matches!(character, '"' | '“' | '”'));
        let offset = span.start + leading + first.find(unquoted).unwrap_or(0);
        (unquoted != word).then(|| (word, Span::new(offset, offset + unquoted.len())))
    }

    /// The edits turning the document into `jixiao fmt`'s output: one edit of the whole text
    /// whose new text *is* that output (also when nothing changes: a client comparing the edit
    /// with `jixiao fmt` needs no special case, and editors reduce it to the lines that differ);
    /// `None` when the text has syntax errors.
    pub(super) fn formatting(&self) -> Option<Vec<TextEdit>> {
        let formatted = format(self.source, FormatOptions::default()).ok()?;
        Some(vec![TextEdit::new(
            self.range(Span::new(0, self.source.len())),
            formatted,
        )])
    }
}
