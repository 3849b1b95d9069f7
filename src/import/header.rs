//! The header of a form and the kinds of rows around its tables: header labels and the fields
//! they become, the title and its year, section captions, template hints and notes.

use super::emit::points;
use super::{is_blank, quote, value, Cell};

/// A header label of the forms and the `.jx` field it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeaderField {
    /// 部门名称: the name of a department form.
    DepartmentName,
    /// 项目名称: the name of a project form.
    ProjectName,
    /// 单位名称: the form's name when it has no 部门名称/项目名称, a field otherwise.
    UnitName,
    /// 自评总得分 (points): written bare.
    Total,
    /// 自评等级 (优/良/中/差): written bare.
    Grade,
    /// 报表编号 (the Sichuan form number 510000_0013zp).
    ReportNumber,
    /// 金额单位:万元 (the budget block says 万元 already).
    MoneyUnit,
    /// Any other field, written `keyword "text"`.
    Text(&'static str),
}

impl HeaderField {
    /// The header line for this field's value, `None` when there is nothing to write.
    pub(super) fn line(self, content: &str) -> Option<String> {
        if content.is_empty() {
            return None;
        }
        Some(match self {
            // `99分` is written as its number.
            HeaderField::Total => match points(content) {
                Some(number) => format!("自评总得分 {number}"),
                None => return None,
            },
            HeaderField::Grade => format!("自评等级 {}", value(content)),
            HeaderField::ReportNumber => format!("报表编号 {}", quote(content)),
            HeaderField::UnitName => format!("单位名称 {}", quote(content)),
            HeaderField::Text(keyword) => format!("{keyword} {}", quote(content)),
            HeaderField::DepartmentName | HeaderField::ProjectName | HeaderField::MoneyUnit => {
                return None
            }
        })
    }
}

/// Header labels kept as free-text fields under their own name.
const TEXT_FIELDS: &[&str] = &[
    "项目负责人及电话",
    "负责人及电话",
    "项目负责人",
    "财务负责人",
    "填报日期",
    "填报单位",
    "财政处室",
    "是否为专项资金",
    "项目类别",
    "项目属性",
    "项目类型",
    "说明",
    "地方主管部门",
    "单位领导审签",
    "基本支出总额",
    "项目支出总额",
];

/// The header field a label cell names (`项目名称`, `实施单位(盖章)`, `自评总分(分)`,
/// `项目名称:`), by the labels of the published layouts.
pub(super) fn header_field(label: &str) -> Option<HeaderField> {
    let label: String = label
        .trim_end_matches([':', '：'])
        .chars()
        .filter(|c| !is_blank(*c))
        .collect();
    Some(match label.as_str() {
        "部门名称"
        | "部门（单位）名称"
        | "部门(单位)名称"
        | "预算部门、单位名称"
        | "预算部门名称"
        | "预算单位名称" => HeaderField::DepartmentName,
        // Transfer payments (转移支付 / 专项 / 区域绩效自评表) name the form after the payment.
        "项目名称"
        | "专项资金名称"
        | "专项名称"
        | "转移支付（项目）名称"
        | "转移支付(项目)名称"
        | "转移支付名称"
        | "转移支付项目名称"
        | "项目（转移支付）名称"
        | "项目(转移支付)名称" => HeaderField::ProjectName,
        // `部门:` above a project form names the unit that fills it in.
        "单位名称" | "部门" | "填报单位名称" | "单位(盖章)" | "单位（盖章）" => {
            HeaderField::UnitName
        }
        "主管部门"
        | "县级主管部门"
        | "主管部门（单位）"
        | "主管部门(单位)"
        | "项目主管单位"
        | "主管部门及代码"
        | "中央主管部门" => HeaderField::Text("主管部门"),
        "资金使用单位" => HeaderField::Text("实施单位"),
        // Transfer payments name the departments of each level: kept under the language's
        // names for them (an autonomous region is a province-level 省级; 市县 is 地方).
        "省级主管部门" | "自治区主管部门" => HeaderField::Text("省级主管部门"),
        "市级主管部门" => HeaderField::Text("市级主管部门"),
        "市县主管部门" => HeaderField::Text("市县主管部门"),
        "省级财政部门" | "自治区财政部门" => HeaderField::Text("省级财政部门"),
        "地方财政部门" | "市县财政部门" => HeaderField::Text("地方财政部门"),
        "实施期" | "项目实施期" | "专项实施期" => HeaderField::Text("实施期"),
        "实施单位"
        | "实施单位(盖章)"
        | "实施单位（盖章）"
        | "项目实施单位"
        | "实施(主管)单位"
        | "实施（主管）单位" => HeaderField::Text("实施单位"),
        "自评总得分"
        | "自评总分"
        | "自评总分(分)"
        | "自评总分（分）"
        | "自评得分"
        | "项目总得分" => HeaderField::Total,
        "自评等级" | "评价等级" => HeaderField::Grade,
        "联系人" | "部门联系人" => HeaderField::Text("联系人"),
        "联系电话" => HeaderField::Text("联系电话"),
        "报表编号" => HeaderField::ReportNumber,
        "金额单位" => HeaderField::MoneyUnit,
        other => {
            return TEXT_FIELDS
                .iter()
                .find(|field| **field == other)
                .map(|field| HeaderField::Text(field))
        }
    })
}

/// The money unit a caption or a header cell states: `项目资金（元）`, `金额单位：元`,
/// `（单位：万元）`, `预算执行情况(万元)(20分)`. `None` for any other text.
pub(super) fn money_unit(text: &str) -> Option<&'static str> {
    let text: String = text
        .chars()
        .filter(|c| !is_blank(*c))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            other => other,
        })
        .collect();
    let unit_of = |unit: &str| match unit {
        "元" => Some("元"),
        "万元" => Some("万元"),
        _ => None,
    };
    if let Some((_, unit)) = text.split_once("单位:") {
        return unit_of(unit.trim_end_matches(')'));
    }
    let text = super::split_weight(&text).map_or(text.as_str(), |(label, _)| label);
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let label = &inner[..open];
    let money_words = ["资金", "预算", "金额", "支出", "经费", "投入"];
    (money_words.iter().any(|w| label.contains(w)) || label.is_empty())
        .then(|| unit_of(&inner[open + 1..]))
        .flatten()
}

/// A header field written in one cell, `报表编号:510000_0013zp` or `金额单位:万元`.
pub(super) fn inline_field(text: &str) -> Option<(HeaderField, &str)> {
    let at = text.find([':', '：'])?;
    let separator = text[at..].chars().next()?.len_utf8();
    let field = header_field(&text[..at])?;
    let content = text[at + separator..].trim_matches(is_blank);
    (!content.is_empty()).then_some((field, content))
}

/// Whether a row holds a form's title (see [`title_position`]).
pub(super) fn has_title(row: &[Cell]) -> bool {
    title_position(row).is_some()
}

/// The position of a form's title (`…绩效自评表`, `…自评表(2023年度)`): the one non-blank cell of
/// its row. A project name that happens to contain 自评表 sits beside its label, so it is no title.
pub(super) fn title_position(row: &[Cell]) -> Option<usize> {
    let at = row
        .iter()
        .position(|c| c.text.contains("自评表") && c.text.chars().count() <= 60)?;
    // Beside the title only the attachment caption (附件1：) or the year line may stand; a cell
    // that mentions a 自评表 in a table row (`详见单位自评表`) is no title.
    let alone = row.iter().enumerate().all(|(position, cell)| {
        position == at
            || cell.text.is_empty()
            || cell.text.starts_with("附件")
            || (year_of(&cell.text).is_some() && cell.text.chars().count() <= 12)
    });
    (alone && !cell_is_sentence(&row[at].text)).then_some(at)
}

/// Whether a cell reads as a sentence (a note or a remark), not as a title.
fn cell_is_sentence(text: &str) -> bool {
    // `附件1：项目支出绩效自评表` is a title with its attachment caption.
    let text = match text.split_once(['：', ':']) {
        Some((head, rest)) if head.starts_with("附件") => rest,
        _ => text,
    };
    text.contains(['，', ',', '。', '：', ':', '；', ';'])
}

/// The budget year in a text (`（2021年度）`, `2021 年度`, `２０２１年度`, `二〇二一年度`): four
/// digits before 年, within the years a budget can have (1949–2200).
pub(super) fn year_of(text: &str) -> Option<u32> {
    // Chinese numerals (二〇二一) as digits; full-width digits as ASCII (the language's own
    // normaliser); blanks between the number and 年 dropped.
    let chinese = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .and_then(|n| char::from_digit(n as u32, 10))
            .unwrap_or(c)
    };
    let chars: Vec<char> = crate::syntax::quantity::normalise_digits(text)
        .chars()
        .filter(|c| !is_blank(*c))
        .map(chinese)
        .collect();
    chars.windows(5).find_map(|w| {
        if w[..4].iter().all(char::is_ascii_digit) && w[4] == '年' {
            w[..4]
                .iter()
                .collect::<String>()
                .parse()
                .ok()
                .filter(|y| (1949..=2200).contains(y))
        } else {
            None
        }
    })
}

/// A cell that only tells the filer what to write (`对照年度目标,说明…(100字以内)`).
pub(super) fn is_hint(text: &str) -> bool {
    text.contains("字以内)") || text.contains("字以内）")
}

/// A section caption of the form (`项目基本情况`, `三、目标完成情况`, `2.项目实施内容及过程概述`).
pub(super) fn is_caption(text: &str) -> bool {
    let numbered = text
        .char_indices()
        .find(|(_, c)| *c == '、' || *c == '.')
        .is_some_and(|(at, separator)| {
            let rest = &text[at + separator.len_utf8()..];
            at > 0
                && text[..at]
                    .chars()
                    .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
                && rest.chars().next().is_some_and(|c| !c.is_ascii_digit())
        });
    // A caption is a short heading; a numbered sentence (`1.预算执行情况口径:…`) is a note, and
    // an item of a list (`1.完成乡村道路建设养护里程300公里;`) is text, never a heading.
    let heading =
        text.chars().count() <= 24 && !text.contains([':', '：', '，', ',', '。', ';', '；']);
    (numbered && heading) || matches!(text, "项目基本情况" | "基本情况")
}

/// A note printed under the table (`注:1.…`, `备注:…`).
pub(super) fn is_note(text: &str) -> bool {
    ["注:", "注：", "备注:", "备注：", "说明:", "说明："]
        .iter()
        .any(|p| text.starts_with(p))
}

/// A numbered item (`1.预算执行情况口径:…`, `2、…`): the continuation of a note.
pub(super) fn is_numbered(text: &str) -> bool {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < text.len() && rest.starts_with(['.', '、', '．'])
}

/// Rows with a label and its text after the indicator table.
pub(super) const CONCLUSIONS: &[&str] = &[
    "评价结论",
    "存在问题",
    "改进措施",
    "主要经验及做法",
    "偏差大或目标未完成原因分析",
    "改进措施及结果应用方案",
];

#[cfg(test)]
mod tests {
    use super::year_of;

    #[test]
    fn years_as_forms_write_them() {
        for (text, year) in [
            ("（2021年度）", Some(2021)),
            ("（２０２１年度）", Some(2021)),
            ("二〇二一年度", Some(2021)),
            ("2021 年度", Some(2021)),
            ("（9999年度）", None),
            ("填报日期:2021.5.18", None),
        ] {
            assert_eq!(year_of(text), year, "{text}");
        }
    }
}
