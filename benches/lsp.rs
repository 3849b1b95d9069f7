//! Language-server latency (`cargo bench --bench lsp`, issue 19 goal 6): the time from a
//! `textDocument/didChange` of a 200-indicator form (one figure edited, full-text sync as
//! editors send it) to the `publishDiagnostics` answer, through `jixiao::lsp::Server::handle`
//! (compile, diagnostics turned into protocol positions, the notification built). The
//! target is ≤ 2 ms; the figure is recorded in BENCHMARKS.md. A second case edits the last of
//! ten such forms in one document (the other nine are re-used, not compiled again).

use criterion::{criterion_main, BenchmarkId, Criterion};
use jixiao::lsp::{Context, Server};
use lsp_server::{Message, Notification};
use std::hint::black_box;

/// A project form of 200 quantity indicators in four categories (0.45 points each, 90 in all)
/// and a budget of 10 points: every line of it is scored and checked.
pub(crate) fn form_of_200_indicators() -> String {
    let mut text = String::from(
        "项目 \"二百个指标的项目\" 2023 {\n    资金 万元 {\n        财政拨款 1200 1180.5 1122.3\n        分值 10\n    }\n    产出指标 {\n",
    );
    for (category, name) in ["数量指标", "质量指标", "时效指标", "成本指标"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!("        {name} {{\n"));
        for index in 0..50 {
            let number = category * 50 + index + 1;
            let target = 10 + number % 7;
            let actual = target - number % 3;
            text.push_str(&format!(
                "            \"第{number}项工作完成次数\"  单位 次  目标 {target}次  实际 {actual}次  分值 0.45\n"
            ));
        }
        text.push_str("        }\n");
    }
    text.push_str("    }\n}\n");
    text
}

fn notification(method: &str, params: serde_json::Value) -> Message {
    Message::Notification(Notification::new(method.to_string(), params))
}

pub(crate) fn latency(criterion: &mut Criterion) {
    let uri = "file:///bench/form.jx";
    let text = form_of_200_indicators();
    // The edit an author makes: one actual figure changed, then changed back.
    let edited = text.replacen("实际 9次", "实际 8次", 1);
    assert_ne!(text, edited);
    let mut server = Server::new(Box::new(|_, _| Context::default()));
    let opened = server.handle(notification(
        "textDocument/didOpen",
        serde_json::json!({
            "textDocument": { "uri": uri, "languageId": "jixiao", "version": 1, "text": text }
        }),
    ));
    assert_eq!(opened.messages.len(), 1, "didOpen publishes diagnostics");
    let changes = [text, edited];
    let mut version = 1;
    let mut group = criterion.benchmark_group("lsp");
    group.sample_size(50);
    group.bench_function(
        BenchmarkId::new("didChange_to_diagnostics", "200 indicators"),
        |bencher| {
            bencher.iter(|| {
                version += 1;
                let text = &changes[(version % 2) as usize];
                let message = notification(
                    "textDocument/didChange",
                    serde_json::json!({
                        "textDocument": { "uri": uri, "version": version },
                        "contentChanges": [{ "text": text }]
                    }),
                );
                black_box(server.handle(message))
            });
        },
    );
    // A document of ten such forms (each its own project), one figure of the last edited: the
    // nine others are re-used from the previous compilation.
    let many: String = (1..=10)
        .map(|number| {
            form_of_200_indicators().replacen("二百个指标的项目", &format!("第{number}个项目"), 1)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let last = many.rfind("实际 9次").unwrap_or(0);
    let mut edited = many.clone();
    edited.replace_range(last..last + "实际 9次".len(), "实际 8次");
    assert_ne!(many, edited);
    let uri = "file:///bench/many.jx";
    server.handle(notification(
        "textDocument/didOpen",
        serde_json::json!({
            "textDocument": { "uri": uri, "languageId": "jixiao", "version": 1, "text": many }
        }),
    ));
    let changes = [many, edited];
    group.bench_function(
        BenchmarkId::new(
            "didChange_to_diagnostics",
            "10 forms of 200 indicators, last edited",
        ),
        |bencher| {
            bencher.iter(|| {
                version += 1;
                let text = &changes[(version % 2) as usize];
                let message = notification(
                    "textDocument/didChange",
                    serde_json::json!({
                        "textDocument": { "uri": uri, "version": version },
                        "contentChanges": [{ "text": text }]
                    }),
                );
                black_box(server.handle(message))
            });
        },
    );
    group.finish();
}

// criterion_group! defines an undocumented `pub fn benches`.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::latency);
}
use group::benches;
criterion_main!(benches);
