//! HTML disclosure: snapshots of both example pages, determinism, escaping of hostile text,
//! HTML well-formedness (html5ever), template overrides, the `build --format` outputs, and a
//! headless Chromium check of the department page's DOM.

use jixiao::model::Evaluation;
use jixiao::{compile, Options};
use jixiao::{to_html, IndexEntry, Templates};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

const DEPARTMENT: &str = "examples/renda-2021/department.jx";
const PROJECT: &str = "examples/renda-2021/project-congress-meetings.jx";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compiles the one form of `source`, recording `path` in the diagnostics.
fn evaluate(source: &str, path: &str) -> Evaluation {
    let compilation = compile(source, Some(path), &Options::default());
    assert_eq!(compilation.forms.len(), 1, "{path}: expected one form");
    compilation.forms[0].evaluation.clone()
}

fn example(path: &str) -> Evaluation {
    let source = std::fs::read_to_string(root().join(path)).expect("example exists");
    evaluate(&source, path)
}

fn page(path: &str) -> String {
    to_html(&example(path)).expect("built-in templates render")
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

fn text(element: scraper::ElementRef<'_>) -> String {
    element.text().collect::<String>()
}

/// html5ever's parse errors for a document (empty for a conforming HTML5 token stream).
fn parse_errors(html: &str) -> Vec<String> {
    Html::parse_document(html)
        .errors
        .iter()
        .map(std::string::ToString::to_string)
        .collect()
}

#[test]
fn department_page_snapshot() {
    insta::assert_snapshot!("department_page", page(DEPARTMENT));
}

#[test]
fn project_page_snapshot() {
    insta::assert_snapshot!("project_page", page(PROJECT));
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    for path in [DEPARTMENT, PROJECT] {
        let first = page(path);
        let second = page(path);
        assert_eq!(first.as_bytes(), second.as_bytes(), "{path}");
        let templates = Templates::builtin().expect("built-ins load");
        let evaluation = example(path);
        let entries = [IndexEntry {
            evaluation: &evaluation,
            page: Some("a/b.html"),
        }];
        assert_eq!(
            templates.render_index(&entries).expect("index renders"),
            templates.render_index(&entries).expect("index renders"),
        );
    }
}

#[test]
fn pages_parse_without_errors() {
    for path in [DEPARTMENT, PROJECT] {
        let html = page(path);
        assert_eq!(parse_errors(&html), Vec::<String>::new(), "{path}");
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    }
}

#[test]
fn department_page_has_the_official_layout() {
    let html = Html::parse_document(&page(DEPARTMENT));
    let caption = html
        .select(&selector("table.block-header caption"))
        .next()
        .expect("caption");
    assert_eq!(text(caption), "部门整体支出绩效自评表（2021年度）");
    // Level-1 cells merged over their rows: 产出指标 5, 效益指标 2, 满意度指标 2.
    let level1: Vec<(String, String)> = html
        .select(&selector("th.level1"))
        .map(|cell| {
            (
                text(cell),
                cell.value().attr("rowspan").unwrap_or("1").to_string(),
            )
        })
        .collect();
    assert_eq!(
        level1,
        [("产出指标", "5"), ("效益指标", "2"), ("满意度指标", "2")]
            .map(|(name, span)| (name.to_string(), span.to_string()))
    );
    assert_eq!(html.select(&selector("tr[data-indicator]")).count(), 9);
    let headers: Vec<String> = html
        .select(&selector(
            "table.block-indicators tr:first-child th[scope=col]",
        ))
        .map(text)
        .collect();
    assert_eq!(
        headers,
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "度量单位",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分系数",
            "得分",
            "偏差原因分析及改进措施"
        ]
    );
    // The total: computed 100.00, marked, declared 98 in the footnote.
    let total = html
        .select(&selector("table.block-total td[data-fact=total]"))
        .next()
        .expect("total cell");
    assert!(total.value().classes().any(|class| class == "mismatch"));
    assert_eq!(total.value().attr("data-declared"), Some("98"));
    assert!(text(total).starts_with("100.00※1"), "{}", text(total));
    let note = html
        .select(&selector("#note-1"))
        .next()
        .expect("footnote 1");
    let note = text(note);
    assert!(note.contains("填报 98，计算 100.00"), "{note}");
    assert!(note.contains("10.00 + 90.00 = 100.00"), "{note}");
    assert!(note.contains("财预〔2020〕10号"), "{note}");
    // The execution rate on the wrong base is marked too.
    let rate = html
        .select(&selector("td[data-fact='budget.execution_rate']"))
        .next()
        .expect("rate cell");
    assert_eq!(rate.value().attr("data-declared"), Some("78%"));
    assert!(text(rate).starts_with("100.00%"));
    // The embedded JSON is the JSON output.
    let script = html
        .select(&selector("script#jixiao-data"))
        .next()
        .expect("data script");
    assert_eq!(script.value().attr("type"), Some("application/json"));
    assert_eq!(
        text(script).trim(),
        jixiao::to_json(&example(DEPARTMENT)).trim()
    );
}

#[test]
fn project_page_shows_the_project_columns() {
    let html = Html::parse_document(&page(PROJECT));
    let headers: Vec<String> = html
        .select(&selector(
            "table.block-indicators tr:first-child th[scope=col]",
        ))
        .map(text)
        .collect();
    assert!(headers.contains(&"指标性质".to_string()));
    assert_eq!(html.select(&selector("tr[data-indicator]")).count(), 9);
    let total = html
        .select(&selector("table.block-total td[data-fact=total]"))
        .next()
        .expect("total cell");
    assert_eq!(total.value().attr("data-declared"), Some("99"));
    assert!(text(total).starts_with("99.42"));
    let funds: Vec<String> = html
        .select(&selector("table.block-budget tr th[scope=row]"))
        .map(text)
        .collect();
    assert_eq!(funds, ["合计", "财政拨款"]);
}

const HOSTILE: &str = r#"<script>alert(1)</script> " ' & </script><!--"#;

fn hostile_form() -> String {
    // “…” strings take `"` as it is; `\"` escapes it in "…" strings.
    let plain = HOSTILE.replace('"', "\\\"");
    format!(
        r#"项目 “{HOSTILE}” 2021 {{
    主管部门 “{HOSTILE}”
    实施单位 "{plain}"
    资金 万元 {{
        合计 100 100 90
        分值 10
    }}
    年度总体目标 {{
        预期目标 “{HOSTILE}”
        实际完成 “{HOSTILE}”
    }}
    产出指标 {{
        数量指标 {{
            “{HOSTILE}” 单位 次 目标 10次 实际 5次 分值 90 得分 80 偏差 “{HOSTILE}”
        }}
    }}
}}
"#
    )
}

#[test]
fn hostile_text_stays_inert() {
    let source = hostile_form();
    let compilation = compile(&source, Some("hostile.jx"), &Options::default());
    assert_eq!(compilation.forms.len(), 1, "{:#?}", compilation.diagnostics);
    let evaluation = &compilation.forms[0].evaluation;
    assert_eq!(evaluation.name, HOSTILE);
    let html = to_html(evaluation).expect("renders");
    // Raw markup never appears: the only script elements are the JSON block.
    assert!(!html.contains("<script>alert"), "raw script tag in output");
    assert!(!html.contains("<!--"), "raw comment opener in output");
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.matches("</script>").count(), 1);
    assert_eq!(parse_errors(&html), Vec::<String>::new());

    let document = Html::parse_document(&html);
    assert_eq!(document.select(&selector("script")).count(), 1);
    // The text comes back exactly, in text and in attributes.
    let name = document
        .select(&selector("td[data-fact=name]"))
        .next()
        .expect("name cell");
    assert_eq!(text(name), HOSTILE);
    let indicator = document
        .select(&selector("tr[data-indicator='0'] th.name"))
        .next()
        .expect("indicator");
    assert_eq!(text(indicator), HOSTILE);
    let title = document.select(&selector("title")).next().expect("title");
    assert!(text(title).ends_with(HOSTILE));
    // A user-controlled value in an attribute: the declared score of a disagreeing cell comes
    // from the form, and footnote texts quote the indicator name.
    for element in document.select(&selector("[data-declared]")) {
        assert!(!element
            .value()
            .attr("data-declared")
            .unwrap_or("")
            .contains('<'));
    }
    let footnotes: String = document
        .select(&selector("ol.notes li"))
        .map(text)
        .collect();
    assert!(footnotes.contains(HOSTILE), "{footnotes}");
    // The JSON block holds the same text, escaped so that it cannot close the script.
    let script = document
        .select(&selector("script#jixiao-data"))
        .next()
        .expect("data script");
    let json: serde_json::Value = serde_json::from_str(&text(script)).expect("valid JSON");
    assert_eq!(json["name"], HOSTILE);
    assert_eq!(json["indicators"][0]["name"], HOSTILE);

    // The index escapes the name and percent-encodes the link.
    let templates = Templates::builtin().expect("built-ins load");
    let index = templates
        .render_index(&[IndexEntry {
            evaluation,
            page: Some("a \"b\"/<x>.html"),
        }])
        .expect("index renders");
    assert!(!index.contains("<script>alert"));
    assert_eq!(parse_errors(&index), Vec::<String>::new());
    let index = Html::parse_document(&index);
    let link = index
        .select(&selector("table.index a"))
        .next()
        .expect("link");
    assert_eq!(link.value().attr("href"), Some("a%20%22b%22/%3Cx%3E.html"));
    assert_eq!(text(link), HOSTILE);
}

fn jixiao() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    command.current_dir(root()).env("NO_COLOR", "1");
    command
}

#[test]
fn build_both_writes_pages_json_and_index() {
    let output = tempfile::tempdir().expect("temp dir");
    let status = jixiao()
        .args(["build", "examples/renda-2021", "--format", "both", "-o"])
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    for name in [
        "department.html",
        "department.json",
        "project-congress-meetings.html",
        "project-congress-meetings.json",
        "index.html",
    ] {
        assert!(output.path().join(name).is_file(), "{name} missing");
    }
    let page =
        std::fs::read_to_string(output.path().join("department.html")).expect("page written");
    let json =
        std::fs::read_to_string(output.path().join("department.json")).expect("json written");
    assert!(page.contains(json.trim()), "page embeds the JSON output");
    let index = std::fs::read_to_string(output.path().join("index.html")).expect("index");
    assert_eq!(parse_errors(&index), Vec::<String>::new());
    let index = Html::parse_document(&index);
    let rows: Vec<Vec<String>> = index
        .select(&selector("table.index tbody tr"))
        .map(|row| {
            row.select(&selector("td, th"))
                .map(|cell| text(cell).trim().to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            [
                "部门整体",
                "2021",
                "区人大常委会办公室",
                "100.00%",
                "100.00",
                "优",
                "0",
                "10"
            ],
            [
                "项目",
                "2021",
                "人代会及常委会经费",
                "94.19%",
                "99.42",
                "优",
                "0",
                // W0407 (scores printed as whole points, once) and W0502: §12.10.
                "2"
            ],
        ]
        .map(|row| row.map(str::to_string).to_vec())
    );
    let links: Vec<&str> = index
        .select(&selector("table.index a"))
        .filter_map(|link| link.value().attr("href"))
        .collect();
    assert_eq!(links, ["department.html", "project-congress-meetings.html"]);
}

#[test]
fn json_format_writes_no_html() {
    let output = tempfile::tempdir().expect("temp dir");
    let status = jixiao()
        .args(["build", DEPARTMENT, "-o"])
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0));
    assert!(output.path().join("department.json").is_file());
    assert!(!output.path().join("department.html").exists());
    assert!(!output.path().join("index.html").exists());
}

#[test]
fn form_with_errors_writes_no_page_and_is_listed_without_link() {
    let output = tempfile::tempdir().expect("temp dir");
    let sources = tempfile::tempdir().expect("temp dir");
    let broken = sources.path().join("broken.jx");
    std::fs::write(&broken, "项目 \"坏表\" 2021 {\n    分值 十\n}\n").expect("write");
    // A stale page from an earlier run must go.
    std::fs::write(output.path().join("broken.html"), "old").expect("write");
    let status = jixiao()
        .args(["build", "--format", "html", "-o"])
        .arg(output.path())
        .arg(sources.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(1), "{status:?}");
    assert!(!output.path().join("broken.html").exists());
    let index = std::fs::read_to_string(output.path().join("index.html")).expect("index");
    assert!(index.contains("坏表"));
    assert!(index.contains("未生成页面"));
}

#[test]
fn user_templates_override_built_ins_by_name() {
    let templates = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        templates.path().join("form.html"),
        "<p>{{ form.name }}: {{ form.total.total.text }}</p>\n",
    )
    .expect("write");
    let output = tempfile::tempdir().expect("temp dir");
    let status = jixiao()
        .args(["build", DEPARTMENT, "--format", "html", "--template"])
        .arg(templates.path())
        .arg("-o")
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    let page = std::fs::read_to_string(output.path().join("department.html")).expect("page");
    assert_eq!(page, "<p>区人大常委会办公室: 100.00</p>\n");
    // index.html was not overridden: the built-in one is used.
    let index = std::fs::read_to_string(output.path().join("index.html")).expect("index");
    assert!(index.contains("绩效自评表目录"));
}

#[test]
fn broken_user_template_is_a_clear_error_naming_file_and_line() {
    let templates = tempfile::tempdir().expect("temp dir");
    let file = templates.path().join("form.html");
    std::fs::write(&file, "<p>\n{{ form.name }}\n{% if %}\n</p>\n").expect("write");
    let output = tempfile::tempdir().expect("temp dir");
    let result = jixiao()
        .args(["build", DEPARTMENT, "--format", "html", "--template"])
        .arg(templates.path())
        .arg("-o")
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(result.status.code(), Some(2), "{result:?}");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains(&format!("模板 {} 第 3 行", file.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!output.path().join("department.html").exists());

    // An error at render time (an undefined variable) also names the file and line.
    std::fs::write(&file, "<p>\n\n{{ form.no_such_field }}</p>\n").expect("write");
    let result = jixiao()
        .args(["build", DEPARTMENT, "--format", "html", "--template"])
        .arg(templates.path())
        .arg("-o")
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(result.status.code(), Some(2), "{result:?}");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains(&format!("模板 {} 第 3 行", file.display())),
        "{stderr}"
    );
    assert!(!output.path().join("department.html").exists());
}

#[test]
fn templates_with_overrides_reports_the_directory_problem() {
    let missing = Path::new("/nonexistent/jixiao-templates");
    let error = Templates::with_overrides(missing).expect_err("no such directory");
    assert!(error.to_string().contains("/nonexistent/jixiao-templates"));
}

// ---------------------------------------------------------------------------------------------
// Headless Chromium: the DOM a real browser builds from the page.
// ---------------------------------------------------------------------------------------------

const CHROMIUM: &str = "/usr/bin/chromium";

/// Runs headless Chromium with a fresh profile and returns the DOM it dumps for `file`.
fn chromium_dom(file: &Path) -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        println!(
            "SKIPPED: {CHROMIUM} is not installed (apt-get install -y chromium fonts-noto-cjk)"
        );
        return None;
    }
    let profile = tempfile::tempdir().expect("temp dir");
    let output = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("chromium runs");
    assert!(output.status.success(), "chromium failed: {output:?}");
    Some(String::from_utf8(output.stdout).expect("UTF-8 DOM"))
}

#[test]
fn chromium_renders_both_examples() {
    let directory = tempfile::tempdir().expect("temp dir");
    let department = directory.path().join("department.html");
    let project = directory.path().join("project.html");
    std::fs::write(&department, page(DEPARTMENT)).expect("write");
    std::fs::write(&project, page(PROJECT)).expect("write");
    let Some(dom) = chromium_dom(&department) else {
        return;
    };
    let dom = Html::parse_document(&dom);
    // Merged level-1 cells survive the browser's table model.
    let level1: Vec<(String, String)> = dom
        .select(&selector("table.block-indicators th.level1"))
        .map(|cell| {
            (
                text(cell),
                cell.value().attr("rowspan").unwrap_or("1").to_string(),
            )
        })
        .collect();
    assert_eq!(
        level1,
        [("产出指标", "5"), ("效益指标", "2"), ("满意度指标", "2")]
            .map(|(name, span)| (name.to_string(), span.to_string()))
    );
    // Every indicator row, in order.
    let names: Vec<String> = dom
        .select(&selector(
            "table.block-indicators tr[data-indicator] th.name",
        ))
        .map(text)
        .collect();
    assert_eq!(
        names,
        [
            "人代会召开次数",
            "常委会召开次数",
            "开展调研次数",
            "及时召开会议通过全区重大事项",
            "按时完成换届选举工作",
            "促进全区经济社会发展可持续方面",
            "促进生态环保领域可持续方面",
            "代表服务方面",
            "全区人民对人大工作开展方面",
        ]
    );
    for index in 0..9 {
        let score = dom
            .select(&selector(&format!(
                "td[data-fact='indicators.{index}.score']"
            )))
            .next()
            .expect("score cell");
        assert_eq!(text(score), "10.00");
    }
    // Totals.
    let fact = |name: &str| {
        dom.select(&selector(&format!(
            "table.block-indicators td[data-fact='{name}']"
        )))
        .next()
        .map(text)
    };
    assert_eq!(fact("indicator_subtotal.weight").as_deref(), Some("90"));
    assert_eq!(fact("indicator_subtotal.score").as_deref(), Some("90.00"));
    // The marked disagreement: declared 98, computed 100.00.
    let total = dom
        .select(&selector("table.block-total td[data-fact=total]"))
        .next()
        .expect("total cell");
    assert!(total.value().classes().any(|class| class == "mismatch"));
    assert_eq!(total.value().attr("data-declared"), Some("98"));
    assert_eq!(text(total), "100.00※1填报 98");
    let grade = dom
        .select(&selector("td[data-fact=grade]"))
        .next()
        .expect("grade");
    assert_eq!(text(grade), "优");
    let note = dom.select(&selector("#note-1")).next().expect("footnote");
    assert!(text(note).contains("填报 98，计算 100.00"));

    let Some(dom) = chromium_dom(&project) else {
        return;
    };
    let dom = Html::parse_document(&dom);
    assert_eq!(dom.select(&selector("tr[data-indicator]")).count(), 9);
    let total = dom
        .select(&selector("table.block-total td[data-fact=total]"))
        .next()
        .expect("total cell");
    assert_eq!(text(total), "99.42※1填报 99");
}
