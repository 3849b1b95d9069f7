//! The shape of a document for the editor: symbols (form → level-1 → level-2 → indicators),
//! folding ranges, and completion of keywords, categories, units and profile names.

use super::analysis::Analysis;
use crate::policy::Profile;
use crate::span::Span;
use crate::syntax::ast;
use crate::syntax::keywords::{
    ATTRIBUTES, BLOCKS, BUDGET_LINES, FIELDS, FORMS, GOAL_LINES, TAXONOMY,
};
use lsp_types::{
    CompletionItem, CompletionItemKind, DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind,
};

/// The document's outline.
pub(super) fn symbols(analysis: &Analysis<'_>) -> Vec<DocumentSymbol> {
    analysis
        .file()
        .forms
        .iter()
        .map(|form| {
            let mut children = Vec::new();
            if let Some(budget) = &form.budget {
                let name = budget
                    .span
                    .text(analysis.source)
                    .split_whitespace()
                    .next()
                    .unwrap_or("资金")
                    .to_string();
                children.push(symbol(
                    analysis,
                    name,
                    None,
                    SymbolKind::OBJECT,
                    budget.span,
                    budget.span,
                    Vec::new(),
                ));
            }
            for goal in &form.goals {
                let items = items(analysis, &goal.items);
                let span = items_span(&goal.items)
                    .map_or(goal.title.span, |span| span.to(goal.title.span));
                children.push(symbol(
                    analysis,
                    goal.title.value.clone(),
                    goal.declared_weight
                        .as_ref()
                        .map(|weight| weight.value.to_string()),
                    SymbolKind::OBJECT,
                    span,
                    goal.title.span,
                    items,
                ));
            }
            children.extend(items(analysis, &form.items));
            symbol(
                analysis,
                form.name.value.clone(),
                form.year.as_ref().map(|year| year.value.to_string()),
                SymbolKind::MODULE,
                form.span,
                form.name.span,
                children,
            )
        })
        .collect()
}

fn items_span(items: &[ast::Item]) -> Option<Span> {
    items
        .iter()
        .map(|item| match item {
            ast::Item::Category(category) => category.span,
            ast::Item::Indicator(indicator) => indicator.span,
        })
        .reduce(Span::to)
}

fn items(analysis: &Analysis<'_>, items: &[ast::Item]) -> Vec<DocumentSymbol> {
    items
        .iter()
        .map(|item| match item {
            ast::Item::Category(category) => symbol(
                analysis,
                category.name.value.clone(),
                category
                    .declared_weight
                    .as_ref()
                    .map(|weight| weight.value.to_string()),
                SymbolKind::NAMESPACE,
                category.span,
                category.name.span,
                self::items(analysis, &category.items),
            ),
            ast::Item::Indicator(indicator) => symbol(
                analysis,
                indicator.name.value.clone(),
                indicator
                    .weight
                    .as_ref()
                    .map(|weight| weight.value.to_string()),
                SymbolKind::FIELD,
                indicator.span,
                indicator.name.span,
                Vec::new(),
            ),
        })
        .collect()
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written out.
fn symbol(
    analysis: &Analysis<'_>,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let span = span.to(selection);
    DocumentSymbol {
        name: if name.is_empty() {
            "?".to_string()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: analysis.range(span),
        selection_range: analysis.range(selection),
        children: (!children.is_empty()).then_some(children),
    }
}

/// Folding ranges: every block (form, budget, category) and every run of comment lines.
pub(super) fn folding_ranges(analysis: &Analysis<'_>) -> Vec<FoldingRange> {
    let mut spans = Vec::new();
    for form in &analysis.file().forms {
        spans.push(form.span);
        spans.extend(form.budget.as_ref().map(|budget| budget.span));
        for reference in form.categories() {
            spans.extend(reference.path.last().map(|category| category.span));
        }
    }
    let mut ranges: Vec<FoldingRange> = spans
        .into_iter()
        .filter_map(|span| {
            let start = analysis.position(span.start).line;
            let end = analysis.position(span.end).line;
            (end > start).then(|| FoldingRange {
                start_line: start,
                end_line: end.saturating_sub(1).max(start),
                kind: Some(FoldingRangeKind::Region),
                ..FoldingRange::default()
            })
        })
        .collect();
    let mut run: Option<(u32, u32)> = None;
    let lines = analysis.source.lines().chain(std::iter::once(""));
    for (number, line) in (0u32..).zip(lines) {
        if line.trim_start().starts_with("//") {
            run = Some(run.map_or((number, number), |(start, _)| (start, number)));
        } else if let Some((start, end)) = run.take() {
            if end > start {
                ranges.push(FoldingRange {
                    start_line: start,
                    end_line: end,
                    kind: Some(FoldingRangeKind::Comment),
                    ..FoldingRange::default()
                });
            }
        }
    }
    ranges.sort_by_key(|range| (range.start_line, range.end_line));
    ranges
}

/// The blocks open at the start of the line holding `offset` (their first words), outermost
/// first, read from the text so that it works while the file does not parse.
fn open_blocks(source: &str, line_start: usize) -> Vec<String> {
    let mut stack = Vec::new();
    let mut in_text = false;
    for line in source[..line_start].lines() {
        let code = line.trim();
        if code.matches("\"\"\"").count() % 2 == 1 {
            in_text = !in_text;
            continue;
        }
        if in_text || code.starts_with("//") {
            continue;
        }
        let code = code.split("//").next().unwrap_or("").trim_end();
        // A full-width brace (typed on a Chinese IME) is a brace too (src/syntax/braces.rs).
        if code.starts_with(['}', '｝']) {
            stack.pop();
        } else if code.ends_with(['{', '｛']) {
            let first = code
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_matches('"')
                .to_string();
            stack.push(first);
        }
    }
    stack
}

fn items_of(
    words: impl IntoIterator<Item = String>,
    kind: CompletionItemKind,
    detail: &str,
) -> Vec<CompletionItem> {
    words
        .into_iter()
        .map(|word| CompletionItem {
            label: word,
            kind: Some(kind),
            detail: (!detail.is_empty()).then(|| detail.to_string()),
            ..CompletionItem::default()
        })
        .collect()
}

/// Chinese spellings of a keyword table (the English aliases are left to the English files).
fn chinese<T>(table: &[(&str, T)]) -> Vec<String> {
    table
        .iter()
        .map(|(word, _)| *word)
        .filter(|word| !word.starts_with(|character: char| character.is_ascii()))
        .map(str::to_string)
        .collect()
}

/// Units of measure seen on real forms.
const UNITS: &[&str] = &[
    "次",
    "个",
    "项",
    "人",
    "人次",
    "户",
    "家",
    "场",
    "篇",
    "份",
    "件",
    "期",
    "批",
    "天",
    "日",
    "月",
    "年",
    "%",
    "万元",
    "元",
    "公里",
    "平方米",
    "亩",
    "套",
    "台",
    "所",
    "条",
];

/// Completion at `offset`: after an indicator's name the attribute keywords (the units after
/// `单位`), after `评分规则` the profile names, at the start of a line the keywords of the block
/// the cursor is in (the level-2 categories valid under the current level-1).
pub(super) fn completion(analysis: &Analysis<'_>, offset: usize) -> Vec<CompletionItem> {
    let source = analysis.source;
    let offset = Span::new(offset, offset).clamp_to(source).start;
    let line_start = source[..offset].rfind('\n').map_or(0, |index| index + 1);
    let before = &source[line_start..offset];
    let words: Vec<&str> = before.split_whitespace().collect();
    let typing_first_word =
        words.len() <= 1 && !before.ends_with(char::is_whitespace) || words.is_empty();
    let previous = if before.ends_with(char::is_whitespace) {
        words.last().copied()
    } else {
        words.iter().rev().nth(1).copied()
    };
    let indicator_line =
        before.trim_start().starts_with(['"', '“']) && before.matches(['"', '“', '”']).count() >= 2;
    if indicator_line {
        if matches!(previous, Some("单位" | "计量单位" | "度量单位" | "unit")) {
            return items_of(
                UNITS.iter().map(|unit| (*unit).to_string()),
                CompletionItemKind::UNIT,
                "",
            );
        }
        return items_of(chinese(ATTRIBUTES), CompletionItemKind::KEYWORD, "");
    }
    if matches!(previous, Some("评分规则" | "profile")) {
        return items_of(
            Profile::BUILTIN.iter().map(|name| (*name).to_string()),
            CompletionItemKind::ENUM_MEMBER,
            "",
        );
    }
    if !typing_first_word {
        return Vec::new();
    }
    let blocks = open_blocks(source, line_start);
    let Some(innermost) = blocks.last() else {
        return items_of(chinese(FORMS), CompletionItemKind::KEYWORD, "");
    };
    if let Some((_, children)) = TAXONOMY.iter().find(|(level1, _)| level1 == innermost) {
        return items_of(
            children.iter().map(|child| (*child).to_string()),
            CompletionItemKind::MODULE,
            innermost,
        );
    }
    let kind_of = |table: &[(&str, crate::syntax::keywords::BlockKeyword)]| {
        table
            .iter()
            .find(|(word, _)| word == innermost)
            .map(|(_, kind)| *kind)
    };
    match kind_of(BLOCKS) {
        Some(crate::syntax::keywords::BlockKeyword::Budget) => {
            return items_of(chinese(BUDGET_LINES), CompletionItemKind::KEYWORD, "");
        }
        Some(_) => return items_of(chinese(GOAL_LINES), CompletionItemKind::KEYWORD, ""),
        None => {}
    }
    if blocks.len() == 1 {
        let mut all = items_of(chinese(FIELDS), CompletionItemKind::FIELD, "");
        all.extend(items_of(chinese(BLOCKS), CompletionItemKind::KEYWORD, ""));
        all.extend(items_of(
            TAXONOMY.iter().map(|(level1, _)| (*level1).to_string()),
            CompletionItemKind::MODULE,
            "",
        ));
        return all;
    }
    Vec::new()
}
