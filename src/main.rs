//! The `jixiao` binary: parses arguments and hands over to the command line in [`cli`].

mod cli;

fn main() -> std::process::ExitCode {
    match cli::usage::parse(std::env::args_os().collect()) {
        Ok(cli) => cli::run(cli),
        Err(code) => code,
    }
}
