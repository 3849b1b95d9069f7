//! Reading one form: [`FormReader`] takes the form's rows one by one (title, header fields,
//! budget, goals, sections, notes, indicator tables) and [`FormReader::finish`] settles its name,
//! profile and text.

use super::budget::{self, budget_table, money_column, Money};
use super::emit::{caption_weight, deduce_weights, format_or_comment, label_weight, FormText};
use super::goals::{goal_column, goal_header, goal_line, goal_row};
use super::header::{
    header_field, inline_field, is_caption, is_hint, is_note, is_numbered, money_unit,
    title_position, year_of, HeaderField, CONCLUSIONS,
};
use super::indicators::{self, Header, IndicatorTable};
use super::{
    is_blank as is_blank_char, one_line, quote, value, Cell, FormKind, ImportError, ImportedForm,
};
use crate::syntax::keywords::TAXONOMY;

/// What a form may take from outside itself when it does not print it.
#[derive(Debug, Clone, Default)]
pub(super) struct Inherited {
    /// The budget year (`--year`, the sample header, or the other forms of the file).
    pub year: Option<u32>,
    /// Whether `year` is the other forms' year (said in the report).
    pub year_from_others: bool,
    /// The profile the other forms of the file chose (for a form that lost its top).
    pub profile: Option<String>,
}

/// The name given to a form that prints none.
const UNNAMED: &str = "未填写名称";

/// Imports one form from its rows: reads them row by row ([`FormReader::read_row`]), then
/// deduces the weights, settles the form's name and profile and writes its text
/// ([`FormReader::finish`]).
pub(super) fn import_form(
    rows: &[Vec<Cell>],
    inherited: &Inherited,
) -> Result<Option<ImportedForm>, ImportError> {
    let mut reader = FormReader::new(rows);
    let mut index = 0;
    while index < rows.len() {
        index = reader.read_row(index);
    }
    reader.finish(inherited)
}

/// What has been read of one form so far.
struct FormReader<'a> {
    /// The form's rows.
    rows: &'a [Vec<Cell>],
    /// Which cells were placed, by row and position; the others are reported as unmapped.
    used: Vec<Vec<bool>>,
    /// Department or project, from the title or the name field.
    kind: Option<FormKind>,
    /// What chose `kind` (`表题「…」`, `「部门名称」栏`), said in the report.
    kind_evidence: Option<String>,
    /// A 单位名称 field was printed, blank or not (a department form's name field).
    unit_field: bool,
    /// The year the form prints.
    year: Option<u32>,
    /// 部门名称 or 项目名称.
    name: Option<String>,
    /// 单位名称: names the form only when it has no other name.
    unit_name: Option<String>,
    /// The title the form prints (`稷山县项目支出绩效自评表`), without its attachment caption
    /// and year: written as the header field `表名`, which the published page shows.
    title: Option<String>,
    /// The header lines: fields, sections, conclusions.
    header: Vec<String>,
    /// The lines of the 资金 block.
    budget: Vec<String>,
    /// The 年度总体目标 blocks, each as its lines.
    goals: Vec<Vec<String>>,
    /// Template hints skipped, as `place: text`.
    skipped_hints: Vec<String>,
    /// The indicator table, read as its rows come.
    table: IndicatorTable,
    /// The profile a layout implies, with the evidence (first one wins).
    layouts: Vec<(&'static str, String)>,
    /// Notes printed under the table (注:1.…), kept as comments at the end.
    notes: Vec<String>,
    /// Whether a note was read: the numbered paragraphs that follow it belong to it.
    in_notes: bool,
    /// The money unit the form states (`项目资金（元）`, `金额单位：元`), or its amounts show
    /// (`387664.62元`); 万元 when nothing says.
    money_unit: Option<&'static str>,
    /// The header's unit and the amounts' unit disagree (said in the report).
    unit_conflict: Option<String>,
}

/// Who a form is, settled once all its rows are read.
struct Identity {
    kind: FormKind,
    /// What chose `kind`, if anything printed did.
    kind_evidence: Option<String>,
    /// Whether the name was taken from the title (said in the report).
    named_by_title: bool,
    name: String,
    /// Whether the form prints no name (it is named [`UNNAMED`]).
    unnamed: bool,
    /// Whether only the tail of the form was found (no title, name or budget).
    headless: bool,
    /// The profile chosen from the layout, if any, with its evidence.
    profile: Option<(String, String)>,
}

impl<'a> FormReader<'a> {
    fn new(rows: &'a [Vec<Cell>]) -> Self {
        let mut used = vec![Vec::new(); rows.len()];
        for (index, row) in rows.iter().enumerate() {
            used[index] = vec![false; row.len()];
        }
        FormReader {
            rows,
            used,
            kind: None,
            kind_evidence: None,
            unit_field: false,
            year: None,
            name: None,
            unit_name: None,
            title: None,
            header: Vec::new(),
            budget: Vec::new(),
            goals: Vec::new(),
            skipped_hints: Vec::new(),
            table: IndicatorTable::default(),
            layouts: Vec::new(),
            notes: Vec::new(),
            in_notes: false,
            money_unit: None,
            unit_conflict: None,
        }
    }

    /// Reads the row at `index` and returns the index of the next row to read. Title, year and
    /// header fields are looked for in every row; a budget table, goals, a section, a group row
    /// or an indicator table takes the row and the rows it spans, and the first that does ends
    /// the row (the order matters); hints, notes and conclusions only mark the cells they read.
    fn read_row(&mut self, index: usize) -> usize {
        let texts: Vec<&str> = self.rows[index].iter().map(|c| c.text.as_str()).collect();
        self.read_title_and_year(index, &texts);
        self.read_money_unit(index, &texts);
        self.read_header_fields(index, &texts);
        if let Some(next) = self.read_budget(index, &texts) {
            return next;
        }
        if let Some(next) = self.read_goal_text(index, &texts) {
            return next;
        }
        if let Some(next) = self.read_goals_table(index, &texts) {
            return next;
        }
        if let Some(next) = self.read_section(index, &texts) {
            return next;
        }
        if self.table.read_total_row(&texts, &mut self.used[index]) {
            return index + 1;
        }
        self.read_hints_and_notes(index, &texts);
        self.read_conclusion(index, &texts);
        if let Some(next) = self.read_group_row(index, &texts) {
            return next;
        }
        if let Some(next) = self.read_indicator_table(index) {
            return next;
        }
        index + 1
    }

    /// Title and year, and the attachment caption above the title.
    fn read_title_and_year(&mut self, index: usize, texts: &[&str]) {
        if let Some(position) = title_position(&self.rows[index]) {
            let title = texts[position];
            self.kind = Some(
                if title.contains("部门整体") || title.contains("整体支出") {
                    FormKind::Department
                } else {
                    FormKind::Project
                },
            );
            self.kind_evidence = Some(format!("表题「{title}」"));
            self.used[index][position] = true;
            if self.title.is_none() {
                self.title = Some(filed_title(title)).filter(|t| !t.is_empty());
            }
            if let Some(y) = year_of(title) {
                self.year = Some(y);
            }
            if title.starts_with("部门预算项目支出绩效自评表") {
                self.layouts
                    .push(("sichuan-2023", format!("表题「{title}」")));
            } else if title.contains("县级专项资金") {
                self.layouts
                    .push(("hunan-county", format!("表题「{title}」")));
            }
        }
        for (position, text) in texts.iter().enumerate() {
            if text.starts_with("year: ") {
                self.used[index][position] = true;
            } else if self.year.is_none() && text.contains('年') && text.chars().count() <= 12 {
                if let Some(y) = year_of(text) {
                    self.year = Some(y);
                    self.used[index][position] = true;
                }
            } else if self.year.is_some()
                && year_of(text) == self.year
                && (text.starts_with('（') || text.starts_with('('))
            {
                self.used[index][position] = true;
            }
        }
        // The attachment caption (附件： / 附件1) printed above the title.
        for (position, text) in texts.iter().enumerate() {
            if let Some(rest) = text.strip_prefix("附件") {
                if rest
                    .trim_end_matches(['：', ':'])
                    .chars()
                    .all(|c| c.is_ascii_digit())
                {
                    self.used[index][position] = true;
                }
            }
        }
    }

    /// The money unit a cell states (`项目资金（元）`, `（单位：万元）`); a cell that says only that
    /// (`单位：元`, `金额单位：元`) is read.
    fn read_money_unit(&mut self, index: usize, texts: &[&str]) {
        for (position, text) in texts.iter().enumerate() {
            let Some(unit) = money_unit(text) else {
                continue;
            };
            self.state_money_unit(unit);
            let bare: String = text
                .chars()
                .filter(|c| !is_blank_char(*c) && !"()（）".contains(*c))
                .collect();
            if bare.ends_with("单位:元")
                || bare.ends_with("单位：元")
                || bare.ends_with("单位:万元")
                || bare.ends_with("单位：万元")
            {
                self.used[index][position] = true;
            }
        }
    }

    /// Records a money unit the form states. The first one stated is kept; a different one
    /// stated later (`（单位：元）` in the title, `项目资金(万元)` over the budget table) is a
    /// conflict the report names, since the two differ by 10 000 times and which one the
    /// amounts are in cannot be told from the page.
    fn state_money_unit(&mut self, unit: &'static str) {
        match self.money_unit {
            None => self.money_unit = Some(unit),
            Some(stated) if stated != unit && self.unit_conflict.is_none() => {
                self.unit_conflict = Some(format!(
                    "表上写了两个金额单位：先写{stated}，后写{unit}：按{stated}导入，请核对"
                ));
            }
            Some(_) => {}
        }
    }

    /// The money unit the amounts of the budget rows `start..end` are typed with (`387664.62元`,
    /// `150万`), when every such amount says the same.
    fn unit_of_amounts(&self, start: usize, end: usize) -> Option<&'static str> {
        let mut units = self.rows[start..end.min(self.rows.len())]
            .iter()
            .flatten()
            .filter_map(|c| {
                let text = c.text.trim();
                let (number, unit) = if let Some(n) = text.strip_suffix("万元") {
                    (n, "万元")
                } else if let Some(n) = text.strip_suffix('万') {
                    (n, "万元")
                } else {
                    (text.strip_suffix('元')?, "元")
                };
                crate::syntax::quantity::leading_number(number.trim())
                    .filter(|(_, rest)| rest.is_empty())
                    .map(|_| unit)
            });
        let first = units.next()?;
        units.all(|u| u == first).then_some(first)
    }

    /// Takes `kind` from a name field labelled `label`, unless the title or an earlier field
    /// chose one.
    fn set_kind(&mut self, kind: FormKind, label: &str) {
        if self.kind.is_none() {
            self.kind = Some(kind);
            self.kind_evidence = Some(format!("「{}」栏", one_line(label)));
        }
    }

    /// Header fields: label then value (a blank value is skipped), or `label:value` in one cell.
    fn read_header_fields(&mut self, index: usize, texts: &[&str]) {
        let mut position = 0;
        while position < texts.len() {
            let Some(field) = header_field(texts[position]) else {
                if let Some((field, content)) = inline_field(texts[position]) {
                    self.used[index][position] = true;
                    // `项目名称：道路养护` in one cell names the form as the label and value in
                    // two cells do.
                    match field {
                        HeaderField::DepartmentName | HeaderField::ProjectName
                            if self.name.is_none() =>
                        {
                            let kind = if field == HeaderField::DepartmentName {
                                FormKind::Department
                            } else {
                                FormKind::Project
                            };
                            let label = texts[position].split([':', '：']).next().unwrap_or("");
                            self.set_kind(kind, label);
                            self.name = Some(one_line(content));
                        }
                        HeaderField::UnitName if self.unit_name.is_none() => {
                            self.unit_field = true;
                            self.unit_name = Some(one_line(content));
                        }
                        _ => {}
                    }
                    if field == HeaderField::MoneyUnit {
                        if let Some(unit) = money_unit(&format!("单位:{content}")) {
                            self.state_money_unit(unit);
                        }
                    }
                    if field == HeaderField::ReportNumber && content.starts_with("51") {
                        self.layouts
                            .push(("sichuan-2023", format!("报表编号 {content}")));
                    }
                    if let Some(line) = field.line(content) {
                        self.header.push(line);
                    }
                }
                position += 1;
                continue;
            };
            self.used[index][position] = true;
            let label = texts[position];
            let content = texts
                .get(position + 1)
                .copied()
                .filter(|next| header_field(next).is_none())
                .unwrap_or("");
            if position + 1 < texts.len() && header_field(texts[position + 1]).is_none() {
                self.used[index][position + 1] = true;
                position += 2;
            } else {
                position += 1;
            }
            match field {
                HeaderField::DepartmentName => {
                    self.set_kind(FormKind::Department, label);
                    self.name = Some(one_line(content));
                }
                HeaderField::ProjectName => {
                    self.set_kind(FormKind::Project, label);
                    self.name = Some(one_line(content));
                }
                HeaderField::UnitName => {
                    self.unit_field = true;
                    if !content.is_empty() {
                        self.unit_name = Some(one_line(content));
                    }
                }
                HeaderField::MoneyUnit => {
                    if let Some(unit) = money_unit(&format!("单位:{content}")) {
                        self.state_money_unit(unit);
                    } else if !content.is_empty() && position >= 1 {
                        self.used[index][position - 1] = false;
                    }
                }
                other => {
                    if let Some(line) = other.line(content) {
                        self.header.push(line);
                    } else if !content.is_empty() && position >= 1 {
                        // A value the field cannot hold (自评总得分 `无`): left unmapped.
                        self.used[index][position - 1] = false;
                    }
                }
            }
        }
    }

    /// A budget table, in any of its layouts; returns the row after it.
    fn read_budget(&mut self, index: usize, texts: &[&str]) -> Option<usize> {
        // Budget table.
        let columns: Vec<Option<Money>> = texts.iter().map(|t| money_column(t)).collect();
        if columns.iter().filter(|c| c.is_some()).count() >= 3
            && (columns.contains(&Some(Money::Initial)) || columns.contains(&Some(Money::Adjusted)))
        {
            // The weight in a caption (`预算执行情况(万元)(20分)`) when no column holds one.
            let mut budget_weight: Option<String> = None;
            for text in texts {
                if let Some(weight) = caption_weight(text) {
                    if weight == "20" {
                        self.layouts.push(("execution-20", format!("「{text}」")));
                    }
                    if !columns.contains(&Some(Money::Weight)) {
                        budget_weight = Some(weight);
                    }
                }
            }
            let mut next =
                budget_table(self.rows, index, &columns, &mut self.used, &mut self.budget);
            next = self.read_fund_splits(next);
            match (self.money_unit, self.unit_of_amounts(index, next)) {
                (None, typed) => self.money_unit = typed,
                (Some(stated), Some(typed)) if stated != typed => {
                    self.unit_conflict = Some(format!(
                        "资金表头的单位是{stated}，金额却写着{typed}：按{stated}导入，请核对"
                    ));
                }
                _ => {}
            }
            if let Some(weight) = budget_weight {
                self.budget.push(format!("分值 {weight}"));
            }
            return Some(next);
        }
        // 湖北: the fund sources as columns (中央 / 省、地 / 本级 / 其他 / 合计, 执行数, 执行率).
        if let Some(next) =
            budget::source_columns_table(self.rows, index, &mut self.used, &mut self.budget)
        {
            for (position, text) in texts.iter().enumerate() {
                if text.starts_with("项目资金") {
                    self.used[index][position] = true;
                }
            }
            return Some(next);
        }
        // 河北: label and amount pairs (预算数 6.84 到位数 6.84 执行数 6.84) under captions.
        budget::paired_table(self.rows, index, &mut self.used, &mut self.budget)
    }

    /// The funds split by income and by spending type printed under a budget table as
    /// `label:amount` cells (湖南: 按收入性质分:2030.12, 其中:一般公共预算:1325.68, 基本支出:900.47,
    /// 纳入专户管理的非税收入拨款:): kept as comments in the budget block (the language sums its
    /// fund rows, not these). Returns the row after them.
    fn read_fund_splits(&mut self, start: usize) -> usize {
        let split = |text: &str| -> Option<(String, String)> {
            let (label, amount) = text.rsplit_once([':', '：'])?;
            let bare = label
                .trim_start_matches("其中")
                .trim_start_matches([':', '：']);
            let fund_words = ["性质分", "预算", "拨款", "支出", "资金", "收入"];
            let amount = amount.trim();
            let fits = fund_words.iter().any(|w| bare.ends_with(w))
                && bare.chars().count() <= 16
                && (amount.is_empty() || super::stream::is_amount(amount));
            fits.then(|| (label.to_string(), amount.to_string()))
        };
        let mut index = start;
        while let Some(row) = self.rows.get(index) {
            let filled: Vec<usize> = (0..row.len())
                .filter(|&p| !row[p].text.is_empty())
                .collect();
            let splits: Vec<(String, String)> =
                filled.iter().filter_map(|&p| split(&row[p].text)).collect();
            if filled.is_empty() || splits.len() != filled.len() {
                break;
            }
            for &p in &filled {
                self.used[index][p] = true;
            }
            let items: Vec<String> = splits
                .iter()
                .map(|(label, amount)| {
                    format!("{label}: {}", if amount.is_empty() { "-" } else { amount })
                })
                .collect();
            self.budget.push(format!("// {}", items.join("；")));
            index += 1;
        }
        index
    }

    /// Goals as a label and its text (湖北: `项目年度目标 | 1.完成…;`, then `2.` `3.` rows);
    /// returns the row after them.
    fn read_goal_text(&mut self, index: usize, texts: &[&str]) -> Option<usize> {
        let non_blank: Vec<usize> = (0..texts.len()).filter(|&p| !texts[p].is_empty()).collect();
        let [label_at, text_at] = non_blank[..] else {
            return None;
        };
        if !matches!(
            texts[label_at],
            "项目年度目标" | "年度目标" | "年度总体目标"
        ) || goal_column(texts[text_at]).is_some()
        {
            return None;
        }
        self.used[index][label_at] = true;
        self.used[index][text_at] = true;
        let mut lines = vec![texts[text_at].to_string()];
        let mut index = index + 1;
        // Continuation rows under the merged label: more items, or bare numbers.
        while let Some(row) = self.rows.get(index) {
            let filled: Vec<usize> = (0..row.len())
                .filter(|&p| !row[p].text.is_empty())
                .collect();
            let [at] = filled[..] else {
                break;
            };
            if at <= label_at || row.len() != texts.len() {
                break;
            }
            self.used[index][at] = true;
            let item = row[at].text.as_str();
            if item
                .chars()
                .any(|c| !c.is_ascii_digit() && !".、".contains(c))
            {
                lines.push(item.to_string());
            }
            index += 1;
        }
        self.goals
            .push(vec![goal_line("预期目标", &lines.join("\n"))]);
        Some(index)
    }

    /// Goals: a header row naming the planned and the achieved goal, then one row per goal;
    /// returns the row after them.
    fn read_goals_table(&mut self, index: usize, texts: &[&str]) -> Option<usize> {
        let columns = goal_header(texts)?;
        for (position, text) in texts.iter().enumerate() {
            if !text.is_empty() {
                self.used[index][position] = true;
            }
        }
        let mut index = index + 1;
        while let Some(row) = self.rows.get(index) {
            let Some(block) = goal_row(
                row,
                &columns,
                &mut self.used[index],
                &mut self.header,
                &mut self.skipped_hints,
            ) else {
                break;
            };
            if !block.is_empty() {
                self.goals.push(block);
            }
            index += 1;
        }
        Some(index)
    }

    /// A numbered section with its text in the row below (`2.项目实施内容及过程概述`), as a header
    /// field; returns the row after the text.
    fn read_section(&mut self, index: usize, texts: &[&str]) -> Option<usize> {
        let rows = self.rows;
        let filled_cells: Vec<usize> = (0..texts.len()).filter(|&p| !texts[p].is_empty()).collect();
        let [at] = filled_cells[..] else {
            return None;
        };
        let section = texts[at];
        // A numbered paragraph under 注:/备注: is the next note (`4.基于经济性`, cut short), never
        // a section caption taking the paragraph below it (a page's footer) as its text.
        if self.in_notes && is_numbered(section) {
            return None;
        }
        let next_text = rows.get(index + 1).and_then(|next| {
            let cells: Vec<usize> = (0..next.len())
                .filter(|&p| !next[p].text.is_empty())
                .collect();
            match cells[..] {
                [only] => Some((only, next[only].text.as_str())),
                _ => None,
            }
        });
        let (true, Some((content_at, content))) = (is_caption(section), next_text) else {
            return None;
        };
        // A number or `……` under a numbered row is a table's cell (基础数据表), no section text.
        let plain = !is_caption(content)
            && !is_hint(content)
            && !super::stream::is_amount(content)
            && !content.contains("……")
            // `2.` alone is the next item of a list left empty, no section text.
            && !content
                .chars()
                .all(|c| c.is_ascii_digit() || ".、".contains(c))
            && header_field(content).is_none()
            && Header::at(rows, index + 1).is_none()
            && goal_column(content).is_none()
            && money_column(content).is_none();
        let name = section.trim_start_matches(|c: char| {
            c.is_ascii_digit() || "一二三四五六七八九十、.".contains(c)
        });
        if plain && !name.is_empty() && value(name) == name {
            self.used[index][at] = true;
            self.used[index + 1][content_at] = true;
            self.header.push(format!("{name} {}", quote(content)));
            return Some(index + 2);
        }
        None
    }

    /// Template hints (`说明…(100字以内)`), signature labels (`项目负责人:`), section captions
    /// (`三、目标完成情况`): nothing to import, never data. Notes (注:/备注:) are kept.
    fn read_hints_and_notes(&mut self, index: usize, texts: &[&str]) {
        let row = &self.rows[index];
        let filled_cells = texts.iter().filter(|t| !t.is_empty()).count();
        for (position, text) in texts.iter().enumerate() {
            if is_hint(text) {
                self.used[index][position] = true;
                self.skipped_hints
                    .push(format!("{}: {text}", row[position].position()));
            } else if is_caption(text)
                && texts
                    .iter()
                    .all(|t| t.is_empty() || is_caption(t) || is_hint(t))
                && !(self.in_notes && filled_cells == 1 && is_numbered(text))
            {
                self.used[index][position] = true;
            } else if is_note(text) || (self.in_notes && filled_cells == 1 && is_numbered(text)) {
                // 注:/备注: and the paragraphs that follow it.
                self.used[index][position] = true;
                self.notes.push(text.to_string());
                self.in_notes = true;
            } else if let Some(label) = text.strip_suffix([':', '：']) {
                if header_field(label).is_some() || label.ends_with("负责人") {
                    self.used[index][position] = true;
                }
            }
        }
    }

    /// Conclusions (评价结论, 存在问题, 改进措施): a label and its text, blank or a hint.
    fn read_conclusion(&mut self, index: usize, texts: &[&str]) {
        let filled: Vec<&str> = texts.iter().copied().filter(|t| !t.is_empty()).collect();
        let [label, rest @ ..] = &filled[..] else {
            return;
        };
        if rest.len() <= 1 && CONCLUSIONS.contains(label) {
            let content = rest.first().copied().filter(|c| !is_hint(c));
            for (position, text) in texts.iter().enumerate() {
                if text == label || Some(*text) == content {
                    self.used[index][position] = true;
                }
            }
            if let Some(content) = content {
                self.header.push(format!("{label} {}", quote(content)));
            }
        }
    }

    /// A group row above an indicator table (湖北: `项目绩效 85分 | 项目年度目标1:…`): its label
    /// and goal text wait for the table; returns the table's first row.
    fn read_group_row(&mut self, index: usize, texts: &[&str]) -> Option<usize> {
        let next = self.rows.get(index + 1)?;
        let filled: Vec<&str> = texts.iter().copied().filter(|t| !t.is_empty()).collect();
        let [label, goal_text] = &filled[..] else {
            return None;
        };
        let label_at = texts.iter().position(|t| t == label).unwrap_or(0);
        let weighted = label_weight(label).is_some();
        // Under the label: the header's merged blank, or its 绩效指标 caption cell.
        // Or a caption column the header lost but its data rows kept (see `Header::at`).
        let header = Header::at(self.rows, index + 1);
        let under_blank = next.get(label_at).is_some_and(|c| {
            c.text.is_empty()
                || indicators::indicator_column(&c.text) == Some(indicators::Column::Label)
        }) || header
            .as_ref()
            .is_some_and(|h| h.columns.get(label_at) == Some(&Some(indicators::Column::Label)));
        if weighted && under_blank && header.is_some() {
            for (position, text) in texts.iter().enumerate() {
                if !text.is_empty() {
                    self.used[index][position] = true;
                }
            }
            let goal_text = goal_text
                .split_once([':', '：'])
                .filter(|(head, _)| head.contains("目标"))
                .map_or(*goal_text, |(_, rest)| rest);
            // `年度目标1:(80分)` is the block `年度目标1(80分)`.
            let label: String = label.chars().filter(|c| !matches!(c, ':' | '：')).collect();
            self.table.pending_goal = Some((label, goal_text.to_string()));
            return Some(index + 1);
        }
        None
    }

    /// Indicator table; returns the row after it.
    fn read_indicator_table(&mut self, index: usize) -> Option<usize> {
        let header = Header::at(self.rows, index)?;
        for row in index..index + header.rows {
            for (position, cell) in self.rows[row].iter().enumerate() {
                if indicators::indicator_column(&cell.text).is_some() {
                    self.used[row][position] = true;
                }
            }
        }
        Some(self.table.read(self.rows, index, &header, &mut self.used))
    }

    /// The form once all its rows are read: the weights it implies deduced, its name and
    /// profile settled, its text written and formatted. `None` when the rows hold no form (no
    /// kind or name, or neither indicators nor a budget).
    fn finish(mut self, inherited: &Inherited) -> Result<Option<ImportedForm>, ImportError> {
        indicators::nest_numbered_parents(&mut self.table.indicators);
        deduce_weights(&mut self.table.indicators);
        self.layouts_from_columns();
        let total_lines = self.total_lines();
        let Some(identity) = self.identity(inherited) else {
            return Ok(None);
        };
        if self.table.indicators.is_empty() && self.budget.is_empty() {
            return Ok(None);
        }
        let mut warnings = self.warnings(&identity);
        let mut unmapped = self.unmapped();
        let missing_indicators = self.indicator_region();
        let Some(year) = self.year.or(inherited.year) else {
            return Err(ImportError::NoYear {
                name: identity.name,
            });
        };
        if self.year.is_none() && inherited.year_from_others {
            warnings.push(format!(
                "表中没有印年度，按同一文件中其他表的年度 {year} 导入"
            ));
        }
        let text = FormText {
            unmapped: &unmapped,
            kind: identity.kind,
            name: &identity.name,
            year,
            header: self.header,
            budget: self.budget,
            money_unit: self.money_unit.unwrap_or("万元"),
            goals: &self.goals,
            indicators: &self.table.indicators,
            level1s: &self.table.level1s,
            goal_texts: &self.table.goal_texts,
            total_lines: &total_lines,
            notes: &self.notes,
        }
        .write();
        let (source, refused) =
            format_or_comment(text).map_err(|diagnostics| ImportError::Unformattable {
                name: identity.name.clone(),
                messages: diagnostics.iter().map(|d| d.message.to_string()).collect(),
            })?;
        unmapped.extend(
            refused
                .into_iter()
                .map(|line| format!("无法导入的行: {line}")),
        );
        let mut skipped = self.table.skipped;
        skipped.extend(self.skipped_hints);
        Ok(Some(ImportedForm {
            kind: identity.kind,
            name: identity.name,
            year: year.to_string(),
            profile: identity.profile.as_ref().map(|(p, _)| p.clone()),
            profile_evidence: identity.profile.map(|(_, e)| e),
            kind_evidence: identity.kind_evidence,
            missing_indicators,
            headless: identity.headless,
            indicators: self.table.indicators.len(),
            skipped,
            warnings,
            unmapped,
            source,
        }))
    }

    /// The profiles the indicator table's columns imply, after those its rows implied.
    fn layouts_from_columns(&mut self) {
        let columns = &self.table.columns;
        // 重庆 部门整体绩效自评表: 年初指标值 / 调整指标值 and 是否核心指标 columns.
        if self.kind == Some(FormKind::Department)
            && columns.contains(&indicators::Column::InitialTarget)
            && columns.contains(&indicators::Column::Core)
        {
            self.layouts
                .push(("chongqing-dept", "年初指标值、是否核心指标栏".to_string()));
        }
        if !columns.contains(&indicators::Column::Weight)
            && !columns.contains(&indicators::Column::Score)
            && self
                .budget
                .iter()
                .all(|line| !line.starts_with("分值") && !line.starts_with("得分"))
        {
            self.layouts
                .push(("hunan-county", "表中没有分值、得分栏".to_string()));
        }
    }

    /// The lines of the indicator table's total row: the whole form's score becomes the header's
    /// 自评总得分 (unless a field gave it) and its weight a comment; a part's total becomes a
    /// `绩效指标总分` line.
    fn total_lines(&mut self) -> Vec<String> {
        let mut total_lines = Vec::new();
        if let Some(total) = &self.table.total {
            let whole_form = total.label != "绩效指标总分"
                && total
                    .weight
                    .as_deref()
                    .is_none_or(|w| w.trim_end_matches(".00") == "100");
            if whole_form {
                let graded = self
                    .header
                    .iter()
                    .any(|line| line.starts_with("自评等级") || line.starts_with("评价等级"));
                if let Some(grade) = total.grade.as_ref().filter(|_| !graded) {
                    self.header.push(format!("评价等级 {grade}"));
                }
                if let Some(score) = &total.score {
                    if !self
                        .header
                        .iter()
                        .any(|line| line.starts_with("自评总得分"))
                    {
                        self.header.push(format!("自评总得分 {}", value(score)));
                    }
                }
                if let Some(weight) = &total.weight {
                    total_lines.push(format!("// {} 分值 {weight}（全表）", total.label));
                }
            } else if let Some(weight) = &total.weight {
                let mut line = format!("绩效指标总分 分值 {}", value(weight));
                if let Some(score) = &total.score {
                    line.push_str(&format!(" 得分 {}", value(score)));
                }
                total_lines.push(line);
            }
        }
        total_lines
    }

    /// The form's kind and name, and the profile written at the top of its header; `None` when
    /// the rows name no form.
    fn identity(&mut self, inherited: &Inherited) -> Option<Identity> {
        let mut kind = self.kind;
        let mut kind_evidence = self.kind_evidence.take();
        // 单位名称 names the form only when it has no 部门名称/项目名称 (湖北 prints both); a
        // blank 单位名称 still says the form is a unit's (a department form).
        let name = match (self.name.take(), self.unit_name.take()) {
            (Some(name), Some(unit)) => {
                self.header.insert(0, format!("单位名称 {}", quote(&unit)));
                Some(name)
            }
            (None, unit) if unit.is_some() || self.unit_field => {
                if kind.is_none() {
                    kind = Some(FormKind::Department);
                    kind_evidence = Some("「单位名称」栏".to_string());
                }
                unit
            }
            (name, _) => name,
        };

        // A department form that prints its unit only in its title
        // (`塘湖镇人民政府2020年度部门整体支出绩效自评表`) is named by it.
        let mut named_by_title = false;
        let name = match name.filter(|n| !n.is_empty()) {
            None if kind == Some(FormKind::Department) => {
                let from_title = self.title.as_deref().and_then(unit_in_title);
                named_by_title = from_title.is_some();
                from_title
            }
            name => name,
        };
        if let Some(title) = self.title.take() {
            self.header.insert(0, format!("表名 {}", quote(&title)));
        }
        // The tail of a form whose top (title, name, budget) is lost: a project form, said so.
        let headless = kind.is_none() && name.is_none() && !self.table.indicators.is_empty();
        // No title or name field says the kind: the department form's own indicator labels
        // (四川 部门整体支出计分表: 部门预算管理(80分)) say it.
        if kind.is_none() {
            if let Some(label) = self.department_label() {
                kind = Some(FormKind::Department);
                kind_evidence = Some(format!("部门整体表的指标「{label}」"));
            }
        }
        // A form whose table has 分值 and 得分 columns is scored: never a no-scoring profile,
        // whatever its title says (县级专项资金).
        let scored = self.table.columns.contains(&indicators::Column::Weight)
            && self.table.columns.contains(&indicators::Column::Score);
        let chosen = self
            .layouts
            .iter()
            .find(|(profile, _)| !(scored && *profile == "hunan-county"));
        let profile = match chosen {
            Some((profile, evidence)) => {
                self.header.insert(
                    0,
                    format!("评分规则 {profile}  // 导入时选定，依据：{evidence}"),
                );
                Some((profile.to_string(), evidence.clone()))
            }
            None if headless => inherited.profile.clone().map(|profile| {
                let evidence = "同一文件中其他表的版式".to_string();
                self.header.insert(
                    0,
                    format!("评分规则 {profile}  // 导入时选定，依据：{evidence}"),
                );
                (profile, evidence)
            }),
            None => None,
        };
        if headless && kind.is_none() {
            kind = Some(FormKind::Project);
            kind_evidence = Some("只有表的后半部分，没有表题和名称".to_string());
        }
        // A form with a title and no name (重庆 005 prints none): named so, and said so.
        let unnamed = name.as_deref().is_none_or(str::is_empty);
        let name = match name.filter(|n| !n.is_empty()) {
            Some(name) => Some(name),
            None if kind.is_some() => Some(UNNAMED.to_string()),
            None => None,
        };
        let (Some(kind), Some(name)) = (kind, name) else {
            return None;
        };
        Some(Identity {
            kind,
            kind_evidence,
            named_by_title,
            name,
            unnamed,
            headless,
            profile,
        })
    }

    /// A level-1 or level-2 label that only a department form has: `部门…` with 管理, 决策,
    /// 预算, 整体 or 履职 (四川 部门预算管理(80分), 部门决策; the national 部门整体 framework).
    /// A project form's groups are 产出/效益/满意度 or 项目决策/项目管理, never `部门…`.
    fn department_label(&self) -> Option<String> {
        let labels = self.table.level1s.iter().map(String::as_str).chain(
            self.table
                .indicators
                .iter()
                .flat_map(|i| [i.level1.as_str(), i.level2.as_str()]),
        );
        for label in labels {
            let bare = label.trim_start_matches(|c: char| {
                c.is_ascii_digit() || "一二三四五六七八九十、.．:：( )（）".contains(c)
            });
            if bare.starts_with("部门")
                && ["管理", "决策", "预算", "整体", "履职"]
                    .iter()
                    .any(|word| bare.contains(word))
            {
                return Some(label.to_string());
            }
        }
        None
    }

    /// What the user must know about the form: a lost top, a missing name, no 分值 column.
    fn warnings(&self, identity: &Identity) -> Vec<String> {
        let mut warnings = Vec::new();
        if identity.headless {
            warnings.push(match (identity.kind, &identity.kind_evidence) {
                (FormKind::Department, Some(evidence)) => format!(
                    "表的开头不在文件中（没有表题、名称和资金），按{evidence}定为部门整体表"
                ),
                _ => "只有表的后半部分（没有表题、名称和资金），按项目支出表导入".to_string(),
            });
        }
        if identity.unnamed {
            let evidence = identity
                .kind_evidence
                .as_ref()
                .filter(|_| !identity.headless)
                .map(|evidence| format!("（按{evidence}定为{}表）", identity.kind.keyword()))
                .unwrap_or_default();
            warnings.push(format!(
                "表中没有填写{}名称，暂名「{UNNAMED}」，请改为实际名称{evidence}",
                identity.kind.keyword()
            ));
        } else if let Some(evidence) = identity
            .kind_evidence
            .as_ref()
            .filter(|_| identity.named_by_title)
        {
            warnings.push(format!("名称取自表题（{evidence}），请核对"));
        }
        if let Some(conflict) = &self.unit_conflict {
            warnings.push(conflict.clone());
        }
        // Rows of the indicator table left out because their cells fit no placement: said here
        // as well as cell by cell, so a partly read table is never taken for a whole one.
        if !self.table.unplaced.is_empty() {
            warnings.push(format!(
                "绩效指标表有 {} 行放不进各栏（{}），没有导入，其格子列在“未能识别”中，请对照原表补写",
                self.table.unplaced.len(),
                self.table.unplaced.join("、")
            ));
        }
        if self.table.indicators.iter().any(|i| i.weight.is_none())
            && self.table.columns.contains(&indicators::Column::Score)
            && !self.table.columns.contains(&indicators::Column::Weight)
        {
            warnings
                .push("表中没有分值栏：各指标的分值需按原表的评分办法补写，check 才能计分".into());
        }
        warnings
    }

    /// Where the rows look like an indicator table of which no indicator was read: cells that
    /// name indicator columns (一级指标, 三级指标, 指标值, 实际完成值 …) or the standard level
    /// labels (产出指标, 数量指标 …), at least three of them. `None` when indicators were read or
    /// the form has no such region.
    fn indicator_region(&self) -> Option<String> {
        if !self.table.indicators.is_empty() {
            return None;
        }
        let level_word = |text: &str| {
            let text = super::stream::strip_weight(text);
            TAXONOMY
                .iter()
                .any(|(parent, children)| *parent == text || children.contains(&text))
        };
        let cells: Vec<&Cell> = self
            .rows
            .iter()
            .flatten()
            .filter(|c| {
                !c.text.is_empty()
                    && (indicators::indicator_column(&c.text).is_some_and(|col| {
                        col != indicators::Column::Label || c.text.contains("指标")
                    }) || level_word(&c.text))
            })
            .collect();
        let (first, last) = (cells.first()?, cells.last()?);
        if cells.len() < 3 {
            return None;
        }
        Some(match (&first.place, &last.place) {
            (None, None) => format!("第 {}–{} 行", first.line, last.line),
            _ => format!("{} – {}", first.position(), last.position()),
        })
    }

    /// The non-blank cells no recogniser placed, as `place: text`.
    fn unmapped(&self) -> Vec<String> {
        let mut unmapped: Vec<String> = Vec::new();
        for (row, flags) in self.rows.iter().zip(&self.used) {
            for (cell, used) in row.iter().zip(flags) {
                if !used && !cell.text.is_empty() {
                    unmapped.push(format!("{}: {}", cell.position(), cell.text));
                }
            }
        }
        unmapped
    }
}

/// The unit a department form's title names before its kind (`塘湖镇人民政府` in
/// `塘湖镇人民政府2020年度部门整体支出绩效自评表`), or `None` when the title names none: a
/// generic title (`部门整体支出绩效自评表`), an administrative level (`四川省省级`) or anything
/// that does not end like a unit's name (局, 委员会, 政府, 中心 …).
fn unit_in_title(title: &str) -> Option<String> {
    let title = filed_title(title);
    let kind_at = ["部门整体", "整体支出", "部门支出"]
        .iter()
        .filter_map(|kind| title.find(kind))
        .min()?;
    let mut head = title[..kind_at].trim_matches(is_blank_char);
    // `2020年度` / `2020年` before the kind, or before the unit.
    for suffix in ["年度", "年"] {
        if let Some(rest) = head.strip_suffix(suffix) {
            let digits = rest.trim_end_matches(|c: char| c.is_ascii_digit());
            if rest.len() - digits.len() == 4 {
                head = digits.trim_matches(is_blank_char);
                break;
            }
        }
    }
    let digits = head.trim_start_matches(|c: char| c.is_ascii_digit());
    if head.len() - digits.len() == 4 {
        for prefix in ["年度", "年"] {
            if let Some(rest) = digits.strip_prefix(prefix) {
                head = rest.trim_matches(is_blank_char);
                break;
            }
        }
    }
    const UNIT_ENDINGS: &[&str] = &[
        "政府",
        "委员会",
        "联合会",
        "局",
        "委",
        "会",
        "办公室",
        "办",
        "中心",
        "院",
        "所",
        "站",
        "队",
        "馆",
        "厅",
        "处",
        "室",
        "社",
        "校",
        "学",
        "部",
        "团",
        "署",
        "庭",
        "园",
    ];
    let named = head.chars().count() >= 3
        && head.chars().count() <= 40
        && !head.chars().any(|c| c.is_ascii_digit())
        && UNIT_ENDINGS.iter().any(|ending| head.ends_with(ending));
    named.then(|| head.to_string())
}

/// The title as the form files it: `附件1：` and a year in brackets (`（2022年度）`, printed on
/// the page beside the title) left off.
fn filed_title(title: &str) -> String {
    let title = match title.split_once(['：', ':']) {
        Some((head, rest)) if head.starts_with("附件") => rest,
        _ => title,
    };
    let mut title = title.trim();
    for open in ['（', '('] {
        if let Some((head, tail)) = title.rsplit_once(open) {
            if tail.contains('年') && year_of(tail).is_some() && head.contains("自评表") {
                title = head.trim_end();
            }
        }
    }
    title.to_string()
}
