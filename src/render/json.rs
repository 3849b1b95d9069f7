//! JSON output: the Evaluation model as the `jixiao/1` document.
//!
//! Deterministic (field order fixed by the model, no maps with random order) and exact (decimals
//! are strings). `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` so that the same
//! bytes can be embedded in an HTML `<script>` block.

use crate::model::Evaluation;

/// The JSON document of one form, pretty-printed, ending with a newline.
pub fn to_json(evaluation: &Evaluation) -> String {
    let text = serde_json::to_string_pretty(evaluation)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    let mut escaped = html_safe(&text);
    escaped.push('\n');
    escaped
}

/// The same document compact (no indentation, no final newline): the same data as [`to_json`]
/// in about half the bytes, the bytes a page embeds and, with a newline, what `build` writes
/// unless `--pretty` (issue 19: outputs in proportion to their source).
pub fn to_json_compact(evaluation: &Evaluation) -> String {
    let text = serde_json::to_string(evaluation)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    html_safe(&text)
}

/// Escapes `<`, `>` and `&` inside JSON text (they only occur inside strings).
pub fn html_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
