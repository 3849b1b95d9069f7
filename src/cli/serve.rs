//! `jixiao serve [DIR]`: a live preview of the workspace's index and pages on 127.0.0.1.
//!
//! Every page is compiled from the file on disk when it is asked for (a form compiles in well
//! under a millisecond), so a page is never stale; a watcher (`notify`) tells the open pages to
//! reload through server-sent events (`/events`) when a `.jx` file or `jixiao.toml` changes. A
//! form with errors shows its diagnostics in place of its page until they are fixed.
//!
//! Read-only: nothing is written into the workspace. Only pages of `.jx` files inside the
//! workspace are served: a path with `..`, or one leading outside through a link, is refused.
//! Only I/O lives here: the pages come from the library's `compile` and `to_html`.

use super::args::ServeArgs;
use super::exit::usage_error;
use super::workspace;
use jixiao::{compile_decoded, IndexEntry, Lang, Options, Style, Templates};
use notify::Watcher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// What every request thread shares.
struct State {
    /// The workspace directory (canonical).
    root: PathBuf,
    /// Language of the diagnostics shown in place of a page.
    lang: Lang,
    /// Which page a form gets: the review page (computed beside declared, the default while
    /// writing) or the public page (the form as filed).
    audience: jixiao::Audience,
    /// Bumped on every change of a `.jx` file or `jixiao.toml`.
    generation: Mutex<u64>,
    /// Wakes the event streams when `generation` changes.
    changed: Condvar,
}

/// The script every page gets: reload when the server says a file changed.
const RELOAD: &str =
    "<script>new EventSource(\"/events\").onmessage = function () { location.reload(); };</script>";

/// The note that the file watcher could not start, in `lang`.
fn no_reload(error: &notify::Error, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("jixiao serve: 无法监视文件的变化（{error}），页面不会自动刷新"),
        Lang::En => format!("jixiao serve: {error}: pages will not reload by themselves"),
    }
}

/// Runs `jixiao serve` until interrupted.
pub(crate) fn run(args: &ServeArgs) -> ExitCode {
    let lang: Lang = args.lang.into();
    if !args.host.is_loopback() && !args.allow_remote {
        return usage_error(
            &match lang {
                Lang::Zh => format!(
                    "{} 不是本机地址：预览会让其他机器读到工作区；确需如此时加 --allow-remote",
                    args.host
                ),
                Lang::En => format!(
                    "{} is not a loopback address: other machines could read the workspace; add --allow-remote if that is meant",
                    args.host
                ),
            },
            lang,
        );
    }
    let root = match std::fs::canonicalize(&args.directory) {
        Ok(root) if root.is_dir() => root,
        _ => {
            return usage_error(
                &match lang {
                    Lang::Zh => format!("{} 不是目录", args.directory.display()),
                    Lang::En => format!("{} is not a directory", args.directory.display()),
                },
                lang,
            )
        }
    };
    let server = match tiny_http::Server::http((args.host, args.port)) {
        Ok(server) => server,
        Err(error) => {
            // tiny_http boxes the socket's io::Error: said by its kind (地址或端口已被占用).
            let message = match error.downcast_ref::<std::io::Error>() {
                Some(error) => super::exit::io_message(error, lang),
                None => error.to_string(),
            };
            return usage_error(&format!("{}:{}: {message}", args.host, args.port), lang);
        }
    };
    let state = Arc::new(State {
        root: root.clone(),
        lang,
        audience: args.audience.into(),
        generation: Mutex::new(0),
        changed: Condvar::new(),
    });
    let watched = Arc::clone(&state);
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let relevant = event.paths.iter().any(|path| {
            path.extension().is_some_and(|extension| extension == "jx")
                || path
                    .file_name()
                    .is_some_and(|name| name == jixiao::WorkspaceConfig::FILE_NAME)
        });
        if relevant && !event.kind.is_access() {
            if let Ok(mut generation) = watched.generation.lock() {
                *generation += 1;
            }
            watched.changed.notify_all();
        }
    });
    let _watcher = match watcher {
        Ok(mut watcher) => match watcher.watch(&root, notify::RecursiveMode::Recursive) {
            Ok(()) => Some(watcher),
            Err(error) => {
                say!("{}", no_reload(&error, lang));
                None
            }
        },
        Err(error) => {
            say!("{}", no_reload(&error, lang));
            None
        }
    };
    let address = server.server_addr().to_ip().map_or_else(
        || format!("{}:{}", args.host, args.port),
        |address| address.to_string(),
    );
    {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "http://{address}/");
        let _ = stdout.flush();
    }
    say!(
        "{}",
        match lang {
            Lang::Zh => format!("预览 {}：http://{address}/（Ctrl-C 结束）", root.display()),
            Lang::En => format!(
                "previewing {}: http://{address}/ (Ctrl-C to stop)",
                root.display()
            ),
        }
    );
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || handle(&state, request));
    }
    ExitCode::SUCCESS
}

/// A response with a status, a content type and a body.
fn respond(request: tiny_http::Request, status: u16, content_type: &str, body: String) {
    let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type.as_bytes());
    let mut response = tiny_http::Response::from_string(body).with_status_code(status);
    if let Ok(header) = header {
        response = response.with_header(header);
    }
    let _ = request.respond(response);
}

fn handle(state: &State, request: tiny_http::Request) {
    let raw = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let Some(path) = percent_decode(&raw) else {
        return respond(request, 400, "text/plain; charset=utf-8", "bad path".into());
    };
    let outside = path
        .split(['/', '\\'])
        .any(|segment| segment == ".." || segment == ".")
        || path.contains('\0')
        || path.contains('\\');
    if outside {
        return respond(
            request,
            403,
            "text/plain; charset=utf-8",
            "refused: the path leads outside the workspace\n".into(),
        );
    }
    match path.as_str() {
        "/" | "/index.html" => {
            let (status, page) = index(state);
            respond(request, status, "text/html; charset=utf-8", page);
        }
        "/events" => events(state, request),
        // The stylesheet the index links (form pages here inline theirs).
        stylesheet if stylesheet.strip_prefix('/') == Some(jixiao::STYLESHEET) => {
            match jixiao::Templates::builtin().and_then(|templates| templates.stylesheet()) {
                Ok(css) => respond(request, 200, "text/css; charset=utf-8", css),
                Err(error) => respond(
                    request,
                    500,
                    "text/plain; charset=utf-8",
                    format!("{error}\n"),
                ),
            }
        }
        _ => match page(state, path.trim_start_matches('/')) {
            Some((status, page)) => respond(request, status, "text/html; charset=utf-8", page),
            None => respond(
                request,
                404,
                "text/plain; charset=utf-8",
                "not found\n".into(),
            ),
        },
    }
}

/// The server-sent event stream: `data: reload` after every change.
fn events(state: &State, request: tiny_http::Request) {
    // The generation is read before the stream opens: a change that lands between the opening
    // comment and the first wait is a reload, never absorbed (a loaded machine lost it).
    let Ok(generation) = state.generation.lock() else {
        return;
    };
    let mut seen = *generation;
    drop(generation);
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n: jixiao serve\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let Ok(generation) = state.generation.lock() else {
            return;
        };
        let Ok((generation, _)) =
            state
                .changed
                .wait_timeout_while(generation, Duration::from_secs(15), |current| {
                    *current == seen
                })
        else {
            return;
        };
        let current = *generation;
        // Not holding the lock while writing: the watcher must never wait for a slow client.
        drop(generation);
        let message = if current == seen {
            ": ping\n\n"
        } else {
            seen = current;
            "data: reload\n\n"
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Decodes `%XX` escapes (browsers escape Chinese file names); `None` for invalid UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The compile options of the workspace: its `jixiao.toml`, read anew for every page.
fn options(state: &State) -> Options {
    let mut options = Options {
        lang: state.lang,
        ..Options::default()
    };
    if let Ok(Some((file, config))) = workspace::find_config(&state.root) {
        options.default_profile = config.profile;
        options.settings = config.settings;
        options.workspace_file = Some(file.display().to_string());
    }
    options
}

/// The link of form `index` of `count` of the file at `relative`: `a/b.html` or `a/b.2.html`.
fn link(relative: &Path, index: usize, count: usize) -> String {
    let stem = relative
        .with_extension("")
        .components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    if count == 1 {
        format!("{stem}.html")
    } else {
        format!("{stem}.{}.html", index + 1)
    }
}

fn with_reload(mut page: String) -> String {
    match page.rfind("</body>") {
        Some(at) => page.insert_str(at, RELOAD),
        None => page.push_str(RELOAD),
    }
    page
}

/// `text` escaped for HTML text and for attribute values quoted with `"` or `'` (`&`, `<`, `>`,
/// `"`, `'`): Tera's own function, the one the built-in pages and the diff page are escaped
/// with, so the escapings cannot drift apart (a copy here left `'` as it was).
fn escape(text: &str) -> String {
    let mut escaped = Vec::with_capacity(text.len());
    // Writing into a `Vec` cannot fail, and the escaped text of UTF-8 is UTF-8.
    let _ = tera::escape_html(text, &mut escaped);
    String::from_utf8_lossy(&escaped).into_owned()
}

/// A page showing a problem in place of the form (or index).
fn problem_page(title: &str, body: &str) -> String {
    with_reload(format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body><h1>{}</h1>\n<pre>{}</pre>\n</body></html>\n",
        escape(title),
        escape(title),
        escape(body)
    ))
}

/// The index of every form of the workspace.
fn index(state: &State) -> (u16, String) {
    let (files, problems) = workspace::discover(std::slice::from_ref(&state.root));
    let options = options(state);
    let mut compiled = Vec::new();
    for file in &files {
        let Ok(source) = workspace::read(&file.path) else {
            continue;
        };
        let display = file.relative.display().to_string();
        let compilation = compile_decoded(&source, Some(&display), &options);
        let count = compilation.forms.len();
        for (index, form) in compilation.forms.into_iter().enumerate() {
            compiled.push((
                form.evaluation,
                link(&file.relative, index, count),
                display.clone(),
            ));
        }
    }
    let entries: Vec<IndexEntry<'_>> = compiled
        .iter()
        .map(|(evaluation, page, source)| IndexEntry {
            evaluation,
            page: Some(page),
            // serve renders pages on request and writes no JSON.
            json: None,
            source: Some(source),
        })
        .collect();
    match Templates::builtin().and_then(|templates| templates.render_index(&entries)) {
        Ok(page) if problems.is_empty() => (200, with_reload(page)),
        Ok(page) => (
            200,
            with_reload(page.replacen(
                "<body>",
                &format!("<body><pre>{}</pre>", escape(&problems.join("\n"))),
                1,
            )),
        ),
        Err(error) => (500, problem_page("index.html", &error.to_string())),
    }
}

/// The page at `link` (`a/b.html` or `a/b.2.html`): the form's disclosure page, or its
/// diagnostics while it has errors. `None` when no `.jx` file of the workspace has that page.
fn page(state: &State, link: &str) -> Option<(u16, String)> {
    let stem = link.strip_suffix(".html")?;
    let mut candidates = vec![(stem.to_string(), None)];
    if let Some((file, number)) = stem.rsplit_once('.') {
        if let Ok(number) = number.parse::<usize>() {
            candidates.push((file.to_string(), Some(number)));
        }
    }
    for (stem, number) in candidates {
        let path = state.root.join(format!("{stem}.jx"));
        // Links may lead outside the workspace: only files whose real path is inside count.
        let Ok(real) = std::fs::canonicalize(&path) else {
            continue;
        };
        if !real.starts_with(&state.root) || !real.is_file() {
            continue;
        }
        let source = match workspace::read(&real) {
            Ok(source) => source,
            Err(message) => return Some((500, problem_page(link, &message))),
        };
        let display = format!("{stem}.jx");
        let options = options(state);
        let compilation = compile_decoded(&source, Some(&display), &options);
        let count = compilation.forms.len();
        let index = match number {
            None if count == 1 => 0,
            Some(number) if count > 1 && (1..=count).contains(&number) => number - 1,
            _ => continue,
        };
        let form = compilation.forms.get(index)?;
        if form.has_errors {
            let style = Style {
                color: false,
                ascii: false,
                lang: state.lang,
            };
            let report = jixiao::render_human(&display, &source, &compilation.diagnostics, style);
            let title = match state.lang {
                Lang::Zh => format!("{display}：有错误，页面暂不生成"),
                Lang::En => format!("{display}: errors, no page until they are fixed"),
            };
            return Some((200, problem_page(&title, &report)));
        }
        // As `build` writes it, with the workspace's layout; the stylesheet is inlined.
        let page = jixiao::PageOptions {
            audience: state.audience,
            layout: options.settings.layout.clone(),
            lang: state.lang,
            ..jixiao::PageOptions::default()
        };
        return Some(
            match jixiao::Templates::builtin()
                .and_then(|templates| templates.render_page_with(&form.evaluation, &page))
            {
                Ok(page) => (200, with_reload(page)),
                Err(error) => (500, problem_page(link, &error.to_string())),
            },
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_stays_inside_an_attribute_quoted_either_way() {
        let name = "甲's \"乙\" <b>&";
        let single = format!("<a title='{}'>", escape(name));
        let double = format!("<a title=\"{}\">", escape(name));
        assert_eq!(single.matches('\'').count(), 2, "{single}");
        assert_eq!(double.matches('"').count(), 2, "{double}");
        assert_eq!(
            escape(name),
            "甲&#39;s &quot;乙&quot; &lt;b&gt;&amp;",
            "the escaping of the built-in pages"
        );
    }
}
