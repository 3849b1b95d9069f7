//! The command line of the `jixiao` binary: the library knows none of it.
//!
//! - [`args`]: the grammar of the command line (clap); each command takes its args struct whole.
//! - [`workspace`]: the front half shared by every command that compiles forms: discovery of
//!   `.jx` files, reading them, the workspace `jixiao.toml`, the profile, the thread pool.
//! - [`exit`]: exit codes and error printing, in one place.
//! - [`usage`]: `--help` and usage errors in the user's language.
//! - [`write`]: atomic writes into an output directory and the interrupt flag.
//! - one module per command: [`check`], [`build`], [`fmt`], [`diff`], [`import`], [`explain`],
//!   [`new`], [`lsp`], [`serve`].
//!
//! Architecture invariant: no rule, formula or recogniser lives here; a command reads its
//! inputs, calls the library and prints or writes what it returns.

/// `eprintln!` that never panics: a closed stderr (`jixiao check … 2>&1 | head -1`) ends nothing
/// but the message; the run goes on to its usual exit code.
macro_rules! say {
    ($($argument:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($argument)*);
    }};
}

pub(crate) mod args;
mod build;
mod build_cache;
mod check;
mod diff;
mod exit;
mod explain;
mod fmt;
mod import;
mod lsp;
mod new;
mod serve;
pub(crate) mod usage;
mod workspace;
mod write;

use args::{Cli, Command};
use std::process::ExitCode;

/// Runs the command line and returns the process exit code.
pub(crate) fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::New(args) => new::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Lsp => lsp::run(),
        Command::Serve(args) => serve::run(&args),
    }
}
