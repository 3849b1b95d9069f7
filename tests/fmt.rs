//! `jixiao fmt`: snapshots of the house style, and properties over generated forms.
//!
//! Properties (proptest, bounded to a few seconds): for every generated form that parses
//! without errors, formatting succeeds, is idempotent, keeps the meaning (the AST without spans
//! is unchanged) and keeps every comment in order. Generated forms mix Chinese and English
//! keywords, CJK and ASCII names, comments in every position, odd spacing, colons, IME
//! separators, `"""` texts, CRLF or LF.

use jixiao::fmt::{comments, format, without_spans, FormatOptions, Lang};
use proptest::prelude::*;

fn fmt(source: &str) -> String {
    match format(source, FormatOptions::default()) {
        Ok(text) => text,
        Err(diagnostics) => panic!("fmt refused: {diagnostics:#?}\n--- source ---\n{source}"),
    }
}

fn ast(source: &str) -> String {
    let (file, _) = jixiao::parse(source);
    without_spans(&format!("{file:?}"))
}

fn read(relative: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

// ── snapshots ──────────────────────────────────────────────────────────────────────────────

#[test]
fn examples_are_formatted_and_stable() {
    for relative in [
        "examples/renda-2021/department.jx",
        "examples/renda-2021/project-congress-meetings.jx",
        "examples/renda-2022/department.jx",
        "examples/renda-2022/project-congress-meetings.jx",
    ] {
        let source = read(relative);
        let formatted = fmt(&source);
        assert_eq!(
            formatted, source,
            "{relative} is not in the canonical layout"
        );
        assert_eq!(fmt(&formatted), formatted);
    }
}

/// A messy form, every comment position used.
const COMMENTS: &str = "\u{FEFF}// 文件头注释 1
// 文件头注释 2


项目：“全是注释的项目” 2022 {   // 表单头之后
// 顶格的注释
      主管部门：区人大常委会办公室   // 行尾
\t实施单位 \"区人大常委会办公室\"；
    自评总得分 95.50    // 申报值


    // 资金块之前
  资金 万元 {  //        年初预算数   全年预算数   全年执行数
合计 165 165.0 155.410 // 合计行
        财政拨款   165   165.0   155.410
    // 块内的注释
        分值 10
    执行率：94%
  }   // 资金块结束

    年度总体目标 {
        预期目标 \"\"\"
  第一行
    缩进的第二行

  第四行
        \"\"\"
        实际完成 “一行完成情况”   // 引号
    }
    产出指标 {
        // 类别内第一行
        数量指标 {
            \"开展人代会次数\" 目标 2次 实际 2次 分值 10   // 2 次
            \"常委会\"：目标：≥ 8次 实际 13次 分值 10 偏差 临时 增开 5 次
            // 指标之间
            \"English name\" target >=3 actual 3 weight 10
            \"块形式的指标\" {
                目标 ≤90万元 实际 85万元   // 成本
                分值 10
            }   // 块形式结束
        }
        质量指标 {
            \"人代会预期效果\"  定性  目标 优  实际 优  分值 10
        }
    }
// 结尾注释
}
// 文件末尾注释
";

#[test]
fn a_file_full_of_comments() {
    let formatted = fmt(COMMENTS);
    insta::assert_snapshot!(formatted);
    assert_eq!(comments(&formatted), comments(COMMENTS));
    assert_eq!(ast(&formatted), ast(COMMENTS));
    assert_eq!(fmt(&formatted), formatted);
}

#[test]
fn english_keywords_on_request() {
    let source = read("examples/renda-2021/project-congress-meetings.jx");
    let english = format(
        &source,
        FormatOptions {
            lang: Some(Lang::En),
        },
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    insta::assert_snapshot!(english);
    assert_eq!(ast(&english), ast(&source));
    // The file is now mostly English: formatting again keeps it English.
    assert_eq!(fmt(&english), english);
    let back = format(
        &english,
        FormatOptions {
            lang: Some(Lang::Zh),
        },
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(back, source);
}

#[test]
fn crlf_stays_crlf() {
    let source = read("examples/renda-2021/department.jx").replace('\n', "\r\n");
    let formatted = fmt(&source);
    assert_eq!(formatted, source);
    assert!(!formatted.replace("\r\n", "").contains('\n'));
}

#[test]
fn numbers_and_comparators_keep_their_spelling() {
    let source = "项目 \"x\" 2021 {\n  资金 万元 {\n    财政拨款 165 165.0 155.410\n    分值 10\n  }\n  产出指标 {\n    \"甲\" 目标 >=95％ 实际 96％ 分值 10.0\n  }\n}\n";
    let formatted = fmt(source);
    for spelling in ["155.410", "165.0", ">=95％", "96％", "10.0"] {
        assert!(
            formatted.contains(spelling),
            "{spelling} lost:\n{formatted}"
        );
    }
}

#[test]
fn files_with_errors_are_left_alone() {
    let source =
        "项目 \"x\" 2021 {\n    产出指标 {\n        \"甲\" 目标 2次 实祭 2次 分值 10\n    }\n}\n";
    let errors = format(source, FormatOptions::default())
        .err()
        .unwrap_or_default();
    assert!(!errors.is_empty());
    assert!(errors.iter().all(jixiao::Diagnostic::is_error));
}

// ── generated forms ────────────────────────────────────────────────────────────────────────

/// Turns a byte stream into choices; once the stream is used up every choice is 0, so
/// proptest's shrinking (shorter, smaller streams) shrinks the generated form too.
struct Choices<'a> {
    bytes: &'a [u8],
    index: usize,
}

impl Choices<'_> {
    fn pick(&mut self, count: usize) -> usize {
        let byte = self.bytes.get(self.index).copied().unwrap_or(0);
        self.index += 1;
        usize::from(byte) % count.max(1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.pick(100) < percent
    }

    fn of<'b>(&mut self, options: &[&'b str]) -> &'b str {
        options[self.pick(options.len())]
    }
}

struct Generator<'a> {
    choices: Choices<'a>,
    out: String,
    depth: usize,
    counter: usize,
}

impl Generator<'_> {
    /// Some messy indentation.
    fn indent(&mut self) {
        let style = self.choices.pick(6);
        let indent = match style {
            0 => String::new(),
            1 => "\t".repeat(self.depth),
            2 => "  ".repeat(self.depth),
            3 => " ".repeat(self.depth * 4 + 3),
            4 => "\u{3000}".repeat(self.depth),
            _ => "    ".repeat(self.depth),
        };
        self.out.push_str(&indent);
    }

    fn space(&mut self) -> &'static str {
        self.choices.of(&[" ", " ", "  ", "\t", "   ", "；", " ，"])
    }

    fn colon(&mut self) -> &'static str {
        if self.choices.chance(15) {
            self.choices.of(&["：", ":"])
        } else {
            ""
        }
    }

    fn end_of_line(&mut self) {
        if self.choices.chance(25) {
            let spaces = self.space();
            self.out.push_str(spaces);
            let comment = self.comment_text();
            self.out.push_str(&comment);
        }
        self.out.push('\n');
    }

    fn comment_text(&mut self) -> String {
        let text = self.choices.of(&[
            "// 注释",
            "//comment",
            "// 年初预算数  全年预算数",
            "// \"引号\" { 花括号 }",
            "//",
            "// TODO 核对 155.410",
        ]);
        self.counter += 1;
        format!("{text} #{}", self.counter)
    }

    fn gap(&mut self) {
        // Comment lines and blank lines between statements.
        for _ in 0..self.choices.pick(3) {
            if self.choices.chance(50) {
                self.indent();
                let comment = self.comment_text();
                self.out.push_str(&comment);
                self.out.push('\n');
            } else {
                self.out.push('\n');
            }
        }
    }

    fn name(&mut self) -> String {
        self.counter += 1;
        let base = self.choices.of(&[
            "开展人代会次数",
            "Meetings held",
            "满意度",
            "x",
            "常委会 会议",
            "代表履职率（%）",
        ]);
        let quote = self.choices.pick(3);
        let name = format!("{base}{}", self.counter);
        if quote == 0 {
            format!("“{name}”")
        } else {
            format!("\"{name}\"")
        }
    }

    fn number(&mut self) -> &'static str {
        self.choices
            .of(&["165", "155.410", "0", "12.5", "1945.74731", "10"])
    }

    fn form(&mut self) {
        self.gap();
        let kind = self
            .choices
            .of(&["项目", "project", "部门整体", "department"]);
        let name = self.name();
        let year = self.choices.of(&["2021", "2022"]);
        let colon = self.colon();
        let space = self.space();
        self.out
            .push_str(&format!("{kind}{colon} {name}{space}{year} {{"));
        self.end_of_line();
        self.depth += 1;
        for _ in 0..self.choices.pick(3) {
            self.gap();
            self.indent();
            let key = self.choices.of(&[
                "主管部门",
                "supervising_department",
                "实施单位",
                "联系人",
                "备注",
            ]);
            let colon = self.colon();
            let value = self.choices.of(&[
                "\"区人大常委会办公室\"",
                "区人大 常委会",
                "“办公室”",
                "某局",
            ]);
            self.out.push_str(&format!("{key}{colon} {value}"));
            self.end_of_line();
            // Unknown or repeated keys would be diagnostics; keep at most one of each.
            if key != "备注" {
                break;
            }
        }
        if self.choices.chance(70) {
            self.budget();
        }
        if self.choices.chance(50) {
            self.goals();
        }
        for category in ["产出指标", "效益指标"]
            .iter()
            .take(1 + self.choices.pick(2))
        {
            self.category(category);
        }
        self.gap();
        self.depth -= 1;
        self.indent();
        self.out.push('}');
        self.end_of_line();
    }

    fn budget(&mut self) {
        self.gap();
        self.indent();
        let key = self.choices.of(&["资金", "budget"]);
        self.out.push_str(&format!("{key} 万元 {{"));
        self.end_of_line();
        self.depth += 1;
        for label in ["合计", "财政拨款", "上年结转"]
            .iter()
            .take(1 + self.choices.pick(3))
        {
            self.gap();
            self.indent();
            self.out.push_str(label);
            for _ in 0..3 {
                let space = self.space();
                let number = self.number();
                self.out.push_str(space);
                self.out.push_str(number);
            }
            self.end_of_line();
        }
        for (zh, en, value) in [
            ("分值", "weight", "10"),
            ("执行率", "execution_rate", "94%"),
        ] {
            if self.choices.chance(60) {
                self.indent();
                let key = if self.choices.chance(50) { zh } else { en };
                let colon = self.colon();
                self.out.push_str(&format!("{key}{colon} {value}"));
                self.end_of_line();
            }
        }
        self.depth -= 1;
        self.indent();
        self.out.push('}');
        self.end_of_line();
    }

    fn goals(&mut self) {
        self.gap();
        self.indent();
        self.out
            .push_str(self.choices.of(&["年度总体目标 {", "goals {"]));
        self.end_of_line();
        self.depth += 1;
        self.indent();
        self.out.push_str("预期目标 \"\"\"\n");
        let base = " ".repeat(self.choices.pick(9));
        for line in [
            "深入践行基本政治制度，",
            "  缩进两格的一行",
            "",
            "Third line.",
        ] {
            if !line.is_empty() {
                self.out.push_str(&base);
            }
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.indent();
        self.out.push_str("\"\"\"");
        self.end_of_line();
        if self.choices.chance(50) {
            self.indent();
            self.out.push_str("实际完成 \"完成\"");
            self.end_of_line();
        }
        self.depth -= 1;
        self.indent();
        self.out.push('}');
        self.end_of_line();
    }

    fn category(&mut self, level1: &str) {
        self.gap();
        self.indent();
        let level1 = match (level1, self.choices.chance(30)) {
            ("产出指标", true) => "output",
            ("效益指标", true) => "outcome",
            (name, _) => name,
        };
        let weight = if self.choices.chance(30) {
            " 50分"
        } else {
            ""
        };
        self.out.push_str(&format!("{level1}{weight} {{"));
        self.end_of_line();
        self.depth += 1;
        let children: &[&str] = if level1 == "产出指标" || level1 == "output" {
            &["数量指标", "质量指标", "quality"]
        } else {
            &["社会效益指标", "可持续影响指标"]
        };
        for child in children.iter().take(1 + self.choices.pick(2)) {
            self.gap();
            self.indent();
            self.out.push_str(&format!("{child} {{"));
            self.end_of_line();
            self.depth += 1;
            for _ in 0..1 + self.choices.pick(4) {
                self.indicator();
            }
            self.gap();
            self.depth -= 1;
            self.indent();
            self.out.push('}');
            self.end_of_line();
        }
        self.depth -= 1;
        self.indent();
        self.out.push('}');
        self.end_of_line();
    }

    fn attributes(&mut self) -> Vec<String> {
        let mut attributes = Vec::new();
        let english = self.choices.chance(30);
        let key = |zh: &'static str, en: &'static str| if english { en } else { zh };
        if self.choices.chance(40) {
            attributes.push(format!("{} 次", key("单位", "unit")));
        }
        if self.choices.chance(30) {
            attributes.push(key("定性", "qualitative").to_string());
            attributes.push(format!("{} 优", key("目标", "target")));
            attributes.push(format!("{} 优", key("实际", "actual")));
        } else {
            let target = self
                .choices
                .of(&["2次", "≥95%", ">= 95%", "≤90万元", "90%~100%", "8次"]);
            let colon = self.colon();
            attributes.push(format!("{}{colon} {target}", key("目标", "target")));
            let actual = self.choices.of(&["2次", "96%", "85万元", "13次", "99％"]);
            attributes.push(format!("{} {actual}", key("实际", "actual")));
        }
        let weight = self.choices.of(&["10", "10%", "12.5"]);
        attributes.push(format!("{} {weight}", key("分值", "weight")));
        if self.choices.chance(30) {
            attributes.push(format!("{} 100%", key("系数", "coefficient")));
        }
        if self.choices.chance(20) {
            attributes.push(format!("{} \"临时 增开\"", key("偏差", "deviation")));
        }
        if self.choices.chance(15) {
            self.counter += 1;
            attributes.push(format!("id 指标{}", self.counter));
        }
        attributes
    }

    fn indicator(&mut self) {
        self.gap();
        self.indent();
        let name = self.name();
        let attributes = self.attributes();
        if self.choices.chance(15) {
            // The block form.
            self.out.push_str(&format!("{name} {{"));
            self.end_of_line();
            self.depth += 1;
            for line in attributes.chunks(2) {
                self.indent();
                let space = self.space();
                self.out.push_str(&line.join(space));
                self.end_of_line();
            }
            self.depth -= 1;
            self.indent();
            self.out.push('}');
        } else {
            self.out.push_str(&name);
            for attribute in attributes {
                let space = self.space();
                self.out.push_str(space);
                self.out.push_str(&attribute);
            }
        }
        self.end_of_line();
    }
}

fn generate(bytes: &[u8]) -> String {
    let mut generator = Generator {
        choices: Choices { bytes, index: 0 },
        out: String::new(),
        depth: 0,
        counter: 0,
    };
    if generator.choices.chance(50) {
        let comment = generator.comment_text();
        generator.out.push_str(&comment);
        generator.out.push('\n');
    }
    for _ in 0..1 + generator.choices.pick(2) {
        generator.form();
    }
    generator.gap();
    let mut out = generator.out;
    if generator.choices.chance(30) {
        out = out.replace('\n', "\r\n");
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn formatting_is_idempotent_and_keeps_meaning_and_comments(
        bytes in proptest::collection::vec(any::<u8>(), 0..600)
    ) {
        let source = generate(&bytes);
        let (_, diagnostics) = jixiao::parse(&source);
        // Generated forms are meant to be error-free; a rare one with an error is skipped.
        prop_assume!(!diagnostics.iter().any(jixiao::Diagnostic::is_error));
        let once = fmt(&source);
        prop_assert_eq!(fmt(&once), once.clone(), "not idempotent\n--- source ---\n{}", source);
        prop_assert_eq!(ast(&once), ast(&source), "meaning changed\n--- source ---\n{}", source);
        prop_assert_eq!(comments(&once), comments(&source));
        prop_assert_eq!(once.contains("\r\n"), source.contains("\r\n"));
        for lang in [Lang::Zh, Lang::En] {
            let translated = format(&source, FormatOptions { lang: Some(lang) });
            prop_assert!(translated.is_ok(), "--lang refused: {:?}", translated);
            let translated = translated.unwrap_or_default();
            prop_assert_eq!(ast(&translated), ast(&source));
            prop_assert_eq!(fmt(&translated), translated.clone());
        }
    }
}

#[test]
fn most_generated_forms_are_error_free() {
    // Guards the property test against testing nothing: the generator must mostly produce
    // forms without errors.
    let mut clean = 0;
    for seed in 0..200u32 {
        let bytes: Vec<u8> = (0..600u32)
            .map(|index| {
                (index
                    .wrapping_mul(2_654_435_761)
                    .wrapping_add(seed.wrapping_mul(40_503))
                    >> 13) as u8
            })
            .collect();
        let source = generate(&bytes);
        let (_, diagnostics) = jixiao::parse(&source);
        if diagnostics.iter().any(jixiao::Diagnostic::is_error) {
            continue;
        }
        clean += 1;
    }
    assert!(
        clean >= 150,
        "only {clean} of 200 generated forms are error-free"
    );
}
