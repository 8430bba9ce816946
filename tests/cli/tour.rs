//! The README's first set-up command, `loftctl dev-server -- bash tests/tour.sh`, must
//! keep working: run it and check what each step shows.

use crate::common;

use common::{loftctl_cmd, run};

#[test]
fn the_readme_tour_runs_against_the_embedded_dev_server() {
    let home = tempfile::tempdir().unwrap();
    let tour = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tour.sh");
    let out = run(loftctl_cmd(home.path()).args([
        "dev-server",
        "-q",
        "--listen",
        "127.0.0.1:0",
        "--",
        "bash",
        tour,
    ]));
    assert_eq!(out.code, 0, "{out}");
    // whoami
    assert!(out.stdout.contains("user admin"), "{out}");
    // create from flags and from the manifest
    for line in [
        "user.management.loft.sh/alice created",
        "user.management.loft.sh/bob created",
        "user.management.loft.sh/carol created",
    ] {
        assert!(out.stdout.contains(line), "missing {line:?}: {out}");
    }
    // the typo, with its position and suggestion, and exit 3
    assert!(
        out.stdout
            .contains("typo.yaml:6:3: error: spec.emial: unknown field")
            || out
                .stderr
                .contains("typo.yaml:6:3: error: spec.emial: unknown field"),
        "{out}"
    );
    assert!(out.stderr.contains("exit code: 3"), "{out}");
    // list, name, jsonpath
    assert!(out.stdout.contains("NAME"), "{out}");
    assert!(
        out.stdout.contains("user.management.loft.sh/bob\n"),
        "{out}"
    );
    assert!(out.stdout.contains("carol\tcarol@example.com\n"), "{out}");
    // the edit landed
    assert!(
        out.stdout.contains("alice@wonderland.example.com\n"),
        "{out}"
    );
    // the token decodes, with its scope
    assert!(out.stdout.contains("p1"), "{out}");
    assert!(out.stdout.contains("signature NOT verified"), "{out}");
    // deleted, and the list holds only the user behind the admin key
    assert!(
        out.stdout.contains("user.management.loft.sh/carol deleted"),
        "{out}"
    );
    assert!(
        out.stdout.ends_with("user.management.loft.sh/admin\n"),
        "{out}"
    );
}
