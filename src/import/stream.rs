//! Annotated text copies of published forms (as in `tests/fixtures/import/0*.txt`): a header
//! (`source:`, `kind:`, `year:`), then
//! the cells of the form **one per line without row breaks** (some rows written `cell | cell`),
//! and `[…]` annotations that are not published text.
//!
//! [`sample_rows`] rebuilds the rows that [`super::import_rows`] expects from such a stream, for
//! the Anhui/central project layout (title, 项目名称 / 主管部门 / 实施单位, the budget table
//! 年初预算数 … 得分 with its fund rows 年度资金总额: / 其中:本年财政拨款 / 上年结转资金 /
//! 其他资金, 年度总体目标, the indicator table with weights in the level-1 labels). Annotations
//! and cells that fit no row are moved to rows of their own at the end, so they are listed as
//! unmapped with their line numbers and never read as data. The `year:` header is kept as a
//! cell `year: NNNN`, which the recogniser uses only when the form prints no year.

use super::indicators::{indicator_column, Column};
use super::{clean, money_column, Cell, Money};
use crate::syntax::keywords::{CATEGORY_VARIANTS, FUND_SOURCES, TAXONOMY};

/// Whether `text` starts with the sample header (`source:` / `kind:` / `year:` lines).
pub(super) fn is_sample(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .is_some_and(|line| {
            ["source:", "kind:", "year:"]
                .iter()
                .any(|p| line.starts_with(p))
        })
}

/// A fund row's label (`年度资金总额:`, `其中:本年财政拨款`) as a fund-source keyword.
pub(super) fn fund_label(text: &str) -> Option<&'static str> {
    let text = text.trim_end_matches([':', '：']);
    let text = text
        .strip_prefix("其中:")
        .or_else(|| text.strip_prefix("其中："))
        .unwrap_or(text);
    FUND_SOURCES
        .iter()
        .map(|(keyword, _)| *keyword)
        .find(|keyword| *keyword == text && !keyword.is_ascii())
}

/// A number, a percentage or the blank marker `-`.
pub(super) fn is_amount(text: &str) -> bool {
    let text = text.trim_end_matches('%');
    // The language's own number reader: a float parser would also take `NaN`, `inf` and `1e5`.
    text == "-" || is_number(text)
}

/// An amount typed with its money unit: `4753.66万元`, `150万`, `387664.62元`.
fn is_amount_with_unit(text: &str) -> bool {
    text.strip_suffix("万元")
        .or_else(|| text.strip_suffix('万'))
        .or_else(|| text.strip_suffix('元'))
        .is_some_and(|number| is_number(number.trim()))
}

/// Digits with an optional decimal point, as `.jx` writes numbers.
fn is_number(text: &str) -> bool {
    super::plain_number(text).is_some()
}

/// A level-1 label: a standard category with or without its weight `(50分)`.
fn is_level1(text: &str) -> bool {
    let base = strip_weight(text);
    if base.len() < text.len() {
        // `(50分)` alone: a level-1 cell whose name was lost (named after its level 2 later).
        return base.ends_with("指标") || base.is_empty();
    }
    TAXONOMY.iter().any(|(level1, _)| *level1 == text)
}

/// `产出指标(50分)` without its weight.
pub(super) fn strip_weight(text: &str) -> &str {
    super::split_weight(text).map_or(text, |(label, _)| label)
}

/// A level-2 label: a standard category, one of its variants, or a level-1 name repeated as
/// level 2 (满意度指标 under 满意度指标(10分)).
pub(super) fn is_level2(text: &str) -> bool {
    // `服务对象满意度` is 服务对象满意度指标 without its last word.
    let with_word = format!("{text}指标");
    TAXONOMY.iter().any(|(level1, children)| {
        *level1 == text || children.contains(&text) || children.contains(&with_word.as_str())
    }) || CATEGORY_VARIANTS
        .iter()
        .any(|(variant, _)| *variant == text)
}

fn cell(line: usize, text: &str) -> Cell {
    Cell {
        place: None,
        line,
        text: text.to_string(),
    }
}

fn blank(line: usize) -> Cell {
    cell(line, "")
}

/// Rebuilds the rows of a sample text copy (see the module documentation).
pub(super) fn sample_rows(text: &str) -> Vec<Vec<Cell>> {
    let mut cells: Vec<Cell> = Vec::new();
    // The `a | b | c` line each cell came from, if any: such a line is a row as printed.
    let mut piped: Vec<bool> = Vec::new();
    let mut aside: Vec<Cell> = Vec::new();
    // Where the copy says it was cut off (`[excerpt truncated here]`): the index of the cell
    // after the cut. A row that ends there short of its columns lost its last cells.
    let mut cuts: Vec<usize> = Vec::new();
    let mut in_header = true;
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let trimmed = clean(line);
        if trimmed.is_empty() {
            continue;
        }
        if in_header {
            if let Some(year) = trimmed.strip_prefix("year:") {
                cells.push(cell(line_number, &format!("year: {}", year.trim())));
                continue;
            }
            if trimmed.starts_with("source:") || trimmed.starts_with("kind:") {
                continue;
            }
            in_header = false;
        }
        // A row written `a | b | | c |`: its cells in order; a blank between two bars, or after
        // a bar at the end, is a blank cell.
        let is_row = trimmed.contains(" | ");
        let parts: Vec<&str> = if is_row {
            trimmed.split('|').collect()
        } else {
            vec![trimmed.as_str()]
        };
        let before = cells.len();
        for part in parts {
            let part = clean(part);
            if part.starts_with('[') && part.ends_with(']') {
                if marks_one_blank(&part) || (is_row && part == "[empty]") {
                    // `[blank]`, `[得分 blank]`: the cell exists and is empty.
                    cells.push(blank(line_number));
                } else if is_row {
                    // An annotation in place of a cell: the cell is there, unread.
                    aside.push(cell(line_number, &part));
                    cells.push(blank(line_number));
                } else {
                    if part.contains("truncated") {
                        cuts.push(cells.len());
                    }
                    aside.push(cell(line_number, &part));
                }
            } else if !part.is_empty() || is_row {
                cells.push(cell(line_number, &part));
            }
        }
        piped.resize(before, false);
        piped.resize(cells.len(), is_row);
    }
    // A category label broken over two lines by a narrow column (`经济效益` / `指标`, one cell a
    // line) is one cell: the word 指标 alone is never a cell of its own there.
    let mut k = 0;
    while k + 1 < cells.len() {
        let joined = format!("{}指标", cells[k].text);
        if !piped[k]
            && !piped[k + 1]
            && cells[k + 1].text == "指标"
            && (is_level2(&joined) || TAXONOMY.iter().any(|(level1, _)| *level1 == joined))
        {
            cells[k].text = joined;
            cells.remove(k + 1);
            piped.remove(k + 1);
            for cut in &mut cuts {
                if *cut > k + 1 {
                    *cut -= 1;
                }
            }
        }
        k += 1;
    }
    // A row as printed: the cells of one `a | b` line.
    let printed_row = |i: usize| -> Option<usize> {
        if !piped.get(i).copied().unwrap_or(false) {
            return None;
        }
        let line = cells[i].line;
        Some(
            (i..cells.len())
                .take_while(|&j| piped[j] && cells[j].line == line)
                .count(),
        )
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut i = 0;
    let text_at = |i: usize| cells.get(i).map_or("", |c| c.text.as_str());
    while i < cells.len() {
        let text = text_at(i);
        if let Some(width) = printed_row(i) {
            rows.push(cells[i..i + width].to_vec());
            i += width;
            continue;
        }
        // An indicator header written one cell a line above rows written `a | b`: one header
        // row, or two when level columns follow the cells that span them (绩效指标 年度指标值 …
        // over 一级指标 二级指标 三级指标 指标性质 指标值 度量单位).
        let run = (i..cells.len())
            .take_while(|&j| printed_row(j).is_none() && indicator_column(text_at(j)).is_some())
            .count();
        if run >= 3 && printed_row(i + run).is_some() {
            let header = &cells[i..i + run];
            let split = header
                .iter()
                .position(|c| indicator_column(&c.text) == Some(Column::Level1))
                .filter(|&k| k > 0);
            match split {
                Some(k) => {
                    rows.push(header[..k].to_vec());
                    rows.push(header[k..].to_vec());
                }
                None => rows.push(header.to_vec()),
            }
            i += run;
            continue;
        }
        // A scoring sheet's header written one cell a line (四川部门整体支出计分表): the caption
        // 绩效指标, the columns it does not span (指标分值 指标解释 计分标准 自评得分 备注), then
        // the level columns under the caption (一级指标 二级指标 三级指标). Two header rows, as
        // in the Word table, and data rows in grid order: levels and name first.
        if run >= 4 && indicator_column(text) == Some(Column::Label) {
            let header = &cells[i..i + run];
            let level_at = header
                .iter()
                .position(|c| indicator_column(&c.text) == Some(Column::Level1))
                .filter(|&k| k >= 2);
            let levels_only = |k: usize| {
                header[k..].iter().all(|c| {
                    matches!(
                        indicator_column(&c.text),
                        Some(Column::Level1 | Column::Level2 | Column::Name)
                    )
                }) && header[k..]
                    .iter()
                    .any(|c| indicator_column(&c.text) == Some(Column::Name))
            };
            if let Some(k) = level_at.filter(|&k| levels_only(k)) {
                rows.push(header[..k].to_vec());
                rows.push(header[k..].to_vec());
                let columns: Vec<Option<Column>> = header[k..]
                    .iter()
                    .chain(&header[1..k])
                    .map(|c| indicator_column(&c.text))
                    .collect();
                let stream = Stream {
                    cells: &cells,
                    piped: &piped,
                    cuts: &cuts,
                };
                i = indicator_rows(&stream, i + run, &columns, &mut rows, &mut aside);
                continue;
            }
        }
        // A totals row after the table (`总分` 100 96 优, 云南): its label, the numbers after it
        // and a grade.
        if matches!(text, "总分" | "合计" | "总计") && is_amount(text_at(i + 1)) {
            let mut j = i + 1;
            while j < cells.len() && j < i + 3 && is_amount(text_at(j)) && printed_row(j).is_none()
            {
                j += 1;
            }
            if j < cells.len() && super::indicators::grade_word(text_at(j)).is_some() {
                j += 1;
            }
            rows.push(cells[i..j].to_vec());
            i = j;
            continue;
        }
        // Header field: label and value (blank when the next cell is another label).
        if super::header_field(text).is_some() {
            let next = text_at(i + 1);
            if i + 1 < cells.len()
                && super::header_field(next).is_none()
                && money_column(next).is_none()
            {
                rows.push(vec![cells[i].clone(), cells[i + 1].clone()]);
                i += 2;
            } else {
                rows.push(vec![cells[i].clone(), blank(cells[i].line)]);
                i += 1;
            }
            continue;
        }
        // 河北: label and amount pairs under three captions (预算安排情况(调整后) 资金到位情况
        // 资金执行情况 预算执行进度(%)), a row for 预算数 / 到位数 / 执行数 and one per fund.
        if text.starts_with("预算安排情况") {
            let captions = [
                "预算安排情况",
                "资金到位情况",
                "资金执行情况",
                "预算执行进度",
            ];
            let mut j = i;
            while j < cells.len() && captions.iter().any(|c| text_at(j).starts_with(c)) {
                j += 1;
            }
            rows.push(cells[i..j].to_vec());
            loop {
                let label = text_at(j);
                let first_row = label == "预算数";
                if !first_row && fund_label(label).is_none() {
                    break;
                }
                let mut row = Vec::new();
                while j + 1 < cells.len()
                    && (text_at(j) == label
                        || (first_row && matches!(text_at(j), "到位数" | "执行数")))
                    && is_amount(text_at(j + 1))
                {
                    row.extend_from_slice(&cells[j..j + 2]);
                    j += 2;
                }
                if first_row && is_amount(text_at(j)) {
                    row.push(cells[j].clone());
                    j += 1;
                }
                if row.is_empty() {
                    break;
                }
                rows.push(row);
            }
            i = j;
            continue;
        }
        // Budget table: optional caption, then the column names, then the fund rows. A fund
        // row's label may come between the caption and the column names (a copy that read the
        // label column first: 预算执行情况(万元)(20分) 年度财政资金总额 预算数(A) …).
        let is_caption = money_column(text).is_none()
            && (text.contains("万元") || text.contains("资金") || text.starts_with("预算执行"));
        if is_caption
            && fund_label(text_at(i + 1)).is_some()
            && matches!(
                money_column(text_at(i + 2)),
                Some(Money::Initial | Money::Adjusted)
            )
        {
            let mut header = vec![cells[i].clone()];
            let mut j = i + 2;
            while j < cells.len() && money_column(text_at(j)).is_some() {
                header.push(cells[j].clone());
                j += 1;
            }
            let width = header.len() - 1;
            rows.push(header);
            let mut row = vec![cells[i + 1].clone()];
            while j < cells.len()
                && row.len() <= width
                && (is_amount(text_at(j)) || is_amount_with_unit(text_at(j)))
            {
                row.push(cells[j].clone());
                j += 1;
            }
            rows.push(row);
            i = j;
            continue;
        }
        let caption = usize::from(
            money_column(text).is_none()
                && (text.contains("万元") || text.contains("资金"))
                && matches!(
                    money_column(text_at(i + 1)),
                    Some(Money::Initial | Money::Adjusted)
                ),
        );
        if matches!(
            money_column(text_at(i + caption)),
            Some(Money::Initial | Money::Adjusted)
        ) {
            let mut header = Vec::new();
            let mut j = i;
            if caption == 1 {
                header.push(cells[i].clone());
                j += 1;
            }
            if caption == 0 {
                // A blank caption cell over the fund labels, so that a fund row lines up with
                // the header cell by cell.
                header.push(blank(cells[i].line));
            }
            while j < cells.len() && money_column(text_at(j)).is_some() {
                header.push(cells[j].clone());
                j += 1;
            }
            let width = header.len() - 1;
            rows.push(header);
            // Fund rows, also those the language has no source for (其中：中央财政资金), which
            // the budget keeps as comments.
            let other_fund = |j: usize| {
                let next = (j + 1..cells.len().min(j + 1 + width))
                    .take_while(|&k| is_amount(text_at(k)) || is_amount_with_unit(text_at(k)))
                    .count();
                next > 0 && {
                    let row: Vec<Cell> = cells[j..=j + next].to_vec();
                    super::budget::other_fund_row(&row).is_some()
                }
            };
            while j < cells.len() && (fund_label(text_at(j)).is_some() || other_fund(j)) {
                let mut row = vec![cells[j].clone()];
                j += 1;
                while j < cells.len()
                    && row.len() <= width
                    && (is_amount(text_at(j))
                        || is_amount_with_unit(text_at(j))
                        || matches!(text_at(j), "" | "/" | "／" | "—" | "－")
                        || super::is_hint(text_at(j)))
                {
                    row.push(cells[j].clone());
                    j += 1;
                }
                rows.push(row);
            }
            i = j;
            continue;
        }
        // Goals: 年度总体目标 预期目标 实际完成情况, then the two texts.
        if text.starts_with("年度总体目标")
            && super::goal_column(text_at(i + 1)).is_some()
            && super::goal_column(text_at(i + 2)).is_some()
            && i + 4 < cells.len()
        {
            rows.push(cells[i..i + 3].to_vec());
            rows.push(cells[i + 3..i + 5].to_vec());
            i += 5;
            continue;
        }
        // Goals without a caption (四川: 项目年度目标 年度目标完成情况, then the two texts).
        if matches!(
            super::goal_column(text),
            Some(super::Goal::Planned | super::Goal::PlannedInitial)
        ) && super::goal_column(text_at(i + 1)) == Some(super::Goal::Achieved)
            && i + 3 < cells.len()
        {
            rows.push(cells[i..i + 2].to_vec());
            rows.push(cells[i + 2..i + 4].to_vec());
            i += 4;
            continue;
        }
        // Indicator table.
        // Found by its columns: the caption (绩效指标) before 一级指标 may be lost.
        let caption = indicator_column(text) == Some(Column::Label)
            && indicator_column(text_at(i + 1)) == Some(Column::Level1);
        let levels_at = |k: usize| {
            indicator_column(text_at(k)) == Some(Column::Level1)
                && matches!(
                    indicator_column(text_at(k + 1)),
                    Some(Column::Level2 | Column::Name)
                )
        };
        // A goal block's label with its text before the table's header (`年度目标1:(80分)`
        // `增强政府工作效率…` then 年度绩效指标 一级指标 …): one row, as in the Word table.
        let header_at = |k: usize| {
            matches!(
                indicator_column(text_at(k)),
                Some(Column::Label | Column::Level1)
            ) && matches!(
                indicator_column(text_at(k + 1)),
                Some(Column::Level1 | Column::Level2)
            )
        };
        if is_goal_block(text)
            && indicator_column(text_at(i + 1)).is_none()
            && !is_goal_block(text_at(i + 1))
            && header_at(i + 2)
            && printed_row(i + 1).is_none()
        {
            rows.push(cells[i..i + 2].to_vec());
            i += 2;
            continue;
        }
        // A goal block's label before its own header (年度绩效目标1(40分) 一级指标 …): the
        // header's first cell, as in the Word table.
        let goal = is_goal_block(text) && levels_at(i + 1);
        if caption || levels_at(i) || goal {
            let mut j = i;
            let mut columns = Vec::new();
            if goal {
                columns.push(None);
                j += 1;
            }
            while j < cells.len() && indicator_column(text_at(j)).is_some() {
                columns.push(indicator_column(text_at(j)));
                j += 1;
            }
            rows.push(cells[i..j].to_vec());
            let stream = Stream {
                cells: &cells,
                piped: &piped,
                cuts: &cuts,
            };
            i = indicator_rows(&stream, j, &columns, &mut rows, &mut aside);
            continue;
        }
        rows.push(vec![cells[i].clone()]);
        i += 1;
    }
    aside.sort_by_key(|c| c.line);
    rows.extend(aside.into_iter().map(|c| vec![c]));
    rows
}

/// The regrouped cells of a sample copy, with what the caller knows about them.
struct Stream<'a> {
    /// Every cell of the copy, in order.
    cells: &'a [Cell],
    /// Whether each cell came from a row written `a | b` (a row as printed).
    piped: &'a [bool],
    /// The index of the cell after each place where the copy says it was cut off.
    cuts: &'a [usize],
}

/// Reads indicator rows from `cells[start..]` into full-width rows of `columns`; returns the
/// index of the first cell after the table (or of the first cell of a row written `a | b`,
/// `piped`). Cells that fit no row go to `aside`.
fn indicator_rows(
    stream: &Stream<'_>,
    start: usize,
    columns: &[Option<Column>],
    rows: &mut Vec<Vec<Cell>>,
    aside: &mut Vec<Cell>,
) -> usize {
    let (cells, piped) = (stream.cells, stream.piped);
    let at = |column: Column| columns.iter().position(|c| *c == Some(column));
    let (Some(level1_at), Some(level2_at), Some(name_at)) =
        (at(Column::Level1), at(Column::Level2), at(Column::Name))
    else {
        return start;
    };
    // The value columns after the name, up to the score (a deviation text cannot be told
    // from the next indicator's name in a stream without row breaks).
    let is_numeric = |p: usize| matches!(columns[p], Some(Column::Weight | Column::Score));
    let last_numeric = (name_at + 1..columns.len()).rfind(|&p| is_numeric(p));
    let values: Vec<usize> = (name_at + 1..columns.len())
        .filter(|&p| {
            matches!(
                columns[p],
                Some(
                    Column::Unit
                        | Column::Nature
                        | Column::Target
                        | Column::Actual
                        | Column::Weight
                        | Column::Coefficient
                        | Column::Score
                )
            ) || (columns[p] == Some(Column::Note) && last_numeric.is_some_and(|n| p < n))
        })
        .collect();
    let numeric: Vec<usize> = values
        .iter()
        .enumerate()
        .filter(|(_, &p)| is_numeric(p))
        .map(|(k, _)| k)
        .collect();
    // The target and actual columns (年度指标值, 实际完成值), as indices into `values`.
    let paired: Vec<usize> = values
        .iter()
        .enumerate()
        .filter(|(_, &p)| matches!(columns[p], Some(Column::Target | Column::Actual)))
        .map(|(k, _)| k)
        .collect();
    // Text columns between two number columns (a scoring sheet's 指标解释 / 计分标准 between
    // 指标分值 and 自评得分): any text there is the row's, as the number after it closes the row.
    let texts: Vec<usize> = values
        .iter()
        .enumerate()
        .filter(|(_, &p)| columns[p] == Some(Column::Note))
        .map(|(k, _)| k)
        .collect();
    // Such a sheet names its groups with their weights (部门预算管理(80分) over 预算编制(30分)),
    // not with the standard categories: a weighted label is a level 2 while its level 1's
    // weight is not yet used up by the level 2 weights under it, else a new level 1.
    let mut group: Option<(rust_decimal::Decimal, rust_decimal::Decimal)> = None;
    let deviation_at = at(Column::Deviation).filter(|&p| p > name_at);
    let mut level1: Option<&Cell> = None;
    let mut level2: Option<&Cell> = None;
    let mut after_level1 = false;
    let mut i = start;
    let flush =
        |rows: &mut Vec<Vec<Cell>>, level1: &mut Option<&Cell>, level2: &mut Option<&Cell>| {
            // A level label with no indicator under it: a row of its own, with a blank name.
            if level1.is_some() || level2.is_some() {
                let line = level1.or(*level2).map_or(0, |c| c.line);
                let mut row: Vec<Cell> = (0..columns.len()).map(|_| blank(line)).collect();
                if let Some(c) = level1.take() {
                    row[level1_at] = c.clone();
                }
                if let Some(c) = level2.take() {
                    row[level2_at] = c.clone();
                }
                rows.push(row);
            }
        };
    while i < cells.len() {
        let text = cells[i].text.as_str();
        if piped[i] {
            // Rows written `a | b` are rows as printed (read by the caller).
            break;
        }
        // The next table's header, or the goal block that starts it.
        let next_is = |k: usize, column: Column| {
            cells
                .get(k)
                .is_some_and(|c| indicator_column(&c.text) == Some(column))
        };
        if (next_is(i, Column::Level1) && next_is(i + 1, Column::Level2))
            || (is_goal_block(text) && next_is(i + 1, Column::Level1))
        {
            break;
        }
        if !texts.is_empty() && !is_level1(text) && !is_level2(text) {
            if let Some((label, weight)) = super::split_weight(text) {
                let weight = super::plain_number(weight);
                let named = !label.is_empty() && super::plain_number(label).is_none();
                if let (true, Some(weight)) = (named, weight) {
                    let under = match group {
                        Some((total, used)) => after_level1 || used + weight <= total,
                        None => false,
                    };
                    if under {
                        if level2.is_some() {
                            flush(rows, &mut level1, &mut level2);
                        }
                        level2 = Some(&cells[i]);
                        if let Some((_, used)) = group.as_mut() {
                            *used += weight;
                        }
                        after_level1 = false;
                    } else {
                        flush(rows, &mut level1, &mut level2);
                        level1 = Some(&cells[i]);
                        group = Some((weight, rust_decimal::Decimal::ZERO));
                        after_level1 = true;
                    }
                    i += 1;
                    continue;
                }
            }
        }
        if is_level1(text) && !(after_level1 && is_level2(text)) {
            flush(rows, &mut level1, &mut level2);
            level1 = Some(&cells[i]);
            after_level1 = true;
            i += 1;
            continue;
        }
        if is_level2(text) {
            if level2.is_some() {
                flush(rows, &mut level1, &mut level2);
            }
            level2 = Some(&cells[i]);
            after_level1 = false;
            i += 1;
            continue;
        }
        after_level1 = false;
        if fund_label(text).is_some() {
            break;
        }
        if text.contains("总分") || text == "合计" {
            // The totals row: its label and the numbers after it (weight, score).
            flush(rows, &mut level1, &mut level2);
            let mut row = vec![cells[i].clone()];
            i += 1;
            while row.len() < 3 && i < cells.len() && is_amount(&cells[i].text) {
                row.push(cells[i].clone());
                i += 1;
            }
            // A grade after the numbers (`总分 100 96 优`).
            if i < cells.len() && super::indicators::grade_word(&cells[i].text).is_some() {
                row.push(cells[i].clone());
                i += 1;
            }
            rows.push(row);
            break;
        }
        let (taken, mut j) = take_values(cells, i, values.len(), numeric.len(), &texts);
        if taken.len() < values.len() && stream.cuts.contains(&j) && !text.contains("……") {
            // The copy was cut off inside this row (`★受助对象满意度(≥**%)` `10` `>=9`, then the
            // cut): which of its columns the cells it kept belong to, and whether the last one
            // is whole, cannot be known. Its cells are reported, never placed.
            flush(rows, &mut level1, &mut level2);
            aside.extend(std::iter::once(i).chain(taken).map(|k| cells[k].clone()));
            i = j;
            continue;
        }
        // A name with no value after it and no placeholder look is the cut-off end of the copy.
        let placed = if taken.is_empty() && !starts_row(text) {
            None
        } else {
            place(cells, &taken, &values, &numeric)
        };
        if placed
            .as_ref()
            .is_some_and(|placed| lost_target_or_actual(placed, &values, &numeric, &paired))
        {
            // A scored row that kept only one of its target and actual cells: the copy dropped
            // a cell in the middle of the row, and which one (the target, the actual, or the
            // weight, whose number then stands in the row as the actual) cannot be known. Read
            // in order it would put the actual under 目标 or under 分值, so its cells are
            // reported, never placed.
            flush(rows, &mut level1, &mut level2);
            aside.extend(std::iter::once(i).chain(taken).map(|k| cells[k].clone()));
            i = j;
            continue;
        }
        let Some(placed) = placed else {
            if reads_as_category(text) {
                // A label the template does not know (`日效性指标`, a typo of 时效指标) before
                // the row it heads: the level-2 label of the rows below, kept as printed
                // (check says it is no standard one), never an indicator or a lost row.
                flush(rows, &mut level1, &mut level2);
                level2 = Some(&cells[i]);
                i += 1;
                continue;
            }
            aside.push(cells[i].clone());
            i += 1;
            continue;
        };
        let mut row: Vec<Cell> = (0..columns.len()).map(|_| blank(cells[i].line)).collect();
        if let Some(c) = level1.take() {
            row[level1_at] = c.clone();
        }
        if let Some(c) = level2.take() {
            row[level2_at] = c.clone();
        }
        row[name_at] = cells[i].clone();
        for (p, at) in placed {
            row[p] = cells[at].clone();
        }
        // A deviation note after a full row (偏差原因 / 未完成原因 column): a text that is no
        // value, read as the row's note only where nothing else is possible — the table goes on
        // with a label, a new row or its end, or the text cannot start a row while the cell after
        // it can. Otherwise it is the next row's name, as before.
        if let Some(deviation_at) = deviation_at {
            let full = taken.len() == values.len();
            let next_starts = |k: usize| {
                k >= cells.len() || piped[k] || {
                    let t = cells[k].text.as_str();
                    is_level1(t)
                        || is_level2(t)
                        || starts_row(t)
                        || t.contains("总分")
                        || t == "合计"
                        || fund_label(t).is_some()
                        || t.starts_with('[')
                }
            };
            let places_whole = |k: usize| {
                let (taken, _) = take_values(cells, k, values.len(), numeric.len(), &texts);
                taken.len() == values.len() && place(cells, &taken, &values, &numeric).is_some()
            };
            if full
                && j < cells.len()
                && !piped[j]
                && !next_starts(j)
                && !is_amount(&cells[j].text)
                && (next_starts(j + 1)
                    || (!looks_like_value(&cells[j].text)
                        && !places_whole(j)
                        && places_whole(j + 1)))
            {
                row[deviation_at] = cells[j].clone();
                j += 1;
            }
        }
        rows.push(row);
        i = j;
    }
    flush(rows, &mut level1, &mut level2);
    i
}

/// The value cells of the row whose name is `cells[name]`: up to `wanted` (one per value
/// column), ending early at the start of the next row (a level label, `指标2:`, `其中…`, `……`,
/// a totals label) or at a cell that cannot be a value once the `numeric` columns could be
/// filled. A cell for one of the `texts` columns (indices into the wanted values) may be any
/// text but a level label. Returns their indices and the index after them.
fn take_values(
    cells: &[Cell],
    name: usize,
    wanted: usize,
    numeric: usize,
    texts: &[usize],
) -> (Vec<usize>, usize) {
    let mut taken: Vec<usize> = Vec::new();
    let mut j = name + 1;
    while taken.len() < wanted && j < cells.len() {
        let t = cells[j].text.as_str();
        if texts.contains(&taken.len()) {
            if is_level1(t) || is_level2(t) || t.starts_with('[') {
                break;
            }
            taken.push(j);
            j += 1;
            continue;
        }
        if is_level1(t)
            || is_level2(t)
            || starts_row(t)
            || t.contains("总分")
            || t == "合计"
            || (taken.len() >= numeric && !looks_like_value(t))
        {
            break;
        }
        taken.push(j);
        j += 1;
    }
    (taken, j)
}

/// A short cell named like a category (`日效性指标`, `群众满意度指标`): it ends in 指标 and holds
/// no number, so it is no indicator's name or value.
fn reads_as_category(text: &str) -> bool {
    let base = text.strip_suffix("指标").unwrap_or_default();
    (2..=6).contains(&base.chars().count())
        && !base
            .chars()
            .any(|c| c.is_ascii_digit() || "：:、，,。".contains(c))
}

/// A goal block's label with its weight, `年度绩效目标1(40分)` or `年度目标1:(80分)`.
fn is_goal_block(text: &str) -> bool {
    (text.starts_with("年度绩效目标") || text.starts_with("年度目标"))
        && has_weight(text.trim_end_matches([':', '：']))
}

/// Whether a level-1 label carries its weight (`产出指标(50分)`).
pub(super) fn has_weight(text: &str) -> bool {
    strip_weight(text).len() < text.len()
}

/// A cell that starts an indicator row of its own: the template's numbering (`指标2:`), a
/// sub-row (`其中…`), a core mark (`★…`) or a placeholder (`……`).
fn starts_row(text: &str) -> bool {
    let numbered = text.strip_prefix("指标").is_some_and(|rest| {
        let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        digits.len() < rest.len() && digits.starts_with([':', '：'])
    });
    numbered || text.starts_with("其中") || text.starts_with('★') || text.contains("……")
}

/// Whether a cell can be an indicator's value: a number, a percentage, a quantity or a
/// comparator with a number (`≥50个`, `29.5亩`), or a short word (`优`, `完成`, `达成预期指标`).
fn looks_like_value(text: &str) -> bool {
    let quantity = crate::syntax::quantity::leading_number(
        text.trim_start_matches(['≥', '≤', '>', '<', '=', '＞', '＜', '≧', '≦', '﹦', '═']),
    )
    .is_some();
    quantity || text.chars().count() <= 6
}

/// Places the `taken` cells of one row under the value columns `values` (positions in the row),
/// of which `numeric` (indices into `values`) are the weight and score columns. A full row goes
/// cell by cell. A shorter one (a copy that dropped blank cells) puts its trailing plain numbers
/// under the numeric columns, right to left, and its leading cells under the other columns, left
/// to right. `None` when a numeric column would get something that is not a number.
fn place(
    cells: &[Cell],
    taken: &[usize],
    values: &[usize],
    numeric: &[usize],
) -> Option<Vec<(usize, usize)>> {
    if taken.len() == values.len() {
        // Weights and scores are points: a percentage there (`290%`) is a target or an actual
        // read one cell too early.
        let fits = numeric.iter().all(|&k| {
            let text = &cells[taken[k]].text;
            text.is_empty() || (is_amount(text) && !text.ends_with('%'))
        });
        return fits.then(|| values.iter().copied().zip(taken.iter().copied()).collect());
    }
    let others: Vec<usize> = (0..values.len()).filter(|k| !numeric.contains(k)).collect();
    // The numeric columns before every other value column (a `分值` printed before `年度指标值`,
    // as Sichuan's and Suixi's forms do) take the row's first plain numbers, left to right; the
    // rest take its last ones, right to left. Filling them all from the right would move the
    // weight under the target when a copy dropped one of the row's middle cells.
    let first_other = others.first().copied().unwrap_or(values.len());
    let (front, back): (Vec<usize>, Vec<usize>) =
        numeric.iter().copied().partition(|&k| k < first_other);
    let trailing = taken
        .iter()
        .rev()
        .take(back.len())
        .take_while(|&&at| is_number(&cells[at].text))
        .count();
    let (rest, numbers) = taken.split_at(taken.len() - trailing);
    let heading = rest
        .iter()
        .take(front.len())
        .take_while(|&&at| is_number(&cells[at].text))
        .count();
    let (first_numbers, leading) = rest.split_at(heading);
    if leading.len() > others.len() {
        return None;
    }
    let mut placed: Vec<(usize, usize)> = others
        .iter()
        .zip(leading)
        .map(|(&k, &at)| (values[k], at))
        .collect();
    placed.extend(
        front
            .iter()
            .zip(first_numbers)
            .map(|(&k, &at)| (values[k], at)),
    );
    placed.extend(
        back.iter()
            .rev()
            .zip(numbers.iter().rev())
            .map(|(&k, &at)| (values[k], at)),
    );
    Some(placed)
}

/// Whether a short row's placement (`placed`: row positions and cell indices, from [`place`])
/// fills a weight or score column and exactly one of the target and actual columns (`paired`,
/// indices into `values`, when the table has both): a row that lost one of its middle cells,
/// whose remaining cells cannot be told apart.
fn lost_target_or_actual(
    placed: &[(usize, usize)],
    values: &[usize],
    numeric: &[usize],
    paired: &[usize],
) -> bool {
    if paired.len() != 2 || placed.len() >= values.len() {
        return false;
    }
    let filled = |k: &usize| placed.iter().any(|&(p, _)| p == values[*k]);
    numeric.iter().any(filled) && paired.iter().filter(|k| filled(k)).count() == 1
}

/// An annotation that stands for one empty cell: `[blank]`, `[得分 blank]`,
/// `[执行率 cell empty]` (not `[values blank]`, which stands for several).
fn marks_one_blank(annotation: &str) -> bool {
    let inner = annotation.trim_start_matches('[').trim_end_matches(']');
    let words: Vec<&str> = inner.split_whitespace().collect();
    match words[..] {
        ["blank"] => true,
        [column, "blank"] | [column, "cell", "empty"] => column != "values",
        // `[one of 预算数/执行数 blank as published]`, `[one amount cell missing in
        // extraction]`: one cell, which the copy says is there and empty.
        ["one", ..] => words
            .iter()
            .any(|w| matches!(*w, "blank" | "missing" | "empty")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_amount, marks_one_blank, place, reads_as_category, starts_row, Cell};

    #[test]
    fn a_short_cell_named_like_a_category_is_a_label() {
        for text in ["日效性指标", "群众满意度指标", "社会效益效益指标"] {
            assert!(reads_as_category(text), "{text}");
        }
        for text in [
            "指标",
            "完成乡村道路建设养护里程的指标",
            "指标1:",
            "2个指标",
            "解决群众问题时间",
        ] {
            assert!(!reads_as_category(text), "{text}");
        }
    }

    #[test]
    fn amounts_are_exact_decimals() {
        for text in ["165", "155.41", "94%", "-", "0"] {
            assert!(is_amount(text), "{text}");
        }
        for text in ["NaN", "inf", "1e5", "", "优"] {
            assert!(!is_amount(text), "{text}");
        }
    }

    #[test]
    fn annotations_that_stand_for_one_blank_cell() {
        for annotation in [
            "[blank]",
            "[得分 blank]",
            "[执行率 cell empty]",
            "[one of 预算数/执行数 blank as published]",
            "[one amount cell missing in extraction]",
        ] {
            assert!(marks_one_blank(annotation), "{annotation}");
        }
        for annotation in ["[values blank]", "[excerpt truncated here]", "[OCR: 26次]"] {
            assert!(!marks_one_blank(annotation), "{annotation}");
        }
    }

    #[test]
    fn rows_that_start_an_indicator_of_their_own() {
        for text in [
            "指标2:",
            "指标1：工程质量合格",
            "其中桃树种植面积",
            "★补助鱼塘面积",
            "……",
        ] {
            assert!(starts_row(text), "{text}");
        }
        for text in ["指标值", "10", "服务对象满意度"] {
            assert!(!starts_row(text), "{text}");
        }
    }

    #[test]
    fn a_short_row_puts_trailing_numbers_under_weight_and_score() {
        let cells: Vec<Cell> = ["10", "10", "1.5亩", "1.5亩", "100%"]
            .iter()
            .map(|t| Cell {
                place: None,
                line: 1,
                text: t.to_string(),
            })
            .collect();
        // Columns: 年度指标值 实际完成值 分值 得分 at row positions 4..8; numeric are 2 and 3.
        let values = [4, 5, 6, 7];
        let numeric = [2, 3];
        let mut placed = place(&cells, &[0, 1], &values, &numeric).expect("two numbers");
        placed.sort_unstable();
        assert_eq!(placed, vec![(6, 0), (7, 1)]);
        let mut placed = place(&cells, &[2, 3], &values, &numeric).expect("target, actual");
        placed.sort_unstable();
        assert_eq!(placed, vec![(4, 2), (5, 3)]);
        // A full row goes cell by cell, and needs numbers under the numeric columns.
        assert!(place(&cells, &[2, 3, 0, 1], &values, &numeric).is_some());
        assert!(place(&cells, &[0, 1, 2, 3], &values, &numeric).is_none());
    }

    #[test]
    fn a_short_row_keeps_a_weight_printed_before_the_target_under_the_weight() {
        let cells: Vec<Cell> = ["5", "21980人", "5"]
            .iter()
            .map(|t| Cell {
                place: None,
                line: 1,
                text: t.to_string(),
            })
            .collect();
        // Columns: 分值 年度指标值 全年实际值 得分 at row positions 4..8 (the weight first, as
        // Suixi's form prints it); numeric are 0 and 3. The copy dropped the target cell.
        let values = [4, 5, 6, 7];
        let numeric = [0, 3];
        let mut placed = place(&cells, &[0, 1, 2], &values, &numeric).expect("placed");
        placed.sort_unstable();
        // The first 5 stays the weight, the last the score; never the weight under the target.
        assert_eq!(placed, vec![(4, 0), (5, 1), (7, 2)]);
        // A lone number is still the score (as before).
        let placed = place(&cells, &[2], &values, &numeric).expect("placed");
        assert_eq!(placed, vec![(7, 2)]);
    }
}
