//! Build script: embeds the version and git revision, and the list of SQL migrations, so that
//! a new file in `migrations/` is picked up without touching Rust code.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

fn main() {
    embed_git_revision();
    embed_migrations();
}

fn embed_git_revision() {
    let revision = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=STDPLUS_GIT_REVISION={revision}");
    // Re-run when HEAD moves; a missing .git (a source tarball) is fine.
    for path in [".git/HEAD", ".git/refs/heads"] {
        if Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}

fn embed_migrations() {
    println!("cargo:rerun-if-changed=migrations");
    // Read at run time: a build script binary can be reused for another checkout of the same
    // crate (a shared target dir), and `env!` would point it at that checkout's migrations.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("migrations");
    let mut files: Vec<(u32, String)> = std::fs::read_dir(&dir)
        .expect("migrations/ must exist")
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let number = name.strip_suffix(".sql")?.split('_').next()?.parse().ok()?;
            Some((number, name))
        })
        .collect();
    files.sort();
    for (index, (number, name)) in files.iter().enumerate() {
        assert_eq!(
            *number as usize,
            index + 1,
            "migrations must be numbered 0001, 0002, … without gaps: {name}"
        );
    }
    let mut code = String::from("pub const MIGRATIONS: &[(u32, &str, &str)] = &[\n");
    for (number, name) in &files {
        let path = dir.join(name);
        writeln!(
            code,
            "    ({number}, {name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("migrations.rs");
    std::fs::write(out, code).expect("write migrations.rs");
}
