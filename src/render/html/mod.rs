//! HTML disclosure: one self-contained page per form and a directory index, through Tera.
//!
//! The page reproduces the official table layout (财预〔2020〕10号 附件1/附件2 as printed by the
//! departments): title with the year, header block, budget block in 万元, goals, the indicator
//! table with merged level-1/level-2 cells, the total row with the grade. Wherever a declared
//! value disagrees with the computed one the page shows the computed value, marks the cell with a
//! visible `※n` and adds footnote `n` with the declared value, the formula and the rule source
//! (taken from the form's diagnostics). The form's JSON (exactly [`crate::render::json::to_json`]) is embedded in
//! `<script type="application/json" id="jixiao-data">`, and every value cell carries
//! `data-fact="…"`: a dotted path into that JSON (0-based array indices), e.g.
//! `indicators.3.score` or `budget.execution_rate`.
//!
//! This module formats; it never calculates. Every number is written from the model's exact
//! decimals into a string here, in Rust, before Tera sees it (Tera numbers are floats); the
//! templates do no arithmetic. The only integers passed are counts (rowspans, footnote numbers).
//!
//! Templates are `base.html` (page shell and CSS), `form.html`, `cell.html` (one value cell)
//! and `index.html`, embedded in the binary. A user
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
    to_html, to_html_for, Audience, PageLinks, ReportTemplate, TemplateError, Templates,
};
