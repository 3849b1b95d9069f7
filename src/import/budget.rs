//! The budget table (资金情况): column names, fund rows, weight/rate/score.

use super::{is_blank, quote, stream, value, Cell};

/// The role of a column of the budget table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Money {
    /// 年初预算数.
    Initial,
    /// 全年预算数 / 调整后预算数.
    Adjusted,
    /// 全年执行数 / 预算执行数.
    Executed,
    /// 分值 / 权重 / 执行率权重 (points).
    Weight,
    /// 执行率 (%).
    Rate,
    /// 执行率得分 / 得分 (points).
    Score,
    /// 原因: why the rate fell short.
    Reason,
}

impl Money {
    /// Whether the column holds an amount (万元) of a fund row.
    fn is_amount(self) -> bool {
        matches!(self, Money::Initial | Money::Adjusted | Money::Executed)
    }

    /// Whether `text` can be this column's value: a number for amounts (a damaged amount, OCR
    /// `O`, stays unmapped rather than becoming a wrong number), a number or a blank marker
    /// (`-`, `/`) for weight, rate and score, any text for a reason.
    fn accepts(self, text: &str) -> bool {
        let number = number_text(text);
        let text = number.as_str();
        match self {
            Money::Reason => true,
            _ if self.is_amount() => stream::is_amount(text) && !text.ends_with('%'),
            _ => stream::is_amount(text) || matches!(text, "/" | "／"),
        }
    }

    /// The budget-block keyword for a column that is not an amount.
    fn keyword(self) -> &'static str {
        match self {
            Money::Initial => "年初预算数",
            Money::Adjusted => "全年预算数",
            Money::Executed => "全年执行数",
            Money::Weight => "分值",
            Money::Rate => "执行率",
            Money::Score => "得分",
            Money::Reason => "原因",
        }
    }

    /// The line for this column's value in the budget block (`分值 10`, `原因 "…"`; a filling
    /// instruction in the 原因 cell becomes a comment).
    fn line(self, text: &str) -> String {
        match self {
            // The Sichuan form prints its filling instructions in the 原因 cell: no reason.
            Money::Reason if super::is_hint(text) => {
                format!("// 原因栏的填表说明: {}", text.replace(['\n', '\r'], " "))
            }
            Money::Reason => format!("原因 {}", quote(text)),
            other => format!("{} {}", other.keyword(), value(&number_text(text))),
        }
    }
}

/// The role of a budget-table header cell (`年初预算数`, `全年预算数(A)`, `调整后预算数`,
/// `执行率(B/A)`, `执行率权重`, `执行率得分(分)`, `原因`), or `None` for anything else (the
/// table's caption, e.g. 全年预算执行情况（万元）).
pub(super) fn money_column(text: &str) -> Option<Money> {
    let text: String = text.chars().filter(|c| !is_blank(*c)).collect();
    // A column named with its unit (`年初预算数（万元）`, `执行数(元)`) is that column; a caption
    // with a unit (全年预算执行情况（万元）, 项目资金(万元)) is none.
    let text = ["(万元)", "（万元）", "(元)", "（元）"]
        .iter()
        .find_map(|unit| text.strip_suffix(unit))
        .filter(|rest| !rest.contains("情况") && !rest.contains("资金") && !rest.is_empty())
        .map_or(text.clone(), str::to_string);
    // A column that says how a cell is computed (`得分计算方法`, `评分标准`) holds a rule, not
    // a value: it is no value column even when it starts with one's name.
    if text.contains("万元")
        || ["方法", "标准", "说明", "依据"]
            .iter()
            .any(|w| text.contains(w))
    {
        return None;
    }
    Some(if text.starts_with("年初预算") {
        Money::Initial
    } else if text.starts_with("全年预算")
        || text.starts_with("全年（调整）预算")
        || text.starts_with("全年(调整)预算")
        || text.starts_with("调整预算")
        || text.starts_with("调整后预算")
        || text == "预算数"
        || text.starts_with("预算数(")
        || text.starts_with("预算数（")
    {
        Money::Adjusted
    } else if text.starts_with("全年执行")
        || text.starts_with("执行数")
        || text.starts_with("预算执行数")
    {
        Money::Executed
    } else if text.contains("权重") || text.contains("分值") {
        Money::Weight
    } else if text.starts_with("执行率得分") || text.starts_with("得分") || text == "自评得分"
    {
        Money::Score
    } else if text.starts_with("执行率") || text.starts_with("预算执行率") {
        Money::Rate
    } else if text == "原因" || text.starts_with("偏差原因") {
        Money::Reason
    } else {
        return None;
    })
}

/// Reads the budget table whose header is `rows[start]`; returns the index of the next row.
pub(super) fn budget_table(
    rows: &[Vec<Cell>],
    start: usize,
    columns: &[Option<Money>],
    used: &mut [Vec<bool>],
    budget: &mut Vec<String>,
) -> usize {
    for (position, column) in columns.iter().enumerate() {
        if column.is_some() {
            used[start][position] = true;
        } else if is_budget_caption(&rows[start][position].text) {
            // The table's caption, e.g. 全年预算执行情况（万元）.
            used[start][position] = true;
        }
    }
    let order: Vec<Money> = columns.iter().flatten().copied().collect();
    let money_columns = order.iter().filter(|m| m.is_amount()).count();
    let mut index = start + 1;
    // An optional sub-header row: 总数 / 其中：财政资金 under each money column.
    let mut sources: Vec<String> = vec![String::new()];
    if let Some(row) = rows.get(index) {
        let subs: Vec<(usize, &Cell)> = row
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.text.is_empty())
            .collect();
        let is_sub = !subs.is_empty()
            && subs.iter().all(|(_, c)| {
                c.text == "总数"
                    || c.text.contains("其中")
                    || c.text.contains("资金")
                    || c.text.contains("拨款")
            });
        if is_sub && money_columns > 0 && subs.len().is_multiple_of(money_columns) {
            let per = subs.len() / money_columns;
            sources = subs[..per]
                .iter()
                .map(|(_, c)| {
                    if c.text == "总数" || c.text == "合计" {
                        "合计".to_string()
                    } else if c.text.contains("财政") {
                        "财政拨款".to_string()
                    } else if c.text.contains("其他") {
                        "其他资金".to_string()
                    } else {
                        c.text.clone()
                    }
                })
                .collect();
            for (position, _) in &subs {
                used[index][*position] = true;
            }
            index += 1;
        }
    }
    let per = sources.len();
    let Some(row) = rows.get(index) else {
        return index;
    };
    if per > 1 {
        if let Some(grid) = source_grid(columns, per, rows[index - 1].len()) {
            if row.len() == grid.len() {
                return split_source_rows(rows, index, &grid, &sources, used, budget);
            }
        }
    }
    if fund_row_label(row).is_some() {
        return fund_rows(rows, index, columns, used, budget);
    }
    let offset = row
        .len()
        .checked_sub(columns.len())
        .filter(|&offset| offset == 0 || row[..offset].iter().all(|c| c.text.is_empty()));
    if let (1, Some(offset)) = (per, offset) {
        // One unlabelled row of values as wide as the header (or wider by the caption cells the
        // header row lost, on its left): each under its header cell, never shifted.
        let mut tail = Vec::new();
        for (column, money) in columns.iter().enumerate() {
            let at = column + offset;
            let text = row[at].text.as_str();
            let Some(money) = money.filter(|m| !text.is_empty() && m.accepts(text)) else {
                continue;
            };
            used[index][at] = true;
            if money.is_amount() {
                // `-` marks a blank amount: a keyed line has nothing to say then.
                if number_text(text) != "-" {
                    budget.push(format!("{} {}", money.keyword(), value(&number_text(text))));
                }
            } else {
                tail.push(money.line(text));
            }
        }
        budget.extend(tail);
        return index + 1;
    }
    let values: Vec<(usize, &Cell)> = row
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.text.is_empty())
        .collect();
    let expected = money_columns * per + (order.len() - money_columns);
    // The cells must be as many as the columns; one that its column cannot hold (a damaged or
    // negative amount) stays unmapped and its place is `-`, the rest is read.
    if values.len() != expected {
        return index;
    }
    let mut cursor = 0;
    let mut amounts: Vec<Vec<&str>> = vec![Vec::new(); per];
    let mut tail = Vec::new();
    for money in &order {
        match money {
            Money::Initial | Money::Adjusted | Money::Executed => {
                for amount in &mut amounts {
                    let (at, cell) = values[cursor];
                    if money.accepts(&cell.text) {
                        amount.push(cell.text.as_str());
                        used[index][at] = true;
                    } else {
                        amount.push("-");
                    }
                    cursor += 1;
                }
            }
            other => {
                let (at, cell) = values[cursor];
                if other.accepts(&cell.text) {
                    tail.push(other.line(&cell.text));
                    used[index][at] = true;
                }
                cursor += 1;
            }
        }
    }
    let money_order: Vec<Money> = order.iter().copied().filter(|m| m.is_amount()).collect();
    let standard = money_order == [Money::Initial, Money::Adjusted, Money::Executed];
    for (source, amount) in sources.iter().zip(&amounts) {
        if source.is_empty() || !standard {
            for (money, value_text) in money_order.iter().zip(amount) {
                if number_text(value_text) == "-" {
                    continue;
                }
                budget.push(format!(
                    "{} {}",
                    money.keyword(),
                    value(&number_text(value_text))
                ));
            }
        } else {
            let cells: Vec<String> = amount.iter().map(|a| value(&number_text(a))).collect();
            budget.push(format!("{} {}", source, cells.join(" ")));
        }
    }
    budget.extend(tail);
    index + 1
}

/// The columns under a header whose amount columns are split by a sub-header (总数 /
/// 其中：财政资金 under each of 年初预算数 / 全年预算数 / 全年执行数) and whose other cells (分值,
/// 执行率, 得分, merged down over the sub-header) span both rows: per grid column, its role and
/// source (the sub-header's position under its amount column). `None` when the sub-header row is
/// not as wide as that grid.
fn source_grid(
    columns: &[Option<Money>],
    per: usize,
    width: usize,
) -> Option<Vec<Option<(Money, usize)>>> {
    let mut grid = Vec::new();
    for column in columns {
        match column {
            Some(money) if money.is_amount() => grid.extend((0..per).map(|s| Some((*money, s)))),
            Some(money) => grid.push(Some((*money, 0))),
            None => grid.push(None),
        }
    }
    (grid.len() == width).then_some(grid)
}

/// Reads the rows under a split header (see [`source_grid`]) cell by cell: each amount under its
/// column and source, the weight, rate and score under their own cells (never one for another);
/// a row's label (年度资金总额) names its first source, the sub-header the others. Returns the
/// next row's index.
fn split_source_rows(
    rows: &[Vec<Cell>],
    start: usize,
    grid: &[Option<(Money, usize)>],
    sources: &[String],
    used: &mut [Vec<bool>],
    budget: &mut Vec<String>,
) -> usize {
    let mut index = start;
    let mut tail: Vec<String> = Vec::new();
    let mut taken: Vec<Money> = Vec::new();
    while let Some(row) = rows.get(index) {
        if row.len() != grid.len() {
            break;
        }
        let label = row
            .iter()
            .zip(grid)
            .position(|(c, g)| g.is_none() && !c.text.is_empty());
        let source = label.and_then(|at| stream::fund_label(&row[at].text));
        if label.is_some() && source.is_none() {
            break;
        }
        if let Some(at) = label {
            used[index][at] = true;
        }
        let mut amounts = vec![["-".to_string(), "-".to_string(), "-".to_string()]; sources.len()];
        for (at, cell) in row.iter().enumerate() {
            let Some((money, s)) = grid[at] else {
                continue;
            };
            let text = cell.text.as_str();
            if text.is_empty() || !money.accepts(text) {
                continue;
            }
            used[index][at] = true;
            let slot = match money {
                Money::Initial => 0,
                Money::Adjusted => 1,
                Money::Executed => 2,
                _ if matches!(text, "-" | "/" | "／") => continue,
                other => {
                    if !taken.contains(&other) {
                        taken.push(other);
                        tail.push(other.line(text));
                    }
                    continue;
                }
            };
            amounts[s][slot] = value(&number_text(text));
        }
        for (s, amount) in amounts.iter().enumerate() {
            let name = match (s, source) {
                (0, Some(source)) => source.to_string(),
                _ => sources[s].clone(),
            };
            if name.is_empty() || amount.iter().all(|a| a == "-") {
                continue;
            }
            budget.push(format!("{name} {}", amount.join(" ")));
        }
        index += 1;
    }
    budget.extend(tail);
    index
}

/// The caption of a budget table (全年预算执行情况（万元）, 项目资金(万元), 预算执行情况(10分)).
fn is_budget_caption(text: &str) -> bool {
    // `资 金 来 源`: a caption spaced out to fill its cell.
    let text: String = text.chars().filter(|c| !is_blank(*c)).collect();
    text.contains("万元") || text.contains("资金") || text.starts_with("预算执行")
}

/// Reads labelled fund rows (`年度资金总额:` 0 0 0 10 0 0, `其中:本年财政拨款` 90 89.974 89.974,
/// `上年结转资金` with no amounts) from `rows[start..]`; `columns` are the header's roles, one per
/// header cell. A row as wide as the header is read cell by cell under its header cell (a Word or
/// Excel table); a narrower row (a text copy that dropped blank cells) takes its non-blank cells
/// in the header's order. Each fund row becomes `来源 年初 全年 执行` (`-` for a column the form
/// does not have or left blank); the weight, rate, score and reason come from the first row that
/// has them, and a rate or score printed on a later row (其中:财政资金 100.00%) is kept as a
/// comment after that row. Returns the next row's index.
fn fund_rows(
    rows: &[Vec<Cell>],
    start: usize,
    columns: &[Option<Money>],
    used: &mut [Vec<bool>],
    budget: &mut Vec<String>,
) -> usize {
    // The header's width without the blank cells a copy leaves at its end.
    let header_width = start
        .checked_sub(1)
        .and_then(|h| rows[h].iter().rposition(|c| !c.text.is_empty()))
        .map_or(columns.len(), |last| last + 1);
    let order: Vec<Money> = columns.iter().flatten().copied().collect();
    let mut tail: Vec<String> = Vec::new();
    let mut taken: Vec<Money> = Vec::new();
    let mut index = start;
    while let Some(row) = rows.get(index) {
        let Some((label_at, source)) = fund_row_label(row) else {
            // A fund row the language has no source for (转移支付: 其中：中央财政资金, 地方资金):
            // kept as a comment in the budget, never read as another source's amounts.
            match other_fund_row(row) {
                Some(line) => {
                    for (position, cell) in row.iter().enumerate() {
                        if !cell.text.is_empty() {
                            used[index][position] = true;
                        }
                    }
                    budget.push(line);
                    index += 1;
                    continue;
                }
                None => break,
            }
        };
        used[index][label_at] = true;
        let cells: Vec<(usize, Money)> = if let Some(shift) =
            label_column_offset(row, label_at, columns, header_width)
        {
            // The row lacks the caption cell the header has on its left (贵州: 部门(单位)总体资金
            // merged down beside 资金来源): its label goes under the label column and every cell
            // after it under its own header cell, as the cells' kinds say.
            (label_at + 1..row.len())
                .filter(|&p| p + shift < columns.len())
                .filter_map(|p| columns[p + shift].map(|m| (p, m)))
                .collect()
        } else if let Some(offset) = row.len().checked_sub(columns.len()).filter(|&offset| {
            // Right-aligned only when the label then stands under a caption column: the
            // header lost its caption on the left (a row wider at its other end is read in
            // the header's order).
            offset == 0 || (label_at >= offset && columns[label_at - offset].is_none())
        }) {
            // As wide as the header, or wider by caption cells the header row lost (项目资金(万元)
            // merged away): each cell under its own header cell, never shifted.
            (label_at + 1..row.len())
                .filter(|&p| p >= offset)
                .filter_map(|p| columns[p - offset].map(|m| (p, m)))
                .collect()
        } else {
            let filled: Vec<usize> = (label_at + 1..row.len())
                .filter(|&p| !row[p].text.is_empty())
                .collect();
            let zipped: Vec<(usize, Money)> =
                filled.iter().copied().zip(order.iter().copied()).collect();
            // A row that left out some cells but writes others as blank markers (`—`) cannot be
            // read in the header's order: a marker under an amount means its blanks are not at
            // its end (云南: `其中:当年财政拨款 387664.62 387664.62 — —` under six columns). Its
            // cells are reported, never guessed.
            let marker = |p: usize| matches!(row[p].text.as_str(), "—" | "－" | "-" | "/" | "／");
            let amounts: Vec<usize> = zipped
                .iter()
                .filter(|(_, money)| money.is_amount())
                .map(|&(p, _)| p)
                .collect();
            let mixed = amounts.iter().any(|&p| marker(p)) && amounts.iter().any(|&p| !marker(p));
            // Fewer amounts than amount columns, some of them numbers: which one is missing
            // cannot be known either.
            let short = amounts.len() < order.iter().filter(|m| m.is_amount()).count()
                && amounts.iter().any(|&p| !marker(p));
            // A percentage under an amount, a weight or a score column: the row lost a cell
            // before it and everything after is one column off (稷山: `0 207.4538 10 100% 10`
            // under 年初 / 全年 / 执行 / 分值 / 执行率 / 得分 read 执行率 10 and 分值 100%).
            let shifted = zipped.iter().any(|&(p, money)| {
                row[p].text.ends_with('%') && !matches!(money, Money::Rate | Money::Reason)
            });
            if filled.len() < order.len() && (mixed || short || shifted) {
                used[index][label_at] = false;
                index += 1;
                continue;
            }
            zipped
        };
        let mut amounts = ["-".to_string(), "-".to_string(), "-".to_string()];
        let mut notes = Vec::new();
        // The form's own weight for execution, printed in this row (a sub-row repeats it or
        // marks it `—`).
        let weighted = cells.iter().any(|&(at, money)| {
            money == Money::Weight && stream::is_amount(&row[at].text) && row[at].text != "-"
        });
        for (at, money) in cells {
            let text = row[at].text.as_str();
            if text.is_empty() && money == Money::Score && weighted && !taken.contains(&money) {
                // The score cell is there and blank beside a weight (安徽 022, over-execution
                // left unscored): written as the form prints it, `得分 -`, which check reports
                // (W0303), never left out as if the column were not printed.
                taken.push(money);
                tail.push(format!("{} -  // 原表此格为空", money.keyword()));
                continue;
            }
            if text.is_empty() || !money.accepts(text) {
                continue;
            }
            used[index][at] = true;
            match money {
                Money::Initial => amounts[0] = value(&number_text(text)),
                Money::Adjusted => amounts[1] = value(&number_text(text)),
                Money::Executed => amounts[2] = value(&number_text(text)),
                // A blank marker under the weight/rate/score of a source row.
                _ if matches!(text, "-" | "/" | "／") => {}
                other if !taken.contains(&other) => {
                    taken.push(other);
                    tail.push(other.line(text));
                }
                other => notes.push(format!("{} {text}", other.keyword())),
            }
        }
        let mut line = format!("{source} {}", amounts.join(" "));
        if !notes.is_empty() {
            line.push_str(&format!(
                "  // {}",
                notes.join("；").replace(['\n', '\r'], " ")
            ));
        }
        budget.push(line);
        index += 1;
    }
    budget.extend(tail);
    index
}

/// A fund row whose label names no source of the language (`其中：中央财政资金`, `地方资金`,
/// `省级资金`) and whose other cells are amounts or rates, as a comment line.
pub(super) fn other_fund_row(row: &[Cell]) -> Option<String> {
    let filled: Vec<&str> = row
        .iter()
        .map(|c| c.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    let (label, values) = filled.split_first()?;
    let bare = label
        .trim_start_matches("其中")
        .trim_start_matches([':', '：'])
        .trim_end_matches([':', '：']);
    // 基本支出 / 项目支出: a department's funds split by spending type (贵州 整体支出表).
    let fund = ["资金", "拨款", "补助", "支出"]
        .iter()
        .any(|word| bare.ends_with(word));
    let amounts = !values.is_empty()
        && values
            .iter()
            .all(|v| stream::is_amount(&number_text(v)) || matches!(*v, "/" | "／" | "—"));
    (fund && amounts && bare.chars().count() <= 16).then(|| {
        format!(
            "// {}: {}",
            label.replace(['\n', '\r'], " "),
            values.join(" ")
        )
    })
}

/// How far right a fund row must move so that its label stands under the header's label column
/// (a column with no money role, e.g. 资金来源) when the row left out the caption cell the header
/// has on its left (merged down over the fund rows). Only a move by which every filled cell fits
/// the column it lands under counts: an amount under an amount column, a weight, rate or score
/// under its own, text only under a column with no money role; a percentage never under an
/// amount. `None` when no move, or more than one, fits, or when the row needs none: the row is
/// then read as before (or reported).
fn label_column_offset(
    row: &[Cell],
    label_at: usize,
    columns: &[Option<Money>],
    header_width: usize,
) -> Option<usize> {
    let last = row.iter().rposition(|c| !c.text.is_empty())?;
    let fits = |shift: usize| {
        last + shift < header_width.min(columns.len())
            && columns[label_at + shift].is_none()
            && (label_at + 1..=last).all(|p| {
                let text = row[p].text.as_str();
                match columns[p + shift] {
                    _ if text.is_empty() => true,
                    Some(money) => {
                        // A percentage only under the rate (or a reason).
                        money.accepts(text)
                            && (!text.ends_with('%')
                                || matches!(money, Money::Rate | Money::Reason))
                    }
                    None => !stream::is_amount(&number_text(text)),
                }
            })
            && (label_at + 1..=last).any(|p| {
                columns[p + shift].is_some_and(Money::is_amount) && !row[p].text.is_empty()
            })
    };
    let shifts: Vec<usize> = (1..header_width).filter(|&shift| fits(shift)).collect();
    // Read as printed when the row fits its header cell by cell already.
    match shifts.as_slice() {
        [shift] if !fits(0) => Some(*shift),
        _ => None,
    }
}

/// The position and fund-source keyword of a fund row's label: its first non-blank cell (a blank
/// cell before it is the merged caption 项目资金（万元） of the rows above).
///
/// A row of the split by type of spending (`基本支出`, `其中：项目支出`, 贵州 and 湖南 部门整体
/// tables) counts too: the language writes it as a budget row of its own, never added to the
/// sources and checked against the total on its own (W0304), so its amounts are placed under
/// their header cells exactly as a source's are, with the same refusals when they do not fit.
fn fund_row_label(row: &[Cell]) -> Option<(usize, &'static str)> {
    let at = row.iter().position(|c| !c.text.is_empty())?;
    let text = row[at].text.as_str();
    stream::fund_label(text)
        .or_else(|| spending_split_label(text))
        .map(|source| (at, source))
}

/// The keyword of a label of the split by type of spending (`基本支出`, `其中:项目支出：`), as
/// the language writes the row; `None` for any other label (a label with its amount in the same
/// cell, `其中:基本支出:900.47`, included: its column cannot be known).
fn spending_split_label(text: &str) -> Option<&'static str> {
    use crate::syntax::keywords::{is_spending_split_row, SPENDING_SPLIT_ROWS};
    let label = text.trim().trim_end_matches([':', '：']);
    if !is_spending_split_row(label) {
        return None;
    }
    SPENDING_SPLIT_ROWS
        .iter()
        .copied()
        .find(|keyword| label.ends_with(keyword))
}

/// Reads the 河北 system export's budget table, whose rows pair a label with its amount under
/// three captions (预算安排情况(调整后) / 资金到位情况 / 资金执行情况) and a rate column
/// 预算执行进度(%):
///
/// ```text
/// 预算数 6.84 | 到位数 6.84 | 执行数 6.84 | 100.00
/// 其中:财政资金 6.84 | 其中:财政资金 6.84 | 其中:财政资金 6.84
/// ```
///
/// The first row gives 全年预算数, 全年执行数 and 执行率 (a percentage printed without `%`);
/// 到位数 and the fund rows below are kept as comments. Returns the next row's index, or `None`
/// when `rows[start]` is not such a header.
pub(super) fn paired_table(
    rows: &[Vec<Cell>],
    start: usize,
    used: &mut [Vec<bool>],
    budget: &mut Vec<String>,
) -> Option<usize> {
    let header = &rows[start];
    let is_header = header.iter().any(|c| c.text.starts_with("预算安排情况"))
        && header.iter().any(|c| c.text.starts_with("资金执行情况"));
    if !is_header {
        return None;
    }
    let rate_column = header.iter().any(|c| c.text.starts_with("预算执行进度"));
    for (position, cell) in header.iter().enumerate() {
        if !cell.text.is_empty() {
            used[start][position] = true;
        }
    }
    let mut index = start + 1;
    while let Some(row) = rows.get(index) {
        let filled: Vec<usize> = (0..row.len())
            .filter(|&p| !row[p].text.is_empty())
            .collect();
        let Some(&first) = filled.first() else {
            index += 1;
            continue;
        };
        let label = row[first].text.as_str();
        let first_row = index == start + 1;
        if !(first_row && label == "预算数") && stream::fund_label(label).is_none() {
            break;
        }
        let mut comments = Vec::new();
        let mut pairs = filled.iter().peekable();
        while let Some(&at) = pairs.next() {
            let text = row[at].text.as_str();
            used[index][at] = true;
            let is_label = text.chars().any(|c| !c.is_ascii_digit() && c != '.');
            let amount = if is_label {
                pairs
                    .next_if(|&&next| Money::Adjusted.accepts(&row[next].text))
                    .map(|&next| {
                        used[index][next] = true;
                        row[next].text.as_str()
                    })
            } else {
                None
            };
            match (first_row, text, amount) {
                (true, "预算数", Some(amount)) => {
                    budget.push(format!("全年预算数 {}", value(&number_text(amount))));
                }
                (true, "执行数", Some(amount)) => {
                    budget.push(format!("全年执行数 {}", value(&number_text(amount))));
                }
                (true, rate, None) if rate_column && !is_label && Money::Rate.accepts(rate) => {
                    budget.push(format!("执行率 {}", value(rate)));
                }
                (_, label, Some(amount)) => comments.push(format!("{label} {amount}")),
                (_, other, None) => comments.push(other.to_string()),
            }
        }
        if !comments.is_empty() {
            budget.push(format!("// {}", comments.join("，")));
        }
        index += 1;
    }
    Some(index)
}

/// Reads 湖北's budget table, whose columns are the fund sources (中央(万元) / 省、地(万元) /
/// 本级(万元) / 其他(万元) / 合计(万元)) followed by 执行数(万元) and 执行率, with one row of
/// amounts under them. The 合计 is the 全年预算数; the sources' own amounts are kept as a
/// comment. Returns the next row's index, or `None` when `rows[start]` is not such a header.
pub(super) fn source_columns_table(
    rows: &[Vec<Cell>],
    start: usize,
    used: &mut [Vec<bool>],
    budget: &mut Vec<String>,
) -> Option<usize> {
    let header = &rows[start];
    let sources: Vec<Option<&'static str>> =
        header.iter().map(|c| stream::fund_label(&c.text)).collect();
    let money: Vec<Option<Money>> = header
        .iter()
        .map(|c| {
            money_column(
                c.text
                    .trim_end_matches("(万元)")
                    .trim_end_matches("（万元）"),
            )
        })
        .collect();
    let roles = sources.iter().flatten().count();
    if roles < 2 || !money.contains(&Some(Money::Executed)) {
        return None;
    }
    let row = rows.get(start + 1)?;
    if row.len() != header.len() {
        return None;
    }
    for (position, cell) in header.iter().enumerate() {
        if !cell.text.is_empty() {
            used[start][position] = true;
        }
    }
    let mut comments = Vec::new();
    let mut lines = Vec::new();
    for (position, cell) in row.iter().enumerate() {
        let text = cell.text.as_str();
        if text.is_empty() || !stream::is_amount(text) {
            continue;
        }
        let line = match (sources[position], money[position]) {
            (Some(source), _) if is_total(source) => {
                format!("全年预算数 {}", value(&number_text(text)))
            }
            (Some(source), _) => {
                comments.push(format!("{source} {text}"));
                used[start + 1][position] = true;
                continue;
            }
            (None, Some(Money::Executed)) => format!("全年执行数 {}", value(&number_text(text))),
            (None, Some(Money::Rate)) => format!("执行率 {}", value(&number_text(text))),
            _ => continue,
        };
        used[start + 1][position] = true;
        lines.push(line);
    }
    budget.extend(lines);
    // This layout scores 项目决策 + 项目管理 + 项目绩效 = 100 and gives execution no points.
    budget.push("分值 0  // 表中没有执行率的分值与得分".to_string());
    if !comments.is_empty() {
        budget.push(format!("// 资金来源: {}", comments.join("，")));
    }
    Some(start + 2)
}

/// Whether a fund-source keyword names the total row (合计, 总额, 年度资金总额 …).
fn is_total(source: &str) -> bool {
    use crate::syntax::keywords::{FundSource, FUND_SOURCES};
    FUND_SOURCES
        .iter()
        .any(|(keyword, kind)| *keyword == source && *kind == FundSource::Total)
}

/// A number as the language writes it: full-width digits, point and percent sign as ASCII, the
/// unit typed after an amount (万元, 万, 元) dropped, thousands separators (`1,155.41`, `1，155.41`)
/// removed. Anything that is not a number comes back as it was (and is then refused).
fn number_text(text: &str) -> String {
    let ascii = crate::syntax::quantity::normalise_digits(text)
        .replace('％', "%")
        .replace('，', ",");
    // The unit typed after an amount (`4753.66万元`, `150万`, `387664.62元`): the form's money
    // unit is settled from the header or from these units (see `FormReader::unit_of_amounts`).
    let trimmed = ascii.trim();
    let bare = trimmed
        .strip_suffix("万元")
        .or_else(|| trimmed.strip_suffix('万'))
        .or_else(|| trimmed.strip_suffix('元'))
        .unwrap_or(trimmed)
        .trim_end();
    let grouped = bare.contains(',')
        && bare
            .split(',')
            .skip(1)
            .all(|group| group.len() >= 3 && group[..3].chars().all(|c| c.is_ascii_digit()));
    let plain = if grouped {
        bare.replace(',', "")
    } else {
        bare.to_string()
    };
    if stream::is_amount(&plain) {
        plain
    } else {
        text.to_string()
    }
}
