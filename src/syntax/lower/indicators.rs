//! The indicator tree: categories, parent rows, indicators and their attributes, targets and
//! actuals.

use super::*;

impl Lowerer<'_> {
    pub(super) fn category(
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
                Statement::Field { key, .. }
                    if !matches!(
                        key.text.as_str(),
                        "分值" | "权重" | "weight" | "得分" | "score"
                    ) =>
                {
                    // Not an indicator (an unquoted name): the set of indicators is incomplete.
                    self.lost.indicators = true;
                    self.lost.scores = true;
                    self.unknown_in_category(key);
                }
                Statement::Field { key, values, .. } => match key.text.as_str() {
                    "分值" | "权重" | "weight" => {
                        self.number_field(&mut category.declared_weight, key, values);
                    }
                    "得分" | "score" => {
                        self.number_field(&mut category.declared_score, key, values);
                    }
                    _ => self.unknown_in_category(key),
                },
                Statement::Junk { span } => {
                    self.lost.indicators = true;
                    self.lost.scores = true;
                    self.junk(*span, tr!("指标类别内", "in an indicator category"));
                }
            }
        }
        category
    }

    /// A field in an indicator category that is no indicator (its name unquoted) and no
    /// category weight.
    fn unknown_in_category(&mut self, key: &Token) {
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
            Some(word) => {
                diagnostic.with_help(tr!("是否想写 `{word} {{`？", "did you mean `{word} {{`?"))
            }
            None => diagnostic.with_help(tr!(
                "指标名称要加引号：`\"名称\" 目标 … 实际 … 分值 …`",
                "quote the indicator's name: `\"名称\" 目标 … 实际 … 分值 …`"
            )),
        };
        self.push(diagnostic);
    }

    /// `50分`, `50`, `(50分)`, `分值 50` after a category name.
    pub(super) fn category_header(&mut self, category: &mut Category, values: &[Token]) {
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

    pub(super) fn indicator(&mut self, statement: &Statement) -> Option<Indicator> {
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
        // A word that is no attribute (a misspelt `实际`) or a line that cannot be read may
        // have held what the score reads.
        if !strays.is_empty() || !junk.is_empty() {
            self.lost.scores = true;
        }
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
            let ((), failed) = self
                .errs(|lowerer| lowerer.attribute(&mut indicator, attr, &mut nature_comparator));
            if failed {
                self.lose(attr);
            }
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

    /// Records what an attribute that could not be read leaves unknown: a weight, the weight
    /// sums and scores; a target, actual or coefficient, the scores; a declared score, a note
    /// or an id, nothing computed.
    fn lose(&mut self, attr: &Attr) {
        match keywords::lookup(keywords::ATTRIBUTES, &attr.key.text) {
            Some(Attribute::Weight) => {
                self.lost.indicators = true;
                self.lost.scores = true;
            }
            Some(
                Attribute::Score
                | Attribute::ConvertedScore
                | Attribute::Deviation
                | Attribute::Id
                | Attribute::WeightShare,
            ) => {}
            _ => self.lost.scores = true,
        }
    }

    pub(super) fn attribute(
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

    pub(super) fn set_nature(&mut self, indicator: &mut Indicator, nature: Nature, span: Span) {
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
    pub(super) fn quantity(&mut self, key: &Token, values: &[Token]) -> Option<Quantity> {
        let arity = match values.first() {
            Some(first) if !first.quoted && is_lone_comparator(&first.text) => 2,
            _ => 1,
        };
        let values = &self.group_thousands(values, arity)?;
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
        // One token: its text (`97 %` joined reads `97%`); a comparator apart from its number:
        // the source between them.
        let text = if first.quoted || used == 1 {
            first.text.clone()
        } else {
            span.text(self.source).replace('\u{a0}', " ")
        };
        Some(Quantity::parse(&text, span))
    }
}

/// Whether a block's body holds a standard level-1 category block (产出指标, 效益指标, 满意度指标).
pub(super) fn holds_level1_categories(body: &[Statement]) -> bool {
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
pub(super) fn push_indicator(items: &mut Vec<Item>, indicator: Indicator) {
    let is_part = indicator.name.value.starts_with("其中") && indicator.weight.is_none();
    if is_part {
        if let Some(Item::Indicator(parent)) = items.last_mut() {
            parent.parts.push(indicator);
            return;
        }
    }
    items.push(Item::Indicator(Box::new(indicator)));
}
