//! HTML disclosure: snapshots of both audiences and of the index, determinism, escaping of
//! hostile text, HTML well-formedness (html5ever), template overrides, the `build --format`
//! outputs, and headless Chromium: the DOM of both examples, no cell overflowing at 1240 px and
//! 390 px on a stress form, and the A4 print of the public department page.

use jixiao::model::Evaluation;
use jixiao::{compile, Options};
use jixiao::{to_html, to_html_for, Audience, IndexEntry, Templates};
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

/// The public page of an example.
fn page(path: &str) -> String {
    to_html(&example(path)).expect("built-in templates render")
}

/// The review page of an example.
fn review(path: &str) -> String {
    to_html_for(&example(path), Audience::Review).expect("built-in templates render")
}

/// An index entry with a page and nothing else.
fn entry<'a>(evaluation: &'a Evaluation, page: &'a str) -> IndexEntry<'a> {
    IndexEntry {
        evaluation,
        page: Some(page),
        json: None,
        source: None,
    }
}

/// The text a reader sees: every text node outside `<script>` and `<style>`.
fn visible_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let body = document.select(&selector("body")).next().expect("body");
    let title = document
        .select(&selector("title"))
        .next()
        .map(text)
        .unwrap_or_default();
    let mut out = title;
    for node in body.descendants() {
        if let Some(text) = node.value().as_text() {
            let inside_script = node.ancestors().any(|ancestor| {
                ancestor
                    .value()
                    .as_element()
                    .is_some_and(|element| matches!(element.name(), "script" | "style"))
            });
            if !inside_script {
                out.push_str(text);
            }
        }
    }
    out
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
fn department_review_page_snapshot() {
    insta::assert_snapshot!("department_review_page", review(DEPARTMENT));
}

#[test]
fn project_review_page_snapshot() {
    insta::assert_snapshot!("project_review_page", review(PROJECT));
}

#[test]
fn index_snapshot() {
    let department = example(DEPARTMENT);
    let project = example(PROJECT);
    let templates = Templates::builtin().expect("built-ins load");
    let index = templates
        .render_index(&[
            IndexEntry {
                evaluation: &department,
                page: Some("renda-2021/department.html"),
                json: Some("renda-2021/department.json"),
                source: Some("renda-2021/department.jx"),
            },
            IndexEntry {
                evaluation: &project,
                page: Some("renda-2021/project-congress-meetings.html"),
                json: Some("renda-2021/project-congress-meetings.json"),
                source: Some("renda-2021/project-congress-meetings.jx"),
            },
        ])
        .expect("index renders");
    assert_eq!(parse_errors(&index), Vec::<String>::new());
    insta::assert_snapshot!("index_page", index);
}

#[test]
fn public_page_is_the_form_as_filed() {
    for path in [DEPARTMENT, PROJECT] {
        let html = page(path);
        let visible = visible_text(&html);
        for forbidden in ["jixiao", ".jx", "LANGUAGE.md", "docs/", "`", "※"] {
            assert!(
                !visible.contains(forbidden),
                "{path}: public page shows {forbidden:?}: {visible}"
            );
        }
        assert!(
            !visible.char_indices().any(|(at, c)| matches!(c, 'W' | 'E')
                && visible[at + 1..]
                    .chars()
                    .take(4)
                    .all(|d| d.is_ascii_digit())
                && visible[at + 1..].chars().take(4).count() == 4),
            "{path}: a diagnostic code on the public page"
        );
        let document = Html::parse_document(&html);
        assert_eq!(
            document
                .select(&selector(".mismatch, .footnotes, .diagnostics"))
                .count(),
            0
        );
        // The same JSON as the review page.
        let script = |html: &str| {
            Html::parse_document(html)
                .select(&selector("script#jixiao-data"))
                .next()
                .map(text)
                .expect("data script")
        };
        assert_eq!(script(&html), script(&review(path)));
    }
    // The filed 98 and 78% are the headline values; no grade the unit did not file.
    let document = Html::parse_document(&page(DEPARTMENT));
    let cell = |fact: &str| {
        document
            .select(&selector(&format!("[data-fact='{fact}']")))
            .map(text)
            .collect::<Vec<_>>()
    };
    assert_eq!(cell("total"), ["98", "98"]);
    assert_eq!(cell("budget.execution_rate"), ["78%"]);
    assert_eq!(cell("budget.execution_score"), ["8"]);
    assert_eq!(cell("grade"), Vec::<String>::new());
    // The sign-off block.
    let sign_off: Vec<String> = document
        .select(&selector("dl.sign-off div"))
        .map(|line| text(line).trim().to_string())
        .collect();
    assert_eq!(
        sign_off,
        [
            "填报单位（盖章）：区人大常委会办公室",
            "单位负责人：",
            "填表人：杨建平",
            "联系电话：15023867876",
            "填报日期："
        ]
    );
}

#[test]
fn review_page_shows_computed_beside_declared_in_plain_language() {
    let html = review(DEPARTMENT);
    let document = Html::parse_document(&html);
    let total = document
        .select(&selector("table.block-total td[data-fact=total]"))
        .next()
        .expect("total cell");
    assert_eq!(text(total), "100.00※1填报 98");
    let visible = visible_text(&html);
    for forbidden in ["LANGUAGE.md", "docs/", "jixiao", "`", "第 10 行"] {
        assert!(!visible.contains(forbidden), "{forbidden:?} in {visible}");
    }
    // An impossible total (weights adding up to 105) is marked in its cell.
    let source = std::fs::read_to_string(root().join(DEPARTMENT))
        .expect("example")
        .replace(
            "\"人代会召开次数\"  单位 次  目标 2次  实际 2次   分值 10",
            "\"人代会召开次数\"  单位 次  目标 2次  实际 2次   分值 15",
        );
    let evaluation = evaluate(&source, "over.jx");
    assert_eq!(evaluation.weights_total.to_string(), "105");
    let html = to_html_for(&evaluation, Audience::Review).expect("renders");
    let document = Html::parse_document(&html);
    let total = document
        .select(&selector("table.block-total td[data-fact=total]"))
        .next()
        .expect("total cell");
    assert!(total.value().classes().any(|class| class == "impossible"));
    assert!(text(total).contains("总分超过 100 分"), "{}", text(total));
    // A declared score over its weight is marked in its cell.
    let source = std::fs::read_to_string(root().join(DEPARTMENT))
        .expect("example")
        .replace(
            "目标 2次  实际 2次   分值 10  系数 100%  得分 10",
            "目标 2次  实际 2次   分值 10  系数 100%  得分 12",
        );
    let evaluation = evaluate(&source, "over.jx");
    let html = to_html_for(&evaluation, Audience::Review).expect("renders");
    let document = Html::parse_document(&html);
    let score = indicator_cell(&document, 0, "score").expect("score cell");
    assert!(score.value().classes().any(|class| class == "impossible"));
    assert!(text(score).contains("得分超过分值"), "{}", text(score));
    // The public page shows the filed 12 and marks nothing.
    let public = Html::parse_document(&to_html(&evaluation).expect("renders"));
    let score = indicator_cell(&public, 0, "score").expect("score cell");
    assert_eq!(text(score), "12");
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    for path in [DEPARTMENT, PROJECT] {
        let first = page(path);
        let second = page(path);
        assert_eq!(first.as_bytes(), second.as_bytes(), "{path}");
        assert_eq!(review(path).as_bytes(), review(path).as_bytes(), "{path}");
        let templates = Templates::builtin().expect("built-ins load");
        let evaluation = example(path);
        let entries = [entry(&evaluation, "a/b.html")];
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
        assert_eq!(parse_errors(&review(path)), Vec::<String>::new(), "{path}");
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    }
}

#[test]
fn department_page_has_the_official_layout() {
    let html = Html::parse_document(&review(DEPARTMENT));
    let caption = html
        .select(&selector("table.block-header caption"))
        .next()
        .expect("caption");
    // The title the form states (`表名`), as the unit filed it.
    assert_eq!(text(caption), "部门整体绩效目标自评表（2021年度）");
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
            "table.block-indicators thead th[scope=col]:not(.side)",
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
    // The embedded JSON is the JSON output's document, written compact (issue 19).
    let script = html
        .select(&selector("script#jixiao-data"))
        .next()
        .expect("data script");
    assert_eq!(script.value().attr("type"), Some("application/json"));
    let embedded = text(script);
    assert!(
        !embedded.trim().contains('\n'),
        "the embedded JSON is compact"
    );
    let parse = |json: &str| serde_json::from_str::<serde_json::Value>(json).expect("JSON");
    assert_eq!(
        parse(&embedded),
        parse(&jixiao::to_json(&example(DEPARTMENT)))
    );
}

#[test]
fn project_page_shows_the_project_columns() {
    let html = Html::parse_document(&review(PROJECT));
    let headers: Vec<String> = html
        .select(&selector(
            "table.block-indicators thead th[scope=col]:not(.side)",
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
    let public = to_html(evaluation).expect("renders");
    assert!(
        !public.contains("<script>alert"),
        "raw script tag in output"
    );
    assert_eq!(public.matches("<script").count(), 1);
    assert_eq!(parse_errors(&public), Vec::<String>::new());
    let html = to_html_for(evaluation, Audience::Review).expect("renders");
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
    // The sign-off block (the 实施单位 fills 填报单位) keeps the text exactly.
    let unit = document
        .select(&selector("dl.sign-off dd"))
        .next()
        .expect("sign-off");
    assert_eq!(text(unit), HOSTILE);
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
    let entries = [IndexEntry {
        evaluation,
        page: Some("a \"b\"/<x>.html"),
        json: Some("a \"b\"/<x>.json"),
        source: Some("a \"b\"/<x>.jx"),
    }];
    let index = templates.render_index(&entries).expect("index renders");
    assert!(!index.contains("<script>alert"));
    assert_eq!(parse_errors(&index), Vec::<String>::new());
    let index = Html::parse_document(&index);
    let link = index
        .select(&selector("table.index th.name a"))
        .next()
        .expect("link");
    assert_eq!(link.value().attr("href"), Some("a%20%22b%22/%3Cx%3E.html"));
    assert_eq!(text(link), HOSTILE);
    // The search data (the row's attributes) and the department filter keep the text exactly.
    let row = index.select(&selector("tr.form-row")).next().expect("row");
    assert_eq!(row.value().attr("data-department"), Some(HOSTILE));
    let option = index
        .select(&selector("#f-department option"))
        .nth(1)
        .expect("department option");
    assert_eq!(text(option), HOSTILE);
    // index.json: valid JSON holding the same text, and nothing that could close a script.
    let json = jixiao::index_json(&entries);
    assert!(!json.contains('<') && !json.contains('>'), "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["forms"][0]["name"], HOSTILE);
    assert_eq!(value["forms"][0]["supervising_department"], HOSTILE);
    assert_eq!(value["forms"][0]["source"], "a \"b\"/<x>.jx");
}

fn jixiao() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    command.current_dir(root()).env("NO_COLOR", "1");
    command
}

#[test]
fn build_writes_pages_json_and_index_by_default() {
    let output = tempfile::tempdir().expect("temp dir");
    let status = jixiao()
        .args(["build", "examples/renda-2021", "-o"])
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
        "index.json",
    ] {
        assert!(output.path().join(name).is_file(), "{name} missing");
    }
    let page =
        std::fs::read_to_string(output.path().join("department.html")).expect("page written");
    let json =
        std::fs::read_to_string(output.path().join("department.json")).expect("json written");
    // The page links the JSON document written beside it instead of embedding a copy, as it
    // links the shared stylesheet written beside the index.
    assert!(page.contains("<link rel=\"stylesheet\" href=\"style.css\">"));
    let css = std::fs::read_to_string(output.path().join(jixiao::STYLESHEET)).expect("css");
    assert_eq!(css, Templates::builtin().unwrap().stylesheet().unwrap());
    let document = Html::parse_document(&page);
    assert_eq!(
        document.select(&selector("script")).count(),
        0,
        "nothing embedded"
    );
    let alternate: Vec<(&str, &str)> = document
        .select(&selector("head link[rel=alternate]"))
        .map(|link| {
            (
                link.value().attr("type").unwrap_or_default(),
                link.value().attr("href").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(alternate, [("application/json", "department.json")]);
    // The linked file is the form's document: the very bytes that a page written without its
    // JSON beside it (`--format html`) embeds.
    let alone = tempfile::tempdir().expect("temp dir");
    let status = jixiao()
        .args(["build", "examples/renda-2021", "--format", "html", "-o"])
        .arg(alone.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    assert!(!alone.path().join("department.json").exists());
    let alone = std::fs::read_to_string(alone.path().join("department.html")).expect("page");
    let alone = Html::parse_document(&alone);
    assert_eq!(alone.select(&selector("link[rel=alternate]")).count(), 0);
    let embedded = alone
        .select(&selector("script#jixiao-data"))
        .next()
        .expect("a page without its JSON beside it embeds it");
    assert_eq!(text(embedded).trim(), json.trim_end(), "the same document");
    // The page links back to the index and to its JSON.
    let links: Vec<&str> = document
        .select(&selector("nav.links a"))
        .filter_map(|link| link.value().attr("href"))
        .collect();
    assert_eq!(links, ["index.html", "department.json"]);
    // The public page by default.
    assert_eq!(document.select(&selector(".mismatch")).count(), 0);
    let index = std::fs::read_to_string(output.path().join("index.html")).expect("index");
    assert_eq!(parse_errors(&index), Vec::<String>::new());
    let index = Html::parse_document(&index);
    let rows: Vec<Vec<String>> = index
        .select(&selector("table.index tr.form-row"))
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
                "区人大常委会办公室",
                "人代会及常委会经费项目资金绩效目标自评表 JSON",
                "2021",
                "项目",
                "94%",
                "99",
                "99.42≠",
                "优",
                // W0407 (scores printed as whole points, once) and W0502: §12.10.
                "2"
            ],
            [
                "（未填主管部门）",
                "区人大常委会办公室部门整体绩效目标自评表 JSON",
                "2021",
                "部门整体",
                "78%",
                "98",
                "100.00≠",
                "优",
                "10"
            ],
        ]
        .map(|row| row.map(str::to_string).to_vec())
    );
    let links: Vec<&str> = index
        .select(&selector("table.index th.name a"))
        .filter_map(|link| link.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "project-congress-meetings.html",
            "project-congress-meetings.json",
            "department.html",
            "department.json"
        ]
    );
    // Grouped by 主管部门, with charts as inline SVG.
    let groups: Vec<String> = index
        .select(&selector("tr.group th"))
        .map(|cell| text(cell))
        .collect();
    assert_eq!(
        groups,
        ["区人大常委会办公室 （1 张）", "（未填主管部门） （1 张）"]
    );
    assert_eq!(index.select(&selector("section.charts svg")).count(), 3);
    // index.json: one record per form, with the source relative to the workspace.
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(output.path().join("index.json")).expect("index.json"),
    )
    .expect("valid JSON");
    let forms = summary["forms"].as_array().expect("forms");
    assert_eq!(forms.len(), 2);
    assert_eq!(forms[0]["source"], "department.jx");
    assert_eq!(forms[0]["page"], "department.html");
    assert_eq!(forms[0]["total"]["declared"], "98");
    assert_eq!(forms[0]["total"]["computed"], "100.00");
}

#[test]
fn build_review_audience_marks_the_disagreements() {
    let output = tempfile::tempdir().expect("temp dir");
    // The example without its workspace (examples/jixiao.toml chooses the 重庆 headers), at the
    // same relative path, so the page equals the library's rendering of the bare form.
    let bare = tempfile::tempdir().expect("temp dir");
    let copy = bare.path().join(DEPARTMENT);
    std::fs::create_dir_all(copy.parent().expect("parent")).expect("mkdir");
    std::fs::copy(root().join(DEPARTMENT), &copy).expect("copy");
    let status = jixiao()
        .current_dir(bare.path())
        .args(["build", DEPARTMENT, "--audience", "review", "-o"])
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    let page = std::fs::read_to_string(output.path().join("department.html")).expect("page");
    assert_eq!(page, review_with_links(DEPARTMENT));
}

/// The review page as `build` writes it beside its JSON and index.
fn review_with_links(path: &str) -> String {
    Templates::builtin()
        .expect("built-ins load")
        .render_page(
            &example(path),
            Audience::Review,
            &jixiao::PageLinks {
                index: Some("index.html".to_string()),
                json: Some("department.json".to_string()),
                stylesheet: Some(jixiao::STYLESHEET.to_string()),
                ..jixiao::PageLinks::default()
            },
        )
        .expect("renders")
}

#[test]
fn json_format_writes_no_html() {
    let output = tempfile::tempdir().expect("temp dir");
    let status = jixiao()
        .args(["build", DEPARTMENT, "--format", "json", "-o"])
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0));
    assert!(output.path().join("department.json").is_file());
    assert!(!output.path().join("index.json").exists());
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
    // The public page's view: the filed total.
    assert_eq!(page, "<p>区人大常委会办公室: 98</p>\n");
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
    std::fs::write(&department, review(DEPARTMENT)).expect("write");
    std::fs::write(&project, review(PROJECT)).expect("write");
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
        let score = indicator_cell(&dom, index, "score").expect("score cell");
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

/// The stress form: long names, targets, actuals, amounts and deviation notes.
const STRESS: &str = "tests/fixtures/html/stress.jx";

/// Runs headless Chromium on `file` at `width` px with a script appended that lists every cell
/// whose content overflows it, and whether the page scrolls sideways; returns the list (empty
/// when nothing overflows). On failure a screenshot is kept in `target/test-artefacts/`.
fn overflowing_cells(html: &str, name: &str, width: u32) -> Option<Vec<String>> {
    if !Path::new(CHROMIUM).exists() {
        println!(
            "SKIPPED: {CHROMIUM} is not installed (apt-get install -y chromium fonts-noto-cjk)"
        );
        return None;
    }
    const PROBE: &str = r#"<script>
(function () {
  var found = [];
  document.querySelectorAll("td, th").forEach(function (cell) {
    var label = (cell.getAttribute("data-fact") || cell.tagName) + " " + cell.textContent.slice(0, 30);
    if (cell.scrollWidth > cell.clientWidth || cell.scrollHeight > cell.clientHeight + 1) {
      found.push(label + " " + cell.scrollWidth + ">" + cell.clientWidth);
    }
    // The text's boxes stay inside the cell's box (so no text box meets a neighbour's).
    var box = cell.getBoundingClientRect();
    var range = document.createRange();
    range.selectNodeContents(cell);
    Array.prototype.forEach.call(range.getClientRects(), function (r) {
      if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 ||
          r.top < box.top - 1 || r.bottom > box.bottom + 1)) {
        found.push(label + " text box outside its cell");
      }
    });
  });
  var root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    found.push("page " + root.scrollWidth + ">" + root.clientWidth);
  }
  var out = document.createElement("pre");
  out.id = "overflow-result";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
})();
</script>"#;
    let directory = tempfile::tempdir().expect("temp dir");
    let file = directory.path().join(format!("{name}.html"));
    std::fs::write(&file, html.replace("</body>", &format!("{PROBE}</body>"))).expect("write");
    let run = |extra: &[String]| {
        let profile = tempfile::tempdir().expect("temp dir");
        Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--disable-background-networking",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--window-size={width},900"))
            .args(extra)
            .arg(format!("file://{}", file.display()))
            .output()
            .expect("chromium runs")
    };
    let output = run(&["--dump-dom".to_string()]);
    assert!(output.status.success(), "chromium failed: {output:?}");
    let dom = Html::parse_document(&String::from_utf8_lossy(&output.stdout));
    let result = dom
        .select(&selector("#overflow-result"))
        .next()
        .map(text)
        .expect("the probe ran");
    let found: Vec<String> = serde_json::from_str(&result).expect("probe JSON");
    if !found.is_empty() {
        let artefacts = root().join("target/test-artefacts");
        std::fs::create_dir_all(&artefacts).expect("artefact directory");
        let shot = artefacts.join(format!("{name}-{width}.png"));
        let _ = run(&[format!("--screenshot={}", shot.display())]);
        println!("screenshot: {}", shot.display());
    }
    Some(found)
}

#[test]
fn chromium_no_cell_overflows_on_the_stress_form() {
    let source = std::fs::read_to_string(root().join(STRESS)).expect("stress form");
    let evaluation = evaluate(&source, STRESS);
    for (audience, label) in [(Audience::Public, "public"), (Audience::Review, "review")] {
        let html = to_html_for(&evaluation, audience).expect("renders");
        for width in [1240, 390] {
            let name = format!("stress-{label}");
            let Some(found) = overflowing_cells(&html, &name, width) else {
                return;
            };
            assert_eq!(found, Vec::<String>::new(), "{label} at {width} px");
        }
    }
    for path in [DEPARTMENT, PROJECT] {
        for width in [1240, 390] {
            let Some(found) = overflowing_cells(&page(path), "example", width) else {
                return;
            };
            assert_eq!(found, Vec::<String>::new(), "{path} at {width} px");
        }
    }
    // The index too.
    let department = example(DEPARTMENT);
    let project = example(PROJECT);
    let index = Templates::builtin()
        .expect("built-ins load")
        .render_index(&[
            entry(&department, "department.html"),
            entry(&project, "project-congress-meetings.html"),
        ])
        .expect("index renders");
    for width in [1240, 390] {
        let Some(found) = overflowing_cells(&index, "index", width) else {
            return;
        };
        assert_eq!(found, Vec::<String>::new(), "index at {width} px");
    }
}

/// The number of pages of a PDF file (its `/Type /Page` objects, not `/Pages`) and whether
/// they are A4 (595.28 × 841.89 points; Chromium writes 594.96 × 841.92).
fn pdf_pages(pdf: &[u8]) -> (usize, bool) {
    let text = String::from_utf8_lossy(pdf);
    let pages = text
        .match_indices("/Type /Page")
        .filter(|(at, found)| !text[at + found.len()..].starts_with('s'))
        .count();
    let a4 = text.match_indices("/MediaBox [0 0 ").all(|(at, found)| {
        let size = &text[at + found.len()..];
        size.starts_with("594.9") || size.starts_with("595")
    }) && text.contains("/MediaBox [0 0 ");
    (pages, a4)
}

#[test]
fn chromium_prints_the_public_department_page_on_two_a4_pages_at_most_and_the_diff_on_a4() {
    if !Path::new(CHROMIUM).exists() {
        println!(
            "SKIPPED: {CHROMIUM} is not installed (apt-get install -y chromium fonts-noto-cjk)"
        );
        return;
    }
    let directory = tempfile::tempdir().expect("temp dir");
    // The diff page of the two example years prints on A4 too.
    let diff = jixiao()
        .args([
            "diff",
            "--format",
            "html",
            "examples/renda-2021",
            "examples/renda-2022",
        ])
        .output()
        .expect("runs");
    assert_eq!(diff.status.code(), Some(1), "{diff:?}");
    let diff = String::from_utf8(diff.stdout).expect("UTF-8");
    for (name, html, most) in [
        ("public", page(DEPARTMENT), 2),
        ("review", review(DEPARTMENT), 4),
        // 重庆's template, six budget sub-columns: still A4 portrait.
        ("variant", page(CHONGQING), 1),
        ("diff", diff, 6),
    ] {
        let file = directory.path().join(format!("{name}.html"));
        let pdf = directory.path().join(format!("{name}.pdf"));
        std::fs::write(&file, html).expect("write");
        let profile = tempfile::tempdir().expect("temp dir");
        let output = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", file.display()))
            .output()
            .expect("chromium runs");
        assert!(output.status.success(), "chromium failed: {output:?}");
        let (pages, a4) = pdf_pages(&std::fs::read(&pdf).expect("pdf written"));
        assert!(a4, "{name}: not A4");
        assert!((1..=most).contains(&pages), "{name}: {pages} pages");
    }
}

#[test]
fn a_stated_title_and_sign_off_fields_are_used() {
    let source = std::fs::read_to_string(root().join(STRESS)).expect("stress form");
    let evaluation = evaluate(&source, STRESS);
    let document = Html::parse_document(&to_html(&evaluation).expect("renders"));
    let caption = document
        .select(&selector("table.block-header caption"))
        .next()
        .expect("caption");
    assert_eq!(text(caption), "项目支出绩效目标自评表（2021年度）");
    let sign_off: Vec<String> = document
        .select(&selector("dl.sign-off div"))
        .map(|line| text(line).trim().to_string())
        .collect();
    assert_eq!(
        sign_off,
        [
            "填报单位（盖章）：某某市医疗保障局所属各区县医疗保障服务中心及定点医疗机构结算办公室",
            "单位负责人：",
            "填表人：欧阳建国",
            "联系电话：0771-12345678转8888",
            "填报日期：2022年3月15日"
        ]
    );
    // Fields shown in the title or the sign-off block are not repeated in the header.
    let header: String = document
        .select(&selector("table.block-header th"))
        .map(text)
        .collect();
    assert!(
        !header.contains("表名") && !header.contains("填报日期"),
        "{header}"
    );
}

#[test]
fn the_index_of_20000_forms_has_a_first_page_under_2_mb() {
    // 100 generated forms (realistic names and departments), each listed 200 times under its
    // own page: the index's size depends on the rows, not on the forms' bodies.
    let corpus = tempfile::tempdir().expect("temp dir");
    let generated = Command::new(env!("CARGO_BIN_EXE_gen-corpus"))
        .args(["--forms", "100", "--seed", "7", "--one-file", "--out"])
        .arg(corpus.path())
        .output()
        .expect("gen-corpus runs");
    assert!(generated.status.success(), "{generated:?}");
    let source = std::fs::read_to_string(corpus.path().join("all.jx")).expect("corpus");
    let compilation = compile(&source, Some("all.jx"), &Options::default());
    let forms: Vec<Evaluation> = compilation
        .forms
        .into_iter()
        .map(|form| form.evaluation)
        .collect();
    assert_eq!(forms.len(), 100);
    let pages: Vec<String> = (0..20_000)
        .map(|index| format!("d{:03}/f{index:05}.html", index / 100))
        .collect();
    let entries: Vec<IndexEntry<'_>> = pages
        .iter()
        .enumerate()
        .map(|(index, page)| entry(&forms[index % forms.len()], page))
        .collect();
    let templates = Templates::builtin().expect("built-ins load");
    let rendered = templates
        .render_index_pages(&entries)
        .expect("index renders");
    assert_eq!(rendered.len(), 20_000usize.div_ceil(jixiao::ROWS_PER_PAGE));
    assert_eq!(rendered[0].0, "index.html");
    assert_eq!(rendered[1].0, "index.p2.html");
    for (name, html) in &rendered {
        assert!(html.len() < 2_000_000, "{name}: {} bytes", html.len());
    }
    // Every form is listed once, on some page.
    let listed: usize = rendered
        .iter()
        .map(|(_, html)| html.matches("<tr class=\"form-row\"").count())
        .sum();
    assert_eq!(listed, 20_000);
    // The first page lists every 主管部门 with a link to the page its forms start on.
    let first = Html::parse_document(&rendered[0].1);
    let departments = first.select(&selector("ul.departments li a")).count();
    assert!(departments > 1, "{departments}");
    println!(
        "index of 20,000 forms: {} pages, first page {} bytes",
        rendered.len(),
        rendered[0].1.len()
    );
}

#[test]
fn a_page_links_to_the_same_units_previous_year_and_the_diff() {
    let output = tempfile::tempdir().expect("temp dir");
    let status = jixiao()
        .args(["build", "examples", "-o"])
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    let links = |page: &str| -> Vec<(String, String)> {
        let html = std::fs::read_to_string(output.path().join(page)).expect("page");
        Html::parse_document(&html)
            .select(&selector("nav.links a"))
            .map(|link| {
                (
                    link.value().attr("href").unwrap_or_default().to_string(),
                    text(link),
                )
            })
            .collect()
    };
    assert_eq!(
        links("renda-2022/department.html"),
        [
            ("../index.html", "← 返回目录"),
            ("../renda-2021/department.html", "上一年度（2021年度）"),
            ("department.diff.html", "与上一年度比较"),
            ("department.json", "数据（JSON）"),
        ]
        .map(|(href, label)| (href.to_string(), label.to_string()))
    );
    // The diff page beside it compares the two years.
    let diff = std::fs::read_to_string(output.path().join("renda-2022/department.diff.html"))
        .expect("diff page");
    assert!(
        diff.contains("1945.74731"),
        "the 2021 budget is in the diff"
    );
    // 2021 has no earlier year in the workspace.
    assert_eq!(links("renda-2021/project-congress-meetings.html").len(), 2);
    assert!(!output
        .path()
        .join("renda-2021/project-congress-meetings.diff.html")
        .exists());
}

#[test]
fn index_json_validates_against_its_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/jixiao-index-1.schema.json"))
            .expect("the schema is shipped"),
    )
    .expect("the schema is JSON");
    jsonschema::meta::validate(&schema).expect("a valid JSON Schema");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let output = tempfile::tempdir().expect("temp dir");
    let sources = tempfile::tempdir().expect("temp dir");
    // A clean form, a form with errors (no page, no JSON) and a second year.
    for path in [DEPARTMENT, PROJECT, "examples/renda-2022/department.jx"] {
        let name = path.replace('/', "-");
        std::fs::copy(root().join(path), sources.path().join(name)).expect("copy");
    }
    std::fs::write(
        sources.path().join("broken.jx"),
        "项目 \"坏表\" 2021 {\n    分值 十\n}\n",
    )
    .expect("write");
    let status = jixiao()
        .args(["build", "-o"])
        .arg(output.path())
        .arg(sources.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(1), "{status:?}");
    let document: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(output.path().join("index.json")).expect("index.json"),
    )
    .expect("valid JSON");
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(document["forms"].as_array().map(Vec::len), Some(4));
    let broken = document["forms"]
        .as_array()
        .and_then(|forms| forms.iter().find(|form| form["name"] == "坏表"))
        .expect("the broken form is listed");
    assert_eq!(broken["page"], serde_json::Value::Null);
    assert_eq!(broken["source"], "broken.jx");
}

// ---------------------------------------------------------------------------------------------
// The unit's own template (issue 15 item 2), positions, English review chrome, output sizes.
// ---------------------------------------------------------------------------------------------

/// A 重庆 project form (seed 000's template) under `chongqing-dept`, with a stated 表名.
const CHONGQING: &str = "tests/fixtures/html/chongqing-project.jx";

/// The page of `evaluation` as `options` say.
fn page_with(evaluation: &Evaluation, options: &jixiao::PageOptions) -> String {
    Templates::builtin()
        .expect("built-ins load")
        .render_page_with(evaluation, options)
        .expect("renders")
}

/// The text of every header cell of the table `class`, in document order.
fn headers(html: &str, class: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&selector(&format!("table.{class} th[scope=col]")))
        .map(|cell| text(cell).trim().to_string())
        .collect()
}

#[test]
fn variant_template_pages_snapshot() {
    let evaluation = example(CHONGQING);
    insta::assert_snapshot!("chongqing_page", to_html(&evaluation).expect("renders"));
    insta::assert_snapshot!(
        "chongqing_review_page",
        to_html_for(&evaluation, Audience::Review).expect("renders")
    );
}

#[test]
fn column_headers_and_budget_layout_follow_the_profiles_template() {
    // The official template (财预〔2020〕10号) by default: fund sources as rows.
    let official = page(PROJECT);
    assert_eq!(
        headers(&official, "block-budget"),
        [
            "资金来源",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分"
        ]
    );
    let columns = headers(&official, "block-indicators");
    assert!(columns.contains(&"分值".to_string()) && columns.contains(&"得分".to_string()));
    assert!(!columns.contains(&"权重分值".to_string()), "{columns:?}");

    // 重庆's template: 全年（调整）预算数, 总数 / 其中：财政资金 under each amount, 权重分值 /
    // 指标得分, on both audiences.
    let evaluation = example(CHONGQING);
    for html in [
        to_html(&evaluation).expect("renders"),
        to_html_for(&evaluation, Audience::Review).expect("renders"),
    ] {
        assert_eq!(
            headers(&html, "block-budget"),
            [
                "年初预算数",
                "全年（调整）预算数",
                "全年执行数",
                "执行率权重分值",
                "执行率（%）",
                "执行率得分",
                "总数",
                "其中：财政资金",
                "总数",
                "其中：财政资金",
                "总数",
                "其中：财政资金"
            ]
        );
        let columns = headers(&html, "block-indicators");
        for label in ["权重分值", "得分系数", "指标得分"] {
            assert!(columns.contains(&label.to_string()), "{label}: {columns:?}");
        }
        assert_eq!(
            headers(&html, "block-goals"),
            ["年初预期目标", "全年目标实际完成情况"]
        );
        // The sub-columns hold the total and the 财政资金 row, each cell tied to its fact.
        let document = Html::parse_document(&html);
        let facts: Vec<&str> = document
            .select(&selector("table.block-budget td"))
            .filter_map(|cell| cell.value().attr("data-fact"))
            .collect();
        assert_eq!(
            &facts[..6],
            [
                "budget.total.initial_budget",
                "budget.rows.1.initial_budget",
                "budget.total.adjusted_budget",
                "budget.rows.1.adjusted_budget",
                "budget.total.executed",
                "budget.rows.1.executed"
            ]
        );
    }
}

#[test]
fn a_fund_row_the_sub_columns_do_not_name_keeps_the_row_layout() {
    // A 其他资金 row is not one of 重庆's sub-columns: the rows are printed, so no amount is lost.
    let source = std::fs::read_to_string(root().join(CHONGQING))
        .expect("fixture")
        .replace(
            "        财政拨款  165  165  155.41\n",
            "        财政拨款  160  160  150.41\n        其他资金  5    5    5\n",
        );
    let html = to_html(&evaluate(&source, CHONGQING)).expect("renders");
    let budget = headers(&html, "block-budget");
    assert_eq!(budget[0], "资金来源", "{budget:?}");
    assert!(!budget.contains(&"总数".to_string()), "{budget:?}");
    assert!(visible_text(&html).contains("其他资金"));
    // A workspace may name it as a third sub-column.
    let options = jixiao::PageOptions {
        layout: Some(jixiao::LayoutSettings {
            fund_columns: Some(vec![
                ["总数".to_string(), "total".to_string()],
                [
                    "其中：财政资金".to_string(),
                    "fiscal_appropriation".to_string(),
                ],
                ["其他资金".to_string(), "other_funds".to_string()],
            ]),
            ..jixiao::LayoutSettings::default()
        }),
        ..jixiao::PageOptions::default()
    };
    let html = page_with(&evaluate(&source, CHONGQING), &options);
    let budget = headers(&html, "block-budget");
    assert_eq!(
        budget.iter().filter(|label| *label == "其他资金").count(),
        3
    );
}

#[test]
fn a_workspace_chooses_and_overrides_the_layout_in_jixiao_toml() {
    let workspace = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        root().join(PROJECT),
        workspace.path().join("project-congress-meetings.jx"),
    )
    .expect("copy");
    std::fs::write(
        workspace.path().join("jixiao.toml"),
        "[settings.layout]\ntemplate = \"sichuan\"\nscore = \"自评得分\"\n",
    )
    .expect("config");
    let output = tempfile::tempdir().expect("temp dir");
    let status = jixiao()
        .arg("build")
        .arg(workspace.path())
        .arg("-o")
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    let html = std::fs::read_to_string(output.path().join("project-congress-meetings.html"))
        .expect("page");
    assert_eq!(
        headers(&html, "block-budget"),
        [
            "资金来源",
            "年初预算数",
            "调整后预算数",
            "预算执行数",
            "权重",
            "预算执行率",
            "得分"
        ]
    );
    let columns = headers(&html, "block-indicators");
    assert!(columns.contains(&"权重".to_string()), "{columns:?}");
    assert!(columns.contains(&"自评得分".to_string()), "{columns:?}");
    // A layout that does not exist stops the run and names the setting.
    std::fs::write(
        workspace.path().join("jixiao.toml"),
        "[settings.layout]\ntemplate = \"nowhere\"\n",
    )
    .expect("config");
    let status = jixiao()
        .arg("build")
        .arg(workspace.path())
        .arg("-o")
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(2), "{status:?}");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains("layout.template"), "{stderr}");
}

#[test]
fn a_form_keeps_the_title_it_was_filed_under_on_its_page_and_in_the_index() {
    let output = tempfile::tempdir().expect("temp dir");
    // A second form that states no title (the example's `表名` line taken out).
    let untitled_dir = tempfile::tempdir().expect("temp dir");
    let untitled = untitled_dir.path().join("untitled.jx");
    let project = std::fs::read_to_string(PROJECT).expect("example");
    std::fs::write(
        &untitled,
        project.replace("    表名 \"项目资金绩效目标自评表\"\n", ""),
    )
    .expect("write");
    let status = jixiao()
        .arg("build")
        .arg(CHONGQING)
        .arg(&untitled)
        .arg("-o")
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    let html = std::fs::read_to_string(output.path().join("chongqing-project.html")).expect("page");
    let document = Html::parse_document(&html);
    let caption = document
        .select(&selector("table.block-header caption"))
        .next()
        .map(text)
        .expect("caption");
    assert_eq!(caption, "项目资金绩效目标自评表（2021年度）");
    let index = std::fs::read_to_string(output.path().join("index.html")).expect("index");
    let titles: Vec<String> = Html::parse_document(&index)
        .select(&selector(".form-title"))
        .map(text)
        .collect();
    // Only the stated title is shown: the official one goes without saying.
    assert_eq!(titles, ["项目资金绩效目标自评表"]);
    let index: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(output.path().join("index.json")).expect("index.json"),
    )
    .expect("JSON");
    let titles: Vec<&str> = index["forms"]
        .as_array()
        .expect("forms")
        .iter()
        .filter_map(|form| form["title"].as_str())
        .collect();
    assert_eq!(titles, ["项目资金绩效目标自评表", "项目支出绩效自评表"]);
}

#[test]
fn review_findings_show_jx_positions_only_when_asked() {
    let evaluation = example(DEPARTMENT);
    let findings = |html: &str| -> Vec<String> {
        Html::parse_document(html)
            .select(&selector("ul.findings li"))
            .map(text)
            .collect()
    };
    let without = findings(&review(DEPARTMENT));
    assert!(!without.is_empty());
    assert!(
        without.iter().all(|finding| !finding.contains("行第")),
        "{without:?}"
    );
    let options = jixiao::PageOptions {
        audience: Audience::Review,
        positions: true,
        ..jixiao::PageOptions::default()
    };
    let with = findings(&page_with(&evaluation, &options));
    assert!(with[0].contains("第 10 行第 11 列"), "{with:?}");
    // The public page lists no findings, positions or not.
    let public = page_with(
        &evaluation,
        &jixiao::PageOptions {
            positions: true,
            ..jixiao::PageOptions::default()
        },
    );
    assert!(findings(&public).is_empty());
    // `build --positions` passes it on.
    let output = tempfile::tempdir().expect("temp dir");
    let status = jixiao()
        .args([
            "build",
            DEPARTMENT,
            "--audience",
            "review",
            "--positions",
            "-o",
        ])
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    let html = std::fs::read_to_string(output.path().join("department.html")).expect("page");
    assert!(findings(&html)[0].contains("第 10 行第 11 列"));
}

#[test]
fn under_lang_en_the_review_chrome_is_english_and_the_public_page_the_form_as_filed() {
    let source = std::fs::read_to_string(root().join(DEPARTMENT)).expect("example");
    let options = Options {
        lang: jixiao::Lang::En,
        ..Options::default()
    };
    let compilation = compile(&source, Some(DEPARTMENT), &options);
    let evaluation = compilation.forms[0].evaluation.clone();
    let review = page_with(
        &evaluation,
        &jixiao::PageOptions {
            audience: Audience::Review,
            lang: jixiao::Lang::En,
            positions: true,
            ..jixiao::PageOptions::default()
        },
    );
    let document = Html::parse_document(&review);
    let heading = |id: &str| {
        document
            .select(&selector(&format!("h2#{id}")))
            .next()
            .map(text)
            .unwrap_or_default()
    };
    assert_eq!(
        heading("findings-heading"),
        "Findings: 0 errors, 10 warnings"
    );
    assert!(heading("notes-heading").starts_with("Notes: "));
    let note = document
        .select(&selector("p.review-note"))
        .next()
        .map(text)
        .expect("note");
    assert!(note.starts_with("Review page"), "{note}");
    let first = document
        .select(&selector("ol.notes li"))
        .next()
        .map(text)
        .expect("footnote");
    assert!(first.contains("filed 98, computed 100.00"), "{first}");
    let finding = document
        .select(&selector("ul.findings li"))
        .next()
        .map(text)
        .expect("finding");
    assert!(
        finding.starts_with("Warning line 10, column 11: "),
        "{finding}"
    );
    // No Chinese chrome is left around the form, and no pointer into the tool's docs.
    let chrome: String = document
        .select(&selector(
            "p.review-note, section.footnotes, section.diagnostics, nav",
        ))
        .map(text)
        .collect();
    for word in [
        "审核意见",
        "填报",
        "计算",
        "依据",
        "提示",
        "docs/",
        "jixiao",
    ] {
        assert!(!chrome.contains(word), "{word} in {chrome}");
    }
    // The public page is the form as filed, in Chinese, whatever the language of the run.
    let public = |lang| {
        page_with(
            &evaluation,
            &jixiao::PageOptions {
                lang,
                ..jixiao::PageOptions::default()
            },
        )
    };
    assert_eq!(public(jixiao::Lang::En), public(jixiao::Lang::Zh));
    let text = visible_text(&public(jixiao::Lang::En));
    assert!(
        text.contains("自评总得分") && !text.contains("Findings"),
        "{text}"
    );
}

#[test]
fn built_pages_share_one_stylesheet_and_stay_readable_alone() {
    let built = review_with_links(DEPARTMENT);
    // The whole stylesheet is linked, not inlined: a few critical rules stay in the page so that
    // the form is still a bordered, wrapping table when the page is opened on its own.
    let document = Html::parse_document(&built);
    let style = document
        .select(&selector("style"))
        .map(text)
        .collect::<String>();
    let stylesheet = Templates::builtin().unwrap().stylesheet().unwrap();
    assert!(
        style.len() * 8 < stylesheet.len(),
        "{} bytes inline",
        style.len()
    );
    assert!(style.contains("border:1px solid #000"), "{style}");
    assert!(style.contains("overflow-wrap:anywhere"), "{style}");
    // A page rendered on its own inlines the whole stylesheet.
    assert!(review(DEPARTMENT).contains(stylesheet.trim()));
}

#[test]
fn a_generated_forms_page_stays_in_proportion_to_its_source() {
    let corpus = tempfile::tempdir().expect("temp dir");
    let generated = Command::new(env!("CARGO_BIN_EXE_gen-corpus"))
        .args(["--forms", "12", "--seed", "7", "--out"])
        .arg(corpus.path())
        .output()
        .expect("gen-corpus runs");
    assert!(generated.status.success(), "{generated:?}");
    let output = tempfile::tempdir().expect("temp dir");
    let status = jixiao()
        .arg("build")
        .arg(corpus.path())
        .arg("-o")
        .arg(output.path())
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    let mut checked = 0;
    for entry in walk(corpus.path()) {
        let Some(relative) = entry
            .strip_prefix(corpus.path())
            .ok()
            .filter(|path| path.extension().is_some_and(|extension| extension == "jx"))
        else {
            continue;
        };
        let source = std::fs::metadata(&entry).expect("source").len();
        let page = std::fs::read_to_string(output.path().join(relative.with_extension("html")))
            .expect("page");
        // The embedded JSON is compact and the stylesheet is shared: the page (markup and its
        // data) stays within 9 × its source (up to 12 × with pretty JSON and the inline stylesheet).
        assert!(
            (page.len() as u64) <= 9 * source,
            "{}: page {} bytes for a source of {source}",
            relative.display(),
            page.len()
        );
        checked += 1;
    }
    assert_eq!(checked, 12);
}

/// Every file below `directory`.
fn walk(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(directory).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn chromium_no_cell_overflows_on_the_variant_template() {
    // Six budget sub-columns (总数 / 其中：财政资金 under each amount) and the longer headers of
    // 重庆's template, on both audiences, at A4 and phone widths.
    let evaluation = example(CHONGQING);
    for (audience, label) in [(Audience::Public, "public"), (Audience::Review, "review")] {
        let html = to_html_for(&evaluation, audience).expect("renders");
        for width in [1240, 390] {
            let name = format!("chongqing-{label}");
            let Some(found) = overflowing_cells(&html, &name, width) else {
                return;
            };
            assert_eq!(found, Vec::<String>::new(), "{label} at {width} px");
        }
    }
}

#[test]
fn hostile_titles_and_layout_labels_stay_inert() {
    // A stated 表名 (page and index) and a workspace's layout labels are text, never markup.
    let source = hostile_form()
        .replacen(
            "    主管部门",
            &format!("    表名 “{HOSTILE}”\n    主管部门"),
            1,
        )
        .replacen(
            "        合计 100 100 90\n",
            "        合计 100 100 90\n        财政拨款 100 100 90\n",
            1,
        );
    let compilation = compile(&source, Some("hostile.jx"), &Options::default());
    let evaluation = &compilation.forms[0].evaluation;
    let options = jixiao::PageOptions {
        audience: Audience::Review,
        layout: Some(jixiao::LayoutSettings {
            weight: Some(HOSTILE.to_string()),
            fund_columns: Some(vec![
                [HOSTILE.to_string(), "total".to_string()],
                [
                    "其中：财政资金".to_string(),
                    "fiscal_appropriation".to_string(),
                ],
            ]),
            ..jixiao::LayoutSettings::default()
        }),
        ..jixiao::PageOptions::default()
    };
    let html = page_with(evaluation, &options);
    assert!(!html.contains("<script>alert"), "raw script tag in output");
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(parse_errors(&html), Vec::<String>::new());
    let caption = Html::parse_document(&html)
        .select(&selector("table.block-header caption h1"))
        .next()
        .map(text)
        .expect("title");
    assert_eq!(caption, HOSTILE);
    assert!(headers(&html, "block-indicators").contains(&HOSTILE.to_string()));
    assert!(headers(&html, "block-budget").contains(&HOSTILE.to_string()));
    let index = Templates::builtin()
        .expect("built-ins load")
        .render_index(&[entry(evaluation, "hostile.html")])
        .expect("index renders");
    assert!(
        !index.contains("<script>alert"),
        "raw script tag in the index"
    );
    assert_eq!(parse_errors(&index), Vec::<String>::new());
    let titles: Vec<String> = Html::parse_document(&index)
        .select(&selector(".form-title"))
        .map(text)
        .collect();
    assert_eq!(titles, [HOSTILE]);
}

/// A page whose JSON is written beside it links that file instead of embedding a copy (issue 19:
/// the embedded copy was the third copy of every text of the form); a page on its own embeds it.
#[test]
fn a_page_links_its_json_when_written_beside_it_and_embeds_it_otherwise() {
    let evaluation = example(DEPARTMENT);
    let templates = Templates::builtin().unwrap();
    let linked = templates
        .render_page(
            &evaluation,
            Audience::Public,
            &jixiao::PageLinks {
                json: Some("部门 1.json".to_string()),
                ..jixiao::PageLinks::default()
            },
        )
        .unwrap();
    assert_eq!(parse_errors(&linked), Vec::<String>::new());
    assert!(!linked.contains("jixiao-data"), "no embedded copy");
    assert!(
        linked.contains(
            "<link rel=\"alternate\" type=\"application/json\" href=\"%E9%83%A8%E9%97%A8%201.json\">\n</head>"
        ),
        "linked from the head"
    );
    for standalone in [
        to_html(&evaluation).unwrap(),
        templates
            .render_page(&evaluation, Audience::Review, &jixiao::PageLinks::default())
            .unwrap(),
    ] {
        assert!(!standalone.contains("rel=\"alternate\""));
        let document = Html::parse_document(&standalone);
        let embedded = document
            .select(&selector("script#jixiao-data"))
            .next()
            .expect("embedded");
        assert_eq!(text(embedded).trim(), jixiao::to_json_compact(&evaluation));
    }
}

/// The cell of member `field` (`score`) of indicator `index`: a row's `td`s are the columns
/// whose header names a member (`th[data-field]`), in that order.
fn indicator_cell<'a>(
    document: &'a Html,
    index: usize,
    field: &str,
) -> Option<scraper::ElementRef<'a>> {
    let column = document
        .select(&selector("table.block-indicators thead th[data-field]"))
        .position(|header| header.value().attr("data-field") == Some(field))?;
    document
        .select(&selector(&format!(
            "table.block-indicators tr[data-indicator='{index}']"
        )))
        .next()?
        .select(&selector("td"))
        .nth(column)
}

/// An indicator row writes no path on its cells: the row names its indicator
/// (`data-indicator`) and each column's header the member (`data-field`), and the two make the
/// cell's path into the JSON, which resolves (issue 19: a whole `data-fact` path on every cell
/// was a third of the page's markup).
#[test]
fn indicator_cells_take_their_path_from_their_row_and_column() {
    let evaluation = example(DEPARTMENT);
    let html = to_html_for(&evaluation, Audience::Review).unwrap();
    let document = Html::parse_document(&html);
    let json: serde_json::Value =
        serde_json::from_str(&jixiao::to_json_compact(&evaluation)).unwrap();
    let fields: Vec<&str> = document
        .select(&selector("table.block-indicators thead th[data-field]"))
        .filter_map(|header| header.value().attr("data-field"))
        .collect();
    assert!(
        fields.contains(&"score") && fields.contains(&"target"),
        "{fields:?}"
    );
    let mut rows = 0;
    for row in document.select(&selector("table.block-indicators tr[data-indicator]")) {
        rows += 1;
        let index: usize = row.value().attr("data-indicator").unwrap().parse().unwrap();
        let cells: Vec<_> = row.select(&selector("td")).collect();
        assert_eq!(cells.len(), fields.len(), "one cell per member column");
        for (cell, field) in cells.iter().zip(&fields) {
            assert_eq!(cell.value().attr("data-fact"), None, "no path written");
            assert_eq!(cell.value().attr("rowspan"), None, "no cell spans rows");
            // An empty cell may stand for an absent member (no target, unit or note).
            if ["weight", "coefficient", "score", "nature"].contains(field) {
                assert!(
                    !json["indicators"][index][*field].is_null(),
                    "indicators.{index}.{field}"
                );
            }
        }
    }
    assert_eq!(rows, evaluation.indicators.len());
    let score = indicator_cell(&document, 1, "score").expect("score cell");
    assert_eq!(
        text(score).split('※').next().unwrap_or_default(),
        json["indicators"][1]["score"]["computed"].as_str().unwrap()
    );
    // A marked cell's footnote keeps the whole path.
    for note in document.select(&selector("li[data-fact]")) {
        assert!(!note.value().attr("data-fact").unwrap().is_empty());
    }
}

/// `cell.html` as it was before the view wrote each cell's attributes (issue 19): it works out
/// the attributes from the cell's members and the `colspan` / `rowspan` that `form.html` sets.
const CELL_BEFORE_THE_VIEW_WROTE_ATTRIBUTES: &str = r##"<td class="num{% if cell.marked %} mismatch{% endif %}{% if cell.impossible %} impossible{% endif %}"{% if colspan > 1 %} colspan="{{ colspan }}"{% endif %}{% if rowspan > 1 %} rowspan="{{ rowspan }}"{% endif %}{% if cell.fact and not cell.in_row %} data-fact="{{ cell.fact }}"{% endif %}{% if cell.marked %} data-declared="{{ cell.declared }}"{% endif %}>{{ cell.text }}{% if cell.marked %}<a class="mark" href="#note-{{ cell.note }}">※{{ cell.note }}</a><span class="declared">{{ form.t.declared }} {{ cell.declared }}</span>{% endif %}{% if cell.impossible %}<span class="impossible-note">！{{ cell.impossible }}</span>{% endif %}</td>"##;

#[test]
fn a_users_cell_template_of_the_older_view_still_renders_every_page_alike() {
    let directory = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        directory.path().join("cell.html"),
        CELL_BEFORE_THE_VIEW_WROTE_ATTRIBUTES,
    )
    .expect("writes");
    let overridden = Templates::with_overrides(directory.path()).expect("loads");
    let builtin = Templates::builtin().expect("built-ins load");
    let mut sources = vec![
        (example(DEPARTMENT), "department"),
        (example(PROJECT), "project"),
    ];
    let chongqing = root().join("tests/fixtures/html/chongqing-project.jx");
    let text = std::fs::read_to_string(&chongqing).expect("fixture");
    sources.push((evaluate(&text, "chongqing-project.jx"), "chongqing"));
    for (evaluation, name) in &sources {
        for audience in [Audience::Public, Audience::Review] {
            let links = jixiao::PageLinks::default();
            let expected = builtin
                .render_page(evaluation, audience, &links)
                .expect("renders");
            let got = overridden
                .render_page(evaluation, audience, &links)
                .expect("renders");
            assert_eq!(got, expected, "{name} {audience:?}");
        }
    }
}
