//! Writing outputs: every write and delete of `build` and `import` stays inside its output
//! directory, `fmt` rewrites a source in place, and interrupted runs leave no temporary files.
//!
//! The rules (issue 20, "files outside the output directory"):
//! - a symlink planted in the output directory is never followed: a symlinked file is replaced by
//!   a regular file (the file it pointed to is untouched), a symlinked directory is refused;
//! - a source file is never an output (`build SRC -o SRC --template report.jx`);
//! - two runs never write one directory at once (a lock file);
//! - temporary files have short names (a 250-byte source name still builds), are removed on
//!   SIGINT/SIGTERM, and those of a dead run are removed by the next one.

use std::collections::HashSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// An output directory that writes and deletes only below itself.
pub(crate) struct OutputDirectory {
    /// The directory as given.
    root: PathBuf,
    /// The sources of the run, never to be written or deleted.
    sources: Vec<PathBuf>,
    /// The files of `sources` (device and inode, a symlinked source's target), found the first
    /// time a file already in the directory is about to be replaced or removed: a file there
    /// is a source when it is the same file, whatever path leads to it (a hard link too). A
    /// rebuild that writes nothing never looks (it was a `realpath` of every source, five
    /// failing `readlink` each, and one more per output replaced).
    protected: std::sync::OnceLock<HashSet<(u64, u64)>>,
    /// The manifest's text as [`Self::read_manifest`] read it: an unchanged one is not written.
    manifest_text: std::sync::Mutex<Option<String>>,
    /// Directories below `root` this run has already found to be real directories (or made):
    /// each write then costs no `lstat` per folder of its path (20,000 outputs in 100 folders).
    /// `true` for a directory this run made: nothing was in it, so a file written there needs
    /// no `lstat` of its target either (a clean build's one failing `statx` per output).
    known: std::sync::Mutex<std::collections::HashMap<PathBuf, bool>>,
}

/// Why a write or a delete inside the output directory was refused or failed.
#[derive(Debug)]
pub(crate) enum OutputError {
    /// A directory on the way is a symlink (it could lead outside the output directory).
    SymlinkedDirectory(PathBuf),
    /// The target is one of the run's source files.
    Source(PathBuf),
    /// The name climbs out of the directory (`..`, an absolute path).
    Outside(PathBuf),
    /// The file system said no.
    Io(std::io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let zh = super::exit::run_lang() == jixiao::Lang::Zh;
        match self {
            OutputError::SymlinkedDirectory(path) if zh => write!(
                formatter,
                "{} 是指向别处的符号链接，不在输出目录里写入",
                path.display()
            ),
            OutputError::SymlinkedDirectory(path) => write!(
                formatter,
                "{} is a symlinked directory inside the output directory: not followed",
                path.display()
            ),
            OutputError::Source(path) if zh => write!(
                formatter,
                "{} 是源文件，不会被输出覆盖或删除；请换一个输出目录",
                path.display()
            ),
            OutputError::Source(path) => write!(
                formatter,
                "{} is a source file, never overwritten or removed by an output; choose another output directory",
                path.display()
            ),
            OutputError::Outside(path) if zh => {
                write!(formatter, "{} 不在输出目录里", path.display())
            }
            OutputError::Outside(path) => {
                write!(formatter, "{} is outside the output directory", path.display())
            }
            OutputError::Io(error) => formatter.write_str(&super::exit::io_error(error)),
        }
    }
}

impl From<std::io::Error> for OutputError {
    fn from(error: std::io::Error) -> Self {
        OutputError::Io(error)
    }
}

impl OutputDirectory {
    /// Creates `root` if missing; `sources` are the run's input files, never to be touched.
    ///
    /// Errors: the directory cannot be created, or `root` itself is not a directory.
    pub(crate) fn create(root: &Path, sources: &[PathBuf]) -> std::io::Result<OutputDirectory> {
        std::fs::create_dir_all(root)?;
        Ok(OutputDirectory {
            root: root.to_path_buf(),
            sources: sources.to_vec(),
            protected: std::sync::OnceLock::new(),
            manifest_text: std::sync::Mutex::new(None),
            known: std::sync::Mutex::new(std::collections::HashMap::new()),
        })
    }

    /// Whether the file whose `lstat` is `metadata` is one of the run's sources.
    fn is_source(&self, metadata: &std::fs::Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        if metadata.file_type().is_symlink() {
            // A symlink is replaced or removed itself, never followed.
            return false;
        }
        self.protected
            .get_or_init(|| {
                self.sources
                    .iter()
                    .filter_map(|source| std::fs::metadata(source).ok())
                    .map(|source| (source.dev(), source.ino()))
                    .collect()
            })
            .contains(&(metadata.dev(), metadata.ino()))
    }

    /// The path of `relative` inside the directory (for messages and links).
    pub(crate) fn path(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }

    /// Walks the folders of `parent` (relative, `..` already ruled out) from the directory's root:
    /// a symlinked one is refused (it could lead outside); a missing one is created when `create`
    /// (another thread of the same build may create it at the same moment, `--jobs 2`: no failure
    /// as long as a real directory is there then), else the walk stops with `false`.
    ///
    /// `made` is set when this call created `parent` itself (not when another thread did).
    fn folders(&self, parent: &Path, create: bool, made: &mut bool) -> Result<bool, OutputError> {
        let mut directory = self.root.clone();
        *made = false;
        for component in parent.components() {
            *made = false;
            directory.push(component);
            match std::fs::symlink_metadata(&directory) {
                Ok(metadata) if metadata.file_type().is_symlink() => {
                    return Err(OutputError::SymlinkedDirectory(directory));
                }
                Ok(metadata) if metadata.is_dir() => {}
                Ok(_) if !create => return Ok(false),
                Ok(_) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    if !create {
                        return Ok(false);
                    }
                    match std::fs::create_dir(&directory) {
                        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                            let metadata = std::fs::symlink_metadata(&directory)?;
                            if !metadata.is_dir() {
                                return Err(OutputError::SymlinkedDirectory(directory));
                            }
                        }
                        result => {
                            result?;
                            *made = true;
                        }
                    }
                }
                Err(error) => return Err(error.into()),
            }
        }
        Ok(true)
    }

    /// Checks `relative` and creates its parent directories: no `..`, no symlinked directory on
    /// the way, not a source. Returns the full path and what is there now (`lstat`), if anything.
    fn place(&self, relative: &Path) -> Result<(PathBuf, Option<std::fs::Metadata>), OutputError> {
        if relative
            .components()
            .any(|component| !matches!(component, Component::Normal(_)))
        {
            return Err(OutputError::Outside(self.path(relative)));
        }
        let parent = relative
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty());
        let mut made = false;
        if let Some(parent) = parent {
            let recorded = self
                .known
                .lock()
                .ok()
                .and_then(|known| known.get(parent).copied());
            match recorded {
                Some(recorded) => made = recorded,
                None => {
                    self.folders(parent, true, &mut made)?;
                    if let Ok(mut known) = self.known.lock() {
                        made = *known.entry(parent.to_path_buf()).or_insert(made);
                    }
                }
            }
        }
        let target = self.path(relative);
        // In a folder this run made, nothing is there but what it wrote.
        let present = if made {
            None
        } else {
            std::fs::symlink_metadata(&target).ok()
        };
        // A symlink at the target itself is replaced, not followed. Nothing there (a clean
        // build) cannot be a source.
        if present
            .as_ref()
            .is_some_and(|metadata| self.is_source(metadata))
        {
            return Err(OutputError::Source(target));
        }
        Ok((target, present))
    }

    /// Writes `contents` to `relative` atomically (a temporary file beside it, then rename). A
    /// symlink at the target is replaced by a regular file; a read-only file is refused.
    pub(crate) fn write(&self, relative: &Path, contents: &[u8]) -> Result<(), OutputError> {
        let (target, present) = self.place(relative)?;
        if let Some(metadata) = &present {
            if metadata.is_file() && metadata.permissions().readonly() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    if super::exit::run_lang() == jixiao::Lang::Zh {
                        "只读文件，未改写"
                    } else {
                        "the file is read-only; not rewritten"
                    },
                )
                .into());
            }
        }
        if present.is_some_and(|metadata| holds(&target, &metadata, contents)) {
            // The same bytes are there already: no write, so the file keeps its time stamp and
            // an unchanged output costs a read, not a rename (incremental builds).
            return Ok(());
        }
        replace(&target, contents).map_err(OutputError::Io)
    }

    /// Deletes `relative` if it exists (a stale output); a symlink is removed, never followed.
    ///
    /// Removing creates nothing (no parent folder of a name that is not there), and never
    /// follows a name with `..`, a symlinked folder on the way, or onto a source. A folder the
    /// removal leaves empty is removed too, up to the output directory (the outputs of a renamed
    /// source folder leave no empty folder behind).
    pub(crate) fn remove(&self, relative: &Path) -> Result<(), OutputError> {
        if relative
            .components()
            .any(|component| !matches!(component, Component::Normal(_)))
        {
            return Err(OutputError::Outside(self.path(relative)));
        }
        if let Some(parent) = relative.parent() {
            if !self.folders(parent, false, &mut false)? {
                // A folder on the way is missing (or no folder): nothing to remove.
                return Ok(());
            }
        }
        let target = self.path(relative);
        let Ok(present) = std::fs::symlink_metadata(&target) else {
            return Ok(());
        };
        if present.is_dir() {
            return Ok(());
        }
        if self.is_source(&present) {
            return Err(OutputError::Source(target));
        }
        match std::fs::remove_file(&target) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error.into()),
            _ => {}
        }
        // The folders the file leaves empty, innermost first; `remove_dir` refuses a folder
        // that still holds anything, so nothing else can go.
        let mut folder = relative.parent();
        while let Some(parent) = folder.filter(|parent| !parent.as_os_str().is_empty()) {
            if std::fs::remove_dir(self.path(parent)).is_err() {
                break;
            }
            if let Ok(mut known) = self.known.lock() {
                known.remove(parent);
            }
            folder = parent.parent();
        }
        Ok(())
    }

    /// The manifest the previous build left (empty when there is none or it cannot be read).
    ///
    /// Only a regular file is read: a symlink or a folder at its name is no manifest of ours
    /// (`ln -s /etc/passwd out/.jixiao-manifest` must not name outputs).
    pub(crate) fn read_manifest(&self) -> Manifest {
        let path = self.root.join(MANIFEST);
        if !std::fs::symlink_metadata(&path).is_ok_and(|metadata| metadata.is_file()) {
            return Manifest::default();
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let manifest = Manifest::parse(&text);
        if let Ok(mut read) = self.manifest_text.lock() {
            *read = Some(text);
        }
        manifest
    }

    /// Whether every output in `names` is a regular file in the directory (an unchanged source
    /// is only skipped when its outputs are all still there).
    pub(crate) fn all_present(&self, names: &[PathBuf]) -> bool {
        names.iter().all(|name| {
            std::fs::symlink_metadata(self.path(name)).is_ok_and(|metadata| metadata.is_file())
        })
    }

    /// Records `current` as this build's manifest and removes the outputs the `previous` one
    /// recorded that this one did not write: the outputs of forms whose source is gone. Nothing
    /// else is ever removed. Returns the failures, as messages.
    pub(crate) fn replace_manifest(&self, previous: &Manifest, current: &Manifest) -> Vec<String> {
        let mut failures = Vec::new();
        // By the names' bytes (hashing a `Path` walks its components).
        let now: HashSet<&std::ffi::OsStr> = current.outputs().map(Path::as_os_str).collect();
        for old in previous.outputs() {
            if !now.contains(old.as_os_str()) {
                match self.remove(old) {
                    // A source at a recorded name (hard-linked there since) is not ours: it
                    // stays, and is no failure (a clean build would not try to remove it).
                    Ok(()) | Err(OutputError::Source(_)) => {}
                    Err(error) => failures.push(format!("{}: {error}", self.path(old).display())),
                }
            }
        }
        let text = current.text();
        // The bytes [`Self::read_manifest`] read: nothing to write (and no file to look at).
        let unchanged = self
            .manifest_text
            .lock()
            .is_ok_and(|read| read.as_deref() == Some(text.as_str()));
        if unchanged {
            return failures;
        }
        if let Err(error) = self.write(Path::new(MANIFEST), text.as_bytes()) {
            failures.push(format!(
                "{}: {error}",
                self.path(Path::new(MANIFEST)).display()
            ));
        }
        failures
    }

    /// Removes the temporary files that a run killed before it could clean up left in the
    /// directory (`.jixiao-PID-N.tmp` whose process is gone). Best effort.
    pub(crate) fn remove_stale_temporaries(&self) {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = temporary_owner(&name) {
                if !process_alive(pid) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }

    /// Takes the directory's lock for this run: `Err` when another live run holds it. The lock
    /// of a run that died is taken over.
    pub(crate) fn lock(&self) -> Result<DirectoryLock, String> {
        let path = self.root.join(LOCK_FILE);
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    let _ = writeln!(file, "{}", std::process::id());
                    register_lock(&path);
                    return Ok(DirectoryLock { path });
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    let owner = std::fs::read_to_string(&path)
                        .ok()
                        .and_then(|text| text.trim().parse::<u32>().ok());
                    match owner {
                        Some(pid) if process_alive(pid) => {
                            return Err(format!(
                                "另一个 jixiao（进程 {pid}）正在写入输出目录 {}；请等它结束 (another run is writing this directory)",
                                self.root.display()
                            ));
                        }
                        _ => {
                            let _ = std::fs::remove_file(&path);
                        }
                    }
                }
                Err(error) => return Err(format!("{}: {error}", path.display())),
            }
        }
        Err(format!("{}: 无法取得目录锁", path.display()))
    }
}

/// The lock file of an output directory: removed when the run ends (or is interrupted).
pub(crate) struct DirectoryLock {
    path: PathBuf,
}

impl Drop for DirectoryLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        unregister_lock(&self.path);
    }
}

/// The record of the last build: what it wrote, and for each source the fingerprint of what
/// its outputs were made from ([`Manifest`]).
pub(crate) const MANIFEST: &str = ".jixiao-manifest";

/// The first line of a manifest in the format of [`Manifest::text`]; a manifest without it is
/// the first format (one output path a line, no fingerprints).
const MANIFEST_HEADER: &str = "# jixiao-manifest/2";

/// What a build wrote, for the next one: the outputs of each source with the fingerprint of
/// everything they were made from (the source's bytes and name, the options and profile, the
/// templates, the jixiao build identity, the previous year's source; `cli/build.rs` computes it), and the
/// outputs of no single source (the index pages). The next build re-renders a source only when
/// its fingerprint differs, and removes what it no longer writes.
///
/// On disk, one entry a line: `s FINGERPRINT PATH` starts a source, `i KEY` the index pages,
/// `o PATH` is an output (of the source or index above it, or of none before the first `s` or
/// `i`). Paths are relative to the output directory (outputs) or as the build named them
/// (sources).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Manifest {
    /// The outputs of no single source.
    pub(crate) loose: Vec<PathBuf>,
    /// Per source: its fingerprint and its outputs.
    pub(crate) sources: std::collections::BTreeMap<String, (String, Vec<PathBuf>)>,
    /// The index pages and `index.json`, with the key of everything they were made from
    /// (`build`'s index key): a rebuild whose key is the same, with the files all present,
    /// does not render them again.
    pub(crate) index: Option<(String, Vec<PathBuf>)>,
}

/// Which entry of a manifest the `o` lines being read belong to.
enum Owner {
    /// No source or index yet: a loose output.
    Loose,
    /// The source of that name.
    Source(String),
    /// The index pages.
    Index,
}

impl Manifest {
    /// Reads a manifest's text; the first format gives loose outputs only (nothing is skipped).
    pub(crate) fn parse(text: &str) -> Manifest {
        let mut manifest = Manifest::default();
        let mut lines = text.lines().filter(|line| !line.is_empty()).peekable();
        if lines.peek() != Some(&MANIFEST_HEADER) {
            // The first format (a list of names, no header): only the names such a build wrote,
            // pages, records and the stylesheet, so that a file of other text at this name (a
            // note, a foreign list) can never have the user's own files removed.
            manifest.loose = lines
                .map(PathBuf::from)
                .filter(|name| {
                    name.extension().is_some_and(|extension| {
                        matches!(extension.to_str(), Some("html" | "json" | "css"))
                    })
                })
                .collect();
            return manifest;
        }
        let mut current = Owner::Loose;
        for line in lines.skip(1) {
            if let Some(rest) = line.strip_prefix("s ") {
                let (fingerprint, source) = rest.split_once(' ').unwrap_or((rest, ""));
                manifest
                    .sources
                    .insert(source.to_string(), (fingerprint.to_string(), Vec::new()));
                current = Owner::Source(source.to_string());
            } else if let Some(key) = line.strip_prefix("i ") {
                manifest.index = Some((key.to_string(), Vec::new()));
                current = Owner::Index;
            } else if let Some(output) = line.strip_prefix("o ") {
                let output = PathBuf::from(output);
                let owner = match &current {
                    Owner::Loose => None,
                    Owner::Source(source) => {
                        manifest.sources.get_mut(source).map(|(_, outputs)| outputs)
                    }
                    Owner::Index => manifest.index.as_mut().map(|(_, outputs)| outputs),
                };
                match owner {
                    Some(outputs) => outputs.push(output),
                    None => manifest.loose.push(output),
                }
            }
        }
        manifest
    }

    /// The manifest's text: sorted, so the same build always writes the same bytes.
    pub(crate) fn text(&self) -> String {
        fn sorted(paths: &[PathBuf]) -> Vec<String> {
            let mut names: Vec<String> = paths
                .iter()
                .map(|path| path.to_string_lossy().into_owned())
                .collect();
            names.sort();
            names.dedup();
            names
        }
        let mut text = format!("{MANIFEST_HEADER}\n");
        for name in sorted(&self.loose) {
            text.push_str(&format!("o {name}\n"));
        }
        if let Some((key, outputs)) = &self.index {
            text.push_str(&format!("i {key}\n"));
            for name in sorted(outputs) {
                text.push_str(&format!("o {name}\n"));
            }
        }
        for (source, (fingerprint, outputs)) in &self.sources {
            text.push_str(&format!("s {fingerprint} {source}\n"));
            for name in sorted(outputs) {
                text.push_str(&format!("o {name}\n"));
            }
        }
        text
    }

    /// Every output recorded.
    pub(crate) fn outputs(&self) -> impl Iterator<Item = &Path> {
        self.loose
            .iter()
            .chain(self.index.iter().flat_map(|(_, outputs)| outputs))
            .chain(self.sources.values().flat_map(|(_, outputs)| outputs))
            .map(PathBuf::as_path)
    }
}

/// Whether the regular file `path` (whose `lstat` is `metadata`) holds exactly `contents` (a
/// symlink never does: it is replaced). The length is compared first, so a changed output is rarely read.
fn holds(path: &Path, metadata: &std::fs::Metadata, contents: &[u8]) -> bool {
    metadata.is_file()
        && metadata.len() == contents.len() as u64
        && std::fs::read(path).is_ok_and(|bytes| bytes == contents)
}

/// The name of the lock file in an output directory.
pub(crate) const LOCK_FILE: &str = ".jixiao-build.lock";

/// Replaces `path` by a file holding `contents`: a temporary file in the same directory, then
/// a rename (which replaces a symlink itself, not what it points to).
fn replace(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let directory = path.parent().unwrap_or(Path::new("."));
    let temporary = directory.join(temporary_name());
    register_temporary(&temporary);
    let result =
        std::fs::write(&temporary, contents).and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    unregister_temporary(&temporary);
    result
}

/// `.jixiao-PID-N.tmp`: short whatever the target's name (a 250-byte name still has room), and
/// unique per process and write.
fn temporary_name() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    // The process id once per run, not a `getpid` per output.
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let serial = NEXT.fetch_add(1, Ordering::Relaxed);
    format!(".jixiao-{}-{serial}.tmp", PID.get_or_init(std::process::id))
}

/// The process id in a temporary file's name, if it is one of ours.
pub(crate) fn temporary_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".jixiao-")?.strip_suffix(".tmp")?;
    rest.split('-').next()?.parse().ok()
}

/// Whether process `pid` is alive (Linux: `/proc/PID` exists). Elsewhere every process counts
/// as alive, so nothing of a live run is ever removed.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Rewrites a source file in place with `formatted` (jixiao fmt): the file keeps its inode,
/// owner, mode and hard links, and a symlink keeps pointing where it did. `original` is the text
/// the formatting was computed from: when the file no longer holds it (another process wrote
/// to it meanwhile), nothing is written and the error says so.
pub(crate) fn rewrite_in_place(
    path: &Path,
    original: &str,
    formatted: &str,
) -> std::io::Result<()> {
    // A read-only file says "do not change me", even to root (who could open it for writing).
    if std::fs::metadata(path)?.permissions().readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            if super::exit::run_lang() == jixiao::Lang::Zh {
                "只读文件，未改写"
            } else {
                "the file is read-only; not rewritten"
            },
        ));
    }
    // Compared as text: a GBK or UTF-16 file is rewritten as UTF-8.
    let current = std::fs::read(path)?;
    if !matches!(jixiao::decode(&current), Some(decoded) if decoded.text == original) {
        return Err(std::io::Error::other(
            "文件在格式化期间被修改，未改写；请重新运行 (the file changed while it was formatted)",
        ));
    }
    let mut file = OpenOptions::new().write(true).truncate(true).open(path)?;
    file.write_all(formatted.as_bytes())?;
    file.sync_all()
}

/// Temporary files being written and lock files held, removed by the signal handler.
static CLEANUP: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn register_temporary(path: &Path) {
    if let Ok(mut paths) = CLEANUP.lock() {
        paths.push(path.to_path_buf());
    }
}

fn unregister_temporary(path: &Path) {
    if let Ok(mut paths) = CLEANUP.lock() {
        paths.retain(|known| known != path);
    }
}

fn register_lock(path: &Path) {
    register_temporary(path);
}

fn unregister_lock(path: &Path) {
    unregister_temporary(path);
}

/// Set by the SIGINT/SIGTERM handler: stop scheduling files, finish the writes under way (each
/// is a temporary file and a rename, so none is left half done) and exit 130.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether SIGINT or SIGTERM arrived since [`catch_interrupts`].
pub(crate) fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Installs the SIGINT/SIGTERM handler once per process. The first signal asks the run to stop
/// after the writes under way; a second one removes the temporary files and the lock and exits
/// at once (130). Failure to install (a handler already set by an embedding program) only
/// means a signal ends the process the default way; the next run removes what it left.
pub(crate) fn catch_interrupts() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                if let Ok(paths) = CLEANUP.lock() {
                    for path in paths.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                }
                std::process::exit(130);
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_writing_into_one_new_folder_do_not_fail_each_other() {
        let root = std::env::temp_dir().join(format!("jixiao-race-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let output = OutputDirectory::create(&root, &[]).unwrap();
        std::thread::scope(|scope| {
            for thread in 0..8 {
                let output = &output;
                scope.spawn(move || {
                    let name = PathBuf::from(format!("county/sub/{thread}.json"));
                    assert!(output.write(&name, b"{}").is_ok(), "thread {thread}");
                });
            }
        });
        assert_eq!(
            std::fs::read_dir(root.join("county/sub")).unwrap().count(),
            8
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_file_written_twice_into_a_folder_this_run_made_holds_the_second_bytes() {
        let root = std::env::temp_dir().join(format!("jixiao-fresh-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let output = OutputDirectory::create(&root, &[]).unwrap();
        let name = Path::new("made/x.json");
        assert!(output.write(name, b"first").is_ok());
        assert!(output.write(name, b"second").is_ok());
        assert_eq!(std::fs::read(root.join(name)).unwrap(), b"second");
        // A folder that was there before the run: its files are looked at (same bytes: kept).
        let again = OutputDirectory::create(&root, &[]).unwrap();
        let before = std::fs::metadata(root.join(name))
            .unwrap()
            .modified()
            .unwrap();
        assert!(again.write(name, b"second").is_ok());
        let after = std::fs::metadata(root.join(name))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_manifest_reads_back_its_sources_index_and_loose_outputs() {
        let mut manifest = Manifest::default();
        manifest.loose.push(PathBuf::from("style.css"));
        manifest.index = Some((
            "0123".to_string(),
            vec![PathBuf::from("index.json"), PathBuf::from("index.html")],
        ));
        manifest.sources.insert(
            "a/x.jx".to_string(),
            ("abcd".to_string(), vec![PathBuf::from("a/x.html")]),
        );
        let text = manifest.text();
        assert!(
            text.contains("\ni 0123\no index.html\no index.json\n"),
            "{text}"
        );
        let mut sorted = manifest.clone();
        if let Some((_, files)) = sorted.index.as_mut() {
            files.sort();
        }
        assert_eq!(Manifest::parse(&text), sorted);
        assert_eq!(Manifest::parse(&text).outputs().count(), 4);
    }

    #[test]
    fn temporary_names_are_short_and_recognised() {
        let name = temporary_name();
        assert!(name.len() < 40, "{name}");
        assert_eq!(temporary_owner(&name), Some(std::process::id()));
        assert_eq!(temporary_owner(".a.json.12.0.tmp"), None);
        assert_eq!(temporary_owner("report.tmp"), None);
    }
}
