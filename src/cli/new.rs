//! `jixiao new --project|--department`: a commented template of a new form on stdout.

use super::args::NewArgs;
use super::exit::print_out;
use jixiao::model::FormKind;
use std::process::ExitCode;

/// Runs `jixiao new`.
pub(crate) fn run(args: &NewArgs) -> ExitCode {
    let kind = if args.department {
        FormKind::Department
    } else {
        FormKind::Project
    };
    print_out(jixiao::form_template(kind));
    ExitCode::SUCCESS
}
