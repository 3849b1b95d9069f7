//! `jixiao lsp` spoken to over stdio, as an editor does (Content-Length framing): diagnostics,
//! hover, inlay hints, code actions, formatting, symbols, completion and changes on the seed
//! department form; malformed JSON-RPC and unknown methods never end the server.

mod common;

use common::{root, scratch};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// A language client over the server's stdin and stdout.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length")];
                reader.read_exact(&mut body).unwrap();
                let value: Value = serde_json::from_slice(&body).unwrap();
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        let mut body = json!({"jsonrpc": "2.0", "method": method});
        body["params"] = params;
        self.send_raw(body.to_string().as_bytes());
    }

    fn receive(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers")
    }

    /// Sends a request and returns its response (notifications on the way are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut body = json!({"jsonrpc": "2.0", "id": id, "method": method});
        body["params"] = params;
        self.send_raw(body.to_string().as_bytes());
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    /// The next `publishDiagnostics` notification.
    fn diagnostics(&self) -> Vec<Value> {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn initialize(&mut self) {
        let response = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        );
        assert_eq!(response["result"]["serverInfo"]["name"], "jixiao");
        self.notify("initialized", json!({}));
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "jixiao", "version": 1, "text": text}}),
        );
        self.diagnostics()
    }

    /// Shuts the server down cleanly and returns its exit code.
    fn shut_down(mut self) -> i32 {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null);
        self.notify("exit", Value::Null);
        self.child.wait().unwrap().code().unwrap()
    }
}

fn seed() -> (String, String) {
    let path = root().join("examples/renda-2021/department.jx");
    let uri = format!("file://{}", path.display());
    (uri, std::fs::read_to_string(path).unwrap())
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap())
        .collect()
}

/// The line (0-based) holding `needle`, and the UTF-16 column where it starts.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let (line, content) = text
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains(needle))
        .unwrap();
    let before = &content[..content.find(needle).unwrap()];
    (line, before.encode_utf16().count())
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (index, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + index;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            (
                offset(&edit["range"]["start"]),
                offset(&edit["range"]["end"]),
                edit["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut text = text.to_string();
    for (start, end, new) in edits {
        text.replace_range(start..end, new);
    }
    text
}

#[test]
fn the_seed_department_form_gets_diagnostics_hover_hints_actions_and_symbols() {
    let (uri, text) = seed();
    let mut client = Client::start();
    client.initialize();
    let diagnostics = client.open(&uri, &text);
    assert!(codes(&diagnostics).contains(&"W0302"), "{diagnostics:?}");
    let w0302 = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == "W0302")
        .unwrap();
    assert!(w0302["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("DIAGNOSTICS.md#w0302"));
    assert_eq!(w0302["relatedInformation"].as_array().unwrap().len(), 2);
    assert_eq!(w0302["range"]["start"]["line"], 17);

    // Hover on 常委会召开次数: its score, coefficient and formula.
    let (line, column) = find(&text, "常委会召开次数");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": column + 2}}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("常委会召开次数"), "{value}");
    assert!(value.contains("得分 **10.00"), "{value}");
    assert!(value.contains("162.50%"), "{value}");

    // Hover on the budget: the rate and its score.
    let (line, column) = find(&text, "全年执行数");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": column}}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("执行率 100.00%（申报 78% ✗）"), "{value}");

    // An inlay hint at the end of every indicator line, and the computed total.
    let lines = text.lines().count();
    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}}}),
    );
    let hints = hints["result"].as_array().unwrap();
    for (number, content) in text.lines().enumerate() {
        let is_indicator = content.trim_start().starts_with('"') && content.contains("分值");
        let hint = hints
            .iter()
            .find(|hint| hint["position"]["line"] == json!(number));
        if is_indicator {
            let hint = hint.unwrap_or_else(|| panic!("no hint on line {number}: {content}"));
            assert_eq!(
                hint["position"]["character"],
                json!(content.encode_utf16().count())
            );
            assert_eq!(hint["label"], "= 10.00");
        }
    }
    let (total_line, total_column) = find(&text, "自评总得分 98");
    assert!(hints
        .iter()
        .any(|hint| hint["position"]["line"] == json!(total_line) && hint["label"] == "= 100.00"));

    let (subtotal_line, _) = find(&text, "绩效指标总分");
    assert!(
        hints
            .iter()
            .any(|hint| hint["position"]["line"] == json!(subtotal_line)
                && hint["label"] == "= 90.00")
    );

    // The code action on `自评总得分 98` replaces 98 by the computed total.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": total_line, "character": total_column + 6},
                         "end": {"line": total_line, "character": total_column + 6}},
               "context": {"diagnostics": []}}),
    );
    let action = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|action| action["kind"] == "quickfix")
        .expect("a quick fix");
    let edits = action["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply(&text, edits);
    assert!(fixed.contains("    自评总得分 100.00\n"), "{fixed}");
    assert_eq!(fixed.replace("自评总得分 100.00", "自评总得分 98"), text);

    // Formatting: the seed is in jixiao fmt's layout already; the edit gives that text.
    let formatting = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(formatting["result"][0]["newText"].as_str().unwrap(), text);

    // The outline: form → level-1 → level-2 → indicators.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let form = &symbols["result"][0];
    assert_eq!(form["name"], "区人大常委会办公室");
    let output = form["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|symbol| symbol["name"] == "产出指标")
        .unwrap();
    assert_eq!(output["children"][0]["name"], "数量指标");
    assert_eq!(
        output["children"][0]["children"][1]["name"],
        "常委会召开次数"
    );

    // Folding ranges for the blocks.
    let folding = client.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(folding["result"].as_array().unwrap().len() >= 8);

    // An edit: 13次 becomes 9次, and W0502 (no deviation note above 130%) goes.
    let (line, _) = find(&text, "实际 13次");
    assert!(codes(&diagnostics).contains(&"W0502"));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": text.replace("实际 13次", "实际 9次 ")}]}),
    );
    let changed = client.diagnostics();
    assert!(!codes(&changed).contains(&"W0502"), "{changed:?}");
    assert!(codes(&changed).contains(&"W0302"));
    // An incremental change too (a range replaced), positions in UTF-16 code units.
    let (line_9, column_9) = find(&text.replace("实际 13次", "实际 9次 "), "9次");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3},
               "contentChanges": [{"range": {"start": {"line": line_9, "character": column_9},
                                             "end": {"line": line_9, "character": column_9 + 1}},
                                   "text": "13"}]}),
    );
    assert_eq!(line, line_9);
    let changed = client.diagnostics();
    assert!(codes(&changed).contains(&"W0502"), "{changed:?}");
    // …whose quick fix inserts `偏差 ""`.
    let w0502 = changed
        .iter()
        .find(|diagnostic| diagnostic["code"] == "W0502")
        .unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": w0502["range"], "context": {"diagnostics": [w0502]}}),
    );
    assert!(
        actions["result"]
            .as_array()
            .unwrap()
            .iter()
            .any(|action| action["title"].as_str().unwrap().contains("偏差")),
        "{actions}"
    );

    // Completion after an indicator's name offers the attribute keywords.
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 30}}),
    );
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"实际") && labels.contains(&"偏差"),
        "{labels:?}"
    );

    assert_eq!(client.shut_down(), 0);
}

#[test]
fn formatting_edits_give_what_jixiao_fmt_writes() {
    let (_, text) = seed();
    // Unformatted: a colon after a key, odd indentation, a run of blank lines.
    let messy = text
        .replace("    联系人 \"杨建平\"", "  联系人：\"杨建平\"")
        .replace("        年初预算数", "\t\t年初预算数")
        .replace("    自评总得分 98\n", "    自评总得分 98\n\n\n\n");
    assert_ne!(messy, text);
    let directory = scratch("lsp-formatting");
    let path = directory.join("department.jx");
    std::fs::write(&path, &messy).unwrap();
    let uri = format!("file://{}", path.display());
    let status = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("fmt")
        .arg(&path)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert_ne!(formatted, messy);

    let mut client = Client::start();
    client.initialize();
    client.open(&uri, &messy);
    let response = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = response["result"].as_array().unwrap();
    assert_eq!(apply(&messy, edits), formatted);
    // A formatted text: the edit gives it back unchanged.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": formatted}]}),
    );
    client.diagnostics();
    let response = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = response["result"].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"].as_str().unwrap(), formatted);
    assert_eq!(apply(&formatted, edits), formatted);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn the_workspace_jixiao_toml_is_honoured() {
    let (_, text) = seed();
    let directory = scratch("lsp-workspace");
    let path = directory.join("department.jx");
    std::fs::write(&path, &text).unwrap();
    std::fs::write(
        directory.join("jixiao.toml"),
        "[settings]\nover_completion_threshold = \"200\"\n",
    )
    .unwrap();
    let uri = format!("file://{}", path.display());
    let mut client = Client::start();
    client.initialize();
    let diagnostics = client.open(&uri, &text);
    assert!(codes(&diagnostics).contains(&"W0302"));
    assert!(!codes(&diagnostics).contains(&"W0502"), "{diagnostics:?}");
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn an_invalid_jixiao_toml_is_an_error_on_the_first_line() {
    let (_, text) = seed();
    let directory = scratch("lsp-bad-workspace");
    let path = directory.join("department.jx");
    std::fs::write(&path, &text).unwrap();
    std::fs::write(
        directory.join("jixiao.toml"),
        "[settings]\nno_such_setting = 1\n",
    )
    .unwrap();
    let uri = format!("file://{}", path.display());
    let mut client = Client::start();
    client.initialize();
    let diagnostics = client.open(&uri, &text);
    let first = &diagnostics[0];
    assert_eq!(first["severity"], 1);
    assert_eq!(first["range"]["start"]["line"], 0);
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("no_such_setting"),
        "{first}"
    );
    assert!(codes(&diagnostics[1..]).contains(&"W0302"));
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn completion_of_units_and_profile_names() {
    let (uri, text) = seed();
    let text = text.replace("    自评总得分 98\n", "    自评总得分 98\n    评分规则 \n");
    let mut client = Client::start();
    client.initialize();
    client.open(&uri, &text);
    let labels = |client: &mut Client, line: usize, character: usize| -> Vec<String> {
        let completion = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        completion["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["label"].as_str().unwrap().to_string())
            .collect()
    };
    let (line, column) = find(&text, "评分规则 ");
    let profiles = labels(&mut client, line, column + 5);
    assert!(
        profiles.contains(&"central-2020".to_string()),
        "{profiles:?}"
    );
    let (line, column) = find(&text, "单位 次  目标 8次");
    let units = labels(&mut client, line, column + 3);
    assert!(
        units.contains(&"次".to_string()) && units.contains(&"万元".to_string()),
        "{units:?}"
    );
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn malformed_messages_and_unknown_methods_never_end_the_server() {
    let (uri, text) = seed();
    let mut client = Client::start();
    // Not JSON: a parse error with a null id.
    client.send_raw(b"{this is not json");
    let error = client.receive();
    assert_eq!(error["error"]["code"], -32700);
    assert_eq!(error["id"], Value::Null);
    // JSON, but not JSON-RPC.
    client.send_raw(b"[1, 2, 3]");
    assert_eq!(client.receive()["error"]["code"], -32600);
    client.send_raw(br#"{"jsonrpc": "2.0", "id": 77, "method": 5}"#);
    let error = client.receive();
    assert_eq!(error["error"]["code"], -32600);
    assert_eq!(error["id"], 77);
    // Not UTF-8 at all.
    client.send_raw(&[0xff, 0xfe, 0x00]);
    assert_eq!(client.receive()["error"]["code"], -32700);
    // A header without a length, then a good message.
    client
        .stdin
        .write_all(b"Content-Length: lots\r\n\r\n")
        .unwrap();
    client.initialize();
    // Unknown methods: a request gets MethodNotFound, a notification nothing.
    let response = client.request("jixiao/unknown", json!({}));
    assert_eq!(response["error"]["code"], -32601);
    client.notify("$/unknownNotification", json!({"x": 1}));
    // Bad parameters: InvalidParams.
    let response = client.request("textDocument/hover", json!({"position": "nowhere"}));
    assert_eq!(response["error"]["code"], -32602);
    // A document never opened: null.
    let response = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.jx"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(response["result"], Value::Null);
    // Positions past the end, a hover on a broken text: answers, no crash.
    let diagnostics = client.open(&uri, "部门整体 \"x\" 2021 {\n    产出指标 {\n");
    assert!(!diagnostics.is_empty());
    for (line, character) in [(0, 0), (1, 999), (99, 99)] {
        let response = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        assert!(response.get("error").is_none(), "{response}");
        for method in ["textDocument/completion", "textDocument/inlayHint"] {
            let response = client.request(
                method,
                json!({"textDocument": {"uri": uri},
                       "position": {"line": line, "character": character},
                       "range": {"start": {"line": 0, "character": 0}, "end": {"line": line, "character": character}}}),
            );
            assert!(response.get("error").is_none(), "{response}");
        }
    }
    let response = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(response["result"], Value::Null);
    // Still alive, and still right: the seed's diagnostics.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    assert!(codes(&client.diagnostics()).contains(&"W0302"));
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn exit_without_shutdown_ends_with_code_1() {
    let mut client = Client::start();
    client.initialize();
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().unwrap().code(), Some(1));
}

#[test]
fn the_language_server_module_reads_no_file_system() {
    // The binary finds jixiao.toml and the catalogue; the library only answers messages.
    for entry in std::fs::read_dir(root().join("src/lsp")).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        assert!(
            !text.contains("std::fs") && !text.contains("std::io"),
            "{}",
            entry.path().display()
        );
    }
}

#[test]
fn english_messages_did_you_mean_fixes_and_level_2_completion() {
    let (uri, text) = seed();
    let text = text
        .replace("实际 13次", "实祭 13次")
        .replace("可持续影响指标", "可持续影响指表");
    let mut client = Client::start();
    let response = client.request(
        "initialize",
        json!({"processId": null, "capabilities": {}, "initializationOptions": {"lang": "en"}}),
    );
    assert!(response["result"]["capabilities"]["inlayHintProvider"] == json!(true));
    let diagnostics = client.open(&uri, &text);
    // The misspelt `实际` is an error in English; the total it made unverifiable is not
    // reported (W0403 would only follow from it, issue 17).
    let e0101 = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == "E0101")
        .unwrap();
    let message = e0101["message"].as_str().unwrap();
    assert!(
        message.is_char_boundary(1) && message.starts_with(|c: char| c.is_ascii()),
        "{message}"
    );
    assert!(!diagnostics
        .iter()
        .any(|diagnostic| diagnostic["code"] == "W0403"));
    // Did-you-mean: an attribute keyword and a category name.
    for (typo, word) in [("实祭", "实际"), ("可持续影响指表", "可持续影响指标")] {
        let (line, column) = find(&text, typo);
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}},
                   "context": {"diagnostics": []}}),
        );
        let action = actions["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|action| action["title"] == format!("change to `{word}`"))
            .unwrap_or_else(|| panic!("{actions}"));
        let fixed = apply(&text, action["edit"]["changes"][&uri].as_array().unwrap());
        assert_eq!(fixed, text.replacen(typo, word, 1));
    }
    // The level-2 categories valid under 效益指标, at the start of a line inside it.
    let (line, _) = find(&text, "效益指标 {");
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line + 1, "character": 8}}),
    );
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标"
        ]
    );
    // A category's hover: its weight (the sum of its children) and score.
    let (line, column) = find(&text, "数量指标 {");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": column + 1}}),
    );
    assert_eq!(
        hover["result"]["contents"]["value"],
        "**数量指标** (level 2)\n\nweight 30 (sum of its children) · score 30.00"
    );
    assert_eq!(client.shut_down(), 0);
}

/// The diagnostics `server` publishes for `message` (a didOpen or didChange).
fn published(server: &mut jixiao::lsp::Server, method: &str, params: Value) -> Value {
    use lsp_server::{Message, Notification};
    let reply = server.handle(Message::Notification(Notification::new(
        method.to_string(),
        params,
    )));
    match reply.messages.first() {
        Some(Message::Notification(notification)) => notification.params["diagnostics"].clone(),
        other => panic!("no diagnostics published: {other:?}"),
    }
}

#[test]
fn a_document_of_many_forms_is_diagnosed_as_a_fresh_server_would_after_each_edit() {
    use jixiao::lsp::{Context, Server};
    // Three forms in one document; the server re-uses the forms an edit leaves unchanged.
    let read = |path: &str| std::fs::read_to_string(root().join(path)).unwrap();
    let first = read("examples/renda-2021/department.jx");
    let second = read("examples/renda-2021/project-congress-meetings.jx");
    let third = read("examples/renda-2022/department.jx");
    let text = format!("{first}\n{second}\n{third}");
    let uri = "file:///many/forms.jx";
    let mut server = Server::new(Box::new(|_, _| Context::default()));
    let opened = json!({
        "textDocument": { "uri": uri, "languageId": "jixiao", "version": 1, "text": text }
    });
    let before = published(&mut server, "textDocument/didOpen", opened);
    assert!(!before.as_array().unwrap().is_empty());
    let edits = [
        // A figure of the first form, the same length: every form keeps its place.
        text.replacen("全年执行数 1519.94391", "全年执行数 1419.94391", 1),
        // The first form one line longer: every later form moves.
        format!("{first}\n// 一行注释\n{second}\n{third}"),
        // The second form a duplicate of the third (W0204 across forms).
        format!("{first}\n{third}\n{third}"),
        // An unclosed block in the middle: the whole text is compiled at once.
        format!("{first}\n{}\n{third}", second.replacen('}', "", 1)),
        text.clone(),
    ];
    for (version, edited) in edits.iter().enumerate() {
        let version = version + 2;
        let changed = json!({
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "text": edited }]
        });
        let incremental = published(&mut server, "textDocument/didChange", changed);
        let mut fresh = Server::new(Box::new(|_, _| Context::default()));
        let opened = json!({
            "textDocument": { "uri": uri, "languageId": "jixiao", "version": 1, "text": edited }
        });
        let expected = published(&mut fresh, "textDocument/didOpen", opened);
        assert_eq!(incremental, expected, "edit {version}");
    }
}

#[test]
fn a_one_form_document_publishes_each_diagnostic_with_its_notes_help_and_range() {
    use jixiao::lsp::{Context, Server};
    use jixiao::{Lang, LineIndex};
    // Warnings with notes and help (W0501 and kin), as the latency bench's form has them.
    let mut text = String::from("项目 \"x\" 2023 {\n  产出指标 {\n    数量指标 {\n");
    for number in 1..=12 {
        text.push_str(&format!(
            "      \"第{number}项\"  单位 次  目标 {}次  实际 {}次  分值 0.5\n",
            10 + number % 7,
            10 + number % 7 - number % 3
        ));
    }
    text.push_str("    }\n  }\n}\n");
    let mut server = Server::new(Box::new(|_, _| Context::default()));
    let opened = json!({
        "textDocument": { "uri": "file:///one.jx", "languageId": "jixiao", "version": 1, "text": text }
    });
    let published = published(&mut server, "textDocument/didOpen", opened);
    let published = published.as_array().unwrap();
    let compiled = jixiao::compile(&text, None, &jixiao::Options::default());
    assert!(compiled
        .diagnostics
        .iter()
        .any(
            |diagnostic| !diagnostic.help_text(Lang::Zh).is_empty() && !diagnostic.notes.is_empty()
        ));
    assert_eq!(published.len(), compiled.diagnostics.len());
    let index = LineIndex::new(&text);
    for (sent, diagnostic) in published.iter().zip(&compiled.diagnostics) {
        let mut message = diagnostic.message.get(Lang::Zh).to_string();
        for note in &diagnostic.notes {
            message.push('\n');
            message.push_str(note.get(Lang::Zh));
        }
        let help = diagnostic.help_text(Lang::Zh);
        if !help.is_empty() {
            message.push_str(&format!("\n帮助：{help}"));
        }
        assert_eq!(sent["message"], message);
        assert_eq!(sent["code"], diagnostic.code.as_str());
        let (line, character) = index.utf16_position(&text, diagnostic.span.start);
        assert_eq!(
            sent["range"]["start"],
            json!({"line": line, "character": character})
        );
    }
}
