//! The `jixiao` binary: parses arguments and hands over to the command line in [`cli`].

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::run(cli::args::Cli::parse())
}
