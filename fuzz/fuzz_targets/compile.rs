//! The whole pipeline on arbitrary bytes: parse → check → evaluate → JSON and HTML.
//!
//! Invariants checked: no panic (nor a form whose evaluation failed), every diagnostic span on character boundaries inside the text,
//! every JSON output parses.
#![no_main]

use jixiao::Templates;
use jixiao::{compile, Options};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(|| match Templates::builtin() {
        Ok(templates) => templates,
        Err(error) => panic!("built-in templates: {error}"),
    })
}

fuzz_target!(|data: &[u8]| {
    // The CLI rejects invalid UTF-8 before compiling; so does the target.
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let compilation = compile(source, Some("fuzz.jx"), &Options::default());
    // `compile` turns a panic of one form into an internal-error diagnostic: still a crash here.
    assert!(!compilation
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.message.en.contains("internal error")));
    for diagnostic in &compilation.diagnostics {
        for span in
            std::iter::once(diagnostic.span).chain(diagnostic.labels.iter().map(|label| label.span))
        {
            assert!(span.start <= span.end && span.end <= source.len());
            assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end));
        }
    }
    let _ = jixiao::render_human(
        "fuzz.jx",
        source,
        &compilation.diagnostics,
        Default::default(),
    );
    for form in &compilation.forms {
        let json = jixiao::to_json(&form.evaluation);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        let _ = templates().render_form(&form.evaluation);
    }
});
