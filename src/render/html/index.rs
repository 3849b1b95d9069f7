//! The view of the directory index: one row per form, sorted, with links to the pages.

use super::form::optional_number;
use crate::model::{Evaluation, FormKind, Number, Severity};
use serde::Serialize;

/// One form listed in the index.
#[derive(Debug, Clone, Copy)]
pub struct IndexEntry<'a> {
    /// The form.
    pub evaluation: &'a Evaluation,
    /// Its page, relative to the index (`/`-separated, unencoded); `None` when no page was
    /// written (the form has errors).
    pub page: Option<&'a str>,
}

/// One row of the index.
#[derive(Debug, Clone, Serialize)]
struct IndexRow {
    /// `项目` / `部门整体`.
    kind: &'static str,
    year: String,
    name: String,
    /// Percent-encoded relative link; empty when no page was written.
    href: String,
    execution_rate: String,
    total: String,
    grade: String,
    errors: usize,
    warnings: usize,
    /// Sort ranks (0-based) per column, computed from the exact values: `[kind, year, name,
    /// execution_rate, total, grade, errors, warnings]`. A script may sort by them; the
    /// table reads fine in its given order without one.
    ranks: Vec<usize>,
}

/// Everything `index.html` reads, as `index`.
#[derive(Debug, Clone, Serialize)]
pub(super) struct IndexView {
    rows: Vec<IndexRow>,
    forms: usize,
    errors: usize,
    warnings: usize,
}

/// The sort key of one index column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Number(Option<Number>),
    Text(String),
    Count(usize),
}

impl IndexView {
    pub(super) fn new(entries: &[IndexEntry<'_>]) -> IndexView {
        let mut rows: Vec<IndexRow> = entries
            .iter()
            .map(|entry| {
                let evaluation = entry.evaluation;
                let errors = evaluation
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                IndexRow {
                    kind: match evaluation.kind {
                        FormKind::Project => "项目",
                        FormKind::Department => "部门整体",
                    },
                    year: evaluation
                        .year
                        .map_or_else(String::new, |year| year.to_string()),
                    name: evaluation.name.clone(),
                    href: entry.page.map_or_else(String::new, encode_href),
                    execution_rate: evaluation
                        .budget
                        .execution_rate
                        .computed
                        .map_or_else(String::new, |rate| format!("{rate}%")),
                    total: optional_number(evaluation.total.computed),
                    grade: evaluation.grade.computed.clone().unwrap_or_default(),
                    errors,
                    warnings: evaluation.diagnostics.len() - errors,
                    ranks: Vec::new(),
                }
            })
            .collect();
        let keys: Vec<Vec<SortKey>> = entries
            .iter()
            .zip(&rows)
            .map(|(entry, row)| {
                let evaluation = entry.evaluation;
                vec![
                    SortKey::Text(row.kind.to_string()),
                    SortKey::Count(usize::from(evaluation.year.unwrap_or(0))),
                    SortKey::Text(row.name.clone()),
                    SortKey::Number(evaluation.budget.execution_rate.computed),
                    SortKey::Number(evaluation.total.computed),
                    SortKey::Text(row.grade.clone()),
                    SortKey::Count(row.errors),
                    SortKey::Count(row.warnings),
                ]
            })
            .collect();
        let columns: Vec<Vec<&SortKey>> = (0..8)
            .map(|column| keys.iter().map(|row| &row[column]).collect())
            .collect();
        for column in columns {
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by_key(|row| column[*row]);
            let mut ranks = vec![0; rows.len()];
            for (rank, row) in order.into_iter().enumerate() {
                ranks[row] = rank;
            }
            for (row, rank) in rows.iter_mut().zip(ranks) {
                row.ranks.push(rank);
            }
        }
        IndexView {
            forms: rows.len(),
            errors: rows.iter().map(|row| row.errors).sum(),
            warnings: rows.iter().map(|row| row.warnings).sum(),
            rows,
        }
    }
}

/// Percent-encodes a relative path for an `href` (keeps `/` and unreserved ASCII).
fn encode_href(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~' | b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_percent_encoded() {
        assert_eq!(
            encode_href("a b/部门.html"),
            "a%20b/%E9%83%A8%E9%97%A8.html"
        );
        assert_eq!(encode_href("x\"<&.html"), "x%22%3C%26.html");
    }
}
