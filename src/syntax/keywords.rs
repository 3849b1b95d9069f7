//! The language's keywords: Chinese (canonical) and English aliases, mapped to one meaning each.
//!
//! This table is the single place that knows which word means what. The grammar only knows the
//! indicator attribute keywords (to end one attribute's value where the next begins); a unit
//! test keeps the two lists equal.

/// The fund-source rows, shared with the `jixiao/2` model (defined there).
pub(crate) use crate::model::FundSource;

/// What a top-level block declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormKeyword {
    /// 项目支出绩效自评表.
    Project,
    /// 部门整体支出绩效自评表.
    Department,
}

/// Block keywords inside a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKeyword {
    /// 资金 / 项目资金 / 预算执行情况: the budget block.
    Budget,
    /// 年度总体目标: the goals block.
    Goals,
}

/// Header fields of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKeyword {
    /// 主管部门.
    SupervisingDepartment,
    /// 实施单位.
    ImplementingUnit,
    /// 联系人.
    ContactPerson,
    /// 联系电话.
    ContactPhone,
    /// 自评总得分 (declared total).
    Total,
    /// 评价等级 (declared grade).
    Grade,
    /// 评分规则 (profile name).
    Profile,
    /// 绩效指标总分 (declared subtotal of all indicators).
    IndicatorSubtotal,
}

/// Lines of the budget block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BudgetKeyword {
    /// 年初预算数 (the total row's first column, keyed form).
    InitialBudget,
    /// 全年预算数 (the total row's second column, keyed form).
    AdjustedBudget,
    /// 全年执行数 (the total row's third column, keyed form).
    Executed,
    /// 分值: the execution-rate weight.
    Weight,
    /// 执行率 (declared).
    ExecutionRate,
    /// 得分 (declared execution score).
    Score,
    /// 原因: the reason for a low execution rate.
    Reason,
}

/// Lines of the goals block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GoalKeyword {
    /// 预期目标.
    Planned,
    /// 实际完成情况.
    Achieved,
}

/// Indicator attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attribute {
    /// 年度指标值.
    Target,
    /// 年初指标值.
    InitialTarget,
    /// 调整指标值.
    AdjustedTarget,
    /// 实际完成值.
    Actual,
    /// 分值 / 权重.
    Weight,
    /// 得分系数.
    Coefficient,
    /// 得分.
    Score,
    /// 度量单位.
    Unit,
    /// 指标性质 (定量/定性, or a comparator in Sichuan/Yunnan forms).
    Nature,
    /// 定量 (no value).
    Quantitative,
    /// 定性 (no value).
    Qualitative,
    /// 正向 (no value).
    Positive,
    /// 反向 (no value).
    Reverse,
    /// 核心指标 (no value).
    Core,
    /// 不适用 (optional reason).
    NotApplicable,
    /// 等级: the qualitative level reached.
    Level,
    /// 偏差原因分析及改进措施.
    Deviation,
    /// A stable identity across years.
    Id,
    /// 权重占比: the weight as a share of the total, percent (河北 system export).
    WeightShare,
    /// 折算得分: the score converted by the weight share (河北 system export).
    ConvertedScore,
}

/// Form kinds: `项目` / `project`, `部门整体` / `department`.
pub(crate) const FORMS: &[(&str, FormKeyword)] = &[
    ("项目", FormKeyword::Project),
    ("项目支出", FormKeyword::Project),
    ("project", FormKeyword::Project),
    ("部门整体", FormKeyword::Department),
    ("部门整体支出", FormKeyword::Department),
    ("department", FormKeyword::Department),
];

/// Blocks inside a form.
pub(crate) const BLOCKS: &[(&str, BlockKeyword)] = &[
    ("资金", BlockKeyword::Budget),
    ("项目资金", BlockKeyword::Budget),
    ("预算执行", BlockKeyword::Budget),
    ("预算执行情况", BlockKeyword::Budget),
    ("全年预算执行情况", BlockKeyword::Budget),
    ("budget", BlockKeyword::Budget),
    ("年度总体目标", BlockKeyword::Goals),
    ("总体目标", BlockKeyword::Goals),
    ("年度绩效目标", BlockKeyword::Goals),
    ("年度目标", BlockKeyword::Goals),
    ("goals", BlockKeyword::Goals),
];

/// Header fields.
pub(crate) const FIELDS: &[(&str, FieldKeyword)] = &[
    ("主管部门", FieldKeyword::SupervisingDepartment),
    (
        "supervising_department",
        FieldKeyword::SupervisingDepartment,
    ),
    ("实施单位", FieldKeyword::ImplementingUnit),
    ("implementing_unit", FieldKeyword::ImplementingUnit),
    ("联系人", FieldKeyword::ContactPerson),
    ("部门联系人", FieldKeyword::ContactPerson),
    ("contact_person", FieldKeyword::ContactPerson),
    ("联系电话", FieldKeyword::ContactPhone),
    ("contact_phone", FieldKeyword::ContactPhone),
    ("自评总得分", FieldKeyword::Total),
    ("自评总分", FieldKeyword::Total),
    ("总分", FieldKeyword::Total),
    ("total", FieldKeyword::Total),
    ("评价等级", FieldKeyword::Grade),
    ("自评等级", FieldKeyword::Grade),
    ("grade", FieldKeyword::Grade),
    ("评分规则", FieldKeyword::Profile),
    ("profile", FieldKeyword::Profile),
    ("绩效指标总分", FieldKeyword::IndicatorSubtotal),
    ("indicator_subtotal", FieldKeyword::IndicatorSubtotal),
];

/// Keyed lines of the budget block.
pub(crate) const BUDGET_LINES: &[(&str, BudgetKeyword)] = &[
    ("年初预算数", BudgetKeyword::InitialBudget),
    ("initial_budget", BudgetKeyword::InitialBudget),
    ("全年预算数", BudgetKeyword::AdjustedBudget),
    ("全年(调整)预算数", BudgetKeyword::AdjustedBudget),
    ("全年（调整）预算数", BudgetKeyword::AdjustedBudget),
    ("调整后预算数", BudgetKeyword::AdjustedBudget),
    ("调整预算数", BudgetKeyword::AdjustedBudget),
    ("预算数", BudgetKeyword::AdjustedBudget),
    ("adjusted_budget", BudgetKeyword::AdjustedBudget),
    ("全年执行数", BudgetKeyword::Executed),
    ("预算执行数", BudgetKeyword::Executed),
    ("执行数", BudgetKeyword::Executed),
    ("executed", BudgetKeyword::Executed),
    ("分值", BudgetKeyword::Weight),
    ("权重", BudgetKeyword::Weight),
    ("执行率权重", BudgetKeyword::Weight),
    ("weight", BudgetKeyword::Weight),
    ("执行率", BudgetKeyword::ExecutionRate),
    ("预算执行率", BudgetKeyword::ExecutionRate),
    ("execution_rate", BudgetKeyword::ExecutionRate),
    ("得分", BudgetKeyword::Score),
    ("执行率得分", BudgetKeyword::Score),
    ("score", BudgetKeyword::Score),
    ("原因", BudgetKeyword::Reason),
    ("偏差原因", BudgetKeyword::Reason),
    ("reason", BudgetKeyword::Reason),
];

/// Fund-source rows of the budget block (three amounts each).
pub(crate) const FUND_SOURCES: &[(&str, FundSource)] = &[
    ("合计", FundSource::Total),
    ("总额", FundSource::Total),
    ("总数", FundSource::Total),
    ("年度资金总额", FundSource::Total),
    ("total", FundSource::Total),
    ("财政拨款", FundSource::FiscalAppropriation),
    ("当年财政拨款", FundSource::FiscalAppropriation),
    ("本年财政拨款", FundSource::FiscalAppropriation),
    ("财政资金", FundSource::FiscalAppropriation),
    ("当年财政资金", FundSource::FiscalAppropriation),
    ("fiscal_appropriation", FundSource::FiscalAppropriation),
    ("上年结转", FundSource::Carryover),
    ("上年结转资金", FundSource::Carryover),
    ("carryover", FundSource::Carryover),
    ("其他资金", FundSource::OtherFunds),
    ("其他", FundSource::OtherFunds),
    ("其他(万元)", FundSource::OtherFunds),
    ("年度财政资金总额", FundSource::Total),
    ("部门整体支出总额", FundSource::Total),
    ("资金总额", FundSource::Total),
    ("合计(万元)", FundSource::Total),
    ("财政专户管理资金", FundSource::SpecialAccountFunds),
    ("special_account_funds", FundSource::SpecialAccountFunds),
    ("单位资金", FundSource::UnitFunds),
    ("unit_funds", FundSource::UnitFunds),
    ("中央", FundSource::CentralTransfer),
    ("中央(万元)", FundSource::CentralTransfer),
    ("central_transfer", FundSource::CentralTransfer),
    ("省、地", FundSource::HigherLevelTransfer),
    ("省、地(万元)", FundSource::HigherLevelTransfer),
    ("中央、省、市补助县级资金", FundSource::HigherLevelTransfer),
    ("higher_level_transfer", FundSource::HigherLevelTransfer),
    ("本级", FundSource::OwnLevel),
    ("本级(万元)", FundSource::OwnLevel),
    ("own_level", FundSource::OwnLevel),
    ("other_funds", FundSource::OtherFunds),
    // Transfer-payment (转移支付 / 专项资金) forms: sources by level of government.
    ("中央补助", FundSource::CentralTransfer),
    ("中央补助资金", FundSource::CentralTransfer),
    ("中央资金", FundSource::CentralTransfer),
    ("中央财政资金", FundSource::CentralTransfer),
    ("中央财政", FundSource::CentralTransfer),
    ("省级补助", FundSource::HigherLevelTransfer),
    ("省级补助资金", FundSource::HigherLevelTransfer),
    ("省级资金", FundSource::HigherLevelTransfer),
    ("省级财政资金", FundSource::HigherLevelTransfer),
    ("省级财政", FundSource::HigherLevelTransfer),
    ("市级补助", FundSource::HigherLevelTransfer),
    ("市级资金", FundSource::HigherLevelTransfer),
    ("市县配套", FundSource::OwnLevel),
    ("市县配套资金", FundSource::OwnLevel),
    ("市县资金", FundSource::OwnLevel),
    ("县级配套", FundSource::OwnLevel),
    ("县级资金", FundSource::OwnLevel),
    ("地方配套", FundSource::OwnLevel),
    ("本级配套", FundSource::OwnLevel),
    ("本级资金", FundSource::OwnLevel),
    ("地方资金", FundSource::OwnLevel),
    ("地方配套资金", FundSource::OwnLevel),
    // The split by type of income (湖南 部门整体支出绩效自评表: 按收入性质分).
    ("一般公共预算", FundSource::FiscalAppropriation),
    ("一般公共预算拨款", FundSource::FiscalAppropriation),
    ("一般公共预算资金", FundSource::FiscalAppropriation),
    ("政府性基金", FundSource::OtherFunds),
    ("政府性基金拨款", FundSource::OtherFunds),
    ("政府性基金预算", FundSource::OtherFunds),
    (
        "纳入专户管理的非税收入拨款",
        FundSource::SpecialAccountFunds,
    ),
    ("专户非税", FundSource::SpecialAccountFunds),
    ("专户非税收入", FundSource::SpecialAccountFunds),
];

/// The rows of the split by type of spending (按支出性质分): a second split of the same total,
/// kept as rows, never added to the fund sources, and checked against the total on their own.
pub(crate) const SPENDING_SPLIT_ROWS: &[&str] = &["基本支出", "项目支出"];

/// Whether `label` is a row of the split by type of spending (`基本支出`, `项目支出`).
pub(crate) fn is_spending_split_row(label: &str) -> bool {
    let label = label
        .trim()
        .trim_start_matches("其中")
        .trim_start_matches([':', '：']);
    SPENDING_SPLIT_ROWS.contains(&label)
}

/// Header labels real forms print that jixiao keeps as written (never "did you mean"): the
/// fields of transfer-payment forms (转移支付 / 专项资金 / 区域绩效自评表) and other templates.
const KNOWN_EXTRA_FIELDS: &[&str] = &[
    "转移支付（项目）名称",
    "转移支付名称",
    "转移支付项目名称",
    "专项（项目）名称",
    "专项名称",
    "专项资金名称",
    "中央主管部门",
    "省级主管部门",
    "市级主管部门",
    "地方主管部门",
    "市县主管部门",
    "县级主管部门",
    "省级财政部门",
    "地方财政部门",
    "资金使用单位",
    "项目单位",
    "项目实施单位",
    "部门联系人",
    "项目负责人",
    "单位负责人",
    "财务负责人",
    "填报单位",
    "填报日期",
    "填报人",
    "项目属性",
    "项目类别",
    "项目类型",
    "实施期",
    "项目实施期",
];

/// Whether `label` is a header label of a real template that jixiao keeps as written
/// (brackets full-width or ASCII).
pub(crate) fn is_known_extra_field(label: &str) -> bool {
    let label = label.trim().replace('(', "（").replace(')', "）");
    KNOWN_EXTRA_FIELDS.contains(&label.as_str())
}

/// Goal lines.
pub(crate) const GOAL_LINES: &[(&str, GoalKeyword)] = &[
    ("预期目标", GoalKeyword::Planned),
    ("年初预期目标", GoalKeyword::Planned),
    ("planned", GoalKeyword::Planned),
    ("实际完成", GoalKeyword::Achieved),
    ("实际完成情况", GoalKeyword::Achieved),
    ("全年目标实际完成情况", GoalKeyword::Achieved),
    ("achieved", GoalKeyword::Achieved),
];

/// Indicator attributes. The order matters: a word is read as the first keyword that begins
/// it ([`attribute_prefix`]), so a keyword comes before the shorter ones it begins with.
pub(crate) const ATTRIBUTES: &[(&str, Attribute)] = &[
    ("偏差原因分析及改进措施", Attribute::Deviation),
    ("未完成原因分析及改进措施", Attribute::Deviation),
    ("未完成原因分析", Attribute::Deviation),
    ("偏差原因", Attribute::Deviation),
    ("实际完成值", Attribute::Actual),
    ("全年实际值", Attribute::Actual),
    ("全年完成值", Attribute::Actual),
    ("实际完成", Attribute::Actual),
    ("完成值", Attribute::Actual),
    ("实际", Attribute::Actual),
    ("年度指标值", Attribute::Target),
    ("年初指标值", Attribute::InitialTarget),
    ("调整指标值", Attribute::AdjustedTarget),
    ("指标值", Attribute::Target),
    ("目标", Attribute::Target),
    ("权重占比", Attribute::WeightShare),
    ("指标权重", Attribute::Weight),
    ("权重分值", Attribute::Weight),
    ("分值", Attribute::Weight),
    ("权重", Attribute::Weight),
    ("单项指标折算得分", Attribute::ConvertedScore),
    ("折算得分", Attribute::ConvertedScore),
    ("得分系数", Attribute::Coefficient),
    ("系数", Attribute::Coefficient),
    ("指标得分", Attribute::Score),
    ("得分", Attribute::Score),
    ("度量单位", Attribute::Unit),
    ("计量单位", Attribute::Unit),
    ("单位", Attribute::Unit),
    ("指标性质", Attribute::Nature),
    ("性质", Attribute::Nature),
    ("定量指标", Attribute::Quantitative),
    ("定性指标", Attribute::Qualitative),
    ("定量", Attribute::Quantitative),
    ("定性", Attribute::Qualitative),
    ("正向", Attribute::Positive),
    ("反向", Attribute::Reverse),
    ("核心指标", Attribute::Core),
    ("核心", Attribute::Core),
    ("★", Attribute::Core),
    ("不适用", Attribute::NotApplicable),
    ("等级", Attribute::Level),
    ("偏差", Attribute::Deviation),
    ("initial_target", Attribute::InitialTarget),
    ("adjusted_target", Attribute::AdjustedTarget),
    ("target", Attribute::Target),
    ("actual", Attribute::Actual),
    // `weight_share` before `weight`, which begins it: the first keyword that begins a word
    // is taken, and `_` after `weight` would continue the word, so it would never be read.
    ("weight_share", Attribute::WeightShare),
    ("weight", Attribute::Weight),
    ("coefficient", Attribute::Coefficient),
    ("score", Attribute::Score),
    ("converted_score", Attribute::ConvertedScore),
    ("unit", Attribute::Unit),
    ("nature", Attribute::Nature),
    ("quantitative", Attribute::Quantitative),
    ("qualitative", Attribute::Qualitative),
    ("positive", Attribute::Positive),
    ("reverse", Attribute::Reverse),
    ("core", Attribute::Core),
    ("not_applicable", Attribute::NotApplicable),
    ("level", Attribute::Level),
    ("deviation", Attribute::Deviation),
    ("id", Attribute::Id),
];

/// The first character of each keyword of [`ATTRIBUTES`], in the same order: a word is compared
/// with a whole keyword only when its first character is the keyword's.
const ATTRIBUTE_FIRST_CHARS: [char; ATTRIBUTES.len()] = {
    let mut firsts = ['\0'; ATTRIBUTES.len()];
    let mut index = 0;
    while index < ATTRIBUTES.len() {
        firsts[index] = first_char(ATTRIBUTES[index].0);
        index += 1;
    }
    firsts
};

/// [`ATTRIBUTE_FIRST_CHARS`] sorted (with repeats), for a binary search: most words of an
/// indicator line are values (`11次`, `0.45`), which begin with no keyword's first character
/// and are turned away after a few comparisons instead of a walk through the whole table.
const ATTRIBUTE_FIRST_SORTED: [char; ATTRIBUTES.len()] = {
    let mut sorted = ATTRIBUTE_FIRST_CHARS;
    // Insertion sort: a `const` item cannot call `sort`.
    let mut index = 1;
    while index < sorted.len() {
        let mut at = index;
        while at > 0 && (sorted[at - 1] as u32) > (sorted[at] as u32) {
            let swap = sorted[at - 1];
            sorted[at - 1] = sorted[at];
            sorted[at] = swap;
            at -= 1;
        }
        index += 1;
    }
    sorted
};

/// The first character of a non-empty `text` (`'\0'` for an empty one), at compile time.
const fn first_char(text: &str) -> char {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return '\0';
    }
    // UTF-8: the lead byte says how many continuation bytes follow and holds the top bits.
    let (length, lead_bits) = match bytes[0] {
        byte if byte < 0x80 => (1, byte),
        byte if byte < 0xE0 => (2, byte & 0x1F),
        byte if byte < 0xF0 => (3, byte & 0x0F),
        byte => (4, byte & 0x07),
    };
    let mut code = lead_bits as u32;
    let mut index = 1;
    while index < length {
        code = (code << 6) | (bytes[index] & 0x3F) as u32;
        index += 1;
    }
    match char::from_u32(code) {
        Some(character) => character,
        None => '\0',
    }
}

/// The indicator attribute keyword that `word` (one word of an indicator line) starts with,
/// as its length in bytes: the first keyword of [`ATTRIBUTES`] in table order that begins the
/// word, provided the character after it could not continue a word — not a letter (Unicode
/// category L, pest's `LETTER`) and not `_`. `实际2次` is `实际` and `2次`, `目标：3次` is `目标`
/// and its colon, but `实际情况` is no keyword; and as only the first keyword that begins the
/// word is tried, `实际完成情况` is none either (not `实际` + `完成情况`).
///
/// This is the look-up the grammar's `attr_key` rule did when it listed the keywords (pest's
/// ordered choice, then `!(LETTER | "_")`), for `syntax::cst` and for `fmt`.
pub(crate) fn attribute_prefix(word: &str) -> Option<usize> {
    let first = word.chars().next()?;
    ATTRIBUTE_FIRST_SORTED.binary_search(&first).ok()?;
    let (keyword, _) = ATTRIBUTES
        .iter()
        .zip(ATTRIBUTE_FIRST_CHARS)
        .find(|((keyword, _), keyword_first)| *keyword_first == first && word.starts_with(keyword))
        .map(|(entry, _)| entry)?;
    match word[keyword.len()..].chars().next() {
        Some(next) if pest::unicode::LETTER(next) || next == '_' => None,
        _ => Some(keyword.len()),
    }
}

/// Standard level-1 categories and their level-2 children (财预〔2020〕10号 附件1).
pub const TAXONOMY: &[(&str, &[&str])] = &[
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &[
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
        ],
    ),
    ("满意度指标", &["服务对象满意度指标"]),
];

/// Level-1 categories of templates that score the project's process as well as its results
/// (项目决策 / 项目管理 / 项目产出 / 项目效益, 湖北 项目绩效): a template's own names, not misspellings.
pub(crate) const TEMPLATE_LEVEL1: &[&str] =
    &["项目决策", "项目管理", "项目产出", "项目效益", "项目绩效"];

/// Of those, the categories whose rows are criteria scored by the unit against a 评价标准 (no
/// target or actual value): `决策依据 分值 1 得分 1`.
pub(crate) const CRITERIA_LEVEL1: &[&str] = &["项目决策", "项目管理"];

/// Chinese variants of the standard categories seen in real forms, and the standard name they
/// stand for (accepted by the taxonomy check without a warning).
pub(crate) const CATEGORY_VARIANTS: &[(&str, &str)] = &[
    ("进度指标", "时效指标"),
    ("经济成本指标", "成本指标"),
    ("社会成本指标", "成本指标"),
    ("生态环境成本指标", "成本指标"),
    ("效果指标", "效益指标"),
    ("群众满意度指标", "服务对象满意度指标"),
    ("满意度", "满意度指标"),
];

/// The standard name a category stands for: itself, or the standard name of a known variant.
pub(crate) fn standard_category(name: &str) -> &str {
    CATEGORY_VARIANTS
        .iter()
        .find(|(variant, _)| *variant == name)
        .map_or(name, |(_, standard)| standard)
}

/// English aliases of the standard categories.
pub(crate) const CATEGORY_ALIASES: &[(&str, &str)] = &[
    ("output", "产出指标"),
    ("outcome", "效益指标"),
    ("satisfaction", "满意度指标"),
    ("quantity", "数量指标"),
    ("quality", "质量指标"),
    ("timeliness", "时效指标"),
    ("cost", "成本指标"),
    ("economic", "经济效益指标"),
    ("social", "社会效益指标"),
    ("ecological", "生态效益指标"),
    ("sustainability", "可持续影响指标"),
    ("service_recipient_satisfaction", "服务对象满意度指标"),
];

/// Looks `word` up in a keyword table.
pub(crate) fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    // Length and last byte before the whole word: most keywords differ there (a Chinese
    // word's first byte is nearly always the same), and a failed `==` of equal lengths calls
    // `memcmp` (a third of the lowering's comparisons).
    let last = word.as_bytes().last();
    table
        .iter()
        .find(|(keyword, _)| {
            keyword.len() == word.len() && keyword.as_bytes().last() == last && *keyword == word
        })
        .map(|(_, meaning)| *meaning)
}

/// The canonical (Chinese) spelling of a category, resolving English aliases.
pub(crate) fn canonical_category(word: &str) -> &str {
    CATEGORY_ALIASES
        .iter()
        .find(|(alias, _)| *alias == word)
        .map_or(word, |(_, canonical)| canonical)
}

pub(crate) use crate::suggest::did_you_mean;

/// The canonical Chinese label of a fund-source row (the first spelling in [`FUND_SOURCES`],
/// which is the model's [`FundSource::official_label`]).
pub(crate) fn fund_source_label(source: FundSource) -> &'static str {
    source.official_label()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sorted_first_characters_are_the_table_s() {
        let mut firsts = ATTRIBUTE_FIRST_CHARS.to_vec();
        firsts.sort_unstable();
        assert_eq!(firsts, ATTRIBUTE_FIRST_SORTED.to_vec());
        assert_eq!(attribute_prefix("11次"), None);
        assert_eq!(attribute_prefix("目标11次"), Some("目标".len()));
    }

    #[test]
    fn the_first_spelling_of_each_fund_source_is_the_models_official_label() {
        for (word, source) in FUND_SOURCES {
            let first = FUND_SOURCES
                .iter()
                .find(|(_, known)| known == source)
                .map(|(first, _)| *first);
            assert_eq!(first, Some(source.official_label()), "{word}");
        }
    }

    #[test]
    fn did_you_mean_finds_one_character_typos() {
        let categories = TAXONOMY
            .iter()
            .flat_map(|(_, children)| children.iter().copied());
        assert_eq!(did_you_mean("数量指表", categories), Some("数量指标"));
        assert_eq!(
            did_you_mean("实祭", ATTRIBUTES.iter().map(|(k, _)| *k)),
            Some("实际")
        );
        assert_eq!(did_you_mean("完全不同的词", ["数量指标"]), None);
    }

    #[test]
    fn every_attribute_keyword_is_found_as_written() {
        for (index, (keyword, _)) in ATTRIBUTES.iter().enumerate() {
            assert_eq!(
                ATTRIBUTE_FIRST_CHARS[index],
                keyword.chars().next().unwrap()
            );
            // Alone, before a number and before a colon, a keyword is read as itself: no
            // earlier keyword of the table begins it (the first that begins a word is taken,
            // so an earlier `weight` once hid `weight_share` for good).
            for word in [
                keyword.to_string(),
                format!("{keyword}2次"),
                format!("{keyword}："),
            ] {
                let found = attribute_prefix(&word).map(|length| &word[..length]);
                assert_eq!(found, Some(*keyword), "{word}");
            }
        }
    }

    #[test]
    fn attribute_prefix_ends_a_keyword_only_where_a_word_could_not_go_on() {
        fn split(word: &str) -> Option<&str> {
            attribute_prefix(word).map(|length| &word[..length])
        }
        assert_eq!(split("实际2次"), Some("实际"));
        assert_eq!(split("实际完成值2次"), Some("实际完成值"));
        assert_eq!(split("目标≥95%"), Some("目标"));
        assert_eq!(split("目标：2次"), Some("目标"));
        assert_eq!(split("实际★"), Some("实际"));
        assert_eq!(split("target5"), Some("target"));
        assert_eq!(split("实际情况"), None);
        assert_eq!(split("实际完成情况"), None);
        assert_eq!(split("目标值"), None);
        assert_eq!(split("actual_x"), None);
        assert_eq!(split("2次"), None);
        assert_eq!(split(""), None);
        // A letter in pest's sense (category L) continues a word; a letter-number (Ⅱ) does not.
        assert_eq!(split("目标Ⅱ"), Some("目标"));
        assert_eq!(split("目标ⅱ"), Some("目标"));
        assert_eq!(split("目标ǅ"), None);
    }

    #[test]
    fn the_grammar_lists_no_attribute_keyword() {
        // The keywords live here only; the grammar reads an indicator's words as tokens.
        let grammar = include_str!("../../grammar/jixiao.pest");
        assert!(!grammar.contains("attr_key ="));
        for (keyword, _) in ATTRIBUTES {
            assert!(!grammar.contains(&format!("\"{keyword}\"")), "{keyword}");
        }
    }
}
