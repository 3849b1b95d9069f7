//! jixiao (绩效): a compiler for budget performance self-evaluation forms (绩效自评表).
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! .jx text ─syntax::parse─▶ AST ─check─────────────────────────────▶ diagnostics
//!                            └─eval (policy)─▶ model::Evaluation ─check─▶ diagnostics
//!                                                 └─render (JSON, HTML)
//! ```
//!
//! [`compile`] runs the whole pipeline on one source text. The API boundary is the `jixiao/2`
//! model ([`model`], `schema/jixiao-2.schema.json`): everything below it may change freely.
//! This file is the table of contents: the modules are private and what callers use (the
//! binary, tests, benchmarks, fuzzing) is re-exported here. The library knows no command line.

// pest is built without `std` (no per-rule stack probe; depth is capped by the brace scan before
// pest runs, `syntax::MAX_DEPTH`), and its generated parser then names the `alloc` crate.
extern crate alloc;

// The ground floor: imports nothing of ours.
mod lang;
mod span;
mod suggest;

// The contract and the stages, in the order data flows.
mod check;
mod compile;
mod diag;
mod encoding;
mod eval;
pub mod forms;
pub mod model;
mod policy;
mod render;
mod scaffold;
mod syntax;

// Front-ends over the same `compile`: they read and write text, never the file system.
pub mod diff;
pub mod fmt;
pub mod import;
pub mod lsp;

pub use compile::{compile, compile_decoded, encoding_warning, Compilation, CompiledForm, Options};
pub use diag::limit::{PER_FILE as MAX_SAME_PER_FILE, PER_LINE as MAX_SAME_PER_LINE};
pub use diag::render::{
    escape as escape_for_terminal, record as diagnostic_record, records as diagnostic_records,
    render_human, Style,
};
pub use diag::{Code, Counts, Diagnostic};
pub use encoding::{decode, DecodedText, SourceEncoding};
pub use lang::{Lang, Text};
pub use model::{DiagnosticRecord, Severity};
pub use policy::config::{ConfigError, Settings, WorkspaceConfig};
pub use policy::{FundColumn, Layout, LayoutSettings, Profile, UnknownProfile};
pub use render::html::{
    index_json, index_page_name, to_html, to_html_for, Audience, IndexEntry, PageLinks,
    PageOptions, ReportTemplate, TemplateError, Templates, ROWS_PER_PAGE, STYLESHEET,
};
pub use render::json::{html_safe, to_json, to_json_compact};
pub use scaffold::{template as form_template, DEFAULT_YEAR as FORM_TEMPLATE_YEAR};
pub use span::{LineIndex, Span};
pub use syntax::keywords::TAXONOMY;
pub use syntax::{
    parse, MAX_AMOUNT, MAX_DECIMALS, MAX_DEPTH, MAX_FILE_BYTES, MAX_FORMS, MAX_INDICATORS,
    MAX_LINE_BYTES, MAX_PERCENT, MAX_POINTS, MAX_QUANTITY,
};
