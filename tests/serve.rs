//! `jixiao serve` over loopback: the index and the pages of a workspace, a page that follows its
//! file, the reload event, errors shown in place of a page, paths outside the workspace
//! refused, and nothing written into the workspace.

mod common;

use common::{root, scratch};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `jixiao serve`, killed when dropped.
struct Served {
    child: Child,
    address: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(directory: &Path) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["serve", "--port", "0"])
        .arg(directory)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert!(address.starts_with("127.0.0.1:"), "{line}");
    Served { child, address }
}

/// GET `path` from the server at `address`: the status code and the body.
fn get_from(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    // Headers, then Content-Length bytes when given (Chromium's DevTools server keeps the
    // connection open), else everything up to the close.
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        if reader.read_line(&mut head).unwrap() == 0 {
            break;
        }
    }
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())
            .flatten()
    });
    let mut body = Vec::new();
    match length {
        Some(length) => {
            body.resize(length, 0);
            reader.read_exact(&mut body).unwrap();
        }
        None => {
            reader.read_to_end(&mut body).unwrap();
        }
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    (status, body)
}

/// GET `path` from `jixiao serve`.
fn get(served: &Served, path: &str) -> (u16, String) {
    get_from(&served.address, path)
}

/// A copy of `examples/` in a fresh directory.
fn workspace(name: &str) -> PathBuf {
    let directory = scratch(name);
    for year in ["2021", "2022"] {
        let from = root().join(format!("examples/renda-{year}"));
        let to = directory.join(format!("renda-{year}"));
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    directory
}

fn listing(directory: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![directory.to_path_buf()];
    while let Some(directory) = stack.pop() {
        for entry in std::fs::read_dir(directory).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn serves_the_index_and_pages_that_follow_their_files() {
    let directory = workspace("serve-pages");
    let before = listing(&directory);
    let served = serve(&directory);

    let (status, index) = get(&served, "/");
    assert_eq!(status, 200);
    assert!(index.contains("区人大常委会办公室"), "{index}");
    assert!(index.contains("renda-2021/department.html"), "{index}");
    assert!(index.contains("EventSource"));
    // The index links the build's shared stylesheet, and serve serves it.
    assert!(index.contains("href=\"style.css\""), "{index}");
    let (status, css) = get(&served, "/style.css");
    assert_eq!(status, 200);
    assert!(css.contains("border-collapse"), "{css}");

    let (status, page) = get(&served, "/renda-2021/department.html");
    assert_eq!(status, 200);
    assert!(page.contains("常委会召开次数"));
    assert!(page.contains("EventSource(\"/events\")"));

    // The reload stream, then an edit: the stream says reload and the page shows the change.
    let mut events = TcpStream::connect(&served.address).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        events,
        "GET /events HTTP/1.1\r\nHost: {}\r\n\r\n",
        served.address
    )
    .unwrap();
    let mut events = BufReader::new(events);
    let mut line = String::new();
    events.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    // Read the head and the opening comment before changing anything.
    loop {
        line.clear();
        events.read_line(&mut line).unwrap();
        if line.starts_with(": jixiao serve") {
            break;
        }
    }

    let file = directory.join("renda-2021/department.jx");
    let source = std::fs::read_to_string(&file).unwrap();
    assert!(!page.contains("联系人改过"));
    std::fs::write(&file, source.replace("杨建平", "联系人改过")).unwrap();
    let started = Instant::now();
    let mut reloaded = false;
    // The target is 2 s (usually ~0.1 s); the test allows 10 s so that a loaded CI machine does
    // not fail it: speed belongs to benchmarks, the test checks that the page follows the file.
    while started.elapsed() < Duration::from_secs(10) && !reloaded {
        line.clear();
        if events.read_line(&mut line).is_err() {
            break;
        }
        reloaded = line.starts_with("data: reload");
    }
    assert!(reloaded, "no reload event within 10 s");
    let (_, page) = get(&served, "/renda-2021/department.html");
    assert!(page.contains("联系人改过"));
    eprintln!("reloaded after {:?}", started.elapsed());

    // A form with an error shows its diagnostics instead of its page, until it is fixed.
    std::fs::write(&file, source.replace("实际 13次", "实祭 13次")).unwrap();
    let (status, page) = get(&served, "/renda-2021/department.html");
    assert_eq!(status, 200);
    assert!(page.contains("E0"), "{page}");
    assert!(page.contains("实祭"));
    assert!(page.contains("EventSource"));
    std::fs::write(&file, &source).unwrap();
    let (_, page) = get(&served, "/renda-2021/department.html");
    assert!(page.contains("常委会召开次数") && !page.contains("实祭"));

    // Nothing was written into the workspace.
    assert_eq!(listing(&directory), before);
}

#[test]
fn pages_follow_the_workspace_layout() {
    let directory = workspace("serve-layout");
    std::fs::write(
        directory.join("jixiao.toml"),
        "[settings.layout]\ntemplate = \"chongqing\"\n",
    )
    .unwrap();
    let served = serve(&directory);
    let (status, page) = get(&served, "/renda-2021/department.html");
    assert_eq!(status, 200);
    assert!(
        page.contains("<th scope=\"col\" data-field=\"weight\">权重分值</th>"),
        "{page}"
    );
    assert!(
        page.contains("<th scope=\"col\">全年（调整）预算数</th>"),
        "{page}"
    );
}

#[test]
fn a_problem_page_escapes_a_file_name_with_quotes() {
    let directory = scratch("serve-quote");
    // A form with an error in a file whose name holds `'`: the name is shown on the page that
    // stands in for it, escaped as the built-in pages escape (`'` too, which an attribute
    // quoted with `'` would otherwise end at).
    let source = std::fs::read_to_string(root().join("examples/renda-2021/department.jx"))
        .unwrap()
        .replace("实际 13次", "实祭 13次");
    std::fs::write(directory.join("it's.jx"), source).unwrap();
    let served = serve(&directory);
    let (status, page) = get(&served, "/it's.html");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("实祭"), "{page}");
    assert!(page.contains("<title>it&#39;s.jx"), "{page}");
    assert!(!page.contains("it's"), "{page}");
}

#[test]
fn refuses_paths_outside_the_workspace_and_unknown_pages() {
    let directory = workspace("serve-outside");
    // A form beside the workspace that a path with `..` would reach.
    std::fs::write(
        directory.parent().unwrap().join("secret.jx"),
        std::fs::read(root().join("examples/renda-2021/department.jx")).unwrap(),
    )
    .unwrap();
    let served = serve(&directory);
    for path in [
        "/../secret.html",
        "/renda-2021/../../secret.html",
        "/%2e%2e/secret.html",
        "/renda-2021/%2E%2E/%2E%2E/secret.html",
        "/..%2fsecret.html",
    ] {
        let (status, _) = get(&served, path);
        assert_eq!(status, 403, "{path}");
    }
    for path in [
        "/secret.html",
        "/renda-2021/department.jx",
        "/renda-2021/nothing.html",
        "/renda-2021/department.7.html",
    ] {
        let (status, _) = get(&served, path);
        assert_eq!(status, 404, "{path}");
    }
}

#[test]
fn refuses_an_address_other_machines_reach_unless_asked() {
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["serve", "--host", "0.0.0.0", "--port", "0"])
        .arg(root().join("examples"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--allow-remote"));
}

// ---------------------------------------------------------------------------------------------
// Headless Chromium: a real browser keeps the page open, and the page follows its file.
// ---------------------------------------------------------------------------------------------

const CHROMIUM: &str = "/usr/bin/chromium";

/// A minimal WebSocket client (RFC 6455: masked text frames out, unmasked frames in), enough
/// for the Chrome DevTools Protocol.
struct Socket(TcpStream);

impl Socket {
    fn connect(url: &str) -> Socket {
        let rest = url.trim_start_matches("ws://");
        let (host, path) = rest.split_at(rest.find('/').unwrap());
        let mut stream = TcpStream::connect(host).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8];
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        assert!(
            head.starts_with(b"HTTP/1.1 101"),
            "{}",
            String::from_utf8_lossy(&head)
        );
        Socket(stream)
    }

    fn send(&mut self, text: &str) {
        let payload = text.as_bytes();
        let mut frame = vec![0x81u8];
        match payload.len() {
            length @ 0..=125 => frame.push(0x80 | length as u8),
            length @ 126..=65535 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(length as u16).to_be_bytes());
            }
            length => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(length as u64).to_be_bytes());
            }
        }
        let mask = [0x12u8, 0x34, 0x56, 0x78];
        frame.extend_from_slice(&mask);
        frame.extend(
            payload
                .iter()
                .enumerate()
                .map(|(index, byte)| byte ^ mask[index % 4]),
        );
        self.0.write_all(&frame).unwrap();
    }

    /// The next text message (continuation frames joined; other frames skipped).
    fn receive(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut head = [0u8; 2];
            self.0.read_exact(&mut head).unwrap();
            let length = match head[1] & 0x7f {
                126 => {
                    let mut bytes = [0u8; 2];
                    self.0.read_exact(&mut bytes).unwrap();
                    u64::from(u16::from_be_bytes(bytes))
                }
                127 => {
                    let mut bytes = [0u8; 8];
                    self.0.read_exact(&mut bytes).unwrap();
                    u64::from_be_bytes(bytes)
                }
                length => u64::from(length),
            };
            let mut payload = vec![0u8; usize::try_from(length).unwrap()];
            self.0.read_exact(&mut payload).unwrap();
            let opcode = head[0] & 0x0f;
            if opcode == 1 || opcode == 0 {
                message.extend_from_slice(&payload);
                if head[0] & 0x80 != 0 {
                    return String::from_utf8(message).unwrap();
                }
            }
        }
    }

    /// Evaluates `expression` in the page and returns its string value.
    fn evaluate(&mut self, id: u64, expression: &str) -> String {
        let request = serde_json::json!({
            "id": id,
            "method": "Runtime.evaluate",
            "params": {"expression": expression, "returnByValue": true},
        });
        self.send(&request.to_string());
        loop {
            let reply: serde_json::Value = serde_json::from_str(&self.receive()).unwrap();
            if reply["id"] == id {
                return reply["result"]["result"]["value"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
            }
        }
    }
}

/// Chromium, killed when dropped.
struct Browser(Child);

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn chromium_shows_the_new_total_within_2_seconds_of_an_edit() {
    if !Path::new(CHROMIUM).exists() {
        println!("SKIPPED: {CHROMIUM} is not installed (apt-get install -y chromium)");
        return;
    }
    let directory = workspace("serve-chromium");
    let served = serve(&directory);
    let profile = scratch("serve-chromium-profile");
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--remote-debugging-port=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!(
            "http://{}/renda-2021/department.html",
            served.address
        ))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _browser = Browser(child);
    let mut lines = BufReader::new(stderr).lines();
    let devtools = loop {
        let line = lines
            .next()
            .expect("Chromium prints its DevTools address")
            .unwrap();
        if let Some(url) = line.strip_prefix("DevTools listening on ") {
            break url.to_string();
        }
    };
    // Drain the rest of Chromium's stderr so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let port_host = devtools.trim_start_matches("ws://");
    let port_host = &port_host[..port_host.find('/').unwrap()];
    let page_socket = {
        let started = Instant::now();
        loop {
            let (_, list) = get_from(port_host, "/json/list");
            let targets: serde_json::Value = serde_json::from_str(&list).unwrap_or_default();
            let page = targets.as_array().into_iter().flatten().find(|target| {
                target["type"] == "page"
                    && target["url"]
                        .as_str()
                        .is_some_and(|url| url.contains("department.html"))
            });
            if let Some(page) = page {
                break page["webSocketDebuggerUrl"].as_str().unwrap().to_string();
            }
            assert!(started.elapsed() < Duration::from_secs(30), "{list}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    let mut socket = Socket::connect(&page_socket);
    let body = "document.body ? document.body.innerText : ''";
    let mut id = 0;
    let started = Instant::now();
    while !socket.evaluate(id, body).contains("常委会召开次数") {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the page never loaded"
        );
        id += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    // Give the page's event stream a moment to connect, then change a number: the first
    // indicator (人代会召开次数, 2 planned) held once, so its score and the total drop by 5.
    std::thread::sleep(Duration::from_millis(500));
    id += 1;
    let before = socket.evaluate(id, body);
    assert!(before.contains("100.00"), "{before}");
    let file = directory.join("renda-2021/department.jx");
    let source = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, source.replacen("实际 2次", "实际 1次", 1)).unwrap();
    let edited = Instant::now();
    loop {
        id += 1;
        let text = socket.evaluate(id, body);
        if text.contains("95.00") {
            break;
        }
        assert!(
            edited.elapsed() < Duration::from_secs(10),
            "the open page did not show the new total within 10 s:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
