//! The compiled-in schema is reproducible: `src/schema/generate.py`, run on the shared
//! reference folder, prints exactly the committed `src/schema/loft-schema.json`.

use std::process::Command;

use super::schema_server::reference_dir;

#[test]
fn schema_generated_matches_the_committed_file() {
    let root = env!("CARGO_MANIFEST_DIR");
    let reference = reference_dir();
    let out = match Command::new("python3")
        .arg(format!("{root}/src/schema/generate.py"))
        .arg(&reference)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("skipped: python3 is not available ({e})");
            return;
        }
    };
    assert!(
        out.status.success(),
        "generate.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed = std::fs::read(format!("{root}/src/schema/loft-schema.json")).unwrap();
    assert!(
        out.stdout == committed,
        "src/schema/loft-schema.json is stale: run `python3 src/schema/generate.py {} > src/schema/loft-schema.json`",
        reference.display()
    );
}
