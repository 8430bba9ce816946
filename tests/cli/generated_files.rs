//! The committed `completions/` and `man/` must match what the clap definition generates.
//! Regenerate with: UPDATE_GENERATED=1 cargo test --test cli generated_files

use std::path::Path;

const REGENERATE: &str = "UPDATE_GENERATED=1 cargo test --test cli generated_files";

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = loftctl::generate::files();
    let update = std::env::var_os("UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    for (rel, content) in &files {
        let path = root.join(rel);
        if std::fs::read(&path).ok().as_deref() != Some(content.as_slice()) {
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, content).unwrap();
            } else {
                stale.push(rel.clone());
            }
        }
    }
    // Pages of commands that no longer exist are stale too.
    for dir in ["completions", "man"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let rel = format!("{dir}/{}", entry.file_name().to_string_lossy());
            if !files.iter().any(|(f, _)| *f == rel) {
                if update {
                    std::fs::remove_file(entry.path()).unwrap();
                } else {
                    stale.push(format!("{rel} (no longer generated)"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are stale: {stale:?}\nregenerate them with: {REGENERATE}"
    );
}

#[test]
fn every_command_has_a_man_page_and_examples() {
    let files = loftctl::generate::files();
    let pages: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.starts_with("man/"))
        .collect();
    assert!(pages.iter().any(|(p, _)| p == "man/loftctl.1"));
    assert!(pages.iter().any(|(p, _)| p == "man/loftctl-login.1"));
    for (path, content) in pages {
        let text = String::from_utf8_lossy(content);
        assert!(
            text.contains("Examples:"),
            "{path} has no Examples: section"
        );
    }
}
