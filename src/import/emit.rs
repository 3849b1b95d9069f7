//! Writing a form's `.jx` text: the header, budget and goal blocks, the indicator blocks, the
//! weights deduced from labels and scores, and the safety net that comments out a line the
//! language refuses.

use super::indicators::Indicator;
use super::{is_blank, quote, stream, value, FormKind};
use crate::fmt::{format, FormatOptions};

/// The parts of one form's `.jx` text, in the order they are written.
pub(super) struct FormText<'a> {
    /// Cells that could not be placed, listed in a comment block at the top.
    pub(super) unmapped: &'a [String],
    pub(super) kind: FormKind,
    pub(super) name: &'a str,
    pub(super) year: u32,
    /// Header lines; a repeated field becomes a comment.
    pub(super) header: Vec<String>,
    /// The lines of the 资金 block; a repeated field becomes a comment.
    pub(super) budget: Vec<String>,
    /// The money unit of the budget (`万元`, `元`), as the form states it.
    pub(super) money_unit: &'a str,
    /// The 年度总体目标 blocks.
    pub(super) goals: &'a [Vec<String>],
    pub(super) indicators: &'a [Indicator],
    /// Every level 1 seen in the table, in order (a weighted one is kept with nothing under it).
    pub(super) level1s: &'a [String],
    /// Goal blocks and their own text (`预期目标`).
    pub(super) goal_texts: &'a [(String, String)],
    /// The table's total row.
    pub(super) total_lines: &'a [String],
    /// Notes printed under the table, as comments at the end.
    pub(super) notes: &'a [String],
}

impl FormText<'_> {
    /// The text, not yet formatted.
    pub(super) fn write(self) -> String {
        let header = once_each(self.header);
        let budget = once_each(self.budget);
        let mut text = String::new();
        if !self.unmapped.is_empty() {
            text.push_str("// 未能识别:\n");
            for item in self.unmapped {
                text.push_str(&format!("//   {}\n", item.replace(['\n', '\r'], " ")));
            }
            text.push('\n');
        }
        text.push_str(&format!(
            "{} {} {} {{\n",
            self.kind.keyword(),
            quote(self.name),
            self.year
        ));
        for line in &header {
            text.push_str(&format!("{line}\n"));
        }
        if !budget.is_empty() {
            text.push_str(&format!("资金 {} {{\n", self.money_unit));
            for line in &budget {
                text.push_str(&format!("{line}\n"));
            }
            text.push_str("}\n");
        }
        for block in self.goals {
            text.push_str("年度总体目标 {\n");
            for line in block {
                text.push_str(&format!("{line}\n"));
            }
            text.push_str("}\n");
        }
        write_indicators(&mut text, self.indicators, self.level1s, self.goal_texts);
        for line in self.total_lines {
            text.push_str(&format!("{line}\n"));
        }
        for note in self.notes {
            text.push_str(&format!("// {}\n", note.replace(['\n', '\r'], " ")));
        }
        text.push_str("}\n");
        text
    }
}

/// Writes the indicators grouped by level 1, then level 2, in order of first appearance; a level 1
/// with a weight in its label (`满意度指标(10分)`) is kept even when no indicator is under it.
fn write_indicators(
    text: &mut String,
    indicators: &[Indicator],
    level1s: &[String],
    goal_texts: &[(String, String)],
) {
    let mut order: Vec<&str> = Vec::new();
    for indicator in indicators {
        if !order.contains(&indicator.level1.as_str()) {
            order.push(&indicator.level1);
        }
    }
    for (position, seen) in level1s.iter().enumerate() {
        if !order.contains(&seen.as_str()) && stream::has_weight(seen) {
            // After the level 1 seen just before it, or first.
            let at = level1s[..position]
                .iter()
                .rev()
                .find_map(|before| order.iter().position(|o| o == before))
                .map_or(0, |p| p + 1);
            order.insert(at, seen);
        }
    }
    let mut ordered: Vec<&Indicator> = Vec::new();
    for level1 in &order {
        ordered.extend(indicators.iter().filter(|i| i.level1 == *level1));
    }
    let paths: Vec<(Vec<&str>, &str)> = ordered
        .iter()
        .map(|i| (i.path(), i.line.as_str()))
        .collect();
    // Level-1 labels kept for their weight, with no indicator under them.
    let mut paths = paths;
    for level1 in &order {
        if !indicators.iter().any(|i| i.level1 == *level1) {
            let at = paths
                .iter()
                .rposition(|(path, _)| {
                    order
                        .iter()
                        .position(|o| Some(o) == path.first())
                        .is_some_and(|p| order.iter().position(|o| o == level1) > Some(p))
                })
                .map_or(0, |p| p + 1);
            paths.insert(at, (vec![level1], ""));
        }
    }
    // A goal's own text first inside its block.
    let goal_lines: Vec<(String, String)> = goal_texts
        .iter()
        .map(|(goal, text)| (goal.clone(), format!("预期目标 {}", quote(text))))
        .collect();
    for (goal, line) in &goal_lines {
        let at = paths
            .iter()
            .position(|(path, _)| path.first() == Some(&goal.as_str()))
            .unwrap_or(paths.len());
        paths.insert(at, (vec![goal.as_str()], line.as_str()));
    }
    write_tree(text, &paths);
}

/// Writes indicator lines under nested blocks: each line's path (goal, level 1, level 2; empty
/// parts left out) opens the blocks it shares with no earlier line, in order of first appearance.
/// A path with an empty line opens its blocks and writes nothing (a weighted level 1 with no
/// indicator under it).
fn write_tree(text: &mut String, lines: &[(Vec<&str>, &str)]) {
    let mut done = vec![false; lines.len()];
    write_level(text, lines, &mut done, &[]);
}

fn write_level(text: &mut String, lines: &[(Vec<&str>, &str)], done: &mut [bool], prefix: &[&str]) {
    let depth = prefix.len();
    for index in 0..lines.len() {
        let (path, line) = &lines[index];
        if done[index] || path.len() < depth || path[..depth] != *prefix {
            continue;
        }
        if path.len() == depth {
            done[index] = true;
            if !line.is_empty() {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        }
        let mut inner = prefix.to_vec();
        inner.push(path[depth]);
        text.push_str(&format!("{} {{\n", block_name(path[depth])));
        write_level(text, lines, done, &inner);
        text.push_str("}\n");
    }
}

/// A category or goal label as a block name: one word, or a word and its weight (`产出指标 40分`,
/// as 湖北 prints them; `产出指标(50分)` is one word). Anything else is quoted, which the language
/// reads as an indicator, never as a block: such a label is reduced to its first word instead.
fn block_name(label: &str) -> String {
    let words: Vec<&str> = label.split(is_blank).filter(|w| !w.is_empty()).collect();
    // A block name is a key of the language: a bare word that stops at a colon.
    let bare = |word: &str| value(word) == word && !word.contains([':', '：']);
    match words[..] {
        [word] if bare(word) => word.to_string(),
        [word, weight] if bare(word) && caption_weight(&format!("({weight})")).is_some() => {
            format!("{word} {weight}")
        }
        _ => {
            let joined: String = words
                .concat()
                .chars()
                .filter(|c| !"\"“”{}/#\\:：".contains(*c))
                .collect();
            if bare(&joined) {
                joined
            } else {
                "未命名".to_string()
            }
        }
    }
}

/// Keeps the first line of each keyword and turns a repeat into a comment (`// 又见: 分值 10`):
/// a copy that lost a row can put two tables' fields into one form, and a field written twice is
/// an error of the language, so the repeat is shown instead of breaking the file.
fn once_each(lines: Vec<String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    lines
        .into_iter()
        .map(|line| {
            if line.starts_with("//") {
                return line;
            }
            let keyword = line
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            if seen.contains(&keyword) {
                format!("// 又见: {}", line.replace(['\n', '\r'], " "))
            } else {
                seen.push(keyword);
                line
            }
        })
        .collect()
}

/// Formats the generated text through the formatter. A one-line statement the language refuses
/// (a cell value it cannot read, e.g. 指标性质 `定 量`) becomes a comment in place, `// 无法导入:
/// …`, and is returned, so that one odd cell never costs the whole form; block lines, the form's
/// own line and text blocks are never commented out (their errors are real import bugs).
pub(super) fn format_or_comment(
    mut text: String,
) -> Result<(String, Vec<String>), Vec<crate::diag::Diagnostic>> {
    let mut refused = Vec::new();
    loop {
        let diagnostics = match format(&text, FormatOptions::default()) {
            Ok(source) => return Ok((source, refused)),
            Err(diagnostics) => diagnostics,
        };
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // Which lines may be commented: one-line statements outside `"""` blocks.
        let mut eligible = vec![false; lines.len()];
        let mut in_block = false;
        for (index, line) in lines.iter().enumerate() {
            let trimmed = line.trim();
            // A `"""` in a comment (an unmapped cell's text) opens nothing.
            let opens_or_closes =
                !trimmed.starts_with("//") && trimmed.matches("\"\"\"").count() % 2 == 1;
            eligible[index] = !in_block
                && !opens_or_closes
                && index > 0
                && !trimmed.is_empty()
                && !trimmed.starts_with("//")
                && !trimmed.ends_with('{')
                && trimmed != "}";
            if opens_or_closes {
                in_block = !in_block;
            }
        }
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut hit = false;
        for diagnostic in &diagnostics {
            let line = starts
                .partition_point(|&start| start <= diagnostic.span.start)
                .saturating_sub(1);
            if eligible.get(line).copied().unwrap_or(false) {
                refused.push(lines[line].trim().to_string());
                lines[line] = format!("// 无法导入: {}", lines[line].trim());
                eligible[line] = false;
                hit = true;
            }
        }
        if !hit {
            // A block the language refuses (a category named like a block keyword, 预算执行情况):
            // its opening and closing lines become comments, its content stays.
            let opener = diagnostics.iter().find_map(|diagnostic| {
                let line = starts
                    .partition_point(|&start| start <= diagnostic.span.start)
                    .saturating_sub(1);
                let trimmed = lines.get(line)?.trim();
                (line > 0 && trimmed.ends_with('{') && !trimmed.starts_with("//")).then_some(line)
            });
            let Some(opener) = opener else {
                return Err(diagnostics);
            };
            let mut depth = 0usize;
            let closer = (opener..lines.len()).find(|&index| {
                let trimmed = lines[index].trim();
                if trimmed.ends_with('{') && !trimmed.starts_with("//") {
                    depth += 1;
                } else if trimmed == "}" {
                    depth -= 1;
                }
                depth == 0
            });
            let Some(closer) = closer else {
                return Err(diagnostics);
            };
            refused.push(
                lines[opener]
                    .trim()
                    .trim_end_matches('{')
                    .trim()
                    .to_string(),
            );
            lines[opener] = format!("// 无法导入: {}", lines[opener].trim());
            lines[closer] = "// }".to_string();
        }
        text = lines.join("\n") + "\n";
    }
}

/// Deduces the weights a form implies but does not print, each with its reason as a comment.
pub(super) fn deduce_weights(indicators: &mut [Indicator]) {
    weight_of_only_indicator(indicators);
    weights_from_block_scores(indicators);
}

/// The only indicator under a weighted label (湖北 `数量指标 15分`) carries that weight.
fn weight_of_only_indicator(indicators: &mut [Indicator]) {
    for at in 0..indicators.len() {
        let indicator = &indicators[at];
        let label = if indicator.level2.is_empty() {
            &indicator.level1
        } else {
            &indicator.level2
        };
        let alone = indicators
            .iter()
            .filter(|i| i.goal == indicator.goal && i.level1 == indicator.level1)
            .filter(|i| i.level2 == indicator.level2)
            .count()
            == 1;
        if let Some(weight) = label_weight(label).filter(|_| alone && indicator.weight.is_none()) {
            let note = format!("分值取自「{label}」（其下唯一的指标）");
            set_weight(&mut indicators[at], &weight, &note);
        }
    }
}

/// A weighted block (年度目标1(80分), 产出指标(60分)) whose indicators print scores and no
/// weights, with the scores adding up to the block's weight: every indicator has full marks
/// (each score is at most its weight), so each weight is its score.
fn weights_from_block_scores(indicators: &mut [Indicator]) {
    let mut blocks: Vec<String> = Vec::new();
    for indicator in indicators.iter() {
        for label in [&indicator.goal, &indicator.level1] {
            if label_weight(label).is_some() && !blocks.contains(label) {
                blocks.push(label.clone());
            }
        }
    }
    for block in blocks {
        let members: Vec<usize> = (0..indicators.len())
            .filter(|&i| indicators[i].goal == block || indicators[i].level1 == block)
            .collect();
        let scores: Option<Vec<rust_decimal::Decimal>> = members
            .iter()
            .map(|&i| indicators[i].score.as_deref().and_then(points))
            .collect();
        let block_weight = label_weight(&block).as_deref().and_then(points);
        let unweighted = members.iter().all(|&i| indicators[i].weight.is_none());
        if let (Some(scores), Some(block_weight)) = (scores, block_weight) {
            let total: rust_decimal::Decimal = scores.iter().copied().sum();
            if unweighted && !members.is_empty() && total == block_weight {
                let note = format!("分值按「{block}」推定：得分之和等于其分值，各指标均为满分");
                for &i in &members {
                    if let Some(score) = indicators[i].score.clone() {
                        set_weight(&mut indicators[i], score.trim_end_matches('分'), &note);
                    }
                }
            }
        }
    }
}

/// Adds a deduced weight to an indicator's line, with the reason as its comment.
fn set_weight(indicator: &mut Indicator, weight: &str, note: &str) {
    let (body, comment) = match indicator.line.split_once("  // ") {
        Some((body, comment)) => (body.to_string(), format!("；{comment}")),
        None => (indicator.line.clone(), String::new()),
    };
    indicator.line = format!("{body} 分值 {weight}  // {note}{comment}");
    indicator.weight = Some(weight.to_string());
}

/// A number of points (`15`, `19.6`, `100分`) as an exact decimal.
pub(super) fn points(text: &str) -> Option<rust_decimal::Decimal> {
    super::plain_number(text.trim_end_matches('分'))
}

/// The weight of a category label, `数量指标 15分` or `数量指标(15分)` → `15`.
pub(super) fn label_weight(label: &str) -> Option<String> {
    caption_weight(label).or_else(|| {
        let (_, last) = label.rsplit_once(is_blank)?;
        caption_weight(&format!("({last})"))
    })
}

/// The weight written in a caption, `预算执行情况(万元)(20分)` → `20`.
pub(super) fn caption_weight(text: &str) -> Option<String> {
    super::split_weight(text).map(|(_, number)| number.to_string())
}

#[cfg(test)]
mod tests {
    use super::{block_name, caption_weight};

    /// One reader for a weight in brackets serves captions, labels and the stream's level cells.
    #[test]
    fn weights_in_brackets() {
        assert_eq!(caption_weight("产出指标(50分)").as_deref(), Some("50"));
        assert_eq!(
            caption_weight("预算执行情况(万元)(20分)").as_deref(),
            Some("20")
        );
        assert_eq!(caption_weight("满意度指标（10分）").as_deref(), Some("10"));
        assert_eq!(caption_weight("(22.5分)").as_deref(), Some("22.5"));
        assert_eq!(caption_weight("产出指标(五十分)"), None);
        assert_eq!(caption_weight("产出指标"), None);
        assert_eq!(
            super::super::stream::strip_weight("产出指标(50分)"),
            "产出指标"
        );
        assert_eq!(super::super::stream::strip_weight("产出指标"), "产出指标");
    }

    /// A block name is a key of the language: one word, or a word and its weight; a colon would
    /// end the key (a fuzzed copy once put `指标1：效益指标(10分)` there and the form was refused).
    #[test]
    fn block_names_are_keys() {
        assert_eq!(block_name("产出指标(50分)"), "产出指标(50分)");
        assert_eq!(block_name("产出指标 40分"), "产出指标 40分");
        assert_eq!(block_name("指标1：效益指标(10分)"), "指标1效益指标(10分)");
        assert_eq!(block_name("年度目标1:(80分)"), "年度目标1(80分)");
        assert_eq!(block_name("效益 指标"), "效益指标");
        assert_eq!(block_name("\"{}\""), "未命名");
    }
}
