//! A form's opening line, its year, its statements and its header fields.

use super::*;

impl Lowerer<'_> {
    pub(super) fn form(
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
            lost: Lost::default(),
            span,
        };
        self.lost = Lost::default();
        for statement in body {
            self.form_statement(&mut form, statement);
        }
        form.lost = std::mem::take(&mut self.lost);
        form
    }

    pub(super) fn year(&mut self, token: &Token) -> Option<Spanned<u16>> {
        let normalised = super::super::quantity::normalise_digits(&token.text);
        let text = normalised.trim_matches(['(', ')', '（', '）']);
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

    /// Lowers one statement of a form, recording in the lowerer's `lost` what an error in it
    /// left unreadable (indicators record their own, see `indicators.rs`).
    pub(super) fn form_statement(&mut self, form: &mut Form, statement: &Statement) {
        let ((), failed) = self.errs(|lowerer| lowerer.form_statement_inner(form, statement));
        if !failed {
            return;
        }
        match statement {
            Statement::Block { key, .. } => {
                if let Some((BlockKeyword::Budget, _)) = block_keyword(key) {
                    self.lost.budget = true;
                }
            }
            // An unreadable line may have been anything: an indicator, an amount.
            Statement::Junk { .. } => self.lost = Lost::ALL,
            // A header field (a year, a declared total) feeds no sum; an indicator records
            // its own losses.
            Statement::Field { .. } | Statement::Indicator { .. } => {}
        }
    }

    fn form_statement_inner(&mut self, form: &mut Form, statement: &Statement) {
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

    pub(super) fn header_field(&mut self, form: &mut Form, key: &Token, values: &[Token]) {
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
    pub(super) fn subtotal(&mut self, key: &Token, values: &[Token]) -> DeclaredSubtotal {
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
}
