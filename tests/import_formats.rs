//! `jixiao import` across formats and of what forms print (issue 14): the kind of a form chosen
//! from the evidence it prints, government web pages as they are really published (Word-exported
//! HTML, layout tables, several forms a page, GBK pages, odd spans), and refusals in the user's
//! language.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn tables() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/tables")
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/samples")
}

/// `jixiao import INPUT --dry-run EXTRA…`: (exit code, stdout, stderr).
fn dry_run(input: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut arguments = vec!["import", input.to_str().expect("utf-8 path"), "--dry-run"];
    arguments.extend(extra);
    let output = common::run(&arguments);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

/// Writes `bytes` to a file named `name` in a fresh directory kept alive by the returned guard.
fn write(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join(name);
    std::fs::write(&path, bytes).expect("write input");
    (directory, path)
}

/// 四川 部门整体支出计分表 (sample 017) prints no title and no name, only the department form's
/// own indicator labels (部门预算管理(80分)): it is a department form, named 未填写名称 because
/// no name is printed anywhere, and the report says which evidence chose the kind.
#[test]
fn a_department_scoring_sheet_is_a_department_form_by_its_labels() {
    let input = samples().join("017-daying-zonggonghui-dept.txt");
    let (code, text, report) = dry_run(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(text.contains("部门整体 \"未填写名称\" 2020 {"), "{text}");
    assert!(
        report.contains("表的开头不在文件中（没有表题、名称和资金），按部门整体表的指标「部门预算管理(80分)」定为部门整体表"),
        "{report}"
    );
    // With --dry-run the `.jx` text is on stdout and the report on stderr.
    let (_, _, json) = dry_run(&input, &["--format", "json"]);
    let document: Value = serde_json::from_str(&json).expect("json report");
    let form = &document["inputs"][0]["forms"][0];
    assert_eq!(form["kind"], "部门整体", "{form}");
    assert_eq!(
        form["kind_evidence"], "部门整体表的指标「部门预算管理(80分)」",
        "{form}"
    );
}

/// The kind's evidence, whatever the form prints: a blank 单位名称 field, a title naming the
/// unit (which then names the form), a name field written with its value in one cell; a
/// project form's groups never make it a department form.
#[test]
fn the_kind_and_name_come_from_what_the_form_prints() {
    let indicators = "一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n\n\
        产出指标\n数量指标\n培训人次\n≥100人次\n120人次\n50\n50\n\n\
        效益指标\n社会效益指标\n服务对象满意度\n≥90%\n95%\n50\n50\n\n";
    // A blank 单位名称: a unit's (department) form, still unnamed.
    let blank_unit = format!("单位名称\n\n\n{indicators}");
    let (_directory, input) = write("a.txt", blank_unit.as_bytes());
    let (code, text, report) = dry_run(&input, &["--year", "2022"]);
    assert_eq!(code, Some(0), "{report}");
    assert!(text.contains("部门整体 \"未填写名称\" 2022 {"), "{text}");
    assert!(
        report.contains("按「单位名称」栏定为部门整体表"),
        "{report}"
    );
    // The unit in the title names the form, and the report asks to check it.
    let titled = format!("示范县文化馆2022年度部门整体支出绩效自评表\n\n{indicators}");
    let (_directory, input) = write("b.txt", titled.as_bytes());
    let (code, text, report) = dry_run(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(text.contains("部门整体 \"示范县文化馆\" 2022 {"), "{text}");
    assert!(report.contains("名称取自表题"), "{report}");
    // The year may come first, and an attachment caption before it.
    let titled = format!("附件2：2022年度示范县文化馆部门整体支出绩效自评表\n\n{indicators}");
    let (_directory, input) = write("b2.txt", titled.as_bytes());
    let (code, text, report) = dry_run(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(text.contains("部门整体 \"示范县文化馆\" 2022 {"), "{text}");
    // A generic title or an administrative level names nothing.
    for title in [
        "部门整体支出绩效自评表（2022年度）",
        "四川省省级2022年度部门整体支出绩效自评表",
    ] {
        let (_directory, input) = write("c.txt", format!("{title}\n\n{indicators}").as_bytes());
        let (code, text, report) = dry_run(&input, &[]);
        assert_eq!(code, Some(0), "{report}");
        assert!(
            text.contains("部门整体 \"未填写名称\" 2022 {"),
            "{title}: {text}"
        );
    }
    // `项目名称：…` in one cell names a project form.
    let inline = format!("项目名称：乡村文化培训\n\n{indicators}");
    let (_directory, input) = write("d.txt", inline.as_bytes());
    let (code, text, report) = dry_run(&input, &["--year", "2022"]);
    assert_eq!(code, Some(0), "{report}");
    assert!(text.contains("项目 \"乡村文化培训\" 2022 {"), "{text}");
    // A project form's groups (项目决策, 产出指标) never make it a department form.
    let (code, text, _) = dry_run(
        &tables().join("011-guangshui-jiaotong-xiangcundaolu.txt"),
        &["--year", "2021"],
    );
    assert_eq!(code, Some(0));
    assert!(text.lines().any(|l| l.starts_with("项目 \"")), "{text}");
}

/// The `.jx` text of a dry run without the unmapped-cell comment lines (their places differ
/// between inputs).
fn without_places(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("//   "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `.jx` text without the comment block of cells not recognised and without blank lines
/// (a form's block is followed by one).
fn without_comment_block(text: &str) -> String {
    without_places(text)
        .lines()
        .filter(|l| *l != "// 未能识别:" && !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The number of cells not recognised a report lists.
fn unmapped(report: &str) -> usize {
    report
        .lines()
        .filter(|l| l.trim_start().starts_with("未能识别 "))
        .count()
}

/// Every layout fixture (`tables/*.html`), with the `--year` its form needs (it prints none).
fn layout_pages() -> Vec<(String, Vec<&'static str>)> {
    let mut pages: Vec<(String, Vec<&'static str>)> = std::fs::read_dir(tables())
        .expect("fixtures")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let stem = name.strip_suffix(".html")?.to_string();
            let year: Vec<&'static str> = match stem.as_str() {
                "005-chongqing-kxc-rongmeiti-dept" | "011-guangshui-jiaotong-xiangcundaolu" => {
                    vec!["--year", "2021"]
                }
                "015-tianchang-tanghu-dept" => vec!["--year", "2020"],
                _ => vec![],
            };
            Some((stem, year))
        })
        .collect();
    pages.sort();
    assert!(pages.len() >= 13, "{pages:?}");
    pages
}

/// A page as Word's "save as web page" writes it: mso styles and conditional comments in the
/// head, `<![if !supportMisc]>` markers, every cell's text in `<p class=MsoNormal><span>` with
/// an `<o:p>&nbsp;</o:p>` at its end, header cells as `<th>`, and the source's lines broken
/// between Chinese characters (`项目\r\n名称`).
fn word_exported(page: &str) -> String {
    let mut out = page
        .replace(
            "<head>",
            "<head><meta name=Generator content=\"Microsoft Word 15\">\
             <!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->\
             <style>p.MsoNormal{mso-style-parent:\"\";margin:0cm;font-size:10.5pt;}</style>",
        )
        .replace(
            "<body>",
            "<body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1>",
        )
        .replace("</body>", "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></div></body>")
        .replace("<table>", "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>");
    // Cell contents wrapped as Word does; the first row's cells written as <th>.
    let mut wrapped = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find("<td") {
        wrapped.push_str(&rest[..at]);
        let Some(end) = rest[at..].find('>') else {
            break;
        };
        let open = &rest[at..at + end + 1];
        let Some(close) = rest[at..].find("</td>") else {
            break;
        };
        let content = &rest[at + end + 1..at + close];
        wrapped.push_str(&open.replace("<td", "<td width=80 valign=top style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt'"));
        let paragraphs: Vec<String> = content
            .split("<br>")
            .map(|line| {
                format!(
                    "<p class=MsoNormal align=center style='text-align:center'><![if !supportMisc]><span lang=EN-US style='font-family:宋体;mso-bidi-font-family:\"Times New Roman\"'>{line}<o:p>&nbsp;</o:p></span><![endif]></p>"
                )
            })
            .collect();
        wrapped.push_str(&paragraphs.join(""));
        wrapped.push_str("</td>");
        rest = &rest[at + close + "</td>".len()..];
    }
    wrapped.push_str(rest);
    out = wrapped;
    // Source lines broken between Chinese characters, outside tags and entities.
    let mut broken = String::with_capacity(out.len() * 11 / 10);
    let (mut in_tag, mut count, mut previous) = (false, 0usize, ' ');
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        broken.push(c);
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        if !in_tag && !c.is_ascii() {
            count += 1;
            let next = chars.peek().copied().unwrap_or(' ');
            if count % 7 == 0 && !previous.is_ascii() && !next.is_ascii() {
                broken.push_str("\r\n");
            }
        }
        previous = c;
    }
    broken
}

/// The page inside a layout table (a site's frame: navigation above, links below), as county
/// sites publish them.
fn framed(page: &str) -> String {
    let body = page.find("<body").expect("body");
    let open = body + page[body..].find('>').expect("body tag") + 1;
    format!(
        "{}<table width=\"100%\"><tr><td>网站首页 &gt; 信息公开 &gt; 财政信息</td></tr><tr><td>{}",
        &page[..open],
        &page[open..]
    )
    .replace(
        "</body>",
        "</td></tr><tr><td>联系我们 | 网站地图</td></tr></table></body>",
    )
}

/// Real government web pages, every layout fixture: Word-exported HTML, the form inside a
/// layout table, saved as GBK with its `<meta charset=gb2312>`, each imports exactly as the
/// Word file does.
#[test]
fn every_layout_imports_the_same_from_messy_web_pages() {
    for (stem, year) in layout_pages() {
        let (code, expected, expected_report) =
            dry_run(&tables().join(format!("{stem}.docx")), &year);
        assert_eq!(code, Some(0), "{stem}: {expected_report}");
        let page = std::fs::read_to_string(tables().join(format!("{stem}.html"))).expect("page");
        let word = word_exported(&page);
        let gbk_page = framed(&word).replace("charset=\"utf-8\"", "charset=\"gb2312\"");
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(&gbk_page);
        assert!(!unmappable, "{stem}");
        for (variant, bytes) in [
            ("word", word.as_bytes().to_vec()),
            ("framed", framed(&page).into_bytes()),
            ("gbk", gbk.into_owned()),
        ] {
            let (_directory, input) = write("page.htm", &bytes);
            let (code, text, report) = dry_run(&input, &year);
            assert_eq!(code, Some(0), "{stem} ({variant}): {report}");
            // The site's navigation and links are text outside the form: reported as cells
            // not recognised (never read into the form), nothing else.
            let chrome = if variant == "word" { 0 } else { 2 };
            assert_eq!(
                unmapped(&report),
                unmapped(&expected_report) + chrome,
                "{stem} ({variant}): {report}"
            );
            assert_eq!(
                without_comment_block(&text),
                without_comment_block(&expected),
                "{stem} ({variant}) differs from the Word file"
            );
        }
    }
}

/// Several forms on one page, each with its title in a heading before its table: one `.jx` each,
/// the same as each page alone gives; a cell that cannot be placed is named by its table on the
/// page (`表格2 第N行第M格`).
#[test]
fn several_forms_on_one_page_each_with_its_title() {
    let body = |stem: &str| {
        let page = std::fs::read_to_string(tables().join(format!("{stem}.html"))).expect("page");
        let start = page.find("<body>").expect("body") + "<body>".len();
        let end = page.find("</body>").expect("body end");
        page[start..end]
            .replacen("<p>", "<h2>", 1)
            .replacen("</p>", "</h2>", 1)
    };
    let first = "002-tianchang-shuili-fangyu";
    let second = "018-xiaoxian-hexicun-zhongyang";
    let second_body = body(second).replacen(
        "</table>",
        "<tr><td>附：佐证材料见附件</td></tr></table>",
        1,
    );
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><h1>2022年度项目支出绩效自评结果公开</h1>{}{second_body}</body></html>",
        body(first)
    );
    let (_directory, input) = write("page.html", page.as_bytes());
    let (code, text, report) = dry_run(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let (_, one, _) = dry_run(&tables().join(format!("{first}.html")), &[]);
    let (_, two, _) = dry_run(&tables().join(format!("{second}.html")), &[]);
    assert_eq!(report.matches("个指标").count(), 2, "{report}");
    let text = without_places(&text);
    assert!(text.contains(&without_places(&one)), "{text}");
    assert!(
        report.contains("表格2 第") && report.contains("附：佐证材料见附件"),
        "{report}"
    );
    // The second form is the same but for the note reported in its comment block.
    let form_two =
        &text[text.find(&without_places(&one)).expect("first") + without_places(&one).len()..];
    for line in without_places(&two)
        .lines()
        .filter(|l| !l.starts_with("//"))
    {
        assert!(form_two.contains(line), "{line}\n{form_two}");
    }
}

/// A minimal `.docx`: a zip holding only `word/document.xml` with `body` as its body.
fn docx_with_body(body: &str) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer
        .start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("start file");
    let xml = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    std::io::Write::write_all(&mut writer, xml.as_bytes()).expect("write");
    writer.finish().expect("finish").into_inner()
}

/// A Word table row: each cell `(text, span, merge)` with `merge` "restart", "continue" or "".
fn word_row(cells: &[(&str, usize, &str)]) -> String {
    let mut row = String::from("<w:tr>");
    for (text, span, merge) in cells {
        row.push_str("<w:tc><w:tcPr>");
        if *span > 1 {
            row.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
        }
        match *merge {
            "restart" => row.push_str("<w:vMerge w:val=\"restart\"/>"),
            "continue" => row.push_str("<w:vMerge/>"),
            _ => {}
        }
        row.push_str(&format!(
            "</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
        ));
    }
    row.push_str("</w:tr>");
    row
}

/// Acceptance (issue 14): in a Word table whose 年初预算数 / 全年预算数 / 全年执行数 are split by a
/// sub-header (总数 / 其中：财政资金) while 分值, 执行率 and 得分 are merged vertically over it
/// (`w:vMerge`), every cell stays under its own column: the weight is never imported as the
/// score, nor the rate as the weight.
#[test]
fn a_word_budget_merged_over_its_sub_header_keeps_weight_rate_and_score_apart() {
    let plain = |text| (text, 1, "");
    let mut table = String::from("<w:tbl>");
    table += &word_row(&[plain("项目名称"), ("道路养护", 9, "")]);
    table += &word_row(&[
        ("项目资金(万元)", 1, "restart"),
        ("年初预算数", 2, ""),
        ("全年预算数", 2, ""),
        ("全年执行数", 2, ""),
        ("分值", 1, "restart"),
        ("执行率", 1, "restart"),
        ("得分", 1, "restart"),
    ]);
    table += &word_row(&[
        ("", 1, "continue"),
        plain("总数"),
        plain("其中:财政资金"),
        plain("总数"),
        plain("其中:财政资金"),
        plain("总数"),
        plain("其中:财政资金"),
        ("", 1, "continue"),
        ("", 1, "continue"),
        ("", 1, "continue"),
    ]);
    table += &word_row(&[
        plain("年度资金总额"),
        plain("100"),
        plain("80"),
        plain("100"),
        plain("80"),
        plain("90"),
        plain("72"),
        plain("10"),
        plain("90%"),
        plain("9"),
    ]);
    table += &word_row(&[
        ("一级指标", 2, ""),
        plain("二级指标"),
        ("三级指标", 2, ""),
        ("年度指标值", 2, ""),
        plain("实际完成值"),
        plain("分值"),
        plain("得分"),
    ]);
    table += &word_row(&[
        ("产出指标", 2, ""),
        plain("数量指标"),
        ("养护里程", 2, ""),
        ("≥100公里", 2, ""),
        plain("120公里"),
        plain("90"),
        plain("90"),
    ]);
    table += "</w:tbl>";
    let body = format!(
        "<w:p><w:r><w:t>项目支出绩效自评表</w:t></w:r></w:p><w:p><w:r><w:t>（2022年度）</w:t></w:r></w:p>{table}"
    );
    let (_directory, input) = write("道路养护.docx", &docx_with_body(&body));
    let (code, text, report) = dry_run(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    let budget: Vec<Vec<&str>> = text
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
        "{text}"
    );
}

/// `--format json`: per form its name, year, kind and profile with their evidence, the
/// indicators read and every cell not recognised with its place on the page.
#[test]
fn the_json_report_names_each_unplaced_cell_by_its_place() {
    let stem = "005-chongqing-kxc-rongmeiti-dept";
    let (code, _, json) = dry_run(
        &tables().join(format!("{stem}.html")),
        &["--year", "2021", "--format", "json"],
    );
    assert_eq!(code, Some(0), "{json}");
    let document: Value = serde_json::from_str(&json).expect("json report");
    let form = &document["inputs"][0]["forms"][0];
    assert_eq!(form["name"], "未填写名称", "{form}");
    assert_eq!(form["year"], "2021", "{form}");
    assert_eq!(form["kind"], "部门整体", "{form}");
    assert!(
        form["kind_evidence"]
            .as_str()
            .is_some_and(|e| e.starts_with("表题「")),
        "{form}"
    );
    assert_eq!(form["profile"], "chongqing-dept", "{form}");
    assert!(form["profile_evidence"].as_str().is_some(), "{form}");
    assert!(form["indicators"].as_u64().is_some_and(|n| n > 0), "{form}");
    let unmapped = form["unmapped"].as_array().expect("unmapped cells");
    assert_eq!(unmapped.len(), 1, "{form}");
    assert_eq!(unmapped[0]["text"], "O", "{form}");
    let place = unmapped[0]["place"].as_str().unwrap_or("");
    assert!(
        place.starts_with("表格1 第") && place.contains("行第") && place.ends_with('格'),
        "{place}"
    );
    assert!(
        form["summary"]
            .as_str()
            .is_some_and(|s| s.contains("个指标")),
        "{form}"
    );
}

/// A web page that lists several forms (a table of contents) before a form: the list is
/// skipped with a report line, the form imported.
#[test]
fn a_web_page_table_of_contents_is_skipped_with_a_report_line() {
    let page = std::fs::read_to_string(tables().join("002-tianchang-shuili-fangyu.html"))
        .expect("page")
        .replacen(
            "<body>",
            "<body><p>附件</p><ul><li>项目支出绩效自评表</li><li>部门整体支出绩效自评表</li>\
             <li>转移支付区域绩效自评表</li></ul>",
            1,
        );
    let (_directory, input) = write("page.html", page.as_bytes());
    let (code, text, report) = dry_run(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report.contains("目录（列出 3 张表），不是表单，没有导入"),
        "{report}"
    );
    assert!(text.contains("项目 \"水旱灾害防御经费\" 2022 {"), "{text}");
}

/// Every layout fixture comes in the four formats `tests/import_layouts.rs` compares (made by
/// `make_fixtures.py` from its `.table`), so none is compared in fewer.
#[test]
fn every_layout_fixture_has_its_four_formats() {
    let stems: Vec<String> = std::fs::read_dir(tables())
        .expect("fixtures")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(".table").map(str::to_string)
        })
        .collect();
    assert!(stems.len() >= 13, "{stems:?}");
    for stem in stems {
        for extension in ["docx", "xlsx", "html", "txt"] {
            assert!(
                tables().join(format!("{stem}.{extension}")).is_file(),
                "{stem}.{extension} is missing: run make_fixtures.py"
            );
        }
    }
}

/// What the zip and spreadsheet libraries say is told in the user's language: Chinese by
/// default (no English library text such as `invalid Zip archive`), English with `--lang en`.
#[test]
fn damaged_files_are_refused_in_the_users_language() {
    let docx = std::fs::read(tables().join("002-tianchang-shuili-fangyu.docx")).expect("docx");
    let xlsx = std::fs::read(tables().join("002-tianchang-shuili-fangyu.xlsx")).expect("xlsx");
    // A workbook whose sheet is not well-formed XML.
    let mut broken_sheet = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    {
        let mut source = zip::ZipArchive::new(std::io::Cursor::new(&xlsx)).expect("xlsx zip");
        for index in 0..source.len() {
            let mut entry = source.by_index(index).expect("entry");
            let name = entry.name().expect("entry name").to_string();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).expect("read entry");
            if name.starts_with("xl/worksheets/") {
                bytes.truncate(bytes.len() / 2);
            }
            broken_sheet
                .start_file(name, zip::write::SimpleFileOptions::default())
                .expect("start");
            std::io::Write::write_all(&mut broken_sheet, &bytes).expect("write");
        }
    }
    let broken_sheet = broken_sheet.finish().expect("finish").into_inner();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not-a-zip.docx", b"plain text, not a zip".to_vec()),
        ("truncated.docx", docx[..docx.len() / 2].to_vec()),
        ("broken-xml.docx", docx_with_body("<w:tbl><w:tr>")),
        ("not-a-workbook.xlsx", b"plain text".to_vec()),
        ("truncated.xlsx", xlsx[..xlsx.len() / 2].to_vec()),
        ("broken-sheet.xlsx", broken_sheet),
    ];
    let english_words = [
        "Zip",
        "zip archive",
        "EOCD",
        "nvalid",
        "rror",
        "found",
        "expected",
        "XML error",
    ];
    for (name, bytes) in cases {
        let (_directory, input) = write(name, &bytes);
        let (code, _, chinese) = dry_run(&input, &[]);
        assert_eq!(code, Some(1), "{name}: {chinese}");
        let message = chinese.split_once(": ").map_or("", |(_, m)| m);
        let message = message.split_once(": ").map_or(message, |(_, m)| m);
        assert!(
            !message.is_empty() && english_words.iter().all(|w| !message.contains(w)),
            "{name}: {chinese}"
        );
        let (code, _, english) = dry_run(&input, &["--lang", "en"]);
        assert_eq!(code, Some(1), "{name}: {english}");
        // Chinese only in what the file itself names (a sheet「表1」).
        let message = english
            .split_once(&format!("{name}: "))
            .map_or("", |(_, m)| m);
        let mut outside_names = String::new();
        let mut depth = 0usize;
        for c in message.chars() {
            match c {
                '「' => depth += 1,
                '」' => depth = depth.saturating_sub(1),
                _ if depth == 0 => outside_names.push(c),
                _ => {}
            }
        }
        assert!(
            !message.is_empty()
                && !outside_names
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{name}: {english}"
        );
    }
}
