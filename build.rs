//! Build script: embeds the version and git revision, the list of SQL migrations (so that a
//! new file in `migrations/` is picked up without touching Rust code), and builds the web app
//! in `web/` into `$OUT_DIR/web`, which `src/web.rs` embeds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    embed_git_revision();
    embed_migrations();
    build_web_app();
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

/// Runs `npm ci` (when `web/node_modules` is missing or older than the lock file) and the web
/// app's build into `$OUT_DIR/web`. `STDPLUS_WEB_DIST` names an already built copy instead, for
/// machines without Node (a cross build can reuse the host's build: the assets are the same).
fn build_web_app() {
    let manifest_dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let web = manifest_dir.join("web");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("web");
    // Only paths that exist: a missing one counts as changed on every build. (The app has no
    // Vite `public/` folder; add it here if it ever gets one.)
    for input in [
        "src",
        "scripts",
        "index.html",
        "package.json",
        "package-lock.json",
        "vite.config.ts",
        "tsconfig.json",
    ] {
        println!("cargo:rerun-if-changed=web/{input}");
    }
    println!("cargo:rerun-if-env-changed=STDPLUS_WEB_DIST");
    if let Ok(prebuilt) = std::env::var("STDPLUS_WEB_DIST") {
        copy_dir(Path::new(&prebuilt), &out);
        return;
    }
    let installed = web.join("node_modules/.package-lock.json");
    let lock = web.join("package-lock.json");
    if modified(&installed) < modified(&lock) {
        run_npm(&web, &["ci", "--no-audit", "--no-fund"], &out);
    }
    run_npm(&web, &["run", "build"], &out);
    let report = out.with_file_name("web-budget.txt");
    if let Ok(lines) = std::fs::read_to_string(&report) {
        for line in lines.lines() {
            println!("cargo:warning={line}");
        }
    }
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn run_npm(web: &Path, args: &[&str], out: &Path) {
    let result = Command::new("npm")
        .args(args)
        .current_dir(web)
        .env("STDPLUS_WEB_OUT", out)
        .env("STDPLUS_WEB_REPORT", out.with_file_name("web-budget.txt"))
        .output();
    match result {
        Ok(output) if output.status.success() => {}
        Ok(output) => panic!(
            "`npm {}` in web/ failed:\n{}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) => panic!(
            "the web app needs Node 20 and npm to build ({error}); or set STDPLUS_WEB_DIST to a built copy"
        ),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the web output dir");
    for entry in std::fs::read_dir(from).expect("STDPLUS_WEB_DIST must be a directory") {
        let entry = entry.expect("read STDPLUS_WEB_DIST");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy a web asset");
        }
    }
}
