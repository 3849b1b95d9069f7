//! The hostile corpus (`tests/hostile/`, see its README) run through the built binary: `check`,
//! `build` into a scratch directory, `fmt --check` and `diff`, each in a child process with a time limit
//! and (with `prlimit`) a memory limit. No run may panic (exit 101), hang, be killed, or write
//! anything outside the scratch output directory. The inputs of issue 20 are also compiled
//! through the library, to name the diagnostic each one gets.

use jixiao::{compile, Options};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Longest a run may take (debug build, a loaded machine).
const TIME_LIMIT: Duration = Duration::from_secs(20);
/// Address space a run may use (`prlimit --as`): far below the gigabytes of the old failures.
const MEMORY_LIMIT: &str = "2147483648";

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn have_prlimit() -> bool {
    Command::new("prlimit")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs the binary with `arguments` in `directory`, killed after [`TIME_LIMIT`].
fn run(directory: &Path, arguments: &[OsString], limit_memory: bool) -> Output {
    let binary = env!("CARGO_BIN_EXE_jixiao");
    let mut command = if limit_memory {
        let mut command = Command::new("prlimit");
        command.arg(format!("--as={MEMORY_LIMIT}")).arg(binary);
        command
    } else {
        Command::new(binary)
    };
    let mut child = command
        .args(arguments)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_thread = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = stdout.read_to_end(&mut buffer);
        buffer
    });
    let err_thread = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = stderr.read_to_end(&mut buffer);
        buffer
    });
    let deadline = Instant::now() + TIME_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("jixiao {arguments:?} still running after {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out_thread.join().unwrap_or_default(),
        stderr: err_thread.join().unwrap_or_default(),
    }
}

/// Every file under `root` (relative path → length and contents), to find stray writes.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, directory: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(directory) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                // Large inputs are compared by length only.
                let contents = match std::fs::metadata(&path) {
                    Ok(metadata) if metadata.len() > 4 * 1024 * 1024 => {
                        metadata.len().to_le_bytes().to_vec()
                    }
                    _ => std::fs::read(&path).unwrap_or_default(),
                };
                out.insert(relative, contents);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("read the corpus").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// A form of one indicator line.
fn form(name: &str, indicators: &str) -> String {
    format!(
        "项目 \"{name}\" 2021 {{\n    资金 万元 {{\n        财政拨款 100 100 100\n        分值 10\n    }}\n    产出指标 {{\n        数量指标 {{\n{indicators}        }}\n    }}\n}}\n"
    )
}

fn repeated_attribute(times: usize) -> String {
    form(
        "重复属性",
        &format!(
            "            \"开展培训次数\" 目标 10次 实际 10次 分值 90{}\n",
            " 偏差 x".repeat(times)
        ),
    )
}

/// The cases generated here, too large to commit: (file name, contents).
fn generated() -> Vec<(&'static str, String)> {
    let many_forms: String = (0..=jixiao::MAX_FORMS)
        .map(|index| format!("项目 \"表{index}\" 2021 {{\n}}\n"))
        .collect();
    let many_indicators: String = (0..=jixiao::MAX_INDICATORS)
        .map(|index| format!("            \"指标{index}\" 目标 1次 实际 1次 分值 0.01\n"))
        .collect();
    vec![
        ("repeated-attribute.jx", repeated_attribute(10_000)),
        (
            "long-line.jx",
            format!("// {}\n", "x".repeat(jixiao::MAX_LINE_BYTES)),
        ),
        ("many-forms.jx", many_forms),
        ("many-indicators.jx", form("指标过多", &many_indicators)),
    ]
}

/// What one run must show.
fn assert_contained(
    case: &str,
    command: &str,
    output: &Output,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    assert!(
        code.is_some(),
        "{case}: `{command}` was killed ({:?}): {stderr}",
        output.status
    );
    assert_ne!(code, Some(101), "{case}: `{command}` panicked: {stderr}");
    assert!(
        !stderr.contains("panicked"),
        "{case}: `{command}`: {stderr}"
    );
    assert!(
        !output.stderr.contains(&0x1b) && !output.stdout.contains(&0x1b),
        "{case}: `{command}` printed an escape code"
    );
    for (path, contents) in after {
        if path.starts_with("out") {
            continue;
        }
        assert_eq!(
            before.get(path),
            Some(contents),
            "{case}: `{command}` wrote {}",
            path.display()
        );
    }
    for path in before.keys() {
        assert!(
            after.contains_key(path),
            "{case}: `{command}` deleted {}",
            path.display()
        );
    }
}

#[test]
fn no_hostile_input_crashes_hangs_or_writes_outside_the_output_directory() {
    let scratch = tempfile::tempdir().expect("scratch directory");
    let root = scratch.path();
    copy_dir(&hostile_dir(), &root.join("cases"));
    for (name, text) in generated() {
        std::fs::write(root.join("cases").join(name), text).expect("write a generated case");
    }
    let limit_memory = have_prlimit();
    let mut cases: Vec<String> = std::fs::read_dir(root.join("cases"))
        .expect("cases")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".md"))
        .collect();
    cases.sort();
    // Two workers: the cases are independent, and the machine may be shared.
    let queue = std::sync::Mutex::new(cases.clone());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let Some(case) = queue.lock().expect("queue").pop() else {
                    break;
                };
                // Each case in a directory of its own, so that runs cannot see each other.
                let work = root.join("work").join(&case);
                let source = root.join("cases").join(&case);
                if source.is_dir() {
                    copy_dir(&source, &work.join("src"));
                } else {
                    std::fs::create_dir_all(work.join("src")).expect("create");
                    std::fs::copy(&source, work.join("src").join(&case)).expect("copy");
                }
                let target = if source.is_dir() {
                    OsString::from("src")
                } else {
                    Path::new("src").join(&case).into_os_string()
                };
                // The large generated cases are checked once; the small ones by every command.
                let large = std::fs::metadata(&source).is_ok_and(|m| m.len() > 200_000);
                let mut commands: Vec<Vec<OsString>> = vec![vec!["check".into(), target.clone()]];
                if !large {
                    commands.push(vec![
                        "build".into(),
                        target.clone(),
                        "-o".into(),
                        "out".into(),
                        "--format".into(),
                        "both".into(),
                    ]);
                    commands.push(vec!["fmt".into(), "--check".into(), target.clone()]);
                    commands.push(vec!["diff".into(), target.clone(), target.clone()]);
                }
                for arguments in commands {
                    let before = tree(&work);
                    let output = run(&work, &arguments, limit_memory);
                    let after = tree(&work);
                    let command = format!("{arguments:?}");
                    assert_contained(&case, &command, &output, &before, &after);
                }
            });
        }
    });
}

#[test]
fn a_file_over_the_size_limit_is_refused_not_read_whole() {
    let scratch = tempfile::tempdir().expect("scratch directory");
    let path = scratch.path().join("huge.jx");
    // A sparse 4 GiB file of NUL bytes (valid UTF-8, no disk used): read whole it would not fit
    // the child's 2 GiB address-space limit, so only a bounded read gets to the diagnostic.
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(4 << 30).expect("set_len");
    drop(file);
    let output = run(
        scratch.path(),
        &["check".into(), path.into_os_string()],
        have_prlimit(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("E0006"), "{stderr}");
}

#[test]
fn one_bad_form_in_a_directory_does_not_stop_the_others() {
    let scratch = tempfile::tempdir().expect("scratch directory");
    let source = scratch.path().join("src");
    std::fs::create_dir_all(&source).expect("create");
    let good = |name: &str| {
        form(
            name,
            "            \"开展培训次数\" 目标 10次 实际 10次 分值 90\n",
        )
    };
    std::fs::write(source.join("a.jx"), good("甲")).expect("write");
    std::fs::copy(
        hostile_dir().join("amount-below-precision.jx"),
        source.join("b.jx"),
    )
    .expect("copy");
    std::fs::write(source.join("c.jx"), good("丙")).expect("write");
    let output = run(
        scratch.path(),
        &[
            "build".into(),
            "src".into(),
            "-o".into(),
            "out".into(),
            "--format".into(),
            "both".into(),
        ],
        false,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("E0110"), "{stderr}");
    let written: Vec<String> = std::fs::read_dir(scratch.path().join("out"))
        .expect("the output directory")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        written.iter().any(|name| name == "index.html"),
        "{written:?}"
    );
    assert_eq!(
        written
            .iter()
            .filter(|name| name.ends_with(".json") && *name != "index.json")
            .count(),
        2,
        "{written:?}"
    );
}

/// Each number input of issue 20, compiled through the library: an error on the number's span,
/// never a panic.
#[test]
fn each_overflowing_number_of_the_issue_is_an_error_on_its_span() {
    let cases = [
        (
            "财政拨款 1 0.0000000000000000000000000001 1",
            "0.0000000000000000000000000001",
        ),
        (
            "财政拨款 79228162514264337593543950335 1 1",
            "79228162514264337593543950335",
        ),
    ];
    for (row, number) in cases {
        let source = format!(
            "项目 \"x\" 2021 {{\n    资金 万元 {{\n        {row}\n        分值 10\n    }}\n    产出指标 {{\n        数量指标 {{\n            \"a\" 目标 1次 实际 1次 分值 90\n        }}\n    }}\n}}\n"
        );
        assert_number_error(&source, number, &Options::default());
    }
    for (line, number) in [
        (
            "\"a\" 目标 10次 分值 0.000000000000000001 得分 100000000000",
            "0.000000000000000001",
        ),
        (
            "\"a\" 目标 10次 实际 1次 分值 79228162514264337593543950335",
            "79228162514264337593543950335",
        ),
        (
            "\"a\" 目标 79228162514264337593543950335次 实际 1次 分值 90",
            "79228162514264337593543950335次",
        ),
        (
            "\"a\" 目标 10次 实际 1次 分值 90 系数 0.00000001%",
            "0.00000001%",
        ),
    ] {
        assert_number_error(
            &form("x", &format!("            {line}\n")),
            number,
            &Options::default(),
        );
    }
    // The linear reverse rule on a target of 10^-28 (and the ratio rule).
    let reverse = form(
        "x",
        "            \"差错率\" 反向 目标 ≤0.0000000000000000000000000001 实际 79228162514264337593543950335 分值 90\n",
    );
    for rule in ["linear", "ratio"] {
        let config = jixiao::WorkspaceConfig::parse(
            &format!("[settings]\nreverse_rule = \"{rule}\"\n"),
            Path::new("jixiao.toml"),
        )
        .expect("a valid configuration");
        let options = Options {
            settings: config.settings,
            ..Options::default()
        };
        assert_number_error(&reverse, "0.0000000000000000000000000001", &options);
    }
    // A huge execution weight is refused with the configuration, naming the setting.
    let error = jixiao::WorkspaceConfig::parse(
        "[settings]\nexecution_weight = \"79228162514264337593543950335\"\n",
        Path::new("jixiao.toml"),
    )
    .expect_err("out of range");
    assert!(error.message.contains("execution_weight"), "{error}");
}

fn assert_number_error(source: &str, number: &str, options: &Options) {
    let compilation = compile(source, Some("x.jx"), options);
    let found = compilation
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.code.as_str() == "E0110")
        .unwrap_or_else(|| panic!("no E0110 for {number}: {:?}", compilation.diagnostics));
    assert!(
        source[found.span.start..found.span.end].contains(number.trim_end_matches(['次', '%'])),
        "E0110 on `{}`, not on {number}",
        &source[found.span.start..found.span.end]
    );
    assert!(compilation.forms.iter().all(|form| form.has_errors));
}

#[test]
fn a_declared_score_above_the_weight_is_reported_and_never_lifts_the_total() {
    for line in [
        "\"a\" 目标 10次 分值 50 得分 80",
        "\"a\" 目标 10次 实际 10次 分值 50 得分 80",
        "\"a\" 目标 10次 分值 50 系数 150%",
        "\"a\" 定性 目标 优 实际 优 分值 50 系数 150%",
    ] {
        let source = form("x", &format!("            {line}\n"));
        let compilation = compile(&source, None, &Options::default());
        let codes: Vec<&str> = compilation
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.as_str())
            .collect();
        assert!(codes.contains(&"W0408"), "{line}: {codes:?}");
        // Said once: not also as a qualitative band error.
        assert!(!codes.contains(&"E0108"), "{line}: {codes:?}");
        // The indicator counts its weight at most: the total stays within what the form can reach.
        let total = compilation.forms[0].evaluation.total.computed;
        assert!(
            total.is_none_or(|total| total.0 <= rust_decimal::Decimal::ONE_HUNDRED),
            "{line}: {total:?}"
        );
    }
}

#[test]
fn the_repeated_attribute_form_gets_a_bounded_report() {
    let source = repeated_attribute(10_000);
    let compilation = compile(&source, Some("x.jx"), &Options::default());
    let duplicates: Vec<_> = compilation
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code.as_str() == "E0105")
        .collect();
    assert_eq!(duplicates.len(), jixiao::MAX_SAME_PER_LINE + 1);
    assert!(duplicates[jixiao::MAX_SAME_PER_LINE]
        .message
        .zh
        .contains("另有 9,989 处相同问题"));
    // The same summary reaches the JSON records.
    let records = &compilation.forms[0].evaluation.diagnostics;
    assert!(records
        .iter()
        .any(|record| record.message.contains("另有 9,989 处相同问题")));
    let text = jixiao::render_human(
        "x.jx",
        &source,
        &compilation.diagnostics,
        Default::default(),
    );
    assert!(text.len() < 20_000, "{} bytes", text.len());
}

#[test]
fn each_cap_is_a_diagnostic_naming_the_limit() {
    for (name, source) in generated().into_iter().skip(1) {
        // The caps are the parser's: `parse` is enough (and quick in a debug build).
        let (file, diagnostics) = jixiao::parse(&source);
        let limit = diagnostics
            .iter()
            .find(|diagnostic| diagnostic.code.as_str() == "E0006")
            .unwrap_or_else(|| panic!("{name}: no E0006"));
        assert!(
            limit.message.en.contains("limit"),
            "{name}: {}",
            limit.message.en
        );
        assert!(file.forms.len() <= jixiao::MAX_FORMS);
    }
}

/// A number of up to 30 digits with a decimal point anywhere and an optional sign (the same
/// generator as the `numbers` fuzz target).
fn number(bytes: &[u8]) -> String {
    let Some((head, digits)) = bytes.split_first() else {
        return "0".to_string();
    };
    let length = digits.len().min(30);
    // Extremes first: the smallest positive number of `length` decimals, and all nines.
    match head % 8 {
        1 => return format!("0.{}1", "0".repeat(length.min(27))),
        2 => return "9".repeat(length.max(1)),
        _ => {}
    }
    let mut text: String = digits
        .iter()
        .take(30)
        .map(|byte| char::from(b'0' + byte % 10))
        .collect();
    if text.is_empty() {
        text.push('0');
    }
    let point = usize::from(head / 4) % (text.len() + 1);
    if point > 0 && point < text.len() {
        text.insert(point, '.');
    }
    if head % 4 == 0 {
        text.insert(0, '-');
    }
    text
}

/// A form with a number in every numeric cell (the `numbers` fuzz target's).
fn form_of_numbers(next: &mut dyn FnMut() -> String) -> String {
    format!(
        "项目 \"x\" 2021 {{\n    自评总得分 {}\n    资金 万元 {{\n        财政拨款 {} {} {}\n        其他资金 {} {} {}\n        分值 {}\n        执行率 {}%\n        得分 {}\n    }}\n    产出指标 {}分 {{\n        数量指标 {{\n            \"甲\" 目标 {}次 实际 {}次 分值 {} 得分 {}\n            \"乙\" 反向 目标 ≤{} 实际 {} 分值 {} 系数 {}%\n            \"丙\" 目标 {}~{} 实际 {} 分值 {} 权重占比 {}% 折算得分 {}\n            \"丁\" 定性 目标 优 实际 良 分值 {} 得分 {}\n        }}\n    }}\n}}\n",
        next(), next(), next(), next(), next(), next(), next(), next(), next(), next(), next(),
        next(), next(), next(), next(), next(), next(), next(), next(), next(), next(), next(),
        next(), next(), next(), next(), next(),
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 128,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Any numbers in every cell, both reverse rules, any execution weight: the evaluation of
    /// the form never fails (no panic caught by `compile`'s safety net).
    #[test]
    fn any_numbers_evaluate_without_a_caught_panic(
        data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..900)
    ) {
        let mut numbers = data.chunks(31).map(number);
        let mut next = || numbers.next().unwrap_or_else(|| "1".to_string());
        let source = form_of_numbers(&mut next);
        for rule in ["ratio", "linear"] {
            let Ok(config) = jixiao::WorkspaceConfig::parse(
                &format!("[settings]\nreverse_rule = \"{rule}\"\nexecution_weight = \"{}\"\n", next()),
                Path::new("jixiao.toml"),
            ) else {
                continue;
            };
            let options = Options { settings: config.settings, ..Options::default() };
            let compilation = compile(&source, Some("x.jx"), &options);
            proptest::prop_assert!(
                !compilation
                    .diagnostics
                    .iter()
                    .any(|diagnostic| diagnostic.message.en.contains("internal error")),
                "{}", source
            );
        }
    }
}
