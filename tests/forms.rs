//! One file of many forms compiled form by form (`jixiao::forms`, issue 19): the parts put
//! together give exactly what `compile` gives on the whole text (forms, evaluations with their
//! diagnostic records, diagnostics, order, the per-file bounds, W0204 across forms), in any
//! order the parts were computed in; and `check` and `build` print and write the same bytes
//! and exit the same way whatever `--jobs`.

mod common;

use jixiao::{compile, forms, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every `.jx` file of the repository's tests and examples.
fn fixtures() -> Vec<PathBuf> {
    fn walk(directory: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(directory) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|extension| extension == "jx") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&common::root().join("tests"), &mut found);
    walk(&common::root().join("examples"), &mut found);
    found.sort();
    found
}

/// The compilation by parts, the parts computed in reverse order (as threads may finish them).
fn by_parts(source: &str, options: &Options) -> Option<jixiao::Compilation> {
    let chunks = forms::chunks(source)?;
    let mut parts: Vec<_> = chunks
        .iter()
        .rev()
        .map(|range| forms::compile_chunk(source, *range, options))
        .collect();
    parts.reverse();
    Some(forms::assemble(source, Some("many.jx"), options, parts))
}

/// Asserts that the parts give what `compile` gives, for the whole compilation and for the
/// diagnostics-only assembly `check` uses.
fn assert_same(source: &str, options: &Options, what: &str) {
    let whole = compile(source, Some("many.jx"), options);
    let Some(parts) = by_parts(source, options) else {
        return;
    };
    assert_eq!(
        format!("{:?}", whole.forms),
        format!("{:?}", parts.forms),
        "{what}: forms differ"
    );
    assert_eq!(
        format!("{:?}", whole.diagnostics),
        format!("{:?}", parts.diagnostics),
        "{what}: diagnostics differ"
    );
    let chunks = forms::chunks(source).unwrap_or_default();
    let light = chunks
        .iter()
        .map(|range| forms::compile_chunk(source, *range, options).without_evaluation())
        .collect();
    let (diagnostics, count) = forms::assemble_diagnostics(source, options, light);
    assert_eq!(
        format!("{:?}", whole.diagnostics),
        format!("{diagnostics:?}"),
        "{what}: check's diagnostics differ"
    );
    assert_eq!(whole.forms.len(), count, "{what}: form count differs");
}

#[test]
fn every_fixture_by_parts_is_the_whole_compilation() {
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    for path in fixtures() {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        let what = path.display().to_string();
        assert_same(&source, &Options::default(), &what);
        assert_same(&source, &strict, &what);
    }
}

/// All fixtures in one file: forms with errors in several of them, lines outside every form,
/// unknown top-level blocks, duplicates; and the same without the files whose text breaks the
/// brace scan, so that the file is compiled by parts.
#[test]
fn many_fixtures_in_one_file_by_parts_are_the_whole_compilation() {
    let texts: Vec<String> = fixtures()
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    let all = texts.join("\n");
    assert_same(&all, &Options::default(), "all fixtures");
    let balanced: Vec<&String> = texts
        .iter()
        .filter(|text| forms::chunks(text).is_some())
        .collect();
    let joined = balanced
        .iter()
        .map(|text| text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(forms::chunks(&joined).is_some());
    assert_same(&joined, &Options::default(), "balanced fixtures");
}

/// A form with a warning 150 times (the per-file bound of 100 and its summary cut across
/// forms), a duplicate form, and errors in some forms.
fn many_forms() -> String {
    let project = std::fs::read_to_string(common::root().join(common::PROJECT)).unwrap();
    let duplicate =
        std::fs::read_to_string(common::root().join("tests/errors/E0103_duplicate_indicator.jx"))
            .unwrap();
    let mut text = String::new();
    for index in 0..150 {
        text.push_str(&project);
        text.push('\n');
        if index % 40 == 7 {
            text.push_str(&duplicate);
            text.push_str("\n// 注释\n");
        }
    }
    text
}

#[test]
fn a_file_of_many_forms_by_parts_is_the_whole_compilation() {
    let text = many_forms();
    let whole = compile(&text, None, &Options::default());
    assert!(
        whole.diagnostics.len() > jixiao::MAX_SAME_PER_FILE,
        "the file must reach the per-file bound"
    );
    assert!(whole.forms.iter().any(|form| form.has_errors));
    assert_same(&text, &Options::default(), "many forms");
    // ... and it was compiled by parts, not whole.
    let chunks = forms::chunks(&text).expect("balanced");
    assert!(chunks.len() >= 150);
    assert!(chunks.iter().all(|range| {
        !forms::compile_chunk(&text, *range, &Options::default()).needs_whole_text()
    }));
    // A line outside every form: its diagnostic goes into every form (compiled whole).
    let stray = format!("{text}\n多余的一行\n{text}");
    assert_same(&stray, &Options::default(), "a stray line");
    // A form header without `{` swallowing the next form.
    let headless = format!("{text}\n项目 \"无括号\" 2021\n{text}");
    assert_same(&headless, &Options::default(), "a header without a brace");
}

fn jixiao(arguments: &[&str]) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(arguments)
        .output()
        .unwrap();
    (output.stdout, output.stderr, output.status.code())
}

/// Every file below `directory` with its bytes, sorted by path.
fn tree(directory: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![directory.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(directory).unwrap().to_path_buf();
                found.push((relative, std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn check_and_build_of_many_forms_are_the_same_whatever_the_jobs() {
    let directory = tempfile::tempdir().unwrap();
    let many = directory.path().join("many.jx");
    std::fs::write(&many, many_forms()).unwrap();
    // A second file with a diagnostic of the file (a line outside every form).
    let stray = directory.path().join("stray.jx");
    std::fs::write(&stray, format!("多余的一行\n{}", many_forms())).unwrap();
    for file in [&many, &stray] {
        let file = file.to_str().unwrap();
        for format in ["human", "json", "ndjson"] {
            let runs: Vec<_> = [None, Some("1"), Some("2"), Some("3")]
                .iter()
                .map(|jobs| {
                    let mut arguments = vec!["check", file, "--format", format];
                    if let Some(jobs) = jobs {
                        arguments.extend(["--jobs", jobs]);
                    }
                    jixiao(&arguments)
                })
                .collect();
            assert_eq!(runs[0].2, Some(1), "{file}: errors give exit 1");
            assert!(!runs[0].0.is_empty() || !runs[0].1.is_empty());
            for run in &runs[1..] {
                assert!(*run == runs[0], "{file} --format {format}: output differs");
            }
        }
    }
    let mut trees = Vec::new();
    for jobs in ["1", "2"] {
        let output = directory.path().join(format!("out-{jobs}"));
        let (_, stderr, code) = jixiao(&[
            "build",
            many.to_str().unwrap(),
            stray.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
            "--jobs",
            jobs,
        ]);
        trees.push((tree(&output), stderr, code));
    }
    assert!(
        trees[0].0.len() > 100,
        "the forms without errors are written"
    );
    assert!(trees[0] == trees[1], "build differs between --jobs 1 and 2");
}

#[test]
fn a_range_that_is_not_a_chunk_is_refused_without_a_panic() {
    let text = many_forms();
    let options = Options::default();
    // Inside a character, past the end, backwards: the whole text is compiled instead.
    let inside = text.find('项').unwrap() + 1;
    for range in [(0, inside), (0, text.len() + 1), (10, 5)] {
        assert!(forms::compile_chunk(&text, range, &options).needs_whole_text());
    }
    let parts = vec![forms::compile_chunk(&text, (0, inside), &options)];
    let assembled = forms::assemble(&text, None, &options, parts);
    let whole = compile(&text, None, &options);
    assert_eq!(
        format!("{:?}", assembled.diagnostics),
        format!("{:?}", whole.diagnostics)
    );
}

/// `--jobs 2` on one file gives two threads to its forms (the pool was capped at the number of
/// files, so one file ran on one thread whatever `--jobs`). Linux: threads counted in /proc.
#[cfg(target_os = "linux")]
#[test]
fn jobs_2_on_one_file_runs_two_threads() {
    let directory = tempfile::tempdir().unwrap();
    let many = directory.path().join("many.jx");
    std::fs::write(&many, many_forms().repeat(4)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "--jobs", "2"])
        .arg(&many)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let tasks = PathBuf::from(format!("/proc/{}/task", child.id()));
    let mut most = 0;
    while child.try_wait().unwrap().is_none() {
        if let Ok(entries) = std::fs::read_dir(&tasks) {
            most = most.max(entries.count());
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    // The main thread and two workers.
    assert!(most >= 3, "at most {most} threads");
}

#[test]
fn headers_are_the_parsed_forms_headers() {
    // Kind, name and year of each form, as `build` keys a unit's pages by year.
    macro_rules! keys {
        ($forms:expr) => {
            $forms
                .iter()
                .map(|form| {
                    (
                        format!("{:?}", form.kind),
                        form.name.value.clone(),
                        form.year.as_ref().map(|year| year.value),
                    )
                })
                .collect::<Vec<_>>()
        };
    }
    let mut texts: Vec<(String, String)> = fixtures()
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            Some((path.display().to_string(), text))
        })
        .collect();
    texts.push(("many forms".into(), many_forms()));
    // A brace inside a name, full-width braces, a header without a block swallowing the next
    // lines, a trailing comment, a form with junk in its body, a block that is no form.
    texts.push((
        "tricky".into(),
        "// 头 {\n项目 \"a{\" 2021 {\n  x { }\n} // 尾\n部门整体 \"b\" 2022 ｛\n  乱七八糟 {\n  }\n｝\n项目 \"c\" 2020\n  主管部门 \"d\"\n项目 \"e\" 2023 {\n}\n{\n}\n末尾 {}\n".into(),
    ));
    texts.push(("unbalanced".into(), "项目 \"a\" 2021 {\n".into()));
    for (what, text) in texts {
        let parsed = keys!(jixiao::parse(&text).0.forms);
        let headers = keys!(forms::headers(&text));
        assert!(!what.starts_with("many") || headers.len() > 100, "{what}");
        assert_eq!(headers, parsed, "{what}");
        // The same from the chunks a caller cut once (`build`: headers, then compilation).
        if let Some(chunks) = forms::chunks(&text) {
            assert_eq!(keys!(forms::headers_in(&text, &chunks)), parsed, "{what}");
        }
    }
    // Ranges that are not the text's (outside it, inside a character) are skipped, never a panic.
    let text = "项目 \"a\" 2021 {\n}\n";
    assert!(forms::headers_in(text, &[(1, 2), (0, 400), (5, 1)]).is_empty());
}
