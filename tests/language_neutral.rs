//! The Evaluation model does not depend on the keyword language: a form written with English
//! keywords gives the same JSON as the same form in Chinese.

use jixiao::fmt::{format, FormatOptions, Lang};
use jixiao::{compile, Options};

fn json(source: &str) -> Vec<String> {
    let compilation = compile(source, None, &Options::default());
    compilation
        .forms
        .iter()
        .map(|form| {
            let mut evaluation = form.evaluation.clone();
            // Diagnostics carry positions, which move when keywords change length.
            evaluation.diagnostics.clear();
            jixiao::to_json(&evaluation)
        })
        .collect()
}

#[test]
fn english_keywords_give_the_same_model() {
    for path in [
        "examples/renda-2021/department.jx",
        "examples/renda-2021/project-congress-meetings.jx",
        "examples/renda-2022/department.jx",
        "examples/renda-2022/project-congress-meetings.jx",
    ] {
        let source = std::fs::read_to_string(path).expect("example exists");
        let english = format(
            &source,
            FormatOptions {
                lang: Some(Lang::En),
            },
        )
        .expect("example formats");
        assert_ne!(
            english, source,
            "{path}: the English version differs in text"
        );
        assert_eq!(
            json(&english),
            json(&source),
            "{path}: same model in both languages"
        );
    }
}
