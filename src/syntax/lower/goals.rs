//! Goal blocks (年度总体目标 / 年度绩效目标N) and their uses of funds (资金用途).

use super::*;

impl Lowerer<'_> {
    pub(super) fn goal(&mut self, key: &Token, values: &[Token], body: &[Statement]) -> Goal {
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
            // A numbered goal (`年度绩效目标１`) is numbered in ASCII digits, as its ASCII form.
            super::super::quantity::normalise_digits(&key.text)
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
                    let (uses, failed) =
                        self.errs(|lowerer| lowerer.uses_of_funds(values, body, *span));
                    self.lost.uses_of_funds |= failed;
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
    pub(super) fn uses_of_funds(
        &mut self,
        values: &[Token],
        body: &[Statement],
        span: Span,
    ) -> UsesOfFunds {
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
            let (label, written): (&Token, &[Token]) = match statement {
                Statement::Indicator {
                    name,
                    attrs,
                    strays,
                    ..
                } if attrs.is_empty() => (name, strays),
                Statement::Field { key, values, .. } => (key, values),
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
            // An ambiguous comma (E0008): the purpose is there, its amounts are not.
            let grouped = self.group_thousands(written, 2).unwrap_or_default();
            let amounts: Vec<&Token> = grouped.iter().collect();
            let mut cells = [None, None];
            for (cell, token) in cells.iter_mut().zip(&amounts) {
                match amount_cell(&token.text, unit) {
                    Ok(amount) => *cell = amount.map(|amount| Spanned::new(amount, token.span)),
                    Err(problem) => {
                        self.amount_problem(token, problem, unit, &Text::new("金额", "amount"));
                    }
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
}
