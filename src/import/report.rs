//! The report of `jixiao import`, as data: per input, the forms found (name, year, profile and
//! why, indicators read, the file written), what was skipped, what could not be placed and where,
//! and what was not read at all (`注意: 没有读出绩效指标表（第 N–M 行）`). Shown as text lines
//! ([`InputReport::text`]) or as JSON (`jixiao import --format json`, [`InputReport::json`]).

use super::ImportedForm;
use serde::Serialize;

/// A cell that could not be placed, and where it is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UnmappedCell {
    /// `表格2 第5行第3格`, `表1!C5`, `第12行`; empty for a generated line the language refused.
    pub place: String,
    /// The cell's text.
    pub text: String,
}

/// What the import did with one form.
#[derive(Debug, Clone, Serialize)]
pub struct FormReport {
    /// `项目` or `部门整体`.
    pub kind: String,
    /// What chose the kind (`表题「…」`, `「部门名称」栏`, `部门整体表的指标「…」`), if anything
    /// the form prints did.
    pub kind_evidence: Option<String>,
    /// The form's name.
    pub name: String,
    /// Its budget year.
    pub year: String,
    /// The profile chosen from the layout (`评分规则`), if any.
    pub profile: Option<String>,
    /// Why that profile: the evidence the layout gave.
    pub profile_evidence: Option<String>,
    /// The number of indicators read.
    pub indicators: usize,
    /// The `.jx` file written, or `None` (dry run, or not written).
    pub written: Option<String>,
    /// What needs a hand (a form with no name, no 分值 column …).
    pub warnings: Vec<String>,
    /// Placeholder rows and hints skipped, with their places.
    pub skipped: Vec<String>,
    /// Cells that could not be placed, with their places.
    pub unmapped: Vec<UnmappedCell>,
    /// An indicator-like region of which nothing was read (`第 N–M 行`): the import is partial.
    pub missing_indicators: Option<String>,
    /// The report's summary line for the form.
    pub summary: String,
}

impl FormReport {
    /// The report of `form`, written to `written` (if it was).
    pub fn new(form: &ImportedForm, written: Option<String>) -> FormReport {
        let unmapped = form
            .unmapped
            .iter()
            .map(|item| match item.split_once(": ") {
                Some((place, text)) => UnmappedCell {
                    place: place.to_string(),
                    text: text.to_string(),
                },
                None => UnmappedCell {
                    place: String::new(),
                    text: item.clone(),
                },
            })
            .collect();
        let target = written.as_deref().unwrap_or("（未写入）");
        let summary = format!(
            "{} 「{}」 → {target}: {} 个指标, {} 个未能识别的单元格",
            form.kind.keyword(),
            form.name,
            form.indicators,
            form.unmapped.len()
        );
        FormReport {
            kind: form.kind.keyword().to_string(),
            kind_evidence: form.kind_evidence.clone(),
            name: form.name.clone(),
            year: form.year.clone(),
            profile: form.profile.clone(),
            profile_evidence: form.profile_evidence.clone(),
            indicators: form.indicators,
            written,
            warnings: form.warnings.clone(),
            skipped: form.skipped.clone(),
            unmapped,
            missing_indicators: form.missing_indicators.clone(),
            summary,
        }
    }

    /// Whether the form was imported only in part (an indicator table that was not read).
    pub fn is_partial(&self) -> bool {
        self.missing_indicators.is_some()
    }

    /// The report's text lines for the form: the summary, then `注意`, `跳过` and `未能识别`
    /// lines, and last the line that says what was not read at all.
    pub fn text(&self) -> String {
        let mut text = format!("  {}\n", self.summary);
        for item in &self.warnings {
            text.push_str(&format!("    注意 {item}\n"));
        }
        for item in &self.skipped {
            text.push_str(&format!("    跳过 {item}\n"));
        }
        for cell in &self.unmapped {
            if cell.place.is_empty() {
                text.push_str(&format!("    未能识别 {}\n", cell.text));
            } else {
                text.push_str(&format!("    未能识别 {}: {}\n", cell.place, cell.text));
            }
        }
        if let Some(region) = &self.missing_indicators {
            text.push_str(&format!("  注意: 没有读出绩效指标表（{region}）\n"));
        }
        text
    }
}

/// What the import did with one input file.
#[derive(Debug, Clone, Serialize, Default)]
pub struct InputReport {
    /// The input as given.
    pub input: String,
    /// The forms found, in order.
    pub forms: Vec<FormReport>,
    /// Why the input gave nothing (a refusal), if it did not.
    pub error: Option<String>,
    /// Why nothing was written although forms were found (an existing file, a partial import).
    pub not_written: Option<String>,
}

impl InputReport {
    /// Whether a form of the input was imported only in part.
    pub fn is_partial(&self) -> bool {
        self.forms.iter().any(FormReport::is_partial)
    }

    /// The report as text: `input: N 张表`, then each form's lines.
    pub fn text(&self) -> String {
        let mut text = String::new();
        if let Some(error) = &self.error {
            return format!("错误: {}: {error}\n", self.input);
        }
        text.push_str(&format!("{}: {} 张表", self.input, self.forms.len()));
        if let Some(reason) = &self.not_written {
            text.push_str(&format!("，未写入: {reason}"));
        }
        text.push('\n');
        for form in &self.forms {
            text.push_str(&form.text());
        }
        text
    }

    /// The reports of several inputs as one JSON document: `{"inputs": [...]}`.
    pub fn json(reports: &[InputReport]) -> String {
        let document = serde_json::json!({ "inputs": reports });
        let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
        text.push('\n');
        text
    }
}
