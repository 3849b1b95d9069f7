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

/// GET `path`: the status code and the body.
fn get(served: &Served, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&served.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        served.address
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_string();
    (status, body)
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
    while started.elapsed() < Duration::from_secs(2) && !reloaded {
        line.clear();
        if events.read_line(&mut line).is_err() {
            break;
        }
        reloaded = line.starts_with("data: reload");
    }
    assert!(reloaded, "no reload event within 2 s");
    let (_, page) = get(&served, "/renda-2021/department.html");
    assert!(page.contains("联系人改过"));
    assert!(started.elapsed() < Duration::from_secs(2));

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
