//! Lowering: plain statements → the typed AST, giving keywords their meaning.
//!
//! Every statement that cannot be understood becomes a diagnostic with a span and a hint, and
//! lowering goes on with the next one, so one run reports every problem of a file. Lowering
//! checks only what it needs to build the tree (keywords, numbers, duplicates of a field);
//! everything about the form's content is left to `check`.
//!
//! One file per kind of block: [`form`] (the opening line, header fields), [`budget`] (资金),
//! [`goals`] (goal blocks, 资金用途), [`indicators`] (categories, indicators, attributes); this
//! file holds the driver, the shared readers of fields and numbers, and the keyword helpers.

mod budget;
mod form;
mod goals;
mod indicators;

use indicators::{holds_level1_categories, push_indicator};

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
use std::borrow::Cow;

/// Lowers the statements of one file.
pub(super) fn lower(
    source: &str,
    statements: &[Statement],
    diagnostics: &mut Vec<Diagnostic>,
) -> File {
    let mut lowerer = Lowerer {
        source,
        diagnostics,
        lost: Lost::default(),
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
    /// What errors made unreadable in the form being lowered (moved into [`Form::lost`]).
    lost: Lost,
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
    /// `MissingField` on `key`: a field or attribute written without its number.
    fn missing_number(&mut self, key: &Token) {
        self.push(
            Diagnostic::new(
                Code::MissingField,
                key.span,
                tr!("`{}` 后面缺少数值", "`{}` has no number after it", key.text),
            )
            .with_span_message(tr!("这里应有一个数", "expected a number here")),
        );
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Runs `read` and tells whether it reported an error.
    fn errs<R>(&mut self, read: impl FnOnce(&mut Self) -> R) -> (R, bool) {
        let before = self.diagnostics.len();
        let result = read(self);
        let failed = self.diagnostics[before..].iter().any(Diagnostic::is_error);
        (result, failed)
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
        if text.starts_with(['{', '｛']) {
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
                // A no-break space between the words is a space, as the grammar reads it.
                Some(Spanned::new(
                    span.text(self.source).replace('\u{a0}', " "),
                    span,
                ))
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
        let values = &self.group_thousands(values, 1)?;
        let Some(first) = values.first() else {
            self.missing_number(key);
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
                self.label_stray_character(first);
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
}

impl Lowerer<'_> {
    /// `values` as the line means them when it needs `arity` values: a full-width comma `，`
    /// written between digits (`1，234.5`, as an IME types it) groups thousands when only that
    /// reading gives `arity` values, and separates two cells (the grammar's reading) when only
    /// that one does. When neither does, the comma is ambiguous: E0008 on the comma itself,
    /// and `None` (the values are lost; the caller reads nothing from them).
    ///
    /// A comma groups thousands only between 1–3 digits and exactly 3 more (`1，234`, `1，234，567`,
    /// `1，234万元`); a joined cell is written with an ASCII comma (`1,234.5`), as the ASCII form.
    fn group_thousands<'v>(
        &mut self,
        values: &'v [Token],
        arity: usize,
    ) -> Option<Cow<'v, [Token]>> {
        // Sorted: looked up by binary search (a hostile line may hold 100,000 of them).
        let commas: Vec<usize> = (1..values.len())
            .filter(|&index| self.is_thousands_comma(&values[index - 1], &values[index]))
            .collect();
        if commas.is_empty() && values.len() > arity {
            // A `，` between digits that cannot group thousands (`1，23`) is what made the line too
            // long: say so at the comma rather than blame the last value as extra content.
            if let Some(index) = (1..values.len())
                .find(|&index| self.is_digit_comma(&values[index - 1], &values[index]))
            {
                self.stray_digit_comma(&values[index], arity, values.len());
                return None;
            }
        }
        if commas.is_empty() || values.len() == arity {
            return Some(Cow::Borrowed(values));
        }
        if values.len() - commas.len() == arity {
            let mut joined: Vec<Token> = Vec::with_capacity(arity);
            for (index, value) in values.iter().enumerate() {
                match joined.last_mut() {
                    Some(previous) if commas.binary_search(&index).is_ok() => {
                        previous.text.push(',');
                        previous.text.push_str(&value.text);
                        previous.span = previous.span.to(value.span);
                    }
                    _ => joined.push(value.clone()),
                }
            }
            return Some(Cow::Owned(joined));
        }
        let first = &values[commas[0]];
        let comma = Span::new(first.span.start - '，'.len_utf8(), first.span.start);
        self.push(
            Diagnostic::new(
                Code::AmbiguousCharacter,
                comma,
                tr!(
                    "全角逗号 `，` 出现在数字中间：无法确定是千位分隔还是分隔两个数",
                    "full-width comma `，` between digits: it may group thousands or separate two numbers"
                ),
            )
            .with_span_message(tr!("全角逗号 `，`（U+FF0C）", "full-width comma `，` (U+FF0C)"))
            .with_note(tr!(
                "这一行应有 {arity} 个数；按千位分隔读有 {} 个，按分隔两个数读有 {} 个",
                "the line needs {arity} values: read as thousands it has {}, read as separators {}",
                values.len() - commas.len(),
                values.len()
            )),
        );
        None
    }

    /// E0008 on the `，` just before `right`: between digits, yet not a thousands separator
    /// (not followed by exactly three digits), and read as a separator it leaves `found`
    /// values where the line needs `arity`.
    fn stray_digit_comma(&mut self, right: &Token, arity: usize, found: usize) {
        let comma = Span::new(right.span.start - '，'.len_utf8(), right.span.start);
        self.push(
            Diagnostic::new(
                Code::AmbiguousCharacter,
                comma,
                tr!(
                    "全角逗号 `，` 出现在数字中间，但后面不是三位数字，不是千位分隔",
                    "full-width comma `，` between digits, not followed by three digits: not a thousands separator"
                ),
            )
            .with_span_message(tr!("全角逗号 `，`（U+FF0C）", "full-width comma `，` (U+FF0C)"))
            .with_note(tr!(
                "这一行应有 {arity} 个数；把 `，` 当作分隔读有 {found} 个",
                "the line needs {arity} values: read as a separator, the comma gives {found}"
            ))
            .with_help(tr!(
                "小数点写成 `.`，千位分隔写成 `,` 加三位数字，两个数之间用空格",
                "write a decimal point as `.`, thousands as `,` and three digits, and separate two numbers with spaces"
            )),
        );
    }

    /// Whether the source between `left` and `right` is a lone `，` with a digit on each side
    /// (`1，23`), whether or not it could group thousands.
    fn is_digit_comma(&self, left: &Token, right: &Token) -> bool {
        !left.quoted
            && !right.quoted
            && self.source.get(left.span.end..right.span.start) == Some("，")
            && super::quantity::normalise_digits(&left.text).ends_with(|c: char| c.is_ascii_digit())
            && super::quantity::normalise_digits(&right.text)
                .starts_with(|c: char| c.is_ascii_digit())
    }

    /// Whether the source between `left` and `right` is a lone `，` that may group thousands:
    /// 1–3 digits (not after a decimal point) before it, exactly three digits after it.
    fn is_thousands_comma(&self, left: &Token, right: &Token) -> bool {
        if left.quoted || right.quoted {
            return false;
        }
        if self.source.get(left.span.end..right.span.start) != Some("，") {
            return false;
        }
        let left_text = super::quantity::normalise_digits(&left.text);
        let before = left_text.trim_end_matches(|c: char| c.is_ascii_digit());
        let run = left_text.len() - before.len();
        let right_text = super::quantity::normalise_digits(&right.text);
        let leading = right_text.len()
            - right_text
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        (1..=3).contains(&run) && !before.ends_with('.') && leading == 3
    }
}

/// Why an amount cell could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AmountProblem {
    /// Not a number at all (or too many digits, or negative: [`number_problem`] says which).
    NotANumber,
    /// A number carrying a money unit (as written) that is not its block's.
    OtherUnit(&'static str),
}

/// An amount cell of a block whose amounts are in `unit`: a number, or `-`/`—`/`/` for an empty
/// cell (`Ok(None)`). Full-width digits (`１００`) are digits, and the block's own unit may be
/// written after the number (`100万元` or `100万` in a 万元 block, `100元` in a 元 block); another
/// money unit is [`AmountProblem::OtherUnit`], never converted.
fn amount_cell(text: &str, unit: MoneyUnit) -> Result<Option<Decimal>, AmountProblem> {
    let normalised = super::quantity::normalise_digits(text);
    match normalised.trim() {
        "-" | "—" | "/" | "－" | "空" => Ok(None),
        other => {
            let (amount, rest) = leading_number(other).ok_or(AmountProblem::NotANumber)?;
            match (rest.trim(), unit) {
                ("", _) | ("万元" | "万", MoneyUnit::TenThousandYuan) | ("元", MoneyUnit::Yuan) => {
                    Ok(Some(amount))
                }
                ("万元", _) => Err(AmountProblem::OtherUnit("万元")),
                ("万", _) => Err(AmountProblem::OtherUnit("万")),
                ("元", _) => Err(AmountProblem::OtherUnit("元")),
                _ => Err(AmountProblem::NotANumber),
            }
        }
    }
}

/// The block unit's word (万元, 元).
fn unit_word(unit: MoneyUnit) -> &'static str {
    match unit {
        MoneyUnit::TenThousandYuan => "万元",
        MoneyUnit::Yuan => "元",
    }
}

impl Lowerer<'_> {
    /// Reports an amount cell `value` that could not be read (`problem`) in a block in `unit`;
    /// `what` names the cell (`资金数`, `金额`).
    fn amount_problem(
        &mut self,
        value: &Token,
        problem: AmountProblem,
        unit: MoneyUnit,
        what: &Text,
    ) {
        let diagnostic = match problem {
            AmountProblem::OtherUnit(written) => Diagnostic::new(
                Code::AmountUnitMismatch,
                value.span,
                Text::new(
                    format!(
                        "{} `{}` 的单位是 {written}，而资金块的单位是 {}",
                        what.zh,
                        shorten(&value.text),
                        unit_word(unit)
                    ),
                    format!(
                        "{} `{}` is in {written}, but its block is in {}",
                        what.en,
                        shorten(&value.text),
                        unit_word(unit)
                    ),
                ),
            )
            .with_span_message(tr!("单位是 {written}", "in {written}"))
            .with_help(tr!(
                "按资金块的单位（{}）填写这个数，或改资金块的单位",
                "write the amount in the block's unit ({}), or change the block's unit",
                unit_word(unit)
            )),
            AmountProblem::NotANumber => Diagnostic::new(Code::InvalidNumber, value.span, {
                let problem = number_problem(&value.text);
                Text::new(
                    format!("{} `{}` {}", what.zh, shorten(&value.text), problem.zh),
                    format!("{} `{}` {}", what.en, shorten(&value.text), problem.en),
                )
            })
            .with_span_message(tr!("这里应是金额", "expected an amount here"))
            .with_help(tr!(
                "金额写成数字（如 155.41），空格用 `-` 表示",
                "write amounts as numbers (e.g. 155.41) and an empty cell as `-`"
            )),
        };
        self.push(diagnostic);
        if problem == AmountProblem::NotANumber {
            self.label_stray_character(value);
        }
    }

    /// Labels the last diagnostic (E0104 on `token`) with the character to blame, if one is.
    fn label_stray_character(&mut self, token: &Token) {
        if let Some((span, message)) = self.stray_character(token) {
            if let Some(last) = self.diagnostics.pop() {
                self.diagnostics.push(last.with_label(span, message));
            }
        }
    }
}

impl Lowerer<'_> {
    /// The first character that keeps an unquoted number cell (`155。41`, `16x5`, `九十`) from
    /// being a number, as a label on that character naming it (`全角句号 `。`（U+3002）`); none
    /// when the cell's text is not exactly its source (a joined or cleaned token) or no single
    /// character is to blame.
    fn stray_character(&self, token: &Token) -> Option<(Span, Text)> {
        if token.quoted || token.span.text(self.source) != token.text {
            return None;
        }
        let text = token.text.as_str();
        let body = ["万元", "元", "万", "分", "%", "％"]
            .iter()
            .find_map(|unit| text.strip_suffix(unit))
            .unwrap_or(text);
        let is_number_like = |c: char| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | '．' | ',')
        };
        let (offset, character) = body
            .char_indices()
            .find(|(index, c)| !(is_number_like(*c) || (*index == 0 && matches!(c, '-' | '－'))))?;
        let (zh, en) = match character {
            '。' => (
                "全角句号，小数点应写成 `.`",
                "ideographic full stop; write the decimal point as `.`",
            ),
            '、' => ("顿号", "enumeration comma"),
            '·' | '•' => ("间隔号", "middle dot"),
            'O' | 'o' | 'Ｏ' | 'ｏ' => ("字母 O，数字零应写成 0", "letter O; write zero as 0"),
            'l' | 'I' | 'ｌ' | 'Ｉ' => ("字母，数字一应写成 1", "a letter; write one as 1"),
            // A word (a number in Chinese numerals, `九十`) has no one character to blame: the
            // help line already says to write Arabic digits.
            c if c.is_alphabetic() && !c.is_ascii() => return None,
            _ => ("不是数字", "not a digit"),
        };
        let start = token.span.start + offset;
        let code_point = format!("U+{:04X}", u32::from(character));
        Some((
            Span::new(start, start + character.len_utf8()),
            tr!(
                "`{character}`（{code_point}）：{zh}",
                "`{character}` ({code_point}): {en}"
            ),
        ))
    }
}

/// What is wrong with a cell that should hold a number: too many digits for an exact decimal
/// (28 significant digits), a negative amount, or not a number at all.
fn number_problem(text: &str) -> Text {
    let normalised = super::quantity::normalise_digits(text);
    let text = normalised.as_str();
    let digits = text.trim().trim_start_matches(['-', '－']);
    let numeric = !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    if numeric && text.trim().starts_with(['-', '－']) {
        Text::new("不能为负数", "cannot be negative")
    } else if numeric && !super::quantity::thousands_grouped(digits.trim_end_matches([',', '.'])) {
        Text::new(
            "中的逗号不是千位分隔（千位分隔的逗号后应正好有三位数字）",
            "has a comma that does not group thousands (a thousands comma is followed by exactly three digits)",
        )
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
        .trim_end_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
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
    let digits =
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
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
