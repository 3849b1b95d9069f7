// The VS Code client of `jixiao lsp`: starts the server for `.jx` files and restarts it when the
// settings change. Everything else (diagnostics, hover, inlay hints, quick fixes, formatting,
// outline, folding, completion) comes from the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function start() {
  const settings = vscode.workspace.getConfiguration("jixiao");
  const command = settings.get("path") || "jixiao";
  const lang = settings.get("lang") || "";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "jixiao",
    "jixiao",
    { run: server, debug: server },
    {
      documentSelector: [{ language: "jixiao" }],
      initializationOptions: lang ? { lang } : {},
      synchronize: {
        // A changed jixiao.toml re-checks every open form.
        fileEvents: vscode.workspace.createFileSystemWatcher("**/jixiao.toml"),
      },
    }
  );
  return client.start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("jixiao")) {
        if (client) {
          await client.stop();
        }
        await start();
      }
    })
  );
  await start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
