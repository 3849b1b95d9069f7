//! The formatter's tree: lines grouped into blocks, with their comments, blank lines and the
//! exact text of every value.
//!
//! It is built from [`lex`](super::lex) lexemes, line by line, in the shape the grammar gives a
//! file (block head ending in `{`, `}` lines, fields, indicator lines, the block form of an
//! indicator). Keywords are recorded with the [`Place`] they stand in so the printer can respell
//! them; values are kept byte for byte, with the source text between two values of one cell
//! (`≥ 95%`, `区人大 常委会`) because lowering reads such a value as one source slice.

use super::lex::{Kind, Lexeme};
use super::words::{attribute_prefix, Place};
use crate::syntax::keywords::{self, FieldKeyword};

/// What kind of block a block is (decides which keywords are looked up inside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    /// The file itself.
    Top,
    /// A form (`项目 … {`).
    Form,
    /// The budget block.
    Budget,
    /// The goals block.
    Goals,
    /// A level-1 or level-2 category.
    Category,
    /// The block form of an indicator.
    IndicatorBlock,
    /// Anything else (only in files with errors, which are never formatted).
    Other,
}

/// One value of a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Value {
    /// The text exactly as written (quotes included for strings).
    pub text: String,
    /// The source text between the previous value of the same cell and this one.
    pub gap: String,
    /// The keyword place when this value is a sub-key (`绩效指标总分 分值 90 得分 90`).
    pub place: Option<Place>,
    /// `true` for a `"""` string.
    pub triple: bool,
}

/// A key (if any) and its values: one column of an aligned line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Cell {
    /// The keyword as written and where it stands.
    pub key: Option<(String, Option<Place>)>,
    /// The values.
    pub values: Vec<Value>,
    /// Keep the gaps between values as written (a value read as one source slice).
    pub verbatim: bool,
}

/// How a line is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// `KEY value…`: single spaces.
    Field,
    /// A fund row of the budget block: label and amounts, aligned with its neighbours.
    FundRow,
    /// `"name" attribute…`: aligned with its neighbours.
    Indicator,
    /// A line of attributes inside an indicator block.
    AttrLine,
}

/// A node of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Node {
    /// One or more blank lines.
    Blank,
    /// A comment on a line of its own (trailing blanks removed).
    Comment(String),
    /// A statement line.
    Line {
        /// Layout.
        role: Role,
        /// Columns.
        cells: Vec<Cell>,
        /// End-of-line comment.
        comment: Option<String>,
    },
    /// A block.
    Block {
        /// The head before `{` as cells (one cell: key and values; or the indicator's name).
        head: Vec<Cell>,
        /// End-of-line comment after `{`.
        open_comment: Option<String>,
        /// Inside.
        children: Vec<Node>,
        /// End-of-line comment after `}`.
        close_comment: Option<String>,
    },
}

/// Why the formatter could not read a line (never for a file that parses without errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unreadable {
    /// Byte offset of the line.
    pub offset: usize,
}

struct Frame {
    ctx: Ctx,
    head: Vec<Cell>,
    open_comment: Option<String>,
    children: Vec<Node>,
    offset: usize,
}

/// Builds the tree of a lexed source.
pub(super) fn build(source: &str, lexemes: &[Lexeme<'_>]) -> Result<Vec<Node>, Unreadable> {
    let mut stack = vec![Frame {
        ctx: Ctx::Top,
        head: Vec::new(),
        open_comment: None,
        children: Vec::new(),
        offset: 0,
    }];
    for line in lexemes.split(|lexeme| lexeme.kind == Kind::Newline) {
        let mut items: Vec<Lexeme<'_>> = line
            .iter()
            .copied()
            .filter(|lexeme| lexeme.kind != Kind::Space)
            .collect();
        let offset = line.first().map_or(source.len(), |lexeme| lexeme.start);
        let unreadable = Unreadable { offset };
        let parent = stack.last().map_or(Ctx::Other, |frame| frame.ctx);
        let comment = match items.last() {
            Some(last) if last.kind == Kind::Comment => {
                let text = last.text.trim_end().to_string();
                items.pop();
                Some(text)
            }
            _ => None,
        };
        let node = match items.first() {
            None => match comment {
                Some(text) => Node::Comment(text),
                None => Node::Blank,
            },
            Some(first) if first.kind == Kind::Close => {
                if items.len() > 1 || stack.len() < 2 {
                    return Err(unreadable);
                }
                let frame = stack.pop().ok_or(unreadable.clone())?;
                Node::Block {
                    head: frame.head,
                    open_comment: frame.open_comment,
                    children: frame.children,
                    close_comment: comment,
                }
            }
            Some(_) if items.last().is_some_and(|last| last.kind == Kind::Open) => {
                items.pop();
                let (ctx, head) = block_head(source, &items, parent).ok_or(unreadable)?;
                stack.push(Frame {
                    ctx,
                    head,
                    open_comment: comment,
                    children: Vec::new(),
                    offset,
                });
                continue;
            }
            Some(first) => {
                if items
                    .iter()
                    .any(|item| matches!(item.kind, Kind::Open | Kind::Close | Kind::Comment))
                {
                    return Err(unreadable);
                }
                let (role, cells) = if parent == Ctx::IndicatorBlock {
                    (Role::AttrLine, attributes(source, &items, false))
                } else if first.kind == Kind::Str {
                    let mut cells = vec![name_cell(first)];
                    cells.extend(attributes(source, &items[1..], true));
                    (Role::Indicator, cells)
                } else {
                    field(source, &items, parent).ok_or(unreadable)?
                };
                Node::Line {
                    role,
                    cells,
                    comment,
                }
            }
        };
        if let Some(frame) = stack.last_mut() {
            frame.children.push(node);
        }
    }
    if stack.len() != 1 {
        let offset = stack.last().map_or(0, |frame| frame.offset);
        return Err(Unreadable { offset });
    }
    Ok(stack.pop().map(|frame| frame.children).unwrap_or_default())
}

fn value(source: &str, text: &str, start: usize, previous_end: Option<usize>) -> Value {
    Value {
        text: text.to_string(),
        gap: previous_end
            .and_then(|end| source.get(end..start))
            .unwrap_or("")
            .to_string(),
        place: None,
        triple: text.starts_with("\"\"\""),
    }
}

fn name_cell(name: &Lexeme<'_>) -> Cell {
    Cell {
        key: None,
        values: vec![Value {
            text: name.text.to_string(),
            gap: String::new(),
            place: None,
            triple: name.text.starts_with("\"\"\""),
        }],
        verbatim: false,
    }
}

fn is_colon(character: char) -> bool {
    character == ':' || character == '：'
}

fn strip_colon(text: &str) -> Option<&str> {
    text.strip_prefix(is_colon)
}

/// A value's text with its start and end byte offsets in the source.
type Piece<'a> = (&'a str, usize, usize);

/// A key (the grammar's `key`: a word up to a colon), an optional colon, and the values after
/// it, as (text, start offset, end offset).
fn key_and_values<'a>(items: &[Lexeme<'a>]) -> Option<(&'a str, Vec<Piece<'a>>)> {
    let (first, rest) = items.split_first()?;
    if first.kind != Kind::Word {
        return None;
    }
    let mut values = Vec::new();
    let mut colon_allowed = true;
    let key = match first.text.find(is_colon) {
        Some(0) => return None,
        Some(position) => {
            colon_allowed = false;
            let colon = first.text[position..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            let after = &first.text[position + colon..];
            if !after.is_empty() {
                let start = first.start + position + colon;
                values.push((after, start, first.end()));
            }
            &first.text[..position]
        }
        None => first.text,
    };
    for item in rest {
        if item.kind != Kind::Word && item.kind != Kind::Str {
            return None;
        }
        let mut text = item.text;
        let mut start = item.start;
        if colon_allowed && values.is_empty() && item.kind == Kind::Word {
            if let Some(after) = strip_colon(text) {
                start += text.len() - after.len();
                text = after;
            }
        }
        colon_allowed = false;
        if !text.is_empty() {
            values.push((text, start, item.end()));
        }
    }
    Some((key, values))
}

fn cell_from(
    source: &str,
    key: &str,
    place: Option<Place>,
    values: &[Piece<'_>],
    verbatim: bool,
) -> Cell {
    let mut previous = None;
    let values = values
        .iter()
        .map(|(text, start, end)| {
            let value = value(source, text, *start, previous);
            previous = Some(*end);
            value
        })
        .collect();
    Cell {
        key: Some((key.to_string(), place)),
        values,
        verbatim,
    }
}

fn block_head(source: &str, items: &[Lexeme<'_>], parent: Ctx) -> Option<(Ctx, Vec<Cell>)> {
    let first = items.first()?;
    if first.kind == Kind::Str {
        // `"name" {` or `"name"：{`.
        let rest_is_colon = match &items[1..] {
            [] => true,
            [colon] => colon.kind == Kind::Word && strip_colon(colon.text) == Some(""),
            _ => false,
        };
        return rest_is_colon.then(|| (Ctx::IndicatorBlock, vec![name_cell(first)]));
    }
    let (key, values) = key_and_values(items)?;
    let (ctx, place) = match parent {
        Ctx::Top => match keywords::lookup(keywords::FORMS, key) {
            Some(_) => (Ctx::Form, Some(Place::FormKey)),
            None => (Ctx::Other, None),
        },
        Ctx::Form => match block_keyword(key) {
            Some(keywords::BlockKeyword::Budget) => (Ctx::Budget, Some(Place::FormBlockKey)),
            // A goal block's title is kept as written (the model prints it): never respelled.
            Some(keywords::BlockKeyword::Goals) => (Ctx::Goals, None),
            None => (Ctx::Category, Some(Place::FormBlockKey)),
        },
        // A goal block may hold its own indicator tree (湖北 forms).
        Ctx::Category | Ctx::Goals => (Ctx::Category, Some(Place::CategoryKey)),
        _ => (Ctx::Other, None),
    };
    let mut cell = cell_from(source, key, place, &values, false);
    if matches!(ctx, Ctx::Category | Ctx::Goals) {
        // `产出指标 分值 50 {`: weight and score keywords inside a category or goal header.
        for value in &mut cell.values {
            if matches!(
                value.text.as_str(),
                "分值" | "权重" | "weight" | "得分" | "score"
            ) {
                value.place = Some(Place::SubKey);
            }
        }
    }
    Some((ctx, vec![cell]))
}

/// The block keyword of a block's key as lowering reads it: exact (`资金`), with a bracketed
/// suffix (`资金（万元）`) or numbered (`年度绩效目标1`).
fn block_keyword(key: &str) -> Option<keywords::BlockKeyword> {
    if let Some(keyword) = keywords::lookup(keywords::BLOCKS, key) {
        return Some(keyword);
    }
    let base = key.split(['(', '（']).next().unwrap_or(key);
    let base = base
        .trim_end_matches(|character: char| character.is_ascii_digit())
        .trim_end_matches(is_colon);
    keywords::lookup(keywords::BLOCKS, base)
}

fn field(source: &str, items: &[Lexeme<'_>], parent: Ctx) -> Option<(Role, Vec<Cell>)> {
    let (key, values) = key_and_values(items)?;
    match parent {
        Ctx::Budget => {
            let is_row = keywords::lookup(keywords::FUND_SOURCES, key).is_some()
                || keywords::lookup(keywords::BUDGET_LINES, key).is_none();
            if is_row {
                // Each amount is read on its own: the row's columns can be aligned.
                let mut cells = vec![cell_from(source, key, None, &[], false)];
                cells.extend(values.iter().map(|(text, start, _)| Cell {
                    key: None,
                    values: vec![value(source, text, *start, None)],
                    verbatim: false,
                }));
                return Some((Role::FundRow, cells));
            }
            let cell = cell_from(source, key, Some(Place::BudgetLine), &values, true);
            Some((Role::Field, vec![cell]))
        }
        Ctx::Form => {
            let field = keywords::lookup(keywords::FIELDS, key);
            let subtotal = field == Some(FieldKeyword::IndicatorSubtotal);
            let place = field.map(|_| Place::FormField);
            let mut cell = cell_from(source, key, place, &values, !subtotal);
            if subtotal && cell.values.len() > 1 {
                // `绩效指标总分 分值 90 得分 90`: keys at even positions, each value read alone.
                for value in cell.values.iter_mut().step_by(2) {
                    value.place = Some(Place::SubKey);
                }
            }
            Some((Role::Field, vec![cell]))
        }
        Ctx::Goals => Some((
            Role::Field,
            vec![cell_from(source, key, Some(Place::GoalLine), &values, true)],
        )),
        Ctx::Category => Some((
            Role::Field,
            vec![cell_from(
                source,
                key,
                Some(Place::CategoryField),
                &values,
                true,
            )],
        )),
        _ => Some((
            Role::Field,
            vec![cell_from(source, key, None, &values, true)],
        )),
    }
}

/// Indicator attributes as the grammar's `attr` and `stray` read them: a keyword, an optional
/// colon, and the tokens up to the next keyword. `colon_after_name`: a colon may follow the name.
fn attributes(source: &str, items: &[Lexeme<'_>], colon_after_name: bool) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    let mut colon_allowed = colon_after_name;
    let mut previous_end: Option<usize> = None;
    for item in items {
        if item.kind == Kind::Str {
            push_value(
                &mut cells,
                value(source, item.text, item.start, previous_end),
            );
            previous_end = Some(item.end());
            colon_allowed = false;
            continue;
        }
        let mut text = item.text;
        let mut start = item.start;
        if colon_allowed {
            if let Some(after) = strip_colon(text) {
                start += text.len() - after.len();
                text = after;
            }
        }
        colon_allowed = false;
        while !text.is_empty() {
            match attribute_prefix(text) {
                Some(length) => {
                    cells.push(Cell {
                        key: Some((text[..length].to_string(), Some(Place::Attribute))),
                        values: Vec::new(),
                        verbatim: true,
                    });
                    previous_end = None;
                    start += length;
                    text = &text[length..];
                    colon_allowed = true;
                    if let Some(after) = strip_colon(text) {
                        start += text.len() - after.len();
                        text = after;
                        colon_allowed = false;
                    }
                }
                None => {
                    push_value(&mut cells, value(source, text, start, previous_end));
                    previous_end = Some(item.end());
                    break;
                }
            }
        }
    }
    cells
}

/// Adds a value to the last attribute, or a stray cell when there is none yet.
fn push_value(cells: &mut Vec<Cell>, value: Value) {
    match cells.last_mut() {
        Some(cell) if cell.key.is_some() => cell.values.push(value),
        _ => cells.push(Cell {
            key: None,
            values: vec![value],
            verbatim: true,
        }),
    }
}
