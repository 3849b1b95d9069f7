//! Number ranges through the evaluator: arbitrary numbers (any digits, decimals, sign) in every
//! numeric cell of a form, under both reverse rules.
//!
//! Invariants checked: no panic, and no form whose evaluation failed (`compile` catches a panic
//! of one form and reports it as an internal error: for the fuzzer that is a crash).
#![no_main]

use jixiao::{compile, Options, WorkspaceConfig};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// A number of up to 30 digits with a decimal point anywhere and an optional sign.
fn number(bytes: &[u8]) -> String {
    let Some((head, digits)) = bytes.split_first() else {
        return "0".to_string();
    };
    let length = digits.len().min(30);
    // Extremes first: the smallest positive number of `length` decimals, and all nines.
    match head % 8 {
        1 => return format!("0.{}1", "0".repeat(length.min(27))),
        2 => return "9".repeat(length.max(1)),
        _ => {}
    }
    let mut text: String = digits
        .iter()
        .take(30)
        .map(|byte| char::from(b'0' + byte % 10))
        .collect();
    if text.is_empty() {
        text.push('0');
    }
    let point = usize::from(head / 4) % (text.len() + 1);
    if point > 0 && point < text.len() {
        text.insert(point, '.');
    }
    if head % 4 == 0 {
        text.insert(0, '-');
    }
    text
}

fuzz_target!(|data: &[u8]| {
    let mut numbers = data.chunks(31).map(number);
    let mut next = || numbers.next().unwrap_or_else(|| "1".to_string());
    let source = format!(
        "项目 \"x\" 2021 {{\n    自评总得分 {}\n    资金 万元 {{\n        财政拨款 {} {} {}\n        其他资金 {} {} {}\n        分值 {}\n        执行率 {}%\n        得分 {}\n    }}\n    产出指标 {}分 {{\n        数量指标 {{\n            \"甲\" 目标 {}次 实际 {}次 分值 {} 得分 {}\n            \"乙\" 反向 目标 ≤{} 实际 {} 分值 {} 系数 {}%\n            \"丙\" 目标 {}~{} 实际 {} 分值 {} 权重占比 {}% 折算得分 {}\n            \"丁\" 定性 目标 优 实际 良 分值 {} 得分 {}\n        }}\n    }}\n}}\n",
        next(), next(), next(), next(), next(), next(), next(), next(), next(), next(), next(),
        next(), next(), next(), next(), next(), next(), next(), next(), next(), next(), next(),
        next(), next(), next(), next(), next(),
    );
    for rule in ["ratio", "linear"] {
        let Ok(config) = WorkspaceConfig::parse(
            &format!("[settings]\nreverse_rule = \"{rule}\"\nexecution_weight = \"{}\"\n", next()),
            Path::new("jixiao.toml"),
        ) else {
            continue;
        };
        let options = Options {
            settings: config.settings,
            ..Options::default()
        };
        let compilation = compile(&source, Some("fuzz.jx"), &options);
        assert!(
            !compilation
                .diagnostics
                .iter()
                .any(|diagnostic| diagnostic.message.en.contains("internal error")),
            "{source}"
        );
    }
});
