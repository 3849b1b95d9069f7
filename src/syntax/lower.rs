//! Lowering: plain statements → the typed AST, giving keywords their meaning.
//!
//! Every statement that cannot be understood becomes a diagnostic with a span and a hint, and
//! lowering goes on with the next one, so one run reports every problem of a file. Lowering
//! checks only what it needs to build the tree (keywords, numbers, duplicates of a field);
//! everything about the form's content is left to `check`.

use super::ast::*;
use super::cst::{Attr, Statement, Token};
use super::keywords::{
    self, Attribute, BlockKeyword, BudgetKeyword, FieldKeyword, FormKeyword, GoalKeyword,
};
use super::quantity::{is_lone_comparator, leading_number, parse_number_cell, Quantity};
use crate::diag::{Code, Diagnostic};
use crate::lang::Text;
use crate::span::{Span, Spanned};
use crate::tr;
use rust_decimal::Decimal;

/// Lowers the statements of one file.
pub(super) fn lower(
    source: &str,
    statements: &[Statement],
    diagnostics: &mut Vec<Diagnostic>,
) -> File {
    let mut lowerer = Lowerer {
        source,
        diagnostics,
    };
    let mut file = File::default();
    // After a form header that lost its `{`, the lines that follow were meant to be inside it:
    // one error says so, and their own top-level errors would only repeat it.
    let mut orphaned = false;
    for statement in statements {
        let starts_form = matches!(statement, Statement::Block { key, .. } if keywords::lookup(keywords::FORMS, &key.text).is_some());
        if orphaned && !starts_form {
            continue;
        }
        orphaned = false;
        match statement {
            Statement::Block {
                key,
                values,
                body,
                span,
            } => match keywords::lookup(keywords::FORMS, &key.text) {
                Some(kind) => file
                    .forms
                    .push(lowerer.form(kind, key, values, body, *span)),
                None => lowerer.unknown_top_level(key),
            },
            Statement::Field { key, .. }
                if keywords::lookup(keywords::FORMS, &key.text).is_some() =>
            {
                lowerer.push(
                    Diagnostic::new(
                        Code::Syntax,
                        key.span,
                        tr!(
                            "表单头 `{}` 的行末缺少 `{{`",
                            "the form header `{}` has no `{{` at the end of its line",
                            key.text
                        ),
                    )
                    .with_span_message(tr!("表单从这里开始", "the form starts here"))
                    .with_help(tr!(
                        "`{{` 写在同一行末尾：`{} \"名称\" 2021 {{`",
                        "write `{{` at the end of the same line: `{} \"名称\" 2021 {{`",
                        key.text
                    )),
                );
                orphaned = true;
            }
            Statement::Field { key, .. } => lowerer.unknown_top_level(key),
            Statement::Indicator { span, .. } | Statement::Junk { span } => {
                lowerer.junk(*span, tr!("表单之外的语句", "outside any form"));
            }
        }
    }
    file
}

struct Lowerer<'a> {
    source: &'a str,
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// Sets `slot` once; a second value is reported as a duplicate and ignored.
fn set_once<T>(
    slot: &mut Option<T>,
    value: T,
    span: Span,
    first: Option<Span>,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if slot.is_some() {
        let mut diagnostic = Diagnostic::new(
            Code::DuplicateField,
            span,
            tr!("`{what}` 写了两次", "`{what}` is written twice"),
        )
        .with_span_message(tr!("第二次", "second time"));
        if let Some(first) = first {
            diagnostic = diagnostic.with_label(first, tr!("第一次", "first time"));
        }
        diagnostics.push(diagnostic);
    } else {
        *slot = Some(value);
    }
}

/// The help line suggesting `word`.
fn did_you_mean(word: &str) -> Text {
    tr!("是否想写 `{word}`？", "did you mean `{word}`?")
}

fn spanned_span<T>(slot: &Option<Spanned<T>>) -> Option<Span> {
    slot.as_ref().map(|spanned| spanned.span)
}

impl Lowerer<'_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn unknown_top_level(&mut self, key: &Token) {
        let suggestion =
            keywords::did_you_mean(&key.text, keywords::FORMS.iter().map(|(word, _)| *word));
        let mut diagnostic = Diagnostic::new(
            Code::UnknownKeyword,
            key.span,
            tr!("`{}` 不是表单类型", "`{}` is not a form type", key.text),
        )
        .with_span_message(tr!(
            "文件顶层只能是表单：`项目 \"名称\" 年度 {{ … }}` 或 `部门整体 \"名称\" 年度 {{ … }}`",
            "only forms may stand at the top level: `项目 \"名称\" 年度 {{ … }}` or `部门整体 \"名称\" 年度 {{ … }}`"
        ));
        if let Some(word) = suggestion {
            diagnostic = diagnostic.with_help(did_you_mean(word));
        }
        self.push(diagnostic);
    }

    /// A statement that cannot be read; `context` says where it is (`in a form`).
    fn junk(&mut self, span: Span, context: Text) {
        let text = span.text(self.source).trim();
        let first_word = text.split_whitespace().next().unwrap_or("");
        let Text {
            zh: context_zh,
            en: context_en,
        } = context;
        let mut diagnostic = Diagnostic::new(
            Code::Syntax,
            span,
            tr!(
                "无法识别的语句（{context_zh}）",
                "unrecognised statement ({context_en})"
            ),
        )
        .with_span_message(tr!("这一行无法读取", "this line cannot be read"));
        if text.starts_with('{') {
            diagnostic = diagnostic.with_help(tr!(
                "`{{` 应写在块名同一行的末尾，如 `产出指标 50分 {{`",
                "write `{{` at the end of the block name's line, e.g. `产出指标 50分 {{`"
            ));
        } else if text.contains('{') && text.contains('}') {
            diagnostic = diagnostic.with_help(tr!(
                "块不能写在一行内：`{{` 之后换行，每项内容各占一行，`}}` 单独成行",
                "a block cannot be written on one line: break the line after `{{`, put each item on a line of its own and `}}` on a line of its own"
            ));
        } else if let Some(word) = keywords::did_you_mean(first_word, all_keywords()) {
            diagnostic = diagnostic.with_help(did_you_mean(word));
        }
        self.push(diagnostic);
    }

    /// A single text value from a field's tokens: the token itself, or the source text from the
    /// first to the last token when an unquoted value contains spaces.
    fn text_value(&self, key: &Token, values: &[Token]) -> Option<Spanned<String>> {
        match values {
            [] => None,
            [only] => Some(Spanned::new(only.text.clone(), only.span)),
            [first, .., last] => {
                let span = first.span.to(last.span);
                Some(Spanned::new(span.text(self.source).to_string(), span))
            }
        }
        .filter(|_| !key.text.is_empty())
    }

    /// Reads a text value into `slot` (once: a second one is `E0105`).
    fn text_field(&mut self, slot: &mut Option<Spanned<String>>, key: &Token, values: &[Token]) {
        if let Some(value) = self.require_text(key, values) {
            let first = spanned_span(slot);
            set_once(slot, value, key.span, first, &key.text, self.diagnostics);
        }
    }

    /// Reads a number into `slot` (once).
    fn number_field(&mut self, slot: &mut Option<Spanned<Decimal>>, key: &Token, values: &[Token]) {
        if let Some(value) = self.number(key, values) {
            let first = spanned_span(slot);
            set_once(slot, value, key.span, first, &key.text, self.diagnostics);
        }
    }

    /// Reads a percentage into `slot` (once).
    fn percent_field(
        &mut self,
        slot: &mut Option<Spanned<Decimal>>,
        key: &Token,
        values: &[Token],
    ) {
        if let Some(value) = self.percent(key, values) {
            let first = spanned_span(slot);
            set_once(slot, value, key.span, first, &key.text, self.diagnostics);
        }
    }

    fn require_text(&mut self, key: &Token, values: &[Token]) -> Option<Spanned<String>> {
        let value = self.text_value(key, values);
        if value.is_none() {
            self.push(
                Diagnostic::new(
                    Code::MissingField,
                    key.span,
                    tr!("`{}` 后面缺少内容", "`{}` has nothing after it", key.text),
                )
                .with_span_message(tr!("这里应有一个值", "expected a value here")),
            );
        }
        value
    }

    /// Reads one number (`165`, `10%`, `50分`) from a value list.
    fn number(&mut self, key: &Token, values: &[Token]) -> Option<Spanned<Decimal>> {
        self.number_with_percent(key, values)
            .map(|(number, _)| number)
    }

    fn number_with_percent(
        &mut self,
        key: &Token,
        values: &[Token],
    ) -> Option<(Spanned<Decimal>, bool)> {
        let Some(first) = values.first() else {
            self.push(
                Diagnostic::new(
                    Code::MissingField,
                    key.span,
                    tr!("`{}` 后面缺少数值", "`{}` has no number after it", key.text),
                )
                .with_span_message(tr!("这里应有一个数", "expected a number here")),
            );
            return None;
        };
        self.extra_values(&values[1..]);
        match parse_number_cell(&first.text) {
            Some((value, percent)) => Some((Spanned::new(value, first.span), percent)),
            None => {
                self.push(
                    Diagnostic::new(Code::InvalidNumber, first.span, {
                        let problem = number_problem(&first.text);
                        Text::new(
                            format!(
                                "`{}` 的值 `{}` {}",
                                key.text,
                                shorten(&first.text),
                                problem.zh
                            ),
                            format!(
                                "`{}`: the value `{}` {}",
                                key.text,
                                shorten(&first.text),
                                problem.en
                            ),
                        )
                    })
                    .with_span_message(tr!("这里应是数字", "expected a number here")),
                );
                None
            }
        }
    }

    /// Reads a percentage: `78%` is 78; a bare number above 1 is a percentage (`94` → 94%), a
    /// bare number of at most 1 is a fraction (`1` → 100%, `0.8` → 80%), as real forms print both.
    fn percent(&mut self, key: &Token, values: &[Token]) -> Option<Spanned<Decimal>> {
        let (number, percent) = self.number_with_percent(key, values)?;
        if percent || number.value > Decimal::ONE {
            Some(number)
        } else {
            Some(Spanned::new(
                number.value * Decimal::ONE_HUNDRED,
                number.span,
            ))
        }
    }

    fn extra_values(&mut self, extra: &[Token]) {
        let (Some(first), Some(last)) = (extra.first(), extra.last()) else {
            return;
        };
        let mut diagnostic = Diagnostic::new(
            Code::UnknownKeyword,
            first.span.to(last.span),
            tr!(
                "多余的内容 `{}`",
                "unexpected `{}`",
                first.span.to(last.span).text(self.source)
            ),
        )
        .with_span_message(tr!("无法识别", "not recognised"));
        if let Some(word) = keywords::did_you_mean(&first.text, all_keywords()) {
            diagnostic = diagnostic.with_help(did_you_mean(word));
        } else if !first.quoted && first.text.contains(' ') {
            diagnostic = diagnostic.with_help(tr!(
                "含空格的文字请加引号",
                "quote a text that contains spaces"
            ));
        }
        self.push(diagnostic);
    }

    fn form(
        &mut self,
        kind: FormKeyword,
        key: &Token,
        values: &[Token],
        body: &[Statement],
        span: Span,
    ) -> Form {
        let kind = match kind {
            FormKeyword::Project => FormKind::Project,
            FormKeyword::Department => FormKind::Department,
        };
        let name = match values.first() {
            Some(token) => Spanned::new(token.text.clone(), token.span),
            None => {
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        key.span,
                        tr!("表单缺少名称", "the form has no name"),
                    )
                    .with_span_message(tr!("名称应写在这里之后", "the name goes after this"))
                    .with_help(tr!(
                        "写成 `{} \"名称\" 2021 {{`",
                        "write `{} \"名称\" 2021 {{`",
                        key.text
                    )),
                );
                Spanned::new(String::new(), key.span)
            }
        };
        let year = values.get(1).and_then(|token| self.year(token));
        if values.len() > 2 {
            self.extra_values(&values[2..]);
        }
        let mut form = Form {
            kind,
            kind_span: key.span,
            name,
            year,
            header: Header::default(),
            profile: None,
            declared_total: None,
            declared_grade: None,
            declared_indicator_subtotal: None,
            budget: None,
            goals: Vec::new(),
            items: Vec::new(),
            span,
        };
        for statement in body {
            self.form_statement(&mut form, statement);
        }
        form
    }

    fn year(&mut self, token: &Token) -> Option<Spanned<u16>> {
        let text = token.text.trim_matches(['(', ')', '（', '）']);
        let digits = text.trim_end_matches("年度").trim_end_matches('年');
        match digits.parse::<u16>() {
            Ok(year) if (1949..=2200).contains(&year) => Some(Spanned::new(year, token.span)),
            _ => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidNumber,
                        token.span,
                        tr!("`{}` 不是年度", "`{}` is not a year", token.text),
                    )
                    .with_span_message(tr!(
                        "这里应是年度，如 2021",
                        "expected a year here, e.g. 2021"
                    ))
                    .with_help(tr!(
                        "表单头写成 `项目 \"名称\" 2021 {{`",
                        "write the form header as `项目 \"名称\" 2021 {{`"
                    )),
                );
                None
            }
        }
    }

    fn form_statement(&mut self, form: &mut Form, statement: &Statement) {
        match statement {
            Statement::Block {
                key,
                values,
                body,
                span,
            } => match block_keyword(key) {
                Some((BlockKeyword::Budget, suffix)) => {
                    // `资金（万元）`: the unit in brackets counts as a value of the header.
                    let values: Vec<Token> =
                        suffix.into_iter().chain(values.iter().cloned()).collect();
                    let budget = self.budget(key, &values, body, *span);
                    let first = form.budget.as_ref().map(|budget| budget.span);
                    set_once(
                        &mut form.budget,
                        budget,
                        key.span,
                        first,
                        &key.text,
                        self.diagnostics,
                    );
                }
                Some((BlockKeyword::Goals, suffix)) => {
                    let values: Vec<Token> =
                        suffix.into_iter().chain(values.iter().cloned()).collect();
                    let goal = self.goal(key, &values, body);
                    form.goals.push(goal);
                }
                // A block that holds standard level-1 categories (湖北: `项目绩效 85分 { 产出指标
                // 40分 { … } }`) is a weighted group of indicator trees, like a goal block.
                None if holds_level1_categories(body) => {
                    let goal = self.goal(key, values, body);
                    form.goals.push(goal);
                }
                None => {
                    let category = self.category(key, values, body, *span);
                    form.items.push(Item::Category(category));
                }
            },
            Statement::Field { key, values, .. } => self.header_field(form, key, values),
            Statement::Indicator { .. } => {
                if let Some(indicator) = self.indicator(statement) {
                    push_indicator(&mut form.items, indicator);
                }
            }
            Statement::Junk { span } => self.junk(*span, tr!("表单内", "in a form")),
        }
    }

    fn header_field(&mut self, form: &mut Form, key: &Token, values: &[Token]) {
        let Some(field) = keywords::lookup(keywords::FIELDS, &key.text) else {
            if let Some(value) = self.text_value(key, values) {
                let known = keywords::FIELDS.iter().chain([]).map(|(word, _)| *word);
                let known_blocks = keywords::BLOCKS.iter().map(|(word, _)| *word);
                let suggestion = keywords::did_you_mean(&key.text, known.chain(known_blocks))
                    .filter(|_| !keywords::is_known_extra_field(&key.text));
                if let Some(word) = suggestion {
                    self.push(
                        Diagnostic::new(
                            Code::UnknownField,
                            key.span,
                            tr!("未知的字段 `{}`", "unknown field `{}`", key.text),
                        )
                        .with_span_message(tr!("原样保留", "kept as written"))
                        .with_help(did_you_mean(word)),
                    );
                }
                form.header
                    .extra
                    .push((Spanned::new(key.text.clone(), key.span), value));
            } else {
                self.push(
                    Diagnostic::new(
                        Code::UnknownKeyword,
                        key.span,
                        tr!("`{}` 后面缺少内容", "`{}` has nothing after it", key.text),
                    )
                    .with_span_message(tr!(
                        "字段应写成 `名称 值`；类别块应以 `{{` 结尾",
                        "write a field as `名称 值`; a category block ends with `{{`"
                    ))
                    .with_help(
                        match keywords::did_you_mean(&key.text, all_keywords()) {
                            Some(word) => did_you_mean(word),
                            None => tr!(
                                "如果这是一个类别，在同一行末尾加上 `{{`",
                                "if this is a category, add `{{` at the end of the line"
                            ),
                        },
                    ),
                );
            }
            return;
        };
        match field {
            FieldKeyword::SupervisingDepartment => {
                self.text_field(&mut form.header.supervising_department, key, values);
            }
            FieldKeyword::ImplementingUnit => {
                self.text_field(&mut form.header.implementing_unit, key, values);
            }
            FieldKeyword::ContactPerson => {
                self.text_field(&mut form.header.contact_person, key, values);
            }
            FieldKeyword::ContactPhone => {
                self.text_field(&mut form.header.contact_phone, key, values);
            }
            FieldKeyword::Profile => {
                self.text_field(&mut form.profile, key, values);
            }
            FieldKeyword::Grade => {
                self.text_field(&mut form.declared_grade, key, values);
            }
            FieldKeyword::Total => {
                self.number_field(&mut form.declared_total, key, values);
            }
            FieldKeyword::IndicatorSubtotal => {
                let subtotal = self.subtotal(key, values);
                let first = form.declared_indicator_subtotal.as_ref().map(|_| key.span);
                set_once(
                    &mut form.declared_indicator_subtotal,
                    subtotal,
                    key.span,
                    first,
                    &key.text,
                    self.diagnostics,
                );
            }
        }
    }

    /// `绩效指标总分 90` (score) or `绩效指标总分 分值 90 得分 90`.
    fn subtotal(&mut self, key: &Token, values: &[Token]) -> DeclaredSubtotal {
        let mut subtotal = DeclaredSubtotal::default();
        if values.len() == 1 {
            subtotal.score = self.number(key, values);
            return subtotal;
        }
        for pair in values.chunks(2) {
            match (pair[0].text.as_str(), pair.get(1)) {
                ("分值" | "权重" | "weight", Some(_)) => {
                    subtotal.weight = self.number(&pair[0], &pair[1..]);
                }
                ("得分" | "score", Some(_)) => subtotal.score = self.number(&pair[0], &pair[1..]),
                _ => self.extra_values(pair),
            }
        }
        subtotal
    }

    /// The money unit after a block keyword (`资金 万元 {`, `资金用途 （元） {`): 万元 by default;
    /// other words are reported as extra.
    fn money_unit(&mut self, values: &[Token]) -> MoneyUnit {
        let mut unit = MoneyUnit::default();
        for value in values {
            match value.text.trim_matches(['(', ')', '（', '）']) {
                "万元" => unit = MoneyUnit::TenThousandYuan,
                "元" => unit = MoneyUnit::Yuan,
                _ => self.extra_values(std::slice::from_ref(value)),
            }
        }
        unit
    }

    fn budget(&mut self, key: &Token, values: &[Token], body: &[Statement], span: Span) -> Budget {
        let unit = self.money_unit(values);
        let mut budget = Budget {
            unit,
            rows: Vec::new(),
            weight: None,
            declared_rate: None,
            declared_rate_is_fraction: false,
            declared_score: None,
            declared_score_blank: None,
            reason: None,
            span,
        };
        let _ = key;
        for statement in body {
            match statement {
                Statement::Field { key, values, span } => {
                    self.budget_line(&mut budget, key, values, *span);
                }
                Statement::Junk { span } => {
                    self.junk(*span, tr!("资金块内", "in the budget block"));
                }
                Statement::Block { key, .. } | Statement::Indicator { name: key, .. } => {
                    self.push(
                        Diagnostic::new(
                            Code::Syntax,
                            key.span,
                            tr!(
                                "资金块内只能写资金行和执行率",
                                "the budget block holds only fund rows and the execution rate"
                            ),
                        )
                        .with_span_message(tr!(
                            "这里不能写块或指标",
                            "no block or indicator may be written here"
                        ))
                        .with_help(tr!(
                            "资金行写成 `财政拨款 年初预算数 全年预算数 全年执行数`",
                            "write a fund row as `财政拨款 年初预算数 全年预算数 全年执行数`"
                        )),
                    );
                }
            }
        }
        budget
    }

    fn budget_line(&mut self, budget: &mut Budget, key: &Token, values: &[Token], span: Span) {
        // `其中：财政拨款 …`: the key stops at the colon, so the real label is the first value.
        if matches!(key.text.as_str(), "其中" | "其中:" | "其中：") {
            if let Some((label, rest)) = values.split_first() {
                return self.budget_line(budget, label, rest, span);
            }
        }
        let stripped = key
            .text
            .trim_start_matches("其中")
            .trim_start_matches([':', '：']);
        if stripped.len() != key.text.len() && !stripped.is_empty() {
            let label = Token {
                text: stripped.to_string(),
                span: key.span,
                quoted: key.quoted,
            };
            return self.budget_line(budget, &label, values, span);
        }
        if let Some(source) = keywords::lookup(keywords::FUND_SOURCES, &key.text) {
            let row = self.budget_row(key, Some(source), values, span);
            budget.rows.push(row);
            return;
        }
        let Some(line) = keywords::lookup(keywords::BUDGET_LINES, &key.text) else {
            // An unknown label with amounts is still a fund row (kept, not summed); anything else
            // is a typo.
            let amounts = values.len() == 3
                && values
                    .iter()
                    .all(|value| amount_cell(&value.text).is_some());
            // `基本支出` / `项目支出`: the split by spending type, checked on its own (W0304).
            if amounts && keywords::is_spending_split_row(&key.text) {
                let row = self.budget_row(key, None, values, span);
                budget.rows.push(row);
            } else if amounts {
                self.push(
                    Diagnostic::new(
                        Code::UnknownField,
                        key.span,
                        tr!(
                            "资金行 `{}` 不是已知的资金来源",
                            "fund row `{}` is not a known fund source",
                            key.text
                        ),
                    )
                    .with_span_message(tr!(
                        "原样保留，不计入合计",
                        "kept as written, not added to the total"
                    ))
                    .with_help(tr!(
                        "已知的资金来源：财政拨款、上年结转、其他资金、财政专户管理资金、单位资金；合计行写 合计 或 年度资金总额",
                        "known fund sources: `财政拨款`, `上年结转`, `其他资金`, `财政专户管理资金`, `单位资金`; write the total row as `合计` or `年度资金总额`"
                    )),
                );
                let row = self.budget_row(key, None, values, span);
                budget.rows.push(row);
            } else {
                let candidates = keywords::FUND_SOURCES
                    .iter()
                    .map(|(word, _)| *word)
                    .chain(keywords::BUDGET_LINES.iter().map(|(word, _)| *word));
                let mut diagnostic = Diagnostic::new(
                    Code::UnknownKeyword,
                    key.span,
                    tr!(
                        "资金块内不认识 `{}`",
                        "`{}` is not known in the budget block",
                        key.text
                    ),
                )
                .with_span_message(tr!(
                    "不是资金行或执行率字段",
                    "not a fund row or an execution-rate field"
                ));
                diagnostic = match keywords::did_you_mean(&key.text, candidates) {
                    Some(word) => diagnostic.with_help(did_you_mean(word)),
                    None => diagnostic.with_help(tr!(
                        "可写：财政拨款、上年结转、其他资金、合计（各跟三个数），分值、执行率、得分",
                        "allowed: `财政拨款`, `上年结转`, `其他资金`, `合计` (each followed by three numbers), `分值`, `执行率`, `得分`"
                    )),
                };
                self.push(diagnostic);
            }
            return;
        };
        match line {
            BudgetKeyword::InitialBudget
            | BudgetKeyword::AdjustedBudget
            | BudgetKeyword::Executed => {
                let amount = self.number(key, values);
                let index = match budget.rows.iter().position(|row| {
                    row.source == Some(FundSource::Total) && row.label.value.is_empty()
                }) {
                    Some(index) => index,
                    None => {
                        budget.rows.push(BudgetRow {
                            label: Spanned::new(String::new(), key.span),
                            source: Some(FundSource::Total),
                            initial_budget: None,
                            adjusted_budget: None,
                            executed: None,
                            span,
                        });
                        budget.rows.len() - 1
                    }
                };
                let row = &mut budget.rows[index];
                row.span = row.span.to(span);
                let (slot, first) = match line {
                    BudgetKeyword::InitialBudget => (&mut row.initial_budget, None),
                    BudgetKeyword::AdjustedBudget => (&mut row.adjusted_budget, None),
                    _ => (&mut row.executed, None),
                };
                if let Some(amount) = amount {
                    let first = first.or(spanned_span(slot));
                    set_once(slot, amount, key.span, first, &key.text, self.diagnostics);
                }
            }
            BudgetKeyword::Weight => {
                self.number_field(&mut budget.weight, key, values);
            }
            BudgetKeyword::ExecutionRate => {
                self.percent_field(&mut budget.declared_rate, key, values);
                budget.declared_rate_is_fraction = values
                    .first()
                    .and_then(|value| parse_number_cell(&value.text))
                    .is_some_and(|(number, percent)| !percent && number <= Decimal::ONE);
            }
            // `得分 -`: the form prints the cell blank (checked against the weight, W0303).
            BudgetKeyword::Score
                if values.len() == 1 && amount_cell(&values[0].text) == Some(None) =>
            {
                budget.declared_score_blank = Some(values[0].span);
            }
            BudgetKeyword::Score => {
                self.number_field(&mut budget.declared_score, key, values);
            }
            BudgetKeyword::Reason => {
                self.text_field(&mut budget.reason, key, values);
            }
        }
    }

    fn budget_row(
        &mut self,
        key: &Token,
        source: Option<FundSource>,
        values: &[Token],
        span: Span,
    ) -> BudgetRow {
        let mut cells: [Option<Spanned<Decimal>>; 3] = [None, None, None];
        if values.len() > 3 {
            self.extra_values(&values[3..]);
        }
        for (cell, value) in cells.iter_mut().zip(values) {
            match amount_cell(&value.text) {
                Some(amount) => *cell = amount.map(|amount| Spanned::new(amount, value.span)),
                None => self.push(
                    Diagnostic::new(Code::InvalidNumber, value.span, {
                        let problem = number_problem(&value.text);
                        Text::new(
                            format!("资金数 `{}` {}", shorten(&value.text), problem.zh),
                            format!("amount `{}` {}", shorten(&value.text), problem.en),
                        )
                    })
                    .with_span_message(tr!("这里应是金额", "expected an amount here"))
                    .with_help(tr!(
                        "金额写成数字（如 155.41），空格用 `-` 表示",
                        "write amounts as numbers (e.g. 155.41) and an empty cell as `-`"
                    )),
                ),
            }
        }
        if values.len() < 3 && source.is_some() {
            let at = values.last().map_or(key.span, |value| value.span);
            self.push(
                Diagnostic::new(
                    Code::MissingField,
                    at,
                    tr!(
                        "资金行 `{}` 应有三个数：年初预算数、全年预算数、全年执行数",
                        "fund row `{}` needs three numbers: initial budget, adjusted budget, executed",
                        key.text
                    ),
                )
                .with_span_message(tr!("只有 {} 个", "only {}", values.len()))
                .with_help(tr!("缺少的数用 `-` 占位", "write `-` for a missing number")),
            );
        }
        let [initial_budget, adjusted_budget, executed] = cells;
        BudgetRow {
            // English aliases get the canonical Chinese label (the model is language-neutral).
            label: Spanned::new(
                match source {
                    Some(source) if key.text.is_ascii() => {
                        keywords::fund_source_label(source).to_string()
                    }
                    _ => key.text.clone(),
                },
                key.span,
            ),
            source,
            initial_budget,
            adjusted_budget,
            executed,
            span,
        }
    }

    fn goal(&mut self, key: &Token, values: &[Token], body: &[Statement]) -> Goal {
        // The header's weight (`年度绩效目标1(40分)`) is read like a category's.
        let mut header = Category {
            name: Spanned::new(key.text.clone(), key.span),
            declared_weight: None,
            declared_score: None,
            items: Vec::new(),
            span: key.span,
        };
        self.category_header(&mut header, values);
        // A weight written on a custom group name (`年度绩效指标完成情况(50分) {`).
        if header.declared_weight.is_none() {
            if let (_, Some((weight, offset))) = split_weight_from_name(&key.text) {
                header.declared_weight = Some(Spanned::new(
                    weight,
                    Span::new(key.span.start + offset, key.span.end),
                ));
            }
        }
        // An English keyword (`goals`) gets the Chinese title, so the model does not depend on
        // the keyword language the file was written in.
        let title = if key.text.is_ascii() {
            "年度总体目标".to_string()
        } else {
            key.text.clone()
        };
        let mut goal = Goal {
            title: Spanned::new(title, key.span),
            declared_weight: header.declared_weight,
            planned: None,
            achieved: None,
            items: Vec::new(),
            uses_of_funds: None,
        };
        for statement in body {
            match statement {
                Statement::Field { key, values, .. } => {
                    match keywords::lookup(keywords::GOAL_LINES, &key.text) {
                        Some(GoalKeyword::Planned) => {
                            self.text_field(&mut goal.planned, key, values);
                        }
                        Some(GoalKeyword::Achieved) => {
                            self.text_field(&mut goal.achieved, key, values);
                        }
                        None => {
                            let candidates = keywords::GOAL_LINES.iter().map(|(word, _)| *word);
                            let mut diagnostic = Diagnostic::new(
                                Code::UnknownKeyword,
                                key.span,
                                tr!(
                                    "目标块内不认识 `{}`",
                                    "`{}` is not known in a goal block",
                                    key.text
                                ),
                            )
                            .with_span_message(tr!(
                                "应为 预期目标 或 实际完成",
                                "expected `预期目标` or `实际完成`"
                            ));
                            if let Some(word) = keywords::did_you_mean(&key.text, candidates) {
                                diagnostic = diagnostic.with_help(did_you_mean(word));
                            }
                            self.push(diagnostic);
                        }
                    }
                }
                Statement::Junk { span } => self.junk(*span, tr!("目标块内", "in a goal block")),
                // A goal block may hold its own indicator tree (湖北: 年度绩效目标1(40分) { … }).
                Statement::Block {
                    key,
                    values,
                    body,
                    span,
                } if matches!(key.text.as_str(), "资金用途" | "uses_of_funds") => {
                    let uses = self.uses_of_funds(values, body, *span);
                    let first = goal.uses_of_funds.as_ref().map(|uses| uses.span);
                    set_once(
                        &mut goal.uses_of_funds,
                        uses,
                        key.span,
                        first,
                        &key.text,
                        self.diagnostics,
                    );
                }
                Statement::Block {
                    key,
                    values,
                    body,
                    span,
                } => {
                    let category = self.category(key, values, body, *span);
                    goal.items.push(Item::Category(category));
                }
                Statement::Indicator { .. } => {
                    if let Some(indicator) = self.indicator(statement) {
                        push_indicator(&mut goal.items, indicator);
                    }
                }
            }
        }
        goal
    }

    /// `资金用途 元 { "用途" 计划 实际 … 合计 计划 实际 }`: amounts by purpose.
    fn uses_of_funds(&mut self, values: &[Token], body: &[Statement], span: Span) -> UsesOfFunds {
        let unit = self.money_unit(values);
        let mut uses = UsesOfFunds {
            unit,
            rows: Vec::new(),
            total: None,
            span,
        };
        for statement in body {
            // A purpose is a quoted label (an indicator statement whose "attributes" are the two
            // amounts) or, for `合计`, a field.
            let (label, amounts): (&Token, Vec<&Token>) = match statement {
                Statement::Indicator {
                    name,
                    attrs,
                    strays,
                    ..
                } if attrs.is_empty() => (name, strays.iter().collect()),
                Statement::Field { key, values, .. } => (key, values.iter().collect()),
                Statement::Junk { span } => {
                    self.junk(*span, tr!("资金用途块内", "in a uses-of-funds block"));
                    continue;
                }
                Statement::Block { key, .. } | Statement::Indicator { name: key, .. } => {
                    self.push(
                        Diagnostic::new(
                            Code::Syntax,
                            key.span,
                            tr!("资金用途块内每行写 `\"用途\" 计划数 实际数`", "each line of a uses-of-funds block is `\"purpose\" planned actual`"),
                        )
                        .with_span_message(tr!("无法读取", "cannot be read")),
                    );
                    continue;
                }
            };
            let mut cells = [None, None];
            for (cell, token) in cells.iter_mut().zip(&amounts) {
                match amount_cell(&token.text) {
                    Some(amount) => *cell = amount.map(|amount| Spanned::new(amount, token.span)),
                    None => self.push(
                        Diagnostic::new(Code::InvalidNumber, token.span, {
                            let problem = number_problem(&token.text);
                            Text::new(
                                format!("金额 `{}` {}", shorten(&token.text), problem.zh),
                                format!("amount `{}` {}", shorten(&token.text), problem.en),
                            )
                        })
                        .with_span_message(tr!("这里应是金额", "an amount is expected here")),
                    ),
                }
            }
            if amounts.len() > 2 {
                let extra: Vec<Token> = amounts[2..].iter().map(|token| (*token).clone()).collect();
                self.extra_values(&extra);
            }
            let [planned, actual] = cells;
            let row = UseOfFunds {
                label: Spanned::new(label.text.clone(), label.span),
                planned,
                actual,
            };
            if !label.quoted
                && keywords::lookup(keywords::FUND_SOURCES, &label.text)
                    == Some(keywords::FundSource::Total)
            {
                let first = uses.total.as_ref().map(|total| total.label.span);
                set_once(
                    &mut uses.total,
                    row,
                    label.span,
                    first,
                    &label.text,
                    self.diagnostics,
                );
            } else {
                uses.rows.push(row);
            }
        }
        uses
    }

    fn category(
        &mut self,
        key: &Token,
        values: &[Token],
        body: &[Statement],
        span: Span,
    ) -> Category {
        let (name, weight_in_name) = split_weight_from_name(&key.text);
        let name_span = Span::new(key.span.start, key.span.start + name.len());
        let mut category = Category {
            name: Spanned::new(keywords::canonical_category(name).to_string(), name_span),
            declared_weight: weight_in_name.map(|(weight, offset)| {
                Spanned::new(weight, Span::new(key.span.start + offset, key.span.end))
            }),
            declared_score: None,
            items: Vec::new(),
            span,
        };
        self.category_header(&mut category, values);
        for statement in body {
            match statement {
                Statement::Block {
                    key,
                    values,
                    body,
                    span,
                } => {
                    if keywords::lookup(keywords::BLOCKS, &key.text).is_some() {
                        self.push(
                            Diagnostic::new(
                                Code::Syntax,
                                key.span,
                                tr!(
                                    "`{}` 块应写在表单内，不应在指标类别内",
                                    "the `{}` block belongs in the form, not in an indicator category",
                                    key.text
                                ),
                            )
                            .with_span_message(tr!("位置不对", "misplaced")),
                        );
                    }
                    let child = self.category(key, values, body, *span);
                    category.items.push(Item::Category(child));
                }
                Statement::Indicator { .. } => {
                    if let Some(indicator) = self.indicator(statement) {
                        push_indicator(&mut category.items, indicator);
                    }
                }
                Statement::Field { key, values, .. } => match key.text.as_str() {
                    "分值" | "权重" | "weight" => {
                        self.number_field(&mut category.declared_weight, key, values);
                    }
                    "得分" | "score" => {
                        self.number_field(&mut category.declared_score, key, values);
                    }
                    _ => {
                        let mut diagnostic = Diagnostic::new(
                            Code::Syntax,
                            key.span,
                            tr!(
                                "指标类别内不认识 `{}`",
                                "`{}` is not known in an indicator category",
                                key.text
                            ),
                        )
                        .with_span_message(tr!(
                            "这里应是指标（名称加引号）或下级类别块",
                            "expected an indicator (its name quoted) or a sub-category block"
                        ));
                        diagnostic = match keywords::did_you_mean(&key.text, category_names()) {
                            Some(word) => diagnostic.with_help(tr!(
                                "是否想写 `{word} {{`？",
                                "did you mean `{word} {{`?"
                            )),
                            None => diagnostic.with_help(tr!(
                                "指标名称要加引号：`\"名称\" 目标 … 实际 … 分值 …`",
                                "quote the indicator's name: `\"名称\" 目标 … 实际 … 分值 …`"
                            )),
                        };
                        self.push(diagnostic);
                    }
                },
                Statement::Junk { span } => {
                    self.junk(*span, tr!("指标类别内", "in an indicator category"));
                }
            }
        }
        category
    }

    /// `50分`, `50`, `(50分)`, `分值 50` after a category name.
    fn category_header(&mut self, category: &mut Category, values: &[Token]) {
        let mut index = 0;
        while index < values.len() {
            let value = &values[index];
            let is_score = matches!(value.text.as_str(), "得分" | "score");
            let (key, number_token) = match value.text.as_str() {
                "分值" | "权重" | "weight" | "得分" | "score" => {
                    (Some(value), values.get(index + 1))
                }
                _ => (None, Some(value)),
            };
            index += if key.is_some() { 2 } else { 1 };
            let Some(number_token) = number_token else {
                self.push(Diagnostic::new(
                    Code::MissingField,
                    value.span,
                    tr!("`分值` 后面缺少数值", "`分值` has no number after it"),
                ));
                continue;
            };
            let text = number_token.text.trim_matches(['(', ')', '（', '）']);
            match parse_number_cell(text) {
                Some((number, _)) => {
                    let (slot, what) = if is_score {
                        (&mut category.declared_score, "得分")
                    } else {
                        (&mut category.declared_weight, "分值")
                    };
                    let first = spanned_span(slot);
                    set_once(
                        slot,
                        Spanned::new(number, number_token.span),
                        number_token.span,
                        first,
                        what,
                        self.diagnostics,
                    );
                }
                None => self.extra_values(std::slice::from_ref(number_token)),
            }
        }
    }

    fn indicator(&mut self, statement: &Statement) -> Option<Indicator> {
        let Statement::Indicator {
            name,
            attrs,
            strays,
            junk,
            span,
        } = statement
        else {
            return None;
        };
        self.extra_values(strays);
        for line in junk {
            self.junk(*line, tr!("指标块内", "in an indicator block"));
        }
        let mut indicator = Indicator {
            name: Spanned::new(strip_row_number(&name.text).to_string(), name.span),
            id: None,
            nature: None,
            direction: None,
            unit: None,
            target: None,
            initial_target: None,
            adjusted_target: None,
            actual: None,
            weight: None,
            declared_coefficient: None,
            declared_score: None,
            weight_share: None,
            declared_converted_score: None,
            level: None,
            deviation_note: None,
            core: false,
            not_applicable: None,
            parts: Vec::new(),
            span: *span,
        };
        let mut nature_comparator: Option<Token> = None;
        for (index, attr) in attrs.iter().enumerate() {
            // `指标性质 定性`: 定性 is itself a keyword, so it ends up as the next attribute.
            let nature_then_keyword = keywords::lookup(keywords::ATTRIBUTES, &attr.key.text)
                == Some(Attribute::Nature)
                && attr.values.is_empty()
                && attrs.get(index + 1).is_some_and(|next| {
                    matches!(
                        keywords::lookup(keywords::ATTRIBUTES, &next.key.text),
                        Some(Attribute::Quantitative | Attribute::Qualitative)
                    )
                });
            if nature_then_keyword {
                continue;
            }
            self.attribute(&mut indicator, attr, &mut nature_comparator);
        }
        // Sichuan/Yunnan put the comparator in the 指标性质 column: apply it to the target.
        if let (Some(comparator), Some(target)) = (nature_comparator, indicator.target.as_mut()) {
            if target.comparator().is_none() {
                let text = format!("{}{}", comparator.text, target.text);
                *target = Quantity::parse(&text, target.span);
            }
        }
        Some(indicator)
    }

    fn attribute(
        &mut self,
        indicator: &mut Indicator,
        attr: &Attr,
        nature_comparator: &mut Option<Token>,
    ) {
        let Some(meaning) = keywords::lookup(keywords::ATTRIBUTES, &attr.key.text) else {
            return;
        };
        let key = &attr.key;
        let values = attr.values.as_slice();
        match meaning {
            Attribute::Target
            | Attribute::InitialTarget
            | Attribute::AdjustedTarget
            | Attribute::Actual => {
                let Some(quantity) = self.quantity(key, values) else {
                    return;
                };
                let slot = match meaning {
                    Attribute::Target => &mut indicator.target,
                    Attribute::InitialTarget => &mut indicator.initial_target,
                    Attribute::AdjustedTarget => &mut indicator.adjusted_target,
                    _ => &mut indicator.actual,
                };
                let first = slot.as_ref().map(|quantity| quantity.span);
                set_once(slot, quantity, key.span, first, &key.text, self.diagnostics);
            }
            Attribute::Weight => {
                self.number_field(&mut indicator.weight, key, values);
            }
            Attribute::Coefficient => {
                self.percent_field(&mut indicator.declared_coefficient, key, values);
            }
            Attribute::Score => {
                self.number_field(&mut indicator.declared_score, key, values);
            }
            Attribute::Unit => {
                if let Some(unit) = self.require_text(key, values) {
                    self.extra_values(values.get(1..).unwrap_or_default());
                    let first = spanned_span(&indicator.unit);
                    set_once(
                        &mut indicator.unit,
                        Spanned::new(
                            unit.value
                                .split_whitespace()
                                .next()
                                .unwrap_or("")
                                .to_string(),
                            values[0].span,
                        ),
                        key.span,
                        first,
                        &key.text,
                        self.diagnostics,
                    );
                }
            }
            Attribute::Nature => {
                let Some(value) = values.first() else {
                    self.push(Diagnostic::new(
                        Code::MissingField,
                        key.span,
                        tr!("`指标性质` 后面缺少内容", "`指标性质` has nothing after it"),
                    ));
                    return;
                };
                self.extra_values(&values[1..]);
                match value.text.as_str() {
                    "定量" | "定量指标" | "quantitative" => {
                        self.set_nature(indicator, Nature::Quantitative, value.span);
                    }
                    "定性" | "定性指标" | "qualitative" => {
                        self.set_nature(indicator, Nature::Qualitative, value.span);
                    }
                    text if Quantity::parse(&format!("{text}0"), value.span)
                        .comparator()
                        .is_some() =>
                    {
                        *nature_comparator = Some(value.clone());
                    }
                    _ => self.push(
                        Diagnostic::new(
                            Code::UnknownKeyword,
                            value.span,
                            tr!(
                                "指标性质 `{}` 无法识别",
                                "unknown indicator nature `{}`",
                                value.text
                            ),
                        )
                        .with_span_message(tr!(
                            "应为 定量、定性 或比较符（≥ ≤ =）",
                            "expected `定量`, `定性` or a comparator (≥ ≤ =)"
                        )),
                    ),
                }
            }
            Attribute::Quantitative | Attribute::Qualitative => {
                self.extra_values(values);
                let nature = if meaning == Attribute::Quantitative {
                    Nature::Quantitative
                } else {
                    Nature::Qualitative
                };
                self.set_nature(indicator, nature, key.span);
            }
            Attribute::Positive | Attribute::Reverse => {
                self.extra_values(values);
                let direction = if meaning == Attribute::Positive {
                    DeclaredDirection::Positive
                } else {
                    DeclaredDirection::Reverse
                };
                let first = spanned_span(&indicator.direction);
                set_once(
                    &mut indicator.direction,
                    Spanned::new(direction, key.span),
                    key.span,
                    first,
                    &key.text,
                    self.diagnostics,
                );
            }
            Attribute::Core => {
                self.extra_values(values);
                indicator.core = true;
            }
            Attribute::NotApplicable => {
                let reason = self
                    .text_value(key, values)
                    .unwrap_or(Spanned::new(String::new(), key.span));
                let first = spanned_span(&indicator.not_applicable);
                set_once(
                    &mut indicator.not_applicable,
                    reason,
                    key.span,
                    first,
                    &key.text,
                    self.diagnostics,
                );
            }
            Attribute::Level => {
                self.text_field(&mut indicator.level, key, values);
            }
            Attribute::Deviation => {
                self.text_field(&mut indicator.deviation_note, key, values);
            }
            Attribute::Id => {
                self.text_field(&mut indicator.id, key, values);
            }
            Attribute::WeightShare => {
                self.percent_field(&mut indicator.weight_share, key, values);
            }
            Attribute::ConvertedScore => {
                self.number_field(&mut indicator.declared_converted_score, key, values);
            }
        }
    }

    fn set_nature(&mut self, indicator: &mut Indicator, nature: Nature, span: Span) {
        let first = spanned_span(&indicator.nature);
        set_once(
            &mut indicator.nature,
            Spanned::new(nature, span),
            span,
            first,
            "指标性质",
            self.diagnostics,
        );
    }

    /// A target or actual: one token, or a lone comparator followed by its value (`≥ 95%`).
    fn quantity(&mut self, key: &Token, values: &[Token]) -> Option<Quantity> {
        let Some(first) = values.first() else {
            self.push(
                Diagnostic::new(
                    Code::MissingField,
                    key.span,
                    tr!(
                        "`{}` 后面缺少指标值",
                        "`{}` has no value after it",
                        key.text
                    ),
                )
                .with_span_message(tr!(
                    "这里应有一个值，如 `2次`、`≥95%`、`优`",
                    "expected a value here, e.g. `2次`, `≥95%`, `优`"
                )),
            );
            return None;
        };
        let lone_comparator = !first.quoted && is_lone_comparator(&first.text);
        let used = if lone_comparator && values.len() > 1 {
            2
        } else {
            1
        };
        self.extra_values(&values[used..]);
        if lone_comparator && used == 1 {
            self.push(
                Diagnostic::new(
                    Code::InvalidQuantity,
                    first.span,
                    tr!(
                        "比较符 `{}` 后面缺少数值",
                        "comparator `{}` has no number after it",
                        first.text
                    ),
                )
                .with_span_message(tr!(
                    "这里应跟一个数，如 `≥95%`",
                    "a number should follow, e.g. `≥95%`"
                )),
            );
            return None;
        }
        let span = first.span.to(values[used - 1].span);
        let text = if first.quoted {
            first.text.clone()
        } else {
            span.text(self.source).to_string()
        };
        Some(Quantity::parse(&text, span))
    }
}

/// An amount cell: a number, or `-`/`—`/`/` for an empty cell (`Some(None)`). `None` when the
/// text is neither.
fn amount_cell(text: &str) -> Option<Option<Decimal>> {
    match text.trim() {
        "-" | "—" | "/" | "－" | "空" => Some(None),
        other => {
            let (amount, rest) = leading_number(other)?;
            rest.trim().is_empty().then_some(Some(amount))
        }
    }
}

/// What is wrong with a cell that should hold a number: too many digits for an exact decimal
/// (28 significant digits), a negative amount, or not a number at all.
fn number_problem(text: &str) -> Text {
    let digits = text.trim().trim_start_matches('-');
    let numeric = !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    if numeric && text.trim().starts_with('-') {
        Text::new("不能为负数", "cannot be negative")
    } else if numeric {
        Text::new(
            "位数过多（最多 28 位有效数字）",
            "has too many digits (at most 28 significant digits)",
        )
    } else {
        Text::new("不是数字", "is not a number")
    }
}

/// A cell's text for a message: at most 40 characters (a pasted 10,000-digit number is not
/// worth echoing in full).
fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(40).collect::<String>())
    }
}

/// Whether a block's body holds a standard level-1 category block (产出指标, 效益指标, 满意度指标).
fn holds_level1_categories(body: &[Statement]) -> bool {
    body.iter().any(|statement| match statement {
        Statement::Block { key, .. } => {
            let (name, _) = split_weight_from_name(&key.text);
            let name = keywords::standard_category(keywords::canonical_category(name.trim()));
            keywords::TAXONOMY.iter().any(|(level1, _)| *level1 == name)
        }
        _ => false,
    })
}

/// Adds an indicator to a list; a `其中…` row with no weight of its own becomes a part of the
/// indicator just before it (the form prints it as a sub-row of that indicator).
fn push_indicator(items: &mut Vec<Item>, indicator: Indicator) {
    let is_part = indicator.name.value.starts_with("其中") && indicator.weight.is_none();
    if is_part {
        if let Some(Item::Indicator(parent)) = items.last_mut() {
            parent.parts.push(indicator);
            return;
        }
    }
    items.push(Item::Indicator(Box::new(indicator)));
}

/// The block keyword of a block's key: exact (`资金`), with a bracketed suffix (`资金（万元）`,
/// returned as a token of its own), or numbered (`年度绩效目标1`).
fn block_keyword(key: &Token) -> Option<(BlockKeyword, Option<Token>)> {
    if let Some(keyword) = keywords::lookup(keywords::BLOCKS, &key.text) {
        return Some((keyword, None));
    }
    let (base, suffix) = match ['(', '（']
        .iter()
        .filter_map(|open| key.text.find(*open))
        .min()
    {
        Some(position) => (&key.text[..position], Some(position)),
        None => (key.text.as_str(), None),
    };
    let base = base
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches([':', '：']);
    let keyword = keywords::lookup(keywords::BLOCKS, base)?;
    let suffix = suffix.map(|position| Token {
        text: key.text[position..].to_string(),
        span: Span::new(key.span.start + position, key.span.end),
        quoted: false,
    });
    Some((keyword, suffix))
}

/// Splits `产出指标(50分)` into `产出指标` and 50 (with the byte offset of the weight).
fn split_weight_from_name(text: &str) -> (&str, Option<(Decimal, usize)>) {
    for open in ['(', '（'] {
        if let Some(position) = text.rfind(open) {
            let inner = text[position + open.len_utf8()..].trim_end_matches([')', '）']);
            if let Some((weight, _)) = parse_number_cell(inner) {
                return (&text[..position], Some((weight, position)));
            }
        }
    }
    (text, None)
}

/// Drops the template's row numbering: `指标1：人代会召开次数` → `人代会召开次数`.
fn strip_row_number(name: &str) -> &str {
    let Some(rest) = name.strip_prefix("指标") else {
        return name;
    };
    let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() == rest.len() {
        return name;
    }
    digits
        .strip_prefix(['：', ':'])
        .unwrap_or(name)
        .trim_start()
}

fn category_names() -> impl Iterator<Item = &'static str> {
    keywords::TAXONOMY
        .iter()
        .flat_map(|(level1, children)| std::iter::once(*level1).chain(children.iter().copied()))
}

/// Every keyword of the language, for "did you mean".
fn all_keywords() -> impl Iterator<Item = &'static str> {
    keywords::ATTRIBUTES
        .iter()
        .map(|(word, _)| *word)
        .chain(keywords::FIELDS.iter().map(|(word, _)| *word))
        .chain(keywords::BLOCKS.iter().map(|(word, _)| *word))
        .chain(keywords::FORMS.iter().map(|(word, _)| *word))
        .chain(category_names())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_without_its_brace_is_one_error_not_a_cascade() {
        let source = "项目 \"x\" 2021\n{\n    主管部门 \"a\"\n    资金 万元 {\n        财政拨款 1 1 1\n    }\n}\n";
        let (_, diagnostics) = crate::syntax::parse(source);
        let codes: Vec<&str> = diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.as_str())
            .collect();
        assert_eq!(codes, ["E0001"]);
    }

    #[test]
    fn row_numbers_are_dropped() {
        assert_eq!(strip_row_number("指标1：人代会召开次数"), "人代会召开次数");
        assert_eq!(strip_row_number("指标体系建设"), "指标体系建设");
    }

    #[test]
    fn weights_in_category_names() {
        let (name, weight) = split_weight_from_name("产出指标(50分)");
        assert_eq!(name, "产出指标");
        assert_eq!(weight.map(|(w, _)| w), Some(Decimal::from(50)));
        assert_eq!(split_weight_from_name("年度绩效目标1").1, None);
    }
}
