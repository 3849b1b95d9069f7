//! Writing outputs: atomic replacement of one file, and the interrupt flag of long runs.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Writes `contents` to `path` atomically: a temporary file in the same directory, then rename.
///
/// An existing file keeps what the user gave it: a symlink is followed (the file it points to
/// is replaced, the link stays a link), the permissions are carried over, and a read-only file
/// is refused with `PermissionDenied` rather than silently replaced.
pub(crate) fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let existing = std::fs::metadata(path).ok();
    if existing
        .as_ref()
        .is_some_and(|metadata| metadata.permissions().readonly())
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only (只读文件，未改写)",
        ));
    }
    let resolved = if existing.is_some() {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let path = resolved.as_path();
    let directory = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(directory)?;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The process id and a counter: two writers in this process (parallel builds) never share
    // a temporary file, even for the same target.
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let serial = NEXT.fetch_add(1, Ordering::Relaxed);
    let temporary = directory.join(format!(".{file_name}.{}.{serial}.tmp", std::process::id()));
    let result = std::fs::write(&temporary, contents)
        .and_then(|()| match &existing {
            Some(metadata) => std::fs::set_permissions(&temporary, metadata.permissions()),
            None => Ok(()),
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// Set by the SIGINT handler: stop scheduling files, finish the writes under way (each is a
/// temporary file and a rename, so none is left half done) and exit 130.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether SIGINT arrived since [`catch_interrupts`].
pub(crate) fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Installs the SIGINT (Ctrl-C) handler once per process. Failure (a handler already set by an
/// embedding program) only means an interrupt kills the process the default way.
pub(crate) fn catch_interrupts() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            INTERRUPTED.store(true, Ordering::SeqCst);
        });
    });
}
