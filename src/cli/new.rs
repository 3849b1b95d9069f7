//! `jixiao new [项目|部门整体] [--name NAME] [--year YEAR] [-o FILE]`: a commented new form, on
//! stdout or into a file that is never overwritten unless `--force`.

use super::args::{FormKindArg, NewArgs};
use super::exit::{self, io_message, print_error, print_out};
use jixiao::model::FormKind;
use jixiao::Lang;
use std::io::Write;
use std::process::ExitCode;

/// Runs `jixiao new`.
pub(crate) fn run(args: &NewArgs) -> ExitCode {
    let lang: Lang = args.lang.into();
    let kind = match (args.kind, args.department) {
        (Some(FormKindArg::Department), _) | (None, true) => FormKind::Department,
        _ => FormKind::Project,
    };
    let text = jixiao::form_template(kind, lang, args.name.as_deref(), args.year);
    let Some(path) = &args.output else {
        print_out(&text);
        return ExitCode::SUCCESS;
    };
    // `create_new` refuses an existing file in the same system call that creates it: nothing
    // the user wrote is lost to a race between a check and the write.
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if args.force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let written = options
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()));
    match written {
        Ok(()) => {
            say!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "已写入 {}；填好后用 `jixiao check {}` 检查",
                        path.display(),
                        path.display()
                    ),
                    Lang::En => format!(
                        "wrote {}; check it with `jixiao check {}` once filled in",
                        path.display(),
                        path.display()
                    ),
                }
            );
            ExitCode::SUCCESS
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            print_error(
                &match lang {
                    Lang::Zh => {
                        format!("{} 已存在，没有覆盖；要覆盖请加 `--force`", path.display())
                    }
                    Lang::En => format!(
                        "{} exists and was left as it is; add `--force` to overwrite it",
                        path.display()
                    ),
                },
                lang,
            );
            ExitCode::from(exit::FAILURE)
        }
        Err(error) => {
            print_error(
                &format!("{}: {}", path.display(), io_message(&error, lang)),
                lang,
            );
            ExitCode::from(exit::USAGE)
        }
    }
}
