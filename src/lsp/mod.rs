//! `jixiao lsp`: the language server, as a front-end over [`compile`](crate::compile) like
//! `fmt` and `diff`. It receives JSON-RPC messages (the texts of open documents among them) and
//! returns JSON-RPC messages; the binary (`src/cli/lsp.rs`) owns stdin and stdout and the file
//! system (it finds each document's `jixiao.toml` through a [`ContextProvider`]).
//!
//! What it answers: diagnostics on open and on every change (full text sync), hover (an
//! indicator's computed coefficient and score with the formula and its rule, the budget's
//! execution rate and score, a category's weight and score, the total), inlay hints (the score at
//! the end of each indicator line, the rate on the budget block, the computed total beside
//! 自评总得分), code actions (replace a declared value by the computed one, insert `偏差 ""`, take
//! the did-you-mean suggestion, format), formatting (the `fmt` printer), document symbols,
//! folding ranges and completion.
//!
//! Positions: the protocol counts UTF-16 code units; every span is turned into a position by
//! [`LineIndex::utf16_position`](crate::LineIndex::utf16_position) and back.
//!
//! Invariant: a message the server does not understand (an unknown method, bad parameters) gets
//! an error response, never a panic; nothing here touches the file system.

mod analysis;
mod outline;

use crate::compile::Options;
use crate::lang::Lang;
use analysis::Analysis;
use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    FoldingRangeProviderCapability, HoverProviderCapability, InitializeResult, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, Url,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a document is compiled with: found by the binary for the document's path.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Profile, `jixiao.toml` settings, message language.
    pub options: Options,
    /// The diagnostics catalogue (`docs/DIAGNOSTICS.md`) that diagnostic codes link to
    /// (`codeDescription`), with the lower-case code as fragment; `None`: no link.
    pub catalogue: Option<Url>,
    /// Why the workspace's `jixiao.toml` could not be used (unreadable, invalid): shown as an
    /// error on the document's first line, since its scores then follow the defaults (where
    /// `jixiao check` would stop).
    pub workspace_error: Option<String>,
}

/// Finds the [`Context`] of a document from its path (`None` for an unsaved document), in the
/// message language chosen at initialization.
pub type ContextProvider = Box<dyn FnMut(Option<&Path>, Lang) -> Context>;

/// What the server answers to one message.
#[derive(Debug, Default)]
pub struct Reply {
    /// Responses and notifications to send, in order.
    pub messages: Vec<Message>,
    /// `Some(code)` when the client said `exit`: the process ends with this code (0 after a
    /// `shutdown` request, 1 without).
    pub exit: Option<i32>,
}

/// One open document.
struct Document {
    text: String,
    version: i32,
    context: Context,
    /// Its forms as last compiled.
    forms: std::cell::RefCell<analysis::FormCache>,
}

/// The language server's state: the open documents and the session's settings.
pub struct Server {
    provider: ContextProvider,
    documents: BTreeMap<Url, Document>,
    lang: Lang,
    shutdown: bool,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Server")
            .field("documents", &self.documents.keys().collect::<Vec<_>>())
            .field("lang", &self.lang)
            .field("shutdown", &self.shutdown)
            .finish_non_exhaustive()
    }
}

/// A request's failure: the JSON-RPC error code and message.
type Failure = (ErrorCode, String);

impl Server {
    /// A server that asks `provider` for each document's context.
    pub fn new(provider: ContextProvider) -> Server {
        Server {
            provider,
            documents: BTreeMap::new(),
            lang: Lang::Zh,
            shutdown: false,
        }
    }

    /// Handles one message from the client.
    pub fn handle(&mut self, message: Message) -> Reply {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let response = match self.request(request) {
                    Ok(result) => Response::new_ok(id, result),
                    Err((code, message)) => Response::new_err(id, code as i32, message),
                };
                Reply {
                    messages: vec![Message::Response(response)],
                    exit: None,
                }
            }
            Message::Notification(notification) => self.notification(notification),
            Message::Response(_) => Reply::default(),
        }
    }

    /// The error response to a message that is not JSON-RPC (`code`: parse error or invalid
    /// request), with a null id as the specification asks.
    pub fn invalid_message(code: ErrorCode, message: &str) -> Value {
        serde_json::json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": { "code": code as i32, "message": message },
        })
    }

    fn request(&mut self, request: Request) -> Result<Value, Failure> {
        let Request { method, params, .. } = request;
        if self.shutdown && method != "shutdown" {
            return Err((
                ErrorCode::InvalidRequest,
                "the server is shutting down".to_string(),
            ));
        }
        match method.as_str() {
            "initialize" => Ok(self.initialize(&params)),
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => {
                let params: lsp_types::HoverParams = parse(params)?;
                let position = params.text_document_position_params;
                self.with_analysis(&position.text_document.uri, |analysis| {
                    let offset = analysis.offset(position.position);
                    to_value(analysis.hover(offset))
                })
            }
            "textDocument/inlayHint" => {
                let params: lsp_types::InlayHintParams = parse(params)?;
                self.with_analysis(&params.text_document.uri, |analysis| {
                    let start = analysis.offset(params.range.start);
                    let end = analysis.offset(params.range.end);
                    to_value(analysis.inlay_hints(start, end))
                })
            }
            "textDocument/codeAction" => {
                let params: lsp_types::CodeActionParams = parse(params)?;
                let uri = params.text_document.uri.clone();
                let catalogue = self.catalogue(&uri);
                self.with_analysis(&uri, |analysis| {
                    let start = analysis.offset(params.range.start);
                    let end = analysis.offset(params.range.end);
                    to_value(analysis.code_actions(&uri, catalogue.as_ref(), start, end))
                })
            }
            "textDocument/formatting" => {
                let params: lsp_types::DocumentFormattingParams = parse(params)?;
                self.with_analysis(&params.text_document.uri, |analysis| {
                    to_value(analysis.formatting())
                })
            }
            "textDocument/documentSymbol" => {
                let params: lsp_types::DocumentSymbolParams = parse(params)?;
                self.with_analysis(&params.text_document.uri, |analysis| {
                    to_value(outline::symbols(analysis))
                })
            }
            "textDocument/foldingRange" => {
                let params: lsp_types::FoldingRangeParams = parse(params)?;
                self.with_analysis(&params.text_document.uri, |analysis| {
                    to_value(outline::folding_ranges(analysis))
                })
            }
            "textDocument/completion" => {
                let params: lsp_types::CompletionParams = parse(params)?;
                let position = params.text_document_position;
                self.with_analysis(&position.text_document.uri, |analysis| {
                    let offset = analysis.offset(position.position);
                    to_value(outline::completion(analysis, offset))
                })
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("jixiao lsp does not answer `{method}`"),
            )),
        }
    }

    fn initialize(&mut self, params: &Value) -> Value {
        let option = params
            .pointer("/initializationOptions/lang")
            .and_then(Value::as_str);
        let locale = params.get("locale").and_then(Value::as_str);
        self.lang = match option.or(locale) {
            Some(lang) if lang.to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Zh,
        };
        let capabilities = ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            inlay_hint_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::SOURCE_FIX_ALL,
                ]),
                ..CodeActionOptions::default()
            })),
            document_formatting_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![" ".to_string()]),
                ..CompletionOptions::default()
            }),
            ..ServerCapabilities::default()
        };
        serde_json::to_value(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "jixiao".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
        .unwrap_or(Value::Null)
    }

    fn notification(&mut self, notification: Notification) -> Reply {
        let Notification { method, params } = notification;
        let mut reply = Reply::default();
        match method.as_str() {
            "exit" => reply.exit = Some(if self.shutdown { 0 } else { 1 }),
            "textDocument/didOpen" => {
                if let Ok(params) = parse::<lsp_types::DidOpenTextDocumentParams>(params) {
                    let document = params.text_document;
                    let context = (self.provider)(path_of(&document.uri).as_deref(), self.lang);
                    self.documents.insert(
                        document.uri.clone(),
                        Document {
                            text: document.text,
                            version: document.version,
                            context,
                            forms: std::cell::RefCell::default(),
                        },
                    );
                    reply.messages.extend(self.publish(&document.uri));
                }
            }
            "textDocument/didChange" => {
                if let Ok(params) = parse::<lsp_types::DidChangeTextDocumentParams>(params) {
                    let uri = params.text_document.uri;
                    if let Some(document) = self.documents.get_mut(&uri) {
                        for change in params.content_changes {
                            apply_change(&mut document.text, &change);
                        }
                        document.version = params.text_document.version;
                        reply.messages.extend(self.publish(&uri));
                    }
                }
            }
            "textDocument/didSave" => {
                if let Ok(params) = parse::<lsp_types::DidSaveTextDocumentParams>(params) {
                    let uri = params.text_document.uri;
                    if let Some(document) = self.documents.get_mut(&uri) {
                        if let Some(text) = params.text {
                            document.text = text;
                        }
                        document.context = (self.provider)(path_of(&uri).as_deref(), self.lang);
                        reply.messages.extend(self.publish(&uri));
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(params) = parse::<lsp_types::DidCloseTextDocumentParams>(params) {
                    let uri = params.text_document.uri;
                    if self.documents.remove(&uri).is_some() {
                        reply
                            .messages
                            .push(diagnostics_notification(PublishDiagnosticsParams {
                                uri,
                                diagnostics: Vec::new(),
                                version: None,
                            }));
                    }
                }
            }
            // A changed `jixiao.toml` (or any setting): every document is compiled anew.
            "workspace/didChangeWatchedFiles" | "workspace/didChangeConfiguration" => {
                let uris: Vec<Url> = self.documents.keys().cloned().collect();
                for uri in uris {
                    let context = (self.provider)(path_of(&uri).as_deref(), self.lang);
                    if let Some(document) = self.documents.get_mut(&uri) {
                        document.context = context;
                    }
                    reply.messages.extend(self.publish(&uri));
                }
            }
            _ => {}
        }
        reply
    }

    /// The diagnostics of an open document, as a `publishDiagnostics` notification.
    fn publish(&self, uri: &Url) -> Option<Message> {
        let document = self.documents.get(uri)?;
        let analysis = self.analysis(uri, document);
        let mut diagnostics = analysis.diagnostics(uri, document.context.catalogue.as_ref());
        if let Some(message) = &document.context.workspace_error {
            diagnostics.insert(
                0,
                lsp_types::Diagnostic {
                    range: lsp_types::Range::default(),
                    severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                    source: Some("jixiao".to_string()),
                    message: message.clone(),
                    ..lsp_types::Diagnostic::default()
                },
            );
        }
        Some(diagnostics_notification(PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: Some(document.version),
        }))
    }

    fn analysis<'a>(&self, uri: &Url, document: &'a Document) -> Analysis<'a> {
        let path = path_of(uri).map(|path| path.display().to_string());
        let mut options = document.context.options.clone();
        options.lang = self.lang;
        Analysis::new(
            &document.text,
            path.as_deref(),
            &options,
            self.lang,
            &document.forms,
        )
    }

    fn catalogue(&self, uri: &Url) -> Option<Url> {
        self.documents
            .get(uri)
            .and_then(|document| document.context.catalogue.clone())
    }

    /// Runs `answer` on the analysis of an open document; `null` for a document not open.
    fn with_analysis(
        &self,
        uri: &Url,
        answer: impl FnOnce(&Analysis<'_>) -> Value,
    ) -> Result<Value, Failure> {
        Ok(match self.documents.get(uri) {
            Some(document) => answer(&self.analysis(uri, document)),
            None => Value::Null,
        })
    }
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, Failure> {
    serde_json::from_value(params).map_err(|error| {
        (
            ErrorCode::InvalidParams,
            format!("invalid parameters: {error}"),
        )
    })
}

fn to_value(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn diagnostics_notification(params: PublishDiagnosticsParams) -> Message {
    Message::Notification(Notification::new(
        "textDocument/publishDiagnostics".to_string(),
        params,
    ))
}

/// The file path of a `file:` URI.
fn path_of(uri: &Url) -> Option<PathBuf> {
    (uri.scheme() == "file")
        .then(|| uri.to_file_path().ok())
        .flatten()
}

/// Applies one content change: the whole text, or a range replaced (UTF-16 positions).
fn apply_change(text: &mut String, change: &lsp_types::TextDocumentContentChangeEvent) {
    match change.range {
        None => text.clone_from(&change.text),
        Some(range) => {
            let index = crate::span::LineIndex::new(text);
            let start = index.utf16_offset(text, range.start.line, range.start.character);
            let end = index
                .utf16_offset(text, range.end.line, range.end.character)
                .max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}
