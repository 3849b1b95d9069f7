//! `jixiao lsp`: the language server on stdin and stdout (Content-Length framing).
//!
//! The library's [`jixiao::lsp::Server`] answers each message; this file owns the streams and
//! the file system: it frames messages, finds each document's `jixiao.toml` (as `check` does)
//! and the diagnostics catalogue its codes link to. A message that is not JSON-RPC gets an error
//! response and the server reads on; only the end of stdin or `exit` ends it.

use super::workspace;
use jixiao::lsp::{Context, Server};
use jixiao::{Lang, Options};
use lsp_server::{ErrorCode, Message, Response};
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

/// Runs the server until `exit` or the end of stdin.
pub(crate) fn run() -> ExitCode {
    let mut server = Server::new(Box::new(context));
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    loop {
        let body = match read_frame(&mut input) {
            Ok(Some(body)) => body,
            Ok(None) => return ExitCode::SUCCESS,
            Err(error) => {
                say!("jixiao lsp: {error}");
                continue;
            }
        };
        let value: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(error) => {
                let reply = Server::invalid_message(ErrorCode::ParseError, &error.to_string());
                send_value(&stdout, &reply);
                continue;
            }
        };
        let id = value.get("id").cloned();
        let message = if is_json_rpc(&value) {
            serde_json::from_value::<Message>(value).map_err(|error| error.to_string())
        } else {
            Err("neither a request, a notification nor a response".to_string())
        };
        let message = match message {
            Ok(message) => message,
            Err(error) => {
                let mut reply = Server::invalid_message(
                    ErrorCode::InvalidRequest,
                    &format!("not a JSON-RPC message: {error}"),
                );
                if let Some(id) = id.filter(|id| id.is_string() || id.is_number()) {
                    reply["id"] = id;
                }
                send_value(&stdout, &reply);
                continue;
            }
        };
        let request_id = match &message {
            Message::Request(request) => Some(request.id.clone()),
            _ => None,
        };
        // A bug must not end the session: the request gets an internal error instead.
        let reply =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.handle(message)));
        let Ok(reply) = reply else {
            if let Some(id) = request_id {
                let response = Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    "jixiao lsp failed on this request".to_string(),
                );
                send(&stdout, &Message::Response(response));
            }
            continue;
        };
        for message in &reply.messages {
            send(&stdout, message);
        }
        if let Some(code) = reply.exit {
            return ExitCode::from(u8::try_from(code).unwrap_or(1));
        }
    }
}

/// The shape of a JSON-RPC message: an object with a string `method` (and a number or string
/// `id` for a request), or an `id` with a `result` or an `error` (a response). Checked before the
/// message is read into `lsp_server::Message`, whose untagged reading takes any object with an
/// `id` for a response.
fn is_json_rpc(value: &serde_json::Value) -> bool {
    let Some(object) = value.as_object() else {
        return false;
    };
    match object.get("method") {
        Some(method) => {
            method.is_string()
                && object
                    .get("id")
                    .is_none_or(|id| id.is_string() || id.is_number())
        }
        None => {
            object.contains_key("id")
                && (object.contains_key("result") || object.contains_key("error"))
        }
    }
}

/// Reads one message body: headers up to an empty line, then `Content-Length` bytes.
/// `Ok(None)` at the end of the input; an error for a frame without a usable length (the
/// headers read are dropped and reading goes on).
fn read_frame(input: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
                if length.is_none() {
                    return Err(std::io::Error::other(format!("bad header: {header}")));
                }
            }
        }
    }
    let length = length.unwrap_or(0);
    if length > 256 << 20 {
        return Err(std::io::Error::other("message larger than 256 MiB"));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

fn send(stdout: &std::io::Stdout, message: &Message) {
    if let Err(error) = message.write(&mut stdout.lock()) {
        say!("jixiao lsp: {error}");
    }
}

fn send_value(stdout: &std::io::Stdout, value: &serde_json::Value) {
    let text = value.to_string();
    let mut out = stdout.lock();
    let _ = write!(out, "Content-Length: {}\r\n\r\n{text}", text.len());
    let _ = out.flush();
}

/// The context of a document: the nearest `jixiao.toml` (as `check` finds it) and the
/// diagnostics catalogue `docs/DIAGNOSTICS.md` of the repository holding the document, if any.
fn context(path: Option<&Path>, lang: Lang) -> Context {
    let mut options = Options {
        lang,
        ..Options::default()
    };
    let Some(path) = path else {
        return Context {
            options,
            ..Context::default()
        };
    };
    let mut workspace_error = None;
    match workspace::find_config(path) {
        Ok(Some((file, config))) => {
            options.default_profile = config.profile;
            options.settings = config.settings;
            options.workspace_file = Some(file.display().to_string());
        }
        Ok(None) => {}
        Err(message) => workspace_error = Some(message),
    }
    let catalogue = path
        .ancestors()
        .map(|directory| directory.join("docs").join("DIAGNOSTICS.md"))
        .find(|candidate| candidate.is_file())
        .and_then(|file| std::fs::canonicalize(file).ok())
        .and_then(|file| lsp_types::Url::from_file_path(file).ok());
    Context {
        options,
        catalogue,
        workspace_error,
    }
}
