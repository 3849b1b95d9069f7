//! HTML disclosure: one self-contained page per form and an index for a bureau, through Tera.
//!
//! The page reproduces the official table layout (财预〔2020〕10号 附件1/附件2 as printed by the
//! departments): the title the form states (`表名`, else the official one) with the year, header
//! block, budget block in 万元, goals, the indicator table with merged level-1/level-2 cells, the
//! total row, and the sign-off block (填报单位（盖章）, 单位负责人, 填表人, 联系电话, 填报日期 from
//! the header fields, a line to sign on where absent). It is written for one of two
//! [`Audience`]s:
//! - **public** (the default): the form as filed. Where the form declares a value that value is
//!   shown, where it declares none the computed one; no check results, no tool names, and no
//!   评价等级 the unit did not file. A finance bureau can post it as is.
//! - **review**: for the bureau (its own words in the language of the run, [`PageOptions`]). Wherever a declared value disagrees with the computed one the
//!   page shows the computed value, marks the cell with a visible `※n` and the declared value,
//!   and adds footnote `n` with the formula and the rule source (taken from the form's
//!   diagnostics, by their `fact`); impossible values (a total over 100, a score over its weight)
//!   are marked in their cell; the findings are listed in plain language (no pointers into
//!   jixiao's documentation; `.jx` line and column only when [`PageOptions::positions`] asks).
//!
//! Column headers and the budget's shape follow the printed layout of the form's profile
//! (`policy::Layout`, with a workspace's `[settings.layout]`): 分值/得分 or 权重分值/指标得分,
//! fund sources as rows or as 总数 / 其中：财政资金 sub-columns.
//!
//! Both carry the form's JSON document: a page whose JSON file is written beside it
//! ([`PageLinks::json`], `build`'s default) links it (`<link rel="alternate"
//! type="application/json">` and the navigation), as it links the shared stylesheet; a page on
//! its own embeds the compact document ([`crate::render::json::to_json_compact`]) in
//! `<script type="application/json" id="jixiao-data">`. Every value cell is tied to that JSON:
//! outside the indicator table by `data-fact="…"`, a dotted path (0-based array indices), e.g.
//! `budget.execution_rate`; in it, the row carries `data-indicator="3"` and each value column's
//! header `data-field="score"`, the row's `td`s being those columns in order, which together
//! make the path `indicators.3.score` (written whole on every cell, the paths were a third of a
//! page's markup; issue 19). Footnotes keep whole paths.
//! A page links back to the index and to its JSON when `build` passes [`PageLinks`].
//!
//! Every cell wraps (CJK and long numbers-with-units) inside its column; the indicator columns
//! share the sheet's width in proportion, so the same table fits A4 and a 390 px phone. Printing
//! is A4 portrait, the indicator header repeats on each page, no row is split and no heading is
//! left at a page's bottom.
//!
//! The index groups the forms by 主管部门, shows the filed 执行率, 自评总得分 and 评价等级 beside
//! the computed total (marked where they differ), with summary charts as inline SVG and an
//! optional script for filters, search and sorting; past [`ROWS_PER_PAGE`] forms it continues on
//! `index.p2.html`, …, so that the first page of a province's 20,000 forms stays under 2 MB.
//! [`index_json`] writes the same summaries as data.
//!
//! This module formats; it never calculates. Every number is written from the model's exact
//! decimals into a string here, in Rust, before Tera sees it (Tera numbers are floats); the
//! templates do no arithmetic. The only integers passed are counts (rowspans, footnote numbers).
//!
//! Templates are `base.html` (page shell), `style.css` (the stylesheet: written once per build
//! as [`STYLESHEET`] and linked, or inlined whole in a page rendered alone), `critical.css`
//! (the few rules a linked page inlines so that it still reads opened alone), `form.html`,
//! `cell.html` (one value cell) and `index.html`, embedded in the binary. A user
//! directory can override any of them by name ([`Templates::with_overrides`]). Autoescape is on
//! for every template (all names end in `.html`); the only `safe` output is the embedded JSON,
//! whose `<`, `>` and `&` are already written as `\u003c`, `\u003e`, `\u0026`.
//!
//! Output is deterministic: no timestamps, no hash-map iteration.
//!
//! # Overriding templates
//!
//! `jixiao build forms -o site --format html --template my-templates` loads every file below
//! `my-templates/`; a file named like a built-in replaces it, the others stay. For example, a
//! bureau that only wants its own page shell keeps the built-in tables and writes
//! `my-templates/base.html` with the blocks `title`, `style` and `body`; a bureau that wants a
//! bare summary writes `my-templates/form.html`:
//!
//! ```text
//! <h1>{{ form.title }}{{ form.year_label }}</h1>
//! <p>{{ form.name }}：自评总得分 {{ form.total.total.text }}，等级 {{ form.total.grade.text }}</p>
//! ```
//!
//! `form` is the view built by this module (every number already a string, e.g.
//! `form.indicators.rows[0].score.text`); `index.html` gets `index` (`index.rows[…]`). A
//! template that fails to parse or render is reported as `模板 FILE 第 N 行：…` and the build
//! exits with status 2 without writing that output.
//!
//! Inside: [`templates`] loads and renders the Tera templates (built-in and overrides, the
//! user's report template); [`form`] builds the view of one form page (cells, footnotes, the
//! budget, goals and indicator tables); [`index`] builds the view of the directory index.

mod form;
mod index;
mod templates;

pub use index::{index_json, index_page_name, IndexEntry, ROWS_PER_PAGE};
pub use templates::{
    to_html, to_html_for, Audience, PageLinks, PageOptions, ReportTemplate, TemplateError,
    Templates, STYLESHEET,
};
