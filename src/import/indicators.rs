//! The indicator table (一级/二级/三级指标 and their value columns).

use super::{is_blank, quote, stream, value, Cell};
use crate::syntax::keywords::TAXONOMY;

/// The role of a column of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Label,
    Level1,
    Level2,
    Name,
    Unit,
    Nature,
    Target,
    Actual,
    Weight,
    Coefficient,
    Score,
    Deviation,
}

pub(super) fn indicator_column(text: &str) -> Option<Column> {
    Some(match text {
        "绩效指标" => Column::Label,
        "一级指标" => Column::Level1,
        "二级指标" => Column::Level2,
        "三级指标" => Column::Name,
        "度量单位" | "计量单位" | "单位" => Column::Unit,
        "指标性质" | "性质" => Column::Nature,
        "年度指标值" | "指标值" | "目标值" => Column::Target,
        "实际完成值" | "实际值" | "完成值" => Column::Actual,
        "权重分值" | "分值" | "权重" => Column::Weight,
        "得分系数" | "系数" => Column::Coefficient,
        "指标得分" | "得分" => Column::Score,
        _ if text.starts_with("偏差原因") || text.starts_with("未完成原因") => {
            Column::Deviation
        }
        _ => return None,
    })
}

/// Drops the template's row numbering `指标1：` / `指标1:`.
pub(super) fn strip_numbering(name: &str) -> &str {
    if let Some(rest) = name.strip_prefix("指标") {
        let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() < rest.len() {
            if let Some(tail) = digits
                .strip_prefix('：')
                .or_else(|| digits.strip_prefix(':'))
            {
                return tail.trim_matches(is_blank);
            }
        }
    }
    name
}

/// One imported indicator row: its level-1 and level-2 labels and its `.jx` line.
pub(super) struct Indicator {
    pub level1: String,
    pub level2: String,
    pub line: String,
}

/// What the indicator tables of one form give (a form may have several, e.g. one per goal).
#[derive(Default)]
pub(super) struct IndicatorTable {
    /// The indicators, in row order.
    pub indicators: Vec<Indicator>,
    /// The `绩效指标总分 分值 … 得分 …` line from a 合计/总分 row.
    pub total_line: Option<String>,
    /// Placeholder rows skipped, as `第N行: text`.
    pub skipped: Vec<String>,
    /// Every level-1 label seen, in order (with its weight, e.g. `满意度指标(10分)`).
    pub level1s: Vec<String>,
}

impl IndicatorTable {
    /// Reads the indicator table whose header is `rows[start]`; returns the index of the next row.
    pub fn read(
        &mut self,
        rows: &[Vec<Cell>],
        start: usize,
        columns: &[Option<Column>],
        used: &mut [Vec<bool>],
    ) -> usize {
        let IndicatorTable {
            indicators,
            total_line,
            skipped,
            level1s,
        } = self;
        let mut level1 = String::new();
        let mut level2 = String::new();
        let mut index = start + 1;
        while let Some(row) = rows.get(index) {
            let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
            if let Some(at) = texts
                .iter()
                .position(|t| *t == "绩效指标总分" || *t == "合计")
            {
                let numbers: Vec<usize> = (at + 1..texts.len())
                    .filter(|&p| !texts[p].is_empty())
                    .collect();
                if !numbers.is_empty() && numbers.len() <= 2 {
                    used[index][at] = true;
                    let mut line = format!("绩效指标总分 分值 {}", value(texts[numbers[0]]));
                    used[index][numbers[0]] = true;
                    if let Some(&score) = numbers.get(1) {
                        line.push_str(&format!(" 得分 {}", value(texts[score])));
                        used[index][score] = true;
                    }
                    *total_line = Some(line);
                }
                return index + 1;
            }
            if row.len() != columns.len() {
                return index;
            }
            let cell = |column: Column| -> Option<(usize, &str)> {
                columns
                    .iter()
                    .position(|c| *c == Some(column))
                    .map(|p| (p, texts[p]))
            };
            let get = |column: Column| cell(column).map(|(_, t)| t).unwrap_or("");
            let Some((name_at, raw_name)) = cell(Column::Name) else {
                return index;
            };
            let name = strip_numbering(raw_name);
            if !get(Column::Level1).is_empty() {
                level1 = get(Column::Level1).to_string();
                level2.clear();
                if !level1s.contains(&level1) {
                    level1s.push(level1.clone());
                }
            }
            if !get(Column::Level2).is_empty() {
                level2 = get(Column::Level2).to_string();
                // A level-2 cell under a blank level-1 cell belongs to its standard parent.
                if get(Column::Level1).is_empty() {
                    if let Some((parent, _)) = TAXONOMY
                        .iter()
                        .find(|(_, children)| children.contains(&level2.as_str()))
                    {
                        // Unless the current level 1 is that parent with its weight (产出指标(50分)).
                        if stream::strip_weight(&level1) != *parent {
                            level1 = parent.to_string();
                        }
                    }
                }
            }
            for (position, column) in columns.iter().enumerate() {
                if matches!(
                    column,
                    Some(Column::Label | Column::Level1 | Column::Level2)
                ) && !texts[position].is_empty()
                {
                    used[index][position] = true;
                }
            }
            let others = [
                Column::Unit,
                Column::Nature,
                Column::Target,
                Column::Actual,
                Column::Weight,
                Column::Coefficient,
                Column::Score,
                Column::Deviation,
            ];
            if name.is_empty() && others.iter().all(|c| get(*c).is_empty()) {
                // A placeholder row (`指标3：` with nothing else): skipped and reported.
                if !raw_name.is_empty() {
                    used[index][name_at] = true;
                    skipped.push(format!("第{}行: {}", row[name_at].line, raw_name));
                } else if let Some((at, label)) =
                    cell(Column::Level2).filter(|(_, t)| !t.is_empty())
                {
                    // A level-2 label with no indicator under it.
                    skipped.push(format!("第{}行: {label}（其下没有三级指标）", row[at].line));
                }
                index += 1;
                continue;
            }
            if level1.is_empty()
                || level2.is_empty()
                || name.is_empty()
                || texts.iter().any(|t| t.contains("……"))
            {
                index += 1;
                continue;
            }
            used[index][name_at] = true;
            let mut unit = get(Column::Unit);
            let nature = get(Column::Nature);
            let mut target = get(Column::Target);
            let actual = get(Column::Actual);
            // A qualitative row whose level word sits in the 度量单位 column (优 under 度量单位,
            // blank 年度指标值): a unit means nothing to a qualitative indicator, so it is the target.
            if nature == "定性" && target.is_empty() && !unit.is_empty() {
                target = unit;
                unit = "";
            }
            let mut line = quote(name);
            let mut mark = |column: Column| {
                if let Some((p, t)) = cell(column) {
                    if !t.is_empty() {
                        used[index][p] = true;
                    }
                }
            };
            for column in others {
                mark(column);
            }
            if !unit.is_empty() {
                line.push_str(&format!(" 单位 {}", value(unit)));
            }
            match nature {
                "" => {
                    // A table without a 指标性质 column: a row with neither target nor actual can
                    // only be judged qualitatively.
                    if cell(Column::Nature).is_none() && target.is_empty() && actual.is_empty() {
                        line.push_str(" 定性");
                    }
                }
                "定量" | "定量指标" => line.push_str(" 定量"),
                "定性" | "定性指标" => line.push_str(" 定性"),
                comparator => line.push_str(&format!(" 指标性质 {}", value(comparator))),
            }
            for (keyword, text) in [
                ("目标", target),
                ("实际", actual),
                ("分值", get(Column::Weight)),
                ("系数", get(Column::Coefficient)),
                ("得分", get(Column::Score)),
            ] {
                if !text.is_empty() {
                    line.push_str(&format!(" {keyword} {}", value(text)));
                }
            }
            let deviation = get(Column::Deviation);
            if !deviation.is_empty() {
                line.push_str(&format!(" 偏差 {}", quote(deviation)));
            }
            indicators.push(Indicator {
                level1: level1.clone(),
                level2: level2.clone(),
                line,
            });
            index += 1;
        }
        index
    }
}
