//! Incremental builds (issue 19): `build` into a directory it built before re-renders only the
//! sources whose fingerprint changed (the manifest remembers it), yet the output tree is byte
//! for byte the one a clean build gives, after edits, deletions, renames, a profile change and
//! a changed template; and an unchanged output is never rewritten.
//!
//! An unchanged source is read and hashed but not compiled: what the run reports about it
//! (its diagnostics as printed, its counts, its index entries) comes from the cache the
//! previous build left beside the manifest (`.jixiao-build-cache`), and the terminal output and
//! exit code are a clean build's.
//!
//! What "written" means here: an output file counts as written when its inode or modification
//! time changed (every write is a new file renamed over the old one, so a rewrite always gives
//! a new inode); a removed file is not a write.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A workspace of two years (so that the 2022 pages link to and diff against 2021), a file of
/// three forms with an error in one, and a user's template directory overriding `base.html`.
fn workspace(directory: &Path) -> (PathBuf, PathBuf) {
    let sources = directory.join("src");
    for year in ["2021", "2022"] {
        let folder = sources.join(year);
        std::fs::create_dir_all(&folder).unwrap();
        for name in ["department.jx", "project-congress-meetings.jx"] {
            std::fs::copy(
                root().join(format!("examples/renda-{year}/{name}")),
                folder.join(name),
            )
            .unwrap();
        }
    }
    let project =
        std::fs::read_to_string(root().join("examples/renda-2021/project-congress-meetings.jx"))
            .unwrap();
    let broken =
        std::fs::read_to_string(root().join("tests/errors/E0103_duplicate_indicator.jx")).unwrap();
    let renamed = project.replacen("人代会", "常委会", 1);
    std::fs::write(
        sources.join("three.jx"),
        format!("{project}\n{broken}\n{renamed}"),
    )
    .unwrap();
    let templates = directory.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::copy(
        root().join("src/render/templates/base.html"),
        templates.join("base.html"),
    )
    .unwrap();
    (sources, templates)
}

/// Runs `jixiao build SOURCES -o OUTPUT --format both --template TEMPLATES` and `extra`;
/// returns what it printed on standard error.
fn build(sources: &Path, output: &Path, templates: &Path, extra: &[&str]) -> String {
    build_exiting(1, sources, output, templates, extra)
}

/// [`build`], exiting with `code`.
fn build_exiting(
    code: i32,
    sources: &Path,
    output: &Path,
    templates: &Path,
    extra: &[&str],
) -> String {
    let status = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("build")
        .arg(sources)
        .arg("-o")
        .arg(output)
        .args(["--format", "both", "--template"])
        .arg(templates)
        .args(extra)
        .output()
        .unwrap();
    // Exit 1: the broken form of three.jx is an error (its outputs are not written).
    assert_eq!(
        status.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    String::from_utf8_lossy(&status.stderr).into_owned()
}

/// Every file below `directory` with its bytes.
fn tree(directory: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![directory.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(directory).unwrap().to_path_buf();
                found.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// Every file below `directory` with its inode and modification time.
fn stamps(directory: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    tree(directory)
        .into_keys()
        .map(|relative| {
            let metadata = std::fs::metadata(directory.join(&relative)).unwrap();
            (relative, (metadata.ino(), metadata.modified().unwrap()))
        })
        .collect()
}

/// The files written between two stamps (new, or with a new inode or time).
fn written(
    before: &BTreeMap<PathBuf, (u64, std::time::SystemTime)>,
    after: &BTreeMap<PathBuf, (u64, std::time::SystemTime)>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(*stamp))
        .map(|(path, _)| path.display().to_string())
        .collect()
}

/// Builds into `incremental` (which holds the previous build) and into a fresh directory, and
/// asserts both trees are byte-identical.
fn assert_incremental_equals_clean(
    scratch: &Path,
    sources: &Path,
    incremental: &Path,
    templates: &Path,
    extra: &[&str],
    what: &str,
) {
    let printed = build(sources, incremental, templates, extra);
    let clean = scratch.join(format!("clean-{}", what.replace(' ', "-")));
    let printed_clean = build(sources, &clean, templates, extra);
    // The same diagnostics and counts on the terminal (the output directory is not named).
    assert_eq!(printed, printed_clean, "{what}: printed otherwise");
    let (left, right) = (tree(incremental), tree(&clean));
    let names = |tree: &BTreeMap<PathBuf, Vec<u8>>| tree.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&left), names(&right), "{what}: other files");
    for (path, bytes) in &left {
        assert!(
            *bytes == right[path],
            "{what}: {} differs from a clean build's",
            path.display()
        );
    }
}

#[test]
fn an_incremental_build_equals_a_clean_build() {
    let scratch = tempfile::tempdir().unwrap();
    let (sources, templates) = workspace(scratch.path());
    let output = scratch.path().join("out");
    build(&sources, &output, &templates, &[]);
    assert!(output.join("2022/department.diff.html").is_file());

    // An edit of a figure (the index changes too) and of a text.
    let department = sources.join("2021/department.jx");
    let text = std::fs::read_to_string(&department).unwrap();
    std::fs::write(&department, text.replacen("自评总得分", "自评总得分 ", 1)).unwrap();
    let project = sources.join("2022/project-congress-meetings.jx");
    let text = std::fs::read_to_string(&project).unwrap();
    let edited = text.replacen("得分 ", "得分 1", 1);
    assert_ne!(edited, text);
    std::fs::write(&project, edited).unwrap();
    let path = scratch.path();
    assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "edits");

    // A deletion: the 2022 project has no previous year any more (no diff page).
    std::fs::remove_file(sources.join("2021/project-congress-meetings.jx")).unwrap();
    assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "deletion");
    assert!(!output.join("2021/project-congress-meetings.html").exists());

    // A rename: the outputs move, the 2022 department's previous-year link follows.
    std::fs::rename(&department, sources.join("2021/dept.jx")).unwrap();
    assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "rename");
    assert!(output.join("2021/dept.html").is_file());
    assert!(!output.join("2021/department.html").exists());

    // A profile change re-scores every form.
    let profile = ["--profile", "execution-20"];
    assert_incremental_equals_clean(path, &sources, &output, &templates, &profile, "profile");
    assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "profile back");

    // A changed template (the workspace's override of the built-in base.html).
    let base = templates.join("base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, format!("{text}\n<!-- 第二版模板 -->\n")).unwrap();
    assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "template");
    let page = std::fs::read_to_string(output.join("2022/department.html")).unwrap();
    assert!(page.contains("第二版模板"));
}

/// Found by session 7's review: `2022/department.jx` (with a previous year) writes
/// `department.diff.html`, and so does a source `2022/department.diff.jx`. The collision was
/// found after both were written (exit 2), and a rebuild kept another file than a clean build.
/// Every output name is now planned before anything is written: the collision names both
/// sources, neither form writes anything, and a rebuild equals a clean build.
#[test]
fn two_forms_claiming_one_output_write_neither_and_a_rebuild_equals_a_clean_build() {
    let scratch = tempfile::tempdir().unwrap();
    let (sources, templates) = workspace(scratch.path());
    let output = scratch.path().join("out");
    build(&sources, &output, &templates, &[]);
    assert!(output.join("2022/department.diff.html").is_file());
    std::fs::copy(
        root().join("tests/errors/clean.jx"),
        sources.join("2022/department.diff.jx"),
    )
    .unwrap();
    let printed = build_exiting(2, &sources, &output, &templates, &[]);
    assert!(
        printed.contains("2022/department.jx")
            && printed.contains("2022/department.diff.jx")
            && printed.contains("两个表单的输出是同一个文件")
            && printed.contains("请给其中一个源文件改名"),
        "{printed}"
    );
    for name in [
        "department.diff.html",
        "department.html",
        "department.json",
        "department.diff.json",
    ] {
        assert!(!output.join("2022").join(name).exists(), "{name} written");
    }
    // The other forms are written.
    assert!(output.join("2022/project-congress-meetings.html").is_file());
    let clean = scratch.path().join("clean-collision");
    let printed_clean = build_exiting(2, &sources, &clean, &templates, &[]);
    assert_eq!(
        printed.replace(output.to_str().unwrap(), "OUT"),
        printed_clean.replace(clean.to_str().unwrap(), "OUT")
    );
    assert!(
        tree(&output) == tree(&clean),
        "the rebuild differs from a clean build"
    );
    // Renamed away: both forms are written again.
    std::fs::rename(
        sources.join("2022/department.diff.jx"),
        sources.join("2022/other.jx"),
    )
    .unwrap();
    let path = scratch.path();
    assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "renamed away");
    assert!(output.join("2022/department.diff.html").is_file());
    assert!(output.join("2022/other.html").is_file());
}

#[test]
fn a_rebuild_writes_only_what_changed() {
    let scratch = tempfile::tempdir().unwrap();
    let (sources, templates) = workspace(scratch.path());
    let output = scratch.path().join("out");
    build(&sources, &output, &templates, &[]);
    // Time stamps must be able to differ from the first build's.
    std::thread::sleep(std::time::Duration::from_millis(20));

    // Nothing changed (a source's time stamp only): nothing is written, not even the manifest.
    let before = stamps(&output);
    let department = sources.join("2022/department.jx");
    let text = std::fs::read_to_string(&department).unwrap();
    std::fs::write(&department, &text).unwrap();
    build(&sources, &output, &templates, &[]);
    assert_eq!(written(&before, &stamps(&output)), Vec::<String>::new());

    // One form's text edited (its index entry stays the same): its JSON and page, and the
    // manifest and cache that record its new fingerprint; nothing else.
    let before = stamps(&output);
    std::fs::write(
        &department,
        text.replacen("认真做好统筹协调工作", "认真统筹协调", 1),
    )
    .unwrap();
    build(&sources, &output, &templates, &[]);
    assert_eq!(
        written(&before, &stamps(&output)),
        [
            ".jixiao-build-cache",
            ".jixiao-manifest",
            "2022/department.diff.html",
            "2022/department.html",
            "2022/department.json"
        ]
    );

    // One form's figure edited: its outputs, the index pages (its total changed) and the
    // manifest.
    let before = stamps(&output);
    let text = std::fs::read_to_string(&department).unwrap();
    std::fs::write(
        &department,
        text.replacen("自评总得分 98.84", "自评总得分 97.84", 1),
    )
    .unwrap();
    build(&sources, &output, &templates, &[]);
    let changed = written(&before, &stamps(&output));
    assert!(changed.contains(&"2022/department.json".to_string()));
    // Its card changed: the index is made again (a text edit above kept it).
    assert!(changed.contains(&"index.json".to_string()), "{changed:?}");
    assert!(
        changed
            .iter()
            .all(|name| name.starts_with("2022/department.")
                || name.starts_with("index")
                || name == ".jixiao-manifest"
                || name == ".jixiao-build-cache"),
        "{changed:?}"
    );
}

#[test]
fn an_edit_of_the_previous_year_remakes_the_diff_page() {
    let scratch = tempfile::tempdir().unwrap();
    let (sources, templates) = workspace(scratch.path());
    let output = scratch.path().join("out");
    build(&sources, &output, &templates, &[]);
    let diff = output.join("2022/department.diff.html");
    let before = std::fs::read_to_string(&diff).unwrap();
    // A figure of 2021: the 2022 source is unchanged, its diff page is not.
    let department = sources.join("2021/department.jx");
    let text = std::fs::read_to_string(&department).unwrap();
    let edited = text.replacen("全年执行数 1519.94391", "全年执行数 1419.94391", 1);
    assert_ne!(edited, text);
    std::fs::write(&department, edited).unwrap();
    let path = scratch.path();
    assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "previous year");
    let after = std::fs::read_to_string(&diff).unwrap();
    assert!(after != before, "the diff page is the one before the edit");
    assert!(after.contains("1419.94391"));
}

#[test]
fn a_corrupted_foreign_or_older_record_gives_a_full_build() {
    let scratch = tempfile::tempdir().unwrap();
    let (sources, templates) = workspace(scratch.path());
    let output = scratch.path().join("out");
    let path = scratch.path();
    build(&sources, &output, &templates, &[]);
    let manifest = output.join(".jixiao-manifest");
    let cache = output.join(".jixiao-build-cache");
    let (manifest_text, cache_text) = (
        std::fs::read_to_string(&manifest).unwrap(),
        std::fs::read_to_string(&cache).unwrap(),
    );
    // Each record cut in half, then replaced by another program's file.
    for (file, text) in [(&manifest, &manifest_text), (&cache, &cache_text)] {
        let half: String = text.chars().take(text.chars().count() / 2).collect();
        std::fs::write(file, half).unwrap();
        assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "cut");
        std::fs::write(file, "{\"format\": \"something else\"}\n").unwrap();
        assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "foreign");
    }
    // A cache another jixiao wrote (its version and binary): ignored, not trusted.
    let mut older: serde_json::Value = serde_json::from_str(&cache_text).unwrap();
    older["jixiao"] = serde_json::Value::from("0.0.1 00000000000000000000000000000000");
    for source in older["sources"].as_object_mut().unwrap().values_mut() {
        if let Some(report) = source["report"].as_object_mut() {
            report.insert("human".into(), "旧版本的缓存\n".into());
        }
    }
    std::fs::write(&cache, older.to_string()).unwrap();
    let printed = build(&sources, &output, &templates, &[]);
    assert!(!printed.contains("旧版本的缓存"), "{printed}");
    assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "older");
}

#[test]
fn an_unchanged_source_is_reported_from_the_cache_not_compiled() {
    let scratch = tempfile::tempdir().unwrap();
    let (sources, templates) = workspace(scratch.path());
    let output = scratch.path().join("out");
    let first = build(&sources, &output, &templates, &[]);
    // three.jx has an error (E0103) and warnings: printed again from the cache.
    assert!(first.contains("E0103"), "{first}");
    let second = build(&sources, &output, &templates, &[]);
    assert_eq!(first, second);
    // What the cache says is what is printed: proof that nothing was compiled.
    let cache = output.join(".jixiao-build-cache");
    let mut record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cache).unwrap()).unwrap();
    for source in record["sources"].as_object_mut().unwrap().values_mut() {
        source["report"]
            .as_object_mut()
            .unwrap()
            .insert("human".into(), "来自缓存\n".into());
    }
    std::fs::write(&cache, record.to_string()).unwrap();
    let third = build(&sources, &output, &templates, &[]);
    assert_eq!(third.matches("来自缓存").count(), 5, "{third}");
    assert!(!third.contains("E0103"), "{third}");
    // An edited source is compiled again (2022: no later year depends on it); the others
    // still come from the cache.
    let department = sources.join("2022/department.jx");
    let text = std::fs::read_to_string(&department).unwrap();
    std::fs::write(&department, format!("{text}\n")).unwrap();
    let fourth = build(&sources, &output, &templates, &[]);
    assert_eq!(fourth.matches("来自缓存").count(), 4, "{fourth}");
    // three.jx, edited, prints its own diagnostics again.
    let three = sources.join("three.jx");
    let text = std::fs::read_to_string(&three).unwrap();
    std::fs::write(&three, format!("{text}\n")).unwrap();
    let fifth = build(&sources, &output, &templates, &[]);
    assert!(fifth.contains("E0103"), "{fifth}");
}

/// Found by the session-19 tester: a form's output can be a folder of other outputs too
/// (`a.jx` writes `a.html`, a source `a.html/b.jx` writes `a.html/b.html`). `a.json` was
/// written and then `a.html` failed as a folder (the form half published). It is now planned:
/// the name is reported with every source concerned, none of those forms writes anything
/// (exit 2), and a rebuild equals a clean build.
#[test]
fn a_form_output_that_is_a_folder_of_other_outputs_writes_nothing_and_a_rebuild_equals_a_clean_build(
) {
    let scratch = tempfile::tempdir().unwrap();
    let (sources, templates) = workspace(scratch.path());
    let output = scratch.path().join("out");
    build(&sources, &output, &templates, &[]);
    assert!(output.join("2021/department.html").is_file());
    let folder = sources.join("2021/department.html");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(root().join("tests/errors/clean.jx"), folder.join("b.jx")).unwrap();
    let printed = build_exiting(2, &sources, &output, &templates, &[]);
    assert!(
        printed.contains(&format!(
            "{}",
            output.join("2021/department.html").display()
        )) && printed.contains("2021/department.jx")
            && printed.contains("2021/department.html/b.jx")
            && printed.contains("输出所在的文件夹")
            && printed.contains("这些表单都未写出"),
        "{printed}"
    );
    assert!(!printed.contains("是目录"), "{printed}");
    assert!(!output.join("2021/department.html").exists());
    assert!(!output.join("2021/department.json").exists());
    // The other forms are written.
    assert!(output.join("2021/project-congress-meetings.html").is_file());
    let clean = scratch.path().join("clean-folder");
    let printed_clean = build_exiting(2, &sources, &clean, &templates, &[]);
    assert_eq!(
        printed.replace(output.to_str().unwrap(), "OUT"),
        printed_clean.replace(clean.to_str().unwrap(), "OUT")
    );
    assert!(
        tree(&output) == tree(&clean),
        "the rebuild differs from a clean build"
    );
    // The folder renamed: both forms are written again.
    std::fs::rename(&folder, sources.join("2021/department-b")).unwrap();
    let path = scratch.path();
    assert_incremental_equals_clean(path, &sources, &output, &templates, &[], "folder renamed");
    assert!(output.join("2021/department.html").is_file());
    assert!(output.join("2021/department-b/b.html").is_file());
}
