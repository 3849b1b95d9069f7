//! JSON output: the Evaluation model as the `jixiao/1` document.
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
    let mut escaped = HtmlSafe(Vec::with_capacity(json.len()));
    escaped.push(json.as_bytes());
    // Only ASCII bytes were replaced by ASCII: still the UTF-8 it was.
    String::from_utf8(escaped.0).unwrap_or_else(|_| json.to_string())
}

/// `value` as JSON text (pretty or compact) with `<`, `>` and `&` escaped as [`html_safe`]
/// does, in one pass: serde_json writes straight into the escaping buffer, instead of a
/// document that is then copied once per character replaced (issue 19: a 10,000-form build
/// serialised 350 MB and copied it three more times).
pub(crate) fn serialize_html_safe<T: Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    let mut escaped = HtmlSafe(Vec::with_capacity(16 * 1024));
    let written = if pretty {
        serde_json::to_writer_pretty(&mut escaped, value)
    } else {
        serde_json::to_writer(&mut escaped, value)
    };
    let failure = match written.map(|()| String::from_utf8(escaped.0)) {
        Ok(Ok(text)) => return text,
        Ok(Err(error)) => error.to_string(),
        Err(error) => error.to_string(),
    };
    html_safe(&format!("{{\"error\": \"{failure}\"}}"))
}

/// A buffer that JSON text is written into with `<`, `>` and `&` replaced by their `\u00XX`
/// escapes. Byte for byte what [`html_safe`] gives for the whole text: in JSON those bytes
/// only occur inside strings, where the escape means the same character, and UTF-8 never
/// uses ASCII bytes inside a multi-byte character.
struct HtmlSafe(Vec<u8>);

impl HtmlSafe {
    fn push(&mut self, mut bytes: &[u8]) {
        while let Some(at) = memchr::memchr3(b'<', b'>', b'&', bytes) {
            self.0.extend_from_slice(&bytes[..at]);
            self.0.extend_from_slice(match bytes[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            });
            bytes = &bytes[at + 1..];
        }
        self.0.extend_from_slice(bytes);
    }
}

impl std::io::Write for HtmlSafe {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.push(bytes);
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.push(bytes);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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
