//! The budget block (资金): its unit, fund rows, keyed lines, weight, declared rate and score.

use super::*;

impl Lowerer<'_> {
    /// The money unit after a block keyword (`资金 万元 {`, `资金用途 （元） {`): 万元 by default;
    /// other words are reported as extra.
    pub(super) fn money_unit(&mut self, values: &[Token]) -> MoneyUnit {
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

    /// One amount after a keyed line (`全年预算数 1519.94`), in the block's `unit`: as a fund
    /// row's cell (full-width digits, the block's own unit written after it, E0009 for another
    /// unit), `None` when it is missing or cannot be read (reported).
    fn amount(
        &mut self,
        key: &Token,
        values: &[Token],
        unit: MoneyUnit,
    ) -> Option<Spanned<Decimal>> {
        let values = self.group_thousands(values, 1)?;
        let Some(first) = values.first() else {
            self.missing_number(key);
            return None;
        };
        self.extra_values(&values[1..]);
        match amount_cell(&first.text, unit) {
            Ok(amount) => amount.map(|amount| Spanned::new(amount, first.span)),
            Err(problem) => {
                self.amount_problem(first, problem, unit, &Text::new("资金数", "amount"));
                None
            }
        }
    }

    pub(super) fn budget(
        &mut self,
        key: &Token,
        values: &[Token],
        body: &[Statement],
        span: Span,
    ) -> Budget {
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

    pub(super) fn budget_line(
        &mut self,
        budget: &mut Budget,
        key: &Token,
        values: &[Token],
        span: Span,
    ) {
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
            let row = self.budget_row(key, Some(source), values, span, budget.unit);
            budget.rows.push(row);
            return;
        }
        let Some(line) = keywords::lookup(keywords::BUDGET_LINES, &key.text) else {
            // An unknown label with amounts is still a fund row (kept, not summed); anything else
            // is a typo.
            let amounts = values.len() == 3
                && values.iter().all(|value| {
                    amount_cell(&value.text, budget.unit) != Err(AmountProblem::NotANumber)
                });
            // `基本支出` / `项目支出`: the split by spending type, checked on its own (W0304).
            if amounts && keywords::is_spending_split_row(&key.text) {
                let row = self.budget_row(key, None, values, span, budget.unit);
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
                let row = self.budget_row(key, None, values, span, budget.unit);
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
                let amount = self.amount(key, values, budget.unit);
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
                if values.len() == 1 && amount_cell(&values[0].text, budget.unit) == Ok(None) =>
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

    pub(super) fn budget_row(
        &mut self,
        key: &Token,
        source: Option<FundSource>,
        values: &[Token],
        span: Span,
        unit: MoneyUnit,
    ) -> BudgetRow {
        let mut cells: [Option<Spanned<Decimal>>; 3] = [None, None, None];
        let grouped = self.group_thousands(values, 3);
        let values: &[Token] = match &grouped {
            Some(grouped) => grouped,
            // An ambiguous comma (E0008): the row is there, its amounts are not.
            None => &[],
        };
        if values.len() > 3 {
            self.extra_values(&values[3..]);
        }
        for (cell, value) in cells.iter_mut().zip(values) {
            match amount_cell(&value.text, unit) {
                Ok(amount) => *cell = amount.map(|amount| Spanned::new(amount, value.span)),
                Err(problem) => {
                    self.amount_problem(value, problem, unit, &Text::new("资金数", "amount"));
                }
            }
        }
        if values.len() < 3 && source.is_some() && grouped.is_some() {
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
}
