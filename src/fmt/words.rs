//! Keyword language for the formatter: which words are keywords where they stand, and their
//! spelling in Chinese (canonical) or English (alias).
//!
//! The meaning of every keyword comes from `syntax::keywords`; this file only chooses a spelling.
//! A Chinese alias stays as written when the target language is Chinese (`实际完成值` is not
//! shortened to `实际`): the language is made consistent, not the author's choice of words.
//! Fund-row labels (`财政拨款`, `合计`) are never translated: the model keeps a row's label as
//! written and the disclosure prints it; nor is a goal block's title (`年度总体目标`, `goals`),
//! which the model keeps as written too.

use crate::syntax::keywords::{
    self, Attribute, BlockKeyword, BudgetKeyword, FieldKeyword, FormKeyword, GoalKeyword,
};

/// The language of keywords in formatted output.
pub use crate::lang::Lang;

/// Where a word stands, which decides the keyword table it is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The key of a top-level block (`项目`, `部门整体`).
    FormKey,
    /// The key of a block inside a form (`资金`, `年度总体目标`, or a category).
    FormBlockKey,
    /// The key of a block inside a category (a level-2 category).
    CategoryKey,
    /// The key of a field line directly inside a form (`主管部门`, `自评总得分`).
    FormField,
    /// The key of a line of the budget block (not a fund row).
    BudgetLine,
    /// The key of a line of the goals block.
    GoalLine,
    /// The key of a field directly inside a category (`分值`, `得分`).
    CategoryField,
    /// A `分值`/`得分` sub-key inside `绩效指标总分` or a category header.
    SubKey,
    /// An indicator attribute keyword.
    Attribute,
}

fn form_zh(meaning: FormKeyword) -> &'static str {
    match meaning {
        FormKeyword::Project => "项目",
        FormKeyword::Department => "部门整体",
    }
}

fn block_zh(meaning: BlockKeyword) -> &'static str {
    match meaning {
        BlockKeyword::Budget => "资金",
        BlockKeyword::Goals => "年度总体目标",
    }
}

fn field_zh(meaning: FieldKeyword) -> &'static str {
    match meaning {
        FieldKeyword::SupervisingDepartment => "主管部门",
        FieldKeyword::ImplementingUnit => "实施单位",
        FieldKeyword::ContactPerson => "联系人",
        FieldKeyword::ContactPhone => "联系电话",
        FieldKeyword::Total => "自评总得分",
        FieldKeyword::Grade => "评价等级",
        FieldKeyword::Profile => "评分规则",
        FieldKeyword::IndicatorSubtotal => "绩效指标总分",
    }
}

fn budget_zh(meaning: BudgetKeyword) -> &'static str {
    match meaning {
        BudgetKeyword::InitialBudget => "年初预算数",
        BudgetKeyword::AdjustedBudget => "全年预算数",
        BudgetKeyword::Executed => "全年执行数",
        BudgetKeyword::Weight => "分值",
        BudgetKeyword::ExecutionRate => "执行率",
        BudgetKeyword::Score => "得分",
        BudgetKeyword::Reason => "原因",
    }
}

fn goal_zh(meaning: GoalKeyword) -> &'static str {
    match meaning {
        GoalKeyword::Planned => "预期目标",
        GoalKeyword::Achieved => "实际完成",
    }
}

fn attribute_zh(meaning: Attribute) -> &'static str {
    match meaning {
        Attribute::Target => "目标",
        Attribute::InitialTarget => "年初指标值",
        Attribute::AdjustedTarget => "调整指标值",
        Attribute::Actual => "实际",
        Attribute::Weight => "分值",
        Attribute::Coefficient => "系数",
        Attribute::Score => "得分",
        Attribute::Unit => "单位",
        Attribute::Nature => "性质",
        Attribute::Quantitative => "定量",
        Attribute::Qualitative => "定性",
        Attribute::Positive => "正向",
        Attribute::Reverse => "反向",
        Attribute::Core => "核心",
        Attribute::NotApplicable => "不适用",
        Attribute::Level => "等级",
        Attribute::Deviation => "偏差",
        // `id` has no Chinese spelling.
        Attribute::Id => "id",
        Attribute::WeightShare => "权重占比",
        Attribute::ConvertedScore => "折算得分",
    }
}

/// `分值`/`权重`/`weight` and `得分`/`score`, as category fields and sub-keys read them.
const WEIGHT_SCORE: &[(&str, bool)] = &[
    ("分值", true),
    ("权重", true),
    ("weight", true),
    ("得分", false),
    ("score", false),
];

fn weight_score_zh(is_weight: bool) -> &'static str {
    if is_weight {
        "分值"
    } else {
        "得分"
    }
}

/// An English alias is all ASCII; every Chinese keyword has a non-ASCII character.
fn is_english(word: &str) -> bool {
    word.is_ascii()
}

/// Respells `word` in `table` for `lang`: `None` when it is no keyword there or already fits.
fn respell<T: Copy + PartialEq>(
    table: &[(&'static str, T)],
    word: &str,
    lang: Lang,
    chinese: impl Fn(T) -> &'static str,
) -> Option<&'static str> {
    let meaning = keywords::lookup(table, word)?;
    match lang {
        Lang::Zh if is_english(word) => Some(chinese(meaning)).filter(|zh| *zh != word),
        Lang::En if !is_english(word) => table
            .iter()
            .find(|(alias, other)| *other == meaning && is_english(alias))
            .map(|(alias, _)| *alias),
        _ => None,
    }
}

fn category(word: &str, lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Zh => keywords::CATEGORY_ALIASES
            .iter()
            .find(|(alias, _)| *alias == word)
            .map(|(_, chinese)| *chinese),
        Lang::En => keywords::CATEGORY_ALIASES
            .iter()
            .find(|(_, chinese)| *chinese == word)
            .map(|(alias, _)| *alias),
    }
}

fn known(word: &str, place: Place) -> bool {
    match place {
        Place::FormKey => keywords::lookup(keywords::FORMS, word).is_some(),
        Place::FormBlockKey => {
            keywords::lookup(keywords::BLOCKS, word).is_some() || is_category(word)
        }
        Place::CategoryKey => is_category(word),
        Place::FormField => keywords::lookup(keywords::FIELDS, word).is_some(),
        Place::BudgetLine => keywords::lookup(keywords::BUDGET_LINES, word).is_some(),
        Place::GoalLine => keywords::lookup(keywords::GOAL_LINES, word).is_some(),
        Place::CategoryField | Place::SubKey => keywords::lookup(WEIGHT_SCORE, word).is_some(),
        Place::Attribute => keywords::lookup(keywords::ATTRIBUTES, word).is_some(),
    }
}

fn is_category(word: &str) -> bool {
    keywords::CATEGORY_ALIASES
        .iter()
        .any(|(alias, chinese)| *alias == word || *chinese == word)
}

/// The spelling of keyword `word` at `place` in `lang`; `None` to keep it as written.
pub fn respell_at(word: &str, place: Place, lang: Lang) -> Option<&'static str> {
    match place {
        Place::FormKey => respell(keywords::FORMS, word, lang, form_zh),
        Place::FormBlockKey => {
            respell(keywords::BLOCKS, word, lang, block_zh).or_else(|| category(word, lang))
        }
        Place::CategoryKey => category(word, lang),
        Place::FormField => respell(keywords::FIELDS, word, lang, field_zh),
        Place::BudgetLine => respell(keywords::BUDGET_LINES, word, lang, budget_zh),
        Place::GoalLine => respell(keywords::GOAL_LINES, word, lang, goal_zh),
        Place::CategoryField | Place::SubKey => respell(WEIGHT_SCORE, word, lang, weight_score_zh),
        Place::Attribute => respell(keywords::ATTRIBUTES, word, lang, attribute_zh),
    }
}

/// The language a keyword is written in, if it is one at `place`.
pub fn language_of(word: &str, place: Place) -> Option<Lang> {
    (word != "id" && known(word, place)).then(|| if is_english(word) { Lang::En } else { Lang::Zh })
}

/// The attribute keyword that `word` starts with, as the parser reads an indicator line
/// ([`keywords::attribute_prefix`]): its length in bytes.
pub fn attribute_prefix(word: &str) -> Option<usize> {
    keywords::attribute_prefix(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_both_ways_by_place() {
        assert_eq!(
            respell_at("目标", Place::Attribute, Lang::En),
            Some("target")
        );
        assert_eq!(
            respell_at("target", Place::Attribute, Lang::Zh),
            Some("目标")
        );
        assert_eq!(respell_at("目标", Place::Attribute, Lang::Zh), None);
        assert_eq!(
            respell_at("得分", Place::BudgetLine, Lang::En),
            Some("score")
        );
        assert_eq!(
            respell_at("output", Place::FormBlockKey, Lang::Zh),
            Some("产出指标")
        );
        assert_eq!(
            respell_at("资金", Place::FormBlockKey, Lang::En),
            Some("budget")
        );
        assert_eq!(respell_at("id", Place::Attribute, Lang::Zh), None);
    }

    #[test]
    fn attribute_prefix_follows_the_grammar() {
        assert_eq!(attribute_prefix("目标≥95%"), Some("目标".len()));
        assert_eq!(attribute_prefix("目标：2次"), Some("目标".len()));
        assert_eq!(attribute_prefix("目标值"), None);
        assert_eq!(attribute_prefix("实际2次"), Some("实际".len()));
        assert_eq!(attribute_prefix("实际情况"), None);
        assert_eq!(attribute_prefix("实际完成值"), Some("实际完成值".len()));
    }
}
