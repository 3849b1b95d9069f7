//! Outputs stay inside their directory and sources survive (issue 20): symlinks planted in the
//! output directory, `-o` over the sources, two runs at once, leftovers of a killed run, long
//! names, `fmt` on hard links and private files, a closed stderr, and a `jixiao.toml` outside
//! the workspace.

mod common;

use common::{root, run, scratch};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};

const CLEAN: &str = "tests/errors/clean.jx";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn build(source: &Path, output: &Path, extra: &[&str]) -> std::process::Output {
    let mut arguments = vec![
        "build",
        source.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ];
    arguments.extend_from_slice(extra);
    run(&arguments)
}

/// A directory holding one clean form named `a.jx`.
fn sources(name: &str) -> std::path::PathBuf {
    let directory = scratch(name);
    std::fs::copy(root().join(CLEAN), directory.join("a.jx")).unwrap();
    directory
}

#[test]
fn symlinks_in_the_output_directory_are_replaced_not_followed() {
    let source = sources("symlink-sources");
    let outside = scratch("symlink-outside");
    let output = scratch("symlink-output");
    for name in ["victim.json", "victim.html"] {
        std::fs::write(outside.join(name), "keep me").unwrap();
    }
    std::os::unix::fs::symlink(outside.join("victim.json"), output.join("a.json")).unwrap();
    std::os::unix::fs::symlink(outside.join("victim.html"), output.join("index.html")).unwrap();
    let result = build(&source, &output, &["--format", "both"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    for name in ["victim.json", "victim.html"] {
        assert_eq!(
            std::fs::read_to_string(outside.join(name)).unwrap(),
            "keep me"
        );
    }
    let written = std::fs::symlink_metadata(output.join("a.json")).unwrap();
    assert!(
        written.file_type().is_file(),
        "the link became a regular file"
    );
    assert!(std::fs::read_to_string(output.join("a.json"))
        .unwrap()
        .contains("jixiao/2"));
}

/// Found by session 7's tester: all or none held for render failures, not for write failures.
/// With a folder where `a.json` goes, the page was rewritten (with the new data) while the
/// JSON was not, the summary counted the form and the manifest recorded `a.json`. Now when a
/// write of a form's outputs fails, none of them is left, from this run or an earlier one
/// (never a file jixiao did not write: the folder stays), the form is listed without page or
/// JSON and not counted, and the next build is the same.
#[test]
fn a_form_whose_json_cannot_be_written_leaves_none_of_its_outputs() {
    let source = sources("json-directory-sources");
    let output = scratch("json-directory-output");
    let result = build(&source, &output, &["--format", "both"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(output.join("a.html").is_file());
    std::fs::remove_file(output.join("a.json")).unwrap();
    std::fs::create_dir_all(output.join("a.json")).unwrap();
    for _ in 0..2 {
        let result = build(&source, &output, &["--format", "both"]);
        let stderr = text(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("a.json"), "{stderr}");
        assert!(stderr.contains("写出 0 个表单"), "{stderr}");
        assert!(!output.join("a.html").exists(), "the page stayed");
        assert!(output.join("a.json").is_dir(), "the user's folder went");
        let index: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(output.join("index.json")).unwrap())
                .unwrap();
        let forms = index["forms"].as_array().unwrap();
        assert_eq!(forms.len(), 1, "{index}");
        assert!(forms[0]["page"].is_null(), "{index}");
        assert!(forms[0]["json"].is_null(), "{index}");
        let manifest = std::fs::read_to_string(output.join(".jixiao-manifest")).unwrap();
        assert!(!manifest.contains("a.json"), "{manifest}");
        assert!(!manifest.contains("a.html"), "{manifest}");
    }
}

/// The same when the name holds a source: `a.json` hard-linked to `a.jx` and the source edited
/// in place. The JSON write is refused (a source is never an output) and the page of the
/// earlier build goes rather than be rewritten alone; the source is untouched.
#[test]
fn a_form_whose_json_is_a_hard_linked_source_leaves_none_of_its_outputs() {
    let source = sources("json-hard-link-sources");
    let output = scratch("json-hard-link-output");
    let result = build(&source, &output, &["--format", "both"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    std::fs::remove_file(output.join("a.json")).unwrap();
    std::fs::hard_link(source.join("a.jx"), output.join("a.json")).unwrap();
    let edited = std::fs::read_to_string(source.join("a.jx")).unwrap() + "\n";
    std::fs::write(source.join("a.jx"), &edited).unwrap();
    let result = build(&source, &output, &["--format", "both"]);
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("源文件"), "{stderr}");
    assert_eq!(
        stderr.matches("源文件").count(),
        1,
        "reported once: {stderr}"
    );
    assert!(stderr.contains("写出 0 个表单"), "{stderr}");
    assert!(
        !output.join("a.html").exists(),
        "the page was rewritten alone"
    );
    assert_eq!(
        std::fs::read_to_string(source.join("a.jx")).unwrap(),
        edited
    );
    assert_eq!(
        std::fs::read_to_string(output.join("a.json")).unwrap(),
        edited
    );
}

#[test]
fn a_diff_page_names_its_sources_relative_to_the_build_path_not_as_typed() {
    // Built from an absolute path (as a bureau's script does): the published diff page must
    // not show the building machine's directories, only the sources below the path given,
    // as `index.json`'s `source` does.
    let examples = root().join("examples");
    let output = scratch("diff-labels-output");
    let result = build(&examples, &output, &["--format", "html"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let page = std::fs::read_to_string(output.join("renda-2022/department.diff.html")).unwrap();
    assert!(
        !page.contains(examples.to_str().unwrap()),
        "the page shows the local path"
    );
    assert!(page.contains("renda-2021/department.jx"), "{page}");
    assert!(page.contains("renda-2022/department.jx"), "{page}");
}

#[test]
fn a_symlinked_directory_in_the_output_is_refused() {
    let source = scratch("symlink-dir-sources");
    std::fs::create_dir_all(source.join("sub")).unwrap();
    std::fs::copy(root().join(CLEAN), source.join("sub/b.jx")).unwrap();
    let outside = scratch("symlink-dir-outside");
    let output = scratch("symlink-dir-output");
    std::os::unix::fs::symlink(&outside, output.join("sub")).unwrap();
    let result = build(&source, &output, &[]);
    assert_eq!(result.status.code(), Some(2), "{}", text(&result.stderr));
    assert!(
        text(&result.stderr).contains("符号链接"),
        "{}",
        text(&result.stderr)
    );
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

#[test]
fn a_source_is_never_an_output() {
    let source = sources("source-output");
    std::fs::copy(root().join(CLEAN), source.join("b.jx")).unwrap();
    let template = scratch("source-output-template").join("report.jx");
    std::fs::write(&template, "// {{ form.name }}\n").unwrap();
    let before_a = std::fs::read(source.join("a.jx")).unwrap();
    let result = build(
        &source,
        &source,
        &["--template", template.to_str().unwrap()],
    );
    assert_ne!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert!(
        text(&result.stderr).contains("源文件"),
        "{}",
        text(&result.stderr)
    );
    assert_eq!(std::fs::read(source.join("a.jx")).unwrap(), before_a);
    assert!(source.join("b.jx").exists());
}

#[test]
fn two_runs_never_write_one_directory_and_a_dead_runs_lock_and_leftovers_go() {
    let source = sources("lock-sources");
    let output = scratch("lock-output");
    // A live process holds the lock: this test's own.
    std::fs::write(
        output.join(".jixiao-build.lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    let refused = build(&source, &output, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(!output.join("a.json").exists());
    // A dead process's lock and temporary file are taken over and removed.
    std::fs::write(output.join(".jixiao-build.lock"), "999999999\n").unwrap();
    std::fs::write(output.join(".jixiao-999999999-0.tmp"), "half").unwrap();
    let built = build(&source, &output, &[]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    assert!(output.join("a.json").exists());
    assert!(!output.join(".jixiao-999999999-0.tmp").exists());
    assert!(
        !output.join(".jixiao-build.lock").exists(),
        "the lock is released"
    );
}

#[test]
fn a_250_byte_source_name_builds() {
    let source = scratch("long-name");
    let name = format!("{}.jx", "长".repeat(82)); // 246 bytes + ".jx"
    std::fs::copy(root().join(CLEAN), source.join(&name)).unwrap();
    let output = scratch("long-name-output");
    let result = build(&source, &output, &[]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let outputs = std::fs::read_dir(&output)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .count();
    // NAME.json and NAME.html (the default `--format both`), index.html, index.json and the
    // pages' shared style.css.
    assert_eq!(outputs, 5);
}

#[test]
fn fmt_keeps_hard_links_owner_and_mode() {
    let directory = scratch("fmt-links");
    let file = directory.join("form.jx");
    let source = std::fs::read_to_string(root().join(CLEAN)).unwrap();
    std::fs::write(&file, source.replace("    ", "  ")).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::hard_link(&file, directory.join("link.jx")).unwrap();
    let before = std::fs::metadata(&file).unwrap();
    let result = run(&["fmt", file.to_str().unwrap()]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let after = std::fs::metadata(&file).unwrap();
    assert_eq!(after.ino(), before.ino());
    assert_eq!(after.nlink(), 2);
    assert_eq!(after.mode() & 0o777, 0o600);
    assert_eq!(after.uid(), before.uid());
    assert_eq!(
        std::fs::read_to_string(directory.join("link.jx")).unwrap(),
        std::fs::read_to_string(&file).unwrap()
    );
    assert_ne!(
        std::fs::read_to_string(&file).unwrap(),
        source.replace("    ", "  ")
    );
    assert!(
        std::fs::read_dir(&directory).unwrap().count() == 2,
        "no temporary file left"
    );
}

#[test]
fn a_closed_stderr_is_not_a_panic() {
    for command in [
        vec!["check", "tests/errors"],
        vec!["fmt", "--check", "tests/errors"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(&command)
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_ne!(status.code(), Some(101), "{command:?}");
    }
}

#[test]
fn a_jixiao_toml_outside_the_workspace_is_not_read() {
    let top = scratch("toml-outside");
    std::fs::write(
        top.join("jixiao.toml"),
        "profile = \"nonexistent-profile\"\n",
    )
    .unwrap();
    let repository = top.join("repository");
    std::fs::create_dir_all(repository.join(".git")).unwrap();
    std::fs::create_dir_all(repository.join("a/b")).unwrap();
    std::fs::copy(root().join(CLEAN), repository.join("a/b/form.jx")).unwrap();
    let result = run(&["check", repository.join("a/b").to_str().unwrap()]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    // Inside the repository it is read (and here refused, which shows it was read).
    std::fs::write(
        repository.join("jixiao.toml"),
        "profile = \"nonexistent-profile\"\n",
    )
    .unwrap();
    let inside = run(&["check", repository.join("a/b").to_str().unwrap()]);
    assert_eq!(inside.status.code(), Some(2), "{}", text(&inside.stderr));
}

#[test]
fn import_refuses_a_named_pipe_at_once() {
    let directory = scratch("import-fifo");
    let pipe = directory.join("pipe.txt");
    let made = Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("mkfifo unavailable: skipped");
        return;
    }
    let result = run(&[
        "import",
        pipe.to_str().unwrap(),
        "-o",
        directory.join("out").to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1), "{}", text(&result.stderr));
    assert!(text(&result.stderr).contains("不是普通文件"));
}

/// `build --format both` writes a form's document once (issue 19): the page links its `.json`
/// file instead of embedding a copy; a page built without its JSON beside it (`--format html`)
/// embeds exactly the bytes that file holds (without the final newline), `<`, `>` and `&`
/// escaped in both so that a hostile name cannot close the page's script element. With
/// `--pretty` the file is indented and the page links it all the same.
#[test]
fn a_page_links_its_json_file_or_embeds_its_bytes() {
    let directory = scratch("embedded-json-sources");
    let clean = std::fs::read_to_string(root().join(CLEAN)).unwrap();
    let hostile = clean.replace("测试项目", "</script><b>甲&乙</b>");
    std::fs::write(directory.join("a.jx"), hostile).unwrap();
    let embedded = |page: &str| -> String {
        let start = page.find("id=\"jixiao-data\">\n").expect("data script") + 18;
        let length = page[start..].find("</script>").expect("script end");
        page[start..start + length].to_string()
    };
    let linked = "<link rel=\"alternate\" type=\"application/json\" href=\"a.json\">";
    let output = scratch("embedded-json-output");
    let result = build(&directory, &output, &["--format", "both"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let json = std::fs::read_to_string(output.join("a.json")).unwrap();
    let page = std::fs::read_to_string(output.join("a.html")).unwrap();
    assert!(
        json.contains("\\u003c/script\\u003e\\u003cb\\u003e甲\\u0026乙"),
        "{json}"
    );
    assert!(page.contains(linked), "{page}");
    assert!(!page.contains("jixiao-data"), "no embedded copy");
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(document["name"], "</script><b>甲&乙</b>");

    let alone = scratch("embedded-json-alone");
    let result = build(&directory, &alone, &["--format", "html"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let page = std::fs::read_to_string(alone.join("a.html")).unwrap();
    assert!(!page.contains("rel=\"alternate\""), "{page}");
    assert_eq!(format!("{}\n", embedded(&page)), json);

    let pretty = scratch("embedded-json-pretty");
    let result = build(&directory, &pretty, &["--format", "both", "--pretty"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let indented = std::fs::read_to_string(pretty.join("a.json")).unwrap();
    assert!(indented.starts_with("{\n  "), "{indented}");
    let page = std::fs::read_to_string(pretty.join("a.html")).unwrap();
    assert!(
        page.contains(linked) && !page.contains("jixiao-data"),
        "{page}"
    );
}

/// A user's template that writes `NAME.json` replaces the document: the page then has no JSON
/// of its own beside it, so it embeds the document and links no `NAME.json`.
#[test]
fn a_page_embeds_its_json_when_a_report_template_takes_the_json_name() {
    let directory = scratch("report-json-sources");
    std::fs::copy(root().join(CLEAN), directory.join("a.jx")).unwrap();
    let templates = scratch("report-json-template");
    let template = templates.join("summary.json");
    std::fs::write(&template, "{\"name\": \"{{ form.name }}\"}\n").unwrap();
    let output = scratch("report-json-output");
    let result = build(
        &directory,
        &output,
        &["--template", template.to_str().unwrap()],
    );
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert_eq!(
        std::fs::read_to_string(output.join("a.json")).unwrap(),
        "{\"name\": \"测试项目\"}\n"
    );
    let page = std::fs::read_to_string(output.join("a.html")).unwrap();
    assert!(page.contains("id=\"jixiao-data\""), "{page}");
    assert!(!page.contains("a.json"), "{page}");
}

/// Found by the session-5 tester: a `.jixiao-manifest` that is no manifest of ours (a symlink to
/// `/etc/passwd`, a list of names without the header) made the stale-output removal create the
/// folders of names that were not there (`out/bin:x:2:2:bin:/…`) and delete a user's file the
/// list named. A foreign manifest is not read, removal creates nothing, and a header-less list
/// names only what a build writes.
#[test]
fn a_foreign_manifest_neither_creates_folders_nor_removes_the_users_files() {
    let source = sources("foreign-manifest-sources");
    let outside = scratch("foreign-manifest-outside");
    std::fs::write(outside.join("list"), "x/y/z.html\nnotes.txt\n").unwrap();
    // A symlink to another file of names.
    let linked = scratch("foreign-manifest-linked");
    std::os::unix::fs::symlink(outside.join("list"), linked.join(".jixiao-manifest")).unwrap();
    std::fs::write(linked.join("notes.txt"), "the user's").unwrap();
    let result = build(&source, &linked, &["--format", "json"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(!linked.join("x").exists(), "a folder was created");
    assert_eq!(
        std::fs::read_to_string(linked.join("notes.txt")).unwrap(),
        "the user's"
    );
    // A list of names without the header (the first format) at the manifest's own name.
    let listed = scratch("foreign-manifest-listed");
    std::fs::write(listed.join(".jixiao-manifest"), "x/y/z.html\nnotes.txt\n").unwrap();
    std::fs::write(listed.join("notes.txt"), "the user's").unwrap();
    let result = build(&source, &listed, &["--format", "json"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(!listed.join("x").exists(), "a folder was created");
    assert_eq!(
        std::fs::read_to_string(listed.join("notes.txt")).unwrap(),
        "the user's"
    );
}

/// Found by the session-5 tester: after a source folder is renamed, the outputs of its old name
/// are removed and so is the folder they leave empty, as a clean build would never have made it.
#[test]
fn a_renamed_source_folder_leaves_no_empty_output_folder() {
    let source = scratch("renamed-folder-sources");
    std::fs::create_dir_all(source.join("old")).unwrap();
    std::fs::copy(root().join(CLEAN), source.join("old/a.jx")).unwrap();
    let output = scratch("renamed-folder-output");
    let result = build(&source, &output, &["--format", "json"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(output.join("old/a.json").is_file());
    std::fs::rename(source.join("old"), source.join("new")).unwrap();
    let result = build(&source, &output, &["--format", "json"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(output.join("new/a.json").is_file());
    assert!(!output.join("old").exists(), "the old folder stayed behind");
}

/// Found by this session's tester: when the build cache's name is taken by a folder, the build
/// printed the error and exited 2, but its summary still ended `0 个错误`. The summary now
/// counts the files that could not be read or written.
#[test]
fn the_summary_counts_outputs_that_could_not_be_written() {
    let source = sources("file-errors-sources");
    let output = scratch("file-errors-output");
    std::fs::create_dir_all(output.join(".jixiao-build-cache")).unwrap();
    let result = build(&source, &output, &["--format", "json"]);
    assert_eq!(result.status.code(), Some(2), "{}", text(&result.stderr));
    let stderr = text(&result.stderr);
    let summary = stderr.lines().last().unwrap_or_default();
    assert!(summary.contains("另有 1 处读写文件失败"), "{stderr}");
}

/// Found by the session-6 tester: a user's `form.html` written when every page embedded its
/// document (`{{ form.json | safe }}`) wrote an empty data island under `--format both`, where
/// the built-in page links its `.json` instead. A user's templates get the document on every page.
#[test]
fn a_users_form_page_has_its_document_when_the_built_in_page_would_link_it() {
    let directory = scratch("user-form-json-sources");
    std::fs::copy(root().join(CLEAN), directory.join("a.jx")).unwrap();
    let templates = scratch("user-form-json-templates");
    std::fs::write(
        templates.join("form.html"),
        "<script type=\"application/json\" id=\"data\">{{ form.json | safe }}</script>\n",
    )
    .unwrap();
    let output = scratch("user-form-json-output");
    let result = build(
        &directory,
        &output,
        &["--template", templates.to_str().unwrap()],
    );
    assert!(result.status.success(), "{}", text(&result.stderr));
    let page = std::fs::read_to_string(output.join("a.html")).unwrap();
    let document = std::fs::read_to_string(output.join("a.json")).unwrap();
    assert_eq!(
        page,
        format!(
            "<script type=\"application/json\" id=\"data\">{}</script>\n",
            document.trim_end()
        )
    );
}

/// Found by session 7's review: a build from an absolute path published the builder's local
/// directories in every form's JSON (and the pages that embed it): `workspace.file` and each
/// diagnostic's `file` were the paths as typed. A build names every source relative to the path
/// it was given, as `index.json` and the diff pages do; the bookkeeping files `.jixiao-manifest`
/// and `.jixiao-build-cache` (never linked by a page) keep the paths as typed.
#[test]
fn no_published_output_holds_the_local_path_of_the_sources() {
    let directory = scratch("local-paths-sources");
    for year in ["2021", "2022"] {
        let folder = directory.join(format!("renda-{year}"));
        std::fs::create_dir_all(&folder).unwrap();
        for name in ["department.jx", "project-congress-meetings.jx"] {
            std::fs::copy(
                root().join(format!("examples/renda-{year}/{name}")),
                folder.join(name),
            )
            .unwrap();
        }
    }
    std::fs::copy(
        root().join("examples/jixiao.toml"),
        directory.join("jixiao.toml"),
    )
    .unwrap();
    // A form with a warning, so that the JSON has a diagnostic with its `file`.
    std::fs::copy(
        root().join("tests/errors/W0202_weights_not_hundred.jx"),
        directory.join("renda-2022/warned.jx"),
    )
    .unwrap();
    let output = scratch("local-paths-output");
    // Run from elsewhere: the sources are not below the working directory, so a path as typed
    // (or made relative to the working directory) is the absolute one.
    let elsewhere = scratch("local-paths-cwd");
    let result = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("build")
        .arg(&directory)
        .arg("-o")
        .arg(&output)
        .args(["--format", "both"])
        .current_dir(&elsewhere)
        .output()
        .unwrap();
    assert!(
        matches!(result.status.code(), Some(0 | 1)),
        "{}",
        text(&result.stderr)
    );
    let prefix = directory.to_str().unwrap();
    // The terminal keeps the paths as typed (the user's own machine).
    assert!(
        text(&result.stderr).contains(prefix),
        "{}",
        text(&result.stderr)
    );
    let mut stack = vec![output.clone()];
    let mut checked = 0;
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                stack.push(path);
            } else if !name.starts_with(".jixiao-") {
                let contents = text(&std::fs::read(&path).unwrap());
                assert!(
                    !contents.contains(prefix),
                    "{} holds the local path {prefix}",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "{checked} outputs");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(output.join("renda-2022/warned.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["workspace"]["file"], "jixiao.toml", "{json:#}");
    assert_eq!(
        json["diagnostics"][0]["file"], "renda-2022/warned.jx",
        "{json:#}"
    );
    // `check --format json` is for the user's own tools: paths as typed.
    let checked = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "--format", "json"])
        .arg(directory.join("renda-2022/warned.jx"))
        .current_dir(&elsewhere)
        .output()
        .unwrap();
    assert!(
        text(&checked.stdout).contains(prefix),
        "{}",
        text(&checked.stdout)
    );
}

/// A copy of both years of `examples/` (so that the 2022 forms have diff pages) in a fresh
/// directory.
fn two_years(name: &str) -> std::path::PathBuf {
    let directory = scratch(name);
    for year in ["2021", "2022"] {
        let folder = directory.join(format!("renda-{year}"));
        std::fs::create_dir_all(&folder).unwrap();
        for form in ["department.jx", "project-congress-meetings.jx"] {
            std::fs::copy(
                root().join(format!("examples/renda-{year}/{form}")),
                folder.join(form),
            )
            .unwrap();
        }
    }
    directory
}

/// Found by session 7's review: a user's template that failed for one form left that form's
/// JSON and diff page written (the page failed after them) while the summary said `写出 0 个表单`.
/// A form's outputs are rendered before any is written: all of them or none, and the summary
/// counts the forms really written. What an earlier build wrote of the form goes.
#[test]
fn a_form_whose_page_fails_to_render_writes_none_of_its_outputs() {
    let directory = two_years("render-failure-sources");
    let templates = scratch("render-failure-templates");
    // Fails for the forms with a previous year (the 2022 ones, with a diff page) only.
    std::fs::write(
        templates.join("form.html"),
        "{% if form.links.diff %}{{ no_such_variable.field }}{% endif %}<p>{{ form.name }}</p>\n",
    )
    .unwrap();
    let output = scratch("render-failure-output");
    // An earlier build with the built-in templates wrote every output.
    let result = build(&directory, &output, &["--format", "both"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(output.join("renda-2022/department.diff.html").is_file());
    let result = build(
        &directory,
        &output,
        &[
            "--format",
            "both",
            "--template",
            templates.to_str().unwrap(),
        ],
    );
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("写出 2 个表单"), "{stderr}");
    for form in ["department", "project-congress-meetings"] {
        for extension in ["json", "html"] {
            let written = output.join(format!("renda-2021/{form}.{extension}"));
            assert!(written.is_file(), "{} missing", written.display());
        }
        for extension in ["json", "html", "diff.html"] {
            let none = output.join(format!("renda-2022/{form}.{extension}"));
            assert!(!none.exists(), "{} written", none.display());
        }
    }
    let index = std::fs::read_to_string(output.join("index.json")).unwrap();
    assert!(!index.contains("renda-2022/department.json"), "{index}");
    // The same again: the same tree (nothing of the failing forms comes back).
    let before: Vec<_> = std::fs::read_dir(output.join("renda-2022"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name())
        .collect();
    let again = build(
        &directory,
        &output,
        &[
            "--format",
            "both",
            "--template",
            templates.to_str().unwrap(),
        ],
    );
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains("写出 2 个表单"));
    let after: Vec<_> = std::fs::read_dir(output.join("renda-2022"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name())
        .collect();
    assert_eq!(before, after);
}

/// Found by the session-19 tester: the plan ignored the names the build writes itself. A
/// source `style.jx` with `--template x.css` lost its report to the stylesheet (exit 0, the
/// manifest listed `style.css` twice), `index.p2.jx` lost its page to the listing's second
/// page, and `.jixiao-build.jx` with `--template r.lock` wrote its report as the lock, deleted
/// when the lock was released. Every name the build writes is claimed: such a form is reported
/// (the source named, with the fix), writes nothing, and the build exits 2. Only what can be
/// written is reserved: the stylesheet, the listing and the build's records are written at the
/// top level only, so a form `sub/style.jx` is written.
#[test]
fn a_form_named_like_a_file_the_build_writes_itself_writes_nothing() {
    let directory = scratch("own-names-sources");
    std::fs::copy(root().join(CLEAN), directory.join("a.jx")).unwrap();
    for name in [
        "style.jx",
        "index.p2.jx",
        ".jixiao-build.jx",
        "sub/style.jx",
    ] {
        let path = directory.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::copy(root().join(CLEAN), path).unwrap();
    }
    let templates = scratch("own-names-templates");
    for (template, reserved, written) in [
        ("x.css", "style.css", "sub/style.css"),
        ("r.lock", ".jixiao-build.lock", "sub/style.lock"),
        ("p.txt", "index.p2.html", "sub/style.txt"),
    ] {
        let template = templates.join(template);
        std::fs::write(&template, "报告 {{ form.name }}\n").unwrap();
        let output = scratch("own-names-output");
        // A hidden file is not found in a folder: named, it is built.
        let lock = reserved == ".jixiao-build.lock";
        let built = if lock {
            directory.join(".jixiao-build.jx")
        } else {
            directory.clone()
        };
        let result = build(&built, &output, &["--template", template.to_str().unwrap()]);
        let stderr = text(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{reserved}: {stderr}");
        let source = match reserved {
            "style.css" => "style.jx",
            "index.p2.html" => "index.p2.jx",
            _ => ".jixiao-build.jx",
        };
        assert!(
            stderr.contains(&format!("{}", output.join(reserved).display()))
                && stderr.contains(&format!("{}", directory.join(source).display()))
                && stderr.contains("jixiao 自己写出的文件")
                && stderr.contains("请给源文件改名"),
            "{reserved}: {stderr}"
        );
        // Nothing of the form is written, and the build's own file is its own.
        let stem = source.trim_end_matches(".jx");
        for extension in ["json", "html"] {
            let name = format!("{stem}.{extension}");
            assert!(
                name == reserved || !output.join(&name).exists(),
                "{name} written"
            );
        }
        if reserved == "style.css" {
            let css = std::fs::read_to_string(output.join("style.css")).unwrap();
            assert!(!css.contains("报告"), "{css}");
            let manifest = std::fs::read_to_string(output.join(".jixiao-manifest")).unwrap();
            let listed = manifest
                .lines()
                .filter(|line| *line == "o style.css")
                .count();
            assert_eq!(listed, 1, "{manifest}");
        }
        if reserved == "index.p2.html" {
            assert!(!output.join("index.p2.html").exists());
        }
        // The lock is released (removed), not left as a report.
        assert!(!output.join(".jixiao-build.lock").exists());
        // The other forms, and the same name in a folder, are written.
        assert!(lock || output.join("a.html").is_file() && output.join(written).is_file());
    }
}

/// Runs `jixiao ARGUMENTS` in `directory` (no colours).
fn run_in(directory: &Path, arguments: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(arguments)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Found by session 7's tester: the manifest recorded outputs that were never written. A
/// `--template` whose output is the source itself (`d.jx`) was refused, yet `o d.jx` went into
/// the manifest, and the next build tried to remove the source (`./d.jx 是源文件…`, exit 2)
/// where a clean build exits 0. The manifest lists what the build wrote, so the next build is
/// a clean one: the same exit code, report and tree.
#[test]
fn the_manifest_lists_only_what_the_build_wrote() {
    let top = scratch("manifest-written");
    let workspace = top.join("ws");
    std::fs::create_dir_all(&workspace).unwrap();
    std::fs::copy(root().join(CLEAN), workspace.join("d.jx")).unwrap();
    std::fs::write(top.join("rep.jx"), "// {{ form.name }}\n").unwrap();
    let source = std::fs::read(workspace.join("d.jx")).unwrap();
    let build = |extra: &[&str]| {
        let mut arguments = vec!["build", ".", "-o", "."];
        arguments.extend_from_slice(extra);
        run_in(&workspace, &arguments)
    };
    let result = build(&[]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let refused = build(&["--template", "../rep.jx"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    let manifest = std::fs::read_to_string(workspace.join(".jixiao-manifest")).unwrap();
    assert!(!manifest.contains("o d.jx"), "{manifest}");
    let next = build(&[]);
    assert_eq!(next.status.code(), Some(0), "{}", text(&next.stderr));
    assert_eq!(std::fs::read(workspace.join("d.jx")).unwrap(), source);
    // A clean build of the same: the same report.
    let clean = scratch("manifest-written-clean");
    std::fs::copy(root().join(CLEAN), clean.join("d.jx")).unwrap();
    let fresh = run_in(&clean, &["build", ".", "-o", "."]);
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh.stderr));
    let summary = |output: &std::process::Output| {
        text(&output.stderr)
            .lines()
            .filter(|line| !line.contains("用时"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(summary(&next), summary(&fresh));
}

/// The same for the stylesheet: a read-only `style.css` of the user's is refused, so it is not
/// recorded, and a later build without pages does not remove it as an output of its own.
#[test]
fn the_manifest_lists_no_stylesheet_it_could_not_write() {
    let source = sources("manifest-stylesheet-sources");
    let output = scratch("manifest-stylesheet-output");
    let stylesheet = output.join("style.css");
    std::fs::write(&stylesheet, "/* mine */\n").unwrap();
    std::fs::set_permissions(&stylesheet, std::fs::Permissions::from_mode(0o444)).unwrap();
    let result = build(&source, &output, &["--format", "both"]);
    assert_eq!(result.status.code(), Some(2), "{}", text(&result.stderr));
    let result = build(&source, &output, &["--format", "json"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert_eq!(
        std::fs::read_to_string(&stylesheet).unwrap(),
        "/* mine */\n"
    );
}
