//! The HTML rendering of a diff: one self-contained page (inline CSS, no script, no network),
//! old and new side by side, in the table style of the disclosure pages.
//!
//! The page is written by [`write_page`] in Rust, not interpreted from a Tera template: `build`
//! writes one for every form with a previous year (3,188 of the 10,000 forms of the issue-19
//! corpus), and Tera cost three quarters of each (the view serialised into Tera values, then
//! the template interpreted: 3.5 M of 4.5 M instructions a page). The markup is fixed (no user
//! template overrides it) and small, so it is written out here, the style sheet kept in
//! `templates/diff.css`. Every text from a form goes through [`escape`] (Tera's HTML escaping:
//! `& < > " '`). Numbers reach the page as preformatted strings.

use super::{field_label, indicator_path, kind_label, Change, DiffDocument, FormDiff, Status};

struct Page {
    title: String,
    equal: bool,
    forms: Vec<FormView>,
    unpaired: Vec<UnpairedView>,
}

struct FormView {
    title: String,
    files: String,
    equal: bool,
    old_label: String,
    new_label: String,
    sections: Vec<SectionView>,
}

struct SectionView {
    title: String,
    rows: Vec<RowView>,
}

#[derive(Default)]
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

struct UnpairedView {
    side: String,
    status: String,
    name: String,
    file: String,
}

/// The page up to its title.
const HEAD: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"jixiao diff\">\n<title>";

/// From the title to the heading: the inline style sheet.
const STYLE: &str = concat!(
    "</title>\n<style>\n",
    include_str!("templates/diff.css"),
    "</style>\n</head>\n<body>\n<h1>"
);

/// Renders the page. Fails only if the page were not UTF-8, which it always is (the `Result`
/// is the API of a template-rendered page).
pub(super) fn render(document: &DiffDocument) -> Result<String, String> {
    let mut html = Vec::with_capacity(16 * 1024);
    write_page(&page(document), &mut html);
    String::from_utf8(html).map_err(|error| error.to_string())
}

/// The page under construction, as bytes, so that Tera's own HTML escaping writes into it.
trait Markup {
    /// Appends markup written here.
    fn push_str(&mut self, markup: &str);
}

impl Markup for Vec<u8> {
    fn push_str(&mut self, markup: &str) {
        self.extend_from_slice(markup.as_bytes());
    }
}

/// Appends `text` to `html` escaped as Tera's autoescape escapes it (`&`, `<`, `>`, `"`, `'`),
/// which the page used to be rendered with: Tera's own function, so the two cannot drift.
fn escape(html: &mut Vec<u8>, text: &str) {
    // Writing into a `Vec` cannot fail.
    let _ = tera::escape_html(text, html);
}

/// Writes the page: the markup the Tera template `diff.html` gave, byte for byte (its line
/// breaks between tags included).
fn write_page(page: &Page, html: &mut Vec<u8>) {
    html.push_str(HEAD);
    escape(html, &page.title);
    html.push_str(STYLE);
    escape(html, &page.title);
    html.push_str("</h1>\n");
    if page.equal {
        html.push_str("<p class=\"note\">两边没有差异</p>");
    }
    html.push(b'\n');
    for form in &page.forms {
        html.push_str("\n<section>\n<h2>");
        escape(html, &form.title);
        html.push_str("</h2>\n");
        if !form.files.is_empty() {
            html.push_str("<p class=\"files\">");
            escape(html, &form.files);
            html.push_str("</p>");
        }
        html.push(b'\n');
        if form.equal {
            html.push_str("<p class=\"equal\">没有变化</p>");
        }
        html.push(b'\n');
        for section in &form.sections {
            html.push_str("\n<table>\n<caption>");
            escape(html, &section.title);
            html.push_str("</caption>\n<thead><tr><th scope=\"col\">项目</th><th scope=\"col\">");
            escape(html, &form.old_label);
            html.push_str("</th><th scope=\"col\">");
            escape(html, &form.new_label);
            html.push_str("</th><th scope=\"col\">变化</th><th scope=\"col\">变化率</th></tr></thead>\n<tbody>\n");
            for row in &section.rows {
                write_row(row, html);
            }
            html.push_str("\n</tbody>\n</table>\n");
        }
        html.push_str("\n</section>\n");
    }
    html.push(b'\n');
    if !page.unpaired.is_empty() {
        html.push_str("\n<section>\n<h2>未配对的表单</h2>\n<table>\n<caption>只在一边出现的表单</caption>\n<thead><tr><th scope=\"col\">所在</th><th scope=\"col\">表单</th><th scope=\"col\">文件</th></tr></thead>\n<tbody>\n");
        for form in &page.unpaired {
            html.push_str("\n<tr class=\"");
            escape(html, &form.status);
            html.push_str("\"><td>");
            escape(html, &form.side);
            html.push_str("</td><td>");
            escape(html, &form.name);
            html.push_str("</td><td>");
            escape(html, &form.file);
            html.push_str("</td></tr>\n");
        }
        html.push_str("\n</tbody>\n</table>\n</section>\n");
    }
    html.push_str("\n</body>\n</html>\n");
}

/// One row of a section's table: a title row (an indicator, a category, a budget row) or a
/// change.
fn write_row(row: &RowView, html: &mut Vec<u8>) {
    if row.title {
        html.push_str("\n\n<tr class=\"title ");
        escape(html, &row.status);
        html.push_str("\"><th scope=\"rowgroup\" colspan=\"5\"><span class=\"mark\">");
        escape(html, &row.mark);
        html.push_str("</span> ");
        escape(html, &row.label);
        html.push_str("</th></tr>\n\n");
    } else {
        html.push_str("\n\n<tr class=\"");
        escape(html, &row.status);
        html.push_str("\"><th scope=\"row\">");
        escape(html, &row.label);
        html.push_str("</th><td class=\"");
        escape(html, &row.kind);
        html.push_str("\">");
        escape(html, &row.old);
        html.push_str("</td><td class=\"");
        escape(html, &row.kind);
        html.push_str("\">");
        escape(html, &row.new);
        html.push_str("</td><td class=\"number\">");
        escape(html, &row.delta);
        html.push_str("</td><td class=\"number\">");
        escape(html, &row.percent);
        html.push_str("</td></tr>\n\n");
    }
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
