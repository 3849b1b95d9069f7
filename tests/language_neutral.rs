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

/// `weight_share` (权重占比) was never read as a keyword: `weight`, earlier in the table, begins
/// it, and the `_` after `weight` continues the word, so the line was an error (E0101) in English.
#[test]
fn english_weight_share_is_read_like_chinese() {
    let source = "项目 \"社区养老服务\" 2021 {\n    资金 万元 {\n        财政拨款 100 100 90\n        分值 10\n        执行率 90%\n        得分 9\n    }\n    产出指标 90分 {\n        数量指标 {\n            \"服务人次\" 目标 ≥10次 实际 12次 分值 90 权重占比 90% 折算得分 81\n        }\n    }\n}\n";
    let english = format(
        source,
        FormatOptions {
            lang: Some(Lang::En),
        },
    )
    .expect("the form formats");
    assert!(english.contains("weight_share"), "{english}");
    let compilation = compile(&english, None, &Options::default());
    let codes: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(compilation.counts().errors, 0, "{codes:?}\n{english}");
    assert_eq!(json(&english), json(source));
}
