//! Build script: gives the jixiao being compiled an identity, `JIXIAO_BUILD_ID`, a 128-bit hash
//! (hex) of everything its outputs are made by: the package's sources and built-in templates
//! (`src/`, without `src/bin/`, the benchmark corpus generator), the grammar, `Cargo.toml`,
//! `Cargo.lock` (the exact versions of Tera, serde_json, …), the compiler's version, the
//! profile and the target.
//!
//! `jixiao build` records it in the output directory (`.jixiao-manifest`'s key and
//! `.jixiao-build-cache`), so that a build by another jixiao renders everything again and never
//! trusts a cache it did not write (issue 19). It replaces hashing the running binary on every
//! build (14–78 MB read and hashed per run, 199 M instructions with debug info): the identity is
//! now computed once, when the code or a template changes, instead of on every run.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    for folder in ["src", "grammar"] {
        println!("cargo:rerun-if-changed={folder}");
        collect(&root, &root.join(folder), &mut files);
    }
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={file}");
        files.push(root.join(file));
    }
    files.sort();
    // SipHash-1-3 with fixed keys, every field length-prefixed (as `cli::build`'s fingerprints).
    let mut hasher =
        siphasher::sip128::SipHasher13::new_with_keys(0x6a69_7869_616f_6964, 0x6275_696c_645f_6964);
    let mut add = |bytes: &[u8]| {
        hasher.write(&(bytes.len() as u64).to_le_bytes());
        hasher.write(bytes);
    };
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        add(relative.to_string_lossy().as_bytes());
        // A file that cannot be read (Cargo.lock of a package built as a dependency) counts as
        // absent: its name alone, then a marker.
        match std::fs::read(file) {
            Ok(bytes) => add(&bytes),
            Err(_) => add(b"\0absent"),
        }
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = std::process::Command::new(rustc)
        .arg("-vV")
        .output()
        .map(|output| output.stdout)
        .unwrap_or_default();
    add(&version);
    for variable in ["PROFILE", "TARGET", "CARGO_PKG_VERSION"] {
        add(std::env::var(variable).unwrap_or_default().as_bytes());
    }
    use siphasher::sip128::Hasher128;
    let id = hasher.finish128().as_u128();
    println!("cargo:rustc-env=JIXIAO_BUILD_ID={id:032x}");
}

/// Every file below `folder` (recursively), except the corpus generator's `src/bin/`.
fn collect(root: &Path, folder: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path
            .strip_prefix(root)
            .is_ok_and(|relative| relative == Path::new("src/bin"))
        {
            continue;
        }
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => collect(root, &path, files),
            Ok(_) => files.push(path),
            Err(_) => {}
        }
    }
}
