//! `jixiao import` on real forms it was not built on (issue 14): headers found by their columns
//! when a caption is lost, money units and totals as the header prints them, web pages, and
//! never a silent failure.

mod common;

use std::path::{Path, PathBuf};

fn tables() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/tables")
}

/// Imports `input` into a fresh directory; returns the exit code, the report and the `.jx` texts
/// (sorted by file name, the unmapped-cell comment lines left out: their places differ between
/// inputs).
fn import(input: &Path, extra: &[&str]) -> (Option<i32>, String, Vec<(String, String)>) {
    let directory = tempfile::tempdir().expect("temp dir");
    let out = directory.path().join("out");
    let mut arguments = vec![
        "import",
        input.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
        "--year",
        "2020",
    ];
    arguments.extend(extra);
    let output = common::run(&arguments);
    let report = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&out)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let text = std::fs::read_to_string(e.path()).expect("read import");
                    let kept: Vec<&str> =
                        text.lines().filter(|l| !l.starts_with("//   ")).collect();
                    (e.file_name().to_string_lossy().to_string(), kept.join("\n"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    (output.status.code(), report, files)
}

/// Writes `text` to a file named `name` in a fresh directory kept alive by the returned guard.
fn write(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join(name);
    std::fs::write(&path, text).expect("write input");
    (directory, path)
}

/// The captions a layout prints over its indicator columns (merged over the whole table).
const CAPTIONS: &[&str] = &[
    "绩效指标",
    "年度绩效指标",
    "年度绩效指标完成情况",
    "绩效指标(90分)",
    "四、年度绩效指标完成情况",
];

/// Issue 14: one form lost all its indicators because the `绩效指标` caption cell before the
/// column headers was merged away. Every layout fixture with such a caption imports the same
/// indicators from a text copy without it.
#[test]
fn a_text_copy_without_its_indicator_caption_yields_every_indicator() {
    let mut tried = 0;
    for entry in std::fs::read_dir(tables()).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let lines: Vec<&str> = text.split('\n').collect();
        let Some(at) = lines.iter().position(|l| CAPTIONS.contains(&l.trim())) else {
            continue;
        };
        let mut without = lines.clone();
        without.remove(at);
        let (_guard, copy) = write("copy.txt", &without.join("\n"));
        let (code, report, files) = import(&path, &[]);
        let (code_without, report_without, files_without) = import(&copy, &[]);
        assert_eq!(code, Some(0), "{}: {report}", path.display());
        assert_eq!(
            code_without,
            Some(0),
            "{}: {report_without}",
            path.display()
        );
        assert_eq!(
            files_without,
            files,
            "{} without its caption `{}`:\n{report_without}",
            path.display(),
            lines[at].trim()
        );
        assert!(files
            .iter()
            .any(|(_, t)| t.contains(" 得分 ") || t.contains(" 目标 ")));
        tried += 1;
    }
    assert!(tried >= 8, "only {tried} fixtures have a caption");
}

/// The budget table's caption (`项目资金(万元)`, merged over its rows) lost from the header row:
/// every amount, rate and score stays under its own header cell, never shifted by one column
/// (a shift made `得分 10` an `执行率 10` and `执行率 100%` a weight).
#[test]
fn a_budget_without_its_caption_keeps_every_cell_under_its_header() {
    for name in [
        "002-tianchang-shuili-fangyu",
        "006-lijiang-gucheng-weipian",
        "003-qingshen-fagai-gongzi",
        "012-hengshan-liangshi-chubeiliang",
    ] {
        let path = tables().join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let lines: Vec<&str> = text.split('\n').collect();
        let at = lines
            .iter()
            .position(|l| {
                let l = l.trim();
                (l.starts_with("项目资金") || l.starts_with("预算执行情况"))
                    && l.chars().count() < 20
            })
            .expect("a budget caption");
        let mut without = lines.clone();
        without.remove(at);
        let (_guard, copy) = write("copy.txt", &without.join("\n"));
        let (_, _, files) = import(&path, &[]);
        let (code, report, files_without) = import(&copy, &[]);
        assert_eq!(code, Some(0), "{name}: {report}");
        let budget = |files: &[(String, String)]| -> Vec<String> {
            files
                .iter()
                .flat_map(|(_, t)| t.lines())
                .skip_while(|l| !l.trim_start().starts_with("资金"))
                .take_while(|l| l.trim() != "}")
                .map(str::to_string)
                .collect()
        };
        assert_eq!(budget(&files_without), budget(&files), "{name}:\n{report}");
    }
}

/// A text copy with the indicator table's header and labels but no indicator row that can be
/// read (its rows lost their breaks: one cell a line).
const UNREADABLE_TABLE: &str = "\
项目支出绩效自评表
（2022年度）

项目名称
道路养护

主管部门
县交通运输局

项目资金(万元)
年初预算数
全年预算数
全年执行数

年度资金总额
100
100
90

一级指标
二级指标
三级指标
年度指标值
实际完成值
分值
得分
产出指标
数量指标
养护里程
≥100公里
120公里
20
20
";

/// Issue 14: a form with an indicator-like region of which no indicator was read ends its
/// report with the `注意` line and exits 1, writing nothing; with `--allow-partial` it exits 0
/// with the same line and writes what was read.
#[test]
fn a_form_whose_indicators_cannot_be_read_is_never_a_silent_success() {
    let (_guard, input) = write("道路养护.txt", UNREADABLE_TABLE);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(files.is_empty(), "{files:?}");
    let last = report.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
    assert!(
        last.trim().starts_with("注意: 没有读出绩效指标表（第 ") && last.ends_with(" 行）"),
        "{report}"
    );
    let (code, partial_report, files) = import(&input, &["--allow-partial"]);
    assert_eq!(code, Some(0), "{partial_report}");
    assert_eq!(files.len(), 1, "{partial_report}");
    assert!(partial_report.contains(last.trim()), "{partial_report}");
}

/// `--dry-run` prints the `.jx` text on stdout and writes nothing; `--format json` gives the
/// report per form (name, year, profile and why, indicators, unmapped cells with their places).
#[test]
fn dry_run_prints_the_text_and_json_reports_every_form() {
    let input = tables().join("003-qingshen-fagai-gongzi.txt");
    let directory = tempfile::tempdir().expect("temp dir");
    let out = directory.path().join("never");
    let output = common::run(&[
        "import",
        input.to_str().expect("utf-8"),
        "--dry-run",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("项目 \""), "{stdout}");
    assert!(!out.exists());
    let report: serde_json::Value =
        serde_json::from_slice(&output.stderr).expect("the report is JSON");
    let form = &report["inputs"][0]["forms"][0];
    assert_eq!(form["profile"], "sichuan-2023");
    assert!(form["profile_evidence"]
        .as_str()
        .is_some_and(|e| e.contains("510000")));
    assert!(form["indicators"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(form["written"], serde_json::Value::Null);
    // Nothing written in the working directory either.
    let (code, json, files) = import(&input, &["--format", "json"]);
    assert_eq!(code, Some(0));
    assert_eq!(files.len(), 1);
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON on stdout");
    assert!(report["inputs"][0]["forms"][0]["written"]
        .as_str()
        .is_some_and(|w| w.ends_with(".jx")));
}

/// A sample copy (`source:`/`kind:`/`year:`, one cell a line) whose indicator rows are written
/// `a | b | …` under a two-row header written one cell a line (云南 部门决算公开表): each row is
/// read as printed, a row that left out its last blank cell is placed by its header cells, and a
/// blank 指标性质 stays blank (never the row above's comparator).
#[test]
fn rows_written_with_bars_are_rows_under_a_two_row_header() {
    let copy = "\
source: test
kind: project
year: 2022

2022年度项目支出绩效自评表
项目名称
校舍维修
项目资金(万元)
年初预算数
全年预算数
全年执行数
分值
执行率
得分
年度资金总额
10
10
10
10
100%
10
绩效指标
年度指标值
实际完成值
分值
得分
偏差原因分析及改进措施
一级指标
二级指标
三级指标
指标性质
指标值
度量单位
产出指标 | 数量指标 | 维修校舍面积 | ≧ | 500 | 平方米 | 520 | 50 | 50 |
产出指标 | 质量指标 | 验收合格率 | ═ | 100 | % | 100% | 20 | 20
效益指标 | 社会效益指标 | 改善办学条件 | | 有效 | | 有效 | 10 | 9
满意度指标 | 服务对象满意度指标 | 师生满意度 | ≧ | 90 | % | 95% | 10 | 10 | 无
";
    let (_guard, input) = write("sample.txt", copy);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let text = &files[0].1;
    assert!(
        text.contains(
            "\"维修校舍面积\"  指标性质 ≧  目标 500  单位 平方米  实际 520  分值 50  得分 50"
        ),
        "{text}"
    );
    assert!(
        text.contains("\"改善办学条件\"  目标 有效  实际 有效  分值 10  得分 9"),
        "{text}"
    );
    assert!(text.contains("\"师生满意度\""), "{text}");
    assert!(report.contains("4 个指标"), "{report}");
}

/// `jixiao import page.html --dry-run` (a government web page, here saved as `.htm`) prints the
/// `.jx` text, the same as the Word file gives, and writes nothing.
#[test]
fn a_web_page_dry_run_prints_the_form_and_writes_nothing() {
    let page = std::fs::read_to_string(tables().join("006-lijiang-gucheng-weipian.html"))
        .expect("read fixture");
    let (guard, input) = write("自评表.htm", &page);
    let output = common::run(&[
        "import",
        input.to_str().expect("utf-8"),
        "--dry-run",
        "--year",
        "2020",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let printed = String::from_utf8_lossy(&output.stdout).to_string();
    let written: Vec<_> = std::fs::read_dir(guard.path()).expect("dir").collect();
    assert_eq!(written.len(), 1, "only the input is there");
    let (_, _, files) = import(&tables().join("006-lijiang-gucheng-weipian.docx"), &[]);
    let kept: Vec<&str> = printed
        .lines()
        .filter(|l| !l.starts_with("//   "))
        .collect();
    assert_eq!(kept.join("\n"), files[0].1);
    // The report (on stderr) names cells by their place on the page.
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(report.contains("1 张表"), "{report}");
}

/// A text copy (one cell a line, an empty line after each row) of a transfer-payment form: the
/// name under 转移支付（项目）名称, the money unit in the header (`项目资金（元）`), amounts typed
/// with their unit, and a totals row with a grade.
fn transfer_form(unit_caption: &str, amount: &str) -> String {
    let rows: Vec<Vec<String>> = vec![
        vec!["中央对地方转移支付区域绩效自评表".into()],
        vec!["（2022年度）".into()],
        vec!["转移支付（项目）名称".into(), "农村综合改革转移支付".into()],
        vec!["主管部门及代码".into(), "101-县财政局".into()],
        vec![
            unit_caption.into(),
            "年初预算数".into(),
            "全年预算数".into(),
            "全年执行数".into(),
            "分值".into(),
            "执行率".into(),
            "得分".into(),
        ],
        vec![
            "年度资金总额".into(),
            amount.into(),
            amount.into(),
            amount.into(),
            "10".into(),
            "100%".into(),
            "10".into(),
        ],
        vec![
            "一级指标".into(),
            "二级指标".into(),
            "三级指标".into(),
            "年度指标值".into(),
            "实际完成值".into(),
            "分值".into(),
            "得分".into(),
        ],
        vec![
            "产出指标".into(),
            "数量指标".into(),
            "改造村数".into(),
            "≥10个".into(),
            "12个".into(),
            "50".into(),
            "50".into(),
        ],
        vec![
            "效益指标".into(),
            "社会效益指标".into(),
            "群众受益率".into(),
            "≥90%".into(),
            "95%".into(),
            "40".into(),
            "36".into(),
        ],
        vec!["总分".into(), "100".into(), "96".into(), "优".into()],
    ];
    rows.iter()
        .map(|row| row.join("\n") + "\n\n")
        .collect::<String>()
}

#[test]
fn a_transfer_payment_form_keeps_its_name_its_money_unit_and_its_grade() {
    for (caption, amount, unit) in [
        ("项目资金（元）", "387664.62", "元"),
        ("资金情况（万元）", "4753.66万元", "万元"),
        ("项目资金", "150万", "万元"),
        ("项目资金", "387664.62元", "元"),
    ] {
        let (_guard, input) = write("转移支付.txt", &transfer_form(caption, amount));
        let (code, report, files) = import(&input, &[]);
        assert_eq!(code, Some(0), "{caption} {amount}: {report}");
        assert_eq!(files.len(), 1, "{report}");
        let text = &files[0].1;
        assert!(
            text.starts_with("项目 \"农村综合改革转移支付\" 2022 {"),
            "{text}"
        );
        assert!(
            text.contains(&format!("资金 {unit} {{")),
            "{caption} {amount}:\n{text}"
        );
        let number = amount.trim_end_matches(['万', '元']);
        assert!(
            text.contains(&format!("年度资金总额  {number}")),
            "{caption} {amount}:\n{text}"
        );
        assert!(text.contains("自评总得分 96"), "{text}");
        assert!(text.contains("评价等级 优"), "{text}");
        assert!(text.contains("主管部门 \"101-县财政局\""), "{text}");
        assert!(!report.contains("    未能识别 "), "{report}");
    }
}

/// The same form as a sample copy (one cell a line, no row breaks, no 绩效指标 caption): the
/// amounts typed `150万` are read, the indicators found by their columns.
#[test]
fn a_sample_copy_without_row_breaks_reads_amounts_typed_with_their_unit() {
    let cells: String = transfer_form("项目资金", "150万")
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let copy = format!("source: test\nkind: project\nyear: 2022\n\n{cells}");
    let (_guard, input) = write("sample.txt", &copy);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let text = &files[0].1;
    assert!(text.contains("资金 万元 {"), "{text}");
    assert!(text.contains("年度资金总额  150"), "{text}");
    assert!(text.contains("\"群众受益率\""), "{text}");
    assert!(text.contains("评价等级 优"), "{text}");
}

/// A page that lists several forms (a table of contents) is no form: alone it is refused with a
/// message saying what it is; before a form it is skipped with a report line.
#[test]
fn a_table_of_contents_is_skipped_with_a_report_line() {
    let contents = "\
附件

项目支出绩效自评表

部门整体支出绩效自评表

转移支付区域绩效自评表

";
    let (_guard, input) = write("目录.txt", contents);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(files.is_empty());
    assert!(
        report.contains("这是一页目录（第 3–7 行，列出 3 张表）"),
        "{report}"
    );
    let form = transfer_form("项目资金（元）", "387664.62");
    let (_guard, input) = write("目录和表.txt", &format!("{contents}{form}"));
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(files.len(), 1, "{report}");
    assert!(
        report.contains("跳过 第 3–7 行: 目录（列出 3 张表），不是表单，没有导入"),
        "{report}"
    );
}

/// The 25 real forms of `tests/fixtures/import/samples/` (copies of `../shared/samples/`: text
/// copies of published pages, one cell a line without row breaks, some rows written `a | b`),
/// each imported from its text copy: the exit code, the indicators read at least, and whether a
/// budget is read. Where a copy cannot give a form, the reason is said; nothing is invented.
const SAMPLES: &[(&str, i32, usize, bool, &str)] = &[
    ("001-chizhou-tangxi-weituo", 0, 9, true, ""),
    ("002-tianchang-shuili-fangyu", 0, 9, true, ""),
    ("003-qingshen-fagai-gongzi", 0, 2, true, ""),
    (
        "004-daying-sifa-anke",
        1,
        0,
        false,
        "form B is cut off inside its only indicator row: its cells are reported, 注意 line, exit 1 (partial)",
    ),
    (
        "005-chongqing-kxc-rongmeiti-dept",
        1,
        0,
        false,
        "the copy's cells are annotated (`年初 100%`, `[values blank]`) and its amounts lost",
    ),
    ("006-lijiang-gucheng-weipian", 0, 5, true, ""),
    ("007-zhongjiang-shuili-shuibiaochi", 0, 9, true, ""),
    (
        "008-daying-wage-weights",
        1,
        0,
        false,
        "only the tail of the indicator table: no header, no column names to place the cells by",
    ),
    ("009-chizhou-tangxi-cunji", 0, 8, true, ""),
    ("010-suixi-minzheng-linshijiuzhu", 0, 9, true, ""),
    (
        "011-guangshui-jiaotong-xiangcundaolu",
        0,
        6,
        false,
        "the budget's cells are annotated (`[本级] 309`): reported, not read",
    ),
    ("012-hengshan-liangshi-chubeiliang", 0, 17, true, ""),
    ("013-district-changjiang-jinbu", 0, 4, true, ""),
    ("014-district-shangwu-fuwumaoyi", 0, 8, true, ""),
    ("015-tianchang-tanghu-dept", 0, 6, true, ""),
    ("016-huanggang-shuitu-jiance", 0, 5, true, ""),
    (
        "017-daying-zonggonghui-dept",
        0,
        3,
        false,
        "the tail of a scoring sheet (its title, name and budget cut off): its 3 rows read by their columns, but as a headless form it is imported as a project form named 未填写名称, not as the department form the copy's `kind:` line says",
    ),
    ("018-xiaoxian-hexicun-zhongyang", 0, 14, true, ""),
    ("019-longyang-huafei-jianliang", 0, 13, true, ""),
    ("020-yongde-minglang-yingyang", 0, 9, true, ""),
    (
        "021-jishan-zhaidian-gongwei",
        1,
        0,
        false,
        "the level labels are lost in a garbled cell: 注意 line, exit 1 (partial)",
    ),
    ("022-jinzhai-chagu-meili-dept", 0, 8, true, ""),
    (
        "023-hengshan-guantang-dept",
        0,
        0,
        true,
        "the copy is cut off before the indicator table",
    ),
    ("024-baoshan-tuiyi-weiwen", 0, 5, true, ""),
    ("025-chengan-minzheng-gaoling", 0, 4, true, ""),
];

#[test]
fn every_sample_imports_from_its_text_copy() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/samples");
    let mut faithful = 0;
    for (name, exit, indicators, budget, reason) in SAMPLES {
        let (code, report, files) = import(&samples.join(format!("{name}.txt")), &[]);
        assert_eq!(code, Some(*exit), "{name} ({reason}):\n{report}");
        if *exit != 0 {
            continue;
        }
        let read: usize = report
            .lines()
            .filter_map(|l| {
                l.split_once(" 个指标")?
                    .0
                    .rsplit_once(": ")?
                    .1
                    .parse::<usize>()
                    .ok()
            })
            .sum();
        assert!(
            read >= *indicators,
            "{name}: {read} < {indicators}\n{report}"
        );
        let has_budget = files.iter().any(|(_, t)| t.contains("\n    资金 "));
        assert_eq!(has_budget, *budget, "{name} ({reason}):\n{report}");
        if reason.is_empty() {
            faithful += 1;
        }
    }
    assert!(faithful >= 18, "{faithful} samples faithful");
}

/// The profile is chosen from evidence: a form whose table has 分值 and 得分 columns is scored,
/// never given the no-scoring profile its title would suggest (县级专项资金).
#[test]
fn a_form_with_weights_and_scores_never_gets_a_no_scoring_profile() {
    let form = transfer_form("项目资金（元）", "387664.62").replace(
        "中央对地方转移支付区域绩效自评表",
        "县级专项资金绩效目标自评表",
    );
    let (_guard, input) = write("专项.txt", &form);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(!files[0].1.contains("hunan-county"), "{}", files[0].1);
}

/// The central transfer-payment template (中央对地方转移支付区域绩效自评表): budget columns named
/// with their unit, fund rows the language has no source for kept as comments in the budget (never
/// read as another source's amounts), no 分值 / 得分 columns.
#[test]
fn a_central_transfer_payment_form_imports_its_budget_and_indicators() {
    let rows: &[&[&str]] = &[
        &["中央对地方转移支付区域绩效自评表"],
        &["（2022年度）"],
        &["转移支付（项目）名称", "农业生产发展资金"],
        &["中央主管部门", "农业农村部"],
        &["地方主管部门", "某县农业农村局"],
        &[
            "资金情况",
            "全年预算数（万元）",
            "全年执行数（万元）",
            "执行率",
        ],
        &["年度资金总额", "4753.66", "4700", "98.87%"],
        &["其中：中央财政资金", "4000", "4000", "100%"],
        &["地方资金", "753.66", "700", "92.88%"],
        &[
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "全年实际完成值",
            "未完成原因和改进措施",
        ],
        &[
            "产出指标",
            "数量指标",
            "高标准农田建设面积",
            "≥1万亩",
            "1.2万亩",
            "",
        ],
        &[
            "效益指标",
            "经济效益指标",
            "亩均增产",
            "≥50公斤",
            "60公斤",
            "",
        ],
        &[
            "满意度指标",
            "服务对象满意度指标",
            "农户满意度",
            "≥90%",
            "88%",
            "个别农户未及时兑付",
        ],
    ];
    let text: String = rows.iter().map(|r| r.join("\n") + "\n\n").collect();
    let (_guard, input) = write("区域绩效自评表.txt", &text);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let jx = &files[0].1;
    assert!(jx.starts_with("项目 \"农业生产发展资金\" 2022 {"), "{jx}");
    let total = jx
        .lines()
        .find(|l| l.contains("年度资金总额"))
        .unwrap_or("");
    let amounts: Vec<&str> = total.split_whitespace().collect();
    assert_eq!(amounts, ["年度资金总额", "-", "4753.66", "4700"], "{jx}");
    assert!(jx.contains("执行率 98.87%"), "{jx}");
    // The language knows the transfer-payment sources (中央财政资金, 地方资金): they are fund
    // rows adding up to the total, with the printed per-row rate kept as a comment.
    let row = |label: &str| {
        jx.lines()
            .find(|line| line.trim_start().starts_with(label))
            .map(|line| line.split_whitespace().take(4).collect::<Vec<_>>())
    };
    assert_eq!(
        row("中央财政资金"),
        Some(vec!["中央财政资金", "-", "4000", "4000"]),
        "{jx}"
    );
    assert_eq!(
        row("地方资金"),
        Some(vec!["地方资金", "-", "753.66", "700"]),
        "{jx}"
    );
    assert!(jx.contains("\"农户满意度\""), "{jx}");
    assert!(jx.contains("偏差 \"个别农户未及时兑付\""), "{jx}");
    assert!(report.contains("3 个指标"), "{report}");
    assert!(!report.contains("    未能识别 "), "{report}");
    // The same form as a sample copy (one cell a line, no row breaks): the same budget.
    let cells: String = rows
        .iter()
        .flat_map(|r| r.iter())
        .filter(|c| !c.is_empty())
        .map(|c| format!("{c}\n"))
        .collect();
    let (_guard, input) = write(
        "sample.txt",
        &format!("source: x\nkind: project\nyear: 2022\n\n{cells}"),
    );
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let sample = &files[0].1;
    for label in ["中央财政资金", "地方资金", "\"农户满意度\""] {
        assert!(
            sample
                .lines()
                .any(|line| line.trim_start().starts_with(label)),
            "{sample}"
        );
    }
}

/// Numbered parent rows (`一、` above `1、` `2、`) whose score is the sum of the rows under it:
/// those rows are its `其中` parts, so the parent's points count once; rows that do not add up
/// stay as printed.
#[test]
fn numbered_parent_rows_take_their_numbered_rows_as_parts() {
    let row = |cells: &[&str]| cells.join("\n") + "\n\n";
    let mut text = String::from("项目支出绩效自评表\n\n（2022年度）\n\n");
    text += &row(&["项目名称", "化肥减量"]);
    text += &row(&[
        "一级指标",
        "二级指标",
        "三级指标",
        "年初目标值(A)",
        "实际完成值(B)",
        "得分",
    ]);
    text += &row(&[
        "产出指标",
        "数量指标",
        "一、示范区建立",
        "≧2000亩",
        "2000亩",
        "15",
    ]);
    text += &row(&["产出指标", "数量指标", "1、水稻", "≧500亩", "500亩", "5"]);
    text += &row(&["产出指标", "数量指标", "2、玉米", "≧1500亩", "1500亩", "10"]);
    text += &row(&[
        "产出指标",
        "数量指标",
        "二、田间试验",
        "≧15组",
        "15组",
        "15",
    ]);
    text += &row(&["产出指标", "数量指标", "1、肥料利用率", "≧5组", "5组", "5"]);
    let (_guard, input) = write("parents.txt", &text);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let jx = &files[0].1;
    assert!(jx.contains("\"其中1、水稻\""), "{jx}");
    assert!(jx.contains("\"其中2、玉米\""), "{jx}");
    // 5 ≠ 15: not parts.
    assert!(jx.contains("\"1、肥料利用率\""), "{jx}");
}

/// A budget whose 年初预算数 / 全年预算数 / 全年执行数 are split by a sub-header (总数 /
/// 其中：财政资金) while 分值, 执行率 and 得分 are merged down over it (a Word table: blank cells
/// in the sub-header row): every cell under its own column, the weight never taken for the score.
#[test]
fn a_split_budget_header_keeps_weight_rate_and_score_apart() {
    let row = |cells: &[&str]| cells.join("\n") + "\n\n";
    let mut text = String::from("项目支出绩效自评表\n\n（2022年度）\n\n");
    text += &row(&["项目名称", "道路养护"]);
    text += &row(&[
        "项目资金(万元)",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]);
    text += &row(&[
        "\t",
        "总数",
        "其中:财政资金",
        "总数",
        "其中:财政资金",
        "总数",
        "其中:财政资金",
        "\t",
        "\t",
        "\t",
    ]);
    text += &row(&[
        "年度资金总额",
        "100",
        "80",
        "100",
        "80",
        "90",
        "72",
        "10",
        "90%",
        "9",
    ]);
    text += &row(&[
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ]);
    text += &row(&[
        "产出指标",
        "数量指标",
        "养护里程",
        "≥100公里",
        "120公里",
        "90",
        "90",
    ]);
    let (_guard, input) = write("split.txt", &text);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let jx = &files[0].1;
    let budget: Vec<Vec<&str>> = jx
        .lines()
        .skip_while(|l| !l.contains("资金 万元 {"))
        .skip(1)
        .take_while(|l| l.trim() != "}")
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        budget,
        vec![
            vec!["年度资金总额", "100", "100", "90"],
            vec!["财政拨款", "80", "80", "72"],
            vec!["分值", "10"],
            vec!["执行率", "90%"],
            vec!["得分", "9"],
        ],
        "{jx}"
    );
}

/// Funds split by income and by spending type under the budget (湖南 部门整体: `按收入性质分:2030.12`,
/// `其中:基本支出:900.47`) stay with the budget as comments, never unmapped or summed.
#[test]
fn funds_split_by_income_and_spending_stay_with_the_budget() {
    let row = |cells: &[&str]| cells.join("\n") + "\n\n";
    let mut text = String::from("2023年度部门整体支出绩效自评表\n\n");
    text += &row(&["预算部门、单位名称", "某乡人民政府"]);
    text += &row(&[
        "年度预算申请(万元)",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "自评得分",
    ]);
    text += &row(&[
        "年度资金总额",
        "861.10",
        "2030.12",
        "2030.12",
        "10",
        "100%",
        "10",
    ]);
    text += &row(&["按收入性质分:2030.12", "按支出性质分:1925.67"]);
    text += &row(&["其中:一般公共预算:1325.68", "其中:基本支出:900.47"]);
    let (_guard, input) = write("dept.txt", &text);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let jx = &files[0].1;
    assert!(jx.starts_with("部门整体 \"某乡人民政府\" 2023 {"), "{jx}");
    assert!(
        jx.contains("// 按收入性质分: 2030.12；按支出性质分: 1925.67"),
        "{jx}"
    );
    assert!(jx.contains("得分 10"), "{jx}");
    assert!(!report.contains("    未能识别 "), "{report}");
}

/// A web page saved as GBK (`charset=gb2312`, as many government sites serve them) imports like
/// its UTF-8 copy.
#[test]
fn a_gbk_web_page_imports_like_its_utf8_copy() {
    let page = std::fs::read_to_string(tables().join("006-lijiang-gucheng-weipian.html"))
        .expect("read fixture")
        .replace("charset=\"utf-8\"", "charset=\"gb2312\"");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&page);
    assert!(!unmappable);
    let directory = tempfile::tempdir().expect("temp dir");
    let input = directory.path().join("page.htm");
    std::fs::write(&input, &bytes).expect("write page");
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let (_, _, expected) = import(&tables().join("006-lijiang-gucheng-weipian.docx"), &[]);
    assert_eq!(files, expected);
}

/// A budget row wider than its header at the right (an extra remark cell), the header keeping
/// its caption: read in the header's order, the extra cell reported — not right-aligned, which
/// would move every amount by one column.
#[test]
fn a_budget_row_wider_at_its_end_is_not_shifted() {
    let row = |cells: &[&str]| cells.join("\n") + "\n\n";
    let mut text = String::from("项目支出绩效自评表\n\n（2022年度）\n\n");
    text += &row(&["项目名称", "道路养护"]);
    text += &row(&[
        "项目资金(万元)",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]);
    text += &row(&[
        "年度资金总额",
        "100",
        "100",
        "90",
        "10",
        "90%",
        "9",
        "见说明",
    ]);
    text += &row(&[
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ]);
    text += &row(&[
        "产出指标",
        "数量指标",
        "养护里程",
        "≥100公里",
        "120公里",
        "90",
        "90",
    ]);
    let (_guard, input) = write("wide.txt", &text);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let jx = &files[0].1;
    let total = jx
        .lines()
        .find(|l| l.contains("年度资金总额"))
        .unwrap_or("");
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["年度资金总额", "100", "100", "90"],
        "{jx}"
    );
    assert!(jx.contains("得分 9\n"), "{jx}");
    assert!(
        report.contains("未能识别 第") && report.contains(": 见说明"),
        "{report}"
    );
}

/// A row written `a | b` that left out a blank cell in its middle (a blank 指标性质 dropped, not
/// written `| |`) cannot be placed cell by cell: it ends the table and its cells are reported,
/// never shifted under the wrong columns (the unit as the target, the score as the weight).
#[test]
fn a_row_missing_a_middle_cell_is_reported_not_shifted() {
    let copy = "\
source: test
kind: project
year: 2022

2022年度项目支出绩效自评表
项目名称
校舍维修
绩效指标
年度指标值
实际完成值
分值
得分
偏差原因分析及改进措施
一级指标
二级指标
三级指标
指标性质
指标值
度量单位
产出指标 | 数量指标 | 维修校舍面积 | ≧ | 500 | 平方米 | 520 | 50 | 50 |
产出指标 | 质量指标 | 验收合格率 | 100 | % | 100% | 20 | 20
";
    let (_guard, input) = write("sample.txt", copy);
    let (_, report, files) = import(&input, &["--allow-partial"]);
    let text = &files[0].1;
    assert!(text.contains("\"维修校舍面积\""), "{text}");
    assert!(!text.contains("\"验收合格率\""), "{text}");
    assert!(report.contains(": 验收合格率"), "{report}");
}

/// A fund row that left out some cells cannot be read in the header's order when what is left
/// does not say where the gaps are (one number for three amount columns, or numbers mixed with
/// `—` markers): its cells are reported, never placed under a guessed column.
#[test]
fn an_ambiguous_short_fund_row_is_reported_not_guessed() {
    let copy = "\
source: test
kind: project
year: 2022

2022年度项目支出绩效自评表
项目名称
校舍维修
项目资金(元)
年初预算数
全年预算数
全年执行数
分值
执行率
得分
年度资金总额
[年初预算数 blank]
387664.62
387664.62
10
100%
10
其中:当年财政拨款
387664.62
387664.62
—
—
上年结转资金
—
—
";
    let (_guard, input) = write("sample.txt", copy);
    let (_, report, files) = import(&input, &["--allow-partial"]);
    let text = &files[0].1;
    assert!(!text.contains("当年财政拨款  387664.62"), "{text}");
    assert!(report.contains(": 其中:当年财政拨款"), "{report}");
    let total = text
        .lines()
        .find(|l| l.contains("年度资金总额"))
        .unwrap_or("");
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["年度资金总额", "-", "387664.62", "387664.62"],
        "{text}"
    );
    assert!(text.contains("资金 元 {"), "{text}");
}

/// A fund row that lost one of its cells without a marker (稷山: `0 207.4538 10 100% 10` under
/// 年初 / 全年 / 执行 / 分值 / 执行率 / 得分): read in the header's order it would put `10` under
/// 全年执行数, `100%` under 分值 and `10` under 执行率, a false rate mismatch. A percentage under
/// an amount, weight or score column shows the shift: the row is reported, never read.
#[test]
fn a_fund_row_shifted_by_a_lost_cell_is_reported_not_read() {
    let copy = "\
source: test
kind: project
year: 2021

2021年度项目支出绩效自评表
项目名称
国家基本公共卫生服务
项目资金(万元)
年初预算数
全年预算数
全年执行数
分值
执行率
得分
年度资金总额
0
207.4538
10
100%
10
一级指标
二级指标
三级指标
年度指标值
实际完成值
分值
得分
产出指标
数量指标
居民健康档案
38508人
37442人
3
3
";
    let (_guard, input) = write("sample.txt", copy);
    let (_, report, files) = import(&input, &["--allow-partial"]);
    let text = &files[0].1;
    assert!(!text.contains("执行率 10"), "{text}");
    assert!(!text.contains("分值 100%"), "{text}");
    assert!(!text.contains("年度资金总额  0"), "{text}");
    assert!(report.contains(": 年度资金总额"), "{report}");
    assert!(report.contains(": 207.4538"), "{report}");
    // The copy's own note that a cell is missing (`[one amount cell missing in extraction]`)
    // stands for that one blank cell: the row is then read cell by cell.
    let noted = copy.replace(
        "207.4538\n10\n",
        "207.4538\n[one amount cell missing in extraction]\n10\n",
    );
    let (_guard, input) = write("sample.txt", &noted);
    let (_, report, files) = import(&input, &["--allow-partial"]);
    let text = &files[0].1;
    let total = text
        .lines()
        .find(|l| l.contains("年度资金总额"))
        .unwrap_or("");
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["年度资金总额", "0", "207.4538", "-"],
        "{text}"
    );
    assert!(text.contains("执行率 100%"), "{text}");
    assert!(text.contains("分值 10"), "{text}");
    assert!(!report.contains("未能识别 第"), "{report}");
}

/// Issue 14: the title the form prints is written as the header field `表名` (the published page
/// shows it), without its attachment caption and year; a copy that prints no title has none.
#[test]
fn the_filed_title_is_written_as_the_header_field_table_name() {
    let form = transfer_form("项目资金（元）", "387664.62");
    for (title, expected) in [
        (
            "中央对地方转移支付区域绩效自评表",
            "中央对地方转移支付区域绩效自评表",
        ),
        (
            "附件2：稷山县项目支出绩效自评表",
            "稷山县项目支出绩效自评表",
        ),
        (
            "部门预算项目支出绩效自评表（2022年度）",
            "部门预算项目支出绩效自评表",
        ),
    ] {
        let text = form.replace("中央对地方转移支付区域绩效自评表", title);
        let (_guard, input) = write("表.txt", &text);
        let (code, report, files) = import(&input, &[]);
        assert_eq!(code, Some(0), "{title}: {report}");
        let source = &files[0].1;
        assert!(
            source.contains(&format!("    表名 \"{expected}\"\n")),
            "{title}:\n{source}"
        );
        assert!(!report.contains("未能识别 第"), "{title}: {report}");
    }
    let untitled = form.replace("中央对地方转移支付区域绩效自评表\n\n", "");
    let (_guard, input) = write("表.txt", &untitled);
    let (_, report, files) = import(&input, &[]);
    assert_eq!(files.len(), 1, "{report}");
    assert!(!files[0].1.contains("表名"), "{}", files[0].1);
}

/// A deviation note (偏差原因 column) in a sample copy without row breaks stays with its row:
/// after a full row, a text that is no value is the row's note where the table then goes on with
/// a label, or where it cannot start a row while the cell after it can. A qualitative row whose
/// target is a long text is not mistaken for a note and a name.
#[test]
fn a_deviation_note_in_a_sample_copy_stays_with_its_row() {
    let copy = "\
source: test
kind: project
year: 2022

2022年度项目支出绩效自评表
项目名称
临时救助
一级指标
二级指标
三级指标
分值
年度指标值
实际完成值
得分
未完成原因及拟采取的改进措施
产出指标
数量指标
特困人员救助供养人数
5
>=4754人
4604人
5
特困人员实行动态管理
扶贫临时救助人数
10
>=7人
7人
10
质量指标
救助资金发放合规性
10
严格执行相关制度规定
合规
10
救助对象准确率
10
100%
98%
9
审核时有误
效益指标
社会效益指标
受益人数
30
>=80人
87人
30
";
    let (_guard, input) = write("sample.txt", copy);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let text = &files[0].1;
    let line = |name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("特困人员救助供养人数").contains("偏差 \"特困人员实行动态管理\""),
        "{text}"
    );
    assert!(line("扶贫临时救助人数").contains("得分 10"), "{text}");
    assert!(
        line("救助对象准确率").contains("偏差 \"审核时有误\""),
        "{text}"
    );
    let qualitative = line("救助资金发放合规性");
    assert!(
        qualitative.contains("严格执行相关制度规定") && !qualitative.contains("偏差"),
        "{text}"
    );
    assert!(!report.contains("未能识别 第"), "{report}");
}

/// Acceptance (issue 14): a totals row written as a row, `总分 | 100 | 96 | 优`, after the table
/// of a sample copy gives the declared total and grade, and `项目资金（元）` gives `资金 元 {`.
#[test]
fn a_totals_row_written_with_bars_gives_the_total_and_the_grade() {
    let cells: String = transfer_form("项目资金（元）", "387664.62")
        .split("\n\n")
        .filter(|row| !row.trim().is_empty() && !row.starts_with("总分"))
        .map(|row| format!("{row}\n"))
        .collect();
    let copy = format!("source: test\nkind: project\nyear: 2022\n\n{cells}总分 | 100 | 96 | 优\n");
    let (_guard, input) = write("sample.txt", &copy);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let text = &files[0].1;
    assert!(text.contains("资金 元 {"), "{text}");
    assert!(text.contains("自评总得分 96"), "{text}");
    assert!(text.contains("评价等级 优"), "{text}");
    assert!(!report.contains("未能识别 第"), "{report}");
}

/// A numbered list item (`1.完成乡村道路建设养护里程300公里;`) followed by the empty next item
/// (`2.`) is no section heading with its text: it was imported as the header field
/// `完成乡村道路建设养护里程300公里 "2."` (湖北 011). Its cells are reported instead.
#[test]
fn a_numbered_list_item_is_no_header_field() {
    let form = transfer_form("项目资金（元）", "387664.62").replace(
        "一级指标\n",
        "项目年度目标\n\n1.完成乡村道路建设养护里程300公里;\n\n2.\n\n3.\n\n一级指标\n",
    );
    let (_guard, input) = write("表.txt", &form);
    let (_, report, files) = import(&input, &["--allow-partial"]);
    let text = &files[0].1;
    assert!(!text.contains("\"2.\""), "{text}");
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("完成乡村道路建设养护里程")),
        "{text}"
    );
    assert!(
        report.contains(": 1.完成乡村道路建设养护里程300公里;"),
        "{report}"
    );
}

/// Issue 14a (unseen 贵州 department form): the budget header has a caption cell on its left
/// (部门(单位)总体资金(万元), merged down beside 资金来源), which the fund rows of a web page's
/// copy do not repeat. Each amount goes under its own header cell — the label under 资金来源 —
/// never one column to the left (the initial budget read as a caption, the executed amount as
/// the initial budget, the weight as the executed amount). The column saying how the score is
/// computed (得分计算方法) is no score.
#[test]
fn a_fund_row_without_the_caption_cell_stands_under_its_own_header_cells() {
    let copy = "\
source: test
kind: department

部门整体支出绩效自评表 | |||||
部门(单位)名称 | 某县示例镇人民政府 | |||||
部门(单位)总体 资金(万元) | 资 金 来 源 | 年初预算数(A) | 全年执行数(B) | 分值(10分) | 得分 | 得分计算方法 | ||
年度资金总额: | 500.5 | 480.25 | 10 | 9.6 | 执行率*该指标分值,最高不得超过分值上限。 | |||
基本支出 | 300 | 290.5 |
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值(A) | 全年实际值(B) | 分值 | 得分 |
产出指标 | 数量指标 | 办理民生实事 | 10件 | 10件 | 90 | 90 |
";
    let (_guard, input) = write("dept.txt", copy);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let jx = &files[0].1;
    let total = jx
        .lines()
        .find(|l| l.contains("年度资金总额"))
        .unwrap_or("");
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["年度资金总额", "500.5", "-", "480.25"],
        "{jx}"
    );
    assert!(jx.contains("分值 10\n"), "{jx}");
    assert!(jx.contains("得分 9.6\n"), "{jx}");
    // The split by spending type is a budget row of the language, under its own header cells.
    let split = jx.lines().find(|l| l.contains("基本支出")).unwrap_or("");
    assert_eq!(
        split.split_whitespace().collect::<Vec<_>>(),
        ["基本支出", "300", "-", "290.5"],
        "{jx}"
    );
}

/// Issue 14 item 3 (funds split by spending type): `基本支出` and `其中：项目支出` rows under a
/// budget header are read as the language's spending-split rows, each amount under its header
/// cell, from a text copy as from a table; `check` then adds them up against the total (W0304
/// when they fall short), never with the fund sources.
#[test]
fn rows_of_the_split_by_spending_type_are_read_as_budget_rows() {
    let copy = "\
source: test
kind: department

部门整体支出绩效自评表 | | | | | |
部门名称 | 某县示例局 | | | | |
年度预算(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
年度资金总额 | 800 | 900 | 850 | 10 | 94.44% | 9.44
其中：基本支出 | 500 | 520 | 515 | | |
项目支出 | 300 | 330 | 335 | | |
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
产出指标 | 数量指标 | 办理事项 | 10件 | 10件 | 90 | 90 |
";
    let (_guard, input) = write("split.txt", copy);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let jx = &files[0].1;
    let row = |label: &str| {
        jx.lines()
            .find(|l| l.trim_start().starts_with(label))
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert_eq!(row("基本支出"), ["基本支出", "500", "520", "515"], "{jx}");
    assert_eq!(row("项目支出"), ["项目支出", "300", "330", "335"], "{jx}");
    assert!(!jx.contains("// 基本支出"), "{jx}");
    // 520 + 330 = 850 ≠ 900: the split's gap is checked on the imported form.
    let compiled = jixiao::compile(jx, None, &jixiao::Options::default());
    let codes: Vec<&str> = compiled
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(codes.contains(&"W0304"), "{codes:?}\n{jx}");
}

/// Issue 14a (unseen 宁夏 transfer-payment form and 四川 progress table, copied from web pages):
/// the `绩效指标` caption stands in the header row left of 一级指标 and is merged down, so the
/// rows have no cell for it, nor for the level cells merged down from the rows above, and they
/// leave out their blank remark cells. Each row is placed by what its first cell is (a level-1
/// label under 一级指标, a level-2 label under 二级指标, a name under 三级指标) when every cell
/// then fits its column; a row that lost a cell in its middle is reported and the table goes on.
#[test]
fn web_page_indicator_rows_stand_under_their_own_columns() {
    let copy = "\
source: test
kind: project
year: 2021

示例补助资金绩效目标自评表
项目名称 | 示例培训补助项目
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分 | 未完成原因及改进措施
产出指标(50分) | 数量指标 | 培训人次 | 20 | 300人次 | 320人次 | 20
培训合格率 | 10 | 95% | 97% | 10
质量指标 | 课程满意率 | 10 | 90% | 92% | 10
时效指标 | 完成时间 | 5 | 11月前 | 10月
成本指标 | 人均成本 | 5 | ≤500元 | 480元 | 5
效益指标(50分) | 社会效益指标 | 受益人数 | 50 | 1000人 | 1200人 | 50 | |
";
    let (_guard, input) = write("transfer.txt", copy);
    let (_, report, files) = import(&input, &["--allow-partial"]);
    let jx = &files[0].1;
    for line in [
        "\"培训人次\"  分值 20  目标 300人次  实际 320人次  得分 20",
        "\"培训合格率\"  分值 10  目标 95%  实际 97%  得分 10",
        "\"课程满意率\"  分值 10  目标 90%  实际 92%  得分 10",
        "\"人均成本\"  分值 5  目标 ≤500元  实际 480元  得分 5",
        "\"受益人数\"  分值 50  目标 1000人  实际 1200人  得分 50",
    ] {
        let squeezed = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            jx.lines().any(|l| squeezed(l) == squeezed(line)),
            "{line}\n{jx}"
        );
    }
    // The row that lost its score cannot be placed: reported, never read one column off.
    assert!(!jx.contains("完成时间"), "{jx}");
    assert!(report.contains(": 完成时间"), "{report}");
    // … and the report says a row of the table was left out, not only cell by cell.
    assert!(
        report.contains("绩效指标表有 1 行放不进各栏（第11行）"),
        "{report}"
    );
    // No cell of a placed row is left over.
    for cell in ["培训合格率", "课程满意率", "受益人数", "320人次"] {
        assert!(!report.contains(&format!(": {cell}\n")), "{cell}\n{report}");
    }
}

/// Issue 14a (unseen 湖南 target table): `*` marks the columns a filer must fill in (`*指标值`),
/// `指标值类型` holds 定量/定性 as 重庆's 指标性质 does, and `*评(扣)分标准` is a remark column:
/// the targets and units stand under their own columns, a level-2 row as wide as the header
/// (padded at its end by the copy) is not read one column off.
#[test]
fn starred_target_columns_and_the_indicator_type_column_are_read() {
    let copy = "\
source: test
kind: department
year: 2023

示例检测中心2023年度整体绩效目标表 | |||||||
部门(单位)名称 | 示例检测中心 | |||||||
一级指标 | 二级指标 | 三级指标 | 指标值类型 | *指标值 | 计量单位 | *指标解释 | *评(扣)分标准 | 备注 |
产出指标 | 数量指标 | 检测样本数 | 定量 | 200 | 份 | 考察检测数量 | 未达酌情扣分 | |
质量指标 | 检测准确率 | 定量 | 98 | % | 考察准确率 | 未达酌情扣分 | ||
";
    let (_guard, input) = write("targets.txt", copy);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let jx = &files[0].1;
    let squeezed = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "\"检测样本数\" 定量 目标 200 单位 份",
        "\"检测准确率\" 定量 目标 98 单位 %",
    ] {
        assert!(
            jx.lines().any(|l| squeezed(l).starts_with(line)),
            "{line}\n{jx}"
        );
    }
    assert!(!jx.contains("\"定量\""), "{jx}");
}

/// Issue 14a (unseen 宁夏 transfer-payment form): the header fields of a transfer payment name
/// the departments of each level and the period, and the total is printed as 项目总得分 `95分`.
#[test]
fn transfer_payment_header_fields_and_the_project_total_are_read() {
    let copy = "\
source: test
kind: project

示例补助资金绩效目标自评表
(2021年度)
项目总得分
95分
项目名称
示例种苗补助项目
自治区主管部门
示例农业厅
专项实施期
2021年3月-2021年11月
市县财政部门
示例县财政局
市县主管部门
示例县农业局
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分
产出指标(100分) | 数量指标 | 发放种苗数量 | 100 | 50万株 | 50万株 | 95
";
    let (_guard, input) = write("transfer.txt", copy);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let jx = &files[0].1;
    for line in [
        "自评总得分 95",
        "省级主管部门 \"示例农业厅\"",
        "实施期 \"2021年3月-2021年11月\"",
        "地方财政部门 \"示例县财政局\"",
        "市县主管部门 \"示例县农业局\"",
    ] {
        assert!(jx.lines().any(|l| l.trim() == line), "{line}\n{jx}");
    }
    assert!(!report.contains("未能识别 第"), "{report}");
}

/// Issue 14a (unseen 湖南 form copied one cell a line): a narrow column broke the level-2 label
/// over two lines (`经济效益` / `指标`); the two lines are one label, and the word 指标 alone
/// never becomes an indicator that takes the next row's name as its target.
#[test]
fn a_level_label_broken_over_two_lines_is_one_label() {
    let copy = "\
source: test
kind: project
year: 2022

项目支出绩效自评表
项目名称
示例农田项目
绩效指标
一级指标
二级指标
三级指标
年度指标值
实际完成值
分值
得分
产出指标
数量指标
新建渠道长度
≥10公里
12公里
50
50
效益指标
经济效益
指标
年增产粮食
≥3000公斤
3500公斤
50
50
";
    let (_guard, input) = write("split.txt", copy);
    let (code, report, files) = import(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let jx = &files[0].1;
    assert!(jx.contains("经济效益指标 {"), "{jx}");
    assert!(jx.contains("\"年增产粮食\""), "{jx}");
    assert!(!jx.contains("\"指标\""), "{jx}");
    assert!(!report.contains("未能识别 第"), "{report}");
}
