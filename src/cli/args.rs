//! The command line's grammar (clap): one struct per command, each handed whole to its command.
//!
//! Nothing here acts: the commands in the sibling modules do. The library's own types (message
//! language, output formats) know nothing of clap; the value enums here map onto them.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// jixiao (绩效): check, score and publish budget performance self-evaluation forms (.jx).
#[derive(Debug, Parser)]
#[command(name = "jixiao", version, about, long_about = None)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Parse, check and score files or directories; print every diagnostic.
    Check(CheckArgs),
    /// Check and write one output file per form into a directory.
    Build(BuildArgs),
    /// Print the long explanation of a diagnostic code (e.g. `jixiao explain W0302`).
    Explain(ExplainArgs),
    /// Write a commented new form (`jixiao new 项目 --name NAME --year 2024 -o 项目.jx`).
    New(NewArgs),
    /// Format files in place in the canonical layout, keeping every comment.
    Fmt(FmtArgs),
    /// Import filed forms (.docx, .xlsx, web pages, or text copies with one cell a line) into `.jx` files, one per form.
    Import(ImportArgs),
    /// Compare two evaluations (files) or two workspaces (directories): exit 0 equal, 1 different.
    Diff(DiffArgs),
    /// Run the language server on stdin/stdout, for editors (docs/EDITORS.md).
    Lsp,
    /// Serve the workspace's index and pages on 127.0.0.1, rebuilt and reloaded on every change.
    Serve(ServeArgs),
}

/// `jixiao serve [DIR] [--port N]`.
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The workspace directory (default: the current directory).
    #[arg(default_value = ".")]
    pub(crate) directory: PathBuf,
    /// Port to listen on (0: any free port; the address is printed on stdout).
    #[arg(long, default_value_t = 8018)]
    pub(crate) port: u16,
    /// Address to listen on; an address other than loopback needs `--allow-remote`.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) host: std::net::IpAddr,
    /// Allow `--host` to be an address other machines can reach.
    #[arg(long)]
    pub(crate) allow_remote: bool,
    /// Language of the diagnostics shown in place of a page: zh (default) or en.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub(crate) lang: LangArg,
    /// Which page a form gets: `review` (computed beside declared, every disagreement marked:
    /// what a writer wants to see change) or `public` (the form as filed).
    #[arg(long, value_enum, default_value_t = AudienceArg::Review)]
    pub(crate) audience: AudienceArg,
}

/// `jixiao check [PATH…]`.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// `.jx` files or directories (searched recursively for `*.jx`, skipping hidden and
    /// git-ignored files); `-` reads standard input; none means `.`.
    pub(crate) paths: Vec<PathBuf>,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub(crate) format: DiagnosticFormat,
    /// How human diagnostics are printed: annotated source, or one line each
    /// (`file:line:col: warning[W0403]: message`).
    #[arg(long, value_enum, default_value_t = MessageFormat::Full)]
    pub(crate) message_format: MessageFormat,
    /// The file name standard input stands for (`-`): in messages and for the `jixiao.toml`
    /// lookup.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<PathBuf>,
    /// Colours and quietness.
    #[command(flatten)]
    pub(crate) report: ReportArgs,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Draw reports with ASCII characters only.
    #[arg(long)]
    pub(crate) ascii: bool,
    /// How the run is carried out.
    #[command(flatten)]
    pub(crate) run: RunArgs,
    /// How forms are compiled.
    #[command(flatten)]
    pub(crate) compile: CompileArgs,
}

/// `jixiao build [PATH…] -o DIR`.
#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    /// `.jx` files or directories; none means `.`.
    pub(crate) paths: Vec<PathBuf>,
    /// Output directory (created if missing).
    #[arg(short, long)]
    pub(crate) output: PathBuf,
    /// What to write: the JSON and the HTML pages (default), or only one of them.
    #[arg(long, value_enum, default_value_t = OutputFormat::Both)]
    pub(crate) format: OutputFormat,
    /// Who the HTML pages are for: `public` (the form as filed, to post as is) or `review`
    /// (computed beside declared, every disagreement marked, for the finance bureau).
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    pub(crate) audience: AudienceArg,
    /// Review pages: show each finding's `.jx` position (line and column).
    #[arg(long)]
    pub(crate) positions: bool,
    /// Indent the JSON documents for people to read (they are compact by default: the same
    /// data in about half the bytes).
    #[arg(long)]
    pub(crate) pretty: bool,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Colours and quietness.
    #[command(flatten)]
    pub(crate) report: ReportArgs,
    /// A directory of Tera templates overriding the built-in ones by name (`form.html`,
    /// `index.html`, `base.html`, `cell.html`, `style.css`, `critical.css`), or one template
    /// FILE rendered per form with the Evaluation model as `form` (`report.md` writes
    /// `NAME.md`).
    #[arg(long, value_name = "DIR|FILE")]
    pub(crate) template: Option<PathBuf>,
    /// How the run is carried out.
    #[command(flatten)]
    pub(crate) run: RunArgs,
    /// How forms are compiled.
    #[command(flatten)]
    pub(crate) compile: CompileArgs,
}

/// `jixiao explain [CODE]`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {
    /// The code; omit to list every code.
    pub(crate) code: Option<String>,
    /// Language of the explanation: zh (default) or en.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub(crate) lang: LangArg,
}

/// `jixiao new [项目|部门整体] [--name NAME] [--year YEAR] [-o FILE]`.
#[derive(Debug, clap::Args)]
pub(crate) struct NewArgs {
    /// The kind of form: 项目 (project, the default) or 部门整体 (department).
    #[arg(value_enum, conflicts_with_all = ["project", "department"])]
    pub(crate) kind: Option<FormKindArg>,
    /// A project form (项目支出绩效自评表), as `jixiao new 项目`.
    #[arg(long, conflicts_with = "department")]
    pub(crate) project: bool,
    /// A department form (部门整体支出绩效自评表), as `jixiao new 部门整体`.
    #[arg(long)]
    pub(crate) department: bool,
    /// The name of the project or department.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// The budget year, e.g. 2024.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1949..=2200))]
    pub(crate) year: Option<u32>,
    /// Write the form into FILE instead of printing it.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Overwrite FILE when it exists.
    #[arg(long, requires = "output")]
    pub(crate) force: bool,
    /// Language of the form's comments: zh (default) or en.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub(crate) lang: LangArg,
}

/// The kind of form `jixiao new` writes, by its Chinese name or its English alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormKindArg {
    /// 项目支出绩效自评表.
    #[value(name = "项目", alias = "project")]
    Project,
    /// 部门整体支出绩效自评表.
    #[value(name = "部门整体", alias = "department", alias = "部门")]
    Department,
}

/// `jixiao fmt [PATH…] [--check]`.
#[derive(Debug, clap::Args)]
pub(crate) struct FmtArgs {
    /// `.jx` files or directories (searched recursively for `*.jx`); `-` formats standard input
    /// to standard output; none means `.`.
    pub(crate) paths: Vec<PathBuf>,
    /// Change nothing; print a diff and exit 1 when a file is not formatted (for CI).
    #[arg(long)]
    pub(crate) check: bool,
    /// The file name standard input stands for (`-`), in messages.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<PathBuf>,
    /// Colours and quietness.
    #[command(flatten)]
    pub(crate) report: ReportArgs,
    /// Keyword language, and the language of fmt's own messages (default: keywords in the one
    /// most keywords of each file use, messages in Chinese).
    #[arg(long, value_enum)]
    pub(crate) lang: Option<LangArg>,
}

/// `jixiao import FILE… -o DIR`.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// Filed forms: .docx, .xlsx/.xls, web pages (.html), or text copies.
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// Output directory (created if missing).
    #[arg(short, long, required_unless_present = "dry_run")]
    pub(crate) output: Option<PathBuf>,
    /// Budget year for forms that print none (a form's own year always wins).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1949..=2200))]
    pub(crate) year: Option<u32>,
    /// Overwrite `.jx` files that exist already in the output directory.
    #[arg(long)]
    pub(crate) force: bool,
    /// Print the `.jx` texts on stdout and write nothing (the report goes to stderr).
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Import a form whose indicator table could not be read (exit 0; the report says so).
    #[arg(long)]
    pub(crate) allow_partial: bool,
    /// Report format: text lines or JSON.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub(crate) format: ReportFormat,
    /// Language of import's own messages and report: zh (default) or en.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub(crate) lang: LangArg,
}

/// `jixiao diff OLD NEW`.
#[derive(Debug, clap::Args)]
pub(crate) struct DiffArgs {
    /// The old file or directory (e.g. last year's).
    pub(crate) old: PathBuf,
    /// The new file or directory.
    pub(crate) new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub(crate) format: DiffFormat,
    /// When to colour the text diff and the diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
    /// Profile for forms that name none (default: the workspace's `jixiao.toml`, else
    /// central-2020).
    #[arg(long)]
    pub(crate) profile: Option<String>,
    /// Language of diff's own messages and of the diagnostics it prints: zh (default) or en.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub(crate) lang: LangArg,
    /// Run as git's external diff driver (docs/GIT.md): git passes
    /// `PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE`.
    #[arg(long, hide = true)]
    pub(crate) git_external: bool,
    /// The rest of git's arguments (with `--git-external`).
    #[arg(hide = true)]
    pub(crate) git_arguments: Vec<PathBuf>,
}

/// How much a command prints, and in which colours.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ReportArgs {
    /// When to colour what goes to the terminal (`auto`: on a terminal, unless `NO_COLOR`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
    /// Print only the summary line (`check`: nothing at all when clean).
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set to a non-empty value.
    Auto,
    /// Always (for a pager that shows colours).
    Always,
    /// Never.
    Never,
}

/// How human diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MessageFormat {
    /// Annotated source, like rustc.
    Full,
    /// One line each: `file:line:col: warning[W0403]: message`.
    Short,
}

/// How `check` and `build` run: threads and timing.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct RunArgs {
    /// Files compiled in parallel (default: one per core, or `RAYON_NUM_THREADS`; at most 256).
    #[arg(short, long, value_name = "N")]
    pub(crate) jobs: Option<usize>,
    /// Print the elapsed time in the summary even when stderr is not a terminal.
    #[arg(long)]
    pub(crate) timings: bool,
}

/// Options shared by `check` and `build`: how forms are compiled.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct CompileArgs {
    /// Profile for forms that name none (default: the workspace's `jixiao.toml`, else
    /// central-2020).
    #[arg(long)]
    pub(crate) profile: Option<String>,
    /// Language of the diagnostics: zh (default) or en.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub(crate) lang: LangArg,
    /// Also report the judgement heuristics (W06xx: inflated scores, satisfaction without a
    /// survey figure, adjusted level-1 weights).
    #[arg(long)]
    pub(crate) strict: bool,
}

/// A language on the command line (`--lang zh|en`), mapped onto [`jixiao::Lang`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    /// Chinese: the canonical keywords and the default messages.
    Zh,
    /// English: keyword aliases and translated messages.
    En,
}

impl From<LangArg> for jixiao::Lang {
    fn from(lang: LangArg) -> jixiao::Lang {
        match lang {
            LangArg::Zh => jixiao::Lang::Zh,
            LangArg::En => jixiao::Lang::En,
        }
    }
}

/// How `check` prints diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiagnosticFormat {
    /// Annotated source, like rustc.
    Human,
    /// One JSON document (`jixiao-check/1`): every file's diagnostics.
    Json,
    /// One JSON record per line, per diagnostic (for runs over tens of thousands of files).
    Ndjson,
}

/// What `build` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// `NAME.json`, the `jixiao/2` document.
    Json,
    /// `NAME.html`, the disclosure page, plus `index.html` listing every form.
    Html,
    /// Both `NAME.json` and `NAME.html`, plus `index.html`.
    Both,
}

impl OutputFormat {
    /// The file extensions written per form.
    pub(crate) fn extensions(self) -> &'static [&'static str] {
        match self {
            OutputFormat::Json => &["json"],
            OutputFormat::Html => &["html"],
            OutputFormat::Both => &["json", "html"],
        }
    }
}

/// Who `build`'s HTML pages are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AudienceArg {
    /// The disclosure: the form as filed, no check results.
    Public,
    /// The bureau's review page: computed beside declared, findings in plain language.
    Review,
}

impl From<AudienceArg> for jixiao::Audience {
    fn from(audience: AudienceArg) -> Self {
        match audience {
            AudienceArg::Public => jixiao::Audience::Public,
            AudienceArg::Review => jixiao::Audience::Review,
        }
    }
}

/// How `import` reports what it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// Text lines (`input: N 张表`, then each form's lines).
    Text,
    /// One JSON document: per input, the forms with their evidence and unmapped cells.
    Json,
}

/// Output format of `jixiao diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Aligned text; coloured on a terminal unless `NO_COLOR` is set.
    Text,
    /// The `jixiao-diff/1` document (docs/DIFF.md).
    Json,
    /// A self-contained side-by-side HTML page.
    Html,
}
