//! The command line's own messages in the user's language: `--help` and usage errors.
//!
//! clap writes help and errors in English. The language is known before parsing only from the
//! arguments themselves, so they are scanned for `--lang en` first ([`lang_of`]); Chinese is the
//! default, as for every other message. Under Chinese the clap command gets Chinese texts (one
//! table, [`zh_about`] and [`zh_help`]), a help template with Chinese headings
//! (用法/命令/参数/选项), and its errors are formatted here from their kind and context
//! ([`zh_error`]). Under English clap's own texts are kept. Exit codes are clap's: 0 for help
//! and version, 2 for a usage error (docs/CLI.md).

use super::args::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory, FromArgMatches};
use jixiao::Lang;
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// The help page layout under Chinese: clap's default with the usage heading translated.
const ZH_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法: {usage}\n\n{all-args}{after-help}";

/// The message language chosen on the command line: English when some argument is
/// `--lang en` or `--lang=en` (any command that takes `--lang`), else Chinese.
pub(crate) fn lang_of(arguments: &[OsString]) -> Lang {
    let english = arguments.iter().enumerate().any(|(index, argument)| {
        argument == "--lang=en"
            || (argument == "--lang" && arguments.get(index + 1).is_some_and(|next| next == "en"))
    });
    if english {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// Parses the command line; on `--help`, `--version` or a usage error prints what clap would,
/// in the language of [`lang_of`], and returns the exit code instead.
pub(crate) fn parse(arguments: Vec<OsString>) -> Result<Cli, ExitCode> {
    let lang = lang_of(&arguments);
    super::exit::set_run_lang(lang);
    let parsed = command(lang)
        .try_get_matches_from(arguments)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    parsed.map_err(|error| report(&error, lang))
}

/// The clap command in `lang`: clap's own under English, the translated one under Chinese.
pub(crate) fn command(lang: Lang) -> Command {
    let mut command = Cli::command();
    if lang == Lang::En {
        return command;
    }
    // Built first, so that the arguments and subcommand clap adds itself (`--help`,
    // `--version`, `help`) exist and are translated with the others.
    command.build();
    localise(command, "")
}

/// Translates `command` (named `path`: `""` for the top level, else the subcommand's name).
fn localise(command: Command, path: &str) -> Command {
    let mut command = command
        .help_template(ZH_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    if let Some(about) = zh_about(path) {
        command = command.about(about).long_about(None);
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .collect();
    for id in ids {
        command = command.mut_arg(id.as_str(), |arg| localise_arg(arg, path));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name.as_str(), |sub| localise(sub, &name));
    }
    command
}

/// Translates one argument: its help, its value name, and the default and possible values,
/// which clap would print as `[default: …]` and `[possible values: …]`.
fn localise_arg(arg: Arg, command: &str) -> Arg {
    let id = arg.get_id().to_string();
    let mut help = zh_help(command, &id).unwrap_or_default().to_string();
    if arg.get_action().takes_values() {
        let possible: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|value| !value.is_hide_set())
            .map(|value| value.get_name().to_string())
            .collect();
        let default: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|value| value.to_string_lossy().into_owned())
            .collect();
        let mut extra = Vec::new();
        if !default.is_empty() {
            extra.push(format!("默认 {}", default.join(" ")));
        }
        if !possible.is_empty() {
            extra.push(format!("可选 {}", possible.join("、")));
        }
        if !extra.is_empty() {
            help.push_str(&format!("［{}］", extra.join("；")));
        }
    }
    let heading = if arg.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let mut arg = arg
        .help(help)
        .long_help(None)
        .hide_default_value(true)
        .hide_possible_values(true)
        .help_heading(heading);
    if let Some(name) = zh_value_name(&id) {
        arg = arg.value_name(name);
    }
    arg
}

/// The Chinese one-line description of a command (`""`: the program).
fn zh_about(command: &str) -> Option<&'static str> {
    Some(match command {
        "" => "jixiao（绩效）：检查、计分、发布预算绩效自评表（.jx 文件）",
        "check" => "检查文件或目录中的表单并计分，列出全部问题",
        "build" => "检查并为每张表单写出 JSON 和 HTML 页面",
        "explain" => "显示诊断代码的详细说明（如 `jixiao explain W0302`）",
        "new" => "写出一张带说明的新表单（`jixiao new 项目 -o 项目.jx`）",
        "fmt" => "把文件整理成标准格式，保留全部注释",
        "import" => "把已填报的表单（.docx、.xlsx、网页 .html 或每格一行的文本）导入为 .jx 文件",
        "diff" => "比较两次自评（两个文件或两个目录）：相同退出码 0，不同退出码 1",
        "lsp" => "为编辑器运行语言服务（docs/EDITORS.zh.md）",
        "serve" => "在本机预览全部表单页面，文件一改就重新生成",
        "help" => "显示本说明，或某个命令的说明",
        _ => return None,
    })
}

/// The Chinese help of argument `id` of `command`: first what is particular to the command,
/// then what every command that has the argument shares.
fn zh_help(command: &str, id: &str) -> Option<&'static str> {
    let particular = match (command, id) {
        ("", "command") => Some("要执行的命令"),
        ("check", "paths") => Some(
            "要检查的 .jx 文件或目录（目录中递归查找 *.jx，跳过隐藏文件和 git 忽略的文件）；`-` 读标准输入；不写即当前目录",
        ),
        ("check", "format") => Some("诊断的输出格式：human 便于阅读，json 一个文档，ndjson 每行一条"),
        ("check", "stdin_filename") => Some("标准输入（`-`）所代表的文件名：用于提示信息和查找 jixiao.toml"),
        ("check" | "build", "deny_warnings") => Some("有警告也算失败（退出码 1）"),
        ("build", "paths") => Some("要生成的 .jx 文件或目录；不写即当前目录"),
        ("build", "output") => Some("输出目录（不存在时自动创建）"),
        ("build", "format") => Some("写出什么：json、html，或两者都写（both）"),
        ("build", "audience") => Some(
            "页面给谁看：public 公开页面（按填报原样），review 审核页面（申报值与计算值并列，标出不一致处）",
        ),
        ("build", "positions") => Some("审核页面：每条问题后注明它在 .jx 文件中的行和列"),
        ("build", "pretty") => Some("JSON 文件按层次缩进，便于人阅读（默认写成紧凑的一行）"),
        ("build", "template") => Some(
            "自定义模板：一个 Tera 模板目录（按名称覆盖内置模板），或一个模板文件（每张表单生成一个文件）",
        ),
        ("explain", "code") => Some("诊断代码，如 W0302；不写则列出全部代码"),
        ("explain", "lang") => Some("说明的语言：zh 中文（默认）或 en 英文"),
        ("new", "kind") => Some("表单种类：项目（project）或 部门整体（department）；不写即项目"),
        ("new", "project") => Some("项目支出绩效自评表（同 `jixiao new 项目`）"),
        ("new", "department") => Some("部门整体支出绩效自评表（同 `jixiao new 部门整体`）"),
        ("new", "name") => Some("项目或部门的名称"),
        ("new", "year") => Some("预算年度，如 2024"),
        ("new", "output") => Some("写入这个文件，而不是显示在屏幕上"),
        ("new", "force") => Some("文件已存在时覆盖它"),
        ("new", "lang") => Some("表单中说明文字的语言：zh 中文（默认）或 en 英文"),
        ("fmt", "paths") => Some(
            "要整理的 .jx 文件或目录（目录中递归查找 *.jx）；`-` 把标准输入整理后写到标准输出；不写即当前目录",
        ),
        ("fmt", "check") => Some("不改文件；文件不是标准格式时显示差异并以退出码 1 结束（用于 CI）"),
        ("fmt", "stdin_filename") => Some("标准输入（`-`）所代表的文件名，用于提示信息"),
        ("fmt", "lang") => Some(
            "关键字的语言，也是 fmt 提示信息的语言（默认：关键字按文件中多数关键字的语言，提示用中文）",
        ),
        ("import", "paths") => Some("已填报的表单：.docx、.xlsx/.xls、网页（.html），或文本"),
        ("import", "output") => Some("输出目录（不存在时自动创建）"),
        ("import", "year") => Some("表上没有写年度时使用的预算年度（表上写的年度优先）"),
        ("import", "force") => Some("覆盖输出目录中已有的 .jx 文件"),
        ("import", "dry_run") => Some("把 .jx 文本显示在标准输出，不写任何文件（报告写到标准错误）"),
        ("import", "allow_partial") => Some("指标表读不出来的表单也导入（退出码 0，报告中会说明）"),
        ("import", "format") => Some("报告格式：text 文本或 json"),
        ("import", "lang") => Some("import 提示信息和报告的语言：zh 中文（默认）或 en 英文"),
        ("diff", "old") => Some("旧的文件或目录（如上一年的）"),
        ("diff", "new") => Some("新的文件或目录"),
        ("diff", "format") => Some("输出格式：text 文本、json 或 html 并排页面"),
        ("diff", "color") => Some("何时给文本差异和诊断着色"),
        ("diff", "lang") => Some("diff 提示信息和诊断的语言：zh 中文（默认）或 en 英文"),
        ("diff", "git_external") => Some("作为 git 的外部比较程序运行（docs/GIT.md）"),
        ("diff", "git_arguments") => Some("git 传来的其余参数（与 `--git-external` 一起使用）"),
        ("serve", "directory") => Some("工作目录（默认当前目录）"),
        ("serve", "port") => Some("监听端口（0：任意空闲端口，地址显示在标准输出）"),
        ("serve", "host") => Some("监听地址；不是本机回环地址时需要 `--allow-remote`"),
        ("serve", "allow_remote") => Some("允许 `--host` 使用其他电脑能访问的地址"),
        ("serve", "lang") => Some("页面中诊断的语言：zh 中文（默认）或 en 英文"),
        ("serve", "audience") => Some(
            "表单页面的种类：review 审核页面（申报值与计算值并列，标出不一致处）或 public 公开页面",
        ),
        ("help", "subcommand") => Some("要查看说明的命令"),
        _ => None,
    };
    particular.or(match id {
        "help" => Some("显示帮助"),
        "version" => Some("显示版本"),
        "message_format" => Some("诊断的显示方式：full 带源文本标注，short 每条一行（`文件:行:列: warning[W0403]: 说明`）"),
        "color" => Some("何时着色（auto：在终端上且未设置 NO_COLOR 时）"),
        "quiet" => Some("只显示汇总行（check：没有问题时什么都不显示）"),
        "ascii" => Some("只用 ASCII 字符画标注框"),
        "jobs" => Some("并行处理的文件数（默认：每个 CPU 核一个，或 RAYON_NUM_THREADS；最多 256）"),
        "timings" => Some("即使标准错误不是终端，也在汇总行显示用时"),
        "profile" => Some("评分规则，用于没有写明规则的表单（默认：工作目录的 jixiao.toml，否则 central-2020）"),
        "lang" => Some("诊断的语言：zh 中文（默认）或 en 英文"),
        "strict" => Some("同时报告判断性提示（W06xx：分数偏高、满意度没有调查数据、一级指标分值调整）"),
        _ => None,
    })
}

/// Chinese placeholders for the values of arguments shown in usage lines (`<路径>` rather
/// than `<PATHS>`).
fn zh_value_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "paths" => "路径",
        "output" => "输出",
        "code" => "代码",
        "kind" => "种类",
        "name" => "名称",
        "year" => "年度",
        "old" => "旧",
        "new" => "新",
        "directory" => "目录",
        "stdin_filename" => "文件名",
        "template" => "模板",
        "jobs" => "个数",
        "profile" => "规则",
        "port" => "端口",
        "host" => "地址",
        "format" => "格式",
        "message_format" => "方式",
        "color" => "何时",
        "audience" => "对象",
        "lang" => "语言",
        _ => return None,
    })
}

/// Prints a clap outcome that is not a parse (help, version, usage error) in `lang` and returns
/// its exit code.
fn report(error: &clap::Error, lang: Lang) -> ExitCode {
    let page = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    let text = if page || lang == Lang::En {
        zh_page(&error.render().to_string(), lang)
    } else {
        zh_error(error)
    };
    let _ = if error.use_stderr() {
        std::io::stderr().lock().write_all(text.as_bytes())
    } else {
        std::io::stdout().lock().write_all(text.as_bytes())
    };
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(super::exit::USAGE))
}

/// A page clap rendered (help, version), with what clap's renderer writes itself in English
/// translated under Chinese.
fn zh_page(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Zh => text.replace("[OPTIONS]", "[选项]"),
    }
}

/// A usage error in Chinese, from its kind and context: what is wrong, a suggestion if clap
/// has one, the usage line and where to read more.
pub(crate) fn zh_error(error: &clap::Error) -> String {
    let get = |kind: ContextKind| error.get(kind).map(context_text);
    let invalid = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut message = match error.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "没有 `{}` 这个命令",
            get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("不认识的参数 `{invalid}`"),
        ErrorKind::InvalidValue if value.is_empty() => format!("`{invalid}` 缺少值"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("`{invalid}` 的值 `{value}` 无效")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{invalid}"),
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            Some(prior) => format!("`{invalid}` 不能与 `{prior}` 同时使用"),
            None => format!("`{invalid}` 不能与其他参数同时使用"),
        },
        ErrorKind::NoEquals => format!("`{invalid}` 的值要用 `=` 连接，如 `{invalid}=值`"),
        ErrorKind::TooManyValues => format!("多余的值 `{value}`（`{invalid}`）"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("`{invalid}` 的值的个数不对")
        }
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    message.insert_str(0, "错误: ");
    message.push('\n');
    let mut tips = Vec::new();
    if let Some(valid) = get(ContextKind::ValidValue) {
        tips.push(format!("可选的值：{valid}"));
    }
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        if let Some(suggested) = get(kind) {
            tips.push(format!("是不是要用 `{suggested}`？"));
        }
    }
    if let Some(trailing) = get(ContextKind::TrailingArg) {
        tips.push(format!("要把 `{trailing}` 当作值，请写成 `-- {trailing}`"));
    }
    for tip in tips {
        message.push_str(&format!("\n  提示: {tip}\n"));
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        message.push_str(&format!("\n用法: {}\n", zh_page(usage, Lang::Zh)));
    }
    message.push_str("\n查看说明：在命令后加 `--help`。\n");
    message
}

/// A context value as text: lists joined with `、`, quoted in clap's style without quotes.
fn context_text(value: &ContextValue) -> String {
    match value {
        ContextValue::Strings(values) => values.join("、"),
        ContextValue::String(value) => value.clone(),
        ContextValue::StyledStr(value) => value.to_string(),
        ContextValue::StyledStrs(values) => values
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        ContextValue::Number(number) => number.to_string(),
        ContextValue::Bool(value) => value.to_string(),
        ContextValue::None => String::new(),
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arguments(text: &str) -> Vec<OsString> {
        text.split_whitespace().map(OsString::from).collect()
    }

    /// A new argument without a Chinese help would show an empty line under Chinese `--help`.
    #[test]
    fn every_argument_and_command_has_a_chinese_text() {
        fn walk(command: &Command, path: &str) {
            assert!(zh_about(path).is_some(), "no Chinese about for `{path}`");
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(
                    zh_help(path, id).is_some(),
                    "no Chinese help for `{id}` of `{path}`"
                );
            }
            for sub in command.get_subcommands() {
                walk(sub, sub.get_name());
            }
        }
        let mut command = Cli::command();
        command.build();
        walk(&command, "");
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        assert_eq!(lang_of(&arguments("jixiao check --lang en x.jx")), Lang::En);
        assert_eq!(
            lang_of(&arguments("jixiao explain W0302 --lang=en")),
            Lang::En
        );
        assert_eq!(lang_of(&arguments("jixiao check --lang zh")), Lang::Zh);
        assert_eq!(lang_of(&arguments("jixiao chek")), Lang::Zh);
    }

    #[test]
    fn a_mistyped_command_is_a_chinese_error_with_the_suggestion() {
        let error = command(Lang::Zh)
            .try_get_matches_from(arguments("jixiao chek"))
            .expect_err("chek is no command");
        let text = zh_error(&error);
        assert!(text.starts_with("错误: 没有 `chek` 这个命令"), "{text}");
        assert!(text.contains("`check`"), "{text}");
        assert!(!text.contains("error"), "{text}");
    }

    #[test]
    fn a_bad_value_names_the_argument_and_the_choices() {
        let error = command(Lang::Zh)
            .try_get_matches_from(arguments("jixiao check --format xml"))
            .expect_err("xml is no format");
        let text = zh_error(&error);
        assert!(text.contains("`--format <格式>` 的值 `xml` 无效"), "{text}");
        assert!(text.contains("human"), "{text}");
    }
}
