//! JSON output: the Evaluation model as the `jixiao/2` document.
//!
//! Deterministic (field order fixed by the model, no maps with random order) and exact (decimals
//! are strings). `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` so that the same
//! bytes can be embedded in an HTML `<script>` block.

use crate::model::Evaluation;
use serde::Serialize;

/// The JSON document of one form, pretty-printed, ending with a newline.
pub fn to_json(evaluation: &Evaluation) -> String {
    let mut text = serialize_html_safe(evaluation, true);
    text.push('\n');
    text
}

/// The same document compact (no indentation, no final newline): the same data as [`to_json`]
/// in about half the bytes, the bytes a page embeds and, with a newline, what `build` writes
/// unless `--pretty` (issue 19: outputs in proportion to their source).
pub fn to_json_compact(evaluation: &Evaluation) -> String {
    serialize_html_safe(evaluation, false)
}

/// Escapes `<`, `>` and `&` inside JSON text (they only occur inside strings).
pub fn html_safe(json: &str) -> String {
    let mut escaped = String::with_capacity(json.len() + 64);
    let mut rest = json;
    while let Some(at) = memchr::memchr3(b'<', b'>', b'&', rest.as_bytes()) {
        // `at` is an ASCII byte: a character boundary.
        escaped.push_str(&rest[..at]);
        escaped.push_str(match rest.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        rest = &rest[at + 1..];
    }
    escaped.push_str(rest);
    escaped
}

/// `value` as JSON text (pretty or compact) with `<`, `>` and `&` escaped as [`html_safe`]
/// does. The text is kept as serde_json made it when it holds none of the three (most
/// forms), and escaped in one pass otherwise, instead of three `str::replace` passes that
/// each copied the whole document (issue 19: 35 KB a form, twice a form).
pub(crate) fn serialize_html_safe<T: Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    let text = text.unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    if memchr::memchr3(b'<', b'>', b'&', text.as_bytes()).is_some() {
        html_safe(&text)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_while_serialising_equals_escaping_the_text() {
        let value = serde_json::json!({
            "a<b": ["x > y && z", "</script><!--", "\\u003c already", "无<尖>括&号"],
            "plain": "年度总体目标",
        });
        for pretty in [false, true] {
            let text = if pretty {
                serde_json::to_string_pretty(&value)
            } else {
                serde_json::to_string(&value)
            };
            let Ok(text) = text else {
                panic!("serialises");
            };
            let old = text
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026");
            assert_eq!(serialize_html_safe(&value, pretty), old);
            assert_eq!(html_safe(&text), old);
        }
    }
}
