-- Neovim headless, as a user's editor: open a form, attach `jixiao lsp`, wait for the
-- diagnostics, ask for a hover, write what came back to $JIXIAO_OUT, quit.
-- Written for Neovim 0.7 and later (vim.lsp.start_client exists in every version since 0.5).
local file = os.getenv("JIXIAO_FILE")
local out = os.getenv("JIXIAO_OUT")
local line = tonumber(os.getenv("JIXIAO_LINE"))
local character = tonumber(os.getenv("JIXIAO_CHARACTER"))
local lines = {}
local function finish()
  vim.fn.writefile(lines, out)
  vim.cmd("qall!")
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "jixiao",
  cmd = { os.getenv("JIXIAO_BIN"), "lsp" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
})
if not client_id then
  table.insert(lines, "error: the client did not start")
  return finish()
end
vim.lsp.buf_attach_client(buf, client_id)
vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
  local code = diagnostic.code
  if code == nil and diagnostic.user_data and diagnostic.user_data.lsp then
    code = diagnostic.user_data.lsp.code
  end
  table.insert(lines, "diagnostic " .. tostring(code) .. " line " .. diagnostic.lnum)
end
local client = vim.lsp.get_client_by_id(client_id)
local response = client.request_sync("textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = line, character = character },
}, 15000, buf)
if response and response.result then
  local value = response.result.contents.value or ""
  table.insert(lines, "hover " .. value:gsub("\n", " "))
else
  table.insert(lines, "error: no hover " .. vim.inspect(response))
end
finish()
