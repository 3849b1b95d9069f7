//! A driver for instruction counts of the language server (BENCHMARKS.md, issue 19h): opens
//! the latency bench's 200-indicator form (`benches/lsp.rs`) and sends it N full-text
//! `didChange`s through `jixiao::lsp::Server::handle`, alternating one edited figure, as
//! `cargo bench --bench lsp` does. Wall time on a shared machine says little; run it under
//! callgrind twice and take the difference per change:
//!
//! ```sh
//! CARGO_PROFILE_RELEASE_DEBUG=1 cargo build --release --example lsp_profile
//! valgrind --tool=callgrind target/release/examples/lsp_profile 1
//! valgrind --tool=callgrind target/release/examples/lsp_profile 11   # (b - a) / 10
//! ```

use jixiao::lsp::{Context, Server};
use lsp_server::{Message, Notification};

/// The bench's form: 200 quantity indicators in four categories and a budget (a copy of
/// `form_of_200_indicators` in benches/lsp.rs, which a bench cannot export).
fn form_of_200_indicators() -> String {
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

/// A notification message.
fn notification(method: &str, params: serde_json::Value) -> Message {
    Message::Notification(Notification::new(method.to_string(), params))
}

fn main() {
    let changes: i32 = std::env::args()
        .nth(1)
        .and_then(|count| count.parse().ok())
        .unwrap_or(20);
    let uri = "file:///bench/form.jx";
    let text = form_of_200_indicators();
    let edited = text.replacen("实际 9次", "实际 8次", 1);
    let mut server = Server::new(Box::new(|_, _| Context::default()));
    server.handle(notification(
        "textDocument/didOpen",
        serde_json::json!({
            "textDocument": { "uri": uri, "languageId": "jixiao", "version": 1, "text": text }
        }),
    ));
    let texts = [text, edited];
    for version in 2..2 + changes {
        let message = notification(
            "textDocument/didChange",
            serde_json::json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": texts[(version % 2) as usize] }]
            }),
        );
        std::hint::black_box(server.handle(message));
    }
}
