//! The budget table (资金情况): column names, fund rows, weight/rate/score.

use super::{is_blank, stream, value, Cell};

/// The role of a column of the budget table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Money {
    Initial,
    Adjusted,
    Executed,
    Weight,
    Rate,
    Score,
}

pub(super) fn money_column(text: &str) -> Option<Money> {
    let text: String = text.chars().filter(|c| !is_blank(*c)).collect();
    if text.contains("万元") {
        // The table's caption, e.g. 全年预算执行情况（万元）.
        return None;
    }
    Some(if text.starts_with("年初预算") {
        Money::Initial
    } else if text.starts_with("全年预算")
        || text.starts_with("全年（调整）预算")
        || text.starts_with("调整预算")
    {
        Money::Adjusted
    } else if text.starts_with("全年执行") || text.starts_with("执行数") {
        Money::Executed
    } else if text.contains("权重") || text.contains("分值") {
        Money::Weight
    } else if text.starts_with("执行率得分") || text == "得分" {
        Money::Score
    } else if text.starts_with("执行率") {
        Money::Rate
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
        } else if rows[start][position].text.contains("万元")
            || rows[start][position].text.contains("资金")
        {
            // The table's caption, e.g. 全年预算执行情况（万元）.
            used[start][position] = true;
        }
    }
    let order: Vec<Money> = columns.iter().flatten().copied().collect();
    let money_columns = order
        .iter()
        .filter(|m| matches!(m, Money::Initial | Money::Adjusted | Money::Executed))
        .count();
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
    if row
        .first()
        .is_some_and(|c| stream::fund_label(&c.text).is_some())
    {
        return fund_rows(rows, index, &order, used, budget);
    }
    let values: Vec<(usize, &Cell)> = row
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.text.is_empty())
        .collect();
    let expected = money_columns * per + (order.len() - money_columns);
    if values.len() != expected {
        return index;
    }
    let mut cursor = 0;
    let mut amounts: Vec<Vec<&str>> = vec![Vec::new(); per];
    let mut tail = Vec::new();
    for money in &order {
        match money {
            Money::Initial | Money::Adjusted | Money::Executed => {
                for amount in amounts.iter_mut() {
                    amount.push(values[cursor].1.text.as_str());
                    used[index][values[cursor].0] = true;
                    cursor += 1;
                }
            }
            other => {
                let keyword = match other {
                    Money::Weight => "分值",
                    Money::Rate => "执行率",
                    _ => "得分",
                };
                tail.push(format!("{keyword} {}", value(&values[cursor].1.text)));
                used[index][values[cursor].0] = true;
                cursor += 1;
            }
        }
    }
    let money_order: Vec<Money> = order
        .iter()
        .copied()
        .filter(|m| matches!(m, Money::Initial | Money::Adjusted | Money::Executed))
        .collect();
    let standard = money_order == [Money::Initial, Money::Adjusted, Money::Executed];
    for (source, amount) in sources.iter().zip(&amounts) {
        if source.is_empty() || !standard {
            for (money, value_text) in money_order.iter().zip(amount) {
                let keyword = match money {
                    Money::Initial => "年初预算数",
                    Money::Adjusted => "全年预算数",
                    _ => "全年执行数",
                };
                budget.push(format!("{keyword} {}", value(value_text)));
            }
        } else {
            let cells: Vec<String> = amount.iter().map(|a| value(a)).collect();
            budget.push(format!("{} {}", source, cells.join(" ")));
        }
    }
    budget.extend(tail);
    index + 1
}

/// Reads labelled fund rows (`年度资金总额:` 0 0 0 10 0 0, `其中:本年财政拨款` 90 89.974 89.974,
/// `上年结转资金` with no amounts) from `rows[start..]`, the money columns in `order`; the
/// weight, rate and score come from the first row that has them. Returns the next row's index.
fn fund_rows(
    rows: &[Vec<Cell>],
    start: usize,
    order: &[Money],
    used: &mut [Vec<bool>],
    budget: &mut Vec<String>,
) -> usize {
    let money: Vec<Money> = order
        .iter()
        .copied()
        .filter(|m| matches!(m, Money::Initial | Money::Adjusted | Money::Executed))
        .collect();
    let standard = money == [Money::Initial, Money::Adjusted, Money::Executed];
    let mut tail: Vec<String> = Vec::new();
    let mut index = start;
    while let Some(row) = rows.get(index) {
        let Some(source) = row.first().and_then(|c| stream::fund_label(&c.text)) else {
            break;
        };
        used[index][0] = true;
        let values: Vec<(usize, &Cell)> = row
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, c)| !c.text.is_empty())
            .collect();
        let mut amounts = Vec::new();
        let mut cursor = 0;
        for money_column in order {
            let Some((at, cell)) = values.get(cursor) else {
                if matches!(
                    money_column,
                    Money::Initial | Money::Adjusted | Money::Executed
                ) {
                    amounts.push("-".to_string());
                }
                continue;
            };
            cursor += 1;
            match money_column {
                Money::Initial | Money::Adjusted | Money::Executed => {
                    amounts.push(value(&cell.text));
                    used[index][*at] = true;
                }
                other if tail.len() < 3 && index == start => {
                    let keyword = match other {
                        Money::Weight => "分值",
                        Money::Rate => "执行率",
                        _ => "得分",
                    };
                    tail.push(format!("{keyword} {}", value(&cell.text)));
                    used[index][*at] = true;
                }
                // A blank marker under the weight/rate/score of a source row.
                _ if cell.text == "-" => used[index][*at] = true,
                _ => {}
            }
        }
        if standard {
            budget.push(format!("{source} {}", amounts.join(" ")));
        } else {
            for (money_column, amount) in money.iter().zip(&amounts) {
                let keyword = match money_column {
                    Money::Initial => "年初预算数",
                    Money::Adjusted => "全年预算数",
                    _ => "全年执行数",
                };
                budget.push(format!("{keyword} {amount}"));
            }
        }
        index += 1;
    }
    budget.extend(tail);
    index
}
