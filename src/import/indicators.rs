//! The indicator table (一级/二级/三级指标 and their value columns).

use super::{is_blank, quote, stream, value, Cell};
use crate::syntax::keywords::{CATEGORY_VARIANTS, TAXONOMY, TEMPLATE_LEVEL1};

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

    /// Whether the column holds points or a percentage (分值, 得分, 系数, 权重占比, 折算得分).
    fn is_points(self) -> bool {
        matches!(
            self,
            Column::Weight
                | Column::Score
                | Column::Coefficient
                | Column::WeightShare
                | Column::ConvertedScore
        )
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
    // A leading `*` marks a column the filer must fill in (湖南 `*指标值`): not part of its name.
    let mut key: String = text
        .trim_start_matches(['*', '＊'])
        .chars()
        .filter(|c| !is_blank(*c))
        .collect();
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
        // 湖北's scoring sheet: 项目权重 holds the weighted groups (项目决策 2分, 项目管理 13分).
        "一级指标" | "一级指标名称" | "项目权重" => Column::Level1,
        "二级指标" | "二级指标名称" => Column::Level2,
        "三级指标" | "三级指标名称" | "指标名称" | "绩效指标名称" | "指标内容" | "评价内容"
        | "具体指标" => Column::Name,
        "度量单位" | "计量单位" | "单位" => Column::Unit,
        // 定量 / 定性 (湖南 `指标值类型`), as 重庆's 指标性质 column says it.
        "指标性质" | "性质" | "指标值类型" | "指标类型" => Column::Nature,
        "年度指标值"
        | "指标值"
        | "目标值"
        | "年度目标值"
        | "预期指标值"
        | "年初目标值"
        | "年度目标"
        | "预期目标值"
        | "全年指标值"
        | "计划指标值"
        | "年度计划指标值"
        | "目标指标值" => Column::Target,
        "年初指标值" => Column::InitialTarget,
        "调整指标值" | "全年调整指标值" => Column::AdjustedTarget,
        "实际完成值"
        | "实际值"
        | "完成值"
        | "全年实际值"
        | "全年完成值"
        | "实际完成"
        | "全年实际完成值"
        | "年度实际完成值"
        | "实际完成数"
        | "实际完成指标值"
        | "年终完成值" => Column::Actual,
        "权重分值" | "分值" | "权重" | "指标分值" | "指标权重" => Column::Weight,
        "权重占比" => Column::WeightShare,
        "得分系数" | "系数" => Column::Coefficient,
        "指标得分" | "得分" | "自评得分" | "自评分" | "实际得分" | "评价得分" => {
            Column::Score
        }
        "折算得分" | "指标折算得分" => Column::ConvertedScore,
        "核心指标" | "是否核心指标" => Column::Core,
        "完成情况"
        | "复核分"
        | "复核得分"
        | "备注"
        | "评价标准"
        | "计分标准"
        | "评分标准"
        | "指标解释"
        | "评价标准及依据"
        | "评(扣)分标准"
        | "评（扣）分标准"
        | "扣分标准" => Column::Note,
        _ if key.starts_with("偏差原因")
            || key.starts_with("未完成原因")
            || key.starts_with("原因分析") =>
        {
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
    pub(super) fn at(rows: &[Vec<Cell>], start: usize) -> Option<Header> {
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
        if !header.is_table() {
            return None;
        }
        let data = start + header.rows;
        Some(header.caption_restored(rows.get(data)))
    }

    /// The header with its lost caption column put back: when the caption cell before the
    /// level columns (`绩效指标`, merged over the whole table) is missing from the header row but
    /// its blank cell is still in the data rows, the first data row is wider than the header by
    /// that cell, and its first cells are blank or captions. The header then takes a caption
    /// column in their place, so every cell stays under its own header cell (never shifted).
    fn caption_restored(mut self, first_data: Option<&Vec<Cell>>) -> Header {
        let Some(row) = first_data else {
            return self;
        };
        let extra = row.len().saturating_sub(self.columns.len());
        let captions = |c: &Cell| {
            c.text.is_empty()
                || indicator_column(&c.text) == Some(Column::Label)
                || is_goal_label(&c.text)
        };
        if extra == 0 || extra > 2 || !row[..extra].iter().all(captions) {
            return self;
        }
        // The caption column, when the header has one, is the left-most: before the levels.
        if self.columns.first() != Some(&Some(Column::Level1))
            && self.columns.first() != Some(&Some(Column::Name))
        {
            return self;
        }
        for _ in 0..extra {
            self.columns.insert(0, Some(Column::Label));
            self.labels.insert(0, String::new());
        }
        self
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
        self.widen_as_printed(next)
            .or_else(|| {
                // The spanning caption over the level columns (绩效指标 over 一级/二级/三级指标) lost:
                // the sub-header's level columns sit under a caption the first row no longer has.
                let level_first = next
                    .first()
                    .map(|c| indicator_column(&c.text))
                    .is_some_and(|c| matches!(c, Some(Column::Level1 | Column::Name)));
                if !level_first || self.columns.first() == Some(&Some(Column::Label)) {
                    return None;
                }
                let mut with_caption = self.clone();
                with_caption.columns.insert(0, Some(Column::Label));
                with_caption.labels.insert(0, "绩效指标".to_string());
                with_caption.widen_as_printed(next)
            })
            .or_else(|| self.widen_compact(next))
    }

    /// [`Header::widen`] for a copy that dropped the blank cells under the cells spanning both
    /// rows (a text copy written one cell a line): the caption 绩效指标 spans the level and name
    /// columns below it, a target column (年度指标值) spans 指标性质 / 指标值 / 度量单位, every
    /// other cell spans both rows.
    fn widen_compact(&self, next: &[Cell]) -> Option<Header> {
        let subs: Vec<Option<Column>> = next.iter().map(|c| indicator_column(&c.text)).collect();
        if next.is_empty()
            || next
                .iter()
                .zip(&subs)
                .any(|(c, s)| c.text.is_empty() || s.is_none())
        {
            return None;
        }
        let family = |c: Option<Column>| match c {
            Some(Column::Level1 | Column::Level2 | Column::Name) => 0,
            Some(Column::Nature | Column::Target | Column::Unit) => 1,
            _ => 2,
        };
        let mut columns = Vec::new();
        let mut labels = Vec::new();
        let mut at = 0;
        for (index, column) in self.columns.iter().enumerate() {
            let spans = match column {
                Some(Column::Label) => Some(0),
                Some(Column::Target) => Some(1),
                _ => None,
            };
            match spans {
                Some(wanted) if subs.get(at).is_some_and(|s| family(*s) == wanted) => {
                    while at < subs.len() && family(subs[at]) == wanted {
                        columns.push(subs[at]);
                        labels.push(next[at].text.clone());
                        at += 1;
                    }
                }
                _ => {
                    columns.push(*column);
                    labels.push(self.labels[index].clone());
                }
            }
        }
        (at == next.len()).then_some(Header {
            columns,
            labels,
            rows: 2,
        })
    }

    /// [`Header::widen`] for a first row whose cells are all there.
    fn widen_as_printed(&self, next: &[Cell]) -> Option<Header> {
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
    /// The declared score (points), if the row has one.
    pub score: Option<String>,
    /// The declared or deduced weight (points), if the row has one.
    pub weight: Option<String>,
}

impl Indicator {
    /// The blocks the indicator sits in: goal, level 1, level 2, the empty ones left out.
    pub(super) fn path(&self) -> Vec<&str> {
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
    /// The totals row (合计, 总分, 绩效指标总分): its label, weight and score.
    pub total: Option<Total>,
    /// Placeholder rows skipped, as `第N行: text`.
    pub skipped: Vec<String>,
    /// Every level-1 label seen, in order (with its weight, e.g. `满意度指标(10分)`).
    pub level1s: Vec<String>,
    /// Every column role seen in the headers (to tell the layout, e.g. 得分系数 → 重庆).
    pub columns: Vec<Column>,
    /// The goal of the next table, from a row above its header (湖北: `项目绩效 85分` beside
    /// `项目年度目标1:…`): the label and the goal's text.
    pub pending_goal: Option<(String, String)>,
    /// Each goal's planned text, as (goal label, text).
    pub goal_texts: Vec<(String, String)>,
    /// Rows inside a table that could not be placed cell by cell and were left out (their
    /// cells are reported as unmapped), by their place (`第N行`, `表格1 第5行第1格`).
    pub unplaced: Vec<String>,
}

/// The totals row of an indicator table.
#[derive(Debug, Clone, Default)]
pub(super) struct Total {
    /// 合计, 总分, 绩效指标总分.
    pub label: String,
    /// The weight cell (points), if filled.
    pub weight: Option<String>,
    /// The score cell (points), if filled.
    pub score: Option<String>,
    /// The grade printed after the score (`总分 | 100 | 96 | 优`), if any.
    pub grade: Option<String>,
}

impl IndicatorTable {
    /// Reads the indicator table whose header (see [`Header::at`]) starts at `rows[start]`;
    /// returns the index of the row after the table. The table ends at its totals row
    /// ([`read_total`]), at a row of another width, or at the next header; each row in between
    /// is read by [`IndicatorTable::read_row`].
    pub(super) fn read(
        &mut self,
        rows: &[Vec<Cell>],
        start: usize,
        header: &Header,
        used: &mut [Vec<bool>],
    ) -> usize {
        let columns = &header.columns;
        self.columns.extend(columns.iter().flatten().copied());
        let goal = self.goal_of(&rows[start], &mut used[start]);
        let mut state = TableState {
            header,
            goal,
            // A bare number under a `(%)` header (得分系数(%) 100, 权重占比(%) 25.00) is a
            // percentage.
            percent: header
                .labels
                .iter()
                .map(|l| l.contains("(%)") || l.contains("（%）"))
                .collect(),
            levelled: columns.contains(&Some(Column::Level1)),
            two_levels: columns.contains(&Some(Column::Level2)),
            level1: String::new(),
            level2: String::new(),
            last_nature: String::new(),
        };
        let mut index = start + header.rows;
        while let Some(row) = rows.get(index) {
            let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
            if let Some(at) = texts.iter().position(|t| is_total_label(t)) {
                self.total = Some(read_total(&texts, at, columns, &mut used[index]));
                return index + 1;
            }
            if Header::at(rows, index).is_some() {
                return index;
            }
            // A row narrower than the header (a copy that left out the blank cells at one end)
            // is placed by its header cells, never shifted: or it ends the table.
            let offset = match row.len().cmp(&columns.len()) {
                // As wide as the header, but its first cell a level label where the header has
                // its caption column (绩效指标, merged down beside the levels in a web page, so
                // the rows have no cell for it; the copy pads them at their end instead).
                std::cmp::Ordering::Equal if shifted_by_copy(row, columns) => {
                    typed_row_offset(row, columns)
                }
                std::cmp::Ordering::Equal => Some(0),
                std::cmp::Ordering::Less => narrow_row_offset(row, columns)
                    .filter(|&offset| cells_fit(row, columns, offset))
                    .or_else(|| typed_row_offset(row, columns)),
                std::cmp::Ordering::Greater => return index,
            };
            let Some(offset) = offset else {
                // A row that cannot be placed cell by cell among rows that can (a cell lost in
                // its middle): reported, and the table goes on; else it ends the table.
                if !next_row_placed(rows, index + 1, columns) {
                    return index;
                }
                if let Some(cell) = row.iter().find(|c| !c.text.is_empty()) {
                    self.unplaced.push(cell.position());
                }
                index += 1;
                continue;
            };
            if texts.iter().all(|t| t.is_empty()) {
                index += 1;
                continue;
            }
            let padded: Vec<Cell> = (0..columns.len())
                .map(|p| match p.checked_sub(offset).and_then(|k| row.get(k)) {
                    Some(cell) => cell.clone(),
                    None => Cell {
                        line: row[0].line,
                        text: String::new(),
                        place: row[0].place.clone(),
                    },
                })
                .collect();
            let padded_texts: Vec<&str> = padded.iter().map(|c| c.text.as_str()).collect();
            let view = RowView {
                row: &padded,
                texts: &padded_texts,
                columns,
            };
            if view.cell(Column::Name).is_none() {
                return index;
            }
            // The blank cells a row moved right drops off its end have no flag to keep.
            let mut flags = vec![false; columns.len()];
            for (k, flag) in used[index].iter().enumerate() {
                if let Some(slot) = flags.get_mut(k + offset) {
                    *slot = *flag;
                }
            }
            self.read_row(&mut state, &view, &mut flags);
            for (k, flag) in used[index].iter_mut().enumerate() {
                if let Some(slot) = flags.get(k + offset) {
                    *flag = *slot;
                }
            }
            index += 1;
        }
        index
    }

    /// A totals row standing after the table's end (a note row between them): `总分 | 100 | 96
    /// | 优`, its label then points and a grade only. `true` when the row was one.
    pub(super) fn read_total_row(&mut self, texts: &[&str], used: &mut [bool]) -> bool {
        if self.indicators.is_empty() || self.total.is_some() {
            return false;
        }
        let Some(at) = texts.iter().position(|t| !t.is_empty()) else {
            return false;
        };
        let rest: Vec<&str> = texts[at + 1..]
            .iter()
            .copied()
            .filter(|t| !t.is_empty())
            .collect();
        let numbers = rest.iter().filter(|t| is_points(t)).count();
        let graded = rest.last().is_some_and(|t| grade_word(t).is_some());
        if !is_total_label(texts[at])
            || numbers == 0
            || numbers + usize::from(graded) != rest.len()
            || numbers > 2
        {
            return false;
        }
        // Read as a row narrower than any header: the numbers after the label are the weight
        // and the score (one number is the score when the table has no weight column).
        let mut columns: Vec<Option<Column>> = self.columns.iter().map(|c| Some(*c)).collect();
        if columns.len() == texts.len() {
            columns.push(None);
        }
        self.total = Some(read_total(texts, at, &columns, used));
        true
    }

    /// The goal block the table belongs to: a goal label in the header's first row
    /// (年度绩效目标1(40分), 16 号样本), else the label of a group row above it (湖北), whose
    /// goal text is kept.
    fn goal_of(&mut self, header_row: &[Cell], used: &mut [bool]) -> String {
        let mut goal = header_row
            .iter()
            .map(|c| c.text.as_str())
            .find(|t| is_goal_label(t))
            .map(str::to_string)
            .unwrap_or_default();
        if let Some((label, text)) = self.pending_goal.take() {
            if goal.is_empty() {
                goal = label.clone();
            }
            if !text.is_empty() {
                self.goal_texts.push((label, text));
            }
        }
        if !goal.is_empty() {
            if let Some(at) = header_row.iter().position(|c| c.text == goal) {
                used[at] = true;
            }
        }
        goal
    }

    /// One data row: follows the level labels, marks the caption cells, skips placeholder rows
    /// and imports the indicator the row holds.
    fn read_row(&mut self, state: &mut TableState<'_>, view: &RowView<'_>, used: &mut [bool]) {
        let Some((name_at, raw_name)) = view.cell(Column::Name) else {
            return;
        };
        // `★`, `★★`, `★★★`: one mark, however many stars the template prints.
        let (core_mark, name) = match strip_numbering(raw_name).strip_prefix('★') {
            Some(rest) => (true, rest.trim_start_matches('★').trim_matches(is_blank)),
            None => (false, strip_numbering(raw_name)),
        };
        state.follow_levels(view, &mut self.level1s);
        view.mark_captions(used);
        // A value the column cannot hold (text under 得分 where a copy lost a cell) stays
        // unmapped rather than breaking the line.
        let values = view.values();
        if self.skip_placeholder(view, name_at, raw_name, name, &values, used) {
            return;
        }
        if (state.levelled
            && (state.level1.is_empty() || (state.two_levels && state.level2.is_empty())))
            || name.is_empty()
        {
            return;
        }
        if values.is_empty() && !core_mark {
            // A name and nothing else: an unfilled row (or one the copy lost), not an
            // indicator to score; reported, never imported as one.
            used[name_at] = true;
            self.skipped.push(format!(
                "{}: {raw_name}（只有名称，没有任何数值）",
                view.row[name_at].position()
            ));
            return;
        }
        used[name_at] = true;
        for &p in &values {
            used[p] = true;
        }
        let line = state.indicator_line(view, name, core_mark, values, used);
        let points = |column: Column| {
            view.cell(column)
                .map(|(_, t)| t)
                .filter(|t| is_points(t))
                .map(str::to_string)
        };
        self.indicators.push(Indicator {
            score: points(Column::Score),
            weight: points(Column::Weight).or_else(|| {
                line.contains(" 分值 ").then(|| {
                    view.cell(Column::WeightShare)
                        .map(|(_, t)| t.trim_end_matches('%').to_string())
                        .unwrap_or_default()
                })
            }),
            goal: state.goal.clone(),
            level1: state.level1.clone(),
            level2: state.level2.clone(),
            line,
        });
    }

    /// Placeholder rows: `指标3：` with nothing else, a level-2 label with no indicator under it,
    /// `……`, and rows marked not applicable (`指标1:/` with `/` values). Reported as skipped;
    /// `true` when the row is one.
    fn skip_placeholder(
        &mut self,
        view: &RowView<'_>,
        name_at: usize,
        raw_name: &str,
        name: &str,
        values: &[usize],
        used: &mut [bool],
    ) -> bool {
        let row = view.row;
        if name.is_empty() && values.is_empty() {
            if !raw_name.is_empty() {
                used[name_at] = true;
                self.skipped
                    .push(format!("{}: {}", row[name_at].position(), raw_name));
            } else if let Some((at, label)) =
                view.cell(Column::Level2).filter(|(_, t)| !t.is_empty())
            {
                self.skipped.push(format!(
                    "{}: {label}（其下没有三级指标）",
                    row[at].position()
                ));
            }
            return true;
        }
        let slash = |t: &str| matches!(t, "/" | "／");
        let truncated = |t: &str| t.contains("……") || t.ends_with("...") || t.ends_with('…');
        if truncated(name) && values.is_empty() || name.contains("……") || slash(name) {
            used[name_at] = true;
            for &p in values {
                if slash(view.texts[p]) {
                    used[p] = true;
                }
            }
            self.skipped
                .push(format!("{}: {}", row[name_at].position(), raw_name));
            return true;
        }
        false
    }
}

/// What reading one table carries from row to row.
struct TableState<'h> {
    header: &'h Header,
    /// The goal block of the table (empty when the form has one).
    goal: String,
    /// Per column: a `(%)` header, whose bare numbers are percentages.
    percent: Vec<bool>,
    /// Whether the table has a level-1 column.
    levelled: bool,
    /// Whether the table has a level-2 column.
    two_levels: bool,
    /// The current level-1 and level-2 labels (merged cells leave them blank below).
    level1: String,
    level2: String,
    /// The last 指标性质 written (a blank one under it is a merged cell).
    last_nature: String,
}

/// One data row of a table: its cells, their texts and the header's columns.
struct RowView<'r> {
    row: &'r [Cell],
    texts: &'r [&'r str],
    columns: &'r [Option<Column>],
}

impl<'r> RowView<'r> {
    /// The cell under `column`: its position and text.
    fn cell(&self, column: Column) -> Option<(usize, &'r str)> {
        self.columns
            .iter()
            .position(|c| *c == Some(column))
            .map(|p| (p, self.texts[p]))
    }

    /// The text under `column`, empty when the table has no such column.
    fn get(&self, column: Column) -> &'r str {
        self.cell(column).map_or("", |(_, t)| t)
    }

    /// The positions of the filled value cells whose text their column can hold.
    fn values(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&p| {
                self.columns[p]
                    .is_some_and(|c| c.is_value() && (!c.is_points() || is_points(self.texts[p])))
                    && !self.texts[p].is_empty()
            })
            .collect()
    }

    /// The level cells, and the caption column's caption (绩效指标(90分)) or goal label, are
    /// placed; any other text in the caption column (a remark) stays unmapped, never dropped.
    fn mark_captions(&self, used: &mut [bool]) {
        for (position, column) in self.columns.iter().enumerate() {
            let text = self.texts[position];
            let placed = match column {
                Some(Column::Level1 | Column::Level2) => true,
                Some(Column::Label) => {
                    indicator_column(text) == Some(Column::Label) || is_goal_label(text)
                }
                _ => false,
            };
            if placed && !text.is_empty() {
                used[position] = true;
            }
        }
    }
}

impl TableState<'_> {
    /// Follows the level-1 and level-2 labels: a filled cell starts a new group, a blank one
    /// (under a merged cell) keeps the current one.
    fn follow_levels(&mut self, view: &RowView<'_>, level1s: &mut Vec<String>) {
        let level1_cell = view.get(Column::Level1);
        let level2_cell = view.get(Column::Level2);
        if !level1_cell.is_empty() {
            self.level1 = level1_cell.to_string();
            // A level-1 cell that kept only its weight (`(50分)`): named after the standard
            // parent of its level 2.
            if stream::strip_weight(&self.level1).is_empty() {
                if let Some((parent, _)) = TAXONOMY
                    .iter()
                    .find(|(_, children)| children.contains(&level2_cell))
                {
                    self.level1 = format!("{parent}{}", self.level1);
                }
            }
            self.level2.clear();
            if !level1s.contains(&self.level1) {
                level1s.push(self.level1.clone());
            }
        }
        if !level2_cell.is_empty() {
            self.level2 = level2_cell.to_string();
            // A level-2 cell under a blank level-1 cell belongs to its standard parent.
            if level1_cell.is_empty() {
                let with_word = format!("{}指标", self.level2);
                if let Some((parent, _)) = TAXONOMY.iter().find(|(_, children)| {
                    children.contains(&self.level2.as_str())
                        || children.contains(&with_word.as_str())
                }) {
                    // Unless the current level 1 is that parent with its weight (产出指标(50分)).
                    if stream::strip_weight(&self.level1) != *parent {
                        self.level1 = parent.to_string();
                    }
                }
            }
        }
    }

    /// The indicator's `.jx` line: its name, core mark, direction and 指标性质, its values in
    /// column order, and the notes (columns the language has no attribute for) as a comment.
    fn indicator_line(
        &mut self,
        view: &RowView<'_>,
        name: &str,
        core_mark: bool,
        mut values: Vec<usize>,
        used: &mut [bool],
    ) -> String {
        let header = self.header;
        let mut unit = view.get(Column::Unit);
        // A blank 指标性质 under a 定量/定性 one is a merged cell (重庆: 定量指标 over its
        // group); a blank under a comparator (云南: ≧ / ═ per row) is blank.
        let nature = match view.get(Column::Nature) {
            "" if nature_words(&self.last_nature)
                .is_some_and(|words| words.iter().all(|w| !w.starts_with("指标性质"))) =>
            {
                self.last_nature.clone()
            }
            "" => String::new(),
            filled => {
                self.last_nature = filled.to_string();
                filled.to_string()
            }
        };
        let nature = nature.as_str();
        let mut target = view.get(Column::Target);
        // A qualitative row whose level word sits in the 度量单位 column (优 under 度量单位,
        // blank 年度指标值): a unit means nothing to a qualitative indicator, so it is the target.
        if nature == "定性" && target.is_empty() && !unit.is_empty() {
            target = unit;
            unit = "";
            if let Some((at, _)) = view.cell(Column::Target) {
                values.push(at);
                values.sort_unstable();
            }
        }
        let mut line = quote(name);
        let mut notes = Vec::new();
        if core_mark {
            line.push_str(" ★");
        }
        // 重庆 部门整体 forms print no direction: a 控制率/调整率/结余率 is lower-is-better.
        let has_comparator = |t: &str| t.starts_with(['≤', '≥', '<', '>', '＜', '＞', '≦', '≧']);
        let any_target = [
            Column::Target,
            Column::InitialTarget,
            Column::AdjustedTarget,
        ]
        .iter()
        .map(|c| view.get(*c))
        .find(|t| !t.is_empty());
        if nature.starts_with("定量")
            && any_target.is_some_and(|t| !has_comparator(t))
            && REVERSE_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
        {
            line.push_str(" 反向");
            notes.push("按指标名称推定为反向指标（越低越好），原表未印方向".to_string());
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
                if view.cell(Column::Nature).is_none()
                    && targets.iter().all(|c| view.get(*c).is_empty())
                {
                    line.push_str(" 定性");
                }
            }
            written => match nature_words(written) {
                Some(words) => {
                    for word in words {
                        line.push(' ');
                        line.push_str(&word);
                    }
                }
                // A 指标性质 the language cannot read (`/`, `否`, `数量`): left unmapped.
                None => {
                    if let Some((at, _)) = view.cell(Column::Nature).filter(|(_, t)| !t.is_empty())
                    {
                        used[at] = false;
                    }
                }
            },
        }
        for &p in &values {
            let Some(column) = view.columns[p] else {
                continue;
            };
            let text = match column {
                Column::Unit => unit,
                Column::Target => target,
                _ => view.texts[p],
            };
            let with_percent;
            let text = if self.percent[p] && is_bare_number(text) {
                with_percent = format!("{text}%");
                with_percent.as_str()
            } else {
                text
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
        // 河北: 指标分值 left blank, 权重占比(%) filled: the weight is that share of 100 points.
        if view.get(Column::Weight).is_empty() && view.cell(Column::Weight).is_some() {
            if let Some(share) = view
                .cell(Column::WeightShare)
                .map(|(_, t)| t.trim_end_matches('%'))
                .filter(|t| is_bare_number(t))
            {
                line.push_str(&format!(" 分值 {share}"));
                notes.push("分值按权重占比推定（原表指标分值为空）".to_string());
            }
        }
        if !notes.is_empty() {
            line.push_str(&format!(
                "  // {}",
                notes.join("；").replace(['\n', '\r'], " ")
            ));
        }
        line
    }
}

/// The totals row (合计, 总分, 绩效指标总分) whose label is at `at`: its weight and score, by
/// their columns when the row is as wide as the header, else the one or two numbers after the
/// label (one number in a table without a weight column is the score: 20+80 总分).
fn read_total(texts: &[&str], at: usize, columns: &[Option<Column>], used: &mut [bool]) -> Total {
    used[at] = true;
    let mut found = Total {
        label: texts[at].to_string(),
        ..Total::default()
    };
    let mut filled: Vec<usize> = (at + 1..texts.len())
        .filter(|&p| !texts[p].is_empty())
        .collect();
    // A grade after the numbers (`总分 | 100 | 96 | 优`): the declared 评价等级.
    if let Some(&last) = filled.last() {
        if let Some(grade) = grade_word(texts[last]) {
            if filled[..filled.len() - 1]
                .iter()
                .all(|&p| is_points(texts[p]))
            {
                found.grade = Some(grade.to_string());
                used[last] = true;
                filled.pop();
            }
        }
    }
    if texts.len() == columns.len() {
        for &p in &filled {
            match columns[p] {
                Some(Column::Weight) if is_points(texts[p]) => {
                    found.weight = Some(texts[p].to_string());
                }
                Some(Column::Score) if is_points(texts[p]) => {
                    found.score = Some(texts[p].to_string());
                }
                _ => continue,
            }
            used[p] = true;
        }
    } else if filled.len() <= 2 && filled.iter().all(|&p| is_points(texts[p])) {
        if filled.len() == 1 && !columns.contains(&Some(Column::Weight)) {
            found.score = Some(texts[filled[0]].to_string());
        } else {
            found.weight = filled.first().map(|&p| texts[p].to_string());
            found.score = filled.get(1).map(|&p| texts[p].to_string());
        }
        for &p in &filled {
            used[p] = true;
        }
    }
    found
}

/// Numbered parent rows (`一、示范区建立` above `1、…` `2、…` `3、…`, 云南) whose score is the sum of
/// the scores of the numbered rows under it: the rows under it become its `其中` parts (the
/// language's parts of an indicator: not scored again, their targets adding up to its target), so
/// the parent's points are counted once. Nothing changes where the scores do not add up (the form
/// then says something else, and `check` reports it as printed).
pub(super) fn nest_numbered_parents(indicators: &mut [Indicator]) {
    let name_of = |line: &str| -> String {
        let rest = line.strip_prefix('"').unwrap_or(line);
        rest.split('"').next().unwrap_or("").to_string()
    };
    let parent = |name: &str| {
        let head: String = name
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .collect();
        !head.is_empty() && name[head.len()..].starts_with('、')
    };
    let child = |name: &str| {
        let digits = name.trim_start_matches(|c: char| c.is_ascii_digit());
        digits.len() < name.len() && (digits.starts_with('、') || digits.starts_with('.'))
    };
    let mut at = 0;
    while at < indicators.len() {
        let name = name_of(&indicators[at].line);
        if !parent(&name) {
            at += 1;
            continue;
        }
        let same_group = |a: &Indicator, b: &Indicator| {
            a.goal == b.goal && a.level1 == b.level1 && a.level2 == b.level2
        };
        let mut end = at + 1;
        while end < indicators.len()
            && same_group(&indicators[at], &indicators[end])
            && child(&name_of(&indicators[end].line))
        {
            end += 1;
        }
        let children = &indicators[at + 1..end];
        let score = |i: &Indicator| i.score.as_deref().and_then(super::emit::points);
        let sum = children
            .iter()
            .map(score)
            .try_fold(rust_decimal::Decimal::ZERO, |sum, s| s.map(|s| sum + s));
        let adds_up = !children.is_empty()
            && children.iter().all(|c| c.weight.is_none())
            && sum.is_some()
            && sum == score(&indicators[at]);
        if adds_up {
            for child in &mut indicators[at + 1..end] {
                child.line = format!("\"其中{}", &child.line[1..]);
                child.score = None;
            }
        }
        at = end;
    }
}

/// Where a row narrower than its header starts: under the level-1 column when its first cell is
/// a level-1 label (the blank cells it left out are at its end, or a caption before it), or under
/// the name column when its first cell is an indicator's name and the row is as wide as the
/// columns from the name on (the level cells left out, 稷山). `None` when the row cannot be
/// placed cell by cell.
fn narrow_row_offset(row: &[Cell], columns: &[Option<Column>]) -> Option<usize> {
    let first = row.first()?.text.as_str();
    let level1 = |text: &str| {
        let base = stream::strip_weight(text);
        TAXONOMY.iter().any(|(parent, _)| *parent == base)
    };
    // Under the level-1 column (after a goal or caption column the row has no cell for).
    if let Some(level1_at) = columns.iter().position(|c| *c == Some(Column::Level1)) {
        // Only the trailing remark columns may be missing: a row that dropped a cell in its
        // middle (a blank 指标性质) cannot be placed cell by cell.
        let end = row.len() + level1_at;
        let remarks_missing = end <= columns.len()
            && columns[end..].iter().all(|c| {
                matches!(
                    c,
                    None | Some(Column::Deviation | Column::Note | Column::Core)
                )
            });
        // A row of level labels alone (`效益指标 | 生态效益指标 | [empty]`) places nothing else.
        let labels_only = row.iter().skip(2).all(|c| c.text.is_empty());
        if level1(first) && (remarks_missing || labels_only) && end <= columns.len() {
            return Some(level1_at);
        }
    }
    let offset = columns.len() - row.len();
    let fits_name = columns[offset] == Some(Column::Name)
        && !first.is_empty()
        && !level1(first)
        && !TAXONOMY
            .iter()
            .any(|(_, children)| children.contains(&first));
    fits_name.then_some(offset)
}

/// Whether `text` is a level-1 label (a standard category or a template's own, with or without
/// its weight `(50分)`) or a level-2 label.
fn is_level_label(text: &str) -> bool {
    let base = stream::strip_weight(text);
    TAXONOMY.iter().any(|(parent, _)| *parent == base)
        || TEMPLATE_LEVEL1.contains(&base)
        || stream::is_level2(base)
}

/// Whether a row as wide as its header starts with a level label that does not belong under the
/// header's first column (a web page's copy: the merged caption or level-1 cell has no cell in
/// the rows below it, and the copy pads them at their end instead).
fn shifted_by_copy(row: &[Cell], columns: &[Option<Column>]) -> bool {
    let Some(first) = row.first().map(|c| c.text.as_str()) else {
        return false;
    };
    let base = stream::strip_weight(first);
    // A level-1 label, also as a variant (效果指标 for 效益指标).
    let level1 = TAXONOMY.iter().any(|(parent, _)| *parent == base)
        || TEMPLATE_LEVEL1.contains(&base)
        || CATEGORY_VARIANTS.iter().any(|(variant, standard)| {
            *variant == base && TAXONOMY.iter().any(|(p, _)| p == standard)
        });
    // The copy pads the row at its end: its last cell is blank.
    let padded = row.last().is_some_and(|c| c.text.is_empty());
    match columns.first() {
        Some(Some(Column::Label)) => padded && is_level_label(first),
        Some(Some(Column::Level1)) => padded && !level1 && stream::is_level2(base),
        _ => false,
    }
}

/// Whether the row at `index` is an indicator row that [`typed_row_offset`] places: one that
/// starts with a level label and fits its header cell by cell.
fn next_row_placed(rows: &[Vec<Cell>], index: usize, columns: &[Option<Column>]) -> bool {
    rows.get(index).is_some_and(|row| {
        row.first().is_some_and(|c| is_level_label(&c.text))
            && row.len() <= columns.len()
            && typed_row_offset(row, columns).is_some()
    })
}

/// Where a row that left out cells at its start (the level cells merged down from the rows
/// above, or the caption beside them) and at its end (blank remark cells) goes: its first cell
/// under the column its kind names (a level-1 label under 一级指标, a level-2 label under
/// 二级指标, anything else under the name column), every other cell under the header cell it
/// then stands under. Only when each cell fits its column (points under 分值/得分, a comparator or
/// 定量/定性 under 指标性质, no number under 计量单位, nothing under the caption), only blank cells
/// fall off the end, and the columns the row does not reach are remark columns: a row that lost
/// a cell in its middle is never placed one column off. `None` otherwise.
fn typed_row_offset(row: &[Cell], columns: &[Option<Column>]) -> Option<usize> {
    let first = row.iter().position(|c| !c.text.is_empty())?;
    let last = row.iter().rposition(|c| !c.text.is_empty())?;
    let head = row[first].text.as_str();
    let base = stream::strip_weight(head);
    let wanted =
        if TAXONOMY.iter().any(|(parent, _)| *parent == base) || TEMPLATE_LEVEL1.contains(&base) {
            Column::Level1
        } else if stream::is_level2(base) {
            Column::Level2
        } else {
            Column::Name
        };
    let at = columns.iter().position(|c| *c == Some(wanted))?;
    let offset = at.checked_sub(first)?;
    if last + offset >= columns.len() {
        return None;
    }
    let remarks_missing = columns[last + offset + 1..].iter().all(|c| {
        matches!(
            c,
            None | Some(Column::Deviation | Column::Note | Column::Core)
        )
    });
    (remarks_missing && cells_fit(row, columns, offset)).then_some(offset)
}

/// Whether every cell of `row` after its first, moved right by `offset`, fits the column it then
/// stands under: points under 分值/得分/系数, a comparator or 定量/定性 under 指标性质, a word
/// under 计量单位, no number under a level column, nothing under the caption.
fn cells_fit(row: &[Cell], columns: &[Option<Column>], offset: usize) -> bool {
    let Some(first) = row.iter().position(|c| !c.text.is_empty()) else {
        return true;
    };
    (first..row.len()).all(|p| {
        let text = row[p].text.as_str();
        if text.is_empty() || p == first {
            return true;
        }
        let Some(column) = columns.get(p + offset) else {
            return false;
        };
        match column {
            Some(Column::Label | Column::Level1) => false,
            // A template's own level-2 names (项目目标, 投入管理) are no standard label.
            Some(Column::Level2) => !is_points(text),
            Some(column) if column.is_points() => {
                is_points(text) || matches!(text, "-" | "/" | "／" | "—")
            }
            Some(Column::Nature) => nature_words(text).is_some(),
            // A unit is a word (`%`, `万元`, `人次`), never a number or a sentence.
            Some(Column::Unit) => {
                !is_points(text)
                    && text.chars().count() <= 8
                    && !text.contains(['，', ',', '。', '；', ';'])
            }
            _ => true,
        }
    })
}

/// A grade as forms print it after a total (`优`, `良`, `中`, `差`; `优秀`, `良好`), as the
/// language writes it.
pub(super) fn grade_word(text: &str) -> Option<&'static str> {
    Some(match text.trim() {
        "优" | "优秀" => "优",
        "良" | "良好" => "良",
        "中" | "中等" | "合格" => "中",
        "差" | "较差" | "不合格" => "差",
        _ => return None,
    })
}

/// The label of a totals row (合计, 总分, 绩效指标总分, 总分(100分)).
fn is_total_label(text: &str) -> bool {
    let key = header_key(text);
    matches!(key.as_str(), "绩效指标总分" | "合计" | "总分" | "总计")
}

/// What a 指标性质 cell says, as attributes of the language: `定量`/`定性`, `正向`/`反向`, or a
/// comparator (`指标性质 ≥`); `定量（正向）` says two things. `None` for anything else.
fn nature_words(text: &str) -> Option<Vec<String>> {
    let text: String = text.chars().filter(|c| !is_blank(*c)).collect();
    let parts: Vec<&str> = text
        .split(['(', ')', '（', '）', '、', '/', '／'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let mut words = Vec::new();
    for part in parts {
        let word = match part.trim_end_matches("指标") {
            "定量" => "定量".to_string(),
            "定性" => "定性".to_string(),
            "正向" => "正向".to_string(),
            "反向" => "反向".to_string(),
            comparator if is_comparator(comparator) => format!("指标性质 {comparator}"),
            _ => return None,
        };
        words.push(word);
    }
    Some(words)
}

/// A comparator as forms print it in a 指标性质 column (`≥`, `≦`, `>=`, `﹦`, `═`).
fn is_comparator(text: &str) -> bool {
    matches!(
        text,
        "≥" | "≤" | "=" | ">" | "<" | ">=" | "<=" | "＝" | "﹦" | "═" | "≧" | "≦" | "＞" | "＜"
    )
}

/// A goal block's label, `年度绩效目标1(40分)` or `年度目标1:(80分)`.
fn is_goal_label(text: &str) -> bool {
    (text.starts_with("年度绩效目标") || text.starts_with("年度目标"))
        && stream::has_weight(text.trim_end_matches([':', '：']))
}

/// Digits with an optional decimal point and nothing else.
fn is_bare_number(text: &str) -> bool {
    super::plain_number(text).is_some()
}

/// Name endings of lower-is-better indicators (控制率, 调整率, 结转结余率 …), used only when the
/// form prints no direction and no comparator (重庆 部门整体绩效自评表).
const REVERSE_SUFFIXES: &[&str] = &[
    "控制率",
    "调整率",
    "结余率",
    "超支率",
    "差错率",
    "投诉率",
    "事故率",
    "发生率",
    "偏差率",
];

/// A number of points or a percentage (`10`, `19.6`, `100%`).
fn is_points(text: &str) -> bool {
    is_bare_number(text.strip_suffix(['%', '分']).unwrap_or(text))
}
