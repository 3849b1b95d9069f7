//! `jixiao build PATH… -o DIR`: check, then write one output per form (JSON, HTML, or a
//! user's template) and the index page.

use super::args::{BuildArgs, OutputFormat};
use super::build_cache::{
    BuildCache, CachedSource, FormHeader, IndexCard, ListedCard, SourceReport, CACHE_FILE,
};
use super::exit::{self, english_count, error_prefix, usage_error};
use super::workspace::{self, Progress, SourceFile};
use super::write::{
    catch_interrupts, interrupted, temporary_owner, Manifest, OutputDirectory, OutputError,
    LOCK_FILE, MANIFEST,
};
use jixiao::model::{Evaluation, FormKind};
use jixiao::{
    compile_decoded, index_json, to_json, to_json_compact, Audience, Compilation, Counts,
    DecodedText, IndexEntry, Lang, Options, PageLinks, PageOptions, ReportTemplate, Style,
    Templates,
};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The output file name of form `index` of a file whose forms are named `names`:
/// `department.json` for a file of one form, and for a file of several each form's own name,
/// `两张表.区人大常委会办公室.json` (not `两张表.1.json`, which says nothing about the form). A
/// name that is empty once made safe for a file name, or shared by two forms of the file, falls
/// back to the form's position (`两张表.2.json`).
fn output_name(relative: &Path, index: usize, names: &FormParts, extension: &str) -> PathBuf {
    let stem = relative.with_extension("");
    let name = match names.part(index) {
        None => stem,
        Some(part) => PathBuf::from(format!("{}.{part}", stem.display())),
    };
    let mut name = name.into_os_string();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// The names of every output form `index` of a file can have: one per format, the report
/// template's, and the diff page when the form has a `previous` year (what a form that writes
/// nothing this run must not leave from an earlier build).
fn form_outputs<'n>(
    relative: &'n Path,
    index: usize,
    names: &'n FormParts,
    format: OutputFormat,
    report: Option<&'n ReportTemplate>,
    previous: Option<&YearForm>,
) -> impl Iterator<Item = PathBuf> + 'n {
    format
        .extensions()
        .iter()
        .copied()
        .chain(report.map(ReportTemplate::extension))
        .chain(previous.map(|_| "diff.html"))
        .map(move |extension| output_name(relative, index, names, extension))
}

/// Removes the outputs `stale` (a form's, written by an earlier build, when it writes nothing
/// now: a clean build would not have them); each failure is pushed to `failures` as the
/// build's report prints it.
fn remove_outputs(
    output: &OutputDirectory,
    stale: impl Iterator<Item = PathBuf>,
    lang: Lang,
    failures: &mut Vec<String>,
) {
    for stale in stale {
        if let Err(error) = output.remove(&stale) {
            failures.push(format!(
                "{}{}: {error}",
                error_prefix(lang),
                output.path(&stale).display()
            ));
        }
    }
}

/// What each form of a file adds to its outputs' names ([`output_name`]): nothing when the file
/// holds one form; else the form's name made [`file_safe`], or its position (from 1) when that
/// is empty or another form of the file gives the same. Worked out once per file: asking every
/// other form's name for every output was quadratic, and a file of 4,800 forms took 30 s
/// building its names.
struct FormParts(Option<Vec<String>>);

impl FormParts {
    /// The parts for the forms named `names`, in file order.
    fn of(names: &[&str]) -> FormParts {
        if names.len() <= 1 {
            return FormParts(None);
        }
        let safe: Vec<String> = names.iter().map(|name| file_safe(name)).collect();
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for name in &safe {
            *counts.entry(name.as_str()).or_default() += 1;
        }
        let parts = safe
            .iter()
            .enumerate()
            .map(|(index, own)| {
                if own.is_empty() || counts.get(own.as_str()).is_some_and(|count| *count > 1) {
                    (index + 1).to_string()
                } else {
                    own.clone()
                }
            })
            .collect();
        FormParts(Some(parts))
    }

    /// The part of form `index`: `None` for the only form of a file; the position (from 1) for
    /// an index past the names.
    fn part(&self, index: usize) -> Option<String> {
        let parts = self.0.as_ref()?;
        Some(
            parts
                .get(index)
                .cloned()
                .unwrap_or_else(|| (index + 1).to_string()),
        )
    }
}

/// A form name as part of a file name: no path separators, reserved or control characters
/// (each becomes `_`), no leading dots, at most 40 characters (a file name has 255 bytes, and
/// the source's own name comes first).
fn file_safe(name: &str) -> String {
    let safe: String = name
        .trim()
        .chars()
        .map(|character| {
            if character.is_control()
                || character.is_whitespace()
                || matches!(
                    character,
                    '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'
                )
            {
                '_'
            } else {
                character
            }
        })
        .take(40)
        .collect();
    safe.trim_start_matches('.').to_string()
}

/// What `build` did with one file. Computed in parallel (nothing is printed there) and reported
/// afterwards in path order; the files written do not depend on the number of threads either.
#[derive(Default)]
struct BuiltFile {
    /// The message when the file could not be read.
    read_error: Option<String>,
    /// The run was interrupted before this file was started.
    not_started: bool,
    /// The diagnostics rendered for people.
    human: String,
    /// Render and write failures, each a full message.
    failures: Vec<String>,
    /// Errors and warnings.
    counts: Counts,
    /// Forms whose outputs were all written.
    written: usize,
    /// Forms not written because of an error.
    skipped: usize,
    /// Every form for the index, with its outputs if written.
    listed: Vec<Listed>,
    /// Every output file written, to detect two forms sharing one name.
    outputs: Vec<PathBuf>,
    /// The same, relative to the output directory (for the manifest).
    names: Vec<PathBuf>,
    /// The source as the manifest names it, and the fingerprint its outputs were made from
    /// (`None` when something failed: the next build does the file again).
    fingerprint: Option<(String, String)>,
    /// What the next build's cache keeps of the file ([`super::build_cache`]).
    cache: Option<CachedSource>,
}

/// One form as the index lists it.
struct Listed {
    /// What the index shows of the form.
    card: IndexCard,
    /// Its page, relative to the output directory, when written.
    page: Option<String>,
    /// Its JSON document, relative to the output directory, when written.
    json: Option<String>,
    /// Its source, relative to the argument it was found under.
    source: String,
}

/// A unit's form of one year: where its source is and where its page goes.
struct YearForm {
    year: u16,
    /// The page, relative to the output directory.
    page: String,
    /// The source file and the form's index in it.
    source: PathBuf,
    /// The source as the published diff page names it: relative to the argument it was found
    /// under, as `index.json`'s `source` (never the path as typed, which may be a local
    /// absolute path such as `/home/…`).
    label: String,
    index: usize,
    /// The hash of the source's text ([`text_hash`]), `None` when it could not be read.
    hash: Option<u128>,
}

/// Every form's page by unit: (kind, name) → its forms by year.
type Years = std::collections::HashMap<(FormKind, String), Vec<YearForm>>;

/// One source as [`scan`] found it.
#[derive(Default)]
struct Scanned {
    /// The hash of its text ([`text_hash`]); `None` when it could not be read.
    hash: Option<u128>,
    /// Its forms' headers, in file order.
    headers: Vec<FormHeader>,
    /// The chunks of the text hashed ([`jixiao::forms::chunks`]), when the scan cut it to find
    /// the headers (not when they came from the cache): its compilation cuts it no second time.
    chunks: Option<Vec<(usize, usize)>>,
    /// The text itself, kept for [`build_file`] to take while the scan's texts stay within
    /// [`KEPT_TEXT_BYTES`]; a text not kept is read again there.
    text: std::sync::Mutex<Option<DecodedText>>,
}

/// How many bytes of source text [`scan`] keeps for the build (128 MiB: a 10,000-form
/// workspace of 105 MB is read once; a larger one reads the rest twice rather than holding it
/// all in memory).
const KEPT_TEXT_BYTES: usize = 128 << 20;

/// The hash of a source's bytes: what its compilation depends on (its text and its encoding,
/// which decides the W0001 warning, both follow from them). Taken of the bytes as read, so
/// that an unchanged source is never decoded (validating 105 MB of Chinese UTF-8 was a third
/// of a rebuild's instructions).
fn bytes_hash(bytes: &[u8]) -> u128 {
    let mut hasher = Fingerprint::new();
    hasher.add(bytes);
    hasher.finish()
}

/// Reads the source at `path`: the hash of its bytes ([`bytes_hash`]) and its text; the error
/// message when it cannot be read or decoded.
fn read_hashed(path: &Path) -> Result<(u128, DecodedText), String> {
    let message = |failure| match failure {
        workspace::ReadFailure::TooLarge(message) | workspace::ReadFailure::Unreadable(message) => {
            message
        }
    };
    let bytes = workspace::read_bytes(path).map_err(message)?;
    let hash = bytes_hash(&bytes);
    let text = workspace::decode_source(path, &bytes).map_err(message)?;
    Ok((hash, text))
}

/// Reads and hashes every file, and finds its forms' headers ([`jixiao::forms::headers`]: no
/// body is parsed, no form scored), taken from the previous build's `cache` when the text is
/// the one it hashed: which unit has a page for which year, so that each page can link to the
/// same unit's page of the previous year, and what each source's fingerprint is made of. An
/// unchanged source is read and hashed here and never parsed.
fn scan(files: &[SourceFile], cache: &BuildCache) -> Vec<Scanned> {
    let kept_bytes = std::sync::atomic::AtomicUsize::new(0);
    files
        .par_iter()
        .map(|file| {
            // Standard input can be read once only: the build reads it.
            if interrupted() || file.path.as_os_str() == workspace::STDIN {
                return Scanned::default();
            }
            let Ok(bytes) = workspace::read_bytes(&file.path) else {
                return Scanned::default();
            };
            let hash = bytes_hash(&bytes);
            let display = file.path.display().to_string();
            let cached = cache
                .sources
                .get(&display)
                .filter(|cached| cached.hash == format!("{hash:032x}"))
                .and_then(|cached| cached.headers.clone());
            // Decoded only when its headers are not cached: an unchanged source never is.
            let source = match cached {
                Some(_) => None,
                None => match workspace::decode_source(&file.path, &bytes) {
                    Ok(source) => Some(source),
                    Err(_) => return Scanned::default(),
                },
            };
            drop(bytes);
            let mut chunks = None;
            let headers = cached.unwrap_or_else(|| {
                let Some(source) = source.as_ref() else {
                    return Vec::new();
                };
                chunks = jixiao::forms::chunks(source);
                chunks
                    .as_deref()
                    .map(|chunks| jixiao::forms::headers_in(source, chunks))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|form| FormHeader {
                        kind: form.kind.into(),
                        name: form.name.value,
                        year: form.year.map(|year| year.value),
                    })
                    .collect()
            });
            // An unchanged source (its headers cached) is most likely not compiled: not kept.
            let kept = source.filter(|source| {
                chunks.is_some()
                    && kept_bytes.fetch_add(source.text.len(), std::sync::atomic::Ordering::Relaxed)
                        + source.text.len()
                        <= KEPT_TEXT_BYTES
            });
            Scanned {
                hash: Some(hash),
                headers,
                chunks,
                text: std::sync::Mutex::new(kept),
            }
        })
        .collect()
}

/// Every unit's pages by year, from the headers [`scan`] found.
fn pages_by_unit(files: &[SourceFile], scanned: &[Scanned]) -> Years {
    let mut years = Years::new();
    for (file, scanned) in files.iter().zip(scanned) {
        let names: Vec<&str> = scanned
            .headers
            .iter()
            .map(|form| form.name.as_str())
            .collect();
        let names = FormParts::of(&names);
        for (index, form) in scanned.headers.iter().enumerate() {
            let Some(year) = form.year else {
                continue;
            };
            let page = relative_link(&output_name(&file.relative, index, &names, "html"));
            years
                .entry((form.kind.into(), form.name.clone()))
                .or_default()
                .push(YearForm {
                    year,
                    page,
                    source: file.path.clone(),
                    label: relative_link(&file.relative),
                    index,
                    hash: scanned.hash,
                });
        }
    }
    years
}

/// The same unit's form of the latest earlier year, if the workspace has one: of the form
/// `kind` `name` of `year`.
fn previous_year<'y>(
    years: &'y Years,
    kind: FormKind,
    name: &str,
    year: Option<u16>,
) -> Option<&'y YearForm> {
    let year = year?;
    years
        .get(&(kind, name.to_string()))?
        .iter()
        .filter(|other| other.year < year)
        .max_by_key(|other| other.year)
}

/// A form of this build as a diff page names it: its source and its index in that source.
type FormKey = (PathBuf, usize);

/// Most evaluations [`Reuse`] holds at once (a form's model is tens of KB): past this, a diff
/// page compiles its previous year again, as it did before the cache existed.
const REUSE_CAPACITY: usize = 512;

/// The evaluations this build compiled that a later year's diff page is made from, so that the
/// diff page does not compile the previous year's source a second time (3,188 of the 10,000
/// forms of the benchmark corpus have a diff page). An entry is kept until every form that
/// names it as its previous year has been built, and at most [`REUSE_CAPACITY`] at once; the
/// files are built unit by unit, year after year ([`build_order`]), so an entry rarely waits.
/// A form found here is the one a second compilation would give: `build` compiles a file
/// form by form ([`workspace::compile_forms`]), identical to compiling it whole.
struct Reuse(std::sync::Mutex<Reused>);

/// What [`Reuse`] holds.
struct Reused {
    /// How many forms not yet built name each form as their previous year.
    remaining: std::collections::HashMap<FormKey, usize>,
    /// The evaluations kept (forms without errors that a form not yet built wants).
    kept: std::collections::HashMap<FormKey, std::sync::Arc<Evaluation>>,
}

impl Reuse {
    /// The cache for `years`: each form's previous year (as [`previous_year`] finds it) counted.
    fn new(years: &Years) -> Reuse {
        let mut remaining = std::collections::HashMap::new();
        for forms in years.values() {
            for form in forms {
                let previous = forms
                    .iter()
                    .filter(|other| other.year < form.year)
                    .max_by_key(|other| other.year);
                if let Some(previous) = previous {
                    *remaining
                        .entry((previous.source.clone(), previous.index))
                        .or_insert(0) += 1;
                }
            }
        }
        Reuse(std::sync::Mutex::new(Reused {
            remaining,
            kept: std::collections::HashMap::new(),
        }))
    }

    /// Keeps form `index` of `source` (just compiled, without errors) if a form not yet built
    /// wants it and there is room.
    fn offer(&self, source: &Path, index: usize, evaluation: &Evaluation) {
        let key = (source.to_path_buf(), index);
        let Ok(mut reused) = self.0.lock() else {
            return;
        };
        if reused.remaining.get(&key).is_some_and(|count| *count > 0)
            && reused.kept.len() < REUSE_CAPACITY
        {
            reused
                .kept
                .insert(key, std::sync::Arc::new(evaluation.clone()));
        }
    }

    /// The evaluation of `previous` if it is kept. Every form with a previous year takes it
    /// once, used or not (an error of its own, an unchanged diff page, a miss), and the last
    /// one releases it, so that nothing is kept for nobody.
    fn take(&self, previous: &YearForm) -> Option<std::sync::Arc<Evaluation>> {
        let key = (previous.source.clone(), previous.index);
        let mut reused = self.0.lock().ok()?;
        let remaining = reused.remaining.get_mut(&key)?;
        *remaining = remaining.saturating_sub(1);
        if *remaining == 0 {
            reused.remaining.remove(&key);
            reused.kept.remove(&key)
        } else {
            reused.kept.get(&key).cloned()
        }
    }
}

/// The order to build `files` in (indexes into it): by the unit and year of each file's first
/// form, so that a unit's forms are built one year after the other and [`Reuse`] hands the
/// previous year's evaluation to the next year's diff page soon after it is made. The results
/// are reported in path order whatever this order is.
fn build_order(files: &[SourceFile], years: Option<&Years>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    let Some(years) = years else {
        return order;
    };
    let mut first: std::collections::HashMap<&Path, (&str, u16)> = std::collections::HashMap::new();
    for ((_, name), forms) in years {
        for form in forms.iter().filter(|form| form.index == 0) {
            first.insert(form.source.as_path(), (name.as_str(), form.year));
        }
    }
    // Each file's key looked up once (`sort_by_key` hashed a path per comparison: 6 % of a
    // rebuild of 10,000 files).
    order.sort_by_cached_key(|&index| {
        (
            first
                .get(files[index].path.as_path())
                .copied()
                .unwrap_or(("", 0)),
            index,
        )
    });
    order
}

/// The diff page of `evaluation` against the same unit's `previous` form (its evaluation from
/// this build when [`Reuse`] kept it, else compiled again from its source), or `None` when that
/// form cannot be read or has errors. `label` names this form's source on the page as the
/// previous form's [`YearForm::label`] names that one: relative to the argument it was found
/// under, so that a published page never shows the path of the machine that built it.
fn diff_page(
    previous: &YearForm,
    reused: Option<std::sync::Arc<Evaluation>>,
    evaluation: &Evaluation,
    label: &str,
    options: &Options,
) -> Option<String> {
    let old = match reused {
        Some(old) => old,
        None => {
            let source = workspace::read(&previous.source).ok()?;
            // Named as the build names it (its diagnostics are not shown on the page, but the
            // evaluation is the one the build published).
            let compiled = compile_decoded(&source, Some(&previous.label), options);
            let old = compiled.forms.into_iter().nth(previous.index)?;
            if old.has_errors {
                return None;
            }
            std::sync::Arc::new(old.evaluation)
        }
    };
    let document = jixiao::diff::diff_sides(
        &[(Some(previous.label.clone()), &*old)],
        &[(Some(label.to_string()), evaluation)],
    );
    jixiao::diff::to_html(&document).ok()
}

/// An output name refused before anything is written, the sources of the forms refused
/// (positions in the build's files, in order, once each), and why.
type Collision = (PathBuf, Vec<usize>, Clash);

/// Why [`plan_outputs`] refuses an output name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Clash {
    /// Two forms would both write it.
    Shared,
    /// The build writes it itself ([`own_file`]).
    Own,
    /// One form would write it as a file, and other forms write into it as a folder
    /// (`a.jx` writes `a.html`, `a.html/b.jx` writes `a.html/b.html`).
    Folder,
}

/// Whether `name` (relative to the output directory) is, or lies inside, a file the build
/// writes itself: at the top level its records (`.jixiao-manifest`, `.jixiao-build-cache`,
/// `.jixiao-build.lock`) and, when `html`, the stylesheet, `index.json` and the listing's
/// pages (`index.html`, `index.pN.html`: the whole family, whatever the listing's length);
/// in any folder, a temporary file of the writer (`.jixiao-PID-N.tmp`, made beside each
/// output). The listing and the records are written at the top level only: `sub/style.css`
/// is a form's like any other.
fn own_file(name: &Path, html: bool) -> bool {
    let temporary = name
        .file_name()
        .and_then(|file| file.to_str())
        .is_some_and(|file| temporary_owner(file).is_some());
    let Some(std::path::Component::Normal(top)) = name.components().next() else {
        return temporary;
    };
    let Some(top) = top.to_str() else {
        return temporary;
    };
    let index_page = top
        .strip_prefix("index.p")
        .and_then(|rest| rest.strip_suffix(".html"))
        .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()));
    let listing =
        top == jixiao::STYLESHEET || top == "index.html" || top == "index.json" || index_page;
    temporary || [MANIFEST, CACHE_FILE, LOCK_FILE].contains(&top) || (html && listing)
}

/// Every output name of the build, planned from the scan's headers before anything is written
/// (`NAME.json`, `NAME.html`, the `--template` output, `NAME.diff.html` for a form with a
/// previous year), and the names two forms would share: `a/x.jx` of 2022 with a previous year
/// writes `a/x.diff.html`, and so does a source `a/x.diff.jx`; a file of forms `甲` and `乙`
/// writes `NAME.甲.json`, and so does a file `NAME.甲.jx`. Returns, per file and per form of
/// its headers, whether the form has such an output (then it writes none: whichever source
/// came first, a rebuild keeps what a clean build keeps), and the collisions, by name. A name
/// the build writes itself ([`own_file`]; `html`: pages are written) is claimed by the build:
/// a form that would write it writes nothing.
///
/// A form with errors claims its names too (the plan compiles nothing): renaming is needed
/// before it is fixed anyway. A file whose headers the scan could not find (standard input,
/// unreadable) plans nothing; the check after the build still reports such a collision.
fn plan_outputs(
    files: &[SourceFile],
    scanned: &[Scanned],
    format: OutputFormat,
    report: Option<&ReportTemplate>,
    years: Option<&Years>,
    html: bool,
) -> (Vec<Vec<bool>>, Vec<Collision>) {
    let report_extension = report.map(ReportTemplate::extension);
    // Keyed by the name's bytes: hashing a `Path` walks its components (a tenth of a
    // rebuild's instructions went to `Path::hash`).
    let mut claims: std::collections::HashMap<std::ffi::OsString, Vec<(usize, usize)>> =
        std::collections::HashMap::new();
    for (position, (file, scanned)) in files.iter().zip(scanned).enumerate() {
        let names: Vec<&str> = scanned
            .headers
            .iter()
            .map(|form| form.name.as_str())
            .collect();
        let names = FormParts::of(&names);
        for (index, form) in scanned.headers.iter().enumerate() {
            let previous = years
                .and_then(|years| previous_year(years, form.kind.into(), &form.name, form.year));
            let mut extensions: Vec<&str> = format.extensions().to_vec();
            extensions.extend(report_extension);
            extensions.extend(previous.map(|_| "diff.html"));
            extensions.sort_unstable();
            extensions.dedup();
            for extension in extensions {
                claims
                    .entry(output_name(&file.relative, index, &names, extension).into_os_string())
                    .or_default()
                    .push((position, index));
            }
        }
    }
    let mut colliding: Vec<Vec<bool>> = scanned
        .iter()
        .map(|scanned| vec![false; scanned.headers.len()])
        .collect();
    let mut collisions: Vec<Collision> = Vec::new();
    // A name that is also a folder of other outputs: neither the file nor what the folder
    // holds can be written as planned, and which one yields would depend on the order of
    // writes; like two forms of one name, none of them is written.
    let mut folders: std::collections::HashMap<std::ffi::OsString, Vec<(usize, usize)>> =
        std::collections::HashMap::new();
    for (name, forms) in &claims {
        for folder in Path::new(name).ancestors().skip(1) {
            if folder.as_os_str().is_empty() {
                break;
            }
            if let Some(file) = claims.get(folder.as_os_str()) {
                let holding = folders
                    .entry(folder.as_os_str().to_os_string())
                    .or_insert_with(|| file.clone());
                holding.extend(forms.iter().copied());
            }
        }
    }
    let folders = folders
        .into_iter()
        .map(|(name, forms)| (name, forms, Some(Clash::Folder)));
    let claims = claims.into_iter().map(|(name, forms)| (name, forms, None));
    for (name, forms, folder) in folders.chain(claims) {
        let clash = if let Some(folder) = folder {
            folder
        } else if own_file(Path::new(&name), html) {
            Clash::Own
        } else if forms.len() < 2 {
            continue;
        } else {
            Clash::Shared
        };
        for &(position, index) in &forms {
            if let Some(flag) = colliding
                .get_mut(position)
                .and_then(|forms| forms.get_mut(index))
            {
                *flag = true;
            }
        }
        let mut sources: Vec<usize> = forms.iter().map(|(position, _)| *position).collect();
        sources.sort_unstable();
        sources.dedup();
        collisions.push((PathBuf::from(name), sources, clash));
    }
    collisions.sort();
    (colliding, collisions)
}

/// What every file of one `build` is compiled with and written to.
#[derive(Clone, Copy)]
struct Plan<'a> {
    /// How forms are compiled.
    options: &'a Options,
    /// Which outputs are written per form.
    format: OutputFormat,
    /// The page templates, when HTML is written.
    templates: Option<&'a Templates>,
    /// Who the pages are for.
    audience: Audience,
    /// Review pages show each finding's `.jx` position (`--positions`).
    positions: bool,
    /// Every unit's pages by year (when pages are written), for the previous-year link.
    years: Option<&'a Years>,
    /// The previous years' evaluations the diff pages are made from (when pages are written).
    reuse: Option<&'a Reuse>,
    /// The user's per-form template (`--template FILE`).
    report: Option<&'a ReportTemplate>,
    /// The output directory.
    output: &'a OutputDirectory,
    /// How diagnostics are rendered.
    style: Style,
    /// What the previous build wrote from which fingerprint.
    previous: &'a Manifest,
    /// The fingerprint of what every output depends on besides its source ([`build_key`]).
    key: u128,
    /// JSON documents indented (`--pretty`) rather than compact.
    pretty: bool,
    /// What the previous build kept of each source ([`super::build_cache`]).
    cache: &'a BuildCache,
}

/// Reads, compiles and writes the outputs of one file (`scanned`: its hash and headers, when
/// [`scan`] read it); prints nothing. A source whose text, fingerprint and terminal style are
/// the ones the previous build cached, with its recorded outputs all present, is not read
/// again nor compiled: its report comes from the cache.
///
/// `colliding` tells, per form of the file (in the order of its headers), whether an output of
/// it is another form's output too ([`plan_outputs`]): such a form writes nothing.
fn build_file(
    file: &SourceFile,
    scanned: Option<&Scanned>,
    colliding: &[bool],
    plan: &Plan<'_>,
) -> BuiltFile {
    let Plan {
        options,
        format,
        templates,
        audience,
        positions,
        years,
        reuse,
        report,
        output,
        style,
        previous: manifest,
        key,
        pretty,
        cache: _,
    } = *plan;
    let source_link = relative_link(&file.relative);
    let mut built = BuiltFile::default();
    if interrupted() {
        built.not_started = true;
        return built;
    }
    let display = file.path.display().to_string();
    // The text is read here unless the scan read it (then only when it must be compiled).
    let mut source = None;
    let hash = match scanned.and_then(|scanned| scanned.hash) {
        Some(hash) => hash,
        None => match read_hashed(&file.path) {
            Ok((hash, decoded)) => {
                source = Some(decoded);
                hash
            }
            Err(message) => {
                built.read_error = Some(message);
                return built;
            }
        },
    };
    let headers: &[FormHeader] = scanned.map_or(&[], |scanned| scanned.headers.as_slice());
    // Incremental builds: the fingerprint of everything the file's outputs are made from,
    // computed from hashes alone (no compilation).
    let fingerprint = format!(
        "{:032x}",
        source_fingerprint(key, file, &display, hash, headers, colliding, years)
    );
    let style_key = format!("{style:?}");
    if let Some(hit) = cached_report(&display, hash, &fingerprint, &style_key, plan) {
        // Not compiled: a text the scan kept is released now, not at the end of the run.
        drop(scanned.and_then(|scanned| scanned.text.lock().ok()?.take()));
        // The forms' claims on their previous years' evaluations, released unused.
        if let (Some(years), Some(reuse)) = (years, reuse) {
            for form in headers {
                if let Some(previous) =
                    previous_year(years, form.kind.into(), &form.name, form.year)
                {
                    let _ = reuse.take(previous);
                }
            }
        }
        if let Some(report) = hit.report.as_ref() {
            built.human = report.human.clone();
            built.counts = Counts {
                errors: report.errors,
                warnings: report.warnings,
            };
            built.written = report.written;
            built.skipped = report.skipped;
            built.listed = report
                .listed
                .iter()
                .map(|listed| Listed {
                    card: listed.card.clone(),
                    page: listed.page.clone(),
                    json: listed.json.clone(),
                    source: source_link.clone(),
                })
                .collect();
            built.names = report.names.iter().map(PathBuf::from).collect();
            built.outputs = built.names.iter().map(|name| output.path(name)).collect();
        }
        built.fingerprint = Some((display, fingerprint));
        built.cache = Some(hit.clone());
        return built;
    }
    // The text the scan kept (the one it hashed), else read again.
    let kept = scanned.and_then(|scanned| scanned.text.lock().ok()?.take());
    let (source, current) = match (source, kept) {
        (Some(source), _) => (source, true),
        (None, Some(kept)) => (kept, true),
        (None, None) => match read_hashed(&file.path) {
            // Changed since the scan: the fingerprint is not this text's, so it is not recorded
            // (the next build does the file again).
            Ok((read, source)) => (source, read == hash),
            Err(message) => {
                built.read_error = Some(message);
                return built;
            }
        },
    };
    // The scan's cuts, when they are this text's.
    let chunks = match scanned.and_then(|scanned| scanned.chunks.clone()) {
        Some(chunks) if current => Some(chunks),
        _ => jixiao::forms::chunks(&source),
    };
    // The diagnostics' `file` in the published JSON: the source relative to the path it was
    // found under (as `index.json` names it), never the path as typed (a local `/home/…`);
    // the terminal report below keeps the path as typed.
    let compilation: Compilation =
        workspace::compile_forms(&source, chunks, Some(&source_link), options);
    built.counts = compilation.counts();
    built.human = jixiao::render_human(&display, &source, &compilation.diagnostics, style);
    // The headers the fingerprint was made from must be the compiled forms' (they are, but
    // for text the parser gives up on): else nothing is recorded.
    let consistent = scanned.is_none()
        || (compilation.forms.len() == headers.len()
            && compilation.forms.iter().zip(headers).all(|(form, header)| {
                FormKind::from(header.kind) == form.evaluation.kind
                    && header.name == form.evaluation.name
                    && header.year == form.evaluation.year
            }));
    // A source whose fingerprint is the one its recorded outputs were made from, with those
    // outputs all present, is compiled (its report was not cached for this terminal) but
    // nothing of it is rendered or written again.
    let recorded: Option<&Vec<PathBuf>> = manifest
        .sources
        .get(&display)
        .filter(|(previous, outputs)| *previous == fingerprint && output.all_present(outputs))
        .map(|(_, outputs)| outputs);
    // An output the previous build wrote from the same inputs: kept as it is.
    let kept = |name: &PathBuf| recorded.is_some_and(|outputs| outputs.contains(name));
    let form_names: Vec<String> = compilation
        .forms
        .iter()
        .map(|form| form.evaluation.name.clone())
        .collect();
    let names: Vec<&str> = form_names.iter().map(String::as_str).collect();
    let names = FormParts::of(&names);
    let forms = compilation.forms;
    for (index, form) in forms.iter().enumerate() {
        if let Some(reuse) = reuse.filter(|_| !form.has_errors) {
            reuse.offer(&file.path, index, &form.evaluation);
        }
        let previous = years.and_then(|years| {
            previous_year(
                years,
                form.evaluation.kind,
                &form.evaluation.name,
                form.evaluation.year,
            )
        });
        let reused = previous
            .zip(reuse)
            .and_then(|(previous, reuse)| reuse.take(previous))
            // A previous year in this same file (a file of many forms): its evaluation is
            // here. Compiling the file again for each such diff page made a file of 4,800
            // forms take quadratic time (over 15 minutes instead of seconds).
            .or_else(|| {
                let previous = previous.filter(|previous| previous.source == file.path)?;
                let old = forms.get(previous.index).filter(|old| !old.has_errors)?;
                Some(std::sync::Arc::new(old.evaluation.clone()))
            });
        if form.has_errors {
            // Never leave a stale output that looks current: remove the previous run's files.
            let stale = form_outputs(&file.relative, index, &names, format, report, None);
            remove_outputs(output, stale, style.lang, &mut built.failures);
            built.listed.push(Listed {
                card: IndexCard::of(&form.evaluation),
                page: None,
                json: None,
                source: source_link.clone(),
            });
            built.skipped += 1;
            continue;
        }
        if colliding.get(index).copied().unwrap_or(false) {
            // An output of the form is another form's too (reported once, naming both
            // sources): none of its outputs is written, whichever source came first, and what
            // an earlier build wrote of it goes. A clean build writes the same.
            let stale = form_outputs(&file.relative, index, &names, format, report, previous);
            remove_outputs(output, stale, style.lang, &mut built.failures);
            built.listed.push(Listed {
                card: IndexCard::of(&form.evaluation),
                page: None,
                json: None,
                source: source_link.clone(),
            });
            built.skipped += 1;
            continue;
        }
        // The page links back to the index and to its JSON document when that is written
        // beside it (then the page does not embed it), not to a user's template output.
        let json_name = output_name(&file.relative, index, &names, "json");
        let writes_json = format.extensions().contains(&"json")
            && report.map(ReportTemplate::extension) != Some("json");
        let up = "../".repeat(file.relative.components().count().saturating_sub(1));
        let mut links = PageLinks {
            index: Some(format!("{up}index.html")),
            // The build's one stylesheet, written beside the index.
            stylesheet: Some(format!("{up}{}", jixiao::STYLESHEET)),
            json: writes_json
                .then(|| json_name.file_name())
                .flatten()
                .map(|name| name.to_string_lossy().into_owned()),
            ..PageLinks::default()
        };
        // Every output of the form is rendered before any is written: a template that fails
        // for this form writes none of them (its JSON and diff page were written while the
        // summary said `写出 0 个表单`). Each output: its name and its bytes, `None` when the
        // previous build wrote it from the same inputs (kept as it is).
        let mut render_failures: Vec<String> = Vec::new();
        // The same unit's previous year: a link to its page, and the diff page beside this one.
        let page_name = output_name(&file.relative, index, &names, "html");
        let mut diff: Option<(PathBuf, Option<String>)> = None;
        if let Some(previous) = previous {
            let up = "../".repeat(page_name.components().count().saturating_sub(1));
            links.previous = Some(format!("{up}{}", previous.page));
            links.previous_label = Some(format!("{}年度", previous.year));
            let diff_name = output_name(&file.relative, index, &names, "diff.html");
            diff = if kept(&diff_name) {
                Some((diff_name, None))
            } else {
                diff_page(previous, reused, &form.evaluation, &source_link, options)
                    .map(|html| (diff_name, Some(html)))
            };
            links.diff = diff.as_ref().and_then(|(name, _)| {
                name.file_name()
                    .map(|name| name.to_string_lossy().into_owned())
            });
        }
        // A user's template file that writes `NAME.html` (or `.json`) replaces that built-in
        // output instead of colliding with it.
        let report_extension = report.map(ReportTemplate::extension);
        let extensions: Vec<&str> = format
            .extensions()
            .iter()
            .copied()
            .filter(|extension| Some(*extension) != report_extension)
            .collect();
        // The compact document, serialised once for the page that takes it (one without its
        // `.json` beside it, or any page of a user's templates) and the `.json` file (unless
        // `--pretty`), followed by the newline the file ends with.
        let wants_document = extensions.iter().any(|extension| {
            !kept(&output_name(&file.relative, index, &names, extension))
                && if *extension == "html" {
                    templates.is_some_and(|templates| templates.page_takes_document(&links))
                } else {
                    !pretty
                }
        });
        let document = wants_document.then(|| to_json_compact(&form.evaluation) + "\n");
        let embedded = document
            .as_deref()
            .map_or("", |document| document.trim_end_matches('\n'));
        // The form's page with `links`, embedding `embedded` when it takes its document.
        let render_page = |templates: &Templates, links: &PageLinks, embedded: &str| {
            let page = PageOptions {
                audience,
                links: links.clone(),
                layout: options.settings.layout.clone(),
                positions,
                lang: options.lang,
            };
            let mut bytes = Vec::new();
            templates
                .render_page_into(&form.evaluation, &page, embedded, &mut bytes)
                .map(|()| bytes)
                .map_err(|error| format!("{}{display}: {error}", error_prefix(style.lang)))
        };
        let mut rendered: Vec<(PathBuf, &str, Option<Vec<u8>>)> = Vec::new();
        for extension in extensions {
            let name = output_name(&file.relative, index, &names, extension);
            let contents = match (extension, templates) {
                _ if kept(&name) => None,
                ("html", Some(templates)) => match render_page(templates, &links, embedded) {
                    Ok(bytes) => Some(bytes),
                    Err(failure) => {
                        render_failures.push(failure);
                        continue;
                    }
                },
                _ if pretty => Some(to_json(&form.evaluation).into_bytes()),
                _ => Some(document.as_deref().unwrap_or_default().as_bytes().to_vec()),
            };
            rendered.push((name, extension, contents));
        }
        let mut report_output: Option<(PathBuf, Option<String>)> = None;
        if let Some(report) = report {
            let name = output_name(&file.relative, index, &names, report.extension());
            if kept(&name) {
                report_output = Some((name, None));
            } else {
                match report.render(&form.evaluation) {
                    Ok(text) => report_output = Some((name, Some(text))),
                    Err(error) => render_failures
                        .push(format!("{}{display}: {error}", error_prefix(style.lang))),
                }
            }
        }
        if !render_failures.is_empty() {
            // Nothing of the form is written, and what an earlier build wrote of it goes: a
            // clean build would not have it either.
            let stale = form_outputs(&file.relative, index, &names, format, report, previous);
            remove_outputs(output, stale, style.lang, &mut render_failures);
            built.failures.extend(render_failures);
            built.listed.push(Listed {
                card: IndexCard::of(&form.evaluation),
                page: None,
                json: None,
                source: source_link.clone(),
            });
            continue;
        }
        // Then written: the diff page, the JSON, the page, the user's template output, all or
        // none. When the file system refuses one (a folder or a source at its name, a
        // read-only file), the rest is not written, and what this run wrote of the form and
        // what the previous build recorded of it are removed (never a file jixiao did not
        // write: a folder or a source at the name stays). The form is reported with the
        // error, listed without page or JSON, not counted, and none of its outputs is in the
        // manifest: as after a template that fails for it, and as a clean build leaves it.
        let report_role = report_extension.map(|extension| match extension {
            "html" => "html",
            _ => "report",
        });
        let mut outputs: Vec<(PathBuf, &str, Option<Vec<u8>>)> = Vec::new();
        if let Some((name, contents)) = diff {
            outputs.push((name, "diff", contents.map(String::into_bytes)));
        }
        outputs.extend(rendered);
        if let (Some(role), Some((name, contents))) = (report_role, report_output) {
            outputs.push((name, role, contents.map(String::into_bytes)));
        }
        let mut write_failures: Vec<String> = Vec::new();
        // The outputs this run wrote, or found as the previous build wrote them (kept).
        let mut done: Vec<PathBuf> = Vec::new();
        let (mut page, mut json) = (None, None);
        for (name, role, contents) in &outputs {
            built.outputs.push(output.path(name));
            let written = match contents {
                None => Ok(()),
                Some(bytes) => output.write(name, bytes),
            };
            match written {
                Ok(()) => {
                    match *role {
                        "html" => page = Some(relative_link(name)),
                        "json" => json = Some(relative_link(name)),
                        _ => {}
                    }
                    done.push(name.clone());
                }
                Err(error) => {
                    write_failures.push(format!(
                        "{}{}: {error}",
                        error_prefix(style.lang),
                        output.path(name).display()
                    ));
                    break;
                }
            }
        }
        if !write_failures.is_empty() {
            for (name, _, _) in &outputs {
                let ours =
                    done.contains(name) || manifest.outputs().any(|recorded| recorded == name);
                if !ours {
                    continue;
                }
                match output.remove(name) {
                    // A source at the name (hard-linked there since) is not ours: it stays.
                    Ok(()) | Err(OutputError::Source(_)) => {}
                    Err(error) => write_failures.push(format!(
                        "{}{}: {error}",
                        error_prefix(style.lang),
                        output.path(name).display()
                    )),
                }
            }
            built.failures.extend(write_failures);
            built.listed.push(Listed {
                card: IndexCard::of(&form.evaluation),
                page: None,
                json: None,
                source: source_link.clone(),
            });
            continue;
        }
        built.names.extend(done);
        built.written += 1;
        built.listed.push(Listed {
            card: IndexCard::of(&form.evaluation),
            page,
            json,
            source: source_link.clone(),
        });
    }
    let report = (built.failures.is_empty() && current && consistent).then(|| SourceReport {
        fingerprint: fingerprint.clone(),
        style: style_key,
        human: built.human.clone(),
        errors: built.counts.errors,
        warnings: built.counts.warnings,
        written: built.written,
        skipped: built.skipped,
        listed: built
            .listed
            .iter()
            .map(|listed| ListedCard {
                card: listed.card.clone(),
                page: listed.page.clone(),
                json: listed.json.clone(),
            })
            .collect(),
        names: {
            // In the manifest's order (sorted, once each), to compare with it.
            let mut names: Vec<String> = built
                .names
                .iter()
                .map(|name| name.to_string_lossy().into_owned())
                .collect();
            names.sort();
            names.dedup();
            names
        },
    });
    if current {
        built.cache = Some(CachedSource {
            hash: format!("{hash:032x}"),
            headers: scanned.map(|scanned| scanned.headers.clone()),
            report,
        });
    }
    if built.failures.is_empty() && current && consistent {
        built.fingerprint = Some((display, fingerprint));
    }
    built
}

/// The previous build's cache entry of the source `display` when it can stand for compiling
/// it: the same text (`hash`), the same `fingerprint` and terminal style, and the outputs the
/// manifest records for that fingerprint all present.
fn cached_report<'p>(
    display: &str,
    hash: u128,
    fingerprint: &str,
    style_key: &str,
    plan: &Plan<'p>,
) -> Option<&'p CachedSource> {
    let cached = plan
        .cache
        .sources
        .get(display)
        .filter(|cached| cached.hash == format!("{hash:032x}"))?;
    let report = cached
        .report
        .as_ref()
        .filter(|report| report.fingerprint == fingerprint && report.style == style_key)?;
    let (recorded, outputs) = plan.previous.sources.get(display)?;
    let same_outputs = outputs.len() == report.names.len()
        && outputs
            .iter()
            .zip(&report.names)
            .all(|(output, name)| output.as_os_str() == name.as_str());
    (recorded == fingerprint && same_outputs && plan.output.all_present(outputs)).then_some(cached)
}

/// The fingerprint of everything a source's outputs are made from: the run's [`build_key`],
/// the source's name and the hash of its text, and for each of its forms (`headers`) the
/// previous year's page it links to and the hash of that page's source (its diff page is made
/// from it), and whether its outputs collide with another form's (`colliding`, then it writes
/// nothing). Computed from hashes alone, without compiling. Stable across runs and machines
/// (SipHash-1-3 with fixed keys, every field length-prefixed).
fn source_fingerprint(
    key: u128,
    file: &SourceFile,
    display: &str,
    hash: u128,
    headers: &[FormHeader],
    colliding: &[bool],
    years: Option<&Years>,
) -> u128 {
    let mut hasher = Fingerprint::new();
    hasher.add(&key.to_le_bytes());
    hasher.add(display.as_bytes());
    hasher.add(file.relative.to_string_lossy().as_bytes());
    hasher.add(&hash.to_le_bytes());
    for form in headers {
        let previous =
            years.and_then(|years| previous_year(years, form.kind.into(), &form.name, form.year));
        match previous {
            Some(previous) => {
                hasher.add(previous.page.as_bytes());
                hasher.add(&previous.year.to_le_bytes());
                hasher.add(&(previous.index as u64).to_le_bytes());
                hasher.add(previous.source.to_string_lossy().as_bytes());
                // Unreadable: a value no readable file gives, so the page is made again.
                match previous.hash {
                    Some(hash) => hasher.add(&hash.to_le_bytes()),
                    None => hasher.add(b"\0unreadable"),
                }
            }
            None => hasher.add(b"\0none"),
        }
    }
    for (index, _) in colliding
        .iter()
        .enumerate()
        .filter(|(_, colliding)| **colliding)
    {
        hasher.add(b"\0colliding");
        hasher.add(&(index as u64).to_le_bytes());
    }
    hasher.finish()
}

/// A stable 128-bit hash of a sequence of byte strings (each length-prefixed, so that
/// `("ab", "c")` and `("a", "bc")` differ): XXH3-128 (`xxhash-rust`), not a secret but a
/// fingerprint of files on one's own disk, the same on every run and machine. (SipHash-1-3
/// hashed the 105 MB of a 10,000-form rebuild at 2.6 instructions a byte, 6 % of it; XXH3
/// takes a tenth of that.)
struct Fingerprint(xxhash_rust::xxh3::Xxh3);

impl Fingerprint {
    fn new() -> Fingerprint {
        Fingerprint(xxhash_rust::xxh3::Xxh3::new())
    }

    fn add(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// The fingerprint of what every output of a build depends on besides its own source: the
/// jixiao that writes it ([`BUILD_ID`]: its version, sources, built-in templates, dependencies
/// and compiler, so a jixiao with new templates or rules re-renders everything), the options and
/// profile (`jixiao.toml`'s settings included), the formats, the audience, `--pretty`, the user's
/// template directory (every file's name and bytes) and `--template FILE`.
fn build_key(
    options: &Options,
    format: OutputFormat,
    audience: Audience,
    positions: bool,
    pretty: bool,
    template: Option<&Path>,
) -> u128 {
    let mut hasher = Fingerprint::new();
    hasher.add(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.add(BUILD_ID.as_bytes());
    hasher.add(format!("{options:?}").as_bytes());
    hasher.add(format!("{format:?} {audience:?} {positions} {pretty}").as_bytes());
    if let Some(template) = template {
        let mut files = Vec::new();
        template_files(template, &mut files, 0);
        files.sort();
        for path in files {
            hasher.add(path.to_string_lossy().as_bytes());
            match std::fs::read(&path) {
                Ok(bytes) => hasher.add(&bytes),
                Err(_) => hasher.add(&std::process::id().to_le_bytes()),
            }
        }
    }
    hasher.finish()
}

/// The identity of this jixiao (32 hex digits): the hash `build.rs` takes of the package's
/// sources and built-in templates, the grammar, `Cargo.toml` and `Cargo.lock`, the compiler's
/// version, the profile and the target, when it is compiled. Two binaries with the same
/// identity render every output alike; any change of code or template changes it. (It was a
/// hash of the running binary, read whole on every build: 14 MB, 78 MB with debug info.)
const BUILD_ID: &str = env!("JIXIAO_BUILD_ID");

/// The files below a template path (the path itself when it is a file), a bounded depth down.
fn template_files(path: &Path, files: &mut Vec<PathBuf>, depth: usize) {
    if path.is_dir() {
        if depth > 16 {
            return;
        }
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            template_files(&entry.path(), files, depth + 1);
        }
    } else {
        files.push(path.to_path_buf());
    }
}

/// Runs `jixiao build`.
pub(crate) fn run(args: &BuildArgs) -> ExitCode {
    // Before anything is written: a signal from now on stops the run cleanly (lock released,
    // no temporary file left).
    catch_interrupts();
    let paths = &workspace::paths_or_current(&args.paths);
    let (output, format) = (args.output.as_path(), args.format);
    let template = args.template.as_deref();
    let started = std::time::Instant::now();
    let lang: Lang = args.compile.lang.into();
    if let Err(code) = workspace::check_profile(args.compile.profile.as_deref()) {
        return code;
    }
    let (files, discovery_failed) = match workspace::inputs(paths, lang) {
        Ok(found) => found,
        Err(code) => return code,
    };
    // Templates load before anything is written: a broken template writes nothing.
    let wants_html = format != OutputFormat::Json;
    // `--template FILE`: a user's template rendered per form beside the chosen formats.
    let report = match template.filter(|path| path.is_file()) {
        Some(path) => match ReportTemplate::load(path) {
            Ok(report) => Some(report),
            Err(error) => return usage_error(&error.to_string(), lang),
        },
        None => None,
    };
    let template = template.filter(|path| !path.is_file());
    let templates = match (wants_html, template) {
        (false, None) => None,
        (false, Some(_)) => {
            return usage_error(
                "`--template` 目录只用于 HTML 输出；请加上 `--format html` 或 `--format both`（单个模板文件可用于任何格式）",
                lang,
            )
        }
        (true, None) => Some(Templates::builtin()),
        (true, Some(directory)) if !directory.is_dir() => {
            return usage_error(
                &format!("{}: 模板目录不存在或不是目录", directory.display()),
                lang,
            )
        }
        (true, Some(directory)) => Some(Templates::with_overrides(directory)),
    };
    let templates = match templates.transpose() {
        Ok(templates) => templates,
        Err(error) => return usage_error(&error.to_string(), lang),
    };
    // From here on a signal stops the run cleanly (before anything is written, too).
    catch_interrupts();
    let sources: Vec<PathBuf> = files.iter().map(|file| file.path.clone()).collect();
    let output_directory = match OutputDirectory::create(output, &sources) {
        Ok(directory) => directory,
        Err(error) => {
            return usage_error(
                &format!("{}: {}", output.display(), exit::io_message(&error, lang)),
                lang,
            )
        }
    };
    // One run writes a directory at a time: two at once left an index of deleted pages.
    let _lock = match output_directory.lock() {
        Ok(lock) => lock,
        Err(message) => return usage_error(&message, lang),
    };
    output_directory.remove_stale_temporaries();
    let mut options = match workspace::compile_options(&args.compile, paths) {
        Ok(options) => options,
        Err(code) => return code,
    };
    // The published `workspace.file`: relative to the build path, as the sources are.
    if options.workspace_file.is_some() {
        options.workspace_file = paths.first().and_then(|first| published_config(first));
    }
    let pool = match workspace::thread_pool(&args.run, files.len(), lang) {
        Ok(pool) => pool,
        Err(code) => return code,
    };
    let jixiao_identity = BuildCache::jixiao_identity(BUILD_ID);
    let cache = BuildCache::parse(
        &std::fs::read_to_string(output_directory.path(Path::new(CACHE_FILE))).unwrap_or_default(),
        &jixiao_identity,
    );
    // Every file is read and hashed first, and its forms' headers found (from the cache when
    // unchanged): the outputs' names are planned from them before anything is written, and
    // pages link to the same unit's previous year.
    let scanned = Some(pool.install(|| scan(&files, &cache)));
    let years = templates
        .as_ref()
        .zip(scanned.as_ref())
        .map(|(_, scanned)| pages_by_unit(&files, scanned));
    let (colliding, collisions) = scanned.as_deref().map_or_else(Default::default, |scanned| {
        let html = templates.is_some();
        plan_outputs(
            &files,
            scanned,
            format,
            report.as_ref(),
            years.as_ref(),
            html,
        )
    });
    let reuse = years.as_ref().map(Reuse::new);
    let style = Style {
        color: exit::color_stderr(args.report.color),
        ascii: false,
        lang,
    };
    let previous = output_directory.read_manifest();
    let audience: Audience = args.audience.into();
    let key = build_key(
        &options,
        format,
        audience,
        args.positions,
        args.pretty,
        args.template.as_deref(),
    );
    let plan = Plan {
        options: &options,
        format,
        templates: templates.as_ref(),
        audience,
        positions: args.positions,
        years: years.as_ref(),
        reuse: reuse.as_ref(),
        report: report.as_ref(),
        output: &output_directory,
        style,
        previous: &previous,
        key,
        pretty: args.pretty,
        cache: &cache,
    };
    let progress = Progress::new(files.len());
    let order = build_order(&files, years.as_ref());
    let built: Vec<(usize, BuiltFile)> = pool.install(|| {
        order
            .par_iter()
            .map(|&index| {
                let scanned = scanned.as_ref().and_then(|scanned| scanned.get(index));
                let colliding = colliding.get(index).map_or(&[][..], Vec::as_slice);
                let built = build_file(&files[index], scanned, colliding, &plan);
                progress.advance();
                (index, built)
            })
            .collect()
    });
    // Back to path order, which everything below reports in.
    let mut results: Vec<BuiltFile> = Vec::with_capacity(built.len());
    results.resize_with(built.len(), BuiltFile::default);
    for (index, file) in built {
        results[index] = file;
    }
    progress.finish();

    let mut totals = Counts::default();
    // Problems reading a source or writing an output, each printed as an error above: the
    // summary counts them beside the forms' own errors, so a failed run never ends `0 个错误`.
    let mut file_errors = 0usize;
    let (mut written, mut skipped, mut not_started) = (0, 0, 0);
    let mut stderr = std::io::stderr().lock();
    // Every form for the index, with its page (relative to the output directory) if written.
    let mut listed: Vec<Listed> = Vec::new();
    // Which source wrote each output: two forms must never share a file (a file holding two
    // forms writes `NAME.甲` and `NAME.乙`, which another file `NAME.甲.jx` would also claim).
    let mut claimed: std::collections::HashMap<&std::ffi::OsStr, usize> =
        std::collections::HashMap::new();
    // The collisions planned before anything was written (none of their outputs was).
    for (name, sources, clash) in &collisions {
        let shown: Vec<String> = sources
            .iter()
            .map(|&position| files[position].path.display().to_string())
            .collect();
        let _ = writeln!(
            stderr,
            "{}{}: {}",
            error_prefix(lang),
            output_directory.path(name).display(),
            match (lang, shown.as_slice()) {
                _ if *clash == Clash::Folder => match lang {
                    Lang::Zh => format!("这个名字既是一个表单的输出文件，又是其他表单输出所在的文件夹（{}），这些表单都未写出；请给源文件或文件夹改名", shown.join(" 与 ")),
                    Lang::En => format!("this name is both a form's output file and the folder of other forms' outputs ({}): none of them is written; rename the source file or the folder", shown.join(" and ")),
                },
                _ if *clash == Clash::Own => match lang {
                    Lang::Zh => format!("{} 的输出与 jixiao 自己写出的文件同名（样式表、目录页、构建记录或临时文件），该表单未写出；请给源文件改名", shown.join(" 与 ")),
                    Lang::En => format!("{} would write a file jixiao writes itself (the stylesheet, the listing, the build's records or a temporary file): the form is not written; rename the source file", shown.join(" and ")),
                },
                (Lang::Zh, [one]) => format!("{one} 中的两个表单的输出是同一个文件，两者都未写出；请给其中一个表单改名"),
                (Lang::Zh, _) => format!("两个表单的输出是同一个文件（{}），两者都未写出；请给其中一个源文件改名", shown.join(" 与 ")),
                (Lang::En, [one]) => format!("two forms of {one} would write this same file: neither is written; rename one of the forms"),
                (Lang::En, _) => format!("two forms would write this same file ({}): neither is written; rename one of the source files", shown.join(" and ")),
            }
        );
        file_errors += 1;
    }
    let index_target = output_directory.path(Path::new("index.html"));
    let index_json_target = output_directory.path(Path::new("index.json"));
    let mut index_taken = false;
    for (position, built) in results.iter().enumerate() {
        for target in &built.outputs {
            if (*target == index_target || *target == index_json_target) && templates.is_some() {
                index_taken = true;
            }
            if let Some(first) = claimed.insert(target.as_os_str(), position) {
                let _ = writeln!(
                    stderr,
                    "{}{}: {}",
                    error_prefix(lang),
                    target.display(),
                    match lang {
                        Lang::Zh => format!("两个表单写到了同一个输出文件（{} 与 {}）；请给其中一个文件改名", files[first].path.display(), files[position].path.display()),
                        Lang::En => format!("two forms were written to the same output ({} and {}); rename one of the files", files[first].path.display(), files[position].path.display()),
                    }
                );
                file_errors += 1;
            }
        }
    }
    if index_taken {
        let _ = writeln!(
            stderr,
            "{}{}: {}",
            error_prefix(lang),
            index_target.display(),
            match lang {
                Lang::Zh => "一个表单的输出与目录页 index.html（或 index.json）同名，目录页未写出；请给 index.jx 改名",
                Lang::En => "a form's output is named like the listing index.html (or index.json), which is not written; rename index.jx",
            }
        );
        file_errors += 1;
    }
    // This build's manifest: each source's outputs under the fingerprint they were made from.
    let mut manifest = Manifest::default();
    for built in &results {
        match &built.fingerprint {
            Some((source, fingerprint)) => {
                manifest
                    .sources
                    .insert(source.clone(), (fingerprint.clone(), built.names.clone()));
            }
            None => manifest.loose.extend(built.names.iter().cloned()),
        }
    }
    // What the index pages and `index.json` are made from (see [`index_key`]).
    let index_key = index_key(key, &files, &results);
    // This build's cache: what the next one needs of each source.
    let mut next_cache = BuildCache::new(jixiao_identity);
    for (file, built) in files.iter().zip(results.iter_mut()) {
        if let Some(cached) = built.cache.take() {
            next_cache
                .sources
                .insert(file.path.display().to_string(), cached);
        }
    }
    for built in results {
        if built.not_started {
            not_started += 1;
            continue;
        }
        if let Some(message) = built.read_error {
            let _ = writeln!(stderr, "{}{message}", error_prefix(lang));
            file_errors += 1;
            continue;
        }
        totals.errors += built.counts.errors;
        totals.warnings += built.counts.warnings;
        if !args.report.quiet {
            let _ = write!(stderr, "{}", built.human);
        }
        for failure in &built.failures {
            let _ = writeln!(stderr, "{failure}");
        }
        file_errors += built.failures.len();
        written += built.written;
        skipped += built.skipped;
        listed.extend(built.listed);
    }
    if interrupted() {
        // The index would list only part of the workspace: keep the previous one.
        let _ = match lang {
            Lang::Zh => writeln!(
                stderr,
                "已中断：写出 {written} 个表单，{not_started} 个文件未处理；没有留下临时文件，index.html 未更新"
            ),
            Lang::En => writeln!(
                stderr,
                "interrupted: wrote {}, {} not processed; no temporary files left, index.html not updated",
                english_count(written, "form"),
                english_count(not_started, "file")
            ),
        };
        return ExitCode::from(exit::INTERRUPTED);
    }
    // The stylesheet the pages share, whenever pages are written (rewritten only when its
    // bytes change, like every output).
    if let Some(templates) = templates.as_ref() {
        let target = Path::new(jixiao::STYLESHEET);
        let written = templates
            .stylesheet()
            .map_err(|error| error.to_string())
            .and_then(|css| {
                output_directory
                    .write(target, css.as_bytes())
                    .map_err(|error| {
                        format!("{}: {error}", output_directory.path(target).display())
                    })
            });
        match written {
            // Recorded only when written: what is at the name otherwise is not jixiao's.
            Ok(()) => manifest.loose.push(target.to_path_buf()),
            Err(error) => {
                let _ = writeln!(stderr, "{}{error}", error_prefix(lang));
                file_errors += 1;
            }
        }
    }
    // What is left runs on one thread after every file is built, so it is spread over the
    // pool: the index's evaluations, its pages and `index.json`, and the cache's text (for
    // 10,000 forms about 1.2 G instructions, half a second of one core).
    let mut cache_text = None;
    // The cache the previous build left, entry for entry: its file is not written again (and
    // its 10 MB of text for 10,000 forms not made). An empty one may stand for a file that
    // could not be read or was not ours: written. (A cache file that parses to the same
    // entries was written by this jixiao, as `text` writes it, unless edited by hand.)
    let cache_unchanged = !cache.sources.is_empty() && next_cache == cache;
    // The index the previous build wrote from the same listing, its files all present: kept.
    let index_kept = templates
        .as_ref()
        .and(index_key.as_ref())
        .zip(previous.index.as_ref())
        .filter(|(key, (recorded, files))| *key == recorded && output_directory.all_present(files))
        .map(|(_, (_, files))| files.clone());
    if let (false, Some(files)) = (index_taken, index_kept) {
        manifest.index = index_key.clone().map(|key| (key, files));
    } else if !index_taken {
        let evaluations: Vec<Evaluation> = pool.install(|| {
            listed
                .par_iter()
                .map(|listed| listed.card.evaluation())
                .collect()
        });
        let entries: Vec<IndexEntry<'_>> = listed
            .iter()
            .zip(&evaluations)
            .map(|(listed, evaluation)| IndexEntry {
                evaluation,
                page: listed.page.as_deref(),
                json: listed.json.as_deref(),
                source: Some(&listed.source),
            })
            .collect();
        // The index, as pages and as data, whenever pages are written.
        let mut files = Vec::new();
        if let Some(templates) = templates.as_ref() {
            let ((json, pages), text) = pool.install(|| {
                rayon::join(
                    || {
                        rayon::join(
                            || index_json(&entries),
                            || templates.render_index_pages(&entries),
                        )
                    },
                    || (!cache_unchanged).then(|| next_cache.text()),
                )
            });
            cache_text = text;
            files.push(("index.json".to_string(), json));
            match pages {
                Ok(pages) => files.extend(pages),
                Err(error) => {
                    let _ = writeln!(stderr, "{}{error}", error_prefix(lang));
                    file_errors += 1;
                }
            }
        }
        // Recorded under the index key when all of it was written, else under a key no
        // build gives (the next one renders it again).
        let mut complete = index_key.is_some() && file_errors == 0;
        let mut written = Vec::new();
        for (name, contents) in files {
            // Recorded only when written, like every output.
            match output_directory.write(Path::new(&name), contents.as_bytes()) {
                Ok(()) => written.push(PathBuf::from(&name)),
                Err(error) => {
                    let _ = writeln!(
                        stderr,
                        "{}{}: {error}",
                        error_prefix(lang),
                        output_directory.path(Path::new(&name)).display()
                    );
                    file_errors += 1;
                    complete = false;
                }
            }
        }
        if !written.is_empty() {
            let key = index_key.clone().filter(|_| complete);
            manifest.index = Some((key.unwrap_or_else(|| "-".to_string()), written));
        }
    }
    // The cache is written before the manifest: a cache newer than its manifest is harmless
    // (an entry is used only when the manifest records the same fingerprint).
    let cache_text = match cache_text {
        Some(text) => Some(text),
        None => (!cache_unchanged).then(|| next_cache.text()),
    };
    let cache_written = cache_text.map_or(Ok(()), |text| {
        output_directory.write(Path::new(CACHE_FILE), text.as_bytes())
    });
    if let Err(error) = cache_written {
        let _ = writeln!(
            stderr,
            "{}{}: {error}",
            error_prefix(lang),
            output_directory.path(Path::new(CACHE_FILE)).display()
        );
        file_errors += 1;
    }
    // Outputs of forms that are gone (a source deleted or renamed since the last build) are
    // removed, and only those: the manifest lists what jixiao wrote, never a foreign file.
    for failure in output_directory.replace_manifest(&previous, &manifest) {
        let _ = writeln!(stderr, "{}{failure}", error_prefix(lang));
        file_errors += 1;
    }
    let elapsed = workspace::elapsed_note(started, args.run.timings, lang);
    let file_note = match (file_errors, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("；另有 {n} 处读写文件失败（见上）"),
        (n, Lang::En) => format!("; {} (see above)", english_count(n, "file error")),
    };
    let _ = match lang {
        Lang::Zh => writeln!(
            stderr,
            "写出 {written} 个表单，{skipped} 个因错误未写出：{} 个错误，{} 个警告{file_note}{elapsed}",
            totals.errors, totals.warnings
        ),
        Lang::En => writeln!(
            stderr,
            "wrote {}, {skipped} not written because of errors: {}, {}{file_note}{elapsed}",
            english_count(written, "form"),
            english_count(totals.errors, "error"),
            english_count(totals.warnings, "warning")
        ),
    };
    exit::of_run(
        discovery_failed || file_errors > 0,
        totals,
        args.deny_warnings,
    )
}
/// The `jixiao.toml` that applies to the build path `first` ([`workspace::find_config`]) as a
/// published form names it: relative to the build path (the argument when it is a folder, else
/// its folder), `jixiao.toml` or `../jixiao.toml` (the file is in that folder or above it),
/// never the builder's absolute path. `None` when there is none.
fn published_config(first: &Path) -> Option<String> {
    let (file, _) = workspace::find_config(first).ok()??;
    let start = if first.is_dir() {
        first
    } else {
        first.parent().unwrap_or(Path::new("."))
    };
    // `find_config` looks in the canonical folder and its ancestors.
    let start = std::fs::canonicalize(start).ok()?;
    let folder = file.parent()?;
    let depth = start.strip_prefix(folder).ok()?.components().count();
    let name = file.file_name()?.to_string_lossy();
    Some(format!("{}{name}", "../".repeat(depth)))
}

/// The key of everything the index pages and `index.json` are made from: the run's
/// [`build_key`] (templates, options, language) and, file by file in path order, its source as
/// the index names it and each form's card ([`IndexCard::key_bytes`]: what the index shows of
/// it) and page and JSON links; an edit that leaves every card as it was (a goal's wording)
/// keeps the index. `None` when a file failed or was not read (no fingerprint): the index is
/// then rendered.
fn index_key(key: u128, files: &[SourceFile], results: &[BuiltFile]) -> Option<String> {
    let mut hasher = Fingerprint::new();
    hasher.add(&key.to_le_bytes());
    let mut card = Vec::new();
    for (file, built) in files.iter().zip(results) {
        if built.fingerprint.is_none() || built.not_started || built.read_error.is_some() {
            return None;
        }
        hasher.add(relative_link(&file.relative).as_bytes());
        hasher.add(&(built.listed.len() as u64).to_le_bytes());
        for listed in &built.listed {
            card.clear();
            listed.card.key_bytes(&mut card);
            hasher.add(&card);
            hasher.add(listed.page.as_deref().unwrap_or("\0none").as_bytes());
            hasher.add(listed.json.as_deref().unwrap_or("\0none").as_bytes());
        }
    }
    Some(format!("{:032x}", hasher.finish()))
}

/// An output path relative to the output directory as a `/`-separated link.
fn relative_link(name: &Path) -> String {
    name.components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_claims_only_the_names_it_can_write_itself() {
        let own = |name: &str, html: bool| own_file(Path::new(name), html);
        for name in [
            ".jixiao-manifest",
            ".jixiao-build-cache",
            ".jixiao-build.lock",
        ] {
            assert!(own(name, false) && own(name, true), "{name}");
            assert!(!own(&format!("sub/{name}"), true), "sub/{name}");
        }
        for name in [
            "style.css",
            "index.html",
            "index.json",
            "index.p2.html",
            "index.p117.html",
        ] {
            assert!(own(name, true) && !own(name, false), "{name}");
            assert!(!own(&format!("sub/{name}"), true), "sub/{name}");
        }
        // Inside a reserved name (it would have to be a folder).
        assert!(own("style.css/x.html", true));
        // The writer's temporary files, beside each output, in any folder.
        assert!(own(".jixiao-123-4.tmp", false) && own("a/b/.jixiao-123-4.tmp", false));
        for name in [
            "index.p.html",
            "index.p2x.html",
            "index.p2.json",
            "styles.css",
            "a.tmp",
        ] {
            assert!(!own(name, true), "{name}");
        }
    }

    #[test]
    fn outputs_of_a_file_of_several_forms_are_named_after_each_form() {
        let relative = Path::new("county/两张表.jx");
        let one = FormParts::of(&["区人大常委会办公室"]);
        assert_eq!(
            output_name(relative, 0, &one, "html"),
            PathBuf::from("county/两张表.html")
        );
        let two = FormParts::of(&["区人大常委会办公室", "人代会/常委会: 经费"]);
        assert_eq!(
            output_name(relative, 0, &two, "json"),
            PathBuf::from("county/两张表.区人大常委会办公室.json")
        );
        assert_eq!(
            output_name(relative, 1, &two, "html"),
            PathBuf::from("county/两张表.人代会_常委会__经费.html")
        );
        // The same name twice, or a name with nothing left: the position.
        let same = FormParts::of(&["甲", "甲", "..."]);
        assert_eq!(
            output_name(relative, 1, &same, "html"),
            PathBuf::from("county/两张表.2.html")
        );
        assert_eq!(
            output_name(relative, 2, &same, "html"),
            PathBuf::from("county/两张表.3.html")
        );
        let long = "长".repeat(200);
        let name = output_name(
            Path::new("a.jx"),
            0,
            &FormParts::of(&[long.as_str(), "乙"]),
            "json",
        );
        assert!(name.as_os_str().len() < 200, "{}", name.display());
    }

    #[test]
    fn a_kept_evaluation_is_handed_to_every_later_year_then_released() {
        let form = |year, source: &str| YearForm {
            year,
            page: String::new(),
            source: PathBuf::from(source),
            label: source.to_string(),
            index: 0,
            hash: None,
        };
        let mut years = Years::new();
        // 2021 ← 2022 ← two forms of 2023: b.jx is wanted twice, a.jx once, c and d never.
        years.insert(
            (FormKind::Project, "甲".to_string()),
            vec![
                form(2021, "a.jx"),
                form(2022, "b.jx"),
                form(2023, "c.jx"),
                form(2023, "d.jx"),
            ],
        );
        let reuse = Reuse::new(&years);
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/renda-2021/department.jx"),
        )
        .unwrap_or_default();
        let compiled = jixiao::compile(&text, None, &Options::default());
        let Some(evaluation) = compiled.forms.first().map(|form| &form.evaluation) else {
            panic!("the example compiles to a form");
        };
        // Not wanted by any later year: not kept.
        reuse.offer(Path::new("c.jx"), 0, evaluation);
        assert!(reuse.take(&form(2023, "c.jx")).is_none());
        // a.jx is taken (by b.jx's form) before it is compiled: that diff page compiles it, and
        // nothing is kept for it afterwards.
        assert!(reuse.take(&form(2021, "a.jx")).is_none());
        reuse.offer(Path::new("a.jx"), 0, evaluation);
        // b.jx: kept for both 2023 forms, released by the second.
        reuse.offer(Path::new("b.jx"), 0, evaluation);
        let first = reuse.take(&form(2022, "b.jx"));
        assert_eq!(first.as_deref(), Some(evaluation));
        assert!(reuse.take(&form(2022, "b.jx")).is_some());
        assert!(reuse.take(&form(2022, "b.jx")).is_none());
        assert!(reuse
            .0
            .lock()
            .is_ok_and(|reused| reused.kept.is_empty() && reused.remaining.is_empty()));
    }
}
