//! The goals table (年度总体目标): its header row naming the planned and the achieved goal,
//! and one row per goal.

use super::budget::money_column;
use super::header::{header_field, is_caption, is_hint};
use super::{indicators, is_blank, quote, Cell};

/// The role of a column of the goals table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Goal {
    /// 预期目标 / 年初设定目标 / 全年(调整)绩效目标.
    Planned,
    /// 年初绩效目标 where the form also has 全年(调整)绩效目标 (重庆): used when that is empty.
    PlannedInitial,
    /// 实际完成情况 / 年度目标完成情况.
    Achieved,
    /// 总体完成率(%) (河北): a header field.
    Rate,
}

pub(super) fn goal_column(text: &str) -> Option<Goal> {
    let text: String = text.chars().filter(|c| !is_blank(*c)).collect();
    Some(match text.as_str() {
        "预期目标"
        | "年初设定目标"
        | "项目年度目标"
        | "年度目标"
        | "年度预期目标"
        | "年初预期目标"
        | "全年(调整)绩效目标"
        | "全年（调整）绩效目标" => Goal::Planned,
        "年初绩效目标" => Goal::PlannedInitial,
        "实际完成情况"
        | "实际完成"
        | "年度目标完成情况"
        | "年度总体目标完成情况综述"
        | "全年目标实际完成情况"
        | "具体完成情况"
        | "目标完成情况"
        | "全年实际完成情况" => Goal::Achieved,
        "总体完成率(%)" | "总体完成率（%）" | "总体完成率" => Goal::Rate,
        _ => return None,
    })
}

/// The goal columns of a goals header row: needs a planned and an achieved column.
pub(super) fn goal_header(texts: &[&str]) -> Option<Vec<Option<Goal>>> {
    let columns: Vec<Option<Goal>> = texts.iter().map(|t| goal_column(t)).collect();
    let planned = columns
        .iter()
        .any(|c| matches!(c, Some(Goal::Planned | Goal::PlannedInitial)));
    (planned && columns.contains(&Some(Goal::Achieved))).then_some(columns)
}

/// Reads one goal row under a goals header: the planned and achieved texts as the lines of a
/// `年度总体目标` block (empty when the row holds only template hints). `None` when the row is
/// not a goal row (no text under a goal column, or another table starts).
pub(super) fn goal_row(
    row: &[Cell],
    columns: &[Option<Goal>],
    used: &mut [bool],
    header: &mut Vec<String>,
    hints: &mut Vec<String>,
) -> Option<Vec<String>> {
    let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
    if texts.iter().any(|t| {
        is_caption(t)
            || header_field(t).is_some()
            || money_column(t).is_some()
            || indicators::indicator_column(t).is_some()
            || goal_column(t).is_some()
    }) {
        return None;
    }
    // A row as wide as the header is read cell by cell; a narrower one (a text copy that dropped
    // the blank cell under a merged caption) is aligned on its last cell.
    let offset = texts.len() as isize - columns.len() as isize;
    let mut found: Vec<(Goal, usize)> = Vec::new();
    for (position, column) in columns.iter().enumerate() {
        let Some(column) = column else {
            continue;
        };
        let at = position as isize
            + if texts.len() == columns.len() {
                0
            } else {
                offset
            };
        let Some(at) = usize::try_from(at).ok().filter(|a| *a < texts.len()) else {
            continue;
        };
        found.push((*column, at));
    }
    if found.iter().all(|(_, at)| texts[*at].is_empty()) {
        return None;
    }
    let text_of = |goal: Goal| {
        found
            .iter()
            .find(|(g, _)| *g == goal)
            .map(|(_, at)| texts[*at])
            .filter(|t| !t.is_empty())
    };
    let mut lines = Vec::new();
    let adjusted = text_of(Goal::Planned).filter(|t| *t != "无");
    let initial = text_of(Goal::PlannedInitial);
    let planned = adjusted.or(initial);
    for (goal, at) in &found {
        let text = texts[*at];
        if text.is_empty() {
            continue;
        }
        used[*at] = true;
        if is_hint(text) {
            hints.push(format!("{}: {text}", row[*at].position()));
            continue;
        }
        match goal {
            Goal::Rate => header.push(format!("总体完成率 {}", quote(text))),
            Goal::Planned | Goal::PlannedInitial if Some(text) != planned => {
                lines.push(format!("// {}", text.replace(['\n', '\r'], " ")));
            }
            Goal::Planned | Goal::PlannedInitial => lines.insert(0, goal_line("预期目标", text)),
            Goal::Achieved => lines.push(goal_line("实际完成", text)),
        }
    }
    Some(lines)
}

/// A goal line: the text in a block string, or quoted when it holds `"""`.
pub(super) fn goal_line(keyword: &str, text: &str) -> String {
    if text.contains("\"\"\"") {
        format!("{keyword} {}", quote(text))
    } else {
        format!("{keyword} \"\"\"\n{text}\n\"\"\"")
    }
}
