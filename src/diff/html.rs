//! The HTML rendering of a diff: one self-contained page (inline CSS, no script, no network),
//! old and new side by side, in the table style of the disclosure pages.
//!
//! The template is embedded in the binary and rendered by Tera with autoescape on (its name ends
//! in `.html`), so every name, label and text from a form is escaped. Numbers reach the template
//! as preformatted strings (Tera numbers are floats).

use super::{field_label, indicator_path, kind_label, Change, DiffDocument, FormDiff, Status};
use serde::Serialize;

const TEMPLATE: &str = include_str!("templates/diff.html");
const TEMPLATE_NAME: &str = "diff.html";

#[derive(Serialize)]
struct Page {
    title: String,
    equal: bool,
    forms: Vec<FormView>,
    unpaired: Vec<UnpairedView>,
}

#[derive(Serialize)]
struct FormView {
    title: String,
    files: String,
    equal: bool,
    old_label: String,
    new_label: String,
    sections: Vec<SectionView>,
}

#[derive(Serialize)]
struct SectionView {
    title: String,
    rows: Vec<RowView>,
}

#[derive(Serialize, Default)]
struct RowView {
    title: bool,
    mark: String,
    status: String,
    kind: String,
    label: String,
    old: String,
    new: String,
    delta: String,
    percent: String,
}

#[derive(Serialize)]
struct UnpairedView {
    side: String,
    status: String,
    name: String,
    file: String,
}

/// Renders the page. Errors only if the embedded template is broken (a bug, caught by tests).
pub(super) fn render(document: &DiffDocument) -> Result<String, String> {
    // Parsed once per process: `build` renders a diff page for every form with a previous
    // year (3,188 of the 10,000 forms of the issue-19 corpus) and need not parse and compile
    // the same template for each.
    static TERA: std::sync::OnceLock<Result<tera::Tera, String>> = std::sync::OnceLock::new();
    let tera = TERA
        .get_or_init(|| {
            let mut tera = tera::Tera::new();
            tera.add_raw_template(TEMPLATE_NAME, TEMPLATE)
                .map_err(|error| format!("diff template: {error}"))?;
            Ok(tera)
        })
        .as_ref()
        .map_err(Clone::clone)?;
    let page = page(document);
    let context = tera::Context::from_serialize(&page).map_err(|error| error.to_string())?;
    tera.render(TEMPLATE_NAME, &context)
        .map_err(|error| format!("diff template: {error}"))
}

fn page(document: &DiffDocument) -> Page {
    let title = match document.forms.as_slice() {
        [only] => format!("{} — 年度对比", form_heading(only)),
        _ => "绩效自评表 — 年度对比".to_string(),
    };
    let mut unpaired = Vec::new();
    for (forms, side, status) in [
        (&document.only_in_old, "仅在旧版", "removed"),
        (&document.only_in_new, "仅在新版", "added"),
    ] {
        for form in forms {
            unpaired.push(UnpairedView {
                side: side.to_string(),
                status: status.to_string(),
                name: format!("{} {}", kind_label(form.kind), form.name),
                file: form.file.clone().unwrap_or_default(),
            });
        }
    }
    Page {
        title,
        equal: document.equal,
        forms: document.forms.iter().map(form_view).collect(),
        unpaired,
    }
}

fn form_heading(form: &FormDiff) -> String {
    format!("{} {}", kind_label(form.new.kind), form.new.name)
}

fn year_label(year: Option<u16>, fallback: &str) -> String {
    year.map_or(fallback.to_string(), |year| format!("{year} 年"))
}

fn change_row(change: &Change, status: &str) -> RowView {
    let is_text = change.delta.is_none()
        && (change.field.starts_with("goal[") || change.field == "deviation_note");
    RowView {
        status: status.to_string(),
        kind: if is_text { "text" } else { "number" }.to_string(),
        label: field_label(&change.field),
        old: change.old.clone().unwrap_or_else(|| "—".to_string()),
        new: change.new.clone().unwrap_or_else(|| "—".to_string()),
        delta: change.delta.clone().unwrap_or_default(),
        percent: change
            .percent
            .as_ref()
            .map(|percent| format!("{percent}%"))
            .unwrap_or_default(),
        ..RowView::default()
    }
}

fn title_row(mark: &str, label: String, status: Status) -> RowView {
    RowView {
        title: true,
        mark: mark.to_string(),
        status: status_class(status).to_string(),
        label,
        ..RowView::default()
    }
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Changed => "changed",
    }
}

fn form_view(form: &FormDiff) -> FormView {
    let mut sections = Vec::new();
    let simple = |title: &str, changes: &[Change]| SectionView {
        title: title.to_string(),
        rows: changes
            .iter()
            .map(|change| change_row(change, ""))
            .collect(),
    };
    if !form.header.is_empty() {
        sections.push(simple("表头", &form.header));
    }
    if !form.budget.is_empty() || !form.budget_rows.is_empty() {
        let mut section = simple("资金", &form.budget);
        for row in &form.budget_rows {
            let label = if row.label.is_empty() {
                "合计"
            } else {
                row.label.as_str()
            };
            section
                .rows
                .push(title_row(mark(row.status), label.to_string(), row.status));
            section.rows.extend(
                row.changes
                    .iter()
                    .map(|change| change_row(change, status_class(row.status))),
            );
        }
        sections.push(section);
    }
    if !form.goals.is_empty() {
        sections.push(simple("年度总体目标", &form.goals));
    }
    if !form.indicators.is_empty() {
        let mut rows = Vec::new();
        for indicator in &form.indicators {
            let (old, new) = (indicator.old.as_ref(), indicator.new.as_ref());
            let what = match indicator.status {
                Status::Added => "新增",
                Status::Removed => "删除",
                Status::Changed if indicator.renamed => "改名",
                Status::Changed if indicator.moved => "移动",
                Status::Changed => "变更",
            };
            let label = match (old, new) {
                (Some(old), Some(new)) if indicator.renamed || indicator.moved => {
                    format!(
                        "{what}：{} → {}（id {}）",
                        indicator_path(old),
                        indicator_path(new),
                        new.id
                    )
                }
                (_, Some(side)) | (Some(side), None) => format!("{what}：{}", indicator_path(side)),
                (None, None) => what.to_string(),
            };
            rows.push(title_row(mark(indicator.status), label, indicator.status));
            rows.extend(
                indicator
                    .changes
                    .iter()
                    .map(|change| change_row(change, status_class(indicator.status))),
            );
        }
        sections.push(SectionView {
            title: "指标".to_string(),
            rows,
        });
    }
    if !form.categories.is_empty() {
        let mut rows = Vec::new();
        for category in &form.categories {
            rows.push(title_row(
                mark(category.status),
                category.path.clone(),
                category.status,
            ));
            rows.extend(
                category
                    .changes
                    .iter()
                    .map(|change| change_row(change, status_class(category.status))),
            );
        }
        sections.push(SectionView {
            title: "指标类别".to_string(),
            rows,
        });
    }
    sections.push(SectionView {
        title: "总分".to_string(),
        rows: vec![change_row(&form.total, ""), change_row(&form.grade, "")],
    });
    let files = match (&form.old.file, &form.new.file) {
        (Some(old), Some(new)) => format!("{old} → {new}"),
        _ => String::new(),
    };
    FormView {
        title: form_heading(form),
        files,
        equal: form.equal,
        old_label: year_label(form.old.year, "旧版"),
        new_label: year_label(form.new.year, "新版"),
        sections,
    }
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::Added => "+",
        Status::Removed => "−",
        Status::Changed => "~",
    }
}
