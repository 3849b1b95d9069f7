//! The diagnostic catalogue: every code jixiao can report, in one table.
//!
//! Each entry gives the stable code, the default severity, a short title, the default help line,
//! the rule's source and a long explanation (for `jixiao explain`). Nothing else in the crate
//! holds this text. Codes never change meaning once published; retired codes are not reused.
//!
//! Numbering: `E00xx` syntax, `W00xx` syntax and encoding warnings, `E01xx` structure and values; `W02xx` weights, `W03xx` budget and
//! execution rate, `W04xx` declared scores and totals, `W05xx` deviation and units; `W06xx`
//! judgement heuristics, reported only under `--strict` ([`Code::is_strict_only`]).

use super::Severity;
use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $code:literal, $severity:ident, $title:literal,
            title_en: $title_en:literal,
            help: $help:literal,
            help_en: $help_en:literal,
            source: $source:literal,
            source_en: $source_en:literal,
            explain: $explain:literal,
            explain_zh: $explain_zh:literal;
    )*) => {
        /// A stable diagnostic code (`E…` error, `W…` warning).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed, e.g. `"W0301"`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The default severity (a profile may raise a warning to an error).
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// A short title in Chinese, e.g. `"执行率与数据不符"`.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }

            /// The default help line: how to fix it.
            pub fn help(self) -> &'static str {
                match self { $(Code::$variant => $help,)* }
            }

            /// The short title in English.
            pub fn title_en(self) -> &'static str {
                match self { $(Code::$variant => $title_en,)* }
            }

            /// The default help line in English.
            pub fn help_en(self) -> &'static str {
                match self { $(Code::$variant => $help_en,)* }
            }

            /// Where the rule comes from (document and article, or "jixiao language").
            pub fn source(self) -> &'static str {
                match self { $(Code::$variant => $source,)* }
            }

            /// The rule's source in English (legal titles such as 财预〔2020〕10号 kept as cited).
            pub fn source_en(self) -> &'static str {
                match self { $(Code::$variant => $source_en,)* }
            }

            /// The rule's source in `lang`.
            pub fn source_in(self, lang: crate::lang::Lang) -> &'static str {
                match lang {
                    crate::lang::Lang::Zh => self.source(),
                    crate::lang::Lang::En => self.source_en(),
                }
            }

            /// The long explanation in English (`jixiao explain --lang en`, docs/DIAGNOSTICS.md):
            /// what it flags, why it matters, how to fix it, with an example.
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $explain,)* }
            }

            /// The long explanation in Chinese, printed by `jixiao explain`: 会报告什么 /
            /// 为什么要紧 / 怎样改, with an example.
            pub fn explanation_zh(self) -> &'static str {
                match self { $(Code::$variant => $explain_zh,)* }
            }

            /// Whether the code is a judgement heuristic that only `--strict` reports (`W06xx`).
            pub fn is_strict_only(self) -> bool {
                self.as_str().starts_with("W06")
            }

            /// Looks a code up by its printed form, case-insensitively.
            pub fn parse(text: &str) -> Option<Code> {
                let upper = text.trim().to_ascii_uppercase();
                Code::ALL.iter().copied().find(|code| code.as_str() == upper)
            }
        }
    };
}

catalogue! {
    /// A line that fits no statement of the language.
    Syntax = "E0001", Error, "无法识别的语句",
        title_en: "unreadable line",
        help: "每行应是一个字段（如 `主管部门 \"…\"`）、一个指标（`\"名称\" 目标 … 实际 … 分值 …`）或一个块（`产出指标 { … }`）",
        help_en: "each line is a field (`主管部门 \"…\"`), an indicator (`\"name\" 目标 … 实际 … 分值 …`) or a block (`产出指标 { … }`)",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: a line the parser cannot read as a field, an indicator or a block.\n\nWhy it matters: the form cannot be evaluated faithfully while part of it is unreadable.\n\nExample:\n    \"开展人代会次数\" 目标 2次 实祭 2次 分值 10\n\nWrite instead:\n    \"开展人代会次数\" 目标 2次 实际 2次 分值 10",
        explain_zh: "会报告什么：解析器读不懂的一行：它既不是字段，也不是指标，也不是块。\n\n为什么要紧：表中有一部分读不出来，整张表就无法如实计算。\n\n示例：\n    \"开展人代会次数\" 目标 2次 实祭 2次 分值 10\n\n怎样改：\n    \"开展人代会次数\" 目标 2次 实际 2次 分值 10";
    /// A `{` that is never closed.
    UnclosedBlock = "E0002", Error, "块未闭合",
        title_en: "unclosed block",
        help: "在块的末尾加上 `}`",
        help_en: "close the block with `}`",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: a block opened with `{` that has no matching `}`.\n\nExample:\n    产出指标 {\n        数量指标 {\n            \"开展人代会次数\" 目标 2次 实际 2次 分值 10\n    }\n\nWrite instead: close every block, one `}` per `{`.",
        explain_zh: "会报告什么：用 `{` 打开、却没有对应 `}` 的块。\n\n为什么要紧：块没有闭合，后面的内容归属不清，整张表无法读完。\n\n示例：\n    产出指标 {\n        数量指标 {\n            \"开展人代会次数\" 目标 2次 实际 2次 分值 10\n    }\n\n怎样改：每个 `{` 配一个 `}`，补上缺少的右花括号。";
    /// A `}` with nothing to close.
    UnmatchedClose = "E0003", Error, "多余的右花括号",
        title_en: "unmatched closing brace",
        help: "删除这个 `}`，或在前面补上对应的 `{`",
        help_en: "remove this `}` or add the `{` it closes",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: a closing brace `}` that closes no block.\n\nWrite instead: remove it, or open the block it was meant to close.",
        explain_zh: "会报告什么：一个没有块可关闭的右花括号 `}`。\n\n为什么要紧：多出的 `}` 往往说明前面少了一个 `{` 或多删了一行，表的结构已经乱了。\n\n怎样改：删掉这个 `}`，或补上它本来要关闭的那个块的开头。";
    /// A string whose closing quote is missing.
    UnclosedString = "E0004", Error, "引号未闭合",
        title_en: "unclosed string",
        help: "在文字末尾补上引号；多行文字用 `\"\"\"` 开始并以 `\"\"\"` 结束",
        help_en: "close the text with its quote; multi-line text starts and ends with `\"\"\"`",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: a string opened with `\"`, `“` or `\"\"\"` and never closed.\n\nExample:\n    预期目标 \"\"\"\n        深入践行……\n\nWrite instead: end the text with `\"\"\"` on its own line.",
        explain_zh: "会报告什么：用 `\"`、`“` 或 `\"\"\"` 开始、却没有结束的文字。\n\n为什么要紧：引号不闭合，后面的内容都会被当成这段文字，表无法读完。\n\n示例：\n    预期目标 \"\"\"\n        深入践行……\n\n怎样改：多行文字在单独一行用 `\"\"\"` 结束；单行文字在末尾补上引号。";
    /// Blocks nested deeper than the language allows.
    NestingTooDeep = "E0005", Error, "嵌套过深",
        title_en: "nesting too deep",
        help: "表单最多到父行一层：表单 → 一级指标 → 二级指标 → 父行（如“一、示范区建立”）→ 指标",
        help_en: "a form nests at most down to a parent row: form → level-1 → level-2 → parent row (`一、示范区建立`) → indicator",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: blocks nested more deeply than a form can be (form, level-1, level-2, a parent row that groups indicators, indicator), or so deeply that the parser stops.\n\nWhy it matters: it is always a mistake (usually missing `}`), and unbounded nesting could exhaust the stack.",
        explain_zh: "会报告什么：块嵌套得比表单允许的更深（表单 → 一级指标 → 二级指标 → 父行 → 指标），或深到解析器停止。\n\n为什么要紧：这一定是写错了（通常是少了 `}`）；不加限制的嵌套还会耗尽程序的栈。\n\n怎样改：检查每个块的 `}` 是否齐全，指标最多放在父行（如“一、示范区建立”）之下。";
    /// An input larger than a documented limit (file size, line length, forms, indicators).
    LimitExceeded = "E0006", Error, "输入超出限制",
        title_en: "input over a limit",
        help: "把文件拆成几个较小的文件；各项限制见 docs/LANGUAGE.md §3.1",
        help_en: "split the file into smaller files; the limits are listed in docs/LANGUAGE.md §3.1",
        source: "jixiao 语言（docs/LANGUAGE.md §3.1）",
        source_en: "the jixiao language (docs/LANGUAGE.md §3.1)",
        explain: "What it flags: a file larger than 64 MiB, a line longer than 1 MiB, more than 10,000 forms in one file, or more than 10,000 indicators in one form.\n\nWhy it matters: no real form comes near these limits; a file that does is a mistake or an attack, and reading it whole would take unbounded time and memory. A file over the size or line limit is not read at all; forms or indicators past their limit are left out, and the file gets no output.\n\nWrite instead: split the file (one file per form, or per department).",
        explain_zh: "会报告什么：超过 64 MiB 的文件、超过 1 MiB 的一行、一个文件中超过 10,000 张表，或一张表中超过 10,000 个指标。\n\n为什么要紧：真实的表远远达不到这些限制；达到了，要么是出错，要么是恶意文件，整读会耗费无限的时间和内存。超过文件或行限制的文件不读；超出数量限制的表或指标不计入，文件不生成输出。\n\n怎样改：把文件拆开（每张表一个文件，或每个部门一个文件）。";
    /// A file that exists but cannot be read or decoded as text.
    UnreadableFile = "E0007", Error, "文件无法读取",
        title_en: "file cannot be read",
        help: "把文件另存为 UTF-8 编码的文本（记事本：另存为 → 编码 UTF-8），或检查文件权限",
        help_en: "save the file as UTF-8 text, or check its permissions",
        source: "jixiao 语言（docs/LANGUAGE.md §3）",
        source_en: "the jixiao language (docs/LANGUAGE.md §3)",
        explain: "What it flags: a `.jx` file that exists but could not be read (no permission, an I/O error) or is text in none of UTF-8, UTF-16 and GBK (random bytes, a Word file renamed to .jx). A GBK or UTF-16 file is read, with a warning (W0001).\n\nWhy it matters: its forms are not checked at all; a CI run must not pass silently because a file could not be read.\n\nWrite instead: save the file as UTF-8 text (Word and Excel files are converted with `jixiao import`).",
        explain_zh: "会报告什么：一个存在却读不了的 `.jx` 文件：没有权限、读写出错，或者既不是 UTF-8、UTF-16，也不是 GBK 文本（乱码、改了扩展名的 Word 文件）。GBK 或 UTF-16 文件照常读取，只给一条警告（W0001）。\n\n为什么要紧：这个文件中的表完全没有检查；不能因为读不了文件就让检查悄悄通过。\n\n怎样改：把文件另存为 UTF-8 文本（记事本：另存为 → 编码选 UTF-8）；Word 和 Excel 文件用 `jixiao import` 转换。";
    /// A character in a number that could be read two ways (a full-width comma between digits
    /// where it may separate two cells or group thousands).
    AmbiguousCharacter = "E0008", Error, "数字中的字符有歧义",
        title_en: "ambiguous character in a number",
        help: "千位分隔写成半角逗号 `,` 或不写（`1234.5`）；分隔两个数用空格",
        help_en: "write thousands with an ASCII comma `,` or none (`1234.5`); separate two numbers with a space",
        source: "jixiao 语言（docs/LANGUAGE.md §3）",
        source_en: "the jixiao language (docs/LANGUAGE.md §3)",
        explain: "What it flags: a full-width comma `，` (as a Chinese IME types it) between digits, where the line could be read with it grouping thousands (`1，234.5` is 1234.5) or separating two cells (`165，155.41` is two amounts), and neither reading gives the number of values the line needs.\n\nWhy it matters: guessing would put a wrong amount into the form. Where only one reading fits (a fund row needs three amounts, an attribute one value) it is taken without a message.\n\nExample:\n    财政拨款 1，234.5 1，234.5\n\nWrite instead:\n    财政拨款 1234.5 1234.5 -",
        explain_zh: "会报告什么：数字中间的全角逗号 `，`，既可能是千位分隔（`1，234.5` 即 1234.5），也可能分隔两个数，而两种读法都不符合这一行应有的数的个数。\n\n为什么要紧：猜错就会把错误的金额写进表里；只有一种读法合适时（资金行三个数、属性一个值）会直接采用，不报告。\n\n怎样改：千位分隔写成 `,` 或不写，两个数之间用空格。";
    /// An amount written with a money unit other than its block's.
    AmountUnitMismatch = "E0009", Error, "金额单位与资金块不一致",
        title_en: "amount unit differs from the block's",
        help: "金额按资金块的单位填写（`资金 万元 {` 中写 `100` 或 `100万元`），或改资金块的单位",
        help_en: "write amounts in the block's unit (`100` or `100万元` inside `资金 万元 {`), or change the block's unit",
        source: "jixiao 语言（docs/LANGUAGE.md §4）",
        source_en: "the jixiao language (docs/LANGUAGE.md §4)",
        explain: "What it flags: an amount carrying a money unit (`元`, `万元`, `万`) that is not the unit of its block (`资金 万元 {`, `资金 元 {`).\n\nWhy it matters: jixiao does not convert between units inside a block: an amount of 1,000,000 元 read as 万元 would be ten thousand times too large. The unit of the block's own unit is accepted (`100万元` under `资金 万元`).\n\nExample:\n    资金 万元 {\n        财政拨款 100元 100元 90元\n\nWrite instead:\n    资金 元 {\n        财政拨款 100 100 90",
        explain_zh: "会报告什么：金额带的单位（元、万元、万）与资金块的单位不同。\n\n为什么要紧：jixiao 不在块内换算单位，以元计的金额按万元读会大一万倍。资金块自己的单位可以写（`资金 万元` 中的 `100万元`）。\n\n怎样改：按资金块的单位填写，或改资金块的单位。";
    /// A file that is not UTF-8 (GBK, UTF-16): read all the same.
    SourceEncoding = "W0001", Warning, "文件不是 UTF-8 编码",
        title_en: "file is not UTF-8",
        help: "运行 `jixiao fmt` 把文件改存为 UTF-8",
        help_en: "run `jixiao fmt` to save the file as UTF-8",
        source: "jixiao 语言（docs/LANGUAGE.md §3）",
        source_en: "the jixiao language (docs/LANGUAGE.md §3)",
        explain: "What it flags: a `.jx` file saved in GBK (Notepad's \"ANSI\" on Chinese Windows) or UTF-16 (Notepad's \"Unicode\", with or without a byte-order mark). The file is read and checked all the same; positions refer to its decoded text.\n\nWhy it matters: git, diff tools and other editors show such a file as garbage or as binary, and a GBK file cannot hold every character.\n\nWrite instead: run `jixiao fmt FILE`, which rewrites the file as UTF-8.",
        explain_zh: "会报告什么：以 GBK（记事本的“ANSI”）或 UTF-16（记事本的“Unicode”）保存的 .jx 文件；文件照常读取和检查，位置按解码后的文字计算。\n\n为什么要紧：git、比较工具和其他编辑器会把它显示成乱码或二进制文件。\n\n怎样改：运行 `jixiao fmt 文件`，改存为 UTF-8。";
    /// A zero-width, control or tab character inside a name or a text.
    InvisibleCharacter = "W0002", Warning, "名称或文字中有不可见字符",
        title_en: "invisible character in a name or text",
        help: "删除这个字符（`jixiao fmt` 会自动删除）",
        help_en: "remove the character (`jixiao fmt` removes it)",
        source: "jixiao 语言（docs/LANGUAGE.md §3）",
        source_en: "the jixiao language (docs/LANGUAGE.md §3)",
        explain: "What it flags: a zero-width character (U+200B–U+200D, U+2060, U+FEFF), a control character or a tab inside an indicator name, a category name or a quoted text, usually pasted from Word or a web page.\n\nWhy it matters: two names that look identical are then different: `diff` shows a removed and an added indicator, and duplicates are not found.\n\nWrite instead: the name without the character; `jixiao fmt` removes it.",
        explain_zh: "会报告什么：名称或文字中的零宽字符、控制字符或制表符，多来自 Word 或网页粘贴。\n\n为什么要紧：看起来相同的两个名称实际不同，比较时会出现一删一增。\n\n怎样改：删除这个字符；`jixiao fmt` 会自动删除。";
    /// A top-level block that is not a form, or a keyword that is not known where it stands.
    UnknownKeyword = "E0101", Error, "未知的关键字",
        title_en: "unknown keyword",
        help: "检查拼写；可用的关键字见 docs/LANGUAGE.md",
        help_en: "check the spelling; the keywords are listed in docs/LANGUAGE.md",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: a word in keyword position that the language does not know there, for example a misspelt indicator attribute or a form kind other than 项目/部门整体.\n\nExample:\n    部门整休 \"区人大常委会办公室\" 2021 {\n\nWrite instead:\n    部门整体 \"区人大常委会办公室\" 2021 {",
        explain_zh: "会报告什么：在关键字位置上出现了这里不认识的词，例如指标属性写错了字，或表单种类不是 项目/部门整体。\n\n为什么要紧：关键字认不出来，这一项的内容就不知道填在表的哪一栏。\n\n示例：\n    部门整休 \"区人大常委会办公室\" 2021 {\n\n怎样改：\n    部门整体 \"区人大常委会办公室\" 2021 {";
    /// A required field is missing.
    MissingField = "E0102", Error, "缺少必填项",
        title_en: "missing required field",
        help: "补上缺少的项",
        help_en: "add the missing field",
        source: "财预〔2020〕10号 附件1（项目支出绩效自评表）",
        source_en: "财预〔2020〕10号, annex 1 (the project self-evaluation form)",
        explain: "What it flags: a form without a name, year, budget or indicators, or an indicator without a weight (分值).\n\nWhy it matters: these cells are required on the official form and needed to compute the score.",
        explain_zh: "会报告什么：表单缺少名称、年度、资金或指标，或某个指标缺少分值。\n\n为什么要紧：这些是正式表格的必填栏，也是计算得分所必需的。\n\n怎样改：补上缺少的项，如指标末尾的 `分值 10`。";
    /// Two indicators with the same path and name.
    DuplicateIndicator = "E0103", Error, "指标重复",
        title_en: "duplicate indicator",
        help: "改名，或用 `id` 区分两个指标",
        help_en: "rename it, or tell the two apart with `id`",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: two indicators with the same name under the same level-1/level-2 categories.\n\nWhy it matters: indicators are identified by their path and name (for scoring, diffs and published data); two identical ones are ambiguous and usually a copy-paste slip that double-counts points.",
        explain_zh: "会报告什么：在同一个一级/二级指标下，有两个同名的指标。\n\n为什么要紧：指标靠“类别 + 名称”来区分（计分、比较和公开数据都用它）；两个一样的指标说不清是哪一个，通常是复制粘贴多了一行，分值被重复计算。\n\n怎样改：删掉重复的一行，或改名，或用 `id` 区分两个指标。";
    /// A number that cannot be read.
    InvalidNumber = "E0104", Error, "无法读取的数值",
        title_en: "unreadable number",
        help: "写成阿拉伯数字，如 `165`、`155.41`、`10%`",
        help_en: "write Arabic digits, e.g. `165`, `155.41`, `10%`",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: a cell that must hold a number (an amount in 万元, a weight, a percentage, a score) but does not.\n\nExample:\n    分值 十\n\nWrite instead:\n    分值 10",
        explain_zh: "会报告什么：一个必须填数字的格子（万元金额、分值、百分比、得分）里不是数字。\n\n为什么要紧：读不出数字，这一项就无法计算。\n\n示例：\n    分值 十\n\n怎样改：\n    分值 10";
    /// A field written twice.
    DuplicateField = "E0105", Error, "重复的字段",
        title_en: "duplicate field",
        help: "删除其中一个",
        help_en: "remove one of them",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: the same field (e.g. 主管部门, 目标, 分值) written twice in one form, budget or indicator.\n\nWhy it matters: it is not clear which value is meant.",
        explain_zh: "会报告什么：同一个字段（如 主管部门、目标、分值）在一张表、一个资金块或一个指标里写了两次。\n\n为什么要紧：不知道该用哪一个值。\n\n怎样改：删掉其中一个。";
    /// A target or actual value that cannot be read.
    InvalidQuantity = "E0106", Error, "无法读取的指标值",
        title_en: "unreadable target or actual",
        help: "写成 `[比较符] 数字 [单位]`（如 `≥95%`、`2次`、`≤90万元`、`90%~100%`），或一个定性词（如 `优`、`达成`）",
        help_en: "write `[comparator] number [unit]` (e.g. `≥95%`, `2次`, `≤90万元`, `90%~100%`) or a qualitative word (e.g. `优`, `达成`)",
        source: "财预〔2020〕10号 附件1；jixiao 评分规则 3–5（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, annex 1; jixiao scoring rules 3–5 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a 年度指标值 or 实际完成值 that is neither a quantity nor a qualitative word.\n\nExample:\n    目标 ≥ 实际 2次\n\nWrite instead:\n    目标 ≥2次 实际 2次",
        explain_zh: "会报告什么：年度指标值或实际完成值既不是“数量”，也不是定性词。\n\n为什么要紧：读不出指标值，就无法判断是否完成，也无法计分。\n\n示例：\n    目标 ≥ 实际 2次\n\n怎样改：\n    目标 ≥2次 实际 2次";
    /// An indicator that cannot be scored from what is written.
    CannotScore = "E0107", Error, "无法计算指标得分",
        title_en: "indicator cannot be scored",
        help: "写出实际完成值（`实际 …`），或写出单位自评的得分系数（`系数 …%`）",
        help_en: "write the actual value (`实际 …`) or the unit's chosen coefficient (`系数 …%`)",
        source: "财预〔2020〕10号 第二十二条；jixiao 评分规则 3–7（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, article 22; jixiao scoring rules 3–7 (docs/LANGUAGE.md §12)",
        explain: "What it flags: an indicator whose score cannot be computed: no actual value and no declared coefficient or score, a word actual against a numeric target, or a qualitative level below 达成 with no stated score.\n\nWhy it matters: the total cannot be computed faithfully.\n\nExample:\n    \"人代会预期效果\" 定性 目标 优 实际 良 分值 10\n\nWrite instead (the unit chooses a score inside the level's band 60%–80%):\n    \"人代会预期效果\" 定性 目标 优 实际 良 分值 10 系数 75%",
        explain_zh: "会报告什么：一个无法计算得分的指标：没有实际完成值，也没有申报的得分系数或得分；数字目标配了文字完成值；或定性档次低于“达成”却没有写得分。\n\n为什么要紧：算不出这个指标的得分，总分也就无法如实计算。\n\n示例：\n    \"人代会预期效果\" 定性 目标 优 实际 良 分值 10\n\n怎样改（单位在该档次 60%–80% 之间自选得分）：\n    \"人代会预期效果\" 定性 目标 优 实际 良 分值 10 系数 75%";
    /// A qualitative coefficient outside its level's band.
    QualitativeOutOfBand = "E0108", Error, "定性指标得分超出档次范围",
        title_en: "qualitative score outside its level's band",
        help: "达成年度指标：80%–100%；部分达成：60%–80%（不含）；未达成：0–60%（不含）",
        help_en: "achieved: 80%–100%; partly achieved: 60%–80% (exclusive); not achieved: 0–60% (exclusive)",
        source: "财预〔2020〕10号 第二十二条（定性指标三档）；jixiao 评分规则 7（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, article 22 (the three bands of qualitative indicators); jixiao scoring rule 7 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a qualitative indicator whose stated coefficient (or score / weight) lies outside the band of the level reached.\n\nBands: 达成年度指标 [80%, 100%]; 部分达成年度指标并具有一定效果 [60%, 80%); 未达成年度指标且效果较差 [0, 60%).\n\nExample:\n    \"常委会预期效果\" 定性 目标 优 实际 良 分值 10 系数 95%\n\nWrite instead: a coefficient inside the band, or the level actually reached.",
        explain_zh: "会报告什么：定性指标申报的得分系数（或 得分 ÷ 分值）不在所达档次的范围内。\n\n三档范围：达成年度指标 [80%, 100%]；部分达成年度指标并具有一定效果 [60%, 80%)；未达成年度指标且效果较差 [0, 60%)。\n\n为什么要紧：档次和得分对不上，得分不可信。\n\n示例：\n    \"常委会预期效果\" 定性 目标 优 实际 良 分值 10 系数 95%\n\n怎样改：把系数改到该档次范围内，或改成实际达到的档次。";
    /// An indicator marked 不适用 under a profile that does not allow it.
    NotApplicableForbidden = "E0109", Error, "评分规则不允许不适用指标",
        title_en: "not-applicable indicators not allowed by the profile",
        help: "删除该指标并调整其余分值，或改用允许不适用指标的评分规则",
        help_en: "remove the indicator and move its points to the others, or choose a profile that allows not-applicable indicators",
        source: "jixiao 评分规则 10（docs/LANGUAGE.md §12）；部分地方模板允许不适用指标并折算为百分制",
        source_en: "jixiao scoring rule 10 (docs/LANGUAGE.md §12); some local templates allow not-applicable indicators and rescale to 100",
        explain: "What it flags: an indicator marked 不适用 (not applicable) under a profile that does not allow it. central-2020 (财预〔2020〕10号) has no not-applicable indicators: every indicator of the approved targets is evaluated.\n\nExample:\n    \"对生态环境的影响\" 不适用 \"本项目不涉及\" 分值 10\n\nWrite instead: remove the indicator and move its points to the others (weights must still add up to 100).",
        explain_zh: "会报告什么：在不允许“不适用”的评分规则下，把指标标为 不适用。central-2020（财预〔2020〕10号）没有不适用指标：批复目标中的每个指标都要评价。\n\n为什么要紧：按这套规则，标为不适用等于少评了一项，总分不可比。\n\n示例：\n    \"对生态环境的影响\" 不适用 \"本项目不涉及\" 分值 10\n\n怎样改：删掉这个指标，把它的分值分给其他指标（分值合计仍为 100）；或改用允许不适用指标的评分规则。";
    /// A number outside the documented range of its kind (amount, points, percentage, quantity).
    NumberOutOfRange = "E0110", Error, "数值超出范围",
        title_en: "number out of range",
        help: "金额绝对值不超过 10^13、分值和得分不超过 10^6、百分比不超过 10^6%、指标值不超过 10^15，小数不超过 6 位",
        help_en: "amounts are at most 10^13, weights and scores 10^6, percentages 10^6 %, targets and actuals 10^15 (in absolute value), with at most 6 decimals",
        source: "jixiao 语言（docs/LANGUAGE.md §3.2）",
        source_en: "the jixiao language (docs/LANGUAGE.md §3.2)",
        explain: "What it flags: a number too large, or with too many decimals, for its kind: an amount (资金, 资金用途) above 10^13, a weight, score or total above 10^6 points, a percentage (执行率, 系数, 权重占比) above 10^6 %, a target or actual above 10^15, or any of them with more than 6 decimals.\n\nWhy it matters: no real form needs such numbers; they are typing slips, and within these bounds every rate, coefficient and score jixiao computes is exact and fits its decimal arithmetic. The value is left out of the evaluation.\n\nExample:\n    财政拨款 1 0.0000000000000000000000000001 1\n\nWrite instead:\n    财政拨款 100 100 98.5",
        explain_zh: "会报告什么：一个数字对它的种类来说太大或小数太多：金额（资金、资金用途）超过 10^13，分值、得分或总分超过 10^6，百分比（执行率、系数、权重占比）超过 10^6 %，指标值超过 10^15，或小数超过 6 位。\n\n为什么要紧：真实的表用不到这样的数字，它们是手误；在这些范围内，jixiao 算出的执行率、系数和得分都精确无误。超出范围的值不参与计算。\n\n示例：\n    财政拨款 1 0.0000000000000000000000000001 1\n\n怎样改：\n    财政拨款 100 100 98.5";
    /// A category name outside the standard taxonomy or under the wrong level-1.
    UnknownCategory = "W0201", Warning, "指标类别不规范",
        title_en: "non-standard category",
        help: "一级指标：产出指标、效益指标、满意度指标；二级指标见 docs/LANGUAGE.md",
        help_en: "level-1: 产出指标, 效益指标, 满意度指标; level-2 names are listed in docs/LANGUAGE.md",
        source: "财预〔2020〕10号 附件1（指标体系）",
        source_en: "财预〔2020〕10号, annex 1 (the indicator system)",
        explain: "What it flags: a level-1 or level-2 category that is not one of the standard names, or a level-2 category under the wrong level-1 (数量指标 under 效益指标).\n\nStandard: 产出指标 → 数量/质量/时效/成本指标; 效益指标 → 经济效益/社会效益/生态效益/可持续影响指标; 满意度指标 → 服务对象满意度指标.",
        explain_zh: "会报告什么：一级或二级指标的名称不是标准名称，或二级指标放错了一级指标（如 数量指标 放在 效益指标 下）。\n\n标准体系：产出指标 → 数量/质量/时效/成本指标；效益指标 → 经济效益/社会效益/生态效益/可持续影响指标；满意度指标 → 服务对象满意度指标。\n\n为什么要紧：指标类别不规范，审核和汇总时无法对应。\n\n怎样改：改用标准名称，或把二级指标移到正确的一级指标下。";
    /// Weights that do not add up to 100.
    WeightsNotHundred = "W0202", Warning, "权重合计不等于100",
        title_en: "weights do not add up to 100",
        help: "调整分值，使执行率分值与全部指标分值之和为 100",
        help_en: "adjust the weights so that the execution weight and all indicator weights add up to 100",
        source: "财预〔2020〕10号 第二十二条；jixiao 评分规则 1（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, article 22; jixiao scoring rule 1 (docs/LANGUAGE.md §12)",
        explain: "What it flags: the execution-rate weight plus all indicator weights is not exactly 100 points.\n\nWhy it matters: the total is out of 100; a form whose weights add to 110 cannot be compared with others.\n\nExample: 预算执行率 10 + 产出 50 + 效益 30 + 满意度 20 = 110.",
        explain_zh: "会报告什么：执行率分值加上全部指标分值，不正好是 100 分。\n\n为什么要紧：总分以 100 分为满分；分值合计 110 的表无法与其他表比较。\n\n示例：预算执行率 10 + 产出 50 + 效益 30 + 满意度 20 = 110。\n\n怎样改：调整分值，使合计为 100。";
    /// A declared category weight that differs from the sum of its children.
    CategoryWeightMismatch = "W0203", Warning, "类别分值与下级合计不符",
        title_en: "category weight differs from its children",
        help: "使类别分值等于其下各指标分值之和",
        help_en: "make the category's weight equal to the sum of the weights below it",
        source: "财预〔2020〕10号 第二十二条；jixiao 评分规则 1（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, article 22; jixiao scoring rule 1 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a level-1 or level-2 category whose declared weight (e.g. `产出指标 50分`) differs from the sum of the weights below it.\n\nExample:\n    产出指标 50分 { … indicators worth 8+8+8+8+8+8 = 48 … }",
        explain_zh: "会报告什么：一级或二级指标写明的分值（如 `产出指标 50分`）与其下各指标分值之和不同。\n\n为什么要紧：类别分值和下级合计对不上，说明有一处填错了。\n\n示例：\n    产出指标 50分 { … 各指标 8+8+8+8+8+8 = 48 … }\n\n怎样改：使类别分值等于其下各指标分值之和。";
    /// The same form (kind, name and year) twice in one file.
    DuplicateForm = "W0204", Warning, "表单重复",
        title_en: "duplicate form",
        help: "删除重复的表单，或改正其名称或年度",
        help_en: "remove the duplicate, or correct its name or year",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: two forms of the same kind, name and year in one file, usually a copy pasted twice. Both would be published, as NAME.1 and NAME.2.",
        explain_zh: "会报告什么：一个文件中有两张种类、名称和年度都相同的表，通常是同一张表粘贴了两次。\n\n为什么要紧：两张都会被公开，分别命名为 名称.1 和 名称.2。\n\n怎样改：删掉重复的表，或改正它的名称或年度。";
    /// The declared execution rate disagrees with executed / adjusted budget.
    ExecutionRateMismatch = "W0301", Warning, "执行率与预算数据不符",
        title_en: "execution rate disagrees with the budget figures",
        help: "执行率 = 全年执行数 ÷ 全年预算数",
        help_en: "execution rate = executed ÷ adjusted budget (全年执行数 ÷ 全年预算数)",
        source: "财预〔2020〕10号 附件1；jixiao 评分规则 2（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, annex 1; jixiao scoring rule 2 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a declared 执行率 that differs from 全年执行数 / 全年预算数 at the precision it was written with (78% is compared with the rate rounded to a whole percent).\n\nExample: 全年预算数 1519.94391, 全年执行数 1519.94391, 执行率 78% (computed 100.00%).",
        explain_zh: "会报告什么：申报的执行率与 全年执行数 ÷ 全年预算数 不符（按申报值的精度比较：78% 与四舍五入到整数百分比的计算值比较）。\n\n为什么要紧：执行率决定执行率得分，算错会直接影响总分。\n\n示例：全年预算数 1519.94391，全年执行数 1519.94391，执行率 78%（计算值为 100.00%）。\n\n怎样改：执行率 = 全年执行数 ÷ 全年预算数。";
    /// The declared execution rate was computed on the initial budget.
    ExecutionRateWrongBase = "W0302", Warning, "执行率以年初预算数为基数",
        title_en: "execution rate computed on the initial budget",
        help: "执行率的分母应为全年预算数（调整后），不是年初预算数",
        help_en: "the denominator is the adjusted budget (全年预算数), not the initial budget (年初预算数)",
        source: "财预〔2020〕10号 附件1；jixiao 评分规则 2（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, annex 1; jixiao scoring rule 2 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a declared 执行率 equal to 全年执行数 / 年初预算数 while 年初预算数 differs from 全年预算数.\n\nWhy it matters: the rule measures execution against the adjusted budget (including carry-over). Using the initial budget is a frequent real mistake.\n\nExample: 年初 1945.74731, 全年 1519.94391, 执行 1519.94391 → 1519.94391 / 1945.74731 = 78.12%, printed as 78%; the rate is 100.00%.",
        explain_zh: "会报告什么：申报的执行率等于 全年执行数 ÷ 年初预算数，而年初预算数与全年预算数不同。\n\n为什么要紧：规定按调整后的全年预算数（含结转）衡量执行情况。用年初预算数做分母，是实际填报中常见的错误。\n\n示例：年初 1945.74731，全年 1519.94391，执行 1519.94391 → 1519.94391 ÷ 1945.74731 = 78.12%，表上填了 78%；正确的执行率是 100.00%。\n\n怎样改：执行率的分母用全年预算数（调整后），不用年初预算数。";
    /// The declared execution score disagrees with weight × rate.
    ExecutionScoreMismatch = "W0303", Warning, "执行率得分与计算不符",
        title_en: "execution score disagrees with the computation",
        help: "执行率得分 = 执行率分值 × min(执行率, 100%)，四舍五入到 0.01",
        help_en: "execution score = weight × min(rate, 100%), rounded half up to 0.01",
        source: "财预〔2020〕10号 附件1；jixiao 评分规则 2、8（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, annex 1; jixiao scoring rules 2 and 8 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a declared 执行率得分 that differs (by more than the profile's tolerance, 0.01) from weight × min(rate, 100%).\n\nExample: 分值 10, 155.41 / 165 = 94.19% → 9.42, printed as 9.",
        explain_zh: "会报告什么：申报的执行率得分与 分值 × min(执行率, 100%) 相差超过评分规则的容差（0.01）。\n\n为什么要紧：执行率得分算错，总分也跟着错。\n\n示例：分值 10，155.41 ÷ 165 = 94.19% → 9.42，表上填了 9。\n\n怎样改：执行率得分 = 执行率分值 × min(执行率, 100%)，四舍五入到 0.01。";
    /// Fund-source rows that do not add up to the stated total.
    FundRowsNotSumming = "W0304", Warning, "资金来源合计不符",
        title_en: "fund rows do not add up to the total",
        help: "年度资金总额应等于各资金来源之和（逐列）",
        help_en: "the total row (年度资金总额) must equal the sum of the fund sources, column by column",
        source: "财预〔2020〕10号 附件1（项目资金栏）",
        source_en: "财预〔2020〕10号, annex 1 (the project funds columns)",
        explain: "What it flags: a stated total row (合计 / 年度资金总额) whose column differs from the sum of the fund-source rows (财政拨款, 上年结转, 其他资金).\n\nExample (a real published form): 年度资金总额 0 0 0 while 本年财政拨款 90 89.974 89.974.",
        explain_zh: "会报告什么：写明的合计行（合计 / 年度资金总额）某一栏与各资金来源行（财政拨款、上年结转、其他资金）之和不同。\n\n为什么要紧：资金总额是执行率的基础，合计不对，执行率和得分都不可信。\n\n示例（一张真实公开的表）：年度资金总额 0 0 0，而本年财政拨款 90 89.974 89.974。\n\n怎样改：使年度资金总额逐栏等于各资金来源之和。";
    /// Executed more than the adjusted budget.
    ExecutionOverBudget = "W0305", Warning, "执行数超过预算数",
        title_en: "executed more than the budget",
        help: "核对全年执行数与全年预算数；执行率按 100% 计分",
        help_en: "check 全年执行数 against 全年预算数; the rate is scored as 100%",
        source: "jixiao 评分规则 2（docs/LANGUAGE.md §12）",
        source_en: "jixiao scoring rule 2 (docs/LANGUAGE.md §12)",
        explain: "What it flags: 全年执行数 greater than 全年预算数. The rate is capped at 100% for scoring.",
        explain_zh: "会报告什么：全年执行数大于全年预算数。\n\n为什么要紧：执行超过预算，通常是数字填错了栏或单位。计分时执行率按 100% 封顶。\n\n怎样改：核对全年执行数和全年预算数。";
    /// The adjusted budget is zero, so the rate is undefined.
    ZeroBudget = "W0306", Warning, "预算数为零，执行率无法计算",
        title_en: "zero budget: execution rate undefined",
        help: "核对全年预算数；为零时执行率得分按 0 计",
        help_en: "check 全年预算数; with 0 the execution score is 0",
        source: "jixiao 评分规则 2（docs/LANGUAGE.md §12）",
        source_en: "jixiao scoring rule 2 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a 全年预算数 of 0: the execution rate is undefined. jixiao scores the execution line 0 and says so instead of dividing by zero.",
        explain_zh: "会报告什么：全年预算数为 0，执行率无法计算。\n\n为什么要紧：不能除以零；jixiao 把执行率得分记为 0，并说明原因，而不是算出一个错误的数。\n\n怎样改：核对全年预算数。";
    /// The execution rate scored twice: in the budget block and as an indicator.
    ExecutionCountedTwice = "W0308", Warning, "执行率重复计分",
        title_en: "execution rate scored twice",
        help: "执行率只计一次：或在资金块计分（`分值 10`），或作为指标计分（资金块写 `分值 0`）",
        help_en: "score the execution rate once: in the budget block (`分值 10`) or as an indicator (write `分值 0` in the budget block)",
        source: "财预〔2020〕10号 附件1（预算执行率单独计分，权重10%）；公开自评表中的常见错误（执行率重复计分）",
        source_en: "财预〔2020〕10号, annex 1 (the execution rate is scored on its own, weight 10%); a common mistake in published forms (the execution rate scored twice)",
        explain: "What it flags: a form that scores the execution rate in the budget block (a weight above 0) and also has a weighted indicator for it in the tree (`预算执行率`, `预算资金执行率`, `资金执行率`, `预算完成率`).\n\nWhy it matters: the same money is scored twice, and the indicator's points come out of the outputs' share.\n\nWhen the budget block carries no points (`分值 0`: templates with 预算执行率 inside 项目管理), the indicator is the execution score, and its actual is checked against the budget's computed rate (`W0301`).",
        explain_zh: "会报告什么：资金块给执行率计了分（分值大于 0），指标中又有一个计分的执行率指标（`预算执行率`、`预算资金执行率`、`资金执行率`、`预算完成率`）。\n\n为什么要紧：同一笔钱计了两次分，这个指标的分值还挤占了产出指标的份额。\n\n资金块不计分（`分值 0`：一些模板把预算执行率放在“项目管理”下）时，这个指标就是执行率得分，它的完成值会与资金块算出的执行率核对（`W0301`）。\n\n怎样改：执行率只计一次：或在资金块计分（`分值 10`），或作为指标计分（资金块写 `分值 0`）。";
    /// A budget block with budgets but no executed amount.
    ExecutedMissing = "W0309", Warning, "缺少全年执行数",
        title_en: "no executed amount",
        help: "在资金行的第三栏写出全年执行数",
        help_en: "write the executed amount in the third column of the fund rows",
        source: "财预〔2020〕10号 附件1（全年执行数栏）；转移支付区域绩效自评表（部分表只列预算数）",
        source_en: "财预〔2020〕10号, annex 1 (the executed amount column); transfer-payment regional self-evaluation forms (some list budgets only)",
        explain: "What it flags: a budget block that prints budgets but no executed amount (全年执行数) and no declared rate, as some transfer-payment forms do. The form is still checked and its indicators scored; the execution rate, its score and the total cannot be computed.\n\nExample:\n    资金 万元 {\n        中央补助 - 100 -\n    }",
        explain_zh: "会报告什么：资金块只写了预算数，没有全年执行数，也没有申报执行率，一些转移支付表就是这样。表仍会检查，指标仍会计分；执行率、执行率得分和总分无法计算。\n\n示例：\n    资金 万元 {\n        中央补助 - 100 -\n    }\n\n为什么要紧：没有执行数，就看不出钱花了多少。\n\n怎样改：在资金行的第三栏写出全年执行数。";
    /// Budget amounts under 万元 that look like amounts in 元.
    BudgetUnitSuspect = "W0307", Warning, "预算金额疑似以元填报",
        title_en: "budget amounts look like 元 under 万元",
        help: "金额以元为单位时写 `资金 元 {`；否则把金额换算为万元（除以 10000）",
        help_en: "write `资金 元 {` for amounts in 元, or convert the amounts to 万元 (divide by 10,000)",
        source: "公开自评表中的常见错误（金额单位：元 与 万元 混用）；jixiao 评分规则（docs/LANGUAGE.md §12.2）",
        source_en: "a common mistake in published forms (amounts in 元 and 万元 mixed); jixiao scoring rules (docs/LANGUAGE.md §12.2)",
        explain: "What it flags: a project's budget block in 万元 (the default) with an amount of 100,000 万元 (1 billion 元) or more, or an amount that the goal text quotes as the same figure in 元.\n\nWhy it matters: a 10,000× slip is the worst mistake a published page can carry; forms of schools and small units print 元 (`项目资金(元)`, `金额单位：元`).\n\nExample:\n    资金 万元 {\n        财政拨款 - 387664.62 387664.62\n    }\n\nWrite instead:\n    资金 元 {\n        财政拨款 - 387664.62 387664.62\n    }",
        explain_zh: "会报告什么：项目的资金块用万元（默认单位），金额却达到 100,000 万元（10 亿元）以上，或目标文字中以元为单位写了同一个数。\n\n为什么要紧：差一万倍是公开页面上最严重的错误；学校和小单位的表常以元为单位（`项目资金(元)`、`金额单位：元`）。\n\n示例：\n    资金 万元 {\n        财政拨款 - 387664.62 387664.62\n    }\n\n怎样改：\n    资金 元 {\n        财政拨款 - 387664.62 387664.62\n    }";
    /// Uses of funds that do not add up to their stated total.
    UsesNotSumming = "W0310", Warning, "资金用途合计不符",
        title_en: "uses of funds do not add up",
        help: "资金用途的合计应等于各用途之和",
        help_en: "the total of the uses of funds must equal the sum of the purposes",
        source: "财预〔2020〕10号 附件1（年度总体目标）；真实表单中的常见错误",
        source_en: "财预〔2020〕10号, annex 1 (the annual overall goal); a common mistake in real forms",
        explain: "What it flags: a 资金用途 block (amounts by purpose, as the goal text of many forms itemises them) whose 合计 differs from the sum of the purposes.\n\nExample (a real published form, in 元): plan 400000 + 252000 + 28000 + 960000 + 100000 = 1740000, stated as 2026400.",
        explain_zh: "会报告什么：资金用途块（很多表在目标文字中按用途列出金额）的合计与各用途之和不同。\n\n示例（一张真实公开的表，单位元）：计划 400000 + 252000 + 28000 + 960000 + 100000 = 1740000，合计却写 2026400。\n\n为什么要紧：合计不对，说明有一项漏写或写错。\n\n怎样改：使资金用途的合计等于各用途之和。";
    /// A purpose that spent more than planned.
    UseOverspent = "W0311", Warning, "用途实际超过计划",
        title_en: "purpose overspent",
        help: "核对该用途的计划和实际金额，并在偏差原因中说明",
        help_en: "check the planned and actual amounts of the purpose and explain the deviation",
        source: "财预〔2020〕10号 第二十一条（偏差原因分析）",
        source_en: "财预〔2020〕10号, article 21 (analysis of deviations)",
        explain: "What it flags: a purpose in a 资金用途 block whose actual amount exceeds its planned amount.\n\nExample (a real published form): 村级组织运转 planned 400000 元, spent 439120.67 元.",
        explain_zh: "会报告什么：资金用途块中某个用途的实际金额超过计划金额。\n\n示例（一张真实公开的表）：村级组织运转 计划 400000 元，实际支出 439120.67 元。\n\n为什么要紧：超计划支出要说明原因。\n\n怎样改：核对该用途的计划和实际金额，并在偏差原因中说明。";
    /// Uses of funds whose totals disagree with the budget block.
    UsesDisagreeWithBudget = "W0312", Warning, "资金用途与预算数不符",
        title_en: "uses of funds disagree with the budget",
        help: "资金用途的计划合计应等于预算数，实际合计应等于全年执行数（注意 元 与 万元）",
        help_en: "the planned total should equal a budget figure and the actual total the executed amount (mind 元 against 万元)",
        source: "财预〔2020〕10号 附件1（项目资金栏与年度总体目标）",
        source_en: "财预〔2020〕10号, annex 1 (the project funds columns and the annual overall goal)",
        explain: "What it flags: a 资金用途 block whose planned total equals neither 年初预算数 nor 全年预算数, or whose actual total differs from 全年执行数, compared in the budget's unit and at the precision the budget was written with.",
        explain_zh: "会报告什么：资金用途块的计划合计既不等于年初预算数也不等于全年预算数，或实际合计不等于全年执行数（按资金块的单位和精度比较）。\n\n为什么要紧：用途金额与预算对不上，常见原因是 元 与 万元 混用。\n\n怎样改：使计划合计等于预算数，实际合计等于全年执行数。";
    /// A declared indicator score that disagrees with the computed one.
    ScoreMismatch = "W0401", Warning, "指标得分与计算不符",
        title_en: "indicator score disagrees with the computation",
        help: "得分 = 分值 × 得分系数，四舍五入到 0.01",
        help_en: "score = weight × coefficient, rounded half up to 0.01",
        source: "财预〔2020〕10号 第二十二条；jixiao 评分规则 3–8（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, article 22; jixiao scoring rules 3–8 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a declared 得分 that differs from the score computed from the target, the actual and the weight.\n\nExample (a real published form): target 98%, actual 98%, weight 20, declared 19.6; the target is met, so the score is 20.",
        explain_zh: "会报告什么：申报的得分与按指标值、完成值和分值算出的得分不同。\n\n示例（一张真实公开的表）：目标 98%，实际 98%，分值 20，申报得分 19.6；目标已完成，得分应为 20。\n\n为什么要紧：指标得分错了，总分和等级也会错。\n\n怎样改：得分 = 分值 × 得分系数，四舍五入到 0.01。";
    /// A declared coefficient that disagrees with the computed one.
    CoefficientMismatch = "W0402", Warning, "得分系数与计算不符",
        title_en: "coefficient disagrees with the computation",
        help: "得分系数 = 得分 ÷ 分值；定量指标按完成值与指标值之比计算，最高 100%",
        help_en: "coefficient = score ÷ weight; for quantitative indicators the ratio of actual to target, at most 100%",
        source: "jixiao 评分规则 3–5（docs/LANGUAGE.md §12）；重庆市部门整体绩效自评表（得分系数 × 指标权重 = 指标得分）",
        source_en: "jixiao scoring rules 3–5 (docs/LANGUAGE.md §12); Chongqing department-wide form (coefficient × weight = score)",
        explain: "What it flags: a declared 得分系数 that differs, at the precision it was written with, from the computed completion ratio.\n\nExample (a real published form): 政府采购执行率 target 100%, actual 72.74%, declared coefficient 100%; computed 72.74%.",
        explain_zh: "会报告什么：申报的得分系数与算出的完成比例不同（按申报值的精度比较）。\n\n示例（一张真实公开的表）：政府采购执行率 目标 100%，实际 72.74%，申报系数 100%；计算值为 72.74%。\n\n为什么要紧：系数偏高会抬高得分。\n\n怎样改：得分系数 = 得分 ÷ 分值；定量指标按完成值与指标值之比计算，最高 100%。";
    /// A declared total that disagrees with the sum of the lines.
    TotalMismatch = "W0403", Warning, "自评总得分与计算不符",
        title_en: "declared total disagrees with the computation",
        help: "自评总得分 = 执行率得分 + 各指标得分之和",
        help_en: "total = execution score + the sum of the indicator scores",
        source: "财预〔2020〕10号 第二十二条（总分由各项指标得分汇总形成）；jixiao 评分规则 8（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, article 22 (the total is the sum of the indicators' scores); jixiao scoring rule 8 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a declared 自评总得分 that differs from the execution score plus the sum of the indicator scores (each rounded to 0.01).\n\nExample: execution 10.00 + indicators 90 = 100.00, printed as 98.",
        explain_zh: "会报告什么：申报的自评总得分与 执行率得分 + 各指标得分之和（各自四舍五入到 0.01）不同。\n\n示例：执行率 10.00 + 指标 90 = 100.00，表上填了 98。\n\n为什么要紧：总分决定评价等级，也是公开的主要数字。\n\n怎样改：自评总得分 = 执行率得分 + 各指标得分之和。";
    /// A declared grade that disagrees with the computed one.
    GradeMismatch = "W0404", Warning, "评价等级与总分不符",
        title_en: "declared grade disagrees with the total",
        help: "优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60",
        help_en: "优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60",
        source: "财预〔2020〕10号 第二十三条；jixiao 评分规则 9（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, article 23; jixiao scoring rule 9 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a declared 评价等级 that is not the grade of the computed total.",
        explain_zh: "会报告什么：申报的评价等级不是算出的总分对应的等级。\n\n为什么要紧：等级与总分不符，公开后难以解释。\n\n怎样改：优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60。";
    /// A declared converted score (折算得分) that disagrees with coefficient × weight share.
    ConvertedScoreMismatch = "W0406", Warning, "折算得分与计算不符",
        title_en: "converted score disagrees with the computation",
        help: "折算得分 = 得分系数 × 权重占比；得分已按分值计时不应再乘权重占比",
        help_en: "converted score = coefficient × weight share; a score already in weighted points must not be multiplied by the share again",
        source: "河北省预算项目绩效自评表（系统导出版式，单项指标折算得分栏）",
        source_en: "Hebei budget project self-evaluation form (system export layout, converted score column per indicator)",
        explain: "What it flags: a declared 折算得分 (converted score, 河北 system export) that differs from the coefficient times the 权重占比 (weight share).\n\nExample (a real published form): an indicator with weight 25, score 25 (full marks) and weight share 25% shows 折算得分 6.25 = 25 × 25%: the score, already out of 25, was weighted a second time, so a form scoring 90/90 shows 22.5.\n\nWrite instead: 折算得分 25 (= 100% × 25).",
        explain_zh: "会报告什么：申报的折算得分（河北系统导出的表）与 得分系数 × 权重占比 不同。\n\n示例（一张真实公开的表）：一个指标分值 25、得分 25（满分）、权重占比 25%，折算得分却是 6.25 = 25 × 25%：已经按 25 分计的得分又乘了一次权重，90 分满分的表只显示 22.5。\n\n为什么要紧：折算得分算错，公开的分数会严重偏低。\n\n怎样改：折算得分 25（= 100% × 25）。";
    /// Scores printed at a coarser precision than the profile's.
    ScoresRoundedCoarser = "W0407", Warning, "得分取整精度低于评分规则",
        title_en: "scores rounded coarser than the profile",
        help: "按评分规则的精度（两位小数）填报得分，或在 jixiao.toml 中选用按整数填报的评分规则（`integer`）",
        help_en: "print the scores at the profile's precision (two decimals), or choose a profile that prints integers (`integer`) in jixiao.toml",
        source: "财预〔2020〕10号 第二十二、二十三条；jixiao 评分规则 8（docs/LANGUAGE.md §12.10）",
        source_en: "财预〔2020〕10号, articles 22 and 23; jixiao scoring rule 8 (docs/LANGUAGE.md §12.10)",
        explain: "What it flags: declared scores that are the computed ones rounded (四舍五入) to fewer decimals than the profile prints (`1.4` for 1.43, `9` for 9.42), reported once for the form with the effect on the total and the grade, instead of one disagreement per line.\n\nExample:\n    \"老年人体检率\" 目标 5662人 实际 4044人 分值 2 得分 1.4\n\n2 × 4044 ÷ 5662 = 1.43: the line is right at the precision it is written with. Summed, such lines can move the total (99 instead of 99.42) and, near a band's edge, the grade.\n\nWrite instead: `得分 1.43`, or choose the `integer` profile for a jurisdiction that prints whole points.",
        explain_zh: "会报告什么：申报的得分是把算出的得分四舍五入到比评分规则更少的小数位（1.43 写成 `1.4`，9.42 写成 `9`）。这种情况对整张表只报告一次，并说明对总分和等级的影响，而不是每行报告一次。\n\n示例：\n    \"老年人体检率\" 目标 5662人 实际 4044人 分值 2 得分 1.4\n\n2 × 4044 ÷ 5662 = 1.43：按这一行写的精度，它是对的。但累加起来会改变总分（99 而不是 99.42），接近等级分界时还会改变等级。\n\n怎样改：写 `得分 1.43`；或者，本地区按整数填报时，在 jixiao.toml 中选用 `integer` 评分规则。";
    /// A declared coefficient above 100% or a declared score above the weight.
    ScoreAboveWeight = "W0408", Warning, "得分超过分值",
        title_en: "score above the weight",
        help: "得分系数在 0 到 100% 之间，得分不超过分值",
        help_en: "a coefficient lies between 0 and 100%, a score between 0 and the weight",
        source: "财预〔2020〕10号 附件1（得分 ≤ 分值）；jixiao 评分规则 3–7（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, annex 1 (score ≤ weight); jixiao scoring rules 3–7 (docs/LANGUAGE.md §12)",
        explain: "What it flags: an indicator whose declared coefficient (系数) is above 100% or below 0, or whose declared score (得分) is above its weight (分值) or below 0, with or without an actual value.\n\nWhy it matters: an indicator earns at most its weight; a coefficient of 150% would lift the total above what the form can reach (124.42 out of 100) and change the grade. It is a warning, not an error: a published form that contains it is still shown (the review page marks the cell), for the bureau to send back.\n\nExample:\n    \"培训人次\" 目标 500人次 分值 50 得分 80\n\nWrite instead:\n    \"培训人次\" 目标 500人次 实际 520人次 分值 50 得分 50",
        explain_zh: "会报告什么：指标申报的得分系数（系数）大于 100% 或小于 0，或申报的得分（得分）大于分值或小于 0，不论有没有实际完成值。\n\n为什么要紧：一个指标最多得到它的分值；系数 150% 会把总分抬到表上不可能达到的数（满分 100 得 124.42），并改变等级。这是警告而不是错误：含有它的已公开表仍会显示（审核页面会标出这一格），由财政部门退回修改。\n\n示例：\n    \"培训人次\" 目标 500人次 分值 50 得分 80\n\n怎样改：\n    \"培训人次\" 目标 500人次 实际 520人次 分值 50 得分 50";
    /// A declared subtotal that disagrees with its children.
    SubtotalMismatch = "W0405", Warning, "小计与下级合计不符",
        title_en: "subtotal disagrees with its lines",
        help: "小计应等于其下各行之和",
        help_en: "a subtotal must equal the sum of the lines below it",
        source: "财预〔2020〕10号 第二十二条；jixiao 评分规则 1、8（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, article 22; jixiao scoring rules 1 and 8 (docs/LANGUAGE.md §12)",
        explain: "What it flags: a declared subtotal (e.g. 绩效指标总分 or a category's 得分) that differs from the sum of the lines below it.",
        explain_zh: "会报告什么：申报的小计（如 绩效指标总分，或某个类别的 得分）与其下各行之和不同。\n\n为什么要紧：小计不对，说明有一行漏算或算错。\n\n怎样改：使小计等于其下各行之和。";
    /// An indicator scored below its weight with no deviation note.
    DeviationNoteMissing = "W0501", Warning, "未达成目标但未说明偏差原因",
        title_en: "target missed with no deviation note",
        help: "补写 `偏差 \"…原因及改进措施\"`",
        help_en: "add `偏差 \"…reason and measures…\"`",
        source: "财预〔2020〕10号 第二十一条（偏差原因分析）；jixiao 评分规则 6（docs/LANGUAGE.md §12）",
        source_en: "财预〔2020〕10号, article 21 (analysis of deviations); jixiao scoring rule 6 (docs/LANGUAGE.md §12)",
        explain: "What it flags: an indicator whose score is below its weight (target not fully met) with no 偏差原因分析及改进措施.\n\nExample:\n    \"政府采购执行率\" 目标 100% 实际 72.74% 分值 2\n\nWrite instead:\n    \"政府采购执行率\" 目标 100% 实际 72.74% 分值 2 偏差 \"部分采购项目跨年执行\"",
        explain_zh: "会报告什么：一个得分低于分值（目标没有全部完成）的指标，没有写偏差原因分析及改进措施。\n\n为什么要紧：规定要求对未完成的目标说明原因和改进措施。\n\n示例：\n    \"政府采购执行率\" 目标 100% 实际 72.74% 分值 2\n\n怎样改：\n    \"政府采购执行率\" 目标 100% 实际 72.74% 分值 2 偏差 \"部分采购项目跨年执行\"";
    /// Over-completion beyond the threshold with no deviation note.
    OverCompletionUnexplained = "W0502", Warning, "超额完成但未说明原因",
        title_en: "over-completion not explained",
        help: "超过目标 30% 以上时，补写 `偏差 \"…\"` 说明原因（目标是否定得过低）",
        help_en: "when the actual exceeds the target by 30% or more, explain why in `偏差 \"…\"` (was the target set too low?)",
        source: "财预〔2020〕10号 第二十一条（偏离度）；广西预算绩效管理系统（完成值达到指标值 130% 须说明偏差原因）",
        source_en: "财预〔2020〕10号, article 21 (deviation); Guangxi budget performance system (an actual at 130% of the target needs a reason)",
        explain: "What it flags: a positive indicator whose actual reaches 130% of its target or more (profile setting) with no deviation note.\n\nWhy it matters: a target exceeded by far was probably set too low; the rules ask for an explanation. No points are deducted.\n\nExample:\n    \"常委会召开次数\" 目标 8次 实际 13次 分值 10",
        explain_zh: "会报告什么：正向指标的完成值达到目标的 130% 或更多（评分规则可设定），却没有写偏差说明。\n\n为什么要紧：大幅超额完成，多半是目标定得过低；规定要求说明原因。不扣分。\n\n示例：\n    \"常委会召开次数\" 目标 8次 实际 13次 分值 10\n\n怎样改：补写 `偏差 \"…\"`，说明超额的原因。";
    /// An indicator with no actual value, scored from its declared coefficient.
    ActualMissing = "W0503", Warning, "缺少实际完成值",
        title_en: "actual value missing",
        help: "写出 `实际 …`；没有实际完成值时，按申报的得分系数计分",
        help_en: "write `实际 …`; without it the declared coefficient is used",
        source: "财预〔2020〕10号 附件1（实际完成值栏）",
        source_en: "财预〔2020〕10号, annex 1 (the actual value column)",
        explain: "What it flags: an indicator with no 实际完成值. jixiao takes the declared 得分系数 (or 得分) as the unit's chosen score and warns, because a reader cannot verify it.",
        explain_zh: "会报告什么：一个没有实际完成值的指标。jixiao 把申报的得分系数（或得分）当作单位自评的得分，并给出警告。\n\n为什么要紧：没有完成值，读表的人无法核实得分。\n\n怎样改：写出 `实际 …`。";
    /// Target and actual in different units, or a number against a word.
    UnitMismatch = "W0504", Warning, "指标值与完成值单位不一致",
        title_en: "target and actual cannot be compared",
        help: "使实际完成值与年度指标值使用同一单位",
        help_en: "write the actual in the same unit (and kind: number or word) as the target",
        source: "财预〔2020〕10号 附件1（度量单位）；公开自评表中的常见错误",
        source_en: "财预〔2020〕10号, annex 1 (units of measure); a common mistake in published forms",
        explain: "What it flags: a target and an actual written in different units (`≥50个` against `50万元`), or a numeric target with a word actual (`≤30万元` against `完成`).\n\nWhy it matters: the completion cannot be verified.",
        explain_zh: "会报告什么：指标值和完成值的单位不同（`≥50个` 对 `50万元`），或数字目标配了文字完成值（`≤30万元` 对 `完成`）。\n\n为什么要紧：无法核实是否完成。\n\n怎样改：让实际完成值与年度指标值使用同一单位，同为数字或同为文字。";
    /// A header field that jixiao does not know, kept as written.
    UnknownField = "W0505", Warning, "未知的字段",
        title_en: "unknown field",
        help: "检查拼写；未知字段会原样保留在输出中",
        help_en: "check the spelling; unknown fields are kept as written",
        source: "jixiao 语言（docs/LANGUAGE.md）",
        source_en: "the jixiao language (docs/LANGUAGE.md)",
        explain: "What it flags: a field name that is not one of the known ones and is close to one (a probable typo). The field is kept as written.",
        explain_zh: "会报告什么：一个不认识、但与某个已知字段很接近的字段名（可能是打错了字）。字段按原样保留。\n\n为什么要紧：打错字的字段不会进入计算，例如写错的“全年执行数”。\n\n怎样改：检查拼写；确实是本地表格特有的栏目，可以不改。";
    /// A stated direction that contradicts the target's comparator.
    DirectionConflict = "W0508", Warning, "指标方向与比较符矛盾",
        title_en: "direction contradicts the comparator",
        help: "删除 `正向`/`反向`，或改正比较符（反向指标用 `≤`）",
        help_en: "remove `正向`/`反向`, or fix the comparator (a reverse indicator uses `≤`)",
        source: "jixiao 评分规则 3–4（docs/LANGUAGE.md §12）",
        source_en: "jixiao scoring rules 3–4 (docs/LANGUAGE.md §12)",
        explain: "What it flags: an indicator stated as 反向 (lower is better) whose target is written with `≥` (or 正向 with `≤`). The comparator decides how it is scored, so one of the two is wrong, and a reverse target may be scored as positive.\n\nExample:\n    \"单位成本\" 反向 目标 ≥100元 实际 120元 分值 10\n\nWrite instead:\n    \"单位成本\" 反向 目标 ≤100元 实际 120元 分值 10",
        explain_zh: "会报告什么：写明 反向（越低越好）的指标，目标却用 `≥`（或写明 正向，目标却用 `≤`）。比较符决定怎样计分，所以两者必有一个是错的，反向目标可能被当作正向计分。\n\n示例：\n    \"单位成本\" 反向 目标 ≥100元 实际 120元 分值 10\n\n怎样改：\n    \"单位成本\" 反向 目标 ≤100元 实际 120元 分值 10";
    /// `其中` sub-rows that do not add up to their indicator, or add different units.
    PartsNotSumming = "W0509", Warning, "其中项与合计不符",
        title_en: "sub-rows do not add up",
        help: "使其中各项之和等于该指标的数值；不同单位的数量不能相加，应分别设指标",
        help_en: "make the 其中 rows add up to the indicator; quantities in different units cannot be added",
        source: "公开自评表中的常见错误（其中项与合计不符、不同单位相加）",
        source_en: "a common mistake in published forms (parts that do not add up to their total, amounts of different units added)",
        explain: "What it flags: an indicator whose `其中` sub-rows (parts with no weight of their own) do not add up to its target or actual, or whose parts are in different units but were summed anyway.\n\nExample (a real published form):\n    \"补助家畜家禽养殖数量\" 目标 192只 实际 192只 分值 10\n    \"其中羊养殖数量\" 目标 180只 实际 180只\n    \"其中猪养殖数量\" 目标 12头 实际 12头\n\n180只 + 12头 is not 192只: sheep and pigs are counted in different units.",
        explain_zh: "会报告什么：一个指标的 `其中` 各行（没有自己分值的细项）之和不等于该指标的目标或完成值，或细项单位不同却被加在一起。\n\n示例（一张真实公开的表）：\n    \"补助家畜家禽养殖数量\" 目标 192只 实际 192只 分值 10\n    \"其中羊养殖数量\" 目标 180只 实际 180只\n    \"其中猪养殖数量\" 目标 12头 实际 12头\n\n180只 + 12头 不是 192只：羊和猪的计量单位不同。\n\n怎样改：使其中各项之和等于该指标的数值；不同单位的数量不能相加，应分别设指标。";
    /// Template placeholders left in an indicator.
    PlaceholderLeft = "W0510", Warning, "残留模板占位符",
        title_en: "template placeholder left in",
        help: "删除占位行，或填写真实的指标名称和数值",
        help_en: "remove the placeholder row, or fill in the real name and values",
        source: "财预〔2020〕10号 附件1（模板中的“指标1：”等占位行应删除或填写）",
        source_en: "财预〔2020〕10号, annex 1 (the template's placeholder rows such as “指标1：” are to be filled in or removed)",
        explain: "What it flags: an indicator whose name, target or actual still holds a template placeholder: `**`, `XX`, `……`, or a bare `指标2：`.\n\nExample:\n    \"受益人数\" 目标 ≥**人 实际 120人 分值 10\n\nWrite instead: the real target, or remove the row (and move its points).",
        explain_zh: "会报告什么：指标的名称、目标或完成值中还留着模板占位符：`**`、`XX`、`……`，或单独的 `指标2：`。\n\n示例：\n    \"受益人数\" 目标 ≥**人 实际 120人 分值 10\n\n为什么要紧：占位符说明这一行还没填完，公开出去不像样。\n\n怎样改：填写真实的指标值，或删掉这一行（并把它的分值分给其他指标）。";
    /// A deadline target missed: the completion time is later than the target time.
    DeadlineMissed = "W0511", Warning, "完成时间晚于目标",
        title_en: "deadline missed",
        help: "如实按未达成打分，并在 `偏差` 中写明延误原因",
        help_en: "score the indicator as not achieved and explain the delay in `偏差`",
        source: "财预〔2020〕10号 附件1（时效指标：按时完成）；jixiao 评分规则 11（docs/LANGUAGE.md §12.9）",
        source_en: "财预〔2020〕10号, annex 1 (timeliness indicators: done on time); jixiao scoring rule 11 (docs/LANGUAGE.md §12.9)",
        explain: "What it flags: a time target (`9月前`, `12月底之前完成`, `2023年12月`, `第三季度`) whose actual completion time (`2024年3月`) is later. A time target is a deadline: any earlier or equal time meets it in full; a month without a year is in the form's year.\n\nExample:\n    \"项目完工时间\" 目标 6月底前 实际 8月 分值 10 得分 10\n\nWhy it matters: a late item is not achieved; declaring it at full weight inflates the score. jixiao keeps the unit's own deduction when it declares a score below the weight, and scores 0 otherwise.\n\nWrite instead:\n    \"项目完工时间\" 目标 6月底前 实际 8月 分值 10 得分 5 偏差 \"施工受汛期影响延误两个月\"",
        explain_zh: "会报告什么：一个时间目标（`9月前`、`12月底之前完成`、`2023年12月`、`第三季度`）的实际完成时间（`2024年3月`）晚于目标。时间目标是期限：早于或等于它都算完全达成；没写年份的月份按表的年度算。\n\n示例：\n    \"项目完工时间\" 目标 6月底前 实际 8月 分值 10 得分 10\n\n为什么要紧：延误的事项没有达成；按满分申报会抬高得分。单位申报的得分低于分值时，jixiao 采用单位自己的扣分，否则记 0 分。\n\n怎样改：\n    \"项目完工时间\" 目标 6月底前 实际 8月 分值 10 得分 5 偏差 \"施工受汛期影响延误两个月\"";
    /// A cost target written without a comparator, read as a cap.
    CostCapWithoutComparator = "W0512", Warning, "成本指标缺少比较符",
        title_en: "cost target without a comparator",
        help: "成本指标的指标值写成上限，如 `目标 ≤20万元`",
        help_en: "write a cost target as a cap, e.g. `目标 ≤20万元`",
        source: "财预〔2020〕10号 附件1（成本指标为反向指标，实际值不超过指标值为达成）；公开自评表中的常见错误",
        source_en: "财预〔2020〕10号, annex 1 (cost indicators are reverse indicators: met when the actual does not exceed the target); a common mistake in published forms",
        explain: "What it flags: an indicator under a 成本 category whose target is a bare amount of money (`20万元`, `800元`), with no `≤` and no `反向`. A cost target is a cap: jixiao scores it as reverse (full weight when the actual does not exceed it) and says the comparator is missing. When the declared score is weight × actual ÷ target (a cost scored as if higher were better: 9.50 = 10 × 38 ÷ 40 under a cap of 40), the message names that.\n\nExample:\n    \"项目建设成本\" 目标 40万元 实际 38万元 分值 10 得分 9.5\n\nWrite instead:\n    \"项目建设成本\" 目标 ≤40万元 实际 38万元 分值 10 得分 10",
        explain_zh: "会报告什么：成本类指标的目标是一个单纯的金额（`20万元`、`800元`），没有 `≤`，也没有写 `反向`。成本目标是上限：jixiao 按反向计分（实际不超过目标即得满分），并提示缺少比较符。如果申报得分等于 分值 × 实际 ÷ 目标（把成本当作越高越好来算：上限 40 时 9.50 = 10 × 38 ÷ 40），提示中会指出这一点。\n\n示例：\n    \"项目建设成本\" 目标 40万元 实际 38万元 分值 10 得分 9.5\n\n怎样改：\n    \"项目建设成本\" 目标 ≤40万元 实际 38万元 分值 10 得分 10";
    /// An actual written as a target (`实际 ≥266米`).
    ActualRestatesTarget = "W0513", Warning, "完成值写成了指标值",
        title_en: "actual written as a target",
        help: "实际完成值写实际达到的数值，如 `实际 272米`，不写比较符",
        help_en: "write the value actually reached, e.g. `实际 272米`, without a comparator",
        source: "财预〔2020〕10号 附件1（实际完成值应为实际达到的数值）；公开自评表中的常见错误",
        source_en: "财预〔2020〕10号, annex 1 (the actual value is the value actually reached); a common mistake in published forms",
        explain: "What it flags: an actual value written with a comparator (`实际 ≥266米`, `实际 ≥90%`): it restates the target instead of saying what was reached, so attainment cannot be checked. jixiao reads the number and scores it, but a reviewer cannot verify it.\n\nExample:\n    \"新建渠道长度\" 目标 ≥266米 实际 ≥266米 分值 10\n\nWrite instead:\n    \"新建渠道长度\" 目标 ≥266米 实际 272米 分值 10",
        explain_zh: "会报告什么：实际完成值带了比较符（`实际 ≥266米`、`实际 ≥90%`）：它重复了目标，而没有说明实际达到多少，无法核实是否完成。jixiao 读出数字并计分，但审核人员无法核实。\n\n示例：\n    \"新建渠道长度\" 目标 ≥266米 实际 ≥266米 分值 10\n\n怎样改：\n    \"新建渠道长度\" 目标 ≥266米 实际 272米 分值 10";
    /// All indicators declared at full marks although some fall short.
    InflatedScores = "W0601", Warning, "全部满分但有指标未达成",
        title_en: "full marks declared despite shortfalls",
        help: "按完成情况如实打分，并写明偏差原因",
        help_en: "score each indicator by what was achieved and explain the deviations",
        source: "财政部关于开展中央部门项目支出绩效自评工作的通知（严禁刻意抬高分数）",
        source_en: "Ministry of Finance notice on central departments' project self-evaluation (scores must not be inflated)",
        explain: "What it flags (only with --strict): every indicator of the form is declared at full marks, yet the figures show that some fell short.\n\nWhy it matters: the rules forbid inflating self-evaluation scores; a form where everything is perfect although targets were missed is a sign of it.",
        explain_zh: "会报告什么（只在 --strict 下）：表中每个指标都申报了满分，数据却显示有的指标没有完成。\n\n为什么要紧：规定禁止刻意抬高自评分数；目标没完成却处处满分，就是抬高分数的迹象。\n\n怎样改：按完成情况如实打分，并写明偏差原因。";
    /// Outputs all achieved while most of the money is unspent.
    OutputsWithoutSpending = "W0604", Warning, "产出全部完成但资金大部分未支出",
        title_en: "outputs all achieved with most of the money unspent",
        help: "核实产出指标的完成值，或说明资金未支出而产出已完成的原因",
        help_en: "check the outputs' actual values, or explain how the outputs were achieved without spending the money",
        source: "财政部关于开展中央部门项目支出绩效自评工作的通知（自评结果应真实反映绩效）；公开自评表中最常见的实质问题",
        source_en: "Ministry of Finance notice on central departments' project self-evaluation (results must reflect performance truly); the most common substantive problem in published forms",
        explain: "What it flags (only with --strict): every output indicator (产出指标) reported fully achieved while the execution rate is below 50%.\n\nExample (a real published form): every output indicator at 100% (土样 105 against ≧60) with 10.77% of the budget executed.\n\nWhy it matters: outputs normally cost money; full achievement with most of the budget unspent suggests the actual values restate the targets.",
        explain_zh: "会报告什么（只在 --strict 下）：每个产出指标都报告全部完成，执行率却低于 50%。\n\n示例（一张真实公开的表）：所有产出指标都是 100%（土样 105，目标 ≧60），预算只执行了 10.77%。\n\n为什么要紧：产出通常要花钱；钱大部分没花、产出却全部完成，说明完成值可能只是照抄了目标。\n\n怎样改：核实产出指标的完成值，或说明资金未支出而产出已完成的原因。";
    /// A satisfaction indicator without a survey figure.
    SatisfactionWithoutSurvey = "W0602", Warning, "满意度指标缺少调查数据",
        title_en: "satisfaction without a survey figure",
        help: "满意度应为调查得出的比率，如 `实际 96%`，并说明调查方式",
        help_en: "satisfaction should be a rate from a survey, e.g. `实际 96%`, with how it was surveyed",
        source: "项目支出绩效自评表填报说明（满意度 = 满意人数 ÷ 有效调查人数）",
        source_en: "instructions of the project self-evaluation form (satisfaction = satisfied respondents ÷ valid respondents)",
        explain: "What it flags (only with --strict): an indicator under 满意度指标 whose actual is a word (`高`, `满意`) or missing rather than a surveyed rate.\n\nWhy it matters: satisfaction is measured as satisfied respondents divided by valid respondents; without a figure the score cannot be verified.",
        explain_zh: "会报告什么（只在 --strict 下）：满意度指标下的指标，实际完成值是文字（`高`、`满意`）或没有填写，而不是调查得出的比率。\n\n为什么要紧：满意度 = 满意人数 ÷ 有效调查人数；没有数字，得分无法核实。\n\n怎样改：写调查得出的比率，如 `实际 96%`，并说明调查方式。";
    /// A level-1 weight that differs from the profile's default.
    Level1WeightAdjusted = "W0603", Warning, "一级指标分值与默认值不同",
        title_en: "level-1 weight adjusted",
        help: "如属特殊情况调整，在说明中写明理由",
        help_en: "if the adjustment is deliberate, state the reason",
        source: "财预〔2020〕10号 第二十二条（一级指标权重原则上为产出50%、效益30%、满意度10%，如有特殊情况可调整）",
        source_en: "财预〔2020〕10号, article 22 (level-1 weights are in principle output 50%, effect 30%, satisfaction 10%, adjustable in special cases)",
        explain: "What it flags (only with --strict): a level-1 category whose declared weight differs from the profile's default (central-2020: 产出指标 50, 效益指标 30, 满意度指标 10).\n\nWhy it matters: the rules allow the adjustment in special cases only; a reviewer wants to see it.",
        explain_zh: "会报告什么（只在 --strict 下）：一级指标写明的分值与评分规则的默认值不同（central-2020：产出指标 50、效益指标 30、满意度指标 10）。\n\n为什么要紧：规定只允许在特殊情况下调整，审核人员需要看到。\n\n怎样改：如属特殊情况调整，在说明中写明理由。";
    /// An execution rate below the profile's threshold with no reason.
    ExecutionReasonMissing = "W0507", Warning, "执行率偏低但未说明原因",
        title_en: "low execution rate not explained",
        help: "在资金块写 `原因 \"…\"`，说明执行率偏低的原因",
        help_en: "write `原因 \"…\"` in the budget block to explain the low execution rate",
        source: "四川省部门预算项目支出绩效自评表 填表说明第1条（预算执行率未达到90%的需说明原因）",
        source_en: "Sichuan department budget project self-evaluation form, instruction 1 (an execution rate under 90% needs a reason)",
        explain: "What it flags: an execution rate below the profile's threshold (sichuan-2023: 90%) with no reason written in the budget block.\n\nExample:\n    资金 万元 {\n        财政资金 100 100 80\n    }\n\nWrite instead:\n    资金 万元 {\n        财政资金 100 100 80\n        原因 \"部分工程款跨年支付\"\n    }",
        explain_zh: "会报告什么：执行率低于评分规则的阈值（sichuan-2023：90%），资金块中却没有写原因。\n\n示例：\n    资金 万元 {\n        财政资金 100 100 80\n    }\n\n为什么要紧：填表说明要求对偏低的执行率说明原因。\n\n怎样改：\n    资金 万元 {\n        财政资金 100 100 80\n        原因 \"部分工程款跨年支付\"\n    }";
    /// A declared value that cannot be checked.
    DeclaredWithoutBasis = "W0506", Warning, "申报值无法核对",
        title_en: "declared value cannot be checked",
        help: "补写计算该值所需的数据",
        help_en: "write the figures the value is computed from",
        source: "财预〔2020〕10号 附件1",
        source_en: "财预〔2020〕10号, annex 1",
        explain: "What it flags: a declared value (执行率, 得分) that cannot be checked because the figures it depends on are missing (for example an execution rate with no 全年执行数).",
        explain_zh: "会报告什么：一个申报值（执行率、得分）无法核对，因为它所依据的数据缺失（例如写了执行率，却没有全年执行数）。\n\n为什么要紧：无法核对的数，审核时无法确认。\n\n怎样改：补写计算该值所需的数据。";
}

impl fmt::Display for Code {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_prefixed_by_severity() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {code}");
            let prefix = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(
                code.as_str().starts_with(prefix),
                "{code} has the wrong prefix"
            );
            assert!(!code.explanation().is_empty());
            assert!(!code.explanation_zh().is_empty());
        }
    }

    /// `jixiao explain` is Chinese by default: every code has a Chinese explanation with the
    /// Chinese headings, and no English heading left in it.
    #[test]
    fn every_code_has_a_chinese_explanation() {
        for code in Code::ALL {
            let text = code.explanation_zh();
            assert!(text.starts_with("会报告什么"), "{code}: {text}");
            assert!(text.contains("怎样改"), "{code}: no 怎样改");
            for english in [
                "What it flags",
                "Why it matters",
                "Write instead",
                "Example",
            ] {
                assert!(!text.contains(english), "{code}: {english}");
            }
        }
    }

    #[test]
    fn every_code_has_an_english_source() {
        // Under `--lang en` the source is English; only cited titles (财预〔2020〕10号, a form's
        // own column names) stay in Chinese, so it holds far fewer CJK characters.
        let cjk = |text: &str| {
            text.replace("财预〔2020〕10号", "")
                .chars()
                .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
                .count()
        };
        for code in Code::ALL {
            let (zh, en) = (code.source(), code.source_en());
            assert!(!en.trim().is_empty(), "{code}: no English source");
            assert!(
                cjk(en) * 2 < cjk(zh).max(1),
                "{code}: English source still mostly Chinese: {en}"
            );
        }
    }

    #[test]
    fn parse_finds_codes_case_insensitively() {
        assert_eq!(Code::parse("w0302"), Some(Code::ExecutionRateWrongBase));
        assert_eq!(Code::parse("X9999"), None);
    }
}
