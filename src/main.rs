//! The `jixiao` binary: parses arguments and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    jixiao::cli::run(jixiao::cli::Cli::parse())
}
