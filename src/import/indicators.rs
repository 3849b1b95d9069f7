//! The indicator table (一级/二级/三级指标 and their value columns).

use super::{is_blank, quote, stream, value, Cell};
use crate::syntax::keywords::TAXONOMY;

/// The role of a column of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    /// 绩效指标: the caption cell over (or beside) the level columns.
    Label,
    Level1,
    Level2,
    /// 三级指标 / 指标名称.
    Name,
    Unit,
    Nature,
    Target,
    InitialTarget,
    AdjustedTarget,
    Actual,
    Weight,
    WeightShare,
    Coefficient,
    Score,
    ConvertedScore,
    /// 是否核心指标 (是/否).
    Core,
    Deviation,
    /// A column the language has no attribute for (单项指标完成情况, 复核分, 备注): its cells are
    /// kept as a comment after the indicator, so nothing is lost.
    Note,
}

impl Column {
    /// The attribute keyword an indicator line uses for this column's value, if it has one.
    fn keyword(self) -> Option<&'static str> {
        Some(match self {
            Column::Unit => "单位",
            Column::Target => "目标",
            Column::InitialTarget => "年初指标值",
            Column::AdjustedTarget => "调整指标值",
            Column::Actual => "实际",
            Column::Weight => "分值",
            Column::WeightShare => "权重占比",
            Column::Coefficient => "系数",
            Column::Score => "得分",
            Column::ConvertedScore => "折算得分",
            _ => return None,
        })
    }

    /// Whether the column holds an indicator's data (not its name or its level labels).
    fn is_value(self) -> bool {
        !matches!(
            self,
            Column::Label | Column::Level1 | Column::Level2 | Column::Name
        )
    }
}

/// A header cell without spaces, its `单项指标`/`全年` prefixes and a trailing unit or formula in
/// brackets (`得分系数(%)`, `指标权重（分）`, `实际完成值(B)`, `预期指标值(符号 / 单位(文字描述))`).
fn header_key(text: &str) -> String {
    let mut key: String = text.chars().filter(|c| !is_blank(*c)).collect();
    // Strip bracketed tails, innermost-last: the bracket may itself contain brackets.
    while key.ends_with(')') || key.ends_with('）') {
        let mut depth = 0usize;
        let mut cut = None;
        for (at, c) in key.char_indices().rev() {
            match c {
                ')' | '）' => depth += 1,
                '(' | '（' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        cut = Some(at);
                        break;
                    }
                }
                _ => {}
            }
        }
        match cut {
            Some(at) if at > 0 => key.truncate(at),
            _ => break,
        }
    }
    for prefix in ["单项指标", "是否为"] {
        if let Some(rest) = key.strip_prefix(prefix) {
            if !rest.is_empty() {
                key = rest.to_string();
            }
        }
    }
    key
}

/// The role of an indicator-table header cell, from its text and the synonyms used by the
/// published layouts (central/Anhui, Sichuan 2023, Yunnan, Chongqing, Hebei, Hunan, 20+80).
pub(super) fn indicator_column(text: &str) -> Option<Column> {
    let key = header_key(text);
    Some(match key.as_str() {
        "绩效指标" | "年度绩效指标" | "年度绩效指标完成情况" | "绩效指标完成情况" => {
            Column::Label
        }
        "一级指标" => Column::Level1,
        "二级指标" => Column::Level2,
        "三级指标" | "指标名称" | "绩效指标名称" | "指标内容" => Column::Name,
        "度量单位" | "计量单位" | "单位" => Column::Unit,
        "指标性质" | "性质" => Column::Nature,
        "年度指标值" | "指标值" | "目标值" | "年度目标值" | "预期指标值" | "年初目标值"
        | "年度目标" | "预期目标值" => Column::Target,
        "年初指标值" => Column::InitialTarget,
        "调整指标值" | "全年调整指标值" => Column::AdjustedTarget,
        "实际完成值"
        | "实际值"
        | "完成值"
        | "全年实际值"
        | "全年完成值"
        | "实际完成"
        | "全年实际完成值" => Column::Actual,
        "权重分值" | "分值" | "权重" | "指标分值" | "指标权重" => Column::Weight,
        "权重占比" => Column::WeightShare,
        "得分系数" | "系数" => Column::Coefficient,
        "指标得分" | "得分" | "自评得分" | "自评分" => Column::Score,
        "折算得分" | "指标折算得分" => Column::ConvertedScore,
        "核心指标" => Column::Core,
        "完成情况" | "复核分" | "复核得分" | "备注" | "评价标准" | "计分标准" => {
            Column::Note
        }
        _ if key.starts_with("偏差原因") || key.starts_with("未完成原因") => {
            Column::Deviation
        }
        _ => return None,
    })
}

/// The header of an indicator table: one row, or two when cells of the first row span columns
/// whose own names are in the second (Yunnan: 年度指标值 over 指标性质/指标值/度量单位;
/// 绩效指标 over 一级/二级/三级指标).
#[derive(Debug, Clone)]
pub(super) struct Header {
    /// The role of each column, in grid order (the width of the table's data rows).
    pub columns: Vec<Option<Column>>,
    /// Each column's header text (for [`Column::Note`] comments).
    pub labels: Vec<String>,
    /// How many rows the header takes (1 or 2).
    pub rows: usize,
}

impl Header {
    /// Recognises the indicator-table header at `rows[start]`, marking its cells used.
    ///
    /// A table needs a name column and either level columns or at least two value columns (the
    /// Chongqing department form lists its indicators without levels).
    pub fn at(rows: &[Vec<Cell>], start: usize) -> Option<Header> {
        let first = &rows[start];
        let columns: Vec<Option<Column>> =
            first.iter().map(|c| indicator_column(&c.text)).collect();
        let single = Header {
            labels: first.iter().map(|c| c.text.clone()).collect(),
            columns,
            rows: 1,
        };
        let header = match rows.get(start + 1).and_then(|next| single.widen(next)) {
            Some(two) => two,
            None => single,
        };
        header.is_table().then_some(header)
    }

    fn has(&self, column: Column) -> bool {
        self.columns.contains(&Some(column))
    }

    fn is_table(&self) -> bool {
        let values = self
            .columns
            .iter()
            .flatten()
            .filter(|c| c.is_value())
            .count();
        self.has(Column::Name) && (self.has(Column::Level1) || values >= 2)
    }

    /// Combines this one-row header with the sub-header `next`, whose non-blank cells name the
    /// columns under this row's spanning cells and whose blank cells sit under the cells that
    /// span both rows. `None` when `next` is not such a row.
    fn widen(&self, next: &[Cell]) -> Option<Header> {
        let subs: Vec<Option<Column>> = next.iter().map(|c| indicator_column(&c.text)).collect();
        let named = next.iter().filter(|c| !c.text.is_empty()).count();
        if named == 0
            || next.len() <= self.columns.len()
            || next
                .iter()
                .zip(&subs)
                .any(|(c, s)| !c.text.is_empty() && s.is_none())
        {
            return None;
        }
        let mut columns = Vec::new();
        let mut labels = Vec::new();
        let mut at = 0;
        for (index, column) in self.columns.iter().enumerate() {
            let text = &self.labels[index];
            let sub = next.get(at)?;
            if sub.text.is_empty() {
                // Spans both rows.
                columns.push(*column);
                labels.push(text.clone());
                at += 1;
                continue;
            }
            // Spans the columns named below it: as many as the family it names takes.
            let family = |c: Option<Column>| match c {
                Some(Column::Level1 | Column::Level2 | Column::Name) => 0,
                Some(Column::Nature | Column::Target | Column::Unit) => 1,
                _ => 2,
            };
            let first_family = family(subs[at]);
            while let Some(sub) = next.get(at) {
                if sub.text.is_empty() || family(subs[at]) != first_family {
                    break;
                }
                columns.push(subs[at]);
                labels.push(sub.text.clone());
                at += 1;
            }
        }
        (at == next.len()).then_some(Header {
            columns,
            labels,
            rows: 2,
        })
    }
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
    /// The goal block (年度绩效目标1(40分)) the indicator belongs to; empty when the form has one.
    pub goal: String,
    /// Empty in a flat list (the Chongqing department form).
    pub level1: String,
    /// Empty in a flat list.
    pub level2: String,
    /// The indicator's attributes, as one `.jx` line.
    pub line: String,
}

impl Indicator {
    /// The blocks the indicator sits in: goal, level 1, level 2, the empty ones left out.
    pub fn path(&self) -> Vec<&str> {
        [&self.goal, &self.level1, &self.level2]
            .into_iter()
            .map(String::as_str)
            .filter(|p| !p.is_empty())
            .collect()
    }
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
    /// Reads the indicator table whose header (see [`Header::at`]) starts at `rows[start]`;
    /// returns the index of the row after the table.
    pub fn read(
        &mut self,
        rows: &[Vec<Cell>],
        start: usize,
        header: &Header,
        used: &mut [Vec<bool>],
    ) -> usize {
        let columns = &header.columns;
        let IndicatorTable {
            indicators,
            total_line,
            skipped,
            level1s,
        } = self;
        let levelled = columns.contains(&Some(Column::Level1));
        let mut level1 = String::new();
        let mut level2 = String::new();
        let mut index = start + header.rows;
        while let Some(row) = rows.get(index) {
            let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
            if let Some(at) = texts.iter().position(|t| is_total_label(t)) {
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
            if texts.iter().all(|t| t.is_empty()) {
                index += 1;
                continue;
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
            let (core_mark, name) = match strip_numbering(raw_name).strip_prefix('★') {
                Some(rest) => (true, rest.trim_matches(is_blank)),
                None => (false, strip_numbering(raw_name)),
            };
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
            let values: Vec<usize> = (0..columns.len())
                .filter(|&p| columns[p].is_some_and(Column::is_value) && !texts[p].is_empty())
                .collect();
            if name.is_empty() && values.is_empty() {
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
            if (levelled && (level1.is_empty() || level2.is_empty()))
                || name.is_empty()
                || texts.iter().any(|t| t.contains("……"))
            {
                index += 1;
                continue;
            }
            used[index][name_at] = true;
            for &p in &values {
                used[index][p] = true;
            }
            let mut unit = get(Column::Unit);
            let nature = get(Column::Nature);
            let mut target = get(Column::Target);
            // A qualitative row whose level word sits in the 度量单位 column (优 under 度量单位,
            // blank 年度指标值): a unit means nothing to a qualitative indicator, so it is the target.
            let mut values = values;
            if nature == "定性" && target.is_empty() && !unit.is_empty() {
                target = unit;
                unit = "";
                if let Some((at, _)) = cell(Column::Target) {
                    values.push(at);
                    values.sort_unstable();
                }
            }
            let mut line = quote(name);
            let mut notes = Vec::new();
            if core_mark {
                line.push_str(" ★");
            }
            match nature {
                "" => {
                    // A table without a 指标性质 column: a row with no target and no actual can
                    // only be judged qualitatively.
                    let targets = [
                        Column::Target,
                        Column::InitialTarget,
                        Column::AdjustedTarget,
                        Column::Actual,
                    ];
                    if cell(Column::Nature).is_none() && targets.iter().all(|c| get(*c).is_empty())
                    {
                        line.push_str(" 定性");
                    }
                }
                "定量" | "定量指标" => line.push_str(" 定量"),
                "定性" | "定性指标" => line.push_str(" 定性"),
                comparator => line.push_str(&format!(" 指标性质 {}", value(comparator))),
            }
            for &p in &values {
                let Some(column) = columns[p] else {
                    continue;
                };
                let text = match column {
                    Column::Unit => unit,
                    Column::Target => target,
                    _ => texts[p],
                };
                if text.is_empty() {
                    continue;
                }
                match column {
                    Column::Core => {
                        if matches!(text, "是" | "√" | "★") && !core_mark {
                            line.push_str(" 核心");
                        } else if !matches!(text, "否" | "-" | "/") {
                            notes.push(format!("{}: {text}", header.labels[p]));
                        }
                    }
                    Column::Deviation => line.push_str(&format!(" 偏差 {}", quote(text))),
                    Column::Note => notes.push(format!("{}: {text}", header.labels[p])),
                    other => {
                        if let Some(keyword) = other.keyword() {
                            line.push_str(&format!(" {keyword} {}", value(text)));
                        }
                    }
                }
            }
            if !notes.is_empty() {
                line.push_str(&format!(
                    "  // {}",
                    notes.join("；").replace(['\n', '\r'], " ")
                ));
            }
            indicators.push(Indicator {
                goal: String::new(),
                level1: level1.clone(),
                level2: level2.clone(),
                line,
            });
            index += 1;
        }
        index
    }
}

/// The label of a totals row (合计, 总分, 绩效指标总分, 总分(100分)).
fn is_total_label(text: &str) -> bool {
    let key = header_key(text);
    matches!(key.as_str(), "绩效指标总分" | "合计" | "总分" | "总计")
}
