//! `jixiao explain [CODE]`: the catalogue entry of a diagnostic code, or the list of codes.

use super::args::ExplainArgs;
use super::exit::{print_out, usage_error};
use jixiao::{Code, Lang};
use std::process::ExitCode;

/// Runs `jixiao explain`.
pub(crate) fn run(args: &ExplainArgs) -> ExitCode {
    let lang: Lang = args.lang.into();
    let Some(text) = args.code.as_deref() else {
        let mut codes = Code::ALL.to_vec();
        codes.sort_by_key(|code| code.as_str());
        for code in codes {
            let title = match lang {
                Lang::Zh => code.title(),
                Lang::En => code.title_en(),
            };
            print_out(&format!("{code}  {title}\n"));
        }
        return ExitCode::SUCCESS;
    };
    match Code::parse(text) {
        Some(code) => {
            print_out(&match lang {
                Lang::Zh => format!(
                    "{code}：{}\n\n{}\n\n依据：{}\n",
                    code.title(),
                    code.explanation_zh(),
                    code.source()
                ),
                Lang::En => format!(
                    "{code}: {}\n\n{}\n\nHow to fix: {}\nSource: {}\n",
                    code.title_en(),
                    code.explanation(),
                    code.help_en(),
                    code.source_en(),
                ),
            });
            ExitCode::SUCCESS
        }
        None => usage_error(
            &match lang {
                Lang::Zh => format!("没有诊断代码 `{text}`；`jixiao explain` 列出全部代码"),
                Lang::En => {
                    format!("no diagnostic code `{text}`; `jixiao explain` lists every code")
                }
            },
            lang,
        ),
    }
}
